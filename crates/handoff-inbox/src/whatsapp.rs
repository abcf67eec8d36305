//! WhatsApp's chat export (`.txt`): a header per message, as iOS writes it
//! (`[12/05/2026, 14:03:11] Name: text`) or Android (`12/05/2026, 14:03 -
//! Name: text`), in the phone's date order and 12- or 24-hour time; the
//! lines after a header continue its message. System lines (no sender) and
//! media placeholders are skipped, and the invisible direction marks
//! WhatsApp inserts are removed.

use std::sync::OnceLock;

use regex::Regex;

use crate::{Message, Problem};

/// A date in any order and separator, a time with optional seconds and
/// AM/PM (in the phone's own letters: `a.m.`, `p. m.`, with the narrow
/// no-break space iOS puts before them).
const DATE_TIME: &str = r"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4},?[ \u{a0}\u{202f}]+[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:[ \u{a0}\u{202f}]?[AaPp]\.?[ \u{a0}\u{202f}]?[Mm]\.?)?";

fn ios() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"^\[({DATE_TIME})\][ \u{{a0}}]+(.*)$")).expect("the pattern is valid")
    })
}

fn android() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(r"^({DATE_TIME})[ \u{{a0}}]+[-–][ \u{{a0}}]+(.*)$"))
            .expect("the pattern is valid")
    })
}

/// The marks WhatsApp puts around names and before system and media lines:
/// left-to-right and right-to-left marks, embeddings and isolates, and the
/// byte-order mark.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

pub(crate) fn without_marks(text: &str) -> String {
    text.chars().filter(|&c| !is_mark(c)).collect()
}

/// A header line: whether it came from iOS, and the rest after the time.
pub(crate) fn header(line: &str) -> Option<(bool, &str)> {
    let line = line.trim_start_matches(is_mark);
    if let Some(c) = ios().captures(line) {
        return Some((true, c.get(2).map_or("", |m| m.as_str())));
    }
    android()
        .captures(line)
        .map(|c| (false, c.get(2).map_or("", |m| m.as_str())))
}

/// What a chat line holds in place of a message: media, deleted messages,
/// a location, a contact card.
fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    (t.starts_with('<') && t.ends_with('>'))
        || [
            "this message was deleted",
            "you deleted this message",
            "image omitted",
            "video omitted",
            "audio omitted",
            "sticker omitted",
            "gif omitted",
            "document omitted",
            "contact card omitted",
            "null",
        ]
        .contains(&t.to_lowercase().as_str())
        || t.starts_with("location: https://")
}

pub(crate) fn read(text: &str) -> (Vec<Message>, Vec<Problem>) {
    let mut messages: Vec<Message> = Vec::new();
    let mut warnings = Vec::new();
    // Lines before the first header belong to no message.
    let mut current: Option<Message> = None;
    let mut orphans = 0;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        match header(raw) {
            Some((from_ios, rest)) => {
                if let Some(m) = current.take() {
                    messages.push(m);
                }
                // iOS marks its system and media lines with a direction
                // mark before the text: `Name: ‎image omitted`.
                let Some((sender, body)) = rest.split_once(": ") else {
                    continue;
                };
                if from_ios && body.starts_with('\u{200e}') {
                    continue;
                }
                let sender = without_marks(sender).trim().to_string();
                let body = without_marks(body);
                if sender.is_empty() {
                    continue;
                }
                current = Some(Message {
                    sender: Some(sender),
                    text: body,
                    line: line_no,
                });
            }
            None => match current.as_mut() {
                Some(m) => {
                    m.text.push('\n');
                    m.text.push_str(&without_marks(raw));
                }
                None if !raw.trim().is_empty() => orphans += 1,
                None => {}
            },
        }
    }
    if let Some(m) = current.take() {
        messages.push(m);
    }
    messages.retain(|m| !is_placeholder(&m.text) && !m.text.trim().is_empty());
    for m in &mut messages {
        m.text = m.text.trim().to_string();
    }
    if orphans > 0 {
        warnings.push(Problem::at(
            Some(1),
            format!(
                "{orphans} line(s) before the first message belong to no message and were skipped"
            ),
            Some("a chat export starts with a dated line; is the file cut at the top?"),
        ));
    }
    (messages, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_phones_and_any_date_order() {
        for line in [
            "[12/05/2026, 14:03:11] Anna: hej",
            "\u{200e}[5/12/26, 2:03:11\u{202f}PM] Anna: hej",
            "12/05/2026, 14:03 - Anna: hej",
            "2026-05-12, 14:03 - Anna: hej",
            "12.05.26, 14:03 - Anna: hej",
            "5/12/26, 2:03 p. m. - Anna: hej",
        ] {
            let (_, rest) = header(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(rest, "Anna: hej", "{line}");
        }
        assert!(header("hej, kl 14:00 - passar det?").is_none());
    }

    #[test]
    fn messages_continue_over_lines_and_system_lines_are_skipped() {
        let chat = "12/05/2026, 14:00 - Messages and calls are end-to-end encrypted.\n\
                    12/05/2026, 14:03 - Anna Berg: hej\nhar ni tid?\n\
                    12/05/2026, 14:04 - Salon: <Media omitted>\n\
                    [12/05/2026, 14:05:00] Salon: \u{200e}image omitted\n";
        let (messages, warnings) = read(chat);
        assert!(warnings.is_empty());
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].text, "hej\nhar ni tid?");
        assert_eq!(messages[0].sender.as_deref(), Some("Anna Berg"));
        assert_eq!(messages[0].line, 2);
    }
}
