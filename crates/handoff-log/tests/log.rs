//! The log through its public API: what a record keeps and removes, that it
//! validates against the schema, and that appends and reads survive a crash.

use std::collections::BTreeMap;

use handoff_guard::Guard;
use handoff_log::{Entry, Recorder, append, read, schema, version};
use handoff_policy::Policy;
use handoff_route::Router;
use serde_json::{Value, json};

const RULES: &str = "business \"Salon\"
never promise price
topic booking: about book, appointment; must not confirm; collect day
topic complaint: about ruined, refund; handoff always
log: save question, answer, sources, mood; redact names, phone numbers, email
";

fn policy(rules: &str) -> Policy {
    handoff_analysis::Analysis::new(rules).policy
}

fn validator(policy: &Policy) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema(policy)).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

#[test]
fn a_record_keeps_what_save_says_redacted_and_validates() {
    let policy = policy(RULES);
    let decision =
        Router::new(&policy).route("can I book an appointment? call me on 070-123 45 67");
    let reply = "Your appointment is confirmed, Anna Berg! The price will be 450 kr.";
    let verdict = Guard::new(&policy).check(reply, decision.topic.as_deref());
    let sources = vec!["booking system".to_string()];
    let mut other = BTreeMap::new();
    other.insert(
        "mood".to_string(),
        "fine, mail anna@example.com".to_string(),
    );
    let entry = Entry {
        message: "can I book an appointment? call me on 070-123 45 67",
        reply: Some(reply),
        time: Some("2026-12-02T10:00:00+01:00"),
        channel: Some("whatsapp"),
        conversation: Some("+46 70 123 45 67"),
        sources: &sources,
        handed_off: None,
        other,
        ..Entry::default()
    }
    .decided(&decision)
    .checked(&verdict);
    let record = Recorder::new(&policy).record(&entry).unwrap();
    let json = serde_json::to_value(&record).unwrap();
    let errors: Vec<String> = validator(&policy)
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new(), "{json:#}");

    assert_eq!(
        json["question"],
        "can I book an appointment? call me on [phone]"
    );
    assert_eq!(
        json["answer"],
        "Your appointment is confirmed, [name]! The price will be 450 kr."
    );
    assert_eq!(json["mood"], "fine, mail [email]");
    // The thread id (a phone number here) is kept only as a hash.
    let conversation = json["conversation"].as_str().unwrap();
    assert_eq!(conversation.len(), 16);
    assert!(!conversation.contains("070"));
    assert_eq!(json["topic"], "booking");
    assert_eq!(json["time"], "2026-12-02T10:00:00+01:00");
    assert_eq!(json["policy"], version(&policy));
    // Held back, so a person takes over.
    assert_eq!(json["handed_off"], true);
    let held: Vec<(&str, &str)> = record
        .held
        .iter()
        .map(|h| (h.rule.as_str(), h.phrase.as_str()))
        .collect();
    assert_eq!(held, [("must not", "confirm"), ("never promise", "price")]);
    assert!(record.held.iter().all(|h| h.piece.is_some()));
    assert_eq!(
        json["rules"][0],
        json!({"rule": "about", "phrase": "appointment", "line": 3})
    );
    assert_eq!(record.day().unwrap().to_string(), "2026-12-02");
    let text = serde_json::to_string(&json).unwrap();
    for private in ["070", "anna@", "Berg"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
}

#[test]
fn what_save_leaves_out_is_never_kept() {
    let policy = policy(
        "business \"Salon\"\ntopic booking: about book\nlog: save topic, handed off; redact names\n",
    );
    let decision = Router::new(&policy).route("book me in please");
    let verdict = Guard::new(&policy).check("Booked!", Some("booking"));
    let sources = ["calendar".to_string()];
    let entry = Entry {
        message: "book me in please",
        reply: Some("Booked!"),
        sources: &sources,
        ..Entry::default()
    }
    .decided(&decision)
    .checked(&verdict);
    let recorder = Recorder::new(&policy);
    let record = recorder.record(&entry).unwrap();
    let json = serde_json::to_value(&record).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["handed_off", "held", "policy", "rules", "time", "topic"]
    );
    assert!(validator(&policy).is_valid(&json));
    // A field the file does not save is refused, in words.
    let mut other = BTreeMap::new();
    other.insert("phone".to_string(), "070".to_string());
    let refused = recorder
        .record(&Entry {
            other,
            ..entry.clone()
        })
        .unwrap_err();
    assert!(
        refused.to_string().contains("does not save `phone`"),
        "{refused}"
    );
    let late = recorder
        .record(&Entry {
            time: Some("yesterday"),
            ..entry
        })
        .unwrap_err();
    assert!(late.to_string().contains("RFC 3339"), "{late}");
}

#[test]
fn the_version_follows_the_rules_and_only_them() {
    let a = policy(RULES);
    assert_eq!(version(&a), version(&policy(RULES)));
    assert_ne!(
        version(&a),
        version(&policy(&RULES.replace("ruined", "broken")))
    );
    assert!(version(&a).starts_with("sha256:") && version(&a).len() == 23);
}

#[test]
fn appends_are_whole_lines_and_a_torn_line_costs_only_itself() {
    let policy = policy(RULES);
    let recorder = Recorder::new(&policy);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let record = |message: &str| {
        let decision = Router::new(&policy).route(message);
        recorder
            .record(
                &Entry {
                    message,
                    time: Some("2026-12-02T10:00:00Z"),
                    ..Entry::default()
                }
                .decided(&decision),
            )
            .unwrap()
    };
    append(&path, &record("book a time")).unwrap();
    // A crash mid-write: half a line, no line end.
    let whole = std::fs::read(&path).unwrap();
    let mut torn = whole.clone();
    torn.extend_from_slice(&whole[..whole.len() / 2]);
    std::fs::write(&path, &torn).unwrap();
    let log = read(&torn);
    assert_eq!(log.records.len(), 1);
    assert_eq!(log.skipped.len(), 1);
    assert_eq!(log.skipped[0].line, 2);
    assert!(
        log.skipped[0].why.contains("cut short"),
        "{:?}",
        log.skipped
    );

    // The next append ends the torn line first: only it is lost.
    append(&path, &record("my hair is ruined")).unwrap();
    let log = read(&std::fs::read(&path).unwrap());
    let topics: Vec<Option<&str>> = log.records.iter().map(|r| r.topic.as_deref()).collect();
    assert_eq!(topics, [Some("booking"), Some("complaint")]);
    assert_eq!(log.skipped.len(), 1);
    assert_eq!(log.skipped[0].line, 2);
    assert!(
        log.skipped[0].why.contains("not a line of JSON"),
        "{:?}",
        log.skipped
    );
}

#[test]
fn reading_never_fails() {
    let log = read(b"{\"time\": 1}\n\xff\xfe\n\n[]\n");
    assert!(log.records.is_empty());
    let lines: Vec<usize> = log.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [1, 2, 4]);
    assert!(
        log.skipped[0].why.contains("not a log record"),
        "{:?}",
        log.skipped
    );
    assert_eq!(read(b""), handoff_log::Log::default());
}

mod any_bytes {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any bytes read as a log: no panic, and every record read is one
        /// that reads back the same once written.
        #[test]
        fn reading_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let log = handoff_log::read(&bytes);
            for record in &log.records {
                let line = serde_json::to_string(record).unwrap();
                prop_assert_eq!(handoff_log::read(line.as_bytes()).records, vec![record.clone()]);
            }
        }

        /// Records with any time, topic and channel text read back as they
        /// were written.
        #[test]
        fn any_record_text_survives_the_round_trip(
            time in "\\PC{0,30}",
            topic in proptest::option::of("\\PC{0,12}"),
            channel in proptest::option::of("\\PC{0,12}"),
        ) {
            let line = serde_json::json!({
                "time": time, "policy": "sha256:0123456789abcdef", "topic": topic,
                "channel": channel, "handed_off": false, "rules": [], "held": [],
            })
            .to_string();
            let log = handoff_log::read(line.as_bytes());
            prop_assert_eq!(log.records.len(), 1);
            let record = &log.records[0];
            prop_assert_eq!(&record.time, &time);
            prop_assert_eq!(&record.topic, &topic);
            prop_assert_eq!(&record.channel, &channel);
        }
    }
}

#[test]
fn rule_names_are_those_route_json_writes() {
    for kind in handoff_route::RuleKind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
}
