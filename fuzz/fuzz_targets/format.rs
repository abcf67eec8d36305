//! Whatever the formatter accepts, it formats to a fixed point, and the
//! formatted file means what the original meant (the compiled policy,
//! places aside).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(once) = handoff_fmt::format(text) else {
        return;
    };
    let twice = handoff_fmt::format(&once).expect("formatted output formats again");
    assert_eq!(twice, once, "formatting is not idempotent");
    assert_eq!(
        handoff_fuzz::meaning(&once),
        handoff_fuzz::meaning(text),
        "formatting changed the meaning"
    );
});
