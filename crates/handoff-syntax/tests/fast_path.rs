//! The hand-written fast path against the grammar: wherever it parses a
//! line, it must give what pest and lowering give, and it must parse every
//! line of the project's valid rule files (else `handoff check` is not fast
//! on real files).

use std::path::Path;

use handoff_syntax::fast_path_agrees;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Every line the grammar accepts, the fast path takes too, and the same.
fn assert_all_fast(text: &str, origin: &str) {
    match fast_path_agrees(text) {
        Ok(deferred) => assert!(
            deferred.is_empty(),
            "{origin}: valid lines left to pest: {deferred:#?}"
        ),
        Err(mismatch) => panic!("{origin}: {mismatch}"),
    }
}

#[test]
fn every_valid_line_of_the_examples_and_the_corpus_takes_the_fast_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = 0;
    for dir in ["examples", "tests/corpus/valid", "tests/lsp"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "handoff"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_all_fast(&text, &path.display().to_string());
            files += 1;
        }
    }
    assert!(files >= 8, "only {files} rule files found");
}

/// The invalid corpus: the fast path may leave any line to pest, but what
/// it does parse must agree.
#[test]
fn the_fast_path_agrees_with_pest_on_the_invalid_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/invalid");
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let (text, _) = handoff_syntax::decode(&bytes);
        if let Err(mismatch) = fast_path_agrees(&text) {
            panic!("{}: {mismatch}", path.display());
        }
    }
}

/// Lines where the keyword-versus-phrase and whitespace rules of pest
/// decide the spans; each was a place the fast path could go wrong.
#[test]
fn lines_at_the_edges_of_the_grammar() {
    let cases = [
        // Trailing spaces: in the span after one phrase, not after two.
        "topic t:\n  about a   \n  about a, b   \n  may x   \n",
        "topic t:\n  collect a (x)  \n  collect a (x), b  \n  collect a, b (c  d)  \n",
        "test \"x\" -> handoff   \ntest \"x\" -> handoff b   \n",
        // `no` is a topic name unless `topic` follows.
        "test \"x\" -> no\ntest \"x\" -> no topic\ntest \"x\" -> No  Topic\n",
        // Keywords touching punctuation, and keywords in any case.
        "topic t:\n  about.x\n  MAY\"q\"\n  Must  NOT x;Handoff\tAlways;;\n",
        "channel sms\nchannels sms\nlanguages sv\nLANGUAGE sv\n",
        // `using` ends a bare phrase; `usingx` and `using:` do not.
        "topic t:\n  may a using cal\n  may usingx\n  may a using: b\n",
        // Unicode names and bare characters.
        "topic öppettider \"Öppet\":about när\u{A0}öppnar\n",
        "topic t\u{301}x:\n  about a\u{2009}b\n",
        "system s: write with approval\nsystem s:write\nsystem s : read\n",
        "test reply \"a \\\" b \\\\\" on t -> breaks \"x\"\ntest reply \"r\" -> ok\n",
        "fallback answer\nfallback handoff\nlog:\nlog: save a; redact b\n",
        // The grammar rejects a lone U+00A0 after `:` or `;`, though pest's
        // recovery, trimming it away, reports nothing: left to pest.
        "topic t: \u{A0}\n  about a; \u{A0}\n",
    ];
    for text in cases {
        assert_all_fast(text, text);
    }
}

/// Lines the grammar rejects stay with pest, which reports them.
#[test]
fn invalid_lines_are_left_to_pest() {
    for text in [
        "topic t:\n  about\n",
        "topic t:\n  about a,\n",
        "topic t:\n  may using x\n",
        "topic t:\n  about a using b\n",
        "test \"a\\n\" -> t\n",
        "channelsx a\n",
        "topic t:\n  collect a (b\n",
    ] {
        match fast_path_agrees(text) {
            Ok(deferred) => assert!(deferred.is_empty(), "{text}"),
            Err(mismatch) => panic!("{mismatch}"),
        }
        let parse = handoff_syntax::parse(text);
        assert!(!parse.diagnostics.is_empty(), "{text}");
    }
}

/// Keywords a mutation swaps in for a word.
const KEYWORDS: &[&str] = &[
    "about",
    "risk",
    "may",
    "must not",
    "handoff always",
    "handoff when",
    "collect",
    "save",
    "redact",
    "using",
    "topic",
    "business",
    "channels",
    "channel",
    "language",
    "languages",
    "tone",
    "never promise",
    "fallback",
    "system",
    "log",
    "test",
    "test reply",
    "on",
    "ok",
    "breaks",
    "no topic",
    "write with approval",
    "write",
    "read",
    "answer",
    "handoff",
    "no",
];

/// Words of bare phrases: plain, Unicode, punctuation the grammar allows in
/// a bare word, keywords that are only words there, and `using`, which
/// ends a phrase.
const WORDS: &[&str] = &[
    "book",
    "price",
    "öppet",
    "när",
    "a-b",
    "x:y",
    "ok!",
    "3",
    "usingx",
    "may",
    "no",
    "topic",
    "about",
    "é\u{301}",
    "\u{A0}",
    "日本",
    "$5",
    "50%",
    "a'b",
    "->",
    "a/b",
    "<b>",
    "using:",
];

/// Characters a mutation inserts: the grammar's punctuation, quotes and
/// escapes, spaces, and Unicode on both sides of every character class.
const ODD: &[&str] = &[
    "\"", "\\", ";", ",", "(", ")", ":", " ", "\t", "#", "-", ">", "_", "\u{301}", "\u{A0}",
    "\u{2009}", "\u{FEFF}", "ǅ", "٣", "é", "\u{7F}", "\u{85}", "\0", "a", "Z", "9", "using ",
];

/// A keyword in lower, upper or title case, its words apart by any spaces.
fn keyword(words: &'static str) -> impl Strategy<Value = String> {
    (0..3u8, gap()).prop_map(move |(case, gap)| {
        let spelled = match case {
            0 => words.to_string(),
            1 => words.to_uppercase(),
            _ => words
                .split(' ')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect::<Vec<_>>()
                .join(" "),
        };
        spelled.replace(' ', &gap)
    })
}

fn one_of(keywords: &[&'static str]) -> impl Strategy<Value = String> + use<> {
    prop::sample::select(keywords.to_vec()).prop_flat_map(keyword)
}

/// Spaces where the grammar skips them: possibly none.
fn space() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", " ", " ", " ", "  ", "\t", " \t "]).prop_map(String::from)
}

/// Spaces where a word must end: at least one.
fn gap() -> impl Strategy<Value = String> {
    prop::sample::select(vec![" ", " ", " ", "  ", "\t"]).prop_map(String::from)
}

fn phrase() -> impl Strategy<Value = String> {
    let bare =
        prop::collection::vec((prop::sample::select(WORDS), gap()), 1..4).prop_map(|words| {
            let mut out = String::new();
            for (i, (w, gap)) in words.iter().enumerate() {
                if i > 0 {
                    out.push_str(gap);
                }
                out.push_str(w);
            }
            out
        });
    let quoted = prop::collection::vec(
        prop::sample::select(vec!["a", " ", "\\\"", "\\\\", "#", ";", ",", "ö", "using"]),
        0..5,
    )
    .prop_map(|parts| format!("\"{}\"", parts.concat()));
    prop_oneof![3 => bare, 1 => quoted]
}

/// `item, item, ...` with any spaces around the commas.
fn list_of(item: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec((item, space(), space()), 1..4).prop_map(|items| {
        let mut out = String::new();
        for (i, (item, before, after)) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(before);
                out.push(',');
                out.push_str(after);
            }
            out.push_str(item);
        }
        out
    })
}

fn phrases() -> impl Strategy<Value = String> {
    list_of(phrase())
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "booking",
        "öppettider",
        "t-1",
        "a_b",
        "no",
        "x\u{301}",
        "Topic9",
    ])
    .prop_map(String::from)
}

fn field() -> impl Strategy<Value = String> {
    let ty = prop::sample::select(vec!["date", "yes/no", " number  of ", "\tx\t"]);
    (phrase(), prop::option::of((space(), ty, space()))).prop_map(|(p, ty)| match ty {
        Some((gap, ty, end)) => format!("{p}{gap}({ty}{end})"),
        None => p,
    })
}

fn clause() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            one_of(&["about", "must not", "handoff when", "save", "redact"]),
            gap(),
            phrases()
        )
            .prop_map(|(k, gap, list)| format!("{k}{gap}{list}")),
        (keyword("risk"), gap(), phrase()).prop_map(|(k, gap, p)| format!("{k}{gap}{p}")),
        (
            keyword("may"),
            gap(),
            phrases(),
            prop::option::of((gap(), keyword("using"), gap(), name()))
        )
            .prop_map(|(k, gap, list, using)| {
                let using = using
                    .map(|(a, u, b, n)| format!("{a}{u}{b}{n}"))
                    .unwrap_or_default();
                format!("{k}{gap}{list}{using}")
            }),
        keyword("handoff always"),
        (keyword("collect"), gap(), list_of(field()))
            .prop_map(|(k, gap, fields)| format!("{k}{gap}{fields}")),
    ]
}

/// Clauses apart by `;`, with empty pieces now and then.
fn clauses() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::option::weighted(0.9, clause()), space(), space()),
        0..4,
    )
    .prop_map(|parts| {
        parts
            .iter()
            .map(|(c, a, b)| format!("{a}{}{b}", c.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(";")
    })
}

fn quoted() -> impl Strategy<Value = String> {
    phrase().prop_map(|p| {
        if p.starts_with('"') {
            p
        } else {
            format!("\"{p}\"")
        }
    })
}

fn declaration() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            keyword("topic"),
            gap(),
            name(),
            prop::option::of((space(), quoted())),
            space(),
            space(),
            clauses()
        )
            .prop_map(|(k, gap, n, title, a, b, c)| {
                let title = title.map(|(g, t)| g + &t).unwrap_or_default();
                format!("{k}{gap}{n}{title}{a}:{b}{c}")
            }),
        (keyword("log"), space(), space(), clauses())
            .prop_map(|(k, a, b, c)| format!("{k}{a}:{b}{c}")),
        (keyword("business"), gap(), phrase()).prop_map(|(k, gap, p)| format!("{k}{gap}{p}")),
        (
            one_of(&[
                "channels",
                "channel",
                "language",
                "languages",
                "tone",
                "never promise",
                "handoff when"
            ]),
            gap(),
            phrases()
        )
            .prop_map(|(k, gap, list)| format!("{k}{gap}{list}")),
        (
            keyword("system"),
            gap(),
            name(),
            space(),
            space(),
            one_of(&["read", "write", "write with approval"])
        )
            .prop_map(|(k, gap, n, a, b, access)| format!("{k}{gap}{n}{a}:{b}{access}")),
        (keyword("fallback"), gap(), one_of(&["handoff", "answer"]))
            .prop_map(|(k, gap, mode)| format!("{k}{gap}{mode}")),
        (
            keyword("test"),
            space(),
            quoted(),
            space(),
            space(),
            prop_oneof![
                name(),
                keyword("handoff"),
                (keyword("handoff"), gap(), name()).prop_map(|(k, g, n)| k + &g + &n),
                keyword("no topic"),
            ]
        )
            .prop_map(|(k, a, q, b, c, expect)| format!("{k}{a}{q}{b}->{c}{expect}")),
        (
            keyword("test reply"),
            space(),
            quoted(),
            prop::option::of((space(), keyword("on"), gap(), name())),
            space(),
            space(),
            prop_oneof![
                keyword("ok"),
                (keyword("breaks"), gap(), phrase()).prop_map(|(k, g, p)| k + &g + &p),
            ]
        )
            .prop_map(|(k, a, q, on, b, c, expect)| {
                let on = on.map(|(g, o, h, n)| g + &o + &h + &n).unwrap_or_default();
                format!("{k}{a}{q}{on}{b}->{c}{expect}")
            }),
    ]
}

fn line_end() -> impl Strategy<Value = String> {
    (space(), prop::option::weighted(0.2, Just("# note \"q\"")))
        .prop_map(|(s, c)| s + c.unwrap_or(""))
}

/// A line as a rule file has it: a declaration at column 0, or an indented
/// clause line, possibly a list continued on the next line; with trailing
/// spaces or a comment now and then.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(vec!["  ", "    ", "\t"]),
            clauses(),
            line_end()
        )
            .prop_map(|(indent, c, end)| format!("{indent}{c}{end}")),
        (
            prop::sample::select(vec!["  ", "\t"]),
            clause(),
            phrases(),
            line_end()
        )
            .prop_map(|(indent, c, more, end)| format!("{indent}{c},{end}\n{indent}    {more}")),
        (declaration(), line_end()).prop_map(|(d, end)| d + &end),
    ]
}

#[derive(Clone, Debug)]
enum Mutation {
    Drop(usize),
    Duplicate(usize),
    Insert(usize, &'static str),
    SwapKeyword(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Drop),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), prop::sample::select(ODD)).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), prop::sample::select(KEYWORDS))
            .prop_map(|(i, k)| Mutation::SwapKeyword(i, k)),
    ]
}

fn mutate(line: &str, mutation: &Mutation) -> String {
    let bounds: Vec<usize> = line
        .char_indices()
        .map(|(i, _)| i)
        .chain([line.len()])
        .collect();
    let at = |i: usize| bounds[i % bounds.len()];
    let mut out = line.to_string();
    match *mutation {
        Mutation::Drop(i) | Mutation::Duplicate(i) if !line.is_empty() => {
            let from = bounds[i % (bounds.len() - 1)];
            let c = line[from..].chars().next().unwrap();
            if matches!(mutation, Mutation::Drop(_)) {
                out.replace_range(from..from + c.len_utf8(), "");
            } else {
                out.insert(from, c);
            }
        }
        Mutation::Insert(i, s) => out.insert_str(at(i), s),
        Mutation::SwapKeyword(i, k) => {
            // Replaces the word at a character boundary with a keyword.
            let from = at(i);
            let to = line[from..]
                .find([' ', '\t', ';', ','])
                .map_or(line.len(), |n| from + n);
            out.replace_range(from..to, k);
        }
        _ => {}
    }
    out
}

proptest! {
    #![proptest_config(Config::with_cases(2000))]

    /// Well-formed and nearly well-formed lines: wherever the fast path
    /// parses, it agrees with pest, and it parses every line the grammar
    /// accepts.
    #[test]
    fn the_fast_path_agrees_with_pest(
        line in line(),
        mutations in prop::collection::vec(mutation(), 0..3),
    ) {
        let text = mutations.iter().fold(line, |text, m| mutate(&text, m));
        match fast_path_agrees(&text) {
            Ok(deferred) => prop_assert!(deferred.is_empty(), "left to pest: {:?}", deferred),
            Err(mismatch) => prop_assert!(false, "{}", mismatch),
        }
    }

    /// Any short text at all.
    #[test]
    fn the_fast_path_agrees_with_pest_on_any_text(text in "\\PC{0,40}") {
        for line in [text.clone(), format!("  {text}"), format!("topic t:{text}")] {
            if let Err(mismatch) = fast_path_agrees(&line) {
                prop_assert!(false, "{}", mismatch);
            }
        }
    }
}
