//! The reply guard: the conformance vectors from the stored policy alone,
//! `handoff guard` through the real binary, and reply tests in `handoff test`.

use crate::common::{handoff, handoff_with_stdin, root};
use handoff_analysis::Analysis;
use handoff_guard::Guard;
use handoff_policy::Policy;
use serde_json::Value;

#[test]
fn conformance_vectors_pass_from_the_policy_alone() {
    let dir = root().join("tests/guard");
    let vectors: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("vectors.json")).unwrap()).unwrap();
    assert_eq!(vectors["format_version"], handoff_policy::FORMAT_VERSION);
    let mut cases = 0;
    for suite in vectors["suites"].as_array().unwrap() {
        let source = root().join(suite["source"].as_str().unwrap());
        let stored = std::fs::read_to_string(dir.join(suite["policy"].as_str().unwrap())).unwrap();
        // The stored policy is the example's compiled policy (the routing
        // vectors' test rewrites it with HANDOFF_UPDATE_VECTORS).
        let compiled = Analysis::from_bytes(std::fs::read(&source).unwrap()).policy;
        assert!(
            stored == compiled.to_json(),
            "{} is stale: run HANDOFF_UPDATE_VECTORS=1 cargo test -p handoff-cli --test e2e routing::",
            suite["policy"]
        );
        let policy = Policy::from_json(&stored).unwrap();
        let guard = Guard::new(&policy);
        for case in suite["cases"].as_array().unwrap() {
            let reply = case["reply"].as_str().unwrap();
            let verdict = guard.check(reply, case["topic"].as_str());
            let broken: Vec<String> = verdict
                .broken
                .iter()
                .map(|b| format!("{} {}", b.rule.as_str(), b.phrase))
                .collect();
            let expected: Vec<&str> = case["broken"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_str().unwrap())
                .collect();
            assert_eq!(
                (verdict.ok, broken),
                (
                    case["ok"].as_bool().unwrap(),
                    expected.iter().map(|s| s.to_string()).collect()
                ),
                "{}: {reply:?} ({})",
                suite["source"],
                case["why"]
            );
            cases += 1;
        }
    }
    assert!(cases >= 40, "the vectors cover {cases} cases");
}

#[test]
fn guard_holds_a_reply_that_breaks_a_rule_and_underlines_the_piece() {
    let run = handoff(&[
        "guard",
        "examples/salon.handoff",
        "Hej! I can give you 20% off.\nThe price will be 450 kr.",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn guard_lets_a_harmless_reply_through() {
    let run = handoff(&["guard", "examples/salon.handoff", "A haircut costs 450 kr."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "ok: the reply breaks no rule and may be sent\n");
}

#[test]
fn guard_json_has_exactly_the_documented_keys() {
    let run = handoff(&[
        "guard",
        "--format",
        "json",
        "--topic",
        "booking",
        "tests/routing/salon.policy.json",
        "Åh! Your booking is confirmed.",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let verdict: Value = serde_json::from_str(&run.stdout).unwrap();
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&verdict), ["broken", "ok"]);
    assert_eq!(verdict["ok"], false);
    let broken = &verdict["broken"][0];
    assert_eq!(
        keys(broken),
        [
            "end", "line", "phrase", "piece", "rule", "start", "topic", "why"
        ]
    );
    // Printed in the documented order.
    let at = |key: &str| run.stdout.find(&format!("\"{key}\":")).unwrap();
    let order = [
        "ok", "broken", "rule", "phrase", "topic", "line", "piece", "start", "end", "why",
    ];
    assert!(
        order.windows(2).all(|w| at(w[0]) < at(w[1])),
        "{}",
        run.stdout
    );
    assert_eq!(broken["rule"], "must not");
    assert_eq!(broken["phrase"], "confirm");
    assert_eq!(broken["topic"], "booking");
    assert_eq!(broken["line"], 26);
    assert_eq!(broken["piece"], "Your booking is confirmed");
    // In characters: `Åh! ` is 4 characters and 5 bytes.
    assert_eq!(
        (broken["start"].as_u64(), broken["end"].as_u64()),
        (Some(4), Some(29))
    );
}

#[test]
fn guard_reads_the_reply_from_stdin() {
    let run = handoff_with_stdin(
        &["guard", "examples/salon.handoff", "-"],
        Some("You will get a refund.\n".as_bytes()),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("breaks `never promise refund` (line 8)"),
        "{}",
        run.stdout
    );
    let bad = handoff_with_stdin(
        &["guard", "examples/salon.handoff", "-"],
        Some(&[0xff, 0xfe]),
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("not UTF-8"), "{}", bad.stderr);
}

#[test]
fn guard_cannot_run_on_rules_with_errors_a_missing_file_or_an_unknown_topic() {
    let broken = handoff(&[
        "guard",
        "tests/corpus/invalid/duplicate-topic.handoff",
        "hi",
    ]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("duplicate-topic"),
        "{}",
        broken.stderr
    );
    let missing = handoff(&["guard", "no/such.handoff", "hi"]);
    assert_eq!(missing.code, 2);
    let topic = handoff(&[
        "guard",
        "examples/salon.handoff",
        "hi",
        "--topic",
        "bookings",
    ]);
    assert_eq!(topic.code, 2);
    assert!(
        topic
            .stderr
            .contains("no topic named `bookings`; did you mean `booking`?"),
        "{}",
        topic.stderr
    );
}

#[test]
fn reply_tests_pass_and_fail_in_handoff_test_with_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replies.handoff");
    std::fs::write(
        &path,
        "business \"A\"\nnever promise price, refund\n\
         topic booking: about book; must not confirm; handoff when today; collect day\n\
         test \"can I book\" -> booking\n\
         test reply \"The price will be 450 kr\" -> breaks price\n\
         test reply \"You will get a refund\" -> ok\n\
         test reply \"Booking confirmed\" on booking -> breaks confirm\n",
    )
    .unwrap();
    let run = handoff(&["test", &path.to_string_lossy()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::assert_snapshot!(
        run.stdout
            .replace(&*path.to_string_lossy(), "replies.handoff")
    );
}

#[test]
fn every_example_reply_test_passes() {
    let run = handoff(&["test", "examples/"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let replies = run.stdout.matches(": reply \"").count();
    assert_eq!(replies, 80, "{}", run.stdout);
    assert!(!run.stdout.contains("FAIL"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains(": reply \"Vi ger dig 20 % rabatt!\" -> breaks rabatt")
    );
}

/// The guard on the blind-labelled replies of tests/accuracy (dev, and the
/// held-aside set scored once when the floors were set): per language, the
/// share of breaking replies held back may not fall below its floor, nor
/// the share of fine replies held back rise above its ceiling. Only the
/// figures are printed, never a held-aside reply.
#[test]
fn accuracy_on_realistic_replies_holds_its_floors() {
    // (set, language, breaking held back at least %, fine held back at most %)
    // The figures reached when the floors were set, rounded down (held
    // back) and up (fine held back) to a whole percent. The held-aside set
    // was scored after tuning on dev only: it is below the goal
    // (>= 90%, <= 5%) in every language, and these floors say so rather
    // than hide it. Finnish fine replies held went from 1 to 2 of 19 when
    // the guard began reading a reply's apologies and hand-over cases; the
    // ceiling says that too.
    const FLOORS: &[(&str, &str, f64, f64)] = &[
        ("dev", "de", 100.0, 0.0),
        ("dev", "en", 94.0, 1.0),
        ("dev", "fi", 93.0, 0.0),
        ("dev", "it", 100.0, 0.0),
        ("dev", "sv", 95.0, 0.0),
        ("held", "de", 68.0, 30.0),
        ("held", "en", 84.0, 7.0),
        ("held", "fi", 88.0, 11.0),
        ("held", "it", 80.0, 0.0),
        ("held", "sv", 71.0, 0.0),
    ];
    for set in ["dev", "held"] {
        let score = crate::guard_accuracy::score(&root(), set, false);
        for &(floor_set, lang, held_at_least, fine_at_most) in FLOORS {
            if floor_set != set {
                continue;
            }
            let counts = score
                .by_lang
                .get(lang)
                .unwrap_or_else(|| panic!("{set}: no {lang} replies"));
            let (breaking, fine) = (counts.breaking_held_percent(), counts.fine_held_percent());
            assert!(
                breaking >= held_at_least && fine <= fine_at_most,
                "{set} {lang}: {breaking:.1}% of breaking replies held back (floor {held_at_least}%), \
                 {fine:.1}% of fine ones (ceiling {fine_at_most}%)"
            );
        }
    }
}
