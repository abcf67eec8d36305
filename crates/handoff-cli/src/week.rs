//! `handoff report LOG...`: the first week back, read from the conversation
//! logs the runtime wrote. Text for the terminal, `--format json` for
//! other tools, `--html OUT` for a page; with `--rules`, the rules that
//! never fired and, in a git repository, what each commit of the rules did
//! to the figures.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use handoff_inbox::{Commit, Figures, Week};
use handoff_policy::Policy;

use crate::cli::{TextOrJson, WeekArgs};
use crate::{Outcome, RunError, atomic, inputs, route};

/// How far back the history of the rules is read.
const MAX_COMMITS: usize = 100;

pub(crate) fn run(args: WeekArgs) -> Result<Outcome, RunError> {
    let mut records = Vec::new();
    for path in &args.logs {
        let input = inputs::read(path)?;
        let log = handoff_log::read(&input.bytes);
        for skipped in &log.skipped {
            eprintln!(
                "warning: {}:{}: skipped: {}",
                path.display(),
                skipped.line,
                skipped.why
            );
        }
        records.extend(log.records);
    }
    if records.is_empty() {
        return Err(RunError(format!(
            "no records in {}: nothing to report (is this a log that `--log` or a recorder wrote?)",
            args.logs
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    // The runtime may write several logs; a report reads them in time
    // (a time that is none goes first, in the order read).
    records.sort_by_key(|r| r.instant());
    let rules = match &args.rules {
        Some(path) => match route::load(path)? {
            Some(policy) => Some((path.clone(), policy)),
            None => return Ok(Outcome::CannotRun),
        },
        None => None,
    };
    let history = match &rules {
        Some((path, policy)) => history(path, policy),
        None => Vec::new(),
    };
    let week = handoff_inbox::week(&records, rules.as_ref().map(|(_, p)| p), &history);
    let business = rules
        .as_ref()
        .and_then(|(_, p)| p.business.as_ref())
        .map(|b| b.name.clone());
    if let Some(out) = &args.html {
        let page = crate::week_page::page(&week, business.as_deref());
        atomic::write(out, page.as_bytes())
            .map_err(|e| RunError::from((format!("cannot write `{}`", out.display()), e)))?;
        eprintln!("wrote {}", out.display());
    }
    let text = match args.format {
        TextOrJson::Json => {
            let mut json = serde_json::to_string_pretty(&week).expect("reports serialise");
            json.push('\n');
            json
        }
        TextOrJson::Text => describe(&week, rules.is_some()),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(Outcome::Clean)
}

/// The commits of the rules file, newest first, each compiled, and the
/// file as it is now when no commit holds it. Outside a git repository,
/// or without git, just the file.
fn history(path: &Path, now: &Policy) -> Vec<Commit> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut commits = Vec::new();
    if let Some(name) = &name {
        let listed = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["log", "--format=%H%x1f%cI%x1f%s", "-n"])
            .arg(MAX_COMMITS.to_string())
            .args(["--", name])
            .output();
        if let Some(listed) = listed.ok().filter(|o| o.status.success()) {
            for line in String::from_utf8_lossy(&listed.stdout).lines() {
                let mut parts = line.split('\u{1f}');
                let (Some(id), Some(date), Some(subject)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                let source = Command::new("git")
                    .arg("-C")
                    .arg(dir)
                    .arg("show")
                    .arg(format!("{id}:./{name}"))
                    .output();
                let policy = source
                    .ok()
                    .filter(|o| o.status.success())
                    .map(|o| handoff_analysis::Analysis::from_bytes(o.stdout).policy);
                commits.push(Commit::new(
                    id.chars().take(12).collect(),
                    date.to_string(),
                    subject.to_string(),
                    policy,
                ));
            }
        }
    }
    let version = handoff_log::version(now);
    if !commits
        .iter()
        .any(|c| c.version.as_deref() == Some(version.as_str()))
    {
        commits.insert(
            0,
            Commit::new(
                "not committed".to_string(),
                String::new(),
                "the rules file as it is now".to_string(),
                Some(now.clone()),
            ),
        );
    }
    commits
}

fn share(figures: &Figures, part: usize) -> String {
    if figures.messages == 0 {
        return "0".to_string();
    }
    format!("{part} ({:.0}%)", figures.percent(part))
}

/// A group of rules that never fired, in words; `quote` writes a phrase.
pub(crate) fn unfired_line(u: &handoff_inbox::Unfired, quote: impl Fn(&str) -> String) -> String {
    let phrases: Vec<String> = u.phrases.iter().map(|p| quote(p)).collect();
    match &u.topic {
        Some(t) if u.rule == "topic" => format!("topic {t}: no message at all"),
        Some(t) => format!("{t}: {} {}", u.rule, phrases.join(", ")),
        None => format!("{} (every topic) {}", u.rule, phrases.join(", ")),
    }
}

/// The report in plain words.
pub(crate) fn describe(week: &Week, rules_given: bool) -> String {
    let mut out = String::new();
    let f = &week.figures;
    let period = week
        .period()
        .unwrap_or_else(|| "an unknown period".to_string());
    let _ = writeln!(
        out,
        "{period}: {} messages in {} conversations",
        f.messages, week.conversations
    );
    let _ = writeln!(out, "  answered by the agent  {}", share(f, f.answered));
    let _ = writeln!(out, "  handed to a person     {}", share(f, f.handed_off));
    let _ = writeln!(out, "  no topic (uncertain)   {}", share(f, f.no_topic));
    let _ = writeln!(out, "  replies held back      {}", share(f, f.held));

    let _ = writeln!(out, "\nper topic (messages, answered, handed off):");
    for t in &week.topics {
        let name = t.name.as_deref().unwrap_or("(no topic)");
        let _ = writeln!(
            out,
            "  {name:<24} {:>4} {:>4} {:>4}",
            t.figures.messages, t.figures.answered, t.figures.handed_off
        );
    }
    if week.channels.len() > 1 || week.channels.iter().any(|c| c.name.is_some()) {
        let _ = writeln!(out, "\nper channel (messages, answered, handed off):");
        for c in &week.channels {
            let name = c.name.as_deref().unwrap_or("(not said)");
            let _ = writeln!(
                out,
                "  {name:<24} {:>4} {:>4} {:>4}",
                c.figures.messages, c.figures.answered, c.figures.handed_off
            );
        }
    }
    let _ = writeln!(out, "\nday by day (messages, handed off):");
    for d in &week.days {
        let _ = writeln!(
            out,
            "  {}  {:>4} {:>4}",
            d.day, d.figures.messages, d.figures.handed_off
        );
    }
    let most = week.hands_off_most();
    if !most.is_empty() {
        let _ = writeln!(out, "\nwhere the agent hands off most:");
        for t in &most {
            let _ = writeln!(
                out,
                "  {}: {} of {} ({:.0}%)",
                t.name.as_deref().unwrap_or_default(),
                t.figures.handed_off,
                t.figures.messages,
                t.figures.handed_off_percent()
            );
        }
    }
    if !week.reasons.is_empty() {
        let _ = writeln!(out, "\nwhy it handed off:");
        for r in &week.reasons {
            let line = r.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let _ = writeln!(out, "  {:>4}  {}{line}", r.count, r.why);
        }
    }
    if !week.held_rules.is_empty() {
        let _ = writeln!(out, "\nreplies the guard held back:");
        for h in &week.held_rules {
            let topic = h
                .topic
                .as_deref()
                .map(|t| format!(" of {t}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>4}  {} \"{}\"{topic} (line {})",
                h.count, h.rule, h.phrase, h.line
            );
            for piece in &h.pieces {
                let _ = writeln!(out, "          {piece:?}");
            }
        }
    }
    if f.no_topic > 0 {
        let _ = writeln!(out, "\nwhat no topic caught:");
        if !week.questions_saved {
            let _ = writeln!(
                out,
                "  {} messages; the log does not save questions (`log: save question`), so they cannot be shown",
                f.no_topic
            );
        }
        for g in &week.uncertain {
            let topic = g
                .topic
                .as_deref()
                .map(|t| format!("; likely `{t}`"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} messages share {}{topic}",
                g.count,
                g.shared
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            for e in &g.examples {
                let _ = writeln!(out, "      {e:?}");
            }
        }
        if !week.uncertain_alone.is_empty() {
            let _ = writeln!(out, "  and {} alone:", week.uncertain_alone.len());
            for e in week.uncertain_alone.iter().take(5) {
                let _ = writeln!(out, "      {e:?}");
            }
        }
        if week.questions_saved {
            let _ = writeln!(
                out,
                "  (`handoff inbox LOG --rules FILE --suggest` turns these into `about` words)"
            );
        }
    }
    if rules_given && week.never_fired.is_none() {
        let _ = writeln!(
            out,
            "\nrules that never fired: not known, since no record was decided by these rules (the file changed since the log was written)"
        );
    }
    if let Some(unfired) = &week.never_fired {
        let _ = writeln!(out, "\nrules that never fired:");
        if unfired.is_empty() {
            let _ = writeln!(out, "  none: every topic and `handoff when` did its work");
        }
        for u in unfired {
            let _ = writeln!(
                out,
                "  line {:>3}  {}",
                u.line,
                unfired_line(u, |p| format!("\"{p}\""))
            );
        }
    }
    if week.versions.len() > 1 || week.versions.iter().any(|v| v.commit.is_some()) {
        let _ = writeln!(out, "\nthe rules, version by version:");
        for v in &week.versions {
            let commit = match &v.commit {
                Some(c) if c.date.is_empty() => format!("{} ({})", c.subject, c.id),
                Some(c) => format!("{} {} \"{}\"", c.id, c.date, c.subject),
                None => "not in the rules' history".to_string(),
            };
            let _ = writeln!(
                out,
                "  {} from {}: {commit}\n    {} messages: {} answered, {} handed off, {} no topic",
                v.policy,
                v.from,
                v.figures.messages,
                share(&v.figures, v.figures.answered),
                share(&v.figures, v.figures.handed_off),
                share(&v.figures, v.figures.no_topic)
            );
            for change in &v.changes {
                let _ = writeln!(out, "    - {change}");
            }
        }
    }
    out
}
