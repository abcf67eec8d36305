//! Diagnostics for Node: each as a plain record (the fields of `handoff
//! check --format json` a runtime needs), and all of them as the report a
//! person reads, in the CLI's layout without colour.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Buffer};
use handoff_analysis::Analysis;
use handoff_diagnostics::{Diagnostic, Severity};
use serde::Serialize;

/// One diagnostic, with 1-based lines and columns counted in characters.
#[derive(Serialize)]
pub struct DiagnosticRecord {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    help: Option<String>,
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

/// Each diagnostic with the marked source line, its help and fix, then a
/// count.
pub fn human(name: &str, analysis: &Analysis, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(name, analysis.text.as_str());
    let mut buffer = Buffer::no_color();
    let config = term::Config::default();
    let (mut errors, mut warnings) = (0, 0);
    for d in diagnostics {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        // Rendering fails only for spans outside the file, which the
        // analysis never makes; the record still carries the diagnostic.
        let _ = term::emit_to_write_style(&mut buffer, &config, &file, &report(d));
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let found: Vec<String> = [(errors, "error"), (warnings, "warning")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| count(n, word))
        .collect();
    out.push_str(&format!("Found {} in {name}.", found.join(" and ")));
    out
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
