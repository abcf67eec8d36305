//! The formatter: one canonical layout for `.handoff` files (described in
//! docs/formatting.md). It keeps every comment where the author put it, and
//! never changes what a file means: after formatting it re-parses its own
//! output and refuses to return it unless the meaning is the same.
//!
//! It works on the syntax tree only; it knows nothing about checks,
//! policies or files on disk.

mod meaning;
mod render;

use handoff_diagnostics::{Diagnostic, Lint};

pub use render::{MAX_WIDTH, quoted, reply_test_line, test_line, written};

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file does not parse; formatting it could lose what it says.
    Syntax(Vec<Diagnostic>),
    /// The formatter's output would mean something else: a bug in the
    /// formatter, reported instead of acting on it.
    MeaningChanged,
}

/// Formats `.handoff` text. A file with syntax errors or invalid text is
/// refused with its diagnostics.
pub fn format(source: &str) -> Result<String, FormatError> {
    let parse = handoff_syntax::parse(source);
    let blocking: Vec<Diagnostic> = parse
        .diagnostics
        .iter()
        .filter(|d| matches!(d.lint, Lint::SyntaxError | Lint::InvalidText))
        .cloned()
        .collect();
    if !blocking.is_empty() {
        return Err(FormatError::Syntax(blocking));
    }
    let output = render::render(source, &parse.tree);
    let reparsed = handoff_syntax::parse(&output);
    let comments_kept = reparsed.tree.comments.len() == parse.tree.comments.len()
        && reparsed
            .tree
            .comments
            .iter()
            .zip(&parse.tree.comments)
            .all(|(after, before)| {
                output[after.span.range()].trim_end() == source[before.span.range()].trim_end()
            });
    if !reparsed.diagnostics.is_empty()
        || !comments_kept
        || !meaning::same(&reparsed.tree, &parse.tree)
    {
        return Err(FormatError::MeaningChanged);
    }
    Ok(output)
}
