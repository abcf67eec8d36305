//! The one analysis every front end calls: bytes or text in; the syntax
//! tree, the resolved model ([`hir`]: names resolved, phrases normalised,
//! byte spans everywhere), the compiled policy (a projection of the model,
//! for runtimes) and every diagnostic out. The CLI, the language server and the
//! tests all go through [`Analysis`]; none of them parses or checks on its
//! own.
//!
//! This crate knows nothing about terminals, editors or output formats.

mod checks;
pub mod hir;
mod invisible;
pub mod limits;
mod project;
mod resolve;
pub mod vocabulary;

use handoff_diagnostics::{Diagnostic, LineCol, LineIndex, Span};
use handoff_policy::{Policy, SourceSpan};
use handoff_syntax::tree::SourceFile;

/// Everything known about one `.handoff` file.
pub struct Analysis {
    pub text: String,
    pub line_index: LineIndex,
    pub tree: SourceFile,
    pub model: hir::Model,
    pub policy: Policy,
    /// Sorted by place, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Analyses a file's bytes; bytes that are not UTF-8 are diagnostics.
    /// Valid UTF-8 (the usual case) is used in place, without a copy.
    pub fn from_bytes(bytes: Vec<u8>) -> Analysis {
        let (text, mut diagnostics) = match String::from_utf8(bytes) {
            Ok(text) => (text, Vec::new()),
            Err(e) => {
                let (text, diagnostics) = handoff_syntax::decode(e.as_bytes());
                (text.into_owned(), diagnostics)
            }
        };
        let mut analysis = Analysis::new(text);
        if !diagnostics.is_empty() {
            diagnostics.append(&mut analysis.diagnostics);
            analysis.diagnostics = diagnostics;
            sort(&mut analysis.diagnostics);
        }
        analysis
    }

    pub fn new(text: impl Into<String>) -> Analysis {
        Analysis::analyse(text.into(), handoff_syntax::parse)
    }

    /// As [`Analysis::new`], re-parsing only the lines that `cache` did not
    /// see in the previous analysis: the language server's way, one edit
    /// at a time.
    pub fn with_cache(text: impl Into<String>, cache: &mut handoff_syntax::LineCache) -> Analysis {
        Analysis::analyse(text.into(), |text| handoff_syntax::parse_with(text, cache))
    }

    fn analyse(text: String, parse: impl FnOnce(&str) -> handoff_syntax::Parse) -> Analysis {
        let line_index = LineIndex::new(&text);
        let mut diagnostics = limits::text(&text);
        let readable = diagnostics.is_empty();
        let parse = if readable {
            parse(&text)
        } else {
            handoff_syntax::Parse {
                tree: SourceFile::default(),
                diagnostics: Vec::new(),
            }
        };
        diagnostics.extend(parse.diagnostics);
        let model = resolve::build(&parse.tree, &mut diagnostics);
        // Past a limit, nothing more is checked: the checks read the whole
        // text and compare a topic's phrases pairwise.
        let too_long = limits::phrases(&model);
        if readable && too_long.is_empty() {
            checks::run(&text, &parse.tree, &model, &mut diagnostics);
            invisible::check(&text, &mut diagnostics);
        }
        diagnostics.extend(too_long);
        sort(&mut diagnostics);
        let locate = |span: Span| source_span(&text, &line_index, span);
        let policy = project::policy(&model, &locate);
        Analysis {
            tree: parse.tree,
            model,
            policy,
            diagnostics,
            line_index,
            text,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn line_col(&self, offset: u32) -> LineCol {
        self.line_index.line_col(&self.text, offset)
    }

    pub fn source_span(&self, span: Span) -> SourceSpan {
        source_span(&self.text, &self.line_index, span)
    }
}

fn source_span(text: &str, index: &LineIndex, span: Span) -> SourceSpan {
    let start = index.line_col(text, span.start);
    let end = index.line_col(text, span.end);
    SourceSpan {
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.lint, a.span.end, &a.message).cmp(&(
            b.span.start,
            b.lint,
            b.span.end,
            &b.message,
        ))
    });
}
