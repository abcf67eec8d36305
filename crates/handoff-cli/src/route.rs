use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use handoff_analysis::Analysis;
use handoff_policy::Policy;
use handoff_project::Project;
use handoff_route::{Decision, Router};

use crate::cli::{ColorChoice, DecisionFormat, Format, ReportArgs, RouteArgs};
use crate::report::{self, Checked};
use crate::{Outcome, RunError, inputs};

pub(crate) fn run(args: RouteArgs) -> Result<Outcome, RunError> {
    let Some(policy) = load(&args.file)? else {
        return Ok(Outcome::Failed);
    };
    let router = Router::new(&policy);
    let decision = router.route(&args.message);
    crate::log::record(&args.log, &policy, &args.message, &decision, None)?;
    let text = match args.format {
        DecisionFormat::Json => {
            let mut json = serde_json::to_string_pretty(&decision).expect("decisions serialise");
            json.push('\n');
            json
        }
        DecisionFormat::Human => describe(&args.message, &decision),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(Outcome::Clean)
}

/// The policy of a rule file or of a compiled policy (`*.json`), or `None`
/// after reporting the rule file's errors.
pub(crate) fn load(file: &std::path::Path) -> Result<Option<Policy>, RunError> {
    let input = inputs::read(file)?;
    if file.extension().is_some_and(|e| e == "json") {
        let text = String::from_utf8_lossy(&input.bytes);
        let policy = Policy::from_json(&text).map_err(|e| {
            RunError::from((format!("`{}` is not a handoff policy", file.display()), e))
        })?;
        return Ok(Some(policy));
    }
    compile(
        &input.path,
        input.bytes,
        ColorChoice::Auto,
        &mut Project::new(),
    )
}

/// The policy of a rule file, or `None` after reporting its errors (at the
/// levels the project's `handoff.toml` sets).
pub(crate) fn compile(
    path: &std::path::Path,
    bytes: Vec<u8>,
    color: ColorChoice,
    project: &mut Project,
) -> Result<Option<Policy>, RunError> {
    let analysis = Analysis::from_bytes(bytes);
    let args = ReportArgs {
        format: Format::Human,
        color,
        deny_warnings: false,
    };
    let mut checked = Checked::new(path, &analysis, &args, project)?;
    checked.diagnostics.retain(|d| d.is_error());
    if checked.diagnostics.is_empty() {
        return Ok(Some(analysis.policy));
    }
    let stderr = std::io::stderr();
    let color = report::use_color(args.color, stderr.is_terminal());
    let _ = stderr.lock().write_all(&report::render(
        Format::Human,
        color,
        std::slice::from_ref(&checked),
    ));
    eprintln!("error: `{}` has errors; fix them first", path.display());
    Ok(None)
}

/// A decision in plain words: the topic, whether a person takes over, every
/// rule that fired and what it forgave, and what to collect.
pub(crate) fn describe(message: &str, decision: &Decision) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "message:  {message:?}");
    let _ = writeln!(
        out,
        "topic:    {}",
        decision
            .topic
            .as_deref()
            .unwrap_or("none (no `about` phrase matched)")
    );
    let _ = writeln!(
        out,
        "handoff:  {}",
        if decision.handoff {
            "yes, a person takes over"
        } else {
            "no, the agent answers"
        }
    );
    if !decision.reasons.is_empty() {
        let _ = writeln!(out, "because:");
        for reason in &decision.reasons {
            let _ = writeln!(out, "  - {}", reason.describe());
        }
    }
    if !decision.collect.is_empty() {
        let fields: Vec<String> = decision
            .collect
            .iter()
            .map(|f| match f.ty {
                handoff_policy::FieldType::Text => f.name.clone(),
                ty => format!("{} ({})", f.name, ty.as_str()),
            })
            .collect();
        let _ = writeln!(out, "collect:  {}", fields.join(", "));
    }
    out
}
