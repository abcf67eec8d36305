//! Routing a customer message (LANGUAGE.md, "Routing a customer message"):
//! which topic it is about, whether it is handed to a person, and every rule
//! that decided it, with its place in the file.
//!
//! It reads the compiled policy only, so any runtime that loads the JSON
//! policy can reproduce every decision. Phrases are indexed by word, so the
//! cost of a message grows with the message, not with the policy.

mod index;
pub mod messy;

use handoff_policy::{Expectation, FallbackAction, Field, Policy};
use handoff_text::{find_phrase, normalize, words};
use serde::Serialize;

use crate::index::{Index, Owner};

/// What a rule that fired is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The topic's longest matching `about` phrase.
    About,
    /// The topic has `handoff always`.
    HandoffAlways,
    /// A topic's `handoff when` phrase matched.
    HandoffWhen,
    /// A topic's `must not` phrase matched: the customer asks for what the
    /// agent must not do.
    MustNot,
    /// A top-level `handoff when` phrase matched.
    GlobalHandoffWhen,
    /// No topic matched, and `fallback` decided.
    Fallback,
}

/// One word of a rule phrase and the message word it matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedWord {
    /// The word as it stands in the message (normalised).
    pub word: String,
    /// The rule's word it matched.
    pub rule_word: String,
    /// `exact`, `prefix` or `typo`: what was forgiven.
    #[serde(rename = "match")]
    pub how: &'static str,
}

/// A rule that fired, with its place in the `.handoff` file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub rule: RuleKind,
    /// The rule's phrase, if the rule has one.
    pub phrase: Option<String>,
    pub matched: Vec<MatchedWord>,
    /// 1-based line in the source, when the rule is written there.
    pub line: Option<u32>,
}

/// The decision for one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub topic: Option<String>,
    pub handoff: bool,
    pub reasons: Vec<Reason>,
    /// What to collect before handing off: the topic's fields, when handed
    /// off.
    pub collect: Vec<Field>,
}

impl Decision {
    /// Whether the decision is what a `test` line expects: `-> TOPIC`
    /// (that topic, answered), `-> handoff TOPIC` (that topic, handed off),
    /// `-> handoff` (handed off, whatever the topic), `-> no topic` (no
    /// topic, answered).
    pub fn meets(&self, expect: &Expectation) -> bool {
        self.handoff == expect.handoff
            && match (&expect.topic, expect.handoff) {
                (Some(topic), _) => self.topic.as_ref() == Some(topic),
                (None, true) => true,
                (None, false) => self.topic.is_none(),
            }
    }
}

impl Decision {
    /// The decision in a few words: `booking (answered)`, `handoff
    /// booking`, `handoff (no topic)`.
    pub fn summary(&self) -> String {
        match (&self.topic, self.handoff) {
            (Some(topic), false) => format!("{topic} (answered)"),
            (Some(topic), true) => format!("handoff {topic}"),
            (None, true) => "handoff (no topic)".to_string(),
            (None, false) => "answered (no topic)".to_string(),
        }
    }
}

/// What a test expects, in the words of its `->`: `booking (answered)`,
/// `handoff booking`, `handoff`, `no topic (answered)`.
pub fn expectation_summary(expect: &Expectation) -> String {
    match (&expect.topic, expect.handoff) {
        (Some(topic), false) => format!("{topic} (answered)"),
        (Some(topic), true) => format!("handoff {topic}"),
        (None, true) => "handoff".to_string(),
        (None, false) => "no topic (answered)".to_string(),
    }
}

impl Reason {
    /// The rule that fired, where it is written, and what it forgave
    /// (a typo, a shortened word): what `handoff route`, `handoff test` and
    /// the editor show as "because ...".
    pub fn describe(&self) -> String {
        let place = self
            .line
            .map_or_else(String::new, |l| format!(" (line {l})"));
        let phrase = self.phrase.as_deref().unwrap_or("");
        let rule = match self.rule {
            RuleKind::About => format!("about {phrase:?}{place}"),
            RuleKind::HandoffAlways => format!("handoff always{place}"),
            RuleKind::HandoffWhen => format!("handoff when {phrase:?}{place}"),
            RuleKind::MustNot => format!("must not {phrase:?}{place}: the customer asks for it"),
            RuleKind::GlobalHandoffWhen => {
                format!("handoff when {phrase:?}{place}, for every topic")
            }
            RuleKind::Fallback => format!("fallback handoff{place}: no topic matched"),
        };
        let forgiven: Vec<String> = self
            .matched
            .iter()
            .filter(|m| m.how != "exact")
            .map(|m| format!("{:?} read as {:?} ({})", m.word, m.rule_word, m.how))
            .collect();
        if forgiven.is_empty() {
            rule
        } else {
            format!("{rule}; {}", forgiven.join(", "))
        }
    }
}

/// A policy, indexed for routing.
pub struct Router<'p> {
    policy: &'p Policy,
    index: Index,
}

impl<'p> Router<'p> {
    pub fn new(policy: &'p Policy) -> Router<'p> {
        Router {
            index: Index::new(policy),
            policy,
        }
    }

    pub fn route(&self, message: &str) -> Decision {
        let normalized = normalize(message);
        let message_words = words(&normalized);
        let hits = self.index.matching_phrases(&message_words);

        // 1. The topic whose longest matching `about` phrase is longest;
        // ties go to the topic written first.
        // (words, topic, phrase, the phrase in the index)
        let mut best: Option<(usize, usize, usize, u32)> = None;
        for hit in &hits {
            if let Owner::About { topic, phrase } = hit.owner {
                let better = match best {
                    None => true,
                    Some((len, t, _, _)) => hit.len > len || (hit.len == len && topic < t),
                };
                if better {
                    best = Some((hit.len, topic, phrase, hit.phrase));
                }
            }
        }

        let mut reasons = Vec::new();
        let mut handoff = false;
        let topic = best.map(|(_, t, _, _)| &self.policy.topics[t]);
        if let Some((_, t, p, indexed)) = best {
            let phrase = &self.policy.topics[t].about[p];
            reasons.push(self.reason(
                RuleKind::About,
                &phrase.text,
                phrase.span.line,
                indexed,
                &message_words,
            ));
        }

        // 2. Handoff: `handoff always`, the topic's `handoff when` and
        // `must not` phrases, and the top-level `handoff when`.
        if let Some(topic) = topic
            && topic.handoff.always
        {
            handoff = true;
            reasons.push(Reason {
                rule: RuleKind::HandoffAlways,
                phrase: None,
                matched: Vec::new(),
                line: Some(topic.span.line),
            });
        }
        let winner = best.map(|(_, t, _, _)| t);
        for hit in &hits {
            let (kind, phrase) = match hit.owner {
                Owner::HandoffWhen { topic, phrase } if Some(topic) == winner => (
                    RuleKind::HandoffWhen,
                    &self.policy.topics[topic].handoff.when[phrase],
                ),
                Owner::MustNot { topic, phrase } if Some(topic) == winner => (
                    RuleKind::MustNot,
                    &self.policy.topics[topic].must_not[phrase],
                ),
                Owner::GlobalHandoffWhen { phrase } => (
                    RuleKind::GlobalHandoffWhen,
                    &self.policy.handoff_when[phrase],
                ),
                _ => continue,
            };
            handoff = true;
            reasons.push(self.reason(
                kind,
                &phrase.text,
                phrase.span.line,
                hit.phrase,
                &message_words,
            ));
        }
        if topic.is_none() && self.policy.fallback.action == FallbackAction::Handoff {
            handoff = true;
            reasons.push(Reason {
                rule: RuleKind::Fallback,
                phrase: Some("handoff".to_string()),
                matched: Vec::new(),
                line: self.policy.fallback.span.map(|s| s.line),
            });
        }
        // Rules in a stable order: about first, then by kind and place.
        reasons.sort_by_key(|r| (r.rule, r.line));
        Decision {
            topic: topic.map(|t| t.name.clone()),
            handoff,
            collect: match (topic, handoff) {
                (Some(t), true) => t.collect.clone(),
                _ => Vec::new(),
            },
            reasons,
        }
    }

    /// `indexed`: the phrase in the index, whose words are the phrase's
    /// normalised words, so they need not be normalised again.
    fn reason(
        &self,
        rule: RuleKind,
        phrase: &str,
        line: u32,
        indexed: u32,
        message: &[&str],
    ) -> Reason {
        let rule_words = self.index.phrase_words(indexed);
        let matched = find_phrase(&rule_words, message)
            .map(|m| {
                rule_words
                    .iter()
                    .zip(&message[m.start..])
                    .zip(&m.words)
                    .map(|((r, w), how)| MatchedWord {
                        word: w.to_string(),
                        rule_word: r.to_string(),
                        how: how.as_str(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Reason {
            rule,
            phrase: Some(phrase.to_string()),
            matched,
            line: Some(line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(topic: Option<&str>, handoff: bool) -> Decision {
        Decision {
            topic: topic.map(str::to_string),
            handoff,
            reasons: Vec::new(),
            collect: Vec::new(),
        }
    }

    fn expect(topic: Option<&str>, handoff: bool) -> Expectation {
        Expectation {
            topic: topic.map(str::to_string),
            handoff,
        }
    }

    #[test]
    fn decisions_meet_the_four_kinds_of_expectation() {
        // -> no topic
        assert!(decision(None, false).meets(&expect(None, false)));
        assert!(!decision(Some("menu"), false).meets(&expect(None, false)));
        assert!(!decision(None, true).meets(&expect(None, false)));
        // -> booking
        assert!(decision(Some("booking"), false).meets(&expect(Some("booking"), false)));
        assert!(!decision(Some("booking"), true).meets(&expect(Some("booking"), false)));
        assert!(!decision(Some("menu"), false).meets(&expect(Some("booking"), false)));
        // -> handoff booking
        assert!(decision(Some("booking"), true).meets(&expect(Some("booking"), true)));
        assert!(!decision(None, true).meets(&expect(Some("booking"), true)));
        // -> handoff
        assert!(decision(None, true).meets(&expect(None, true)));
        assert!(decision(Some("menu"), true).meets(&expect(None, true)));
        assert!(!decision(Some("menu"), false).meets(&expect(None, true)));
    }
}
