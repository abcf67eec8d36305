//! The language server, driven in-process through its LSP interface.
//!
//! Most features are tested as data: each file in `tests/lsp/` is a
//! document with a `$0` cursor, whose first line names the request
//! (`#! hover`, `#! rename reservation`...). `check` opens the document,
//! sends the request at the cursor and snapshots the request's result, so
//! the snapshot is the transcript of what an editor would get. The tests
//! below the fixtures cover what a transcript cannot show: edits, versions,
//! lint levels, and bad requests.

use std::time::Duration;

use futures::StreamExt;
use handoff_lsp::jsonrpc::Request;
use serde_json::{Value, json};
use tower::{Service, ServiceExt};

use crate::common::root;

/// A client talking to a fresh server.
pub struct Client {
    service: handoff_lsp::LspService<handoff_lsp::Server>,
    notifications: tokio::sync::mpsc::UnboundedReceiver<(String, Value)>,
    next_id: i64,
}

impl Client {
    pub async fn start() -> Client {
        let (service, mut socket) = handoff_lsp::service();
        let (send, notifications) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(request) = socket.next().await {
                let (method, _, params) = request.into_parts();
                if send
                    .send((method.to_string(), params.unwrap_or(Value::Null)))
                    .is_err()
                {
                    break;
                }
            }
        });
        let mut client = Client {
            service,
            notifications,
            next_id: 0,
        };
        client
            .request("initialize", json!({ "capabilities": {} }))
            .await
            .expect("initialize answers");
        client.notify("initialized", json!({})).await;
        client
    }

    /// A request's result, or its error.
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let request = Request::build(method.to_string())
            .params(params)
            .id(self.next_id)
            .finish();
        let response = self
            .service
            .ready()
            .await
            .unwrap()
            .call(request)
            .await
            .unwrap()
            .expect("a request gets a response");
        let (_, result) = response.into_parts();
        result.map_err(|e| serde_json::to_value(e).unwrap())
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let request = Request::build(method.to_string()).params(params).finish();
        let response = self
            .service
            .ready()
            .await
            .unwrap()
            .call(request)
            .await
            .unwrap();
        assert!(response.is_none(), "a notification gets no response");
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "handoff", "version": 1, "text": text } }),
        )
        .await;
    }

    /// The next `publishDiagnostics` for `uri` (skipping other messages).
    pub async fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(20), self.notifications.recv())
                .await
                .expect("diagnostics arrive")
                .expect("the server is running");
            if next.0 == "textDocument/publishDiagnostics" && next.1["uri"] == uri {
                return next.1;
            }
        }
    }

    /// A message the server showed or logged.
    pub async fn message(&mut self) -> Value {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(20), self.notifications.recv())
                .await
                .expect("a message arrives")
                .expect("the server is running");
            if next.0 == "window/showMessage" {
                return next.1;
            }
        }
    }
}

pub const URI: &str = "file:///rules/rules.handoff";

/// A fixture's text without its cursor, and the cursor's LSP position.
fn cursor(text: &str) -> (String, Value) {
    let at = text.find("$0").expect("a $0 cursor");
    let before = &text[..at];
    let line = before.matches('\n').count();
    let column: usize = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    (
        text.replacen("$0", "", 1),
        json!({ "line": line, "character": column }),
    )
}

/// The request a fixture names, with its parameters at the cursor.
fn request_for(header: &str, position: &Value) -> (String, Value) {
    let doc = json!({ "uri": URI });
    let at = json!({ "textDocument": doc, "position": position });
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 10000, "character": 0 } });
    let mut words = header.split_whitespace();
    let name = words.next().unwrap_or("");
    let (method, params) = match name {
        "hover" => ("textDocument/hover", at),
        "completion" => ("textDocument/completion", at),
        "definition" => ("textDocument/definition", at),
        "references" => (
            "textDocument/references",
            json!({ "textDocument": doc, "position": position, "context": { "includeDeclaration": true } }),
        ),
        "highlight" => ("textDocument/documentHighlight", at),
        "prepareRename" => ("textDocument/prepareRename", at),
        "rename" => (
            "textDocument/rename",
            json!({ "textDocument": doc, "position": position, "newName": words.next().unwrap_or("") }),
        ),
        "codeAction" => (
            "textDocument/codeAction",
            json!({ "textDocument": doc, "range": { "start": position, "end": position }, "context": { "diagnostics": [] } }),
        ),
        "formatting" => (
            "textDocument/formatting",
            json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        "documentSymbol" => (
            "textDocument/documentSymbol",
            json!({ "textDocument": doc }),
        ),
        "foldingRange" => ("textDocument/foldingRange", json!({ "textDocument": doc })),
        "selectionRange" => (
            "textDocument/selectionRange",
            json!({ "textDocument": doc, "positions": [position] }),
        ),
        "semanticTokens" => (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
        "codeLens" => ("textDocument/codeLens", json!({ "textDocument": doc })),
        "inlayHint" => (
            "textDocument/inlayHint",
            json!({ "textDocument": doc, "range": whole }),
        ),
        "workspaceSymbol" => (
            "workspace/symbol",
            json!({ "query": words.next().unwrap_or("") }),
        ),
        other => panic!("unknown fixture request `{other}`"),
    };
    (method.to_string(), params)
}

/// Opens the fixture, sends its request at the cursor, and snapshots the
/// transcript.
async fn check(path: &std::path::Path) {
    let source = std::fs::read_to_string(path).unwrap();
    let header = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("#! "))
        .expect("a fixture starts with `#! REQUEST`");
    let (text, position) = cursor(&source);
    let mut client = Client::start().await;
    client.open(URI, &text).await;
    client.diagnostics(URI).await;
    let (method, params) = request_for(header, &position);
    let result = match client.request(&method, params.clone()).await {
        Ok(value) => json!({ "result": value }),
        Err(error) => json!({ "error": error }),
    };
    let transcript =
        json!({ "request": { "method": method, "params": params }, "response": result });
    // Links to the check pages name the folder this project is in.
    let here = root().display().to_string();
    let transcript: Value =
        serde_json::from_str(&transcript.to_string().replace(&here, "[project]")).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => true }, {
        insta::assert_json_snapshot!("fixture", transcript);
    });
}

#[tokio::test]
async fn fixtures() {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("tests/lsp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "handoff"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 15, "a fixture per feature");
    for path in paths {
        check(&path).await;
    }
}

fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn diagnostics_arrive_on_open_follow_edits_and_clear_when_fixed() {
    let mut client = Client::start().await;
    // `é`, `☕` and `😀` before the error: one, one and two UTF-16 units.
    let text = "business \"Café ☕😀\"\nchannels whatsap\n";
    client.open(URI, text).await;
    let published = client.diagnostics(URI).await;
    assert_eq!(published["version"], 1);
    let all = published["diagnostics"].as_array().unwrap();
    let channel = all
        .iter()
        .find(|d| d["code"] == "H007/unknown-channel")
        .expect("the unknown channel");
    assert_eq!(range(channel), (1, 9, 1, 16));
    assert_eq!(channel["severity"], 1);
    assert_eq!(channel["source"], "handoff");
    assert!(
        channel["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean")
    );

    // An edit after the emoji on the first line, in UTF-16 units.
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 1, "character": 9 }, "end": { "line": 1, "character": 16 } }, "text": "messenger" }]
            }),
        )
        .await;
    let published = client.diagnostics(URI).await;
    assert_eq!(published["version"], 2);
    assert!(
        published["diagnostics"].as_array().unwrap().is_empty(),
        "{published}"
    );

    // A full-text change brings a warning with a tag and related places.
    let unused = "business \"B\"\nsystem calendar: write\ntopic a: about a\ntest \"a\" -> a\n";
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": unused }] }),
        )
        .await;
    let published = client.diagnostics(URI).await;
    assert_eq!(published["version"], 3);
    let all = published["diagnostics"].as_array().unwrap();
    let unused_system = all
        .iter()
        .find(|d| d["code"] == "H104/unused-system")
        .unwrap();
    assert_eq!(unused_system["tags"], json!([1]));
    assert_eq!(unused_system["severity"], 2);

    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let published = client.diagnostics(URI).await;
    assert!(published["diagnostics"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn handoff_toml_levels_apply_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("handoff.toml"),
        "[lints]\nunknown-channel = \"allow\"\nuntested-topic = \"error\"\n",
    )
    .unwrap();
    let file = dir.path().join("rules.handoff");
    let uri = format!("file://{}", file.display());
    let mut client = Client::start().await;
    client
        .open(&uri, "business \"B\"\nchannels pigeon\ntopic a: about a\n")
        .await;
    let published = client.diagnostics(&uri).await;
    let codes: Vec<(&str, u64)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_u64().unwrap()))
        .collect();
    assert_eq!(codes, [("H107/untested-topic", 1)]);
}

/// The server keeps the levels of the `handoff.toml` it parsed, and parses
/// it again when its text changes on disk: the next edit has the new
/// levels, with no file watcher.
#[tokio::test]
async fn a_changed_handoff_toml_applies_from_the_next_edit() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("handoff.toml");
    std::fs::write(&config, "[lints]\nuntested-topic = \"error\"\n").unwrap();
    let uri = format!("file://{}", dir.path().join("rules.handoff").display());
    let mut client = Client::start().await;
    client.open(&uri, "topic a: about a\n").await;
    let severities = |published: &Value| -> Vec<u64> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "H107/untested-topic")
            .map(|d| d["severity"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(severities(&client.diagnostics(&uri).await), [1]);
    std::fs::write(&config, "[lints]\nuntested-topic = \"allow\"\n").unwrap();
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "text": "topic a: about ab\n" }]
            }),
        )
        .await;
    assert_eq!(
        severities(&client.diagnostics(&uri).await),
        Vec::<u64>::new()
    );
}

#[tokio::test]
async fn a_mistake_in_handoff_toml_is_shown_and_the_default_levels_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("handoff.toml"),
        "[lints]\nunknown-chanel = \"allow\"\n",
    )
    .unwrap();
    let uri = format!("file://{}", dir.path().join("rules.handoff").display());
    let mut client = Client::start().await;
    client.open(&uri, "business \"B\"\nchannels pigeon\n").await;
    let shown = client.message().await;
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("did you mean `unknown-channel`"),
        "{message}"
    );
    let published = client.diagnostics(&uri).await;
    let codes: Vec<&str> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["H007/unknown-channel"]);
}

#[tokio::test]
async fn bad_requests_get_answers_and_the_server_keeps_going() {
    let mut client = Client::start().await;
    let unknown = json!({ "textDocument": { "uri": "file:///nowhere.handoff" }, "position": { "line": 0, "character": 0 } });
    assert_eq!(
        client.request("textDocument/hover", unknown.clone()).await,
        Ok(Value::Null)
    );
    assert_eq!(
        client.request("textDocument/definition", unknown).await,
        Ok(Value::Null)
    );
    let error = client
        .request("handoff/noSuchMethod", json!({}))
        .await
        .unwrap_err();
    assert_eq!(error["code"], -32601);

    let text = "business \"😀\"\ntopic booking: about book\ntest \"book\" -> booking\n";
    client.open(URI, text).await;
    client.diagnostics(URI).await;
    // Past the end, inside a surrogate pair, on a line that is not there.
    for (line, character) in [(0, 11), (1, 999), (99, 0), (0, 999_999)] {
        let at = json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
        ] {
            assert!(
                client.request(method, at.clone()).await.is_ok(),
                "{method} at {line}:{character}"
            );
        }
    }
    let bad = client
        .request(
            "workspace/executeCommand",
            json!({ "command": handoff_lsp::RUN_MESSY_TESTS, "arguments": [] }),
        )
        .await
        .unwrap_err();
    assert_eq!(bad["code"], -32602);

    // Edits faster than analysis: the last version's diagnostics win.
    for version in 2..60 {
        let body = if version % 2 == 0 {
            "topik x\n"
        } else {
            "business \"B\"\n"
        };
        client
            .notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": body }] }),
            )
            .await;
    }
    let mut last = client.diagnostics(URI).await;
    while last["version"] != 59 {
        last = client.diagnostics(URI).await;
    }
    assert!(last["diagnostics"].as_array().unwrap().is_empty(), "{last}");
}

#[tokio::test]
async fn the_messy_tests_command_reports_variants_that_route_differently() {
    let mut client = Client::start().await;
    // A short word loses its topic with one letter dropped or swapped; the
    // report lists exactly what routes differently.
    let text = "business \"B\"\nfallback answer\ntopic cake: about cake\n\
                topic delivery: about delivery\ntest \"cake\" -> cake\n\
                test \"deliveries\" -> delivery\n";
    client.open(URI, text).await;
    client.diagnostics(URI).await;
    let report = client
        .request(
            "workspace/executeCommand",
            json!({ "command": handoff_lsp::RUN_MESSY_TESTS, "arguments": [URI] }),
        )
        .await
        .unwrap();
    let variants: Vec<(&str, &str)> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["variant"].as_str().unwrap(),
                v["decision"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        variants,
        [
            ("cae", "answered (no topic)"),
            ("ckae", "answered (no topic)")
        ],
        "{report}"
    );
    let shown = client.message().await;
    assert!(
        shown["message"].as_str().unwrap().contains("messy"),
        "{shown}"
    );

    let explained = client
        .request(
            "workspace/executeCommand",
            json!({ "command": handoff_lsp::EXPLAIN_TEST, "arguments": [URI, 0] }),
        )
        .await
        .unwrap();
    assert_eq!(explained["topic"], "cake");
    let shown = client.message().await;
    assert!(
        shown["message"].as_str().unwrap().contains("because about"),
        "{shown}"
    );
}
