//! The guard on realistic replies: every record of a blind-labelled set
//! (tests/accuracy/replies.*.jsonl) checked against its rule file
//! (tests/accuracy/rules/FILE.handoff), compiled with the project's own
//! analysis, and counted by whether the guard holds it back.
//!
//! The bench prints the figures (`guard-accuracy`), and the e2e suite
//! includes this file to hold them at their floors, so both count the same
//! way.

use std::collections::BTreeMap;
use std::path::Path;

use handoff_analysis::Analysis;
use handoff_guard::Guard;
use handoff_policy::Policy;

/// What the guard did with one group of replies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Replies the labeller says break a rule, and how many were held back.
    pub breaking: usize,
    pub breaking_held: usize,
    /// Replies the labeller says may be sent, and how many were held back.
    pub fine: usize,
    pub fine_held: usize,
}

impl Counts {
    fn add(&mut self, breaks: bool, held: bool) {
        if breaks {
            self.breaking += 1;
            self.breaking_held += usize::from(held);
        } else {
            self.fine += 1;
            self.fine_held += usize::from(held);
        }
    }

    /// The share of breaking replies held back, in percent.
    pub fn breaking_held_percent(&self) -> f64 {
        percent(self.breaking_held, self.breaking)
    }

    /// The share of fine replies held back, in percent.
    pub fn fine_held_percent(&self) -> f64 {
        percent(self.fine_held, self.fine)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// A reply the guard gets wrong, for tuning on the dev set only.
pub struct Miss {
    pub file: String,
    pub lang: String,
    pub topic: Option<String>,
    pub reply: String,
    /// The labeller's rule (for a breaking reply) or `None`.
    pub rule: Option<String>,
    /// What the guard said: the broken rules and why, or nothing.
    pub verdict: Vec<String>,
}

/// The figures of one set: by language, by rule file, and in total.
#[derive(Default)]
pub struct Score {
    pub by_lang: BTreeMap<String, Counts>,
    pub by_file: BTreeMap<String, Counts>,
    pub total: Counts,
    pub misses: Vec<Miss>,
}

/// Scores `tests/accuracy/replies.{set}.jsonl` (`set` is `dev` or `held`)
/// under `root`, the workspace root. Misses are collected only when asked.
pub fn score(root: &Path, set: &str, misses: bool) -> Score {
    let dir = root.join("tests/accuracy");
    let records = std::fs::read_to_string(dir.join(format!("replies.{set}.jsonl")))
        .unwrap_or_else(|e| panic!("replies.{set}.jsonl: {e}"));
    let mut policies: BTreeMap<String, Policy> = BTreeMap::new();
    let mut score = Score::default();
    for (n, line) in records.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("replies.{set}.jsonl line {}: {e}", n + 1));
        let text = |key: &str| record[key].as_str().map(str::to_string);
        let file = text("file").expect("every record names its rule file");
        let lang = text("lang").expect("every record has a language");
        let reply = text("reply").expect("every record has a reply");
        let topic = text("topic");
        let breaks = record["breaks"].as_bool().expect("breaks is true or false");
        let policy = policies.entry(file.clone()).or_insert_with(|| {
            let path = dir.join("rules").join(format!("{file}.handoff"));
            let source = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            Analysis::from_bytes(source).policy
        });
        let verdict = Guard::new(policy).check(&reply, topic.as_deref());
        let held = !verdict.ok;
        score
            .by_lang
            .entry(lang.clone())
            .or_default()
            .add(breaks, held);
        score
            .by_file
            .entry(file.clone())
            .or_default()
            .add(breaks, held);
        score.total.add(breaks, held);
        if misses && held != breaks {
            score.misses.push(Miss {
                file,
                lang,
                topic,
                reply,
                rule: text("rule"),
                verdict: verdict
                    .broken
                    .iter()
                    .map(|b| format!("{} {}: {}", b.rule.as_str(), b.phrase, b.why))
                    .collect(),
            });
        }
    }
    score
}
