//! The parser of one line, or of one piece of a line: a hand-written
//! transcription of `grammar/handoff.pest` that builds the tree directly
//! and, when a line does not parse, says where and what it expected.
//!
//! The grammar file stays the language's documented, executable grammar;
//! this module is the product's only parser. `tests/grammar.rs` and the
//! `grammar` fuzz target hold the two together: for every entry point, the
//! same texts are accepted, and a rejected text fails at the same place
//! with the same expected rules.
//!
//! Each method transcribes one rule together with what a PEG parser does
//! around it, because spans and error places depend on it: in a sequence
//! `a ~ b` spaces and tabs are skipped between `a` and `b` even when `b`
//! is an optional or repeated part that then matches nothing (so `about x  `
//! is a clause with its trailing spaces, `about x, y  ` one without); each
//! further repetition skips spaces before itself and gives them back when
//! it fails; a failed part never moves the position; an ordered choice
//! takes its first alternative that matches.
//!
//! Errors follow the furthest-failure rule: a named rule that fails is
//! recorded at the position where it started, only the furthest such
//! position is kept, and a rule whose parts recorded exactly one failure
//! there leaves that part's name instead of its own (so a missing `:` is
//! "expected `:`", not "expected a topic"). Parsing is tried first without
//! this bookkeeping; only a text that fails is parsed again with it.

use handoff_diagnostics::Span;

use crate::lexical::{collapse_spaces, is_bare_char, unescape};
use crate::tree::*;

/// The grammar's named rules, as `grammar/handoff.pest` spells them: what a
/// failed parse says it expected. Silent rules (`clause`, `declaration`,
/// `WHITESPACE`...) have no name and are never expected.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
pub(crate) enum Rule {
    EOI,
    name,
    bare_phrase,
    quoted,
    phrase,
    phrases,
    colon,
    arrow,
    comma,
    semicolon,
    lparen,
    rparen,
    kw_about,
    kw_always,
    kw_answer,
    kw_approval,
    kw_breaks,
    kw_business,
    kw_channels,
    kw_collect,
    kw_everyday,
    kw_exact,
    kw_fallback,
    kw_handoff,
    kw_language,
    kw_log,
    kw_matching,
    kw_may,
    kw_must,
    kw_never,
    kw_no,
    kw_not,
    kw_ok,
    kw_on,
    kw_promise,
    kw_read,
    kw_redact,
    kw_reply,
    kw_risk,
    kw_save,
    kw_staff,
    kw_system,
    kw_test,
    kw_tone,
    kw_topic,
    kw_using,
    kw_when,
    kw_with,
    kw_write,
    business_decl,
    channels_decl,
    language_decl,
    tone_decl,
    never_promise_decl,
    handoff_when_decl,
    fallback_decl,
    matching_decl,
    staff_decl,
    system_decl,
    access,
    topic_decl,
    title,
    log_decl,
    test_decl,
    expect,
    no_topic,
    reply_test_decl,
    reply_topic,
    reply_expect,
    about_clause,
    risk_clause,
    may_clause,
    using,
    must_not_clause,
    handoff_always_clause,
    handoff_when_clause,
    collect_clause,
    field,
    field_type,
    type_name,
    save_clause,
    redact_clause,
    top_line,
    clause_line,
    clause_only,
    topic_head,
    log_head,
    list_head,
    list_item,
    field_item,
    using_item,
}

/// Where a text stopped parsing, and the rules that could have gone on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    /// Byte offset in the text given to the entry point.
    pub pos: usize,
    /// Sorted, without repeats.
    pub expected: Vec<Rule>,
}

/// A parsed declaration line: the item, the span of its keyword(s), and
/// whether indented lines below belong to it.
pub(crate) type Declared = (ItemKind, Span, bool);

/// The clause keyword a list clause starts with (`list_head`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListHead {
    About,
    MustNot,
    HandoffWhen,
    Collect,
    Save,
    Redact,
    May,
}

/// The grammar's entry points. `base` is the text's offset in the file, for
/// the spans of what is built.
pub(crate) mod entry {
    use super::*;

    /// `top_line = { SOI ~ declaration ~ EOI }`.
    pub fn top_line(text: &str, base: usize) -> Result<Declared, Failure> {
        run(text, base, Rule::top_line, |s| {
            s.skip();
            let declared = s.declaration()?;
            s.skip();
            s.eoi().then_some(declared)
        })
    }

    /// `clause_line = { SOI ~ clauses ~ EOI }`.
    pub fn clause_line(text: &str, base: usize) -> Result<Vec<Clause>, Failure> {
        run(text, base, Rule::clause_line, |s| {
            s.skip();
            let clauses = s.clauses();
            s.skip();
            s.eoi().then_some(clauses)
        })
    }

    /// `clause_only = { SOI ~ clause ~ EOI }`.
    pub fn clause_only(text: &str, base: usize) -> Result<Clause, Failure> {
        run(text, base, Rule::clause_only, |s| {
            s.skip();
            let clause = s.clause()?;
            s.skip();
            s.eoi().then_some(clause)
        })
    }

    /// `topic_head = { SOI ~ topic_head_inner }`: the keyword's span, the
    /// name, the title, and where the head ends (after its `:`).
    pub fn topic_head(
        text: &str,
        base: usize,
    ) -> Result<(Span, Name, Option<Phrase>, usize), Failure> {
        run(text, base, Rule::topic_head, |s| {
            s.skip();
            let (keyword, name, title) = s.topic_head_inner()?;
            Some((keyword, name, title, s.at))
        })
    }

    /// `log_head = { SOI ~ log_head_inner }`: the keyword's span and where
    /// the head ends.
    pub fn log_head(text: &str, base: usize) -> Result<(Span, usize), Failure> {
        run(text, base, Rule::log_head, |s| {
            s.skip();
            let keyword = s.log_head_inner()?;
            Some((keyword, s.at))
        })
    }

    /// `list_head = { SOI ~ (kw_about | kw_must ~ kw_not | ...) }`: which
    /// list clause the text starts, and where its keyword(s) end.
    pub fn list_head(text: &str) -> Result<(ListHead, usize), Failure> {
        run(text, 0, Rule::list_head, |s| {
            s.skip();
            let head = None
                .or_else(|| s.keyword(Rule::kw_about).map(|_| ListHead::About))
                .or_else(|| {
                    s.attempt(|s| {
                        s.keyword(Rule::kw_must)?;
                        s.skip();
                        s.keyword(Rule::kw_not).map(|_| ListHead::MustNot)
                    })
                })
                .or_else(|| {
                    s.attempt(|s| {
                        s.keyword(Rule::kw_handoff)?;
                        s.skip();
                        s.keyword(Rule::kw_when).map(|_| ListHead::HandoffWhen)
                    })
                })
                .or_else(|| s.keyword(Rule::kw_collect).map(|_| ListHead::Collect))
                .or_else(|| s.keyword(Rule::kw_save).map(|_| ListHead::Save))
                .or_else(|| s.keyword(Rule::kw_redact).map(|_| ListHead::Redact))
                .or_else(|| s.keyword(Rule::kw_may).map(|_| ListHead::May))?;
            Some((head, s.at))
        })
    }

    /// `list_item = { SOI ~ phrase ~ EOI }`.
    pub fn list_item(text: &str, base: usize) -> Result<Phrase, Failure> {
        run(text, base, Rule::list_item, |s| {
            s.skip();
            let phrase = s.phrase()?;
            s.skip();
            s.eoi().then_some(phrase)
        })
    }

    /// `field_item = { SOI ~ field ~ EOI }`.
    pub fn field_item(text: &str, base: usize) -> Result<Field, Failure> {
        run(text, base, Rule::field_item, |s| {
            s.skip();
            let field = s.field()?;
            s.skip();
            s.eoi().then_some(field)
        })
    }

    /// `using_item = { SOI ~ phrase ~ using ~ EOI }`: the last action of a
    /// `may` clause and the system it names.
    pub fn using_item(text: &str, base: usize) -> Result<(Phrase, Name), Failure> {
        run(text, base, Rule::using_item, |s| {
            s.skip();
            let phrase = s.phrase()?;
            s.skip();
            let name = s.using()?;
            s.skip();
            s.eoi().then_some((phrase, name))
        })
    }
}

/// For tests and fuzzing, not for use: whether the grammar's entry rule
/// `entry` (named as in `grammar/handoff.pest`) accepts `text`, and if not,
/// where it fails and the names of the rules it expected there, sorted.
#[doc(hidden)]
pub fn grammar_verdict(entry: &str, text: &str) -> Result<(), (usize, Vec<String>)> {
    let verdict = match entry {
        "top_line" => entry::top_line(text, 0).map(drop),
        "clause_line" => entry::clause_line(text, 0).map(drop),
        "clause_only" => entry::clause_only(text, 0).map(drop),
        "topic_head" => entry::topic_head(text, 0).map(drop),
        "log_head" => entry::log_head(text, 0).map(drop),
        "list_head" => entry::list_head(text).map(drop),
        "list_item" => entry::list_item(text, 0).map(drop),
        "field_item" => entry::field_item(text, 0).map(drop),
        "using_item" => entry::using_item(text, 0).map(drop),
        other => panic!("`{other}` is not an entry rule of the grammar"),
    };
    verdict.map_err(|failure| {
        let names = failure.expected.iter().map(|r| format!("{r:?}")).collect();
        (failure.pos, names)
    })
}

/// Parses `text` with `parse`, first fast, then, if it fails, again while
/// recording failures, as the entry rule `rule`.
fn run<T>(
    text: &str,
    base: usize,
    rule: Rule,
    parse: impl Fn(&mut Scan<'_>) -> Option<T>,
) -> Result<T, Failure> {
    let mut scan = Scan::new(text, base, false);
    if let Some(result) = parse(&mut scan) {
        return Ok(result);
    }
    let mut scan = Scan::new(text, base, true);
    let parsed = scan.rule(rule, |s| parse(s));
    debug_assert!(parsed.is_none(), "a text parsed only when tracked");
    let mut expected = scan.attempts;
    expected.sort();
    expected.dedup();
    Err(Failure {
        pos: scan.attempt_pos,
        expected,
    })
}

/// The grammar's `name_char`: a letter, mark or number (Unicode general
/// categories L, M and N), `-` or `_`.
fn is_name_char(c: char) -> bool {
    c == '-' || c == '_' || is_letter(c) || is_mark_or_number(c)
}

fn is_letter(c: char) -> bool {
    use unicode_general_category::GeneralCategory::*;
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        unicode_general_category::get_general_category(c),
        UppercaseLetter | LowercaseLetter | TitlecaseLetter | ModifierLetter | OtherLetter
    )
}

fn is_mark_or_number(c: char) -> bool {
    use unicode_general_category::GeneralCategory::*;
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    matches!(
        unicode_general_category::get_general_category(c),
        NonspacingMark | SpacingMark | EnclosingMark | DecimalNumber | LetterNumber | OtherNumber
    )
}

struct Scan<'a> {
    text: &'a str,
    /// Byte offset in `text`; always on a character boundary.
    at: usize,
    /// The text's offset in the file.
    base: usize,
    /// Whether failures are recorded: only when a text is parsed again to
    /// say why it failed.
    track: bool,
    /// The furthest position a named rule failed at, and those rules.
    attempt_pos: usize,
    attempts: Vec<Rule>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str, base: usize, track: bool) -> Self {
        Scan {
            text,
            at: 0,
            base,
            track,
            attempt_pos: 0,
            attempts: Vec::new(),
        }
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.base + from, self.base + to)
    }

    fn rest(&self) -> &'a str {
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

    /// A named rule: [`Scan::attempt`], and when tracking, the
    /// furthest-failure bookkeeping described at the top of this module.
    fn rule<T>(&mut self, rule: Rule, part: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if !self.track {
            return self.attempt(part);
        }
        let pos = self.at;
        let before = if pos == self.attempt_pos {
            self.attempts.len()
        } else {
            0
        };
        let result = self.attempt(part);
        if result.is_none() {
            let now = if pos == self.attempt_pos {
                self.attempts.len()
            } else {
                0
            };
            // One failure recorded by the parts: it says more than the rule.
            if now == before + 1 {
                return None;
            }
            if pos == self.attempt_pos {
                self.attempts.truncate(before);
            }
            if pos > self.attempt_pos {
                self.attempts.clear();
                self.attempt_pos = pos;
            }
            if pos == self.attempt_pos {
                self.attempts.push(rule);
            }
        }
        result
    }

    /// The implicit `WHITESPACE*` between the parts of a sequence.
    fn skip(&mut self) {
        let spaces = self
            .rest()
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        self.at += spaces;
    }

    /// `EOI`.
    fn eoi(&mut self) -> bool {
        self.rule(Rule::EOI, |s| (s.at == s.text.len()).then_some(()))
            .is_some()
    }

    /// `colon = { ":" }` and the other named punctuation.
    fn punctuation(&mut self, rule: Rule, literal: &str) -> bool {
        self.rule(rule, |s| {
            s.rest().starts_with(literal).then(|| s.at += literal.len())
        })
        .is_some()
    }

    /// `kw_WORD = @{ ^"word" ~ kw_end }`: ASCII case-insensitive, and not
    /// followed by a `name_char`. The word is the rule's name without `kw_`.
    fn keyword(&mut self, rule: Rule) -> Option<Span> {
        let name: &'static str = rule.into();
        let word = name.strip_prefix("kw_").expect("a keyword rule");
        self.rule(rule, |s| s.spelled(word))
    }

    fn spelled(&mut self, word: &str) -> Option<Span> {
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
    fn keyword_or_plural(&mut self, rule: Rule, plural: &str) -> Option<Span> {
        self.rule(rule, |s| {
            let long = s
                .rest()
                .as_bytes()
                .get(..plural.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(plural.as_bytes()));
            if long {
                s.spelled(plural)
            } else {
                s.spelled(&plural[..plural.len() - 1])
            }
        })
    }

    /// `kw_a ~ kw_b`: the keyword span covers both.
    fn two_keywords(&mut self, first: Rule, second: Rule) -> Option<Span> {
        self.attempt(|s| {
            let a = s.keyword(first)?;
            s.skip();
            let b = s.keyword(second)?;
            Some(a.cover(b))
        })
    }

    /// `name = @{ LETTER ~ name_char* }`.
    fn name(&mut self) -> Option<Name> {
        self.rule(Rule::name, |s| {
            if !s.rest().chars().next().is_some_and(is_letter) {
                return None;
            }
            let from = s.at;
            let len: usize = s
                .rest()
                .chars()
                .take_while(|&c| is_name_char(c))
                .map(char::len_utf8)
                .sum();
            s.at += len;
            Some(Name {
                text: s.text[from..s.at].to_string(),
                span: s.span(from, s.at),
            })
        })
    }

    /// `quoted = ${ "\"" ~ quoted_inner ~ "\"" }`: any character but `"`
    /// and `\`, or the escapes `\"` and `\\`. (`quoted_inner` never fails,
    /// so it is never expected.)
    fn quoted(&mut self) -> Option<Phrase> {
        self.rule(Rule::quoted, |s| {
            let bytes = s.rest().as_bytes();
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
            let from = s.at;
            let content = &s.text[from + 1..from + i];
            s.at = from + i + 1;
            Some(Phrase {
                text: unescape(content),
                span: s.span(from, s.at),
                quoted: true,
            })
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
        self.rule(Rule::bare_phrase, |s| {
            let from = s.at;
            if s.at_using_word() {
                return None;
            }
            let first = s.bare_word_len();
            if first == 0 {
                return None;
            }
            s.at += first;
            loop {
                let before = s.at;
                s.skip();
                if s.at == before || s.at_using_word() {
                    s.at = before;
                    break;
                }
                let word = s.bare_word_len();
                if word == 0 {
                    s.at = before;
                    break;
                }
                s.at += word;
            }
            Some(Phrase {
                text: collapse_spaces(&s.text[from..s.at]),
                span: s.span(from, s.at),
                quoted: false,
            })
        })
    }

    /// `phrase = { quoted | bare_phrase }`.
    fn phrase(&mut self) -> Option<Phrase> {
        self.rule(Rule::phrase, |s| s.quoted().or_else(|| s.bare_phrase()))
    }

    /// `a ~ (comma ~ a)*` in a sequence: `phrases`, and the fields of
    /// `collect`. The spaces after the first item stay consumed whatever
    /// follows; those after a later item only if another item follows.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut items = vec![item(self)?];
        self.skip();
        while let Some(next) = self.attempt(|s| {
            s.skip();
            if !s.punctuation(Rule::comma, ",") {
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
        self.rule(Rule::phrases, |s| s.list(Self::phrase))
    }

    /// `field = { phrase ~ field_type? }`, `field_type = { lparen ~
    /// type_name ~ rparen }`, `type_name = @{ bare_word ~ (WHITESPACE+ ~
    /// bare_word)* }`.
    fn field(&mut self) -> Option<Field> {
        self.rule(Rule::field, |s| {
            let name = s.phrase()?;
            s.skip();
            let ty = s.rule(Rule::field_type, |s| {
                if !s.punctuation(Rule::lparen, "(") {
                    return None;
                }
                s.skip();
                let ty = s.type_name()?;
                s.skip();
                s.punctuation(Rule::rparen, ")").then_some(ty)
            });
            Some(Field { name, ty })
        })
    }

    fn type_name(&mut self) -> Option<Phrase> {
        self.rule(Rule::type_name, |s| {
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
            Some(Phrase {
                text: collapse_spaces(&s.text[from..s.at]),
                span: s.span(from, s.at),
                quoted: false,
            })
        })
    }

    /// `using = { kw_using ~ name }`.
    fn using(&mut self) -> Option<Name> {
        self.rule(Rule::using, |s| {
            s.keyword(Rule::kw_using)?;
            s.skip();
            s.name()
        })
    }

    /// `RULE = { KEYWORD ~ body }`, for clauses and declarations alike: the
    /// body and the keyword's span.
    fn after<T>(
        &mut self,
        rule: Rule,
        keyword: impl FnOnce(&mut Self) -> Option<Span>,
        body: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<(T, Span)> {
        self.rule(rule, |s| {
            let keyword = keyword(s)?;
            s.skip();
            Some((body(s)?, keyword))
        })
    }

    /// `RULE = { KEYWORD ~ phrases }`, the commonest shape: what `wrap`
    /// makes of the list, and the keyword's span.
    fn listing<T>(
        &mut self,
        rule: Rule,
        keyword: impl FnOnce(&mut Self) -> Option<Span>,
        wrap: fn(Vec<Phrase>) -> T,
    ) -> Option<(T, Span)> {
        self.after(rule, keyword, Self::phrases)
            .map(|(list, k)| (wrap(list), k))
    }

    /// `clause`: its alternatives in the grammar's order.
    fn clause(&mut self) -> Option<Clause> {
        let from = self.at;
        let (kind, keyword) = None
            .or_else(|| {
                self.listing(
                    Rule::about_clause,
                    |s| s.keyword(Rule::kw_about),
                    ClauseKind::About,
                )
            })
            .or_else(|| {
                self.after(
                    Rule::risk_clause,
                    |s| s.keyword(Rule::kw_risk),
                    Self::phrase,
                )
                .map(|(risk, k)| (ClauseKind::Risk(risk), k))
            })
            .or_else(|| {
                // `kw_may ~ phrases ~ using?`.
                self.after(
                    Rule::may_clause,
                    |s| s.keyword(Rule::kw_may),
                    |s| {
                        let actions = s.phrases()?;
                        s.skip();
                        let using = s.using();
                        Some(ClauseKind::May { actions, using })
                    },
                )
            })
            .or_else(|| {
                self.listing(
                    Rule::must_not_clause,
                    |s| s.two_keywords(Rule::kw_must, Rule::kw_not),
                    ClauseKind::MustNot,
                )
            })
            .or_else(|| {
                self.rule(Rule::handoff_always_clause, |s| {
                    s.two_keywords(Rule::kw_handoff, Rule::kw_always)
                })
                .map(|k| (ClauseKind::HandoffAlways, k))
            })
            .or_else(|| {
                self.listing(
                    Rule::handoff_when_clause,
                    |s| s.two_keywords(Rule::kw_handoff, Rule::kw_when),
                    ClauseKind::HandoffWhen,
                )
            })
            .or_else(|| {
                self.after(
                    Rule::collect_clause,
                    |s| s.keyword(Rule::kw_collect),
                    |s| s.list(Self::field),
                )
                .map(|(fields, k)| (ClauseKind::Collect(fields), k))
            })
            .or_else(|| {
                self.listing(
                    Rule::save_clause,
                    |s| s.keyword(Rule::kw_save),
                    ClauseKind::Save,
                )
            })
            .or_else(|| {
                self.listing(
                    Rule::redact_clause,
                    |s| s.keyword(Rule::kw_redact),
                    ClauseKind::Redact,
                )
            })?;
        // The grammar's implicit WHITESPACE lets a clause end after the
        // spaces that follow it (`may answer  ; ...`); its place ends at
        // its last written character, as a topic's does.
        let end = from + self.text[from..self.at].trim_end_matches([' ', '\t']).len();
        Some(Clause {
            kind,
            span: self.span(from, end),
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
            if !self.punctuation(Rule::semicolon, ";") {
                self.at = before;
                break;
            }
            self.skip();
            clauses.extend(self.clause());
        }
        clauses
    }

    /// `declaration`: its alternatives in the grammar's order.
    fn declaration(&mut self) -> Option<Declared> {
        let opens_block = |(kind, keyword)| (kind, keyword, true);
        let one_line = |(kind, keyword)| (kind, keyword, false);
        None.or_else(|| self.rule(Rule::topic_decl, Self::topic).map(opens_block))
            .or_else(|| self.rule(Rule::test_decl, Self::test).map(one_line))
            .or_else(|| {
                self.rule(Rule::reply_test_decl, Self::reply_test)
                    .map(one_line)
            })
            .or_else(|| self.rule(Rule::system_decl, Self::system).map(one_line))
            .or_else(|| {
                self.after(
                    Rule::business_decl,
                    |s| s.keyword(Rule::kw_business),
                    Self::phrase,
                )
                .map(|(name, k)| one_line((ItemKind::Business(name), k)))
            })
            .or_else(|| {
                self.listing(
                    Rule::channels_decl,
                    |s| s.keyword_or_plural(Rule::kw_channels, "channels"),
                    ItemKind::Channels,
                )
                .map(one_line)
            })
            .or_else(|| {
                self.listing(
                    Rule::language_decl,
                    |s| s.keyword_or_plural(Rule::kw_language, "languages"),
                    ItemKind::Language,
                )
                .map(one_line)
            })
            .or_else(|| {
                self.listing(
                    Rule::tone_decl,
                    |s| s.keyword(Rule::kw_tone),
                    ItemKind::Tone,
                )
                .map(one_line)
            })
            .or_else(|| {
                self.listing(
                    Rule::never_promise_decl,
                    |s| s.two_keywords(Rule::kw_never, Rule::kw_promise),
                    ItemKind::NeverPromise,
                )
                .map(one_line)
            })
            .or_else(|| {
                self.listing(
                    Rule::handoff_when_decl,
                    |s| s.two_keywords(Rule::kw_handoff, Rule::kw_when),
                    ItemKind::HandoffWhen,
                )
                .map(one_line)
            })
            .or_else(|| self.rule(Rule::fallback_decl, Self::fallback).map(one_line))
            .or_else(|| self.rule(Rule::matching_decl, Self::matching).map(one_line))
            .or_else(|| {
                self.listing(
                    Rule::staff_decl,
                    |s| s.keyword(Rule::kw_staff),
                    ItemKind::Staff,
                )
                .map(one_line)
            })
            .or_else(|| {
                self.rule(Rule::log_decl, |s| {
                    let keyword = s.log_head_inner()?;
                    s.skip();
                    let clauses = s.clauses();
                    Some(opens_block((ItemKind::Log(Log { clauses }), keyword)))
                })
            })
    }

    /// `topic_head_inner = _{ kw_topic ~ name ~ title? ~ colon }`,
    /// `title = { quoted }`.
    fn topic_head_inner(&mut self) -> Option<(Span, Name, Option<Phrase>)> {
        self.attempt(|s| {
            let keyword = s.keyword(Rule::kw_topic)?;
            s.skip();
            let name = s.name()?;
            s.skip();
            let title = s.rule(Rule::title, Self::quoted);
            s.skip();
            s.punctuation(Rule::colon, ":")
                .then_some((keyword, name, title))
        })
    }

    /// `log_head_inner = _{ kw_log ~ colon }`.
    fn log_head_inner(&mut self) -> Option<Span> {
        self.attempt(|s| {
            let keyword = s.keyword(Rule::kw_log)?;
            s.skip();
            s.punctuation(Rule::colon, ":").then_some(keyword)
        })
    }

    /// `topic_decl = { topic_head_inner ~ clauses }`.
    fn topic(&mut self) -> Option<(ItemKind, Span)> {
        let (keyword, name, title) = self.topic_head_inner()?;
        self.skip();
        let clauses = self.clauses();
        let topic = Topic {
            name,
            title,
            clauses,
        };
        Some((ItemKind::Topic(topic), keyword))
    }

    /// `test_decl = { kw_test ~ quoted ~ arrow ~ expect }`, `expect = {
    /// kw_handoff ~ name? | no_topic | name }`, `no_topic = { kw_no ~
    /// kw_topic }`.
    fn test(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword(Rule::kw_test)?;
        self.skip();
        let message = self.quoted()?;
        self.skip();
        if !self.punctuation(Rule::arrow, "->") {
            return None;
        }
        self.skip();
        let from = self.at;
        let expect = self.rule(Rule::expect, |s| {
            None.or_else(|| {
                s.keyword(Rule::kw_handoff).map(|_| {
                    s.skip();
                    Expect::Handoff(s.name())
                })
            })
            .or_else(|| {
                s.rule(Rule::no_topic, |s| {
                    s.two_keywords(Rule::kw_no, Rule::kw_topic)
                })
                .map(|_| Expect::NoTopic)
            })
            .or_else(|| s.name().map(Expect::Answered))
        })?;
        let test = Test {
            message,
            expect,
            expect_span: self.span(from, self.at),
        };
        Some((ItemKind::Test(test), keyword))
    }

    /// `reply_test_decl = { kw_test ~ kw_reply ~ quoted ~ reply_topic? ~
    /// arrow ~ reply_expect }`, `reply_topic = { kw_on ~ name }`,
    /// `reply_expect = { kw_ok | kw_breaks ~ phrase }`.
    fn reply_test(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.two_keywords(Rule::kw_test, Rule::kw_reply)?;
        self.skip();
        let reply = self.quoted()?;
        self.skip();
        let topic = self.rule(Rule::reply_topic, |s| {
            s.keyword(Rule::kw_on)?;
            s.skip();
            s.name()
        });
        self.skip();
        if !self.punctuation(Rule::arrow, "->") {
            return None;
        }
        self.skip();
        let from = self.at;
        let expect = self.rule(Rule::reply_expect, |s| {
            None.or_else(|| s.keyword(Rule::kw_ok).map(|_| ReplyExpect::Ok))
                .or_else(|| {
                    s.attempt(|s| {
                        s.keyword(Rule::kw_breaks)?;
                        s.skip();
                        s.phrase().map(ReplyExpect::Breaks)
                    })
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

    /// `system_decl = { kw_system ~ name ~ colon ~ access }`, `access = {
    /// kw_write ~ kw_with ~ kw_approval | kw_write | kw_read }`.
    fn system(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword(Rule::kw_system)?;
        self.skip();
        let name = self.name()?;
        self.skip();
        if !self.punctuation(Rule::colon, ":") {
            return None;
        }
        self.skip();
        let from = self.at;
        let access = self.rule(Rule::access, |s| {
            None.or_else(|| {
                s.attempt(|s| {
                    s.two_keywords(Rule::kw_write, Rule::kw_with)?;
                    s.skip();
                    s.keyword(Rule::kw_approval)
                        .map(|_| Access::WriteWithApproval)
                })
            })
            .or_else(|| s.keyword(Rule::kw_write).map(|_| Access::Write))
            .or_else(|| s.keyword(Rule::kw_read).map(|_| Access::Read))
        })?;
        let system = System {
            name,
            access,
            access_span: self.span(from, self.at),
        };
        Some((ItemKind::System(system), keyword))
    }

    /// `fallback_decl = { kw_fallback ~ (kw_handoff | kw_answer) }`: the
    /// keyword is `fallback` alone, the second word its value.
    fn fallback(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword(Rule::kw_fallback)?;
        self.skip();
        let (action, span) = None
            .or_else(|| {
                self.keyword(Rule::kw_handoff)
                    .map(|s| (FallbackAction::Handoff, s))
            })
            .or_else(|| {
                self.keyword(Rule::kw_answer)
                    .map(|s| (FallbackAction::Answer, s))
            })?;
        Some((ItemKind::Fallback(Fallback { action, span }), keyword))
    }

    /// `matching_decl = { kw_matching ~ (kw_exact | kw_everyday) }`, read
    /// as `fallback` is.
    fn matching(&mut self) -> Option<(ItemKind, Span)> {
        let keyword = self.keyword(Rule::kw_matching)?;
        self.skip();
        let (exact, span) = None
            .or_else(|| self.keyword(Rule::kw_exact).map(|s| (true, s)))
            .or_else(|| self.keyword(Rule::kw_everyday).map(|s| (false, s)))?;
        Some((ItemKind::Matching(Matching { exact, span }), keyword))
    }
}
