//! The conformance corpus.
//!
//! - `corpus/valid/*.handoff` and `examples/*.handoff` must check clean, and
//!   their compiled policy and prompt are snapshots; a BOM/CRLF copy must
//!   compile to the same policy.
//! - `corpus/invalid/*.handoff` carry their expectations next to them: a
//!   `#~ NAME [NAME...]` comment at the end of a line says which checks fire
//!   on that line, and every diagnostic must be annotated. The human report
//!   of the real binary is a snapshot.
//! - Every check has at least one invalid file, and the examples of
//!   LANGUAGE.md (copied into the corpus) are accepted as written.
//! - Every example tests a handoff in each non-English language it declares.

use std::collections::BTreeMap;

use crate::common::{handoff, handoff_files, relative, root, snapshot_name};
use handoff_analysis::Analysis;
use handoff_diagnostics::Lint;

/// `#~ NAME...` annotations: line -> sorted check names.
fn annotations(text: &str) -> BTreeMap<u32, Vec<String>> {
    let mut expected = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        if let Some(at) = line.find("#~") {
            let mut names: Vec<String> = line[at + 2..]
                .split_whitespace()
                .map(str::to_string)
                .collect();
            names.sort();
            expected.insert(index as u32 + 1, names);
        }
    }
    expected
}

fn reported(analysis: &Analysis) -> BTreeMap<u32, Vec<String>> {
    let mut found: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for d in &analysis.diagnostics {
        let line = analysis.line_col(d.span.start).line;
        found
            .entry(line)
            .or_default()
            .push(d.lint.name().to_string());
    }
    for names in found.values_mut() {
        names.sort();
    }
    found
}

fn valid_files() -> Vec<std::path::PathBuf> {
    let mut files = handoff_files("tests/corpus/valid");
    files.extend(handoff_files("examples"));
    files
}

#[test]
fn valid_files_check_clean_and_compile_to_their_snapshots() {
    for path in valid_files() {
        let bytes = std::fs::read(&path).unwrap();
        let analysis = Analysis::from_bytes(bytes.clone());
        assert!(
            analysis.diagnostics.is_empty(),
            "{}: {:#?}",
            relative(&path),
            analysis.diagnostics
        );
        let policy = handoff_emit::emit(&analysis.policy, handoff_emit::Target::Policy);
        let prompt = handoff_emit::emit(&analysis.policy, handoff_emit::Target::Prompt);
        insta::assert_snapshot!(snapshot_name(&path, ".policy.json"), policy);
        insta::assert_snapshot!(snapshot_name(&path, ".prompt.md"), prompt);
        // The same input gives byte-identical output.
        let again = Analysis::from_bytes(bytes.clone());
        assert_eq!(
            handoff_emit::emit(&again.policy, handoff_emit::Target::Policy),
            policy
        );
        assert_eq!(
            handoff_emit::emit(&again.policy, handoff_emit::Target::Prompt),
            prompt
        );
    }
}

#[test]
fn bom_and_crlf_copies_compile_to_the_same_policy() {
    for path in valid_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let plain = Analysis::new(text.clone()).policy;
        let odd = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
        let analysis = Analysis::from_bytes(odd.into_bytes());
        assert!(analysis.diagnostics.is_empty(), "{}", relative(&path));
        assert_eq!(analysis.policy, plain, "{}", relative(&path));
    }
}

#[test]
fn invalid_files_report_exactly_their_annotated_checks() {
    for path in handoff_files("tests/corpus/invalid") {
        let bytes = std::fs::read(&path).unwrap();
        let analysis = Analysis::from_bytes(bytes.clone());
        let expected = annotations(&String::from_utf8_lossy(&bytes));
        assert!(
            !expected.is_empty(),
            "{} has no #~ annotation",
            relative(&path)
        );
        assert_eq!(
            reported(&analysis),
            expected,
            "{}: reported (left) and annotated (right) checks differ",
            relative(&path)
        );
        let file = relative(&path);
        let run = handoff(&["check", "--color", "never", &file]);
        assert_eq!(
            run.code,
            i32::from(analysis.has_errors()),
            "{file}: exit code"
        );
        insta::assert_snapshot!(snapshot_name(&path, ".diagnostics"), run.stdout);
    }
}

#[test]
fn every_check_has_an_invalid_corpus_file_named_after_it() {
    let names: Vec<String> = handoff_files("tests/corpus/invalid")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for lint in Lint::ALL {
        assert!(
            names.iter().any(|n| n.starts_with(lint.name())),
            "no corpus file for {}",
            lint.name()
        );
    }
}

#[test]
fn several_mistakes_are_all_reported_and_the_rest_is_still_checked() {
    let path = root().join("tests/corpus/invalid/syntax-error.handoff");
    let analysis = Analysis::from_bytes(std::fs::read(path).unwrap());
    let syntax: Vec<u32> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.lint == Lint::SyntaxError)
        .map(|d| analysis.line_col(d.span.start).line)
        .collect();
    assert_eq!(syntax, [4, 7, 8, 10]);
    // Checked after three syntax errors, in a topic that had one.
    assert!(
        analysis
            .diagnostics
            .iter()
            .any(|d| d.lint == Lint::DuplicateTopic)
    );
    let booking = analysis.policy.topic("booking").unwrap();
    assert_eq!(booking.must_not[0].text, "confirm");
    assert_eq!(booking.collect[0].name, "day");
}

/// The handoff examples of a Markdown page, in order.
fn handoff_blocks(doc: &str) -> Vec<&str> {
    doc.split("```handoff\n")
        .skip(1)
        .map(|block| &block[..block.find("```").unwrap()])
        .collect()
}

/// The project keeps its own copy of the design's examples, so the test of
/// what LANGUAGE.md promises runs in any clone.
const LANGUAGE_COPY: &str = "tests/corpus/valid/language-md.handoff";

#[test]
fn language_md_examples_are_accepted_as_written() {
    let copy = std::fs::read_to_string(root().join(LANGUAGE_COPY)).unwrap();
    let analysis = Analysis::new(copy.as_str());
    assert!(
        analysis.diagnostics.is_empty(),
        "{:#?}",
        analysis.diagnostics
    );
}

#[test]
fn the_copy_of_language_md_is_current() {
    // shared/ sits beside the repository in development and in CI.
    let path = root().join("../shared/LANGUAGE.md");
    let Ok(doc) = std::fs::read_to_string(&path) else {
        let message = format!("{} is not here to compare the copy with", path.display());
        assert!(std::env::var_os("CI").is_none(), "{message}");
        crate::common::skipped(&message);
        return;
    };
    let blocks = handoff_blocks(&doc);
    assert!(!blocks.is_empty(), "LANGUAGE.md has handoff examples");
    let copy = std::fs::read_to_string(root().join(LANGUAGE_COPY)).unwrap();
    for block in blocks {
        assert!(
            copy.contains(block),
            "{LANGUAGE_COPY} lacks this example of LANGUAGE.md:\n{block}"
        );
    }
}

#[test]
fn every_check_documents_an_example_that_triggers_it() {
    for lint in Lint::ALL {
        let example = lint.docs().example().unwrap();
        // Invalid text cannot be shown in Markdown: the example adds it.
        let source = match lint {
            Lint::InvalidText => example.replace("Salon", "Sal\0on"),
            // Nor a list past the limit: the example lengthens its own.
            Lint::OverLimit => example.replace(
                "about book",
                &format!("about {}", vec!["book"; 1_001].join(", ")),
            ),
            _ => example.to_string(),
        };
        let analysis = Analysis::new(source);
        assert!(
            analysis.diagnostics.iter().any(|d| d.lint == *lint),
            "the example of {} does not trigger it: {:#?}",
            lint.name(),
            analysis.diagnostics
        );
    }
}

/// Everyday words of each language an example declares besides English. A
/// test message filed under a language uses at least one of them and none of
/// `ENGLISH_WORDS`, so a marker cannot pass an English sentence off as
/// Swedish. A rough check, but one that fails on the mistake it is for.
const EVERYDAY_WORDS: &[(&str, &[&str])] = &[
    (
        "de",
        &[
            "ich", "ihr", "sie", "wir", "ist", "habt", "mein", "meine", "der", "die", "das", "und",
            "nicht", "kann", "können", "wann", "was", "wie", "auf", "einen", "euch", "mich", "mir",
        ],
    ),
    (
        "sv",
        &[
            "jag", "ni", "du", "vi", "är", "har", "kan", "min", "mitt", "en", "ett", "och", "på",
            "med", "var", "hur", "när", "inte", "den", "vill", "få", "mig", "men",
        ],
    ),
    (
        "fi",
        &[
            "onko",
            "on",
            "ja",
            "ei",
            "minä",
            "minulle",
            "teillä",
            "voinko",
            "voitteko",
            "missä",
            "mikä",
            "kestääkö",
            "taas",
        ],
    ),
    (
        "it",
        &[
            "il", "la", "un", "una", "è", "per", "di", "con", "siete", "avete", "vorrei",
            "possiamo", "mio", "nostro", "voglio", "e", "alle",
        ],
    ),
];

const ENGLISH_WORDS: &[&str] = &[
    "the", "is", "are", "you", "your", "my", "can", "do", "have", "what", "where", "how", "and",
    "to", "we", "our", "of", "for", "this", "with",
];

/// Each example groups its test lines under a comment that names a declared
/// language (`# sv: Swedish customers`). For every declared language but
/// English there must be such a group, written in that language, with a test
/// that expects a handoff and gets it: the `handoff when` and `must not`
/// phrases work for those customers, not only for English ones.
#[test]
fn every_example_tests_a_handoff_in_each_language_it_declares() {
    for path in handoff_files("examples") {
        let file = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = Analysis::new(text.as_str());
        let policy = &analysis.policy;
        let tags: Vec<&str> = policy.languages.iter().map(|l| l.tag.as_str()).collect();
        // line -> the language its test is filed under.
        let mut language_of_line = BTreeMap::new();
        let mut current = None;
        for (index, line) in text.lines().enumerate() {
            if let Some(comment) = line.strip_prefix("# ") {
                let first = comment.split([':', ' ']).next().unwrap_or("");
                if tags.contains(&first) {
                    current = Some(first);
                }
            }
            if let Some(tag) = current {
                language_of_line.insert(index as u32 + 1, tag);
            }
        }
        let router = handoff_route::Router::new(policy);
        for &tag in &tags {
            if tag == "en" || tag.starts_with("en-") {
                continue;
            }
            let Some((_, everyday)) = EVERYDAY_WORDS.iter().find(|(t, _)| *t == tag) else {
                panic!("{file} declares `{tag}`: add everyday words of it to EVERYDAY_WORDS");
            };
            let tests: Vec<_> = policy
                .tests
                .iter()
                .filter(|t| language_of_line.get(&t.span.line) == Some(&tag))
                .collect();
            for test in &tests {
                let normalized = handoff_text::normalize(&test.message);
                let words = handoff_text::words(&normalized);
                assert!(
                    words.iter().any(|w| everyday.contains(w))
                        && !words.iter().any(|w| ENGLISH_WORDS.contains(w)),
                    "{file}:{}: {:?} is filed under `# {tag}` but does not read as {tag}",
                    test.span.line,
                    test.message
                );
            }
            assert!(
                tests
                    .iter()
                    .any(|t| t.expect.handoff && router.route(&t.message).meets(&t.expect)),
                "{file} declares `{tag}` but no test under `# {tag}` expects a handoff and gets it"
            );
        }
    }
}
