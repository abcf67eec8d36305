use std::ops::Range;

/// A range of bytes in the source text, as given to the parser.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A 1-based line and a 1-based column counted in characters, the way a
/// person (and the JSON policy) counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets to lines and columns.
///
/// A leading byte-order mark is not counted as a column, and `\r\n` ends a
/// line like `\n`, so a BOM/CRLF copy of a file reports the same places as
/// its plain original.
pub struct LineIndex {
    inner: line_index::LineIndex,
    bom: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            inner: line_index::LineIndex::new(text),
            bom: text.starts_with('\u{FEFF}'),
        }
    }

    /// The place of a byte offset; offsets past the end or inside a character
    /// are clamped to the nearest earlier boundary.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = floor_char_boundary(text, offset as usize) as u32;
        let lc = self.inner.line_col(offset.into());
        let wide = self
            .inner
            .to_wide(line_index::WideEncoding::Utf32, lc)
            .map(|w| w.col)
            .unwrap_or(lc.col);
        let bom_shift = u32::from(self.bom && lc.line == 0 && offset > 0);
        LineCol {
            line: lc.line + 1,
            column: wide - bom_shift + 1,
        }
    }

    /// Byte offset of the start of a 1-based line, if the text has it.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        let line = line.checked_sub(1)?;
        self.inner
            .offset(line_index::LineCol { line, col: 0 })
            .map(u32::from)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "öppet ja\nb";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 7), LineCol { line: 1, column: 7 });
        assert_eq!(index.line_col(text, 10), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn bom_and_crlf_give_the_places_of_the_plain_text() {
        let plain = "ab\ncd";
        let odd = "\u{FEFF}ab\r\ncd";
        let (pi, oi) = (LineIndex::new(plain), LineIndex::new(odd));
        assert_eq!(pi.line_col(plain, 1), oi.line_col(odd, 4));
        assert_eq!(pi.line_col(plain, 4), oi.line_col(odd, 8));
    }

    #[test]
    fn offsets_out_of_range_are_clamped() {
        let text = "é";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 1), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 99), LineCol { line: 1, column: 2 });
    }
}
