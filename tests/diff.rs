//! `handoff diff`: every kind of widening is reported, grouped first; then
//! what got stricter; then wording. Formats, `--fail-on-wider`, revisions.

use crate::common::handoff;
use serde_json::Value;

const BEFORE: &str = "\
business \"Salon\"
never promise price, refund
handoff when lawyer, \"speak to a person\"
fallback handoff
system calendar: read
system bookings: write with approval
topic booking:
  about book
  may suggest times using calendar
  must not confirm
  handoff when today
  collect day, name
topic complaint:
  about unhappy
  risk judgment
  handoff always
  collect what happened
";

const AFTER: &str = "\
business \"Salon\"
never promise price
handoff when \"Speak to a person!\"
fallback answer
system calendar: write
system bookings: write with approval
topic booking:
  about book, appointment
  may suggest times using calendar
  may confirm the booking using calendar
  collect day
topic complaint:
  about unhappy
  risk binding
  must not argue
  handoff when refund
  collect what happened, contact route
";

fn diff(extra: &[&str]) -> crate::common::Run {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (
        dir.path().join("old.handoff"),
        dir.path().join("new.handoff"),
    );
    std::fs::write(&old, BEFORE).unwrap();
    std::fs::write(&new, AFTER).unwrap();
    let (old, new) = (
        old.to_string_lossy().into_owned(),
        new.to_string_lossy().into_owned(),
    );
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    handoff(&args)
}

#[test]
fn every_kind_of_widening_is_reported_first() {
    let run = diff(&["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let review: Value = serde_json::from_str(&run.stdout).unwrap();
    let kinds = |group: &str| -> Vec<String> {
        review[group]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let wider = kinds("wider");
    for kind in [
        "never_promise_removed",      // a `never promise` item removed
        "handoff_when_removed",       // a top-level handoff condition dropped
        "fallback_answer",            // unmatched messages answered by the agent
        "system_access_widened",      // calendar: read -> write
        "may_added",                  // may confirm the booking
        "must_not_removed",           // must not confirm
        "topic_handoff_when_removed", // handoff when today
        "collect_removed",            // name no longer collected
        "handoff_always_removed",     // complaint no longer always handed off
        "risk_lowered",               // judgment -> binding
    ] {
        assert!(
            wider.contains(&kind.to_string()),
            "{kind} missing from {wider:?}"
        );
    }
    let stricter = kinds("stricter");
    for kind in [
        "must_not_added",
        "topic_handoff_when_added",
        "collect_added",
    ] {
        assert!(
            stricter.contains(&kind.to_string()),
            "{kind} missing from {stricter:?}"
        );
    }
    let wording = kinds("wording");
    assert!(
        wording.contains(&"reworded".to_string()),
        "respelling is wording: {wording:?}"
    );
    assert!(wording.contains(&"about_added".to_string()));
    let reworded = &review["wording"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "reworded")
        .unwrap();
    assert_eq!(
        reworded["message"],
        "handoff when `speak to a person` is now written `Speak to a person!`"
    );
}

#[test]
fn human_and_markdown_put_wider_first() {
    let run = diff(&[]);
    insta::assert_snapshot!("diff_human", run.stdout);
    let md = diff(&["--format", "markdown"]);
    assert!(md.stdout.contains("> [!WARNING]"));
    let wider = md.stdout.find("#### ⚠️ Wider").unwrap();
    let stricter = md.stdout.find("#### Stricter").unwrap();
    assert!(wider < stricter);
}

#[test]
fn fail_on_wider_exits_1_only_when_autonomy_widened() {
    assert_eq!(diff(&["--fail-on-wider"]).code, 1);
    let same = handoff(&[
        "diff",
        "examples/salon.handoff",
        "examples/salon.handoff",
        "--fail-on-wider",
    ]);
    assert_eq!(same.code, 0);
    assert_eq!(same.stdout, "No changes to the rules.\n");
}

#[test]
fn git_revisions_of_a_file_can_be_compared() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    git(&["init", "-q"]);
    std::fs::write(dir.path().join("rules.handoff"), BEFORE).unwrap();
    git(&["add", "rules.handoff"]);
    git(&["commit", "-qm", "before"]);
    std::fs::write(dir.path().join("rules.handoff"), AFTER).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args([
            "diff",
            "HEAD:rules.handoff",
            "rules.handoff",
            "--fail-on-wider",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("`must not confirm` was removed"));
    let missing = handoff(&["diff", "nope:rules.handoff", "examples/salon.handoff"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn keeping_more_personal_data_fails_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let rules = "business \"Salon\"\nlanguage sv\nlog: save question; redact names\n";
    let wider = rules
        .replace("save question", "save question, phone numbers, card number")
        .replace("language sv", "language sv, en");
    let (old, new) = (
        dir.path().join("old.handoff"),
        dir.path().join("new.handoff"),
    );
    std::fs::write(&old, rules).unwrap();
    std::fs::write(&new, wider).unwrap();
    let run = handoff(&[
        "diff",
        &old.to_string_lossy(),
        &new.to_string_lossy(),
        "--fail-on-wider",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for said in [
        "phone numbers are now kept in the conversation log",
        "card number are now kept in the conversation log",
        "customers who write in `en`",
    ] {
        assert!(run.stdout.contains(said), "{said}: {}", run.stdout);
    }
}
