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

use std::path::PathBuf;

use handoff_analysis::Analysis;
use handoff_emit::Target;
use handoff_guard::{Guard, Verdict as GuardVerdict};
use handoff_policy::Policy as CompiledPolicy;
use handoff_project::Project;
use handoff_route::{Decision as RouteDecision, Router};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use self_cell::self_cell;
use serde::Serialize;

create_exception!(
    handoff,
    RulesError,
    PyValueError,
    "A rule file with errors. `.diagnostics` lists them as dicts (code, name, severity, \
     message, line, column, end_line, end_column, help); str() is the report the CLI prints."
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

/// A compiled `.handoff` file, ready to route messages.
#[pyclass(frozen, module = "handoff")]
struct Policy {
    compiled: Compiled,
    /// The warnings the file has (errors never get this far), as dicts.
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

    fn policy(&self) -> &CompiledPolicy {
        self.compiled.borrow_owner()
    }

    /// A policy from an analysis, or `RulesError` when it has errors.
    fn from_analysis(
        py: Python<'_>,
        name: &str,
        analysis: &Analysis,
        diagnostics: Vec<handoff_diagnostics::Diagnostic>,
    ) -> PyResult<Policy> {
        match handoff_report::accept(name, analysis, &diagnostics) {
            Ok(warnings) => Ok(Policy::new(analysis.policy.clone(), warnings)),
            Err(rejected) => Err(rules_error(py, rejected.report, rejected.records)),
        }
    }
}

#[pymethods]
impl Policy {
    /// Compiles a `.handoff` file, at the lint levels of the nearest
    /// `handoff.toml` (as `handoff check` does).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Policy> {
        let bytes = std::fs::read(&path)?;
        let analysis = Analysis::from_bytes(bytes);
        let diagnostics = Project::new()
            .diagnostics(&path, &analysis)
            .map_err(|e| rules_error(py, e.to_string(), Vec::new()))?;
        Policy::from_analysis(py, &path.display().to_string(), &analysis, diagnostics)
    }

    /// Compiles the text of a `.handoff` file, at the default lint levels.
    #[staticmethod]
    fn from_source(py: Python<'_>, text: &str) -> PyResult<Policy> {
        let analysis = Analysis::new(text);
        let diagnostics = analysis.diagnostics.clone();
        Policy::from_analysis(py, "<source>", &analysis, diagnostics)
    }

    /// Loads a compiled JSON policy (`handoff build --emit policy`).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Policy> {
        let policy = CompiledPolicy::from_json(text)
            .map_err(|e| PyValueError::new_err(format!("not a handoff policy: {e}")))?;
        Ok(Policy::new(policy, Vec::new()))
    }

    /// Which topic a customer message is about, whether a person takes over,
    /// and every rule that decided it.
    fn route(&self, message: &str) -> Decision {
        Decision(self.compiled.borrow_dependent().router.route(message))
    }

    /// Whether a reply may be sent: `ok`, and every `never promise` rule
    /// (and `must not` rule of `topic`) it breaks. A topic the policy does
    /// not have is a `ValueError`, since its rules would go unchecked.
    #[pyo3(signature = (reply, topic = None))]
    fn check_reply(&self, reply: &str, topic: Option<&str>) -> PyResult<Verdict> {
        let guard = &self.compiled.borrow_dependent().guard;
        if let Some(topic) = topic
            && !guard.knows_topic(topic)
        {
            let known: Vec<&str> = self
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
        Ok(Verdict(guard.check(reply, topic)))
    }

    /// The agent's system prompt, in Markdown.
    fn prompt(&self) -> String {
        handoff_emit::emit(self.policy(), Target::Prompt)
    }

    /// The `handoff_to_human` tool in one of the shapes runtimes take:
    /// `openai`, `openai_strict`, `anthropic` or `json-schema`.
    #[pyo3(signature = (shape = "openai"))]
    fn tool<'py>(&self, py: Python<'py>, shape: &str) -> PyResult<Bound<'py, PyAny>> {
        let key = match shape {
            "openai" | "openai_strict" | "anthropic" => shape,
            "json-schema" | "json_schema" => "json_schema",
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown tool shape `{other}`: use \"openai\", \"openai_strict\", \
                     \"anthropic\" or \"json-schema\""
                )));
            }
        };
        let document = loads(py, &handoff_emit::tool::render(self.policy()))?;
        document.get_item(key)
    }

    /// The compiled policy as a dict (the JSON policy's content).
    #[getter(policy)]
    fn policy_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.policy())
    }

    /// The warnings the rule file has, as dicts like `RulesError.diagnostics`.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.warnings)
    }

    /// The JSON policy, byte for byte what `handoff build --emit policy` writes.
    fn to_json(&self) -> String {
        self.policy().to_json()
    }

    fn __repr__(&self) -> String {
        let policy = self.policy();
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

/// The decision for one customer message.
#[pyclass(frozen, module = "handoff")]
struct Decision(RouteDecision);

#[pymethods]
impl Decision {
    /// The topic's name, or None when no topic fits.
    #[getter]
    fn topic(&self) -> Option<&str> {
        self.0.topic.as_deref()
    }

    /// Whether a person takes over.
    #[getter]
    fn handoff(&self) -> bool {
        self.0.handoff
    }

    /// Every rule that fired: `rule` (about, handoff_always, handoff_when,
    /// must_not, global_handoff_when, fallback), `phrase`, `matched` and
    /// `line`.
    #[getter]
    fn reasons<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.reasons)
    }

    /// What to collect before a person takes over: `name`, `type` and
    /// `span` of each of the topic's fields.
    #[getter]
    fn collect<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.collect)
    }

    /// The decision as a dict, as `handoff route --format json` writes it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        let topic = self
            .0
            .topic
            .as_ref()
            .map_or_else(|| "None".to_string(), |t| format!("{t:?}"));
        let handoff = if self.0.handoff { "True" } else { "False" };
        format!("Decision(topic={topic}, handoff={handoff})")
    }
}

/// Whether a reply may be sent.
#[pyclass(frozen, module = "handoff")]
struct Verdict(GuardVerdict);

#[pymethods]
impl Verdict {
    /// True when the reply breaks no rule.
    #[getter]
    fn ok(&self) -> bool {
        self.0.ok
    }

    /// Every rule the reply breaks: `rule` ("never promise" or "must not"),
    /// `phrase`, `topic`, `line`, `piece`, `start` and `end` (the piece's
    /// place in the reply, in characters, as Python indexes it) and `why`.
    #[getter]
    fn broken<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.broken)
    }

    /// The verdict as a dict: `ok` and `broken`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }

    fn __repr__(&self) -> String {
        let phrases: Vec<String> = self
            .0
            .broken
            .iter()
            .map(|b| format!("{} {:?}", b.rule.as_str(), b.phrase))
            .collect();
        format!(
            "Verdict(ok={}, broken=[{}])",
            if self.0.ok { "True" } else { "False" },
            phrases.join(", ")
        )
    }
}

/// Python's `json.loads`, so objects keep the order the core wrote.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert a result: {e}")))?;
    loads(py, &json)
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
    m.add("RulesError", m.py().get_type::<RulesError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
