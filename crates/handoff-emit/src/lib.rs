//! The emitters: each turns a compiled [`Policy`] into one output. They read
//! the policy only (never the source or the tree), are pure functions, and
//! give byte-identical output for the same policy.

mod map;
pub mod meta;
mod prompt;
pub mod tool;
mod words;

use handoff_policy::Policy;

/// Text made safe inside HTML, as every page handoff writes escapes it.
pub use map::esc as escape_html;

/// An output `handoff build` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The JSON policy, for agent runtimes.
    Policy,
    /// The agent's system prompt, in Markdown.
    Prompt,
    /// The `handoff_to_human` tool definition (OpenAI, Anthropic, JSON Schema).
    Tool,
    /// The handoff map for staff: one self-contained HTML page.
    Map,
    /// The JSON Schema of one audit-log record, with redaction patterns.
    LogSchema,
    /// Plain-text instructions for Meta's business AI.
    Meta,
}

impl Target {
    pub const ALL: [Target; 6] = [
        Target::Policy,
        Target::Prompt,
        Target::Tool,
        Target::Map,
        Target::LogSchema,
        Target::Meta,
    ];

    /// The file name `build -o DIR` writes for a source named `stem`.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Target::Policy => format!("{stem}.policy.json"),
            Target::Prompt => format!("{stem}.prompt.md"),
            Target::Tool => format!("{stem}.tool.json"),
            Target::Map => format!("{stem}.map.html"),
            Target::LogSchema => format!("{stem}.log-schema.json"),
            Target::Meta => format!("{stem}.meta.txt"),
        }
    }
}

/// Writes one output as [`emit`] makes it; the policy, the largest, is
/// written as it is serialised instead of being held whole first.
pub fn write(policy: &Policy, target: Target, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match target {
        Target::Policy => policy.write_json(out),
        _ => out.write_all(emit(policy, target).as_bytes()),
    }
}

pub fn emit(policy: &Policy, target: Target) -> String {
    match target {
        Target::Policy => policy.to_json(),
        Target::Prompt => prompt::render(policy),
        Target::Tool => tool::render(policy),
        Target::Map => map::render(policy),
        Target::LogSchema => handoff_log::schema(policy),
        Target::Meta => meta::render(policy),
    }
}
