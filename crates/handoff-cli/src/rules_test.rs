//! `handoff test`: every `test` line routed and compared with its
//! expectation, coverage of topics and handoff phrases, and with `--messy`
//! the variants of each message that are decided differently.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use handoff_policy::{Policy, Test};
use handoff_project::Project;
use handoff_route::{Decision, Router, RuleKind, expectation_summary, messy};

use crate::cli::TestArgs;
use crate::route::compile;
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
                    expectation_summary(&test.expect)
                );
            } else {
                failed += 1;
                let _ = writeln!(out, "  FAIL  line {}: {:?}", test.span.line, test.message);
                let _ = writeln!(
                    out,
                    "        expected {}",
                    expectation_summary(&test.expect)
                );
                let _ = writeln!(out, "        got      {}", decision.summary());
                for reason in &decision.reasons {
                    let _ = writeln!(out, "          because {}", reason.describe());
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
        coverage(&policy, &decisions, &mut out);
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

fn messy_report(router: &Router<'_>, test: &Test, original: &Decision, out: &mut String) {
    for (kind, variant, decision) in messy::decided_differently(router, &test.message) {
        let _ = writeln!(
            out,
            "        messy ({kind}) {variant:?}: {} instead of {}",
            decision.summary(),
            original.summary()
        );
    }
}

/// Topics no test reaches, and handoff phrases no test exercises.
fn coverage(policy: &Policy, decisions: &[Decision], out: &mut String) {
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
    let gaps: Vec<String> = unreached.chain(gaps).collect();
    if !gaps.is_empty() {
        let _ = writeln!(out, "  coverage:");
        for gap in gaps {
            let _ = writeln!(out, "    {gap}");
        }
    }
}
