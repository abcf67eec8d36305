//! Linting in CI: the GitHub and SARIF formats, `explain`, and lint levels
//! from `handoff.toml`.

use crate::common::{handoff, root};
use handoff_diagnostics::Lint;
use serde_json::Value;

#[test]
fn github_format_is_workflow_commands() {
    let run = handoff(&[
        "check",
        "--format",
        "github",
        "tests/corpus/invalid/unknown-system.handoff",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        "::error file=tests/corpus/invalid/unknown-system.handoff,line=5,col=27,endLine=5,\
         endColumn=35,title=H005 unknown-system::no system named `calender` is declared%0A\
         help: did you mean `calendar`?"
    );
    assert!(
        lines[0].starts_with("::warning file=tests/corpus/invalid/unknown-system.handoff,line=2,")
    );
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_a_rule_per_check() {
    let run = handoff(&[
        "check",
        "--format",
        "sarif",
        "tests/corpus/invalid/",
        "examples/",
    ]);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Lint::ALL.len());
    for (rule, lint) in rules.iter().zip(Lint::ALL) {
        assert_eq!(rule["id"], lint.code());
        assert_eq!(rule["name"], lint.name());
        assert_eq!(rule["shortDescription"]["text"], lint.summary());
        assert!(rule["fullDescription"]["text"].as_str().unwrap().len() > 20);
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## How to fix")
        );
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            lint.default_severity().as_str()
        );
    }
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 50);
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn explain_prints_every_checks_documentation() {
    for lint in Lint::ALL {
        let by_code = handoff(&["explain", lint.code(), "--format", "markdown"]);
        assert_eq!(by_code.code, 0);
        assert_eq!(by_code.stdout, lint.docs().markdown);
        let by_name = handoff(&["explain", lint.name(), "--format", "markdown"]);
        assert_eq!(by_name.stdout, by_code.stdout);
    }
    let list = handoff(&["explain"]);
    assert_eq!(list.stdout.lines().count(), Lint::ALL.len());
    let unknown = handoff(&["explain", "untested-topik"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `untested-topic`?"),
        "{}",
        unknown.stderr
    );
}

fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules/shop")).unwrap();
    std::fs::write(dir.path().join("handoff.toml"), config).unwrap();
    std::fs::write(
        dir.path().join("rules/shop/rules.handoff"),
        "business \"A\"\nsystem orders: write\ntopic stock: about stock; may reserve using orders\n",
    )
    .unwrap();
    dir
}

fn check_in(dir: &tempfile::TempDir, extra: &[&str]) -> crate::common::Run {
    let file = dir.path().join("rules/shop/rules.handoff");
    let file = file.to_string_lossy().into_owned();
    let mut args = vec!["check", "--format", "short"];
    args.extend_from_slice(extra);
    args.push(&file);
    handoff(&args)
}

#[test]
fn handoff_toml_in_an_ancestor_sets_lint_levels() {
    // Without a config: two warnings (write-without-approval, untested-topic).
    let plain = project("");
    let run = check_in(&plain, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);

    let dir = project("[lints]\nuntested-topic = \"allow\"\nwrite-without-approval = \"error\"\n");
    let run = check_in(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(run.stdout.contains("error[H103/write-without-approval]"));

    // --deny-warnings comes after the file: allowed checks stay hidden.
    let warn = project("[lints]\nuntested-topic = \"allow\"\n");
    let run = check_in(&warn, &["--deny-warnings"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(run.stdout.contains("error[H103/write-without-approval]"));
}

#[test]
fn a_misspelled_check_in_handoff_toml_is_reported_with_did_you_mean() {
    let dir = project("[lints]\nuntested-topik = \"allow\"\n");
    let run = check_in(&dir, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "handoff.toml:2:1: unknown check `untested-topik`; did you mean `untested-topic`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn every_command_honours_the_levels_of_handoff_toml() {
    // An unknown channel is an error, unless the project allows it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rules.handoff");
    std::fs::write(
        &file,
        "business \"A\"\nchannels carrier-pigeon\ntopic stock: about stock\n\
         test \"stock?\" -> stock\n",
    )
    .unwrap();
    let file = file.to_string_lossy().into_owned();
    let commands: [&[&str]; 4] = [
        &["check", &file],
        &["test", &file],
        &["route", &file, "stock?"],
        &["build", &file, "--emit", "prompt"],
    ];
    for args in commands {
        assert_eq!(handoff(args).code, 1, "{args:?} without handoff.toml");
    }
    std::fs::write(
        dir.path().join("handoff.toml"),
        "[lints]\nunknown-channel = \"allow\"\n",
    )
    .unwrap();
    for args in commands {
        let run = handoff(args);
        assert_eq!(run.code, 0, "{args:?}: {}{}", run.stdout, run.stderr);
    }
}
