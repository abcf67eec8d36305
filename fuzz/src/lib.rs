//! What the fuzz targets share: the span invariants every diagnostic keeps,
//! the routing definition the router is compared with, and a policy's
//! meaning with places removed.

use handoff_diagnostics::{Diagnostic, Span};

/// Every place a diagnostic names (its span, its related places, its fix's
/// edits) lies inside `text` and on character boundaries, and its message
/// says something.
pub fn assert_places(text: &str, diagnostics: &[Diagnostic]) {
    let inside = |span: Span, what: &str, d: &Diagnostic| {
        let (start, end) = (span.start as usize, span.end as usize);
        assert!(
            start <= end && end <= text.len(),
            "{what} {span:?} of {:?} lies outside the text ({} bytes)",
            d.message,
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{what} {span:?} of {:?} splits a character",
            d.message
        );
    };
    for d in diagnostics {
        assert!(!d.message.is_empty(), "a diagnostic with no message");
        inside(d.span, "span", d);
        for related in &d.related {
            inside(related.span, "related place", d);
        }
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                inside(edit.span, "fix edit", d);
            }
        }
    }
}

#[path = "../../tests/common/definitions.rs"]
mod definitions;
pub use definitions::{meaning, route_by_definition};
