//! Completion that knows where the cursor is: the keywords that may start a
//! declaration or a clause there, system names after `using`, topic names
//! after `->`, channels, languages, risks, access levels and field types,
//! each with a line of documentation.

use handoff_analysis::Analysis;
use handoff_analysis::vocabulary::LANGUAGE_NAMES;
use handoff_policy::{CHANNELS, FieldType, Risk};
use handoff_syntax::words::{Clause, Declaration, Modifier};
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

pub fn complete(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = analysis.text.as_str();
    let Some(place) = place(text, offset.min(text.len())) else {
        return Vec::new();
    };
    let model = &analysis.model;
    match place {
        Place::Declaration => Declaration::ALL
            .iter()
            .map(|d| keyword(d.words(), d.summary(), d.example()))
            .collect(),
        Place::TopicClause | Place::LogClause => Clause::ALL
            .iter()
            .filter(|c| c.belongs_in_log() == (place == Place::LogClause))
            .map(|c| keyword(c.words(), c.summary(), c.example()))
            .collect(),
        Place::System => model
            .systems
            .iter()
            .map(|s| {
                item(
                    &s.name.text,
                    CompletionItemKind::INTERFACE,
                    &format!("a declared system ({})", access_words(s.access)),
                )
            })
            .collect(),
        Place::Topic { with_keywords } => {
            let mut items: Vec<CompletionItem> = model
                .topics
                .iter()
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
        Place::Language => {
            let mut tags: Vec<(&str, &str)> =
                LANGUAGE_NAMES.iter().map(|(n, t)| (*t, *n)).collect();
            tags.sort();
            tags.dedup_by_key(|(t, _)| *t);
            tags.iter()
                .map(|(tag, name)| {
                    item(
                        tag,
                        CompletionItemKind::ENUM_MEMBER,
                        &format!("{name} (BCP 47 tag)"),
                    )
                })
                .collect()
        }
        Place::Risk => Risk::ALL
            .iter()
            .map(|r| item(r.as_str(), CompletionItemKind::ENUM_MEMBER, risk_words(*r)))
            .collect(),
        Place::FieldType => FieldType::ALL
            .iter()
            .map(|t| {
                item(
                    t.as_str(),
                    CompletionItemKind::TYPE_PARAMETER,
                    type_words(*t),
                )
            })
            .collect(),
        Place::Access => [Modifier::Read, Modifier::Write, Modifier::WriteWithApproval]
            .iter()
            .map(|m| keyword(m.words(), m.summary(), m.example()))
            .collect(),
        Place::FallbackMode => [Modifier::FallbackHandoff, Modifier::FallbackAnswer]
            .iter()
            .map(|m| keyword(m.words(), m.summary(), m.example()))
            .collect(),
    }
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

fn access_words(access: handoff_policy::Access) -> &'static str {
    match access {
        handoff_policy::Access::Read => "read",
        handoff_policy::Access::Write => "write",
        handoff_policy::Access::WriteWithApproval => "write with approval",
    }
}

fn risk_words(risk: Risk) -> &'static str {
    match risk {
        Risk::Fact => "simple facts",
        Risk::Internal => "needs internal data: a calendar, stock, a price list",
        Risk::Binding => "affects money, agreements, bookings or complaints",
        Risk::Judgment => "needs a person's judgment",
    }
}

fn type_words(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Text => "any text (the default)",
        FieldType::Number => "a number",
        FieldType::Date => "a date",
        FieldType::Time => "a time of day",
        FieldType::Phone => "a phone number",
        FieldType::Email => "an e-mail address",
        FieldType::YesNo => "yes or no",
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
