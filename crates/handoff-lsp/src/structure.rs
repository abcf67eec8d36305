//! The shape of a file for the editor: the outline (document symbols),
//! folding, selection ranges and semantic tokens. All read the tree and the
//! model the analysis already built.

use handoff_analysis::Analysis;
use handoff_analysis::hir::Symbol;
use handoff_diagnostics::Span;
use handoff_syntax::tree::{Clause, ClauseKind, Expect, Item, ItemKind, Phrase, ReplyExpect};
use tower_lsp_server::ls_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, SelectionRange, SemanticToken,
    SemanticTokenType, SemanticTokensLegend, SymbolKind,
};

use crate::convert::LineMap;

/// The token types, in the order the legend gives them.
pub const TOKEN_TYPES: [SemanticTokenType; 7] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::CLASS,
    SemanticTokenType::INTERFACE,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::TYPE,
    SemanticTokenType::ENUM_MEMBER,
];
const KEYWORD: u32 = 0;
const TOPIC: u32 = 1;
const SYSTEM: u32 = 2;
const PHRASE: u32 = 3;
const COMMENT: u32 = 4;
const TYPE: u32 = 5;
const FIXED_WORD: u32 = 6;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}

fn short(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

fn phrases(list: &[Phrase]) -> String {
    short(
        &list
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The outline: topics with their clauses, systems, tests, the log, and the
/// other declarations.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbols(analysis: &Analysis, lines: &LineMap) -> Vec<DocumentSymbol> {
    let text = analysis.text.as_str();
    let symbol = |name: String, detail: Option<String>, kind, span: Span, pick: Span, children| {
        DocumentSymbol {
            name: if name.trim().is_empty() {
                "(empty)".into()
            } else {
                name
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: lines.range(text, span),
            selection_range: lines.range(text, pick),
            children,
        }
    };
    let clauses = |clauses: &[Clause]| -> Vec<DocumentSymbol> {
        clauses
            .iter()
            .map(|c| {
                symbol(
                    c.kind.keyword().to_string(),
                    Some(clause_detail(&c.kind)),
                    SymbolKind::PROPERTY,
                    c.span,
                    c.keyword,
                    None,
                )
            })
            .collect()
    };
    let mut out = Vec::new();
    for item in &analysis.tree.items {
        let keyword = &text[item.keyword.range()];
        let entry = match &item.kind {
            ItemKind::Topic(topic) => symbol(
                topic.name.text.clone(),
                topic.title.as_ref().map(|t| t.text.clone()),
                SymbolKind::MODULE,
                item.span,
                topic.name.span,
                Some(clauses(&topic.clauses)),
            ),
            ItemKind::System(system) => symbol(
                system.name.text.clone(),
                Some(text[system.access_span.range()].to_string()),
                SymbolKind::INTERFACE,
                item.span,
                system.name.span,
                None,
            ),
            ItemKind::Test(test) => symbol(
                short(&test.message.text),
                Some(format!("-> {}", &text[test.expect_span.range()])),
                SymbolKind::EVENT,
                item.span,
                test.message.span,
                None,
            ),
            ItemKind::Log(log) => symbol(
                "log".into(),
                None,
                SymbolKind::STRUCT,
                item.span,
                item.keyword,
                Some(clauses(&log.clauses)),
            ),
            ItemKind::Error => continue,
            _ => symbol(
                keyword.to_lowercase(),
                Some(short(text[item.span.range()][keyword.len()..].trim())),
                SymbolKind::CONSTANT,
                item.span,
                item.keyword,
                None,
            ),
        };
        out.push(entry);
    }
    out
}

fn clause_detail(kind: &ClauseKind) -> String {
    match kind {
        ClauseKind::About(l)
        | ClauseKind::MustNot(l)
        | ClauseKind::HandoffWhen(l)
        | ClauseKind::Save(l)
        | ClauseKind::Redact(l) => phrases(l),
        ClauseKind::May { actions, using } => match using {
            Some(system) => format!("{} using {}", phrases(actions), system.text),
            None => phrases(actions),
        },
        ClauseKind::Risk(p) => p.text.clone(),
        ClauseKind::HandoffAlways => String::new(),
        ClauseKind::Collect(fields) => short(
            &fields
                .iter()
                .map(|f| f.name.text.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// Topic and `log:` blocks, and runs of two or more comment lines.
pub fn folding_ranges(analysis: &Analysis, lines: &LineMap) -> Vec<FoldingRange> {
    let text = analysis.text.as_str();
    let line = |offset: u32| lines.position(text, offset as usize).line;
    let mut out = Vec::new();
    for item in &analysis.tree.items {
        if matches!(item.kind, ItemKind::Topic(_) | ItemKind::Log(_)) {
            let (start, end) = (line(item.span.start), line(item.span.end));
            if end > start {
                out.push(folding(start, end, None));
            }
        }
    }
    let mut run: Option<(u32, u32)> = None;
    for comment in analysis.tree.comments.iter().filter(|c| c.own_line) {
        let at = line(comment.span.start);
        run = match run {
            Some((start, end)) if at == end + 1 => Some((start, at)),
            Some((start, end)) => {
                if end > start {
                    out.push(folding(start, end, Some(FoldingRangeKind::Comment)));
                }
                Some((at, at))
            }
            None => Some((at, at)),
        };
    }
    if let Some((start, end)) = run.filter(|(s, e)| e > s) {
        out.push(folding(start, end, Some(FoldingRangeKind::Comment)));
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}

fn folding(start: u32, end: u32, kind: Option<FoldingRangeKind>) -> FoldingRange {
    FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind,
        collapsed_text: None,
    }
}

/// From the word at the cursor out to the phrase, the clause, the item and
/// the whole file.
pub fn selection_range(analysis: &Analysis, lines: &LineMap, offset: usize) -> SelectionRange {
    let text = analysis.text.as_str();
    let at = offset as u32;
    let contains = |s: Span| s.start <= at && at <= s.end;
    let mut spans: Vec<Span> = Vec::new();
    if let Some((start, end)) = crate::hover::word_at(text, offset) {
        spans.push(Span::new(start, end));
    }
    for item in analysis.tree.items.iter().filter(|i| contains(i.span)) {
        for_each_phrase(item, &mut |p: &Phrase| {
            if contains(p.span) {
                spans.push(p.span);
            }
        });
        let clauses = match &item.kind {
            ItemKind::Topic(t) => t.clauses.as_slice(),
            ItemKind::Log(l) => l.clauses.as_slice(),
            _ => &[],
        };
        spans.extend(clauses.iter().map(|c| c.span).filter(|s| contains(*s)));
        spans.push(item.span);
    }
    spans.push(Span::new(0, text.len()));
    spans.sort_by_key(|s| (s.end - s.start, s.start));
    spans.dedup();
    let mut range: Option<SelectionRange> = None;
    for span in spans.into_iter().rev() {
        range = Some(SelectionRange {
            range: lines.range(text, span),
            parent: range.map(Box::new),
        });
    }
    range.expect("the whole file is always a range")
}

fn for_each_phrase(item: &Item, f: &mut dyn FnMut(&Phrase)) {
    let list = |l: &[Phrase], f: &mut dyn FnMut(&Phrase)| l.iter().for_each(f);
    match &item.kind {
        ItemKind::Business(p) => f(p),
        ItemKind::Channels(l)
        | ItemKind::Language(l)
        | ItemKind::Tone(l)
        | ItemKind::Staff(l)
        | ItemKind::NeverPromise(l)
        | ItemKind::HandoffWhen(l) => list(l, f),
        ItemKind::Test(t) => f(&t.message),
        ItemKind::ReplyTest(t) => {
            f(&t.reply);
            if let ReplyExpect::Breaks(phrase) = &t.expect {
                f(phrase);
            }
        }
        ItemKind::Topic(t) => {
            if let Some(title) = &t.title {
                f(title);
            }
            for c in &t.clauses {
                clause_phrases(&c.kind, f);
            }
        }
        ItemKind::Log(l) => l.clauses.iter().for_each(|c| clause_phrases(&c.kind, f)),
        ItemKind::Fallback(_) | ItemKind::Matching(_) | ItemKind::System(_) | ItemKind::Error => {}
    }
}

fn clause_phrases(kind: &ClauseKind, f: &mut dyn FnMut(&Phrase)) {
    match kind {
        ClauseKind::About(l)
        | ClauseKind::MustNot(l)
        | ClauseKind::HandoffWhen(l)
        | ClauseKind::Save(l)
        | ClauseKind::Redact(l) => l.iter().for_each(f),
        ClauseKind::May { actions, .. } => actions.iter().for_each(f),
        ClauseKind::Risk(p) => f(p),
        ClauseKind::HandoffAlways => {}
        ClauseKind::Collect(fields) => fields.iter().for_each(|field| {
            f(&field.name);
        }),
    }
}

/// Semantic tokens: keywords, topic and system names, phrases, comments,
/// types and the language's fixed words, in file order.
pub fn semantic_tokens(analysis: &Analysis, lines: &LineMap) -> Vec<SemanticToken> {
    let text = analysis.text.as_str();
    let mut tokens: Vec<(Span, u32)> = Vec::new();
    for item in &analysis.tree.items {
        // This item's tokens start here: a phrase is looked for among its
        // own item's tokens only, so the cost stays linear in the file.
        let own = tokens.len();
        tokens.push((item.keyword, KEYWORD));
        match &item.kind {
            ItemKind::Channels(l) | ItemKind::Language(l) => {
                tokens.extend(l.iter().map(|p| (p.span, FIXED_WORD)));
            }
            ItemKind::System(s) => tokens.push((s.access_span, KEYWORD)),
            ItemKind::Fallback(f) => tokens.push((f.span, KEYWORD)),
            ItemKind::Test(t) => {
                let expect = &text[t.expect_span.range()];
                match &t.expect {
                    Expect::Handoff(_) => {
                        let word = expect.split_whitespace().next().unwrap_or("");
                        let start = t.expect_span.start as usize;
                        tokens.push((Span::new(start, start + word.len()), KEYWORD));
                    }
                    Expect::NoTopic => tokens.push((t.expect_span, KEYWORD)),
                    Expect::Answered(_) => {}
                }
            }
            ItemKind::Topic(topic) => {
                for c in &topic.clauses {
                    tokens.push((c.keyword, KEYWORD));
                    if let ClauseKind::Risk(p) = &c.kind {
                        tokens.push((p.span, FIXED_WORD));
                    }
                    if let ClauseKind::Collect(fields) = &c.kind {
                        tokens.extend(
                            fields
                                .iter()
                                .filter_map(|f| f.ty.as_ref())
                                .map(|t| (t.span, TYPE)),
                        );
                    }
                }
            }
            ItemKind::Log(log) => tokens.extend(log.clauses.iter().map(|c| (c.keyword, KEYWORD))),
            _ => {}
        }
        for_each_phrase(item, &mut |p: &Phrase| {
            let fixed = matches!(item.kind, ItemKind::Channels(_) | ItemKind::Language(_));
            let risk = tokens[own..]
                .iter()
                .any(|(s, t)| *t == FIXED_WORD && *s == p.span);
            if !fixed && !risk {
                tokens.push((p.span, PHRASE));
            }
        });
    }
    for reference in &analysis.model.references {
        let kind = match reference.symbol {
            Symbol::Topic(_) => TOPIC,
            Symbol::System(_) => SYSTEM,
        };
        tokens.push((reference.span, kind));
    }
    tokens.extend(analysis.tree.comments.iter().map(|c| (c.span, COMMENT)));
    tokens.retain(|(s, _)| s.end > s.start);
    tokens.sort_by_key(|(s, kind)| (s.start, std::cmp::Reverse(s.end), *kind));

    let mut out = Vec::with_capacity(tokens.len());
    let (mut last_line, mut last_start, mut covered) = (0u32, 0u32, 0u32);
    for (span, kind) in tokens {
        // Overlaps are dropped: the first (widest) token at a place wins.
        if span.start < covered {
            continue;
        }
        covered = span.end;
        let start = lines.position(text, span.start as usize);
        let end = lines.position(text, span.end as usize);
        // A token ends on its line (a continued list's phrases never span
        // lines; a multi-line keyword span is cut at the line end).
        let length = if end.line == start.line {
            end.character - start.character
        } else {
            let line_text = text[span.start as usize..]
                .split(['\n', '\r'])
                .next()
                .unwrap_or("");
            line_text.encode_utf16().count() as u32
        };
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 {
            start.character - last_start
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: kind,
            token_modifiers_bitset: 0,
        });
        last_line = start.line;
        last_start = start.character;
    }
    out
}
