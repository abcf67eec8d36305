//! What a change to the rules lets the agent do: the difference between two
//! compiled policies, in plain words, grouped by risk. Wider autonomy (a
//! `must not` removed, a `may` added, a system's access widened, a handoff
//! dropped, a `never promise` removed) comes first, then what got stricter,
//! then wording only. Phrases are compared after normalisation, so a
//! respelling is wording, not a change of rules.

use std::collections::BTreeMap;

use handoff_policy::{Access, FallbackAction, Phrase, Policy, Risk, SourceSpan, Topic};
use handoff_text::normalize;
use serde::Serialize;

/// One change, in plain words, with where it stands in each file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// A stable key for tools: `must_not_removed`, `may_added`...
    pub kind: &'static str,
    pub topic: Option<String>,
    pub message: String,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The agent may now do more on its own.
    pub wider: Vec<Change>,
    /// The agent may now do less on its own.
    pub stricter: Vec<Change>,
    /// Words changed, rules did not (routing words, titles, tone, tests).
    pub wording: Vec<Change>,
}

impl Review {
    pub fn is_empty(&self) -> bool {
        self.wider.is_empty() && self.stricter.is_empty() && self.wording.is_empty()
    }
}

#[derive(Clone, Copy)]
enum Group {
    Wider,
    Stricter,
    Wording,
}

/// How to report a phrase that went or came: its group, its kind, and its
/// message.
type Side<'a> = (Group, &'static str, &'a dyn Fn(&str) -> String);

struct Builder {
    review: Review,
}

impl Builder {
    fn push(
        &mut self,
        group: Group,
        kind: &'static str,
        topic: Option<&str>,
        message: String,
        old: Option<SourceSpan>,
        new: Option<SourceSpan>,
    ) {
        let change = Change {
            kind,
            topic: topic.map(str::to_string),
            message,
            old_line: old.map(|s| s.line),
            new_line: new.map(|s| s.line),
        };
        match group {
            Group::Wider => self.review.wider.push(change),
            Group::Stricter => self.review.stricter.push(change),
            Group::Wording => self.review.wording.push(change),
        }
    }

    /// Phrases removed (`gone`), added (`came`) and respelled, by normalised
    /// text.
    fn phrases(
        &mut self,
        old: &[Phrase],
        new: &[Phrase],
        topic: Option<&str>,
        (gone_group, gone_kind, gone): Side<'_>,
        (came_group, came_kind, came): Side<'_>,
        what: &str,
    ) {
        let old_keys: BTreeMap<String, &Phrase> =
            old.iter().map(|p| (normalize(&p.text), p)).collect();
        let new_keys: BTreeMap<String, &Phrase> =
            new.iter().map(|p| (normalize(&p.text), p)).collect();
        for p in old {
            match new_keys.get(&normalize(&p.text)) {
                None => self.push(
                    gone_group,
                    gone_kind,
                    topic,
                    gone(&p.text),
                    Some(p.span),
                    None,
                ),
                Some(n) if n.text != p.text => self.push(
                    Group::Wording,
                    "reworded",
                    topic,
                    format!("{what} `{}` is now written `{}`", p.text, n.text),
                    Some(p.span),
                    Some(n.span),
                ),
                Some(_) => {}
            }
        }
        for p in new {
            if !old_keys.contains_key(&normalize(&p.text)) {
                self.push(
                    came_group,
                    came_kind,
                    topic,
                    came(&p.text),
                    None,
                    Some(p.span),
                );
            }
        }
    }
}

fn access_rank(access: Access) -> u8 {
    match access {
        Access::Read => 0,
        Access::WriteWithApproval => 1,
        Access::Write => 2,
    }
}

fn access_words(access: Access) -> &'static str {
    match access {
        Access::Read => "read",
        Access::WriteWithApproval => "write with approval",
        Access::Write => "write",
    }
}

fn risk_rank(risk: Risk) -> u8 {
    match risk {
        Risk::Fact => 0,
        Risk::Internal => 1,
        Risk::Binding => 2,
        Risk::Judgment => 3,
    }
}

/// Compares two policies.
pub fn review(old: &Policy, new: &Policy) -> Review {
    let mut b = Builder {
        review: Review::default(),
    };
    b.phrases(
        &old.never_promise,
        &new.never_promise,
        None,
        (Group::Wider, "never_promise_removed", &|p| {
            format!("`never promise {p}` was removed: the agent may now promise {p}")
        }),
        (Group::Stricter, "never_promise_added", &|p| {
            format!("the agent may no longer promise {p} (`never promise {p}`)")
        }),
        "never promise",
    );
    b.phrases(
        &old.handoff_when,
        &new.handoff_when,
        None,
        (Group::Wider, "handoff_when_removed", &|p| {
            format!("conversations about {p} no longer go to a person (top-level `handoff when` removed)")
        }),
        (Group::Stricter, "handoff_when_added", &|p| {
            format!("conversations about {p} now go to a person, on every topic")
        }),
        "handoff when",
    );
    match (old.fallback.action, new.fallback.action) {
        (FallbackAction::Handoff, FallbackAction::Answer) => b.push(
            Group::Wider,
            "fallback_answer",
            None,
            "messages that fit no topic are now answered by the agent instead of a person".into(),
            old.fallback.span,
            new.fallback.span,
        ),
        (FallbackAction::Answer, FallbackAction::Handoff) => b.push(
            Group::Stricter,
            "fallback_handoff",
            None,
            "messages that fit no topic now go to a person".into(),
            old.fallback.span,
            new.fallback.span,
        ),
        _ => {}
    }
    systems(&mut b, old, new);
    channels(&mut b, old, new);
    log(&mut b, old, new);
    topics(&mut b, old, new);
    wording(&mut b, old, new);
    b.review
}

fn systems(b: &mut Builder, old: &Policy, new: &Policy) {
    let key = |n: &str| normalize(n);
    for s in &new.systems {
        match old.systems.iter().find(|o| key(&o.name) == key(&s.name)) {
            None => b.push(
                Group::Wider,
                "system_added",
                None,
                format!(
                    "the agent gets {} access to `{}`",
                    access_words(s.access),
                    s.name
                ),
                None,
                Some(s.span),
            ),
            Some(o) if access_rank(s.access) > access_rank(o.access) => b.push(
                Group::Wider,
                "system_access_widened",
                None,
                format!(
                    "the agent's access to `{}` widens from {} to {}",
                    s.name,
                    access_words(o.access),
                    access_words(s.access)
                ),
                Some(o.span),
                Some(s.span),
            ),
            Some(o) if access_rank(s.access) < access_rank(o.access) => b.push(
                Group::Stricter,
                "system_access_narrowed",
                None,
                format!(
                    "the agent's access to `{}` narrows from {} to {}",
                    s.name,
                    access_words(o.access),
                    access_words(s.access)
                ),
                Some(o.span),
                Some(s.span),
            ),
            Some(_) => {}
        }
    }
    for o in &old.systems {
        if !new.systems.iter().any(|s| key(&s.name) == key(&o.name)) {
            b.push(
                Group::Stricter,
                "system_removed",
                None,
                format!("the agent no longer has access to `{}`", o.name),
                Some(o.span),
                None,
            );
        }
    }
}

fn channels(b: &mut Builder, old: &Policy, new: &Policy) {
    for c in &new.channels {
        if !old.channels.iter().any(|o| o.name == c.name) {
            b.push(
                Group::Wider,
                "channel_added",
                None,
                format!("the agent now also answers on {}", c.name),
                None,
                Some(c.span),
            );
        }
    }
    for o in &old.channels {
        if !new.channels.iter().any(|c| c.name == o.name) {
            b.push(
                Group::Stricter,
                "channel_removed",
                None,
                format!("the agent no longer answers on {}", o.name),
                Some(o.span),
                None,
            );
        }
    }
}

fn log(b: &mut Builder, old: &Policy, new: &Policy) {
    let none: Vec<Phrase> = Vec::new();
    let redact = |p: &Policy| p.log.as_ref().map_or(&none, |l| &l.redact).clone();
    b.phrases(
        &redact(old),
        &redact(new),
        None,
        (Group::Wider, "redact_removed", &|p| {
            format!("{p} are no longer removed from the conversation log")
        }),
        (Group::Stricter, "redact_added", &|p| {
            format!("{p} are now removed from the conversation log")
        }),
        "redact",
    );
}

fn topics(b: &mut Builder, old: &Policy, new: &Policy) {
    let key = |n: &str| normalize(n);
    for t in &new.topics {
        match old.topics.iter().find(|o| key(&o.name) == key(&t.name)) {
            Some(o) => topic(b, o, t),
            None if t.handoff.always => b.push(
                Group::Stricter,
                "topic_added",
                Some(&t.name),
                format!(
                    "new topic `{}`: every conversation on it goes to a person",
                    t.name
                ),
                None,
                Some(t.span),
            ),
            None => {
                let actions: Vec<&str> = t.may.iter().map(|a| a.text.as_str()).collect();
                let does = if actions.is_empty() {
                    String::new()
                } else {
                    format!(" (may {})", actions.join(", "))
                };
                b.push(
                    Group::Wider,
                    "topic_added",
                    Some(&t.name),
                    format!(
                        "new topic `{}`: the agent now handles it on its own{does}",
                        t.name
                    ),
                    None,
                    Some(t.span),
                );
            }
        }
    }
    for o in &old.topics {
        if new.topics.iter().any(|t| key(&t.name) == key(&o.name)) {
            continue;
        }
        let (group, to) = match new.fallback.action {
            FallbackAction::Handoff => (Group::Stricter, "a person (fallback handoff)"),
            FallbackAction::Answer => (Group::Wider, "the agent (fallback answer)"),
        };
        b.push(
            group,
            "topic_removed",
            Some(&o.name),
            format!(
                "topic `{}` was removed: its messages now go to {to}",
                o.name
            ),
            Some(o.span),
            None,
        );
    }
}

fn topic(b: &mut Builder, o: &Topic, t: &Topic) {
    let name = Some(t.name.as_str());
    let may = |topic: &Topic| -> Vec<Phrase> {
        topic
            .may
            .iter()
            .map(|a| Phrase {
                text: match &a.using {
                    Some(system) => format!("{} using {system}", a.text),
                    None => a.text.clone(),
                },
                span: a.span,
            })
            .collect()
    };
    let topic_name = t.name.clone();
    b.phrases(
        &may(o),
        &may(t),
        name,
        (Group::Stricter, "may_removed", &|p| {
            format!("`{topic_name}`: the agent may no longer {p} on its own")
        }),
        (Group::Wider, "may_added", &|p| {
            format!("`{topic_name}`: the agent may now {p} on its own")
        }),
        "may",
    );
    b.phrases(
        &o.must_not,
        &t.must_not,
        name,
        (Group::Wider, "must_not_removed", &|p| {
            format!("`{topic_name}`: `must not {p}` was removed: the agent may now {p}")
        }),
        (Group::Stricter, "must_not_added", &|p| {
            format!("`{topic_name}`: the agent must not {p}")
        }),
        "must not",
    );
    b.phrases(
        &o.handoff.when,
        &t.handoff.when,
        name,
        (Group::Wider, "topic_handoff_when_removed", &|p| {
            format!("`{topic_name}`: {p} no longer hands the conversation to a person")
        }),
        (Group::Stricter, "topic_handoff_when_added", &|p| {
            format!("`{topic_name}`: {p} now hands the conversation to a person")
        }),
        "handoff when",
    );
    match (o.handoff.always, t.handoff.always) {
        (true, false) => b.push(
            Group::Wider,
            "handoff_always_removed",
            name,
            format!(
                "`{}`: conversations no longer always go to a person",
                t.name
            ),
            Some(o.span),
            Some(t.span),
        ),
        (false, true) => b.push(
            Group::Stricter,
            "handoff_always_added",
            name,
            format!("`{}`: every conversation now goes to a person", t.name),
            Some(o.span),
            Some(t.span),
        ),
        _ => {}
    }
    match (o.risk, t.risk) {
        (Some(a), Some(c)) if risk_rank(c) < risk_rank(a) => b.push(
            Group::Wider,
            "risk_lowered",
            name,
            format!(
                "`{}`: risk lowered from {} to {}",
                t.name,
                a.as_str(),
                c.as_str()
            ),
            Some(o.span),
            Some(t.span),
        ),
        (Some(a), Some(c)) if risk_rank(c) > risk_rank(a) => b.push(
            Group::Stricter,
            "risk_raised",
            name,
            format!(
                "`{}`: risk raised from {} to {}",
                t.name,
                a.as_str(),
                c.as_str()
            ),
            Some(o.span),
            Some(t.span),
        ),
        (a, c) if a != c => b.push(
            Group::Wording,
            "risk_changed",
            name,
            format!(
                "`{}`: risk {} is now {}",
                t.name,
                a.map_or("unset", Risk::as_str),
                c.map_or("unset", Risk::as_str)
            ),
            Some(o.span),
            Some(t.span),
        ),
        _ => {}
    }
    let fields = |topic: &Topic| -> Vec<Phrase> {
        topic
            .collect
            .iter()
            .map(|f| Phrase {
                text: f.name.clone(),
                span: f.span,
            })
            .collect()
    };
    b.phrases(
        &fields(o),
        &fields(t),
        name,
        (Group::Wider, "collect_removed", &|p| {
            format!("`{topic_name}`: {p} is no longer collected before handing off")
        }),
        (Group::Stricter, "collect_added", &|p| {
            format!("`{topic_name}`: {p} is now collected before handing off")
        }),
        "collect",
    );
    b.phrases(
        &o.about,
        &t.about,
        name,
        (Group::Wording, "about_removed", &|p| {
            format!("`{topic_name}`: no longer routed by \"{p}\"")
        }),
        (Group::Wording, "about_added", &|p| {
            format!("`{topic_name}`: now routed by \"{p}\"")
        }),
        "about",
    );
    if o.title != t.title {
        b.push(
            Group::Wording,
            "title_changed",
            name,
            format!("`{}`: title \"{}\" is now \"{}\"", t.name, o.title, t.title),
            Some(o.span),
            Some(t.span),
        );
    }
}

fn wording(b: &mut Builder, old: &Policy, new: &Policy) {
    let business = |p: &Policy| p.business.as_ref().map(|b| b.name.clone());
    if business(old) != business(new) {
        b.push(
            Group::Wording,
            "business_changed",
            None,
            format!(
                "the business is now called {}",
                business(new).unwrap_or_else(|| "nothing".into())
            ),
            old.business.as_ref().map(|b| b.span),
            new.business.as_ref().map(|b| b.span),
        );
    }
    b.phrases(
        &old.tone,
        &new.tone,
        None,
        (Group::Wording, "tone_removed", &|p| {
            format!("tone no longer {p}")
        }),
        (Group::Wording, "tone_added", &|p| format!("tone now {p}")),
        "tone",
    );
    let tests = |p: &Policy| -> Vec<Phrase> {
        p.tests
            .iter()
            .map(|t| Phrase {
                text: t.message.clone(),
                span: t.span,
            })
            .collect()
    };
    b.phrases(
        &tests(old),
        &tests(new),
        None,
        (Group::Wording, "test_removed", &|p| {
            format!("test \"{p}\" removed")
        }),
        (Group::Wording, "test_added", &|p| {
            format!("test \"{p}\" added")
        }),
        "test",
    );
}
