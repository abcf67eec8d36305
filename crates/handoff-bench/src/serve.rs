//! `handoff serve`'s latency, as the page meets it: the release binary on
//! loopback, asked over HTTP what the page asks on every pause in typing,
//! for each bundled example: `analyze` of an edited text (each request a new
//! edit, so the server analyses and builds the router and guard afresh),
//! then `route`, `guard` and `diff` of that text (which reuse them), and
//! `analyze` again of the same text. Medians of 41 requests; an in-process
//! `Analysis::new` of the same text is printed beside them as a baseline.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::route::median;

const REQUESTS: usize = 41;

/// One POST, as the page sends it; the time to the whole answer.
fn post(host: &str, cookie: &str, path: &str, body: &Value) -> Duration {
    let body = body.to_string();
    let start = Instant::now();
    let mut stream = TcpStream::connect(host).expect("the server listens");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let elapsed = start.elapsed();
    assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
    elapsed
}

pub fn run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let binary = root.join("target/release/handoff");
    assert!(
        binary.exists(),
        "build the binary first: cargo build --release"
    );
    println!(
        "{:<12} {:>7} {:>12} {:>11} {:>11} {:>11} {:>11} {:>14}",
        "example", "bytes", "edit+analyze", "analyze", "route", "guard", "diff", "Analysis::new"
    );
    let mut examples: Vec<_> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "handoff"))
        .collect();
    examples.sort();
    for example in examples {
        let text = std::fs::read_to_string(&example).unwrap();
        let mut child = Command::new(&binary)
            .args([
                "serve",
                &example.to_string_lossy(),
                "--listen",
                "127.0.0.1:0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut url = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut url)
            .unwrap();
        let (host, token) = url
            .trim()
            .trim_start_matches("http://")
            .split_once("/?token=")
            .expect("the address with its token");
        let cookie = format!("handoff_token={token}");
        let asks = [
            ("/api/analyze", json!({ "text": text })),
            (
                "/api/route",
                json!({ "text": text, "message": "can i book a time on friday? how much is it" }),
            ),
            (
                "/api/guard",
                json!({ "text": text, "reply": "Sure, you're booked in for Friday, and I can give you 20% off.", "topic": null }),
            ),
            ("/api/diff", json!({ "text": text })),
        ];
        let mut edits: Vec<Duration> = (0..REQUESTS)
            .map(|i| {
                let edited = format!("{text}\n# edit {i}\n");
                post(host, &cookie, "/api/analyze", &json!({ "text": edited }))
            })
            .collect();
        let edit = median(&mut edits);
        let medians: Vec<Duration> = asks
            .iter()
            .map(|(path, body)| {
                let mut times: Vec<Duration> = (0..REQUESTS)
                    .map(|_| post(host, &cookie, path, body))
                    .collect();
                median(&mut times)
            })
            .collect();
        let mut analysis: Vec<Duration> = (0..REQUESTS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(handoff_analysis::Analysis::new(&text));
                start.elapsed()
            })
            .collect();
        let _ = child.kill();
        let _ = child.wait();
        let name = example.file_stem().unwrap().to_string_lossy().into_owned();
        println!(
            "{name:<12} {:>7} {:>10.2}ms {:>9.2}ms {:>9.2}ms {:>9.2}ms {:>9.2}ms {:>12.2}ms",
            text.len(),
            ms(edit),
            ms(medians[0]),
            ms(medians[1]),
            ms(medians[2]),
            ms(medians[3]),
            ms(median(&mut analysis))
        );
    }
    println!(
        "\nmedians of {REQUESTS} requests over loopback, one connection each, to the release binary; the target is under 20 ms"
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
