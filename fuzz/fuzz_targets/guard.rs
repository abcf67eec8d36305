//! The reply guard keeps its promises on any rules and any reply. The input
//! is rules, a line `---`, then a reply; without one, the whole input is
//! both. Checked: the verdict is `ok` exactly when nothing is broken; every
//! piece is the reply's text at its place; every broken phrase is one of the
//! policy's, of its kind, and a `must not` phrase's words occur in its piece
//! as the definition matches them or the guard reads the phrase by its
//! meaning; checking with a topic adds only that
//! topic's `must not` phrases, its hand-over and a price it may not give; the policy read back from its JSON gives the
//! same verdicts; and the guard's shortcuts agree with the definitions.
#![no_main]

use handoff_guard::{Guard, RuleKind, Verdict};
use handoff_policy::{Phrase, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (rules, reply) = text.split_once("\n---\n").unwrap_or((text, text));
    if let Err(why) = handoff_guard::shortcuts_agree(reply, rules) {
        panic!("{why}");
    }
    let policy = handoff_analysis::Analysis::new(rules).policy;
    let reread = Policy::from_json(&policy.to_json()).expect("a written policy reads back");
    let guard = Guard::new(&policy);
    let guard_from_json = Guard::new(&reread);

    let without = guard.check(reply, None);
    holds(&policy, &guard, reply, None, &without);
    assert_eq!(
        without,
        guard_from_json.check(reply, None),
        "the JSON changed a verdict"
    );
    for topic in policy.topics.iter().take(3) {
        let with = guard.check(reply, Some(&topic.name));
        holds(&policy, &guard, reply, Some(&topic.name), &with);
        assert_eq!(
            with,
            guard_from_json.check(reply, Some(&topic.name)),
            "the JSON changed a verdict"
        );
        // A topic adds its `must not` phrases, its hand-over, and a price
        // it may not give; nothing else of `never promise`.
        let never_promise: Vec<_> = with
            .broken
            .iter()
            .filter(|b| {
                b.rule == RuleKind::NeverPromise && !b.why.starts_with("the reply gives the price")
            })
            .cloned()
            .collect();
        // Without a topic, the file's own hand-overs are read too (checked
        // in `holds`); a topic may report them as its own.
        let before: Vec<_> = without
            .broken
            .iter()
            .filter(|b| b.rule == RuleKind::NeverPromise && !never_promise.contains(b))
            .collect();
        assert!(
            before.is_empty() && never_promise.iter().all(|b| without.broken.contains(b)),
            "a topic changed which never promise phrases the reply breaks: {before:?}"
        );
    }
});

fn holds(policy: &Policy, guard: &Guard, reply: &str, topic: Option<&str>, verdict: &Verdict) {
    assert_eq!(verdict.ok, verdict.broken.is_empty());
    let chars: Vec<char> = reply.chars().collect();
    for broken in &verdict.broken {
        assert!(
            broken.start <= broken.end && broken.end <= chars.len(),
            "piece {}..{} outside a reply of {} characters",
            broken.start,
            broken.end,
            chars.len()
        );
        let piece: String = chars[broken.start..broken.end].iter().collect();
        assert_eq!(
            piece, broken.piece,
            "the piece is not the reply's text at its place"
        );
        // Names compare normalised; of two topics with one name, the first
        // is the one the file means.
        let named = || {
            let named =
                topic.expect("must not and a topic's hand-overs are checked only with a topic");
            let topic = policy
                .topics
                .iter()
                .find(|t| handoff_text::normalize(&t.name) == handoff_text::normalize(named))
                .expect("the topic exists");
            assert_eq!(broken.topic.as_deref(), Some(topic.name.as_str()));
            topic
        };
        let phrases: &[Phrase] = match broken.rule {
            RuleKind::NeverPromise => &policy.never_promise,
            RuleKind::MustNot => &named().must_not,
            // With no topic named (or one the policy does not have), only
            // the file's own `handoff when` phrases are read.
            RuleKind::Handoff if broken.topic.is_none() => &policy.handoff_when,
            RuleKind::Handoff => {
                let topic = named();
                // `always` names the topic's own line; a comparison is one of
                // the topic's or the file's `handoff when` phrases.
                if broken.phrase == "always" && topic.handoff.always {
                    assert_eq!(broken.line, topic.span.line);
                    continue;
                }
                let own = &topic.handoff.when;
                if own
                    .iter()
                    .any(|p| p.text == broken.phrase && p.span.line == broken.line)
                {
                    own
                } else {
                    &policy.handoff_when
                }
            }
        };
        assert!(
            phrases
                .iter()
                .any(|p| p.text == broken.phrase && p.span.line == broken.line),
            "{:?} on line {} is not a phrase of its kind",
            broken.phrase,
            broken.line
        );
        if broken.rule == RuleKind::MustNot {
            let normal = |t: &str| handoff_text::normalize(t);
            let (phrase, piece) = (normal(&broken.phrase), normal(&broken.piece));
            // By its words, or by its meaning (docs/guard.md): then the
            // guard must understand the phrase as an action it names.
            assert!(
                handoff_text::find_phrase(
                    &handoff_text::words(&phrase),
                    &handoff_text::words(&piece)
                )
                .is_some()
                    || guard.understands(&broken.phrase).is_some(),
                "{:?} is reported, but its words do not occur in {:?} and the guard reads no meaning in it",
                broken.phrase,
                broken.piece
            );
        }
    }
}
