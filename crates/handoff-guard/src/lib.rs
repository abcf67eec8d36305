//! Checking an agent's reply before it is sent (LANGUAGE.md, "Checking the
//! agent's reply before it is sent"): a reply that breaks a `never promise`
//! phrase, or a `must not` phrase of the conversation's topic, is held back
//! and the conversation goes to a person.
//!
//! A pure function of the compiled policy, the reply and the topic, so any
//! runtime that loads the JSON policy can reproduce every verdict. The word
//! lists live in [`words`]; docs/guard.md explains the rules and lists them.

mod pieces;
mod values;
pub mod words;

use handoff_policy::{Phrase, Policy};
use handoff_text::{match_words, normalize, words as split_words};
use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub use values::Kind;

use crate::pieces::Piece;
use crate::values::Value;
use crate::words::{List, Matching};

/// Which kind of rule a reply broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RuleKind {
    #[serde(rename = "never promise")]
    NeverPromise,
    #[serde(rename = "must not")]
    MustNot,
}

impl RuleKind {
    /// The rule's keyword, as the file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::NeverPromise => "never promise",
            RuleKind::MustNot => "must not",
        }
    }
}

/// Whether a reply may be sent, and every rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// True when the reply breaks no rule.
    pub ok: bool,
    /// In the order of the pieces; within a piece, `never promise` phrases
    /// first, then `must not`, each in file order.
    pub broken: Vec<Broken>,
}

impl Verdict {
    /// Whether the verdict is what a `test reply` line expects: `-> ok`, the
    /// reply breaks no rule; `-> breaks PHRASE`, it breaks that phrase (the
    /// topic's `must not` with `on TOPIC`, else a `never promise`), whatever
    /// else it breaks.
    pub fn meets(&self, test: &handoff_policy::ReplyTest) -> bool {
        let Some(phrase) = &test.breaks else {
            return self.ok;
        };
        let rule = match test.topic {
            Some(_) => RuleKind::MustNot,
            None => RuleKind::NeverPromise,
        };
        let phrase = handoff_text::normalize(phrase);
        self.broken
            .iter()
            .any(|b| b.rule == rule && handoff_text::normalize(&b.phrase) == phrase)
    }
}

/// One rule a piece of the reply breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Broken {
    pub rule: RuleKind,
    /// The phrase as written in the file.
    pub phrase: String,
    /// The topic of a `must not`; `None` for a `never promise`.
    pub topic: Option<String>,
    /// The phrase's line in the source.
    pub line: u32,
    /// The piece of the reply that breaks it, as written.
    pub piece: String,
    /// The piece's place in the reply, in characters (Unicode scalar
    /// values), end exclusive.
    pub start: usize,
    pub end: usize,
    /// Why, in plain words: what the piece says, and what commits to it.
    pub why: String,
}

/// A rule phrase, normalised once.
struct Rule<'p> {
    phrase: &'p Phrase,
    words: Box<[Box<str>]>,
    kind: Option<Kind>,
}

impl<'p> Rule<'p> {
    fn new(phrase: &'p Phrase) -> Rule<'p> {
        let normal = normalize(&phrase.text);
        let words: Box<[Box<str>]> = split_words(&normal).into_iter().map(Box::from).collect();
        let kind = words.iter().find_map(|w| kind_of(w));
        Rule {
            phrase,
            words,
            kind,
        }
    }

    /// Where the phrase's words occur in the piece's, in order and
    /// adjacent, as `handoff_text::find_phrase` finds them.
    fn find(&self, piece: &[&str]) -> Option<usize> {
        let n = self.words.len();
        if n == 0 || n > piece.len() {
            return None;
        }
        (0..=piece.len() - n).find(|&start| {
            self.words
                .iter()
                .zip(&piece[start..start + n])
                .all(|(r, w)| may_match(r, w) && match_words(r, w).is_some())
        })
    }
}

/// False only when two words cannot match: a cheap test that spares most
/// calls to `match_words`, which decides. Words that match are equal, or
/// one begins the other (same first letter), or are one edit apart; an
/// edit that changes the first letter of ASCII words keeps the second
/// letter, swaps the first two, or shifts the word by one.
fn may_match(r: &str, w: &str) -> bool {
    let (r, w) = (r.as_bytes(), w.as_bytes());
    if r[0] == w[0] || !r.is_ascii() || !w.is_ascii() {
        return true;
    }
    r.len() >= 5
        && w.len() >= 5
        && r.len().abs_diff(w.len()) <= 1
        && (r[1] == w[1] || r[0] == w[1] || r[1] == w[0])
}

/// The kind of a phrase's word, if it is a kind word.
fn kind_of(word: &str) -> Option<Kind> {
    [
        (words::MONEY_KIND, Kind::Money),
        (words::PERCENTAGE_KIND, Kind::Percentage),
        (words::DATE_KIND, Kind::Date),
    ]
    .into_iter()
    .find(|(list, _)| {
        list.iter()
            .any(|k| words::matches(k, word, Matching::Begins))
    })
    .map(|(_, kind)| kind)
}

const STRONG: u8 = 1;
const WEAK: u8 = 2;
const NEGATION: u8 = 4;
const PERSON: u8 = 8;
const HAND_OVER: u8 = 16;
const DELIVERY: u8 = 32;

/// The word lists a piece's words are looked up in: exactly, and by their
/// first four characters for the listed words a word may begin with.
struct Lexicon {
    exact: FxHashMap<&'static str, u8>,
    beginnings: FxHashMap<&'static str, Vec<(&'static str, u8)>>,
}

impl Lexicon {
    fn new() -> Lexicon {
        let mut lexicon = Lexicon {
            exact: FxHashMap::default(),
            beginnings: FxHashMap::default(),
        };
        for (list, flag) in flagged_lists() {
            for &word in list.words {
                *lexicon.exact.entry(word).or_default() |= flag;
                // Looked up by a word's first four characters.
                let key = match word.char_indices().nth(4) {
                    Some((at, _)) => &word[..at],
                    None if word.chars().count() == 4 => word,
                    None => continue,
                };
                if list.matching == Matching::Begins {
                    lexicon
                        .beginnings
                        .entry(key)
                        .or_default()
                        .push((word, flag));
                }
            }
        }
        lexicon
    }

    fn flags(&self, word: &str) -> u8 {
        // A listed word of 4 characters or more begins only a longer word
        // with the same first four characters; equal words are exact hits.
        let mut flags = self.exact.get(word).copied().unwrap_or(0);
        let fifth = if word.is_ascii() {
            (word.len() > 4).then_some(4)
        } else {
            word.char_indices().nth(4).map(|(at, _)| at)
        };
        if let Some(at) = fifth
            && let Some(listed) = self.beginnings.get(&word[..at])
        {
            for &(l, flag) in listed {
                if word.starts_with(l) {
                    flags |= flag;
                }
            }
        }
        flags
    }
}

/// The lists a piece's words are looked up in, each with its flag.
fn flagged_lists() -> [(&'static List, u8); 6] {
    [
        (list(words::STRONG_COMMITMENT), STRONG),
        (list(words::WEAK_COMMITMENT), WEAK),
        (list(words::NEGATION), NEGATION),
        (list(words::PERSON), PERSON),
        (list(words::HAND_OVER), HAND_OVER),
        (list(words::DELIVERY), DELIVERY),
    ]
}

fn list(words: &'static [&'static str]) -> &'static List {
    words::LISTS
        .iter()
        .find(|l| l.words == words)
        .expect("every table is in LISTS")
}

/// A policy, prepared for checking replies: phrases normalised and given
/// their kinds, topics looked up by name.
pub struct Guard<'p> {
    never_promise: Vec<Rule<'p>>,
    /// By kind: the first `never promise` phrase of that kind.
    first_of_kind: [Option<usize>; 3],
    /// By normalised name: the topic's name and its `must not` phrases.
    topics: FxHashMap<String, (&'p str, Vec<Rule<'p>>)>,
    lexicon: Lexicon,
}

/// What one piece says, found once for every rule.
struct Reading<'a> {
    words: Vec<&'a str>,
    strong: Option<&'a str>,
    weak: Option<&'a str>,
    negated: bool,
    hands_over: bool,
    delivery: bool,
}

impl<'p> Guard<'p> {
    pub fn new(policy: &'p Policy) -> Guard<'p> {
        let never_promise: Vec<Rule<'p>> = policy.never_promise.iter().map(Rule::new).collect();
        let mut first_of_kind = [None; 3];
        for (i, rule) in never_promise.iter().enumerate() {
            if let Some(kind) = rule.kind {
                first_of_kind[kind as usize].get_or_insert(i);
            }
        }
        let mut topics = FxHashMap::default();
        for topic in &policy.topics {
            // The first of two topics with one name is the one the file means.
            topics.entry(normalize(&topic.name)).or_insert_with(|| {
                (
                    topic.name.as_str(),
                    topic.must_not.iter().map(Rule::new).collect(),
                )
            });
        }
        Guard {
            never_promise,
            first_of_kind,
            topics,
            lexicon: Lexicon::new(),
        }
    }

    /// Whether the policy has a topic of this name (compared normalised, as
    /// names are): `check` skips the `must not` rules of a topic it does not
    /// know, so a caller that wants to treat that as a mistake asks first.
    pub fn knows_topic(&self, name: &str) -> bool {
        self.topics.contains_key(&normalize(name))
    }

    /// The verdict on a reply. `topic`: the conversation's topic, when the
    /// runtime knows it; its `must not` phrases are checked too. A topic the
    /// policy does not have is no error: only `never promise` is checked.
    pub fn check(&self, reply: &str, topic: Option<&str>) -> Verdict {
        let topic = topic.and_then(|t| self.topics.get(&normalize(t)));
        let mut broken = Vec::new();
        for piece in pieces::pieces(reply) {
            self.check_piece(&piece, topic, &mut broken);
        }
        Verdict {
            ok: broken.is_empty(),
            broken,
        }
    }

    fn check_piece(
        &self,
        piece: &Piece<'_>,
        topic: Option<&(&'p str, Vec<Rule<'p>>)>,
        broken: &mut Vec<Broken>,
    ) {
        let lower = lower_nfkc(piece.text);
        let reading = self.read(&lower);
        if reading.negated || reading.hands_over {
            return;
        }
        let report = |rule: &Rule<'_>, kind: RuleKind, topic: Option<&str>, why: String| Broken {
            rule: kind,
            phrase: rule.phrase.text.clone(),
            topic: topic.map(str::to_string),
            line: rule.phrase.span.line,
            piece: piece.text.to_string(),
            start: piece.start,
            end: piece.end,
            why,
        };
        if reading.strong.is_some() || reading.weak.is_some() {
            self.never_promise(&reading, &lower, |rule, why| {
                broken.push(report(rule, RuleKind::NeverPromise, None, why));
            });
        }
        if let Some((name, must_not)) = topic {
            for rule in must_not {
                if let Some(at) = rule.find(&reading.words) {
                    let said = reading.words[at..at + rule.words.len()].join(" ");
                    let why = format!(
                        "the reply says \"{said}\", and nothing in it negates that or hands it to a person"
                    );
                    broken.push(report(rule, RuleKind::MustNot, Some(name), why));
                }
            }
        }
    }

    fn read<'a>(&self, lower: &'a str) -> Reading<'a> {
        // `normalize` is NFKC, lower case, then every character that is not
        // a letter, digit or mark as a space: the piece is NFKC and lower
        // case already, so its words are what is left between such
        // characters, and normalising it again would only repeat the work.
        let words = piece_words(lower);
        let mut reading = Reading {
            strong: None,
            weak: None,
            negated: false,
            hands_over: false,
            delivery: false,
            words: Vec::new(),
        };
        let mut person = false;
        let mut hand_over = false;
        for &word in &words {
            let flags = self.lexicon.flags(word);
            if flags & STRONG != 0 {
                reading.strong.get_or_insert(word);
            }
            if flags & WEAK != 0 {
                reading.weak.get_or_insert(word);
            }
            reading.negated |= flags & NEGATION != 0;
            person |= flags & PERSON != 0;
            hand_over |= flags & HAND_OVER != 0;
            reading.delivery |= flags & DELIVERY != 0;
        }
        let (will, not) = values::endings(lower);
        if will {
            reading.weak.get_or_insert("'ll");
        }
        reading.negated |= not;
        reading.hands_over = person && hand_over;
        reading.words = words;
        reading
    }

    /// The `never promise` phrases a committing piece breaks.
    fn never_promise(
        &self,
        reading: &Reading<'_>,
        lower: &str,
        mut broke: impl FnMut(&Rule<'p>, String),
    ) {
        let found: Vec<Value> = values::values(lower)
            .into_iter()
            .filter(|v| v.kind != Kind::Date || reading.delivery)
            .collect();
        let matched: Vec<Option<usize>> = self
            .never_promise
            .iter()
            .map(|rule| rule.find(&reading.words))
            .collect();
        // A value goes to the phrases of its kind that match the piece; when
        // none does, to the first phrase of its kind in the file.
        let mut value_of: Vec<Option<&Value>> = vec![None; self.never_promise.len()];
        for value in &found {
            let mut any = false;
            for (i, rule) in self.never_promise.iter().enumerate() {
                if rule.kind == Some(value.kind) && matched[i].is_some() {
                    value_of[i].get_or_insert(value);
                    any = true;
                }
            }
            if !any && let Some(first) = self.first_of_kind[value.kind as usize] {
                value_of[first].get_or_insert(value);
            }
        }
        for (i, rule) in self.never_promise.iter().enumerate() {
            let value = value_of[i];
            let mention = match (matched[i], value) {
                (Some(at), _) => format!(
                    "the reply says \"{}\"",
                    reading.words[at..at + rule.words.len()].join(" ")
                ),
                (None, Some(v)) => {
                    format!("the {} {} goes to this phrase", v.kind.as_str(), v.text)
                }
                (None, None) => continue,
            };
            let needs_value = matches!(rule.kind, Some(Kind::Money | Kind::Date));
            let commit = match (reading.strong, reading.weak) {
                (Some(word), _) => format!("\"{word}\" commits to it"),
                (None, Some(word)) if !needs_value => format!("\"{word}\" commits to it"),
                (None, Some(word)) => match value {
                    Some(v) => format!(
                        "\"{word}\" commits to it with the {} {}",
                        v.kind.as_str(),
                        v.text
                    ),
                    None => continue,
                },
                (None, None) => continue,
            };
            broke(rule, format!("{mention}, and {commit}"));
        }
    }
}

/// The words of a piece already in NFKC and lower case: what is left
/// between characters that are not letters, digits or marks.
fn piece_words(lower: &str) -> Vec<&str> {
    lower
        .split(|c: char| !is_word(c))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

/// The piece after NFKC and lower case, where values and the `'ll` and
/// `n't` endings are found.
fn lower_nfkc(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // Most text is NFKC already (`å` as one character), and the quick check
    // costs far less than normalising.
    match unicode_normalization::is_nfkc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_lowercase(),
        _ => text.nfkc().flat_map(char::to_lowercase).collect(),
    }
}

/// Checks the guard's shortcuts against the definitions they stand for, on
/// any two texts; the fuzz target and the tests call it. The shortcuts: a
/// piece's words found without normalising it again (against
/// `handoff_text`'s normalisation), the word-list index (against
/// [`words::matches`] over every list), and the `may_match` prefilter
/// (against `match_words`, for every word of `text` beside every word of
/// `other`). The error names the first disagreement.
#[doc(hidden)]
pub fn shortcuts_agree(text: &str, other: &str) -> Result<(), String> {
    let lower = lower_nfkc(text);
    let fast = piece_words(&lower);
    let normal = normalize(text);
    let defined = split_words(&normal);
    if fast != defined {
        return Err(format!(
            "the words of {text:?}: the guard reads {fast:?}, normalisation gives {defined:?}"
        ));
    }
    let other_normal = normalize(other);
    let others = split_words(&other_normal);
    let lexicon = Lexicon::new();
    for &word in defined.iter().chain(&others) {
        let by_definition = flagged_lists()
            .into_iter()
            .filter(|(list, _)| {
                list.words
                    .iter()
                    .any(|l| words::matches(l, word, list.matching))
            })
            .fold(0, |flags, (_, flag)| flags | flag);
        let indexed = lexicon.flags(word);
        if indexed != by_definition {
            return Err(format!(
                "the lists of {word:?}: the index gives {indexed:#b}, the definition {by_definition:#b}"
            ));
        }
    }
    for r in &defined {
        for w in &others {
            if match_words(r, w).is_some() && !may_match(r, w) {
                return Err(format!(
                    "{r:?} matches {w:?}, but the prefilter rules it out"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
