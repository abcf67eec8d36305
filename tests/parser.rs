//! The syntax as data (issue 24): `tests/parser/ok/*.handoff` parse with no
//! diagnostic, and the tree each gives is a snapshot; `tests/parser/err/`
//! files do not parse, and their syntax diagnostics and the tree recovery
//! keeps are a snapshot; `tests/parser/fmt/NAME.handoff` formats to
//! `NAME.formatted` (and that is already in canonical form).
//!
//! The tree is printed with the source text under every span, so a snapshot
//! shows what each place covers, not only numbers (line:column, columns in
//! characters, both from 1).

use std::fmt::Write;

use handoff_diagnostics::{Diagnostic, Span};
use handoff_syntax::tree::*;

use crate::common::{handoff_files, relative, snapshot_name};

struct Printer<'a> {
    text: &'a str,
    out: String,
}

impl Printer<'_> {
    fn at(&self, span: Span) -> String {
        let line = |offset: u32| {
            let before = &self.text[..offset as usize];
            let line = before.matches('\n').count() + 1;
            let start_of_line = before.rfind('\n').map_or(0, |at| at + 1);
            let column = before[start_of_line..].chars().count() + 1;
            format!("{line}:{column}")
        };
        format!("{}..{}", line(span.start), line(span.end))
    }

    fn source(&self, span: Span) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    fn line(&mut self, depth: usize, what: impl std::fmt::Display) {
        writeln!(self.out, "{:width$}{what}", "", width = depth * 2).unwrap();
    }

    fn phrase(&mut self, depth: usize, role: &str, phrase: &Phrase) {
        let quoted = if phrase.quoted { " quoted" } else { "" };
        let line = format!(
            "{role} {:?}{quoted} @ {} `{}`",
            phrase.text,
            self.at(phrase.span),
            self.source(phrase.span)
        );
        self.line(depth, line);
    }

    fn phrases(&mut self, depth: usize, role: &str, phrases: &[Phrase]) {
        for phrase in phrases {
            self.phrase(depth, role, phrase);
        }
    }

    fn name(&mut self, depth: usize, role: &str, name: &Name) {
        let line = format!("{role} {:?} @ {}", name.text, self.at(name.span));
        self.line(depth, line);
    }

    fn item(&mut self, item: &Item) {
        let head = format!(
            "{} @ {} keyword `{}`",
            item.kind.declaration().map_or("error line", |d| d.words()),
            self.at(item.span),
            self.source(item.keyword)
        );
        self.line(0, head);
        match &item.kind {
            ItemKind::Business(phrase) => self.phrase(1, "name", phrase),
            ItemKind::Channels(list)
            | ItemKind::Language(list)
            | ItemKind::Tone(list)
            | ItemKind::NeverPromise(list)
            | ItemKind::HandoffWhen(list)
            | ItemKind::Staff(list) => self.phrases(1, "phrase", list),
            ItemKind::Fallback(fallback) => {
                let line = format!("action {:?} @ {}", fallback.action, self.at(fallback.span));
                self.line(1, line);
            }
            ItemKind::Matching(matching) => {
                let line = format!("exact {} @ {}", matching.exact, self.at(matching.span));
                self.line(1, line);
            }
            ItemKind::System(system) => {
                self.name(1, "name", &system.name);
                let line = format!(
                    "access {:?} @ {}",
                    system.access,
                    self.at(system.access_span)
                );
                self.line(1, line);
            }
            ItemKind::Topic(topic) => {
                self.name(1, "name", &topic.name);
                if let Some(title) = &topic.title {
                    self.phrase(1, "title", title);
                }
                self.clauses(&topic.clauses);
            }
            ItemKind::Log(log) => self.clauses(&log.clauses),
            ItemKind::Test(test) => {
                self.phrase(1, "message", &test.message);
                let expect = match &test.expect {
                    Expect::Answered(name) => format!("answered by {:?}", name.text),
                    Expect::Handoff(None) => "handoff".to_string(),
                    Expect::Handoff(Some(name)) => format!("handoff on {:?}", name.text),
                    Expect::NoTopic => "no topic".to_string(),
                };
                let line = format!("expect {expect} @ {}", self.at(test.expect_span));
                self.line(1, line);
            }
            ItemKind::ReplyTest(test) => {
                self.phrase(1, "reply", &test.reply);
                if let Some(topic) = &test.topic {
                    self.name(1, "on", topic);
                }
                let line = format!("expect @ {}", self.at(test.expect_span));
                self.line(1, line);
                match &test.expect {
                    ReplyExpect::Ok => self.line(2, "ok"),
                    ReplyExpect::Breaks(phrase) => self.phrase(2, "breaks", phrase),
                }
            }
            ItemKind::Error => {}
        }
    }

    fn clauses(&mut self, clauses: &[Clause]) {
        for clause in clauses {
            let head = format!(
                "{} @ {} keyword `{}`",
                clause.kind.keyword(),
                self.at(clause.span),
                self.source(clause.keyword)
            );
            self.line(1, head);
            match &clause.kind {
                ClauseKind::About(list)
                | ClauseKind::MustNot(list)
                | ClauseKind::HandoffWhen(list)
                | ClauseKind::Save(list)
                | ClauseKind::Redact(list) => self.phrases(2, "phrase", list),
                ClauseKind::Risk(phrase) => self.phrase(2, "level", phrase),
                ClauseKind::May { actions, using } => {
                    self.phrases(2, "action", actions);
                    if let Some(system) = using {
                        self.name(2, "using", system);
                    }
                }
                ClauseKind::HandoffAlways => {}
                ClauseKind::Collect(fields) => {
                    for field in fields {
                        self.phrase(2, "field", &field.name);
                        if let Some(ty) = &field.ty {
                            self.phrase(3, "type", ty);
                        }
                    }
                }
            }
        }
    }

    fn diagnostic(&mut self, diagnostic: &Diagnostic) {
        let head = format!(
            "{}[{}] {} @ {} `{}`",
            diagnostic.severity.as_str(),
            diagnostic.lint.name(),
            diagnostic.message,
            self.at(diagnostic.span),
            self.source(diagnostic.span)
        );
        self.line(0, head);
        if let Some(label) = &diagnostic.label {
            self.line(1, format!("label: {label}"));
        }
        if let Some(help) = &diagnostic.help {
            self.line(1, format!("help: {help}"));
        }
        if let Some(fix) = &diagnostic.fix {
            self.line(1, format!("fix: {}", fix.title));
            for edit in &fix.edits {
                let line = format!(
                    "replace {} `{}` with {:?}",
                    self.at(edit.span),
                    self.source(edit.span),
                    edit.replacement
                );
                self.line(2, line);
            }
        }
    }
}

fn print(text: &str, parse: &handoff_syntax::Parse) -> String {
    let mut printer = Printer {
        text,
        out: String::new(),
    };
    for diagnostic in &parse.diagnostics {
        printer.diagnostic(diagnostic);
    }
    if !parse.diagnostics.is_empty() {
        printer.line(0, "---");
    }
    for item in &parse.tree.items {
        printer.item(item);
    }
    for comment in &parse.tree.comments {
        let place = if comment.own_line {
            "own line"
        } else {
            "line end"
        };
        let line = format!(
            "comment ({place}) @ {} `{}`",
            printer.at(comment.span),
            printer.source(comment.span)
        );
        printer.line(0, line);
    }
    printer.out
}

fn snapshot(path: &std::path::Path, printed: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_input_file(path);
    settings.set_prepend_module_to_snapshot(false);
    let name = format!("parser__{}", snapshot_name(path, ""));
    settings.bind(|| insta::assert_snapshot!(name, printed));
}

#[test]
fn ok_files_parse_clean_to_their_trees() {
    let files = handoff_files("tests/parser/ok");
    assert!(files.len() >= 8, "the ok set has {} files", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let parse = handoff_syntax::parse(&text);
        assert!(
            parse.diagnostics.is_empty(),
            "{}: {:#?}",
            relative(&path),
            parse.diagnostics
        );
        assert!(
            !parse.tree.items.iter().any(|i| i.kind == ItemKind::Error),
            "{}: an error line with no diagnostic",
            relative(&path)
        );
        snapshot(&path, &print(&text, &parse));
    }
}

#[test]
fn err_files_fail_where_they_say_and_keep_the_rest() {
    let files = handoff_files("tests/parser/err");
    assert!(files.len() >= 8, "the err set has {} files", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let parse = handoff_syntax::parse(&text);
        let errors: Vec<&Diagnostic> = parse.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(!errors.is_empty(), "{}: no syntax error", relative(&path));
        // Each file marks its broken lines with `#!` so the expectation is
        // beside the text, not only in the snapshot.
        let marked: Vec<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains("#!"))
            .map(|(index, _)| index as u32 + 1)
            .collect();
        let mut found: Vec<u32> = errors
            .iter()
            .map(|d| text[..d.span.start as usize].matches('\n').count() as u32 + 1)
            .collect();
        found.sort_unstable();
        found.dedup();
        assert_eq!(found, marked, "{}: errors on these lines", relative(&path));
        for error in &errors {
            assert!(
                error.help.is_some(),
                "{}: {error:?} has no help",
                relative(&path)
            );
        }
        snapshot(&path, &print(&text, &parse));
    }
}

#[test]
fn fmt_pairs_format_to_their_after_text() {
    let files = handoff_files("tests/parser/fmt");
    assert!(files.len() >= 4, "the fmt set has {} pairs", files.len());
    for path in files {
        let before = std::fs::read_to_string(&path).unwrap();
        let after = std::fs::read_to_string(path.with_extension("formatted"))
            .unwrap_or_else(|e| panic!("{}: no .formatted beside it: {e}", relative(&path)));
        let formatted = handoff_fmt::format(&before)
            .unwrap_or_else(|e| panic!("{}: does not format: {e:?}", relative(&path)));
        assert_eq!(formatted, after, "{}", relative(&path));
        assert_eq!(
            handoff_fmt::format(&after).unwrap(),
            after,
            "{}: not canonical",
            relative(&path)
        );
    }
}
