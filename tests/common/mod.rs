//! Helpers shared by the end-to-end tests: where things are, and running the
//! real binary.

pub mod definitions;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The `.handoff` files of a directory under the root, sorted.
pub fn handoff_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "handoff"))
        .collect();
    files.sort();
    files
}

/// A data file's snapshot name: its directory and stem (`valid__one-line`),
/// then `suffix`.
pub fn snapshot_name(path: &Path, suffix: &str) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy();
    let dir = path
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy();
    format!("{dir}__{stem}{suffix}")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `handoff ARGS` in the project root with no terminal and no colour.
pub fn handoff(args: &[&str]) -> Run {
    handoff_with_stdin(args, None)
}

pub fn handoff_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the handoff binary runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().expect("handoff was not killed by a signal"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// A path relative to the root, with `/` separators, for stable output.
pub fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// An external program a test needs (a browser, an editor, an interpreter).
/// Found: its path. Missing: on CI (`CI` set) the test fails, since CI
/// installs everything; elsewhere the test is skipped with one line that
/// says how to get the program, so a fresh machine still passes.
pub fn external_tool(what: &str, candidates: &[&str], install: &str) -> Option<PathBuf> {
    if let Some(found) = candidates.iter().find_map(|c| find_program(c)) {
        return Some(found);
    }
    let message = format!(
        "{what} not found (tried {}); {install}",
        candidates.join(", ")
    );
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{message}: CI must run this test");
    }
    skipped(&message);
    None
}

/// Says that a test skipped its work, past the test harness's capture, so
/// the line shows in a passing run.
pub fn skipped(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {message}");
}

/// A program by absolute path, by a variable's value (`$CHROME`), or on PATH.
fn find_program(candidate: &str) -> Option<PathBuf> {
    if let Some(variable) = candidate.strip_prefix('$') {
        let value = std::env::var_os(variable)?;
        let path = PathBuf::from(value);
        return find_program(path.to_str()?);
    }
    let path = Path::new(candidate);
    if path.components().count() > 1 {
        return path.is_file().then(|| path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(candidate))
        .find(|p| p.is_file())
}

/// Runs an external program that must succeed (a test suite, a build),
/// panicking with everything it printed when it does not.
pub fn run(mut command: Command, what: &str) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what} did not start: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}",
        output.status,
        printed(&output)
    );
    output
}

/// What a program printed: its stdout, then its stderr.
pub fn printed(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
