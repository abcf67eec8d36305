//! The guard's word lists, exactly as LANGUAGE.md ("Checking the agent's
//! reply before it is sent") gives them. They are the language's: a later
//! version may add words, never remove them. docs/guard.md lists them from
//! [`LISTS`], and a test holds the page to these tables.
//!
//! How a listed word matches a word of the reply is said with each table:
//! *begins* means it matches a word that equals it or, when the listed word
//! has 4 or more characters, a word it begins (`confirm` matches
//! `confirmed`); *equal* means it matches only the same word. Words are
//! compared after NFKC and lower case.

/// How a table's words match the reply's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matching {
    /// The same word, or (for a listed word of 4 or more characters) a word
    /// it begins.
    Begins,
    /// Only the same word.
    Equal,
}

/// One word list, as the docs show it.
#[derive(Clone, Copy, Debug)]
pub struct List {
    /// The constant's name in this module.
    pub name: &'static str,
    /// What the list is for, from the constant's doc comment.
    pub doc: &'static str,
    pub matching: Matching,
    pub words: &'static [&'static str],
}

macro_rules! lists {
    ($($(#[doc = $doc:literal])+ $name:ident: $matching:ident = [$($word:literal),* $(,)?];)*) => {
        $(
            $(#[doc = $doc])+
            pub const $name: &[&str] = &[$($word),*];
        )*

        /// Every list, in the order of the definition.
        pub const LISTS: &[List] = &[$(List {
            name: stringify!($name),
            doc: concat!($($doc, "\n"),+),
            matching: Matching::$matching,
            words: $name,
        }),*];
    };
}

lists! {
    /// A reply is cut into pieces before each of these words (matched
    /// equal, case ignored), as well as at `!`, `?`, `;`, `…`, line ends, and
    /// at `.` and `,` not directly followed by a letter or digit.
    CUT_BEFORE: Equal = ["but", "however", "men"];

    /// A piece that has one of these words commits strongly: it breaks a
    /// `never promise` phrase it mentions.
    STRONG_COMMITMENT: Begins = [
        "promise", "guarantee", "confirm", "offer", "give", "grant", "approve", "agree", "waive",
        "lovar", "garanterar", "bekräftar", "erbjuder", "ger", "godkänner",
    ];

    /// A piece that has one of these words, or a word ending in `'ll` or
    /// `’ll`, commits weakly: to a money or date phrase only when a value goes
    /// to the phrase, to any other phrase always.
    WEAK_COMMITMENT: Begins = ["will", "get", "receive", "kommer", "får", "blir"];

    /// A piece that has one of these words, or a word ending in `n't` or
    /// `n’t`, is negated: it breaks no rule.
    NEGATION: Equal = [
        "not", "no", "never", "cannot", "unable", "nor", "inte", "ej", "aldrig", "ingen", "inget",
        "inga",
    ];

    /// A piece that has one of these words and a hand-over word hands the
    /// question to a person: it breaks no rule.
    PERSON: Begins = [
        "person", "colleague", "staff", "team", "owner", "manager", "human", "someone", "kollega",
        "personal", "ägare",
    ];

    /// What a person does when a piece hands over: with a person word, the
    /// piece breaks no rule.
    HAND_OVER: Begins = [
        "check", "confirm", "decide", "answer", "reply", "contact", "review", "look", "kolla",
        "bekräfta", "besluta", "svara", "kontakta", "återkomma",
    ];

    /// Signs that make a number money, before or after it with at most one
    /// space between: `$20`, `450:-`.
    CURRENCY_SIGNS: Equal = ["$", "€", "£", ":-"];

    /// Words that make a number money, before or after it with at most one
    /// space between: `450 kr`, `sek 450`.
    CURRENCY_WORDS: Equal = [
        "kr", "sek", "nok", "dkk", "eur", "usd", "gbp", "kronor", "dollars", "euros",
    ];

    /// What makes a number a percentage after it, with at most one space
    /// between: `20%`, `20 percent`.
    PERCENT_WORDS: Equal = ["%", "percent", "procent"];

    /// After a money value (at most one space between), this makes it a
    /// percentage too: `$20 off`.
    MONEY_OFF: Equal = ["off"];

    /// Weekday names in English and Swedish: each is a date.
    WEEKDAYS: Equal = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "måndag",
        "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    ];

    /// Month names in English and Swedish: a date when directly before or
    /// after a number (at most one space between): `24 december`, `May 5`.
    MONTHS: Equal = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "januari", "februari", "mars", "maj", "juni", "juli",
        "augusti", "oktober",
    ];

    /// Words that are a date on their own.
    DAY_WORDS: Equal = ["today", "tomorrow", "tonight", "idag", "imorgon", "ikväll"];

    /// With a number and a unit after it, a date: `within 3 days`,
    /// `inom 2 veckor`.
    WITHIN: Equal = ["within", "in", "inom"];

    /// The units after `within N`: `in 5 days`.
    DURATION_UNITS: Equal = ["days", "weeks", "dagar", "veckor"];

    /// A date counts only in a piece that also has one of these words: `It
    /// will arrive on Friday` names a delivery date, `See you on Friday` does
    /// not.
    DELIVERY: Begins = [
        "deliver", "arrive", "ship", "send", "ready", "leverans", "leverera", "skicka", "klar",
        "framme",
    ];

    /// A `never promise` phrase whose first kind word is one of these is a
    /// money phrase: money values go to it.
    MONEY_KIND: Begins = ["price", "cost", "fee", "amount", "pris", "kostnad", "avgift"];

    /// A `never promise` phrase whose first kind word is one of these is a
    /// percentage phrase: percentages go to it.
    PERCENTAGE_KIND: Begins = ["discount", "reduction", "rebate", "rabatt"];

    /// A `never promise` phrase whose first kind word is one of these is a
    /// date phrase: dates go to it.
    DATE_KIND: Begins = ["date", "delivery", "deadline", "arrival", "datum", "leverans"];
}

/// Whether a listed word matches a word of the reply under `matching`.
/// Both are normalised; lengths are counted in characters.
pub fn matches(listed: &str, word: &str, matching: Matching) -> bool {
    listed == word
        || (matching == Matching::Begins
            && word.starts_with(listed)
            && listed.chars().nth(3).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_words_match_equal_or_as_a_beginning_of_four_characters() {
        assert!(matches("confirm", "confirmed", Matching::Begins));
        assert!(matches("deliver", "delivery", Matching::Begins));
        assert!(!matches("get", "getting", Matching::Begins), "3 characters");
        assert!(matches("ägare", "ägaren", Matching::Begins));
        assert!(!matches("never", "nevertheless", Matching::Equal));
        assert!(!matches("confirmed", "confirm", Matching::Begins));
    }

    #[test]
    fn every_list_is_documented_and_its_words_are_normal() {
        for list in LISTS {
            assert!(!list.doc.trim().is_empty(), "{}", list.name);
            for word in list.words {
                let is_sign = matches!(list.name, "CURRENCY_SIGNS") || *word == "%";
                if !is_sign {
                    assert_eq!(handoff_text::normalize(word), *word, "{}", list.name);
                }
            }
        }
    }
}
