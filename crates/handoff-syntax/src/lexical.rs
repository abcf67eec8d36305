//! The lexical facts other crates need without running the grammar (the
//! formatter decides with them whether a phrase can go without quotes). A
//! test holds each against the grammar's own rule.

/// The characters a bare word may hold: the grammar's `bare_char`.
pub fn is_bare_char(c: char) -> bool {
    matches!(c, '<'..='~' | '-'..=':' | '$'..='\'' | '*'..='+' | '!') || c >= '\u{A0}'
}

#[cfg(test)]
mod tests {
    use pest::Parser;

    use super::is_bare_char;
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
}
