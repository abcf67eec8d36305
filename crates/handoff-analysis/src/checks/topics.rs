//! Rules within a topic, and between topics.

use rustc_hash::FxHashMap as HashMap;

use handoff_diagnostics::{Diagnostic, Lint, Span};
use handoff_policy::Risk;
use handoff_syntax::words::Clause;
use handoff_text::{find_phrase, match_words, words};

use crate::hir::{ClauseHead, Model, Phrase, Topic};
use crate::vocabulary::COMMIT_VERBS;

pub(super) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let has_global_handoff = !model.handoff_when.is_empty();
    // Split once, not once for every `may` they are compared with.
    let never: Vec<(&Phrase, Vec<&str>)> = model
        .never_promise
        .iter()
        .map(|p| (p, words(&p.key)))
        .collect();
    for topic in &model.topics {
        conflicting_rules(topic, out);
        never_promise_broken(topic, &never, out);
        handoff_shape(topic, has_global_handoff, out);
        let phrases = [
            (Clause::About, &topic.about),
            (Clause::MustNot, &topic.must_not),
            (Clause::HandoffWhen, &topic.handoff_when),
        ];
        let may = topic.may.iter().map(|a| (Clause::May, &a.phrase));
        let collect = topic.collect.iter().map(|f| (Clause::Collect, &f.name));
        let listed = phrases
            .into_iter()
            .flat_map(|(clause, list)| list.iter().map(move |p| (clause, p)));
        duplicate_clauses(&topic.clauses, listed.chain(may).chain(collect), out);
    }
    if let Some(log) = &model.log {
        let save = log.save.iter().map(|p| (Clause::Save, p));
        let redact = log.redact.iter().map(|p| (Clause::Redact, p));
        duplicate_clauses(&log.clauses, save.chain(redact), out);
    }
    overlapping_about(&model.topics, out);
}

/// `may X` and `must not X`: one phrase matches the other from its first
/// word (`may confirm the booking` / `must not confirm`). Matching anywhere
/// would make `may answer questions about refunds` conflict with `must not
/// refund`, which forbids doing, not talking about.
fn conflicting_rules(topic: &Topic, out: &mut Vec<Diagnostic>) {
    if topic.may.is_empty() || topic.must_not.is_empty() {
        return;
    }
    let forbidden: Vec<(&Phrase, Vec<&str>)> =
        topic.must_not.iter().map(|p| (p, words(&p.key))).collect();
    for may in topic.may.iter().map(|a| &a.phrase) {
        let may_words = words(&may.key);
        for (must_not, not_words) in &forbidden {
            let starts_alike = |rule: &[&str], text: &[&str]| {
                find_phrase(rule, text).is_some_and(|m| m.start == 0)
            };
            if starts_alike(not_words, &may_words) || starts_alike(&may_words, not_words) {
                out.push(
                    Diagnostic::new(
                        Lint::ConflictingRule,
                        may.span,
                        format!(
                            "this topic both allows `{}` and forbids `{}`",
                            may.text, must_not.text
                        ),
                    )
                    .with_label("allowed here")
                    .with_related(must_not.span, "and forbidden here")
                    .with_help(
                        "decide which rule holds and delete the other, or narrow the `may` so it \
                         no longer does what the `must not` forbids",
                    ),
                );
            }
        }
    }
}

fn never_promise_broken(topic: &Topic, never: &[(&Phrase, Vec<&str>)], out: &mut Vec<Diagnostic>) {
    if never.is_empty() {
        return;
    }
    for may in topic.may.iter().map(|a| &a.phrase) {
        let action = words(&may.key);
        let Some((verb, rest)) = action.split_first() else {
            continue;
        };
        let Some(commit) = COMMIT_VERBS.iter().find(|v| match_words(v, verb).is_some()) else {
            continue;
        };
        for (promise, promise_words) in never {
            if find_phrase(promise_words, rest).is_some() {
                out.push(
                    Diagnostic::new(
                        Lint::BreaksNeverPromise,
                        may.span,
                        format!(
                            "`may {}` would let the agent {commit} `{}`, which `never promise` \
                             forbids",
                            may.text, promise.text
                        ),
                    )
                    .with_label("commits to something never promised")
                    .with_related(promise.span, "never promised here")
                    .with_help(format!(
                        "let the agent inform instead of commit (such as `may explain {}`), and \
                         add `handoff when {}` so a person decides",
                        promise.text, promise.text
                    )),
                );
            }
        }
    }
}

fn handoff_shape(topic: &Topic, has_global_handoff: bool, out: &mut Vec<Diagnostic>) {
    let name = &topic.name;
    let handoff = topic
        .clauses
        .iter()
        .find(|c| matches!(c.clause, Clause::HandoffWhen | Clause::HandoffAlways))
        .map(|c| c.keyword);
    let collect = topic.first(Clause::Collect).map(|c| c.keyword);
    if topic.about.is_empty() {
        out.push(
            Diagnostic::new(
                Lint::TopicWithoutAbout,
                name.span,
                format!(
                    "no message can reach `{}`: it has no `about` phrases",
                    name.text
                ),
            )
            .with_label("no `about`")
            .with_help("add `about` with the words customers use for this topic"),
        );
    }
    if let Some(clause) = &topic.risk
        && let Some(risk @ (Risk::Binding | Risk::Judgment)) = clause.risk
        && handoff.is_none()
    {
        let key = risk.as_str();
        out.push(
            Diagnostic::new(
                Lint::RiskyTopicWithoutHandoff,
                name.span,
                format!(
                    "`{}` is a {key} topic, but nothing hands it to a person",
                    name.text
                ),
            )
            .with_label("never handed off")
            .with_related(clause.phrase.span, format!("risk {key}"))
            .with_help(
                "add `handoff always`, or `handoff when` with the situations a person must \
                     take over",
            ),
        );
    }
    match (handoff, collect) {
        (Some(handoff), None) => out.push(
            Diagnostic::new(
                Lint::HandoffWithoutCollect,
                name.span,
                format!(
                    "`{}` hands off without collecting anything first",
                    name.text
                ),
            )
            .with_label("nothing collected")
            .with_related(handoff, "hands off here")
            .with_help(
                "add `collect` with what staff need, so they do not have to ask the customer \
                 again: `collect name, what happened`",
            ),
        ),
        (None, Some(collect)) if topic.must_not.is_empty() && !has_global_handoff => out.push(
            Diagnostic::new(
                Lint::CollectWithoutHandoff,
                collect,
                format!(
                    "`{}` collects fields, but no conversation on it is ever handed off",
                    name.text
                ),
            )
            .with_label("collected for nobody")
            .with_help("add the `handoff when` situations the fields are for, or remove `collect`"),
        ),
        _ => {}
    }
}

/// Repeated clauses and phrases within one topic or log.
fn duplicate_clauses<'t>(
    heads: &[ClauseHead],
    phrases: impl Iterator<Item = (Clause, &'t Phrase)>,
    out: &mut Vec<Diagnostic>,
) {
    // (clause keyword, normalised phrase or "" for a single clause, place,
    // phrase). A topic holds a few dozen: sorting beats hashing.
    let mut entries: Vec<(&'static str, &str, Span, Option<&Phrase>)> = heads
        .iter()
        .filter(|h| matches!(h.clause, Clause::Risk | Clause::HandoffAlways))
        .map(|h| (h.clause.words(), "", h.keyword, None))
        .collect();
    entries.extend(phrases.map(|(clause, p)| (clause.words(), p.key.as_str(), p.span, Some(p))));
    entries.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    for pair in entries.windows(2) {
        let (first, repeat) = (&pair[0], &pair[1]);
        if (first.0, first.1) != (repeat.0, repeat.1) {
            continue;
        }
        let name = repeat.0;
        let what = match repeat.3 {
            Some(p) => format!("`{name} {}`", p.text),
            None => format!("`{name}`"),
        };
        // Every repeat points at the first place it was written.
        let original = entries
            .iter()
            .find(|e| (e.0, e.1) == (name, repeat.1))
            .map_or(first.2, |e| e.2);
        out.push(
            Diagnostic::new(
                Lint::DuplicateClause,
                repeat.2,
                format!("{what} is written twice"),
            )
            .with_label("repeated")
            .with_related(original, "first written here")
            .with_help(if name == "risk" {
                "keep one `risk`; the first one holds"
            } else {
                "delete the repeat"
            }),
        );
    }
}

fn overlapping_about(topics: &[Topic], out: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<&str, (usize, Span)> = HashMap::default();
    for (index, topic) in topics.iter().enumerate() {
        for phrase in &topic.about {
            let key = phrase.key.as_str();
            match owners.get(key) {
                Some(&(owner, first)) if owner != index => out.push(
                    Diagnostic::new(
                        Lint::OverlappingAbout,
                        phrase.span,
                        format!(
                            "`{}` is also about `{}`, so messages with it always go to `{}`",
                            topic.name.text, phrase.text, topics[owner].name.text
                        ),
                    )
                    .with_label("same phrase as an earlier topic")
                    .with_related(first, format!("`{}` has it first", topics[owner].name.text))
                    .with_help(
                        "keep the phrase in the topic it belongs to, and give this topic \
                             more specific words",
                    ),
                ),
                Some(_) => {}
                None => {
                    owners.insert(key, (index, phrase.span));
                }
            }
        }
    }
}
