//! Routing a customer message (LANGUAGE.md, "Routing a customer message"):
//! which topic it is about, whether it is handed to a person, and every rule
//! that decided it, with its place in the file.
//!
//! It reads the compiled policy only, so any runtime that loads the JSON
//! policy can reproduce every decision. Phrases are indexed by word, so the
//! cost of a message grows with the message, not with the policy.

mod index;
pub mod messy;

use std::sync::Arc;

use handoff_policy::{Expectation, FallbackAction, Field, Policy};
use handoff_text::vocab::{Family, How, Unit, Vocabulary};
use handoff_text::{normalize, words};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::index::{FamilyOf, Hit, Index, Owner};

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
    /// Another topic (the phrase names it) matched better but would not
    /// hand the message off; this one does, and a missed hand-over costs
    /// more than an unneeded one.
    HandOverFirst,
}

impl RuleKind {
    /// As `handoff route --format json` writes it: `about`, `handoff_when`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::About => "about",
            RuleKind::HandoffAlways => "handoff_always",
            RuleKind::HandoffWhen => "handoff_when",
            RuleKind::MustNot => "must_not",
            RuleKind::GlobalHandoffWhen => "global_handoff_when",
            RuleKind::Fallback => "fallback",
            RuleKind::HandOverFirst => "hand_over_first",
        }
    }

    pub const ALL: [RuleKind; 7] = [
        RuleKind::About,
        RuleKind::HandoffAlways,
        RuleKind::HandoffWhen,
        RuleKind::MustNot,
        RuleKind::GlobalHandoffWhen,
        RuleKind::Fallback,
        RuleKind::HandOverFirst,
    ];
}

/// One word of a rule phrase and the message word it matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedWord {
    /// The word as it stands in the message (normalised).
    pub word: String,
    /// The rule's word it matched (for a family, the family's word).
    pub rule_word: String,
    /// `exact`, `prefix` or `typo` (the definition's least rule), `form`
    /// (the same stem), `part` (of a compound), `family` (an everyday word
    /// for the phrase's word) or `number` (a number the phrase compares).
    #[serde(rename = "match")]
    pub how: &'static str,
    /// For `family`: the phrase's own word this one stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
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
    /// The expectation this decision meets exactly: what a `test` line
    /// for the message writes today.
    pub fn expectation(&self) -> Expectation {
        Expectation {
            topic: self.topic.clone(),
            handoff: self.handoff,
        }
    }

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
            RuleKind::HandOverFirst => {
                format!("topic {phrase}{place} matched more words, but a hand-over goes first")
            }
        };
        // The words of one family phrase are said together: "do you have
        // time", a word for "book", not four words each a word for it.
        let mut forgiven: Vec<String> = Vec::new();
        let mut family_words: Vec<&str> = Vec::new();
        let not_exact: Vec<&MatchedWord> =
            self.matched.iter().filter(|m| m.how != "exact").collect();
        for (i, m) in not_exact.iter().enumerate() {
            match (&m.family, m.how) {
                (Some(family), _) => {
                    family_words.push(&m.word);
                    if not_exact.get(i + 1).and_then(|n| n.family.as_ref()) != Some(family) {
                        forgiven.push(format!(
                            "{:?}, a word for {family:?}",
                            family_words.join(" ")
                        ));
                        family_words.clear();
                    }
                }
                (None, "number") => forgiven.push(format!("{} is {}", m.word, m.rule_word)),
                (None, how) => {
                    forgiven.push(format!("{:?} read as {:?} ({how})", m.word, m.rule_word))
                }
            }
        }
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
    vocabulary: Arc<Vocabulary>,
    index: Index,
    /// By topic, by `handoff when` phrase: whether it says only when
    /// (`today`, `less than 24 hours`), read once here, not per message.
    when_only: Vec<Vec<bool>>,
    /// The same for the file's top-level `handoff when` phrases.
    global_when_only: Vec<bool>,
}

/// What a topic got from one message: its score, whether it would hand the
/// message off, and the phrases that decided both.
#[derive(Default)]
struct Standing {
    /// By message word: the most any matching `about` phrase gave it.
    covered: FxHashMap<usize, u32>,
    about: Vec<usize>,
    handoff: Vec<usize>,
    /// `must not` phrases whose deed alone matched (see `Hit::deed`).
    deeds: Vec<usize>,
    numbers: Vec<(u32, String)>,
    /// Whether a comparison of the topic held for a count of people (`we
    /// are 10` under `more than 8`): it reaches the topic with no word
    /// matched. A comparison of time (`less than 24 hours`) says only when.
    counted: bool,
}

impl Standing {
    fn score(&self) -> u32 {
        self.covered.values().sum()
    }
}

impl<'p> Router<'p> {
    pub fn new(policy: &'p Policy) -> Router<'p> {
        let vocabulary = Vocabulary::shared(
            policy.languages.iter().map(|l| l.tag.as_str()),
            policy.matching.exact,
        );
        let when_only = policy
            .topics
            .iter()
            .map(|t| {
                t.handoff
                    .when
                    .iter()
                    .map(|p| vocabulary.is_when(&p.text))
                    .collect()
            })
            .collect();
        let global_when_only = policy
            .handoff_when
            .iter()
            .map(|p| vocabulary.is_when(&p.text))
            .collect();
        Router {
            when_only,
            global_when_only,
            index: Index::new(policy, &vocabulary),
            vocabulary,
            policy,
        }
    }

    /// What matching knows for this policy's languages.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Whether the words before the `at`th are a negation of it: a
    /// negation word right before it, or with one or two function words
    /// between (`not an emergency`).
    fn negated(&self, words: &[&str], at: usize) -> bool {
        let vocab = &self.vocabulary;
        (1..=3).map_while(|back| at.checked_sub(back)).any(|j| {
            let before = j.checked_sub(1).map(|b| words[b]);
            vocab.is_negation(words[j], before)
                && (j + 1..at).all(|k| {
                    vocab.is_function_word(words[k])
                        && !vocab.is_negation(words[k], Some(words[k - 1]))
                })
        })
    }

    /// The `handoff when` phrases of the policy's `topic`th topic (none
    /// for `None`) and of the file that `text` says, by the words they match (as `route` reads a
    /// message, negations included), leaving out what says only when
    /// (`today`) and what compares a number (`more than 8`): the guard
    /// asks this of the pieces of a reply that tell the customer
    /// something, to see whether the reply settles what goes to a person.
    ///
    /// An agent's words are its own more often than a customer's: a single
    /// word counts only as the phrase's own, not a family's (`boiler` is no
    /// `no hot water`; `the course is full` is `full`), and not before a
    /// content word it describes (`your full name` is no `handoff when
    /// full`).
    pub fn hand_overs_in(&self, text: &str, topic: Option<usize>) -> Vec<Reason> {
        let normalized = normalize(text);
        let text_words = words(&normalized);
        let compares = |owner: Owner| {
            self.index
                .comparisons
                .iter()
                .any(|&(p, _)| self.index.owner(p) == owner)
        };
        let mut reasons: Vec<Reason> = Vec::new();
        for hit in self.index.matching_phrases(&self.vocabulary, &text_words) {
            let negated = self.hit_negated(&hit, &text_words);
            // One word: a family's stands for too much, and one before a
            // content word describes that word.
            let loose = match hit.matched.as_slice() {
                [only] => {
                    only.family_of.is_some()
                        || text_words
                            .get(only.at + 1)
                            .is_some_and(|next| !self.vocabulary.is_function_word(next))
                }
                _ => false,
            };
            if negated || loose || hit.deed || compares(hit.owner) {
                continue;
            }
            let (rule, phrase) = match hit.owner {
                Owner::HandoffWhen { topic: t, phrase }
                    if Some(t) == topic && !self.when_only[t][phrase] =>
                {
                    (
                        RuleKind::HandoffWhen,
                        &self.policy.topics[t].handoff.when[phrase],
                    )
                }
                Owner::GlobalHandoffWhen { phrase } if !self.global_when_only[phrase] => (
                    RuleKind::GlobalHandoffWhen,
                    &self.policy.handoff_when[phrase],
                ),
                _ => continue,
            };
            // A whole-phrase family member counts only from the family the
            // phrase heads: `course is full` is `full`, but `price list`,
            // of the price family `discount` is also in, is no `discount`.
            if hit
                .matched
                .iter()
                .any(|m| m.family_of == Some(FamilyOf::Phrase))
            {
                let member: Vec<&str> = hit.matched.iter().map(|m| text_words[m.at]).collect();
                let member = member.join(" ");
                let head = normalize(&phrase.text);
                let headed = self.vocabulary.families_of(&member).into_iter().any(|f| {
                    let family = self.vocabulary.family(f);
                    family.id == head || heads(family, &head)
                });
                if !headed {
                    continue;
                }
            }
            reasons.push(self.reason(rule, &phrase.text, phrase.span.line, &hit, &text_words));
        }
        reasons.sort_by(|a, b| (a.rule, a.line, &a.phrase).cmp(&(b.rule, b.line, &b.phrase)));
        reasons.dedup_by(|a, b| (a.rule, a.line) == (b.rule, b.line));
        reasons
    }

    /// Whether the customer negates what `hit` matched: its first word.
    fn hit_negated(&self, hit: &Hit, words: &[&str]) -> bool {
        hit.matched
            .iter()
            .map(|m| m.at)
            .min()
            .is_some_and(|at| self.negated(words, at))
    }

    pub fn route(&self, message: &str) -> Decision {
        let normalized = normalize(message);
        let message_words = words(&normalized);
        let mut hits = self
            .index
            .matching_phrases(&self.vocabulary, &message_words);
        // A phrase the customer negates is not asked for: "kein Notfall",
        // "not an emergency", "I don't want to cancel". A topic whose
        // `about` phrase is negated is one the customer says this is not:
        // its other phrases do not reach it either ("es tropft, kein
        // Notfall" is no emergency, though `leak` is one of its words).
        let mut denied: Vec<usize> = Vec::new();
        hits.retain(|hit| {
            let negated = self.hit_negated(hit, &message_words);
            if negated && let Owner::About { topic, .. } = hit.owner {
                denied.push(topic);
            }
            !negated
        });
        hits.retain(|hit| match hit.owner {
            Owner::About { topic, .. }
            | Owner::HandoffWhen { topic, .. }
            | Owner::MustNot { topic, .. } => !denied.contains(&topic),
            Owner::GlobalHandoffWhen { .. } => true,
        });
        let quantities = if self.index.comparisons.is_empty() {
            Vec::new()
        } else {
            self.vocabulary.quantities(message)
        };

        // 1. Each topic's score: every message word its `about` phrases
        // match counts once, as much as its best match is worth.
        let mut standings: FxHashMap<usize, Standing> = FxHashMap::default();
        let mut global: Vec<usize> = Vec::new();
        let mut global_numbers: Vec<(u32, String)> = Vec::new();
        for (h, hit) in hits.iter().enumerate() {
            match hit.owner {
                Owner::About { topic, .. }
                | Owner::HandoffWhen { topic, .. }
                | Owner::MustNot { topic, .. } => {
                    let standing = standings.entry(topic).or_default();
                    // The deed alone says nothing of the topic: it hands
                    // over only the topic the rest of the message chose.
                    if hit.deed {
                        standing.deeds.push(h);
                        continue;
                    }
                    // A phrase that says only when says nothing of what
                    // the message is about: it neither scores nor reaches.
                    let when_only = match hit.owner {
                        Owner::HandoffWhen { topic, phrase } => self.when_only[topic][phrase],
                        _ => false,
                    };
                    if matches!(hit.owner, Owner::About { .. }) {
                        standing.about.push(h);
                    } else {
                        standing.handoff.push(h);
                    }
                    if when_only {
                        continue;
                    }
                    // A topic's own hand-over phrases say what its
                    // customers write too: they count to its score, at
                    // half the weight of its `about` phrases.
                    let about = matches!(hit.owner, Owner::About { .. });
                    for m in &hit.matched {
                        let weight = if self.vocabulary.is_function_word(message_words[m.at]) {
                            1
                        } else if about {
                            m.how.weight()
                        } else {
                            m.how.weight() / 2
                        };
                        let best = standing.covered.entry(m.at).or_default();
                        *best = (*best).max(weight);
                    }
                }
                Owner::GlobalHandoffWhen { .. } => global.push(h),
            }
        }
        for &(phrase, comparison) in &self.index.comparisons {
            let Some(q) = quantities.iter().find(|q| comparison.holds(q)) else {
                continue;
            };
            match self.index.owner(phrase) {
                Owner::HandoffWhen { topic, .. } | Owner::MustNot { topic, .. }
                    if !denied.contains(&topic) =>
                {
                    let standing = standings.entry(topic).or_default();
                    standing.counted |= comparison.unit.is_none_or(|u| u == Unit::People);
                    standing.numbers.push((phrase, q.text.clone()));
                }
                Owner::GlobalHandoffWhen { .. } => global_numbers.push((phrase, q.text.clone())),
                Owner::HandoffWhen { .. } | Owner::MustNot { .. } | Owner::About { .. } => {}
            }
        }

        // 2. Which topics would hand the message off, and 3. the decision:
        // the best score wins, but a hand-over any matching topic asks for
        // goes first; ties go to the topic that hands off, then to the
        // riskier pile, then to the topic written first.
        let hands_off = |t: usize, s: &Standing| {
            self.policy.topics[t].handoff.always || !s.handoff.is_empty() || !s.numbers.is_empty()
        };
        let rank = |t: usize, s: &Standing| {
            (
                s.score(),
                hands_off(t, s),
                // `Risk` orders the piles by what is at stake; a topic
                // with no pile (`None`) ranks below every pile.
                self.policy.topics[t].risk,
                std::cmp::Reverse(t),
            )
        };
        let matched: Vec<(usize, &Standing)> = {
            let mut m: Vec<(usize, &Standing)> = standings
                .iter()
                // A topic matches by its `about` phrases, or by a
                // hand-over phrase of its own: a customer who writes only
                // what hands the topic to a person reaches it. A phrase
                // that says only when (`handoff when today` on a topic
                // `about cancel`) does not: "can I come today?" is no
                // cancellation.
                .filter(|(_, s)| s.score() > 0 || s.counted)
                .map(|(t, s)| (*t, s))
                .collect();
            m.sort_by_key(|&(t, s)| std::cmp::Reverse(rank(t, s)));
            m
        };
        let best = matched.first().copied();
        // A top-level hand-over hands every topic off, the best one too,
        // so then nothing needs to go first: the best topic keeps it.
        let every_topic_hands_off = !global.is_empty() || !global_numbers.is_empty();
        let chosen = if every_topic_hands_off {
            best
        } else {
            matched
                .iter()
                .copied()
                .find(|&(t, s)| hands_off(t, s))
                .or(best)
        };

        let mut reasons = Vec::new();
        let mut handoff = false;
        if let Some((t, standing)) = chosen {
            let topic = &self.policy.topics[t];
            for h in explaining(&hits, &standing.about) {
                let hit = &hits[h];
                let Owner::About { phrase, .. } = hit.owner else {
                    continue;
                };
                let phrase = &topic.about[phrase];
                reasons.push(self.reason(
                    RuleKind::About,
                    &phrase.text,
                    phrase.span.line,
                    hit,
                    &message_words,
                ));
            }
            if let Some((b, _)) = best
                && b != t
            {
                let other = &self.policy.topics[b];
                reasons.push(Reason {
                    rule: RuleKind::HandOverFirst,
                    phrase: Some(other.name.clone()),
                    matched: Vec::new(),
                    line: Some(other.span.line),
                });
            }
            if topic.handoff.always {
                handoff = true;
                reasons.push(Reason {
                    rule: RuleKind::HandoffAlways,
                    phrase: None,
                    matched: Vec::new(),
                    line: Some(topic.span.line),
                });
            }
            let of_kind = |must_not: bool| -> Vec<usize> {
                let group: Vec<usize> = standing
                    .handoff
                    .iter()
                    .chain(must_not.then_some(&standing.deeds).into_iter().flatten())
                    .copied()
                    .filter(|&h| matches!(hits[h].owner, Owner::MustNot { .. }) == must_not)
                    .collect();
                explaining(&hits, &group)
            };
            for h in of_kind(false).into_iter().chain(of_kind(true)) {
                let hit = &hits[h];
                let (kind, phrase) = match hit.owner {
                    Owner::HandoffWhen { phrase, .. } => {
                        (RuleKind::HandoffWhen, &topic.handoff.when[phrase])
                    }
                    Owner::MustNot { phrase, .. } => (RuleKind::MustNot, &topic.must_not[phrase]),
                    _ => continue,
                };
                handoff = true;
                reasons.push(self.reason(
                    kind,
                    &phrase.text,
                    phrase.span.line,
                    hit,
                    &message_words,
                ));
            }
            for (p, said) in &standing.numbers {
                let (kind, phrase) = match self.index.owner(*p) {
                    Owner::HandoffWhen { phrase, .. } => {
                        (RuleKind::HandoffWhen, &topic.handoff.when[phrase])
                    }
                    Owner::MustNot { phrase, .. } => (RuleKind::MustNot, &topic.must_not[phrase]),
                    _ => continue,
                };
                handoff = true;
                reasons.push(number_reason(kind, phrase, said));
            }
        }
        for h in explaining(&hits, &global) {
            let hit = &hits[h];
            let Owner::GlobalHandoffWhen { phrase } = hit.owner else {
                continue;
            };
            let phrase = &self.policy.handoff_when[phrase];
            handoff = true;
            reasons.push(self.reason(
                RuleKind::GlobalHandoffWhen,
                &phrase.text,
                phrase.span.line,
                hit,
                &message_words,
            ));
        }
        for (p, said) in &global_numbers {
            let Owner::GlobalHandoffWhen { phrase } = self.index.owner(*p) else {
                continue;
            };
            if reasons.iter().any(|r| {
                r.rule == RuleKind::GlobalHandoffWhen
                    && r.line == Some(self.policy.handoff_when[phrase].span.line)
                    && r.phrase.as_deref() == Some(&self.policy.handoff_when[phrase].text)
            }) {
                continue;
            }
            handoff = true;
            reasons.push(number_reason(
                RuleKind::GlobalHandoffWhen,
                &self.policy.handoff_when[phrase],
                said,
            ));
        }
        let topic = chosen.map(|(t, _)| &self.policy.topics[t]);
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
        reasons.sort_by(|a, b| (a.rule, a.line, &a.phrase).cmp(&(b.rule, b.line, &b.phrase)));
        reasons.dedup();
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

    fn reason(
        &self,
        rule: RuleKind,
        phrase: &str,
        line: u32,
        hit: &Hit,
        message: &[&str],
    ) -> Reason {
        let matched = hit
            .matched
            .iter()
            .map(|m| MatchedWord {
                word: message[m.at].to_string(),
                rule_word: self.index.word(m.word).to_string(),
                how: m.how.as_str(),
                family: m.family_of.map(|f| match f {
                    FamilyOf::Word(w) => self.index.word(w).to_string(),
                    FamilyOf::Phrase => phrase.to_string(),
                }),
            })
            .collect();
        Reason {
            rule,
            phrase: Some(phrase.to_string()),
            matched,
            line: Some(line),
        }
    }
}

/// The hits of one rule that a reason should name: for each message word,
/// the phrase that matched it best (by the weights scoring uses, the owner's
/// own word first among equals; then the phrase written first). A phrase that is
/// nowhere the best says nothing the others do not: "book" matches `about
/// book` and, as family, `about appointment` and `about boka`; the reason
/// names `book` alone. Kept in the group's order.
fn explaining(hits: &[Hit], group: &[usize]) -> Vec<usize> {
    // One phrase explains itself; most groups are that small.
    if group.len() < 2 {
        return group.to_vec();
    }
    let strength = |m: &index::Matched| (std::cmp::Reverse(m.how.weight()), m.how);
    // By message word: its best match and the hit it is in (few words).
    let mut best: Vec<(usize, (std::cmp::Reverse<u32>, How), usize)> = Vec::new();
    for &h in group {
        for m in &hits[h].matched {
            let candidate = (strength(m), h);
            match best.iter_mut().find(|(at, ..)| *at == m.at) {
                Some((_, s, b)) => (*s, *b) = (*s, *b).min(candidate),
                None => best.push((m.at, candidate.0, candidate.1)),
            }
        }
    }
    group
        .iter()
        .copied()
        .filter(|&h| hits[h].matched.is_empty() || best.iter().any(|&(.., b)| b == h))
        .collect()
}

/// Whether `phrase` (normalised) is the first member of `family` in its
/// language: the word the family is named for there (`klagomål`).
fn heads(family: &Family, phrase: &str) -> bool {
    let mut seen = Vec::new();
    family.members.iter().any(|m| {
        if seen.contains(&m.lang) {
            return false;
        }
        seen.push(m.lang);
        normalize(&m.text) == phrase
    })
}

/// A reason for a phrase that compares a number the customer gave.
fn number_reason(rule: RuleKind, phrase: &handoff_policy::Phrase, said: &str) -> Reason {
    Reason {
        rule,
        phrase: Some(phrase.text.clone()),
        matched: vec![MatchedWord {
            word: said.to_string(),
            rule_word: phrase.text.clone(),
            how: How::Number.as_str(),
            family: None,
        }],
        line: Some(phrase.span.line),
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
