//! The handoff map: one self-contained HTML page for the staff who take
//! over. Per topic: what the agent may do, what it must not, when it hands
//! off and what it will have collected; plus the never-promise list and the
//! connected systems. No external fonts, scripts or styles; readable on a
//! phone, printable on A4, with landmarks, a heading outline and text
//! contrast of at least 7:1.

use std::fmt::Write;

use handoff_policy::{Access, FallbackAction, Policy, Risk, Topic};

use crate::prompt::{forbidden_action, may_clauses, type_note};
use crate::words::{channel, join};
use handoff_text::languages::language_of_tag;

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1b1b1b; --muted: #3d3d3d; --line: #c9c9c9; --card: #ffffff; --page: #f4f4f1; --warn: #7a1d00; --warn-bg: #fff1e8; --ok: #0b4f2a; --ok-bg: #eaf6ee; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.45; color: var(--ink); background: var(--page); }
body { margin: 0; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 2px solid var(--ink); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 0; }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
p { margin: .25rem 0; }
ul { margin: .25rem 0; padding-left: 1.25rem; }
.facts { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; color: var(--muted); }
.topics { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; }
.topic { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; break-inside: avoid; }
.line { color: var(--muted); font-size: .85rem; white-space: nowrap; }
.name { color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; }
.badge { display: inline-block; border-radius: 1rem; padding: 0 .6rem; font-size: .85rem; font-weight: 600; border: 1px solid currentColor; }
.always, .never { color: var(--warn); background: var(--warn-bg); }
.agent { color: var(--ok); background: var(--ok-bg); }
.box { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
@media (max-width: 30rem) { html { font-size: 17px; } .topics { grid-template-columns: 1fr; } }
@page { size: A4; margin: 12mm; }
@media print {
  html { background: #fff; font-size: 10.5pt; }
  header, main, footer { max-width: none; padding: 0; }
  .topics { grid-template-columns: 1fr 1fr; gap: 4mm; }
  .topic, .box { border-color: #888; }
}
"#;

/// Text as HTML content or a quoted attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where a rule is written, so staff can find it in the rules file.
fn line(line: u32) -> String {
    format!(" <span class=\"line\">line {line}</span>")
}

fn list(out: &mut String, items: impl IntoIterator<Item = String>) {
    out.push_str("<ul>");
    for item in items {
        let _ = write!(out, "<li>{item}</li>");
    }
    out.push_str("</ul>\n");
}

pub(crate) fn render(policy: &Policy) -> String {
    let business = policy
        .business
        .as_ref()
        .map_or_else(|| "Customer service".to_string(), |b| esc(&b.name));
    let mut out = String::with_capacity(8192);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Handoff map: {business}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    header(&mut out, policy, &business);
    out.push_str("<main>\n");
    whole_agent(&mut out, policy);
    out.push_str("<section aria-labelledby=\"topics\">\n<h2 id=\"topics\">Topics</h2>\n<div class=\"topics\">\n");
    for topic in &policy.topics {
        topic_card(&mut out, topic);
    }
    out.push_str("</div>\n</section>\n</main>\n");
    out.push_str(
        "<footer><p>Made by <code>handoff build --emit map</code> from the rules file. \
         \u{201c}line 12\u{201d} next to a rule is the line of that file it is written on.</p></footer>\n\
         </body>\n</html>\n",
    );
    out
}

fn header(out: &mut String, policy: &Policy, business: &str) {
    let _ = write!(
        out,
        "<header>\n<h1>Handoff map: {business}</h1>\n<p class=\"facts\">"
    );
    if !policy.channels.is_empty() {
        let names: Vec<String> = policy
            .channels
            .iter()
            .map(|c| esc(channel(&c.name)))
            .collect();
        let _ = write!(out, "<span>Channels: {}</span>", join(&names, "and"));
    }
    if !policy.languages.is_empty() {
        let names: Vec<String> = policy
            .languages
            .iter()
            .map(|l| esc(language_of_tag(&l.tag).map(|l| l.name).unwrap_or(&l.tag)))
            .collect();
        let _ = write!(out, "<span>Languages: {}</span>", join(&names, "and"));
    }
    let fallback = match policy.fallback.action {
        FallbackAction::Handoff => "Messages that fit no topic come to you",
        FallbackAction::Answer => "Messages that fit no topic are answered by the agent",
    };
    let _ = writeln!(out, "<span>{fallback}</span></p>\n</header>");
}

fn whole_agent(out: &mut String, policy: &Policy) {
    out.push_str("<section aria-labelledby=\"everywhere\">\n<h2 id=\"everywhere\">On every topic</h2>\n<div class=\"box\">\n");
    if !policy.never_promise.is_empty() {
        out.push_str("<h3>The agent never promises</h3>\n");
        list(
            out,
            policy
                .never_promise
                .iter()
                .map(|p| format!("{}{}", esc(&p.text), line(p.span.line))),
        );
        out.push_str("<p>If a customer was promised one of these, it did not come from the agent: check with them.</p>\n");
    }
    if !policy.handoff_when.is_empty() {
        out.push_str("<h3>It always hands over when the customer mentions</h3>\n");
        list(
            out,
            policy
                .handoff_when
                .iter()
                .map(|p| format!("{}{}", esc(&p.text), line(p.span.line))),
        );
    }
    out.push_str("</div>\n</section>\n");
    if !policy.systems.is_empty() {
        out.push_str(
            "<section aria-labelledby=\"systems\">\n<h2 id=\"systems\">Connected systems</h2>\n\
             <table>\n<thead><tr><th scope=\"col\">System</th><th scope=\"col\">What the agent may do</th></tr></thead>\n<tbody>\n",
        );
        for s in &policy.systems {
            let access = match s.access {
                Access::Read => "Look things up; never change anything",
                Access::WriteWithApproval => "Prepare changes that you approve before they happen",
                Access::Write => "Make changes on its own",
            };
            let _ = writeln!(out, "<tr><td>{}</td><td>{access}</td></tr>", esc(&s.name));
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
}

fn topic_card(out: &mut String, topic: &Topic) {
    let id = format!("topic-{}", esc(&topic.name));
    let _ = write!(
        out,
        "<article class=\"topic\" aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{}</h3>\n<p class=\"name\">{} · line {}</p>\n",
        esc(&topic.title),
        esc(&topic.name),
        topic.span.line
    );
    let handoff = if topic.handoff.always {
        "<span class=\"badge always\">Always comes to you</span>"
    } else if topic.handoff.when.is_empty() && topic.must_not.is_empty() {
        "<span class=\"badge agent\">The agent handles it</span>"
    } else {
        "<span class=\"badge never\">Comes to you in some cases</span>"
    };
    let risk = topic.risk.map(|r| match r {
        Risk::Fact => "Simple facts",
        Risk::Internal => "Needs your own data",
        Risk::Binding => "Money, bookings or agreements",
        Risk::Judgment => "Needs a person's judgment",
    });
    let _ = write!(out, "<p>{handoff}");
    if let Some(risk) = risk {
        let _ = write!(out, " {risk}");
    }
    out.push_str("</p>\n");
    if !topic.about.is_empty() {
        let about: Vec<String> = topic.about.iter().map(|p| esc(&p.text)).collect();
        let _ = writeln!(out, "<p>Customers say: {}</p>", about.join(", "));
    }
    out.push_str("<h4>The agent may</h4>\n");
    if topic.may.is_empty() {
        out.push_str("<p>Nothing on its own.</p>\n");
    } else {
        list(
            out,
            may_clauses(&topic.may).into_iter().map(|clause| {
                let texts: Vec<String> = clause.iter().map(|a| esc(&a.text)).collect();
                let using = clause[0]
                    .using
                    .as_ref()
                    .map_or_else(String::new, |system| format!(" (using {})", esc(system)));
                format!("{}{using}{}", texts.join(", "), line(clause[0].span.line))
            }),
        );
    }
    if !topic.must_not.is_empty() {
        out.push_str("<h4>It must not</h4>\n");
        list(
            out,
            topic
                .must_not
                .iter()
                .map(|p| format!("{}{}", esc(&forbidden_action(&p.text)), line(p.span.line))),
        );
    }
    out.push_str("<h4>It hands over to you</h4>\n");
    let mut when: Vec<String> = Vec::new();
    if topic.handoff.always {
        when.push("every time".to_string());
    }
    when.extend(topic.handoff.when.iter().map(|p| {
        format!(
            "when the customer mentions {}{}",
            esc(&p.text),
            line(p.span.line)
        )
    }));
    if !topic.must_not.is_empty() {
        when.push("when the customer asks for something it must not do".to_string());
    }
    if when.is_empty() {
        out.push_str("<p>Only for the reasons on every topic.</p>\n");
    } else {
        list(out, when);
    }
    if !topic.collect.is_empty() {
        out.push_str("<h4>You will already have</h4>\n");
        list(
            out,
            topic
                .collect
                .iter()
                .map(|f| format!("{}{}", esc(&f.name), esc(&type_note(&f.name, f.ty)))),
        );
    }
    out.push_str("</article>\n");
}
