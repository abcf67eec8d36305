use std::io::{IsTerminal, Write};
use std::path::Path;

use handoff_analysis::Analysis;
use handoff_emit::Target;
use handoff_project::Project;

use crate::cli::BuildArgs;
use crate::report::{self, Checked};
use crate::{Outcome, RunError, atomic, inputs};

pub(crate) fn run(args: BuildArgs) -> Result<Outcome, RunError> {
    let targets = targets(&args)?;
    let input = inputs::read(&args.file)?;
    let path = input.path;
    let analysis = Analysis::from_bytes(input.bytes);
    let checked = Checked::new(&path, &analysis, &args.report, &mut Project::new())?;

    // Problems go to stderr: stdout may be carrying the output.
    if !checked.diagnostics.is_empty() {
        let stderr = std::io::stderr();
        let color = report::use_color(args.report.color, stderr.is_terminal());
        let rendered = report::render(args.report.format, color, std::slice::from_ref(&checked));
        let _ = stderr.lock().write_all(&rendered);
    }
    if checked.has_errors() {
        eprintln!(
            "error: `{}` has errors; nothing was written",
            path.display()
        );
        return Ok(Outcome::Failed);
    }

    match &args.out_dir {
        None => {
            let text = emit(&analysis.policy, targets[0]);
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| RunError::from((format!("cannot create `{}`", dir.display()), e)))?;
            let stem = stem(&path);
            for target in targets {
                let path = dir.join(target.file_name(&stem));
                let text = emit(&analysis.policy, target);
                atomic::write(&path, text.as_bytes()).map_err(|e| {
                    RunError::from((format!("cannot write `{}`", path.display()), e))
                })?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(Outcome::Clean)
}

/// Without `-o` one output goes to stdout (the policy unless `--emit` says
/// otherwise); with `-o` every output unless `--emit` chooses.
fn targets(args: &BuildArgs) -> Result<Vec<Target>, RunError> {
    let mut targets: Vec<Target> = args.emit.iter().flat_map(|e| e.targets()).collect();
    targets.sort();
    targets.dedup();
    match (&args.out_dir, targets.len()) {
        (None, 0) => Ok(vec![Target::Policy]),
        (None, 1) => Ok(targets),
        (None, _) => Err(RunError(
            "several --emit outputs need a directory to go to: add `-o DIR`, or choose one \
             --emit to print"
                .to_string(),
        )),
        (Some(_), 0) => Ok(Target::ALL.to_vec()),
        (Some(_), _) => Ok(targets),
    }
}

/// One output, with a warning on stderr when Meta's instructions come near
/// their length limit.
fn emit(policy: &handoff_policy::Policy, target: Target) -> String {
    let text = handoff_emit::emit(policy, target);
    if target == Target::Meta
        && let Some(warning) = handoff_emit::meta::limit_warning(&text)
    {
        eprintln!("warning: {warning}");
    }
    text
}

/// `examples/salon.handoff` -> `salon`.
fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("rules")
        .to_string()
}
