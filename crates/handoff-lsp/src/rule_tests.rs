//! The rules' own tests in the editor: whether each `test` and `test reply`
//! line passes (a code lens), where each test message and each `about`
//! phrase routes (inlay hints), and the messy variants of every message that
//! route differently. All of it is `handoff_route::Router` and
//! `handoff_guard::Guard` on the file's policy, run by `handoff_testing`
//! as `handoff test` runs them.

use handoff_analysis::Analysis;
use handoff_diagnostics::Span;
use handoff_guard::Guard;
use handoff_route::{Router, messy};
use serde_json::{Value, json};

/// A test line's result: where it is, whether it passed, in words, why,
/// and the decision or verdict as JSON.
pub struct Outcome {
    pub span: Span,
    pub passed: Option<bool>,
    pub title: String,
    pub why: Vec<String>,
    pub detail: Value,
}

/// Every test line's outcome, `test` lines first, then `test reply` lines.
/// A file with errors runs none: its policy may be missing what they need.
pub fn outcomes(analysis: &Analysis) -> Vec<Outcome> {
    let policy = &analysis.policy;
    outcomes_with(analysis, &Router::new(policy), &Guard::new(policy))
}

/// As [`outcomes`], with the router and guard already built on the
/// analysis's policy (`handoff serve` keeps them between requests).
pub fn outcomes_with(analysis: &Analysis, router: &Router<'_>, guard: &Guard<'_>) -> Vec<Outcome> {
    let model = &analysis.model;
    let spans = model.tests.iter().map(|t| t.span);
    let spans = spans.chain(model.reply_tests.iter().map(|t| t.span));
    if analysis.has_errors() {
        return spans
            .map(|span| Outcome {
                span,
                passed: None,
                title: "not run: the file has errors".to_string(),
                why: Vec::new(),
                detail: Value::Null,
            })
            .collect();
    }
    let run = handoff_testing::run(&analysis.policy, router, guard);
    run.results
        .into_iter()
        .zip(spans)
        .map(|(result, span)| Outcome {
            span,
            passed: Some(result.passed),
            title: if result.passed {
                format!("✓ passes: {}", result.got)
            } else {
                format!("✗ fails: got {}, expected {}", result.got, result.expected)
            },
            why: result.why,
            detail: result.detail,
        })
        .collect()
}

/// Hints after each test line and each `about` phrase: where it routes.
pub fn hints(analysis: &Analysis, range: Span) -> Vec<(usize, String)> {
    if analysis.has_errors() {
        return Vec::new();
    }
    let router = Router::new(&analysis.policy);
    let inside = |s: Span| range.start <= s.start && s.end <= range.end;
    let route = |message: &str| {
        let decision = router.route(message);
        let handoff = if decision.handoff { ", handed off" } else { "" };
        match &decision.topic {
            Some(topic) => format!("→ {topic}{handoff}"),
            None => format!("→ no topic{handoff}"),
        }
    };
    let mut out = Vec::new();
    for test in analysis.model.tests.iter().filter(|t| inside(t.span)) {
        out.push((test.span.end as usize, route(&test.message.text)));
    }
    for topic in &analysis.model.topics {
        for phrase in topic.about.iter().filter(|p| inside(p.span)) {
            out.push((phrase.span.end as usize, route(&phrase.text)));
        }
    }
    out.sort();
    out
}

/// Every test message's variants (a dropped letter, caps, extra words...)
/// that the rules decide differently, as JSON for the editor.
pub fn messy_report(analysis: &Analysis) -> Value {
    let router = Router::new(&analysis.policy);
    let mut report = Vec::new();
    for (test, at) in analysis.policy.tests.iter().zip(&analysis.model.tests) {
        let original = router.route(&test.message);
        for (kind, variant, decision) in messy::decided_differently(&router, &test.message) {
            report.push(json!({
                "line": test.span.line,
                "message": test.message,
                "variant": variant,
                "how": kind,
                "decision": decision.summary(),
                "instead_of": original.summary(),
                "start": at.span.start,
            }));
        }
    }
    Value::Array(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenses_say_pass_and_fail_and_hints_say_where_phrases_go() {
        let text = "business \"B\"\ntopic booking: about book; handoff when today; collect day\n\
                    topic menu: about menu\n\
                    test \"can I book\" -> booking\ntest \"the menu please\" -> booking\n";
        let analysis = Analysis::new(text);
        let titles: Vec<String> = outcomes(&analysis).into_iter().map(|o| o.title).collect();
        assert_eq!(
            titles,
            [
                "✓ passes: booking (answered)",
                "✗ fails: got menu (answered), expected booking (answered)"
            ]
        );
        let hints = hints(&analysis, Span::new(0, text.len()));
        let labels: Vec<&str> = hints.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["→ booking", "→ menu", "→ booking", "→ menu"]);
        let broken = Analysis::new("topik x\ntest \"a\" -> handoff\n");
        assert_eq!(outcomes(&broken)[0].passed, None);
    }
}
