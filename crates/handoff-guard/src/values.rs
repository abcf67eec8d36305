//! What is found in a piece before punctuation is removed (after NFKC and
//! lower case): money, percentages and dates, and the endings `'ll` and
//! `n't`. The words inside values match only when equal.
//!
//! The minimum's words ([`crate::words`]) hold in every file; the data
//! files add each declared language's (`15 eurolla`, `torstaina`, `entro 10
//! minuti`, `klo 12`), and so do the forms every language writes alike: a
//! time `8:15`, a day and month `10.6.`, and an ordinal day `the 15th`.

use rustc_hash::FxHashSet;

use crate::lexicon::Role;
use crate::terms::Terms;
use crate::words::{
    CURRENCY_SIGNS, CURRENCY_WORDS, DAY_WORDS, DURATION_UNITS, MONEY_OFF, MONTHS, PERCENT_WORDS,
    WEEKDAYS, WITHIN,
};

/// The words values are made of: the minimum's and the declared
/// languages'.
pub(crate) struct ValueWords {
    currency: FxHashSet<String>,
    percent: FxHashSet<String>,
    money_off: FxHashSet<String>,
    percent_off: FxHashSet<String>,
    weekday: FxHashSet<String>,
    month: FxHashSet<String>,
    day: FxHashSet<String>,
    /// Two-word day words (`i morgon`), by their second word.
    day_pairs: FxHashSet<(String, String)>,
    within: FxHashSet<String>,
    unit: FxHashSet<String>,
    clock: FxHashSet<String>,
}

impl ValueWords {
    /// Whether a date value is a span (`within 3 days`), not a day.
    pub(crate) fn is_span(&self, value: &Value) -> bool {
        value
            .text
            .split_whitespace()
            .next()
            .is_some_and(|first| self.within.contains(first))
    }

    pub(crate) fn new(terms: &Terms) -> ValueWords {
        let set = |minimum: &[&[&str]], role: Option<Role>| -> FxHashSet<String> {
            let mut out: FxHashSet<String> = minimum
                .iter()
                .flat_map(|l| l.iter())
                .map(|w| w.to_string())
                .collect();
            if let Some(role) = role {
                out.extend(terms.words_of(role).map(str::to_string));
            }
            out
        };
        let mut day_pairs = FxHashSet::default();
        for entry in terms.entries.iter().filter(|e| e.role == Role::Day) {
            if let [Some(a), Some(b)] = entry.words.as_slice() {
                day_pairs.insert((a.clone(), b.clone()));
            }
        }
        ValueWords {
            currency: set(&[CURRENCY_SIGNS, CURRENCY_WORDS], Some(Role::Currency)),
            percent: set(&[PERCENT_WORDS], Some(Role::Percent)),
            money_off: set(&[MONEY_OFF], None),
            percent_off: set(&[MONEY_OFF], Some(Role::Off)),
            weekday: set(&[WEEKDAYS], Some(Role::Weekday)),
            month: set(&[MONTHS], Some(Role::Month)),
            day: set(&[DAY_WORDS], Some(Role::Day)),
            day_pairs,
            within: set(&[WITHIN], Some(Role::Within)),
            unit: set(&[DURATION_UNITS], Some(Role::Unit)),
            clock: set(&[], Some(Role::Clock)),
        }
    }
}

/// What a value is, and so which phrases it can go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Money,
    Percentage,
    Date,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Percentage => "percentage",
            Kind::Date => "date",
        }
    }
}

/// A value found in a piece, as it stands there (lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub kind: Kind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token<'a> {
    /// Digits, with `.` or `,` between digit groups.
    Number(&'a str),
    /// A run of letters.
    Word(&'a str),
    /// `$`, `€`, `£`, `%` or `:-`.
    Sign(&'a str),
    /// A run of white space, and its length in characters.
    Space(usize),
    Other(char),
}

/// A token and its byte range in the piece.
type Spanned<'a> = (Token<'a>, usize, usize);

fn tokens(text: &str) -> Vec<Spanned<'_>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let mut end = at + c.len_utf8();
        let token = if c.is_ascii_digit() {
            // Digit groups joined by one `.` or `,`.
            loop {
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                let joined = end + 1 < bytes.len()
                    && matches!(bytes[end], b'.' | b',')
                    && bytes[end + 1].is_ascii_digit();
                if !joined {
                    break;
                }
                end += 1;
            }
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            Token::Number(&text[at..end])
        } else if is_letter(c) {
            while let Some(&(i, n)) = chars.peek() {
                if !is_letter(n) {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            Token::Word(&text[at..end])
        } else if c.is_whitespace() {
            let mut count = 1;
            while let Some(&(i, n)) = chars.peek() {
                if !n.is_whitespace() {
                    break;
                }
                end = i + n.len_utf8();
                count += 1;
                chars.next();
            }
            Token::Space(count)
        } else if c == ':' && chars.peek().is_some_and(|&(_, n)| n == '-') {
            chars.next();
            end += 1;
            Token::Sign(":-")
        } else if matches!(c, '$' | '€' | '£' | '%') {
            Token::Sign(&text[at..end])
        } else {
            Token::Other(c)
        };
        out.push((token, at, end));
    }
    out
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

/// The token after `i` when at most one space stands between.
fn after(tokens: &[Spanned<'_>], i: usize) -> Option<usize> {
    match tokens.get(i + 1)?.0 {
        Token::Space(1) => (i + 2 < tokens.len()).then_some(i + 2),
        Token::Space(_) => None,
        _ => Some(i + 1),
    }
}

/// The token before `i` when at most one space stands between.
fn before(tokens: &[Spanned<'_>], i: usize) -> Option<usize> {
    match tokens.get(i.checked_sub(1)?)?.0 {
        Token::Space(1) => i.checked_sub(2),
        Token::Space(_) => None,
        _ => Some(i - 1),
    }
}

fn word_in(token: Token<'_>, set: &FxHashSet<String>) -> bool {
    match token {
        Token::Word(w) | Token::Sign(w) => set.contains(w),
        _ => false,
    }
}

/// A percentage taken off a price (`15 % på allt`, `10 % Rabatt`): an
/// `[off]` word right after it, or one of 5 letters or more within four
/// tokens after it. Such a piece offers a discount, whatever else it says.
pub(crate) fn percentage_off(text: &str, words: &ValueWords) -> Option<String> {
    let tokens = tokens(text);
    tokens
        .iter()
        .enumerate()
        .find_map(|(i, &(token, start, _))| {
            let Token::Number(_) = token else { return None };
            let percent = after(&tokens, i).filter(|&p| word_in(tokens[p].0, &words.percent))?;
            let mut at = percent;
            for step in 0..4 {
                at = after(&tokens, at)?;
                // A short word (`på`, `off`) only right after the
                // percentage: `50 % av priset på plats` is no discount.
                if let Token::Word(word) = tokens[at].0
                    && word_in(tokens[at].0, &words.percent_off)
                    && (step == 0 || word.chars().count() >= 5)
                {
                    return Some(text[start..tokens[at].2].to_string());
                }
            }
            None
        })
}

/// Every value in a lower-cased, NFKC piece, in order of place.
pub(crate) fn values(text: &str, words: &ValueWords) -> Vec<Value> {
    let tokens = tokens(text);
    let is_currency = |t: Token<'_>| word_in(t, &words.currency);
    let mut found: Vec<(usize, Value)> = Vec::new();
    let mut add = |kind, from: usize, to: usize| {
        let (start, end) = (tokens[from].1, tokens[to].2);
        found.push((
            start,
            Value {
                kind,
                text: text[start..end].to_string(),
            },
        ));
    };
    for (i, &(token, _, _)) in tokens.iter().enumerate() {
        match token {
            Token::Number(number) => {
                let currency_before = before(&tokens, i).filter(|&b| is_currency(tokens[b].0));
                let currency_after = after(&tokens, i).filter(|&a| is_currency(tokens[a].0));
                let money = match (currency_before, currency_after) {
                    (Some(b), _) => Some((b, i)),
                    (None, Some(a)) => Some((i, a)),
                    (None, None) => None,
                };
                if let Some((from, to)) = money {
                    add(Kind::Money, from, to);
                    if let Some(off) =
                        after(&tokens, to).filter(|&o| word_in(tokens[o].0, &words.money_off))
                    {
                        add(Kind::Percentage, from, off);
                    }
                }
                if let Some(percent) =
                    after(&tokens, i).filter(|&p| word_in(tokens[p].0, &words.percent))
                {
                    add(Kind::Percentage, i, percent);
                }
                if let Some(to) = written_date(&tokens, i, number) {
                    add(Kind::Date, i, to);
                } else if let Some(to) = time_or_day(&tokens, i, number, words) {
                    add(Kind::Date, i, to);
                }
            }
            Token::Word(word) => {
                let pair = before(&tokens, i).and_then(|b| match tokens[b].0 {
                    Token::Word(first) => Some(b).filter(|_| {
                        words
                            .day_pairs
                            .contains(&(first.to_string(), word.to_string()))
                    }),
                    _ => None,
                });
                if let Some(first) = pair {
                    add(Kind::Date, first, i);
                } else if words.weekday.contains(word) || words.day.contains(word) {
                    add(Kind::Date, i, i);
                } else if words.month.contains(word) {
                    let number =
                        |j: Option<usize>| j.filter(|&j| matches!(tokens[j].0, Token::Number(_)));
                    if let Some(n) = number(after(&tokens, i)) {
                        add(Kind::Date, i, n);
                    } else if let Some(n) = number(before(&tokens, i)) {
                        add(Kind::Date, n, i);
                    }
                }
                if words.within.contains(word)
                    && let Some(n) = after(&tokens, i)
                    && matches!(tokens[n].0, Token::Number(_))
                    && let Some(unit) = after(&tokens, n)
                    && word_in(tokens[unit].0, &words.unit)
                {
                    add(Kind::Date, i, unit);
                }
                // `kl 14`, `klo 12`, `alle 20`: a clock word before a number.
                if words.clock.contains(word)
                    && let Some(n) = after(&tokens, i)
                    && matches!(tokens[n].0, Token::Number(_))
                {
                    add(Kind::Date, i, n);
                }
            }
            Token::Sign(_) | Token::Space(_) | Token::Other(_) => {}
        }
    }
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, v)| v).collect()
}

/// `2026-12-24` or `24/12` (one or two digits each side) starting at the
/// number `i`: the index of its last token.
fn written_date(tokens: &[Spanned<'_>], i: usize, number: &str) -> Option<usize> {
    let digits = |t: Option<&Spanned<'_>>, lens: &[usize]| match t {
        Some((Token::Number(n), _, _)) => {
            n.bytes().all(|b| b.is_ascii_digit()) && lens.contains(&n.len())
        }
        _ => false,
    };
    let other =
        |t: Option<&Spanned<'_>>, c: char| matches!(t, Some((Token::Other(o), _, _)) if *o == c);
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A date starts a number: `1/24/12` holds `24/12`, but it starts at `1`.
    if other(i.checked_sub(1).and_then(|p| tokens.get(p)), '/')
        || other(i.checked_sub(1).and_then(|p| tokens.get(p)), '-')
    {
        return None;
    }
    if number.len() == 4
        && other(tokens.get(i + 1), '-')
        && digits(tokens.get(i + 2), &[2])
        && other(tokens.get(i + 3), '-')
        && digits(tokens.get(i + 4), &[2])
    {
        return Some(i + 4);
    }
    if (1..=2).contains(&number.len())
        && other(tokens.get(i + 1), '/')
        && digits(tokens.get(i + 2), &[1, 2])
    {
        return Some(i + 2);
    }
    None
}

/// A time of day or a day of the month starting at the number `i`:
/// `8:15`, `10.6` (a day and a month, as the Nordic languages and German
/// write them), `15th`, or a number with a clock word after it (`10 uhr`,
/// `9am`). The index of its last token.
fn time_or_day(
    tokens: &[Spanned<'_>],
    i: usize,
    number: &str,
    words: &ValueWords,
) -> Option<usize> {
    let small = |n: &str, max: u32| n.len() <= 2 && n.parse::<u32>().is_ok_and(|v| v <= max);
    // `8:15`: hours and two-digit minutes.
    if small(number, 24)
        && matches!(tokens.get(i + 1), Some((Token::Other(':'), _, _)))
        && matches!(tokens.get(i + 2), Some((Token::Number(m), _, _)) if m.len() == 2 && small(m, 59))
    {
        let end = i + 2;
        let suffix = after(tokens, end).filter(|&a| word_in(tokens[a].0, &words.clock));
        return Some(suffix.unwrap_or(end));
    }
    // `10.6`: a day and a month, when nothing makes it money or a measure.
    if let Some((day, month)) = number.split_once('.')
        && !month.contains(['.', ','])
        && small(day, 31)
        && day != "0"
        && small(month, 12)
        && month != "0"
        && !month.starts_with('0')
    {
        let measured = after(tokens, i).is_some_and(|a| {
            word_in(tokens[a].0, &words.currency)
                || word_in(tokens[a].0, &words.percent)
                || word_in(tokens[a].0, &words.unit)
        });
        let money = before(tokens, i).is_some_and(|b| word_in(tokens[b].0, &words.currency));
        if !measured && !money {
            return Some(i);
        }
    }
    if !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // `15th`, `2nd`: an ordinal day, written without a space.
    if small(number, 31)
        && let Some((Token::Word(w), _, _)) = tokens.get(i + 1)
        && matches!(*w, "st" | "nd" | "rd" | "th")
    {
        return Some(i + 1);
    }
    // `10 uhr`, `9am`: a clock word after a number of hours.
    if small(number, 24)
        && let Some(a) = after(tokens, i).filter(|&a| word_in(tokens[a].0, &words.clock))
    {
        return Some(a);
    }
    None
}

/// Where words end in `'ll` or `’ll` (weak commitment: the first, in
/// bytes) and in `n't` or `n’t` (negation: each, in bytes): each ends a run
/// of letters. The places are the apostrophes', so the guard can tell which
/// word an ending belongs to.
pub(crate) fn endings(text: &str) -> (Option<usize>, Vec<usize>) {
    let mut will = None;
    let mut not = Vec::new();
    if !text.contains(['\'', '’']) {
        return (will, not);
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    for (i, &(byte, c)) in chars.iter().enumerate() {
        if c != '\'' && c != '’' {
            continue;
        }
        let before = i.checked_sub(1).and_then(at);
        let ends = |len: usize| !at(i + 1 + len).is_some_and(is_letter);
        if before.is_some_and(is_letter)
            && at(i + 1) == Some('l')
            && at(i + 2) == Some('l')
            && ends(2)
        {
            will.get_or_insert(byte);
        }
        if before == Some('n') && at(i + 1) == Some('t') && ends(1) {
            not.push(byte);
        }
    }
    (will, not)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, String)> {
        // The minimum's words only: no language declared.
        let words = ValueWords::new(&Terms::new(&[], Vec::new()));
        values(text, &words)
            .into_iter()
            .map(|v| (v.kind, v.text))
            .collect()
    }

    fn one(kind: Kind, text: &str) -> Vec<(Kind, String)> {
        vec![(kind, text.to_string())]
    }

    #[test]
    fn money_has_a_currency_before_or_after_with_at_most_one_space() {
        for text in [
            "450 kr",
            "450:-",
            "$20",
            "sek 450",
            "450kr",
            "1,000.50 euros",
            "€ 12.50",
        ] {
            assert_eq!(found(text), one(Kind::Money, text), "{text}");
        }
        assert!(found("450  kr").is_empty(), "two spaces");
        assert!(found("450 krona").is_empty(), "currency words match equal");
        assert!(found("450 people").is_empty());
    }

    #[test]
    fn percentages_and_money_off() {
        assert_eq!(found("20%"), one(Kind::Percentage, "20%"));
        assert_eq!(found("20 procent"), one(Kind::Percentage, "20 procent"));
        assert_eq!(
            found("$20 off"),
            vec![
                (Kind::Money, "$20".into()),
                (Kind::Percentage, "$20 off".into())
            ]
        );
        assert!(found("20 off").is_empty(), "off needs money");
    }

    #[test]
    fn dates_in_every_written_form() {
        for text in [
            "friday",
            "lördag",
            "today",
            "ikväll",
            "2026-12-24",
            "24/12",
            "1/2",
            "december 24",
            "24 december",
            "maj 5",
            "within 3 days",
            "in 2 weeks",
            "inom 5 dagar",
        ] {
            assert_eq!(found(text), one(Kind::Date, text), "{text}");
        }
        for text in [
            "fridays",
            "december",
            "2026-1-5",
            "123/12",
            "in a week",
            "in 1 day",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn apostrophe_endings_end_a_run_of_letters() {
        // `endings` gives the apostrophes' places now, not only whether
        // there are any, so the guard can tell which word an ending belongs
        // to (`don't worry` negates nothing): the same cases, with places.
        assert_eq!(endings("i'll send it"), (Some(1), vec![]));
        assert_eq!(endings("we’ll"), (Some(2), vec![]));
        assert_eq!(endings("i can't"), (None, vec![5]));
        assert_eq!(endings("we won’t"), (None, vec![6]));
        assert_eq!(endings("'ll"), (None, vec![]));
        assert_eq!(endings("y'all can'tx"), (None, vec![]));
    }
}
