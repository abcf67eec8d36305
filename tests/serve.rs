//! `handoff serve`: the real binary, spoken to over HTTP as a browser
//! would, and the page in headless Chromium. It answers only with its token
//! and only to its own host and origin; every answer is the library's; a
//! save writes the file atomically and never over a change made on disk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

/// A running `handoff serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    host: String,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(file: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(["serve", &file.to_string_lossy(), "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim();
    let rest = url.strip_prefix("http://").expect(url);
    let (host, token) = rest.split_once("/?token=").expect(url);
    assert_eq!(token.len(), 32, "{url}");
    Server {
        child,
        host: host.to_string(),
        token: token.to_string(),
    }
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One request, as HTTP/1.1 with `Connection: close`.
fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Answer {
    let mut stream = TcpStream::connect(&server.host).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        text.push_str(&format!("Host: {}\r\n", server.host));
    }
    if !body.is_empty() {
        text.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(&body);
    stream.write_all(text.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn cookie(server: &Server) -> String {
    format!("handoff_token={}", server.token)
}

fn api(server: &Server, path: &str, body: Value) -> (u16, Value) {
    let cookie = cookie(server);
    let answer = request(server, "POST", path, &[("Cookie", &cookie)], Some(&body));
    let value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    (answer.status, value)
}

fn salon(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("rules.handoff");
    std::fs::copy(crate::common::root().join("examples/salon.handoff"), &file).unwrap();
    file
}

#[test]
fn without_the_token_or_from_elsewhere_nothing_is_answered_or_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = salon(dir.path());
    let before = std::fs::read(&file).unwrap();
    let server = serve(&file);
    let save = json!({"text": "business \"Hacked\"\n", "version": "x"});
    let cookie = cookie(&server);
    let wrong = format!("/?token={}", "0".repeat(32));
    let upgrade = vec![
        ("Connection", "Upgrade"),
        ("Upgrade", "websocket"),
        ("Sec-WebSocket-Version", "13"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
    ];
    let mut from_elsewhere = upgrade.clone();
    from_elsewhere.extend([
        ("Cookie", cookie.as_str()),
        ("Origin", "http://evil.example"),
    ]);
    // (method, path, headers, body)
    type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, Option<&'a Value>);
    let cases: Vec<Case> = vec![
        ("GET", "/", vec![], None),
        ("GET", "/api/file", vec![], None),
        ("GET", &wrong, vec![], None),
        // The language server's socket, without the cookie and from
        // another site with it.
        ("GET", "/lsp", upgrade.clone(), None),
        ("GET", "/lsp", from_elsewhere, None),
        ("POST", "/api/save", vec![], Some(&save)),
        (
            "POST",
            "/api/save",
            vec![("Cookie", "handoff_token=nope")],
            Some(&save),
        ),
        // DNS rebinding: the right cookie, another host name.
        (
            "GET",
            "/api/file",
            vec![("Cookie", &cookie), ("Host", "evil.example:80")],
            None,
        ),
        // A page of another site posting with the browser's cookie.
        (
            "POST",
            "/api/save",
            vec![("Cookie", &cookie), ("Origin", "http://evil.example")],
            Some(&save),
        ),
    ];
    for (method, path, headers, body) in cases {
        let answer = request(&server, method, path, &headers, body);
        assert_eq!(
            answer.status, 403,
            "{method} {path} {headers:?}: {}",
            answer.head
        );
        assert!(answer.body.starts_with("refused:"), "{}", answer.body);
    }
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing was written");
}

#[test]
fn the_token_becomes_a_cookie_and_the_page_loads_nothing_from_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&salon(dir.path()));
    let first = request(
        &server,
        "GET",
        &format!("/?token={}", server.token),
        &[],
        None,
    );
    assert_eq!(first.status, 303, "{}", first.head);
    let head = first.head.to_ascii_lowercase();
    assert!(head.contains("location: /"), "{}", first.head);
    assert!(
        head.contains(&format!("set-cookie: handoff_token={}", server.token)),
        "{}",
        first.head
    );
    assert!(
        head.contains("httponly") && head.contains("samesite=strict"),
        "{}",
        first.head
    );
    let cookie = cookie(&server);
    let page = request(&server, "GET", "/", &[("Cookie", &cookie)], None);
    assert_eq!(page.status, 200);
    let script = request(&server, "GET", "/app.js", &[("Cookie", &cookie)], None);
    assert_eq!(script.status, 200);
    for text in [&page.body, &script.body] {
        for external in ["http:", "https:", "//cdn", "@import", "url("] {
            assert!(
                !text.contains(external),
                "loads nothing from elsewhere ({external})"
            );
        }
    }
    assert!(page.body.contains("<script src=\"/app.js\"></script>"));
    // The editor bundle carries its packages' licence addresses, so that it
    // asks no other host is the browser test's to prove.
    assert!(page.body.contains("<script src=\"/editor.js\"></script>"));
    let editor = request(&server, "GET", "/editor.js", &[("Cookie", &cookie)], None);
    assert_eq!(editor.status, 200);
    assert!(editor.body.contains("HandoffEditor"));
    for label in [
        "for=\"rules\"",
        "for=\"message\"",
        "for=\"reply\"",
        "for=\"topic\"",
    ] {
        assert!(
            page.body.contains(label),
            "every field has a label: {label}"
        );
    }
}

#[test]
fn the_page_asks_the_library_and_saves_only_over_what_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = salon(dir.path());
    let server = serve(&file);
    let cookie = cookie(&server);
    let loaded = request(&server, "GET", "/api/file", &[("Cookie", &cookie)], None);
    let loaded: Value = serde_json::from_str(&loaded.body).unwrap();
    let text = loaded["text"].as_str().unwrap().to_string();
    assert_eq!(text, std::fs::read_to_string(&file).unwrap());

    // A mistake, its diagnostic and its fix.
    let broken = text.replacen("  about book,", "  abuot book,", 1);
    let (status, analysis) = api(&server, "/api/analyze", json!({"text": broken}));
    assert_eq!(status, 200);
    let diagnostics = analysis["diagnostics"].as_array().unwrap();
    let (i, mistake) = diagnostics
        .iter()
        .enumerate()
        .find(|(_, d)| d["severity"] == "error")
        .expect("the misspelt keyword is an error");
    assert!(mistake["fix"].is_string(), "{mistake}");
    let (status, fixed) = api(
        &server,
        "/api/fix",
        json!({"text": broken, "diagnostic": i}),
    );
    assert_eq!(status, 200, "{fixed}");
    assert_eq!(fixed["text"], text);
    // A file with errors runs no test, as in the editor; the fixed one
    // passes every one.
    let not_run = analysis["tests"].as_array().unwrap();
    assert!(!not_run.is_empty() && not_run.iter().all(|t| t["passed"].is_null()));
    let (_, fixed_analysis) = api(&server, "/api/analyze", json!({"text": text}));
    let tests = fixed_analysis["tests"].as_array().unwrap();
    assert!(tests.iter().all(|t| t["passed"] == true), "{tests:?}");

    // A message and a reply, as `route` and `guard` decide them.
    let (_, decision) = api(
        &server,
        "/api/route",
        json!({"text": text, "message": "can i book a cut on friday?"}),
    );
    assert_eq!(decision["topic"], "booking");
    assert!(
        decision["test"]
            .as_str()
            .unwrap()
            .starts_with("test \"can i book a cut on friday?\" -> booking")
    );
    let (_, verdict) = api(
        &server,
        "/api/guard",
        json!({"text": text, "reply": "Your booking is confirmed!", "topic": "booking"}),
    );
    assert_eq!(verdict["ok"], false, "{verdict}");
    // The line offered names a rule a `test reply` line can expect: the
    // topic's `must not`, else a `never promise` with no topic, and none
    // for a reply held only because it settles a hand-over.
    assert_eq!(
        verdict["test"],
        "test reply \"Your booking is confirmed!\" on booking -> breaks confirm"
    );
    let suggested = |reply: &str, topic: &str| {
        let (_, verdict) = api(
            &server,
            "/api/guard",
            json!({"text": text, "reply": reply, "topic": topic}),
        );
        verdict["test"].clone()
    };
    assert_eq!(
        suggested("The price will be 450 kr.", "complaint"),
        "test reply \"The price will be 450 kr.\" -> breaks price"
    );
    assert!(
        suggested(
            "Of course, we will redo your colour on Friday.",
            "complaint"
        )
        .is_null()
    );
    let (_, map) = api(
        &server,
        "/api/build",
        json!({"text": text, "target": "map"}),
    );
    assert!(map["text"].as_str().unwrap().starts_with("<!DOCTYPE html>"));

    // What the edit changes, then the save.
    let edited = text.replace("  must not confirm, bekräfta\n", "");
    let (_, review) = api(&server, "/api/diff", json!({"text": edited}));
    assert!(!review["wider"].as_array().unwrap().is_empty(), "{review}");
    let (status, saved) = api(
        &server,
        "/api/save",
        json!({"text": edited, "version": loaded["version"]}),
    );
    assert_eq!(status, 200, "{saved}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);

    // Changed on disk underneath: the page's save is refused, nothing lost.
    std::fs::write(&file, "# changed elsewhere\n").unwrap();
    let (status, refused) = api(
        &server,
        "/api/save",
        json!({"text": text, "version": saved["version"]}),
    );
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("changed on disk")
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# changed elsewhere\n"
    );
}

#[test]
fn the_page_renders_in_chromium_with_the_rules_checked() {
    let Some(browser) = crate::outputs::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&salon(dir.path()));
    let url = format!("http://{}/?token={}", server.host, server.token);
    let dom = crate::outputs::run_chromium(
        &browser,
        dir.path(),
        &["--virtual-time-budget=5000", "--dump-dom", &url],
    );
    assert!(dom.contains("<h1>Your agent's rules</h1>"), "{dom}");
    assert!(dom.contains("rules.handoff"), "the file's path is shown");
    assert!(
        dom.contains("✓ passes"),
        "the tests ran in the page:\n{dom}"
    );
}

/// The page driven as a person uses it, by Playwright in headless Chromium
/// (`tests/browser/workbench.mjs`, which checks each step on the page):
/// a mistake typed and fixed with its button, a message and a reply tried,
/// the reply added as a test and saved; here, the file on disk is checked.
/// Screenshots of each step are left in `target/browser/`.
#[test]
fn a_person_fixes_a_mistake_tries_a_message_and_a_reply_and_saves() {
    let Some(browser) = crate::outputs::chromium() else {
        return;
    };
    let root = crate::common::root();
    let driver = root.join("tests/browser");
    if !driver.join("node_modules/playwright-core").is_dir() {
        let message = "Playwright is not installed: run `npm ci` in tests/browser";
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}: CI must run this test"
        );
        crate::common::skipped(message);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = salon(dir.path());
    let before = std::fs::read_to_string(&file).unwrap();
    let server = serve(&file);
    let url = format!("http://{}/?token={}", server.host, server.token);
    let output = Command::new("node")
        .arg(driver.join("workbench.mjs"))
        .arg(&url)
        .arg(root.join("target/browser"))
        .env("CHROMIUM", &browser)
        .output()
        .expect("node runs");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("ok - nothing was asked of another host"),
        "{said}"
    );
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        format!(
            "{}\n\ntopic colour: must not promise prices\n\
             test reply \"Great news, you're confirmed for Friday at 3pm!\" on booking -> breaks confirm\n\
             # a colleague was here\n# and again\n",
            before.trim_end_matches('\n')
        ),
        "the fixed line and the added test are saved, and then the lines written on disk kept"
    );
}

/// The editor the binary serves is the one `editor/build.sh` bundles from
/// `editor/main.js` and the locked CodeMirror packages, byte for byte.
#[test]
fn the_bundled_editor_is_built_from_its_source() {
    let editor = crate::common::root().join("crates/handoff-serve/editor");
    if !editor.join("node_modules/.bin/esbuild").exists() {
        let message =
            "the editor's packages are not installed: run `npm ci` in crates/handoff-serve/editor";
        assert!(
            std::env::var_os("CI").is_none(),
            "{message}: CI must run this test"
        );
        crate::common::skipped(message);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("editor.js");
    let status = Command::new("bash")
        .arg(editor.join("build.sh"))
        .env("EDITOR_OUT", &out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let built = std::fs::read(&out).unwrap();
    let served =
        std::fs::read(crate::common::root().join("crates/handoff-serve/page/editor.js")).unwrap();
    assert!(
        built == served,
        "page/editor.js is not what build.sh makes of main.js: run `bash crates/handoff-serve/editor/build.sh`"
    );
}
