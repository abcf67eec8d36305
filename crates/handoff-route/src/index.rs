//! The word index behind routing. Every distinct word of every routing
//! phrase gets an id; a message word is looked up exactly, by its prefixes,
//! by the words it begins, and by its one-letter deletions (which find every
//! word one edit away), and each candidate is then confirmed with the
//! language's own word matching.
//!
//! Each phrase is filed under its rarest word only (its anchor), and checked
//! word by word where its anchor matches. A word that many phrases share
//! ("order", "status") then costs nothing unless it is all a phrase has, so
//! the cost of a message grows with the message, not with the number of
//! topics.

use handoff_policy::Policy;
use handoff_text::{match_words, normalize, words};
use rustc_hash::FxHashMap;

/// Which rule a phrase belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Owner {
    About { topic: usize, phrase: usize },
    HandoffWhen { topic: usize, phrase: usize },
    MustNot { topic: usize, phrase: usize },
    GlobalHandoffWhen { phrase: usize },
}

/// A phrase that matched the message.
pub(crate) struct Hit {
    pub owner: Owner,
    /// Its number of words.
    pub len: usize,
}

struct Entry {
    owner: Owner,
    words: Box<[u32]>,
}

pub(crate) struct Index {
    phrases: Vec<Entry>,
    ids: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// By word id: the phrases anchored on it, with the anchor's position.
    anchored: Vec<Vec<(u32, u32)>>,
    /// A beginning (4 letters or more) → the longer words that start with it.
    beginnings: FxHashMap<Box<str>, Vec<u32>>,
    /// A word of 5 letters or more with one letter deleted → the word.
    deletions: FxHashMap<Box<str>, Vec<u32>>,
}

impl Index {
    pub fn new(policy: &Policy) -> Index {
        let mut index = Index {
            phrases: Vec::new(),
            ids: FxHashMap::default(),
            words: Vec::new(),
            anchored: Vec::new(),
            beginnings: FxHashMap::default(),
            deletions: FxHashMap::default(),
        };
        for (t, topic) in policy.topics.iter().enumerate() {
            for (p, phrase) in topic.about.iter().enumerate() {
                index.add(
                    Owner::About {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
            for (p, phrase) in topic.handoff.when.iter().enumerate() {
                index.add(
                    Owner::HandoffWhen {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
            for (p, phrase) in topic.must_not.iter().enumerate() {
                index.add(
                    Owner::MustNot {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
        }
        for (p, phrase) in policy.handoff_when.iter().enumerate() {
            index.add(Owner::GlobalHandoffWhen { phrase: p }, &phrase.text);
        }
        index.anchor();
        index
    }

    /// Files every phrase under its rarest word.
    fn anchor(&mut self) {
        let mut uses = vec![0u32; self.words.len()];
        for entry in &self.phrases {
            for &id in entry.words.iter() {
                uses[id as usize] += 1;
            }
        }
        for (p, entry) in self.phrases.iter().enumerate() {
            let (position, &id) = entry
                .words
                .iter()
                .enumerate()
                .min_by_key(|(_, id)| uses[**id as usize])
                .expect("phrases have words");
            self.anchored[id as usize].push((p as u32, position as u32));
        }
    }

    fn add(&mut self, owner: Owner, text: &str) {
        let normalized = normalize(text);
        let ids: Box<[u32]> = words(&normalized).iter().map(|w| self.word_id(w)).collect();
        if ids.is_empty() {
            return; // a phrase of punctuation only matches nothing
        }
        self.phrases.push(Entry { owner, words: ids });
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.into(), id);
        self.words.push(word.into());
        self.anchored.push(Vec::new());
        for beginning in beginnings(word) {
            self.beginnings
                .entry(beginning.into())
                .or_default()
                .push(id);
        }
        if word.chars().count() >= 5 {
            for deleted in deletions(word) {
                self.deletions
                    .entry(deleted.into_boxed_str())
                    .or_default()
                    .push(id);
            }
        }
        id
    }

    /// The rule words that match a message word.
    fn candidates(&self, word: &str, out: &mut Vec<u32>) {
        out.clear();
        let letters = word.chars().count();
        if let Some(&id) = self.ids.get(word) {
            out.push(id);
        }
        // A rule word that begins this word, or that this word begins.
        out.extend(beginnings(word).filter_map(|b| self.ids.get(b).copied()));
        if letters >= 4
            && let Some(longer) = self.beginnings.get(word)
        {
            out.extend(longer);
        }
        // One edit apart: some one-letter deletion of each is equal.
        if letters >= 5 {
            out.extend(self.deletions.get(word).into_iter().flatten());
            let mut deleted = String::with_capacity(word.len());
            for (at, c) in word.char_indices() {
                deleted.clear();
                deleted.push_str(&word[..at]);
                deleted.push_str(&word[at + c.len_utf8()..]);
                out.extend(self.ids.get(deleted.as_str()));
                out.extend(self.deletions.get(deleted.as_str()).into_iter().flatten());
            }
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&id| match_words(&self.words[id as usize], word).is_some());
    }

    /// Every phrase that matches the message's words somewhere, once each.
    pub fn matching_phrases(&self, message: &[&str]) -> Vec<Hit> {
        let mut found: Vec<u32> = Vec::new();
        let mut candidates = Vec::new();
        for (i, word) in message.iter().enumerate() {
            self.candidates(word, &mut candidates);
            for &id in &candidates {
                for &(phrase, anchor) in &self.anchored[id as usize] {
                    let words = &self.phrases[phrase as usize].words;
                    let Some(start) = i.checked_sub(anchor as usize) else {
                        continue;
                    };
                    let Some(window) = message.get(start..start + words.len()) else {
                        continue;
                    };
                    let rest_matches = words.iter().zip(window).enumerate().all(|(j, (&w, m))| {
                        j == anchor as usize || match_words(&self.words[w as usize], m).is_some()
                    });
                    if rest_matches {
                        found.push(phrase);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .map(|p| {
                let entry = &self.phrases[p as usize];
                Hit {
                    owner: entry.owner,
                    len: entry.words.len(),
                }
            })
            .collect()
    }
}

/// The beginnings of a word that are 4 letters or more and shorter than it.
fn beginnings(word: &str) -> impl Iterator<Item = &str> {
    word.char_indices().skip(4).map(move |(at, _)| &word[..at])
}

/// The word with each one of its letters deleted.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(at, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..at]);
        s.push_str(&word[at + c.len_utf8()..]);
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beginnings_and_deletions_count_letters() {
        assert_eq!(
            beginnings("booking").collect::<Vec<_>>(),
            ["book", "booki", "bookin"]
        );
        assert_eq!(beginnings("book").count(), 0);
        assert_eq!(
            deletions("öppet").collect::<Vec<_>>(),
            ["ppet", "öpet", "öpet", "öppt", "öppe"]
        );
    }
}
