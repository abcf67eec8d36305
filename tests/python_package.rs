//! The Python package (crates/handoff-python): its script builds the wheel
//! with maturin, installs it into a fresh environment with the pinned agent
//! libraries, and runs its pytest suite, the runtime examples included.

use std::process::Command;

use crate::common::{external_tool, printed, root, run};

#[test]
fn the_wheel_passes_its_python_tests() {
    let root = root();
    let Some(python) = external_tool(
        "python3",
        &["$HANDOFF_PACKAGE_PYTHON", "python3"],
        "install Python 3.10 or newer",
    ) else {
        return;
    };
    let maturin_venv = root.join("target/maturin-venv/bin/maturin");
    let Some(maturin) = external_tool(
        "maturin",
        &["$MATURIN", &maturin_venv.to_string_lossy(), "maturin"],
        "run `python3 -m venv target/maturin-venv && target/maturin-venv/bin/pip install \
         maturin==1.16.0` (as .ci/run does)",
    ) else {
        return;
    };
    let mut command = Command::new("bash");
    command
        .arg(root.join("crates/handoff-python/scripts/test.sh"))
        .env("PYTHON", &python)
        .env("MATURIN", &maturin)
        .env("HANDOFF_BIN", env!("CARGO_BIN_EXE_handoff"));
    let report = printed(&run(command, "crates/handoff-python/scripts/test.sh"));
    assert!(
        report
            .lines()
            .any(|l| l.contains(" passed") && !l.contains("failed")),
        "no pytest summary:\n{report}"
    );
}
