//! The `handoff_to_human` tool: the function a model calls to hand a
//! conversation to a person. Its arguments are the topic, a summary, and
//! that topic's `collect` fields, typed and required (one schema branch per
//! topic), so a model cannot hand off a booking without the day and the
//! party size. Emitted as an OpenAI `tools` entry, an Anthropic tool and the
//! bare JSON Schema (2020-12).

use handoff_policy::{FieldType, Policy, Topic};
use handoff_text::normalize;
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

fn field_schema(ty: FieldType, name: &str) -> Value {
    let description = format!("{name}, as the customer gave it");
    match ty {
        FieldType::Text => json!({ "type": "string", "minLength": 1, "description": description }),
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

fn branch(topic: &Topic) -> Value {
    let mut properties = Map::new();
    properties.insert("topic".into(), json!({ "const": topic.name }));
    let mut required = vec![json!("topic"), json!("summary")];
    for field in &topic.collect {
        let key = field_key(&field.name);
        properties.insert(key.clone(), field_schema(field.ty, &field.name));
        required.push(json!(key));
    }
    json!({
        "title": topic.title,
        "properties": properties,
        "required": required,
    })
}

/// The bare JSON Schema of the arguments.
pub fn arguments_schema(policy: &Policy) -> Value {
    let mut topics: Vec<Value> = policy.topics.iter().map(|t| json!(t.name)).collect();
    topics.push(Value::Null);
    let mut branches: Vec<Value> = policy.topics.iter().map(branch).collect();
    branches.push(json!({
        "title": "No topic",
        "properties": { "topic": { "const": null } },
        "required": ["topic", "summary"],
    }));
    let described: Vec<String> = policy
        .topics
        .iter()
        .map(|t| format!("`{}` ({})", t.name, t.title))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": TOOL_NAME,
        "type": "object",
        "properties": {
            "topic": {
                "enum": topics,
                "description": format!(
                    "The topic of the conversation: {}; null when it fits none.",
                    described.join(", ")
                ),
            },
            "summary": {
                "type": "string",
                "minLength": 1,
                "description": "One or two sentences for the person who takes over: what the customer wants and what was already said.",
            },
        },
        "required": ["topic", "summary"],
        "oneOf": branches,
        "unevaluatedProperties": false,
    })
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

/// The three shapes runtimes take, in one document.
pub fn render(policy: &Policy) -> String {
    let schema = arguments_schema(policy);
    let doc = json!({
        "openai": {
            "type": "function",
            "function": {
                "name": TOOL_NAME,
                "description": description(policy),
                "parameters": schema,
            }
        },
        "anthropic": {
            "name": TOOL_NAME,
            "description": description(policy),
            "input_schema": schema,
        },
        "json_schema": schema,
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("tool definitions serialise");
    out.push('\n');
    out
}
