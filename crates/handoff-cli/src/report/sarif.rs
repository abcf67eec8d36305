use handoff_diagnostics::{Diagnostic, Lint, Severity, Span};
use serde_json::{Value, json};

use super::Checked;

/// SARIF 2.1.0: one rule per check, with its documentation, and one result
/// per problem. Columns are counted in characters (`unicodeCodePoints`).
pub(super) fn render(files: &[Checked<'_>]) -> String {
    let rules: Vec<Value> = Lint::ALL.iter().map(|lint| rule(*lint)).collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| file.diagnostics.iter().map(move |d| result(file, d)))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "handoff",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(lint: Lint) -> Value {
    let docs = lint.docs();
    json!({
        "id": lint.code(),
        "name": lint.name(),
        "shortDescription": { "text": lint.summary() },
        "fullDescription": { "text": docs.section("What it does").unwrap_or(lint.summary()) },
        "help": {
            "text": docs.section("How to fix").unwrap_or(lint.summary()),
            "markdown": docs.markdown,
        },
        "defaultConfiguration": { "level": level(lint.default_severity()) },
    })
}

fn region(file: &Checked<'_>, span: Span) -> Value {
    let s = file.analysis.source_span(span);
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": s.end_line,
        "endColumn": s.end_column,
    })
}

fn location(file: &Checked<'_>, span: Span, message: Option<&str>) -> Value {
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(file) },
            "region": region(file, span),
        }
    });
    if let Some(message) = message {
        location["message"] = json!({ "text": message });
    }
    location
}

/// A relative path with `/` separators, as SARIF's URI references want.
fn uri(file: &Checked<'_>) -> String {
    file.path
        .to_string_lossy()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

fn result(file: &Checked<'_>, d: &Diagnostic) -> Value {
    let index = Lint::ALL.iter().position(|l| *l == d.lint).unwrap_or(0);
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(". Help: ");
        text.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.lint.code(),
        "ruleIndex": index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location(file, d.span, None)],
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| {
                let mut l = location(file, r.span, Some(&r.message));
                l["id"] = json!(id);
                l
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(file) },
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(file, e.span),
                    "insertedContent": { "text": e.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}
