//! The pest parser generated from `grammar/handoff.pest`.

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/handoff.pest"]
pub(crate) struct HandoffParser;
