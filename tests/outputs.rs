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

#[test]
fn the_handoff_tool_requires_each_topics_fields_with_their_types() {
    let doc = tool("examples/salon.handoff");
    let schema = &doc["json_schema"];
    jsonschema::meta::validate(schema).unwrap();
    assert_eq!(doc["openai"]["type"], "function");
    assert_eq!(doc["openai"]["function"]["name"], "handoff_to_human");
    assert_eq!(&doc["openai"]["function"]["parameters"], schema);
    assert_eq!(doc["anthropic"]["name"], "handoff_to_human");
    assert_eq!(&doc["anthropic"]["input_schema"], schema);
    let v = validator(schema);

    let booking =
        json!({"topic": "booking", "summary": "Wants Friday", "day": "Friday", "party_size": 2});
    assert_eq!(errors(&v, &booking), Vec::<String>::new());
    let without_party_size =
        json!({"topic": "booking", "summary": "Wants Friday", "day": "Friday"});
    assert!(
        !v.is_valid(&without_party_size),
        "a booking needs the party size"
    );
    let wrong_type =
        json!({"topic": "booking", "summary": "x", "day": "Friday", "party_size": "two"});
    assert!(!v.is_valid(&wrong_type), "party size is a number");
    let cancellation = json!({"topic": "cancellation", "summary": "x", "name": "A", "appointment_day": "2026-11-27", "reason": "ill"});
    assert_eq!(errors(&v, &cancellation), Vec::<String>::new());
    let extra = json!({"topic": "opening-hours", "summary": "x", "party_size": 2});
    assert!(!v.is_valid(&extra), "fields of another topic are refused");
    let unknown = json!({"topic": "haircut", "summary": "x"});
    assert!(!v.is_valid(&unknown));
    let no_topic = json!({"topic": null, "summary": "Asked something else"});
    assert_eq!(errors(&v, &no_topic), Vec::<String>::new());
    let no_summary = json!({"topic": null});
    assert!(!v.is_valid(&no_summary));

    // Every type of field maps to JSON Schema.
    let restaurant = tool("examples/restaurant.handoff");
    let v = validator(&restaurant["json_schema"]);
    let table = json!({"topic": "table-booking", "summary": "x", "day": "2026-12-24", "time": "19:30:00",
                       "party_size": 4, "name": "Ana", "phone": "+46 70 123 45 67"});
    assert_eq!(errors(&v, &table), Vec::<String>::new());
    let mut bad_phone = table.clone();
    bad_phone["phone"] = json!("call me");
    assert!(!v.is_valid(&bad_phone));
    let shop = tool("examples/shop.handoff");
    let v = validator(&shop["json_schema"]);
    let damage = json!({"topic": "delivery", "summary": "x", "order_number": "A1", "email": "a@b.se", "photo_of_the_damage": true});
    assert_eq!(errors(&v, &damage), Vec::<String>::new());
    let mut not_bool = damage.clone();
    not_bool["photo_of_the_damage"] = json!("yes");
    assert!(!v.is_valid(&not_bool));
}

#[test]
fn log_records_validate_and_redaction_patterns_find_their_data() {
    let run = handoff(&["build", "examples/shop.handoff", "--emit", "log-schema"]);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    jsonschema::meta::validate(&schema).unwrap();
    let v = validator(&schema);
    let record = json!({
        "time": "2026-11-24T10:00:00Z",
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

    let samples = [
        ("person names", "Anna Lind", "anna"),
        ("phone numbers", "070-123 45 67", "at 19:30"),
        (
            "e-mail addresses",
            "anna.lind@example.se",
            "anna at example",
        ),
        ("order numbers", "#LC-88812345", "order 12"),
        ("street addresses", "Storgatan 12", "the big street"),
    ];
    let redact = schema["x-handoff-redact"].as_array().unwrap();
    for (kind, hit, miss) in samples {
        let entry = redact
            .iter()
            .find(|r| r["kind"] == kind)
            .unwrap_or_else(|| panic!("{kind}"));
        let pattern = entry["pattern"].as_str().unwrap();
        let finds = validator(&json!({"type": "string", "pattern": pattern}));
        assert!(finds.is_valid(&json!(hit)), "{kind}: {pattern} finds {hit}");
        assert!(
            !finds.is_valid(&json!(miss)),
            "{kind}: {pattern} leaves {miss}"
        );
        assert!(entry["replacement"].as_str().unwrap().starts_with('['));
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

/// A headless browser: `$CHROME`, or Chromium or Chrome on PATH.
fn chromium() -> Option<PathBuf> {
    crate::common::external_tool(
        "a Chromium browser",
        &["$CHROME", "chromium", "chromium-browser", "google-chrome"],
        "install one (`apt-get install -y chromium`) or set CHROME to its path",
    )
}

fn run_chromium(browser: &Path, home: &Path, args: &[&str]) -> String {
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
                dom.contains(&format!("<li>{}</li>", p.text.replace('&', "&amp;"))),
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
