//! Rules within a topic, and between topics.

use rustc_hash::FxHashMap as HashMap;

use handoff_diagnostics::{Diagnostic, Lint, Span};
use handoff_syntax::tree::{ClauseKind, ItemKind, Phrase, Topic};
use handoff_text::{find_phrase, match_words, normalize, words};

use super::Input;
use crate::vocabulary::COMMIT_VERBS;

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let never_promise: Vec<(&Phrase, String)> = input
        .tree
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::NeverPromise(list) => Some(list),
            _ => None,
        })
        .flatten()
        .map(|p| (p, normalize(&p.text)))
        .collect();
    let has_global_handoff = !input.policy.handoff_when.is_empty();
    for item in &input.tree.items {
        match &item.kind {
            ItemKind::Topic(topic) => {
                let clauses = Clauses::of(topic);
                conflicting_rules(&clauses, out);
                never_promise_broken(&clauses, &never_promise, out);
                handoff_shape(topic, &clauses, has_global_handoff, out);
                duplicate_clauses(topic.clauses.iter().map(|c| (&c.kind, c.keyword)), out);
            }
            ItemKind::Log(log) => {
                duplicate_clauses(log.clauses.iter().map(|c| (&c.kind, c.keyword)), out);
            }
            _ => {}
        }
    }
    overlapping_about(&input.names.topics.list, out);
}

/// A topic's clauses by kind.
#[derive(Default)]
struct Clauses<'t> {
    about: Vec<&'t Phrase>,
    risk: Option<&'t Phrase>,
    may: Vec<&'t Phrase>,
    must_not: Vec<&'t Phrase>,
    handoff: Option<Span>,
    collect: Option<Span>,
}

impl<'t> Clauses<'t> {
    fn of(topic: &'t Topic) -> Clauses<'t> {
        let mut c = Clauses::default();
        for clause in &topic.clauses {
            match &clause.kind {
                ClauseKind::About(list) => c.about.extend(list),
                ClauseKind::Risk(r) => {
                    c.risk.get_or_insert(r);
                }
                ClauseKind::May { actions, .. } => c.may.extend(actions),
                ClauseKind::MustNot(list) => c.must_not.extend(list),
                ClauseKind::HandoffWhen(_) | ClauseKind::HandoffAlways => {
                    c.handoff.get_or_insert(clause.keyword);
                }
                ClauseKind::Collect(_) => {
                    c.collect.get_or_insert(clause.keyword);
                }
                ClauseKind::Save(_) | ClauseKind::Redact(_) => {}
            }
        }
        c
    }
}

/// `may X` and `must not X`: one phrase matches the other from its first
/// word (`may confirm the booking` / `must not confirm`). Matching anywhere
/// would make `may answer questions about refunds` conflict with `must not
/// refund`, which forbids doing, not talking about.
fn conflicting_rules(c: &Clauses<'_>, out: &mut Vec<Diagnostic>) {
    if c.may.is_empty() || c.must_not.is_empty() {
        return;
    }
    let forbidden: Vec<String> = c.must_not.iter().map(|p| normalize(&p.text)).collect();
    for may in &c.may {
        let may_norm = normalize(&may.text);
        let may_words = words(&may_norm);
        for (must_not, not_norm) in c.must_not.iter().zip(&forbidden) {
            let not_words = words(not_norm);
            let starts_alike = |rule: &[&str], text: &[&str]| {
                find_phrase(rule, text).is_some_and(|m| m.start == 0)
            };
            if starts_alike(&not_words, &may_words) || starts_alike(&may_words, &not_words) {
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

fn never_promise_broken(c: &Clauses<'_>, never: &[(&Phrase, String)], out: &mut Vec<Diagnostic>) {
    for may in &c.may {
        let norm = normalize(&may.text);
        let action = words(&norm);
        let Some((verb, rest)) = action.split_first() else {
            continue;
        };
        let Some(commit) = COMMIT_VERBS.iter().find(|v| match_words(v, verb).is_some()) else {
            continue;
        };
        for (promise, p_norm) in never {
            if find_phrase(&words(p_norm), rest).is_some() {
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

fn handoff_shape(
    topic: &Topic,
    c: &Clauses<'_>,
    has_global_handoff: bool,
    out: &mut Vec<Diagnostic>,
) {
    let name = &topic.name;
    if c.about.is_empty() {
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
    if let Some(risk) = c.risk {
        let key = normalize(&risk.text);
        if (key == "binding" || key == "judgment") && c.handoff.is_none() {
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
                .with_related(risk.span, format!("risk {key}"))
                .with_help(
                    "add `handoff always`, or `handoff when` with the situations a person must \
                     take over",
                ),
            );
        }
    }
    match (c.handoff, c.collect) {
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
        (None, Some(collect)) if c.must_not.is_empty() && !has_global_handoff => out.push(
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
    clauses: impl Iterator<Item = (&'t ClauseKind, Span)>,
    out: &mut Vec<Diagnostic>,
) {
    // (clause keyword, normalised phrase or "" for a single clause, place,
    // phrase). A topic holds a few dozen: sorting beats hashing.
    let mut entries: Vec<(&'static str, String, Span, Option<&Phrase>)> = Vec::new();
    for (kind, keyword) in clauses {
        let name = kind.keyword();
        let phrases: &mut dyn Iterator<Item = &Phrase> = match kind {
            ClauseKind::About(l)
            | ClauseKind::MustNot(l)
            | ClauseKind::HandoffWhen(l)
            | ClauseKind::Save(l)
            | ClauseKind::Redact(l) => &mut l.iter(),
            ClauseKind::May { actions, .. } => &mut actions.iter(),
            ClauseKind::Collect(fields) => &mut fields.iter().map(|f| &f.name),
            ClauseKind::Risk(_) | ClauseKind::HandoffAlways => {
                entries.push((name, String::new(), keyword, None));
                continue;
            }
        };
        entries.extend(phrases.map(|p| (name, normalize(&p.text), p.span, Some(p))));
    }
    entries.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    for pair in entries.windows(2) {
        let (first, repeat) = (&pair[0], &pair[1]);
        if (first.0, &first.1) != (repeat.0, &repeat.1) {
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
            .find(|e| (e.0, &e.1) == (name, &repeat.1))
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

fn overlapping_about(topics: &[&Topic], out: &mut Vec<Diagnostic>) {
    let mut owners: HashMap<String, (usize, Span)> = HashMap::default();
    for (index, topic) in topics.iter().enumerate() {
        for clause in &topic.clauses {
            let ClauseKind::About(list) = &clause.kind else {
                continue;
            };
            for phrase in list {
                let key = normalize(&phrase.text);
                match owners.get(&key) {
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
}
