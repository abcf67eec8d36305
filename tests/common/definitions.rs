//! Definitions the tests and the fuzz targets compare the real thing with:
//! routing by LANGUAGE.md's definition, phrase by phrase, and what a file
//! means (its compiled policy with places removed). `fuzz/src/lib.rs`
//! includes this file too, so both hold the code to one definition.

use handoff_policy::{FallbackAction, Policy};
use serde_json::Value;

/// Routing by the definition in LANGUAGE.md, phrase by phrase with no
/// index: the topic whose longest matching `about` phrase is longest (ties
/// to the topic written first), and whether a person takes over.
pub fn route_by_definition(policy: &Policy, message: &str) -> (Option<String>, bool) {
    let norm = handoff_text::normalize(message);
    let words = handoff_text::words(&norm);
    let matches = |text: &str| {
        let n = handoff_text::normalize(text);
        handoff_text::find_phrase(&handoff_text::words(&n), &words).is_some()
    };
    let mut best: Option<(usize, usize)> = None;
    for (t, topic) in policy.topics.iter().enumerate() {
        for p in &topic.about {
            let len = handoff_text::words(&handoff_text::normalize(&p.text)).len();
            if matches(&p.text) && best.is_none_or(|(l, _)| len > l) {
                best = Some((len, t));
            }
        }
    }
    let topic = best.map(|(_, t)| &policy.topics[t]);
    let handoff = match topic {
        Some(t) => {
            t.handoff.always
                || t.handoff.when.iter().any(|p| matches(&p.text))
                || t.must_not.iter().any(|p| matches(&p.text))
        }
        None => policy.fallback.action == FallbackAction::Handoff,
    } || policy.handoff_when.iter().any(|p| matches(&p.text));
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
