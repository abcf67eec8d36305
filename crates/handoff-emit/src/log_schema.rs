//! The audit-log record a runtime writes for each conversation, as the
//! file's `log:` declares it: a JSON Schema (2020-12) of the saved fields,
//! and for each `redact` item the kind of data it removes and the pattern a
//! runtime applies before the record is written.

use handoff_policy::Policy;
use handoff_text::{normalize, personal};
use serde_json::{Map, Value, json};

/// What a `save` phrase keeps, and its type.
fn saved(phrase: &str) -> (String, Value) {
    let key = normalize(phrase).replace(' ', "_");
    let schema = match key.as_str() {
        "question" | "questions" | "message" => {
            json!({ "type": "string", "description": "the customer's message" })
        }
        "answer" | "answers" | "reply" => json!({
            "type": ["string", "null"],
            "description": "the agent's reply; null when a person took over before answering",
        }),
        "sources" | "source" => json!({
            "type": "array",
            "items": { "type": "string" },
            "description": "where the answer came from: documents, systems, pages",
        }),
        "topic" => json!({
            "type": ["string", "null"],
            "description": "the topic the message was routed to; null for none",
        }),
        "handed_off" | "handoff" => {
            json!({ "type": "boolean", "description": "whether a person took over" })
        }
        "rules" | "reasons" | "rules_fired" | "fired_rules" => json!({
            "type": "array",
            "description": "every rule that decided the routing, as `handoff route --format json` gives them",
            "items": {
                "type": "object",
                "properties": {
                    "rule": { "enum": ["about", "handoff_always", "handoff_when", "must_not", "global_handoff_when", "fallback"] },
                    "phrase": { "type": ["string", "null"] },
                    "line": { "type": ["integer", "null"], "minimum": 1 },
                },
                "required": ["rule"],
            },
        }),
        _ => json!({ "type": "string", "description": format!("{phrase}, as text") }),
    };
    (key, schema)
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

pub(crate) fn render(policy: &Policy) -> String {
    let (saves, redacts) = policy
        .log
        .as_ref()
        .map_or((&[][..], &[][..]), |l| (&l.save[..], &l.redact[..]));
    let mut properties = Map::new();
    properties.insert(
        "time".into(),
        json!({ "type": "string", "format": "date-time", "description": "when the message arrived" }),
    );
    let mut required = vec![json!("time")];
    for phrase in saves {
        let (key, schema) = saved(&phrase.text);
        if !properties.contains_key(&key) {
            required.push(json!(key));
            properties.insert(key, schema);
        }
    }
    // The rules that fired make a record an audit: always allowed, required
    // when the file saves them.
    if !properties.contains_key("rules") {
        let (key, schema) = saved("rules");
        properties.insert(key, schema);
    }
    let business = policy
        .business
        .as_ref()
        .map_or("the business", |b| b.name.as_str());
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("Conversation log record of {business}"),
        "description": "One record per customer message. Before a record is written, every \
                        match of each pattern in x-handoff-redact (an ECMA-262 regular \
                        expression, applied with its flags and globally) is replaced in every \
                        string of it.",
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
