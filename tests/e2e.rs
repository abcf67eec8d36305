//! The end-to-end tests, in one test binary so the workspace links them
//! once: each module tests one front of the real `handoff` binary and the
//! library API it is built on.

mod common;

mod cli;
mod corpus;
mod diff;
mod docs;
mod editors;
mod faults;
mod fixes;
mod fmt;
mod guard;
// The bench's scorer, so the floors and the printed figures count alike;
// the test reads the figures, not the misses the bench lists for tuning.
#[allow(dead_code)]
#[path = "../crates/handoff-bench/src/guard_accuracy.rs"]
mod guard_accuracy;
mod hostile;
mod inbox;
// The routing scorer the bench prints (`handoff-bench accuracy`), so the
// floors and the printed figures count alike.
mod limits;
mod lint;
mod lsp;
mod lsp_stress;
mod node_package;
mod outputs;
mod parser;
mod properties;
mod python_package;
mod robustness;
#[allow(dead_code)]
#[path = "../crates/handoff-bench/src/accuracy.rs"]
mod route_accuracy;
mod routing;
mod serve;
mod week;
