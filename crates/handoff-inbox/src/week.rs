//! The first week back: what a conversation log says about the rules. How
//! many messages the agent answered and handed off, per topic, per channel
//! and per day; why it handed off; what no topic caught, grouped as the
//! inbox groups it with the words that would catch it; the replies the
//! guard held back; the rules that never fired; and, given the rules'
//! history, how the figures moved after each change.
//!
//! Deterministic: every list is sorted by count, then by name or place.

use std::collections::{BTreeMap, BTreeSet};

use handoff_log::Record;
use handoff_policy::Policy;
use serde::Serialize;

use crate::coverage::{coverage, hand_over_label};
use crate::group::{Reader, group};
use handoff_route::RuleKind;

/// How many groups of uncertain messages a report shows.
const MAX_GROUPS: usize = 8;
/// How many pieces of held replies a rule shows.
const MAX_PIECES: usize = 3;

/// Messages, and what became of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub messages: usize,
    /// Answered by the agent.
    pub answered: usize,
    /// Handed to a person.
    pub handed_off: usize,
    /// With no topic (answered or handed off).
    pub no_topic: usize,
    /// Replies the guard held back.
    pub held: usize,
}

impl Figures {
    fn add(&mut self, record: &Record) {
        self.messages += 1;
        if record.handed_off {
            self.handed_off += 1;
        } else {
            self.answered += 1;
        }
        if record.topic.is_none() {
            self.no_topic += 1;
        }
        if !record.held.is_empty() {
            self.held += 1;
        }
    }

    /// Handed off, in per cent of the messages.
    pub fn handed_off_percent(&self) -> f64 {
        self.percent(self.handed_off)
    }

    /// `part` in per cent of the messages (0 of none), to a tenth: every
    /// renderer shows a figure's share from here, so they agree.
    pub fn percent(&self, part: usize) -> f64 {
        if self.messages == 0 {
            0.0
        } else {
            (part as f64 * 1000.0 / self.messages as f64).round() / 10.0
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Named {
    /// A topic or channel; `None` for none.
    pub name: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Day {
    /// `2026-12-02`.
    pub day: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// A rule that handed messages off, in the file's words, and how often.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub why: String,
    pub line: Option<u32>,
    pub count: usize,
}

/// A rule the guard held replies back for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldRule {
    pub rule: String,
    pub phrase: String,
    pub topic: Option<String>,
    pub line: u32,
    pub count: usize,
    /// A few of the pieces that broke it, when the log saves answers.
    pub pieces: Vec<String>,
}

/// Messages no topic caught that share words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Uncertain {
    pub count: usize,
    /// The words they share, most shared first.
    pub shared: Vec<String>,
    /// The topic they most likely belong to, with the rules.
    pub topic: Option<String>,
    pub examples: Vec<String>,
}

/// Rules of one kind no record of the log names: a topic no message
/// reached (`rule` is `topic`, no phrases), or a topic's (or every
/// topic's) `about` or `handoff when` phrases that never decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unfired {
    pub topic: Option<String>,
    /// `topic`, `about` or `handoff when`.
    pub rule: String,
    pub phrases: Vec<String>,
    /// The line of the first.
    pub line: u32,
}

/// One version of the rules the log was written under.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Version {
    pub policy: String,
    /// Of its first and last record.
    pub from: String,
    pub to: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// The commit of the rules file that made it, when the history knows.
    pub commit: Option<Commit>,
    /// What changed from the version before, in plain words (empty for the
    /// first, or when either is unknown).
    pub changes: Vec<String>,
}

/// A commit of the rules file, and the policy it compiles to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Commit {
    pub id: String,
    pub date: String,
    pub subject: String,
    #[serde(skip)]
    pub policy: Option<Policy>,
    /// The policy's version ([`handoff_log::version`]).
    #[serde(skip)]
    pub version: Option<String>,
}

impl Commit {
    pub fn new(id: String, date: String, subject: String, policy: Option<Policy>) -> Commit {
        let version = policy.as_ref().map(handoff_log::version);
        Commit {
            id,
            date,
            subject,
            policy,
            version,
        }
    }
}

/// The report of a log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Week {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Distinct conversation ids; a record without one counts as its own.
    pub conversations: usize,
    #[serde(flatten)]
    pub figures: Figures,
    pub topics: Vec<Named>,
    pub channels: Vec<Named>,
    /// Every day from the first to the last, quiet ones too (a year of
    /// them at most: a log that spans more shows its first year).
    pub days: Vec<Day>,
    pub reasons: Vec<Reason>,
    /// The rules replies were held back for.
    pub held_rules: Vec<HeldRule>,
    /// Whether the log saves the customers' messages (without them, the
    /// uncertain ones can be counted, not shown).
    pub questions_saved: bool,
    pub uncertain: Vec<Uncertain>,
    /// Uncertain messages that share nothing with another.
    pub uncertain_alone: Vec<String>,
    /// With the rules, when some record was decided by them: what they
    /// never did in the period.
    pub never_fired: Option<Vec<Unfired>>,
    pub versions: Vec<Version>,
}

impl Week {
    /// The period in words: `2026-11-23 to 2026-11-29`, one day alone, or
    /// `None` when no record has a day.
    pub fn period(&self) -> Option<String> {
        match (&self.from, &self.to) {
            (Some(from), Some(to)) if from == to => Some(from.clone()),
            (Some(from), Some(to)) => Some(format!("{from} to {to}")),
            _ => None,
        }
    }

    /// The topics that hand off most, by share, then by count: at most
    /// five.
    pub fn hands_off_most(&self) -> Vec<&Named> {
        let mut most: Vec<&Named> = self
            .topics
            .iter()
            .filter(|t| t.name.is_some() && t.figures.handed_off > 0)
            .collect();
        most.sort_by(|a, b| {
            b.figures
                .handed_off_percent()
                .total_cmp(&a.figures.handed_off_percent())
                .then(b.figures.handed_off.cmp(&a.figures.handed_off))
        });
        most.truncate(5);
        most
    }
}

/// The report of these records; with the rules, their never-fired rules
/// and the likely topics of the uncertain; with the rules' commits (newest
/// first or in any order), what each version changed.
pub fn week(records: &[Record], rules: Option<&Policy>, history: &[Commit]) -> Week {
    let mut figures = Figures::default();
    let mut topics: BTreeMap<Option<String>, Figures> = BTreeMap::new();
    let mut channels: BTreeMap<Option<String>, Figures> = BTreeMap::new();
    let mut days: BTreeMap<jiff::civil::Date, Figures> = BTreeMap::new();
    let mut reasons: BTreeMap<(String, Option<u32>), usize> = BTreeMap::new();
    // (rule, phrase, topic, line) → (replies, pieces).
    type HeldKey = (String, String, Option<String>, u32);
    let mut held: BTreeMap<HeldKey, (usize, Vec<String>)> = BTreeMap::new();
    let mut conversations = BTreeSet::new();
    let mut lone_conversations = 0;
    let redactor = handoff_log::Redactor::new(rules);
    for record in records {
        figures.add(record);
        topics.entry(record.topic.clone()).or_default().add(record);
        channels
            .entry(record.channel.clone())
            .or_default()
            .add(record);
        if let Some(day) = record.day() {
            days.entry(day).or_default().add(record);
        }
        match &record.conversation {
            Some(id) => {
                conversations.insert(id.as_str());
            }
            None => lone_conversations += 1,
        }
        if record.handed_off {
            for why in hand_over_reasons(record) {
                *reasons.entry(why).or_default() += 1;
            }
        }
        for h in &record.held {
            let entry = held
                .entry((h.rule.clone(), h.phrase.clone(), h.topic.clone(), h.line))
                .or_default();
            entry.0 += 1;
            if let Some(piece) = &h.piece
                && entry.1.len() < MAX_PIECES
            {
                // What every export is cleaned of, whatever the log's
                // `redact` kept: the report is a page people share.
                let piece = redactor.clean(piece);
                if !entry.1.contains(&piece) {
                    entry.1.push(piece);
                }
            }
        }
    }
    let by_count = |map: BTreeMap<Option<String>, Figures>| {
        let mut named: Vec<Named> = map
            .into_iter()
            .map(|(name, figures)| Named { name, figures })
            .collect();
        // Most messages first; `None` (no topic, no channel) after the
        // named on a tie.
        named.sort_by(|a, b| {
            b.figures
                .messages
                .cmp(&a.figures.messages)
                .then(a.name.is_none().cmp(&b.name.is_none()))
                .then(a.name.cmp(&b.name))
        });
        named
    };
    let mut reasons: Vec<Reason> = reasons
        .into_iter()
        .map(|((why, line), count)| Reason { why, line, count })
        .collect();
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then(a.why.cmp(&b.why)));
    let mut held: Vec<HeldRule> = held
        .into_iter()
        .map(|((rule, phrase, topic, line), (count, pieces))| HeldRule {
            rule,
            phrase,
            topic,
            line,
            count,
            pieces,
        })
        .collect();
    held.sort_by(|a, b| b.count.cmp(&a.count).then(a.line.cmp(&b.line)));

    let questions_saved = records.iter().any(|r| r.question().is_some());
    let (uncertain, uncertain_alone) = uncertain(records, rules, &redactor);
    Week {
        from: days.keys().next().map(ToString::to_string),
        to: days.keys().next_back().map(ToString::to_string),
        conversations: conversations.len() + lone_conversations,
        figures,
        topics: by_count(topics),
        channels: by_count(channels),
        days: every_day(&days),
        reasons,
        held_rules: held,
        questions_saved,
        uncertain,
        uncertain_alone,
        never_fired: rules.and_then(|p| never_fired(p, records)),
        versions: versions(records, history),
    }
}

/// Why a record was handed off, in the file's words: the rules that hand
/// off, a held reply, or the fallback.
fn hand_over_reasons(record: &Record) -> Vec<(String, Option<u32>)> {
    let mut out: Vec<(String, Option<u32>)> = record
        .rules
        .iter()
        .filter_map(|r| {
            let kind = RuleKind::ALL.into_iter().find(|k| k.as_str() == r.rule)?;
            let why = hand_over_label(kind, r.phrase.as_deref().unwrap_or(""))?;
            // A topic's own rule says whose it is.
            let why = match (kind, &record.topic) {
                (RuleKind::HandoffAlways | RuleKind::HandoffWhen | RuleKind::MustNot, Some(t)) => {
                    format!("{t}: {why}")
                }
                _ => why,
            };
            Some((why, r.line))
        })
        .collect();
    if !record.held.is_empty() {
        out.push(("the guard held the reply back".to_string(), None));
    }
    if out.is_empty() {
        out.push(("a person took over (the runtime said so)".to_string(), None));
    }
    out
}

fn every_day(days: &BTreeMap<jiff::civil::Date, Figures>) -> Vec<Day> {
    let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) else {
        return Vec::new();
    };
    // A log of a week has a handful of days; one that spans years still
    // lists its days, but never more than a year of them.
    first
        .series(jiff::Span::new().days(1))
        .take_while(|d| d <= last)
        .take(366)
        .map(|d| Day {
            day: d.to_string(),
            figures: days.get(&d).cloned().unwrap_or_default(),
        })
        .collect()
}

/// The messages no topic caught, grouped by what they share; with the
/// rules, only those the rules still do not catch.
fn uncertain(
    records: &[Record],
    rules: Option<&Policy>,
    redactor: &handoff_log::Redactor,
) -> (Vec<Uncertain>, Vec<String>) {
    let cleaned: Vec<String> = records
        .iter()
        .filter(|r| r.topic.is_none())
        .filter_map(Record::question)
        .map(|q| redactor.clean(q))
        .collect();
    let texts: Vec<&str> = cleaned.iter().map(String::as_str).collect();
    if texts.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let languages: Vec<&str> = match rules {
        Some(p) => p.languages.iter().map(|l| l.tag.as_str()).collect(),
        None => crate::draft::languages(&texts),
    };
    let reader = Reader::new(languages.iter().copied());
    let covered = rules.map(|p| (p, coverage(p, &texts)));
    let among: Vec<usize> = match &covered {
        Some((_, c)) => c.no_topic.clone(),
        None => (0..texts.len()).collect(),
    };
    let grouping = group(
        &reader,
        &texts,
        &among,
        MAX_GROUPS,
        covered.as_ref().map(|(p, c)| (*p, c)),
    );
    let groups = grouping
        .groups
        .iter()
        .map(|g| Uncertain {
            count: g.messages.len(),
            shared: g.shared.clone(),
            topic: g.topic.clone(),
            examples: g
                .messages
                .iter()
                .take(3)
                .map(|&m| texts[m].to_string())
                .collect(),
        })
        .collect();
    let alone = grouping
        .alone
        .iter()
        .map(|&m| texts[m].to_string())
        .collect();
    (groups, alone)
}

/// The rules of the policy that no record under it names: `about` phrases,
/// `handoff when` phrases and topics no message reached; `None` when no
/// record was decided by these rules (the file changed since).
fn never_fired(policy: &Policy, records: &[Record]) -> Option<Vec<Unfired>> {
    let version = handoff_log::version(policy);
    if !records.iter().any(|r| r.policy == version) {
        return None;
    }
    let fired: BTreeSet<(&str, Option<&str>, Option<u32>)> = records
        .iter()
        .filter(|r| r.policy == version)
        .flat_map(|r| r.rules.iter())
        .map(|f| (f.rule.as_str(), f.phrase.as_deref(), f.line))
        .collect();
    let topics_seen: BTreeSet<&str> = records
        .iter()
        .filter(|r| r.policy == version)
        .filter_map(|r| r.topic.as_deref())
        .collect();
    let mut out: Vec<Unfired> = Vec::new();
    let mut add = |topic: Option<&str>, rule: &str, phrase: Option<&str>, line: u32| {
        let topic = topic.map(str::to_string);
        match out.iter_mut().find(|u| u.topic == topic && u.rule == rule) {
            Some(u) => u.phrases.extend(phrase.map(str::to_string)),
            None => out.push(Unfired {
                topic,
                rule: rule.to_string(),
                phrases: phrase.map(str::to_string).into_iter().collect(),
                line,
            }),
        }
    };
    for topic in &policy.topics {
        let name = Some(topic.name.as_str());
        if !topics_seen.contains(topic.name.as_str()) {
            add(name, "topic", None, topic.span.line);
            continue;
        }
        for (rule, key, phrases) in [
            ("about", "about", &topic.about),
            ("handoff when", "handoff_when", &topic.handoff.when),
        ] {
            for phrase in phrases {
                let line = Some(phrase.span.line);
                if !fired.contains(&(key, Some(phrase.text.as_str()), line)) {
                    add(name, rule, Some(&phrase.text), phrase.span.line);
                }
            }
        }
    }
    for phrase in &policy.handoff_when {
        let line = Some(phrase.span.line);
        if !fired.contains(&("global_handoff_when", Some(phrase.text.as_str()), line)) {
            add(None, "handoff when", Some(&phrase.text), phrase.span.line);
        }
    }
    out.sort_by_key(|u| u.line);
    Some(out)
}

/// The versions of the rules in the log, in the order they first appear,
/// each with its figures, its commit and what it changed. A version that
/// comes back (a change undone) is one version: its span covers the other
/// between.
fn versions(records: &[Record], history: &[Commit]) -> Vec<Version> {
    let mut order: Vec<&str> = Vec::new();
    let mut of: BTreeMap<&str, (Figures, &str, &str)> = BTreeMap::new();
    for record in records {
        let entry = of.entry(record.policy.as_str()).or_insert_with(|| {
            order.push(record.policy.as_str());
            (
                Figures::default(),
                record.time.as_str(),
                record.time.as_str(),
            )
        });
        entry.0.add(record);
        entry.2 = record.time.as_str();
    }
    let commit_of = |version: &str| {
        history.iter().find(|c| {
            c.policy
                .as_ref()
                .is_some_and(|p| handoff_log::version(p) == version)
        })
    };
    let mut out: Vec<Version> = Vec::new();
    for (i, version) in order.iter().enumerate() {
        let (figures, from, to) = of[version].clone();
        let commit = commit_of(version);
        let before = i.checked_sub(1).and_then(|j| commit_of(order[j]));
        let changes = match (
            before.and_then(|c| c.policy.as_ref()),
            commit.and_then(|c| c.policy.as_ref()),
        ) {
            (Some(old), Some(new)) => {
                let review = handoff_review::review(old, new);
                let mut changes: Vec<String> = Vec::new();
                for (kind, list) in [
                    ("wider", &review.wider),
                    ("stricter", &review.stricter),
                    ("wording", &review.wording),
                ] {
                    changes.extend(list.iter().map(|c| format!("{kind}: {}", c.message)));
                }
                if changes.is_empty() {
                    changes.push("the same rules, laid out differently".to_string());
                }
                changes
            }
            _ => Vec::new(),
        };
        out.push(Version {
            policy: version.to_string(),
            from: from.to_string(),
            to: to.to_string(),
            figures,
            commit: commit.cloned(),
            changes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(time: &str, topic: Option<&str>, channel: Option<&str>, handed_off: bool) -> Record {
        serde_json::from_value(serde_json::json!({
            "time": time, "policy": "sha256:0123456789abcdef", "topic": topic,
            "channel": channel, "handed_off": handed_off, "rules": [], "held": [],
        }))
        .unwrap()
    }

    proptest! {
        /// Any times (dates far apart, or none), topics and channels: the
        /// figures add up, the days run in order, and nothing panics.
        #[test]
        fn the_figures_add_up(
            rows in proptest::collection::vec(
                (prop_oneof![
                    (1u32..9999, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}T10:00:00Z")),
                    (2026u32..2027, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}T23:30:00+01:00")),
                    "\\PC{0,20}",
                ],
                proptest::option::of("[a-c]"), proptest::option::of("[xy]"), any::<bool>()),
                0..30,
            )
        ) {
            let records: Vec<Record> = rows
                .iter()
                .map(|(t, topic, channel, h)| record(t, topic.as_deref(), channel.as_deref(), *h))
                .collect();
            let week = week(&records, None, &[]);
            let f = &week.figures;
            prop_assert_eq!(f.messages, records.len());
            prop_assert_eq!(f.answered + f.handed_off, f.messages);
            prop_assert_eq!(week.topics.iter().map(|t| t.figures.messages).sum::<usize>(), f.messages);
            prop_assert_eq!(week.channels.iter().map(|c| c.figures.messages).sum::<usize>(), f.messages);
            prop_assert!(week.days.len() <= 366);
            // Every record with a day is counted on it, while the days fit a year.
            let dated = records.iter().filter(|r| r.day().is_some()).count();
            if week.days.len() < 366 {
                prop_assert_eq!(week.days.iter().map(|d| d.figures.messages).sum::<usize>(), dated);
            }
            prop_assert!(week.days.windows(2).all(|w| w[0].day < w[1].day));
        }
    }
}
