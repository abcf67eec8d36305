//! The layout rules: how a file is cut into lines, what belongs to which
//! declaration, and where comments are. These run before the grammar, so
//! that every line can be parsed on its own.
//!
//! - `\n` and `\r\n` end a line; a leading byte-order mark is skipped.
//! - `#` outside double quotes starts a comment that runs to the line end.
//! - A line whose code starts at column 0 is a declaration; an indented line
//!   (spaces or tabs) holds clauses of the `topic` or `log:` above it; lines
//!   with only spaces or a comment belong to nothing.
//! - A line whose code ends with `,` (outside quotes) continues on the next
//!   line when that line is more deeply indented: the two are one logical
//!   line, whose line end and comments read as spaces.

use handoff_diagnostics::{Diagnostic, Lint, Span};

/// One logical line: a physical line, or several when a list continues.
#[derive(Clone, Debug)]
pub(crate) struct Line<'a> {
    /// Byte offset of the line's first character in the whole text.
    pub start: usize,
    /// The code of the line: without the line end and the comment, and with
    /// any control character replaced by spaces of the same width, so
    /// offsets still match the text. A continued line's line ends and
    /// comments are spaces too.
    pub code: std::borrow::Cow<'a, str>,
    /// Bytes of leading spaces and tabs.
    pub indent: usize,
    /// Each comment, from its `#` to its line end, relative to `start`.
    pub comments: Vec<(usize, usize)>,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.indent == self.code.len() || self.code[self.indent..].trim().is_empty()
    }
}

/// Cuts text into logical lines, lazily, so a large file never has all its
/// lines in memory at once.
pub(crate) struct Lines<'a> {
    rest: std::iter::Peekable<std::str::Split<'a, char>>,
    start: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let body_start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        Lines {
            rest: text[body_start..].split('\n').peekable(),
            start: body_start,
        }
    }

    /// The next logical line; invisible control characters in it are
    /// reported.
    pub fn next(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Option<Line<'a>> {
        let mut first = self.physical(diagnostics)?;
        while ends_a_list(&first.code) && self.continues_after(first.indent) {
            let next = self
                .physical(diagnostics)
                .expect("a continuation line was seen");
            first = join(first, next);
        }
        Some(first)
    }

    fn physical(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Option<Line<'a>> {
        let raw = self.rest.next()?;
        let start = self.start;
        self.start += raw.len() + 1;
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        Some(line(content, start, diagnostics))
    }

    /// Whether the next physical line has code and is indented deeper than
    /// `indent`.
    fn continues_after(&mut self, indent: usize) -> bool {
        let Some(next) = self.rest.peek() else {
            return false;
        };
        let next_indent = next.len() - next.trim_start_matches([' ', '\t']).len();
        let code = next[next_indent..].trim_end_matches('\r');
        next_indent > indent && !code.is_empty() && !code.starts_with('#')
    }
}

/// Whether code ends with `,` outside quotes: a list that goes on.
fn ends_a_list(code: &str) -> bool {
    let trimmed = code.trim_end();
    trimmed.ends_with(',') && quotes_closed(trimmed)
}

fn quotes_closed(code: &str) -> bool {
    let mut scan = OutsideQuotes::new(code, 0);
    scan.by_ref().for_each(drop);
    !scan.in_quotes
}

/// The bytes of a line that stand outside double quotes, with their
/// offsets; inside quotes, `\"` and `\\` are escapes. The one scan the
/// layout rules make for comments, `;` and `,`.
struct OutsideQuotes<'a> {
    bytes: &'a [u8],
    at: usize,
    in_quotes: bool,
}

impl<'a> OutsideQuotes<'a> {
    fn new(code: &'a str, from: usize) -> OutsideQuotes<'a> {
        OutsideQuotes {
            bytes: code.as_bytes(),
            at: from,
            in_quotes: false,
        }
    }
}

impl Iterator for OutsideQuotes<'_> {
    type Item = (usize, u8);

    fn next(&mut self) -> Option<(usize, u8)> {
        while let Some(&byte) = self.bytes.get(self.at) {
            let at = self.at;
            self.at += 1;
            match byte {
                b'\\' if self.in_quotes => self.at += 1,
                b'"' => self.in_quotes = !self.in_quotes,
                _ if !self.in_quotes => return Some((at, byte)),
                _ => {}
            }
        }
        None
    }
}

/// One logical line of two: the text between them (line end, comment)
/// reads as spaces of the same width, so every offset still points into
/// the text.
fn join<'a>(first: Line<'a>, next: Line<'a>) -> Line<'a> {
    let mut code = first.code.into_owned();
    // Spaces of the gap's width in bytes, so multi-byte characters in a
    // comment keep every later offset in place.
    let gap = next.start - (first.start + code.len());
    code.extend(std::iter::repeat_n(' ', gap));
    code.push_str(&next.code);
    let mut comments = first.comments;
    let offset = next.start - first.start;
    comments.extend(next.comments.iter().map(|(a, b)| (a + offset, b + offset)));
    Line {
        start: first.start,
        code: code.into(),
        indent: first.indent,
        comments,
    }
}

/// For tests and fuzzing, not for use: the code of each logical line of
/// `text` that is not blank, and whether it is indented (parsed as clauses)
/// or not (parsed as a declaration).
#[doc(hidden)]
pub fn logical_lines(text: &str) -> Vec<(bool, String)> {
    let mut lines = Lines::new(text);
    let mut out = Vec::new();
    while let Some(line) = lines.next(&mut Vec::new()) {
        if !line.is_blank() {
            out.push((line.indent > 0, line.code.into_owned()));
        }
    }
    out
}

#[cfg(test)]
fn lines<'a>(text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
    let mut all = Lines::new(text);
    std::iter::from_fn(|| all.next(diagnostics)).collect()
}

fn line<'a>(content: &'a str, start: usize, diagnostics: &mut Vec<Diagnostic>) -> Line<'a> {
    let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
    let comment_at = find_comment(content);
    let code_text = &content[..comment_at.unwrap_or(content.len())];
    let code = clean_controls(code_text, start, diagnostics);
    if let Some(at) = comment_at {
        // Comments are scanned for controls too, but kept as written.
        clean_controls(&content[at..], start + at, diagnostics);
    }
    Line {
        start,
        code,
        indent,
        comments: comment_at
            .map(|at| (at, content.len()))
            .into_iter()
            .collect(),
    }
}

/// The byte offset of a `#` that starts a comment: outside double quotes,
/// where `\"` and `\\` inside quotes are escapes.
fn find_comment(line: &str) -> Option<usize> {
    OutsideQuotes::new(line, 0).find_map(|(at, byte)| (byte == b'#').then_some(at))
}

fn is_invisible_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Reports each run of control characters and replaces them with spaces
/// (same byte length) so the grammar sees plain text.
fn clean_controls<'a>(
    text: &'a str,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> std::borrow::Cow<'a, str> {
    let clean = if text.is_ascii() {
        !text.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7F)
    } else {
        !text.chars().any(is_invisible_control)
    };
    if clean {
        return text.into();
    }
    let mut cleaned = String::with_capacity(text.len());
    let mut run: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        if is_invisible_control(c) {
            run.get_or_insert((i, c));
            cleaned.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            if let Some((from, first)) = run.take() {
                diagnostics.push(control_diagnostic(start + from, start + i, first));
            }
            cleaned.push(c);
        }
    }
    if let Some((from, first)) = run {
        diagnostics.push(control_diagnostic(start + from, start + text.len(), first));
    }
    cleaned.into()
}

fn control_diagnostic(from: usize, to: usize, first: char) -> Diagnostic {
    let what = match first {
        '\0' => "a NUL byte".to_string(),
        '\r' => "a carriage return that does not end a line".to_string(),
        c => format!("the control character U+{:04X}", c as u32),
    };
    Diagnostic::new(
        Lint::InvalidText,
        Span::new(from, to),
        format!("invisible character here: {what}"),
    )
    .with_label("invisible character")
    .with_help("delete it; if it came from a copy and paste, retype the line")
    .with_fix("Delete the invisible characters", Span::new(from, to), "")
}

/// Splits a line's code at `;` outside quotes. Returns (offset, piece).
pub(crate) fn split_clauses(code: &str, from: usize) -> Vec<(usize, &str)> {
    split_outside_quotes(code, from, b';')
}

/// Splits a clause's list at `,` outside quotes. Returns (offset, item).
pub(crate) fn split_list(code: &str, from: usize) -> Vec<(usize, &str)> {
    split_outside_quotes(code, from, b',')
}

fn split_outside_quotes(code: &str, from: usize, separator: u8) -> Vec<(usize, &str)> {
    let mut pieces = Vec::new();
    let mut piece_start = from;
    for (at, _) in OutsideQuotes::new(code, from).filter(|(_, byte)| *byte == separator) {
        pieces.push((piece_start, &code[piece_start..at]));
        piece_start = at + 1;
    }
    pieces.push((piece_start, &code[piece_start..]));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_start_outside_quotes_only() {
        assert_eq!(find_comment(r##"about "#1 fan" # yes"##), Some(15));
        assert_eq!(find_comment(r#"test "a \" # b""#), None);
        assert_eq!(find_comment("no comment"), None);
    }

    #[test]
    fn crlf_and_bom_do_not_reach_the_code() {
        let mut d = Vec::new();
        let ls = lines("\u{FEFF}tone warm\r\n  x\r\n", &mut d);
        assert_eq!(ls[0].start, 3);
        assert_eq!(ls[0].code, "tone warm");
        assert_eq!(ls[1].indent, 2);
        assert!(d.is_empty());
    }

    #[test]
    fn control_characters_are_reported_and_blanked() {
        let mut d = Vec::new();
        let ls = lines("tone a\0\0b", &mut d);
        assert_eq!(ls[0].code, "tone a  b");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, Span::new(6, 8));
    }

    #[test]
    fn a_list_ending_with_a_comma_continues_on_a_deeper_line() {
        let text = "  about a, # note é\r\n        b,\n          c\n  may x,\n  y\n";
        let mut d = Vec::new();
        let ls = lines(text, &mut d);
        assert_eq!(ls.len(), 4, "{ls:?}");
        let joined = &ls[0];
        // The line ends and the comment read as spaces, byte for byte.
        assert_eq!(joined.code.len(), text.find("\n  may").unwrap());
        assert_eq!(
            joined.code.split_whitespace().collect::<Vec<_>>(),
            ["about", "a,", "b,", "c"]
        );
        assert_eq!(joined.comments.len(), 1);
        let (from, to) = joined.comments[0];
        assert_eq!(&text[from..to], "# note é");
        // Not deeper: the list does not continue.
        assert_eq!(ls[1].code.trim(), "may x,");
        assert_eq!(ls[2].code.trim(), "y");
        assert!(d.is_empty());
    }

    #[test]
    fn a_comma_inside_open_quotes_or_before_a_blank_line_ends_nothing() {
        let mut d = Vec::new();
        assert_eq!(lines("  about \"a,\n    b\n", &mut d).len(), 3);
        assert_eq!(lines("  about a,\n\n    b\n", &mut d).len(), 4);
        assert_eq!(lines("  about a,\n    # only a comment\n", &mut d).len(), 3);
    }

    #[test]
    fn clauses_split_at_semicolons_outside_quotes() {
        let pieces = split_clauses(r#"may "a;b"; must not c"#, 0);
        assert_eq!(pieces, vec![(0, r#"may "a;b""#), (10, " must not c")]);
    }
}
