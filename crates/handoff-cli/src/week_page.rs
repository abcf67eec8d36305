//! The report as one self-contained page: inline CSS, inline SVG charts (a
//! bar per topic, the period day by day), no script and nothing loaded
//! from elsewhere. Every figure is also in a `data-figure` attribute, so a
//! test can compare the page with `--format json`.

use std::fmt::Write as _;

use handoff_emit::escape_html as esc;
use handoff_inbox::{Figures, Week};

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1b1b1b; --muted: #454545; --line: #c9c9c9; --card: #fff; --page: #f4f4f1; --agent: #1d6b3c; --person: #a3400f; --none: #6b6b6b; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; line-height: 1.45; color: var(--ink); background: var(--page); }
body { margin: 0; }
header, main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 2px solid var(--ink); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
.card .n { font-size: 2rem; font-weight: 700; display: block; }
.card .p { color: var(--muted); }
.box { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: .15rem; vertical-align: -.05rem; margin-right: .3rem; }
.agent { background: var(--agent); } .person { background: var(--person); }
.muted { color: var(--muted); }
td.muted { white-space: nowrap; }
q { font-style: italic; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
@media print { html { background: #fff; } }
"#;

fn figure(name: &str, value: usize) -> String {
    format!("<span class=\"n\" data-figure=\"{name}\">{value}</span>")
}

/// A figure's card; `of` gives its share of the messages, when it has one.
fn card(out: &mut String, name: &str, label: &str, value: usize, of: Option<&Figures>) {
    let percent = of.map_or_else(String::new, |f| {
        format!("{:.0}% of messages", f.percent(value))
    });
    let _ = write!(
        out,
        "<div class=\"card\">{}<span>{}</span><br><span class=\"p\">{percent}</span></div>",
        figure(name, value),
        esc(label)
    );
}

/// Horizontal bars, one per row: answered and handed off side by side.
fn bars(rows: &[(String, &Figures)], title: &str) -> String {
    let max = rows
        .iter()
        .map(|(_, f)| f.messages)
        .max()
        .unwrap_or(0)
        .max(1);
    let (label_w, bar_w, row_h) = (170.0, 420.0, 26.0);
    let height = row_h * rows.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {height}\" width=\"100%\">",
        esc(title),
        label_w + bar_w + 60.0
    );
    for (i, (name, f)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let agent = f.answered as f64 / max as f64 * bar_w;
        let person = f.handed_off as f64 / max as f64 * bar_w;
        let _ = write!(
            svg,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{agent:.1}\" height=\"18\" fill=\"#1d6b3c\"><title>{} answered</title></rect>\
             <rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{person:.1}\" height=\"18\" fill=\"#a3400f\"><title>{} handed off</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label_w - 8.0,
            y + 13.0,
            esc(name),
            f.answered,
            label_w + agent,
            f.handed_off,
            label_w + agent + person + 6.0,
            y + 13.0,
            f.messages
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Columns, one per day: answered below, handed off on top.
fn days(week: &Week) -> String {
    let max = week
        .days
        .iter()
        .map(|d| d.figures.messages)
        .max()
        .unwrap_or(0)
        .max(1);
    let (col_w, chart_h) = (44.0, 140.0);
    let width = col_w * week.days.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg role=\"img\" aria-label=\"Messages day by day\" viewBox=\"0 0 {width} {}\" width=\"100%\" style=\"max-width:{width}px\">",
        chart_h + 56.0
    );
    // Room above the tallest column for its count.
    let top = 16.0;
    for (i, d) in week.days.iter().enumerate() {
        let x = i as f64 * col_w + 8.0;
        let agent = d.figures.answered as f64 / max as f64 * chart_h;
        let person = d.figures.handed_off as f64 / max as f64 * chart_h;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"30\" height=\"{agent:.1}\" fill=\"#1d6b3c\"><title>{}: {} answered</title></rect>\
             <rect x=\"{x:.1}\" y=\"{:.1}\" width=\"30\" height=\"{person:.1}\" fill=\"#a3400f\"><title>{}: {} handed off</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            top + chart_h - agent,
            d.day,
            d.figures.answered,
            top + chart_h - agent - person,
            d.day,
            d.figures.handed_off,
            x + 15.0,
            top + chart_h - agent - person - 4.0,
            d.figures.messages,
            x + 15.0,
            top + chart_h + 18.0,
            esc(d.day.get(5..).unwrap_or(&d.day))
        );
    }
    svg.push_str("</svg>");
    svg
}

pub(crate) fn page(week: &Week, business: Option<&str>) -> String {
    let f = &week.figures;
    let business = business.unwrap_or("the agent");
    let period = week.period().unwrap_or_default();
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The week of {b}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>The week of {b}</h1><p class=\"muted\">{p}: {m} messages in {c} conversations</p></header>\n<main>\n",
        b = esc(business),
        p = esc(&period),
        m = f.messages,
        c = week.conversations,
    );
    out.push_str(
        "<section aria-labelledby=\"s-sum\"><h2 id=\"s-sum\">In short</h2><div class=\"cards\">",
    );
    card(&mut out, "messages", "messages", f.messages, None);
    card(
        &mut out,
        "answered",
        "answered by the agent",
        f.answered,
        Some(f),
    );
    card(
        &mut out,
        "handed_off",
        "handed to a person",
        f.handed_off,
        Some(f),
    );
    card(
        &mut out,
        "no_topic",
        "with no topic (uncertain)",
        f.no_topic,
        Some(f),
    );
    card(&mut out, "held", "replies held back", f.held, Some(f));
    out.push_str("</div></section>\n");

    out.push_str(
        "<section aria-labelledby=\"s-top\"><h2 id=\"s-top\">Per topic</h2>\
         <p><span class=\"key agent\"></span>answered by the agent <span class=\"key person\"></span>handed to a person</p>",
    );
    let rows: Vec<(String, &Figures)> = week
        .topics
        .iter()
        .map(|t| {
            (
                t.name.clone().unwrap_or_else(|| "(no topic)".into()),
                &t.figures,
            )
        })
        .collect();
    out.push_str(&bars(&rows, "Messages per topic"));
    out.push_str("<table><thead><tr><th>topic</th><th class=\"n\">messages</th><th class=\"n\">answered</th><th class=\"n\">handed off</th><th class=\"n\">held back</th></tr></thead><tbody>");
    for t in &week.topics {
        let name = t.name.as_deref().unwrap_or("(no topic)");
        let _ = write!(
            out,
            "<tr data-topic=\"{}\"><td>{}</td><td class=\"n\" data-figure=\"messages\">{}</td><td class=\"n\" data-figure=\"answered\">{}</td><td class=\"n\" data-figure=\"handed_off\">{}</td><td class=\"n\" data-figure=\"held\">{}</td></tr>",
            esc(name),
            esc(name),
            t.figures.messages,
            t.figures.answered,
            t.figures.handed_off,
            t.figures.held
        );
    }
    out.push_str("</tbody></table></section>\n");

    out.push_str("<section aria-labelledby=\"s-day\"><h2 id=\"s-day\">Day by day</h2>");
    out.push_str(&days(week));
    out.push_str("</section>\n");

    if week.channels.iter().any(|c| c.name.is_some()) {
        out.push_str("<section aria-labelledby=\"s-ch\"><h2 id=\"s-ch\">Per channel</h2>");
        let rows: Vec<(String, &Figures)> = week
            .channels
            .iter()
            .map(|c| {
                (
                    c.name.clone().unwrap_or_else(|| "(not said)".into()),
                    &c.figures,
                )
            })
            .collect();
        out.push_str(&bars(&rows, "Messages per channel"));
        out.push_str("</section>\n");
    }

    let most = week.hands_off_most();
    if !most.is_empty() {
        out.push_str("<section aria-labelledby=\"s-most\"><h2 id=\"s-most\">Where the agent hands off most</h2><table><tbody>");
        for t in &most {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"n\">{} of {}</td><td class=\"n\">{:.0}%</td></tr>",
                esc(t.name.as_deref().unwrap_or_default()),
                t.figures.handed_off,
                t.figures.messages,
                t.figures.handed_off_percent()
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
    if !week.reasons.is_empty() {
        out.push_str("<section aria-labelledby=\"s-why\"><h2 id=\"s-why\">Why it handed off</h2><table><tbody>");
        for r in &week.reasons {
            let line = r
                .line
                .map(|l| format!(" <span class=\"muted\">line {l}</span>"))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<tr><td class=\"n\">{}</td><td>{}{line}</td></tr>",
                r.count,
                esc(&r.why)
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
    if !week.held_rules.is_empty() {
        out.push_str("<section aria-labelledby=\"s-held\"><h2 id=\"s-held\">Replies the guard held back</h2><table><tbody>");
        for h in &week.held_rules {
            let topic = h
                .topic
                .as_deref()
                .map(|t| format!(" of {}", esc(t)))
                .unwrap_or_default();
            let pieces: String = h
                .pieces
                .iter()
                .map(|p| format!("<br><q>{}</q>", esc(p)))
                .collect();
            let _ = write!(
                out,
                "<tr><td class=\"n\">{}</td><td>{} “{}”{topic} <span class=\"muted\">line {}</span>{pieces}</td></tr>",
                h.count,
                esc(&h.rule),
                esc(&h.phrase),
                h.line
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
    if f.no_topic > 0 {
        out.push_str(
            "<section aria-labelledby=\"s-unc\"><h2 id=\"s-unc\">What no topic caught</h2>",
        );
        if !week.questions_saved {
            out.push_str("<p>The log does not save questions (<code>log: save question</code>), so they are counted, not shown.</p>");
        }
        for g in &week.uncertain {
            let shared: Vec<String> = g
                .shared
                .iter()
                .map(|w| format!("<code>{}</code>", esc(w)))
                .collect();
            let topic = g
                .topic
                .as_deref()
                .map(|t| format!("; likely <b>{}</b>", esc(t)))
                .unwrap_or_default();
            let examples: String = g
                .examples
                .iter()
                .map(|e| format!("<li><q>{}</q></li>", esc(e)))
                .collect();
            let _ = write!(
                out,
                "<div class=\"box\"><p>{} messages share {}{topic}</p><ul>{examples}</ul></div>",
                g.count,
                shared.join(", ")
            );
        }
        if !week.uncertain_alone.is_empty() {
            let alone: String = week
                .uncertain_alone
                .iter()
                .take(10)
                .map(|e| format!("<li><q>{}</q></li>", esc(e)))
                .collect();
            let _ = write!(
                out,
                "<p>and {} alone:</p><ul>{alone}</ul>",
                week.uncertain_alone.len()
            );
        }
        out.push_str("</section>\n");
    }
    if let Some(unfired) = &week.never_fired {
        out.push_str(
            "<section aria-labelledby=\"s-nf\"><h2 id=\"s-nf\">Rules that never fired</h2>",
        );
        if unfired.is_empty() {
            out.push_str(
                "<p>None: every topic and every <code>handoff when</code> did its work.</p>",
            );
        } else {
            out.push_str("<table><tbody>");
            for u in unfired {
                let what = esc(&crate::week::unfired_line(u, |p| format!("“{p}”")));
                let _ = write!(
                    out,
                    "<tr><td class=\"muted\">line {}</td><td>{what}</td></tr>",
                    u.line
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
    }
    if week.versions.len() > 1 || week.versions.iter().any(|v| v.commit.is_some()) {
        out.push_str("<section aria-labelledby=\"s-ver\"><h2 id=\"s-ver\">The rules, version by version</h2><table><thead><tr><th>from</th><th>version</th><th class=\"n\">messages</th><th class=\"n\">handed off</th><th class=\"n\">no topic</th><th>what changed</th></tr></thead><tbody>");
        for v in &week.versions {
            let commit = match &v.commit {
                Some(c) => format!(
                    "{} <span class=\"muted\">{}</span>",
                    esc(&c.subject),
                    esc(&c.id)
                ),
                None => "<span class=\"muted\">not in the rules' history</span>".to_string(),
            };
            let changes: String = v
                .changes
                .iter()
                .map(|c| format!("<li>{}</li>", esc(c)))
                .collect();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{commit}</td><td class=\"n\">{}</td><td class=\"n\">{:.0}%</td><td class=\"n\">{}</td><td><ul>{changes}</ul></td></tr>",
                esc(&v.from),
                v.figures.messages,
                v.figures.handed_off_percent(),
                v.figures.no_topic
            );
        }
        out.push_str("</tbody></table></section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
