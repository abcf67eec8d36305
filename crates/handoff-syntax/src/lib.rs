//! The syntax of `.handoff` files: the layout rules, the keyword table and a
//! parser that never fails. `parse` returns a tree and a list of diagnostics;
//! a line that does not parse is an error node, and everything else is still
//! in the tree for the checker and the editor.
//!
//! This crate knows nothing about what the rules mean (names are not
//! resolved, nothing is checked but the grammar), nor about files, terminals
//! or editors.

mod cache;
mod layout;
mod lexical;
mod line_parser;
mod messages;
mod parser;
mod source;
pub mod tree;
pub mod words;

pub use cache::{LineCache, parse_with};
#[doc(hidden)]
pub use layout::logical_lines;
pub use lexical::{can_be_bare, is_bare_char, quoted, written};
#[doc(hidden)]
pub use line_parser::grammar_verdict;
pub use parser::{Parse, parse};
pub use source::decode;
