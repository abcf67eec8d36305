//! The indexed router decides as the definition does, under `matching
//! exact` (the definition is the least rule's; everyday matching is held
//! by the accuracy set and the unit tests). The input is rules,
//! then a line `---`, then a message; without one, the whole input is both.
#![no_main]

use handoff_route::Router;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (rules, message) = text.split_once("\n---\n").unwrap_or((text, text));
    let mut policy = handoff_analysis::Analysis::new(rules).policy;
    policy.matching.exact = true;
    let decision = Router::new(&policy).route(message);
    assert_eq!(
        (decision.topic, decision.handoff),
        handoff_fuzz::route_by_definition(&policy, message),
        "the router and the definition disagree on {message:?}"
    );
});
