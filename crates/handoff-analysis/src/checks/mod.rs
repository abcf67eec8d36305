//! The checks that look at the resolved model of the whole file.
//! Each module holds the checks about one kind of thing; every check is
//! documented in crates/handoff-diagnostics/docs/NAME.md.

mod file;
mod personal_data;
mod secrets;
mod systems;
mod tests;
mod topics;

use handoff_diagnostics::Diagnostic;

use crate::hir::Model;

/// Runs every check on the resolved model; the secret scan reads the text
/// itself, comments included.
pub(crate) fn run(text: &str, model: &Model, out: &mut Vec<Diagnostic>) {
    file::check(model, out);
    systems::check(model, out);
    topics::check(model, out);
    tests::check(model, out);
    secrets::check(text, out);
}
