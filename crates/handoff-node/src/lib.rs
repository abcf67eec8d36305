//! `@handoff/rules`: the Node binding of the handoff core. A runtime loads
//! its rules once (`Policy.fromFile`), then routes each customer message
//! (`route`) with the same router as `handoff route`, checks each reply
//! (`checkReply`) with the same guard as `handoff guard`, and gets the
//! prompt and the `handoff_to_human` tool from the same emitters as
//! `handoff build`. Every rule file compiles through `handoff_analysis`, so Node sees
//! exactly the diagnostics the CLI reports.
//!
//! Results cross into JavaScript as plain objects converted from the core's
//! serde output, so their fields are those of the CLI's JSON (`handoff route
//! --format json`) and of the JSON policy, with no second copy of the data
//! model here. The TypeScript types of those objects are in `types.d.ts`,
//! which `napi build` puts at the top of `index.d.ts`.

use std::path::Path;

use handoff_analysis::Analysis;
use handoff_emit::Target;
use handoff_guard::Guard;
use handoff_policy::Policy as CompiledPolicy;
use handoff_project::Project;
use handoff_route::Router;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use self_cell::self_cell;

/// What is built from the policy once: the router's index and the guard's
/// normalised phrases.
struct Engines<'p> {
    router: Router<'p>,
    guard: Guard<'p>,
}

self_cell!(
    struct Compiled {
        owner: CompiledPolicy,
        #[covariant]
        dependent: Engines,
    }
);

/// A compiled `.handoff` file, ready to route messages.
#[napi]
pub struct Policy {
    compiled: Compiled,
    /// The warnings the file has (errors never get this far).
    warnings: Vec<handoff_report::DiagnosticRecord>,
}

impl Policy {
    fn new(policy: CompiledPolicy, warnings: Vec<handoff_report::DiagnosticRecord>) -> Policy {
        Policy {
            compiled: Compiled::new(policy, |policy| Engines {
                router: Router::new(policy),
                guard: Guard::new(policy),
            }),
            warnings,
        }
    }

    fn compiled_policy(&self) -> &CompiledPolicy {
        self.compiled.borrow_owner()
    }

    /// A policy from an analysis, or a rules error when it has errors.
    fn from_analysis(
        env: &Env,
        name: &str,
        analysis: &Analysis,
        diagnostics: Vec<handoff_diagnostics::Diagnostic>,
    ) -> Result<Policy> {
        match handoff_report::accept(name, analysis, &diagnostics) {
            Ok(warnings) => Ok(Policy::new(analysis.policy.clone(), warnings)),
            Err(rejected) => Err(rules_error(env, rejected.report, &rejected.records)),
        }
    }
}

#[napi]
impl Policy {
    /// Compiles a `.handoff` file, at the lint levels of the nearest
    /// `handoff.toml` (as `handoff check` does). A file with errors throws
    /// an `Error` whose `diagnostics` lists them and whose message is the
    /// report `handoff check` prints.
    #[napi(factory)]
    pub fn from_file(env: Env, path: String) -> Result<Policy> {
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::from_reason(format!("cannot read `{path}`: {e}")))?;
        let analysis = Analysis::from_bytes(bytes);
        let diagnostics = Project::new()
            .diagnostics(Path::new(&path), &analysis)
            .map_err(|e| rules_error(&env, e.to_string(), &[]))?;
        Policy::from_analysis(&env, &path, &analysis, diagnostics)
    }

    /// Compiles the text of a `.handoff` file, at the default lint levels.
    #[napi(factory)]
    pub fn from_source(env: Env, text: String) -> Result<Policy> {
        let analysis = Analysis::new(text);
        let diagnostics = analysis.diagnostics.clone();
        Policy::from_analysis(&env, "<source>", &analysis, diagnostics)
    }

    /// Loads a compiled JSON policy (`handoff build --emit policy`).
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Policy> {
        let policy = CompiledPolicy::from_json(&text)
            .map_err(|e| Error::from_reason(format!("not a handoff policy: {e}")))?;
        Ok(Policy::new(policy, Vec::new()))
    }

    /// Which topic a customer message is about, whether a person takes over,
    /// every rule that decided it, and what to collect before handing off.
    #[napi(ts_return_type = "Decision")]
    pub fn route<'env>(&self, env: &'env Env, message: String) -> Result<Unknown<'env>> {
        env.to_js_value(&self.compiled.borrow_dependent().router.route(&message))
    }

    /// Whether a reply may be sent: `ok`, and every `never promise` rule
    /// (and `must not` rule of `topic`) it breaks, with the piece of the
    /// reply that breaks it (`reply.slice(start, end)`). A topic the policy
    /// does not have throws, since its rules would go unchecked.
    #[napi(ts_return_type = "Verdict")]
    pub fn check_reply<'env>(
        &self,
        env: &'env Env,
        reply: String,
        topic: Option<String>,
    ) -> Result<Unknown<'env>> {
        let guard = &self.compiled.borrow_dependent().guard;
        if let Some(topic) = &topic
            && !guard.knows_topic(topic)
        {
            let known: Vec<&str> = self
                .compiled_policy()
                .topics
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            return Err(Error::new(
                Status::InvalidArg,
                format!(
                    "the rules have no topic `{topic}` (they have: {})",
                    known.join(", ")
                ),
            ));
        }
        let mut verdict = guard.check(&reply, topic.as_deref());
        // The guard counts characters; JavaScript strings index UTF-16 code
        // units, so a piece after an emoji would be sliced off by one.
        if !verdict.broken.is_empty() {
            let units = utf16_offsets(&reply);
            let length = units.last().copied().unwrap_or(0);
            for broken in &mut verdict.broken {
                broken.start = units.get(broken.start).copied().unwrap_or(length);
                broken.end = units.get(broken.end).copied().unwrap_or(length);
            }
        }
        env.to_js_value(&verdict)
    }

    /// The agent's system prompt, in Markdown.
    #[napi]
    pub fn prompt(&self) -> String {
        handoff_emit::emit(self.compiled_policy(), Target::Prompt)
    }

    /// The `handoff_to_human` tool in one of the shapes runtimes take:
    /// `openai` (the default), `openai_strict`, `anthropic` or `json-schema`.
    #[napi(
        ts_args_type = "shape?: ToolShape",
        ts_return_type = "Record<string, any>"
    )]
    pub fn tool<'env>(&self, env: &'env Env, shape: Option<String>) -> Result<Unknown<'env>> {
        let key = match shape.as_deref().unwrap_or("openai") {
            key @ ("openai" | "openai_strict" | "anthropic") => key,
            "json-schema" | "json_schema" => "json_schema",
            other => {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!(
                        "unknown tool shape `{other}`: use \"openai\", \"openai_strict\", \
                         \"anthropic\" or \"json-schema\""
                    ),
                ));
            }
        };
        // The emitter orders each schema's properties as its `required`
        // list (a topic before its fields, which OpenAI's strict mode
        // relies on); `serde_json`'s own maps would sort them, so the text
        // goes through `JSON.parse`, which keeps its order.
        let document = parse_json(env, handoff_emit::tool::render(self.compiled_policy()))?;
        document.get_named_property(key)
    }

    /// The compiled policy as a plain object: the JSON policy's content
    /// (docs/policy-format.md).
    #[napi(getter, ts_return_type = "PolicyDocument")]
    pub fn policy<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(self.compiled_policy())
    }

    /// The warnings the rule file has, as records like those of a rules
    /// error's `diagnostics`.
    #[napi(getter, ts_return_type = "Diagnostic[]")]
    pub fn warnings<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(&self.warnings)
    }

    /// The JSON policy, byte for byte what `handoff build --emit policy`
    /// writes.
    #[napi]
    pub fn to_json(&self) -> String {
        self.compiled_policy().to_json()
    }
}

/// The UTF-16 offset of each character of `text`, and of its end.
fn utf16_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut at = 0;
    for c in text.chars() {
        offsets.push(at);
        at += c.len_utf16();
    }
    offsets.push(at);
    offsets
}

/// `JSON.parse(text)`, as an object.
fn parse_json<'env>(env: &'env Env, text: String) -> Result<Object<'env>> {
    let json: Object = env.get_global()?.get_named_property("JSON")?;
    let parse: Function<String, Object> = json.get_named_property("parse")?;
    parse.call(text)
}

/// An `Error` named `RulesError`, with the report as its message and the
/// diagnostics as records in `diagnostics`.
fn rules_error(
    env: &Env,
    report: String,
    diagnostics: &[handoff_report::DiagnosticRecord],
) -> Error {
    let build = || -> Result<Error> {
        let mut error = env.create_error(Error::from_reason(report.clone()))?;
        error.set_named_property("name", "RulesError")?;
        error.set_named_property("code", "HANDOFF_RULES")?;
        error.set_named_property("diagnostics", env.to_js_value(&diagnostics)?)?;
        Ok(Error::from(error.to_unknown()))
    };
    // Only a JavaScript engine out of memory fails to build the object; the
    // report still reaches the caller, without the records.
    build().unwrap_or_else(|_| Error::from_reason(report))
}
