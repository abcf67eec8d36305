//! Phone numbers, e-mail addresses and long numbers in test messages.

use crate::hir::Phrase;
use handoff_diagnostics::{Diagnostic, Lint, Span};

/// What kind of personal data a piece of text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Email,
    Phone,
    LongNumber,
}

pub(super) fn check(message: &Phrase, out: &mut Vec<Diagnostic>) {
    let raw_start = message.span.start as usize + 1;
    // Offsets inside the text map to the source only when nothing was
    // unescaped; otherwise point at the whole message.
    let exact = message.quoted && message.span.len() == message.text.len() + 2;
    for (kind, start, end) in find(&message.text) {
        let span = if exact {
            Span::new(raw_start + start, raw_start + end)
        } else {
            message.span
        };
        let what = match kind {
            Kind::Email => "an e-mail address",
            Kind::Phone => "a phone number",
            Kind::LongNumber => "a long number (an order, card or account number?)",
        };
        out.push(
            Diagnostic::new(
                Lint::PersonalDataInTest,
                span,
                format!("this test message contains {what}"),
            )
            .with_label("personal data?")
            .with_help(
                "rules files are shared and committed: replace real data with a made-up value \
                 or a word",
            ),
        );
    }
}

fn find(text: &str) -> Vec<(Kind, usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if let Some(end) = email_at(text, i) {
            found.push((Kind::Email, i, end));
            i = end;
        } else if let Some((kind, end)) = number_at(text, i) {
            found.push((kind, i, end));
            i = end;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// Letters of any script: `åsa@blåbär.se` is an address as `anna@example.se` is.
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// `name@example.com` starting exactly at `i`.
fn email_at(text: &str, i: usize) -> Option<usize> {
    if char_before(text, i).is_some_and(is_local_char) {
        return None;
    }
    let local: usize = text[i..]
        .chars()
        .take_while(|c| is_local_char(*c))
        .map(char::len_utf8)
        .sum();
    if local == 0 || !text[i + local..].starts_with('@') {
        return None;
    }
    let domain_start = i + local + 1;
    let domain: usize = text[domain_start..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        .map(char::len_utf8)
        .sum();
    let domain_text = text[domain_start..domain_start + domain].trim_end_matches('.');
    let dot = domain_text.rfind('.')?;
    (dot > 0 && domain_text[dot + 1..].chars().count() >= 2)
        .then_some(domain_start + domain_text.len())
}

/// What may stand between the digit groups of a phone number: spaces
/// (including the no-break and thin spaces that phones and word processors
/// put there), dashes, dots and parentheses.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '-' | '.' | '(' | ')'
    )
}

/// A phone number (7 to 15 digits, maybe with `+`, and separators between
/// the groups) or a long number (6 or more digits in a row) starting at `i`.
fn number_at(text: &str, i: usize) -> Option<(Kind, usize)> {
    if char_before(text, i).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = &text[i..];
    let plus = rest.starts_with('+');
    let body = &rest[usize::from(plus)..];
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '(') {
        return None;
    }
    let mut digits = 0;
    let mut longest_run = 0;
    let mut run = 0;
    let mut end = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        if c.is_ascii_digit() {
            digits += 1;
            run += 1;
            longest_run = longest_run.max(run);
            end = j + 1;
        } else if is_separator(c) {
            // `(555) 123`: at most two separators in a row, then a digit
            // or a parenthesis.
            let next = chars.peek().map(|(_, n)| *n);
            let continues = match next {
                Some(n) if n.is_ascii_digit() || n == '(' => true,
                Some(n) if is_separator(n) => {
                    chars.next();
                    chars
                        .peek()
                        .is_some_and(|(_, n)| n.is_ascii_digit() || *n == '(')
                }
                _ => false,
            };
            if !continues {
                break;
            }
            run = 0;
        } else {
            break;
        }
    }
    let end = i + usize::from(plus) + end;
    if text[end..].starts_with(char::is_alphabetic) {
        return None;
    }
    let span_text = &text[i..end];
    if looks_like_date(span_text) {
        return None;
    }
    if (7..=15).contains(&digits) && (plus || span_text.starts_with('0') || run != digits) {
        Some((Kind::Phone, end))
    } else if longest_run >= 6 {
        Some((Kind::LongNumber, end))
    } else {
        None
    }
}

/// `2025-05-01`, `01.05.2025`, `1/5/2025`: dates are not personal data.
fn looks_like_date(text: &str) -> bool {
    let groups: Vec<&str> = text.split(['-', '.', '/']).collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups.iter().any(|g| g.len() == 4)
}

#[cfg(test)]
mod unit {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        find(text).into_iter().map(|(k, _, _)| k).collect()
    }

    #[test]
    fn finds_emails_phones_and_long_numbers() {
        assert_eq!(kinds("mail me at anna.k@example.se please"), [Kind::Email]);
        assert_eq!(kinds("call 070-123 45 67"), [Kind::Phone]);
        assert_eq!(kinds("ring +46 70 123 45 67"), [Kind::Phone]);
        assert_eq!(kinds("order 88812345 is late"), [Kind::LongNumber]);
        assert_eq!(find("x a@b.com")[0], (Kind::Email, 2, 9));
        assert_eq!(kinds("call (555) 123-4567"), [Kind::Phone]);
    }

    #[test]
    fn finds_them_written_with_other_scripts_and_spaces() {
        assert_eq!(kinds("ring 070\u{a0}123\u{a0}45\u{a0}67"), [Kind::Phone]);
        assert_eq!(
            kinds("ring 070\u{2009}123\u{2009}45\u{2009}67"),
            [Kind::Phone]
        );
        assert_eq!(
            kinds("ring +46\u{202f}70\u{202f}123\u{202f}45\u{202f}67"),
            [Kind::Phone]
        );
        assert_eq!(kinds("mail anna@blåbär.se"), [Kind::Email]);
        assert_eq!(kinds("mail åsa.öberg@exempel.se."), [Kind::Email]);
        let text = "till anna@blåbär.se tack";
        let (_, start, end) = find(text)[0];
        assert_eq!(&text[start..end], "anna@blåbär.se");
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        assert!(kinds("table for 4 at 19:30 on 2025-05-01").is_empty());
        assert!(kinds("is it 1 500 kr?").is_empty());
        assert!(kinds("room 12345").is_empty());
        assert!(kinds("@home and a@b").is_empty());
        assert!(kinds("öppet 10\u{a0}–\u{a0}18, pris 1\u{a0}500\u{a0}kr").is_empty());
        assert!(kinds("den 2025-05-01 kl. 19.30").is_empty());
    }
}
