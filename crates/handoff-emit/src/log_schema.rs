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

/// The flags every pattern is applied with: `u`, since the patterns use
/// Unicode property classes (`\p{L}`), which ECMA-262 reads only in
/// Unicode mode.
const FLAGS: &str = "u";

// The patterns are ECMA-262 regular expressions (the dialect JSON Schema
// uses) that read the same in Rust's `regex`/`fancy-regex`, so they hold
// to a small common ground:
// - no `\b`, `\w` or `\d`: in ECMA-262 they are ASCII-only even with the
//   `u` flag, so `\bÅsa` never matches; a word's edge is a lookaround
//   on letters and digits (`(?<![\p{L}\p{N}])`) and a digit is `[0-9]`;
// - the spaces inside a phone or card number include the no-break and
//   thin spaces (U+00A0, U+2009, U+202F) that phones and word processors
//   put there.

/// A letter or digit may not touch the match on the left.
const START: &str = r"(?<![\p{L}\p{N}])";
/// Nor on the right.
const END: &str = r"(?![\p{L}\p{N}])";

const NAME: &str = r"\p{Lu}\p{Ll}+(?:[ \u00A0-]\p{Lu}\p{Ll}+)+";

/// 7 to 21 digits written as phone numbers are: `+46 70 123 45 67`,
/// `070-123 45 67`, `(555) 123-4567`. Not a piece of a longer number, and
/// not a date (`2025-05-01`, `01.05.2025`, `1/5/2025`).
const PHONE: &str = concat!(
    r"(?<![\p{L}\p{N}][./-])(?<![0-9][ \u00A0\u2009\u202F./-])",
    r"(?![0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![\p{L}\p{N}])|[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}(?![\p{L}\p{N}]))",
    r"(?:\+[0-9]{1,3}[ \u00A0\u2009\u202F.-]?)?(?:\([0-9]{1,4}\)[ \u00A0\u2009\u202F.-]?)?",
    r"[0-9](?:[ \u00A0\u2009\u202F./-]?[0-9]){5,13}",
    r"(?![ \u00A0\u2009\u202F./-][0-9])",
);

/// Letters of any script on both sides of the `@`: `anna@blåbär.se`.
const EMAIL: &str =
    r"(?<![._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}";

/// `#LC-88812345`, `A123456`, `88812345`: five or more digits, after at most
/// three capitals.
const ORDER: &str = r"#?(?:\p{Lu}{1,3}-?)?[0-9]{5,}";

/// `Storgatan 12`, `Kungsvägen 3B`, `12 Main Street`.
const ADDRESS: &str = concat!(
    r"(?:\p{L}+(?:gatan|vägen|gränd|torget|stigen|backen|allén)[ \u00A0]?[0-9]+[A-Za-z]?",
    r"|[0-9]+[A-Za-z]? (?:\p{Lu}\p{Ll}+ )+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive))",
);

/// 13 to 19 digits, in groups or not: `4111 1111 1111 1111`.
const CARD: &str = concat!(
    r"(?<![0-9][ \u00A0\u2009\u202F-])",
    r"[0-9](?:[ \u00A0\u2009\u202F-]?[0-9]){12,18}",
    r"(?![ \u00A0\u2009\u202F-][0-9])",
);

/// The kind of personal data a `redact` phrase names, and how to find it.
fn redaction(phrase: &str) -> Value {
    let key = normalize(phrase);
    let (kind, body, replacement): (&str, Option<&str>, &str) = match key.as_str() {
        "names" | "name" | "customer names" => ("person names", Some(NAME), "[name]"),
        "phone numbers" | "phone number" | "phones" | "phone" => {
            ("phone numbers", Some(PHONE), "[phone]")
        }
        "email" | "emails" | "email addresses" | "e mail" => {
            ("e-mail addresses", Some(EMAIL), "[email]")
        }
        "order numbers" | "order number" | "orders" => ("order numbers", Some(ORDER), "[order]"),
        "addresses" | "address" => ("street addresses", Some(ADDRESS), "[address]"),
        "card numbers" | "card number" | "credit cards" => {
            ("payment card numbers", Some(CARD), "[card]")
        }
        _ => (phrase, None, "[redacted]"),
    };
    let pattern = body.map(|body| format!("{START}{body}{END}"));
    let mut entry = Map::new();
    entry.insert("redact".into(), json!(phrase));
    entry.insert("kind".into(), json!(kind));
    entry.insert("pattern".into(), json!(pattern));
    entry.insert("flags".into(), json!(pattern.as_ref().map(|_| FLAGS)));
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
