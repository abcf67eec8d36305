//! Parsing again after an edit. Lines parse on their own, so the result of
//! a line depends only on its code and indent, not on where it is: the
//! cache keeps each line's result with spans relative to the line's start
//! and shifts them on reuse, and a keystroke re-parses one line. The result
//! equals [`crate::parse`] exactly.

use handoff_diagnostics::{Diagnostic, Span};
use rustc_hash::FxHashMap;

use crate::layout::Line;
use crate::parser::{self, LineResult, Parse};
use crate::tree::*;

/// The lines of the last parse, by their code (and indent, which the code
/// does not always tell: a control character is code-width space but not
/// indent). Lines not seen in a parse are dropped at its end, so the cache
/// holds one file's lines.
#[derive(Default)]
pub struct LineCache {
    lines: FxHashMap<Box<str>, (usize, LineResult)>,
}

/// Parses `text` as [`crate::parse`] does, reusing the results of the
/// lines `cache` saw in the last parse.
pub fn parse_with(text: &str, cache: &mut LineCache) -> Parse {
    let mut seen: FxHashMap<Box<str>, (usize, LineResult)> = FxHashMap::default();
    let parse = parser::parse_by(text, |batch| {
        let mut results: Vec<Option<LineResult>> = batch
            .iter()
            .map(|line| {
                let code = line.code.as_ref();
                let (indent, found) = seen.get(code).or_else(|| cache.lines.get(code))?;
                (*indent == line.indent).then(|| shifted(found, 0, line.start))
            })
            .collect();
        let missing: Vec<Line<'_>> = batch
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_none())
            .map(|(line, _)| line.clone())
            .collect();
        let mut parsed = parser::parse_lines(&missing).into_iter();
        for (line, result) in batch.iter().zip(&mut results) {
            if result.is_none() {
                *result = parsed.next();
            }
            let Some(result) = result else { continue };
            if !seen.contains_key(line.code.as_ref()) {
                let relative = shifted(result, line.start, 0);
                seen.insert(line.code.as_ref().into(), (line.indent, relative));
            }
        }
        results.into_iter().flatten().collect()
    });
    cache.lines = seen;
    parse
}

/// A copy of a line's result with every span moved from a line starting at
/// `from` to one starting at `to`. Wrapping arithmetic, so the move and its
/// reverse are exact whatever the offsets.
fn shifted(result: &LineResult, from: usize, to: usize) -> LineResult {
    let by = Shift((to as u32).wrapping_sub(from as u32));
    let mut result = result.clone();
    match &mut result {
        LineResult::Blank => {}
        LineResult::Declaration {
            kind,
            keyword,
            diagnostics,
            ..
        } => {
            by.item(kind);
            by.span(keyword);
            by.diagnostics(diagnostics);
        }
        LineResult::Clauses {
            clauses,
            diagnostics,
        } => {
            clauses.iter_mut().for_each(|c| by.clause(c));
            by.diagnostics(diagnostics);
        }
    }
    result
}

#[derive(Clone, Copy)]
struct Shift(u32);

impl Shift {
    fn span(self, span: &mut Span) {
        span.start = span.start.wrapping_add(self.0);
        span.end = span.end.wrapping_add(self.0);
    }

    fn diagnostics(self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            self.span(&mut d.span);
            d.related.iter_mut().for_each(|r| self.span(&mut r.span));
            if let Some(fix) = &mut d.fix {
                fix.edits.iter_mut().for_each(|e| self.span(&mut e.span));
            }
        }
    }

    fn phrase(self, phrase: &mut Phrase) {
        self.span(&mut phrase.span);
    }

    fn phrases(self, phrases: &mut [Phrase]) {
        phrases.iter_mut().for_each(|p| self.phrase(p));
    }

    fn name(self, name: &mut Name) {
        self.span(&mut name.span);
    }

    fn item(self, kind: &mut ItemKind) {
        match kind {
            ItemKind::Business(p) => self.phrase(p),
            ItemKind::Channels(ps)
            | ItemKind::Language(ps)
            | ItemKind::Tone(ps)
            | ItemKind::Staff(ps)
            | ItemKind::NeverPromise(ps)
            | ItemKind::HandoffWhen(ps) => self.phrases(ps),
            ItemKind::Fallback(f) => self.span(&mut f.span),
            ItemKind::Matching(m) => self.span(&mut m.span),
            ItemKind::System(s) => {
                self.name(&mut s.name);
                self.span(&mut s.access_span);
            }
            ItemKind::Topic(t) => {
                self.name(&mut t.name);
                if let Some(title) = &mut t.title {
                    self.phrase(title);
                }
                t.clauses.iter_mut().for_each(|c| self.clause(c));
            }
            ItemKind::Log(l) => l.clauses.iter_mut().for_each(|c| self.clause(c)),
            ItemKind::Test(t) => {
                self.phrase(&mut t.message);
                match &mut t.expect {
                    Expect::Answered(n) | Expect::Handoff(Some(n)) => self.name(n),
                    Expect::Handoff(None) | Expect::NoTopic => {}
                }
                self.span(&mut t.expect_span);
            }
            ItemKind::ReplyTest(t) => {
                self.phrase(&mut t.reply);
                if let Some(topic) = &mut t.topic {
                    self.name(topic);
                }
                match &mut t.expect {
                    ReplyExpect::Ok => {}
                    ReplyExpect::Breaks(p) => self.phrase(p),
                }
                self.span(&mut t.expect_span);
            }
            ItemKind::Error => {}
        }
    }

    fn clause(self, clause: &mut Clause) {
        self.span(&mut clause.span);
        self.span(&mut clause.keyword);
        match &mut clause.kind {
            ClauseKind::About(ps)
            | ClauseKind::MustNot(ps)
            | ClauseKind::HandoffWhen(ps)
            | ClauseKind::Save(ps)
            | ClauseKind::Redact(ps) => self.phrases(ps),
            ClauseKind::Risk(p) => self.phrase(p),
            ClauseKind::May { actions, using } => {
                self.phrases(actions);
                if let Some(using) = using {
                    self.name(using);
                }
            }
            ClauseKind::HandoffAlways => {}
            ClauseKind::Collect(fields) => {
                for field in fields {
                    self.phrase(&mut field.name);
                    if let Some(ty) = &mut field.ty {
                        self.phrase(ty);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random edits to every example, one keystroke or line at a time, the
    /// cache carried from each version to the next as the editor does.
    #[test]
    fn the_cached_parse_is_the_parse_after_every_edit() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut files: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "handoff"))
            .collect();
        files.sort();
        assert!(files.len() >= 4, "the examples are there");
        let pieces = [
            " ",
            "\n",
            "\n  ",
            "a",
            "x",
            ":",
            ";",
            ",",
            "\"",
            "#",
            "\t",
            "é",
            "topic t:",
            "about",
            "  must not promise x\n",
            "\r\n",
            "\u{7}",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for file in files {
            let mut text = std::fs::read_to_string(&file).unwrap();
            let mut cache = LineCache::default();
            assert_eq!(parse_with(&text, &mut cache), crate::parse(&text));
            for _ in 0..150 {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if next(3) == 0 {
                    let mut end = (at + 1 + next(8)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, pieces[next(pieces.len())]);
                }
                assert_eq!(
                    parse_with(&text, &mut cache),
                    crate::parse(&text),
                    "{} after edits:\n{text}",
                    file.display()
                );
            }
        }
    }
}
