//! Finding and reading each checked file's `handoff.toml`, once per file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use handoff_config::LintLevels;

use crate::RunError;

#[derive(Default)]
pub(crate) struct Configs {
    read: HashMap<PathBuf, LintLevels>,
}

impl Configs {
    /// The lint levels that apply to `file`, if a `handoff.toml` is found.
    /// A `handoff.toml` with mistakes stops the command (exit 2).
    pub fn levels_for(&mut self, file: &Path) -> Result<Option<&LintLevels>, RunError> {
        let Some(config) = handoff_config::discover(file) else {
            return Ok(None);
        };
        if !self.read.contains_key(&config) {
            let text = std::fs::read_to_string(&config)
                .map_err(|e| RunError::from((format!("cannot read `{}`", config.display()), e)))?;
            let levels = LintLevels::parse(&text).map_err(|errors| {
                RunError(
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
            self.read.insert(config.clone(), levels);
        }
        Ok(self.read.get(&config))
    }
}
