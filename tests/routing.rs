//! Routing and the rule test runner: the conformance vectors, the index
//! against the definition, and `handoff route` / `handoff test` themselves.

use crate::common::{handoff, root};
use handoff_analysis::Analysis;
use handoff_policy::Policy;
use handoff_route::Router;
use proptest::prelude::*;
use serde_json::Value;

#[test]
fn conformance_vectors_pass_from_the_policy_alone() {
    let dir = root().join("tests/routing");
    let vectors: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("vectors.json")).unwrap()).unwrap();
    let mut cases = 0;
    for suite in vectors["suites"].as_array().unwrap() {
        let source = root().join(suite["source"].as_str().unwrap());
        let policy_path = dir.join(suite["policy"].as_str().unwrap());
        // The stored policy is the example's compiled policy.
        let compiled = Analysis::from_bytes(std::fs::read(&source).unwrap())
            .policy
            .to_json();
        if std::env::var_os("HANDOFF_UPDATE_VECTORS").is_some() {
            std::fs::write(&policy_path, &compiled).unwrap();
        }
        let stored = std::fs::read_to_string(&policy_path).unwrap();
        assert!(
            stored == compiled,
            "{} is stale: run HANDOFF_UPDATE_VECTORS=1 cargo test -p handoff-cli --test e2e routing::",
            policy_path.display()
        );
        // Route from the JSON alone, as a runtime would.
        let policy = Policy::from_json(&stored).unwrap();
        let router = Router::new(&policy);
        for case in suite["cases"].as_array().unwrap() {
            let message = case["message"].as_str().unwrap();
            let decision = router.route(message);
            assert_eq!(
                (decision.topic.as_deref(), decision.handoff),
                (case["topic"].as_str(), case["handoff"].as_bool().unwrap()),
                "{}: {message:?} ({})",
                suite["source"],
                case["why"]
            );
            cases += 1;
        }
    }
    assert!(cases >= 30, "the vectors cover {cases} cases");
}

#[test]
fn every_example_test_line_passes() {
    let run = handoff(&["test", "examples/"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with("167 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_wrong_expectation_fails_and_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.handoff");
    std::fs::write(
        &path,
        "business \"A\"\nhandoff when refund\n\
         topic booking: about book; collect day\n\
         test \"can I book, or get a refund?\" -> booking\n",
    )
    .unwrap();
    let run = handoff(&["test", &path.to_string_lossy()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("FAIL  line 4: \"can I book, or get a refund?\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("expected booking (answered)"));
    assert!(run.stdout.contains("got      handoff booking"));
    assert!(
        run.stdout
            .contains("because handoff when \"refund\" (line 2), for every topic")
    );
    assert!(run.stdout.ends_with("0 passed, 1 failed\n"));
}

#[test]
fn coverage_names_what_no_test_reaches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gaps.handoff");
    std::fs::write(
        &path,
        "business \"A\"\n\
         topic booking: about book; must not confirm; handoff when today; collect day\n\
         topic menu: about menu\n\
         test \"can I book\" -> booking\n\
         test \"what is on the menu\" -> menu\n",
    )
    .unwrap();
    let run = handoff(&["test", &path.to_string_lossy()]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .contains("`must not confirm` (line 2) is exercised by no test"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("`handoff when today` (line 2) is exercised by no test")
    );
    assert!(!run.stdout.contains("topic `menu`"));
}

#[test]
fn messy_variants_show_weak_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weak.handoff");
    // `bok` is too short to be forgiven a typo or prefix: a dropped letter in
    // "booking" still routes, but one in "menu" does not.
    std::fs::write(
        &path,
        "business \"A\"\n\
         topic booking: about booking\n\
         topic menu: about menu\n\
         test \"booking tomorrow\" -> booking\n\
         test \"menu\" -> menu\n",
    )
    .unwrap();
    let run = handoff(&["test", "--messy", &path.to_string_lossy()]);
    assert_eq!(run.code, 0, "variants are reported, not failed");
    assert!(
        run.stdout.contains(
            "messy (dropped letter) \"meu\": handoff (no topic) instead of menu (answered)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("\"booing tomorrow\""),
        "one edit in a long word is forgiven"
    );
}

/// A reason names the phrase that explains each word, not every phrase
/// that also matched it by family, and says a family phrase as one.
#[test]
fn reasons_name_what_explains_the_message() {
    let run = handoff(&[
        "route",
        "examples/salon.handoff",
        "Do you have time on Friday?",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let because: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("because:"))
        .skip(1)
        .take_while(|l| l.starts_with("  - "))
        .collect();
    assert_eq!(
        because,
        [
            "  - about \"book\" (line 23); \"do you have time\", a word for \"book\"",
            "  - about \"time on friday\" (line 23)",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn route_explains_the_decision() {
    let run = handoff(&[
        "route",
        "examples/salon.handoff",
        "can i get a discont if i book two??",
    ]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let json = handoff(&[
        "route",
        "--format",
        "json",
        "examples/salon.handoff",
        "can i get a discont if i book two??",
    ]);
    let decision: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(decision["topic"], "booking");
    assert_eq!(decision["handoff"], true);
    let reasons = decision["reasons"].as_array().unwrap();
    assert_eq!(reasons[0]["rule"], "about");
    let global = reasons
        .iter()
        .find(|r| r["rule"] == "global_handoff_when" && r["phrase"] == "discount")
        .expect("the top-level `handoff when discount` fired");
    assert_eq!(global["line"], 10);
    assert_eq!(global["matched"][0]["word"], "discont");
    assert_eq!(global["matched"][0]["match"], "typo");
    assert_eq!(decision["collect"][1]["name"], "party size");
    assert_eq!(decision["collect"][1]["type"], "number");
}

#[test]
fn route_takes_a_compiled_policy_too() {
    let from_policy = handoff(&[
        "route",
        "tests/routing/salon.policy.json",
        "I want to cancel today",
    ]);
    let from_source = handoff(&["route", "examples/salon.handoff", "I want to cancel today"]);
    assert_eq!(from_policy.code, 0, "{}", from_policy.stderr);
    assert_eq!(from_policy.stdout, from_source.stdout);
}

#[test]
fn route_refuses_rules_with_errors() {
    let run = handoff(&[
        "route",
        "tests/corpus/invalid/duplicate-topic.handoff",
        "book",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("duplicate-topic"));
}

// ------------------------------------------------- the index and the definition

fn message() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "book",
        "booking",
        "bok",
        "appointment",
        "apointment",
        "cancel",
        "canecl",
        "today",
        "discount",
        "discont",
        "refund",
        "refnud",
        "öppet",
        "OPEN",
        "parking",
        "park",
        "time",
        "on",
        "friday",
        "move",
        "my",
        "besviken",
        "not",
        "happy",
        "confirm",
        "lawyer",
        "24",
        "hours",
        "less",
        "than",
        "a",
        "person",
        "speak",
        "to",
        "xyz",
    ]);
    prop::collection::vec(word, 0..10).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_index_decides_as_the_definition(message in message()) {
        let source = std::fs::read_to_string(root().join("tests/corpus/valid/language-md.handoff")).unwrap();
        // The definition is the least rule's: the router under `matching
        // exact` must decide exactly as it.
        let mut policy = Analysis::new(source).policy;
        policy.matching.exact = true;
        let decision = Router::new(&policy).route(&message);
        prop_assert_eq!((decision.topic, decision.handoff), crate::common::definitions::route_by_definition(&policy, &message));
    }
}

#[test]
fn test_honours_color_for_files_with_errors() {
    let file = "tests/corpus/invalid/duplicate-topic.handoff";
    let plain = handoff(&["test", "--color", "never", file]);
    assert_eq!(plain.code, 1);
    assert!(plain.stderr.contains("duplicate-topic") && !plain.stderr.contains('\u{1b}'));
    let colored = handoff(&["test", "--color", "always", file]);
    assert!(colored.stderr.contains('\u{1b}'), "{}", colored.stderr);
}

/// The router's figures on the blind-labelled messages of
/// `tests/accuracy` (issue 19), held at what the router reached, so they
/// cannot silently fall: the share routed to the right topic at least,
/// the shares of routine questions handed off and of hand-overs missed at
/// most. The held-aside set was scored once, for the report; its floors
/// are its figures then, not a target it was tuned to. Floors are whole
/// percents rounded away from the figure, since a figure printed as 11.0%
/// may be 11.03%.
#[test]
fn accuracy_on_realistic_messages_holds_its_floors() {
    use crate::route_accuracy::{Half, score, table};
    for (half, right, routine, missed) in
        [(Half::Dev, 84.0, 14.0, 9.0), (Half::Held, 80.0, 22.0, 12.0)]
    {
        let scores = score(half);
        let (r, h, m) = scores.total.percentages();
        assert!(
            r >= right && h <= routine && m <= missed,
            "{half:?}: right topic {r:.1}% (floor {right}%), routine handed off {h:.1}% (at most {routine}%), hand-overs missed {m:.1}% (at most {missed}%)\n{}",
            table(&scores)
        );
    }
}

/// Decides `message` under `rules` as `(topic, handoff)`, with the reasons
/// for a failure's message.
fn decide(rules: &str, message: &str) -> (Option<String>, bool, Vec<String>) {
    let analysis = Analysis::new(rules.to_string());
    let decision = Router::new(&analysis.policy).route(message);
    let why = decision.reasons.iter().map(|r| r.describe()).collect();
    (decision.topic, decision.handoff, why)
}

const TRATTORIA: &str = "language it, en
topic menu: about menu, dish; may describe the dishes
topic table-booking:
  about table, prenotare
  may request a reservation
  must not confirm a table by the window
topic takeaway:
  about takeaway, asporto
  must not confirm a pickup time
";

#[test]
fn asking_for_the_deed_a_topic_forbids_hands_over_on_that_topic_only() {
    for (message, topic, handoff) in [
        // The deed alone, in words of the same line of `[commitments]`.
        (
            "can you confirm our table for friday?",
            "table-booking",
            true,
        ),
        ("mi confermate il tavolo per sabato?", "table-booking", true),
        (
            "can you guarantee the takeaway is ready at 19:15?",
            "takeaway",
            true,
        ),
        // Without the deed, the topic answers.
        ("is there a table for 4 on friday?", "table-booking", false),
        // "confirm" is the deed of other topics only: it does not cross.
        ("can you confirm the dish has no pork?", "menu", false),
    ] {
        let (t, h, why) = decide(TRATTORIA, message);
        assert_eq!(
            (t.as_deref(), h),
            (Some(topic), handoff),
            "{message:?}: {why:?}"
        );
    }
    let (_, _, why) = decide(TRATTORIA, "can you confirm our table?");
    assert!(
        why.iter()
            .any(|w| w.starts_with("must not \"confirm a table by the window\"")),
        "{why:?}"
    );
}

#[test]
fn a_negated_phrase_is_not_asked_for() {
    let rules = "language de, en
topic appointment: about Termin, appointment; may suggest free slots
topic emergency: about Notfall, emergency; handoff always
";
    for (message, topic, handoff) in [
        (
            "kein Notfall, aber wann hätten Sie einen Termin?",
            Some("appointment"),
            false,
        ),
        (
            "it's not an emergency, any appointment next week?",
            Some("appointment"),
            false,
        ),
        ("Notfall! Wasser überall", Some("emergency"), true),
        (
            "no appointment needed, this is an emergency",
            Some("emergency"),
            true,
        ),
    ] {
        let (t, h, why) = decide(rules, message);
        assert_eq!((t.as_deref(), h), (topic, handoff), "{message:?}: {why:?}");
    }
    // Finnish `en` ("I don't") is Swedish "a": where both are declared it
    // negates nothing.
    let rules = "language fi, sv\ntopic discounts: about rabattkod; handoff always\n";
    let (t, h, why) = decide(rules, "Har ni en rabattkod?");
    assert_eq!((t.as_deref(), h), (Some("discounts"), true), "{why:?}");
}

/// A hand-over phrase that says only when (`today`) neither scores for its
/// topic nor reaches it alone: "can I get an appointment today?" is a
/// booking, and "I must cancel today" still hands the cancellation off.
#[test]
fn a_when_only_hand_over_phrase_reaches_its_topic_only_with_its_about() {
    let rules = "topic booking: about appointment; may suggest times\n\
                 topic cancel: about cancel; handoff when today, less than 24 hours\n";
    let (topic, handoff, why) = decide(rules, "can I get an appointment today?");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("booking"), false),
        "{why:?}"
    );
    let (topic, handoff, why) = decide(rules, "I must cancel today");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("cancel"), true),
        "{why:?}"
    );
    let (topic, handoff, why) = decide(rules, "I must cancel tomorrow");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("cancel"), true),
        "{why:?}"
    );
    let (topic, _, why) = decide(rules, "today?");
    assert_eq!(topic, None, "{why:?}");
}

/// Between two words of a phrase the message may put a short gap of its
/// own (issue 19), but never a negation, and never under `matching exact`.
#[test]
fn a_phrase_allows_a_short_gap_but_no_negation() {
    let rules = "language en, sv\n\
                 topic sales: about buy a bike; may describe the bikes\n\
                 topic acute: about gör ont; handoff always\n";
    let (topic, _, why) = decide(rules, "looking to buy a secondhand road bike");
    assert_eq!(topic.as_deref(), Some("sales"), "{why:?}");
    let (topic, _, why) = decide(rules, "gör inte ont men kan jag få en tid");
    assert_eq!(topic, None, "{why:?}");
    let exact = format!("matching exact\n{rules}");
    let (topic, _, why) = decide(&exact, "looking to buy a secondhand road bike");
    assert_eq!(topic, None, "{why:?}");
}

/// A family's word is the project's, not the owner's: it forgives a typo
/// only in a word of 7 letters or more with its first letter right.
#[test]
fn a_family_word_forgives_only_a_typo_that_keeps_its_first_letter() {
    let rules = "topic refunds: about refund; may explain the policy\n\
                 topic complaint: about complaint; handoff always\n";
    // `reimburse` and `furious` are family words of `refund` and
    // `complaint`, not the owner's.
    let (topic, _, why) = decide(rules, "can you reimbuse me");
    assert_eq!(topic.as_deref(), Some("refunds"), "{why:?}");
    let (topic, handoff, why) = decide(rules, "just curious, do you refund deposits?");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("refunds"), false),
        "{why:?}"
    );
}

/// Rule 3 puts a topic that hands off before a better one that would not.
/// A top-level `handoff when` hands every topic off, the better one too, so
/// then the message stays with the topic it is about: the discount question
/// on a booking is the booking's, not that of a topic that only forbids
/// prices (found when the workbench test added such a topic to the salon).
#[test]
fn a_top_level_hand_over_leaves_the_message_with_its_best_topic() {
    let rules = "language en\n\
                 handoff when discount\n\
                 topic booking: about book, appointment; may suggest times\n\
                 topic colour: must not promise prices\n";
    let (topic, handoff, why) = decide(rules, "can i get a discount if i book two?");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("booking"), true),
        "{why:?}"
    );
    // Without the top-level hand-over, the topic that hands off goes first.
    let rules = rules.replace("handoff when discount\n", "");
    let (topic, handoff, why) = decide(&rules, "can i get a discount if i book two?");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("colour"), true),
        "{why:?}"
    );
}

/// A relative day of two words (`i eftermiddag`, `this afternoon`) is a
/// day as `idag` is: sooner than 24 hours, and a phrase of it says only
/// when.
#[test]
fn a_relative_day_of_two_words_is_a_day() {
    let rules = "language sv, en\n\
                 topic booking: about boka, book; may suggest times\n\
                 topic cancel: about avboka, cancel; handoff when less than 24 hours\n\
                 topic move: about flytta; handoff when i dag\n";
    for message in [
        "jag måste avboka min tid i eftermiddag",
        "I have to cancel this afternoon, sorry",
    ] {
        let (topic, handoff, why) = decide(rules, message);
        assert_eq!(
            (topic.as_deref(), handoff),
            (Some("cancel"), true),
            "{message:?}: {why:?}"
        );
    }
    let (topic, handoff, why) = decide(rules, "jag måste avboka min tid nästa vecka");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("cancel"), false),
        "{why:?}"
    );
    // `handoff when i dag` says only when: it does not take a booking.
    let (topic, handoff, why) = decide(rules, "kan jag boka en tid i dag?");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("booking"), false),
        "{why:?}"
    );
}

/// A number with a measure after it (`5cm`, `for 2 years`) counts nothing,
/// so `handoff when under 18` is no hand-over for it; an age is (`I'm 16`,
/// `16 years old`), and `one` is a pronoun, not a count.
#[test]
fn a_measure_is_no_count_but_an_age_is() {
    let rules = "language en\n\
                 handoff when under 18\n\
                 topic booking: about book, slot; may suggest times\n";
    for (message, handoff) in [
        ("wanted this for 2 years, any slot for a 5cm piece?", false),
        ("price for a small one? want to book", false),
        ("I'm 16, can I book a slot?", true),
        ("can I book for my son, he is 15 years old", true),
    ] {
        let (topic, h, why) = decide(rules, message);
        assert_eq!(
            (topic.as_deref(), h),
            (Some("booking"), handoff),
            "{message:?}: {why:?}"
        );
    }
}

/// A topic the customer says the message is not (`kein Notfall`) is not
/// reached by its other phrases; said plainly, it still is.
#[test]
fn a_topic_the_customer_negates_is_not_chosen() {
    let rules = "language de, en\n\
                 topic emergency: about Notfall, leak; handoff always\n\
                 topic appointment: about Termin, Zeit; may suggest times\n";
    let (topic, handoff, why) = decide(
        rules,
        "es tropft leicht unter der Spüle, kein Notfall, aber wann hättet ihr Zeit?",
    );
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("appointment"), false),
        "{why:?}"
    );
    let (topic, handoff, why) = decide(rules, "es tropft unter der Spüle, wann hättet ihr Zeit?");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("emergency"), true),
        "{why:?}"
    );
}

/// An `about` phrase of two content words matches them in either order.
#[test]
fn two_words_match_in_either_order() {
    let rules = "language fi, en\n\
                 topic sales: about buy a bike; may describe the bikes for sale\n\
                 topic repair: about huolto; may explain a service\n";
    let (topic, handoff, why) = decide(rules, "moi oisko teil lasten pyörää myynnis? 6v pojalle");
    assert_eq!(
        (topic.as_deref(), handoff),
        (Some("sales"), false),
        "{why:?}"
    );
    let (topic, _, why) = decide(rules, "I want to buy a new bike");
    assert_eq!(topic.as_deref(), Some("sales"), "{why:?}");
}
