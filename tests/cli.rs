//! End-to-end tests of the real `handoff` binary: exit codes, output
//! formats, writing files, and bad input.

use crate::common::{handoff, root};

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_example_checks_clean() {
    let run = handoff(&["check", "examples/"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("No problems found in "),
        "{}",
        run.stdout
    );
}

#[test]
fn errors_exit_1_warnings_exit_0_unless_denied() {
    let errors = handoff(&["check", "tests/corpus/invalid/duplicate-topic.handoff"]);
    assert_eq!(errors.code, 1);
    let warnings = handoff(&["check", "tests/corpus/invalid/unused-system.handoff"]);
    assert_eq!(warnings.code, 0);
    assert!(warnings.stdout.contains("warning[H104/unused-system]"));
    let denied = handoff(&[
        "check",
        "--deny-warnings",
        "tests/corpus/invalid/unused-system.handoff",
    ]);
    assert_eq!(denied.code, 1);
    assert!(denied.stdout.contains("error[H104/unused-system]"));
}

#[test]
fn missing_files_and_bad_usage_exit_2() {
    let missing = handoff(&["check", "no/such/file.handoff"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("cannot read `no/such/file.handoff`"),
        "{}",
        missing.stderr
    );
    let usage = handoff(&["check", "--format", "xml"]);
    assert_eq!(usage.code, 2);
    let two_emits = handoff(&[
        "build",
        "examples/salon.handoff",
        "--emit",
        "policy",
        "--emit",
        "prompt",
    ]);
    assert_eq!(two_emits.code, 2);
    assert!(two_emits.stderr.contains("-o DIR"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_handoff"));
    command.args(["check", &locked.to_string_lossy()]);
    // Root reads any directory, so as root the binary runs as `nobody`.
    if std::fs::read_dir(&locked).is_ok() {
        command.uid(65534).gid(65534);
    }
    let output = command.output().unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read directory"), "{stderr}");
}

#[test]
fn directories_are_searched_for_handoff_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    let bad = b"topik x\n";
    temp_file(&dir, "a/b/one.handoff", bad);
    temp_file(&dir, "a/two.handoff", bad);
    temp_file(&dir, ".hidden/three.handoff", bad);
    temp_file(&dir, "a/notes.txt", bad);
    let run = handoff(&["check", "--format", "short", &dir.path().to_string_lossy()]);
    assert_eq!(run.code, 1);
    let files: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{}", run.stdout);
    assert!(files[0].ends_with("a/b/one.handoff") && files[1].ends_with("a/two.handoff"));
}

#[test]
fn short_format_is_one_line_per_problem() {
    let run = handoff(&[
        "check",
        "--format",
        "short",
        "tests/corpus/invalid/unknown-system.handoff",
    ]);
    assert_eq!(
        run.stdout,
        "tests/corpus/invalid/unknown-system.handoff:2:8: warning[H104/unused-system]: no `may ... using calendar` uses this system\n\
         tests/corpus/invalid/unknown-system.handoff:5:27: error[H005/unknown-system]: no system named `calender` is declared\n\
         tests/corpus/invalid/unknown-system.handoff:6:25: error[H005/unknown-system]: no system named `inventory` is declared\n"
    );
}

#[test]
fn json_format_has_every_field() {
    let run = handoff(&[
        "check",
        "--format",
        "json",
        "tests/corpus/invalid/unknown-system.handoff",
    ]);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let first = &items[1];
    assert_eq!(first["file"], "tests/corpus/invalid/unknown-system.handoff");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 27);
    assert_eq!(first["end_line"], 5);
    assert_eq!(first["end_column"], 35);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "H005");
    assert_eq!(first["name"], "unknown-system");
    assert_eq!(first["message"], "no system named `calender` is declared");
    assert_eq!(first["help"], "did you mean `calendar`?");
    assert_eq!(first["fix"]["edits"][0]["replacement"], "calendar");
}

#[test]
fn human_format_shows_the_place_help_and_fix() {
    let run = handoff(&["check", "tests/corpus/invalid/unknown-system.handoff"]);
    assert!(
        run.stdout
            .contains("error[H005/unknown-system]: no system named `calender` is declared")
    );
    assert!(
        run.stdout
            .contains("tests/corpus/invalid/unknown-system.handoff:5:27")
    );
    assert!(run.stdout.contains("help: did you mean `calendar`?"));
    assert!(run.stdout.contains("fix: Replace with `calendar`"));
    assert!(
        run.stdout
            .ends_with("Found 2 errors and 1 warning in 1 file.\n")
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour without a terminal"
    );
    let colored = handoff(&[
        "check",
        "--color",
        "always",
        "tests/corpus/invalid/unknown-system.handoff",
    ]);
    assert!(colored.stdout.contains('\u{1b}'));
}

#[test]
fn build_prints_one_output_or_writes_all_into_a_directory() {
    let policy = handoff(&["build", "examples/salon.handoff"]);
    assert_eq!(policy.code, 0, "{}", policy.stderr);
    let parsed: serde_json::Value = serde_json::from_str(&policy.stdout).unwrap();
    assert_eq!(parsed["business"]["name"], "Salon Lina");
    let prompt = handoff(&["build", "examples/salon.handoff", "--emit", "prompt"]);
    assert!(
        prompt
            .stdout
            .starts_with("# Customer assistant for Salon Lina")
    );

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = handoff(&[
        "build",
        "examples/salon.handoff",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "salon.log-schema.json",
            "salon.map.html",
            "salon.meta.txt",
            "salon.policy.json",
            "salon.prompt.md",
            "salon.tool.json"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("salon.policy.json")).unwrap(),
        policy.stdout
    );
    assert_eq!(
        std::fs::read_to_string(out.join("salon.prompt.md")).unwrap(),
        prompt.stdout
    );
}

#[test]
fn build_writes_nothing_when_the_rules_have_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("bad.policy.json"), "previous build").unwrap();
    let source = temp_file(&dir, "bad.handoff", b"topic a: about x\ntopic a: about y\n");
    let run = handoff(&["build", &source, "-o", &out.to_string_lossy()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("duplicate-topic"));
    assert!(run.stderr.contains("nothing was written"));
    assert_eq!(
        std::fs::read_to_string(out.join("bad.policy.json")).unwrap(),
        "previous build"
    );
}

/// Runs `handoff ARGS` under a umask, as a shell would start it.
#[cfg(unix)]
fn handoff_under_umask(umask: &str, args: &[&str]) {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_handoff"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "handoff {args:?} under umask {umask}");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// New files get what the umask allows, like any program's; a file that
/// is replaced keeps its own mode.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    for (umask, expected) in [("022", 0o644), ("027", 0o640)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let out_arg = out.to_string_lossy().into_owned();
        handoff_under_umask(umask, &["build", "examples/salon.handoff", "-o", &out_arg]);
        let written: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(written.len(), 6);
        for path in &written {
            assert_eq!(
                mode(path),
                expected,
                "{} under umask {umask}",
                path.display()
            );
        }
        let init_dir = dir.path().join("init");
        handoff_under_umask(umask, &["init", &init_dir.to_string_lossy()]);
        assert_eq!(
            mode(&init_dir.join("rules.handoff")),
            expected,
            "init under umask {umask}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let out_arg = dir.path().to_string_lossy().into_owned();
    for (name, kept) in [("salon.policy.json", 0o600), ("salon.prompt.md", 0o755)] {
        let path = dir.path().join(name);
        std::fs::write(&path, "previous build").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(kept)).unwrap();
    }
    handoff_under_umask("022", &["build", "examples/salon.handoff", "-o", &out_arg]);
    assert_eq!(mode(&dir.path().join("salon.policy.json")), 0o600);
    assert_eq!(mode(&dir.path().join("salon.prompt.md")), 0o755);
    assert_ne!(
        std::fs::read_to_string(dir.path().join("salon.prompt.md")).unwrap(),
        "previous build"
    );
    assert_eq!(mode(&dir.path().join("salon.map.html")), 0o644);
}

#[test]
fn build_output_is_byte_identical_across_runs() {
    for file in ["examples/restaurant.handoff", "examples/shop.handoff"] {
        let a = handoff(&["build", file, "--emit", "prompt"]);
        let b = handoff(&["build", file, "--emit", "prompt"]);
        assert_eq!(a.stdout, b.stdout);
        let a = handoff(&["build", file]);
        let b = handoff(&["build", file]);
        assert_eq!(a.stdout, b.stdout);
    }
}

/// Inputs that break naive parsers: each gets a clear result, never a
/// panic or a hang.
#[test]
fn hostile_inputs_get_a_clean_result() {
    let dir = tempfile::tempdir().unwrap();
    let long_line = format!("tone {}\n", "warm ".repeat(1_000_000));
    let semicolons = format!("topic a: about x{}\n", ";".repeat(200_000));
    let cases: Vec<(&str, Vec<u8>, i32)> = vec![
        ("empty", Vec::new(), 0),
        ("nul", b"business \"A\0B\"\n".to_vec(), 1),
        ("latin1", b"business \"Caf\xe9\"\n".to_vec(), 1),
        // Lines past the 64 KiB limit are one clear error (over-limit).
        ("long-line", long_line.into_bytes(), 1),
        ("semicolons", semicolons.into_bytes(), 1),
        ("only-semicolons", ";".repeat(200_000).into_bytes(), 1),
        ("binary", (0..=255u8).cycle().take(100_000).collect(), 1),
        (
            "bom-crlf",
            b"\xef\xbb\xbfbusiness \"A\"\r\ntone warm\r\n".to_vec(),
            0,
        ),
        ("lone-cr", b"business \"A\"\rtone warm\n".to_vec(), 1),
        ("deep-quotes", "\"".repeat(100_000).into_bytes(), 1),
    ];
    for (name, bytes, code) in cases {
        let path = temp_file(&dir, &format!("{name}.handoff"), &bytes);
        let run = handoff(&["check", "--format", "short", &path]);
        assert_eq!(run.code, code, "{name}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    }
}

#[test]
fn non_utf8_bytes_are_reported_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(
        &dir,
        "latin1.handoff",
        b"business \"A\"\ntone caf\xe9 au lait\n",
    );
    let run = handoff(&["check", "--format", "short", &path]);
    assert!(
        run.stdout.contains(":2:9: error[H002/invalid-text]: this file is not UTF-8 text: the byte 0xE9 here is not valid UTF-8"),
        "{}",
        run.stdout
    );
}

#[test]
fn readme_commands_work() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- check examples/"));
    assert!(readme.contains("cargo test --workspace"));
}

#[test]
fn a_directory_without_rule_files_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    temp_file(&dir, "notes.txt", b"hello\n");
    for command in ["check", "test", "fmt"] {
        let run = handoff(&[command, &dir.path().to_string_lossy()]);
        assert_eq!(run.code, 2, "{command}: {}", run.stdout);
        assert!(
            run.stderr.contains("no `.handoff` file in"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn directories_respect_gitignore_and_a_link_loop_counts_a_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let bad = b"topik x\n";
    temp_file(&dir, "rules/one.handoff", bad);
    temp_file(&dir, "drafts/two.handoff", bad);
    temp_file(&dir, ".gitignore", b"drafts/\n");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("rules/loop")).unwrap();
    let run = handoff(&["check", "--format", "short", &dir.path().to_string_lossy()]);
    assert_eq!(run.code, 1);
    let files: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(files.len(), 1, "{}", run.stdout);
    assert!(files[0].ends_with("rules/one.handoff"), "{}", run.stdout);
}

/// `handoff explain` shows a page for a terminal: no Markdown fences or
/// `#` marks, examples indented; the Markdown source on request.
#[test]
fn explain_prints_a_page_for_the_terminal_or_its_markdown() {
    let page = handoff(&["explain", "unknown-system"]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(!page.stdout.contains("```"), "{}", page.stdout);
    assert!(
        page.stdout.lines().all(|l| !l.starts_with('#')),
        "{}",
        page.stdout
    );
    assert!(page.stdout.starts_with("unknown-system (H005, error)\n"));
    assert!(page.stdout.contains("\nHow to fix\n"));
    assert!(
        page.stdout
            .contains("\n    system calendar: read\n    topic booking:\n      about book\n"),
        "{}",
        page.stdout
    );
    assert!(!page.stdout.contains('\x1b'), "no colour without --color");

    let bold = handoff(&["explain", "H005", "--color", "always"]);
    assert!(
        bold.stdout
            .starts_with("\x1b[1munknown-system (H005, error)\x1b[0m\n")
    );

    let markdown = handoff(&["explain", "H005", "--format", "markdown"]);
    assert_eq!(markdown.code, 0);
    assert!(
        markdown
            .stdout
            .starts_with("# unknown-system (H005, error)\n")
    );
    assert!(
        markdown
            .stdout
            .contains("```handoff\nsystem calendar: read\n")
    );
}
