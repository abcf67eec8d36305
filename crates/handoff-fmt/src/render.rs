//! Writing the canonical layout. See docs/formatting.md for the rules.

use handoff_diagnostics::{LineIndex, Span};
use handoff_policy::{CHANNELS, FieldType, Risk, VariantArray};
use handoff_syntax::tree::*;
pub use handoff_syntax::{quoted, written};

/// A one-line `topic` or `log:` longer than this becomes a block.
pub const MAX_WIDTH: usize = 100;
const INDENT: &str = "  ";

pub(crate) fn render(source: &str, file: &SourceFile) -> String {
    let index = LineIndex::new(source);
    let line_of = |span: Span| index.line_col(source, span.start).line;
    let blank = BlankLines::of(source);
    let mut comments: Vec<Note> = file
        .comments
        .iter()
        .map(|c| Note {
            line: line_of(c.span),
            text: source[c.span.range()].trim_end(),
            own_line: c.own_line,
            indented: c.own_line && {
                let start = index.line_start(line_of(c.span)).unwrap_or(0) as usize;
                c.span.start as usize > start
            },
        })
        .collect();
    comments.reverse(); // popped from the end, in file order

    let mut w = Writer {
        out: String::with_capacity(source.len() + source.len() / 8),
        last_line: 0,
        blank,
        comments,
        open_block: false,
    };
    for item in &file.items {
        let line = line_of(item.span);
        w.own_line_comments_before(line);
        w.gap_before(line);
        w.last_line = line;
        match &item.kind {
            ItemKind::Topic(topic) => {
                let head = topic_head(topic);
                w.block(&head, &topic.clauses, line, item.span, &line_of);
            }
            ItemKind::Log(log) => w.block("log:", &log.clauses, line, item.span, &line_of),
            kind => {
                w.open_block = false;
                let rendered = declaration(kind, &line_of);
                w.rendered(0, &rendered, line, true);
            }
        }
    }
    w.own_line_comments_before(u32::MAX);
    finish(source, w.out)
}

/// Line ends and the byte-order mark as the source had them.
fn finish(source: &str, out: String) -> String {
    let out = if source.contains("\r\n") {
        out.replace('\n', "\r\n")
    } else {
        out
    };
    if source.starts_with('\u{FEFF}') {
        format!("\u{FEFF}{out}")
    } else {
        out
    }
}

struct Note<'a> {
    line: u32,
    text: &'a str,
    own_line: bool,
    indented: bool,
}

/// Which source lines are empty (nothing but spaces), to keep the author's
/// paragraphs: any run of blank lines becomes one.
struct BlankLines {
    /// `before[n]`: how many blank lines come before line `n + 1`.
    before: Vec<u32>,
}

impl BlankLines {
    fn of(source: &str) -> BlankLines {
        let mut before = vec![0];
        let mut count = 0;
        for line in source.split('\n') {
            if line.trim().is_empty() {
                count += 1;
            }
            before.push(count);
        }
        BlankLines { before }
    }

    /// Whether a blank line stands strictly between lines `a` and `b`.
    fn between(&self, a: u32, b: u32) -> bool {
        let at = |n: u32| self.before[(n as usize).min(self.before.len() - 1)];
        b > a + 1 && at(b - 1) > at(a)
    }
}

struct Writer<'a> {
    out: String,
    /// The source line of the last thing written.
    last_line: u32,
    blank: BlankLines,
    comments: Vec<Note<'a>>,
    /// Whether the last item was a block, so indented comments after it
    /// stay indented.
    open_block: bool,
}

impl Writer<'_> {
    fn gap_before(&mut self, line: u32) {
        if !self.out.is_empty() && self.blank.between(self.last_line, line) {
            self.out.push('\n');
        }
    }

    /// Own-line comments that stand before source line `line`.
    fn own_line_comments_before(&mut self, line: u32) {
        while self.comments.last().is_some_and(|c| c.line < line) {
            let note = self.comments.pop().unwrap();
            if !note.own_line {
                continue; // an end-of-line comment with nothing left to end
            }
            self.gap_before(note.line);
            let indent = if note.indented && self.open_block {
                1
            } else {
                0
            };
            self.push_line(indent, note.text);
            self.last_line = note.line;
        }
    }

    /// The end-of-line comment of source line `line`, if any.
    fn end_comment(&mut self, line: u32) -> Option<&str> {
        if self
            .comments
            .last()
            .is_some_and(|c| c.line == line && !c.own_line)
        {
            return self.comments.pop().map(|c| c.text);
        }
        None
    }

    fn line(&mut self, indent: usize, text: &str, source_line: u32) {
        let mut text = text.to_string();
        if let Some(comment) = self.end_comment(source_line) {
            text.push_str("  ");
            text.push_str(comment);
        }
        self.push_line(indent, &text);
    }

    fn push_line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A `topic` or `log:`: on one line when written on one line and short
    /// enough, else a block with one clause per line.
    fn block(
        &mut self,
        head: &str,
        clauses: &[Clause],
        line: u32,
        span: Span,
        line_of: &dyn Fn(Span) -> u32,
    ) {
        let end_line = |s: Span| {
            line_of(Span {
                start: s.end,
                end: s.end,
            })
        };
        let rendered: Vec<Rendered> = clauses.iter().map(|c| clause(&c.kind, line_of)).collect();
        let last_line = end_line(span);
        let one_line_source = clauses.iter().all(|c| end_line(c.span) == line)
            && !self
                .comments
                .iter()
                .any(|c| c.own_line && c.line > line && c.line <= last_line);
        let one_line = if rendered.is_empty() {
            head.to_string()
        } else {
            let clauses: Vec<String> = rendered.iter().map(Rendered::one_line).collect();
            format!("{head} {}", clauses.join("; "))
        };
        if one_line_source && one_line.chars().count() <= MAX_WIDTH {
            self.open_block = false;
            self.line(0, &one_line, line);
            return;
        }
        self.open_block = true;
        // The header keeps the comment of its source line, unless a clause
        // written on that line ends it in the block.
        let head_line_comment_goes_last = clauses.iter().any(|c| line_of(c.span) == line);
        if head_line_comment_goes_last {
            self.push_line(0, head);
        } else {
            self.line(0, head, line);
        }
        for (index, (c, text)) in clauses.iter().zip(&rendered).enumerate() {
            let clause_line = line_of(c.span);
            self.own_line_comments_before(clause_line);
            self.gap_before(clause_line);
            self.last_line = clause_line;
            let last_on_its_line = clauses
                .get(index + 1)
                .is_none_or(|next| line_of(next.span) != end_line(c.span));
            // Several clauses written on one line keep that line's comment
            // for the last of them.
            self.rendered(1, text, clause_line, last_on_its_line);
            self.last_line = end_line(c.span);
        }
        self.last_line = last_line.max(self.last_line);
    }

    /// A clause or declaration, over as many lines as its list takes; each
    /// source line's end-of-line comment stays after the last output line
    /// that came from it.
    fn rendered(&mut self, indent: usize, rendered: &Rendered, source_line: u32, comment: bool) {
        let lines = rendered.lines(indent * INDENT.len());
        for (index, (text, from)) in lines.iter().enumerate() {
            let indent = if index == 0 { indent } else { 0 };
            let last_from_its_line = lines.get(index + 1).is_none_or(|(_, next)| next != from);
            if last_from_its_line && (comment || index + 1 < lines.len()) {
                self.line(indent, text, (*from).max(source_line));
            } else {
                self.push_line(indent, text);
            }
        }
    }
}

/// A clause or declaration as the formatter writes it: its keywords and
/// fixed words (`head`), then a list that may go on over several lines,
/// then what follows the list (` using SYSTEM`).
struct Rendered {
    head: String,
    /// Each list item as written, and the source line it stands on.
    items: Vec<(String, u32)>,
    tail: String,
}

impl Rendered {
    fn plain(text: String) -> Rendered {
        Rendered {
            head: text,
            items: Vec::new(),
            tail: String::new(),
        }
    }

    fn list(head: &str, items: Vec<(String, u32)>) -> Rendered {
        Rendered {
            head: head.to_string(),
            items,
            tail: String::new(),
        }
    }

    fn one_line(&self) -> String {
        let items: Vec<&str> = self.items.iter().map(|(t, _)| t.as_str()).collect();
        match items.is_empty() {
            true => format!("{}{}", self.head, self.tail),
            false => format!("{} {}{}", self.head, items.join(", "), self.tail),
        }
    }

    /// The output lines, each with the source line it came from. A list
    /// breaks where the author broke it, and where a line would pass
    /// `MAX_WIDTH`; continuation lines line up with the first item, as
    /// docs/formatting.md shows.
    fn lines(&self, indent: usize) -> Vec<(String, u32)> {
        let Some(&(_, first_line)) = self.items.first() else {
            return vec![(self.one_line(), 0)];
        };
        let align = " ".repeat(indent + self.head.chars().count() + 1);
        let mut lines = Vec::new();
        let mut current = self.head.clone();
        let mut current_line = first_line;
        let mut empty = true;
        for (index, (text, line)) in self.items.iter().enumerate() {
            let piece = if index + 1 == self.items.len() {
                format!("{text}{}", self.tail)
            } else {
                format!("{text},")
            };
            let width = indent + current.chars().count() + 1 + piece.chars().count();
            if !empty && (*line != current_line || width > MAX_WIDTH) {
                lines.push((std::mem::take(&mut current), current_line));
                current = format!("{align}{piece}");
                current_line = *line;
            } else {
                current.push(' ');
                current.push_str(&piece);
            }
            empty = false;
        }
        lines.push((current, current_line));
        lines
    }
}

fn topic_head(topic: &Topic) -> String {
    match &topic.title {
        Some(title) => format!("topic {} {}:", topic.name.text, quoted(&title.text)),
        None => format!("topic {}:", topic.name.text),
    }
}

fn declaration(kind: &ItemKind, line_of: &dyn Fn(Span) -> u32) -> Rendered {
    let items = |list: &[Phrase]| -> Vec<(String, u32)> {
        list.iter().map(|p| (phrase(p), line_of(p.span))).collect()
    };
    match kind {
        ItemKind::Business(name) => Rendered::plain(format!("business {}", quoted(&name.text))),
        ItemKind::Channels(list) => Rendered::list(
            "channels",
            list.iter()
                .map(|c| (known_lowercase(c, CHANNELS.into_iter()), line_of(c.span)))
                .collect(),
        ),
        ItemKind::Language(list) => Rendered::list("language", items(list)),
        ItemKind::Tone(list) => Rendered::list("tone", items(list)),
        ItemKind::Staff(list) => Rendered::list("staff", items(list)),
        ItemKind::Matching(m) => Rendered::plain(if m.exact {
            "matching exact".to_string()
        } else {
            "matching everyday".to_string()
        }),
        ItemKind::NeverPromise(list) => Rendered::list("never promise", items(list)),
        ItemKind::HandoffWhen(list) => Rendered::list("handoff when", items(list)),
        ItemKind::Fallback(f) => Rendered::plain(format!("fallback {}", f.action.as_str())),
        ItemKind::System(s) => {
            Rendered::plain(format!("system {}: {}", s.name.text, s.access.as_str()))
        }
        ItemKind::Test(t) => {
            let expect = match &t.expect {
                Expect::Answered(name) => name.text.clone(),
                Expect::Handoff(Some(name)) => format!("handoff {}", name.text),
                Expect::Handoff(None) => "handoff".to_string(),
                Expect::NoTopic => "no topic".to_string(),
            };
            Rendered::plain(format!("test {} -> {expect}", quoted(&t.message.text)))
        }
        ItemKind::ReplyTest(t) => {
            let on = t
                .topic
                .as_ref()
                .map_or_else(String::new, |name| format!(" on {}", name.text));
            let expect = match &t.expect {
                ReplyExpect::Ok => "ok".to_string(),
                ReplyExpect::Breaks(p) => format!("breaks {}", phrase(p)),
            };
            Rendered::plain(format!(
                "test reply {}{on} -> {expect}",
                quoted(&t.reply.text)
            ))
        }
        ItemKind::Topic(_) | ItemKind::Log(_) | ItemKind::Error => {
            unreachable!("blocks are rendered by Writer::block; files with errors are refused")
        }
    }
}

fn clause(kind: &ClauseKind, line_of: &dyn Fn(Span) -> u32) -> Rendered {
    let items = |list: &[Phrase]| -> Vec<(String, u32)> {
        list.iter().map(|p| (phrase(p), line_of(p.span))).collect()
    };
    match kind {
        ClauseKind::About(l) => Rendered::list("about", items(l)),
        ClauseKind::Risk(p) => Rendered::plain(format!(
            "risk {}",
            known_lowercase(p, Risk::VARIANTS.iter().map(|r| r.as_str()))
        )),
        ClauseKind::May { actions, using } => Rendered {
            head: "may".to_string(),
            items: items(actions),
            tail: using
                .as_ref()
                .map_or_else(String::new, |system| format!(" using {}", system.text)),
        },
        ClauseKind::MustNot(l) => Rendered::list("must not", items(l)),
        ClauseKind::HandoffWhen(l) => Rendered::list("handoff when", items(l)),
        ClauseKind::HandoffAlways => Rendered::plain("handoff always".to_string()),
        ClauseKind::Collect(fields) => Rendered::list(
            "collect",
            fields
                .iter()
                .map(|f| {
                    let text = match &f.ty {
                        Some(ty) => format!("{} ({})", phrase(&f.name), field_type(&ty.text)),
                        None => phrase(&f.name),
                    };
                    (text, line_of(f.name.span))
                })
                .collect(),
        ),
        ClauseKind::Save(l) => Rendered::list("save", items(l)),
        ClauseKind::Redact(l) => Rendered::list("redact", items(l)),
    }
}

/// Known words in their canonical lower case; anything else as written, so
/// the checker still sees (and reports) it.
fn known_lowercase<'a>(p: &Phrase, mut known: impl Iterator<Item = &'a str>) -> String {
    let lower = p.text.to_lowercase();
    if known.any(|k| k == lower) {
        lower
    } else {
        phrase(p)
    }
}

fn field_type(text: &str) -> String {
    let key = text.to_lowercase().replace(' ', "");
    if key.parse::<FieldType>().is_ok() {
        key
    } else {
        text.to_string()
    }
}

/// A phrase bare when it reads the same bare, else in quotes.
fn phrase(p: &Phrase) -> String {
    written(&p.text)
}

/// The `test` line that expects this of a message (no line end), as
/// every tool that offers to add a test writes it.
pub fn test_line(message: &str, expect: &handoff_policy::Expectation) -> String {
    format!("test {} -> {}", quoted(message), expect.written())
}

/// The `test reply` line for a reply: `-> ok`, or `-> breaks PHRASE` of
/// the first phrase it breaks; `on TOPIC` when checked with one.
pub fn reply_test_line(reply: &str, topic: Option<&str>, breaks: Option<&str>) -> String {
    let on = topic.map(|t| format!(" on {t}")).unwrap_or_default();
    let expect = breaks.map_or_else(|| "ok".to_string(), |p| format!("breaks {}", written(p)));
    format!("test reply {}{on} -> {expect}", quoted(reply))
}

#[cfg(test)]
mod tests {
    use handoff_syntax::can_be_bare;

    #[test]
    fn quotes_only_where_a_phrase_needs_them() {
        for bare in [
            "opening hours",
            "yes/no",
            "24h",
            "öppet",
            "don't",
            "10:00",
            "a->b",
        ] {
            assert!(can_be_bare(bare), "{bare}");
        }
        for needs in [
            "",
            "a, b",
            "a; b",
            "#1",
            "(x)",
            "say \"hi\"",
            "a  b",
            " a",
            "the using word",
        ] {
            assert!(!can_be_bare(needs), "{needs}");
        }
    }
}
