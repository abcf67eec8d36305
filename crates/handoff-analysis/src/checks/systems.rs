//! Connected systems: how much access, and whether anything uses it.

use handoff_diagnostics::{Diagnostic, Lint};
use handoff_policy::Access;

use crate::hir::Model;

pub(super) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut used = vec![false; model.systems.len()];
    for using in model
        .topics
        .iter()
        .flat_map(|t| &t.may)
        .filter_map(|a| a.using)
    {
        used[using.system.0 as usize] = true;
    }
    for (system, used) in model.systems.iter().zip(used) {
        if system.access == Access::Write {
            out.push(
                Diagnostic::new(
                    Lint::WriteWithoutApproval,
                    system.access_span,
                    format!(
                        "the agent may change `{}` without a person approving",
                        system.name.text
                    ),
                )
                .with_label("write access, no approval")
                .with_help(
                    "write `write with approval` so a person approves every change, or `read` \
                     if the agent only needs to look things up",
                )
                .with_fix(
                    "Require approval",
                    system.access_span,
                    "write with approval",
                ),
            );
        }
        if !used {
            out.push(
                Diagnostic::new(
                    Lint::UnusedSystem,
                    system.name.span,
                    format!("no `may ... using {}` uses this system", system.name.text),
                )
                .with_label("unused")
                .with_help(format!(
                    "add `using {}` to the `may` clause that needs it, or remove the system so \
                     the agent gets no access it does not need",
                    system.name.text
                )),
            );
        }
    }
}
