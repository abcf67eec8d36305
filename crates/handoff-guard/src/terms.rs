//! Finding the data files' entries in a piece's words: an index by an
//! entry's first word (equal, or its first four characters for the entries
//! a word may begin with), and compound parts for the languages that write
//! compounds as one word.

use handoff_text::lang::Lang;
use rustc_hash::FxHashMap;

use crate::lexicon::{Entry, Role, entries};

/// How many reply words a `...` in an entry stands for, at most.
pub const GAP: usize = 3;

/// An entry found in a piece: its index, and the words it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub entry: u32,
    pub start: usize,
    /// Exclusive.
    pub end: usize,
}

/// The entries of the declared languages, indexed.
pub struct Terms {
    pub entries: Vec<Entry>,
    exact: FxHashMap<Box<str>, Vec<u32>>,
    begins: FxHashMap<Box<str>, Vec<u32>>,
    tails: Vec<u32>,
}

/// Whether an entry's word matches a reply word: equal or, when the entry
/// word has 4 characters or more and the section is not *equal*, a word it
/// begins.
pub fn word_matches(listed: &str, word: &str, equal: bool) -> bool {
    listed == word
        || (!equal
            && word.starts_with(listed)
            // Four bytes of ASCII are four characters: count only the rest.
            && listed.len() >= 4
            && (listed.is_ascii() || listed.chars().nth(3).is_some()))
}

/// The first four characters of a word, or `None` when it is shorter.
fn first_four(word: &str) -> Option<&str> {
    if word.is_ascii() {
        return word.get(..4);
    }
    match word.char_indices().nth(4) {
        Some((at, _)) => Some(&word[..at]),
        None => (word.chars().count() == 4).then_some(word),
    }
}

impl Terms {
    /// The entries of these languages, and of the extra entries given
    /// (a file's own staff words).
    pub fn new(langs: &[Lang], extra: Vec<Entry>) -> Terms {
        let mut all: Vec<Entry> = langs.iter().flat_map(|&l| entries(l)).collect();
        all.extend(extra);
        let mut terms = Terms {
            entries: Vec::new(),
            exact: FxHashMap::default(),
            begins: FxHashMap::default(),
            tails: Vec::new(),
        };
        for entry in all {
            if !terms.is_indexed(&entry) {
                terms.entries.push(entry);
                continue;
            }
            let id = terms.entries.len() as u32;
            let first = entry.words[0]
                .as_deref()
                .expect("entries start with a word");
            if entry.tail {
                terms.tails.push(id);
            } else if let Some(key) = first_four(first).filter(|_| !entry.equal) {
                terms.begins.entry(key.into()).or_default().push(id);
            } else {
                terms.exact.entry(first.into()).or_default().push(id);
            }
            terms.entries.push(entry);
        }
        terms
    }

    /// Whether [`Terms::find`] looks for an entry: value words are read by
    /// the value finder and cut words by the cutter, not here; a compound's
    /// part only in a language that writes compounds as one word.
    pub fn is_indexed(&self, entry: &Entry) -> bool {
        !matches!(
            entry.role,
            Role::Currency
                | Role::Percent
                | Role::Weekday
                | Role::Month
                | Role::Day
                | Role::Within
                | Role::Unit
                | Role::Clock
                | Role::Cut
        ) && (!entry.tail || entry.lang.compounds())
    }

    /// The entries of one role, for the value finder and the cuts.
    pub fn words_of(&self, role: Role) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(move |e| e.role == role)
            .filter_map(|e| {
                let words: Vec<&str> = e.words.iter().flatten().map(String::as_str).collect();
                (words.len() == 1).then(|| words[0])
            })
    }

    /// Every entry found in `words`, by where it starts.
    pub fn find(&self, words: &[&str]) -> Vec<Found> {
        let mut out = Vec::new();
        for (i, &word) in words.iter().enumerate() {
            let exact = self.exact.get(word).into_iter().flatten();
            let begins = first_four(word)
                .and_then(|k| self.begins.get(k))
                .into_iter()
                .flatten();
            for &id in exact.chain(begins) {
                if let Some(end) = self.match_at(&self.entries[id as usize], words, i) {
                    out.push(Found {
                        entry: id,
                        start: i,
                        end,
                    });
                }
            }
            for &id in &self.tails {
                let tail = self.entries[id as usize].words[0].as_deref().unwrap_or("");
                if inside(word, tail) {
                    out.push(Found {
                        entry: id,
                        start: i,
                        end: i + 1,
                    });
                }
            }
        }
        out
    }

    /// Where an entry that starts at `at` ends, if it matches there.
    fn match_at(&self, entry: &Entry, words: &[&str], at: usize) -> Option<usize> {
        match_from(&entry.words, entry.equal, words, at)
    }
}

/// Matches entry words from `at`; a gap takes up to [`GAP`] words, as few
/// as it can.
fn match_from(listed: &[Option<String>], equal: bool, words: &[&str], at: usize) -> Option<usize> {
    let Some((first, rest)) = listed.split_first() else {
        return Some(at);
    };
    match first {
        Some(w) => {
            let word = words.get(at)?;
            if word_matches(w, word, equal) {
                match_from(rest, equal, words, at + 1)
            } else {
                None
            }
        }
        None => (0..=GAP).find_map(|skip| match_from(rest, equal, words, at + skip)),
    }
}

/// Whether an entry matches `words` from `at`, by its definition alone
/// (no index): the shortcuts check compares [`Terms::find`] with this.
pub fn matches_by_definition(entry: &Entry, words: &[&str], at: usize) -> Option<usize> {
    if entry.tail {
        let tail = entry.words[0].as_deref().unwrap_or("");
        let word = words.get(at)?;
        return (entry.lang.compounds() && inside(word, tail)).then_some(at + 1);
    }
    match_from(&entry.words, entry.equal, words, at)
}

/// Whether a compound's last part is inside a word, after its first two
/// characters (`avgift` in `avbokningsavgiften`), so a word is never its
/// own part.
fn inside(word: &str, tail: &str) -> bool {
    word.char_indices()
        .nth(2)
        .is_some_and(|(at, _)| word[at..].contains(tail))
}
