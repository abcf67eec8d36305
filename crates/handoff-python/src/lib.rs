//! `handoff._handoff`: the Python binding of the handoff core. A runtime
//! loads its rules once (`Policy.from_file`), then routes each customer
//! message (`route`) with the same router as `handoff route`, checks each
//! reply (`check_reply`) with the same guard as `handoff guard`, and gets the
//! prompt and the `handoff_to_human` tool from the same emitters as
//! `handoff build`. Every rule file compiles through `handoff_analysis`,
//! so Python sees exactly the diagnostics the CLI reports.
//!
//! Results cross into Python as plain dicts and lists, made by Python's own
//! `json.loads` from the core's serde output: field order stays as the core
//! writes it (the tool's `topic` before its fields, which OpenAI's strict
//! mode relies on), with no second copy of the data model in Rust.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use handoff_analysis::Analysis;
use handoff_emit::Target;
use handoff_guard::Guard;
use handoff_policy::Policy as CompiledPolicy;
use handoff_project::Project;
use handoff_route::Router;
use pyo3::create_exception;
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyUserWarning,
    PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use self_cell::self_cell;
use serde::Serialize;
use serde_json::Value;

create_exception!(
    handoff,
    RulesError,
    PyValueError,
    "Rules that cannot be loaded: a rule file with errors, or a JSON policy that is not one or \
     is of another major format version. `.diagnostics` lists a file's errors and warnings as \
     dicts (code, name, severity, message, line, column, end_line, end_column, help), empty for \
     a JSON policy; str() is the report the CLI prints."
);

create_exception!(
    handoff,
    FormatWarning,
    PyUserWarning,
    "A JSON policy of a newer minor format version than this package reads: it loads, and the \
     keys added since are ignored."
);

/// The policy and what is built from it once: the router's index and the
/// guard's normalised phrases.
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
    /// The warnings the file has (errors never get this far), as dicts.
    warnings: Vec<handoff_report::DiagnosticRecord>,
    /// The file `reload()` reads again; `None` for text or JSON.
    path: Option<PathBuf>,
    /// What the log keeps of these rules, made when a recorder first
    /// writes under them.
    recorder: OnceLock<handoff_log::Recorder>,
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
            recorder: OnceLock::new(),
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
    fn from_file(py: Python<'_>, path: &Path) -> PyResult<Loaded> {
        let bytes = std::fs::read(path).map_err(|e| os_error(e, path))?;
        let analysis = Analysis::from_bytes(bytes);
        let diagnostics = Project::new()
            .diagnostics(path, &analysis)
            .map_err(|e| rules_error(py, e.to_string(), Vec::new()))?;
        Loaded::from_analysis(py, &path.display().to_string(), &analysis, diagnostics).map(
            |loaded| Loaded {
                path: Some(path.to_path_buf()),
                ..loaded
            },
        )
    }

    /// Rules from an analysis, or `RulesError` when it has errors.
    fn from_analysis(
        py: Python<'_>,
        name: &str,
        analysis: &Analysis,
        diagnostics: Vec<handoff_diagnostics::Diagnostic>,
    ) -> PyResult<Loaded> {
        match handoff_report::accept(name, analysis, &diagnostics) {
            Ok(warnings) => Ok(Loaded::new(analysis.policy.clone(), warnings, None)),
            Err(rejected) => Err(rules_error(py, rejected.report, rejected.records)),
        }
    }
}

/// A compiled `.handoff` file, ready to route messages. `reload()` swaps
/// in new rules: each call reads the rules once, so it sees the old rules
/// or the new, never a mix.
#[pyclass(frozen, module = "handoff")]
struct Policy {
    current: RwLock<Arc<Loaded>>,
}

impl Policy {
    fn new(loaded: Loaded) -> Policy {
        Policy {
            current: RwLock::new(Arc::new(loaded)),
        }
    }

    /// The rules now: one read of the slot, held for the whole call. The
    /// lock guards a pointer swap only, so a panic cannot leave it torn.
    fn rules(&self) -> Arc<Loaded> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }
}

#[pymethods]
impl Policy {
    /// Compiles a `.handoff` file, at the lint levels of the nearest
    /// `handoff.toml` (as `handoff check` does).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Policy> {
        Loaded::from_file(py, &path).map(Policy::new)
    }

    /// Compiles the text of a `.handoff` file, at the default lint levels.
    #[staticmethod]
    fn from_source(py: Python<'_>, text: &str) -> PyResult<Policy> {
        let analysis = Analysis::new(text);
        let diagnostics = analysis.diagnostics.clone();
        Loaded::from_analysis(py, "<source>", &analysis, diagnostics).map(Policy::new)
    }

    /// Loads a compiled JSON policy (`handoff build --emit policy`). Another
    /// major format version, or text that is no policy, is a `RulesError`;
    /// a newer minor version loads with a `FormatWarning`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Policy> {
        let policy = CompiledPolicy::from_json(text).map_err(|e| {
            let report = match handoff_policy::other_major_version(text) {
                Some(version) => version,
                None => format!("not a handoff policy: {e}"),
            };
            rules_error(py, report, Vec::new())
        })?;
        if let Some(warning) = policy.newer_minor() {
            let category = py.get_type::<FormatWarning>();
            let message = CString::new(warning).unwrap_or_default();
            PyErr::warn(py, category.as_any(), &message, 2)?;
        }
        Ok(Policy::new(Loaded::new(policy, Vec::new(), None)))
    }

    /// Compiles the rule file again (or `path`, which it then reloads from)
    /// and swaps it in. A file with errors raises `RulesError` (a missing
    /// one `OSError`) and the old rules stay.
    #[pyo3(signature = (path = None))]
    fn reload(&self, py: Python<'_>, path: Option<PathBuf>) -> PyResult<()> {
        let Some(path) = path.or_else(|| self.rules().path.clone()) else {
            return Err(PyValueError::new_err(
                "these rules were not loaded from a file: pass the path to reload from",
            ));
        };
        let loaded = Loaded::from_file(py, &path)?;
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(loaded);
        Ok(())
    }

    /// A `Policy` that keeps the rules as they are now, whatever `reload`
    /// does later: for a request that calls `route` and `check_reply` and
    /// must see one version of the rules.
    fn snapshot(&self) -> Policy {
        Policy {
            current: RwLock::new(self.rules()),
        }
    }

    /// Which topic a customer message is about, whether a person takes over,
    /// and every rule that decided it.
    fn route(&self, message: &str) -> PyResult<Decision> {
        Ok(Decision(json_value(
            &self.rules().engines().router.route(message),
        )?))
    }

    /// Whether a reply may be sent: `ok`, and every `never promise` rule
    /// (and `must not` rule of `topic`) it breaks. A topic the policy does
    /// not have is a `ValueError`, since its rules would go unchecked.
    #[pyo3(signature = (reply, topic = None))]
    fn check_reply(&self, reply: &str, topic: Option<&str>) -> PyResult<Verdict> {
        let rules = self.rules();
        let guard = &rules.engines().guard;
        if let Some(topic) = topic
            && !guard.knows_topic(topic)
        {
            let known: Vec<&str> = rules
                .policy()
                .topics
                .iter()
                .map(|t| t.name.as_str())
                .collect();
            return Err(PyValueError::new_err(format!(
                "the rules have no topic `{topic}` (they have: {})",
                known.join(", ")
            )));
        }
        Ok(Verdict(json_value(&guard.check(reply, topic))?))
    }

    /// Whether a `handoff_to_human` call may hand off: its arguments (a
    /// dict, or the JSON text a model wrote) checked against the tool's
    /// schema. A dict: `ok`, `topic`, `problems` (each `argument` and
    /// `problem`) and `reply`, the tool's answer to the model when not ok.
    fn check_handoff<'py>(
        &self,
        py: Python<'py>,
        arguments: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = match arguments.extract::<String>() {
            Ok(text) => text,
            Err(_) => py
                .import("json")?
                .call_method1("dumps", (arguments,))?
                .extract()?,
        };
        // Text that is not JSON is a call without arguments: the answer
        // says what is missing, as for any other bad call.
        let value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let check = handoff_emit::tool::check_arguments(self.rules().policy(), &value);
        to_python(py, &check)
    }

    /// A recorder that appends one line per customer message to the log at
    /// `path`, as the rules' `log:` keeps it (see `Recorder.record`);
    /// `channel`: the channel its records name when a call gives none.
    #[pyo3(signature = (path, *, channel = None))]
    fn recorder(slf: Py<Self>, path: PathBuf, channel: Option<String>) -> Recorder {
        Recorder {
            policy: slf,
            path,
            channel,
        }
    }

    /// Runs the rules' own `test` and `test reply` lines, as `handoff test`
    /// does: a dict with `results` (each `kind`, `line`, `text`, `topic`,
    /// `passed`, `expected`, `got`, `why` and `detail`) and `coverage`
    /// (each `line` and `message`: what no test covers).
    fn run_tests<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rules = self.rules();
        let engines = rules.engines();
        let run = handoff_testing::run(rules.policy(), &engines.router, &engines.guard);
        to_python(py, &run)
    }

    /// The agent's system prompt, in Markdown.
    fn prompt(&self) -> String {
        handoff_emit::emit(self.rules().policy(), Target::Prompt)
    }

    /// The `handoff_to_human` tool in one of the shapes runtimes take:
    /// `openai`, `openai_strict`, `anthropic` or `json_schema` (the keys
    /// of `handoff build --emit tool`; `json-schema` is read too).
    #[pyo3(signature = (shape = "openai"))]
    fn tool<'py>(&self, py: Python<'py>, shape: &str) -> PyResult<Bound<'py, PyAny>> {
        let key = match shape {
            "openai" | "openai_strict" | "anthropic" | "json_schema" => shape,
            "json-schema" => "json_schema",
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown tool shape `{other}`: use \"openai\", \"openai_strict\", \
                     \"anthropic\" or \"json_schema\""
                )));
            }
        };
        let document = loads(py, &handoff_emit::tool::render(self.rules().policy()))?;
        document.get_item(key)
    }

    /// The compiled policy as a dict (the JSON policy's content).
    #[getter(policy)]
    fn policy_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.rules().policy())
    }

    /// The warnings the rule file has, as dicts like `RulesError.diagnostics`.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.rules().warnings)
    }

    /// The JSON policy, byte for byte what `handoff build --emit policy` writes.
    fn to_json(&self) -> String {
        self.rules().policy().to_json()
    }

    fn __repr__(&self) -> String {
        let rules = self.rules();
        let policy = rules.policy();
        let business = policy
            .business
            .as_ref()
            .map_or_else(String::new, |b| format!(" {:?}", b.name));
        format!(
            "<handoff.Policy{business}: {} topic{}>",
            policy.topics.len(),
            if policy.topics.len() == 1 { "" } else { "s" }
        )
    }
}

/// Appends a record of each customer message to a conversation log (JSON
/// lines, `handoff build --emit log-schema`), as the rules' `log:` says:
/// only the fields `save` names, personal data removed by its `redact`
/// patterns before the line is written, in one whole-line append. Records
/// follow `reload()`: each carries the version of the rules it was decided
/// by. `handoff report LOG` reads the log back.
#[pyclass(frozen, module = "handoff")]
struct Recorder {
    policy: Py<Policy>,
    path: PathBuf,
    channel: Option<String>,
}

#[pymethods]
impl Recorder {
    /// Records a message. `decision`: the router's (routed now when not
    /// given); `reply`: the agent's, checked by the guard against the
    /// decision's topic unless `verdict` is given; `handed_off`: whether a
    /// person took over, when the runtime knows (else the decision's
    /// hand-over, or a held reply); `time`: an aware `datetime` or RFC 3339
    /// text (now when not given); `extra`: other fields the rules save.
    /// Returns the record as written.
    #[pyo3(signature = (message, *, decision = None, reply = None, verdict = None, channel = None, conversation = None, sources = None, handed_off = None, time = None, extra = None))]
    #[allow(clippy::too_many_arguments)]
    fn record<'py>(
        &self,
        py: Python<'py>,
        message: &str,
        decision: Option<PyRef<'py, Decision>>,
        reply: Option<&str>,
        verdict: Option<PyRef<'py, Verdict>>,
        channel: Option<&str>,
        conversation: Option<&str>,
        sources: Option<Vec<String>>,
        handed_off: Option<bool>,
        time: Option<Bound<'py, PyAny>>,
        extra: Option<BTreeMap<String, String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rules = self.policy.get().rules();
        let decision = match decision {
            Some(d) => d.0.clone(),
            None => json_value(&rules.engines().router.route(message))?,
        };
        let verdict = match (verdict, reply) {
            (Some(v), _) => Some(v.0.clone()),
            (None, Some(reply)) => {
                let topic = decision["topic"].as_str();
                Some(json_value(&rules.engines().guard.check(reply, topic))?)
            }
            (None, None) => None,
        };
        let time = match time {
            Some(t) => Some(match t.extract::<String>() {
                Ok(text) => text,
                Err(_) => t.call_method0("isoformat")?.extract()?,
            }),
            None => None,
        };
        let sources = sources.unwrap_or_default();
        let entry = handoff_log::Entry {
            message,
            reply,
            time: time.as_deref(),
            channel: channel.or(self.channel.as_deref()),
            conversation,
            sources: &sources,
            handed_off,
            other: extra.unwrap_or_default(),
            ..handoff_log::Entry::default()
        };
        let bad = |e: handoff_log::BadEntry| PyValueError::new_err(e.to_string());
        let mut entry = entry.decided_json(&decision).map_err(bad)?;
        if let Some(verdict) = &verdict {
            entry = entry.checked_json(verdict).map_err(bad)?;
        }
        let record = rules
            .recorder()
            .record(&entry)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        // The file is written outside the GIL: other threads go on.
        let path = self.path.clone();
        let written = record.clone();
        py.detach(move || handoff_log::append(&path, &written))
            .map_err(|e| os_error(e, &self.path))?;
        to_python(py, &record)
    }

    /// The log this recorder appends to.
    #[getter]
    fn path(&self) -> &Path {
        &self.path
    }

    fn __repr__(&self) -> String {
        format!("Recorder({:?})", self.path.display().to_string())
    }
}

/// The decision for one customer message. It holds the core's record
/// (what `handoff route --format json` writes), so it compares, pickles and
/// serialises as that record does.
#[pyclass(frozen, eq, module = "handoff")]
#[derive(PartialEq)]
struct Decision(Value);

#[pymethods]
impl Decision {
    /// The topic's name, or None when no topic fits.
    #[getter]
    fn topic(&self) -> Option<&str> {
        self.0["topic"].as_str()
    }

    /// Whether a person takes over.
    #[getter]
    fn handoff(&self) -> bool {
        self.0["handoff"].as_bool().unwrap_or_default()
    }

    /// Every rule that fired: `rule` (about, handoff_always, handoff_when,
    /// must_not, global_handoff_when, fallback), `phrase`, `matched` and
    /// `line`.
    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0["reasons"])
    }

    /// What to collect before a person takes over: `name`, `type` and
    /// `span` of each of the topic's fields.
    #[getter]
    fn collect<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0["collect"])
    }

    /// The decision as a dict, as `handoff route --format json` writes it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    /// The decision a `to_dict()` describes (from a log, or a pickle).
    #[staticmethod]
    fn from_dict(py: Python<'_>, record: &Bound<'_, PyDict>) -> PyResult<Decision> {
        from_record(py, record, &["topic", "handoff", "reasons", "collect"]).map(Decision)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        reduce(slf, "from_dict", slf.get().to_dict(slf.py())?)
    }

    fn __repr__(&self) -> String {
        let topic = self
            .topic()
            .map_or_else(|| "None".to_string(), |t| format!("{t:?}"));
        let handoff = if self.handoff() { "True" } else { "False" };
        format!("Decision(topic={topic}, handoff={handoff})")
    }
}

/// Whether a reply may be sent. It holds the core's record (what `handoff
/// guard --format json` writes), so it compares, pickles and serialises as
/// that record does.
#[pyclass(frozen, eq, module = "handoff")]
#[derive(PartialEq)]
struct Verdict(Value);

#[pymethods]
impl Verdict {
    /// True when the reply breaks no rule.
    #[getter]
    fn ok(&self) -> bool {
        self.0["ok"].as_bool().unwrap_or_default()
    }

    /// Every rule the reply breaks: `rule` ("never promise", "must not" or
    /// "handoff"), `phrase`, `topic`, `line`, `piece`, `start` and `end` (the
    /// piece's place in the reply, in characters, as Python indexes it) and
    /// `why`.
    #[getter]
    fn broken<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0["broken"])
    }

    /// The verdict as a dict: `ok` and `broken`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    /// The verdict a `to_dict()` describes (from a log, or a pickle).
    #[staticmethod]
    fn from_dict(py: Python<'_>, record: &Bound<'_, PyDict>) -> PyResult<Verdict> {
        from_record(py, record, &["ok", "broken"]).map(Verdict)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        reduce(slf, "from_dict", slf.get().to_dict(slf.py())?)
    }

    fn __repr__(&self) -> String {
        let phrases: Vec<String> = self.0["broken"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| {
                let text = |key: &str| b[key].as_str().unwrap_or_default().to_string();
                format!("{} {:?}", text("rule"), text("phrase"))
            })
            .collect();
        format!(
            "Verdict(ok={}, broken=[{}])",
            if self.ok() { "True" } else { "False" },
            phrases.join(", ")
        )
    }
}

/// `(cls.from_dict, (record,))`: pickling rebuilds the object from its
/// record.
fn reduce<'py, T: pyo3::PyClass>(
    slf: &Bound<'py, T>,
    constructor: &str,
    record: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let rebuild = slf.as_any().get_type().getattr(constructor)?;
    Ok((rebuild, (record,)).into_pyobject(slf.py())?.into_any())
}

/// A record from a dict that has exactly `keys`.
fn from_record(py: Python<'_>, record: &Bound<'_, PyDict>, keys: &[&str]) -> PyResult<Value> {
    let text: String = py
        .import("json")?
        .call_method1("dumps", (record,))?
        .extract()?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| PyValueError::new_err(format!("not a record: {e}")))?;
    let has = value.as_object().map(|o| {
        let mut found: Vec<&str> = o.keys().map(String::as_str).collect();
        found.sort_unstable();
        found
    });
    let mut wanted = keys.to_vec();
    wanted.sort_unstable();
    if has.as_ref() != Some(&wanted) {
        return Err(PyValueError::new_err(format!(
            "not a record: it must have the keys {}",
            keys.join(", ")
        )));
    }
    Ok(value)
}

/// Python's `json.loads`, so objects keep the order the core wrote.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

fn json_value<T: Serialize>(value: &T) -> PyResult<Value> {
    serde_json::to_value(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert a result: {e}")))
}

fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert a result: {e}")))?;
    loads(py, &json)
}

/// The `OSError` subclass Python raises for the same failure, with the
/// path as its `filename`, so the message names the file.
fn os_error(error: std::io::Error, path: &Path) -> PyErr {
    let args = (
        error.raw_os_error().unwrap_or_default(),
        error.kind().to_string(),
        path.display().to_string(),
    );
    match error.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(args),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(args),
        std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(args),
        _ => PyOSError::new_err(args),
    }
}

/// A `RulesError` with its report as the message and the diagnostics as
/// dicts in `.diagnostics`.
fn rules_error(
    py: Python<'_>,
    report: String,
    diagnostics: Vec<handoff_report::DiagnosticRecord>,
) -> PyErr {
    let error = RulesError::new_err(report);
    let attached =
        to_python(py, &diagnostics).and_then(|list| error.value(py).setattr("diagnostics", list));
    match attached {
        Ok(()) => error,
        Err(e) => e,
    }
}

#[pymodule]
fn _handoff(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Policy>()?;
    m.add_class::<Decision>()?;
    m.add_class::<Verdict>()?;
    m.add_class::<Recorder>()?;
    m.add("RulesError", m.py().get_type::<RulesError>())?;
    m.add("FormatWarning", m.py().get_type::<FormatWarning>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
