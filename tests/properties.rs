//! Properties of whole files, on generated rule files that compile: the
//! compiler is deterministic, a policy survives its JSON, a runtime routing
//! or guarding replies from the JSON decides as the source does, and `handoff diff` is empty
//! for no change and mirrors itself when the sides are swapped.

use std::collections::BTreeMap;

use handoff_analysis::Analysis;
use handoff_emit::Target;
use handoff_guard::Guard;
use handoff_policy::Policy;
use handoff_review::{Change, Review, review};
use handoff_route::Router;
use proptest::prelude::*;

const WORDS: [&str; 16] = [
    "book",
    "booking",
    "cancel",
    "refund",
    "price",
    "discount",
    "today",
    "open",
    "parking",
    "öppet",
    "menu",
    "vegan",
    "table",
    "friday",
    "complaint",
    "person",
];

fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS.to_vec()), 1..3).prop_map(|w| w.join(" "))
}

fn phrases(min: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(phrase(), min..4)
}

/// One topic's lines, named `t{index}` so names never clash.
fn topic(index: usize) -> impl Strategy<Value = String> {
    (
        phrases(1),
        prop::option::of(prop::sample::select(vec![
            "fact", "internal", "binding", "judgment",
        ])),
        phrases(0),
        phrases(0),
        phrases(0),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            "day (date)",
            "name",
            "party size (number)",
        ])),
    )
        .prop_map(move |(about, risk, may, must_not, when, always, collect)| {
            let mut out = format!("topic t{index}:\n  about {}\n", about.join(", "));
            if let Some(risk) = risk {
                out += &format!("  risk {risk}\n");
            }
            if !may.is_empty() {
                out += &format!("  may {}\n", may.join(", "));
            }
            if !must_not.is_empty() {
                out += &format!("  must not {}\n", must_not.join(", "));
            }
            if !when.is_empty() {
                out += &format!("  handoff when {}\n", when.join(", "));
            }
            if always {
                out += "  handoff always\n";
            }
            if let Some(field) = collect {
                out += &format!("  collect {field}\n");
            }
            out
        })
}

/// A rule file: declarations, one to four topics, a system, tests.
fn rules() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["Salon", "Bistro", "Shop"]),
        phrases(0),
        phrases(0),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![
            "read",
            "write",
            "write with approval",
        ])),
        prop::collection::vec(0..4usize, 1..5).prop_flat_map(|ts| {
            ts.into_iter()
                .enumerate()
                .map(|(i, _)| topic(i))
                .collect::<Vec<_>>()
        }),
        prop::collection::vec((phrase(), 0..4usize), 0..3),
    )
        .prop_map(|(business, never, when, answer, system, topics, tests)| {
            let mut out = format!("business \"{business}\"\n");
            if !never.is_empty() {
                out += &format!("never promise {}\n", never.join(", "));
            }
            if !when.is_empty() {
                out += &format!("handoff when {}\n", when.join(", "));
            }
            if answer {
                out += "fallback answer\n";
            }
            if let Some(access) = system {
                out += &format!("system calendar: {access}\n");
            }
            for t in &topics {
                out += t;
            }
            for (message, t) in tests {
                out += &format!("test \"{message}\" -> t{}\n", t.min(topics.len() - 1));
            }
            out
        })
}

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS.to_vec()), 0..8).prop_map(|w| w.join(" "))
}

/// An agent's reply: the rule words with words that commit, negate or hand
/// over, and values, so the guard has something to hold back.
fn reply() -> impl Strategy<Value = String> {
    let mut words = WORDS.to_vec();
    words.extend([
        "will",
        "is",
        "confirmed",
        "guaranteed",
        "not",
        "a",
        "person",
        "will",
        "follow up",
        "20%",
        "450 kr",
        "on friday",
        ".",
        "!",
    ]);
    prop::collection::vec(prop::sample::select(words), 0..12).prop_map(|w| w.join(" "))
}

/// The change `review(b, a)` reports for the change `c` of `review(a, b)`:
/// a phrase removed is a phrase added, a widening a narrowing, a rewording
/// a rewording back.
fn reverse_kind(kind: &str) -> String {
    let swaps = [
        ("_removed", "_added"),
        ("_added", "_removed"),
        ("_widened", "_narrowed"),
        ("_narrowed", "_widened"),
        ("_lowered", "_raised"),
        ("_raised", "_lowered"),
        ("fallback_answer", "fallback_handoff"),
        ("fallback_handoff", "fallback_answer"),
    ];
    for (from, to) in swaps {
        if let Some(stem) = kind.strip_suffix(from) {
            return format!("{stem}{to}");
        }
    }
    kind.to_string()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Wider,
    Stricter,
    Wording,
    /// `topic_added` and `topic_removed` are grouped by what happens to the
    /// topic's messages (the new file's `handoff always` or fallback), so the
    /// group of one is not the mirror of the other's.
    Topic,
}

/// Each change as (kind, topic, old line, new line, group), counted.
type Changes = BTreeMap<(String, Option<String>, Option<u32>, Option<u32>, Group), usize>;

fn changes(review: &Review, reversed: bool) -> Changes {
    let mut all = Changes::new();
    let mut add = |c: &Change, group: Group| {
        let (kind, old, new, group) = if reversed {
            let mirrored = match group {
                Group::Wider => Group::Stricter,
                Group::Stricter => Group::Wider,
                other => other,
            };
            (reverse_kind(c.kind), c.new_line, c.old_line, mirrored)
        } else {
            (c.kind.to_string(), c.old_line, c.new_line, group)
        };
        let group = if kind.starts_with("topic_added") || kind.starts_with("topic_removed") {
            Group::Topic
        } else {
            group
        };
        // A changed test expectation names the topic the new file expects,
        // which is the other side's when swapped.
        let topic = (kind != "test_expectation_changed")
            .then(|| c.topic.clone())
            .flatten();
        *all.entry((kind, topic, old, new, group)).or_default() += 1;
    };
    review.wider.iter().for_each(|c| add(c, Group::Wider));
    review.stricter.iter().for_each(|c| add(c, Group::Stricter));
    review.wording.iter().for_each(|c| add(c, Group::Wording));
    all
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn compiling_is_deterministic(source in rules()) {
        let once = Analysis::new(source.as_str());
        let twice = Analysis::new(source.as_str());
        prop_assert_eq!(once.policy.to_json(), twice.policy.to_json());
        for target in Target::ALL {
            prop_assert_eq!(
                handoff_emit::emit(&once.policy, target),
                handoff_emit::emit(&twice.policy, target),
                "{:?} differs between two compilations", target
            );
        }
    }

    #[test]
    fn a_policy_survives_its_json(source in rules()) {
        let policy = Analysis::new(source.as_str()).policy;
        let json = policy.to_json();
        let back = Policy::from_json(&json).unwrap();
        prop_assert_eq!(&back, &policy);
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn routing_from_the_json_is_routing_from_the_source(
        source in rules(),
        messages in prop::collection::vec(message(), 1..8),
    ) {
        let policy = Analysis::new(source.as_str()).policy;
        let loaded = Policy::from_json(&policy.to_json()).unwrap();
        let (from_source, from_json) = (Router::new(&policy), Router::new(&loaded));
        for m in &messages {
            prop_assert_eq!(from_json.route(m), from_source.route(m), "{:?}", m);
        }
    }

    #[test]
    fn the_guard_from_the_json_is_the_guard_from_the_source(
        source in rules(),
        replies in prop::collection::vec(reply(), 1..8),
    ) {
        let policy = Analysis::new(source.as_str()).policy;
        let loaded = Policy::from_json(&policy.to_json()).unwrap();
        let (from_source, from_json) = (Guard::new(&policy), Guard::new(&loaded));
        let topics = policy.topics.iter().map(|t| Some(t.name.as_str()));
        for topic in std::iter::once(None).chain(topics) {
            for r in &replies {
                prop_assert_eq!(
                    from_json.check(r, topic),
                    from_source.check(r, topic),
                    "{:?} on {:?}", r, topic
                );
            }
        }
    }

    #[test]
    fn a_policy_reviewed_against_itself_has_no_changes(source in rules()) {
        let policy = Analysis::new(source.as_str()).policy;
        let same = review(&policy, &policy);
        prop_assert!(same.is_empty(), "{:?}", same);
    }

    /// Every change of review(a, b) is reported by review(b, a) as its
    /// reverse (the kind with added/removed, widened/narrowed,
    /// lowered/raised, fallback_answer/fallback_handoff swapped, the same
    /// topic, the lines swapped) in the mirrored group (wider/stricter
    /// swapped, wording kept); only topic_added/topic_removed may change
    /// group, as their group describes the new file, and
    /// test_expectation_changed names the new file's expected topic. Nothing
    /// else is reported.
    #[test]
    fn review_mirrors_when_the_sides_swap(a in rules(), b in rules()) {
        let (a, b) = (Analysis::new(a.as_str()).policy, Analysis::new(b.as_str()).policy);
        prop_assert_eq!(changes(&review(&a, &b), false), changes(&review(&b, &a), true));
    }
}

/// Found by `a_policy_reviewed_against_itself_has_no_changes`: a message
/// tested twice with different expectations (a `duplicate-test` warning)
/// was reported as a changed expectation when the file was compared with
/// itself.
#[test]
fn a_message_tested_twice_is_no_change_against_itself() {
    let source = "business \"Salon\"\ntopic t0:\n  about book\ntopic t1:\n  about book\n\
                  test \"discount\" -> t1\ntest \"discount\" -> t0\n";
    let policy = Analysis::new(source).policy;
    assert!(review(&policy, &policy).is_empty());
}
