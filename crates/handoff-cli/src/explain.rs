use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use handoff_diagnostics::{Lint, did_you_mean};

use crate::cli::{ExplainArgs, ExplainFormat};
use crate::{Outcome, RunError, report};

/// Prints a check's documentation: the same page the docs and the editor's
/// hover show.
pub(crate) fn run(args: ExplainArgs) -> Result<Outcome, RunError> {
    let text = match &args.check {
        None => list(),
        Some(wanted) => match Lint::find(wanted) {
            Some(lint) => match args.format {
                ExplainFormat::Markdown => lint.docs().markdown.to_string(),
                ExplainFormat::Terminal => {
                    let bold = report::use_color(args.color, std::io::stdout().is_terminal());
                    for_terminal(lint.docs().markdown, bold)
                }
            },
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

/// A page of Markdown as a terminal shows it well: headings as plain lines
/// (bold when colour is on), code blocks indented without their fences.
/// The pages use only headings, paragraphs, lists, inline code and fenced
/// blocks, so nothing else needs reading.
fn for_terminal(markdown: &str, bold: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !line.is_empty() {
                out.push_str("    ");
                out.push_str(line);
            }
        } else if let Some(heading) = heading(line) {
            if bold {
                let _ = write!(out, "\x1b[1m{heading}\x1b[0m");
            } else {
                out.push_str(heading);
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `## How to fix` -> `How to fix`.
fn heading(line: &str) -> Option<&str> {
    let text = line.trim_start_matches('#');
    let level = line.len() - text.len();
    ((1..=6).contains(&level) && text.starts_with(' ')).then(|| text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_plain_and_code_is_indented() {
        let page = "# name (H001, error)\n\n## Example\n```handoff\ntopic a:\n  about x\n```\n\n#not a heading\n";
        assert_eq!(
            for_terminal(page, false),
            "name (H001, error)\n\nExample\n    topic a:\n      about x\n\n#not a heading\n"
        );
        assert_eq!(for_terminal("## Why\n", true), "\x1b[1mWhy\x1b[0m\n");
    }
}
