//! What is found in a piece before punctuation is removed (after NFKC and
//! lower case): money, percentages and dates, and the endings `'ll` and
//! `n't`. The words inside values match only when equal.

use crate::words::{
    CURRENCY_SIGNS, CURRENCY_WORDS, DAY_WORDS, DURATION_UNITS, MONEY_OFF, MONTHS, PERCENT_WORDS,
    WEEKDAYS, WITHIN,
};

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

fn word_in(token: Token<'_>, list: &[&str]) -> bool {
    match token {
        Token::Word(w) | Token::Sign(w) => list.contains(&w),
        _ => false,
    }
}

fn is_currency(token: Token<'_>) -> bool {
    word_in(token, CURRENCY_SIGNS) || word_in(token, CURRENCY_WORDS)
}

/// Every value in a lower-cased, NFKC piece, in order of place.
pub(crate) fn values(text: &str) -> Vec<Value> {
    let tokens = tokens(text);
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
                        after(&tokens, to).filter(|&o| word_in(tokens[o].0, MONEY_OFF))
                    {
                        add(Kind::Percentage, from, off);
                    }
                }
                if let Some(percent) =
                    after(&tokens, i).filter(|&p| word_in(tokens[p].0, PERCENT_WORDS))
                {
                    add(Kind::Percentage, i, percent);
                }
                if let Some(to) = written_date(&tokens, i, number) {
                    add(Kind::Date, i, to);
                }
            }
            Token::Word(word) => {
                if WEEKDAYS.contains(&word) || DAY_WORDS.contains(&word) {
                    add(Kind::Date, i, i);
                } else if MONTHS.contains(&word) {
                    let number =
                        |j: Option<usize>| j.filter(|&j| matches!(tokens[j].0, Token::Number(_)));
                    if let Some(n) = number(after(&tokens, i)) {
                        add(Kind::Date, i, n);
                    } else if let Some(n) = number(before(&tokens, i)) {
                        add(Kind::Date, n, i);
                    }
                }
                if WITHIN.contains(&word)
                    && let Some(n) = after(&tokens, i)
                    && matches!(tokens[n].0, Token::Number(_))
                    && let Some(unit) = after(&tokens, n)
                    && word_in(tokens[unit].0, DURATION_UNITS)
                {
                    add(Kind::Date, i, unit);
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

/// Whether a word ends in `'ll` or `’ll` (weak commitment), and whether one
/// ends in `n't` or `n’t` (negation): each ends a run of letters.
pub(crate) fn endings(text: &str) -> (bool, bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut will = false;
    let mut not = false;
    for (i, &c) in chars.iter().enumerate() {
        if c != '\'' && c != '’' {
            continue;
        }
        let before = i.checked_sub(1).map(|b| chars[b]);
        let ends = |len: usize| !chars.get(i + 1 + len).is_some_and(|c| is_letter(*c));
        if before.is_some_and(is_letter) && chars[i + 1..].starts_with(&['l', 'l']) && ends(2) {
            will = true;
        }
        if before == Some('n') && chars[i + 1..].starts_with(&['t']) && ends(1) {
            not = true;
        }
    }
    (will, not)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, String)> {
        values(text).into_iter().map(|v| (v.kind, v.text)).collect()
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
        assert_eq!(endings("i'll send it"), (true, false));
        assert_eq!(endings("we’ll"), (true, false));
        assert_eq!(endings("i can't"), (false, true));
        assert_eq!(endings("we won’t"), (false, true));
        assert_eq!(endings("'ll"), (false, false));
        assert_eq!(endings("y'all can'tx"), (false, false));
    }
}
