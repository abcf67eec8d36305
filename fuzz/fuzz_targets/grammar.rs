//! The product's line parser against the grammar in `grammar/handoff.pest`
//! on any input: each logical line, as the entry rule its indent picks and
//! as every piece entry recovery uses, is accepted by both or rejected by
//! both at the same place with the same expected rules.
#![no_main]

extern crate alloc;

use libfuzzer_sys::fuzz_target;
use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/handoff.pest"]
struct Grammar;

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

fn pest_verdict(entry: &str, text: &str) -> Result<(), (usize, Vec<String>)> {
    let rule = *Rule::all_rules()
        .iter()
        .find(|r| format!("{r:?}") == entry)
        .expect("an entry rule of the grammar");
    Grammar::parse(rule, text).map(drop).map_err(|error| {
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
        (pos, names)
    })
}

fuzz_target!(|text: &str| {
    for (_, code) in handoff_syntax::logical_lines(text) {
        for piece in std::iter::once(code.as_str()).chain(code.split([';', ','])) {
            for entry in ENTRIES {
                let ours = handoff_syntax::grammar_verdict(entry, piece).map_err(|(p, mut n)| {
                    n.sort();
                    (p, n)
                });
                let theirs = pest_verdict(entry, piece);
                assert_eq!(ours, theirs, "{entry} on {piece:?}");
            }
        }
    }
});
