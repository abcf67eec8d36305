//! Personal data out of a message before anything shows it: the kinds
//! every export is cleaned of (phone numbers, e-mail addresses, order
//! numbers, `handoff_text::personal::ALWAYS`), the kinds a file's `log:
//! redact` names, and the names of everyone who writes in the exports.

use fancy_regex::Regex;
use handoff_policy::Policy;
use handoff_text::{normalize, personal};

/// Removes personal data from text.
pub struct Redactor {
    patterns: Vec<(Regex, &'static str)>,
    names: Vec<String>,
    /// The names' words, longest first, as one pattern.
    names_pattern: Option<Regex>,
}

impl Redactor {
    /// The kinds every export is cleaned of, and those the policy's `log:
    /// redact` names.
    pub fn new(policy: Option<&Policy>) -> Redactor {
        let mut kinds: Vec<personal::Kind> = personal::ALWAYS
            .iter()
            .filter_map(|k| personal::kind(k))
            .collect();
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
            names: Vec::new(),
            names_pattern: None,
        }
    }

    /// A person's name to remove: the whole name and each of its words of
    /// two letters or more, wherever they stand alone.
    pub fn add_name(&mut self, name: &str) {
        for word in name
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        {
            if !self.names.iter().any(|n| n.eq_ignore_ascii_case(word)) {
                self.names.push(word.to_string());
            }
        }
        let mut words = self.names.clone();
        words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        let alternatives: Vec<String> = words
            .iter()
            .map(|w| fancy_regex::escape(w).into_owned())
            .collect();
        self.names_pattern = Regex::new(&format!(
            r"(?i)(?<![\p{{L}}\p{{N}}])(?:{})(?![\p{{L}}\p{{N}}])",
            alternatives.join("|")
        ))
        .ok();
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
        if let Some(names) = &self.names_pattern {
            out = names
                .replace_all(&out, fancy_regex::NoExpand("[name]"))
                .into_owned();
        }
        out
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
            "hej det är [name], ring [phone] eller [email] om order [order]"
        );
        // A date or a time is no phone number.
        assert_eq!(
            r.clean("kan jag komma 2026-05-12 kl 14.30?"),
            "kan jag komma 2026-05-12 kl 14.30?"
        );
    }
}
