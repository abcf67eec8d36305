//! A hand-written parser for one line, tried before pest: it gives exactly
//! the tree that pest and lowering give, or `None` for pest to parse the
//! line (and report its errors) instead.
//!
//! Each method transcribes one rule of `grammar/handoff.pest` together with
//! what pest's generated code does around it, because spans depend on it:
//! in a non-atomic rule `a ~ b` skips spaces and tabs between `a` and `b`
//! even when `b` is an optional or repeated part that then matches nothing
//! (so `about x  ` is a clause with its trailing spaces, `about x, y  ` one
//! without); each further repetition skips spaces before itself and gives
//! them back when it fails; a failed part never moves the position; an
//! ordered choice takes its first alternative that matches. Anything the
//! grammar would reject returns `None`, never a guess.
//!
//! `fast_path_agrees` (tests and fuzzing) holds this against pest line by
//! line; `crates/handoff-syntax/tests/fast_path.rs` and the `fast_path`
//! fuzz target run it on the corpus, on generated lines and on any input.

use handoff_diagnostics::Span;

use crate::layout::Line;
use crate::lexical::is_bare_char;
use crate::lower::{collapse_spaces, unescape};
use crate::parser::LineResult;
use crate::tree::*;

/// The line's tree, or `None` when pest must parse it. The line is not
/// blank.
pub(crate) fn parse_line(line: &Line<'_>) -> Option<LineResult> {
    let mut scan = Scan {
        text: line.code.as_ref(),
        at: 0,
        base: line.start,
    };
    // `SOI ~ clauses ~ EOI` / `SOI ~ declaration ~ EOI`.
    scan.skip();
    let result = if line.indent > 0 {
        LineResult::Clauses {
            clauses: scan.clauses(),
            diagnostics: Vec::new(),
        }
    } else {
        let (kind, keyword, opens_block) = scan.declaration()?;
        LineResult::Declaration {
            kind,
            keyword,
            opens_block,
            diagnostics: Vec::new(),
        }
    };
    scan.skip();
    (scan.at == scan.text.len()).then_some(result)
}

/// The grammar's `name_char`, by pest's own Unicode tables.
fn is_name_char(c: char) -> bool {
    pest::unicode::LETTER(c)
        || pest::unicode::MARK(c)
        || pest::unicode::NUMBER(c)
        || c == '-'
        || c == '_'
}

struct Scan<'a> {
    text: &'a str,
    /// Byte offset in `text`; always on a character boundary.
    at: usize,
    /// The line's offset in the file.
    base: usize,
}

impl Scan<'_> {
    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.base + from, self.base + to)
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    /// Runs a part that may fail; a failed part leaves the position as it was.
    fn attempt<T>(&mut self, part: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let from = self.at;
        let result = part(self);
        if result.is_none() {
            self.at = from;
        }
        result
    }

    /// pest's implicit `WHITESPACE*` between the parts of a non-atomic rule.
    fn skip(&mut self) {
        let spaces = self
            .rest()
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        self.at += spaces;
    }

    fn punctuation(&mut self, literal: &str) -> bool {
        let found = self.rest().starts_with(literal);
        if found {
            self.at += literal.len();
        }
        found
    }

    /// `kw_WORD = @{ ^"word" ~ kw_end }`: ASCII case-insensitive, as pest
    /// compares, and not followed by a `name_char`.
    fn keyword(&mut self, word: &str) -> Option<Span> {
        let end = self.at + word.len();
        let spelled = self
            .text
            .as_bytes()
            .get(self.at..end)
            .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()));
        // Matching ASCII bytes, `end` is a character boundary.
        if !spelled || self.text[end..].chars().next().is_some_and(is_name_char) {
            return None;
        }
        let span = self.span(self.at, end);
        self.at = end;
        Some(span)
    }

    /// `(^"channels" | ^"channel") ~ kw_end`, and the same for `language`:
    /// the longer spelling is tried first, and a failed `kw_end` after it
    /// does not retry the shorter one.
    fn keyword_or_plural(&mut self, plural: &str) -> Option<Span> {
        let long = self
            .rest()
            .as_bytes()
            .get(..plural.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(plural.as_bytes()));
        if long {
            self.keyword(plural)
        } else {
            self.keyword(&plural[..plural.len() - 1])
        }
    }

    /// `name = @{ LETTER ~ name_char* }`.
    fn name(&mut self) -> Option<Name> {
        if !self
            .rest()
            .chars()
            .next()
            .is_some_and(pest::unicode::LETTER)
        {
            return None;
        }
        let from = self.at;
        let len: usize = self
            .rest()
            .chars()
            .take_while(|&c| is_name_char(c))
            .map(char::len_utf8)
            .sum();
        self.at += len;
        Some(Name {
            text: self.text[from..self.at].to_string(),
            span: self.span(from, self.at),
        })
    }

    /// `quoted = ${ "\"" ~ quoted_inner ~ "\"" }`: any character but `"`
    /// and `\`, or the escapes `\"` and `\\`.
    fn quoted(&mut self) -> Option<Phrase> {
        let bytes = self.rest().as_bytes();
        if bytes.first() != Some(&b'"') {
            return None;
        }
        let mut i = 1;
        loop {
            match bytes.get(i)? {
                b'"' => break,
                b'\\' => match bytes.get(i + 1)? {
                    b'"' | b'\\' => i += 2,
                    _ => return None,
                },
                // Bytes of a multi-byte character are never `"` or `\`.
                _ => i += 1,
            }
        }
        let from = self.at;
        let content = &self.text[from + 1..from + i];
        self.at = from + i + 1;
        Some(Phrase {
            text: unescape(content),
            span: self.span(from, self.at),
            quoted: true,
        })
    }

    /// `bare_word = _{ bare_char+ }`: its length in bytes, 0 for none.
    fn bare_word_len(&self) -> usize {
        self.rest()
            .chars()
            .take_while(|&c| is_bare_char(c))
            .map(char::len_utf8)
            .sum()
    }

    /// `using_word = _{ ^"using" ~ !bare_char }`, looked at without moving.
    fn at_using_word(&self) -> bool {
        let rest = self.rest();
        rest.as_bytes()
            .get(..5)
            .is_some_and(|b| b.eq_ignore_ascii_case(b"using"))
            && !rest[5..].chars().next().is_some_and(is_bare_char)
    }

    /// `bare_phrase = @{ !using_word ~ bare_word ~ (WHITESPACE+ ~
    /// !using_word ~ bare_word)* }`.
    fn bare_phrase(&mut self) -> Option<Phrase> {
        let from = self.at;
        if self.at_using_word() {
            return None;
        }
        let first = self.bare_word_len();
        if first == 0 {
            return None;
        }
        self.at += first;
        loop {
            let before = self.at;
            self.skip();
            if self.at == before || self.at_using_word() {
                self.at = before;
                break;
            }
            let word = self.bare_word_len();
            if word == 0 {
                self.at = before;
                break;
            }
            self.at += word;
        }
        Some(Phrase {
            text: collapse_spaces(&self.text[from..self.at]),
            span: self.span(from, self.at),
            quoted: false,
        })
    }

    /// `phrase = { quoted | bare_phrase }`.
    fn phrase(&mut self) -> Option<Phrase> {
        self.quoted().or_else(|| self.bare_phrase())
    }

    /// `a ~ (sep ~ a)*` in a non-atomic rule: `phrases`, and the fields of
    /// `collect`. The spaces after the first item stay consumed whatever
    /// follows; those after a later item only if another item follows.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut items = vec![item(self)?];
        self.skip();
        while let Some(next) = self.attempt(|s| {
            s.skip();
            if !s.punctuation(",") {
                return None;
            }
            s.skip();
            item(s)
        }) {
            items.push(next);
        }
        Some(items)
    }

    /// `phrases = { phrase ~ (comma ~ phrase)* }`.
    fn phrases(&mut self) -> Option<Vec<Phrase>> {
        self.list(Self::phrase)
    }

    /// `field = { phrase ~ field_type? }`, `field_type = { lparen ~
    /// type_name ~ rparen }`, `type_name = @{ bare_word ~ (WHITESPACE+ ~
    /// bare_word)* }`.
    fn field(&mut self) -> Option<Field> {
        let name = self.phrase()?;
        self.skip();
        let ty = self.attempt(|s| {
            if !s.punctuation("(") {
                return None;
            }
            s.skip();
            let from = s.at;
            let first = s.bare_word_len();
            if first == 0 {
                return None;
            }
            s.at += first;
            loop {
                let before = s.at;
                s.skip();
                let word = s.bare_word_len();
                if s.at == before || word == 0 {
                    s.at = before;
                    break;
                }
                s.at += word;
            }
            let to = s.at;
            s.skip();
            if !s.punctuation(")") {
                return None;
            }
            Some(Phrase {
                text: collapse_spaces(&s.text[from..to]),
                span: s.span(from, to),
                quoted: false,
            })
        });
        Some(Field { name, ty })
    }

    /// `kw_a ~ kw_b`: the keyword span covers both.
    fn two_keywords(&mut self, first: &str, second: &str) -> Option<Span> {
        self.attempt(|s| {
            let a = s.keyword(first)?;
            s.skip();
            let b = s.keyword(second)?;
            Some(a.cover(b))
        })
    }

    /// `KEYWORD ~ body`, for clauses and declarations alike: the body and
    /// the keyword's span.
    fn after<T>(
        &mut self,
        keyword: impl FnOnce(&mut Self) -> Option<Span>,
        body: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<(T, Span)> {
        self.attempt(|s| {
            let keyword = keyword(s)?;
            s.skip();
            Some((body(s)?, keyword))
        })
    }

    /// `clause`: its alternatives in the grammar's order.
    fn clause(&mut self) -> Option<Clause> {
        let from = self.at;
        let (kind, keyword) = None
            .or_else(|| {
                self.after(|s| s.keyword("about"), Self::phrases)
                    .map(|(list, k)| (ClauseKind::About(list), k))
            })
            .or_else(|| {
                self.after(|s| s.keyword("risk"), Self::phrase)
                    .map(|(risk, k)| (ClauseKind::Risk(risk), k))
            })
            .or_else(|| {
                // `kw_may ~ phrases ~ using?`, `using = { kw_using ~ name }`.
                self.after(
                    |s| s.keyword("may"),
                    |s| {
                        let actions = s.phrases()?;
                        s.skip();
                        let using = s
                            .after(|s| s.keyword("using"), Self::name)
                            .map(|(name, _)| name);
                        Some(ClauseKind::May { actions, using })
                    },
                )
            })
            .or_else(|| {
                self.after(|s| s.two_keywords("must", "not"), Self::phrases)
                    .map(|(list, k)| (ClauseKind::MustNot(list), k))
            })
            .or_else(|| {
                self.two_keywords("handoff", "always")
                    .map(|k| (ClauseKind::HandoffAlways, k))
            })
            .or_else(|| {
                self.after(|s| s.two_keywords("handoff", "when"), Self::phrases)
                    .map(|(list, k)| (ClauseKind::HandoffWhen(list), k))
            })
            .or_else(|| {
                self.after(|s| s.keyword("collect"), |s| s.list(Self::field))
                    .map(|(fields, k)| (ClauseKind::Collect(fields), k))
            })
            .or_else(|| {
                self.after(|s| s.keyword("save"), Self::phrases)
                    .map(|(list, k)| (ClauseKind::Save(list), k))
            })
            .or_else(|| {
                self.after(|s| s.keyword("redact"), Self::phrases)
                    .map(|(list, k)| (ClauseKind::Redact(list), k))
            })?;
        Some(Clause {
            kind,
            span: self.span(from, self.at),
            keyword,
        })
    }

    /// `clauses = _{ clause? ~ (semicolon ~ clause?)* }`; it always
    /// matches, possibly nothing.
    fn clauses(&mut self) -> Vec<Clause> {
        let mut clauses: Vec<Clause> = self.clause().into_iter().collect();
        self.skip();
        loop {
            let before = self.at;
            self.skip();
            if !self.punctuation(";") {
                self.at = before;
                break;
            }
            self.skip();
            clauses.extend(self.clause());
        }
        clauses
    }

    /// `declaration`: its alternatives in the grammar's order, each with
    /// its keyword span and whether it opens a block.
    fn declaration(&mut self) -> Option<(ItemKind, Span, bool)> {
        let opens_block = |(kind, keyword)| (kind, keyword, true);
        let one_line = |(kind, keyword)| (kind, keyword, false);
        None.or_else(|| self.attempt(Self::topic).map(opens_block))
            .or_else(|| self.attempt(Self::test).map(one_line))
            .or_else(|| self.attempt(Self::reply_test).map(one_line))
            .or_else(|| self.attempt(Self::system).map(one_line))
            .or_else(|| {
                self.after(|s| s.keyword("business"), Self::phrase)
                    .map(|(name, k)| one_line((ItemKind::Business(name), k)))
            })
            .or_else(|| {
                self.after(|s| s.keyword_or_plural("channels"), Self::phrases)
                    .map(|(list, k)| one_line((ItemKind::Channels(list), k)))
            })
            .or_else(|| {
                self.after(|s| s.keyword_or_plural("languages"), Self::phrases)
                    .map(|(list, k)| one_line((ItemKind::Language(list), k)))
            })
            .or_else(|| {
                self.after(|s| s.keyword("tone"), Self::phrases)
                    .map(|(list, k)| one_line((ItemKind::Tone(list), k)))
            })
            .or_else(|| {
                self.after(|s| s.two_keywords("never", "promise"), Self::phrases)
                    .map(|(list, k)| one_line((ItemKind::NeverPromise(list), k)))
            })
            .or_else(|| {
                self.after(|s| s.two_keywords("handoff", "when"), Self::phrases)
                    .map(|(list, k)| one_line((ItemKind::HandoffWhen(list), k)))
            })
            .or_else(|| self.attempt(Self::fallback).map(one_line))
            .or_else(|| self.attempt(Self::matching).map(one_line))
            .or_else(|| {
                self.after(|s| s.keyword("staff"), Self::phrases)
                    .map(|(list, k)| one_line((ItemKind::Staff(list), k)))
            })
            .or_else(|| {
                // `kw_log ~ colon ~ clauses`.
                self.after(
                    |s| s.keyword("log"),
                    |s| {
                        s.punctuation(":").then_some(())?;
                        s.skip();
                        Some(s.clauses())
                    },
                )
                .map(|(clauses, k)| opens_block((ItemKind::Log(Log { clauses }), k)))
            })
    }

    /// `kw_topic ~ name ~ title? ~ colon ~ clauses`.
    fn topic(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword("topic")?;
        self.skip();
        let name = self.name()?;
        self.skip();
        let title = self.quoted();
        self.skip();
        if !self.punctuation(":") {
            return None;
        }
        self.skip();
        let clauses = self.clauses();
        let topic = Topic {
            name,
            title,
            clauses,
        };
        Some((ItemKind::Topic(topic), keyword))
    }

    /// `kw_test ~ quoted ~ arrow ~ expect`, `expect = { kw_handoff ~ name?
    /// | no_topic | name }`, `no_topic = { kw_no ~ kw_topic }`.
    fn test(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword("test")?;
        self.skip();
        let message = self.quoted()?;
        self.skip();
        if !self.punctuation("->") {
            return None;
        }
        self.skip();
        let from = self.at;
        let expect = None
            .or_else(|| {
                self.keyword("handoff").map(|_| {
                    self.skip();
                    Expect::Handoff(self.name())
                })
            })
            .or_else(|| self.two_keywords("no", "topic").map(|_| Expect::NoTopic))
            .or_else(|| self.name().map(Expect::Answered))?;
        let test = Test {
            message,
            expect,
            expect_span: self.span(from, self.at),
        };
        Some((ItemKind::Test(test), keyword))
    }

    /// `kw_test ~ kw_reply ~ quoted ~ reply_topic? ~ arrow ~ reply_expect`,
    /// `reply_topic = { kw_on ~ name }`, `reply_expect = { kw_ok | kw_breaks
    /// ~ phrase }`.
    fn reply_test(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.two_keywords("test", "reply")?;
        self.skip();
        let reply = self.quoted()?;
        self.skip();
        let topic = self.attempt(|s| {
            s.keyword("on")?;
            s.skip();
            s.name()
        });
        self.skip();
        if !self.punctuation("->") {
            return None;
        }
        self.skip();
        let from = self.at;
        let expect = None
            .or_else(|| self.keyword("ok").map(|_| ReplyExpect::Ok))
            .or_else(|| {
                self.attempt(|s| {
                    s.keyword("breaks")?;
                    s.skip();
                    s.phrase().map(ReplyExpect::Breaks)
                })
            })?;
        let test = ReplyTest {
            reply,
            topic,
            expect,
            expect_span: self.span(from, self.at),
        };
        Some((ItemKind::ReplyTest(test), keyword))
    }

    /// `kw_system ~ name ~ colon ~ access`, `access = { kw_write ~ kw_with ~
    /// kw_approval | kw_write | kw_read }`.
    fn system(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword("system")?;
        self.skip();
        let name = self.name()?;
        self.skip();
        if !self.punctuation(":") {
            return None;
        }
        self.skip();
        let from = self.at;
        let access = None
            .or_else(|| {
                self.attempt(|s| {
                    s.two_keywords("write", "with")?;
                    s.skip();
                    s.keyword("approval").map(|_| Access::WriteWithApproval)
                })
            })
            .or_else(|| self.keyword("write").map(|_| Access::Write))
            .or_else(|| self.keyword("read").map(|_| Access::Read))?;
        let system = System {
            name,
            access,
            access_span: self.span(from, self.at),
        };
        Some((ItemKind::System(system), keyword))
    }

    /// `kw_fallback ~ (kw_handoff | kw_answer)`: the keyword is `fallback`
    /// alone, the second word its value.
    fn fallback(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword("fallback")?;
        self.skip();
        let (mode, span) = None
            .or_else(|| {
                self.keyword("handoff")
                    .map(|s| (FallbackAction::Handoff, s))
            })
            .or_else(|| self.keyword("answer").map(|s| (FallbackAction::Answer, s)))?;
        Some((ItemKind::Fallback(Fallback { action: mode, span }), keyword))
    }

    /// `kw_matching ~ (kw_exact | kw_everyday)`, read as `fallback` is.
    fn matching(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword("matching")?;
        self.skip();
        let (exact, span) = None
            .or_else(|| self.keyword("exact").map(|s| (true, s)))
            .or_else(|| self.keyword("everyday").map(|s| (false, s)))?;
        Some((ItemKind::Matching(Matching { exact, span }), keyword))
    }
}
