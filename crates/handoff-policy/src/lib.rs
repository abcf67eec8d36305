//! The compiled policy: everything a `.handoff` file says, resolved, in file
//! order, with the place of every item in its source. This is the contract
//! with agent runtimes: they load it as JSON and need nothing else (no
//! parser, no grammar) to follow or reproduce the rules.
//!
//! This crate knows nothing about source text, syntax or checks; it only
//! defines the format and reads and writes it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod words;
pub use strum::VariantArray;
pub use words::{Access, FallbackAction, FieldType, Risk};

/// The version of the policy format. The major number changes only when a
/// runtime that read the old format would misread the new one; new optional
/// keys bump the minor number. See docs/policy-format.md.
pub const FORMAT_VERSION: &str = "1.2";

/// Where an item stands in the `.handoff` file: 1-based lines, and columns
/// counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SourceSpan {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// A phrase of the author's, as written (quotes and escapes removed). Tools
/// compare phrases after normalising them as LANGUAGE.md defines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Phrase {
    pub text: String,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Policy {
    pub format_version: String,
    pub business: Option<Business>,
    pub channels: Vec<Channel>,
    pub languages: Vec<Language>,
    pub tone: Vec<Phrase>,
    pub never_promise: Vec<Phrase>,
    pub handoff_when: Vec<Phrase>,
    pub fallback: Fallback,
    /// New in 1.2; a 1.1 policy matches everyday words.
    #[serde(default)]
    pub matching: Matching,
    /// New in 1.2: the staff's names and role words, besides the guard's
    /// own (`staff Lina, stylist`).
    #[serde(default)]
    pub staff: Vec<Phrase>,
    pub systems: Vec<System>,
    pub topics: Vec<Topic>,
    pub log: Option<Log>,
    pub tests: Vec<Test>,
    /// New in 1.1; a 1.0 policy has none.
    #[serde(default)]
    pub reply_tests: Vec<ReplyTest>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Business {
    pub name: String,
    pub span: SourceSpan,
}

/// The channels an agent can answer on, as the policy names them.
pub const CHANNELS: [&str; 7] = [
    "whatsapp",
    "messenger",
    "instagram",
    "webchat",
    "email",
    "forms",
    "sms",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Channel {
    /// One of the known channel names, in lower case.
    pub name: String,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Language {
    /// A BCP 47 tag as written (`sv`, `pt-BR`).
    pub tag: String,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fallback {
    pub action: FallbackAction,
    /// Absent when the file has no `fallback` line and the default applies.
    pub span: Option<SourceSpan>,
}

/// How phrases match a message (docs/language.md, "How phrases match a
/// message"): everyday words (the forms of a word, the parts of compounds,
/// word families and the numbers a phrase compares, in the declared
/// languages) unless the file says `matching exact`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Matching {
    /// `matching exact`: only the definition's least rule.
    pub exact: bool,
    /// Where `matching` is written; absent for the default.
    pub span: Option<SourceSpan>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct System {
    pub name: String,
    pub access: Access,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Topic {
    pub name: String,
    /// The title in quotes, or the name with `-` and `_` as spaces and a
    /// capital first letter.
    pub title: String,
    /// `null` when the file does not classify the topic.
    pub risk: Option<Risk>,
    pub about: Vec<Phrase>,
    pub may: Vec<Action>,
    pub must_not: Vec<Phrase>,
    pub handoff: Handoff,
    pub collect: Vec<Field>,
    pub span: SourceSpan,
}

/// One `may` action; `using` names a declared system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Action {
    pub text: String,
    pub using: Option<String>,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Handoff {
    pub always: bool,
    pub when: Vec<Phrase>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Log {
    pub save: Vec<Phrase>,
    pub redact: Vec<Phrase>,
    pub span: SourceSpan,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Test {
    pub message: String,
    pub expect: Expectation,
    pub span: SourceSpan,
}

/// `-> booking`: topic `booking`, not handed off. `-> handoff booking`: topic
/// `booking`, handed off. `-> handoff`: handed off, any topic (`null`).
/// `-> no topic`: no topic (`null`), not handed off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Expectation {
    pub topic: Option<String>,
    pub handoff: bool,
}

impl Expectation {
    /// As a `test` line writes it after `->`: `booking`, `handoff
    /// booking`, `handoff`, `no topic`.
    pub fn written(&self) -> String {
        match (&self.topic, self.handoff) {
            (Some(topic), false) => topic.clone(),
            (Some(topic), true) => format!("handoff {topic}"),
            (None, true) => "handoff".to_string(),
            (None, false) => "no topic".to_string(),
        }
    }
}

/// `test reply "REPLY" [on TOPIC] -> ok` / `-> breaks PHRASE`: an agent's
/// reply and whether it may be sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReplyTest {
    pub reply: String,
    /// The conversation's topic (`on TOPIC`), whose `must not` phrases are
    /// checked too; `null` when the test names none.
    pub topic: Option<String>,
    /// `null` for `-> ok` (the reply breaks no rule). Otherwise the phrase
    /// it breaks, spelt as its rule writes it: with a topic, that topic's
    /// `must not` phrase; without, a `never promise` phrase.
    pub breaks: Option<String>,
    pub span: SourceSpan,
}

impl Policy {
    /// The same JSON as [`Policy::to_json`], written as it is made: a large
    /// policy's JSON is several times its source, and is never held whole.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n")
    }

    /// Pretty JSON with a final newline; byte-identical for equal policies.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).expect("a policy always serialises");
        json.push('\n');
        json
    }

    /// Reads a policy. A policy of another major format version, or one
    /// that does not match the format, is an error that names the field
    /// (`topics[2].risk: unknown variant ...`). A newer minor version reads:
    /// its keys this crate does not know are ignored, as the format's
    /// compatibility promise says; [`Policy::newer_minor`] says so in words.
    pub fn from_json(json: &str) -> Result<Policy, serde_json::Error> {
        use serde::de::Error as _;
        // The version first: a policy of another major version may not
        // match this format at all, and saying so is the useful error.
        if let Some(error) = other_major_version(json) {
            return Err(serde_json::Error::custom(error));
        }
        let mut reader = serde_json::Deserializer::from_str(json);
        let policy: Policy = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." || inner.is_syntax() || inner.is_eof() {
                inner
            } else {
                serde_json::Error::custom(format!("{path}: {inner}"))
            }
        })?;
        reader.end()?;
        Ok(policy)
    }

    /// A warning for a policy of a newer minor version than this crate
    /// writes (`1.99` read by a `1.1` reader): it loads, and the keys added
    /// since are ignored, so rules that rely on them are not enforced.
    /// `None` for this version or an older one.
    pub fn newer_minor(&self) -> Option<String> {
        let minor = |v: &str| v.split('.').nth(1)?.parse::<u64>().ok();
        let (Some(theirs), Some(ours)) = (minor(&self.format_version), minor(FORMAT_VERSION))
        else {
            return None;
        };
        (theirs > ours).then(|| {
            format!(
                "this policy is format version {}, newer than {FORMAT_VERSION}, the newest this \
                 handoff reads: it loads, but keys added after {FORMAT_VERSION} are ignored, so \
                 rules that use them are not enforced; update handoff to read them",
                self.format_version
            )
        })
    }

    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.name == name)
    }

    /// The JSON Schema (2020-12) of the policy format, generated from these
    /// types so that it cannot drift from what the compiler writes.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Policy);
        let mut json = serde_json::to_string_pretty(&schema).expect("schemas serialise");
        json.push('\n');
        json
    }
}

/// Why a JSON policy cannot be read for its version: a `format_version` of
/// another major number than [`FORMAT_VERSION`]'s, in words that name both.
/// `None` when the major number matches, or the text has no readable
/// version (then the format's own error says what is wrong).
pub fn other_major_version(json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Version {
        format_version: Option<serde_json::Value>,
    }
    let version = serde_json::from_str::<Version>(json).ok()?.format_version?;
    let major = FORMAT_VERSION.split('.').next().unwrap_or_default();
    let theirs = version
        .as_str()
        .map(|v| v.split('.').next().unwrap_or_default());
    (theirs != Some(major)).then(|| {
        format!(
            "format_version: {version} is not a version this handoff reads \
             (it reads {major}.x); compile the rules with a matching handoff"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    fn span() -> SourceSpan {
        SourceSpan {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 5,
        }
    }

    fn sample() -> Policy {
        Policy {
            format_version: FORMAT_VERSION.to_string(),
            business: Some(Business {
                name: "Salon".into(),
                span: span(),
            }),
            channels: vec![],
            languages: vec![],
            tone: vec![],
            never_promise: vec![Phrase {
                text: "price".into(),
                span: span(),
            }],
            handoff_when: vec![],
            fallback: Fallback {
                action: FallbackAction::Handoff,
                span: None,
            },
            matching: Matching::default(),
            staff: vec![],
            systems: vec![],
            topics: vec![Topic {
                name: "booking".into(),
                title: "Booking".into(),
                risk: Some(Risk::Binding),
                about: vec![],
                may: vec![],
                must_not: vec![],
                handoff: Handoff {
                    always: true,
                    when: vec![],
                },
                collect: FieldType::VARIANTS
                    .iter()
                    .map(|ty| Field {
                        name: ty.as_str().into(),
                        ty: *ty,
                        span: span(),
                    })
                    .collect(),
                span: span(),
            }],
            log: None,
            tests: vec![],
            reply_tests: vec![ReplyTest {
                reply: "It costs 450 kr".into(),
                topic: Some("booking".into()),
                breaks: None,
                span: span(),
            }],
        }
    }

    #[test]
    fn json_round_trips_byte_for_byte() {
        let json = sample().to_json();
        let back = Policy::from_json(&json).unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.to_json(), json);
        assert!(json.ends_with("}\n"));
    }

    #[test]
    fn the_schema_names_every_top_level_key() {
        let schema: serde_json::Value = serde_json::from_str(&Policy::json_schema()).unwrap();
        let json = serde_json::to_value(sample()).unwrap();
        for key in json.as_object().unwrap().keys() {
            assert!(schema["properties"].get(key).is_some(), "{key}");
        }
        assert!(Policy::from_json("{}").is_err());
    }

    #[test]
    fn a_1_0_policy_without_reply_tests_still_loads() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json.as_object_mut().unwrap().remove("reply_tests");
        json["format_version"] = "1.0".into();
        let old = Policy::from_json(&json.to_string()).unwrap();
        assert!(old.reply_tests.is_empty());
    }

    #[test]
    fn a_newer_minor_loads_with_a_warning_and_ignores_unknown_keys() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json["format_version"] = "1.99".into();
        json["a_key_from_the_future"] = true.into();
        let newer = Policy::from_json(&json.to_string()).unwrap();
        let warning = newer.newer_minor().unwrap();
        assert!(
            warning.contains("format version 1.99, newer than 1.2"),
            "{warning}"
        );
        assert_eq!(sample().newer_minor(), None);
        json["format_version"] = "1.0".into();
        assert_eq!(
            Policy::from_json(&json.to_string()).unwrap().newer_minor(),
            None
        );
    }

    #[test]
    fn another_major_is_named_with_the_version_this_crate_reads() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json["format_version"] = "2.0".into();
        let text = json.to_string();
        let error = other_major_version(&text).unwrap();
        assert!(
            error.starts_with(
                "format_version: \"2.0\" is not a version this handoff reads (it reads 1.x)"
            ),
            "{error}"
        );
        assert_eq!(Policy::from_json(&text).unwrap_err().to_string(), error);
        assert_eq!(other_major_version(&sample().to_json()), None);
        assert_eq!(other_major_version("{}"), None);
    }
}
