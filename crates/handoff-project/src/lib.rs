//! A handoff project: which `.handoff` files a command reads, and the lint
//! levels of the `handoff.toml` that applies to each. Every command of the
//! CLI and the language server ask a [`Project`], so a level set in
//! `handoff.toml` means the same to `check`, `build`, `test` and the editor.
//!
//! This crate knows nothing about rendering, terminals or editors.

/// Writing a file atomically: every front end that writes one goes through it.
pub mod atomic;
mod files;
mod levels;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use handoff_analysis::Analysis;
use handoff_diagnostics::Diagnostic;

pub use files::find_files;
pub use levels::{ConfigError, Level, LintLevels};

pub const CONFIG_FILE: &str = "handoff.toml";

/// Why a project cannot be read: a path that is not there, a directory that
/// cannot be read or holds no rule file, a `handoff.toml` with mistakes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectError(pub String);

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProjectError {}

/// Parses each `handoff.toml` once, however many files it applies to, and
/// again only when its text changes, so a language server can keep one for
/// its lifetime (reading a small file is cheap; parsing and checking it is
/// what is saved).
#[derive(Default)]
pub struct Project {
    configs: HashMap<PathBuf, Config>,
}

struct Config {
    text: String,
    levels: LintLevels,
}

impl Project {
    pub fn new() -> Project {
        Project::default()
    }

    /// The lint levels that apply to `file`: those of the nearest
    /// `handoff.toml` in its directory or an ancestor.
    pub fn levels_for(&mut self, file: &Path) -> Result<Option<&LintLevels>, ProjectError> {
        let Some(config) = discover(file) else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(&config)
            .map_err(|e| ProjectError(format!("cannot read `{}`: {e}", config.display())))?;
        if self.configs.get(&config).is_none_or(|c| c.text != text) {
            let levels = LintLevels::parse(&text).map_err(|errors| {
                ProjectError(
                    errors
                        .iter()
                        .map(|e| {
                            format!(
                                "{}:{}:{}: {}",
                                config.display(),
                                e.line,
                                e.column,
                                e.message
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\nerror: "),
                )
            })?;
            self.configs.insert(config.clone(), Config { text, levels });
        }
        Ok(self.configs.get(&config).map(|c| &c.levels))
    }

    /// An analysis's diagnostics as the project wants them: allowed checks
    /// dropped, the others at their configured severity.
    pub fn diagnostics(
        &mut self,
        file: &Path,
        analysis: &Analysis,
    ) -> Result<Vec<Diagnostic>, ProjectError> {
        let mut diagnostics = analysis.diagnostics.clone();
        if let Some(levels) = self.levels_for(file)? {
            levels.apply(&mut diagnostics);
        }
        Ok(diagnostics)
    }
}

/// The nearest `handoff.toml` in the directory of `file` or an ancestor.
pub fn discover(file: &Path) -> Option<PathBuf> {
    let start = if file.is_dir() { file } else { file.parent()? };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::fs::canonicalize(start).ok()?;
    absolute
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}
