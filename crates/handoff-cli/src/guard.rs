//! `handoff guard FILE "REPLY"`: whether an agent's reply may be sent, and
//! every rule it breaks with the piece of the reply underlined. Exit 0: it
//! may be sent; 1: it breaks a rule; 2: the command cannot run.

use std::fmt::Write as _;
use std::io::{Read, Write};

use handoff_guard::{Broken, Guard, Verdict};

use crate::cli::{GuardArgs, VerdictFormat};
use crate::route::load;
use crate::{Outcome, RunError};

pub(crate) fn run(args: GuardArgs) -> Result<Outcome, RunError> {
    let reply = if args.reply == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| RunError::from(("cannot read the reply from stdin".to_string(), e)))?;
        String::from_utf8(bytes)
            .map_err(|_| RunError("the reply on stdin is not UTF-8 text".to_string()))?
    } else {
        args.reply.clone()
    };
    if args.log.log.is_some() && args.message.is_none() {
        return Err(RunError(
            "`--log` records a customer's message with the reply: give it with `--message \"...\"`"
                .to_string(),
        ));
    }
    let Some(policy) = load(&args.file)? else {
        return Ok(Outcome::CannotRun);
    };
    let guard = Guard::new(&policy);
    let decision = args
        .message
        .as_deref()
        .map(|m| handoff_route::Router::new(&policy).route(m));
    // The conversation's topic is the one asked for, else the message's.
    let topic = args
        .topic
        .clone()
        .or_else(|| decision.as_ref().and_then(|d| d.topic.clone()));
    if let Some(topic) = &args.topic
        && !guard.knows_topic(topic)
    {
        // Checking without the topic's `must not` phrases would pass replies
        // the author meant to hold: a misspelt topic is a mistake, not a pass.
        let names = policy.topics.iter().map(|t| t.name.as_str());
        let hint = match handoff_diagnostics::did_you_mean(topic, names) {
            Some(better) => format!("; did you mean `{better}`?"),
            None => String::new(),
        };
        return Err(RunError(format!(
            "`{}` has no topic named `{topic}`{hint}",
            args.file.display()
        )));
    }
    let verdict = guard.check(&reply, topic.as_deref());
    if let (Some(message), Some(decision)) = (&args.message, &decision) {
        crate::log::record(
            &args.log,
            &policy,
            message,
            decision,
            Some((&reply, &verdict)),
        )?;
    }
    let text = match args.format {
        VerdictFormat::Json => {
            let mut json = serde_json::to_string_pretty(&verdict).expect("verdicts serialise");
            json.push('\n');
            json
        }
        VerdictFormat::Human => describe(&reply, &verdict),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| RunError::from(("cannot write to stdout".to_string(), e)))?;
    Ok(if verdict.ok {
        Outcome::Clean
    } else {
        Outcome::Failed
    })
}

/// The verdict in plain words: each broken rule, the reply's line with the
/// piece underlined, and why.
fn describe(reply: &str, verdict: &Verdict) -> String {
    let mut out = String::new();
    if verdict.ok {
        out.push_str("ok: the reply breaks no rule and may be sent\n");
        return out;
    }
    let count = verdict.broken.len();
    let _ = writeln!(
        out,
        "hold: the reply breaks {count} rule{}; do not send it, hand the conversation to a person",
        if count == 1 { "" } else { "s" }
    );
    for broken in &verdict.broken {
        out.push('\n');
        underline(reply, broken, &mut out);
    }
    out
}

fn underline(reply: &str, broken: &Broken, out: &mut String) {
    let topic = broken
        .topic
        .as_deref()
        .map_or_else(String::new, |t| format!(" of topic `{t}`"));
    let _ = writeln!(
        out,
        "breaks `{} {}`{topic} (line {})",
        broken.rule.as_str(),
        broken.phrase,
        broken.line
    );
    // Pieces never cross a line end: the piece stands on one line.
    let mut line_start = 0;
    let mut number = 1;
    let chars: Vec<char> = reply.chars().collect();
    for (i, c) in chars[..broken.start].iter().enumerate() {
        if *c == '\n' {
            line_start = i + 1;
            number += 1;
        }
    }
    let line_end = chars[line_start..]
        .iter()
        .position(|c| *c == '\n' || *c == '\r')
        .map_or(chars.len(), |p| line_start + p);
    // A tab would move the carets; one space keeps them under the piece.
    let line: String = chars[line_start..line_end]
        .iter()
        .map(|c| if *c == '\t' { ' ' } else { *c })
        .collect();
    let gutter = " ".repeat(number.to_string().len());
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {line}");
    let _ = writeln!(
        out,
        "{gutter} | {}{}",
        " ".repeat(broken.start - line_start),
        "^".repeat((broken.end - broken.start).max(1))
    );
    let _ = writeln!(out, "{gutter} = why: {}", broken.why);
}
