//! Messages grouped by what they share: the same word, up to its forms,
//! or words of one family (`stänger` and `öppet`). Greedy and
//! deterministic: the key most messages share makes the first group, and
//! so on; ties go to the key that sorts first.

use std::collections::{BTreeMap, BTreeSet};

use handoff_policy::Policy;
use handoff_text::vocab::Vocabulary;
use handoff_text::{normalize, words};

use crate::Coverage;

/// What messages share: a family of everyday words, or a word's stem.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Family(String),
    Stem(String),
}

/// Messages that share words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The messages (indices), in their order.
    pub messages: Vec<usize>,
    /// The words they share, as the customers wrote them, most shared first.
    pub shared: Vec<String>,
    /// The topic they most likely belong to, when the policy has one.
    pub topic: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    pub groups: Vec<Group>,
    /// Messages that share nothing with another.
    pub alone: Vec<usize>,
}

/// What grouping reads a message with: everyday words in these languages.
pub struct Reader {
    vocabulary: Vocabulary,
}

/// The redaction marks are no words of the customer's.
const MARKS: [&str; 7] = [
    "[name]",
    "[phone]",
    "[email]",
    "[order]",
    "[address]",
    "[card]",
    "[redacted]",
];

impl Reader {
    pub fn new<'a>(languages: impl IntoIterator<Item = &'a str>) -> Reader {
        Reader {
            vocabulary: Vocabulary::new(languages, false),
        }
    }

    /// The families (by name) a word belongs to.
    pub(crate) fn families(&self, word: &str) -> Vec<String> {
        self.vocabulary
            .families_of(&normalize(word))
            .into_iter()
            .map(|f| self.vocabulary.family(f).id.to_string())
            .collect()
    }

    /// A message's keys, each with the word that gave it.
    fn keys(&self, text: &str) -> Vec<(Key, String)> {
        let mut text = text.to_string();
        for mark in MARKS {
            text = text.replace(mark, " ");
        }
        let normalized = normalize(&text);
        let mut out: Vec<(Key, String)> = Vec::new();
        for word in words(&normalized) {
            if word.chars().count() < 3
                || word.chars().any(|c| c.is_ascii_digit())
                || self.vocabulary.is_function_word(word)
                || self.vocabulary.is_light_verb(word)
            {
                continue;
            }
            let key = match self.vocabulary.families_of(word).first() {
                Some(&f) => Key::Family(self.vocabulary.family(f).id.to_string()),
                None => Key::Stem(
                    self.vocabulary
                        .stems(word)
                        .into_iter()
                        .map(|(_, s)| s)
                        .min_by_key(|s| s.chars().count())
                        .unwrap_or_else(|| word.to_string()),
                ),
            };
            if !out.iter().any(|(k, _)| *k == key) {
                out.push((key, word.to_string()));
            }
        }
        out
    }
}

/// The messages `among` (indices into `texts`) in at most `max` groups of
/// two or more, and the rest alone; with the policy and what it made of
/// every message, each group's likely topic.
pub fn group(
    reader: &Reader,
    texts: &[&str],
    among: &[usize],
    max: usize,
    policy: Option<(&Policy, &Coverage)>,
) -> Grouping {
    let keys: Vec<Vec<(Key, String)>> = texts.iter().map(|t| reader.keys(t)).collect();
    let mut uncovered: BTreeSet<usize> = among.iter().copied().collect();
    let mut groups = Vec::new();
    while groups.len() < max {
        let mut counts: BTreeMap<&Key, usize> = BTreeMap::new();
        for &m in &uncovered {
            for (k, _) in &keys[m] {
                *counts.entry(k).or_default() += 1;
            }
        }
        let Some((&key, &count)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        else {
            break;
        };
        if count < 2 {
            break;
        }
        let key = key.clone();
        let members: Vec<usize> = uncovered
            .iter()
            .copied()
            .filter(|&m| keys[m].iter().any(|(k, _)| *k == key))
            .collect();
        for m in &members {
            uncovered.remove(m);
        }
        groups.push(describe(&keys, members, &key));
    }
    if let Some((policy, coverage)) = policy {
        let caught: Vec<(usize, String)> = coverage
            .decisions
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.topic.clone().map(|t| (i, t)))
            .collect();
        // Each topic's `about` words, read once for every group.
        let about: Vec<BTreeSet<Key>> = policy
            .topics
            .iter()
            .map(|t| {
                t.about
                    .iter()
                    .flat_map(|p| reader.keys(&p.text))
                    .map(|(k, _)| k)
                    .collect()
            })
            .collect();
        for g in &mut groups {
            g.topic = likely_topic(policy, &about, &caught, &keys, g);
        }
    }
    Grouping {
        groups,
        alone: uncovered.into_iter().collect(),
    }
}

/// A group's shared words: its key first, then every key at least half
/// its messages (and two) have, each said by the word most of them wrote.
fn describe(keys: &[Vec<(Key, String)>], messages: Vec<usize>, first: &Key) -> Group {
    let mut by_key: BTreeMap<&Key, BTreeMap<&str, usize>> = BTreeMap::new();
    for &m in &messages {
        for (k, w) in &keys[m] {
            *by_key.entry(k).or_default().entry(w.as_str()).or_default() += 1;
        }
    }
    let need = messages.len().div_ceil(2).max(2);
    let mut shared: Vec<(&Key, usize, &str)> = by_key
        .iter()
        .map(|(k, words)| {
            let total = words.values().sum();
            let word = words
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or("", |(w, _)| *w);
            (*k, total, word)
        })
        .filter(|(k, n, _)| *k == first || *n >= need)
        .collect();
    shared.sort_by(|a, b| {
        (b.0 == first)
            .cmp(&(a.0 == first))
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(b.0))
    });
    shared.truncate(4);
    Group {
        messages,
        shared: shared.iter().map(|s| s.2.to_string()).collect(),
        topic: None,
    }
}

/// The topic a group most likely belongs to: the one whose `about` words
/// share its keys, or whose caught messages (`caught`: index and topic,
/// over `keys`' messages) do; `None` when no topic shares anything.
fn likely_topic(
    policy: &Policy,
    about: &[BTreeSet<Key>],
    caught: &[(usize, String)],
    keys: &[Vec<(Key, String)>],
    group: &Group,
) -> Option<String> {
    let group_keys: BTreeSet<&Key> = group
        .messages
        .iter()
        .flat_map(|&m| keys[m].iter().map(|(k, _)| k))
        .collect();
    let mut best: Option<(usize, usize)> = None;
    for ((t, topic), about) in policy.topics.iter().enumerate().zip(about) {
        let mut score = 2 * group_keys.iter().filter(|k| about.contains(**k)).count();
        score += caught
            .iter()
            .filter(|(_, name)| *name == topic.name)
            .filter(|(m, _)| keys[*m].iter().any(|(k, _)| group_keys.contains(k)))
            .count();
        if score > 0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((t, score));
        }
    }
    best.map(|(t, _)| policy.topics[t].name.clone())
}
