//! Renderers: the same diagnostics for people (`human`), for grep and
//! editors (`short`) and for tools (`json`).

mod github;
mod human;
mod json;
mod sarif;
mod short;

use std::path::Path;

use handoff_analysis::Analysis;
use handoff_diagnostics::{Diagnostic, Severity};

use handoff_project::Project;

use crate::RunError;
use crate::cli::{ColorChoice, Format, ReportArgs};

/// One checked file and the diagnostics to report for it.
pub(crate) struct Checked<'a> {
    pub path: &'a Path,
    pub analysis: &'a Analysis,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Checked<'a> {
    /// The analysis's diagnostics as the project reports them (at the
    /// levels of its `handoff.toml`), then with warnings raised to errors
    /// under `--deny-warnings`.
    pub fn new(
        path: &'a Path,
        analysis: &'a Analysis,
        args: &ReportArgs,
        project: &mut Project,
    ) -> Result<Checked<'a>, RunError> {
        let mut diagnostics = project.diagnostics(path, analysis)?;
        if args.deny_warnings {
            for d in &mut diagnostics {
                d.severity = Severity::Error;
            }
        }
        Ok(Checked {
            path,
            analysis,
            diagnostics,
        })
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub(crate) fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stream_is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Renders every checked file's diagnostics in one format.
pub(crate) fn render(format: Format, color: bool, files: &[Checked<'_>]) -> Vec<u8> {
    match format {
        Format::Human => human::render(files, color),
        Format::Short => short::render(files).into_bytes(),
        Format::Json => json::render(files).into_bytes(),
        Format::Github => github::render(files).into_bytes(),
        Format::Sarif => sarif::render(files).into_bytes(),
    }
}
