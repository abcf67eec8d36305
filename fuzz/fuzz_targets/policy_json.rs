//! A runtime's loader takes any bytes: no panic, and a policy it accepts
//! reads back equal from the JSON it writes.
#![no_main]

use handoff_policy::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(policy) = Policy::from_json(&text) {
        let json = policy.to_json();
        let again = Policy::from_json(&json).expect("a written policy reads back");
        assert_eq!(again, policy, "the policy changed through its JSON");
        assert_eq!(again.to_json(), json, "the JSON is not stable");
    }
});
