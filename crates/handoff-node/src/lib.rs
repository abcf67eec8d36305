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

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

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

/// One load of the rules: the compiled policy, its engines, its warnings
/// and the file it came from. Immutable; a reload makes a new one.
struct Loaded {
    compiled: Compiled,
    /// The warnings the file has (errors never get this far).
    warnings: Vec<handoff_report::DiagnosticRecord>,
    /// The file `reload()` reads again; `None` for text or JSON.
    path: Option<PathBuf>,
    /// What the log keeps of these rules, made when a recorder first
    /// writes under them.
    recorder: OnceCell<handoff_log::Recorder>,
}

impl Loaded {
    fn new(
        policy: CompiledPolicy,
        warnings: Vec<handoff_report::DiagnosticRecord>,
        path: Option<PathBuf>,
    ) -> Loaded {
        Loaded {
            compiled: Compiled::new(policy, |policy| Engines {
                router: Router::new(policy),
                guard: Guard::new(policy),
            }),
            warnings,
            path,
            recorder: OnceCell::new(),
        }
    }

    fn recorder(&self) -> &handoff_log::Recorder {
        self.recorder
            .get_or_init(|| handoff_log::Recorder::new(self.policy()))
    }

    fn policy(&self) -> &CompiledPolicy {
        self.compiled.borrow_owner()
    }

    fn engines(&self) -> &Engines<'_> {
        self.compiled.borrow_dependent()
    }

    /// Compiles a `.handoff` file at the levels of its `handoff.toml`.
    fn from_file(env: &Env, path: &str) -> Result<Loaded> {
        let bytes = std::fs::read(path).map_err(|e| file_error(env, &e, path))?;
        let analysis = Analysis::from_bytes(bytes);
        let diagnostics = Project::new()
            .diagnostics(Path::new(path), &analysis)
            .map_err(|e| rules_error(env, "HANDOFF_RULES", e.to_string(), &[]))?;
        let loaded = Loaded::from_analysis(env, path, &analysis, diagnostics)?;
        Ok(Loaded {
            path: Some(PathBuf::from(path)),
            ..loaded
        })
    }

    /// Rules from an analysis, or a rules error when it has errors.
    fn from_analysis(
        env: &Env,
        name: &str,
        analysis: &Analysis,
        diagnostics: Vec<handoff_diagnostics::Diagnostic>,
    ) -> Result<Loaded> {
        match handoff_report::accept(name, analysis, &diagnostics) {
            Ok(warnings) => Ok(Loaded::new(analysis.policy.clone(), warnings, None)),
            Err(rejected) => Err(rules_error(
                env,
                "HANDOFF_RULES",
                rejected.report,
                &rejected.records,
            )),
        }
    }
}

/// A compiled `.handoff` file, ready to route messages. `reload()` swaps
/// in new rules: each call reads the rules once, so it sees the old rules
/// or the new, never a mix.
#[napi]
pub struct Policy {
    /// JavaScript calls one method at a time, so a cell is enough: a
    /// reload replaces the pointer between two calls, never during one.
    /// Shared with the policy's recorders, so their records follow it.
    current: Rc<RefCell<Rc<Loaded>>>,
}

impl Policy {
    fn new(loaded: Loaded) -> Policy {
        Policy {
            current: Rc::new(RefCell::new(Rc::new(loaded))),
        }
    }

    fn rules(&self) -> Rc<Loaded> {
        Rc::clone(&self.current.borrow())
    }
}

#[napi]
impl Policy {
    /// Compiles a `.handoff` file, at the lint levels of the nearest
    /// `handoff.toml` (as `handoff check` does). A file with errors throws
    /// a `RulesError` whose `diagnostics` lists them and whose message is
    /// the report `handoff check` prints; a file that cannot be read throws
    /// with Node's code (`ENOENT`) and its `path`.
    #[napi(factory, ts_args_type = "path: string")]
    pub fn from_file(env: Env, path: Unknown) -> Result<Policy> {
        let path = string_arg(&env, path, "path")?;
        Loaded::from_file(&env, &path).map(Policy::new)
    }

    /// Compiles the text of a `.handoff` file, at the default lint levels.
    #[napi(factory, ts_args_type = "text: string")]
    pub fn from_source(env: Env, text: Unknown) -> Result<Policy> {
        let text = string_arg(&env, text, "text")?;
        let analysis = Analysis::new(text);
        let diagnostics = analysis.diagnostics.clone();
        Loaded::from_analysis(&env, "<source>", &analysis, diagnostics).map(Policy::new)
    }

    /// Loads a compiled JSON policy (`handoff build --emit policy`). Another
    /// major format version throws a `RulesError` with code
    /// `HANDOFF_FORMAT_VERSION`, text that is no policy one with
    /// `HANDOFF_POLICY_JSON`; a newer minor version loads with a process
    /// warning (`HANDOFF_NEWER_FORMAT`).
    #[napi(factory, ts_args_type = "text: string")]
    pub fn from_json(env: Env, text: Unknown) -> Result<Policy> {
        let text = string_arg(&env, text, "text")?;
        let policy =
            CompiledPolicy::from_json(&text).map_err(
                |e| match handoff_policy::other_major_version(&text) {
                    Some(version) => rules_error(&env, "HANDOFF_FORMAT_VERSION", version, &[]),
                    None => rules_error(
                        &env,
                        "HANDOFF_POLICY_JSON",
                        format!("not a handoff policy: {e}"),
                        &[],
                    ),
                },
            )?;
        if let Some(warning) = policy.newer_minor() {
            emit_warning(&env, warning)?;
        }
        Ok(Policy::new(Loaded::new(policy, Vec::new(), None)))
    }

    /// Compiles the rule file again (or `path`, which it then reloads from)
    /// and swaps it in. A file with errors throws and the old rules stay.
    #[napi(ts_args_type = "path?: string")]
    pub fn reload(&self, env: Env, path: Option<Unknown>) -> Result<()> {
        let path = match path {
            Some(path) if path.get_type()? != ValueType::Undefined => {
                string_arg(&env, path, "path")?
            }
            _ => match &self.rules().path {
                Some(path) => path.display().to_string(),
                None => {
                    return Err(coded_error(
                        &env,
                        "HANDOFF_NO_FILE",
                        "these rules were not loaded from a file: pass the path to reload from"
                            .into(),
                    ));
                }
            },
        };
        let loaded = Loaded::from_file(&env, &path)?;
        *self.current.borrow_mut() = Rc::new(loaded);
        Ok(())
    }

    /// A `Policy` that keeps the rules as they are now, whatever `reload`
    /// does later: for a request that routes, awaits the model, then checks
    /// the reply, and must see one version of the rules.
    #[napi]
    pub fn snapshot(&self) -> Policy {
        Policy {
            current: Rc::new(RefCell::new(self.rules())),
        }
    }

    /// Which topic a customer message is about, whether a person takes over,
    /// every rule that decided it, and what to collect before handing off.
    #[napi(ts_args_type = "message: string", ts_return_type = "Decision")]
    pub fn route<'env>(&self, env: &'env Env, message: Unknown) -> Result<Unknown<'env>> {
        let message = string_arg(env, message, "message")?;
        env.to_js_value(&self.rules().engines().router.route(&message))
    }

    /// Whether a reply may be sent: `ok`, and every `never promise` rule
    /// (and `must not` rule of `topic`) it breaks, with the piece of the
    /// reply that breaks it (`reply.slice(start, end)`). A topic the policy
    /// does not have throws (`HANDOFF_UNKNOWN_TOPIC`), since its rules
    /// would go unchecked.
    #[napi(
        ts_args_type = "reply: string, topic?: string | null",
        ts_return_type = "Verdict"
    )]
    pub fn check_reply<'env>(
        &self,
        env: &'env Env,
        reply: Unknown,
        topic: Option<Unknown>,
    ) -> Result<Unknown<'env>> {
        let reply = string_arg(env, reply, "reply")?;
        let topic = match topic {
            Some(topic) if !matches!(topic.get_type()?, ValueType::Undefined | ValueType::Null) => {
                Some(string_arg(env, topic, "topic")?)
            }
            _ => None,
        };
        let rules = self.rules();
        let guard = &rules.engines().guard;
        if let Some(topic) = &topic
            && !guard.knows_topic(topic)
        {
            let known: Vec<&str> = rules
                .policy()
                .topics
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            return Err(coded_error(
                env,
                "HANDOFF_UNKNOWN_TOPIC",
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

    /// Whether a `handoff_to_human` call may hand off: its arguments (an
    /// object, or the JSON text a model wrote) checked against the tool's
    /// schema: `{ ok, topic, problems: [{ argument, problem }], reply }`,
    /// `reply` being the tool's answer to the model when not ok.
    #[napi(
        ts_args_type = "args: Record<string, unknown> | string",
        ts_return_type = "HandoffCheck"
    )]
    pub fn check_handoff<'env>(&self, env: &'env Env, args: Unknown) -> Result<Unknown<'env>> {
        let value: serde_json::Value = if args.get_type()? == ValueType::String {
            // Text that is not JSON is a call without arguments: the answer
            // says what is missing, as for any other bad call.
            serde_json::from_str(&string_arg(env, args, "args")?).unwrap_or(serde_json::Value::Null)
        } else {
            env.from_js_value(args).unwrap_or(serde_json::Value::Null)
        };
        let check = handoff_emit::tool::check_arguments(self.rules().policy(), &value);
        env.to_js_value(&check)
    }

    /// A recorder that appends one line per customer message to the log at
    /// `path`, as the rules' `log:` keeps it (see `Recorder.record`);
    /// `channel`: the channel its records name when a call gives none.
    #[napi(ts_args_type = "path: string, options?: { channel?: string }")]
    pub fn recorder(&self, env: Env, path: Unknown, options: Option<Unknown>) -> Result<Recorder> {
        let path = string_arg(&env, path, "path")?;
        let channel = match options {
            Some(options) if options.get_type()? == ValueType::Object => {
                let options = Object::from_unknown(options)?;
                match options.get_named_property::<Unknown>("channel")? {
                    c if matches!(c.get_type()?, ValueType::Undefined | ValueType::Null) => None,
                    c => Some(string_arg(&env, c, "options.channel")?),
                }
            }
            _ => None,
        };
        Ok(Recorder {
            current: Rc::clone(&self.current),
            path,
            channel,
        })
    }

    /// Runs the rules' own `test` and `test reply` lines, as `handoff
    /// test` does: `{ results, coverage }`, each result saying what the
    /// line expected, what it got and why.
    #[napi(ts_return_type = "TestRun")]
    pub fn run_tests<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        let rules = self.rules();
        let engines = rules.engines();
        let run = handoff_testing::run(rules.policy(), &engines.router, &engines.guard);
        env.to_js_value(&run)
    }

    /// The agent's system prompt, in Markdown.
    #[napi]
    pub fn prompt(&self) -> String {
        handoff_emit::emit(self.rules().policy(), Target::Prompt)
    }

    /// The `handoff_to_human` tool in one of the shapes runtimes take:
    /// `openai` (the default), `openai_strict`, `anthropic` or
    /// `json_schema` (the keys of `handoff build --emit tool`;
    /// `json-schema` is read too).
    #[napi(
        ts_args_type = "shape?: ToolShape",
        ts_return_type = "Record<string, any>"
    )]
    pub fn tool<'env>(&self, env: &'env Env, shape: Option<Unknown>) -> Result<Unknown<'env>> {
        let shape = match shape {
            Some(shape) if shape.get_type()? != ValueType::Undefined => {
                string_arg(env, shape, "shape")?
            }
            _ => "openai".to_string(),
        };
        let key = match shape.as_str() {
            key @ ("openai" | "openai_strict" | "anthropic" | "json_schema") => key,
            "json-schema" => "json_schema",
            other => {
                return Err(coded_error(
                    env,
                    "HANDOFF_UNKNOWN_SHAPE",
                    format!(
                        "unknown tool shape `{other}`: use \"openai\", \"openai_strict\", \
                         \"anthropic\" or \"json_schema\""
                    ),
                ));
            }
        };
        // The emitter orders each schema's properties as its `required`
        // list (a topic before its fields, which OpenAI's strict mode
        // relies on); `serde_json`'s own maps would sort them, so the text
        // goes through `JSON.parse`, which keeps its order.
        let document = parse_json(env, handoff_emit::tool::render(self.rules().policy()))?;
        document.get_named_property(key)
    }

    /// The compiled policy as a plain object: the JSON policy's content
    /// (docs/policy-format.md).
    #[napi(getter, ts_return_type = "PolicyDocument")]
    pub fn policy<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(self.rules().policy())
    }

    /// The warnings the rule file has, as records like those of a rules
    /// error's `diagnostics`.
    #[napi(getter, ts_return_type = "Diagnostic[]")]
    pub fn warnings<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        env.to_js_value(&self.rules().warnings)
    }

    /// The JSON policy, byte for byte what `handoff build --emit policy`
    /// writes.
    #[napi]
    pub fn to_json(&self) -> String {
        self.rules().policy().to_json()
    }
}

/// Appends a record of each customer message to a conversation log (JSON
/// lines, `handoff build --emit log-schema`), as the rules' `log:` says:
/// only the fields `save` names, personal data removed by its `redact`
/// patterns before the line is written, in one whole-line append. Records
/// follow `reload()`: each carries the version of the rules it was decided
/// by. `handoff report LOG` reads the log back.
#[napi]
pub struct Recorder {
    current: Rc<RefCell<Rc<Loaded>>>,
    path: String,
    channel: Option<String>,
}

#[napi]
impl Recorder {
    /// Records a message: `decision` (routed now when not given), `reply`
    /// (checked against the decision's topic unless `verdict` is given),
    /// `handedOff` (when the runtime knows a person took over), `time` (a
    /// `Date` or RFC 3339 text; now when not given), `channel`,
    /// `conversation`, `sources` and `extra` (other fields the rules save).
    /// Returns the record as written. A field the rules do not save, or a
    /// time that is none, throws (`HANDOFF_BAD_RECORD`); a log that cannot
    /// be written throws as `fs` does.
    #[napi(ts_args_type = "entry: RecordEntry", ts_return_type = "LogRecord")]
    pub fn record<'env>(&self, env: &'env Env, entry: Unknown) -> Result<Unknown<'env>> {
        if entry.get_type()? != ValueType::Object {
            return Err(coded_error(
                env,
                "ERR_INVALID_ARG_TYPE",
                "`entry` must be an object with a `message`".to_string(),
            ));
        }
        let object = Object::from_unknown(entry)?;
        let field = |name: &str| -> Result<Option<Unknown>> {
            let value: Unknown = object.get_named_property(name)?;
            Ok(
                (!matches!(value.get_type()?, ValueType::Undefined | ValueType::Null))
                    .then_some(value),
            )
        };
        let text = |name: &str| -> Result<Option<String>> {
            field(name)?.map(|v| string_arg(env, v, name)).transpose()
        };
        // A missing message is a type error that says what it got.
        let message = string_arg(env, object.get_named_property("message")?, "message")?;
        let rules = Rc::clone(&self.current.borrow());
        let decision: serde_json::Value = match field("decision")? {
            Some(d) => env.from_js_value(d)?,
            None => serde_json::to_value(rules.engines().router.route(&message))
                .map_err(|e| Error::from_reason(e.to_string()))?,
        };
        let reply = text("reply")?;
        let verdict: Option<serde_json::Value> = match (field("verdict")?, &reply) {
            (Some(v), _) => Some(env.from_js_value(v)?),
            (None, Some(reply)) => Some(
                serde_json::to_value(
                    rules
                        .engines()
                        .guard
                        .check(reply, decision["topic"].as_str()),
                )
                .map_err(|e| Error::from_reason(e.to_string()))?,
            ),
            (None, None) => None,
        };
        let time = match field("time")? {
            // A `Date` (napi 4 has no date check): what has `toISOString`.
            Some(t)
                if t.get_type()? == ValueType::Object
                    && Object::from_unknown(t)?
                        .get_named_property::<Unknown>("toISOString")?
                        .get_type()?
                        == ValueType::Function =>
            {
                let date = Object::from_unknown(t)?;
                let iso: Function<(), String> = date.get_named_property("toISOString")?;
                Some(iso.apply(date, ())?)
            }
            Some(t) => Some(string_arg(env, t, "time")?),
            None => None,
        };
        let sources: Vec<String> = match field("sources")? {
            Some(s) => env.from_js_value(s)?,
            None => Vec::new(),
        };
        let other: BTreeMap<String, String> = match field("extra")? {
            Some(e) => env.from_js_value(e)?,
            None => BTreeMap::new(),
        };
        let handed_off: Option<bool> = match field("handedOff")? {
            Some(h) => Some(env.from_js_value(h)?),
            None => None,
        };
        let channel = text("channel")?.or_else(|| self.channel.clone());
        let conversation = text("conversation")?;
        let bad = |e: handoff_log::BadEntry| coded_error(env, "HANDOFF_BAD_RECORD", e.to_string());
        let mut entry = handoff_log::Entry {
            message: &message,
            reply: reply.as_deref(),
            time: time.as_deref(),
            channel: channel.as_deref(),
            conversation: conversation.as_deref(),
            sources: &sources,
            handed_off,
            other,
            ..handoff_log::Entry::default()
        }
        .decided_json(&decision)
        .map_err(bad)?;
        if let Some(verdict) = &verdict {
            entry = entry.checked_json(verdict).map_err(bad)?;
        }
        let record = rules
            .recorder()
            .record(&entry)
            .map_err(|e| coded_error(env, "HANDOFF_BAD_RECORD", e.to_string()))?;
        handoff_log::append(Path::new(&self.path), &record)
            .map_err(|e| io_error(env, &e, &self.path, "append to", "open"))?;
        env.to_js_value(&record)
    }

    /// The log this recorder appends to.
    #[napi(getter)]
    pub fn path(&self) -> String {
        self.path.clone()
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

/// An `Error` named `RulesError` with `code`, the report as its message
/// and the diagnostics as records in `diagnostics`.
fn rules_error(
    env: &Env,
    code: &str,
    report: String,
    diagnostics: &[handoff_report::DiagnosticRecord],
) -> Error {
    let build = || -> Result<Error> {
        let mut error = env.create_error(Error::from_reason(report.clone()))?;
        error.set_named_property("name", "RulesError")?;
        error.set_named_property("code", code)?;
        error.set_named_property("diagnostics", env.to_js_value(&diagnostics)?)?;
        Ok(Error::from(error.to_unknown()))
    };
    // Only a JavaScript engine out of memory fails to build the object; the
    // report still reaches the caller, without the records.
    build().unwrap_or_else(|_| Error::from_reason(report))
}

/// An `Error` with a `code` a program can test, as Node's own errors have.
fn coded_error(env: &Env, code: &str, message: String) -> Error {
    let build = || -> Result<Error> {
        let mut error = env.create_error(Error::from_reason(message.clone()))?;
        error.set_named_property("code", code)?;
        Ok(Error::from(error.to_unknown()))
    };
    build().unwrap_or_else(|_| Error::from_reason(message))
}

/// A file that cannot be read, as `fs.readFileSync` reports it: `code`
/// (`ENOENT`, `EACCES`, `EISDIR`), `errno`, `syscall` and `path`.
fn file_error(env: &Env, error: &std::io::Error, path: &str) -> Error {
    io_error(env, error, path, "read", "open")
}

/// As [`file_error`], for `doing` (`read`, `append to`) by `syscall`.
fn io_error(env: &Env, error: &std::io::Error, path: &str, doing: &str, syscall: &str) -> Error {
    let code = match error.kind() {
        std::io::ErrorKind::NotFound => "ENOENT",
        std::io::ErrorKind::PermissionDenied => "EACCES",
        std::io::ErrorKind::IsADirectory => "EISDIR",
        _ => "EIO",
    };
    let message = format!("cannot {doing} `{path}`: {error}");
    let build = || -> Result<Error> {
        let mut object = env.create_error(Error::from_reason(message.clone()))?;
        object.set_named_property("code", code)?;
        object.set_named_property("errno", -error.raw_os_error().unwrap_or_default())?;
        object.set_named_property("syscall", syscall)?;
        object.set_named_property("path", path)?;
        Ok(Error::from(object.to_unknown()))
    };
    build().unwrap_or_else(|_| Error::from_reason(message))
}

/// A string argument, or a `TypeError` with Node's code for one
/// (`ERR_INVALID_ARG_TYPE`) that names the argument and what it got.
fn string_arg(env: &Env, value: Unknown, name: &str) -> Result<String> {
    let kind = value.get_type()?;
    if kind == ValueType::String {
        return env.from_js_value(value);
    }
    let message = format!(
        "`{name}` must be a string, not {}",
        format!("{kind}").to_lowercase()
    );
    let build = || -> Result<Error> {
        let constructor: Function<String, Unknown> =
            env.get_global()?.get_named_property("TypeError")?;
        let error = constructor.new_instance(message.clone())?;
        let mut object = Object::from_unknown(error)?;
        object.set_named_property("code", "ERR_INVALID_ARG_TYPE")?;
        Ok(Error::from(object.to_unknown()))
    };
    Err(build().unwrap_or_else(|_| Error::new(Status::InvalidArg, message)))
}

/// `process.emitWarning(message, { code: 'HANDOFF_NEWER_FORMAT' })`, so the
/// warning shows as Node shows its own, and `--no-warnings` silences it.
fn emit_warning(env: &Env, message: String) -> Result<()> {
    let process: Object = env.get_global()?.get_named_property("process")?;
    let emit: Function<FnArgs<(String, Object)>, Unknown> =
        process.get_named_property("emitWarning")?;
    let mut options = Object::new(env)?;
    options.set_named_property("code", "HANDOFF_NEWER_FORMAT")?;
    options.set_named_property("type", "HandoffFormatWarning")?;
    emit.apply(process, FnArgs::from((message, options)))?;
    Ok(())
}
