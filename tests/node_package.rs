//! The Node package (crates/handoff-node): its script installs the pinned
//! npm packages, builds the native addon with `napi build`, and runs the
//! package's `node --test` suite against the build, the AI SDK adapter and
//! the runtime example (examples/runtime/node_ai_sdk.mjs) included.

use std::process::Command;

use crate::common::{external_tool, printed, root, run};

#[test]
fn the_package_passes_its_node_tests() {
    let root = root();
    let install = "install Node 20 or newer with npm (apt-get install nodejs npm)";
    if external_tool("node", &["node"], install).is_none()
        || external_tool("npm", &["npm"], install).is_none()
    {
        return;
    }
    let mut command = Command::new("bash");
    command.arg(root.join("crates/handoff-node/scripts/test.sh"));
    let report = printed(&run(command, "crates/handoff-node/scripts/test.sh"));
    let count = |label: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(&format!("# {label} ")))
            .and_then(|n| n.trim().parse::<u32>().ok())
    };
    assert_eq!(count("fail"), Some(0), "node --test summary:\n{report}");
    assert!(
        count("pass").is_some_and(|n| n > 0),
        "no tests passed:\n{report}"
    );
}
