//! From bytes to text: the parser takes `&str`, so bytes that are not UTF-8
//! are reported here, at their place, and replaced with U+FFFD so the rest of
//! the file is still parsed and checked.

use handoff_diagnostics::{Diagnostic, Lint, Span};

/// Decodes a file's bytes. Valid UTF-8 (the usual case) is borrowed as is.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Vec<Diagnostic>) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.into(), Vec::new());
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut diagnostics = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        let start = text.len();
        text.push(char::REPLACEMENT_CHARACTER);
        let shown: Vec<String> = invalid.iter().map(|b| format!("0x{b:02X}")).collect();
        diagnostics.push(
            Diagnostic::new(
                Lint::InvalidText,
                Span::new(start, text.len()),
                format!(
                    "this file is not UTF-8 text: the byte{} {} here {} not valid UTF-8",
                    if invalid.len() == 1 { "" } else { "s" },
                    shown.join(" "),
                    if invalid.len() == 1 { "is" } else { "are" },
                ),
            )
            .with_label("not UTF-8")
            .with_help(
                "save the file as UTF-8 (in most editors: \"Save with encoding\" > UTF-8), \
                 then check the characters at this place",
            ),
        );
    }
    (text.into(), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_are_reported_at_their_place_and_replaced() {
        let (text, diagnostics) = decode(b"ok\n\xFFx\xC3");
        assert_eq!(text, "ok\n\u{FFFD}x\u{FFFD}");
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].span, Span::new(3, 6));
        assert!(diagnostics[0].message.contains("0xFF"));
    }

    #[test]
    fn valid_text_is_borrowed() {
        let (text, diagnostics) = decode("öppet".as_bytes());
        assert!(matches!(text, std::borrow::Cow::Borrowed(_)));
        assert!(diagnostics.is_empty());
    }
}
