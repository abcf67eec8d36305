//! The language server takes any sequence of edits and requests: every
//! request is answered and nothing panics. Positions may lie anywhere,
//! inside or past the text, as a confused editor might send them.
#![no_main]

use arbitrary::Arbitrary;
use futures::StreamExt;
use handoff_lsp::jsonrpc::Request;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use tower::{Service, ServiceExt};

const URI: &str = "file:///fuzz/rules.handoff";

#[derive(Arbitrary, Debug)]
enum Op {
    Open(String),
    Change {
        line: u8,
        col: u8,
        end_line: u8,
        end_col: u8,
        text: String,
    },
    Full(String),
    Request {
        kind: Kind,
        line: u8,
        col: u8,
    },
    Close,
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Hover,
    Completion,
    Definition,
    Rename(String),
    Formatting,
    CodeAction,
    SemanticTokens,
}

fn request(kind: &Kind, line: u8, col: u8) -> (&'static str, Value) {
    let doc = json!({ "uri": URI });
    let at = json!({ "line": line, "character": col });
    let here = json!({ "textDocument": doc, "position": at });
    match kind {
        Kind::Hover => ("textDocument/hover", here),
        Kind::Completion => ("textDocument/completion", here),
        Kind::Definition => ("textDocument/definition", here),
        Kind::Rename(name) => (
            "textDocument/rename",
            json!({ "textDocument": doc, "position": at, "newName": name }),
        ),
        Kind::Formatting => (
            "textDocument/formatting",
            json!({ "textDocument": doc, "options": { "tabSize": 2, "insertSpaces": true } }),
        ),
        Kind::CodeAction => (
            "textDocument/codeAction",
            json!({ "textDocument": doc, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }),
        ),
        Kind::SemanticTokens => (
            "textDocument/semanticTokens/full",
            json!({ "textDocument": doc }),
        ),
    }
}

fuzz_target!(|ops: Vec<Op>| {
    if ops.len() > 64 {
        return;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(drive(ops));
});

type Server = handoff_lsp::LspService<handoff_lsp::Server>;

/// Sends one message; a request (with an id) must be answered, a
/// notification must not be.
async fn call(service: &mut Server, method: &str, params: Value, id: Option<i64>) {
    let mut builder = Request::build(method.to_string()).params(params);
    if let Some(id) = id {
        builder = builder.id(id);
    }
    let response = service
        .ready()
        .await
        .unwrap()
        .call(builder.finish())
        .await
        .expect("the server is running");
    assert_eq!(
        response.is_some(),
        id.is_some(),
        "{method}: a request is answered, a notification is not"
    );
}

async fn drive(ops: Vec<Op>) {
    let (mut service, mut socket) = handoff_lsp::service();
    // The client side: read and drop what the server sends.
    tokio::spawn(async move { while socket.next().await.is_some() {} });
    let mut id = 0;
    id += 1;
    call(
        &mut service,
        "initialize",
        json!({ "capabilities": {} }),
        Some(id),
    )
    .await;
    call(&mut service, "initialized", json!({}), None).await;
    let mut version = 1;
    for op in ops {
        version += 1;
        match op {
            Op::Open(text) => {
                let params = json!({ "textDocument": { "uri": URI, "languageId": "handoff", "version": version, "text": text } });
                call(&mut service, "textDocument/didOpen", params, None).await;
            }
            Op::Change {
                line,
                col,
                end_line,
                end_col,
                text,
            } => {
                let range = json!({ "start": { "line": line, "character": col }, "end": { "line": end_line, "character": end_col } });
                let params = json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "range": range, "text": text }] });
                call(&mut service, "textDocument/didChange", params, None).await;
            }
            Op::Full(text) => {
                let params = json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] });
                call(&mut service, "textDocument/didChange", params, None).await;
            }
            Op::Request { kind, line, col } => {
                let (method, params) = request(&kind, line, col);
                id += 1;
                call(&mut service, method, params, Some(id)).await;
            }
            Op::Close => {
                let params = json!({ "textDocument": { "uri": URI } });
                call(&mut service, "textDocument/didClose", params, None).await;
            }
        }
    }
}
