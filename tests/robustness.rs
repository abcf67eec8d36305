//! Any text at all: the analysis, the formatter and the router never panic,
//! and whatever the formatter accepts it formats idempotently. Inputs are
//! built from the pieces of the language (keywords, punctuation, quotes,
//! indentation, comments, odd characters), where parsers break.

use handoff_analysis::Analysis;
use handoff_route::Router;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "topic ",
            "test ",
            "business ",
            "system ",
            "log:",
            "channels ",
            "language ",
            "tone ",
            "never promise ",
            "handoff when ",
            "handoff always",
            "fallback ",
            "about ",
            "may ",
            "must not ",
            "collect ",
            "risk ",
            "save ",
            "redact ",
            "using ",
            "write with approval",
            "read",
            ":",
            ";",
            ",",
            "->",
            "(",
            ")",
            "(number)",
            "\"",
            "\\\"",
            "\\",
            "#",
            " ",
            "  ",
            "\t",
            "\n",
            "\n  ",
            "\r\n",
            "\u{FEFF}",
            "\0",
            "\r",
            "é",
            "ß",
            "日本",
            "🙂",
            "\u{301}",
            "x",
            "booking",
            "a-b",
            "24",
            "é\u{301}",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,8}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|p| p.concat())
}

proptest! {
    // PROPTEST_CASES=100000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn nothing_panics_and_formatting_is_a_fixed_point(source in text()) {
        let analysis = Analysis::new(source.as_str());
        for d in &analysis.diagnostics {
            prop_assert!(d.span.end as usize <= source.len());
            prop_assert!(source.is_char_boundary(d.span.start as usize));
            prop_assert!(source.is_char_boundary(d.span.end as usize));
            prop_assert!(!d.message.is_empty());
        }
        let router = Router::new(&analysis.policy);
        let _ = router.route(&source);
        if let Ok(once) = handoff_fmt::format(&source) {
            let twice = handoff_fmt::format(&once);
            prop_assert!(twice.is_ok(), "formatted output does not format: {once:?}");
            prop_assert_eq!(twice.unwrap(), once);
        }
    }

    #[test]
    fn any_bytes_are_analysed(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let analysis = Analysis::from_bytes(bytes);
        prop_assert!(analysis.diagnostics.iter().all(|d| d.span.end as usize <= analysis.text.len()));
    }
}
