//! `handoff inbox`: chat exports read by `handoff-inbox`, personal data
//! removed before anything is printed or written. With `--rules`: what the
//! rules do with every message, the messages no topic catches in groups
//! with the words that would catch them, `--tests` and `--suggest`; without:
//! a draft rules file.

use std::fmt::Write as _;
use std::io::Write as _;

use handoff_inbox::{Business, Customers, Options, Problem, Reader, Redactor};
use handoff_policy::Policy;
use handoff_project::Project;

use serde_json::{Value, json};

use crate::cli::{ColorChoice, InboxArgs, TextOrJson};
use crate::{Outcome, RunError, atomic, inputs, route};

/// At most this many groups: the method's six to ten recurring topics.
const MAX_GROUPS: usize = 10;

pub(crate) fn run(args: InboxArgs) -> Result<Outcome, RunError> {
    let rules = match &args.rules {
        Some(path) => {
            let input = inputs::read(path)?;
            let source = String::from_utf8_lossy(&input.bytes).into_owned();
            let Some(policy) = route::compile(
                &input.path,
                input.bytes,
                ColorChoice::Auto,
                &mut Project::new(),
            )?
            else {
                return Ok(Outcome::CannotRun);
            };
            Some((source, policy))
        }
        None => None,
    };
    let policy = rules.as_ref().map(|(_, p)| p);
    let options = Options {
        column: args.column.clone(),
    };
    let mut exports = Vec::new();
    for path in &args.exports {
        let input = inputs::read(path)?;
        let name = path.display().to_string();
        let export = handoff_inbox::read(&name, &input.bytes, &options)
            .map_err(|p| RunError(problem(&name, &p)))?;
        for warning in &export.warnings {
            eprintln!("warning: {}", problem(&name, warning));
        }
        exports.push(export);
    }
    let customers = handoff_inbox::customers(&exports, args.me.as_deref(), Redactor::new(policy))
        .map_err(|p| RunError(problem("the exports", &p)))?;
    eprintln!("{}", summary(&exports, &customers));
    if customers.messages.is_empty() {
        return Err(RunError(
            "no customer messages in these exports: nothing to read".to_string(),
        ));
    }
    let texts: Vec<&str> = customers.messages.iter().map(|m| m.text.as_str()).collect();
    match rules {
        Some((source, policy)) => with_rules(&args, &source, &policy, &texts),
        None => {
            let business = match &customers.business {
                Business::Given(name) | Business::MostThreads { name, .. } => Some(name.as_str()),
                Business::NoSenders => None,
            };
            let langs = handoff_inbox::languages(&texts);
            let reader = Reader::new(langs.iter().copied());
            let all: Vec<usize> = (0..texts.len()).collect();
            let grouping = handoff_inbox::group(&reader, &texts, &all, MAX_GROUPS, None);
            let draft = handoff_inbox::draft(&texts, &grouping, business);
            if args.format == TextOrJson::Json && args.draft.is_some() {
                return Err(RunError(
                    "`--format json` prints the draft with its groups; `--draft FILE` writes it: give one of them".to_string(),
                ));
            }
            if args.format == TextOrJson::Json {
                let mut value = json!({
                    "messages": texts.len(),
                    "languages": langs,
                    "draft": draft,
                });
                add_groups(&mut value, &texts, &grouping);
                print(&pretty(&value))?;
                return Ok(Outcome::Clean);
            }
            match &args.draft {
                Some(path) => {
                    atomic::write(path, draft.as_bytes()).map_err(|e| {
                        RunError::from((format!("cannot write `{}`", path.display()), e))
                    })?;
                    eprintln!(
                        "wrote a draft with {} topics to {}; check it with `handoff check {}`",
                        grouping.groups.len(),
                        path.display(),
                        path.display()
                    );
                }
                None => print(&draft)?,
            }
            Ok(Outcome::Clean)
        }
    }
}

fn with_rules(
    args: &InboxArgs,
    source: &str,
    policy: &Policy,
    texts: &[&str],
) -> Result<Outcome, RunError> {
    let coverage = handoff_inbox::coverage(policy, texts);
    let langs: Vec<&str> = policy.languages.iter().map(|l| l.tag.as_str()).collect();
    let reader = Reader::new(langs.iter().copied());
    let grouping = handoff_inbox::group(
        &reader,
        texts,
        &coverage.no_topic,
        MAX_GROUPS,
        Some((policy, &coverage)),
    );
    let total = texts.len();
    let answered: usize = coverage.answered.iter().map(|(_, n)| n).sum();
    let handed: usize = coverage.handed_off.iter().map(|h| h.count).sum();
    if args.format == TextOrJson::Json {
        let suggestion = args
            .suggest
            .then(|| handoff_inbox::suggest(source, policy, texts, &grouping));
        let mut value = json!({
            "messages": total,
            "answered": answered,
            "handed_off": handed,
            "no_topic": coverage.no_topic.len(),
            "answered_by_topic": coverage.answered.iter().map(|(t, n)| json!({"topic": t, "count": n})).collect::<Vec<_>>(),
            "handed_off_by_topic": coverage.handed_off.iter().map(|h| json!({
                "topic": h.topic,
                "count": h.count,
                "why": h.why.iter().map(|(w, n)| json!({"why": w, "count": n})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "decisions": texts.iter().zip(&coverage.decisions).map(|(t, d)| json!({
                "message": t, "topic": d.topic, "handed_off": d.handoff,
            })).collect::<Vec<_>>(),
            "suggested": suggestion.as_ref().map(|s| s.added.iter().map(|a| json!({
                "topic": a.topic, "new": a.new, "words": a.words, "catches": a.catches, "of": a.of,
            })).collect::<Vec<_>>()),
            "suggested_rules": suggestion.as_ref().filter(|s| !s.added.is_empty()).map(|s| &s.source),
        });
        add_groups(&mut value, texts, &grouping);
        if let Some(path) = &args.tests {
            let count = write_tests(path, texts, &coverage)?;
            eprintln!("wrote {count} test lines to {}", path.display());
        }
        print(&pretty(&value))?;
        return Ok(Outcome::Clean);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{total} customer messages");
    let _ = writeln!(
        out,
        "  answered by the agent  {answered:>4}  {}",
        percent(answered, total)
    );
    let _ = writeln!(
        out,
        "  handed to a person     {handed:>4}  {}",
        percent(handed, total)
    );
    let _ = writeln!(
        out,
        "  no topic               {:>4}  {}",
        coverage.no_topic.len(),
        percent(coverage.no_topic.len(), total)
    );
    if !coverage.answered.is_empty() {
        let _ = writeln!(out, "\nanswered, by topic:");
        for (topic, n) in &coverage.answered {
            let _ = writeln!(out, "  {topic:<24} {n:>4}");
        }
    }
    if !coverage.handed_off.is_empty() {
        let _ = writeln!(out, "\nhanded to a person, by topic, and why:");
        for h in &coverage.handed_off {
            let topic = h.topic.as_deref().unwrap_or("(no topic)");
            let _ = writeln!(out, "  {topic:<24} {:>4}", h.count);
            for (why, n) in &h.why {
                let _ = writeln!(out, "    {n:>4}  {why}");
            }
        }
    }
    if !coverage.no_topic.is_empty() {
        let _ = writeln!(out, "\nwhat no topic catches:");
        for g in &grouping.groups {
            let shared = g
                .shared
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let topic = g
                .topic
                .as_deref()
                .map_or("a new topic".to_string(), |t| format!("likely `{t}`"));
            let _ = writeln!(
                out,
                "  {} messages share {shared}: {topic}; `about {}` would catch them",
                g.messages.len(),
                g.shared
                    .iter()
                    .map(|w| handoff_fmt::written(w))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            some_of(&mut out, texts, &g.messages, 3);
        }
        if !grouping.alone.is_empty() {
            let _ = writeln!(
                out,
                "  {} messages share nothing with another:",
                grouping.alone.len()
            );
            some_of(&mut out, texts, &grouping.alone, 5);
        }
    }
    if args.suggest {
        let suggestion = handoff_inbox::suggest(source, policy, texts, &grouping);
        let file = args
            .rules
            .as_ref()
            .map_or(String::new(), |p| p.display().to_string());
        if suggestion.added.is_empty() {
            let _ = writeln!(out, "\nno words to suggest");
        } else {
            let _ = writeln!(out, "\nsuggested words:");
            for a in &suggestion.added {
                let _ = writeln!(
                    out,
                    "  {} `{}`: about {} catches {} of {}",
                    if a.new { "new topic" } else { "topic" },
                    a.topic,
                    a.words.join(", "),
                    a.catches,
                    a.of
                );
            }
            let diff = similar::TextDiff::from_lines(source, &suggestion.source);
            let _ = write!(
                out,
                "\n{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&file, &format!("{file} (suggested)"))
            );
        }
    }
    if let Some(path) = &args.tests {
        let count = write_tests(path, texts, &coverage)?;
        let _ = writeln!(out, "\nwrote {count} test lines to {}", path.display());
    }
    print(&out)?;
    Ok(Outcome::Clean)
}

/// Every message as a `test` line expecting what the rules decide now,
/// each once, written atomically; how many.
fn write_tests(
    path: &std::path::Path,
    texts: &[&str],
    coverage: &handoff_inbox::Coverage,
) -> Result<usize, RunError> {
    let mut lines = String::from(
        "# From handoff inbox: each message expects what the rules decide now.\n\
         # Correct the ones that are wrong, then copy them into the rules.\n",
    );
    let mut seen: Vec<String> = Vec::new();
    for (text, decision) in texts.iter().zip(&coverage.decisions) {
        let line = handoff_inbox::test_line(text, decision);
        if !seen.contains(&line) {
            lines.push_str(&line);
            seen.push(line);
        }
    }
    atomic::write(path, lines.as_bytes())
        .map_err(|e| RunError::from((format!("cannot write `{}`", path.display()), e)))?;
    Ok(seen.len())
}

/// The groups and the lone messages, with their texts: `groups` and
/// `alone`, merged into `into`.
fn add_groups(into: &mut Value, texts: &[&str], grouping: &handoff_inbox::Grouping) {
    let groups = json!({
        "groups": grouping.groups.iter().map(|g| json!({
            "count": g.messages.len(),
            "shared": g.shared,
            "topic": g.topic,
            "messages": g.messages.iter().map(|&m| texts[m]).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "alone": grouping.alone.iter().map(|&m| texts[m]).collect::<Vec<_>>(),
    });
    if let (Some(into), Value::Object(groups)) = (into.as_object_mut(), groups) {
        into.extend(groups);
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    text.push('\n');
    text
}

/// The first `n` of these messages, each on a line, and how many more.
fn some_of(out: &mut String, texts: &[&str], messages: &[usize], n: usize) {
    for &m in messages.iter().take(n) {
        let _ = writeln!(out, "    {:?}", handoff_inbox::one_line(texts[m]));
    }
    if messages.len() > n {
        let _ = writeln!(out, "    and {} more", messages.len() - n);
    }
}

fn percent(n: usize, total: usize) -> String {
    format!("{:>3}%", (n * 100 + total / 2) / total.max(1))
}

/// Who the business is and how much was read, for stderr.
fn summary(exports: &[handoff_inbox::Export], customers: &Customers) -> String {
    let mut formats: Vec<&str> = Vec::new();
    for export in exports {
        if !formats.contains(&export.format.describe()) {
            formats.push(export.format.describe());
        }
    }
    let side = match &customers.business {
        Business::Given(name) => format!("your side is {name:?} (--me)"),
        Business::MostThreads { name, threads } => format!(
            "your side is {name:?}, who writes in {threads} of {} chats (say otherwise with --me)",
            exports.len()
        ),
        Business::NoSenders => {
            "every message is a customer's (the export names no senders)".to_string()
        }
    };
    format!(
        "read {} export(s) ({}): {} customer messages, {} of your own left out; {side}; \
         phone numbers, e-mail addresses, order numbers and names removed",
        exports.len(),
        formats.join(", "),
        customers.messages.len(),
        customers.own
    )
}

fn problem(name: &str, p: &Problem) -> String {
    let place = p.line.map_or(String::new(), |l| format!(":{l}"));
    match &p.help {
        Some(help) => format!("{name}{place}: {}\n  help: {help}", p.message),
        None => format!("{name}{place}: {}", p.message),
    }
}

fn print(text: &str) -> Result<(), RunError> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))
}
