//! The formatter: canonical output for the corpus, idempotence, kept
//! meaning (the compiled policy, places aside) and kept comments, on every
//! example, corpus file and on generated files; and `handoff fmt` itself.

use crate::common::definitions::meaning;
use crate::common::{handoff, handoff_files, handoff_with_stdin, relative};
use handoff_analysis::Analysis;
use proptest::prelude::*;

fn comments(source: &str) -> Vec<String> {
    let parse = handoff_syntax::parse(source);
    parse
        .tree
        .comments
        .iter()
        .map(|c| source[c.span.range()].trim_end().to_string())
        .collect()
}

fn assert_formats_well(source: &str, name: &str) -> String {
    let once = handoff_fmt::format(source)
        .unwrap_or_else(|e| panic!("{name} did not format: {e:?}\n{source}"));
    let twice = handoff_fmt::format(&once).unwrap();
    assert_eq!(twice, once, "{name}: formatting is not idempotent");
    assert_eq!(meaning(&once), meaning(source), "{name}: meaning changed");
    assert_eq!(
        comments(&once),
        comments(source),
        "{name}: comments changed"
    );
    assert!(
        Analysis::new(once.as_str()).diagnostics.len() <= Analysis::new(source).diagnostics.len(),
        "{name}: formatting added problems"
    );
    once
}

#[test]
fn corpus_and_examples_format_idempotently_and_keep_their_meaning() {
    let mut files = handoff_files("tests/corpus/valid");
    files.extend(handoff_files("examples"));
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        assert_formats_well(&source, &relative(&path));
    }
    // Invalid files that parse (their problems are not syntax) format too.
    for path in handoff_files("tests/corpus/invalid") {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(source) = String::from_utf8(bytes) else {
            continue;
        };
        if handoff_fmt::format(&source).is_ok() {
            assert_formats_well(&source, &relative(&path));
        }
    }
}

#[test]
fn examples_are_in_canonical_form() {
    for path in handoff_files("examples") {
        let source = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            handoff_fmt::format(&source).unwrap(),
            source,
            "{} is not formatted: run `handoff fmt examples/`",
            relative(&path)
        );
    }
}

#[test]
fn the_canonical_layout() {
    let source = [
        "\u{FEFF}# Header comment",
        "BUSINESS  \"Bike Shop\"",
        "Channels   WhatsApp ,sms",
        "",
        "",
        "",
        "never promise \"price\",\"ready date\"  # the hard line",
        "system Workshop :  WRITE   WITH approval",
        "topic repair \"Repairs\" :about \"repair\" , flat tyre ;risk INTERNAL;; may book a slot \
         using Workshop ; must not promise a ready date; handoff when \"carbon, frame\" ; collect \
         bike ( text ), phone(PHONE)",
        "topic hours:",
        "\tabout open;risk fact   # short",
        "",
        "\t# about the answer",
        "     may answer opening hours, \"parking, too\",   # where to park",
        "           bike racks",
        "  about hours, times,",
        "    \"when open\"",
        "handoff when lawyer, police, \"speak to the owner\", complaint, \"I want my money back\", refund, chargeback, dispute",
        "\t# after the block",
        "test   \"When are you open?\"->HANDOFF   hours",
        "log:save question; redact phone numbers",
        "",
    ]
    .join("\r\n");
    let source = source.as_str();
    let formatted = assert_formats_well(source, "layout");
    insta::assert_snapshot!(formatted);
}

#[test]
fn files_that_do_not_parse_are_refused() {
    for broken in ["topik x\n", "topic a:\n  mayy y\n", "business \"x\0\"\n"] {
        assert!(
            matches!(
                handoff_fmt::format(broken),
                Err(handoff_fmt::FormatError::Syntax(_))
            ),
            "{broken:?}"
        );
    }
}

#[test]
fn fmt_rewrites_files_in_place_and_check_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.handoff");
    let messy = "business   \"A\"\ntopic a:about x;may y\ntest \"x\"->a\n";
    std::fs::write(&path, messy).unwrap();
    let file = path.to_string_lossy().into_owned();

    let check = handoff(&["fmt", "--check", &file]);
    assert_eq!(check.code, 1);
    assert_eq!(check.stdout, format!("would reformat {file}\n"));
    let diff = handoff(&["fmt", "--diff", &file]);
    assert_eq!(diff.code, 1);
    assert!(
        diff.stdout.contains("\n-topic a:about x;may y\n"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout.contains("\n+topic a: about x; may y\n"),
        "{}",
        diff.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check and --diff write nothing"
    );

    let run = handoff(&["fmt", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        formatted,
        "business \"A\"\ntopic a: about x; may y\ntest \"x\" -> a\n"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    let again = handoff(&["fmt", "--check", &file]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "");
}

#[cfg(unix)]
#[test]
fn fmt_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.handoff");
    std::fs::write(&path, "tone   warm\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(handoff(&["fmt", &path.to_string_lossy()]).code, 0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn fmt_never_touches_a_file_that_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.handoff");
    let broken = "topic a:   about x\n  mayy do things\n";
    std::fs::write(&path, broken).unwrap();
    let run = handoff(&["fmt", &path.to_string_lossy()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did you mean `may`?"), "{}", run.stderr);
    assert!(run.stderr.contains("was not formatted"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn fmt_dash_reads_stdin_and_writes_stdout() {
    let run = handoff_with_stdin(&["fmt", "-"], Some(b"tone   warm ,kind\n"));
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "tone warm, kind\n");
    let broken = handoff_with_stdin(&["fmt", "-"], Some(b"topik\n"));
    assert_eq!(broken.code, 1);
    assert_eq!(broken.stdout, "");
}

// ---------------------------------------------------------------- generated

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "book",
        "table",
        "öppet",
        "24h",
        "don't",
        "using",
        "yes/no",
        "10:00",
        "price",
        "a-b",
        "#1",
        "x,y",
        "(z)",
        "say \"hi\"",
        "semi;colon",
        "ÅÄÖ",
        "café",
        "a\\b",
    ])
    .prop_map(str::to_string)
}

/// A phrase's text; written bare when possible, else quoted.
fn phrase() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..4).prop_map(|words| words.join(" "))
}

fn write_phrase(text: &str) -> String {
    let bare = text
        .split(' ')
        .all(|w| w.chars().all(|c| !"\"#(),;".contains(c)) && !w.eq_ignore_ascii_case("using"));
    if bare {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Phrases separated by `,`, sometimes continued on a deeper line, with or
/// without a comment before the break.
fn list() -> impl Strategy<Value = String> {
    let separator = prop::sample::select(vec![" ,  ", ",\n            ", ", # more\n            "]);
    (phrase(), prop::collection::vec((separator, phrase()), 0..4)).prop_map(|(first, rest)| {
        let mut out = write_phrase(&first);
        for (separator, p) in rest {
            out.push_str(separator);
            out.push_str(&write_phrase(&p));
        }
        out
    })
}

fn clause() -> impl Strategy<Value = String> {
    prop_oneof![
        list().prop_map(|l| format!("about {l}")),
        prop::sample::select(vec!["fact", "Internal", "BINDING", "judgment"])
            .prop_map(|r| format!("risk {r}")),
        (list(), prop::option::of(Just("cal"))).prop_map(|(l, u)| match u {
            Some(system) => format!("may {l} using {system}"),
            None => format!("MAY {l}"),
        }),
        list().prop_map(|l| format!("must  not {l}")),
        list().prop_map(|l| format!("handoff when {l}")),
        Just("handoff always".to_string()),
        (
            phrase(),
            prop::sample::select(vec!["", " (number)", "(Date)", " (yes / no)"])
        )
            .prop_map(|(p, t)| format!("collect {}{t}", write_phrase(&p))),
    ]
}

fn comment() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["# note", "#x", "# ümlaut, \"quoted\"; (all)"])
        .prop_map(str::to_string)
}

fn item(index: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        // One-line topic.
        prop::collection::vec(clause(), 0..4)
            .prop_map(move |cs| format!("topic t{index}:{}", cs.join(" ;"))),
        // Block topic, with comments and blank lines between clauses.
        prop::collection::vec((clause(), prop::option::of(comment()), any::<bool>()), 1..5)
            .prop_map(move |cs| {
                let mut out = format!("topic t{index} \"Title {index}\":");
                for (c, note, blank) in cs {
                    out.push('\n');
                    if blank {
                        out.push('\n');
                    }
                    out.push_str(&format!("\t{c}"));
                    if let Some(note) = note {
                        out.push_str(&format!("   {note}"));
                    }
                }
                out
            }),
        list().prop_map(|l| format!("never   promise {l}")),
        list().prop_map(|l| format!("handoff when {l}")),
        Just("system cal: read".to_string()),
        (phrase(), prop::option::of(Just(0))).prop_map(|(m, _)| format!(
            "test {} ->handoff",
            format_args!("\"{}\"", m.replace('\\', "\\\\").replace('"', "\\\""))
        )),
        comment(),
    ]
}

fn file() -> impl Strategy<Value = String> {
    (0usize..8)
        .prop_flat_map(|n| {
            (0..n)
                .map(|i| (item(i), any::<bool>(), prop::option::of(comment())))
                .collect::<Vec<_>>()
        })
        .prop_map(|items| {
            let mut out = String::new();
            for (text, blank, note) in items {
                out.push_str(&text);
                if let Some(note) = note {
                    out.push_str(&format!(" {note}"));
                }
                out.push('\n');
                if blank {
                    out.push('\n');
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_files_format_idempotently_and_keep_their_meaning(source in file()) {
        let parse = handoff_syntax::parse(&source);
        prop_assume!(parse.diagnostics.is_empty());
        assert_formats_well(&source, "generated");
    }
}
