//! The meaning every handoff tool shares: how phrases are normalised and when
//! a rule phrase matches a text (LANGUAGE.md, "Meaning that every tool
//! shares"). The checker, the router and any runtime that reproduces routing
//! must agree on this to the letter, so it lives in one small crate that
//! knows nothing about files, syntax or diagnostics.

pub mod lang;
pub mod languages;
pub mod personal;
pub mod vocab;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Unicode NFKC, lower case, every character that is not a letter, digit or
/// combining mark turned into a space, runs of space collapsed, no space at
/// either end.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        normalize_ascii(text)
    } else {
        normalize_unicode(text)
    }
}

fn normalize_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if is_word_char(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// ASCII text is already NFKC and lower-cases byte by byte: the common
/// case, done without the Unicode tables.
fn normalize_ascii(text: &str) -> String {
    // Most phrases are already normal: lower-case words, single spaces.
    let bytes = text.as_bytes();
    let already = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.windows(2).all(|w| w[0] != b' ' || w[1] != b' ')
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b' ');
    if already {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of a normalised text.
pub fn words(normalized: &str) -> Vec<&str> {
    normalized.split(' ').filter(|w| !w.is_empty()).collect()
}

/// How two words matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WordMatch {
    /// The same word.
    Exact,
    /// The shorter (at least 4 letters) begins the longer: `book`, `booking`.
    Prefix,
    /// One edit apart, both at least 5 letters: `discont`, `discount`.
    Typo,
}

impl WordMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            WordMatch::Exact => "exact",
            WordMatch::Prefix => "prefix",
            WordMatch::Typo => "typo",
        }
    }
}

/// Whether two normalised words match, and how. Symmetric.
pub fn match_words(a: &str, b: &str) -> Option<WordMatch> {
    if a == b {
        return Some(WordMatch::Exact);
    }
    let ascii = a.is_ascii() && b.is_ascii();
    let count = |w: &str| if ascii { w.len() } else { w.chars().count() };
    // Shorter in letters, not bytes: `café` is shorter than `price`.
    let (short, long) = if count(a) <= count(b) { (a, b) } else { (b, a) };
    let (short_len, long_len) = (count(short), count(long));
    if short_len >= 4 && long.starts_with(short) {
        return Some(WordMatch::Prefix);
    }
    if short_len < 5 || long_len - short_len > 1 {
        return None;
    }
    let typo = if ascii {
        one_edit_apart(short.as_bytes(), long.as_bytes())
    } else {
        let (s, l): (Vec<char>, Vec<char>) = (short.chars().collect(), long.chars().collect());
        one_edit_apart(&s, &l)
    };
    typo.then_some(WordMatch::Typo)
}

/// True when one insertion, deletion, replacement, or swap of two
/// neighbouring letters turns one word into the other. The words differ.
fn one_edit_apart<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (0, 0) => false,
        (x, y) if x == y => {
            // Replacement: the rest after one differing letter is equal.
            ra[1..] == rb[1..]
                // Swap of neighbours.
                || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        (x, y) if x + 1 == y => ra == &rb[1..],
        (x, y) if y + 1 == x => &ra[1..] == rb,
        _ => false,
    }
}

/// Where a rule phrase matched inside a text, and how each word matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Index of the first matched word in the text.
    pub start: usize,
    /// How each rule word matched its text word, in order.
    pub words: Vec<WordMatch>,
}

/// Finds the first place where the rule's words occur in the text, in
/// order and adjacent, each matching its text word. An empty rule matches
/// nothing.
pub fn find_phrase(rule: &[&str], text: &[&str]) -> Option<PhraseMatch> {
    if rule.is_empty() || rule.len() > text.len() {
        return None;
    }
    (0..=text.len() - rule.len()).find_map(|start| {
        let window = &text[start..start + rule.len()];
        // Test cheaply first; collect how each word matched only on a hit.
        if !rule
            .iter()
            .zip(window)
            .all(|(r, t)| match_words(r, t).is_some())
        {
            return None;
        }
        let words = rule
            .iter()
            .zip(window)
            .filter_map(|(r, t)| match_words(r, t))
            .collect();
        Some(PhraseMatch { start, words })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase_matches(rule: &str, text: &str) -> bool {
        let (rule, text) = (normalize(rule), normalize(text));
        find_phrase(&words(&rule), &words(&text)).is_some()
    }

    #[test]
    fn normalisation_folds_case_punctuation_space_and_compatibility_forms() {
        assert_eq!(normalize("  Speak to a PERSON!! "), "speak to a person");
        assert_eq!(normalize("ﬁx\u{FF21}"), "fixa");
        assert_eq!(normalize("Öppet?"), "öppet");
        assert_eq!(normalize("don't"), "don t");
        assert_eq!(normalize("...,;"), "");
        // The ASCII fast path agrees with the general one.
        for text in [
            "Speak to a PERSON!!",
            " a--b ",
            "24h/7",
            "",
            "x",
            "Don't,STOP;now",
        ] {
            assert_eq!(normalize_ascii(text), normalize_unicode(text), "{text:?}");
        }
    }

    #[test]
    fn words_match_as_the_language_defines() {
        assert_eq!(match_words("book", "book"), Some(WordMatch::Exact));
        assert_eq!(match_words("book", "booking"), Some(WordMatch::Prefix));
        assert_eq!(
            match_words("cancellation", "cancel"),
            Some(WordMatch::Prefix)
        );
        assert_eq!(
            match_words("bok", "booking"),
            None,
            "prefix needs 4 letters"
        );
        assert_eq!(match_words("discont", "discount"), Some(WordMatch::Typo));
        assert_eq!(match_words("refnud", "refund"), Some(WordMatch::Typo));
        assert_eq!(match_words("prise", "price"), Some(WordMatch::Typo));
        assert_eq!(match_words("pris", "price"), None, "typos need 5 letters");
        assert_eq!(match_words("price", "prices"), Some(WordMatch::Prefix));
        assert_eq!(match_words("abcde", "edcba"), None);
        assert_eq!(match_words("öppet", "öppen"), Some(WordMatch::Typo));
        // Fewer bytes is not fewer letters.
        assert_eq!(match_words("caféé", "price"), None);
        assert_eq!(match_words("prices", "caféé"), None);
    }

    #[test]
    fn phrases_match_in_order_and_adjacent() {
        assert!(phrase_matches(
            "time on friday",
            "Do you have time on Friday?"
        ));
        assert!(!phrase_matches("time friday", "time on friday"));
        assert!(phrase_matches(
            "discount",
            "can i get a discont if i book two??"
        ));
        let text = normalize("less than 24 hours before");
        let m = find_phrase(&["24", "hours"], &words(&text)).unwrap();
        assert_eq!(m.start, 2);
        assert_eq!(m.words, vec![WordMatch::Exact, WordMatch::Exact]);
        assert!(find_phrase(&[], &words(&text)).is_none());
    }
}
