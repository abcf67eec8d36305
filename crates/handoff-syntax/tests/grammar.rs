//! The product's parser against the grammar in `grammar/handoff.pest`: for
//! every entry rule, on the project's rule files, on generated and mutated
//! lines and on any text, both accept the same texts, and a rejected text
//! fails at the same place with the same expected rules (which the error
//! messages are built from).

// pest is used without its `std` feature; its derive names `alloc`.
extern crate alloc;

use std::path::Path;

use handoff_syntax::{can_be_bare, grammar_verdict, is_bare_char, logical_lines, written};
use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use proptest::prelude::*;
use proptest::test_runner::Config;

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/handoff.pest"]
struct Grammar;

/// Every entry rule the parser has.
const ENTRIES: &[&str] = &[
    "top_line",
    "clause_line",
    "clause_only",
    "topic_head",
    "log_head",
    "list_head",
    "list_item",
    "field_item",
    "using_item",
];

/// The grammar's verdict, in the form `grammar_verdict` gives.
fn pest_verdict(entry: &str, text: &str) -> Result<(), (usize, Vec<String>)> {
    let rule = *Rule::all_rules()
        .iter()
        .find(|r| format!("{r:?}") == entry)
        .unwrap_or_else(|| panic!("no rule `{entry}` in the grammar"));
    match Grammar::parse(rule, text) {
        Ok(_) => Ok(()),
        Err(error) => {
            let pos = match error.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            let ErrorVariant::ParsingError { positives, .. } = &error.variant else {
                panic!("a custom error from the grammar: {error}");
            };
            let mut names: Vec<String> = positives.iter().map(|r| format!("{r:?}")).collect();
            names.sort();
            names.dedup();
            Err((pos, names))
        }
    }
}

fn parser_verdict(entry: &str, text: &str) -> Result<(), (usize, Vec<String>)> {
    grammar_verdict(entry, text).map_err(|(pos, mut names)| {
        names.sort();
        (pos, names)
    })
}

/// Whether the parser and the grammar agree on `text` as `entry`.
fn agree(entry: &str, text: &str) -> Result<(), String> {
    let ours = parser_verdict(entry, text);
    let theirs = pest_verdict(entry, text);
    if ours == theirs {
        Ok(())
    } else {
        Err(format!(
            "{entry} on {text:?}\n  parser:  {ours:?}\n  grammar: {theirs:?}"
        ))
    }
}

/// Each logical line of `text` as the parser reads it, and its pieces as
/// recovery reads them, on every entry rule: any text is input to each.
fn agree_on_text(text: &str) -> Result<(), String> {
    for (indented, code) in logical_lines(text) {
        agree(if indented { "clause_line" } else { "top_line" }, &code)?;
        for entry in ENTRIES {
            agree(entry, &code)?;
        }
        for piece in code.split(';').chain(code.split(',')) {
            for entry in ENTRIES {
                agree(entry, piece)?;
                agree(entry, piece.trim())?;
            }
        }
    }
    Ok(())
}

fn rule_files(dirs: &[&str]) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    for dir in dirs {
        let mut found: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "handoff"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
}

#[test]
fn the_parser_agrees_with_the_grammar_on_every_valid_rule_file() {
    let files = rule_files(&["examples", "tests/corpus/valid", "tests/lsp"]);
    assert!(files.len() >= 8, "only {} rule files found", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(mismatch) = agree_on_text(&text) {
            panic!("{}: {mismatch}", path.display());
        }
        // And the grammar accepts each of their lines whole (the language
        // server's fixtures mark places with `$0`, so not theirs).
        if path.components().any(|c| c.as_os_str() == "lsp") {
            continue;
        }
        for (indented, code) in logical_lines(&text) {
            let entry = if indented { "clause_line" } else { "top_line" };
            assert_eq!(
                parser_verdict(entry, &code),
                Ok(()),
                "{}: {code:?}",
                path.display()
            );
        }
    }
}

#[test]
fn the_parser_agrees_with_the_grammar_on_the_invalid_corpus() {
    for path in rule_files(&["tests/corpus/invalid"]) {
        let bytes = std::fs::read(&path).unwrap();
        let (text, _) = handoff_syntax::decode(&bytes);
        if let Err(mismatch) = agree_on_text(&text) {
            panic!("{}: {mismatch}", path.display());
        }
    }
}

/// Lines where the keyword-versus-phrase and whitespace rules decide the
/// spans or the place of an error; each was a place to go wrong.
#[test]
fn lines_at_the_edges_of_the_grammar() {
    let cases = [
        "topic t:\n  about a   \n  about a, b   \n  may x   \n",
        "topic t:\n  collect a (x)  \n  collect a (x), b  \n  collect a, b (c  d)  \n",
        "test \"x\" -> handoff   \ntest \"x\" -> handoff b   \n",
        "test \"x\" -> no\ntest \"x\" -> no topic\ntest \"x\" -> No  Topic\n",
        "topic t:\n  about.x\n  MAY\"q\"\n  Must  NOT x;Handoff\tAlways;;\n",
        "channel sms\nchannels sms\nlanguages sv\nLANGUAGE sv\nchannelsx a\n",
        "topic t:\n  may a using cal\n  may usingx\n  may a using: b\n  may using x\n",
        "topic öppettider \"Öppet\":about när\u{A0}öppnar\n",
        "topic t\u{301}x:\n  about a\u{2009}b\n",
        "system s: write with approval\nsystem s:write\nsystem s : read\nsystem s: write with\n",
        "test reply \"a \\\" b \\\\\" on t -> breaks \"x\"\ntest reply \"r\" -> ok\n",
        "fallback answer\nfallback handoff\nlog:\nlog: save a; redact b\n",
        "topic t: \u{A0}\n  about a; \u{A0}\n",
        "topic t:\n  about\n  about a,\n  about a using b\n  collect a (b\n",
        "test \"a\\n\" -> t\ntest reply x -> ok\ntest \"x\" => t\n",
        "topic opening hours: about x\ntopic t \"T\" about x\nsystem a b: read\n",
    ];
    for text in cases {
        if let Err(mismatch) = agree_on_text(text) {
            panic!("{mismatch}");
        }
    }
}

/// The grammar's `LETTER`, `MARK` and `NUMBER` are Unicode's general
/// categories; the parser reads them from `unicode-general-category`, pest
/// from its own tables, which may know a newer Unicode. Every character,
/// as a name's first and a later one: the two agree on all but characters
/// the parser's tables do not know yet (unassigned there, so not part of a
/// name until the crate knows them).
#[test]
fn names_take_the_same_characters_as_the_grammar() {
    use unicode_general_category::{GeneralCategory, get_general_category};
    let mut mismatches = Vec::new();
    let mut newer = 0;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        for text in [format!("topic {c}:"), format!("topic a{c}:")] {
            let ours = parser_verdict("topic_head", &text).is_ok();
            let theirs = Grammar::parse(Rule::topic_head, &text).is_ok();
            if ours == theirs {
                continue;
            }
            if !ours && get_general_category(c) == GeneralCategory::Unassigned {
                newer += usize::from(text.starts_with("topic a"));
            } else {
                mismatches.push(format!("U+{:04X} in {text:?}: parser {ours}", c as u32));
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    // A bound, so that a table that lost much of Unicode fails here: pest
    // 2.9.6 knows 17,559 characters that unicode-general-category 1.1 does
    // not (Unicode 16 and 17, most of them CJK).
    assert!(
        newer < 20_000,
        "{newer} characters new to the parser's tables"
    );
}

/// Keywords a mutation swaps in for a word: every declaration's and
/// clause's from the keyword table, and the words inside lines.
fn keywords() -> Vec<&'static str> {
    let table = handoff_syntax::words::Declaration::ALL
        .iter()
        .map(|d| d.words())
        .chain(handoff_syntax::words::Clause::ALL.iter().map(|c| c.words()));
    let inner = [
        "channel",
        "languages",
        "using",
        "on",
        "ok",
        "breaks",
        "no topic",
        "no",
        "handoff",
        "write with approval",
        "write",
        "read",
        "answer",
        "exact",
        "everyday",
    ];
    table.chain(inner).collect()
}

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
        (any::<usize>(), prop::sample::select(keywords()))
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

    /// Well-formed and nearly well-formed lines.
    #[test]
    fn the_parser_agrees_with_the_grammar_on_generated_lines(
        line in line(),
        mutations in prop::collection::vec(mutation(), 0..3),
    ) {
        let text = mutations.iter().fold(line, |text, m| mutate(&text, m));
        if let Err(mismatch) = agree_on_text(&text) {
            prop_assert!(false, "{}", mismatch);
        }
    }

    /// Any short text at all.
    #[test]
    fn the_parser_agrees_with_the_grammar_on_any_text(text in "\\PC{0,40}") {
        for line in [text.clone(), format!("  {text}"), format!("topic t:{text}")] {
            if let Err(mismatch) = agree_on_text(&line) {
                prop_assert!(false, "{}", mismatch);
            }
        }
    }
}

#[test]
fn bare_char_agrees_with_the_grammar() {
    let samples = (0u32..0x300)
        .chain([0x2009, 0x202F, 0xFEFF, 0x1F600, 0x10FFFF])
        .filter_map(char::from_u32);
    for c in samples {
        let text = c.to_string();
        let grammar = Grammar::parse(Rule::bare_phrase, &text)
            .is_ok_and(|mut p| p.next().unwrap().as_str() == text);
        assert_eq!(is_bare_char(c), grammar, "U+{:04X}", c as u32);
    }
}

/// What `written` writes parses back as one phrase with the same text.
#[test]
fn a_written_phrase_parses_back_to_its_text() {
    for text in [
        "opening hours",
        "don't",
        "a \"b\" c",
        "back\\slash",
        "a, b",
        "x; y",
        "# not a comment",
        "using it",
        "two  spaces",
        "ends with space ",
    ] {
        let line = format!("never promise {}", written(text));
        let parse = handoff_syntax::parse(&line);
        assert!(
            parse.diagnostics.is_empty(),
            "{line}: {:?}",
            parse.diagnostics
        );
        match &parse.tree.items[0].kind {
            handoff_syntax::tree::ItemKind::NeverPromise(list) => {
                assert_eq!(list.len(), 1, "{line}");
                assert_eq!(list[0].text, text, "{line}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(can_be_bare(text), !written(text).starts_with('"'));
    }
}

/// The grammar rejects a clause that is only a no-break space; the parser
/// says so at its place, and deleting it leaves the line valid.
#[test]
fn an_invisible_space_for_a_clause_is_an_error_with_a_fix() {
    let text = "topic t: \u{A0}\n  about a; \u{A0}\n";
    let parse = handoff_syntax::parse(text);
    assert_eq!(parse.diagnostics.len(), 2, "{:#?}", parse.diagnostics);
    let mut fixed = text.to_string();
    for d in parse.diagnostics.iter().rev() {
        assert!(d.message.contains("U+00A0"), "{}", d.message);
        assert_eq!(&text[d.span.start as usize..d.span.end as usize], "\u{A0}");
        let edit = &d.fix.as_ref().expect("a fix").edits[0];
        fixed.replace_range(edit.span.start as usize..edit.span.end as usize, "");
    }
    assert!(
        handoff_syntax::parse(&fixed).diagnostics.is_empty(),
        "{fixed:?}"
    );
}
