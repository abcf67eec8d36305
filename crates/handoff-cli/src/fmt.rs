use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use handoff_analysis::Analysis;
use handoff_fmt::FormatError;
use handoff_project::Project;

use crate::cli::{FmtArgs, Format, ReportArgs};
use crate::report::{self, Checked};
use crate::{Outcome, RunError, atomic, inputs};

pub(crate) fn run(args: FmtArgs) -> Result<Outcome, RunError> {
    if args.paths.len() == 1 && args.paths[0] == Path::new("-") {
        return stdin_to_stdout(&args);
    }
    let mut outcome = Outcome::Clean;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in handoff_project::find_files(&args.paths)? {
        let input = inputs::read(&path)?;
        let Some((source, formatted)) = format_or_report(&path, input.bytes, &args) else {
            outcome = Outcome::Failed;
            continue;
        };
        if formatted == source {
            continue;
        }
        if args.diff {
            let name = path.display().to_string();
            let diff = similar::TextDiff::from_lines(&source, &formatted);
            let _ = write!(
                out,
                "{}",
                diff.unified_diff().header(&name, &name).context_radius(2)
            );
            outcome = Outcome::Failed;
        } else if args.check {
            let _ = writeln!(out, "would reformat {}", path.display());
            outcome = Outcome::Failed;
        } else {
            atomic::write(&path, formatted.as_bytes())
                .map_err(|e| RunError::from((format!("cannot write `{}`", path.display()), e)))?;
            let _ = writeln!(out, "formatted {}", path.display());
        }
    }
    Ok(outcome)
}

fn stdin_to_stdout(args: &FmtArgs) -> Result<Outcome, RunError> {
    let mut bytes = Vec::new();
    let limit = handoff_analysis::limits::MAX_FILE_BYTES;
    std::io::stdin()
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| RunError::from(("cannot read stdin".to_string(), e)))?;
    if bytes.len() > limit {
        return Err(RunError(format!(
            "stdin holds more than {} MiB; handoff reads rule files of at most that (see \"Limits\" in docs/language.md)",
            limit / (1024 * 1024)
        )));
    }
    let Some((_, formatted)) = format_or_report(Path::new("<stdin>"), bytes, args) else {
        return Ok(Outcome::Failed);
    };
    std::io::stdout()
        .lock()
        .write_all(formatted.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(Outcome::Clean)
}

/// The source and its formatted text, or `None` after reporting why the
/// file cannot be formatted (it is then left untouched).
fn format_or_report(path: &Path, bytes: Vec<u8>, args: &FmtArgs) -> Option<(String, String)> {
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(e) => {
            report_problems(path, Analysis::from_bytes(e.into_bytes()), args);
            return None;
        }
    };
    match handoff_fmt::format(&source) {
        Ok(formatted) => Some((source, formatted)),
        Err(FormatError::Syntax(_)) => {
            report_problems(path, Analysis::new(source), args);
            None
        }
        Err(FormatError::MeaningChanged) => {
            eprintln!(
                "error: `{}` was not formatted: the formatter's output would change what the \
                 file means. This is a bug in handoff; the file is unchanged.",
                path.display()
            );
            None
        }
    }
}

fn report_problems(path: &Path, analysis: Analysis, args: &FmtArgs) {
    let report_args = ReportArgs {
        format: Format::Human,
        color: args.color,
        deny_warnings: false,
    };
    let path: PathBuf = path.to_path_buf();
    // Syntax errors stop formatting, and no `handoff.toml` can lower them.
    let Ok(mut checked) = Checked::new(&path, &analysis, &report_args, &mut Project::new()) else {
        eprintln!(
            "error: `{}` was not formatted: it does not parse",
            path.display()
        );
        return;
    };
    // Only what stops formatting: the errors.
    checked.diagnostics.retain(|d| d.is_error());
    let stderr = std::io::stderr();
    let color = report::use_color(args.color, stderr.is_terminal());
    let rendered = report::render(Format::Human, color, std::slice::from_ref(&checked));
    let _ = stderr.lock().write_all(&rendered);
    eprintln!(
        "error: `{}` was not formatted: it has errors",
        path.display()
    );
}
