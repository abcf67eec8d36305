//! The emitters: each turns a compiled [`Policy`] into one output. They read
//! the policy only (never the source or the tree), are pure functions, and
//! give byte-identical output for the same policy.

mod prompt;
mod words;

use handoff_policy::Policy;

/// An output `handoff build` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The JSON policy, for agent runtimes.
    Policy,
    /// The agent's system prompt, in Markdown.
    Prompt,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Policy, Target::Prompt];

    pub fn name(self) -> &'static str {
        match self {
            Target::Policy => "policy",
            Target::Prompt => "prompt",
        }
    }

    /// The file name `build -o DIR` writes for a source named `stem`.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Target::Policy => format!("{stem}.policy.json"),
            Target::Prompt => format!("{stem}.prompt.md"),
        }
    }
}

pub fn emit(policy: &Policy, target: Target) -> String {
    match target {
        Target::Policy => policy.to_json(),
        Target::Prompt => prompt::render(policy),
    }
}
