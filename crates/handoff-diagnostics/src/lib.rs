//! The one diagnostic type every layer of handoff reports with, the registry
//! of checks (code, name, severity, documentation), and the mapping from byte
//! offsets to the line and column a person sees.
//!
//! This crate knows nothing about the grammar, the checks' logic, or how a
//! diagnostic is rendered: renderers live in the front ends.

mod diagnostic;
mod lint;
mod position;
mod suggest;

pub use diagnostic::{Diagnostic, Edit, Fix, Related, Severity};
pub use lint::{Lint, LintDocs};
pub use position::{LineCol, LineIndex, Span};
pub use suggest::did_you_mean;
