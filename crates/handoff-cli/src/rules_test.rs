//! `handoff test`: every `test` line routed and compared with its
//! expectation, every `test reply` line checked by the guard, coverage of
//! topics, handoff phrases and `never promise` phrases, and with `--messy`
//! the variants of each message that are decided differently.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use handoff_guard::{Guard, Verdict};
use handoff_policy::{Policy, ReplyTest, Test};
use handoff_project::Project;
use handoff_route::{Decision, Router, RuleKind, messy};

use crate::cli::TestArgs;
use crate::route::{compile, reason_text};
use crate::{Outcome, RunError, inputs};

pub(crate) fn run(args: TestArgs) -> Result<Outcome, RunError> {
    let mut passed = 0;
    let mut failed = 0;
    let mut broken_files = false;
    let mut out = String::new();
    let mut project = Project::new();
    for path in handoff_project::find_files(&args.paths)? {
        let input = inputs::read(&path)?;
        let Some(policy) = compile(&path, input.bytes, args.color, &mut project)? else {
            broken_files = true;
            continue;
        };
        let _ = writeln!(out, "{}", path.display());
        let router = Router::new(&policy);
        let mut decisions = Vec::new();
        for test in &policy.tests {
            let decision = router.route(&test.message);
            if decision.meets(&test.expect) {
                passed += 1;
                let _ = writeln!(
                    out,
                    "  pass  line {}: {:?} -> {}",
                    test.span.line,
                    test.message,
                    expected(test)
                );
            } else {
                failed += 1;
                let _ = writeln!(out, "  FAIL  line {}: {:?}", test.span.line, test.message);
                let _ = writeln!(out, "        expected {}", expected(test));
                let _ = writeln!(out, "        got      {}", got(&decision));
                for reason in &decision.reasons {
                    let _ = writeln!(out, "          because {}", reason_text(reason));
                }
                if decision.reasons.is_empty() {
                    let _ = writeln!(
                        out,
                        "          because no rule matched and `fallback answer` lets the agent answer"
                    );
                }
            }
            if args.messy {
                messy_report(&router, test, &decision, &mut out);
            }
            decisions.push(decision);
        }
        let guard = Guard::new(&policy);
        let mut verdicts = Vec::new();
        for test in &policy.reply_tests {
            let verdict = guard.check(&test.reply, test.topic.as_deref());
            if meets(&verdict, test) {
                passed += 1;
                let _ = writeln!(
                    out,
                    "  pass  line {}: reply {:?}{} -> {}",
                    test.span.line,
                    test.reply,
                    on(test),
                    expected_reply(test)
                );
            } else {
                failed += 1;
                let _ = writeln!(
                    out,
                    "  FAIL  line {}: reply {:?}{}",
                    test.span.line,
                    test.reply,
                    on(test)
                );
                let _ = writeln!(out, "        expected {}", expected_reply(test));
                if verdict.ok {
                    let _ = writeln!(out, "        got      ok: it breaks no rule");
                }
                for b in &verdict.broken {
                    let _ = writeln!(
                        out,
                        "        got      breaks `{} {}` in {:?}: {}",
                        b.rule.as_str(),
                        b.phrase,
                        b.piece,
                        b.why
                    );
                }
            }
            verdicts.push(verdict);
        }
        coverage(&policy, &decisions, &verdicts, &mut out);
    }
    let _ = writeln!(out, "\n{passed} passed, {failed} failed");
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(if failed > 0 || broken_files {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

fn expected(test: &Test) -> String {
    match (&test.expect.topic, test.expect.handoff) {
        (Some(topic), false) => format!("{topic} (answered)"),
        (Some(topic), true) => format!("handoff {topic}"),
        (None, true) => "handoff".to_string(),
        (None, false) => "no topic (answered)".to_string(),
    }
}

/// `-> ok`: the reply breaks no rule. `-> breaks PHRASE`: it breaks that
/// phrase (the topic's `must not` with `on TOPIC`, else a `never promise`),
/// whatever else it breaks.
fn meets(verdict: &Verdict, test: &ReplyTest) -> bool {
    let Some(phrase) = &test.breaks else {
        return verdict.ok;
    };
    let rule = match test.topic {
        Some(_) => handoff_guard::RuleKind::MustNot,
        None => handoff_guard::RuleKind::NeverPromise,
    };
    let phrase = handoff_text::normalize(phrase);
    verdict
        .broken
        .iter()
        .any(|b| b.rule == rule && handoff_text::normalize(&b.phrase) == phrase)
}

fn on(test: &ReplyTest) -> String {
    test.topic
        .as_deref()
        .map_or_else(String::new, |t| format!(" on {t}"))
}

fn expected_reply(test: &ReplyTest) -> String {
    match &test.breaks {
        None => "ok".to_string(),
        Some(phrase) => format!("breaks {phrase}"),
    }
}

fn got(decision: &Decision) -> String {
    match (&decision.topic, decision.handoff) {
        (Some(topic), false) => format!("{topic} (answered)"),
        (Some(topic), true) => format!("handoff {topic}"),
        (None, true) => "handoff (no topic)".to_string(),
        (None, false) => "answered (no topic)".to_string(),
    }
}

fn messy_report(router: &Router<'_>, test: &Test, original: &Decision, out: &mut String) {
    for (kind, variant) in messy::variants(&test.message) {
        let decision = router.route(&variant);
        if (&decision.topic, decision.handoff) != (&original.topic, original.handoff) {
            let _ = writeln!(
                out,
                "        messy ({kind}) {variant:?}: {} instead of {}",
                got(&decision),
                got(original)
            );
        }
    }
}

/// Topics no test reaches, handoff phrases no test exercises, and `never
/// promise` phrases no reply test breaks.
fn coverage(policy: &Policy, decisions: &[Decision], verdicts: &[Verdict], out: &mut String) {
    let reached: BTreeSet<&str> = decisions
        .iter()
        .filter_map(|d| d.topic.as_deref())
        .collect();
    let fired: BTreeSet<(RuleKind, u32, &str)> = decisions
        .iter()
        .flat_map(|d| &d.reasons)
        .filter_map(|r| Some((r.rule, r.line?, r.phrase.as_deref()?)))
        .collect();
    let mut gaps = Vec::new();
    let mut unexercised = |rule: RuleKind, clause: &str, phrases: &[handoff_policy::Phrase]| {
        for p in phrases {
            if !fired.contains(&(rule, p.span.line, p.text.as_str())) {
                gaps.push(format!(
                    "`{clause} {}` (line {}) is exercised by no test",
                    p.text, p.span.line
                ));
            }
        }
    };
    for topic in &policy.topics {
        unexercised(RuleKind::MustNot, "must not", &topic.must_not);
        unexercised(RuleKind::HandoffWhen, "handoff when", &topic.handoff.when);
    }
    unexercised(
        RuleKind::GlobalHandoffWhen,
        "handoff when",
        &policy.handoff_when,
    );
    let unreached = policy
        .topics
        .iter()
        .filter(|t| !reached.contains(t.name.as_str()))
        .map(|t| {
            format!(
                "topic `{}` (line {}) is reached by no test",
                t.name, t.span.line
            )
        });
    let broken: BTreeSet<(u32, &str)> = verdicts
        .iter()
        .flat_map(|v| &v.broken)
        .filter(|b| b.rule == handoff_guard::RuleKind::NeverPromise)
        .map(|b| (b.line, b.phrase.as_str()))
        .collect();
    for p in &policy.never_promise {
        if !broken.contains(&(p.span.line, p.text.as_str())) {
            gaps.push(format!(
                "`never promise {}` (line {}) is broken by no reply test",
                p.text, p.span.line
            ));
        }
    }
    let gaps: Vec<String> = unreached.chain(gaps).collect();
    if !gaps.is_empty() {
        let _ = writeln!(out, "  coverage:");
        for gap in gaps {
            let _ = writeln!(out, "    {gap}");
        }
    }
}
