//! The parser takes any text: no panic, and every place it reports is in
//! the text and on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parse = handoff_syntax::parse(text);
    handoff_fuzz::assert_places(text, &parse.diagnostics);
});
