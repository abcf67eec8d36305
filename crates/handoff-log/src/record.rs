//! One record of the log: what a runtime passes for a customer message
//! ([`Entry`]), and what is kept of it ([`Record`]), as the policy's `log:`
//! says: the saved fields, every string the customer, the agent or the
//! runtime wrote redacted first.

use std::collections::BTreeMap;

use handoff_guard::Verdict;
use handoff_policy::Policy;
use handoff_route::Decision;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::redact::Redactor;
use crate::schema::{Saved, saved};

/// A rule that decided the routing, without the customer's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired {
    /// As `handoff route --format json` names it: `about`, `handoff_when`.
    pub rule: String,
    pub phrase: Option<String>,
    pub line: Option<u32>,
}

/// A rule the reply broke, so the guard held it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Held {
    /// `never promise` or `must not`.
    pub rule: String,
    pub phrase: String,
    pub topic: Option<String>,
    pub line: u32,
    /// The piece of the reply, redacted; only when the answer is saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<String>,
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// RFC 3339.
    pub time: String,
    /// The rules' version: [`version`]. Empty in a record from before
    /// versions were kept.
    #[serde(default)]
    pub policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    pub topic: Option<String>,
    pub handed_off: bool,
    #[serde(default)]
    pub rules: Vec<Fired>,
    #[serde(default)]
    pub held: Vec<Held>,
    /// The fields `save` keeps (`question`, `answer`, `sources`, and any
    /// other the file names), by their keys in the schema.
    #[serde(flatten)]
    pub saved: BTreeMap<String, Value>,
}

impl Record {
    /// The customer's message, when the log saves it.
    pub fn question(&self) -> Option<&str> {
        self.saved_as(Saved::Question).and_then(Value::as_str)
    }

    fn saved_as(&self, what: Saved) -> Option<&Value> {
        self.saved
            .iter()
            .find(|(key, _)| saved(&key.replace('_', " ")).1 == what)
            .map(|(_, value)| value)
    }

    /// The day of the record, as its time writes it (`2026-12-02`): the
    /// day where the message arrived, when the runtime gave a local time.
    pub fn day(&self) -> Option<jiff::civil::Date> {
        jiff::fmt::temporal::Pieces::parse(&self.time)
            .ok()
            .map(|p| p.date())
    }

    /// The moment of the record, to put logs in time order.
    pub fn instant(&self) -> Option<jiff::Timestamp> {
        self.time.parse().ok()
    }
}

/// What the runtime knows of one customer message.
#[derive(Clone, Debug, Default)]
pub struct Entry<'a> {
    pub message: &'a str,
    /// The router's decision: the topic, whether it hands off, and the
    /// rules that fired ([`Entry::decided`]).
    pub topic: Option<String>,
    pub handoff: bool,
    pub rules: Vec<Fired>,
    /// The agent's reply, when one was written.
    pub reply: Option<&'a str>,
    /// The rules the reply broke, each with its piece ([`Entry::checked`]).
    pub broken: Vec<Held>,
    /// When the message arrived, RFC 3339; now when `None`.
    pub time: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub conversation: Option<&'a str>,
    /// Where the answer came from.
    pub sources: &'a [String],
    /// Whether a person took over, when the runtime knows; otherwise the
    /// decision's hand-over, or a reply the guard held back.
    pub handed_off: Option<bool>,
    /// Other fields the file saves (`save mood`), by name.
    pub other: BTreeMap<String, String>,
}

impl<'a> Entry<'a> {
    /// With the router's decision.
    pub fn decided(self, decision: &Decision) -> Entry<'a> {
        Entry {
            topic: decision.topic.clone(),
            handoff: decision.handoff,
            rules: decision
                .reasons
                .iter()
                .map(|r| Fired {
                    rule: r.rule.as_str().to_string(),
                    phrase: r.phrase.clone(),
                    line: r.line,
                })
                .collect(),
            ..self
        }
    }

    /// With the guard's verdict on the reply.
    pub fn checked(self, verdict: &Verdict) -> Entry<'a> {
        Entry {
            broken: verdict
                .broken
                .iter()
                .map(|b| Held {
                    rule: b.rule.as_str().to_string(),
                    phrase: b.phrase.clone(),
                    topic: b.topic.clone(),
                    line: b.line,
                    piece: Some(b.piece.clone()),
                })
                .collect(),
            ..self
        }
    }
}

impl<'a> Entry<'a> {
    /// With a decision as the bindings hold it: the JSON of `handoff route
    /// --format json` (or a dict made from it).
    pub fn decided_json(self, decision: &Value) -> Result<Entry<'a>, BadEntry> {
        let rules = serde_json::from_value(decision["reasons"].clone())
            .map_err(|e| BadEntry(format!("the decision is not one handoff made: {e}")))?;
        Ok(Entry {
            topic: decision["topic"].as_str().map(str::to_string),
            handoff: decision["handoff"].as_bool().unwrap_or_default(),
            rules,
            ..self
        })
    }

    /// With a verdict as the bindings hold it: the JSON of `handoff guard
    /// --format json`.
    pub fn checked_json(self, verdict: &Value) -> Result<Entry<'a>, BadEntry> {
        let broken = serde_json::from_value(verdict["broken"].clone())
            .map_err(|e| BadEntry(format!("the verdict is not one handoff made: {e}")))?;
        Ok(Entry { broken, ..self })
    }
}

/// What the runtime passed that cannot be kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadEntry(pub String);

impl std::fmt::Display for BadEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadEntry {}

/// The first 16 hex digits of the SHA-256 of `bytes`.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The version of a policy in its records: `sha256:` and the first 16 hex
/// digits of the SHA-256 of its JSON, without its tests and its format
/// version (a new test, or a newer handoff, decides nothing differently).
/// The same rules give the same version on every machine; any other change
/// to the file (a line moved, too) gives another, since the records' line
/// numbers follow it.
pub fn version(policy: &Policy) -> String {
    let rules = Policy {
        format_version: String::new(),
        tests: Vec::new(),
        reply_tests: Vec::new(),
        ..policy.clone()
    };
    format!("sha256:{}", short_hash(rules.to_json().as_bytes()))
}

/// Whether a time is RFC 3339 as the schema's `date-time` reads it:
/// `2026-12-02T10:00:00Z`, `2026-12-02T11:00:00.5+01:00`.
fn rfc3339(time: &str) -> bool {
    let b = time.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let offset = time.ends_with('Z')
        || (b.len() >= 6
            && matches!(b[b.len() - 6], b'+' | b'-')
            && digits(b.len() - 5..b.len() - 3)
            && b[b.len() - 3] == b':'
            && digits(b.len() - 2..b.len()));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && offset
        && time.parse::<jiff::Timestamp>().is_ok()
}

/// Makes the records of one policy's log.
pub struct Recorder {
    version: String,
    /// The saved fields, by key, in the file's order.
    fields: Vec<(String, Saved)>,
    redactor: Redactor,
    topics: Vec<String>,
}

impl Recorder {
    pub fn new(policy: &Policy) -> Recorder {
        let mut fields: Vec<(String, Saved)> = Vec::new();
        for phrase in policy.log.iter().flat_map(|l| &l.save) {
            let field = saved(&phrase.text);
            // A `save time` keeps nothing more: every record holds it.
            if field.1 != Saved::Decision
                && !crate::schema::AUDIT.contains(&field.0.as_str())
                && !fields.iter().any(|(k, _)| *k == field.0)
            {
                fields.push(field);
            }
        }
        Recorder {
            version: version(policy),
            fields,
            redactor: Redactor::of_log(policy),
            topics: policy.topics.iter().map(|t| t.name.clone()).collect(),
        }
    }

    /// A decision or verdict the runtime passed that these rules cannot
    /// have made: a record must name only the file's topics and rules.
    fn foreign(&self, entry: &Entry<'_>) -> Option<String> {
        let known = |topic: &Option<String>| topic.as_ref().is_none_or(|t| self.topics.contains(t));
        if !known(&entry.topic) {
            return Some(format!(
                "the rules have no topic {:?}",
                entry.topic.as_deref().unwrap_or("")
            ));
        }
        let kinds = handoff_route::RuleKind::ALL;
        if let Some(f) = entry
            .rules
            .iter()
            .find(|f| !kinds.iter().any(|k| k.as_str() == f.rule) || f.line == Some(0))
        {
            return Some(format!("{:?} is no rule a decision names", f.rule));
        }
        if let Some(h) = entry.broken.iter().find(|h| {
            !matches!(h.rule.as_str(), "never promise" | "must not" | "handoff")
                || h.line == 0
                || !known(&h.topic)
        }) {
            return Some(format!(
                "{:?} {:?} is no rule a verdict names",
                h.rule, h.phrase
            ));
        }
        None
    }

    /// The record of a message: what `save` keeps, redacted.
    pub fn record(&self, entry: &Entry<'_>) -> Result<Record, BadEntry> {
        if let Some(why) = self.foreign(entry) {
            return Err(BadEntry(format!(
                "{why}: pass the decision and the verdict these rules made"
            )));
        }
        let time = match entry.time {
            Some(time) if rfc3339(time) => time.to_string(),
            Some(time) => {
                return Err(BadEntry(format!(
                    "the time {time:?} is not an RFC 3339 time with its offset, such as 2026-12-02T10:00:00Z or 2026-12-02T11:00:00+01:00"
                )));
            }
            None => jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        };
        for name in entry.other.keys() {
            let (key, _) = saved(name);
            if !self
                .fields
                .iter()
                .any(|(k, s)| *k == key && *s == Saved::Other)
            {
                return Err(BadEntry(format!(
                    "the rules' `log:` does not save `{name}`, so a record may not hold it: add it to `save`, or leave it out"
                )));
            }
        }
        let clean = |text: &str| self.redactor.clean(text);
        let saves_answer = self.fields.iter().any(|(_, s)| *s == Saved::Answer);
        let held: Vec<Held> = entry
            .broken
            .iter()
            .map(|b| Held {
                piece: b.piece.as_deref().filter(|_| saves_answer).map(clean),
                ..b.clone()
            })
            .collect();
        let mut saved_fields = BTreeMap::new();
        for (key, what) in &self.fields {
            let value = match what {
                Saved::Question => Value::String(clean(entry.message)),
                Saved::Answer => entry.reply.map_or(Value::Null, |r| Value::String(clean(r))),
                Saved::Sources => {
                    Value::Array(entry.sources.iter().map(|s| clean(s).into()).collect())
                }
                Saved::Other => match entry.other.iter().find(|(name, _)| saved(name).0 == *key) {
                    Some((_, text)) => Value::String(clean(text)),
                    None => continue,
                },
                Saved::Decision => continue,
            };
            saved_fields.insert(key.clone(), value);
        }
        let held_back = !held.is_empty();
        Ok(Record {
            time,
            policy: self.version.clone(),
            // A thread id is often the customer's phone number: a hash
            // tells threads apart without keeping it.
            conversation: entry.conversation.map(|c| short_hash(c.as_bytes())),
            channel: entry.channel.map(clean),
            topic: entry.topic.clone(),
            handed_off: entry.handed_off.unwrap_or(entry.handoff || held_back),
            rules: entry.rules.clone(),
            held,
            saved: saved_fields,
        })
    }
}
