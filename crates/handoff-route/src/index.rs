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
    /// Which phrase of the index, for [`Index::phrase_words`].
    pub phrase: u32,
}

struct Entry {
    owner: Owner,
    words: Box<[u32]>,
}

pub(crate) struct Index {
    phrases: Vec<Entry>,
    words: Vec<Box<str>>,
    /// By word id: the phrases anchored on it, with the anchor's position.
    anchored: Vec<Vec<(u32, u32)>>,
    /// A key's hash, salted by its [`Role`] → the rule words it leads to:
    /// one id, or a range of `related` when there are several. A key's
    /// hash is computed without building the key (see [`Hashes`]). Keys
    /// are not compared: every candidate is confirmed with `match_words`,
    /// so a collision costs a wasted check, never a wrong answer.
    keys: FxHashMap<u64, Slot>,
    related: Vec<u32>,
    /// One bit per key hash (its top bits), 8 bits per key: most keys a
    /// message asks for are in no rule, and this answers them from a few
    /// hundred kilobytes that stay in cache, where the table of a large
    /// policy does not.
    filter: Vec<u64>,
    /// 64 minus the filter's bit count's log2: the shift that takes a
    /// hash's top bits.
    filter_shift: u32,
}

impl Index {
    pub fn new(policy: &Policy) -> Index {
        let mut builder = Builder::default();
        for (t, topic) in policy.topics.iter().enumerate() {
            for (p, phrase) in topic.about.iter().enumerate() {
                builder.add(
                    Owner::About {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
            for (p, phrase) in topic.handoff.when.iter().enumerate() {
                builder.add(
                    Owner::HandoffWhen {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
            for (p, phrase) in topic.must_not.iter().enumerate() {
                builder.add(
                    Owner::MustNot {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
        }
        for (p, phrase) in policy.handoff_when.iter().enumerate() {
            builder.add(Owner::GlobalHandoffWhen { phrase: p }, &phrase.text);
        }
        builder.finish()
    }

    /// The normalised words of a phrase, as `words(&normalize(text))` gives
    /// them.
    pub fn phrase_words(&self, phrase: u32) -> Vec<&str> {
        self.phrases[phrase as usize]
            .words
            .iter()
            .map(|&id| &*self.words[id as usize])
            .collect()
    }

    fn lookup(&self, role: Role, hash: u64, out: &mut Vec<u32>) {
        let key = role.key(hash);
        let bit = (key >> self.filter_shift) as usize;
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        match self.keys.get(&key) {
            Some(&Slot::One(id)) => out.push(id),
            Some(&Slot::Many(start, end)) => {
                out.extend_from_slice(&self.related[start as usize..end as usize]);
            }
            None => {}
        }
    }

    /// The rule words that match a message word.
    fn candidates(&self, word: &str, hashes: &mut Hashes, out: &mut Vec<u32>) {
        out.clear();
        hashes.load(word);
        let letters = hashes.letters();
        let whole = hashes.whole();
        self.lookup(Role::Word, whole, out);
        // A rule word that this word begins, or that begins this word.
        if letters >= 4 {
            self.lookup(Role::Beginning, whole, out);
        }
        for at in 4..letters {
            self.lookup(Role::Word, hashes.before(at), out);
        }
        // One edit apart: some one-letter deletion of each is equal.
        if letters >= 5 {
            self.lookup(Role::Deletion, whole, out);
            for at in 0..letters {
                let deleted = hashes.without(at);
                self.lookup(Role::Word, deleted, out);
                self.lookup(Role::Deletion, deleted, out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&id| match_words(&self.words[id as usize], word).is_some());
    }

    /// Every phrase that matches the message's words somewhere, once each.
    pub fn matching_phrases(&self, message: &[&str]) -> Vec<Hit> {
        let mut found: Vec<u32> = Vec::new();
        let mut candidates = Vec::with_capacity(64);
        let mut hashes = Hashes::with_capacity(32);
        for (i, word) in message.iter().enumerate() {
            self.candidates(word, &mut hashes, &mut candidates);
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
                    phrase: p,
                }
            })
            .collect()
    }
}

#[derive(Default)]
struct Builder {
    phrases: Vec<Entry>,
    ids: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// Key hash → rule word ids, before they are laid out flat.
    keys: FxHashMap<u64, Vec<u32>>,
}

impl Builder {
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
        let mut hashes = Hashes::default();
        hashes.load(word);
        let letters = hashes.letters();
        let mut keys = vec![Role::Word.key(hashes.whole())];
        keys.extend((4..letters).map(|at| Role::Beginning.key(hashes.before(at))));
        if letters >= 5 {
            keys.extend((0..letters).map(|at| Role::Deletion.key(hashes.without(at))));
        }
        for key in keys {
            self.keys.entry(key).or_default().push(id);
        }
        id
    }

    /// Files every phrase under its rarest word, and lays the key table
    /// out flat.
    fn finish(self) -> Index {
        let mut uses = vec![0u32; self.words.len()];
        for entry in &self.phrases {
            for &id in entry.words.iter() {
                uses[id as usize] += 1;
            }
        }
        let mut anchored = vec![Vec::new(); self.words.len()];
        for (p, entry) in self.phrases.iter().enumerate() {
            let (position, &id) = entry
                .words
                .iter()
                .enumerate()
                .min_by_key(|(_, id)| uses[**id as usize])
                .expect("phrases have words");
            anchored[id as usize].push((p as u32, position as u32));
        }
        let bits = (self.keys.len() * 8).next_power_of_two().max(64);
        let filter_shift = 64 - bits.trailing_zeros();
        let mut filter = vec![0u64; bits / 64];
        for &key in self.keys.keys() {
            let bit = (key >> filter_shift) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        let mut related = Vec::new();
        let keys = self
            .keys
            .into_iter()
            .map(|(key, mut ids)| {
                ids.dedup();
                if let [id] = ids[..] {
                    return (key, Slot::One(id));
                }
                let start = related.len() as u32;
                related.extend(ids);
                (key, Slot::Many(start, related.len() as u32))
            })
            .collect();
        Index {
            phrases: self.phrases,
            words: self.words,
            anchored,
            keys,
            related,
            filter,
            filter_shift,
        }
    }
}

/// The hashes of a word, of its beginnings and of the word with one letter
/// deleted, each in O(1) after one pass over the word: a polynomial hash
/// of a concatenation is `h(a)·B^|b| + h(b)`, so a deletion joins a prefix
/// hash and a suffix hash. Words are not built and not hashed again per
/// key.
#[derive(Default)]
struct Hashes {
    /// Byte offset of each letter, and the word's length at the end.
    starts: Vec<usize>,
    /// `prefix[i]`: the hash of the first `i` bytes.
    prefix: Vec<u64>,
    /// `suffix[i]`: the hash of the bytes from `i` on.
    suffix: Vec<u64>,
    /// `power[i]`: B^i.
    power: Vec<u64>,
}

const BASE: u64 = 0x100_0000_01b3;

impl Hashes {
    fn with_capacity(bytes: usize) -> Hashes {
        Hashes {
            starts: Vec::with_capacity(bytes + 1),
            prefix: Vec::with_capacity(bytes + 1),
            suffix: Vec::with_capacity(bytes + 1),
            power: Vec::with_capacity(bytes + 1),
        }
    }

    fn load(&mut self, word: &str) {
        let bytes = word.as_bytes();
        self.starts.clear();
        self.starts.extend(word.char_indices().map(|(at, _)| at));
        self.starts.push(bytes.len());
        self.prefix.clear();
        self.prefix.push(0);
        let mut h = 0u64;
        for &b in bytes {
            h = h.wrapping_mul(BASE).wrapping_add(u64::from(b) + 1);
            self.prefix.push(h);
        }
        self.suffix.clear();
        self.suffix.resize(bytes.len() + 1, 0);
        self.power.clear();
        self.power.push(1);
        let mut power = 1u64;
        for i in (0..bytes.len()).rev() {
            self.suffix[i] = (u64::from(bytes[i]) + 1)
                .wrapping_mul(power)
                .wrapping_add(self.suffix[i + 1]);
            power = power.wrapping_mul(BASE);
            self.power.push(power);
        }
    }

    fn letters(&self) -> usize {
        self.starts.len() - 1
    }

    fn whole(&self) -> u64 {
        self.prefix[self.prefix.len() - 1]
    }

    /// The first `letters` letters.
    fn before(&self, letters: usize) -> u64 {
        self.prefix[self.starts[letters]]
    }

    /// The word without its letter number `letter`.
    fn without(&self, letter: usize) -> u64 {
        let (from, to) = (self.starts[letter], self.starts[letter + 1]);
        let rest = self.prefix.len() - 1 - to;
        self.prefix[from]
            .wrapping_mul(self.power[rest])
            .wrapping_add(self.suffix[to])
    }
}

/// What a key is to the rule word it leads to.
#[derive(Clone, Copy)]
enum Role {
    /// The word itself.
    Word,
    /// A beginning of 4 letters or more, shorter than the word.
    Beginning,
    /// The word (5 letters or more) with one letter deleted.
    Deletion,
}

impl Role {
    /// The table key of a key's hash in this role: the role kept apart, and
    /// the polynomial hash's entropy spread into every bit, since the table
    /// indexes by the low bits and the filter by the high ones.
    fn key(self, hash: u64) -> u64 {
        mix(hash.wrapping_add((self as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }
}

#[derive(Clone, Copy)]
enum Slot {
    One(u32),
    /// A range of `related`.
    Many(u32, u32),
}

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(word: &str) -> u64 {
        let mut hashes = Hashes::default();
        hashes.load(word);
        hashes.whole()
    }

    #[test]
    fn key_hashes_are_the_hashes_of_the_keys_spelled_out() {
        let mut hashes = Hashes::default();
        for word in ["booking", "öppet", "a", "", "ßtraße"] {
            hashes.load(word);
            let letters: Vec<(usize, char)> = word.char_indices().collect();
            assert_eq!(hashes.letters(), letters.len());
            for (n, &(at, c)) in letters.iter().enumerate() {
                assert_eq!(hashes.before(n), hash_of(&word[..at]), "{word:?} {n}");
                let deleted = format!("{}{}", &word[..at], &word[at + c.len_utf8()..]);
                assert_eq!(hashes.without(n), hash_of(&deleted), "{word:?} {n}");
            }
        }
        assert_ne!(hash_of("öpet"), hash_of("öppt"));
        assert_ne!(hash_of(""), hash_of("a"));
    }
}
