//! Every output `handoff build` writes, for every example: the policy's JSON
//! Schema, the handoff tool, the log schema, Meta's instructions, the map
//! (rendered in headless Chromium), and `handoff init`.

use std::path::{Path, PathBuf};

use crate::common::{handoff, handoff_files, relative, root};
use handoff_analysis::Analysis;
use serde_json::{Value, json};

fn build_all(example: &Path, out: &Path) {
    let run = handoff(&[
        "build",
        &example.to_string_lossy(),
        "--emit",
        "all",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 0, "{}: {}", relative(example), run.stderr);
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("not a valid schema: {e}"))
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn every_example_compiles_to_every_target_deterministically() {
    for example in handoff_files("examples") {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        build_all(&example, a.path());
        build_all(&example, b.path());
        let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
        for target in handoff_emit::Target::ALL {
            let name = target.file_name(&stem);
            let first =
                std::fs::read(a.path().join(&name)).unwrap_or_else(|_| panic!("{name} written"));
            assert!(!first.is_empty(), "{name}");
            assert_eq!(
                first,
                std::fs::read(b.path().join(&name)).unwrap(),
                "{name} is deterministic"
            );
        }
    }
}

#[test]
fn every_compiled_policy_validates_against_the_policy_schema() {
    let run = handoff(&["schema"]);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).unwrap();
    let validator = validator(&schema);
    let mut files = handoff_files("examples");
    files.extend(handoff_files("tests/corpus/valid"));
    for path in files {
        let policy = Analysis::from_bytes(std::fs::read(&path).unwrap()).policy;
        let value: Value = serde_json::from_str(&policy.to_json()).unwrap();
        assert_eq!(
            errors(&validator, &value),
            Vec::<String>::new(),
            "{}",
            relative(&path)
        );
    }
    // The schema is not a rubber stamp.
    let mut broken: Value = serde_json::from_str(
        &Analysis::from_bytes(std::fs::read(root().join("examples/salon.handoff")).unwrap())
            .policy
            .to_json(),
    )
    .unwrap();
    broken["topics"][0]["risk"] = json!("huge");
    assert!(!validator.is_valid(&broken));
}

fn tool(example: &str) -> Value {
    let run = handoff(&["build", example, "--emit", "tool"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Handoff arguments: the topic's details and a summary.
fn handoff_args(details: Value) -> Value {
    json!({"details": details, "summary": "Wants Friday"})
}

#[test]
fn the_handoff_tool_requires_each_topics_fields_with_their_types() {
    let doc = tool("examples/salon.handoff");
    let schema = &doc["json_schema"];
    jsonschema::meta::validate(schema).unwrap();
    assert_eq!(doc["openai"]["type"], "function");
    assert_eq!(doc["openai"]["function"]["name"], "handoff_to_human");
    assert_eq!(doc["anthropic"]["name"], "handoff_to_human");
    // The API shapes are the schema without the dialect line and title.
    let mut bare = schema.clone();
    for key in ["$schema", "title"] {
        bare.as_object_mut().unwrap().remove(key);
    }
    assert_eq!(doc["openai"]["function"]["parameters"], bare);
    assert_eq!(doc["anthropic"]["input_schema"], bare);
    assert_eq!(doc["openai_strict"]["function"]["strict"], true);
    // Both APIs refuse a choice at the root: it sits in `details`.
    for root in [&bare, &doc["openai_strict"]["function"]["parameters"]] {
        assert_eq!(root["type"], "object");
        for keyword in ["oneOf", "anyOf", "allOf", "enum", "not", "const"] {
            assert!(root.get(keyword).is_none(), "{keyword} at the root");
        }
    }

    let strict = validator(&doc["openai_strict"]["function"]["parameters"]);
    for v in [validator(schema), strict] {
        let booking = handoff_args(json!({"topic": "booking", "day": "Friday", "party_size": 2}));
        assert_eq!(errors(&v, &booking), Vec::<String>::new());
        let without_party_size = handoff_args(json!({"topic": "booking", "day": "Friday"}));
        assert!(
            !v.is_valid(&without_party_size),
            "a booking needs the party size"
        );
        let wrong_type =
            handoff_args(json!({"topic": "booking", "day": "Friday", "party_size": "two"}));
        assert!(!v.is_valid(&wrong_type), "party size is a number");
        let cancellation = handoff_args(
            json!({"topic": "cancellation", "name": "A", "appointment_day": "2026-11-27", "reason": "ill"}),
        );
        assert_eq!(errors(&v, &cancellation), Vec::<String>::new());
        let extra = handoff_args(json!({"topic": "opening-hours", "party_size": 2}));
        assert!(!v.is_valid(&extra), "fields of another topic are refused");
        let unknown = handoff_args(json!({"topic": "haircut"}));
        assert!(!v.is_valid(&unknown));
        let no_topic = handoff_args(json!({"topic": null}));
        assert_eq!(errors(&v, &no_topic), Vec::<String>::new());
        let no_summary = json!({"details": {"topic": null}});
        assert!(!v.is_valid(&no_summary));
        let flat = json!({"topic": "booking", "summary": "x", "day": "Friday", "party_size": 2});
        assert!(!v.is_valid(&flat), "the fields go in details");
    }

    // Every type of field maps to JSON Schema.
    let restaurant = tool("examples/restaurant.handoff");
    let v = validator(&restaurant["json_schema"]);
    let table = handoff_args(
        json!({"topic": "table-booking", "day": "2026-12-24", "time": "19:30:00",
               "party_size": 4, "name": "Ana", "phone": "+46 70 123 45 67"}),
    );
    assert_eq!(errors(&v, &table), Vec::<String>::new());
    let mut bad_phone = table.clone();
    bad_phone["details"]["phone"] = json!("call me");
    assert!(!v.is_valid(&bad_phone));
    let shop = tool("examples/shop.handoff");
    let v = validator(&shop["json_schema"]);
    let damage = handoff_args(
        json!({"topic": "delivery", "order_number": "A1", "email": "a@b.se", "photo_of_the_damage": true}),
    );
    assert_eq!(errors(&v, &damage), Vec::<String>::new());
    let mut not_bool = damage.clone();
    not_bool["details"]["photo_of_the_damage"] = json!("yes");
    assert!(!v.is_valid(&not_bool));
}

#[test]
fn the_handoff_tool_lists_the_topic_first_and_the_fields_as_written() {
    // OpenAI's strict mode fills the arguments in the schema's order: the
    // topic first, so the model commits to it before the fields it decides.
    let run = handoff(&["build", "examples/salon.handoff", "--emit", "tool"]);
    let text = &run.stdout;
    insta::assert_snapshot!("salon.tool.json", text);
    let at = text.find("\"cancellation\"").unwrap();
    let start = text[..at].rfind("\"properties\": {").unwrap();
    let block = &text[start + "\"properties\": {".len()..];
    assert!(block.trim_start().starts_with("\"topic\""), "{block}");
    let place = |key: &str| block.find(&format!("\"{key}\"")).unwrap();
    // `collect name, appointment day (date), reason`.
    assert!(place("name") < place("appointment_day") && place("appointment_day") < place("reason"));
}

/// The Python checks in tests/python: the tool's shapes through the APIs'
/// own libraries (OpenAI, Anthropic, the OpenAI Agents SDK, jsonschema), and
/// `handoff lsp` through a real language client (pytest-lsp).
#[test]
fn the_tool_and_the_language_server_pass_the_python_checks() {
    let venv = root().join("target/py-venv/bin/python");
    let Some(python) = crate::common::external_tool(
        "a Python with the API libraries",
        &["$HANDOFF_PYTHON", &venv.to_string_lossy()],
        "run `python3 -m venv target/py-venv && target/py-venv/bin/pip install -r \
         tests/python/requirements.txt`, or set HANDOFF_PYTHON to such a Python",
    ) else {
        return;
    };
    let mut command = std::process::Command::new(&python);
    command
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/python",
        ])
        .current_dir(root())
        .env("HANDOFF_BIN", env!("CARGO_BIN_EXE_handoff"))
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let what =
        "pytest tests/python (missing packages? pip install -r tests/python/requirements.txt)";
    let report = crate::common::printed(&crate::common::run(command, what));
    assert!(report.contains(" passed"), "{report}");
}

#[test]
fn log_records_validate_and_redaction_patterns_find_their_data() {
    let run = handoff(&["build", "examples/shop.handoff", "--emit", "log-schema"]);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    jsonschema::meta::validate(&schema).unwrap();
    let v = validator(&schema);
    let record = json!({
        "time": "2026-11-24T10:00:00Z",
        "policy": "sha256:0123456789abcdef",
        "held": [],
        "question": "where is my order [order]",
        "answer": null,
        "sources": ["orders"],
        "topic": "delivery",
        "handed_off": true,
        "rules": [{"rule": "about", "phrase": "where is my order", "line": 47}],
    });
    assert_eq!(errors(&v, &record), Vec::<String>::new());
    let mut missing = record.clone();
    missing.as_object_mut().unwrap().remove("handed_off");
    assert!(!v.is_valid(&missing));
    let mut extra = record.clone();
    extra["customer_phone"] = json!("x");
    assert!(!v.is_valid(&extra), "nothing undeclared is written");

    for entry in schema["x-handoff-redact"].as_array().unwrap() {
        assert!(entry["replacement"].as_str().unwrap().starts_with('['));
        assert_eq!(entry["flags"], "u", "{entry}");
    }
}

/// Every redaction pattern of the log schema, the kind it finds, a text
/// and what the text reads once redacted, in Swedish and English.
const REDACTED: &[(&str, &str, &str)] = &[
    (
        "person names",
        "Hej, jag heter Åsa Öberg.",
        "Hej, jag heter [name].",
    ),
    ("person names", "Ängla Berg ringde", "[name] ringde"),
    ("person names", "from Erik Åkesson-Öst", "from [name]"),
    (
        "person names",
        "This is Anna Lind in Lund",
        "This is [name] in Lund",
    ),
    // One capitalised word alone starts every sentence: it is left.
    ("person names", "ask Erik about it", "ask Erik about it"),
    ("person names", "anna lind", "anna lind"),
    (
        "phone numbers",
        "ring mig på +46 70 123 45 67",
        "ring mig på [phone]",
    ),
    ("phone numbers", "070-123 45 67", "[phone]"),
    (
        "phone numbers",
        "call (555) 123-4567 today",
        "call [phone] today",
    ),
    ("phone numbers", "070\u{a0}123\u{a0}45\u{a0}67", "[phone]"),
    (
        "phone numbers",
        "+46\u{202f}70\u{2009}123\u{202f}45\u{202f}67",
        "[phone]",
    ),
    ("phone numbers", "nr 0701234567.", "nr [phone]."),
    (
        "phone numbers",
        "book 2025-05-01 at 19:30",
        "book 2025-05-01 at 19:30",
    ),
    (
        "phone numbers",
        "den 01.05.2025 eller 1/5/2025",
        "den 01.05.2025 eller 1/5/2025",
    ),
    ("phone numbers", "is it 1 500 kr?", "is it 1 500 kr?"),
    (
        "phone numbers",
        "card 4111 1111 1111 1111",
        "card 4111 1111 1111 1111",
    ),
    ("phone numbers", "order #LC-88812345", "order #LC-88812345"),
    (
        "e-mail addresses",
        "mail anna.lind@example.se.",
        "mail [email].",
    ),
    ("e-mail addresses", "anna@blåbär.se", "[email]"),
    (
        "e-mail addresses",
        "åsa.öberg@exempel.co.uk, tack",
        "[email], tack",
    ),
    (
        "e-mail addresses",
        "anna at example dot se",
        "anna at example dot se",
    ),
    ("e-mail addresses", "@home and a@b", "@home and a@b"),
    (
        "order numbers",
        "where is order #LC-88812345?",
        "where is order [order]?",
    ),
    (
        "order numbers",
        "order 88812345 is late",
        "order [order] is late",
    ),
    (
        "order numbers",
        "ordernummer Ö-123456",
        "ordernummer [order]",
    ),
    (
        "order numbers",
        "order 12 on 2025-05-01",
        "order 12 on 2025-05-01",
    ),
    (
        "street addresses",
        "I live at Storgatan 12",
        "I live at [address]",
    ),
    ("street addresses", "Kungsvägen 3B, Lund", "[address], Lund"),
    ("street addresses", "Åsgatan 5", "[address]"),
    ("street addresses", "12 Main Street", "[address]"),
    ("street addresses", "the big street", "the big street"),
    (
        "payment card numbers",
        "card 4111 1111 1111 1111",
        "card [card]",
    ),
    ("payment card numbers", "4111-1111-1111-1111", "[card]"),
    (
        "payment card numbers",
        "kort 4111111111111111!",
        "kort [card]!",
    ),
    (
        "payment card numbers",
        "5555\u{a0}4444\u{a0}3333\u{a0}1111",
        "[card]",
    ),
    (
        "payment card numbers",
        "+46 70 123 45 67",
        "+46 70 123 45 67",
    ),
    ("payment card numbers", "2025-05-01", "2025-05-01"),
];

/// The redaction patterns of a file that redacts every kind there is.
fn every_redaction() -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.handoff");
    std::fs::write(
        &file,
        "business \"Log\"\nlog: save question; redact names, phone numbers, email, order \
         numbers, addresses, card numbers\n",
    )
    .unwrap();
    let run = handoff(&["build", &file.to_string_lossy(), "--emit", "log-schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    let redact = schema["x-handoff-redact"].as_array().unwrap().clone();
    assert_eq!(redact.len(), 6);
    for entry in &redact {
        assert!(
            REDACTED.iter().any(|(kind, ..)| entry["kind"] == *kind),
            "{entry} has samples"
        );
    }
    redact
}

fn entry<'a>(redact: &'a [Value], kind: &str) -> &'a Value {
    redact
        .iter()
        .find(|r| r["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind}"))
}

/// Rust's reading of the patterns, which is what a runtime built on
/// `regex`-style engines gets (the `u` flag is how they read anyway).
#[test]
fn redaction_patterns_redact_as_expected_in_rust() {
    let redact = every_redaction();
    for (kind, input, expected) in REDACTED {
        let entry = entry(&redact, kind);
        assert_eq!(entry["flags"], "u");
        let pattern = entry["pattern"].as_str().unwrap();
        let regex =
            fancy_regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{kind}: {pattern}: {e}"));
        let replacement = entry["replacement"].as_str().unwrap();
        let redacted = regex.replace_all(input, fancy_regex::NoExpand(replacement));
        assert_eq!(&redacted, expected, "{kind} in {input:?}");
    }
}

/// JavaScript's reading (ECMA-262, the dialect JSON Schema names), in
/// Node, with each pattern's flags.
#[test]
fn redaction_patterns_redact_as_expected_in_javascript() {
    let Some(node) = crate::common::external_tool(
        "Node.js",
        &["node"],
        "install it (`apt-get install -y nodejs`) to run the redaction patterns in JavaScript",
    ) else {
        return;
    };
    let redact = every_redaction();
    let samples: Vec<Value> = REDACTED
        .iter()
        .map(|(kind, input, _)| json!({"kind": kind, "input": input}))
        .collect();
    let mut child = std::process::Command::new(node)
        .arg(root().join("tests/js/redact.mjs"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = json!({"redact": redact, "samples": samples}).to_string();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "node: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let redacted: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(redacted.len(), REDACTED.len());
    for ((kind, input, expected), got) in REDACTED.iter().zip(&redacted) {
        assert_eq!(got, expected, "{kind} in {input:?}");
    }
}

#[test]
fn meta_instructions_are_plain_text_and_warn_near_the_limit() {
    let run = handoff(&["build", "examples/restaurant.handoff", "--emit", "meta"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with("CUSTOMER ASSISTANT FOR TRATTORIA NONNA\n")
    );
    assert!(!run.stdout.contains("**") && !run.stdout.contains('`') && !run.stdout.contains("\n#"));
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.handoff");
    let mut source = String::from("business \"Big\"\n");
    for n in 0..150 {
        source.push_str(&format!(
            "topic t{n}: about thing{n}, other thing{n}; may answer questions about thing{n}; collect name\n\
             test \"thing{n}\" -> t{n}\n"
        ));
    }
    std::fs::write(&big, source).unwrap();
    let run = handoff(&["build", &big.to_string_lossy(), "--emit", "meta"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.chars().count() > handoff_emit::meta::WARN_AT);
    assert!(
        run.stderr.contains("warning: the Meta instructions are"),
        "{}",
        run.stderr
    );
}

/// Meta's business AI has no `handoff_to_human` tool: its instructions say
/// when to tell the customer a person will take over, and nothing about a
/// tool, while the agent prompt keeps the tool.
#[test]
fn meta_instructions_never_name_the_handoff_tool() {
    for example in handoff_files("examples") {
        let example = example.to_string_lossy().into_owned();
        let meta = handoff(&["build", &example, "--emit", "meta"]);
        assert_eq!(meta.code, 0, "{}", meta.stderr);
        let lower = meta.stdout.to_lowercase();
        assert!(!lower.contains("handoff_to_human"), "{example}");
        assert!(!lower.contains("tool"), "{example}: {}", meta.stdout);
        assert!(
            meta.stdout
                .contains("Tell the customer, in their language, that a person will take over"),
            "{example}"
        );
        let prompt = handoff(&["build", &example, "--emit", "prompt"]);
        assert!(
            prompt.stdout.contains("Call the `handoff_to_human` tool"),
            "{example}"
        );
    }
}

#[test]
fn init_writes_starters_that_check_and_test_clean_and_never_overwrites() {
    for template in ["salon", "restaurant", "shop", "course"] {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("rules");
        let run = handoff(&["init", "--template", template, &target.to_string_lossy()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let file = target.join("rules.handoff");
        let file = file.to_string_lossy().into_owned();
        let check = handoff(&["check", "--deny-warnings", &file]);
        assert_eq!(check.code, 0, "{template}: {}", check.stdout);
        let test = handoff(&["test", &file]);
        assert_eq!(test.code, 0, "{template}: {}", test.stdout);

        std::fs::write(&file, "# mine\n").unwrap();
        let again = handoff(&["init", "--template", template, &target.to_string_lossy()]);
        assert_eq!(again.code, 2);
        assert!(again.stderr.contains("already exists"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "# mine\n");
        assert_eq!(
            std::fs::read_dir(&target).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}

// ------------------------------------------------------------------ the map

/// A `may` clause is one bullet, as written (`answer opening hours,
/// address, parking`), and every rule shows the line it is written on, as
/// the footer says.
#[test]
fn the_map_keeps_may_clauses_whole_and_shows_each_rules_line() {
    let run = handoff(&["build", "examples/salon.handoff", "--emit", "map"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = run.stdout;
    let line = |n: usize| format!(" <span class=\"line\">line {n}</span></li>");
    // The line of the example that holds a piece of text.
    let source = std::fs::read_to_string(root().join("examples/salon.handoff")).unwrap();
    let on = |text: &str| 1 + source.lines().position(|l| l.contains(text)).unwrap();
    for rule in [
        format!(
            "<li>answer opening hours, address, parking{}",
            line(on("may answer opening hours"))
        ),
        format!(
            "<li>suggest times (using calendar){}",
            line(on("may suggest times"))
        ),
        format!("<li>confirm anything{}", line(on("must not confirm"))),
        format!(
            "<li>when the customer mentions today{}",
            line(on("handoff when less than 24 hours, today"))
        ),
        format!("<li>price{}", line(on("never promise price"))),
        format!("<li>lawyer{}", line(on("handoff when speak to a person"))),
    ] {
        assert!(html.contains(&rule), "{rule} in\n{html}");
    }
    assert!(!html.contains("<li>address"), "no verbless bullet");
    assert!(!html.contains("<li>parking"), "no verbless bullet");
    assert!(html.contains("\u{201c}line 12\u{201d} next to a rule"));

    // Two clauses on one line stay two bullets; a clause keeps its system.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.handoff");
    std::fs::write(
        &file,
        "business \"Two\"\nsystem menu: read\n\
         topic food: about food; may describe dishes, wines using menu; may answer prices\n\
         test \"food\" -> food\n",
    )
    .unwrap();
    let run = handoff(&["build", &file.to_string_lossy(), "--emit", "map"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "<li>describe dishes, wines (using menu){}",
            line(3)
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("<li>answer prices{}", line(3)))
    );
}

/// A headless browser: `$CHROME`, or Chromium or Chrome on PATH.
pub(crate) fn chromium() -> Option<PathBuf> {
    crate::common::external_tool(
        "a Chromium browser",
        &["$CHROME", "chromium", "chromium-browser", "google-chrome"],
        "install one (`apt-get install -y chromium`) or set CHROME to its path",
    )
}

pub(crate) fn run_chromium(browser: &Path, home: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ])
        .arg(format!(
            "--user-data-dir={}",
            home.join("profile").display()
        ))
        .args(args)
        .env("HOME", home)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_map_renders_in_chromium_and_is_self_contained_and_accessible() {
    let Some(browser) = chromium() else { return };
    for example in handoff_files("examples") {
        let dir = tempfile::tempdir().unwrap();
        let stem = example.file_stem().unwrap().to_string_lossy().into_owned();
        let run = handoff(&[
            "build",
            &example.to_string_lossy(),
            "--emit",
            "map",
            "-o",
            &dir.path().to_string_lossy(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let page = dir.path().join(format!("{stem}.map.html"));
        let html = std::fs::read_to_string(&page).unwrap();
        for external in ["src=", "href=", "@import", "url(", "<script", "<link"] {
            assert!(
                !html.contains(external),
                "{stem}: the map loads nothing ({external})"
            );
        }
        let policy = Analysis::from_bytes(std::fs::read(&example).unwrap()).policy;
        let url = format!("file://{}", page.display());

        let dom = run_chromium(&browser, dir.path(), &["--dump-dom", &url]);
        assert!(dom.contains("<html lang=\"en\">"));
        assert_eq!(dom.matches("<h1>").count(), 1, "{stem}: one title");
        for landmark in ["<header>", "<main>", "<footer>"] {
            assert!(dom.contains(landmark), "{stem}: {landmark}");
        }
        assert_eq!(
            dom.matches("<article class=\"topic\"").count(),
            policy.topics.len()
        );
        for topic in &policy.topics {
            assert!(
                dom.contains(&format!("id=\"topic-{}\"", topic.name)),
                "{stem}: {}",
                topic.name
            );
        }
        for p in &policy.never_promise {
            assert!(
                dom.contains(&format!(
                    "<li>{} <span class=\"line\">line {}</span></li>",
                    p.text.replace('&', "&amp;"),
                    p.span.line
                )),
                "{stem}: never promise {}",
                p.text
            );
        }
        for s in &policy.systems {
            assert!(
                dom.contains(&format!("<td>{}</td>", s.name)),
                "{stem}: system {}",
                s.name
            );
        }

        // A phone screen and a desktop screen, as PNG.
        for (size, name) in [("390,844", "phone"), ("1280,900", "desktop")] {
            let png = dir.path().join(format!("{stem}-{name}.png"));
            run_chromium(
                &browser,
                dir.path(),
                &[
                    &format!("--window-size={size}"),
                    &format!("--screenshot={}", png.display()),
                    &url,
                ],
            );
            let bytes = std::fs::read(&png).unwrap();
            assert!(
                bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 5_000,
                "{stem} {name}"
            );
        }
        // Printed on A4.
        let pdf = dir.path().join(format!("{stem}.pdf"));
        run_chromium(
            &browser,
            dir.path(),
            &[
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
                &url,
            ],
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{stem}: a PDF");
        let text = String::from_utf8_lossy(&bytes);
        // A4 is 595 x 842 points.
        assert!(
            text.contains("/MediaBox [0 0 594.9") && text.contains(" 841.9"),
            "{stem}: A4 pages"
        );
    }
}
