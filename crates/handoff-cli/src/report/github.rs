use std::fmt::Write;

use handoff_diagnostics::Severity;

use super::Checked;

/// GitHub Actions workflow commands, one per problem, which the runner turns
/// into annotations on the changed lines of a pull request.
pub(super) fn render(files: &[Checked<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for d in &file.diagnostics {
            let place = file.analysis.source_span(d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.path.display().to_string()),
                place.line,
                place.column,
                place.end_line,
                place.end_column,
                property(&format!("{} {}", d.lint.code(), d.lint.name())),
                data(&message),
            );
        }
    }
    out
}

/// Escaping of a command's message, as the runner defines it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property values.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
