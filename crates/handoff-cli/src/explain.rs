use std::fmt::Write as _;
use std::io::Write;

use handoff_diagnostics::{Lint, did_you_mean};

use crate::cli::ExplainArgs;
use crate::{Outcome, RunError};

/// Prints a check's documentation: the same page the docs and the editor's
/// hover show.
pub(crate) fn run(args: ExplainArgs) -> Result<Outcome, RunError> {
    let text = match &args.check {
        None => list(),
        Some(wanted) => match Lint::find(wanted) {
            Some(lint) => lint.docs().markdown.to_string(),
            None => {
                let names = Lint::ALL
                    .iter()
                    .map(|l| l.name())
                    .chain(Lint::ALL.iter().map(|l| l.code()));
                let hint = did_you_mean(wanted, names)
                    .map_or_else(String::new, |n| format!("; did you mean `{n}`?"));
                return Err(RunError(format!(
                    "no check is called `{wanted}`{hint} (`handoff explain` lists them all)"
                )));
            }
        },
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(Outcome::Clean)
}

fn list() -> String {
    let mut out = String::new();
    for lint in Lint::ALL {
        let _ = writeln!(
            out,
            "{}  {:<28} {:<7}  {}",
            lint.code(),
            lint.name(),
            lint.default_severity().as_str(),
            lint.summary()
        );
    }
    out
}
