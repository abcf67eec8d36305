//! Invisible and text-direction characters (zero-width spaces, bidirectional
//! overrides and isolates, a byte-order mark inside the text): they make a
//! phrase look like one thing and match like another, and can reorder what
//! a reviewer sees ("Trojan Source").

use handoff_diagnostics::{Diagnostic, Lint, Span};

/// Characters that are never wanted in a rules file. The zero-width joiner
/// and non-joiner are checked apart: inside a word they are spelling
/// (Persian, Indic scripts, emoji sequences).
fn always_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'               // soft hyphen
        | '\u{061C}'             // Arabic letter mark
        | '\u{180E}'             // Mongolian vowel separator
        | '\u{200B}'             // zero-width space
        | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
        | '\u{202A}'..='\u{202E}' // embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{FEFF}'             // byte-order mark, past the start
    )
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// A joiner is spelling when both neighbours are neither space nor ASCII.
fn in_word(before: Option<char>, after: Option<char>) -> bool {
    let wordish = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && !c.is_ascii());
    wordish(before) && wordish(after)
}

pub(crate) fn check(text: &str, out: &mut Vec<Diagnostic>) {
    // A leading byte-order mark is allowed (LANGUAGE.md).
    let skip = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let body = &text[skip..];
    if body.is_ascii() {
        return;
    }
    let mut run: Option<(usize, usize, char)> = None;
    let mut previous = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let flagged = always_invisible(c) || (is_joiner(c) && !in_word(previous, next));
        if flagged {
            let at = skip + i;
            match &mut run {
                Some((_, end, _)) => *end = at + c.len_utf8(),
                None => run = Some((at, at + c.len_utf8(), c)),
            }
        } else {
            if let Some(found) = run.take() {
                out.push(diagnostic(found, previous, Some(c)));
            }
            previous = Some(c);
        }
    }
    if let Some(found) = run {
        out.push(diagnostic(found, previous, None));
    }
}

/// The fix deletes the characters when they sit against a letter or digit
/// (`re\u{200B}fund`); alone between spaces they may be all a phrase has,
/// and deleting them would leave an empty phrase.
fn diagnostic(
    (start, end, first): (usize, usize, char),
    before: Option<char>,
    after: Option<char>,
) -> Diagnostic {
    let what = match first {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "a character that changes the direction text is shown in",
        '\u{FEFF}' => "a byte-order mark inside the text",
        '\u{00AD}' => "a soft hyphen",
        _ => "a zero-width character",
    };
    let diagnostic = Diagnostic::new(
        Lint::InvisibleCharacter,
        Span::new(start, end),
        format!(
            "invisible character here: {what} (U+{:04X}); the text may not say what it shows",
            first as u32
        ),
    )
    .with_label("invisible character")
    .with_help("delete it; it usually comes from copying text out of a web page or a chat");
    if [before, after]
        .iter()
        .flatten()
        .any(|c| c.is_alphanumeric())
    {
        diagnostic.with_fix("Delete the invisible characters", Span::new(start, end), "")
    } else {
        diagnostic
    }
}
