use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use handoff_policy::Policy;
use handoff_project::Project;
use handoff_review::{Change, Review};

use crate::cli::{ColorChoice, DiffArgs, DiffFormat};
use crate::route::compile;
use crate::{Outcome, RunError};

pub(crate) fn run(args: DiffArgs) -> Result<Outcome, RunError> {
    let (Some(old), Some(new)) = (load(&args.old)?, load(&args.new)?) else {
        return Ok(Outcome::Failed);
    };
    let review = handoff_review::review(&old, &new);
    let text = match args.format {
        DiffFormat::Human => human(&review),
        DiffFormat::Markdown => markdown(&review, &args.old, &args.new),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&review).expect("reviews serialise");
            json.push('\n');
            json
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(if args.fail_on_wider && !review.wider.is_empty() {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}

/// A file's policy, or a git revision's (`REV:PATH`). `None` after
/// reporting errors in the rules.
fn load(spec: &str) -> Result<Option<Policy>, RunError> {
    let path = Path::new(spec);
    let bytes = if path.exists() {
        crate::inputs::read(path)?.bytes
    } else if let Some((rev, file)) = spec.split_once(':') {
        let output = Command::new("git")
            .args(["show", &format!("{rev}:{file}")])
            .output()
            .map_err(|e| RunError::from((format!("cannot run git for `{spec}`"), e)))?;
        if !output.status.success() {
            return Err(RunError(format!(
                "`{spec}` is neither a file nor a git revision of one: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        output.stdout
    } else {
        return Err(RunError(format!("cannot read `{spec}`: no such file")));
    };
    compile(path, bytes, ColorChoice::Auto, &mut Project::new())
}

fn place(change: &Change) -> String {
    match (change.old_line, change.new_line) {
        (Some(o), Some(n)) if o != n => format!("line {o} → {n}"),
        (_, Some(n)) => format!("line {n}"),
        (Some(o), None) => format!("was line {o}"),
        (None, None) => String::new(),
    }
}

fn human(review: &Review) -> String {
    if review.is_empty() {
        return "No changes to the rules.\n".to_string();
    }
    let mut out = String::new();
    let groups = [
        (
            "WIDER: the agent may do more on its own",
            "!",
            &review.wider,
        ),
        (
            "Stricter: the agent may do less on its own",
            "-",
            &review.stricter,
        ),
        ("Wording only", " ", &review.wording),
    ];
    for (title, mark, changes) in groups {
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}");
        for c in changes {
            let _ = writeln!(out, "  {mark} {} ({})", c.message, place(c));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} wider, {} stricter, {} wording",
        review.wider.len(),
        review.stricter.len(),
        review.wording.len()
    );
    out
}

fn markdown(review: &Review, old: &str, new: &str) -> String {
    let mut out =
        format!("### handoff: what this change lets the agent do\n\n`{old}` → `{new}`\n\n");
    if review.is_empty() {
        out.push_str("No changes to the rules.\n");
        return out;
    }
    if !review.wider.is_empty() {
        let _ = writeln!(
            out,
            "> [!WARNING]\n> This change gives the agent more autonomy ({} change{}). Review them before merging.\n",
            review.wider.len(),
            if review.wider.len() == 1 { "" } else { "s" }
        );
    }
    let groups = [
        ("⚠️ Wider: the agent may do more on its own", &review.wider),
        (
            "Stricter: the agent may do less on its own",
            &review.stricter,
        ),
        ("Wording only", &review.wording),
    ];
    for (title, changes) in groups {
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {title}\n");
        for c in changes {
            let _ = writeln!(out, "- {} ({})", c.message, place(c));
        }
        out.push('\n');
    }
    out
}
