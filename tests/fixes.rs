//! A fix never makes the file worse. Every fix a diagnostic offers (and the
//! editor shows as a one-click quick fix) removes the diagnostic it was
//! offered for and adds none; applying all of them at once does not add any
//! either. Checked on the corpus, the examples, every check's documented
//! example, cases seen in the wild, and mutants of valid files: the slips a
//! person makes while typing.

use std::collections::BTreeMap;

use crate::common::{handoff_files, relative};
use handoff_analysis::Analysis;
use handoff_diagnostics::{Diagnostic, Edit, Lint, Severity};
use proptest::prelude::*;

/// What the property checked in one text.
#[derive(Debug, Default)]
struct Checked {
    diagnostics: usize,
    fixes: usize,
}

/// Diagnostics as a multiset of (check, message): places shift with edits.
fn bag(diagnostics: &[Diagnostic]) -> BTreeMap<(Lint, String), usize> {
    let mut bag = BTreeMap::new();
    for d in diagnostics {
        *bag.entry((d.lint, d.message.clone())).or_insert(0) += 1;
    }
    bag
}

/// The (check, message) pairs of `after` beyond those of `before`.
fn added(
    before: &BTreeMap<(Lint, String), usize>,
    after: &BTreeMap<(Lint, String), usize>,
) -> Vec<(Lint, String)> {
    after
        .iter()
        .filter(|(key, n)| before.get(*key).copied().unwrap_or(0) < **n)
        .map(|(key, _)| key.clone())
        .collect()
}

/// Whether a new diagnostic of check `new` may be one that fixing `fixed`
/// revealed rather than caused. A line with a syntax error is not in the
/// model, so fixing it lets the checks see it for the first time: what they
/// find there (`untested-topic` for a topic that now parses, a duplicate
/// the broken line hid) was the file's problem all along. In the same way an
/// unknown name or risk hides the warnings that depend on it (`risk bindng`
/// fixed to `binding` asks for a handoff rule). A fix never adds a syntax
/// error, and a fix of a warning reveals nothing.
fn revealed(fixed: Lint, new: Lint) -> bool {
    let error = fixed.default_severity() == Severity::Error;
    new != Lint::SyntaxError
        && error
        && (fixed == Lint::SyntaxError || new.default_severity() == Severity::Warning)
}

/// Applies edits that do not overlap, from the end of the text backwards.
fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.span.range(), &edit.replacement);
    }
    out
}

/// Where the text at `offset` stands after the edits.
fn shifted(offset: u32, edits: &[&Edit]) -> u32 {
    let mut moved = offset as i64;
    for edit in edits {
        if edit.span.end <= offset {
            moved += edit.replacement.len() as i64 - edit.span.len() as i64;
        } else if edit.span.start <= offset {
            moved -= (offset - edit.span.start) as i64;
        }
    }
    moved as u32
}

fn overlap(a: &Edit, b: &Edit) -> bool {
    // Two insertions at one place overlap too: their order would be a guess.
    a.span.start < b.span.end && b.span.start < a.span.end
        || a.span.start == b.span.start
        || a.span.end == b.span.end && (a.span.is_empty() || b.span.is_empty())
}

/// The property for one text: each fix alone removes its diagnostic and adds
/// none; all fixes together add none. Returns what it checked, or what went
/// wrong, with the text that shows it.
fn fixes_do_not_make_it_worse(text: &str) -> Result<Checked, String> {
    let analysis = Analysis::new(text);
    let before = bag(&analysis.diagnostics);
    let mut checked = Checked {
        diagnostics: analysis.diagnostics.len(),
        fixes: 0,
    };
    let mut all_edits: Vec<&Edit> = Vec::new();
    for d in &analysis.diagnostics {
        let Some(fix) = &d.fix else { continue };
        checked.fixes += 1;
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        for (i, a) in edits.iter().enumerate() {
            for b in &edits[i + 1..] {
                if overlap(a, b) {
                    return Err(format!("fix {:?} has overlapping edits", fix.title));
                }
            }
            if a.span.end as usize > text.len()
                || !text.is_char_boundary(a.span.start as usize)
                || !text.is_char_boundary(a.span.end as usize)
            {
                return Err(format!("fix {:?} edits outside the text", fix.title));
            }
        }
        let fixed = apply(text, &edits);
        let after = Analysis::new(fixed.as_str());
        let problem = |what: String| {
            format!(
                "fix {:?} for {} `{}`: {what}\n--- before\n{text}\n--- after\n{fixed}",
                fix.title,
                d.lint.name(),
                d.message
            )
        };
        let place = shifted(d.span.start, &edits);
        if after
            .diagnostics
            .iter()
            .any(|a| a.lint == d.lint && a.span.start == place && a.message == d.message)
        {
            return Err(problem("the diagnostic is still there".into()));
        }
        let mut expected = before.clone();
        if let Some(n) = expected.get_mut(&(d.lint, d.message.clone())) {
            *n -= 1;
        }
        let new: Vec<_> = added(&expected, &bag(&after.diagnostics))
            .into_iter()
            .filter(|(lint, _)| !revealed(d.lint, *lint))
            .map(|(lint, message)| format!("{}: {message}", lint.name()))
            .collect();
        if !new.is_empty() {
            return Err(problem(format!("it adds {new:#?}")));
        }
        if !all_edits
            .iter()
            .any(|e| edits.iter().any(|f| overlap(e, f)))
        {
            all_edits.extend(edits);
        }
    }
    if checked.fixes > 1 {
        let fixed = apply(text, &all_edits);
        let after = Analysis::new(fixed.as_str());
        let fixed_syntax = analysis
            .diagnostics
            .iter()
            .any(|d| d.fix.is_some() && d.lint == Lint::SyntaxError);
        let fixed_error = if fixed_syntax {
            Lint::SyntaxError
        } else {
            Lint::UnknownRisk
        };
        let new: Vec<_> = added(&before, &bag(&after.diagnostics))
            .into_iter()
            .filter(|(lint, _)| !revealed(fixed_error, *lint))
            .map(|(lint, message)| format!("{}: {message}", lint.name()))
            .collect();
        let errors = |a: &Analysis| a.diagnostics.iter().filter(|d| d.is_error()).count();
        if errors(&after) > errors(&analysis) || !new.is_empty() {
            return Err(format!(
                "all fixes together: {} diagnostics become {}, new: {new:#?}\n--- before\n{text}\n--- after\n{fixed}",
                analysis.diagnostics.len(),
                after.diagnostics.len()
            ));
        }
    }
    Ok(checked)
}

fn assert_property(text: &str, name: &str) -> Checked {
    fixes_do_not_make_it_worse(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn fixes_in_the_corpus_examples_and_docs_do_not_make_files_worse() {
    let mut files = handoff_files("tests/corpus/invalid");
    files.extend(handoff_files("tests/corpus/valid"));
    files.extend(handoff_files("examples"));
    let mut total = Checked::default();
    let mut count = |checked: Checked| {
        total.diagnostics += checked.diagnostics;
        total.fixes += checked.fixes;
    };
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        // The invalid-text file is not UTF-8 on purpose; its fixes are the
        // decoder's, checked on the decoded text like any other.
        let text = Analysis::from_bytes(bytes).text;
        count(assert_property(&text, &relative(path)));
    }
    for lint in Lint::ALL {
        if let Some(example) = lint.docs().example() {
            count(assert_property(example, lint.name()));
        }
    }
    // The corpus has enough fixes that this test cannot pass vacuously.
    assert!(total.fixes >= 30, "only {} fixes checked", total.fixes);
    eprintln!(
        "fixes: {} files and {} check examples, {} diagnostics, {} fixes",
        files.len(),
        Lint::ALL.len(),
        total.diagnostics,
        total.fixes
    );
}

/// Mistakes seen in real files: the diagnostic each gets, and the text its
/// fix makes (`None`: no fix can promise to help, the help line says what
/// to do).
#[test]
fn fixes_for_mistakes_seen_in_the_wild() {
    let b = "business \"x\"\n";
    let cases: &[(String, &str, Option<String>)] = &[
        (
            format!("{b}system booking calendar: read\n"),
            "a system name cannot contain spaces",
            Some(format!("{b}system booking-calendar: read\n")),
        ),
        (
            format!("{b}topic repair booking\n  about a\n"),
            "a topic name cannot contain spaces",
            Some(format!("{b}topic repair-booking:\n  about a\n")),
        ),
        (
            format!("{b}topic repair booking \"Repairs\"\n  about a\n"),
            "a topic name cannot contain spaces",
            Some(format!("{b}topic repair-booking \"Repairs\":\n  about a\n")),
        ),
        // The `:` lost before a clause is not a name with spaces.
        (
            format!("{b}topic hours about open\n"),
            "expected text in double quotes or `:`, but found `about`",
            Some(format!("{b}topic hours: about open\n")),
        ),
        (
            format!("{b}topic a:\n  about a\nhandoff always\n"),
            "`handoff always` is a topic clause",
            Some(format!("{b}topic a:\n  about a\n  handoff always\n")),
        ),
        // No topic above to indent it under.
        (
            format!("{b}handoff always\ntopic a:\n  about a\n"),
            "`handoff always` is a topic clause",
            None,
        ),
        (
            format!("{b}log: save question\nhandoff always\n"),
            "`handoff always` is a topic clause",
            None,
        ),
        // The block goes on below a clause that lost its indent: one error,
        // and indenting that line is the fix.
        (
            format!("{b}topic x:\nabout a\n  may b\n  must not c\n"),
            "`about` starts a clause",
            Some(format!("{b}topic x:\n  about a\n  may b\n  must not c\n")),
        ),
        // Removing the indent of a declaration inside a block would leave
        // the lines below it without their topic.
        (
            format!("{b}topic x:\n  about a\n  tone warm\n  may b\n"),
            "`tone` starts a declaration",
            None,
        ),
        (
            format!("{b}topic x:\n  about a\n  tone warm\n"),
            "`tone` starts a declaration",
            Some(format!("{b}topic x:\n  about a\ntone warm\n")),
        ),
        (
            format!("{b}tone warm\n  about a\n"),
            "it is not under a `topic` or `log:` line",
            None,
        ),
        (
            format!("{b}  tone warm\n"),
            "it is not under a `topic` or `log:` line",
            Some(format!("{b}tone warm\n")),
        ),
        (
            format!("{b}topic a:\n  about a\n  mustnot b\n"),
            "but found `mustnot`",
            Some(format!("{b}topic a:\n  about a\n  must not b\n")),
        ),
        (
            format!("{b}topic a:\n  about a\n  must-not b\n"),
            "but found `must-not`",
            Some(format!("{b}topic a:\n  about a\n  must not b\n")),
        ),
        (
            format!("{b}topic a:\n  about a\n  mustn't b\n"),
            "but found `mustn't`",
            Some(format!("{b}topic a:\n  about a\n  must not b\n")),
        ),
        (
            format!("{b}topic a:\n  about a\n  handoffwhen b\n"),
            "but found `handoffwhen`",
            Some(format!("{b}topic a:\n  about a\n  handoff when b\n")),
        ),
        (
            format!("{b}topic a:\n  about a\n  handoff-when b\n"),
            "but found `handoff-when`",
            Some(format!("{b}topic a:\n  about a\n  handoff when b\n")),
        ),
        (
            format!("{b}neverpromise b\n"),
            "`neverpromise` does not start a declaration",
            Some(format!("{b}never promise b\n")),
        ),
        (
            format!("{b}handoffwhen b\n"),
            "`handoffwhen` does not start a declaration",
            Some(format!("{b}handoff when b\n")),
        ),
        // A keyword fixed while the next word is wrong too: no fix.
        (
            format!("{b}topic a:\n  about a\n  mustn ot b\n"),
            "but found `mustn`",
            None,
        ),
        (
            format!(
                "{b}system booking-calendar: read\ntopic a:\n  about a\n  may b using calender\n"
            ),
            "no system named `calender`",
            Some(format!(
                "{b}system booking-calendar: read\ntopic a:\n  about a\n  may b using booking-calendar\n"
            )),
        ),
        // An arrow written another way is replaced, not doubled.
        (
            format!("{b}topic a:\n  about a\ntest \"hi\" > a\n"),
            "expected `->`, but found `>`",
            Some(format!("{b}topic a:\n  about a\ntest \"hi\" -> a\n")),
        ),
        (
            format!("{b}topic a:\n  about a\ntest \"hi\" a\n"),
            "expected `->`, but found `a`",
            Some(format!("{b}topic a:\n  about a\ntest \"hi\" -> a\n")),
        ),
        // Closing the quote would leave the header without its `:`.
        (
            format!("{b}topic menu \"Menu:\n  about a\n"),
            "this quoted text has no closing",
            None,
        ),
        (
            "busines \"Salon\"\ntopic a:\n  about a\n".to_string(),
            "`busines` does not start a declaration",
            Some("business \"Salon\"\ntopic a:\n  about a\n".to_string()),
        ),
    ];
    for (text, message, fixed) in cases {
        assert_property(text, text);
        let analysis = Analysis::new(text.as_str());
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("no `{message}` in {text:?}: {:#?}", analysis.diagnostics));
        assert!(d.help.is_some(), "{text:?}: no help");
        let got = d
            .fix
            .as_ref()
            .map(|fix| apply(text, &fix.edits.iter().collect::<Vec<_>>()));
        assert_eq!(got.as_ref(), fixed.as_ref(), "{text:?}");
    }
    // The misspelt business line is the business line: no second report
    // that the file has none, and no `business ""` to duplicate it.
    let analysis = Analysis::new("busines \"Salon\"\ntopic a:\n  about a\n");
    assert!(
        analysis
            .diagnostics
            .iter()
            .all(|d| d.lint != Lint::MissingBusiness)
    );
    // Without such a line the file still gets missing-business.
    let analysis = Analysis::new("topic a:\n  about a\n");
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.lint == Lint::MissingBusiness)
    );
}

const KEYWORDS: &[&str] = &[
    "business",
    "channels",
    "language",
    "tone",
    "never promise",
    "handoff when",
    "handoff always",
    "fallback",
    "system",
    "topic",
    "log",
    "test",
    "about",
    "risk",
    "may",
    "must not",
    "collect",
    "save",
    "redact",
    "using",
    "read",
    "write",
    "with approval",
];

/// One slip of the keyboard or the mind.
#[derive(Clone, Copy, Debug)]
enum Slip {
    DeleteChar,
    SwapNeighbours,
    DropIndent,
    JoinLines,
    DeletePunct,
    MisspellKeyword,
    LowerKeyword,
    UpperKeyword,
    JoinKeyword,
    SpaceInName,
}

const SLIPS: &[Slip] = &[
    Slip::DeleteChar,
    Slip::SwapNeighbours,
    Slip::DropIndent,
    Slip::JoinLines,
    Slip::DeletePunct,
    Slip::MisspellKeyword,
    Slip::LowerKeyword,
    Slip::UpperKeyword,
    Slip::JoinKeyword,
    Slip::SpaceInName,
];

fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices().map(|(i, _)| i).collect()
}

/// Whole-word places of keywords in `text` (any case).
fn keyword_places(text: &str) -> Vec<(usize, &'static str)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return Vec::new();
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut places = Vec::new();
    for keyword in KEYWORDS {
        for (at, _) in lower.match_indices(keyword) {
            let before = lower[..at].chars().next_back();
            let after = lower[at + keyword.len()..].chars().next();
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                places.push((at, *keyword));
            }
        }
    }
    places.sort();
    places
}

/// `text` with `slip` made at the place `pick` chooses; `None` when the text
/// has no such place.
fn mutate(text: &str, slip: Slip, pick: prop::sample::Index, letter: char) -> Option<String> {
    let mut out = text.to_string();
    match slip {
        Slip::DeleteChar => {
            let starts = char_starts(text);
            let at = *pick.get(&starts);
            let len = text[at..].chars().next()?.len_utf8();
            out.replace_range(at..at + len, "");
        }
        Slip::SwapNeighbours => {
            let starts = char_starts(text);
            if starts.len() < 2 {
                return None;
            }
            let at = starts[pick.index(starts.len() - 1)];
            let mut chars = text[at..].chars();
            let (a, b) = (chars.next()?, chars.next()?);
            out.replace_range(at..at + a.len_utf8() + b.len_utf8(), &format!("{b}{a}"));
        }
        Slip::DropIndent => {
            let indented: Vec<usize> = line_starts(text)
                .into_iter()
                .filter(|&s| text[s..].starts_with([' ', '\t']))
                .collect();
            if indented.is_empty() {
                return None;
            }
            let at = *pick.get(&indented);
            let indent = text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len();
            out.replace_range(at..at + indent, "");
        }
        Slip::JoinLines => {
            let ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
            if ends.is_empty() {
                return None;
            }
            let at = *pick.get(&ends);
            out.replace_range(at..at + 1, " ");
        }
        Slip::DeletePunct => {
            let marks: Vec<usize> = text
                .match_indices([':', ',', ';', '"'])
                .map(|(i, _)| i)
                .collect();
            if marks.is_empty() {
                return None;
            }
            let at = *pick.get(&marks);
            out.replace_range(at..at + 1, "");
        }
        Slip::MisspellKeyword
        | Slip::LowerKeyword
        | Slip::UpperKeyword
        | Slip::JoinKeyword
        | Slip::SpaceInName => {
            let places = keyword_places(text);
            if places.is_empty() {
                return None;
            }
            let (at, keyword) = *pick.get(&places);
            let written = &text[at..at + keyword.len()];
            let replacement = match slip {
                Slip::MisspellKeyword => misspell(written, pick.index(4), letter),
                Slip::LowerKeyword => written.to_lowercase(),
                Slip::UpperKeyword => written.to_uppercase(),
                Slip::JoinKeyword => {
                    let joiner = ["", "-", "_"][pick.index(3)];
                    written.replacen(' ', joiner, 1)
                }
                _ => {
                    // A space inside the name that follows the keyword.
                    let rest = &text[at + keyword.len()..];
                    let name_start = rest.len() - rest.trim_start_matches(' ').len();
                    let name: String = rest[name_start..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    let cut = name
                        .char_indices()
                        .nth(1 + pick.index(name.chars().count().max(2) - 1))?
                        .0;
                    let at = at + keyword.len() + name_start + cut;
                    out.insert(at, ' ');
                    return Some(out);
                }
            };
            out.replace_range(at..at + keyword.len(), &replacement);
        }
    }
    (out != text).then_some(out)
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&s| s < text.len())
        .collect()
}

/// A keyword misspelt one of four ways: a letter dropped, doubled, replaced
/// or two letters swapped.
fn misspell(word: &str, how: usize, letter: char) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mid = chars.len() / 2;
    let mut out = chars.clone();
    match how {
        0 => {
            out.remove(mid);
        }
        1 => out.insert(mid, chars[mid]),
        2 => out[mid] = letter,
        _ if chars.len() > 1 => out.swap(mid - 1, mid),
        _ => out.push(letter),
    }
    out.into_iter().collect()
}

fn valid_files() -> Vec<String> {
    let mut files = handoff_files("tests/corpus/valid");
    files.extend(handoff_files("examples"));
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

proptest! {
    // PROPTEST_CASES=20000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn fixes_do_not_make_mutants_worse(
        file in prop::sample::select(valid_files()),
        slips in prop::collection::vec(
            (prop::sample::select(SLIPS), any::<prop::sample::Index>(), prop::char::range('a', 'z')),
            1..3,
        ),
    ) {
        let mut text = file;
        for (slip, pick, letter) in slips {
            if let Some(mutant) = mutate(&text, slip, pick, letter) {
                text = mutant;
            }
        }
        if let Err(e) = fixes_do_not_make_it_worse(&text) {
            prop_assert!(false, "{}", e);
        }
    }
}
