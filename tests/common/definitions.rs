//! Definitions the tests and the fuzz targets compare the real thing with:
//! routing by LANGUAGE.md's definition, phrase by phrase, and what a file
//! means (its compiled policy with places removed). `fuzz/src/lib.rs`
//! includes this file too, so both hold the code to one definition.

use handoff_policy::{FallbackAction, Policy};
use serde_json::Value;

/// Routing by the definition in docs/language.md under `matching exact`
/// (the least rule), phrase by phrase with no index: each topic scores the
/// message words its `about` phrases match (6 equal, 5 a beginning, 4 a
/// typo; each word once, at its best; each phrase at its best place, the
/// earliest of equals), and so do its `handoff when` and `must not`
/// phrases at half that; the best wins, but a matching topic that hands off
/// goes first; ties to the topic that hands off, the riskier pile, the
/// topic written first.
pub fn route_by_definition(policy: &Policy, message: &str) -> (Option<String>, bool) {
    use handoff_text::WordMatch;
    let norm = handoff_text::normalize(message);
    let words = handoff_text::words(&norm);
    // The best place of a phrase: the words it covers and what each is worth.
    let best_match = |text: &str| -> Option<Vec<(usize, u32)>> {
        let n = handoff_text::normalize(text);
        let rule = handoff_text::words(&n);
        if rule.is_empty() || rule.len() > words.len() {
            return None;
        }
        let mut best: Option<(u32, Vec<(usize, u32)>)> = None;
        for start in 0..=words.len() - rule.len() {
            let weights: Option<Vec<(usize, u32)>> = rule
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    handoff_text::match_words(r, words[start + i]).map(|m| {
                        let w = match m {
                            WordMatch::Exact => 6,
                            WordMatch::Prefix => 5,
                            WordMatch::Typo => 4,
                        };
                        (start + i, w)
                    })
                })
                .collect();
            if let Some(weights) = weights {
                let total: u32 = weights.iter().map(|(_, w)| w).sum();
                if best.as_ref().is_none_or(|(t, _)| total > *t) {
                    best = Some((total, weights));
                }
            }
        }
        best.map(|(_, w)| w)
    };
    let matches = |text: &str| best_match(text).is_some();
    let risk = |r: Option<handoff_policy::Risk>| match r {
        Some(handoff_policy::Risk::Judgment) => 4,
        Some(handoff_policy::Risk::Binding) => 3,
        Some(handoff_policy::Risk::Internal) => 2,
        Some(handoff_policy::Risk::Fact) => 1,
        None => 0,
    };
    let mut ranked = Vec::new();
    for (t, topic) in policy.topics.iter().enumerate() {
        let mut covered = std::collections::BTreeMap::new();
        // A topic's own hand-over phrases count to its score too, at half
        // the weight.
        let about = topic.about.iter().map(|p| (p, 1));
        let hand_over = topic
            .handoff
            .when
            .iter()
            .chain(&topic.must_not)
            .map(|p| (p, 2));
        for (p, divide) in about.chain(hand_over) {
            for (at, w) in best_match(&p.text).unwrap_or_default() {
                let w = w / divide;
                let c = covered.entry(at).or_insert(0);
                *c = (*c).max(w);
            }
        }
        let score: u32 = covered.values().sum();
        let own_handoff = topic.handoff.when.iter().any(|p| matches(&p.text))
            || topic.must_not.iter().any(|p| matches(&p.text));
        if score == 0 && !own_handoff {
            continue;
        }
        let hands_off = topic.handoff.always || own_handoff;
        ranked.push((
            (score, hands_off, risk(topic.risk), std::cmp::Reverse(t)),
            t,
            hands_off,
        ));
    }
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    // A top-level hand-over hands the best topic off too: rule 3 has
    // nothing to put first then.
    let every_topic_hands_off = policy.handoff_when.iter().any(|p| matches(&p.text));
    let chosen = ranked
        .iter()
        .find(|(_, _, h)| *h && !every_topic_hands_off)
        .or(ranked.first())
        .map(|&(_, t, h)| (t, h));
    let topic = chosen.map(|(t, _)| &policy.topics[t]);
    let handoff = match chosen {
        Some((_, hands_off)) => hands_off,
        None => policy.fallback.action == FallbackAction::Handoff,
    } || every_topic_hands_off;
    (topic.map(|t| t.name.clone()), handoff)
}

/// The compiled policy of `source` as JSON with every `span` removed: what
/// the rules mean, wherever they are written.
pub fn meaning(source: &str) -> Value {
    let policy = handoff_analysis::Analysis::new(source).policy;
    let mut value: Value = serde_json::from_str(&policy.to_json()).expect("policies are JSON");
    strip_spans(&mut value);
    value
}

fn strip_spans(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("span");
            map.values_mut().for_each(strip_spans);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}
