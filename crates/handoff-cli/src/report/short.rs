use std::fmt::Write;

use super::Checked;

/// `file:line:col: severity[code/name]: message`, one line each.
pub(super) fn render(files: &[Checked<'_>]) -> String {
    let mut out = String::new();
    for file in files {
        for d in &file.diagnostics {
            let at = file.analysis.line_col(d.span.start);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}/{}]: {}",
                file.path.display(),
                at.line,
                at.column,
                d.severity.as_str(),
                d.lint.code(),
                d.lint.name(),
                d.message
            );
        }
    }
    out
}
