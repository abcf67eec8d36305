//! The checks that look at the resolved model of the whole file.
//! Each module holds the checks about one kind of thing; every check is
//! documented in crates/handoff-diagnostics/docs/NAME.md.

mod file;
mod guard;
mod personal_data;
mod secrets;
mod systems;
mod tests;
mod topics;

use handoff_diagnostics::Diagnostic;

use handoff_syntax::tree::SourceFile;

use crate::hir::Model;

/// Runs every check on the resolved model; the secret scan reads the text
/// itself, comments included, and the file checks look at lines that did
/// not parse.
pub(crate) fn run(text: &str, tree: &SourceFile, model: &Model, out: &mut Vec<Diagnostic>) {
    file::check(text, tree, model, out);
    systems::check(model, out);
    topics::check(model, out);
    tests::check(model, out);
    guard::check(model, out);
    secrets::check(text, out);
}
