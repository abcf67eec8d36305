//! The limits of docs/language.md ("Limits"): past each one, a clear error
//! and no attempt to read on; at each one, a normal analysis. And a compiled
//! policy that `handoff route` cannot use names the field that is wrong.

use crate::common::handoff;
use handoff_analysis::Analysis;
use handoff_analysis::limits::{MAX_FILE_BYTES, MAX_LINE_BYTES, MAX_LIST_PHRASES};
use handoff_diagnostics::Lint;

fn over_limit(source: &str) -> Vec<String> {
    Analysis::new(source)
        .diagnostics
        .into_iter()
        .filter(|d| d.lint == Lint::OverLimit)
        .map(|d| d.message)
        .collect()
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.handoff");
    // A sparse file: the size is real, the disk use is not.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES as u64 + 1).unwrap();
    for command in ["check", "build", "fmt", "test"] {
        let run = handoff(&[command, &path.to_string_lossy()]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("is 256.0 MiB; handoff reads rule files of at most 256 MiB"),
            "{command}: {}",
            run.stderr
        );
    }
    let path = path.to_string_lossy();
    for args in [["route", &path, "hello"], ["diff", &path, &path]] {
        let run = handoff(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("at most 256 MiB"), "{}", run.stderr);
    }
}

#[test]
fn the_analysis_refuses_a_text_over_the_size_limit() {
    let text = "#".repeat(MAX_FILE_BYTES + 1);
    let analysis = Analysis::new(text);
    assert_eq!(analysis.diagnostics.len(), 1);
    assert!(
        analysis.diagnostics[0]
            .message
            .contains("handoff reads rule files of at most 268,435,456 bytes"),
        "{}",
        analysis.diagnostics[0].message
    );
}

#[test]
fn a_line_over_the_length_limit_is_an_error_at_that_line() {
    let long = format!(
        "business \"A\"\n# {}\ntopic t: about x\n",
        "x".repeat(MAX_LINE_BYTES)
    );
    let messages = over_limit(&long);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("this line is 65,538 bytes long; a line may be at most 65,536"));
    let d = &Analysis::new(long.as_str()).diagnostics;
    assert_eq!(d[0].span.start, 13, "the span starts at the long line");
    // At the limit, the line is read as usual.
    let at_limit = format!("business \"A\"\n#{}\n", "x".repeat(MAX_LINE_BYTES - 1));
    assert!(over_limit(&at_limit).is_empty());
    // And the CLI reports it as the error it is.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.handoff");
    std::fs::write(&path, &long).unwrap();
    let run = handoff(&["check", &path.to_string_lossy()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("H015/over-limit"), "{}", run.stdout);
}

#[test]
fn a_list_over_the_phrase_limit_is_an_error_at_the_first_phrase_past_it() {
    let list = |n: usize| {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let at_limit = format!("topic t:\n  about x\n  may {}\n", list(MAX_LIST_PHRASES));
    assert!(over_limit(&at_limit).is_empty());
    let over = format!(
        "topic t:\n  about x\n  may {}\n  may w1000\n",
        list(MAX_LIST_PHRASES)
    );
    let messages = over_limit(&over);
    assert_eq!(
        messages,
        [
            "`may` lists 1,001 phrases here; one list may have at most 1,000, so the rules were not checked"
        ]
    );
    // The pairwise checks are skipped, so a huge topic is answered quickly.
    let huge = format!(
        "topic t:\n  about x\n  may {}\n  must not {}\n",
        list(5_000),
        list(5_000)
    );
    let start = std::time::Instant::now();
    assert_eq!(over_limit(&huge).len(), 2);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
}

#[test]
fn route_names_what_is_wrong_with_a_policy_json() {
    let dir = tempfile::tempdir().unwrap();
    let stored =
        std::fs::read_to_string(crate::common::root().join("tests/routing/salon.policy.json"))
            .unwrap();
    let cases = [
        (
            stored.replacen("\"format_version\": \"1.", "\"format_version\": \"2.", 1),
            "is not a version this handoff reads (it reads 1.x)",
        ),
        (
            stored.replacen("\"risk\": \"fact\"", "\"risk\": \"hot\"", 1),
            "topics[0].risk: unknown variant `hot`",
        ),
        (
            stored.replacen("\"about\": [", "\"abut\": [", 1),
            "topics[0]: missing field `about`",
        ),
        (
            "{\"format_version\": \"1.0\",".to_string(),
            "EOF while parsing",
        ),
    ];
    for (i, (json, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{i}.policy.json"));
        std::fs::write(&path, json).unwrap();
        let run = handoff(&["route", &path.to_string_lossy(), "hello"]);
        assert_eq!(run.code, 2, "{expected}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a handoff policy"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
}

/// Rules of `topics` topics, each handing off with one field collected.
fn rules_with_topics(topics: usize) -> String {
    let mut text = String::from("business \"B\"\n");
    for n in 0..topics {
        text.push_str(&format!(
            "topic t{n}: about thing{n}; risk fact; handoff when upset{n}; collect name\n"
        ));
    }
    text
}

#[test]
fn a_tool_past_what_the_apis_take_stops_the_build_before_anything_is_written() {
    use handoff_emit::tool::MAX_ENUM_VALUES;
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("at.handoff");
    std::fs::write(&at, rules_with_topics(MAX_ENUM_VALUES)).unwrap();
    let run = handoff(&["build", "--emit", "tool", &at.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let over = dir.path().join("over.handoff");
    std::fs::write(&over, rules_with_topics(MAX_ENUM_VALUES + 1)).unwrap();
    let out = dir.path().join("out");
    let run = handoff(&[
        "build",
        &over.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "these rules have 1,001 topics: OpenAI's strict function calling takes at most \
             1,000 enum values (one per topic) in one schema"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing is written");
    // Without the tool, the same rules build.
    let run = handoff(&["build", "--emit", "policy", &over.to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
