//! Editor support under editors/: each check runs the real tool (Node for
//! the VS Code extension, the tree-sitter CLI, headless Neovim) and skips
//! with one line off CI when the tool is missing; CI installs them all
//! (.ci/run).

use crate::common::{external_tool, handoff_files, root, run, skipped};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

// ------------------------------------------------------------------ VS Code

/// `npm` in editors/vscode with its packages installed (`npm ci`, once, if
/// .ci/run has not done it), or None when Node is missing.
fn vscode() -> Option<(PathBuf, PathBuf)> {
    let npm = external_tool(
        "npm",
        &["npm"],
        "install Node.js 20 or later with npm (apt-get install nodejs npm)",
    )?;
    let dir = root().join("editors/vscode");
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    let installed = INSTALLED.get_or_init(|| {
        if dir.join("node_modules/.package-lock.json").is_file() {
            return Ok(());
        }
        let output = Command::new(&npm)
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .output()
            .map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    });
    if let Err(error) = installed {
        panic!("npm ci in editors/vscode failed:\n{error}");
    }
    Some((npm, dir))
}

fn npm_run(script: &str, extra: &[&str]) -> Option<Output> {
    let (npm, dir) = vscode()?;
    let mut command = Command::new(npm);
    command
        .args(["run", "--silent", script])
        .args(extra)
        .current_dir(dir)
        // Nothing here may need the network.
        .env("npm_config_offline", "true");
    Some(run(command, &format!("npm run {script}")))
}

#[test]
fn vscode_grammar_passes_its_assertion_tests() {
    let Some(output) = npm_run("test:grammar", &[]) else {
        return;
    };
    let report = String::from_utf8_lossy(&output.stdout);
    // One line per test file: a file that is not found is not a pass.
    let passed = report.matches("run successfuly").count();
    let files = std::fs::read_dir(root().join("editors/vscode/test/grammar"))
        .unwrap()
        .count();
    assert!(files >= 6, "the edge-case files are there");
    assert_eq!(passed, files, "{report}");
}

#[test]
fn vscode_grammar_scopes_every_example_and_config_patterns_hold() {
    let Some(output) = npm_run("test:examples", &[]) else {
        return;
    };
    let report = String::from_utf8_lossy(&output.stdout);
    let examples = handoff_files("examples").len() + handoff_files("tests/corpus/valid").len();
    assert!(
        report.contains(&format!(
            "{examples} files: every character scoped, none invalid"
        )),
        "{report}"
    );
    assert!(report.contains("language configuration and snippets: ok"));
}

#[test]
fn vscode_extension_type_checks() {
    npm_run("typecheck", &[]);
}

#[test]
fn vscode_extension_packages_offline() {
    let out = tempfile::tempdir().unwrap();
    let vsix = out.path().join("handoff.vsix");
    let Some(_) = npm_run("package", &["--", "--out", vsix.to_str().unwrap()]) else {
        return;
    };
    let bytes = std::fs::read(&vsix).expect("vsce wrote the .vsix");
    assert!(bytes.starts_with(b"PK"), "a .vsix is a zip archive");
    // The archive lists its files by name, uncompressed.
    for entry in [
        "extension/package.json",
        "extension/dist/extension.js",
        "extension/syntaxes/handoff.tmLanguage.json",
        "extension/snippets/handoff.code-snippets",
        "extension/language-configuration.json",
    ] {
        assert!(
            bytes.windows(entry.len()).any(|w| w == entry.as_bytes()),
            "{entry} is packaged"
        );
    }
    assert!(
        !bytes.windows(13).any(|w| w == b"node_modules/"),
        "the bundle replaces node_modules"
    );
}

// -------------------------------------------------------------- tree-sitter

fn tree_sitter() -> Option<PathBuf> {
    external_tool(
        "the tree-sitter CLI",
        &["tree-sitter", "$TREE_SITTER"],
        "install it with: cargo install tree-sitter-cli --version 0.26.13 --locked --no-default-features",
    )
}

fn grammar_dir() -> PathBuf {
    root().join("editors/tree-sitter-handoff")
}

/// The CLI compiles the parser into a shared cache: one run at a time.
fn tree_sitter_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn tree_sitter_corpus_and_highlight_tests_pass() {
    let Some(cli) = tree_sitter() else { return };
    let _lock = tree_sitter_lock();
    let mut command = Command::new(cli);
    command.arg("test").current_dir(grammar_dir());
    let output = run(command, "tree-sitter test");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("failed parses: 0"), "{report}");
    assert!(
        report.contains("rules.handoff"),
        "highlight tests ran: {report}"
    );
}

/// Whether the tree of `file` has an ERROR or MISSING node.
fn tree_has_error(cli: &Path, file: &Path) -> bool {
    let output = Command::new(cli)
        .arg("parse")
        .arg(file)
        .current_dir(grammar_dir())
        .output()
        .expect("tree-sitter parse starts");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        tree.contains("(source_file"),
        "no tree for {}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    tree.contains("(ERROR") || tree.contains("(MISSING")
}

#[test]
fn tree_sitter_agrees_with_the_parser_on_examples_and_syntax_errors() {
    let Some(cli) = tree_sitter() else { return };
    let _lock = tree_sitter_lock();
    let valid: Vec<PathBuf> = handoff_files("examples")
        .into_iter()
        .chain(handoff_files("tests/corpus/valid"))
        .collect();
    let invalid: Vec<PathBuf> = handoff_files("tests/corpus/invalid")
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("syntax-error"))
        })
        .collect();
    assert!(valid.len() >= 8 && invalid.len() >= 3);
    for file in &valid {
        assert!(
            !tree_has_error(&cli, file),
            "tree-sitter finds an error in {}, which handoff parses",
            file.display()
        );
    }
    for file in &invalid {
        assert!(
            tree_has_error(&cli, file),
            "tree-sitter finds no error in {}, which has syntax errors",
            file.display()
        );
    }
}

#[test]
fn tree_sitter_parser_is_generated_from_the_committed_grammar() {
    let Some(cli) = tree_sitter() else { return };
    // Without its QuickJS runtime the CLI evaluates grammar.js with Node.
    if external_tool(
        "node",
        &["node"],
        "install Node.js (apt-get install nodejs)",
    )
    .is_none()
    {
        return;
    }
    let copy = tempfile::tempdir().unwrap();
    for file in ["grammar.js", "tree-sitter.json"] {
        std::fs::copy(grammar_dir().join(file), copy.path().join(file)).unwrap();
    }
    std::fs::create_dir(copy.path().join("src")).unwrap();
    std::fs::copy(
        grammar_dir().join("src/scanner.c"),
        copy.path().join("src/scanner.c"),
    )
    .unwrap();
    let mut command = Command::new(cli);
    command.arg("generate").current_dir(copy.path());
    run(command, "tree-sitter generate");
    for generated in ["src/parser.c", "src/grammar.json", "src/node-types.json"] {
        let fresh = std::fs::read_to_string(copy.path().join(generated)).unwrap();
        let committed = std::fs::read_to_string(grammar_dir().join(generated)).unwrap();
        assert!(
            fresh == committed,
            "editors/tree-sitter-handoff/{generated} is stale: run `tree-sitter generate` there"
        );
    }
}

// ------------------------------------------------------------------ Neovim

fn neovim() -> Option<PathBuf> {
    external_tool(
        "Neovim",
        &["nvim"],
        "install it with: apt-get install neovim",
    )
}

/// Runs a Lua script in headless Neovim with no user config, its XDG
/// directories in a temporary folder.
fn nvim_script(nvim: &Path, script: &str, env: &[(&str, &Path)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(nvim);
    command
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {script}"))
        .current_dir(root());
    for variable in [
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
    ] {
        command.env(variable, home.path().join(variable));
    }
    for (name, value) in env {
        command.env(name, value);
    }
    run(command, &format!("nvim {script}"))
}

#[test]
fn neovim_detects_and_highlights_handoff_files() {
    let Some(nvim) = neovim() else { return };
    let output = nvim_script(&nvim, "editors/nvim/test/syntax_spec.lua", &[]);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("checks passed"), "{report}");
}

#[test]
fn neovim_gets_diagnostics_and_formatting_from_the_language_server() {
    let Some(nvim) = neovim() else { return };
    let handoff = Path::new(env!("CARGO_BIN_EXE_handoff"));
    let has_server = Command::new(handoff)
        .args(["lsp", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_server {
        skipped("the language server test waits for `handoff lsp` (not in this build yet)");
        return;
    }
    let output = nvim_script(
        &nvim,
        "editors/nvim/test/lsp_spec.lua",
        &[("HANDOFF_BIN", handoff)],
    );
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("language server checks passed"), "{report}");
}

// ------------------------------------------------------------------ Helix

/// The capture names of a query file, in order.
fn captures(query: &str) -> Vec<&str> {
    query
        .split(|c: char| c.is_whitespace() || c == ')' || c == ']')
        .filter_map(|word| word.strip_prefix('@'))
        .collect()
}

/// A query file without its comments and capture names: its patterns.
fn patterns(query: &str) -> String {
    query
        .lines()
        .filter(|line| !line.trim_start().starts_with(';'))
        .flat_map(|line| line.split_whitespace())
        .filter(|word| !word.starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn helix_configuration_names_the_server_grammar_and_queries() {
    let text = std::fs::read_to_string(root().join("editors/helix/languages.toml")).unwrap();
    let config: toml::Table = text.parse().expect("languages.toml is TOML");
    let languages = config["language"].as_array().unwrap();
    let handoff = languages
        .iter()
        .find(|l| l["name"].as_str() == Some("handoff"))
        .expect("a [[language]] named handoff");
    assert_eq!(
        handoff["file-types"].as_array().unwrap()[0].as_str(),
        Some("handoff")
    );
    assert_eq!(handoff["comment-token"].as_str(), Some("#"));
    assert_eq!(handoff["scope"].as_str(), Some("source.handoff"));
    let server_names = handoff["language-servers"].as_array().unwrap();
    assert_eq!(server_names[0].as_str(), Some("handoff"));
    let server = &config["language-server"]["handoff"];
    assert_eq!(server["command"].as_str(), Some("handoff"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("lsp"));

    let grammar = config["grammar"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"].as_str() == Some("handoff"))
        .expect("a [[grammar]] named handoff");
    let source = root().join(grammar["source"]["path"].as_str().unwrap());
    for file in ["grammar.js", "src/parser.c", "src/scanner.c"] {
        assert!(
            source.join(file).is_file(),
            "{} is there",
            source.join(file).display()
        );
    }

    // Helix finds queries by the language's name.
    let queries = root().join("editors/helix/queries/handoff");
    let helix = std::fs::read_to_string(queries.join("highlights.scm")).unwrap();
    assert!(queries.join("indents.scm").is_file());
    let upstream = std::fs::read_to_string(grammar_dir().join("queries/highlights.scm")).unwrap();
    assert_eq!(
        patterns(&helix),
        patterns(&upstream),
        "Helix's highlights are the tree-sitter ones with other capture names"
    );
    // Scopes Helix's themes colour (helix-editor's docs: themes).
    let known = [
        "comment",
        "constant.builtin",
        "constant.character.escape",
        "function",
        "keyword",
        "keyword.control",
        "operator",
        "punctuation.bracket",
        "punctuation.delimiter",
        "string",
        "string.special",
        "type",
        "type.builtin",
    ];
    for capture in captures(&helix) {
        assert!(known.contains(&capture), "@{capture} is not a Helix scope");
    }
}
