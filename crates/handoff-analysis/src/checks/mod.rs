//! The checks that look at the file as a whole once names are resolved.
//! Each module holds the checks about one kind of thing; every check is
//! documented in crates/handoff-diagnostics/docs/NAME.md.

mod file;
mod personal_data;
mod secrets;
mod systems;
mod tests;
mod topics;

use handoff_diagnostics::Diagnostic;
use handoff_policy::Policy;
use handoff_syntax::tree::SourceFile;

use crate::model::Names;

pub(crate) struct Input<'a> {
    pub text: &'a str,
    pub tree: &'a SourceFile,
    pub policy: &'a Policy,
    pub names: &'a Names<'a>,
}

pub(crate) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    file::check(input, out);
    systems::check(input, out);
    topics::check(input, out);
    tests::check(input, out);
    secrets::check(input.text, out);
}
