//! Places in LSP terms: lines and UTF-16 code units, as the protocol counts
//! them, from and to the byte offsets the analysis uses. Every conversion
//! clamps: a position past the end of a line or of the file, or inside a
//! character, means the nearest place before it, never a panic.

use handoff_diagnostics::{Diagnostic, Lint, Severity, Span};
use line_index::{LineCol, LineIndex, TextSize, WideEncoding, WideLineCol};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticTag, Location,
    NumberOrString, Position, Range, Uri,
};

/// The lines of one version of a document.
pub struct LineMap {
    index: LineIndex,
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        LineMap {
            index: LineIndex::new(text),
        }
    }

    /// The LSP position of a byte offset (clamped to the text and to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_col = self.index.line_col(TextSize::from(offset as u32));
        let wide = self
            .index
            .to_wide(WideEncoding::Utf16, line_col)
            .unwrap_or(WideLineCol {
                line: line_col.line,
                col: line_col.col,
            });
        Position::new(wide.line, wide.col)
    }

    /// The byte offset of an LSP position. A line past the last means the
    /// end of the text; a column past the line's end means its end; a
    /// column inside a character (half a surrogate pair) means its start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(line) = self.index.line(position.line) else {
            return text.len();
        };
        let line_start = usize::from(line.start());
        let line_end = line_end(text, line_start, usize::from(line.end()));
        let utf8 = self.index.to_utf8(
            WideEncoding::Utf16,
            WideLineCol {
                line: position.line,
                col: position.character,
            },
        );
        let mut offset = match utf8 {
            Some(LineCol { col, .. }) => (line_start + col as usize).min(line_end),
            None => line_end,
        };
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start as usize),
            self.position(text, span.end as usize),
        )
    }

    /// The byte span of an LSP range, start and end in order.
    pub fn span(&self, text: &str, range: Range) -> Span {
        let (a, b) = (self.offset(text, range.start), self.offset(text, range.end));
        Span::new(a.min(b), a.max(b))
    }
}

/// Where a line's text ends, before `\n` or `\r\n`.
fn line_end(text: &str, start: usize, end: usize) -> usize {
    let line = &text[start..end];
    let trimmed = line.strip_suffix('\n').unwrap_or(line);
    let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
    start + trimmed.len()
}

/// A diagnostic as the protocol carries it: the check's code, a link to its
/// page, related places, and `unnecessary` for what can be deleted.
pub fn diagnostic(uri: &Uri, text: &str, lines: &LineMap, d: &Diagnostic) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(text, r.span)),
            message: r.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(text, d.span),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(format!(
            "{}/{}",
            d.lint.code(),
            d.lint.name()
        ))),
        code_description: check_page(d.lint).map(|href| CodeDescription { href }),
        source: Some("handoff".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.lint == Lint::UnusedSystem).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The check's page in the docs this server was built from, when they are
/// on this machine (a `cargo install --path` keeps the source tree). Looked
/// up once: a file with thousands of diagnostics asks for it thousands of
/// times.
fn check_page(lint: Lint) -> Option<Uri> {
    static DOCS: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let docs = DOCS.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/checks.md");
        Some(
            Uri::from_file_path(path.canonicalize().ok()?)?
                .as_str()
                .to_string(),
        )
    });
    format!("{}#{}", docs.as_ref()?, lint.name()).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_and_clamp() {
        let text = "é☕😀x\r\nab\n";
        let lines = LineMap::new(text);
        let x = text.find('x').unwrap();
        // é and ☕ are one UTF-16 unit each, 😀 two.
        assert_eq!(lines.position(text, x), Position::new(0, 4));
        assert_eq!(lines.offset(text, Position::new(0, 4)), x);
        // Inside the surrogate pair: the emoji's start.
        assert_eq!(
            lines.offset(text, Position::new(0, 3)),
            text.find('😀').unwrap()
        );
        // Past the line's end: before the `\r\n`.
        assert_eq!(lines.offset(text, Position::new(0, 99)), x + 1);
        // Past the last line: the end of the text.
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        // An offset inside a character is clamped back to its start.
        assert_eq!(lines.position(text, 1), Position::new(0, 0));
        assert_eq!(lines.position(text, 999), Position::new(2, 0));
    }
}
