//! The same `didChange` → `publishDiagnostics` latency as [`crate::lsp`],
//! measured as an editor sees it: the real `handoff lsp` binary, spoken to
//! over its stdin and stdout with LSP's `Content-Length` framing, so the
//! figure includes serialising every diagnostic and the pipe.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The `handoff` binary beside this one (`cargo build --release -p
/// handoff-cli` puts both in `target/release`).
fn binary() -> Option<std::path::PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join("handoff");
    path.is_file().then_some(path)
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    /// The version of each `publishDiagnostics` the server sends.
    published: mpsc::Receiver<i64>,
}

impl Client {
    fn start() -> Option<Client> {
        let mut child = Command::new(binary()?)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = child.stdout.take()?;
        let (send, published) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if message["method"] == "textDocument/publishDiagnostics"
                    && let Some(version) = message["params"]["version"].as_i64()
                    && send.send(version).is_err()
                {
                    return;
                }
            }
        });
        Some(Client {
            child,
            stdin,
            published,
        })
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .expect("the server reads its stdin");
    }

    fn until_published(&self, version: i64) {
        while self.published.recv().expect("the server publishes") != version {}
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One framed message, or `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The median time from sending each edit to receiving its diagnostics, or
/// `None` when the `handoff` binary is not built beside the bench.
pub fn change_to_diagnostics(text: &str, line: usize, runs: usize) -> Option<Duration> {
    const URI: &str = "file:///bench/stdio.handoff";
    let mut client = Client::start()?;
    client.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }));
    client.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    client.send(
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": { "uri": URI, "languageId": "handoff", "version": 1, "text": text } } }),
    );
    client.until_published(1);
    let mut times = Vec::new();
    for version in 2..2 + runs as i64 {
        let (insert, end) = if version % 2 == 0 {
            ("x", 10)
        } else {
            ("", 11)
        };
        let started = Instant::now();
        client.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": { "uri": URI, "version": version },
            "contentChanges": [{ "range": { "start": { "line": line, "character": 10 }, "end": { "line": line, "character": end } }, "text": insert }] } }));
        client.until_published(version);
        times.push(started.elapsed());
    }
    Some(crate::route::median(&mut times))
}
