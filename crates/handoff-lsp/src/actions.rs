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
            Lint::UntestedTopic => add_test(analysis, d),
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

/// A test line at the end of the file that passes as written: the
/// topic's first `about` phrase that routes to it, with what the rules
/// decide for it. None when no phrase of the topic reaches it (an
/// `overlapping-about` says why), since a failing test would not help.
fn add_test(analysis: &Analysis, d: &Diagnostic) -> Option<(String, Vec<(Span, String)>)> {
    let text = analysis.text.as_str();
    let topic = analysis
        .model
        .topics
        .iter()
        .find(|t| t.name.span == d.span)?;
    let router = handoff_route::Router::new(&analysis.policy);
    let (phrase, decision) = topic.about.iter().find_map(|p| {
        let decision = router.route(&p.text);
        let reached = decision.topic.as_deref() == Some(topic.name.text.as_str());
        reached.then_some((p, decision))
    })?;
    let line = handoff_fmt::test_line(&phrase.text, &decision.expectation());
    let end = text.len();
    let newline = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    Some((
        format!("Add a test for `{}`", topic.name.text),
        vec![(Span::new(end, end), format!("{newline}{line}\n"))],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edits: &[(Span, String)]) -> String {
        let mut out = text.to_string();
        let mut edits = edits.to_vec();
        edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        for (span, replacement) in edits {
            out.replace_range(span.range(), &replacement);
        }
        out
    }

    /// Each action removes the warning it is for, adds no diagnostic, and
    /// the test line it writes passes.
    #[test]
    fn every_action_leaves_the_file_better() {
        let text = "business \"B\"\nsystem calendar: read\n\
                    topic booking:\n  about book, appointment\n  handoff always  # a person books\n\
                    topic menu: about menu; must not \"serve \\\"raw\\\" fish\"\n\
                    test \"Can I book?\" -> handoff booking\n";
        let analysis = Analysis::new(text);
        let whole = Span::new(0, text.len());
        let found = actions(&analysis, &analysis.diagnostics, whole);
        let titles: Vec<&str> = found.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Remove the unused system",
                "Add a `collect` clause",
                "Add a test for `menu`"
            ]
        );
        for action in &found {
            let after = Analysis::new(apply(text, &action.edits));
            let lint = action.diagnostic.lint;
            assert!(
                !after.diagnostics.iter().any(|d| d.lint == lint),
                "{}",
                action.title
            );
            assert!(
                after.diagnostics.len() < analysis.diagnostics.len(),
                "{}",
                action.title
            );
            let router = handoff_route::Router::new(&after.policy);
            for test in &after.policy.tests {
                assert!(router.route(&test.message).meets(&test.expect), "{test:?}");
            }
        }
    }
}
