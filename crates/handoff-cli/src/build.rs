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

    // All or nothing: a tool no API would take stops the build before any
    // output is written.
    if targets.contains(&Target::Tool)
        && let Some(why) = handoff_emit::tool::too_large(&analysis.policy)
    {
        return Err(RunError(format!(
            "cannot build the tool of `{}`: {why}",
            path.display()
        )));
    }
    match &args.out_dir {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write_output(&analysis.policy, targets[0], &mut out)
                .and_then(|()| out.flush())
                .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| RunError::from((format!("cannot create `{}`", dir.display()), e)))?;
            let stem = stem(&path);
            for target in targets {
                let path = dir.join(target.file_name(&stem));
                atomic::write_with(&path, |out| write_output(&analysis.policy, target, out))
                    .map_err(|e| {
                        RunError::from((format!("cannot write `{}`", path.display()), e))
                    })?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    // The process ends here: freeing the analysis string by string would
    // take longer than writing the outputs.
    std::mem::forget(checked);
    std::mem::forget(analysis);
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
fn write_output(
    policy: &handoff_policy::Policy,
    target: Target,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if target != Target::Meta {
        return handoff_emit::write(policy, target, out);
    }
    let text = handoff_emit::emit(policy, target);
    if let Some(warning) = handoff_emit::meta::limit_warning(&text) {
        eprintln!("warning: {warning}");
    }
    out.write_all(text.as_bytes())
}

/// `examples/salon.handoff` -> `salon`.
fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("rules")
        .to_string()
}
