use handoff_analysis::Analysis;
use handoff_diagnostics::Span;
use serde_json::{Value, json};

use super::Checked;

/// A JSON array of every diagnostic, with 1-based lines and columns.
pub(super) fn render(files: &[Checked<'_>]) -> String {
    let items: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.diagnostics.iter().map(move |d| {
                let at = place(file.analysis, d.span);
                json!({
                    "file": file.path.display().to_string(),
                    "line": at["line"],
                    "column": at["column"],
                    "end_line": at["end_line"],
                    "end_column": at["end_column"],
                    "severity": d.severity.as_str(),
                    "code": d.lint.code(),
                    "name": d.lint.name(),
                    "message": d.message,
                    "help": d.help,
                    "label": d.label,
                    "related": d.related.iter().map(|r| {
                        let mut p = place(file.analysis, r.span);
                        p["message"] = json!(r.message);
                        p
                    }).collect::<Vec<_>>(),
                    "fix": d.fix.as_ref().map(|f| json!({
                        "title": f.title,
                        "edits": f.edits.iter().map(|e| {
                            let mut p = place(file.analysis, e.span);
                            p["replacement"] = json!(e.replacement);
                            p
                        }).collect::<Vec<_>>(),
                    })),
                })
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).expect("diagnostics serialise");
    out.push('\n');
    out
}

fn place(analysis: &Analysis, span: Span) -> Value {
    let s = analysis.source_span(span);
    json!({
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
    })
}
