use crate::Severity;

/// The documentation of one check, in the fixed sections that `handoff
/// explain`, the docs and the editor's hover all print.
#[derive(Clone, Copy, Debug)]
pub struct LintDocs {
    /// The whole Markdown page: a title line, then `## What it does`,
    /// `## Why it matters`, `## Example` and `## How to fix`.
    pub markdown: &'static str,
}

impl LintDocs {
    /// The text of one `## ` section, without its heading.
    pub fn section(&self, heading: &str) -> Option<&'static str> {
        let marker = format!("## {heading}\n");
        let start = self.markdown.find(&marker)? + marker.len();
        let rest = &self.markdown[start..];
        let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
        Some(rest[..end].trim())
    }

    /// The first ```handoff block of the example section.
    pub fn example(&self) -> Option<&'static str> {
        let section = self.section("Example")?;
        let start = section.find("```handoff\n")? + "```handoff\n".len();
        let end = section[start..].find("```")? + start;
        Some(&section[start..end])
    }
}

macro_rules! lints {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $summary:literal;)*) => {
        /// Every check handoff knows, with a stable code and name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Lint {
            $($variant,)*
        }

        impl Lint {
            pub const ALL: &'static [Lint] = &[$(Lint::$variant,)*];

            /// The stable code, `H001`...
            pub fn code(self) -> &'static str {
                match self { $(Lint::$variant => $code,)* }
            }

            /// The stable kebab-case name, `duplicate-topic`...
            pub fn name(self) -> &'static str {
                match self { $(Lint::$variant => $name,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Lint::$variant => Severity::$severity,)* }
            }

            /// One line saying what the check catches.
            pub fn summary(self) -> &'static str {
                match self { $(Lint::$variant => $summary,)* }
            }

            pub fn docs(self) -> LintDocs {
                LintDocs {
                    markdown: match self {
                        $(Lint::$variant => include_str!(concat!("../docs/", $name, ".md")),)*
                    },
                }
            }
        }
    };
}

lints! {
    SyntaxError = "H001", "syntax-error", Error, "A line that does not follow the language's grammar.";
    InvalidText = "H002", "invalid-text", Error, "Bytes that are not UTF-8 text, or invisible control characters.";
    DuplicateTopic = "H003", "duplicate-topic", Error, "Two topics with the same name.";
    DuplicateSystem = "H004", "duplicate-system", Error, "Two systems with the same name.";
    UnknownSystem = "H005", "unknown-system", Error, "`using` names a system that is not declared.";
    UnknownTopic = "H006", "unknown-topic", Error, "A test expects a topic that is not declared.";
    UnknownChannel = "H007", "unknown-channel", Error, "A channel handoff does not know.";
    UnknownRisk = "H008", "unknown-risk", Error, "A risk that is not `fact`, `internal`, `binding` or `judgment`.";
    ConflictingRule = "H009", "conflicting-rule", Error, "A topic both allows and forbids the same action.";
    BreaksNeverPromise = "H010", "breaks-never-promise", Error, "A `may` action commits to something the file never promises.";
    SecretInRules = "H011", "secret-in-rules", Error, "Something that looks like an API key, token or password.";
    DuplicateDeclaration = "H012", "duplicate-declaration", Error, "A declaration that may appear once is written twice.";
    UnknownFieldType = "H013", "unknown-field-type", Error, "A `collect` field with a type handoff does not know.";
    UnknownRule = "H014", "unknown-rule", Error, "A reply test's `breaks` names a phrase that is not a `never promise` or the topic's `must not` phrase.";
    OverLimit = "H015", "over-limit", Error, "A file, line or list larger than handoff reads.";
    RiskyTopicWithoutHandoff = "H101", "risky-topic-without-handoff", Warning, "A `binding` or `judgment` topic that never hands off.";
    HandoffWithoutCollect = "H102", "handoff-without-collect", Warning, "A topic that hands off without collecting anything first.";
    WriteWithoutApproval = "H103", "write-without-approval", Warning, "A system the agent may write to without a person approving.";
    UnusedSystem = "H104", "unused-system", Warning, "A system that no `may ... using` clause uses.";
    OverlappingAbout = "H105", "overlapping-about", Warning, "The same `about` phrase in two topics.";
    TopicWithoutAbout = "H106", "topic-without-about", Warning, "A topic with no `about` phrases, so no message reaches it.";
    UntestedTopic = "H107", "untested-topic", Warning, "A topic that no `test` line expects.";
    PersonalDataInTest = "H108", "personal-data-in-test", Warning, "A phone number, e-mail address or long number in a test message.";
    LogWithoutRedaction = "H109", "log-without-redaction", Warning, "A `log:` that saves conversations without redacting anything.";
    DuplicateClause = "H110", "duplicate-clause", Warning, "A clause or phrase written twice in one topic.";
    UnknownLanguage = "H111", "unknown-language", Warning, "A language that is not a BCP 47 tag such as `en` or `sv`.";
    MissingBusiness = "H112", "missing-business", Warning, "No `business` line, so the agent does not know whom it speaks for.";
    CollectWithoutHandoff = "H113", "collect-without-handoff", Warning, "A topic that collects fields but can never hand off.";
    DuplicateTest = "H114", "duplicate-test", Warning, "The same test message written twice.";
    InvisibleCharacter = "H115", "invisible-character", Warning, "A zero-width or text-direction character that hides what the text says.";
    LanguageWithoutGuardWords = "H116", "language-without-guard-words", Warning, "A declared language the reply guard has no words for.";
    MustNotByWordsOnly = "H117", "must-not-by-words-only", Warning, "A `must not` phrase the reply guard can match only by its words, with no reply test for it.";
    LanguageWithoutMatching = "H120", "language-without-matching", Warning, "A declared language whose word forms and everyday words routing does not know.";
}

impl Lint {
    /// Looks a check up by code (`H003`, any case) or name (`duplicate-topic`).
    pub fn find(code_or_name: &str) -> Option<Lint> {
        let wanted = code_or_name.trim();
        Lint::ALL
            .iter()
            .copied()
            .find(|l| l.code().eq_ignore_ascii_case(wanted) || l.name() == wanted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for lint in Lint::ALL {
            assert!(seen.insert(lint.code()), "{} repeated", lint.code());
            assert!(seen.insert(lint.name()), "{} repeated", lint.name());
            assert!(
                lint.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-')
            );
        }
    }

    #[test]
    fn every_check_is_documented_in_the_fixed_sections() {
        for lint in Lint::ALL {
            let docs = lint.docs();
            assert!(
                docs.markdown.starts_with(&format!("# {}", lint.name())),
                "{}: title line",
                lint.name()
            );
            for heading in ["What it does", "Why it matters", "Example", "How to fix"] {
                let text = docs.section(heading).unwrap_or_default();
                assert!(!text.is_empty(), "{}: section {heading}", lint.name());
            }
            assert!(docs.example().is_some(), "{}: example", lint.name());
        }
    }

    #[test]
    fn find_takes_codes_and_names() {
        assert_eq!(Lint::find("h003"), Some(Lint::DuplicateTopic));
        assert_eq!(Lint::find("duplicate-topic"), Some(Lint::DuplicateTopic));
        assert_eq!(Lint::find("nope"), None);
    }
}
