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
    let outcome = if checked.iter().any(Checked::has_errors) {
        Outcome::Failed
    } else {
        Outcome::Clean
    };
    // The process ends here: freeing every string of the trees and models
    // one by one took a tenth of the run on a large file.
    std::mem::forget(checked);
    std::mem::forget(analyses);
    Ok(outcome)
}
