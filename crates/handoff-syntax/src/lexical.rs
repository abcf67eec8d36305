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

#[cfg(test)]
mod tests {
    use pest::Parser;

    use super::{can_be_bare, is_bare_char, written};
    use crate::grammar::{HandoffParser, Rule};

    #[test]
    fn bare_char_agrees_with_the_grammar() {
        let samples = (0u32..0x300)
            .chain([0x2009, 0x202F, 0xFEFF, 0x1F600, 0x10FFFF])
            .filter_map(char::from_u32);
        for c in samples {
            let text = c.to_string();
            let grammar = HandoffParser::parse(Rule::bare_phrase, &text)
                .is_ok_and(|mut p| p.next().unwrap().as_str() == text);
            assert_eq!(is_bare_char(c), grammar, "U+{:04X}", c as u32);
        }
    }

    /// What `written` writes parses back as one phrase with the same text.
    #[test]
    fn a_written_phrase_parses_back_to_its_text() {
        for text in [
            "opening hours",
            "don't",
            "a \"b\" c",
            "back\\slash",
            "a, b",
            "x; y",
            "# not a comment",
            "using it",
            "two  spaces",
            "ends with space ",
        ] {
            let line = format!("never promise {}", written(text));
            let parse = crate::parse(&line);
            assert!(
                parse.diagnostics.is_empty(),
                "{line}: {:?}",
                parse.diagnostics
            );
            match &parse.tree.items[0].kind {
                crate::tree::ItemKind::NeverPromise(list) => {
                    assert_eq!(list.len(), 1, "{line}");
                    assert_eq!(list[0].text, text, "{line}");
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(can_be_bare(text), !written(text).starts_with('"'));
        }
    }
}
