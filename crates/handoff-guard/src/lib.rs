//! Checking an agent's reply before it is sent (LANGUAGE.md, "Checking the
//! agent's reply before it is sent"): a reply that breaks a `never promise`
//! phrase, or a `must not` phrase of the conversation's topic, is held back
//! and the conversation goes to a person.
//!
//! A pure function of the compiled policy, the reply and the topic, so any
//! runtime that loads the JSON policy can reproduce every verdict. The word
//! lists live in [`words`]; docs/guard.md explains the rules and lists them.

pub mod lexicon;
mod pieces;
mod terms;
mod values;
pub mod words;

use handoff_policy::{Phrase, Policy};
use handoff_route::Router;
use handoff_text::{match_words, normalize, words as split_words};
use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub use values::Kind;

use handoff_text::lang::Lang;
use handoff_text::vocab::{Comparison, Unit};

use crate::pieces::Piece;
use crate::terms::{Found, Terms};
use crate::values::{Value, ValueWords};
use crate::words::{List, Matching};

/// Which kind of rule a reply broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RuleKind {
    #[serde(rename = "never promise")]
    NeverPromise,
    #[serde(rename = "must not")]
    MustNot,
    /// The topic's `handoff always` or a `handoff when` phrase: the reply
    /// settles what the rules give a person, and hands nothing over.
    #[serde(rename = "handoff")]
    Handoff,
}

impl RuleKind {
    /// The rule's keyword, as the file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::NeverPromise => "never promise",
            RuleKind::MustNot => "must not",
            RuleKind::Handoff => "handoff",
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
    /// The topic of a `must not` or a `handoff`; `None` for a `never
    /// promise`.
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
    meaning: Meaning,
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
            meaning: Meaning::default(),
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
/// their kinds and meanings, topics looked up by name, and the words of its
/// languages indexed.
pub struct Guard<'p> {
    never_promise: Vec<Rule<'p>>,
    /// By kind: the phrase a value of that kind goes to when no phrase of
    /// its kind matches the piece.
    first_of_kind: [Option<usize>; 3],
    /// By normalised name: the topic's name and its `must not` phrases.
    topics: FxHashMap<String, TopicRules<'p>>,
    /// The words of the file's languages as routing reads them, for the
    /// numbers a reply gives.
    vocabulary: std::sync::Arc<handoff_text::vocab::Vocabulary>,
    /// The first money `never promise` phrase (not a percentage phrase
    /// standing in for one): a price given on a topic that may not give
    /// prices breaks it.
    money_rule: Option<usize>,
    lexicon: Lexicon,
    /// One reader per declared language the guard has words for, in the
    /// file's order (English when it declares none).
    readers: Vec<Reader>,
    /// How rule phrases are read.
    meanings: Meanings,
    /// The file's router, for the `handoff when` phrases a reply's words
    /// say.
    router: Router<'p>,
    /// The file's own hand-over rules, for a reply with no topic named.
    no_topic: TopicRules<'p>,
    /// Whether a `never promise` phrase is a claim, which breaks with no
    /// commitment word.
    any_claim: bool,
}

/// A topic's rules, as the guard reads them.
struct TopicRules<'p> {
    name: &'p str,
    /// Its place in the policy's topics, for the router; `None` for the
    /// file's own rules.
    index: Option<usize>,
    /// The topic's line, for its `handoff always`.
    line: u32,
    handoff_always: bool,
    /// Its own `handoff when` phrases that compare a number, then the
    /// file's top-level ones.
    comparisons: Vec<(&'p Phrase, Comparison)>,
    /// Whether it or the file has a `handoff when` phrase that compares no
    /// number, which a reply's words may say.
    words_hand_over: bool,
    /// Its own or the file's first `handoff when` phrase about complaints:
    /// a reply that apologises answers one.
    complaint: Option<&'p Phrase>,
    must_not: Vec<Rule<'p>>,
    /// Whether it may give prices: it has no `may` clause, or one of its
    /// `may` actions is about a price.
    answers_prices: bool,
}

/// What the guard understands of a file's rule phrases beyond their words:
/// the entries of its declared languages and of English (a file's phrases
/// are often English whatever its customers write).
pub struct Meanings {
    terms: Terms,
}

/// What a `must not` phrase forbids, as the guard understands it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Understood {
    /// The action: `confirm`, `waive`, ..., or `commit` (promise, give,
    /// offer, or a phrase that names only a thing: `must not refund`).
    pub action: &'static str,
    /// The concepts the action is about (`fee` of `waive fee`).
    pub about: Vec<&'static str>,
}

impl Meanings {
    /// For a file that declares these language tags.
    pub fn new<'t>(tags: impl IntoIterator<Item = &'t str>) -> Meanings {
        let mut langs: Vec<Lang> = tags
            .into_iter()
            .filter_map(Lang::from_tag)
            .filter(|l| lexicon::data_file(*l).is_some())
            .collect();
        langs.push(Lang::En);
        langs.sort();
        langs.dedup();
        Meanings {
            terms: Terms::new(&langs, Vec::new()),
        }
    }

    /// What a `must not` phrase forbids beyond its words, or `None` when
    /// the guard matches it by its words only: no action it knows, or a
    /// promise of nothing it knows (`promise no cross-contamination` with no
    /// concept for it).
    pub fn understands(&self, phrase: &str) -> Option<Understood> {
        let normal = normalize(phrase);
        let words: Vec<Box<str>> = split_words(&normal).into_iter().map(Box::from).collect();
        let m = meaning(&self.terms, &words);
        let action = m.action?;
        (action != COMMIT || !m.about.is_empty()).then_some(Understood {
            action,
            about: m.about,
        })
    }
}

/// Whether the guard has words for a language tag (`sv`, `pt-BR`): a data
/// file of its own, beyond the minimum every file gets.
pub fn has_words_for(tag: &str) -> bool {
    Lang::from_tag(tag).is_some_and(|l| lexicon::data_file(l).is_some())
}

/// One language's words, as a reply in it is read.
struct Reader {
    lang: Lang,
    terms: Terms,
    value_words: ValueWords,
    cuts: Vec<String>,
    /// The words of each `[condition]` entry, to see whether a piece
    /// begins with one before reading the piece before it.
    conditions: Vec<Vec<String>>,
}

impl Reader {
    /// Whether the piece (lower case) begins with a `[condition]` entry.
    fn begins_condition(&self, lower: &str) -> bool {
        let words = piece_words(lower);
        self.conditions
            .iter()
            .any(|c| c.len() <= words.len() && c.iter().zip(&words).all(|(a, b)| a == b))
    }
}

/// How a `never promise` phrase matches a piece: where its words do, and
/// whether it matches at all (by words or by meaning).
#[derive(Clone, Copy)]
struct Match {
    at: Option<usize>,
    matched: bool,
}

/// What a rule phrase means, beyond its words: the action it forbids (for
/// a `must not`) and what it is about, from the data files' entries.
#[derive(Default, PartialEq, Eq)]
struct Meaning {
    /// The action of the phrase's first entry, if that is an action.
    action: Option<&'static str>,
    /// The concepts of the rest of the phrase, each once.
    about: Vec<&'static str>,
    /// Whether one of them is a claim: saying it is promising it.
    claim: bool,
}

/// What one piece says, found once for every rule.
struct Reading<'a> {
    /// The piece's words up to where it hands over.
    words: Vec<&'a str>,
    /// All of its words, which the data entries found index.
    all: Vec<&'a str>,
    /// A discount code in the piece (`SPRING10`).
    code: Option<String>,
    strong: Option<String>,
    weak: Option<String>,
    negated: bool,
    delivery: bool,
    /// Whether a person takes over from some word of the piece on.
    hands_over: bool,
    /// Whether it does an action a `must not` may name.
    acts: bool,
    /// Every data entry found before the hand-over.
    found: Vec<Found>,
    /// Values before the hand-over.
    values: Vec<Value>,
    /// The first money value before the hand-over, read only on a topic
    /// that may not give prices, under a money `never promise` phrase.
    money: Option<String>,
}

impl Reading<'_> {
    fn commits(&self) -> bool {
        self.strong.is_some() || self.weak.is_some()
    }
}

/// The action that is every commitment: a `must not promise X` forbids
/// what a `never promise X` does.
const COMMIT: &str = "commit";

/// What a `may` clause that explains a price, and gives none, says.
const PRICE_FACTORS: &str = "price-factors";

/// What a done booking (the `confirm` action) is always about.
const APPOINTMENT: &str = "appointment";

/// The concept of a `handoff when` phrase that an apology answers.
const COMPLAINT: &str = "complaint";

/// The concept of `promise anything`: what every commitment is about.
const ANYTHING: &str = "anything";

impl<'p> Guard<'p> {
    /// The guard of a policy, with its `staff` phrases besides the role
    /// words of its languages.
    pub fn new(policy: &'p Policy) -> Guard<'p> {
        Guard::with_staff(policy, std::iter::empty())
    }

    /// The guard, with more staff words besides the file's `staff` phrases
    /// and its languages' role words (`Lina`, `frisören`): each hands over
    /// with a hand-over word, as `colleague` does.
    pub fn with_staff<'s>(
        policy: &'p Policy,
        staff: impl IntoIterator<Item = &'s str>,
    ) -> Guard<'p> {
        let mut langs: Vec<Lang> = Vec::new();
        for lang in policy
            .languages
            .iter()
            .filter_map(|l| Lang::from_tag(&l.tag))
            .filter(|l| lexicon::data_file(*l).is_some())
        {
            if !langs.contains(&lang) {
                langs.push(lang);
            }
        }
        // A file whose languages the guard has no words for (`language pl`)
        // is read in English, as one that declares none.
        if langs.is_empty() {
            langs.push(Lang::En);
        }
        // A business is often named for its owner (`Salon Lina`, `Forno
        // Rosa`): the name's capitalised words are names of the staff too,
        // so `Lina will confirm the booking with you` hands over.
        let named: Vec<&str> = policy
            .business
            .iter()
            .flat_map(|b| b.name.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().count() >= 3
                    && !langs.iter().any(|l| l.is_function_word(&w.to_lowercase()))
            })
            .collect();
        let extra: Vec<lexicon::Entry> = policy
            .staff
            .iter()
            .map(|p| p.text.as_str())
            .chain(named)
            .chain(staff.into_iter().collect::<Vec<&str>>())
            .filter_map(|text| {
                let words: Vec<Option<String>> = split_words(&normalize(text))
                    .into_iter()
                    .map(|w| Some(w.to_string()))
                    .collect();
                (!words.is_empty()).then(|| lexicon::Entry {
                    lang: langs.first().copied().unwrap_or(Lang::En),
                    role: lexicon::Role::Person,
                    concepts: Vec::new(),
                    label: None,
                    claim: false,
                    commits: false,
                    words,
                    tail: false,
                    // A name is a name: `Lina` does not begin `Linaria`.
                    equal: true,
                    text: "staff",
                })
            })
            .collect();
        let readers: Vec<Reader> = langs
            .iter()
            .map(|&lang| {
                let terms = Terms::new(&[lang], extra.clone());
                let value_words = ValueWords::new(&terms);
                let mut cuts: Vec<String> =
                    words::CUT_BEFORE.iter().map(|c| c.to_string()).collect();
                cuts.extend(terms.words_of(lexicon::Role::Cut).map(str::to_string));
                cuts.sort();
                cuts.dedup();
                let conditions = terms
                    .entries
                    .iter()
                    .filter(|e| e.role == lexicon::Role::Condition)
                    .filter_map(|e| e.words.iter().cloned().collect::<Option<Vec<String>>>())
                    .collect();
                Reader {
                    lang,
                    terms,
                    value_words,
                    cuts,
                    conditions,
                }
            })
            .collect();
        let meanings = Meanings::new(policy.languages.iter().map(|l| l.tag.as_str()));
        let rule = |phrase: &'p Phrase| {
            let mut rule = Rule::new(phrase);
            rule.meaning = meaning(&meanings.terms, &rule.words);
            if rule.kind.is_none() {
                rule.kind = data_kind(&meanings.terms, &rule.words);
            }
            rule
        };
        let never_promise: Vec<Rule<'p>> = policy.never_promise.iter().map(rule).collect();
        let mut first_of_kind = [None; 3];
        for (i, rule) in never_promise.iter().enumerate() {
            if let Some(kind) = rule.kind {
                first_of_kind[kind as usize].get_or_insert(i);
            }
        }
        // A discount is a promise about the price: with no percentage
        // phrase, percentages go to the first money phrase, and so do the
        // discount codes.
        if first_of_kind[Kind::Percentage as usize].is_none() {
            first_of_kind[Kind::Percentage as usize] = first_of_kind[Kind::Money as usize];
        }
        // Something for free is a price of nothing, or with no money phrase,
        // a discount.
        if first_of_kind[Kind::Money as usize].is_none() {
            first_of_kind[Kind::Money as usize] = first_of_kind[Kind::Percentage as usize];
        }
        let vocabulary = handoff_text::vocab::Vocabulary::shared(
            policy.languages.iter().map(|l| l.tag.as_str()),
            policy.matching.exact,
        );
        let compared = |phrases: &'p [Phrase]| -> Vec<(&'p Phrase, Comparison)> {
            phrases
                .iter()
                .filter_map(|p| Some((p, vocabulary.comparison(&normalize(&p.text))?)))
                .collect()
        };
        let global_comparisons = compared(&policy.handoff_when);
        let global_words = global_comparisons.len() < policy.handoff_when.len();
        let complaint = |phrases: &'p [Phrase]| {
            phrases.iter().find(|p| {
                meaning(&meanings.terms, &Rule::new(p).words)
                    .about
                    .contains(&COMPLAINT)
            })
        };
        let global_complaint = complaint(&policy.handoff_when);
        let mut topics: FxHashMap<String, TopicRules<'p>> = FxHashMap::default();
        for (index, topic) in policy.topics.iter().enumerate() {
            // The first of two topics with one name is the one the file means.
            topics.entry(normalize(&topic.name)).or_insert_with(|| {
                let own = compared(&topic.handoff.when);
                TopicRules {
                    name: topic.name.as_str(),
                    index: Some(index),
                    line: topic.span.line,
                    handoff_always: topic.handoff.always,
                    words_hand_over: global_words || own.len() < topic.handoff.when.len(),
                    comparisons: own
                        .into_iter()
                        .chain(global_comparisons.iter().copied())
                        .collect(),
                    complaint: complaint(&topic.handoff.when).or(global_complaint),
                    must_not: topic.must_not.iter().map(rule).collect(),
                    // A topic with no `may` says nothing of what the agent
                    // does alone: the definition's least rule holds there.
                    answers_prices: topic.may.is_empty()
                        || topic
                            .may
                            .iter()
                            .any(|action| about_price(&meanings.terms, &action.text)),
                }
            });
        }
        // A conversation with no topic named still has the file's own
        // hand-overs.
        let no_topic = TopicRules {
            name: "",
            index: None,
            line: 0,
            handoff_always: false,
            comparisons: global_comparisons,
            words_hand_over: global_words,
            complaint: global_complaint,
            must_not: Vec::new(),
            answers_prices: true,
        };
        Guard {
            no_topic,
            vocabulary,
            any_claim: never_promise.iter().any(|r| r.meaning.claim),
            money_rule: first_of_kind[Kind::Money as usize]
                .filter(|&i| never_promise[i].kind == Some(Kind::Money)),
            never_promise,
            first_of_kind,
            topics,
            lexicon: Lexicon::new(),
            readers,
            meanings,
            router: Router::new(policy),
        }
    }

    /// Whether the policy has a topic of this name (compared normalised, as
    /// names are): `check` skips the `must not` rules of a topic it does not
    /// know, so a caller that wants to treat that as a mistake asks first.
    pub fn knows_topic(&self, name: &str) -> bool {
        self.topics.contains_key(&normalize(name))
    }

    /// The languages whose words the guard reads replies with: the
    /// policy's that have a data file, English when none of them has one.
    pub fn languages(&self) -> Vec<Lang> {
        self.readers.iter().map(|r| r.lang).collect()
    }

    /// The reader for a reply: of the declared languages, the one with the
    /// most function words in it (`och`, `und`, `il`), the first declared
    /// on a tie. Words that mean one thing in one language and another in
    /// the next (`en` is Swedish `a` and Finnish `I do not`) are read in the
    /// reply's language only.
    fn reader(&self, reply: &str) -> &Reader {
        if self.readers.len() == 1 {
            return &self.readers[0];
        }
        let lower = lower_nfkc(reply);
        let words = piece_words(&lower);
        let mut best = (0, &self.readers[0]);
        for reader in &self.readers {
            let count = words
                .iter()
                .filter(|w| reader.lang.is_function_word(w))
                .count();
            if count > best.0 {
                best = (count, reader);
            }
        }
        best.1
    }

    /// What a `must not` phrase forbids beyond its words ([`Meanings`]).
    pub fn understands(&self, phrase: &str) -> Option<Understood> {
        self.meanings.understands(phrase)
    }

    /// The verdict on a reply. `topic`: the conversation's topic, when the
    /// runtime knows it; its `must not` phrases are checked too. A topic the
    /// policy does not have is no error: only `never promise` is checked.
    pub fn check(&self, reply: &str, topic: Option<&str>) -> Verdict {
        let topic = topic.and_then(|t| self.topics.get(&normalize(t)));
        let reader = self.reader(reply);
        let pieces = pieces::pieces(reply, &reader.cuts);
        let lowers: Vec<String> = pieces.iter().map(|p| lower_nfkc(p.text)).collect();
        // A price counts on its own only on a topic that may not give one.
        let prices = self.money_rule.is_some() && topic.is_some_and(|t| !t.answers_prices);
        let mut readings: Vec<Reading<'_>> = Vec::with_capacity(pieces.len());
        for (i, (piece, lower)) in pieces.iter().zip(&lowers).enumerate() {
            let after_hand_over = readings.last().is_some_and(|r| r.hands_over);
            let conditioned = lowers
                .get(i + 1)
                .is_some_and(|next| reader.begins_condition(next));
            readings.push(self.read(reader, piece, lower, prices, after_hand_over, conditioned));
        }
        let mut broken = Vec::new();
        for (piece, reading) in pieces.iter().zip(&readings) {
            self.check_piece(reader, piece, reading, &readings, topic, &mut broken);
        }
        let rules = topic.unwrap_or(&self.no_topic);
        self.handoff(reader, reply, rules, &pieces, &readings, &mut broken);
        Verdict {
            ok: broken.is_empty(),
            broken,
        }
    }

    /// Whether the reply settles what the topic's hand-over rules give a
    /// person: no piece hands over, and in a piece that is no question and
    /// not negated, either the topic has `handoff always` and the piece
    /// commits, acts or gives a value, or the piece gives a number one of
    /// the topic's (or the file's) `handoff when` comparisons hands off.
    fn handoff(
        &self,
        reader: &Reader,
        reply: &str,
        topic: &TopicRules<'p>,
        pieces: &[Piece<'_>],
        readings: &[Reading<'_>],
        broken: &mut Vec<Broken>,
    ) {
        let nothing_hands_off = !topic.handoff_always
            && topic.comparisons.is_empty()
            && !topic.words_hand_over
            && topic.complaint.is_none();
        if nothing_hands_off || readings.iter().any(|r| r.hands_over) {
            return;
        }
        // The character that ended a piece, past spaces (`bene ?`).
        let chars: Vec<char> = reply.chars().collect();
        let is_question = |piece: &Piece<'_>| {
            chars[piece.end.min(chars.len())..]
                .iter()
                .find(|c| !c.is_whitespace())
                .is_some_and(|c| matches!(c, '?' | '？'))
        };
        // The pieces that tell the customer something: no question, not
        // negated.
        let telling: Vec<(&Piece<'_>, &Reading<'_>)> = pieces
            .iter()
            .zip(readings)
            .filter(|(piece, r)| !r.negated && !is_question(piece))
            .collect();
        let (piece, phrase, line, why) = if topic.handoff_always {
            let settling = telling
                .iter()
                .find(|(_, r)| r.commits() || r.acts || !r.values.is_empty());
            let Some(&(piece, _)) = settling else { return };
            (
                piece,
                "always".to_string(),
                topic.line,
                format!(
                    "the topic `{}` is always handed to a person, and the reply answers it without handing over",
                    topic.name
                ),
            )
        } else {
            // Only a number the reply gives (`per 12 persone` under `more
            // than 8`): a reply's words for other conditions are too often
            // the agent's own (`your full name` is no `handoff when full`).
            // As written, so money and times are no counts (`38 €`, `kl 12`);
            // no piece hands over, so the whole piece is the agent's.
            let counted = telling.iter().find_map(|(piece, _)| {
                // People counted (`per 40 persone`) and floor areas (`Bei
                // 140 m²`): an agent's own numbers of things (`35 kinds of
                // cake`) and days (`we'll email you tomorrow`) settle
                // nothing.
                let quantities: Vec<_> = self
                    .vocabulary
                    .quantities(piece.text)
                    .into_iter()
                    .filter(|q| matches!(q.unit, Some(Unit::People | Unit::Area)))
                    .collect();
                topic.comparisons.iter().find_map(|(rule, comparison)| {
                    Some((
                        *piece,
                        rule,
                        quantities.iter().find(|q| comparison.holds(q))?.clone(),
                    ))
                })
            });
            if let Some((piece, rule, q)) = counted {
                let why = format!(
                    "the reply gives {}, which `handoff when {}` gives a person, and settles it without handing over",
                    q.text, rule.text
                );
                (piece, rule.text.clone(), rule.span.line, why)
            } else if topic.words_hand_over
                && let Some((piece, reason)) = telling.iter().find_map(|(piece, _)| {
                    // The case itself, in the reply's own words (`the
                    // cover up`), told to the customer as settled.
                    let reason = self
                        .router
                        .hand_overs_in(piece.text, topic.index)
                        .into_iter()
                        .next()?;
                    Some((*piece, reason))
                })
            {
                let phrase = reason.phrase.clone().unwrap_or_default();
                let said: Vec<&str> = reason.matched.iter().map(|m| m.word.as_str()).collect();
                let why = format!(
                    "the reply says {:?}, which `handoff when {phrase}` gives a person, and answers it without handing over",
                    said.join(" ")
                );
                (piece, phrase, reason.line.unwrap_or(topic.line), why)
            } else if let Some(rule) = topic.complaint
                && let Some((piece, sorry)) = pieces.iter().zip(readings).find_map(|(piece, r)| {
                    // Not only `telling`: an apology's own words are often
                    // negative (`sorry they're not what you hoped for`).
                    let f = r.found.iter().find(|f| {
                        reader.terms.entries[f.entry as usize].role == lexicon::Role::Apology
                    })?;
                    (!is_question(piece)).then(|| (piece, r.all[f.start..f.end].join(" ")))
                })
            {
                let why = format!(
                    "the reply says {sorry:?}, answering a complaint, which `handoff when {}` gives a person, without handing over",
                    rule.text
                );
                (piece, rule.text.clone(), rule.span.line, why)
            } else {
                return;
            }
        };
        broken.push(Broken {
            rule: RuleKind::Handoff,
            phrase,
            topic: (!topic.name.is_empty()).then(|| topic.name.to_string()),
            line,
            piece: piece.text.to_string(),
            start: piece.start,
            end: piece.end,
            why,
        });
    }

    fn check_piece(
        &self,
        reader: &Reader,
        piece: &Piece<'_>,
        reading: &Reading<'_>,
        reply: &[Reading<'_>],
        topic: Option<&TopicRules<'p>>,
        broken: &mut Vec<Broken>,
    ) {
        if reading.negated {
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
        self.never_promise(reader, reading, |rule, why| {
            broken.push(report(rule, RuleKind::NeverPromise, None, why));
        });
        if let Some(topic) = topic
            && !topic.answers_prices
            && let Some(money) = &reading.money
            && let Some(i) = self.money_rule
            && !broken
                .iter()
                .any(|b| b.start == piece.start && b.phrase == self.never_promise[i].phrase.text)
        {
            let why = format!(
                "the reply gives the price {money} on the topic `{}`, and none of what that topic may do is about prices",
                topic.name
            );
            broken.push(report(
                &self.never_promise[i],
                RuleKind::NeverPromise,
                None,
                why,
            ));
        }
        if let Some(TopicRules { name, must_not, .. }) = topic {
            // As for `never promise`: meaning is a fallback, once per
            // meaning (`must not confirm, bekräfta` is broken once by
            // `confirmed`).
            let by_words: Vec<bool> = must_not
                .iter()
                .map(|r| r.find(&reading.words).is_some())
                .collect();
            let mut said: Vec<&Meaning> = must_not
                .iter()
                .zip(&by_words)
                .filter(|(_, w)| **w)
                .map(|(r, _)| &r.meaning)
                .collect();
            for (rule, words) in must_not.iter().zip(by_words) {
                if !words && said.contains(&&rule.meaning) {
                    continue;
                }
                if let Some(why) = self.must_not(reader, rule, reading, reply) {
                    if !words {
                        said.push(&rule.meaning);
                    }
                    broken.push(report(rule, RuleKind::MustNot, Some(name), why));
                }
            }
        }
    }

    /// Why a piece breaks a `must not` phrase, if it does: its words match
    /// the piece, or the piece does the action the phrase names, about what
    /// the phrase names.
    fn must_not(
        &self,
        reader: &Reader,
        rule: &Rule<'_>,
        reading: &Reading<'_>,
        reply: &[Reading<'_>],
    ) -> Option<String> {
        const UNTOUCHED: &str = "and nothing in it negates that or hands it to a person";
        if let Some(at) = rule.find(&reading.words) {
            let said = reading.words[at..at + rule.words.len()].join(" ");
            return Some(format!("the reply says \"{said}\", {UNTOUCHED}"));
        }
        let action = rule.meaning.action?;
        if action == COMMIT && rule.meaning.about == [ANYTHING] {
            // `must not promise anything`: every strong commitment.
            let word = reading.strong.as_ref()?;
            return Some(format!("the reply says {word}, a commitment, {UNTOUCHED}"));
        }
        if action == COMMIT {
            // `must not promise X`: what `never promise X` would say of the
            // piece.
            let (mention, commit) = self.promise_breaks(reader, rule, None, reading, &[])?;
            return Some(format!("{mention}, and {commit}"));
        }
        // The action in the piece; what it is about anywhere in the reply
        // (`the fee ... I'll take it off`).
        let done = reading
            .found
            .iter()
            .find(|f| {
                let e = &reader.terms.entries[f.entry as usize];
                e.role == lexicon::Role::Action && e.concepts.first() == Some(&action)
            })
            .map(|f| said(&reader.terms, &reading.all, f))
            .or_else(|| {
                // Confirming a date or a time is committing to one.
                (action == "confirm" && rule.kind == Some(Kind::Date) && reading.commits())
                    .then(|| date_commitment(&reader.terms, rule, reading))
                    .flatten()
            })?;
        // What the phrase is about, anywhere in the reply; for a date
        // phrase, a date stands for it (`confirm a pickup time` and `vieni
        // pure sabato alle 10:30`).
        let mut about = Vec::new();
        let date = (rule.kind == Some(Kind::Date))
            .then(|| {
                reply
                    .iter()
                    .flat_map(|r| &r.values)
                    .find(|v| v.kind == Kind::Date)
            })
            .flatten();
        for concept in &rule.meaning.about {
            // A done booking says what it booked (`that's all sorted, see
            // you at the beach` confirms a booking of anything).
            if action == "confirm" && *concept == APPOINTMENT {
                continue;
            }
            match reply
                .iter()
                .find_map(|r| mentions(&reader.terms, r, concept))
            {
                Some(said) => about.push(said),
                None if date.is_some() => {}
                None => return None,
            }
        }
        if about.is_empty()
            && let Some(date) = date
        {
            about.push(format!("the date {}", date.text));
        } else if about.is_empty() && rule.kind == Some(Kind::Date) {
            return None;
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" about {}", about.join(" and "))
        };
        Some(format!("the reply says {done}{about}, {UNTOUCHED}"))
    }

    /// What a piece says; `prices`: whether a price on its own breaks a
    /// rule here, so the piece's first money value is wanted;
    /// `after_hand_over`: whether the piece before hands over;
    /// `conditioned`: whether the piece after begins with a condition.
    fn read<'a>(
        &self,
        reader: &Reader,
        piece: &Piece<'_>,
        lower: &'a str,
        prices: bool,
        after_hand_over: bool,
        conditioned: bool,
    ) -> Reading<'a> {
        // `normalize` is NFKC, lower case, then every character that is not
        // a letter, digit or mark as a space: the piece is NFKC and lower
        // case already, so its words are what is left between such
        // characters, and normalising it again would only repeat the work.
        let all = piece_words(lower);
        let flags: Vec<u8> = all.iter().map(|w| self.lexicon.flags(w)).collect();
        let found = reader.terms.find(&all);
        let entry = |f: &Found| &reader.terms.entries[f.entry as usize];
        // Where the piece hands over: its first person word, when it also
        // has a hand-over word (or its first hand-over word, when that comes
        // first), or a phrase that hands over on its own. From there on, the
        // piece is a person's to do.
        let first = |flag: u8, role: lexicon::Role| {
            let listed = (0..all.len()).find(|&i| flags[i] & flag != 0);
            let data = found
                .iter()
                .filter(|f| entry(f).role == role)
                .map(|f| f.start)
                .min();
            listed.into_iter().chain(data).min()
        };
        let first_person = first(PERSON, lexicon::Role::Person);
        let first_hand_over = first(HAND_OVER, lexicon::Role::HandOver);
        let mut cut = match (first_person, first_hand_over) {
            (Some(p), Some(h)) => p.min(h),
            _ => all.len(),
        };
        if let Some(f) = found
            .iter()
            .filter(|f| entry(f).role == lexicon::Role::HandOverPhrase)
            .min_by_key(|f| f.start)
        {
            cut = cut.min(f.start);
        }
        // `..., who will contact you`: the person of the piece before
        // goes on.
        if after_hand_over
            && found
                .iter()
                .any(|f| f.start == 0 && entry(f).role == lexicon::Role::Relative)
        {
            cut = 0;
        }
        // A deed that waits on the customer (`only confirmed once the
        // deposit has been paid`) is not done.
        let conditioned = conditioned
            || found
                .iter()
                .any(|f| entry(f).role == lexicon::Role::Condition);
        let words: Vec<&'a str> = all[..cut].to_vec();
        let found: Vec<Found> = found
            .into_iter()
            .filter(|f| f.start < cut)
            .filter(|f| {
                !(conditioned && entry(f).role == lexicon::Role::Action && entry(f).commits)
            })
            .collect();
        let byte_cut = all.get(cut).map_or(lower.len(), |w| offset(lower, w));

        // Negation words negate the whole piece, unless an entry that holds
        // them says something else (`no charge`, `don't worry`).
        let masked = |i: usize| {
            found.iter().any(|f| {
                f.start <= i
                    && i < f.end
                    && f.end - f.start > 1
                    && entry(f).role != lexicon::Role::Negation
            })
        };
        let (will, nots) = values::endings(lower);
        let mut negated = (0..all.len()).any(|i| flags[i] & NEGATION != 0 && !masked(i))
            || found
                .iter()
                .any(|f| entry(f).role == lexicon::Role::Negation && !masked(f.start));
        for at in nots {
            // The word before the apostrophe (`don` of `don't`).
            let i = all.iter().rposition(|w| offset(lower, w) < at);
            negated |= i.is_none_or(|i| !masked(i) && !masked(i + 1));
        }

        let mut strong = None;
        let mut weak = None;
        // The first delivery word, as said.
        let mut delivered: Option<String> = None;
        for (i, &word) in words.iter().enumerate() {
            if flags[i] & STRONG != 0 {
                strong.get_or_insert_with(|| format!("\"{word}\""));
            }
            if flags[i] & WEAK != 0 {
                weak.get_or_insert_with(|| format!("\"{word}\""));
            }
            if flags[i] & DELIVERY != 0 {
                delivered.get_or_insert_with(|| format!("\"{word}\""));
            }
        }
        if will.is_some_and(|at| at < byte_cut) {
            weak.get_or_insert_with(|| "\"'ll\"".to_string());
        }
        // Values matter only to a piece that commits or does an action (the
        // minimum reads them only in a committing piece); finding them is
        // most of the work for the rest, so they are found after the words.
        let mut values: Vec<Value> = Vec::new();
        let has = |role: lexicon::Role| found.iter().any(|f| entry(f).role == role);
        let terms = has(lexicon::Role::Terms);
        let source = has(lexicon::Role::Source);
        for f in &found {
            let e = entry(f);
            let text = || all[f.start..f.end].join(" ");
            match e.role {
                lexicon::Role::Strong => {
                    strong.get_or_insert_with(|| format!("\"{}\"", text()));
                }
                lexicon::Role::Weak => {
                    weak.get_or_insert_with(|| format!("\"{}\"", text()));
                }
                // Free on terms anyone may state is no promise.
                lexicon::Role::Free if terms => {}
                lexicon::Role::Commit | lexicon::Role::Free => {
                    let label = e.label.unwrap_or("a commitment");
                    strong.get_or_insert_with(|| format!("\"{}\" ({label})", text()));
                    if e.role == lexicon::Role::Free {
                        values.push(Value {
                            kind: Kind::Money,
                            text: format!("\"{}\"", text()),
                        });
                    }
                }
                lexicon::Role::Delivery => {
                    delivered.get_or_insert_with(|| format!("\"{}\"", text()));
                }
                // A fee waived or something given on terms anyone may
                // state is a term of business too (`kostnadsfritt fram
                // till 24 timmar innan`), as something free is.
                lexicon::Role::Action
                    if terms
                        && e.concepts
                            .iter()
                            .any(|c| matches!(*c, "compensate" | "waive")) => {}
                // A done booking commits to its date.
                lexicon::Role::Action if e.commits => {
                    strong.get_or_insert_with(|| said(&reader.terms, &all, f));
                }
                _ => {}
            }
        }
        // A discount code (`SPRING10`, `KEVÄT10`) is a discount given.
        // Most pieces have no capital letter before a digit: skip NFKC then.
        let maybe_code = piece
            .text
            .chars()
            .zip(piece.text.chars().skip(1))
            .any(|(a, b)| a.is_uppercase() && b.is_ascii_digit());
        let code = maybe_code
            .then(|| discount_code(&piece.text.nfkc().collect::<String>(), byte_cut))
            .flatten();
        if let Some(code) = &code {
            strong.get_or_insert_with(|| format!("the code {code}"));
            values.push(Value {
                kind: Kind::Percentage,
                text: code.clone(),
            });
        }
        if let Some(off) = values::percentage_off(&lower[..byte_cut], &reader.value_words) {
            strong.get_or_insert_with(|| format!("\"{off}\" (a discount given)"));
        }
        let acts = found.iter().any(|f| entry(f).role == lexicon::Role::Action);
        let delivery = delivered.is_some();
        let scanned = strong.is_some() || weak.is_some() || acts || delivery || self.any_claim;
        if scanned {
            values.splice(
                0..0,
                values::values(&lower[..byte_cut], &reader.value_words),
            );
        }
        // A delivery said for a set day is that day promised, as `will`
        // says it: `den landar hos dig på fredag`. An estimate (`it usually
        // arrives on Friday`), a report (`it shipped on Monday`) and a span
        // (`delivered within 3 days`, a standing term) are not.
        if strong.is_none()
            && weak.is_none()
            && let Some(word) = &delivered
            && !has(lexicon::Role::Hedge)
            && !has(lexicon::Role::Past)
            && values
                .iter()
                .any(|v| v.kind == Kind::Date && !reader.value_words.is_span(v))
        {
            weak = Some(format!("{word} (a delivery on a set day)"));
        }
        let money = if prices && !source {
            let first_money = |values: &[Value]| {
                values
                    .iter()
                    .find(|v| v.kind == Kind::Money)
                    .map(|v| v.text.clone())
            };
            if scanned {
                first_money(&values)
            } else {
                first_money(&values::values(&lower[..byte_cut], &reader.value_words))
            }
        } else {
            None
        };
        Reading {
            hands_over: cut < all.len(),
            acts,
            money,
            words,
            all,
            code,
            strong,
            weak,
            negated,
            delivery,
            found,
            values,
        }
    }

    /// The `never promise` phrases a piece breaks.
    fn never_promise(
        &self,
        reader: &Reader,
        reading: &Reading<'_>,
        mut broke: impl FnMut(&Rule<'p>, String),
    ) {
        // With no commitment, only a claim can break a phrase.
        if !reading.commits() && !self.any_claim {
            return;
        }
        let matched = self.matched(&reader.terms, reading);
        for (i, rule) in self.never_promise.iter().enumerate() {
            if let Some((mention, commit)) =
                self.promise_breaks(reader, rule, Some(i), reading, &matched)
            {
                broke(rule, format!("{mention}, and {commit}"));
            }
        }
    }

    /// Which `never promise` phrases match a piece. By their words first;
    /// by what they are about only when no phrase that matches by its words
    /// is about the same: under `never promise price, pris`, `the price`
    /// matches `price`, and `pris` (the same in Swedish) stays out of it.
    fn matched(&self, terms: &Terms, reading: &Reading<'_>) -> Vec<Match> {
        let at: Vec<Option<usize>> = self
            .never_promise
            .iter()
            .map(|r| r.find(&reading.words))
            .collect();
        let mut said: Vec<&str> = self
            .never_promise
            .iter()
            .zip(&at)
            .filter(|(_, a)| a.is_some())
            .flat_map(|(r, _)| r.meaning.about.iter().copied())
            .collect();
        // In file order: a phrase about what an earlier one already matched
        // by meaning (`delivery date`, then `leveransdatum`) is the same
        // phrase in another language.
        self.never_promise
            .iter()
            .zip(at)
            .map(|(rule, at)| {
                let by_meaning = at.is_none()
                    && !rule.meaning.about.iter().all(|c| said.contains(c))
                    && about_all(terms, rule, reading);
                if by_meaning {
                    said.extend(rule.meaning.about.iter().copied());
                }
                Match {
                    at,
                    matched: at.is_some() || by_meaning,
                }
            })
            .collect()
    }

    /// What mentions a promise phrase in the piece and what commits to it,
    /// if the piece breaks it. `index`: the phrase's place among the `never
    /// promise` phrases (a `must not promise` phrase has none).
    fn promise_breaks(
        &self,
        reader: &Reader,
        rule: &Rule<'_>,
        index: Option<usize>,
        reading: &Reading<'_>,
        matched: &[Match],
    ) -> Option<(String, String)> {
        let terms = &reader.terms;
        let this = match index {
            Some(i) => matched[i],
            None => {
                let at = rule.find(&reading.words);
                Match {
                    at,
                    matched: at.is_some() || about_all(terms, rule, reading),
                }
            }
        };
        let matches = this.matched;
        let value = self.value_for(terms, rule, index, reading, this, matched);
        let mention = if let Some(at) = this.at {
            format!(
                "the reply says \"{}\"",
                reading.words[at..at + rule.words.len()].join(" ")
            )
        } else if let Some(v) = value {
            format!("the {} {} goes to this phrase", v.kind.as_str(), v.text)
        } else if matches {
            let said: Vec<String> = rule
                .meaning
                .about
                .iter()
                .filter_map(|c| mentions(terms, reading, c))
                .collect();
            format!("the reply says {}", said.join(" and "))
        } else {
            return None;
        };
        let needs_value = matches!(rule.kind, Some(Kind::Money | Kind::Date));
        let commit = match (&reading.strong, &reading.weak) {
            (Some(word), _) => format!("{word} commits to it"),
            (None, Some(word)) if !needs_value => format!("{word} commits to it"),
            (None, Some(word)) => match value {
                Some(v) => format!(
                    "{word} commits to it with the {} {}",
                    v.kind.as_str(),
                    v.text
                ),
                None => return None,
            },
            // Saying a dish is allergen-free is promising it.
            (None, None) if rule.meaning.claim => "saying so promises it".to_string(),
            (None, None) => return None,
        };
        Some((mention, commit))
    }

    /// The value of the piece that goes to a phrase. A value goes to the
    /// phrases of its kind that match the piece; when none does, to the
    /// first phrase of its kind in the file (the minimum's rule, with
    /// `first_of_kind`'s stand-ins). A date counts only where
    /// [`date_counts`] says.
    fn value_for<'r>(
        &self,
        terms: &Terms,
        rule: &Rule<'_>,
        index: Option<usize>,
        reading: &'r Reading<'_>,
        this: Match,
        matched: &[Match],
    ) -> Option<&'r Value> {
        if reading.values.is_empty() {
            return None;
        }
        reading.values.iter().find(|value| {
            if value.kind == Kind::Date && !date_counts(terms, rule, reading) {
                return false;
            }
            // Of the phrases of its kind, those that match the piece by their
            // words take the value; when none does, those that match by
            // meaning; when none does, the first of its kind.
            let of_kind = |r: &Rule<'_>| r.kind == Some(value.kind);
            let any_by_words = self
                .never_promise
                .iter()
                .zip(matched)
                .any(|(r, m)| of_kind(r) && m.at.is_some());
            if of_kind(rule) && (this.at.is_some() || (!any_by_words && this.matched)) {
                return true;
            }
            let matched_any = self
                .never_promise
                .iter()
                .zip(matched)
                .any(|(r, m)| of_kind(r) && m.matched);
            !matched_any && index.is_some() && self.first_of_kind[value.kind as usize] == index
        })
    }
}

/// `"du är inbokad" (a done booking, a way to confirm)`.
fn said(terms: &Terms, words: &[&str], f: &Found) -> String {
    let e = &terms.entries[f.entry as usize];
    let text = words[f.start..f.end].join(" ");
    let concept = e.concepts.first().copied().unwrap_or("");
    match e.label {
        Some(label) => format!("\"{text}\" ({label}, a way to {concept})"),
        None => format!("\"{text}\" (a way to say {concept})"),
    }
}

/// Where a piece says a concept, as the `why` shows it. A discount code
/// says `code`.
fn mentions(terms: &Terms, reading: &Reading<'_>, concept: &str) -> Option<String> {
    if concept == "code"
        && let Some(code) = &reading.code
    {
        return Some(format!("the code {code}"));
    }
    reading.found.iter().find_map(|f| {
        let e = &terms.entries[f.entry as usize];
        e.concepts.contains(&concept).then(|| {
            let text = reading.all[f.start..f.end].join(" ");
            if text == concept {
                format!("\"{text}\"")
            } else {
                format!("\"{text}\" ({concept})")
            }
        })
    })
}

/// A committing piece with a date value for a date phrase: `"will" with
/// the date friday`.
fn date_commitment(terms: &Terms, rule: &Rule<'_>, reading: &Reading<'_>) -> Option<String> {
    let date = reading
        .values
        .iter()
        .find(|v| v.kind == Kind::Date && date_counts(terms, rule, reading))?;
    let word = reading.strong.as_ref().or(reading.weak.as_ref())?;
    Some(format!("{word} with the date {}", date.text))
}

/// Whether a date counts for a date phrase in this piece: the piece has a
/// delivery word, or says what the phrase is about (`repair date` and
/// `fixed by tomorrow`).
fn date_counts(terms: &Terms, rule: &Rule<'_>, reading: &Reading<'_>) -> bool {
    reading.delivery || rule.meaning.about.iter().any(|c| says(terms, reading, c))
}

/// Whether a piece says a concept ([`mentions`] without the words).
fn says(terms: &Terms, reading: &Reading<'_>, concept: &str) -> bool {
    (concept == "code" && reading.code.is_some())
        || reading
            .found
            .iter()
            .any(|f| terms.entries[f.entry as usize].concepts.contains(&concept))
}

/// Whether a piece says everything a phrase is about.
fn about_all(terms: &Terms, rule: &Rule<'_>, reading: &Reading<'_>) -> bool {
    !rule.meaning.about.is_empty() && rule.meaning.about.iter().all(|c| says(terms, reading, c))
}

/// A rule phrase's meaning, read with the data files' entries.
fn meaning(terms: &Terms, words: &[Box<str>]) -> Meaning {
    let words: Vec<&str> = words.iter().map(|w| &**w).collect();
    let mut out = Meaning::default();
    let mut found = terms.find(&words);
    // The longest entry first where two start at one word.
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut covered = 0;
    for f in found {
        let e = &terms.entries[f.entry as usize];
        if f.start < covered {
            continue;
        }
        match e.role {
            lexicon::Role::Action | lexicon::Role::Names
                if out.action.is_none() && out.about.is_empty() =>
            {
                out.action = e.concepts.first().copied();
                out.about.extend(e.concepts.iter().skip(1).copied());
            }
            lexicon::Role::Concept => {
                for &c in &e.concepts {
                    if !out.about.contains(&c) {
                        out.about.push(c);
                    }
                }
                out.claim |= e.claim;
            }
            _ => continue,
        }
        covered = f.end;
    }
    // `must not refund` forbids committing to a refund.
    if out.action.is_none() && !out.about.is_empty() {
        out.action = Some(COMMIT);
    }
    out
}

/// Whether an action (`answer prices from the price list`) is about a
/// price: a money kind word, or an everyday word for a price.
fn about_price(terms: &Terms, action: &str) -> bool {
    let normal = normalize(action);
    let words = split_words(&normal);
    let found = terms.find(&words);
    // `may explain what affects the price` explains a price, and gives none.
    let factors = found.iter().any(|f| {
        let e = &terms.entries[f.entry as usize];
        e.role == lexicon::Role::Concept && e.concepts.first() == Some(&PRICE_FACTORS)
    });
    !factors
        && (words.iter().any(|w| kind_of(w) == Some(Kind::Money))
            || found.iter().any(|f| {
                let e = &terms.entries[f.entry as usize];
                e.role == lexicon::Role::KindMoney
                    || (e.role == lexicon::Role::Concept && e.concepts.first() == Some(&"price"))
            }))
}

/// A phrase's kind from the declared languages' kind words (`Preis`,
/// `hinta`), when the minimum's give it none.
fn data_kind(terms: &Terms, words: &[Box<str>]) -> Option<Kind> {
    let words: Vec<&str> = words.iter().map(|w| &**w).collect();
    let mut found = terms.find(&words);
    found.sort_by_key(|f| f.start);
    found
        .iter()
        .find_map(|f| match terms.entries[f.entry as usize].role {
            lexicon::Role::KindMoney => Some(Kind::Money),
            lexicon::Role::KindPercentage => Some(Kind::Percentage),
            lexicon::Role::KindDate => Some(Kind::Date),
            _ => None,
        })
}

/// The byte offset of a word (a slice of `text`) in `text`.
fn offset(text: &str, word: &str) -> usize {
    word.as_ptr() as usize - text.as_ptr() as usize
}

/// A discount code in the piece as written, before `limit`: a word of
/// three or more capital letters directly followed by one to three digits
/// (`SPRING10`, `KEVÄT10`), not part of a longer word.
fn discount_code(text: &str, limit: usize) -> Option<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].1.is_uppercase() && (i == 0 || !chars[i - 1].1.is_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let letters = chars[i..]
            .iter()
            .take_while(|(_, c)| c.is_uppercase())
            .count();
        let digits = chars[i + letters..]
            .iter()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        let end = i + letters + digits;
        let ends = chars.get(end).is_none_or(|(_, c)| !c.is_alphanumeric());
        if letters >= 3 && (1..=3).contains(&digits) && ends && chars[i].0 < limit {
            return Some(chars[i..end].iter().map(|(_, c)| *c).collect());
        }
        i += letters.max(1);
    }
    None
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
/// `other`), and the data files' entry index (against each entry matched
/// at each word by its definition, in every language the guard has words
/// for). The error names the first disagreement.
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
    static ALL: std::sync::OnceLock<Vec<(Lang, Terms)>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| {
        lexicon::languages()
            .map(|lang| (lang, Terms::new(&[lang], Vec::new())))
            .collect()
    });
    for (lang, terms) in all {
        for words in [&defined, &others] {
            let mut indexed = terms.find(words);
            let mut by_definition: Vec<Found> = Vec::new();
            for (id, entry) in terms.entries.iter().enumerate() {
                if !terms.is_indexed(entry) {
                    continue;
                }
                for start in 0..words.len() {
                    if let Some(end) = terms::matches_by_definition(entry, words, start) {
                        by_definition.push(Found {
                            entry: id as u32,
                            start,
                            end,
                        });
                    }
                }
            }
            let key = |f: &Found| (f.start, f.entry, f.end);
            indexed.sort_by_key(key);
            by_definition.sort_by_key(key);
            if indexed != by_definition {
                return Err(format!(
                    "the {} entries in {words:?}: the index finds {indexed:?}, the definition {by_definition:?}",
                    lang.tag()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
