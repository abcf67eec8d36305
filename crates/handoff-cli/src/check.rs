use std::io::{IsTerminal, Write};

use handoff_analysis::Analysis;
use handoff_project::Project;

use crate::cli::CheckArgs;
use crate::report::{self, Checked};
use crate::{Outcome, RunError, inputs};

pub(crate) fn run(args: CheckArgs) -> Result<Outcome, RunError> {
    let paths = handoff_project::find_files(&args.paths)?;
    let mut analyses = Vec::with_capacity(paths.len());
    for path in &paths {
        let input = inputs::read(path)?;
        analyses.push((input.path, Analysis::from_bytes(input.bytes)));
    }
    let mut project = Project::new();
    let mut checked: Vec<Checked<'_>> = Vec::with_capacity(analyses.len());
    for (path, analysis) in &analyses {
        checked.push(Checked::new(path, analysis, &args.report, &mut project)?);
    }
    let stdout = std::io::stdout();
    let color = report::use_color(args.report.color, stdout.is_terminal());
    let rendered = report::render(args.report.format, color, &checked);
    stdout
        .lock()
        .write_all(&rendered)
        .map_err(|e| RunError::from(("cannot write the report".to_string(), e)))?;
    Ok(if checked.iter().any(Checked::has_errors) {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
