use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::Buffer};
use handoff_analysis::Analysis;
use handoff_diagnostics::{Diagnostic, Severity};

use super::Checked;

/// Source snippets with labels, help and fixes, then a summary line.
pub(super) fn render(files: &[Checked<'_>], color: bool) -> Vec<u8> {
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = term::Config::default();
    let (mut errors, mut warnings) = (0, 0);
    for file in files {
        let source = Source {
            name: file.path.display().to_string(),
            analysis: file.analysis,
        };
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            // Rendering only fails for spans outside the file, which the
            // analysis never produces.
            let _ = term::emit_to_write_style(&mut buffer, &config, &source, &report(d));
        }
    }
    let mut out = buffer.into_inner();
    out.extend_from_slice(summary(files.len(), errors, warnings).as_bytes());
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let checked = plural(files, "file");
    if errors == 0 && warnings == 0 {
        format!("No problems found in {checked}.\n")
    } else {
        let found: Vec<String> = [(errors, "error"), (warnings, "warning")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| plural(n, word))
            .collect();
        format!("Found {} in {checked}.\n", found.join(" and "))
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
    name: String,
    analysis: &'a Analysis,
}

impl<'a> Files<'a> for Source<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
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
