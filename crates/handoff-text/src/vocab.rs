//! What matching knows beyond the words a file writes, for the languages it
//! declares: the forms of a word (Snowball stems), the parts of compound
//! words, the families of everyday words customers use for what a phrase
//! names, and the numbers a phrase compares (`more than 8`). All of it is
//! data in `lexicon/`, read once; the same file and message give the same
//! answer everywhere.
//!
//! A [`Vocabulary`] is made for one file (its languages, and whether it
//! asks for `matching exact`); the router builds its index from it and
//! every decision's `why` names what it used (`stänger`, a word for
//! `open`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::lang::Lang;
use crate::{WordMatch, match_words, normalize, words};

/// How a message word matched a rule word, beyond the definition's least
/// rule ([`WordMatch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum How {
    Exact,
    Prefix,
    Typo,
    /// Another form of the same word: the same stem (`allergies`,
    /// `allergic`).
    Form,
    /// A part of a compound word (`hårfärgning` holds `färgning`).
    Part,
    /// A word of the same family (`stänger`, a word for `open`).
    Family,
    /// A number the phrase compares (`10`, more than `8`).
    Number,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Exact => "exact",
            How::Prefix => "prefix",
            How::Typo => "typo",
            How::Form => "form",
            How::Part => "part",
            How::Family => "family",
            How::Number => "number",
        }
    }

    /// What a match of this kind is worth to a topic's score: the owner's
    /// own word counts most, a relative less, so the topic whose words the
    /// customer used wins over one that only shares a family.
    pub fn weight(self) -> u32 {
        match self {
            How::Exact | How::Form => 6,
            How::Prefix => 5,
            How::Part | How::Typo | How::Number => 4,
            How::Family => 3,
        }
    }
}

impl From<WordMatch> for How {
    fn from(m: WordMatch) -> How {
        match m {
            WordMatch::Exact => How::Exact,
            WordMatch::Prefix => How::Prefix,
            WordMatch::Typo => How::Typo,
        }
    }
}

/// One member of a family: a word or a short phrase, normalised, in one
/// language.
#[derive(Clone, Debug)]
pub struct Member {
    pub lang: Lang,
    pub text: String,
}

/// A family of words and phrases customers use for one thing, across the
/// declared languages.
#[derive(Clone, Debug)]
pub struct Family {
    /// The family's name in the data files (`open`, `booking`).
    pub id: &'static str,
    pub members: Vec<Member>,
}

/// A comparison a phrase makes: `more than 8`, `less than 24 hours`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub more: bool,
    pub number: u32,
    /// The unit after the number, if any.
    pub unit: Option<Unit>,
}

/// The units a comparison may count in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    People,
    Minutes,
    Hours,
    Days,
    Weeks,
    /// Floor area (`m2`, `qm`, `neliötä`): a size a cleaning or a
    /// renovation is priced by (`handoff when more than 100 m2`).
    Area,
}

impl Unit {
    fn from_id(id: &str) -> Option<Unit> {
        Some(match id {
            "people" => Unit::People,
            "minutes" => Unit::Minutes,
            "hours" => Unit::Hours,
            "days" => Unit::Days,
            "weeks" => Unit::Weeks,
            "area" => Unit::Area,
            _ => return None,
        })
    }

    /// Minutes in one of the unit, for the units of time.
    fn minutes(self) -> Option<u64> {
        match self {
            Unit::People | Unit::Area => None,
            Unit::Minutes => Some(1),
            Unit::Hours => Some(60),
            Unit::Days => Some(60 * 24),
            Unit::Weeks => Some(60 * 24 * 7),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::People => "people",
            Unit::Area => "area",
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Weeks => "weeks",
        }
    }
}

/// A number the customer gives, and what it counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub value: u32,
    pub unit: Option<Unit>,
    /// The message's words that say it (normalised), for `why`.
    pub text: String,
    /// A day named relative to today (`tomorrow`: 1): any moment of that
    /// day, so for `less than` as near as its first minute.
    pub relative_day: bool,
}

impl Comparison {
    /// Whether the customer's quantity is on the phrase's side of its
    /// number: a count for a phrase without a unit, the same unit (or one
    /// of time, converted) for a phrase with one.
    pub fn holds(&self, q: &Quantity) -> bool {
        let (have, want) = match (self.unit, q.unit) {
            (None | Some(Unit::People), None | Some(Unit::People)) => {
                (u64::from(q.value), u64::from(self.number))
            }
            (Some(a), Some(b)) => match (a.minutes(), b.minutes()) {
                // A day named relative to today (`tomorrow`) is any moment
                // of it: for `less than`, as near as its first minute, so a
                // hand-over that depends on it errs toward the person.
                (Some(ma), Some(mb)) if q.relative_day && !self.more && q.value > 0 => (
                    (u64::from(q.value) - 1) * mb + 1,
                    u64::from(self.number) * ma,
                ),
                (Some(ma), Some(mb)) => (u64::from(q.value) * mb, u64::from(self.number) * ma),
                // Units that are not time compare only with themselves.
                (None, None) if a == b => (u64::from(q.value), u64::from(self.number)),
                _ => return false,
            },
            _ => return false,
        };
        if self.more { have > want } else { have < want }
    }
}

/// The words of one language's data file that matching uses.
struct LangData {
    families: Vec<(&'static str, Vec<String>)>,
    more_than: Vec<Vec<String>>,
    less_than: Vec<Vec<String>>,
    units: Vec<(Unit, String)>,
    numbers: Vec<(String, u32)>,
    at: Vec<String>,
    measures: Vec<String>,
    age: Vec<String>,
    /// Relative days as durations: `today` 0 days, `tomorrow` 1.
    days_away: Vec<(String, u32)>,
    light_verbs: Vec<String>,
    /// One line each: words that ask for the same deed.
    commitments: Vec<Vec<String>>,
    /// One-word negations, normalised.
    negations: Vec<String>,
}

fn data(lang: Lang) -> &'static LangData {
    static DATA: OnceLock<Vec<LangData>> = OnceLock::new();
    &DATA.get_or_init(|| Lang::ALL.iter().map(|&l| load(l)).collect())[lang as usize]
}

fn list(line: &str) -> Vec<String> {
    line.split(',')
        .map(normalize)
        .filter(|m| !m.is_empty())
        .collect()
}

fn load(lang: Lang) -> LangData {
    let families = lang
        .section("families")
        .filter_map(|line| {
            let (id, members) = line.split_once(':')?;
            Some((id.trim(), list(members)))
        })
        .collect();
    let phrases = |name: &str| -> Vec<Vec<String>> {
        lang.section(name)
            .flat_map(list)
            .map(|p| words(&p).into_iter().map(str::to_string).collect())
            .collect()
    };
    let units = lang
        .section("units")
        .filter_map(|line| {
            let (id, members) = line.split_once(':')?;
            let unit = Unit::from_id(id.trim())?;
            Some(list(members).into_iter().map(move |m| (unit, m)))
        })
        .flatten()
        .collect();
    let valued = |name: &str| -> Vec<(String, u32)> {
        lang.section(name)
            .filter_map(|line| {
                let (word, value) = line.rsplit_once(' ')?;
                Some((normalize(word), value.trim().parse().ok()?))
            })
            .collect()
    };
    LangData {
        families,
        more_than: phrases("more than"),
        less_than: phrases("less than"),
        units,
        numbers: valued("numbers"),
        at: lang.section("at").flat_map(list).collect(),
        measures: lang.section("measures").flat_map(list).collect(),
        age: lang.section("age").flat_map(list).collect(),
        days_away: valued("days away"),
        light_verbs: lang
            .section("light verbs")
            .flat_map(str::split_whitespace)
            .map(normalize)
            .collect(),
        commitments: lang
            .section("commitments")
            .map(|line| line.split_whitespace().map(normalize).collect())
            .collect(),
        negations: lang
            .negation_words()
            .map(normalize)
            .filter(|w| !w.contains(' '))
            .collect(),
    }
}

/// What matching knows for one file.
pub struct Vocabulary {
    langs: Vec<Lang>,
    everyday: bool,
    families: Vec<Family>,
    /// A member's key (its words' stems in its language) → families.
    by_key: HashMap<String, Vec<u32>>,
    comparisons: Vec<(bool, Vec<String>)>,
    units: Vec<(Unit, String)>,
    numbers: HashMap<String, u32>,
    /// Words after a number that make it a measure, not a count
    /// (`5 cm`, `2 years`), and words after such a measure that make it
    /// an age again (`16 years old`).
    measures: Vec<String>,
    age: Vec<String>,
    at: Vec<String>,
    days_away: HashMap<String, u32>,
    light_verbs: Vec<String>,
    commitments: Vec<Vec<String>>,
    /// The declared languages' one-word negations, normalised.
    negations: Vec<String>,
    /// Each word of the families' members → its stem in each of `langs`,
    /// in order: a router's index stems every word it files in every
    /// declared language, and most of those words are the families'.
    stems: HashMap<Box<str>, Box<[Box<str>]>>,
}

/// How many vocabularies a process keeps for [`Vocabulary::shared`]: a
/// server sees a handful of language lists, and one being typed passes
/// through a few more.
const SHARED: usize = 8;

impl Vocabulary {
    /// The vocabulary for these tags, made once per process and shared:
    /// building one stems thousands of words, which costs more than
    /// analysing a file, and it depends on nothing but the languages.
    pub fn shared<'a>(tags: impl IntoIterator<Item = &'a str>, exact: bool) -> Arc<Vocabulary> {
        static MADE: Mutex<Vec<Arc<Vocabulary>>> = Mutex::new(Vec::new());
        let wanted = Vocabulary::languages(tags);
        let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = made
            .iter()
            .position(|v| v.langs == wanted && v.everyday != exact)
        {
            // The most recently used last, so the oldest goes first.
            let vocabulary = made.remove(at);
            made.push(Arc::clone(&vocabulary));
            return vocabulary;
        }
        let vocabulary = Arc::new(Vocabulary::of(wanted, exact));
        if made.len() == SHARED {
            made.remove(0);
        }
        made.push(Arc::clone(&vocabulary));
        vocabulary
    }

    /// The languages of these tags, each once, `en` when none is known.
    fn languages<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<Lang> {
        let mut langs: Vec<Lang> = tags.into_iter().filter_map(Lang::from_tag).collect();
        if langs.is_empty() {
            langs.push(Lang::En);
        }
        let mut seen = Vec::new();
        langs.retain(|l| {
            let new = !seen.contains(l);
            seen.push(*l);
            new
        });
        langs
    }

    /// The vocabulary of a file that declares these language tags (`en`
    /// when none is known), matching everyday words unless `exact`.
    pub fn new<'a>(tags: impl IntoIterator<Item = &'a str>, exact: bool) -> Vocabulary {
        Vocabulary::of(Vocabulary::languages(tags), exact)
    }

    fn of(langs: Vec<Lang>, exact: bool) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            langs,
            everyday: !exact,
            families: Vec::new(),
            by_key: HashMap::new(),
            comparisons: Vec::new(),
            units: Vec::new(),
            numbers: HashMap::new(),
            at: Vec::new(),
            measures: Vec::new(),
            age: Vec::new(),
            days_away: HashMap::new(),
            light_verbs: Vec::new(),
            commitments: Vec::new(),
            negations: Vec::new(),
            stems: HashMap::new(),
        };
        if exact {
            return vocabulary;
        }
        let mut family_ids: HashMap<&'static str, u32> = HashMap::new();
        for &lang in &vocabulary.langs.clone() {
            let data = data(lang);
            for (id, members) in &data.families {
                let f = *family_ids.entry(id).or_insert_with(|| {
                    vocabulary.families.push(Family {
                        id,
                        members: Vec::new(),
                    });
                    (vocabulary.families.len() - 1) as u32
                });
                for text in members {
                    vocabulary.families[f as usize].members.push(Member {
                        lang,
                        text: text.clone(),
                    });
                }
            }
            for words in &data.more_than {
                vocabulary.comparisons.push((true, words.clone()));
            }
            for words in &data.less_than {
                vocabulary.comparisons.push((false, words.clone()));
            }
            vocabulary.units.extend(data.units.iter().cloned());
            for (word, value) in &data.numbers {
                vocabulary.numbers.entry(word.clone()).or_insert(*value);
            }
            vocabulary.at.extend(data.at.iter().cloned());
            vocabulary.measures.extend(data.measures.iter().cloned());
            vocabulary.age.extend(data.age.iter().cloned());
            vocabulary
                .light_verbs
                .extend(data.light_verbs.iter().cloned());
            vocabulary
                .commitments
                .extend(data.commitments.iter().cloned());
            vocabulary.negations.extend(data.negations.iter().cloned());
            for (word, value) in &data.days_away {
                vocabulary.days_away.entry(word.clone()).or_insert(*value);
            }
        }
        // A negation that is another declared language's function word
        // negates nothing: Finnish `en` ("I don't") is Swedish "a".
        let langs = vocabulary.langs.clone();
        vocabulary.negations.retain(|n| {
            !langs
                .iter()
                .any(|&l| l.is_function_word(n) && !data(l).negations.contains(n))
        });
        // Longest comparison words first: `more than` before `over`.
        vocabulary
            .comparisons
            .sort_by_key(|(_, words)| std::cmp::Reverse(words.len()));
        for (f, family) in vocabulary.families.iter().enumerate() {
            for member in &family.members {
                let key = stem_key(member.lang, &member.text);
                let entry = vocabulary.by_key.entry(key).or_default();
                if !entry.contains(&(f as u32)) {
                    entry.push(f as u32);
                }
            }
        }
        let mut stems = HashMap::new();
        let members = vocabulary.families.iter().flat_map(|f| &f.members);
        let known = members
            .flat_map(|m| words(&m.text))
            .chain(vocabulary.light_verbs.iter().map(String::as_str))
            .chain(vocabulary.commitments.iter().flatten().map(String::as_str));
        for word in known {
            if !stems.contains_key(word) {
                let of: Box<[Box<str>]> = vocabulary
                    .langs
                    .iter()
                    .map(|l| l.stem(word).into())
                    .collect();
                stems.insert(Box::from(word), of);
            }
        }
        vocabulary.stems = stems;
        vocabulary
    }

    /// A word's stem in the `n`th of [`Vocabulary::langs`], from the table
    /// when it is a word of the families.
    pub fn stem<'a>(&'a self, n: usize, word: &'a str) -> Cow<'a, str> {
        match self.stems.get(word) {
            Some(of) => Cow::Borrowed(&of[n]),
            None => self.langs[n].stem(word),
        }
    }

    pub fn langs(&self) -> &[Lang] {
        &self.langs
    }

    /// False under `matching exact`: only the definition's least rule.
    pub fn everyday(&self) -> bool {
        self.everyday
    }

    pub fn family(&self, id: u32) -> &Family {
        &self.families[id as usize]
    }

    /// Whether a word negates what follows it (`not`, `kein`, `inte`;
    /// the `t` of a normalised `don't` after a word ending in `n`).
    pub fn is_negation(&self, word: &str, before: Option<&str>) -> bool {
        self.everyday
            && ((word == "t" && before.is_some_and(|b| b.ends_with('n')))
                || self.negations.iter().any(|n| n == word))
    }

    /// Whether a phrase says only when (`today`, `less than 24 hours`):
    /// a condition on a time, which says nothing of what the message is
    /// about.
    pub fn is_when(&self, phrase: &str) -> bool {
        let normalized = normalize(phrase);
        if let Some(c) = self.comparison(&normalized) {
            return c.unit.is_some_and(|u| u.minutes().is_some());
        }
        let words = words(&normalized);
        // The words a relative day covers, of two words (`i dag`) or one.
        let mut day = vec![false; words.len()];
        for i in 0..words.len() {
            if let Some(next) = words.get(i + 1)
                && self.days_away.contains_key(&format!("{} {next}", words[i]))
            {
                day[i] = true;
                day[i + 1] = true;
            } else if self.days_away.contains_key(words[i]) {
                day[i] = true;
            }
        }
        day.contains(&true)
            && words
                .iter()
                .zip(&day)
                .all(|(w, &d)| d || self.is_function_word(w))
    }

    /// Whether a word is a function word of a declared language: it
    /// matches only itself.
    pub fn is_function_word(&self, word: &str) -> bool {
        self.everyday && self.langs.iter().any(|l| l.is_function_word(word))
    }

    /// What a phrase matches besides its own words, in plain words, for
    /// the language server's hover: its families' members (the first
    /// dozen of each), the families of its words, and the numbers it
    /// compares.
    pub fn also_matches(&self, phrase: &str) -> Vec<String> {
        let normal = normalize(phrase);
        let mut out = Vec::new();
        if !self.everyday {
            return out;
        }
        if let Some(c) = self.comparison(&normal) {
            out.push(format!(
                "numbers {} {}{} that a customer gives (`we are 10`, `table for 12`)",
                if c.more { "more than" } else { "less than" },
                c.number,
                c.unit.map_or(String::new(), |u| format!(" {}", u.as_str()))
            ));
        }
        let mut families = self.families_of(&normal);
        for word in words(&normal) {
            if !self.is_function_word(word) {
                for f in self.families_of(word) {
                    if !families.contains(&f) {
                        families.push(f);
                    }
                }
            }
        }
        for f in families {
            let members: Vec<&str> = self.families[f as usize]
                .members
                .iter()
                .map(|m| m.text.as_str())
                .filter(|m| *m != normal)
                .collect();
            let shown: Vec<&str> = members.iter().copied().take(12).collect();
            let more = members.len() - shown.len();
            out.push(format!(
                "words for {}: {}{}",
                self.families[f as usize].id,
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        out.push(format!(
            "other forms of its words, and compound words ending in them, in {}",
            self.langs
                .iter()
                .map(|l| l.name())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out
    }

    /// Whether a word says what the agent does with a thing rather than
    /// the thing (`give`, `offer`, `promise`): in a hand-over phrase, the
    /// customer asks for the thing.
    pub fn is_light_verb(&self, word: &str) -> bool {
        self.everyday && self.is_one_of(word, &self.light_verbs)
    }

    /// Whether a word is one of `listed`, or a form of one (the same stem
    /// in a declared language).
    fn is_one_of(&self, word: &str, listed: &[String]) -> bool {
        (0..self.langs.len()).any(|n| {
            let stem = self.stem(n, word);
            listed.iter().any(|v| *v == word || self.stem(n, v) == stem)
        })
    }

    /// The commitment a word is (`confirm`, `promise`, `waive`), as the
    /// words that ask for the same deed (`confirm promise guarantee`):
    /// first in a `must not` phrase, it is the deed the agent must not do,
    /// and a customer who asks for it on that topic asks for the deed,
    /// whatever the rest of the phrase names.
    pub fn commitment(&self, word: &str) -> Option<&[String]> {
        if !self.everyday {
            return None;
        }
        self.commitments
            .iter()
            .find(|group| self.is_one_of(word, group))
            .map(Vec::as_slice)
    }

    /// The stems of a normalised word in the declared languages, each
    /// once, in the order of the languages. Function words have none.
    pub fn stems(&self, word: &str) -> Vec<(Lang, String)> {
        if !self.everyday || self.is_function_word(word) {
            return Vec::new();
        }
        let mut out: Vec<(Lang, String)> = Vec::with_capacity(self.langs.len());
        for &lang in &self.langs {
            let stem = lang.stem(word);
            if !out.iter().any(|(_, s)| *s == *stem) {
                out.push((lang, stem.into_owned()));
            }
        }
        out
    }

    /// The families a phrase (normalised) belongs to: a member of the
    /// family has the same words, up to their forms, in some declared
    /// language.
    pub fn families_of(&self, phrase: &str) -> Vec<u32> {
        if !self.everyday {
            return Vec::new();
        }
        let mut out = Vec::new();
        for &lang in &self.langs {
            if let Some(ids) = self.by_key.get(&stem_key(lang, phrase)) {
                for &id in ids {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
            }
        }
        out
    }

    /// Whether two normalised words match, and how: the definition's least
    /// rule (but a function word matches only itself), then the same stem,
    /// then a compound part. Families are the router's, phrase by phrase.
    pub fn match_words(&self, rule: &str, word: &str) -> Option<How> {
        if rule == word {
            return Some(How::Exact);
        }
        if !self.everyday {
            return match_words(rule, word).map(How::from);
        }
        if self.is_function_word(rule) || self.is_function_word(word) {
            return None;
        }
        if let Some(m) = match_words(rule, word) {
            return Some(m.into());
        }
        for &lang in &self.langs {
            let stem = lang.stem(rule);
            // A stem of 3 letters joins too much: `bok` is `boka` and
            // `bokad`.
            if stem.chars().count() >= 4 && stem == lang.stem(word) {
                return Some(How::Form);
            }
        }
        self.is_part(rule, word).then_some(How::Part)
    }

    /// Whether `rule` is the last part of the compound `word`, or `word`
    /// the last part of the compound `rule`, in a declared language that
    /// writes compounds: `färgning` in `hårfärgningen`, `rohrbruch` in
    /// `wasserrohrbruch`. The part has at least 4 letters, at least 3
    /// stand before it, and at most an ending of 3 after it.
    pub fn is_part(&self, rule: &str, word: &str) -> bool {
        if !self.everyday || !self.langs.iter().any(|l| l.compounds()) {
            return false;
        }
        part_of(rule, word) || part_of(word, rule)
    }

    /// The comparison a phrase makes, if its words are a comparison word
    /// of a declared language, a number, and at most a unit: `more than
    /// 8`, `più di 8`, `less than 24 hours`.
    pub fn comparison(&self, phrase: &str) -> Option<Comparison> {
        if !self.everyday {
            return None;
        }
        let phrase_words = words(phrase);
        for (more, cmp) in &self.comparisons {
            if phrase_words.len() <= cmp.len() || phrase_words[..cmp.len()] != cmp[..] {
                continue;
            }
            let rest = &phrase_words[cmp.len()..];
            let number = self.number(rest[0])?;
            let unit = match rest.len() {
                1 => None,
                2 => Some(self.unit(rest[1])?),
                _ => return None,
            };
            return Some(Comparison {
                more: *more,
                number,
                unit,
            });
        }
        None
    }

    fn number(&self, word: &str) -> Option<u32> {
        if word.bytes().all(|b| b.is_ascii_digit()) && word.len() <= 6 {
            return word.parse().ok();
        }
        self.numbers.get(word).copied()
    }

    fn unit(&self, word: &str) -> Option<Unit> {
        self.units
            .iter()
            .find(|(_, w)| w == word || (w.chars().count() >= 4 && word.starts_with(w.as_str())))
            .map(|(u, _)| *u)
    }

    /// The quantities a message gives: numbers (in digits or words) that
    /// count people or things, or time in a unit; not times of day, dates,
    /// prices, phone or order numbers. `raw` is the message as written.
    pub fn quantities(&self, raw: &str) -> Vec<Quantity> {
        if !self.everyday {
            return Vec::new();
        }
        let tokens = raw_tokens(raw);
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            let value = match token {
                RawToken::Digits { text, .. } => {
                    // A phone, order or postal number: long, with a
                    // leading zero, or in groups (`0176 2345678`).
                    let grouped = matches!(token, RawToken::Digits { grouped: true, .. });
                    if text.len() > 4 || (text.len() > 1 && text.starts_with('0')) || grouped {
                        continue;
                    }
                    let Ok(v) = text.parse::<u32>() else { continue };
                    v
                }
                RawToken::Word(w) => {
                    // A relative day of two words (`i eftermiddag`) or one.
                    let pair = match tokens.get(i + 1) {
                        Some(RawToken::Word(next)) => Some(format!("{w} {next}")),
                        _ => None,
                    };
                    let day = pair
                        .and_then(|p| self.days_away.get(p.as_str()).map(|&d| (p, d)))
                        .or_else(|| self.days_away.get(w.as_str()).map(|&d| (w.clone(), d)));
                    if let Some((text, days)) = day {
                        out.push(Quantity {
                            value: days,
                            unit: Some(Unit::Days),
                            text,
                            relative_day: true,
                        });
                        continue;
                    }
                    match self.numbers.get(w.as_str()) {
                        Some(&v) => v,
                        None => continue,
                    }
                }
            };
            if let RawToken::Digits { joined, .. } = token
                && *joined
            {
                continue; // `20:30`, `24/12`, `12.50`, `#4821`, `10%`, `€12`
            }
            let prev = i.checked_sub(1).and_then(|p| tokens.get(p));
            let next = tokens.get(i + 1);
            let word_of = |t: Option<&RawToken>| match t {
                Some(RawToken::Word(w)) => Some(w.clone()),
                _ => None,
            };
            let next_word = word_of(next);
            // A unit of one word (`people`) or two (`of us`).
            let next_two = next_word
                .as_deref()
                .zip(word_of(tokens.get(i + 2)))
                .map(|(a, b)| format!("{a} {b}"));
            let unit = next_word
                .as_deref()
                .and_then(|w| self.unit(w))
                .or_else(|| next_two.as_deref().and_then(|w| self.unit(w)));
            // `at 8`, `alle 19`, `kl 15`, `den 12`, `kl 1930`: a time or a
            // date. A number no hour, day or clock time can be (`about
            // 45`), or one a unit follows (`around 20 of us`), still counts.
            let clock = (100..=2359).contains(&value) && value % 100 < 60;
            if let Some(p) = word_of(prev)
                && self.at.contains(&p)
                && (value <= 31 || clock)
                && unit.is_none()
            {
                continue;
            }
            if unit.is_none()
                && let Some(w) = &next_word
                && is_time_or_money_word(w)
            {
                continue;
            }
            // `5 cm`, `55 qm`, `for 2 years`: a measure, no count; but `16
            // years old` is an age, which a phrase without a unit compares
            // (`handoff when under 18`).
            if unit.is_none()
                && let Some(w) = &next_word
                && self.measures.contains(w)
                && !word_of(tokens.get(i + 2)).is_some_and(|a| self.age.contains(&a))
            {
                continue;
            }
            let text = match (&next_word, unit) {
                (Some(w), Some(_)) => format!("{} {w}", token.text()),
                _ => token.text().to_string(),
            };
            out.push(Quantity {
                value,
                unit,
                text,
                relative_day: false,
            });
        }
        out
    }
}

/// Words after a number that make it a time of day, an ordinal date or
/// money, in any language: `8pm`, `28th`, `450 kr`.
fn is_time_or_money_word(word: &str) -> bool {
    matches!(
        word,
        "am" | "pm"
            | "st"
            | "nd"
            | "rd"
            | "th"
            | "kr"
            | "sek"
            | "nok"
            | "dkk"
            | "eur"
            | "euro"
            | "euros"
            | "usd"
            | "gbp"
            | "dollars"
            | "kronor"
            | "pounds"
            | "quid"
            | "percent"
            | "procent"
            | "prozent"
            | "per"
            | "uhr"
            | "o"
    )
}

/// A message cut for finding numbers: runs of digits, with whether a
/// sign, `:`, `/`, `.`, `,` or `#` joins them to something else (a time, a
/// date, a price, an order number), and words, lower case.
#[derive(Debug)]
enum RawToken {
    /// `grouped`: one space and more digits stand beside it, as in a
    /// phone number.
    Digits {
        text: String,
        joined: bool,
        grouped: bool,
    },
    Word(String),
}

impl RawToken {
    fn text(&self) -> &str {
        match self {
            RawToken::Digits { text, .. } | RawToken::Word(text) => text,
        }
    }
}

fn raw_tokens(raw: &str) -> Vec<RawToken> {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let joiner = |c: Option<&char>| {
        c.is_some_and(|c| {
            matches!(
                c,
                ':' | '/' | '.' | ',' | '#' | '%' | '€' | '$' | '£' | '-' | '+'
            )
        })
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|b| &chars[b]);
            let after = chars.get(i);
            // A joiner counts only when digits or a sign stand beyond it:
            // `10, and` and `for 10.` are counts.
            let beyond = chars.get(i + 1);
            // A currency or percent sign after one space: `40 €`, `10 %`.
            let after_joins = joiner(after)
                && (beyond.is_some_and(|b| b.is_ascii_digit())
                    || matches!(after, Some('%' | '€' | '$' | '£')))
                || (after == Some(&' ') && matches!(beyond, Some('€' | '$' | '£' | '%')));
            let before_joins = joiner(before)
                && !matches!(before, Some('.' | ','))
                && !matches!(before, Some('-'))
                || matches!(before, Some(':' | '/'));
            // Letters glued on (`8pm`, `28th`, `10x`) are read as the next
            // word.
            let digit = |at: Option<usize>| {
                at.and_then(|a| chars.get(a))
                    .is_some_and(char::is_ascii_digit)
            };
            let grouped = (after == Some(&' ') && digit(Some(i + 1)))
                || (before == Some(&' ') && digit(start.checked_sub(2)));
            out.push(RawToken::Digits {
                text: chars[start..i].iter().collect(),
                joined: after_joins || before_joins,
                grouped,
            });
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphabetic() || chars[i] == '\'') {
                i += 1;
            }
            let mut word: String = chars[start..i].iter().collect();
            // A square unit keeps its 2 (`m²`, `m2`): `140 m²` is an area.
            let squared = match chars.get(i) {
                Some('²') => true,
                Some('2') => {
                    i - start <= 2 && !chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
                }
                _ => false,
            };
            if squared {
                word.push('2');
                i += 1;
            }
            out.push(RawToken::Word(normalize(&word)));
            continue;
        }
        i += 1;
    }
    out
}

/// `part` is the last part of the compound `whole`.
fn part_of(part: &str, whole: &str) -> bool {
    let (p, w) = (part.chars().count(), whole.chars().count());
    if p < 4 || w < p + 3 {
        return false;
    }
    let chars: Vec<char> = whole.chars().collect();
    let part: Vec<char> = part.chars().collect();
    // The part starts at least 3 letters in and leaves at most 3 after it.
    (3..=w - p).any(|at| w - (at + p) <= 3 && chars[at..at + p] == part[..])
}

/// A member's or phrase's key: its words' stems in the language, joined;
/// a word whose stem is shorter than 4 letters stands as itself (`wed`
/// is the stem of `wedding` and a short `wednesday`).
fn stem_key(lang: Lang, text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in words(text) {
        if !key.is_empty() {
            key.push(' ');
        }
        let stem = lang.stem(word);
        if stem.chars().count() >= 4 {
            key.push_str(&stem);
        } else {
            key.push_str(word);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_floor_area_is_a_quantity_of_its_unit() {
        let v = Vocabulary::new(["de", "en"], false);
        let more = v.comparison("more than 100 m2").expect("a comparison");
        let area = v.quantities("Bei 140 m² planen wir zwei Tage ein");
        assert!(
            area.iter()
                .any(|q| q.unit == Some(Unit::Area) && more.holds(q)),
            "{area:?}"
        );
        let small = v.quantities("ca 60 m2 Wohnung, 2 Personen");
        assert!(!small.iter().any(|q| more.holds(q)), "{small:?}");
        assert!(
            !v.quantities("wir sind 140 Leute")
                .iter()
                .any(|q| more.holds(q))
        );
    }

    #[test]
    fn function_words_match_only_themselves() {
        let v = Vocabulary::new(["it", "en"], false);
        assert_eq!(v.match_words("allergy", "alle"), None);
        assert_eq!(v.match_words("alle", "alle"), Some(How::Exact));
        let exact = Vocabulary::new(["it", "en"], true);
        assert_eq!(exact.match_words("allergy", "alle"), Some(How::Prefix));
    }

    #[test]
    fn forms_and_parts() {
        let v = Vocabulary::new(["sv", "en"], false);
        assert_eq!(v.match_words("allergy", "allergies"), Some(How::Form));
        assert_eq!(v.match_words("färgning", "hårfärgningen"), Some(How::Part));
        let de = Vocabulary::new(["de"], false);
        assert_eq!(
            de.match_words("rohrbruch", "wasserrohrbruch"),
            Some(How::Part)
        );
        assert_eq!(
            de.match_words("wasserrohrbruch", "rohrbruch"),
            Some(How::Part)
        );
        let en = Vocabulary::new(["en"], false);
        assert_eq!(en.match_words("rohrbruch", "wasserrohrbruch"), None);
    }

    #[test]
    fn comparisons_hold_for_counts_and_time() {
        let more = Comparison {
            more: true,
            number: 8,
            unit: None,
        };
        let count = |value| Quantity {
            value,
            unit: None,
            text: String::new(),
            relative_day: false,
        };
        assert!(more.holds(&count(10)));
        assert!(!more.holds(&count(8)));
        let less = Comparison {
            more: false,
            number: 24,
            unit: Some(Unit::Hours),
        };
        let days = Quantity {
            value: 2,
            unit: Some(Unit::Weeks),
            text: String::new(),
            relative_day: false,
        };
        assert!(!less.holds(&days));
        let tomorrow = Quantity {
            value: 1,
            unit: Some(Unit::Days),
            text: "tomorrow".into(),
            relative_day: true,
        };
        assert!(
            less.holds(&tomorrow),
            "tomorrow may be sooner than 24 hours"
        );
        let twelve = Comparison { number: 12, ..less };
        assert!(twelve.holds(&tomorrow), "tomorrow is any moment of it");
        let in_two_days = Quantity {
            value: 2,
            ..tomorrow.clone()
        };
        assert!(!less.holds(&in_two_days));
        assert!(!less.holds(&count(3)), "a count is not a time");
    }

    #[test]
    fn numbers_that_are_times_dates_and_money_are_no_quantities() {
        let v = Vocabulary::new(["en"], false);
        let values = |m: &str| -> Vec<u32> { v.quantities(m).iter().map(|q| q.value).collect() };
        assert_eq!(values("table for 12 on friday"), [12]);
        assert_eq!(
            values("at 8:30 or 20:30, 450 kr, #4821, 0176 2345678"),
            Vec::<u32>::new()
        );
        assert_eq!(values("we're 10, 8pm"), [10]);
        // `about`, `around` make a time only of a number an hour or a day
        // can be, and not when a unit says what is counted.
        assert_eq!(values("around 8 or about 45 of us"), [45]);
        assert_eq!(values("around 20 people"), [20]);
        assert_eq!(values("about 20 of us, at 1930"), [20]);
        assert_eq!(values("38-40 € or 40 € for 12"), [12]);
    }
}
