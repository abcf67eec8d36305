//! The record's contract: which field a `save` phrase keeps, and the JSON
//! Schema (2020-12) of one record, with the pattern for each `redact` item
//! (`handoff build --emit log-schema`). The recorder writes exactly these
//! fields, so every record it writes validates against the schema.

use handoff_policy::Policy;
use handoff_text::{normalize, personal};
use serde_json::{Map, Value, json};

/// What a `save` phrase keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// `question`, `message`: the customer's message.
    Question,
    /// `answer`, `reply`: the agent's reply.
    Answer,
    /// `sources`: where the answer came from.
    Sources,
    /// `topic`, `handed off`, `rules`: the decision, which every record
    /// holds anyway (it is the audit, and none of it is the customer's
    /// words).
    Decision,
    /// Anything else (`save mood`): text the runtime passes by this name.
    Other,
}

/// A `save` phrase's field: its key in the record and what it keeps.
pub fn saved(phrase: &str) -> (String, Saved) {
    let key = normalize(phrase).replace(' ', "_");
    let saved = match key.as_str() {
        "question" | "questions" | "message" => Saved::Question,
        "answer" | "answers" | "reply" => Saved::Answer,
        "sources" | "source" => Saved::Sources,
        "topic" | "handed_off" | "handoff" | "rules" | "reasons" | "rules_fired"
        | "fired_rules" => Saved::Decision,
        _ => Saved::Other,
    };
    // Every spelling of the decision is the one field the recorder writes.
    let key = match (&saved, key.as_str()) {
        (Saved::Decision, "handoff") => "handed_off".to_string(),
        (Saved::Decision, "reasons" | "rules_fired" | "fired_rules") => "rules".to_string(),
        _ => key,
    };
    (key, saved)
}

/// The schema of a saved field; `None` for the decision, which every
/// record holds as an audit field.
fn field_schema(key: &str, saved: &Saved) -> Option<Value> {
    let schema = match saved {
        Saved::Question => {
            json!({ "type": "string", "description": "the customer's message, redacted" })
        }
        Saved::Answer => json!({
            "type": ["string", "null"],
            "description": "the reply the agent wrote, redacted, also when the guard held it back (see held); null when it wrote none (a person took over first)",
        }),
        Saved::Sources => json!({
            "type": "array",
            "items": { "type": "string" },
            "description": "where the answer came from: documents, systems, pages",
        }),
        Saved::Decision => return None,
        Saved::Other => json!({
            "type": ["string", "null"],
            "description": format!("{}, as text, redacted", key.replace('_', " ")),
        }),
    };
    Some(schema)
}

/// The keys of the fields every record holds: a `save` item of one of
/// these names keeps nothing more.
pub const AUDIT: [&str; 8] = [
    "time",
    "policy",
    "conversation",
    "channel",
    "topic",
    "handed_off",
    "rules",
    "held",
];

/// The fields every record holds, whatever `save` says: when, under which
/// rules, where, and the decision (in the order of [`AUDIT`]).
fn audit_fields() -> Vec<(&'static str, Value, bool)> {
    let rule_names: Vec<&str> = handoff_route::RuleKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    vec![
        (
            "time",
            json!({ "type": "string", "format": "date-time", "description": "when the message arrived (RFC 3339)" }),
            true,
        ),
        (
            "policy",
            json!({ "type": "string", "pattern": "^sha256:[0-9a-f]{16}$", "description": "the version of the rules that decided: the start of the SHA-256 of the compiled policy's JSON" }),
            true,
        ),
        (
            "conversation",
            json!({ "type": ["string", "null"], "pattern": "^[0-9a-f]{16}$", "description": "the conversation, as the start of the SHA-256 of the runtime's id: threads can be told apart without keeping the id" }),
            false,
        ),
        (
            "channel",
            json!({ "type": ["string", "null"], "description": "where the message came in: whatsapp, instagram, messenger, web, ...; redacted" }),
            false,
        ),
        (
            "topic",
            json!({ "type": ["string", "null"], "description": "the topic the message was routed to; null for none" }),
            true,
        ),
        (
            "handed_off",
            json!({ "type": "boolean", "description": "whether a person took over" }),
            true,
        ),
        (
            "rules",
            json!({
                "type": "array",
                "description": "every rule that decided the routing, as `handoff route --format json` names them (without the customer's words)",
                "items": {
                    "type": "object",
                    "properties": {
                        "rule": { "enum": rule_names },
                        "phrase": { "type": ["string", "null"] },
                        "line": { "type": ["integer", "null"], "minimum": 1 },
                    },
                    "required": ["rule", "phrase", "line"],
                    "additionalProperties": false,
                },
            }),
            true,
        ),
        (
            "held",
            json!({
                "type": "array",
                "description": "the rules the reply broke, so the guard held it back; empty when it was sent or none was checked",
                "items": {
                    "type": "object",
                    "properties": {
                        "rule": { "enum": ["never promise", "must not", "handoff"] },
                        "phrase": { "type": "string" },
                        "topic": { "type": ["string", "null"] },
                        "line": { "type": "integer", "minimum": 1 },
                        "piece": { "type": "string", "description": "the piece of the reply that breaks it, redacted; only when the answer is saved" },
                    },
                    "required": ["rule", "phrase", "topic", "line"],
                    "additionalProperties": false,
                },
            }),
            true,
        ),
    ]
}

/// The kind of personal data a `redact` phrase names, and how to find it.
fn redaction(phrase: &str) -> Value {
    let found = personal::kind(&normalize(phrase));
    let mut entry = Map::new();
    entry.insert("redact".into(), json!(phrase));
    entry.insert(
        "kind".into(),
        json!(found.as_ref().map_or(phrase, |k| k.name)),
    );
    entry.insert("pattern".into(), json!(found.as_ref().map(|k| &k.pattern)));
    entry.insert(
        "flags".into(),
        json!(found.as_ref().map(|_| personal::FLAGS)),
    );
    entry.insert(
        "replacement".into(),
        json!(found.as_ref().map_or("[redacted]", |k| k.replacement)),
    );
    if found.is_none() {
        entry.insert(
            "note".into(),
            json!("no standard pattern for this kind: the runtime must decide how to find it"),
        );
    }
    Value::Object(entry)
}

/// The JSON Schema of one record of the policy's log, pretty, with a final
/// newline.
pub fn schema(policy: &Policy) -> String {
    let (saves, redacts) = policy
        .log
        .as_ref()
        .map_or((&[][..], &[][..]), |l| (&l.save[..], &l.redact[..]));
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (key, schema, needed) in audit_fields() {
        properties.insert(key.into(), schema);
        if needed {
            required.push(json!(key));
        }
    }
    for phrase in saves {
        let (key, saved) = saved(&phrase.text);
        if properties.contains_key(&key) {
            continue;
        }
        if let Some(schema) = field_schema(&key, &saved) {
            if saved != Saved::Other {
                required.push(json!(key));
            }
            properties.insert(key, schema);
        }
    }
    let business = policy
        .business
        .as_ref()
        .map_or("the business", |b| b.name.as_str());
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Conversation log record of {business}"),
        "description": "One record per customer message, one JSON object a line. Before a record \
                        is written, every match of each pattern in x-handoff-redact (an ECMA-262 \
                        regular expression, applied with its flags and globally) is replaced in \
                        every string the customer, the agent or the runtime wrote: the message, \
                        the answer, the sources, the channel, the pieces of a held reply and any \
                        other saved field; the conversation id is kept only as a hash. The file's own words (topics, rule phrases) \
                        are kept as written.",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
        "x-handoff-redact": redacts.iter().map(|p| redaction(&p.text)).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    out.push('\n');
    out
}
