//! The syntax of `.handoff` files: the pest grammar, the layout rules, and a
//! parser that never fails. `parse` returns a tree and a list of diagnostics;
//! a line that does not parse is an error node, and everything else is still
//! in the tree for the checker and the editor.
//!
//! This crate knows nothing about what the rules mean (names are not
//! resolved, nothing is checked but the grammar), nor about files, terminals
//! or editors.

// pest is used without its `std` feature, which only adds a stack guard on
// every rule call (15% of parse time). The grammar has no recursive rule, so
// its stack depth is fixed whatever the input; the no-std derive names
// `alloc` directly.
extern crate alloc;

mod cache;
mod fast;
mod grammar;
mod layout;
mod lexical;
mod lower;
mod messages;
mod parser;
mod source;
pub mod tree;
pub mod words;

pub use cache::{LineCache, parse_with};
pub use lexical::{can_be_bare, is_bare_char, quoted, written};
#[doc(hidden)]
pub use parser::fast_path_agrees;
pub use parser::{Parse, parse};
pub use source::decode;
