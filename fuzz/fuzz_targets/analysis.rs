//! The whole analysis takes any bytes (not only UTF-8): no panic, and every
//! diagnostic, related place and fix edit lies in the decoded text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let analysis = handoff_analysis::Analysis::from_bytes(bytes.to_vec());
    handoff_fuzz::assert_places(&analysis.text, &analysis.diagnostics);
});
