//! The conversation log and `handoff report`, through the real binary:
//! `route --log` and `guard --log` write records the log schema accepts,
//! with personal data removed; a report counts them as the JSON says, on
//! the page too (in headless Chromium), loading nothing from outside; a
//! torn last line is skipped and said; the rules' git history shows what
//! each change did.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::handoff;

/// A week of messages to the salon: (day, channel, message, reply).
const WEEK: &[(u32, &str, &str, Option<&str>)] = &[
    (
        23,
        "whatsapp",
        "hi can i book a haircut friday? 070-123 45 67",
        Some("Sure, I can suggest Friday at 10 or 14."),
    ),
    (
        23,
        "instagram",
        "what are your opening hours",
        Some("We are open 9 to 18 on weekdays."),
    ),
    (
        24,
        "whatsapp",
        "my hair is ruined after the colour, I want a refund",
        None,
    ),
    (24, "web", "do you sell gift cards?", None),
    (
        25,
        "whatsapp",
        "kan jag boka tid på fredag? mejla anna@example.com",
        Some("Din tid är bekräftad på fredag kl 14!"),
    ),
    (
        26,
        "instagram",
        "do you sell gift cards for christmas",
        None,
    ),
    (
        27,
        "whatsapp",
        "can I cancel my appointment",
        Some("Of course, which day was it?"),
    ),
    (29, "web", "is there parking nearby?", None),
];

fn write_week(dir: &Path, rules: &str) -> std::path::PathBuf {
    let log = dir.join("week.jsonl");
    for (i, (day, channel, message, reply)) in WEEK.iter().enumerate() {
        let time = format!("2026-11-{day}T1{}:00:00+01:00", i % 10);
        let conversation = format!("thread-{}", i % 5);
        let log_arg = log.to_string_lossy().into_owned();
        let common = [
            "--log",
            &log_arg,
            "--channel",
            channel,
            "--conversation",
            &conversation,
            "--time",
            &time,
        ];
        let run = match reply {
            Some(reply) => {
                let mut args = vec!["guard", rules, reply, "--message", message];
                args.extend(common);
                handoff(&args)
            }
            None => {
                let mut args = vec!["route", rules, message];
                args.extend(common);
                handoff(&args)
            }
        };
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    }
    log
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn logged_records_validate_and_hold_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_week(dir.path(), "examples/salon.handoff");
    let run = handoff(&["build", "examples/salon.handoff", "--emit", "log-schema"]);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let records = lines(&log);
    assert_eq!(records.len(), WEEK.len());
    for record in &records {
        let errors: Vec<String> = validator
            .iter_errors(record)
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{record}");
    }
    let text = std::fs::read_to_string(&log).unwrap();
    for private in ["070-123", "anna@example.com"] {
        assert!(!text.contains(private), "{private} in the log");
    }
    assert!(text.contains("[phone]") && text.contains("[email]"));
    // The Swedish confirmation was held back, with the rule and its piece.
    let held = &records[4];
    assert_eq!(held["handed_off"], true);
    assert_eq!(held["held"][0]["rule"], "must not");
    // The Swedish rule of the two the file writes for confirming.
    assert_eq!(held["held"][0]["phrase"], "bekräfta");
    assert_eq!(held["topic"], "booking");
}

/// Without `--time` a record has the time it was written, in UTC: the
/// report still knows its day.
#[test]
fn a_record_of_now_has_its_day_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("now.jsonl");
    let log_arg = log.to_string_lossy().into_owned();
    let run = handoff(&[
        "route",
        "examples/salon.handoff",
        "can i book a cut?",
        "--log",
        &log_arg,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let time = lines(&log)[0]["time"].as_str().unwrap().to_string();
    assert!(time.ends_with('Z'), "{time}");
    let run = handoff(&["report", &log_arg, "--format", "json"]);
    let week: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(week["from"], time[..10]);
    assert_eq!(week["days"][0]["messages"], 1);
}

#[test]
fn guard_log_needs_the_message() {
    let run = handoff(&[
        "guard",
        "examples/salon.handoff",
        "Booked!",
        "--log",
        "/nonexistent/x.jsonl",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--message"), "{}", run.stderr);
}

#[test]
fn the_report_counts_what_the_log_holds() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_week(dir.path(), "examples/salon.handoff");
    let log_arg = log.to_string_lossy().into_owned();
    let run = handoff(&[
        "report",
        &log_arg,
        "--rules",
        "examples/salon.handoff",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let week: Value = serde_json::from_str(&run.stdout).unwrap();
    let records = lines(&log);
    let count = |f: &dyn Fn(&Value) -> bool| records.iter().filter(|r| f(r)).count() as u64;
    assert_eq!(week["messages"], WEEK.len() as u64);
    assert_eq!(week["handed_off"], count(&|r| r["handed_off"] == true));
    assert_eq!(week["answered"], count(&|r| r["handed_off"] == false));
    assert_eq!(week["no_topic"], count(&|r| r["topic"].is_null()));
    assert_eq!(week["held"], 1);
    assert_eq!(week["conversations"], 5);
    assert_eq!(week["from"], "2026-11-23");
    assert_eq!(week["to"], "2026-11-29");
    // Every day of the period, the quiet 28th too.
    let days: Vec<&str> = week["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    assert_eq!(days.len(), 7);
    assert_eq!(week["days"][5]["messages"], 0);
    let topics: u64 = week["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["messages"].as_u64().unwrap())
        .sum();
    assert_eq!(topics, WEEK.len() as u64);
    // The two gift-card questions no topic caught make a group.
    let group = &week["uncertain"][0];
    assert_eq!(group["count"], 2, "{week:#}");
    assert!(
        group["shared"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "gift"),
        "{group}"
    );
    assert!(!week["never_fired"].as_array().unwrap().is_empty());

    let text = handoff(&["report", &log_arg, "--rules", "examples/salon.handoff"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for expected in [
        "8 messages in 5 conversations",
        "replies the guard held back",
        "must not \"bekräfta\"",
        "2 messages share",
        "rules that never fired",
    ] {
        assert!(
            text.stdout.contains(expected),
            "{expected}:\n{}",
            text.stdout
        );
    }
}

#[test]
fn the_log_reads_as_an_inbox_so_what_no_topic_caught_becomes_about_words() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_week(dir.path(), "examples/salon.handoff");
    let run = handoff(&[
        "inbox",
        &log.to_string_lossy(),
        "--rules",
        "examples/salon.handoff",
        "--suggest",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("a conversation log"), "{}", run.stderr);
    assert!(run.stdout.contains("2 messages share"), "{}", run.stdout);
    assert!(
        run.stdout.contains("+topic") || run.stdout.contains("+  about"),
        "a diff:\n{}",
        run.stdout
    );
}

#[test]
fn a_torn_last_line_is_skipped_and_said_and_bad_logs_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_week(dir.path(), "examples/salon.handoff");
    let mut bytes = std::fs::read(&log).unwrap();
    bytes.extend_from_slice(b"{\"time\":\"2026-11-30T10:00:00Z\",\"pol");
    std::fs::write(&log, &bytes).unwrap();
    let log_arg = log.to_string_lossy().into_owned();
    let run = handoff(&["report", &log_arg, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{}:9: skipped: the last line was cut short",
            log.display()
        )),
        "{}",
        run.stderr
    );
    let week: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(week["messages"], WEEK.len() as u64);

    for (name, content) in [
        ("empty.jsonl", &b""[..]),
        ("meta.json", b"{\"participants\": []}\n"),
        ("binary.jsonl", b"\xff\x00\xfe"),
    ] {
        let bad = dir.path().join(name);
        std::fs::write(&bad, content).unwrap();
        let page = dir.path().join(format!("{name}.html"));
        let run = handoff(&[
            "report",
            &bad.to_string_lossy(),
            "--html",
            &page.to_string_lossy(),
        ]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains("no records"), "{name}: {}", run.stderr);
        assert!(!page.exists(), "{name}: nothing written");
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_rules_history_says_what_each_change_did() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.handoff");
    let salon =
        std::fs::read_to_string(crate::common::root().join("examples/salon.handoff")).unwrap();
    std::fs::write(&rules, &salon).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "rules.handoff"]);
    git(dir.path(), &["commit", "-q", "-m", "first rules"]);
    let rules_arg = rules.to_string_lossy().into_owned();
    write_week(dir.path(), &rules_arg);
    // Mid-week the owner adds a topic for gift cards.
    std::fs::write(&rules, format!("{salon}\ntopic gift-cards: about gift card, gift cards, presentkort\n  may answer from the price list\n")).unwrap();
    git(
        dir.path(),
        &["commit", "-q", "-am", "gift cards get a topic"],
    );
    let log = dir.path().join("week.jsonl");
    let log_arg = log.to_string_lossy().into_owned();
    let run = handoff(&[
        "route",
        &rules_arg,
        "do you sell gift cards",
        "--log",
        &log_arg,
        "--time",
        "2026-11-30T10:00:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = handoff(&[
        "report", &log_arg, "--rules", &rules_arg, "--format", "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let week: Value = serde_json::from_str(&run.stdout).unwrap();
    let versions = week["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{week:#}");
    assert_eq!(versions[0]["commit"]["subject"], "first rules");
    assert_eq!(versions[0]["messages"], WEEK.len() as u64);
    assert_eq!(versions[1]["commit"]["subject"], "gift cards get a topic");
    assert_eq!(versions[1]["no_topic"], 0);
    let changes: Vec<&str> = versions[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        changes.iter().any(|c| c.contains("gift-cards")),
        "{changes:?}"
    );
}

#[test]
fn the_page_renders_in_chromium_matches_the_json_and_loads_nothing() {
    let Some(browser) = crate::outputs::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = write_week(dir.path(), "examples/salon.handoff");
    let page = dir.path().join("week.html");
    let log_arg = log.to_string_lossy().into_owned();
    let run = handoff(&[
        "report",
        &log_arg,
        "--rules",
        "examples/salon.handoff",
        "--html",
        &page.to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let week: Value = serde_json::from_str(&run.stdout).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    for external in [
        "src=", "href=", "@import", "url(", "<script", "<link", "http:", "https:",
    ] {
        assert!(
            !html.contains(external),
            "the page loads nothing ({external})"
        );
    }
    let url = format!("file://{}", page.display());
    let dom = crate::outputs::run_chromium(&browser, dir.path(), &["--dump-dom", &url]);
    assert_eq!(dom.matches("<h1>").count(), 1);
    assert!(dom.contains("<svg"), "charts are drawn");
    // The cards, as the browser reads them, say what the JSON says.
    for figure in ["messages", "answered", "handed_off", "no_topic", "held"] {
        let card = format!(
            "<span class=\"n\" data-figure=\"{figure}\">{}</span>",
            week[figure]
        );
        assert!(dom.contains(&card), "{card}");
    }
    for topic in week["topics"].as_array().unwrap() {
        let name = topic["name"].as_str().unwrap_or("(no topic)");
        let row = format!(
            "<tr data-topic=\"{name}\"><td>{name}</td><td class=\"n\" data-figure=\"messages\">{}</td><td class=\"n\" data-figure=\"answered\">{}</td><td class=\"n\" data-figure=\"handed_off\">{}</td>",
            topic["messages"], topic["answered"], topic["handed_off"]
        );
        assert!(dom.contains(&row), "{row}");
    }
    let png = dir.path().join("week.png");
    crate::outputs::run_chromium(
        &browser,
        dir.path(),
        &[
            "--window-size=1000,2000",
            &format!("--screenshot={}", png.display()),
            &url,
        ],
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 5_000);
}
