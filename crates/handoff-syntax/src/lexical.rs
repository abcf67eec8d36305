//! The lexical facts other crates need without running the grammar, and
//! the one way a phrase is written back into a file: bare when it reads
//! the same bare, else in quotes with `\` and `"` escaped. The formatter,
//! the checks' fixes, messages and every tool that writes rules use these.
//! A test holds each against the grammar's own rule.

/// The characters a bare word may hold: the grammar's `bare_char`.
pub fn is_bare_char(c: char) -> bool {
    matches!(c, '<'..='~' | '-'..=':' | '$'..='\'' | '*'..='+' | '!') || c >= '\u{A0}'
}

/// Whether `text` reads as the same phrase without quotes: words of bare
/// characters, one space apart, none of them `using` (which would start a
/// `may` clause's suffix).
pub fn can_be_bare(text: &str) -> bool {
    !text.is_empty()
        && text.split(' ').all(|word| {
            !word.is_empty()
                && word.chars().all(is_bare_char)
                && !word.eq_ignore_ascii_case("using")
        })
}

/// Text in quotes, with `\` and `"` escaped: a `test` line's message.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A phrase as a rule file writes it: bare when it can be, else quoted.
pub fn written(text: &str) -> String {
    if can_be_bare(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// The words of a bare phrase, separated by single spaces.
pub(crate) fn collapse_spaces(text: &str) -> String {
    if !text.contains(['\t', ' ']) || !(text.contains("  ") || text.contains('\t')) {
        return text.to_string();
    }
    text.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn unescape(content: &str) -> String {
    if !content.contains('\\') {
        return content.to_string();
    }
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}
