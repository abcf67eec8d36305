//! The rules' own tests, run: every `test` line routed and compared with
//! its expectation, every `test reply` line checked by the guard, and the
//! coverage they leave (topics no test reaches, hand-over phrases no test
//! fires, `never promise` phrases no reply test breaks).
//!
//! This is the one runner: `handoff test` prints its results, the language
//! server turns them into code lenses, the web page and the Python and Node
//! packages hand them over as data. Each front end only chooses how to show
//! a [`TestResult`]; none decides whether a test passed.

use std::collections::BTreeSet;

use handoff_guard::{Guard, Verdict};
use handoff_policy::{Phrase, Policy, ReplyTest};
use handoff_route::{Decision, Router, RuleKind, expectation_summary};
use serde::Serialize;
use serde_json::Value;

/// Every test's result, in file order per kind (`test` lines, then `test
/// reply` lines), and what the tests leave uncovered.
#[derive(Clone, Debug, Serialize)]
pub struct Run {
    pub results: Vec<TestResult>,
    pub coverage: Vec<Gap>,
}

impl Run {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed).count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// Which kind of test line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `test "MESSAGE" -> EXPECT`: a customer's message and where it goes.
    Message,
    /// `test reply "REPLY" [on TOPIC] -> ok | breaks PHRASE`.
    Reply,
}

/// One test line's result.
#[derive(Clone, Debug, Serialize)]
pub struct TestResult {
    pub kind: Kind,
    /// The test's line in the source, 1-based.
    pub line: u32,
    /// The customer's message or the agent's reply.
    pub text: String,
    /// A reply test's conversation topic (`on TOPIC`).
    pub topic: Option<String>,
    pub passed: bool,
    /// What the line expects, in its own words: `booking (answered)`,
    /// `ok`, `breaks price`.
    pub expected: String,
    /// What happened, in the same words.
    pub got: String,
    /// Why, one sentence each: the rules that decided the message, or each
    /// rule the reply breaks and the words that break it.
    pub why: Vec<String>,
    /// The router's decision or the guard's verdict, as their JSON.
    pub detail: Value,
}

/// Something no test covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The line of the topic or phrase.
    pub line: u32,
    /// In words: ``topic `menu` (line 4) is reached by no test``.
    pub message: String,
}

/// Runs every test of `policy` with a router and guard built on it.
pub fn run(policy: &Policy, router: &Router<'_>, guard: &Guard<'_>) -> Run {
    let mut decisions = Vec::with_capacity(policy.tests.len());
    let mut results = Vec::with_capacity(policy.tests.len() + policy.reply_tests.len());
    for test in &policy.tests {
        let decision = router.route(&test.message);
        let mut why: Vec<String> = decision
            .reasons
            .iter()
            .map(|r| format!("because {}", r.describe()))
            .collect();
        if why.is_empty() && decision.topic.is_none() && !decision.handoff {
            why.push(
                "because no rule matched and `fallback answer` lets the agent answer".to_string(),
            );
        }
        results.push(TestResult {
            kind: Kind::Message,
            line: test.span.line,
            text: test.message.clone(),
            topic: None,
            passed: decision.meets(&test.expect),
            expected: expectation_summary(&test.expect),
            got: decision.summary(),
            why,
            detail: serde_json::to_value(&decision).unwrap_or(Value::Null),
        });
        decisions.push(decision);
    }
    let mut verdicts = Vec::with_capacity(policy.reply_tests.len());
    for test in &policy.reply_tests {
        let verdict = guard.check(&test.reply, test.topic.as_deref());
        results.push(reply_result(test, &verdict));
        verdicts.push(verdict);
    }
    Run {
        results,
        coverage: coverage(policy, &decisions, &verdicts),
    }
}

fn reply_result(test: &ReplyTest, verdict: &Verdict) -> TestResult {
    let got = if verdict.ok {
        "ok".to_string()
    } else {
        let broken: Vec<&str> = verdict.broken.iter().map(|b| b.phrase.as_str()).collect();
        format!("breaks {}", broken.join(", "))
    };
    let why = if verdict.ok {
        vec!["it breaks no rule".to_string()]
    } else {
        verdict
            .broken
            .iter()
            .map(|b| {
                format!(
                    "breaks `{} {}` (line {}) in {:?}: {}",
                    b.rule.as_str(),
                    b.phrase,
                    b.line,
                    b.piece,
                    b.why
                )
            })
            .collect()
    };
    TestResult {
        kind: Kind::Reply,
        line: test.span.line,
        text: test.reply.clone(),
        topic: test.topic.clone(),
        passed: verdict.meets(test),
        expected: test
            .breaks
            .as_ref()
            .map_or_else(|| "ok".to_string(), |p| format!("breaks {p}")),
        got,
        why,
        detail: serde_json::to_value(verdict).unwrap_or(Value::Null),
    }
}

/// Topics no test reaches, hand-over phrases no test fires, and `never
/// promise` phrases no reply test breaks, in that order.
fn coverage(policy: &Policy, decisions: &[Decision], verdicts: &[Verdict]) -> Vec<Gap> {
    let reached: BTreeSet<&str> = decisions
        .iter()
        .filter_map(|d| d.topic.as_deref())
        .collect();
    let fired: BTreeSet<(RuleKind, u32, &str)> = decisions
        .iter()
        .flat_map(|d| &d.reasons)
        .filter_map(|r| Some((r.rule, r.line?, r.phrase.as_deref()?)))
        .collect();
    let mut gaps: Vec<Gap> = policy
        .topics
        .iter()
        .filter(|t| !reached.contains(t.name.as_str()))
        .map(|t| Gap {
            line: t.span.line,
            message: format!(
                "topic `{}` (line {}) is reached by no test",
                t.name, t.span.line
            ),
        })
        .collect();
    let mut unfired = |rule: RuleKind, clause: &str, phrases: &[Phrase]| {
        for p in phrases {
            if !fired.contains(&(rule, p.span.line, p.text.as_str())) {
                gaps.push(Gap {
                    line: p.span.line,
                    message: format!(
                        "`{clause} {}` (line {}) is exercised by no test",
                        p.text, p.span.line
                    ),
                });
            }
        }
    };
    for topic in &policy.topics {
        unfired(RuleKind::MustNot, "must not", &topic.must_not);
        unfired(RuleKind::HandoffWhen, "handoff when", &topic.handoff.when);
    }
    unfired(
        RuleKind::GlobalHandoffWhen,
        "handoff when",
        &policy.handoff_when,
    );
    let broken: BTreeSet<(u32, &str)> = verdicts
        .iter()
        .flat_map(|v| &v.broken)
        .filter(|b| b.rule == handoff_guard::RuleKind::NeverPromise)
        .map(|b| (b.line, b.phrase.as_str()))
        .collect();
    for p in &policy.never_promise {
        if !broken.contains(&(p.span.line, p.text.as_str())) {
            gaps.push(Gap {
                line: p.span.line,
                message: format!(
                    "`never promise {}` (line {}) is broken by no reply test",
                    p.text, p.span.line
                ),
            });
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_text(text: &str) -> Run {
        let analysis = handoff_analysis::Analysis::new(text);
        assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics);
        let policy = &analysis.policy;
        run(policy, &Router::new(policy), &Guard::new(policy))
    }

    #[test]
    fn results_say_what_was_expected_what_happened_and_why() {
        let run = run_text(
            "business \"B\"\nnever promise refund, discount\n\
             topic booking: about book; must not confirm\ntopic menu: about menu\n\
             test \"can I book\" -> booking\ntest \"the menu please\" -> booking\n\
             test reply \"You will get a full refund\" -> breaks refund\n\
             test reply \"We open at nine\" -> breaks refund\n",
        );
        assert_eq!((run.passed(), run.failed()), (2, 2));
        let r = &run.results;
        assert_eq!(
            (r[0].kind, r[0].line, r[0].passed),
            (Kind::Message, 5, true)
        );
        assert_eq!(r[0].got, "booking (answered)");
        assert!(
            r[0].why.iter().any(|w| w.contains("book")),
            "{:?}",
            r[0].why
        );
        assert!(!r[1].passed);
        assert_eq!(r[1].got, "menu (answered)");
        assert_eq!(r[1].expected, "booking (answered)");
        assert_eq!((r[2].kind, r[2].passed), (Kind::Reply, true));
        assert_eq!(r[2].got, "breaks refund");
        assert!(r[2].why[0].starts_with("breaks `never promise refund` (line 2)"));
        assert_eq!((r[3].passed, r[3].got.as_str()), (false, "ok"));
        assert_eq!(r[3].why, ["it breaks no rule"]);
        let gaps: Vec<&str> = run.coverage.iter().map(|g| g.message.as_str()).collect();
        assert_eq!(
            gaps,
            [
                "`must not confirm` (line 3) is exercised by no test",
                "`never promise discount` (line 2) is broken by no reply test",
            ]
        );
    }

    #[test]
    fn a_topic_no_test_reaches_is_a_gap() {
        let run = run_text(
            "topic booking: about book\ntopic menu: about menu\ntest \"book\" -> booking\n",
        );
        assert_eq!(run.coverage.len(), 1);
        assert_eq!(run.coverage[0].line, 2);
        assert!(run.coverage[0].message.starts_with("topic `menu`"));
    }
}
