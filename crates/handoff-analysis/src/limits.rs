//! The largest file, line and list handoff reads (docs/language.md,
//! "Limits"). Past them it reports one clear error instead of running out of
//! memory or time: a file over the size is not read at all, a file with an
//! over-long line is not parsed, and a topic with an over-long list is not
//! checked (the checks that compare a topic's phrases pairwise would take
//! minutes).

use handoff_diagnostics::{Diagnostic, Lint, Span};

use crate::hir::{Model, Phrase};

/// 256 MiB: well above the 100 MB files of the benchmark, and far below the
/// 4 GiB that byte offsets (`u32`) can address.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// 64 KiB in one line: a very long one-line topic or a whole e-mail pasted
/// into a test is a few kilobytes; long lists continue on the next line.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Phrases of one kind in one topic (all its `may` clauses together, say)
/// or one top-level declaration. Real topics have a few dozen at most.
pub const MAX_LIST_PHRASES: usize = 1_000;

/// The file's size and every line's length.
pub(crate) fn text(text: &str) -> Vec<Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        return vec![
            Diagnostic::new(
                Lint::OverLimit,
                Span::new(0, 0),
                format!(
                    "this file is {} bytes; handoff reads rule files of at most {} bytes (256 MiB)",
                    thousands(text.len()),
                    thousands(MAX_FILE_BYTES)
                ),
            )
            .with_help("split the rules into several files"),
        ];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.len() > MAX_LINE_BYTES {
            out.push(
                Diagnostic::new(
                    Lint::OverLimit,
                    Span::new(start, start + content.len()),
                    format!(
                        "this line is {} bytes long; a line may be at most {} bytes (64 KiB), \
                         so the file was not read further",
                        thousands(content.len()),
                        thousands(MAX_LINE_BYTES)
                    ),
                )
                .with_label("line too long")
                .with_help(
                    "break the list after a comma and continue it on the next, more deeply \
                     indented line",
                ),
            );
        }
        start += line.len();
    }
    out
}

/// Every list of the model that is longer than the limit.
pub(crate) fn phrases(model: &Model) -> Vec<Diagnostic> {
    let mut lists: Vec<(&str, Vec<&Phrase>)> = vec![
        ("tone", model.tone.iter().collect()),
        ("staff", model.staff.iter().collect()),
        ("never promise", model.never_promise.iter().collect()),
        ("handoff when", model.handoff_when.iter().collect()),
        ("language", model.languages.iter().collect()),
    ];
    if let Some(log) = &model.log {
        lists.push(("save", log.save.iter().collect()));
        lists.push(("redact", log.redact.iter().collect()));
    }
    for topic in &model.topics {
        lists.push(("about", topic.about.iter().collect()));
        lists.push(("may", topic.may.iter().map(|a| &a.phrase).collect()));
        lists.push(("must not", topic.must_not.iter().collect()));
        lists.push(("handoff when", topic.handoff_when.iter().collect()));
        lists.push(("collect", topic.collect.iter().map(|f| &f.name).collect()));
    }
    lists
        .into_iter()
        .filter(|(_, list)| list.len() > MAX_LIST_PHRASES)
        .map(|(what, list)| {
            let first_over = list[MAX_LIST_PHRASES].span;
            Diagnostic::new(
                Lint::OverLimit,
                first_over,
                format!(
                    "`{what}` lists {} phrases here; one list may have at most {}, so the \
                     rules were not checked",
                    thousands(list.len()),
                    thousands(MAX_LIST_PHRASES)
                ),
            )
            .with_label("phrase over the limit")
            .with_help("keep the phrases customers really use; split a very broad topic in two")
        })
        .collect()
}

/// 1234567 as `1,234,567`, as people read numbers.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(super::thousands(65_536), "65,536");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(268_435_456), "268,435,456");
    }
}
