//! Personal data out of text before anything keeps or shows it: the kinds
//! a file's `log: redact` names (what a log record is cleaned of), and for
//! an inbox export also the kinds every export is cleaned of (phone
//! numbers, e-mail addresses, order numbers,
//! `handoff_text::personal::ALWAYS`) and the names of everyone who writes
//! in it.

use std::collections::BTreeSet;

use fancy_regex::Regex;
use handoff_policy::Policy;
use handoff_text::{normalize, personal};

/// Removes personal data from text.
pub struct Redactor {
    patterns: Vec<(Regex, &'static str)>,
    /// The words of every name, lower case.
    names: BTreeSet<String>,
}

impl Redactor {
    /// For an inbox export: the kinds every export is cleaned of, and those
    /// the policy's `log: redact` names.
    pub fn new(policy: Option<&Policy>) -> Redactor {
        Redactor::of(personal::ALWAYS.iter().copied(), policy)
    }

    /// For a log record: exactly the kinds the policy's `log: redact`
    /// names, as the log schema tells every runtime to apply them.
    pub fn of_log(policy: &Policy) -> Redactor {
        Redactor::of([], Some(policy))
    }

    fn of<'a>(always: impl IntoIterator<Item = &'a str>, policy: Option<&Policy>) -> Redactor {
        let mut kinds: Vec<personal::Kind> =
            always.into_iter().filter_map(personal::kind).collect();
        if let Some(log) = policy.and_then(|p| p.log.as_ref()) {
            for phrase in &log.redact {
                if let Some(kind) = personal::kind(&normalize(&phrase.text))
                    && !kinds.contains(&kind)
                {
                    kinds.push(kind);
                }
            }
        }
        Redactor {
            patterns: kinds
                .into_iter()
                .map(|k| {
                    (
                        Regex::new(&k.pattern).expect("the patterns of personal data are valid"),
                        k.replacement,
                    )
                })
                .collect(),
            names: BTreeSet::new(),
        }
    }

    /// A person's name to remove: each of its words of two letters or
    /// more, in any case, wherever it stands alone (`Anna-Karin Berg`
    /// removes `anna`, `karin` and `berg`).
    pub fn add_name(&mut self, name: &str) {
        for word in name.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                self.names.insert(word.to_lowercase());
            }
        }
    }

    /// The text with every piece of personal data replaced by its kind:
    /// `[phone]`, `[email]`, `[order]`, `[name]`.
    pub fn clean(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (regex, replacement) in &self.patterns {
            out = regex
                .replace_all(&out, fancy_regex::NoExpand(replacement))
                .into_owned();
        }
        if self.names.is_empty() {
            return out;
        }
        // Words are runs of letters and digits, as the names were split.
        let mut cleaned = String::with_capacity(out.len());
        let mut word = String::new();
        let flush = |word: &mut String, cleaned: &mut String| {
            if self.names.contains(&word.to_lowercase()) {
                cleaned.push_str("[name]");
            } else {
                cleaned.push_str(word);
            }
            word.clear();
        };
        for c in out.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush(&mut word, &mut cleaned);
                cleaned.push(c);
            }
        }
        flush(&mut word, &mut cleaned);
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_emails_orders_and_names_go() {
        let mut r = Redactor::new(None);
        r.add_name("Anna-Karin Berg");
        let cleaned = r.clean(
            "hej det är anna-karin, ring 070-123 45 67 eller anna@blåbär.se om order #LC-88812345",
        );
        assert_eq!(
            cleaned,
            "hej det är [name]-[name], ring [phone] eller [email] om order [order]"
        );
        // A date or a time is no phone number.
        assert_eq!(
            r.clean("kan jag komma 2026-05-12 kl 14.30?"),
            "kan jag komma 2026-05-12 kl 14.30?"
        );
    }
}
