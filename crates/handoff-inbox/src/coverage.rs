//! What the rules do with the inbox: per topic, how many messages the
//! agent answers and how many it hands to a person (and which rules hand
//! them off), and which messages no topic catches.

use handoff_policy::Policy;
use handoff_route::{Decision, Reason, Router, RuleKind};

/// The inbox, routed.
#[derive(Clone, Debug)]
pub struct Coverage {
    /// Each message's decision, in the messages' order.
    pub decisions: Vec<Decision>,
    /// Topic → messages the agent answers, most first.
    pub answered: Vec<(String, usize)>,
    /// Messages handed to a person, by topic, most first.
    pub handed_off: Vec<HandedOff>,
    /// The messages no topic catches (by index).
    pub no_topic: Vec<usize>,
}

/// The messages of one topic (or of none) that go to a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandedOff {
    pub topic: Option<String>,
    pub count: usize,
    /// The rules that handed them off (`handoff when "discount"`), and on
    /// how many messages each fired, most first.
    pub why: Vec<(String, usize)>,
}

/// Every message routed by the policy.
pub fn coverage(policy: &Policy, messages: &[&str]) -> Coverage {
    let router = Router::new(policy);
    let decisions: Vec<Decision> = messages.iter().map(|m| router.route(m)).collect();
    let topic_order = |name: Option<&str>| {
        name.and_then(|n| policy.topics.iter().position(|t| t.name == n))
            .unwrap_or(usize::MAX)
    };
    let mut answered: Vec<(String, usize)> = Vec::new();
    let mut handed_off: Vec<HandedOff> = Vec::new();
    let mut no_topic = Vec::new();
    for (i, d) in decisions.iter().enumerate() {
        if d.topic.is_none() {
            no_topic.push(i);
        }
        if d.handoff {
            let entry = match handed_off.iter_mut().find(|h| h.topic == d.topic) {
                Some(e) => e,
                None => {
                    handed_off.push(HandedOff {
                        topic: d.topic.clone(),
                        count: 0,
                        why: Vec::new(),
                    });
                    handed_off.last_mut().expect("just pushed")
                }
            };
            entry.count += 1;
            for reason in d.reasons.iter().filter_map(label) {
                match entry.why.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, n)) => *n += 1,
                    None => entry.why.push((reason, 1)),
                }
            }
        } else if let Some(topic) = &d.topic {
            match answered.iter_mut().find(|(t, _)| t == topic) {
                Some((_, n)) => *n += 1,
                None => answered.push((topic.clone(), 1)),
            }
        }
    }
    answered.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(topic_order(Some(&a.0)).cmp(&topic_order(Some(&b.0))))
    });
    handed_off.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(topic_order(a.topic.as_deref()).cmp(&topic_order(b.topic.as_deref())))
    });
    for h in &mut handed_off {
        h.why.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    Coverage {
        decisions,
        answered,
        handed_off,
        no_topic,
    }
}

/// A rule that hands a message off, in the file's words; `None` for the
/// `about` phrases that only chose the topic.
fn label(reason: &Reason) -> Option<String> {
    hand_over_label(reason.rule, reason.phrase.as_deref().unwrap_or(""))
}

/// A rule kind and its phrase that hand a message off, in the file's
/// words: what the inbox's coverage and the week's report both say.
pub(crate) fn hand_over_label(rule: RuleKind, phrase: &str) -> Option<String> {
    Some(match rule {
        RuleKind::About | RuleKind::HandOverFirst => return None,
        RuleKind::HandoffAlways => "handoff always".to_string(),
        RuleKind::HandoffWhen => format!("handoff when {phrase:?}"),
        RuleKind::MustNot => format!("must not {phrase:?} (the customer asks for it)"),
        RuleKind::GlobalHandoffWhen => format!("handoff when {phrase:?} (every topic)"),
        RuleKind::Fallback => "no topic, and the fallback hands off".to_string(),
    })
}
