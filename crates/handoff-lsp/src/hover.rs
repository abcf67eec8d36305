//! Hover: what the thing under the cursor means, in plain words. On a
//! diagnostic's place, its help and the check's page; on a topic, its rules;
//! on a system, its access and who uses it; on a keyword, what it does.

use std::fmt::Write as _;

use handoff_analysis::Analysis;
use handoff_analysis::hir::{Model, Symbol, SystemId, TopicId};
use handoff_diagnostics::Span;
use handoff_syntax::tree::{ItemKind, SourceFile};
use handoff_syntax::words::{Clause, Modifier};

/// Markdown for the hover at `offset`, and the span it is about.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<(String, Span)> {
    let offset32 = offset as u32;
    let mut sections: Vec<String> = Vec::new();
    let mut span = None;
    let diagnostics: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.span.start <= offset32 && offset32 <= d.span.end)
        .collect();
    for d in &diagnostics {
        let mut text = format!(
            "**{}[{}/{}]** {}",
            d.severity.as_str(),
            d.lint.code(),
            d.lint.name(),
            d.message
        );
        if let Some(help) = &d.help {
            let _ = write!(text, "\n\nhelp: {help}");
        }
        let docs = d.lint.docs();
        for heading in ["What it does", "How to fix"] {
            if let Some(body) = docs.section(heading) {
                let _ = write!(text, "\n\n*{heading}.* {body}");
            }
        }
        sections.push(text);
        span.get_or_insert(d.span);
    }
    if let Some((symbol, at)) = analysis.model.symbol_at(offset32) {
        sections.push(match symbol {
            Symbol::Topic(id) => topic(&analysis.model, id),
            Symbol::System(id) => system(&analysis.model, id),
        });
        span = Some(at);
    } else if let Some((text, at)) = routing_phrase(&analysis.model, offset32) {
        sections.push(text);
        span.get_or_insert(at);
    } else if let Some((text, at)) = keyword(&analysis.tree, &analysis.text, offset) {
        sections.push(text);
        span.get_or_insert(at);
    }
    if sections.is_empty() {
        return None;
    }
    Some((sections.join("\n\n---\n\n"), span?))
}

/// A phrase that routes (`about`, `handoff when`, `must not`) under the
/// cursor: what else it matches in the file's languages.
fn routing_phrase(model: &Model, offset: u32) -> Option<(String, Span)> {
    let mut phrases = model.handoff_when.iter();
    let inside =
        |p: &&handoff_analysis::hir::Phrase| p.span.start <= offset && offset <= p.span.end;
    let phrase = phrases.find(inside).or_else(|| {
        model.topics.iter().find_map(|t| {
            t.about
                .iter()
                .chain(&t.must_not)
                .chain(&t.handoff_when)
                .find(inside)
        })
    })?;
    let vocabulary = handoff_text::vocab::Vocabulary::shared(
        model.languages.iter().map(|l| l.text.as_str()),
        model.matching.is_some_and(|(exact, _)| exact),
    );
    let also = vocabulary.also_matches(&phrase.text);
    let mut out = format!(
        "**`{}`** matches a message that has these words",
        phrase.text
    );
    if also.is_empty() {
        out.push_str(" as written (`matching exact`)");
    } else {
        out.push_str(", and also:\n");
        for line in also {
            let _ = write!(out, "\n- {line}");
        }
    }
    Some((out, phrase.span))
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

/// A topic's rules, as the agent will follow them.
fn topic(model: &Model, id: TopicId) -> String {
    let t = model.topic(id);
    let mut out = format!("**topic `{}`** — {}\n", t.name.text, t.title());
    let phrases = |list: &[handoff_analysis::hir::Phrase]| {
        list.iter().map(|p| p.text.clone()).collect::<Vec<_>>()
    };
    if let Some(risk) = t.risk.as_ref().and_then(|r| r.risk) {
        let _ = writeln!(out, "\n- risk: {}", risk.as_str());
    }
    if !t.about.is_empty() {
        let _ = writeln!(out, "- customers say: {}", list(&phrases(&t.about)));
    }
    for action in &t.may {
        let using = action
            .using
            .map(|u| format!(" (using `{}`)", model.system(u.system).name.text))
            .unwrap_or_default();
        let _ = writeln!(out, "- may {}{using}", action.phrase.text);
    }
    if !t.must_not.is_empty() {
        let _ = writeln!(
            out,
            "- must not: {} — a customer who asks for it goes to a person",
            list(&phrases(&t.must_not))
        );
    }
    if t.handoff_always.is_some() {
        let _ = writeln!(out, "- every conversation goes to a person");
    }
    if !t.handoff_when.is_empty() {
        let _ = writeln!(out, "- hands off when: {}", list(&phrases(&t.handoff_when)));
    }
    if !t.collect.is_empty() {
        let fields: Vec<String> = t
            .collect
            .iter()
            .map(|f| format!("{} ({})", f.name.text, f.ty.as_str()))
            .collect();
        let _ = writeln!(out, "- collects before handing off: {}", list(&fields));
    }
    let tests = model
        .tests
        .iter()
        .filter(|test| test.expect.topic().and_then(|r| r.topic) == Some(id))
        .count();
    let _ = writeln!(
        out,
        "- {tests} test{} expect{} it",
        if tests == 1 { "" } else { "s" },
        if tests == 1 { "s" } else { "" }
    );
    out
}

fn system(model: &Model, id: SystemId) -> String {
    let s = model.system(id);
    let access = Modifier::access(s.access);
    let users: Vec<String> = model
        .topics
        .iter()
        .filter(|t| {
            t.may
                .iter()
                .any(|a| a.using.is_some_and(|u| u.system == id))
        })
        .map(|t| format!("`{}`", t.name.text))
        .collect();
    let used = if users.is_empty() {
        "No topic uses it.".to_string()
    } else {
        format!("Used by {}.", users.join(", "))
    };
    format!(
        "**system `{}`: {}** — {} {used}",
        s.name.text,
        access.words(),
        access.summary()
    )
}

/// The keyword under the cursor: a declaration's or clause's leading
/// words, or a modifier word inside a line.
fn keyword(tree: &SourceFile, text: &str, offset: usize) -> Option<(String, Span)> {
    let at = offset as u32;
    let inside = |s: Span| s.start <= at && at < s.end.max(s.start + 1);
    for item in &tree.items {
        if inside(item.keyword) {
            let declaration = item.kind.declaration()?;
            return Some((
                describe(
                    declaration.words(),
                    declaration.summary(),
                    declaration.example(),
                ),
                item.keyword,
            ));
        }
        let clauses = match &item.kind {
            ItemKind::Topic(t) => &t.clauses,
            ItemKind::Log(l) => &l.clauses,
            _ => continue,
        };
        if let Some(c) = clauses.iter().find(|c| inside(c.keyword)) {
            let clause: Clause = c.kind.clause();
            return Some((
                describe(clause.words(), clause.summary(), clause.example()),
                c.keyword,
            ));
        }
    }
    // A modifier word: `using`, an access level, `fallback`'s value.
    let (start, end) = word_at(text, offset)?;
    let word = text[start..end].to_lowercase();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..]
        .lines()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let modifier = Modifier::ALL.iter().copied().find(|m| {
        let words = m.words();
        words.split(' ').any(|w| w == word)
            && match m {
                Modifier::Using => true,
                Modifier::Read | Modifier::Write | Modifier::WriteWithApproval => {
                    line.trim_start().starts_with("system") && line.contains(words)
                }
                Modifier::FallbackHandoff | Modifier::FallbackAnswer => {
                    line.trim_start().starts_with("fallback")
                }
                Modifier::MatchingEveryday | Modifier::MatchingExact => {
                    line.trim_start().starts_with("matching")
                }
                Modifier::NoTopic => line.contains("->"),
                Modifier::On | Modifier::Ok | Modifier::Breaks => {
                    line.trim_start().starts_with("test") && line.contains("reply")
                }
            }
    })?;
    let modifier = if modifier == Modifier::Write && line.contains("write with approval") {
        Modifier::WriteWithApproval
    } else {
        modifier
    };
    Some((
        describe(modifier.words(), modifier.summary(), modifier.example()),
        Span::new(start, end),
    ))
}

fn describe(words: &str, summary: &str, example: &str) -> String {
    format!(
        "**`{words}`** — {summary}\n\n```handoff\n{}\n```",
        example.trim()
    )
}

/// The word (letters, digits, `-`, `_`) around a byte offset.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + text[offset..]
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map_or(text.len() - offset, |(i, _)| i);
    (start < end).then_some((start, end))
}
