//! `test` lines: what they cover and what they contain.

use std::collections::HashMap;

use handoff_diagnostics::{Diagnostic, Lint, Span};

use super::personal_data;
use crate::hir::Model;

pub(super) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut tested = vec![false; model.topics.len()];
    let mut messages: HashMap<&str, Span> = HashMap::new();
    for test in &model.tests {
        if let Some(id) = test.expect.topic().and_then(|t| t.topic) {
            tested[id.0 as usize] = true;
        }
        let key = test.message.key.as_str();
        match messages.get(key) {
            Some(&first) => out.push(
                Diagnostic::new(
                    Lint::DuplicateTest,
                    test.message.span,
                    "this test message is already tested",
                )
                .with_label("same message")
                .with_related(first, "first tested here")
                .with_help(
                    "delete the repeat, or change it into another message a customer would send",
                ),
            ),
            None => {
                messages.insert(key, test.message.span);
            }
        }
        personal_data::check(&test.message, out);
    }
    // Replies are text someone wrote, and may quote a customer's details.
    for test in &model.reply_tests {
        personal_data::check(&test.reply, out);
    }
    for (topic, tested) in model.topics.iter().zip(tested) {
        if !tested {
            out.push(
                Diagnostic::new(
                    Lint::UntestedTopic,
                    topic.name.span,
                    format!("no test expects `{}`", topic.name.text),
                )
                .with_label("untested")
                .with_help(format!(
                    "add a test with a message a customer would really send: `test \"...\" -> {}`",
                    topic.name.text
                )),
            );
        }
    }
}
