//! What the reply guard can and cannot see in a file: languages it has no
//! words for, and `must not` phrases it can match only by their words.

use handoff_diagnostics::{Diagnostic, Lint};
use handoff_guard::{Meanings, has_words_for};

use super::file::is_valid_language;
use crate::hir::{Model, ReplyExpect, RulePhrase};

pub(super) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for language in &model.languages {
        // A tag `unknown-language` reports is that check's to explain.
        if is_valid_language(&language.text) && !has_words_for(&language.text) {
            out.push(
                Diagnostic::new(
                    Lint::LanguageWithoutGuardWords,
                    language.span,
                    format!("the reply guard has no words for `{}`", language.text),
                )
                .with_label("no guard words")
                .with_help(
                    "replies in it are checked with the guard's minimum only (English and Swedish \
                     commitment words, values in digits): add `test reply` lines in this language \
                     for the promises that matter",
                ),
            );
        }
    }
    let meanings = Meanings::new(model.languages.iter().map(|l| l.text.as_str()));
    for (t, topic) in model.topics.iter().enumerate() {
        for (i, phrase) in topic.must_not.iter().enumerate() {
            if meanings.understands(&phrase.text).is_some() {
                continue;
            }
            let tested = model.reply_tests.iter().any(|test| match &test.expect {
                ReplyExpect::Breaks(rule) => {
                    rule.rule == Some(RulePhrase::MustNot(crate::hir::TopicId(t as u32), i))
                }
                ReplyExpect::Ok => false,
            });
            if tested {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Lint::MustNotByWordsOnly,
                    phrase.span,
                    format!(
                        "the reply guard matches `must not {}` only by its words",
                        phrase.text
                    ),
                )
                .with_label("no action the guard knows")
                .with_help(format!(
                    "add a reply test with the words an agent would use: `test reply \"...\" on {} \
                     -> breaks {}`",
                    topic.name.text, phrase.text
                )),
            );
        }
    }
}
