//! The `handoff_to_human` tool: the function a model calls to hand a
//! conversation to a person. Its arguments are `details` (the topic and that
//! topic's `collect` fields, typed and required) and a `summary`, so a model
//! cannot hand off a booking without the day and the party size.
//!
//! The root of the arguments is a plain object: OpenAI and Anthropic both
//! refuse `oneOf`/`anyOf`/`allOf`/`enum`/`not` there. The choice between
//! topics sits one level down, in `details`: an `anyOf` of one closed object
//! per topic, each naming its own topic, so a topic's fields cannot travel
//! with another topic. Emitted as an OpenAI `tools` entry, the same entry in
//! OpenAI's strict subset, an Anthropic tool and the bare JSON Schema
//! (2020-12).

use handoff_policy::{FieldType, Policy, Topic};
use handoff_text::normalize;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::{Map, Value, json};

pub const TOOL_NAME: &str = "handoff_to_human";

/// The argument name of a `collect` field: `party size` → `party_size`.
/// A field called `topic` or `summary` becomes `field_topic`, so it cannot
/// clash with the tool's own arguments.
pub fn field_key(name: &str) -> String {
    let key = normalize(name).replace(' ', "_");
    match key.as_str() {
        "" => "field".to_string(),
        "topic" | "summary" => format!("field_{key}"),
        _ => key,
    }
}

/// The most OpenAI's strict function calling takes in one schema (its
/// structured-outputs limits, docs/outputs.md "Limits"): enum values (one
/// per topic here), object properties, and characters of property names
/// and enum values together. Anthropic's tools are limited by the request
/// size only, far beyond these.
pub const MAX_ENUM_VALUES: usize = 1_000;
pub const MAX_PROPERTIES: usize = 5_000;
pub const MAX_SCHEMA_CHARS: usize = 120_000;

/// Why no API would take the tool of this policy, or `None` when they all
/// do. Checked before the tool is made: it has a branch per topic, and for
/// tens of thousands of topics it would take gigabytes to make.
pub fn too_large(policy: &Policy) -> Option<String> {
    // `details` and `summary`, and the `topic` of the no-topic branch.
    let mut properties = 3;
    let mut chars = "details".len() + "summary".len() + "topic".len();
    for topic in &policy.topics {
        let mut keys: Vec<String> = Vec::with_capacity(topic.collect.len());
        for field in &topic.collect {
            let key = field_key(&field.name);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        properties += 1 + keys.len();
        chars += "topic".len() + topic.name.chars().count();
        chars += keys.iter().map(|k| k.chars().count()).sum::<usize>();
    }
    let topics = policy.topics.len();
    let over = if topics > MAX_ENUM_VALUES {
        format!(
            "at most {} enum values (one per topic)",
            thousands(MAX_ENUM_VALUES)
        )
    } else if properties > MAX_PROPERTIES {
        format!(
            "at most {} properties (these rules need {})",
            thousands(MAX_PROPERTIES),
            thousands(properties)
        )
    } else if chars > MAX_SCHEMA_CHARS {
        format!(
            "at most {} characters of property names and enum values (these rules need {})",
            thousands(MAX_SCHEMA_CHARS),
            thousands(chars)
        )
    } else {
        return None;
    };
    Some(format!(
        "the handoff tool has one branch per topic, and these rules have {} topics: OpenAI's \
         strict function calling takes {over} in one schema (see \"Limits\" in docs/outputs.md); \
         split the rules into several agents, or leave out the tool with `--emit`",
        thousands(topics)
    ))
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Which subset of JSON Schema the arguments keep to.
#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    /// Full JSON Schema: what OpenAI (not strict), Anthropic and validators take.
    Full,
    /// OpenAI's strict function calling: no `minLength`, so a length rule
    /// moves into the description; `format`, `pattern` and `enum` stay.
    OpenAiStrict,
}

/// A string that must not be empty.
fn non_empty(description: String, dialect: Dialect) -> Value {
    match dialect {
        Dialect::Full => json!({ "type": "string", "minLength": 1, "description": description }),
        Dialect::OpenAiStrict => {
            json!({ "type": "string", "description": format!("{description} (never empty)") })
        }
    }
}

fn field_schema(ty: FieldType, name: &str, dialect: Dialect) -> Value {
    let description = format!("{name}, as the customer gave it");
    match ty {
        FieldType::Text => non_empty(description, dialect),
        FieldType::Number => json!({ "type": "number", "description": description }),
        FieldType::Date => {
            json!({ "type": "string", "format": "date", "description": format!("{name} (YYYY-MM-DD)") })
        }
        FieldType::Time => {
            json!({ "type": "string", "format": "time", "description": format!("{name} (HH:MM:SS)") })
        }
        FieldType::Phone => json!({
            "type": "string",
            "pattern": "^\\+?[0-9][0-9 ()./-]{5,}$",
            "description": format!("{name}: a phone number, digits with an optional leading +"),
        }),
        FieldType::Email => {
            json!({ "type": "string", "format": "email", "description": description })
        }
        FieldType::YesNo => {
            json!({ "type": "boolean", "description": format!("{name}: yes (true) or no (false)") })
        }
    }
}

/// A closed object whose properties are all required, listed in the order
/// given (the order a model fills them in).
fn closed_object(properties: Vec<(String, Value)>) -> Value {
    let required: Vec<Value> = properties.iter().map(|(k, _)| json!(k)).collect();
    json!({
        "type": "object",
        "properties": properties.into_iter().collect::<Map<_, _>>(),
        "required": required,
        "additionalProperties": false,
    })
}

/// A schema with a title, for people reading it.
fn titled(title: &str, mut schema: Value) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), json!(title));
    }
    schema
}

/// One topic's details: its name first, so a model commits to the topic
/// before it fills in the fields, then the `collect` fields.
fn branch(topic: &Topic, dialect: Dialect) -> Value {
    let mut properties = vec![(
        "topic".to_string(),
        json!({ "type": "string", "enum": [topic.name], "description": topic.title }),
    )];
    for field in &topic.collect {
        let key = field_key(&field.name);
        // Two fields with one key (`Name`, `name`) are one argument.
        if properties.iter().all(|(k, _)| *k != key) {
            properties.push((key, field_schema(field.ty, &field.name, dialect)));
        }
    }
    titled(&topic.title, closed_object(properties))
}

/// The arguments: `details` (which topic, and its fields), then `summary`.
fn parameters(policy: &Policy, dialect: Dialect) -> Value {
    let mut branches: Vec<Value> = policy.topics.iter().map(|t| branch(t, dialect)).collect();
    branches.push(titled(
        "No topic",
        closed_object(vec![(
            "topic".to_string(),
            json!({ "type": "null", "description": "The conversation fits no topic" }),
        )]),
    ));
    let described: Vec<String> = policy
        .topics
        .iter()
        .map(|t| format!("`{}` ({})", t.name, t.title))
        .collect();
    let details = json!({
        "description": format!(
            "The topic of the conversation and the details collected for it, one shape per \
             topic: {}; `topic` null when it fits none.",
            described.join(", ")
        ),
        "anyOf": branches,
    });
    let summary = non_empty(
        "One or two sentences for the person who takes over: what the customer wants and \
         what was already said."
            .to_string(),
        dialect,
    );
    closed_object(vec![
        ("details".to_string(), details),
        ("summary".to_string(), summary),
    ])
}

/// The bare JSON Schema (2020-12) of the arguments: the OpenAI and
/// Anthropic parameters, with `$schema` and a title.
pub fn arguments_schema(policy: &Policy) -> Value {
    let mut schema = titled(TOOL_NAME, parameters(policy, Dialect::Full));
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
    }
    schema
}

fn description(policy: &Policy) -> String {
    let business = policy
        .business
        .as_ref()
        .map_or_else(|| "the business".to_string(), |b| b.name.clone());
    format!(
        "Hand the conversation to a person at {business}. Call it when the rules say to hand \
         off, after collecting the details listed for the topic; then tell the customer a \
         person will take over."
    )
}

/// The four shapes runtimes take, in one document.
pub fn render(policy: &Policy) -> String {
    let doc = json!({
        "openai": {
            "type": "function",
            "function": {
                "name": TOOL_NAME,
                "description": description(policy),
                "parameters": parameters(policy, Dialect::Full),
            }
        },
        "openai_strict": {
            "type": "function",
            "function": {
                "name": TOOL_NAME,
                "description": description(policy),
                "parameters": parameters(policy, Dialect::OpenAiStrict),
                "strict": true,
            }
        },
        "anthropic": {
            "name": TOOL_NAME,
            "description": description(policy),
            "input_schema": parameters(policy, Dialect::Full),
        },
        "json_schema": arguments_schema(policy),
    });
    let mut out = serde_json::to_string_pretty(&Ordered(&doc)).expect("tool definitions serialise");
    out.push('\n');
    out
}

/// One thing wrong with the arguments of a `handoff_to_human` call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArgumentProblem {
    /// The argument: `details`, `details.topic`, `details.party_size`, `summary`.
    pub argument: String,
    /// What is wrong, in plain words the model can act on.
    pub problem: String,
}

/// Whether a `handoff_to_human` call may hand off: its arguments checked
/// against the tool's schema for this policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HandoffCheck {
    pub ok: bool,
    /// The topic the call names, when the policy has it.
    pub topic: Option<String>,
    /// Everything wrong, in the schema's order; empty when `ok`.
    pub problems: Vec<ArgumentProblem>,
    /// The tool's answer to the model when not `ok`: what is missing, and
    /// to ask the customer for it before calling again. `None` when `ok`.
    pub reply: Option<String>,
}

/// Checks a `handoff_to_human` call's arguments as the tool's schema
/// ([`arguments_schema`]) does: a topic the rules have (or `null`), every
/// `collect` field of that topic present and of its type, no field of
/// another topic, and a summary. The runtimes call this on every call, since
/// only OpenAI's strict mode holds a model to the schema, and a half-empty
/// record would reach the person who takes over.
pub fn check_arguments(policy: &Policy, arguments: &Value) -> HandoffCheck {
    let mut problems = Vec::new();
    let mut problem = |argument: &str, problem: String| {
        problems.push(ArgumentProblem {
            argument: argument.to_string(),
            problem,
        });
    };
    let mut topic_name = None;
    let root = arguments.as_object();
    if root.is_none() {
        problem(
            "",
            "the arguments must be an object with `details` and `summary`".into(),
        );
    }
    match root.and_then(|r| r.get("details")) {
        None | Some(Value::Null) => problem(
            "details",
            "`details` is missing: give the topic and the details collected for it".into(),
        ),
        Some(Value::Object(details)) => {
            topic_name = check_details(policy, details, &mut problem);
        }
        Some(other) => problem(
            "details",
            format!(
                "`details` must be an object with the topic and its fields, not {}",
                shown(other)
            ),
        ),
    }
    match root.and_then(|r| r.get("summary")) {
        Some(Value::String(summary)) if !summary.trim().is_empty() => {}
        None | Some(Value::Null) | Some(Value::String(_)) => problem(
            "summary",
            "`summary` is missing: one or two sentences for the person who takes over".into(),
        ),
        Some(other) => problem(
            "summary",
            format!("`summary` must be text, not {}", shown(other)),
        ),
    }
    if let Some(root) = root {
        for key in root.keys().filter(|k| *k != "details" && *k != "summary") {
            problem(
                key,
                format!(
                    "`{key}` is not an argument of {TOOL_NAME} (it takes `details` and `summary`)"
                ),
            );
        }
    }
    let reply = (!problems.is_empty()).then(|| {
        let said: Vec<String> = problems.iter().map(|p| format!("{}.", p.problem)).collect();
        format!(
            "The handoff was not made. {} Ask the customer for what is missing, then call \
             {TOOL_NAME} again.",
            said.join(" ")
        )
    });
    HandoffCheck {
        ok: problems.is_empty(),
        topic: topic_name,
        problems,
        reply,
    }
}

/// The topic of `details` and its fields; the topic's name when the policy
/// has it.
fn check_details(
    policy: &Policy,
    details: &Map<String, Value>,
    problem: &mut impl FnMut(&str, String),
) -> Option<String> {
    let names = || {
        let names: Vec<String> = policy
            .topics
            .iter()
            .map(|t| format!("`{}`", t.name))
            .collect();
        names.join(", ")
    };
    let topic = match details.get("topic") {
        Some(Value::Null) => None,
        Some(Value::String(name)) => match policy.topic(name) {
            Some(topic) => Some(topic),
            None => {
                problem(
                    "details.topic",
                    format!(
                        "the rules have no topic `{name}`: use one of {}, or null when none fits",
                        names()
                    ),
                );
                return None;
            }
        },
        None => {
            problem(
                "details.topic",
                format!(
                    "`details.topic` is missing: one of {}, or null when none fits",
                    names()
                ),
            );
            return None;
        }
        Some(other) => {
            problem(
                "details.topic",
                format!(
                    "`details.topic` must be a topic's name or null, not {}",
                    shown(other)
                ),
            );
            return None;
        }
    };
    let mut keys = vec!["topic".to_string()];
    if let Some(topic) = topic {
        for field in &topic.collect {
            let key = field_key(&field.name);
            if keys.contains(&key) {
                continue;
            }
            let argument = format!("details.{key}");
            match details.get(&key) {
                None | Some(Value::Null) => problem(
                    &argument,
                    format!("{} is missing: ask the customer for it", field.name),
                ),
                Some(value) => {
                    if let Some(wrong) = wrong_type(field.ty, value) {
                        problem(
                            &argument,
                            format!("{} must be {wrong}, not {}", field.name, shown(value)),
                        );
                    }
                }
            }
            keys.push(key);
        }
    }
    for key in details.keys().filter(|k| !keys.contains(k)) {
        let whose = topic.map_or_else(
            || "a call with no topic".to_string(),
            |t| format!("topic `{}`", t.name),
        );
        let fields = keys[1..].join(", ");
        problem(
            &format!("details.{key}"),
            format!(
                "`{key}` is not a field of {whose} ({})",
                if fields.is_empty() {
                    "it has none".to_string()
                } else {
                    format!("its fields: {fields}")
                }
            ),
        );
    }
    topic.map(|t| t.name.clone())
}

/// What a field's value must be, when `value` is not that.
fn wrong_type(ty: FieldType, value: &Value) -> Option<&'static str> {
    let text = value.as_str();
    let fits = match ty {
        FieldType::Text => text.is_some_and(|t| !t.trim().is_empty()),
        FieldType::Number => value.is_number(),
        FieldType::Date => text.is_some_and(is_date),
        FieldType::Time => text.is_some_and(is_time),
        FieldType::Phone => text.is_some_and(is_phone),
        FieldType::Email => text.is_some_and(is_email),
        FieldType::YesNo => value.is_boolean(),
    };
    (!fits).then_some(match ty {
        FieldType::Text => "text that is not empty",
        FieldType::Number => "a number",
        FieldType::Date => "a date as YYYY-MM-DD",
        FieldType::Time => "a time as HH:MM or HH:MM:SS",
        FieldType::Phone => "a phone number (digits, with an optional leading +)",
        FieldType::Email => "an e-mail address",
        FieldType::YesNo => "true or false",
    })
}

/// A value as the model wrote it, cut short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn digits(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, a day that exists (JSON Schema's `date` format).
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(year), digits(month), digits(day)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year.len() == 4 && month.len() == 2 && day.len() == 2 && (1..=days).contains(&d)
}

/// `HH:MM` or `HH:MM:SS`.
fn is_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    let limits: &[u32] = match parts.len() {
        2 => &[23, 59],
        3 => &[23, 59, 60],
        _ => return false,
    };
    parts
        .iter()
        .zip(limits)
        .all(|(part, max)| part.len() == 2 && digits(part).is_some_and(|n| n <= *max))
}

/// The tool's phone pattern, `^\+?[0-9][0-9 ()./-]{5,}$`.
fn is_phone(text: &str) -> bool {
    let rest = text.strip_prefix('+').unwrap_or(text);
    let mut chars = rest.chars();
    chars.next().is_some_and(|c| c.is_ascii_digit())
        && chars.clone().count() >= 5
        && chars.all(|c| c.is_ascii_digit() || " ()./-".contains(c))
}

/// A local part, an `@` and a domain with a dot, without spaces.
fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|part| !part.is_empty())
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Serialises a JSON value with every schema's `properties` in the order of
/// its `required` list and every other object's keys sorted. OpenAI's strict
/// mode writes the arguments in the schema's order, so `topic` must come
/// before the fields it decides; `serde_json`'s own maps are sorted.
struct Ordered<'a>(&'a Value);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(object) => {
                let order = object.get("required").and_then(Value::as_array);
                let mut map = serializer.serialize_map(Some(object.len()))?;
                for (key, value) in object {
                    match (key.as_str(), value, order) {
                        ("properties", Value::Object(properties), Some(order)) => {
                            map.serialize_entry(key, &InOrder(properties, order))?;
                        }
                        _ => map.serialize_entry(key, &Ordered(value))?,
                    }
                }
                map.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Ordered)),
            scalar => scalar.serialize(serializer),
        }
    }
}

/// A `properties` map: the names in `order` first, then any others.
struct InOrder<'a>(&'a Map<String, Value>, &'a [Value]);

impl Serialize for InOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let InOrder(properties, order) = *self;
        let listed: Vec<&str> = order
            .iter()
            .filter_map(Value::as_str)
            .filter(|k| properties.contains_key(*k))
            .collect();
        let mut map = serializer.serialize_map(Some(properties.len()))?;
        for key in &listed {
            map.serialize_entry(key, &Ordered(&properties[*key]))?;
        }
        for (key, value) in properties {
            if !listed.contains(&key.as_str()) {
                map.serialize_entry(key, &Ordered(value))?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_formats_are_those_the_schema_names() {
        assert!(is_date("2024-02-29") && !is_date("2023-02-29") && !is_date("2024-2-01"));
        assert!(!is_date("Friday") && !is_date("2024-13-01") && !is_date("2024-04-31"));
        assert!(is_time("17:30") && is_time("09:05:00") && !is_time("5pm") && !is_time("24:00"));
        assert!(is_phone("+46 70-123 45 67") && !is_phone("(0)70 123"));
        assert!(!is_phone("+46") && !is_phone("call me"));
        assert!(is_email("anna@example.com") && !is_email("anna@example") && !is_email("a b@x.se"));
    }
}
