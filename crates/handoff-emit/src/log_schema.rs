//! The audit-log record a runtime writes for each conversation, as the
//! file's `log:` declares it: a JSON Schema (2020-12) of the saved fields,
//! and for each `redact` item the kind of data it removes and the pattern a
//! runtime applies before the record is written.

use handoff_policy::Policy;
use handoff_text::normalize;
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
/// Patterns are ECMA-262 regular expressions (as JSON Schema uses).
fn redaction(phrase: &str) -> Value {
    let key = normalize(phrase);
    let (kind, pattern, replacement): (&str, Option<&str>, &str) = match key.as_str() {
        "names" | "name" | "customer names" => (
            "person names",
            Some("\\b\\p{Lu}\\p{Ll}+(?:[ -]\\p{Lu}\\p{Ll}+)+\\b"),
            "[name]",
        ),
        "phone numbers" | "phone number" | "phones" | "phone" => (
            "phone numbers",
            Some("\\+?\\d[\\d ()./-]{5,}\\d"),
            "[phone]",
        ),
        "email" | "emails" | "email addresses" | "e mail" => (
            "e-mail addresses",
            Some("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
            "[email]",
        ),
        "order numbers" | "order number" | "orders" => (
            "order numbers",
            Some("#?\\b[A-Z]{0,3}-?\\d{5,}\\b"),
            "[order]",
        ),
        "addresses" | "address" => (
            "street addresses",
            Some("\\b\\p{L}+(?:gatan|vägen|street|st\\.|road|rd\\.|avenue|ave\\.)\\s*\\d+\\w?\\b"),
            "[address]",
        ),
        "card numbers" | "card number" | "credit cards" => (
            "payment card numbers",
            Some("\\b(?:\\d[ -]?){13,19}\\b"),
            "[card]",
        ),
        _ => (phrase, None, "[redacted]"),
    };
    let mut entry = Map::new();
    entry.insert("redact".into(), json!(phrase));
    entry.insert("kind".into(), json!(kind));
    entry.insert("pattern".into(), json!(pattern));
    entry.insert("replacement".into(), json!(replacement));
    if pattern.is_none() {
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
                        pattern in x-handoff-redact is replaced in every string of it.",
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
