//! Parsing that never fails: every line is parsed on its own, a line that
//! does not parse is retried clause by clause, and the result is always a
//! tree plus a list of diagnostics.

use handoff_diagnostics::{Diagnostic, Lint, Span};

use crate::layout::{self, Line};
use crate::line_parser::{Failure, ListHead, entry};
use crate::messages::{self, Context};
use crate::tree::*;

/// The result of parsing: always a tree, and every problem found on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub tree: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `.handoff` text. Never panics and never fails: problems are
/// diagnostics, and everything that parses is in the tree.
pub fn parse(text: &str) -> Parse {
    parse_by(text, parse_lines)
}

/// [`parse`], with the results of each batch of lines from `parse_batch`
/// (the line cache's way in).
pub(crate) fn parse_by(
    text: &str,
    mut parse_batch: impl FnMut(&[Line<'_>]) -> Vec<LineResult>,
) -> Parse {
    let mut assembler = Assembler {
        tree: SourceFile::default(),
        diagnostics: Vec::new(),
        open: Block::None,
        unindent: None,
    };
    let mut lines = layout::Lines::new(text);
    let mut batch = Vec::with_capacity(BATCH_LINES);
    loop {
        batch.clear();
        batch.extend(
            std::iter::from_fn(|| lines.next(&mut assembler.diagnostics)).take(BATCH_LINES),
        );
        if batch.is_empty() {
            break;
        }
        for (line, result) in batch.iter().zip(parse_batch(&batch)) {
            assembler.add(line, result);
        }
    }
    let mut diagnostics = assembler.diagnostics;
    diagnostics.sort_by_key(|d| d.span.start);
    Parse {
        tree: assembler.tree,
        diagnostics,
    }
}

/// Lines are parsed a batch at a time: enough to share among threads, few
/// enough that a large file's lines are never all in memory at once.
const BATCH_LINES: usize = 16_384;

/// Below this many lines, threads cost more than they save.
const PARALLEL_MIN_LINES: usize = 4_096;

/// Lines parse independently, so large batches are parsed on every core.
pub(crate) fn parse_lines(lines: &[Line<'_>]) -> Vec<LineResult> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || lines.len() < PARALLEL_MIN_LINES {
        return lines.iter().map(parse_line).collect();
    }
    let chunk = lines.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = lines
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(parse_line).collect::<Vec<_>>()))
            .collect();
        let mut results = Vec::with_capacity(lines.len());
        for handle in handles {
            results.extend(handle.join().expect("a parser thread panicked"));
        }
        results
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineResult {
    Blank,
    Declaration {
        kind: ItemKind,
        keyword: Span,
        /// Whether indented lines below belong to it (a `topic` or `log:`,
        /// even one whose header did not parse).
        opens_block: bool,
        diagnostics: Vec<Diagnostic>,
    },
    Clauses {
        clauses: Vec<Clause>,
        diagnostics: Vec<Diagnostic>,
    },
}

fn parse_line(line: &Line<'_>) -> LineResult {
    let mut result = parse_line_unchecked(line);
    if let LineResult::Declaration { diagnostics, .. } | LineResult::Clauses { diagnostics, .. } =
        &mut result
    {
        keep_fixes_that_help(line, diagnostics, None);
    }
    result
}

/// A syntax fix is offered only when the line it edits then parses with
/// none of this line's problems but the others it already had: a fix that
/// leaves a new error behind (`Insert \`:\`` in a name with spaces, a
/// keyword fixed while the next word is wrong too) is worse than none, and
/// its help line still says what to do. `in_log`: whether the block the
/// line's clauses go to is `log:`, when known, so that a fix that makes a
/// clause that does not belong there is not offered either.
fn keep_fixes_that_help(line: &Line<'_>, diagnostics: &mut [Diagnostic], in_log: Option<bool>) {
    let code = line.code.as_ref();
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    let mut keep = vec![true; diagnostics.len()];
    'fixes: for (index, diagnostic) in diagnostics.iter().enumerate() {
        let Some(fix) = &diagnostic.fix else { continue };
        let mut edits: Vec<_> = fix.edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut fixed = code.to_string();
        for edit in edits {
            let from = (edit.span.start as usize).checked_sub(line.start);
            let to = (edit.span.end as usize).checked_sub(line.start);
            match (from, to) {
                (Some(from), Some(to))
                    if from <= to && fixed.is_char_boundary(from) && fixed.is_char_boundary(to) =>
                {
                    fixed.replace_range(from..to, &edit.replacement);
                }
                // An edit outside the line's code: not this check's to judge.
                _ => continue 'fixes,
            }
        }
        let indent = fixed.len() - fixed.trim_start_matches([' ', '\t']).len();
        let after = Line {
            start: line.start,
            code: fixed.as_str().into(),
            indent,
            comments: Vec::new(),
        };
        let mut left: Vec<&str> = messages.clone();
        left.remove(index);
        let (mut found, mut clauses, in_log) = match parse_line_unchecked(&after) {
            LineResult::Blank => (Vec::new(), Vec::new(), None),
            LineResult::Declaration {
                kind, diagnostics, ..
            } => match kind {
                ItemKind::Topic(t) => (diagnostics, t.clauses, Some(false)),
                ItemKind::Log(l) => (diagnostics, l.clauses, Some(true)),
                _ => (diagnostics, Vec::new(), None),
            },
            LineResult::Clauses {
                clauses,
                diagnostics,
            } => (diagnostics, clauses, in_log),
        };
        if let Some(in_log) = in_log {
            keep_placed(&mut clauses, in_log, &mut found);
        }
        keep[index] = found
            .iter()
            .all(|d| match left.iter().position(|m| *m == d.message) {
                Some(at) => {
                    left.remove(at);
                    true
                }
                None => false,
            });
    }
    for (diagnostic, keep) in diagnostics.iter_mut().zip(keep) {
        if !keep {
            diagnostic.fix = None;
        }
    }
}

/// The line's tree; a line the grammar rejects is parsed again piece by
/// piece, so that each bad piece is reported at its own place and the good
/// ones are kept.
fn parse_line_unchecked(line: &Line<'_>) -> LineResult {
    if line.is_blank() {
        return LineResult::Blank;
    }
    let code = line.code.as_ref();
    if line.indent > 0 {
        let (clauses, diagnostics) = match entry::clause_line(code, line.start) {
            Ok(clauses) => (clauses, Vec::new()),
            Err(_) => clauses_one_by_one(line, line.indent, Context::IndentedClause),
        };
        return LineResult::Clauses {
            clauses,
            diagnostics,
        };
    }
    match entry::top_line(code, line.start) {
        Ok((kind, keyword, opens_block)) => LineResult::Declaration {
            kind,
            keyword,
            opens_block,
            diagnostics: Vec::new(),
        },
        Err(failure) => recover_declaration(line, &failure),
    }
}

/// A declaration line that did not parse. For `topic` and `log:` the header
/// and each clause are parsed on their own, so one bad clause costs only
/// itself.
fn recover_declaration(line: &Line<'_>, failure: &Failure) -> LineResult {
    let code = line.code.as_ref();
    let first_word = code
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let error_item = |diagnostic: Diagnostic, opens_block: bool| LineResult::Declaration {
        kind: ItemKind::Error,
        keyword: Span::new(line.start, line.start + first_word.len()),
        opens_block,
        diagnostics: vec![diagnostic],
    };
    let header_error = |failure: Failure| {
        error_item(
            messages::describe(Context::Header, code, 0, line, &failure),
            true,
        )
    };
    let (kind, keyword, diagnostics) = if first_word.eq_ignore_ascii_case("topic") {
        let (keyword, name, title, head_end) = match entry::topic_head(code, line.start) {
            Ok(head) => head,
            Err(failure) => return header_error(failure),
        };
        let (clauses, diagnostics) = clauses_one_by_one(line, head_end, Context::HeaderClause);
        let topic = Topic {
            name,
            title,
            clauses,
        };
        (ItemKind::Topic(topic), keyword, diagnostics)
    } else if first_word.eq_ignore_ascii_case("log") {
        let (keyword, head_end) = match entry::log_head(code, line.start) {
            Ok(head) => head,
            Err(failure) => return header_error(failure),
        };
        let (clauses, diagnostics) = clauses_one_by_one(line, head_end, Context::HeaderClause);
        (ItemKind::Log(Log { clauses }), keyword, diagnostics)
    } else {
        return error_item(
            messages::describe(Context::Declaration, code, 0, line, failure),
            false,
        );
    };
    LineResult::Declaration {
        kind,
        keyword,
        opens_block: true,
        diagnostics,
    }
}

/// Parses each `;`-separated piece of a line's code from `from` on as one
/// clause, reporting every piece that does not parse.
fn clauses_one_by_one(
    line: &Line<'_>,
    from: usize,
    context: Context,
) -> (Vec<Clause>, Vec<Diagnostic>) {
    let code = line.code.as_ref();
    let mut clauses = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, (offset, piece)) in layout::split_clauses(code, from).into_iter().enumerate() {
        // `;;` and `; ;` are empty clauses; any other space is not.
        if piece.trim_matches([' ', '\t']).is_empty() {
            continue;
        }
        if piece.trim().is_empty() {
            diagnostics.push(messages::invisible_clause(piece, line.start + offset));
            continue;
        }
        match entry::clause_only(piece, line.start + offset) {
            Ok(clause) => clauses.push(clause),
            Err(failure) => {
                if let Some((clause, mut bad)) = clause_item_by_item(line, piece, offset) {
                    clauses.push(clause);
                    diagnostics.append(&mut bad);
                    continue;
                }
                let context = if index == 0 {
                    context
                } else {
                    Context::AfterSemicolon
                };
                diagnostics.push(messages::describe(context, piece, offset, line, &failure));
            }
        }
    }
    (clauses, diagnostics)
}

/// A list clause that did not parse, retried item by item: the clause with
/// the items that parse, and a diagnostic for each that does not. `None`
/// when the keyword itself is wrong, an item is empty (`a,,b`, a trailing
/// `,`: the whole clause's message says it best) or no item parses.
fn clause_item_by_item(
    line: &Line<'_>,
    piece: &str,
    offset: usize,
) -> Option<(Clause, Vec<Diagnostic>)> {
    let (head, head_end) = entry::list_head(piece).ok()?;
    let items = layout::split_list(piece, head_end);
    if items.iter().any(|(_, item)| item.trim().is_empty()) {
        return None;
    }
    let base = line.start + offset;
    let mut phrases = Vec::new();
    let mut fields = Vec::new();
    let mut using = None;
    let mut diagnostics = Vec::new();
    let last = items.len() - 1;
    for (index, &(at, item)) in items.iter().enumerate() {
        // Items keep their place: leading spaces are skipped, not cut.
        let lead = item.len() - item.trim_start().len();
        let (at, item) = (at + lead, item.trim());
        let item_base = base + at;
        let parsed = match head {
            ListHead::Collect => entry::field_item(item, item_base).map(|f| fields.push(f)),
            ListHead::May if index == last && item.to_lowercase().contains("using") => {
                entry::using_item(item, item_base).map(|(phrase, system)| {
                    phrases.push(phrase);
                    using = Some(system);
                })
            }
            _ => entry::list_item(item, item_base).map(|p| phrases.push(p)),
        };
        if let Err(failure) = parsed {
            diagnostics.push(messages::describe(
                Context::ListItem,
                item,
                offset + at,
                line,
                &failure,
            ));
        }
    }
    if phrases.is_empty() && fields.is_empty() {
        return None;
    }
    let kind = match head {
        ListHead::About => ClauseKind::About(phrases),
        ListHead::MustNot => ClauseKind::MustNot(phrases),
        ListHead::HandoffWhen => ClauseKind::HandoffWhen(phrases),
        ListHead::Collect => ClauseKind::Collect(fields),
        ListHead::Save => ClauseKind::Save(phrases),
        ListHead::Redact => ClauseKind::Redact(phrases),
        ListHead::May => ClauseKind::May {
            actions: phrases,
            using,
        },
    };
    let start = base + piece.len() - piece.trim_start().len();
    let keyword = Span::new(start, base + head_end);
    let end = base + piece.trim_end().len();
    Some((
        Clause {
            kind,
            span: Span::new(start, end),
            keyword,
        },
        diagnostics,
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    /// Index of the open `topic` or `log:` item.
    Open(usize),
    /// A block whose header did not parse: its lines are checked for syntax
    /// but belong to nothing.
    Broken,
}

struct Assembler {
    tree: SourceFile,
    diagnostics: Vec<Diagnostic>,
    open: Block,
    /// The diagnostic whose fix removes the indent of the last line, when
    /// that line would not open a block: the fix is dropped if indented
    /// lines follow, since they would lose their block.
    unindent: Option<usize>,
}

impl Assembler {
    fn add(&mut self, line: &Line<'_>, result: LineResult) {
        for &(from, to) in &line.comments {
            self.tree.comments.push(Comment {
                span: Span::new(line.start + from, line.start + to),
                own_line: line.code.trim().is_empty(),
            });
        }
        if !matches!(result, LineResult::Blank)
            && let Some(index) = self.unindent.take()
            && line.indent > 0
        {
            self.diagnostics[index].fix = None;
        }
        // Blank lines have no code; their span is empty.
        let code_end = line.start + line.code.trim_end().len();
        let code_span = Span::new((line.start + line.indent).min(code_end), code_end);
        match result {
            LineResult::Blank => {}
            LineResult::Declaration {
                mut kind,
                keyword,
                opens_block,
                mut diagnostics,
            } => {
                if matches!(kind, ItemKind::Error)
                    && !opens_block
                    && let Some(in_log) = clauses_at_column_0(line)
                {
                    // A clause line that lost its indent: the lines below
                    // still belong to the block above, and indenting this one
                    // is the fix only where its clauses belong.
                    let fits = match self.open {
                        Block::Open(index) => {
                            let log = matches!(self.tree.items[index].kind, ItemKind::Log(_));
                            in_log.iter().all(|&l| l == log)
                        }
                        _ => false,
                    };
                    if !fits {
                        drop_indent_fix(line, &mut diagnostics);
                    }
                    self.diagnostics.extend(diagnostics);
                    self.tree.items.push(Item {
                        kind,
                        span: code_span,
                        keyword,
                    });
                    if !matches!(self.open, Block::Open(_)) {
                        self.open = Block::None;
                    }
                    return;
                }
                self.diagnostics.extend(diagnostics);
                match &mut kind {
                    ItemKind::Topic(t) => keep_placed(&mut t.clauses, false, &mut self.diagnostics),
                    ItemKind::Log(l) => keep_placed(&mut l.clauses, true, &mut self.diagnostics),
                    _ => {}
                }
                let has_clauses = matches!(kind, ItemKind::Topic(_) | ItemKind::Log(_));
                self.tree.items.push(Item {
                    kind,
                    span: code_span,
                    keyword,
                });
                self.open = match (opens_block, has_clauses) {
                    (true, true) => Block::Open(self.tree.items.len() - 1),
                    (true, false) => Block::Broken,
                    _ => Block::None,
                };
            }
            LineResult::Clauses {
                mut clauses,
                diagnostics,
            } => {
                let failed = !diagnostics.is_empty();
                let first_new = self.diagnostics.len();
                self.diagnostics.extend(diagnostics);
                match self.open {
                    Block::Open(index) => {
                        let item = &mut self.tree.items[index];
                        if failed {
                            let in_log = matches!(item.kind, ItemKind::Log(_));
                            let mine = &mut self.diagnostics[first_new..];
                            keep_fixes_that_help(line, mine, Some(in_log));
                        }
                        item.span = item.span.cover(code_span);
                        let (block, in_log) = match &mut item.kind {
                            ItemKind::Topic(t) => (&mut t.clauses, false),
                            ItemKind::Log(l) => (&mut l.clauses, true),
                            _ => unreachable!("open blocks are topics and logs"),
                        };
                        keep_placed(&mut clauses, in_log, &mut self.diagnostics);
                        block.extend(clauses);
                    }
                    Block::Broken => {}
                    // Reported even when the line has errors of its own, or
                    // fixing those would reveal this one.
                    Block::None => self.diagnostics.push(orphan_line(line)),
                }
                let opens_block = ["topic", "log"].iter().any(|k| {
                    line.code[line.indent..]
                        .get(..k.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(k))
                });
                let unindents = Span::new(line.start, line.start + line.indent);
                self.unindent = self.diagnostics[first_new..]
                    .iter()
                    .position(|d| {
                        d.fix.as_ref().is_some_and(|fix| {
                            fix.edits
                                .iter()
                                .all(|e| e.span == unindents && e.replacement.is_empty())
                        })
                    })
                    .filter(|_| !opens_block)
                    .map(|i| first_new + i);
            }
        }
    }
}

/// `save` and `redact` belong in `log:`, every other clause in a topic.
/// Misplaced clauses are reported and left out of the tree.
fn keep_placed(clauses: &mut Vec<Clause>, in_log: bool, diagnostics: &mut Vec<Diagnostic>) {
    if clauses.iter().all(|c| c.kind.belongs_in_log() == in_log) {
        return;
    }
    clauses.retain(|clause| {
        if clause.kind.belongs_in_log() == in_log {
            return true;
        }
        diagnostics.push(messages::misplaced_clause(clause, in_log));
        false
    });
}

/// Where each clause of a column-0 line belongs (`true`: in `log:`), when the
/// line is a whole clause line that lost its indent.
fn clauses_at_column_0(line: &Line<'_>) -> Option<Vec<bool>> {
    let clauses = entry::clause_line(line.code.as_ref(), line.start).ok()?;
    (!clauses.is_empty()).then(|| clauses.iter().map(|c| c.kind.belongs_in_log()).collect())
}

/// Removes the "Indent the line" fix of a clause line at column 0 that has
/// no block above to join, or whose clauses the block does not take.
fn drop_indent_fix(line: &Line<'_>, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        let indents = d.fix.as_ref().is_some_and(|fix| {
            fix.edits.iter().all(|e| {
                e.span == Span::new(line.start, line.start) && e.replacement.trim().is_empty()
            })
        });
        if indents {
            d.fix = None;
        }
    }
}

/// An indented line with no open block: at the start of the file, or after
/// a declaration that takes no indented lines.
fn orphan_line(line: &Line<'_>) -> Diagnostic {
    let code = line.code.trim_end();
    let span = Span::new(line.start + line.indent, line.start + code.len());
    let message =
        "this line is indented, but it is not under a `topic` or `log:` line for it to belong to";
    let diagnostic = Diagnostic::new(Lint::SyntaxError, span, message)
        .with_label("indented line")
        .with_help(
            "indented lines hold the clauses of the `topic` or `log:` above them; \
             start a topic first, or remove the indent if this is a declaration",
        );
    // Without its indent the line must be a declaration, or the fix only
    // moves the error.
    if entry::top_line(&code[line.indent..], 0).is_err() {
        return diagnostic;
    }
    diagnostic.with_fix(
        "Remove the indent",
        Span::new(line.start, line.start + line.indent),
        "",
    )
}
