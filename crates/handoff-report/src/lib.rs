//! Diagnostics for people and for runtimes, written once for every front
//! end: the human report (source snippets, labels, help and fixes, as
//! `handoff check` prints them) and the plain record (the fields of
//! `handoff check --format json` a runtime needs). The CLI, the Python
//! package and the Node package all render through here.
//!
//! This crate knows nothing about command lines, editors or bindings.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::Buffer};
use handoff_analysis::Analysis;
use handoff_diagnostics::{Diagnostic, Severity};
use serde::Serialize;

/// Each diagnostic of each file with its marked source lines, help and fix,
/// in colour when asked; and how many errors and warnings there were.
pub fn human<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a Analysis, &'a [Diagnostic])>,
    color: bool,
) -> (Vec<u8>, Counts) {
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = term::Config::default();
    let mut counts = Counts::default();
    for (name, analysis, diagnostics) in files {
        let source = Source { name, analysis };
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
            }
            // Rendering only fails for spans outside the file, which the
            // analysis never produces.
            let _ = term::emit_to_write_style(&mut buffer, &config, &source, &report(d));
        }
    }
    (buffer.into_inner(), counts)
}

/// How many errors and warnings a report shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    /// `1 error and 2 warnings`; empty when there are none.
    pub fn found(self) -> String {
        let found: Vec<String> = [(self.errors, "error"), (self.warnings, "warning")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| plural(n, word))
            .collect();
        found.join(" and ")
    }
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// One diagnostic, with 1-based lines and columns counted in characters.
#[derive(Clone, Debug, Serialize)]
pub struct DiagnosticRecord {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub help: Option<String>,
}

pub fn record(analysis: &Analysis, d: &Diagnostic) -> DiagnosticRecord {
    let place = analysis.source_span(d.span);
    DiagnosticRecord {
        code: d.lint.code(),
        name: d.lint.name(),
        severity: d.severity.as_str(),
        message: d.message.clone(),
        line: place.line,
        column: place.column,
        end_line: place.end_line,
        end_column: place.end_column,
        help: d.help.clone(),
    }
}

fn report(d: &Diagnostic) -> Report<()> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let mut labels =
        vec![Label::primary((), d.span.range()).with_message(d.label.clone().unwrap_or_default())];
    labels.extend(
        d.related
            .iter()
            .map(|r| Label::secondary((), r.span.range()).with_message(r.message.clone())),
    );
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(fix) = &d.fix {
        notes.push(format!("fix: {}", fix.title));
    }
    Report::new(severity)
        .with_code(format!("{}/{}", d.lint.code(), d.lint.name()))
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// The file as codespan sees it: lines and columns come from the analysis,
/// so a byte-order mark or `\r\n` never shifts a column.
struct Source<'a> {
    name: &'a str,
    analysis: &'a Analysis,
}

impl<'a> Files<'a> for Source<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.analysis.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.analysis.line_col(byte_index as u32).line as usize - 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let text = &self.analysis.text;
        let index = &self.analysis.line_index;
        let start = index
            .line_start(line_index as u32 + 1)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: text.lines().count(),
            })? as usize;
        let start = if start == 0 && text.starts_with('\u{FEFF}') {
            3
        } else {
            start
        };
        let rest = &text[start..];
        let end = start + rest.find('\n').map_or(rest.len(), |i| i + 1);
        Ok(start..end)
    }
}

/// A rejected file: the human report (ending with a count for `name`) and
/// the record of every diagnostic.
pub struct Rejected {
    pub report: String,
    pub records: Vec<DiagnosticRecord>,
}

/// What a runtime binding makes of an analysis: the records of its
/// warnings when it has no error, else the file rejected with its report.
pub fn accept(
    name: &str,
    analysis: &Analysis,
    diagnostics: &[Diagnostic],
) -> Result<Vec<DiagnosticRecord>, Rejected> {
    let records = diagnostics.iter().map(|d| record(analysis, d)).collect();
    if !diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(records);
    }
    let (bytes, counts) = human([(name, analysis, diagnostics)], false);
    let mut report = String::from_utf8_lossy(&bytes).into_owned();
    report.push_str(&format!("Found {} in {name}.", counts.found()));
    Err(Rejected { report, records })
}
