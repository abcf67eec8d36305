//! Completion that knows where the cursor is: the keywords that may start a
//! declaration or a clause there, system names after `using`, topic names
//! after `->`, channels, languages, risks, access levels and field types,
//! each with a line of documentation.

use handoff_analysis::Analysis;
use handoff_policy::{CHANNELS, FieldType, Risk, VariantArray};
use handoff_syntax::words::{Clause, Declaration, Modifier};
use handoff_text::languages::LANGUAGES;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind,
};

/// What the text before the cursor on its line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    Declaration,
    TopicClause,
    LogClause,
    System,
    Topic { with_keywords: bool },
    Channel,
    Language,
    Risk,
    FieldType,
    Access,
    FallbackMode,
}

/// At most this many declared names (topics, systems) are offered at once.
/// A longer list is narrowed to the names that hold the word being typed,
/// in order, those it begins first, and marked incomplete, so the editor
/// asks again as the word grows: a file of 10,000 topics would otherwise
/// send 10,000 items on every keystroke after `->`.
pub const MAX_NAMES: usize = 100;

/// The items for the cursor at `offset`, and whether the list is
/// incomplete (longer than [`MAX_NAMES`], so narrowed and cut).
pub fn complete(analysis: &Analysis, offset: usize) -> (Vec<CompletionItem>, bool) {
    let text = analysis.text.as_str();
    let offset = offset.min(text.len());
    let Some(place) = place(text, offset) else {
        return (Vec::new(), false);
    };
    let model = &analysis.model;
    let typed = typed_word(text, offset);
    let mut incomplete = false;
    let items = match place {
        Place::Declaration => Declaration::ALL
            .iter()
            .map(|d| keyword(d.words(), d.summary(), d.example()))
            .collect(),
        Place::TopicClause | Place::LogClause => Clause::ALL
            .iter()
            .filter(|c| c.belongs_in_log() == (place == Place::LogClause))
            .map(|c| keyword(c.words(), c.summary(), c.example()))
            .collect(),
        Place::System => {
            let (systems, cut) = names(&model.systems, |s| &s.name.text, typed);
            incomplete = cut;
            systems
                .into_iter()
                .map(|s| {
                    item(
                        &s.name.text,
                        CompletionItemKind::INTERFACE,
                        &format!("a declared system ({})", s.access.as_str()),
                    )
                })
                .collect()
        }
        Place::Topic { with_keywords } => {
            let (topics, cut) = names(&model.topics, |t| &t.name.text, typed);
            incomplete = cut;
            let mut items: Vec<CompletionItem> = topics
                .into_iter()
                .map(|t| {
                    item(
                        &t.name.text,
                        CompletionItemKind::MODULE,
                        &format!("topic: {}", t.title()),
                    )
                })
                .collect();
            if with_keywords {
                items.push(item(
                    "handoff",
                    CompletionItemKind::KEYWORD,
                    "the message is handed to a person (`handoff TOPIC`: on that topic)",
                ));
                items.push(item(
                    Modifier::NoTopic.words(),
                    CompletionItemKind::KEYWORD,
                    Modifier::NoTopic.summary(),
                ));
            }
            items
        }
        Place::Channel => CHANNELS
            .iter()
            .map(|c| {
                item(
                    c,
                    CompletionItemKind::ENUM_MEMBER,
                    "a channel the agent answers on",
                )
            })
            .collect(),
        Place::Language => LANGUAGES
            .iter()
            .map(|l| {
                item(
                    l.tag,
                    CompletionItemKind::ENUM_MEMBER,
                    &format!("{} (BCP 47 tag)", l.name),
                )
            })
            .collect(),
        Place::Risk => Risk::VARIANTS
            .iter()
            .map(|r| item(r.as_str(), CompletionItemKind::ENUM_MEMBER, r.summary()))
            .collect(),
        Place::FieldType => FieldType::VARIANTS
            .iter()
            .map(|t| item(t.as_str(), CompletionItemKind::TYPE_PARAMETER, t.summary()))
            .collect(),
        Place::Access => [Modifier::Read, Modifier::Write, Modifier::WriteWithApproval]
            .iter()
            .map(|m| keyword(m.words(), m.summary(), m.example()))
            .collect(),
        Place::FallbackMode => [Modifier::FallbackHandoff, Modifier::FallbackAnswer]
            .iter()
            .map(|m| keyword(m.words(), m.summary(), m.example()))
            .collect(),
    };
    (items, incomplete)
}

/// The part of a name before the cursor: letters, digits, marks, `-` and
/// `_` (the grammar's `name_char`).
fn typed_word(text: &str, offset: usize) -> &str {
    let before = &text[..offset];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .last()
        .map_or(offset, |(at, _)| at);
    &before[start..]
}

/// All the names when there are at most [`MAX_NAMES`]; otherwise those
/// that hold the typed word's letters in order (case aside; what an
/// editor's fuzzy filter keeps, so nothing it would show is left out),
/// those that begin with it first, cut at [`MAX_NAMES`]. The flag says
/// whether the list was narrowed.
fn names<'m, T>(all: &'m [T], name: impl Fn(&T) -> &str, typed: &str) -> (Vec<&'m T>, bool) {
    if all.len() <= MAX_NAMES {
        return (all.iter().collect(), false);
    }
    let typed: Vec<char> = typed.chars().flat_map(char::to_lowercase).collect();
    let mut beginning = Vec::new();
    let mut holding = Vec::new();
    for item in all {
        let mut letters = name(item).chars().flat_map(char::to_lowercase);
        let mut begins = true;
        let mut found = 0;
        for &want in &typed {
            match letters.by_ref().position(|c| c == want) {
                Some(skipped) => {
                    begins &= skipped == 0;
                    found += 1;
                }
                None => break,
            }
        }
        if found < typed.len() {
            continue;
        }
        if begins {
            beginning.push(item);
            if beginning.len() == MAX_NAMES {
                break;
            }
        } else if holding.len() < MAX_NAMES {
            holding.push(item);
        }
    }
    beginning.extend(holding);
    beginning.truncate(MAX_NAMES);
    (beginning, true)
}

fn place(text: &str, offset: usize) -> Option<Place> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if in_comment_or_quotes(before) {
        return None;
    }
    let indented = before.starts_with([' ', '\t']);
    let lower = before.trim_start().to_lowercase();
    // The clause the cursor is in: after the last `;` or a header's `:`.
    let (segment, after_separator) = match last_separator(&lower) {
        Some(i) => (lower[i + 1..].trim_start(), true),
        None => (lower.as_str(), false),
    };
    let words: Vec<&str> = segment.split_whitespace().collect();
    let typing_word = !segment.is_empty() && !segment.ends_with([' ', '\t']);
    let first = words.first().copied().unwrap_or("");

    if !indented && !after_separator {
        if let Some(arrow) = lower.find("->").filter(|_| first == "test") {
            let expect: Vec<&str> = lower[arrow + 2..].split_whitespace().collect();
            return match (expect.as_slice(), typing_word) {
                ([] | [_], _) if expect.len() <= usize::from(typing_word) => Some(Place::Topic {
                    with_keywords: true,
                }),
                (["handoff"], false) | (["handoff", _], true) => Some(Place::Topic {
                    with_keywords: false,
                }),
                _ => None,
            };
        }
        if words.len() <= 1 && (typing_word || words.is_empty()) {
            return Some(Place::Declaration);
        }
        return match first {
            "channels" | "channel" => Some(Place::Channel),
            "language" | "languages" => Some(Place::Language),
            "fallback" if words.len() <= 1 + usize::from(typing_word) => Some(Place::FallbackMode),
            "system" if segment.contains(':') => Some(Place::Access),
            _ => None,
        };
    }
    if words.len() <= 1 && (typing_word || words.is_empty()) {
        return Some(if in_log(text, line_start, indented) {
            Place::LogClause
        } else {
            Place::TopicClause
        });
    }
    if first == "risk" && words.len() <= 1 + usize::from(typing_word) {
        return Some(Place::Risk);
    }
    if first == "may" {
        let using = words.iter().rposition(|w| *w == "using")?;
        let after = words.len() - using - 1;
        return (after == usize::from(typing_word)).then_some(Place::System);
    }
    if first == "collect" {
        let open = segment.rfind('(');
        let close = segment.rfind(')');
        if open.is_some_and(|o| close.is_none_or(|c| c < o)) {
            return Some(Place::FieldType);
        }
    }
    None
}

/// Whether a line so far ends inside a comment or an open quote.
fn in_comment_or_quotes(before: &str) -> bool {
    let mut in_quotes = false;
    let mut escaped = false;
    for c in before.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' => in_quotes = !in_quotes,
            '#' if !in_quotes => return true,
            _ => {}
        }
    }
    in_quotes
}

/// The last `;`, or the `:` that ends a `topic`/`log:` header, outside
/// quotes.
fn last_separator(line: &str) -> Option<usize> {
    let mut in_quotes = false;
    let mut found = None;
    let header = line.starts_with("topic") || line.starts_with("log");
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => found = Some(i),
            ':' if !in_quotes && header && found.is_none() => found = Some(i),
            _ => {}
        }
    }
    found
}

/// Whether an indented line belongs to `log:`: the nearest line above it
/// at column 0 with code starts with `log`.
fn in_log(text: &str, line_start: usize, indented: bool) -> bool {
    let current = text[line_start..].split('\n').next().unwrap_or("");
    if !indented {
        return current.trim_start().to_lowercase().starts_with("log");
    }
    text[..line_start]
        .lines()
        .rev()
        .find(|l| !l.starts_with([' ', '\t']) && !l.trim().is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.to_lowercase().starts_with("log"))
}

fn documentation(markdown: String) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: markdown,
    }))
}

fn keyword(words: &str, summary: &str, example: &str) -> CompletionItem {
    CompletionItem {
        label: words.to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        detail: Some(summary.to_string()),
        documentation: documentation(format!("{summary}\n\n```handoff\n{}\n```", example.trim())),
        ..CompletionItem::default()
    }
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        documentation: documentation(detail.to_string()),
        ..CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Place> {
        let offset = text.find('$').unwrap();
        let text = text.replace('$', "");
        place(&text, offset)
    }

    #[test]
    fn long_name_lists_are_narrowed_to_the_typed_word_and_cut() {
        let few: Vec<String> = (0..MAX_NAMES).map(|n| format!("t{n}")).collect();
        let (all, cut) = names(&few, |s| s.as_str(), "zzz");
        assert_eq!(
            (all.len(), cut),
            (MAX_NAMES, false),
            "short lists stay whole"
        );

        let many: Vec<String> = (0..1000)
            .map(|n| format!("t{n}"))
            .chain(["Booking".to_string(), "rebook".to_string()])
            .collect();
        let label = |typed| -> (Vec<&str>, bool) {
            let (found, cut) = names(&many, |s| s.as_str(), typed);
            (found.into_iter().map(String::as_str).collect(), cut)
        };
        assert_eq!(label("BOOK"), (vec!["Booking", "rebook"], true));
        assert_eq!(label("bkg"), (vec!["Booking"], true), "letters in order");
        let (t99, cut) = label("t99");
        assert!(cut);
        assert_eq!(t99[..3], ["t99", "t990", "t991"], "beginnings first");
        assert_eq!(label("").0.len(), MAX_NAMES);
        let line = "test \"a\" -> t-é_1";
        assert_eq!(typed_word(line, line.len()), "t-é_1");
        assert_eq!(typed_word("using  ", 7), "");
    }

    #[test]
    fn the_place_decides_what_completes() {
        assert_eq!(at("to$"), Some(Place::Declaration));
        assert_eq!(at("topic t:\n  ma$"), Some(Place::TopicClause));
        assert_eq!(at("topic t: about a; $"), Some(Place::TopicClause));
        assert_eq!(at("topic t: $"), Some(Place::TopicClause));
        assert_eq!(at("log:\n  re$"), Some(Place::LogClause));
        assert_eq!(at("topic t:\n  may check using $"), Some(Place::System));
        assert_eq!(at("topic t:\n  may check using ca$"), Some(Place::System));
        assert_eq!(at("topic t:\n  may check$"), None);
        assert_eq!(
            at("test \"hi\" -> $"),
            Some(Place::Topic {
                with_keywords: true
            })
        );
        assert_eq!(
            at("test \"hi\" -> handoff $"),
            Some(Place::Topic {
                with_keywords: false
            })
        );
        assert_eq!(at("test \"a -> $"), None, "inside quotes");
        assert_eq!(at("channels whatsapp, $"), Some(Place::Channel));
        assert_eq!(at("language sv, $"), Some(Place::Language));
        assert_eq!(at("topic t:\n  risk $"), Some(Place::Risk));
        assert_eq!(at("topic t:\n  collect day ($"), Some(Place::FieldType));
        assert_eq!(at("topic t:\n  collect day (date), $"), None);
        assert_eq!(at("system cal: $"), Some(Place::Access));
        assert_eq!(at("fallback $"), Some(Place::FallbackMode));
        assert_eq!(at("# a comment $"), None);
    }
}
