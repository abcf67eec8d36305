//! Definition, references, highlights and rename for topics and systems:
//! lookups in the model's references, never a second parse.

use handoff_analysis::Analysis;
use handoff_analysis::hir::{Model, Symbol};
use handoff_diagnostics::Span;

/// The declaration of the name at `offset`.
pub fn definition(model: &Model, offset: usize) -> Option<Span> {
    let (symbol, _) = model.symbol_at(offset as u32)?;
    Some(model.name(symbol).span)
}

/// Every place the name at `offset` is used, its declaration first when
/// asked for.
pub fn references(model: &Model, offset: usize, with_declaration: bool) -> Vec<Span> {
    let Some((symbol, _)) = model.symbol_at(offset as u32) else {
        return Vec::new();
    };
    model
        .references_to(symbol)
        .filter(|r| with_declaration || !r.is_definition)
        .map(|r| r.span)
        .collect()
}

/// What can be renamed at `offset`: the name's span and its text.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<(Span, String)> {
    let (_, span) = analysis.model.symbol_at(offset as u32)?;
    Some((span, analysis.text[span.range()].to_string()))
}

/// Why a rename cannot be done, in the author's words.
#[derive(Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

/// The edits that rename the name at `offset` everywhere it is used.
pub fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
) -> Result<Vec<(Span, String)>, RenameError> {
    let model = &analysis.model;
    let Some((symbol, _)) = model.symbol_at(offset as u32) else {
        return Err(RenameError(
            "only a topic's or a system's name can be renamed".into(),
        ));
    };
    let (what, taken) = match symbol {
        Symbol::Topic(id) => (
            "topic",
            model.topic_named(new_name).filter(|t| *t != id).is_some(),
        ),
        Symbol::System(id) => (
            "system",
            model.system_named(new_name).filter(|s| *s != id).is_some(),
        ),
    };
    if !is_name(new_name) {
        return Err(RenameError(format!(
            "`{new_name}` is not a valid {what} name: use letters, digits, `-` and `_`, starting \
             with a letter (`opening-hours`)"
        )));
    }
    if taken {
        return Err(RenameError(format!(
            "there is already a {what} named `{new_name}`"
        )));
    }
    Ok(model
        .references_to(symbol)
        .map(|r| (r.span, new_name.to_string()))
        .collect())
}

/// The grammar's `name`: a letter, then letters, marks, digits, `-`, `_`.
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || c == '-' || c == '_' || is_mark(c))
}

/// Combining marks, which the grammar's `MARK` allows inside names.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = "business \"B\"\nsystem cal: read\n\
        topic booking: about book; may suggest times using cal\n\
        topic menu: about menu\n\
        test \"book\" -> booking\ntest \"x\" -> handoff booking\n";

    #[test]
    fn renaming_a_topic_changes_every_place_and_refuses_a_taken_or_invalid_name() {
        let analysis = Analysis::new(RULES);
        let at = RULES.find("-> booking").unwrap() + 4;
        let edits = rename(&analysis, at, "reservation").unwrap();
        assert_eq!(edits.len(), 3);
        let mut renamed = RULES.to_string();
        for (span, text) in edits.iter().rev() {
            renamed.replace_range(span.range(), text);
        }
        let after = Analysis::new(renamed);
        assert!(!after.has_errors(), "{:#?}", after.diagnostics);
        assert!(after.model.topic_named("reservation").is_some());
        assert_eq!(
            rename(&analysis, at, "menu").unwrap_err().0,
            "there is already a topic named `menu`"
        );
        assert!(rename(&analysis, at, "two words").is_err());
        assert!(rename(&analysis, at, "9lives").is_err());
        assert!(
            rename(&analysis, at, "Booking").is_ok(),
            "its own name, respelled"
        );
        assert!(rename(&analysis, 0, "x").is_err(), "not on a name");
    }

    #[test]
    fn definition_and_references_of_a_system() {
        let analysis = Analysis::new(RULES);
        let at = RULES.find("using cal").unwrap() + 7;
        let def = definition(&analysis.model, at).unwrap();
        assert_eq!(def.start as usize, RULES.find("cal:").unwrap());
        assert_eq!(references(&analysis.model, at, true).len(), 2);
        assert_eq!(references(&analysis.model, at, false).len(), 1);
    }
}
