//! The language server under a stream no editor would send on a good day:
//! thousands of edits (incremental at random places, including past the end,
//! and whole-text), requests at random positions, valid or not, some
//! cancelled before they are answered, and versions out of order. Every
//! request is answered, the server keeps running, and its last diagnostics
//! are `handoff check --format json`'s on the final text, place for place.

use std::time::{Duration, Instant};

use futures::StreamExt;
use handoff_lsp::jsonrpc::Request;
use serde_json::{Value, json};
use tower::{Service, ServiceExt};

use crate::common::handoff;

const URI: &str = "file:///stress/rules.handoff";
const EDITS: usize = 2_000;

/// xorshift64*: a fixed seed gives the same run every time, with no
/// dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces an edit inserts: the language's words and punctuation, line ends,
/// indentation, and characters that are two UTF-16 units or several bytes.
const PIECES: &[&str] = &[
    "topic ",
    "booking",
    ": ",
    "about ",
    "book, ",
    "may ",
    "must not ",
    "handoff when ",
    "collect ",
    "day (date)",
    "test \"",
    "\" -> ",
    "system cal: read",
    "using cal",
    "risk ",
    "binding",
    "\n",
    "\n  ",
    ";",
    ",",
    "\"",
    "#",
    "öppet",
    "🙂",
    "日本",
    "\u{200B}",
    "x",
    " ",
    "business \"A\"\n",
    "log: save question; redact names",
    "never promise price\n",
];

type Server = handoff_lsp::LspService<handoff_lsp::Server>;

/// A diagnostic's code and LSP range: (line, UTF-16 column) at each end.
type Place = (String, (u64, u64), (u64, u64));

struct Stress {
    service: Server,
    notifications: tokio::sync::mpsc::UnboundedReceiver<(String, Value)>,
    id: i64,
    answered: usize,
}

impl Stress {
    async fn call(&mut self, method: &str, params: Value, id: Option<i64>) -> Option<Value> {
        let mut request = Request::build(method.to_string()).params(params);
        if let Some(id) = id {
            request = request.id(id);
        }
        let response = self
            .service
            .ready()
            .await
            .expect("the server is running")
            .call(request.finish())
            .await
            .expect("the server is running");
        assert_eq!(response.is_some(), id.is_some(), "{method}");
        response.map(|r| serde_json::to_value(r).unwrap())
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.call(method, params, None).await;
    }

    /// Sends a request; with `cancel`, sends `$/cancelRequest` for it before
    /// waiting. Either way there must be a response with its id.
    async fn request(&mut self, method: &str, params: Value, cancel: bool) {
        self.id += 1;
        let id = self.id;
        let request = Request::build(method.to_string())
            .params(params)
            .id(id)
            .finish();
        let pending = self.service.ready().await.unwrap().call(request);
        if cancel {
            let cancel = Request::build("$/cancelRequest")
                .params(json!({ "id": id }))
                .finish();
            let ack = self
                .service
                .ready()
                .await
                .unwrap()
                .call(cancel)
                .await
                .unwrap();
            assert!(ack.is_none());
        }
        let response = tokio::time::timeout(Duration::from_secs(30), pending)
            .await
            .unwrap_or_else(|_| panic!("{method} #{id} was not answered"))
            .expect("the server is running")
            .unwrap_or_else(|| panic!("{method} #{id} got no response"));
        let response = serde_json::to_value(response).unwrap();
        assert_eq!(response["id"], id, "{method}: {response}");
        if let Some(error) = response.get("error") {
            // Cancelled, or a position the document does not have; never
            // an internal error.
            assert_ne!(error["code"], -32603, "{method}: {response}");
        }
        self.answered += 1;
    }
}

/// A random position: usually in the text, sometimes past its end.
fn position(rng: &mut Rng, text: &str) -> Value {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = rng.below(lines.len() + 3);
    let width = lines.get(line).map_or(0, |l| l.encode_utf16().count());
    json!({ "line": line, "character": rng.below(width + 4) })
}

/// Applies an LSP range edit the way the protocol defines it, clamping
/// positions past a line's end or the text's end (as the server does).
fn apply(text: &str, start: (usize, usize), end: (usize, usize), insert: &str) -> String {
    let offset = |(line, character): (usize, usize)| -> usize {
        let mut at = 0;
        for (i, l) in text.split_inclusive('\n').enumerate() {
            if i == line {
                let content = l.strip_suffix('\n').unwrap_or(l);
                let mut units = 0;
                for (b, c) in content.char_indices() {
                    if units >= character {
                        return at + b;
                    }
                    units += c.len_utf16();
                }
                return at + content.len();
            }
            at += l.len();
        }
        text.len()
    };
    let (a, b) = (offset(start), offset(end));
    let (a, b) = (a.min(b), a.max(b));
    format!("{}{insert}{}", &text[..a], &text[b..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_survives_a_storm_and_ends_where_check_does() {
    let started = Instant::now();
    let (service, mut socket) = handoff_lsp::service();
    let (send, notifications) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(message) = socket.next().await {
            let (method, _, params) = message.into_parts();
            let _ = send.send((method.to_string(), params.unwrap_or(Value::Null)));
        }
    });
    let mut s = Stress {
        service,
        notifications,
        id: 0,
        answered: 0,
    };
    s.id += 1;
    s.call("initialize", json!({ "capabilities": {} }), Some(s.id))
        .await;
    s.notify("initialized", json!({})).await;

    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let examples: Vec<String> = crate::common::handoff_files("examples")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut text = examples[0].clone();
    s.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "handoff", "version": 1, "text": text } }),
    )
    .await;
    let mut version = 1;
    for step in 0..EDITS {
        // Versions mostly rise; one edit in 20 carries an older one.
        version += 1;
        let sent = if rng.below(20) == 0 {
            version - 5
        } else {
            version
        };
        // Whole-text changes (an example again, or a heap of pieces) stop
        // two thirds in, so the final text has many edits behind it.
        if step < EDITS * 2 / 3 && rng.below(25) == 0 {
            text = if rng.below(2) == 0 {
                examples[rng.below(examples.len())].clone()
            } else {
                (0..rng.below(200)).map(|_| rng.pick(PIECES)).collect()
            };
            s.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": URI, "version": sent }, "contentChanges": [{ "text": text }] }),
            )
            .await;
        } else {
            // Mostly a few characters where one types; sometimes a stretch
            // over a line end; the end may lie past the line or the text.
            let a = position(&mut rng, &text);
            let b = if rng.below(10) == 0 {
                json!({ "line": a["line"].as_u64().unwrap() + 1, "character": rng.below(6) })
            } else {
                json!({ "line": a["line"], "character": a["character"].as_u64().unwrap() + rng.below(4) as u64 })
            };
            let insert: String = (0..rng.below(3)).map(|_| rng.pick(PIECES)).collect();
            let at = |p: &Value| {
                (
                    p["line"].as_u64().unwrap() as usize,
                    p["character"].as_u64().unwrap() as usize,
                )
            };
            text = apply(&text, at(&a), at(&b), &insert);
            s.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": URI, "version": sent },
                        "contentChanges": [{ "range": { "start": a, "end": b }, "text": insert }] }),
            )
            .await;
        }
        if step % 3 == 0 {
            let at = position(&mut rng, &text);
            let doc = json!({ "uri": URI });
            let (method, params) = match rng.below(8) {
                0 => (
                    "textDocument/hover",
                    json!({ "textDocument": doc, "position": at }),
                ),
                1 => (
                    "textDocument/completion",
                    json!({ "textDocument": doc, "position": at }),
                ),
                2 => (
                    "textDocument/definition",
                    json!({ "textDocument": doc, "position": at }),
                ),
                3 => (
                    "textDocument/rename",
                    json!({ "textDocument": doc, "position": at, "newName": "renamed" }),
                ),
                4 => (
                    "textDocument/formatting",
                    json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
                ),
                5 => (
                    "textDocument/codeAction",
                    json!({ "textDocument": doc, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }),
                ),
                6 => (
                    "textDocument/semanticTokens/full",
                    json!({ "textDocument": doc }),
                ),
                _ => (
                    "textDocument/documentSymbol",
                    json!({ "textDocument": doc }),
                ),
            };
            let cancel = rng.below(6) == 0;
            s.request(method, params, cancel).await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the storm took too long"
        );
    }
    // The last word: a whole text with the highest version.
    version += 10;
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }),
    )
    .await;
    let published = loop {
        let (method, params) =
            tokio::time::timeout(Duration::from_secs(30), s.notifications.recv())
                .await
                .expect("the final diagnostics arrive")
                .expect("the server is running");
        if method == "textDocument/publishDiagnostics" && params["version"] == version {
            break params;
        }
    };
    assert!(s.answered >= EDITS / 3, "{} requests answered", s.answered);

    // The same text, checked by the CLI.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rules.handoff");
    std::fs::write(&file, &text).unwrap();
    let run = handoff(&["check", "--format", "json", &file.to_string_lossy()]);
    let checked: Value = serde_json::from_str(&run.stdout).unwrap();
    // LSP places are 0-based lines and UTF-16 columns; the CLI's are
    // 1-based lines and character columns.
    let lines: Vec<&str> = text.split('\n').collect();
    let utf16 = |line: u64, column: u64| -> (u64, u64) {
        let l = lines.get(line as usize - 1).copied().unwrap_or("");
        let units: usize = l
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf16)
            .sum();
        (line - 1, units as u64)
    };
    let mut from_check: Vec<Place> = checked
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{}/{}",
                    d["code"].as_str().unwrap(),
                    d["name"].as_str().unwrap()
                ),
                utf16(d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
                utf16(
                    d["end_line"].as_u64().unwrap(),
                    d["end_column"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    let pos = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    let mut from_server: Vec<Place> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                pos(&d["range"]["start"]),
                pos(&d["range"]["end"]),
            )
        })
        .collect();
    // The seed leaves a messy text behind, so the comparison has content.
    assert!(
        from_check.len() > 20,
        "{} diagnostics: {text}",
        from_check.len()
    );
    from_check.sort();
    from_server.sort();
    assert_eq!(from_server, from_check, "final text:\n{text}");
}
