//! Phone numbers, e-mail addresses and long numbers in test messages.

use crate::hir::Phrase;
use handoff_diagnostics::{Diagnostic, Lint, Span};

/// What kind of personal data a piece of text looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Email,
    Phone,
    LongNumber,
}

pub(super) fn check(message: &Phrase, out: &mut Vec<Diagnostic>) {
    let raw_start = message.span.start as usize + 1;
    // Offsets inside the text map to the source only when nothing was
    // unescaped; otherwise point at the whole message.
    let exact = message.quoted && message.span.len() == message.text.len() + 2;
    for (kind, start, end) in find(&message.text) {
        let span = if exact {
            Span::new(raw_start + start, raw_start + end)
        } else {
            message.span
        };
        let what = match kind {
            Kind::Email => "an e-mail address",
            Kind::Phone => "a phone number",
            Kind::LongNumber => "a long number (an order, card or account number?)",
        };
        out.push(
            Diagnostic::new(
                Lint::PersonalDataInTest,
                span,
                format!("this test message contains {what}"),
            )
            .with_label("personal data?")
            .with_help(
                "rules files are shared and committed: replace real data with a made-up value \
                 or a word",
            ),
        );
    }
}

fn find(text: &str) -> Vec<(Kind, usize, usize)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = email_at(text, i) {
            found.push((Kind::Email, i, end));
            i = end;
        } else if let Some((kind, end)) = number_at(bytes, i) {
            found.push((kind, i, end));
            i = end;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// `name@example.com` starting exactly at `i`.
fn email_at(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if i > 0 && is_local_char(bytes[i - 1]) {
        return None;
    }
    let local = bytes[i..].iter().take_while(|b| is_local_char(**b)).count();
    if local == 0 || bytes.get(i + local) != Some(&b'@') {
        return None;
    }
    let domain_start = i + local + 1;
    let domain = bytes[domain_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        .count();
    let domain_text = text[domain_start..domain_start + domain].trim_end_matches('.');
    let dot = domain_text.rfind('.')?;
    (dot > 0 && domain_text.len() - dot > 2).then_some(domain_start + domain_text.len())
}

/// A phone number (7 to 15 digits, maybe with `+`, spaces, dashes, dots or
/// parentheses) or a long number (6 or more digits in a row) starting at `i`.
fn number_at(bytes: &[u8], i: usize) -> Option<(Kind, usize)> {
    if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let plus = bytes[i] == b'+';
    let first_digit = i + usize::from(plus);
    if !bytes.get(first_digit)?.is_ascii_digit() && bytes.get(first_digit) != Some(&b'(') {
        return None;
    }
    let mut digits = 0;
    let mut longest_run = 0;
    let mut run = 0;
    let mut end = first_digit;
    let mut j = first_digit;
    while j < bytes.len() {
        let b = bytes[j];
        if b.is_ascii_digit() {
            digits += 1;
            run += 1;
            longest_run = longest_run.max(run);
            end = j + 1;
        } else if matches!(b, b' ' | b'-' | b'.' | b'(' | b')')
            && bytes
                .get(j + 1)
                .is_some_and(|n| n.is_ascii_digit() || *n == b'(')
        {
            run = 0;
        } else {
            break;
        }
        j += 1;
    }
    if end < bytes.len() && bytes[end].is_ascii_alphabetic() {
        return None;
    }
    let span_text = &bytes[i..end];
    if looks_like_date(span_text) {
        return None;
    }
    if (7..=15).contains(&digits) && (plus || span_text.first() == Some(&b'0') || run != digits) {
        Some((Kind::Phone, end))
    } else if longest_run >= 6 {
        Some((Kind::LongNumber, end))
    } else {
        None
    }
}

/// `2025-05-01`, `01.05.2025`, `1/5/2025`: dates are not personal data.
fn looks_like_date(text: &[u8]) -> bool {
    let groups: Vec<&[u8]> = text.split(|b| matches!(b, b'-' | b'.' | b'/')).collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.iter().all(u8::is_ascii_digit))
        && groups.iter().any(|g| g.len() == 4)
}

#[cfg(test)]
mod unit {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        find(text).into_iter().map(|(k, _, _)| k).collect()
    }

    #[test]
    fn finds_emails_phones_and_long_numbers() {
        assert_eq!(kinds("mail me at anna.k@example.se please"), [Kind::Email]);
        assert_eq!(kinds("call 070-123 45 67"), [Kind::Phone]);
        assert_eq!(kinds("ring +46 70 123 45 67"), [Kind::Phone]);
        assert_eq!(kinds("order 88812345 is late"), [Kind::LongNumber]);
        assert_eq!(find("x a@b.com")[0], (Kind::Email, 2, 9));
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        assert!(kinds("table for 4 at 19:30 on 2025-05-01").is_empty());
        assert!(kinds("is it 1 500 kr?").is_empty());
        assert!(kinds("room 12345").is_empty());
        assert!(kinds("@home and a@b").is_empty());
    }
}
