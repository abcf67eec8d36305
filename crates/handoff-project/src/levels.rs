//! `handoff.toml`: a project's lint levels. The nearest `handoff.toml` in a
//! file's directory or an ancestor applies to it:
//!
//! ```toml
//! [lints]
//! untested-topic = "allow"
//! write-without-approval = "error"
//! ```
//!
//! Precedence: the file's levels first, then `--deny-warnings` raises every
//! warning still shown to an error. Checks set to `allow` are not shown.
//! Syntax errors and invalid text cannot be lowered: a file that does not
//! parse cannot be compiled.

use std::collections::BTreeMap;

use handoff_diagnostics::{Diagnostic, LineIndex, Lint, Severity, did_you_mean};
use serde::Deserialize;
use toml::Spanned;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Allow,
    Warn,
    Error,
}

/// A mistake in `handoff.toml`, at its 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintLevels {
    levels: BTreeMap<Lint, Level>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    lints: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl LintLevels {
    /// Reads a `handoff.toml`, reporting every unknown check, level or
    /// section.
    pub fn parse(text: &str) -> Result<LintLevels, Vec<ConfigError>> {
        let index = LineIndex::new(text);
        let at = |offset: usize, message: String| {
            let place = index.line_col(text, offset as u32);
            ConfigError {
                line: place.line,
                column: place.column,
                message,
            }
        };
        let file: File = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            vec![at(offset, e.message().trim().to_string())]
        })?;
        let mut levels = BTreeMap::new();
        let mut errors = Vec::new();
        for (name, level) in &file.lints {
            let Some(lint) = Lint::find(name.get_ref()) else {
                let names = Lint::ALL.iter().map(|l| l.name());
                let hint = did_you_mean(name.get_ref(), names)
                    .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
                errors.push(at(
                    name.span().start,
                    format!("unknown check `{}`{hint}", name.get_ref()),
                ));
                continue;
            };
            let value = match level.get_ref().as_str() {
                "allow" => Level::Allow,
                "warn" => Level::Warn,
                "error" => Level::Error,
                other => {
                    let hint = did_you_mean(other, ["allow", "warn", "error"])
                        .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
                    errors.push(at(
                        level.span().start,
                        format!(
                            "`{other}` is not a level: use \"allow\", \"warn\" or \"error\"{hint}"
                        ),
                    ));
                    continue;
                }
            };
            if matches!(lint, Lint::SyntaxError | Lint::InvalidText) && value != Level::Error {
                errors.push(at(
                    name.span().start,
                    format!(
                        "`{}` is always an error: a file that does not parse cannot be compiled",
                        lint.name()
                    ),
                ));
                continue;
            }
            levels.insert(lint, value);
        }
        if errors.is_empty() {
            Ok(LintLevels { levels })
        } else {
            errors.sort_by_key(|e| (e.line, e.column));
            Err(errors)
        }
    }

    pub fn level(&self, lint: Lint) -> Option<Level> {
        self.levels.get(&lint).copied()
    }

    /// Drops allowed checks and sets the severity of the others.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| match self.level(d.lint) {
            Some(Level::Allow) => false,
            Some(Level::Warn) => {
                d.severity = Severity::Warning;
                true
            }
            Some(Level::Error) => {
                d.severity = Severity::Error;
                true
            }
            None => true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_apply_and_allow_hides() {
        let levels = LintLevels::parse(
            "[lints]\nuntested-topic = \"allow\"\nH103 = \"error\"\nduplicate-test = \"warn\"\n",
        )
        .unwrap();
        assert_eq!(levels.level(Lint::UntestedTopic), Some(Level::Allow));
        assert_eq!(levels.level(Lint::WriteWithoutApproval), Some(Level::Error));
        let span = handoff_diagnostics::Span::new(0, 1);
        let mut diagnostics = vec![
            Diagnostic::new(Lint::UntestedTopic, span, "a"),
            Diagnostic::new(Lint::WriteWithoutApproval, span, "b"),
            Diagnostic::new(Lint::UnusedSystem, span, "c"),
        ];
        levels.apply(&mut diagnostics);
        let kept: Vec<(Lint, Severity)> =
            diagnostics.iter().map(|d| (d.lint, d.severity)).collect();
        assert_eq!(
            kept,
            [
                (Lint::WriteWithoutApproval, Severity::Error),
                (Lint::UnusedSystem, Severity::Warning)
            ]
        );
    }

    #[test]
    fn mistakes_are_reported_where_they_are_with_did_you_mean() {
        let errors = LintLevels::parse(
            "[lints]\nuntested-topik = \"allow\"\nunused-system = \"alow\"\nsyntax-error = \"allow\"\n",
        )
        .unwrap_err();
        let shown: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
            .collect();
        assert_eq!(
            shown,
            [
                "2:1 unknown check `untested-topik`; did you mean `untested-topic`?",
                "3:17 `alow` is not a level: use \"allow\", \"warn\" or \"error\"; did you mean `allow`?",
                "4:1 `syntax-error` is always an error: a file that does not parse cannot be compiled",
            ]
        );
        let unknown_section = LintLevels::parse("[lint]\nx = \"allow\"\n").unwrap_err();
        assert!(
            unknown_section[0].message.contains("lint"),
            "{:?}",
            unknown_section
        );
    }
}
