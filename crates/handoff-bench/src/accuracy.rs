//! Routing accuracy on realistic messages: `tests/accuracy/messages.*.jsonl`
//! holds customer messages to the businesses of `tests/accuracy/rules/`,
//! each labelled by a helper who saw only the rule files with what the
//! owner intends (the topic, or none; whether a person must take over).
//! The dev set is for tuning; the held set (a third, set aside when the
//! messages were written) is only scored, never read while tuning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use handoff_analysis::Analysis;
use handoff_route::{Decision, Router};
use serde_json::Value;

/// Which half of the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    Dev,
    Held,
}

impl Half {
    fn file(self) -> &'static str {
        match self {
            Half::Dev => "messages.dev.jsonl",
            Half::Held => "messages.held.jsonl",
        }
    }
}

/// One labelled message.
#[derive(Clone, Debug)]
pub struct Labelled {
    pub file: String,
    pub lang: String,
    pub message: String,
    pub topic: Option<String>,
    pub handoff: bool,
}

/// The three figures, as counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub messages: usize,
    /// The decision's topic is the labelled one (no topic for none).
    pub right_topic: usize,
    /// Labelled as answered by the agent.
    pub routine: usize,
    /// ... and handed to a person anyway.
    pub routine_handed_off: usize,
    /// Labelled as needing a person.
    pub handoffs: usize,
    /// ... and answered by the agent.
    pub handoffs_missed: usize,
}

impl Tally {
    fn add(&mut self, label: &Labelled, decision: &Decision) {
        self.messages += 1;
        self.right_topic += usize::from(decision.topic == label.topic);
        if label.handoff {
            self.handoffs += 1;
            self.handoffs_missed += usize::from(!decision.handoff);
        } else {
            self.routine += 1;
            self.routine_handed_off += usize::from(decision.handoff);
        }
    }

    /// Right topic, routine handed off, hand-overs missed, in percent.
    pub fn percentages(&self) -> (f64, f64, f64) {
        let pct = |n: usize, d: usize| {
            if d == 0 {
                0.0
            } else {
                100.0 * n as f64 / d as f64
            }
        };
        (
            pct(self.right_topic, self.messages),
            pct(self.routine_handed_off, self.routine),
            pct(self.handoffs_missed, self.handoffs),
        )
    }
}

/// The scores of one half: in total, by rule file and by language, and the
/// messages decided wrongly (for tuning on the dev half only).
#[derive(Debug, Default)]
pub struct Scores {
    pub total: Tally,
    pub by_file: BTreeMap<String, Tally>,
    pub by_lang: BTreeMap<String, Tally>,
    pub misses: Vec<(Labelled, Decision)>,
}

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/accuracy")
}

/// Reads a half of the set.
pub fn read(half: Half) -> Vec<Labelled> {
    let path = dir().join(half.file());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, line)| {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            let text = |k: &str| v[k].as_str().map(str::to_string);
            Labelled {
                file: text("file").expect("file"),
                lang: text("lang").expect("lang"),
                message: text("message").expect("message"),
                topic: text("topic"),
                handoff: v["handoff"].as_bool().expect("handoff"),
            }
        })
        .collect()
}

/// Routes every message of a half with its file's rules.
pub fn score(half: Half) -> Scores {
    let labelled = read(half);
    let mut policies = BTreeMap::new();
    for label in &labelled {
        policies.entry(label.file.clone()).or_insert_with(|| {
            let path = dir().join("rules").join(format!("{}.handoff", label.file));
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let analysis = Analysis::new(source);
            assert!(
                !analysis.has_errors(),
                "{} has errors: {:?}",
                path.display(),
                analysis.diagnostics
            );
            analysis.policy
        });
    }
    let routers: BTreeMap<&String, Router<'_>> =
        policies.iter().map(|(f, p)| (f, Router::new(p))).collect();
    let mut scores = Scores::default();
    for label in labelled {
        let decision = routers[&label.file].route(&label.message);
        scores.total.add(&label, &decision);
        scores
            .by_file
            .entry(label.file.clone())
            .or_default()
            .add(&label, &decision);
        scores
            .by_lang
            .entry(label.lang.clone())
            .or_default()
            .add(&label, &decision);
        let right = decision.topic == label.topic && decision.handoff == label.handoff;
        if !right && half == Half::Dev {
            scores.misses.push((label, decision));
        }
    }
    scores
}

/// The figures as a table: one line per file, per language, and in total.
pub fn table(scores: &Scores) -> String {
    let mut out = format!(
        "{:<12} {:>8} {:>12} {:>18} {:>18}\n",
        "", "messages", "right topic", "routine handed off", "hand-overs missed"
    );
    let mut line = |name: &str, t: &Tally| {
        let (right, routine, missed) = t.percentages();
        out.push_str(&format!(
            "{name:<12} {:>8} {:>11.1}% {:>11.1}% ({:>3}) {:>11.1}% ({:>3})\n",
            t.messages, right, routine, t.routine_handed_off, missed, t.handoffs_missed
        ));
    };
    for (file, t) in &scores.by_file {
        line(file, t);
    }
    for (lang, t) in &scores.by_lang {
        line(&format!("lang {lang}"), t);
    }
    line("total", &scores.total);
    out
}
