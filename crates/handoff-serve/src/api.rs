//! The page and what it asks: each answer from the library the CLI uses,
//! on the text in the editor (never the file, but for `diff` and `save`).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use handoff_analysis::Analysis;
use handoff_emit::Target;

use crate::rules::Engines;
use serde::Deserialize;
use serde_json::{Value, json};

type Shared = State<Arc<crate::State>>;

const PAGE: &str = include_str!("../page/index.html");
const SCRIPT: &str = include_str!("../page/app.js");

pub(crate) async fn page() -> Html<&'static str> {
    Html(PAGE)
}

pub(crate) async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// CodeMirror and its language server client, bundled by
/// `crates/handoff-serve/editor/build.sh`.
const EDITOR: &str = include_str!("../page/editor.js");

pub(crate) async fn editor() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        EDITOR,
    )
        .into_response()
}

/// Which content of the file the page started from: a save over anything
/// else is refused.
fn version(bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn problem(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// The file as it is on disk (a missing one is empty: the page makes it),
/// or why it cannot be read.
fn on_disk(state: &crate::State) -> Result<Vec<u8>, String> {
    match std::fs::read(&state.file) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read `{}`: {e}", state.file.display())),
    }
}

fn unreadable(why: String) -> Response {
    problem(StatusCode::INTERNAL_SERVER_ERROR, why)
}

pub(crate) async fn file(State(state): Shared) -> Response {
    match on_disk(&state) {
        Ok(bytes) => Json(json!({
            "path": state.file.display().to_string(),
            // What the editor opens the file as in the language server.
            "uri": handoff_lsp::file_uri(&state.file),
            "text": String::from_utf8_lossy(&bytes),
            "version": version(&bytes),
        }))
        .into_response(),
        Err(why) => unreadable(why),
    }
}

#[derive(Deserialize)]
pub(crate) struct Text {
    text: String,
}

/// Diagnostics with their fixes' titles, the tests and what they decide,
/// and the topics.
pub(crate) async fn analyze(State(state): Shared, Json(body): Json<Text>) -> Json<Value> {
    let rules = crate::rules::of(&state, &body.text);
    let analysis = rules.analysis();
    let diagnostics: Vec<Value> = analysis
        .diagnostics
        .iter()
        .map(|d| {
            let mut record =
                serde_json::to_value(handoff_report::record(analysis, d)).unwrap_or(Value::Null);
            record["fix"] = json!(d.fix.as_ref().map(|f| &f.title));
            record
        })
        .collect();
    let Engines { router, guard } = rules.engines();
    // The tests as the editor's code lenses run them (none in a file with
    // errors), each with its line.
    let tests: Vec<Value> = handoff_lsp::test_outcomes(analysis, router, guard)
        .into_iter()
        .map(|t| {
            json!({
                "line": analysis.source_span(t.span).line,
                "passed": t.passed,
                "title": t.title,
            })
        })
        .collect();
    Json(json!({
        "diagnostics": diagnostics,
        "tests": tests,
        "topics": analysis.policy.topics.iter().map(|t| &t.name).collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize)]
pub(crate) struct FixRequest {
    text: String,
    /// The diagnostic's place in `analyze`'s list.
    diagnostic: usize,
}

/// The text with one diagnostic's fix applied.
pub(crate) async fn fix(Json(body): Json<FixRequest>) -> Response {
    let analysis = Analysis::new(&body.text);
    let Some(fix) = analysis
        .diagnostics
        .get(body.diagnostic)
        .and_then(|d| d.fix.as_ref())
    else {
        return problem(
            StatusCode::CONFLICT,
            "that problem has no fix any more: the rules changed".to_string(),
        );
    };
    let mut text = body.text.clone();
    let mut edits = fix.edits.clone();
    // From the end, so each edit's place still holds.
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for edit in edits {
        let range = edit.span.range();
        if range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            return problem(
                StatusCode::CONFLICT,
                "the fix no longer fits the text".to_string(),
            );
        }
        text.replace_range(range, &edit.replacement);
    }
    Json(json!({ "text": text })).into_response()
}

pub(crate) async fn format(Json(body): Json<Text>) -> Response {
    match handoff_fmt::format(&body.text) {
        Ok(text) => Json(json!({ "text": text })).into_response(),
        Err(handoff_fmt::FormatError::Syntax(_)) => problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the layout is tidied once the problems marked as errors are fixed".to_string(),
        ),
        Err(handoff_fmt::FormatError::MeaningChanged) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "tidying would change what the rules say, so nothing was changed (a bug in handoff: please report it)".to_string(),
        ),
    }
}

#[derive(Deserialize)]
pub(crate) struct RouteRequest {
    text: String,
    message: String,
}

/// The decision on a message, with each reason in words.
pub(crate) async fn route(State(state): Shared, Json(body): Json<RouteRequest>) -> Json<Value> {
    let rules = crate::rules::of(&state, &body.text);
    let decision = rules.engines().router.route(&body.message);
    let why: Vec<String> = decision.reasons.iter().map(|r| r.describe()).collect();
    let mut value = serde_json::to_value(&decision).unwrap_or(Value::Null);
    value["why"] = json!(why);
    value["test"] = json!(handoff_fmt::test_line(
        &body.message,
        &decision.expectation()
    ));
    Json(value)
}

#[derive(Deserialize)]
pub(crate) struct GuardRequest {
    text: String,
    reply: String,
    topic: Option<String>,
}

pub(crate) async fn guard(State(state): Shared, Json(body): Json<GuardRequest>) -> Json<Value> {
    let rules = crate::rules::of(&state, &body.text);
    let topic = body.topic.filter(|t| !t.is_empty());
    let verdict = rules.engines().guard.check(&body.reply, topic.as_deref());
    let mut value = serde_json::to_value(&verdict).unwrap_or(Value::Null);
    value["test"] = json!(reply_test(&body.reply, topic.as_deref(), &verdict));
    Json(value)
}

/// The `test reply` line that expects this verdict, if one can: `-> ok`;
/// `on TOPIC -> breaks` the first `must not` broken; else `-> breaks` the
/// first `never promise` (which holds with no topic too). A reply held
/// only for a hand-over (`handoff`) has no line that expects it.
fn reply_test(
    reply: &str,
    topic: Option<&str>,
    verdict: &handoff_guard::Verdict,
) -> Option<String> {
    use handoff_guard::RuleKind;
    if verdict.ok {
        return Some(handoff_fmt::reply_test_line(reply, topic, None));
    }
    let first = |rule: RuleKind| verdict.broken.iter().find(|b| b.rule == rule);
    match (topic, first(RuleKind::MustNot)) {
        (Some(topic), Some(b)) => Some(handoff_fmt::reply_test_line(
            reply,
            Some(topic),
            Some(&b.phrase),
        )),
        _ => first(RuleKind::NeverPromise)
            .map(|b| handoff_fmt::reply_test_line(reply, None, Some(&b.phrase))),
    }
}

/// What the edit lets the agent do that the file on disk does not, wider
/// first, as `handoff diff` says it.
pub(crate) async fn diff(State(state): Shared, Json(body): Json<Text>) -> Response {
    let before = match on_disk(&state) {
        Ok(bytes) => Analysis::from_bytes(bytes).policy,
        Err(why) => return unreadable(why),
    };
    let after = crate::rules::of(&state, &body.text);
    Json(
        serde_json::to_value(handoff_review::review(&before, &after.analysis().policy))
            .unwrap_or(Value::Null),
    )
    .into_response()
}

#[derive(Deserialize)]
pub(crate) struct BuildRequest {
    text: String,
    target: String,
}

/// The staff's map or the agent's prompt, as `build` emits them.
pub(crate) async fn build(Json(body): Json<BuildRequest>) -> Response {
    let target = match body.target.as_str() {
        "map" => Target::Map,
        "prompt" => Target::Prompt,
        other => {
            return problem(
                StatusCode::BAD_REQUEST,
                format!("no output `{other}`: ask for `map` or `prompt`"),
            );
        }
    };
    let policy = Analysis::new(&body.text).policy;
    Json(json!({ "text": handoff_emit::emit(&policy, target) })).into_response()
}

#[derive(Deserialize)]
pub(crate) struct SaveRequest {
    text: String,
    /// The version of the file the edit started from.
    version: String,
}

/// Writes the file the server was started on, atomically, unless it
/// changed on disk since the page read it: then nothing is written and the
/// page says so.
pub(crate) async fn save(State(state): Shared, Json(body): Json<SaveRequest>) -> Response {
    let now = match on_disk(&state) {
        Ok(bytes) => version(&bytes),
        Err(why) => return unreadable(why),
    };
    if now != body.version {
        return problem(
            StatusCode::CONFLICT,
            format!(
                "`{}` changed on disk since the page read it: reload it, or copy your text first",
                state.file.display()
            ),
        );
    }
    match handoff_project::atomic::write(&state.file, body.text.as_bytes()) {
        Ok(()) => Json(json!({ "version": version(body.text.as_bytes()) })).into_response(),
        Err(e) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot write `{}`: {e}", state.file.display()),
        ),
    }
}
