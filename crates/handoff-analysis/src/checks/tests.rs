//! `test` lines: what they cover and what they contain.

use std::collections::{HashMap, HashSet};

use handoff_diagnostics::{Diagnostic, Lint, Span};
use handoff_syntax::tree::{Expect, ItemKind};
use handoff_text::normalize;

use super::Input;
use super::personal_data;
use crate::model::name_key;

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let mut tested: HashSet<String> = HashSet::new();
    let mut messages: HashMap<String, Span> = HashMap::new();
    for item in &input.tree.items {
        let ItemKind::Test(test) = &item.kind else {
            continue;
        };
        if let Expect::Answered(name) | Expect::Handoff(Some(name)) = &test.expect {
            tested.insert(name_key(&name.text));
        }
        let key = normalize(&test.message.text);
        match messages.get(&key) {
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
    for topic in &input.names.topics.list {
        if !tested.contains(&name_key(&topic.name.text)) {
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
