//! `handoff test`: every `test` line routed and compared with its
//! expectation, every `test reply` line checked by the guard, coverage of
//! topics, handoff phrases and `never promise` phrases, and with `--messy`
//! the variants of each message that are decided differently.

use std::fmt::Write as _;
use std::io::Write;

use handoff_guard::Guard;
use handoff_project::Project;
use handoff_route::{Router, messy};
use handoff_testing::{Kind, TestResult};

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
        let run = handoff_testing::run(&policy, &router, &Guard::new(&policy));
        passed += run.passed();
        failed += run.failed();
        for result in &run.results {
            print_result(result, &mut out);
            if args.messy && result.kind == Kind::Message {
                messy_report(&router, result, &mut out);
            }
        }
        if !run.coverage.is_empty() {
            let _ = writeln!(out, "  coverage:");
            for gap in &run.coverage {
                let _ = writeln!(out, "    {}", gap.message);
            }
        }
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

/// A passing test on one line; a failing one with what it expected, what
/// it got, and why.
fn print_result(result: &TestResult, out: &mut String) {
    let what = match result.kind {
        Kind::Message => format!("{:?}", result.text),
        Kind::Reply => {
            let on = result
                .topic
                .as_deref()
                .map_or_else(String::new, |t| format!(" on {t}"));
            format!("reply {:?}{on}", result.text)
        }
    };
    if result.passed {
        let _ = writeln!(
            out,
            "  pass  line {}: {what} -> {}",
            result.line, result.expected
        );
        return;
    }
    let _ = writeln!(out, "  FAIL  line {}: {what}", result.line);
    let _ = writeln!(out, "        expected {}", result.expected);
    let _ = writeln!(out, "        got      {}", result.got);
    for why in &result.why {
        let _ = writeln!(out, "          {why}");
    }
}

fn messy_report(router: &Router<'_>, result: &TestResult, out: &mut String) {
    let original = router.route(&result.text);
    for (kind, variant, decision) in messy::decided_differently(router, &result.text) {
        let _ = writeln!(
            out,
            "        messy ({kind}) {variant:?}: {} instead of {}",
            decision.summary(),
            original.summary()
        );
    }
}
