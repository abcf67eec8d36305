//! Code actions: every diagnostic's fix as a quick fix, and the obvious
//! change for the warnings that have no mechanical fix (a `collect` clause
//! to fill in, an unused system removed, a test line for an untested
//! topic).

use handoff_analysis::Analysis;
use handoff_diagnostics::{Diagnostic, Lint, Span};

/// One action: its title, whether it fixes the diagnostic it belongs to,
/// and its edits in byte spans.
#[derive(Debug)]
pub struct Action<'a> {
    pub title: String,
    pub diagnostic: &'a Diagnostic,
    pub preferred: bool,
    pub edits: Vec<(Span, String)>,
}

/// The actions for the diagnostics that touch `range`.
pub fn actions<'a>(
    analysis: &'a Analysis,
    diagnostics: &'a [Diagnostic],
    range: Span,
) -> Vec<Action<'a>> {
    let text = analysis.text.as_str();
    let mut out = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.span.start <= range.end && range.start <= d.span.end)
    {
        if let Some(fix) = &d.fix {
            out.push(Action {
                title: fix.title.clone(),
                diagnostic: d,
                preferred: true,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| (e.span, e.replacement.clone()))
                    .collect(),
            });
        }
        let extra = match d.lint {
            Lint::HandoffWithoutCollect => add_collect(analysis, d),
            Lint::UnusedSystem => remove_line(text, d.span).map(|line| {
                (
                    "Remove the unused system".to_string(),
                    vec![(line, String::new())],
                )
            }),
            Lint::UntestedTopic => add_test(text, d),
            _ => None,
        };
        if let Some((title, edits)) = extra {
            out.push(Action {
                title,
                diagnostic: d,
                preferred: false,
                edits,
            });
        }
    }
    out
}

/// A `collect` clause after the topic's last clause, to fill in.
fn add_collect(analysis: &Analysis, d: &Diagnostic) -> Option<(String, Vec<(Span, String)>)> {
    let topic = analysis
        .model
        .topics
        .iter()
        .find(|t| t.name.span == d.span)?;
    let text = analysis.text.as_str();
    let end = topic.span.end as usize;
    let header_line_end = text[topic.name.span.end as usize..]
        .find('\n')
        .map_or(text.len(), |i| topic.name.span.end as usize + i);
    let clause = "collect name, contact details";
    let edit = if end <= header_line_end {
        // A one-line topic: one more clause on its line.
        (Span::new(end, end), format!("; {clause}"))
    } else {
        let indent = topic
            .clauses
            .last()
            .map(|c| {
                let line_start = text[..c.span.start as usize]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                text[line_start..c.span.start as usize].to_string()
            })
            .filter(|i| i.trim().is_empty() && !i.is_empty())
            .unwrap_or_else(|| "  ".to_string());
        // After the last line's comment, if it has one.
        let line_end = text[end..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| end + i);
        (Span::new(line_end, line_end), format!("\n{indent}{clause}"))
    };
    Some(("Add a `collect` clause".to_string(), vec![edit]))
}

/// The whole line a span stands on, with its line end.
fn remove_line(text: &str, span: Span) -> Option<Span> {
    let start = text[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end as usize..]
        .find('\n')
        .map_or(text.len(), |i| span.end as usize + i + 1);
    Some(Span::new(start, end))
}

/// A test line at the end of the file, whose message is left to write.
fn add_test(text: &str, d: &Diagnostic) -> Option<(String, Vec<(Span, String)>)> {
    let name = &text[d.span.range()];
    let end = text.len();
    let newline = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    Some((
        format!("Add a test for `{name}`"),
        vec![(
            Span::new(end, end),
            format!("{newline}test \"\" -> {name}\n"),
        )],
    ))
}
