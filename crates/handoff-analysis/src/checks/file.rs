//! Declarations about the whole agent: business, languages, log.

use handoff_diagnostics::{Diagnostic, Lint, Span, did_you_mean};
use handoff_syntax::tree::{ItemKind, SourceFile};

use crate::hir::Model;
use crate::vocabulary::COUNTRY_NOT_LANGUAGE;
use handoff_text::languages::language_named;

pub(super) fn check(text: &str, tree: &SourceFile, model: &Model, out: &mut Vec<Diagnostic>) {
    out.extend(
        model
            .languages
            .iter()
            .filter_map(|l| language(&l.text, l.span)),
    );
    // A well-formed tag of a language matching has no data for: its
    // customers' words match only as written.
    if model.matching.is_none_or(|(exact, _)| !exact) {
        for l in &model.languages {
            if language(&l.text, l.span).is_none()
                && handoff_text::lang::Lang::from_tag(&l.text).is_none()
            {
                out.push(
                    Diagnostic::new(
                        Lint::LanguageWithoutMatching,
                        l.span,
                        format!(
                            "handoff knows no word forms or everyday words for `{}`: its customers' words match only as written",
                            l.text
                        ),
                    )
                    .with_label("matched as written")
                    .with_help(
                        "write the forms and the everyday words customers use in that language into the \
                         `about` lists yourself, and test them; matching knows da, de, en, es, fi, fr, it, \
                         nb, nl, pt and sv",
                    ),
                );
            }
        }
    }
    if let Some(log) = &model.log
        && !log.save.is_empty()
        && log.redact.is_empty()
    {
        out.push(
            Diagnostic::new(
                Lint::LogWithoutRedaction,
                log.keyword,
                "conversations are saved, but nothing is redacted first",
            )
            .with_label("no `redact`")
            .with_help(
                "add `redact names, phone numbers, email, order numbers` so personal data does \
                 not end up in the log",
            ),
        );
    }
    // A line that did not parse but starts like `business` (`busines
    // "Salon"`) is the business line with a slip: its syntax error already
    // says so, and a second `business` line would be a duplicate once it is
    // fixed.
    let misspelled_business = tree.items.iter().any(|item| {
        matches!(item.kind, ItemKind::Error)
            && text
                .get(item.keyword.range())
                .is_some_and(|word| did_you_mean(word, ["business"]).is_some())
    });
    if model.business.is_none() && !model.topics.is_empty() && !misspelled_business {
        out.push(
            Diagnostic::new(
                Lint::MissingBusiness,
                Span::new(0, 0),
                "this file does not say which business the agent speaks for",
            )
            .with_help("add a line such as `business \"Salon Lina\"` at the top")
            .with_fix("Add a business line", Span::new(0, 0), "business \"\"\n"),
        );
    }
}

/// Whether a language entry is a tag `unknown-language` has nothing to
/// say about.
pub(super) fn is_valid_language(text: &str) -> bool {
    language(text, Span::new(0, 0)).is_none()
}

/// A language entry that is not a well-formed BCP 47 tag, or a common
/// mix-up of country and language.
fn language(text: &str, span: Span) -> Option<Diagnostic> {
    let lower = text.to_lowercase();
    if let Some((_, tag, why)) = COUNTRY_NOT_LANGUAGE.iter().find(|(c, _, _)| *c == lower) {
        return Some(
            Diagnostic::new(
                Lint::UnknownLanguage,
                span,
                format!("`{text}` is probably not the language you mean"),
            )
            .with_label("a country code?")
            .with_help(format!("{why}; did you mean `{tag}`?"))
            .with_fix(format!("Replace with `{tag}`"), span, *tag),
        );
    }
    if is_language_tag(text) {
        return None;
    }
    let d = Diagnostic::new(
        Lint::UnknownLanguage,
        span,
        format!("`{text}` is not a language tag"),
    )
    .with_label("not a BCP 47 tag");
    Some(match language_named(&lower).map(|l| l.tag) {
        Some(tag) => d
            .with_help(format!(
                "languages are written as tags: did you mean `{tag}`?"
            ))
            .with_fix(format!("Replace with `{tag}`"), span, tag),
        None => d.with_help(
            "write the language's BCP 47 tag: `en`, `sv`, `nb`, `da`, `fi`, `de`, `pt-BR`",
        ),
    })
}

/// The shape of a BCP 47 tag: a 2-3 letter language, then subtags of 1-8
/// letters or digits (`sv`, `pt-BR`, `zh-Hant`, `es-419`).
fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod unit {
    use super::is_language_tag;

    #[test]
    fn tags_have_the_bcp47_shape() {
        for ok in ["sv", "en", "pt-BR", "zh-Hant", "es-419", "fil"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["swedish", "e", "en_US", "pt--BR", "sv-", "123"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
