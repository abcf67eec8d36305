//! The parser's hand-written fast path gives, for every line it parses,
//! exactly the tree pest and lowering give.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(mismatch) = handoff_syntax::fast_path_agrees(text) {
        panic!("{mismatch}");
    }
});
