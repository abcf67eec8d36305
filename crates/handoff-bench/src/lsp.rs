//! The language server's latency, in process, through its LSP interface:
//! the time from a `didChange` to the `publishDiagnostics` of that version,
//! and the time of a completion and a hover, on documents of 100, 1,000 and
//! 10,000 topics. Medians of several edits; a full `Analysis::new` of the
//! same text is printed beside them as the baseline the server cannot beat,
//! and the change → diagnostics time of the real binary over stdio
//! ([`crate::lsp_stdio`]), as an editor sees it.

use std::time::{Duration, Instant};

use futures::StreamExt;
use handoff_lsp::jsonrpc::Request;
use serde_json::{Value, json};
use tower::{Service, ServiceExt};

use crate::route::{median, policy_source};

const URI: &str = "file:///bench/rules.handoff";

pub fn run() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "{:>8} {:>9} {:>18} {:>14} {:>14} {:>14} {:>16} {:>14} {:>18}",
        "topics",
        "bytes",
        "change→diagnostics",
        "over stdio",
        "completion",
        "hover",
        "semantic tokens",
        "analysis",
        "completion items"
    );
    for topics in [100, 1_000, 10_000] {
        runtime.block_on(measure(topics));
    }
    println!(
        "\nmedians over 21 edits (7 at 10,000 topics); the server analyses on tokio's blocking pool;\n\
         over stdio: the `handoff lsp` binary beside this one, spoken to through its pipes (- when not built)"
    );
}

async fn measure(topics: usize) {
    let (mut service, mut socket) = handoff_lsp::service();
    let (send, mut published) = tokio::sync::mpsc::unbounded_channel::<Value>();
    tokio::spawn(async move {
        while let Some(request) = socket.next().await {
            let (method, _, params) = request.into_parts();
            if method == "textDocument/publishDiagnostics" {
                let _ = send.send(params.unwrap_or(Value::Null));
            }
        }
    });
    let mut id = 0;
    let mut call = async |service: &mut handoff_lsp::LspService<handoff_lsp::Server>,
                          method: &str,
                          params: Value,
                          is_request: bool| {
        let mut request = Request::build(method.to_string()).params(params);
        if is_request {
            id += 1;
            request = request.id(id);
        }
        let response = service
            .ready()
            .await
            .unwrap()
            .call(request.finish())
            .await
            .unwrap();
        response.map(|r| r.into_parts().1.unwrap_or(Value::Null))
    };
    call(
        &mut service,
        "initialize",
        json!({ "capabilities": {} }),
        true,
    )
    .await;

    let text = policy_source(topics) + "test \"hello\" -> t0\n";
    call(
        &mut service,
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "handoff", "version": 1, "text": text } }),
        false,
    )
    .await;
    published.recv().await;

    // Each edit types one letter into the middle topic's line, then takes it
    // out again: what the server sees as someone types.
    let line = topics / 2 + 3;
    let runs = if topics >= 10_000 { 7 } else { 21 };
    let mut changes = Vec::new();
    for version in 2..2 + runs {
        let text = if version % 2 == 0 { "x" } else { "" };
        let end = if version % 2 == 0 { 10 } else { 11 };
        let change = json!({
            "textDocument": { "uri": URI, "version": version },
            "contentChanges": [{ "range": { "start": { "line": line, "character": 10 }, "end": { "line": line, "character": end } }, "text": text }]
        });
        let started = Instant::now();
        call(&mut service, "textDocument/didChange", change, false).await;
        loop {
            let diagnostics = published.recv().await.expect("the server publishes");
            if diagnostics["version"] == version {
                break;
            }
        }
        changes.push(started.elapsed());
    }

    let last = topics + 3;
    let mut completions = Vec::new();
    let mut hovers = Vec::new();
    let mut items = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let result = call(
            &mut service,
            "textDocument/completion",
            json!({ "textDocument": { "uri": URI }, "position": { "line": last, "character": 17 } }),
            true,
        )
        .await
        .unwrap();
        completions.push(started.elapsed());
        // An array, or a list marked incomplete when it was cut.
        let list = result.get("items").unwrap_or(&result);
        items = list.as_array().map_or(0, Vec::len);
        let started = Instant::now();
        call(
            &mut service,
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": last, "character": 17 } }),
            true,
        )
        .await;
        hovers.push(started.elapsed());
    }

    // Colours for the whole file, as an editor asks after every edit.
    let mut colours = Vec::new();
    for _ in 0..runs.min(7) {
        let started = Instant::now();
        call(
            &mut service,
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
            true,
        )
        .await;
        colours.push(started.elapsed());
    }

    let mut analysis: Vec<Duration> = (0..3)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(handoff_analysis::Analysis::new(text.clone()));
            started.elapsed()
        })
        .collect();
    let stdio = crate::lsp_stdio::change_to_diagnostics(&text, line, runs);
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
    println!(
        "{:>8} {:>9} {:>18} {:>14} {:>14} {:>14} {:>16} {:>14} {:>18}",
        topics,
        text.len(),
        ms(median(&mut changes)),
        stdio.map_or_else(|| "-".to_string(), ms),
        ms(median(&mut completions)),
        ms(median(&mut hovers)),
        ms(median(&mut colours)),
        ms(median(&mut analysis)),
        items,
    );
}
