//! What a change to the rules lets the agent do: the difference between two
//! compiled policies, in plain words, grouped by risk. Wider autonomy (a
//! `must not` removed, a `may` added, a system's access widened, a handoff
//! dropped, a `never promise` removed) comes first, then what got stricter,
//! then wording only. Phrases are compared after normalisation, so a
//! respelling is wording, not a change of rules.

use std::collections::BTreeMap;

use handoff_policy::{
    Business, Channel, Expectation, FallbackAction, Language, Log, Phrase, Policy, ReplyTest, Risk,
    SourceSpan, System, Test, Topic,
};
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

/// Compares two policies. Both are destructured field by field, so a field
/// added to the policy does not compile until the review reports it.
pub fn review(old: &Policy, new: &Policy) -> Review {
    let Policy {
        // A format change is not a change of rules.
        format_version: _,
        business: old_business,
        channels: old_channels,
        languages: old_languages,
        tone: old_tone,
        never_promise: old_never_promise,
        handoff_when: old_handoff_when,
        fallback: old_fallback,
        matching: old_matching,
        staff: old_staff,
        systems: old_systems,
        topics: old_topics,
        log: old_log,
        tests: old_tests,
        reply_tests: old_reply_tests,
    } = old;
    let Policy {
        format_version: _,
        business,
        channels,
        languages,
        tone,
        never_promise,
        handoff_when,
        fallback,
        matching,
        staff,
        systems,
        topics,
        log,
        tests,
        reply_tests,
    } = new;
    let mut b = Builder {
        review: Review::default(),
    };
    b.phrases(
        old_never_promise,
        never_promise,
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
        old_handoff_when,
        handoff_when,
        None,
        (Group::Wider, "handoff_when_removed", &|p| {
            format!("conversations about {p} no longer go to a person (top-level `handoff when` removed)")
        }),
        (Group::Stricter, "handoff_when_added", &|p| {
            format!("conversations about {p} now go to a person, on every topic")
        }),
        "handoff when",
    );
    match (old_fallback.action, fallback.action) {
        (FallbackAction::Handoff, FallbackAction::Answer) => b.push(
            Group::Wider,
            "fallback_answer",
            None,
            "messages that fit no topic are now answered by the agent instead of a person".into(),
            old_fallback.span,
            fallback.span,
        ),
        (FallbackAction::Answer, FallbackAction::Handoff) => b.push(
            Group::Stricter,
            "fallback_handoff",
            None,
            "messages that fit no topic now go to a person".into(),
            old_fallback.span,
            fallback.span,
        ),
        (FallbackAction::Handoff, FallbackAction::Handoff)
        | (FallbackAction::Answer, FallbackAction::Answer) => {}
    }
    match (old_matching.exact, matching.exact) {
        // Everyday words route more messages to the topics they name: more
        // are answered by the agent, and more reach a topic's hand-over.
        (true, false) => b.push(
            Group::Wider,
            "matching_everyday",
            None,
            "phrases now also match word forms, compounds, everyday words and numbers: more messages reach a topic".into(),
            old_matching.span,
            matching.span,
        ),
        (false, true) => b.push(
            Group::Stricter,
            "matching_exact",
            None,
            "phrases now match only their own words: fewer messages reach a topic".into(),
            old_matching.span,
            matching.span,
        ),
        (true, true) | (false, false) => {}
    }
    b.phrases(
        old_staff,
        staff,
        None,
        (Group::Stricter, "staff_removed", &|p| {
            format!("a reply that hands over to {p} is no longer taken as a hand-over")
        }),
        (Group::Wider, "staff_added", &|p| {
            format!("a reply that hands over to {p} may now be sent (`staff {p}`)")
        }),
        "staff",
    );
    self::systems(&mut b, old_systems, systems);
    self::channels(&mut b, old_channels, channels);
    self::languages(&mut b, old_languages, languages);
    self::log(&mut b, old_log.as_ref(), log.as_ref());
    self::topics(&mut b, old_topics, topics, fallback.action);
    self::business(&mut b, old_business.as_ref(), business.as_ref());
    b.phrases(
        old_tone,
        tone,
        None,
        (Group::Wording, "tone_removed", &|p| {
            format!("tone no longer {p}")
        }),
        (Group::Wording, "tone_added", &|p| format!("tone now {p}")),
        "tone",
    );
    self::tests(&mut b, old_tests, tests);
    self::reply_tests(&mut b, old_reply_tests, reply_tests);
    b.review
}

fn systems(b: &mut Builder, old: &[System], new: &[System]) {
    let key = |n: &str| normalize(n);
    for s in new {
        match old.iter().find(|o| key(&o.name) == key(&s.name)) {
            None => b.push(
                Group::Wider,
                "system_added",
                None,
                format!(
                    "the agent gets {} access to `{}`",
                    s.access.as_str(),
                    s.name
                ),
                None,
                Some(s.span),
            ),
            Some(o) if s.access.power() > o.access.power() => b.push(
                Group::Wider,
                "system_access_widened",
                None,
                format!(
                    "the agent's access to `{}` widens from {} to {}",
                    s.name,
                    o.access.as_str(),
                    s.access.as_str()
                ),
                Some(o.span),
                Some(s.span),
            ),
            Some(o) if s.access.power() < o.access.power() => b.push(
                Group::Stricter,
                "system_access_narrowed",
                None,
                format!(
                    "the agent's access to `{}` narrows from {} to {}",
                    s.name,
                    o.access.as_str(),
                    s.access.as_str()
                ),
                Some(o.span),
                Some(s.span),
            ),
            Some(_) => {}
        }
    }
    for o in old {
        if !new.iter().any(|s| key(&s.name) == key(&o.name)) {
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

fn channels(b: &mut Builder, old: &[Channel], new: &[Channel]) {
    for c in new {
        if !old.iter().any(|o| o.name == c.name) {
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
    for o in old {
        if !new.iter().any(|c| c.name == o.name) {
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

/// A language added means customers the agent did not answer before.
fn languages(b: &mut Builder, old: &[Language], new: &[Language]) {
    let key = |l: &Language| l.tag.to_lowercase();
    for l in new {
        if !old.iter().any(|o| key(o) == key(l)) {
            b.push(
                Group::Wider,
                "language_added",
                None,
                format!(
                    "the agent now also answers customers who write in `{}`",
                    l.tag
                ),
                None,
                Some(l.span),
            );
        }
    }
    for o in old {
        if !new.iter().any(|l| key(o) == key(l)) {
            b.push(
                Group::Stricter,
                "language_removed",
                None,
                format!("`{}` is no longer one of the customers' languages", o.tag),
                Some(o.span),
                None,
            );
        }
    }
}

/// Keeping more in the log keeps more personal data: that is wider.
fn log(b: &mut Builder, old: Option<&Log>, new: Option<&Log>) {
    let parts = |log: Option<&Log>| match log {
        Some(Log {
            save,
            redact,
            span: _,
        }) => (save.clone(), redact.clone()),
        None => (Vec::new(), Vec::new()),
    };
    let (old_save, old_redact) = parts(old);
    let (save, redact) = parts(new);
    b.phrases(
        &old_save,
        &save,
        None,
        (Group::Stricter, "save_removed", &|p| {
            format!("{p} are no longer kept in the conversation log")
        }),
        (Group::Wider, "save_added", &|p| {
            format!("{p} are now kept in the conversation log")
        }),
        "save",
    );
    b.phrases(
        &old_redact,
        &redact,
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

fn topics(b: &mut Builder, old: &[Topic], new: &[Topic], fallback: FallbackAction) {
    let key = |n: &str| normalize(n);
    for t in new {
        match old.iter().find(|o| key(&o.name) == key(&t.name)) {
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
    for o in old {
        if new.iter().any(|t| key(&t.name) == key(&o.name)) {
            continue;
        }
        let (group, to) = match fallback {
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
    // Every field is named, so a field added to `Topic` does not compile
    // until it is compared below (the name and place are how changes are
    // reported).
    let Topic {
        name: _,
        title: _,
        risk: _,
        about: _,
        may: _,
        must_not: _,
        handoff: _,
        collect: _,
        span: _,
    } = t;
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
        (Some(a), Some(c)) if c < a => b.push(
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
        (Some(a), Some(c)) if c > a => b.push(
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
    for field in &t.collect {
        let old = o
            .collect
            .iter()
            .find(|f| normalize(&f.name) == normalize(&field.name));
        if let Some(old) = old
            && old.ty != field.ty
        {
            b.push(
                Group::Wording,
                "collect_type_changed",
                name,
                format!(
                    "`{}`: {} is now collected as {} (was {})",
                    t.name,
                    field.name,
                    field.ty.as_str(),
                    old.ty.as_str()
                ),
                Some(old.span),
                Some(field.span),
            );
        }
    }
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

fn business(b: &mut Builder, old: Option<&Business>, new: Option<&Business>) {
    let name = |b: Option<&Business>| b.map(|b| b.name.clone());
    if name(old) != name(new) {
        b.push(
            Group::Wording,
            "business_changed",
            None,
            format!(
                "the business is now called {}",
                name(new).unwrap_or_else(|| "nothing".into())
            ),
            old.map(|b| b.span),
            new.map(|b| b.span),
        );
    }
}

/// Tests change no rule, but what they expect says what the author now
/// wants, so a changed expectation is shown.
fn tests(b: &mut Builder, old: &[Test], new: &[Test]) {
    let messages = |tests: &[Test]| -> Vec<Phrase> {
        tests
            .iter()
            .map(|t| Phrase {
                text: t.message.clone(),
                span: t.span,
            })
            .collect()
    };
    b.phrases(
        &messages(old),
        &messages(new),
        None,
        (Group::Wording, "test_removed", &|p| {
            format!("test \"{p}\" removed")
        }),
        (Group::Wording, "test_added", &|p| {
            format!("test \"{p}\" added")
        }),
        "test",
    );
    // A message written twice is paired by occurrence (the second with the
    // second), so a file compared with itself has no changes.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for t in new {
        let Test {
            message,
            expect,
            span,
        } = t;
        let key = normalize(message);
        let occurrence = seen.entry(key.clone()).or_default();
        let nth = *occurrence;
        *occurrence += 1;
        if let Some(o) = old.iter().filter(|o| normalize(&o.message) == key).nth(nth)
            && !same_expectation(&o.expect, expect)
        {
            b.push(
                Group::Wording,
                "test_expectation_changed",
                expect.topic.as_deref(),
                format!(
                    "test \"{message}\" now expects {} (it expected {})",
                    expectation(expect),
                    expectation(&o.expect)
                ),
                Some(o.span),
                Some(*span),
            );
        }
    }
}

/// Reply tests, like tests, change no rule: what they expect is shown.
fn reply_tests(b: &mut Builder, old: &[ReplyTest], new: &[ReplyTest]) {
    let replies = |tests: &[ReplyTest]| -> Vec<Phrase> {
        tests
            .iter()
            .map(|t| Phrase {
                text: t.reply.clone(),
                span: t.span,
            })
            .collect()
    };
    b.phrases(
        &replies(old),
        &replies(new),
        None,
        (Group::Wording, "reply_test_removed", &|p| {
            format!("test reply \"{p}\" removed")
        }),
        (Group::Wording, "reply_test_added", &|p| {
            format!("test reply \"{p}\" added")
        }),
        "test reply",
    );
    let expected = |t: &ReplyTest| {
        let ReplyTest {
            reply: _,
            topic,
            breaks,
            span: _,
        } = t;
        let on = topic
            .as_ref()
            .map_or_else(String::new, |topic| format!("on `{topic}` "));
        match breaks {
            None => format!("{on}that it may be sent"),
            Some(phrase) => format!("{on}that it breaks `{phrase}`"),
        }
    };
    let key = |t: &ReplyTest| {
        (
            t.topic.as_deref().map(normalize),
            t.breaks.as_deref().map(normalize),
        )
    };
    for t in new {
        let same_reply = |o: &&ReplyTest| normalize(&o.reply) == normalize(&t.reply);
        if let Some(o) = old.iter().find(same_reply)
            && key(o) != key(t)
        {
            b.push(
                Group::Wording,
                "reply_test_expectation_changed",
                t.topic.as_deref(),
                format!(
                    "test reply \"{}\" now expects {} (it expected {})",
                    t.reply,
                    expected(t),
                    expected(o)
                ),
                Some(o.span),
                Some(t.span),
            );
        }
    }
}

fn same_expectation(a: &Expectation, b: &Expectation) -> bool {
    let key = |e: &Expectation| (e.topic.as_deref().map(normalize), e.handoff);
    key(a) == key(b)
}

fn expectation(e: &Expectation) -> String {
    let Expectation { topic, handoff } = e;
    match (topic, handoff) {
        (Some(t), false) => format!("`{t}`"),
        (Some(t), true) => format!("`handoff {t}`"),
        (None, true) => "`handoff`".to_string(),
        (None, false) => "no topic".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "business \"Salon\"\nchannels whatsapp\nlanguage sv\ntone warm\n\
        never promise price\nhandoff when lawyer\nfallback handoff\nmatching everyday\nstaff Lina\nsystem calendar: read\n\
        topic booking \"Booking\":\n  about book\n  risk binding\n  may suggest times using calendar\n\
        \x20 must not confirm\n  handoff when today\n  collect day (date)\n\
        log: save question; redact names\n\
        test \"can I book\" -> booking\n\
        test reply \"A haircut costs 450 kr\" -> ok\n";

    fn policy(text: &str) -> Policy {
        let analysis = handoff_analysis::Analysis::new(text);
        assert!(
            !analysis.has_errors(),
            "{text}\n{:#?}",
            analysis.diagnostics
        );
        analysis.policy
    }

    /// One change per field of the policy, and the kind and group the review
    /// must report it with.
    const CHANGES: &[(&str, &str, &str, &str)] = &[
        ("business", "\"Salon\"", "\"Salong\"", "business_changed"),
        (
            "channels",
            "channels whatsapp",
            "channels whatsapp, sms",
            "channel_added",
        ),
        (
            "languages",
            "language sv",
            "language sv, en",
            "language_added",
        ),
        ("tone", "tone warm", "tone warm, brief", "tone_added"),
        (
            "never_promise",
            "never promise price\n",
            "",
            "never_promise_removed",
        ),
        (
            "handoff_when",
            "handoff when lawyer\n",
            "",
            "handoff_when_removed",
        ),
        (
            "fallback",
            "fallback handoff",
            "fallback answer",
            "fallback_answer",
        ),
        (
            "matching",
            "matching everyday",
            "matching exact",
            "matching_exact",
        ),
        ("staff", "staff Lina", "staff Lina, stylist", "staff_added"),
        (
            "systems",
            "calendar: read",
            "calendar: write with approval",
            "system_access_widened",
        ),
        ("topics.name", "booking", "reservation", "topic_added"),
        (
            "topics.title",
            "\"Booking\"",
            "\"Bookings\"",
            "title_changed",
        ),
        (
            "topics.risk",
            "risk binding",
            "risk internal",
            "risk_lowered",
        ),
        (
            "topics.about",
            "about book",
            "about book, appointment",
            "about_added",
        ),
        (
            "topics.may",
            "may suggest times",
            "may suggest times, move times",
            "may_added",
        ),
        (
            "topics.must_not",
            "  must not confirm\n",
            "",
            "must_not_removed",
        ),
        (
            "topics.handoff",
            "handoff when today",
            "handoff always",
            "handoff_always_added",
        ),
        (
            "topics.collect",
            "collect day (date)",
            "collect day (text)",
            "collect_type_changed",
        ),
        (
            "log.save",
            "save question",
            "save question, phone numbers",
            "save_added",
        ),
        (
            "log.redact",
            "redact names",
            "redact names, email",
            "redact_added",
        ),
        (
            "tests.message",
            "\"can I book\"",
            "\"can I book today\"",
            "test_added",
        ),
        (
            "tests.expect",
            "-> booking",
            "-> handoff booking",
            "test_expectation_changed",
        ),
        (
            "reply_tests.reply",
            "\"A haircut costs 450 kr\"",
            "\"A haircut costs 500 kr\"",
            "reply_test_added",
        ),
        (
            "reply_tests.topic",
            "kr\" -> ok",
            "kr\" on booking -> ok",
            "reply_test_expectation_changed",
        ),
        (
            "reply_tests.breaks",
            "kr\" -> ok",
            "kr\" -> breaks price",
            "reply_test_expectation_changed",
        ),
    ];

    #[test]
    fn every_field_of_the_policy_is_reviewed() {
        let base = policy(BASE);
        for (field, from, to, kind) in CHANGES {
            assert!(BASE.contains(from), "{field}: {from}");
            let changed = policy(&BASE.replace(from, to));
            let changes = review(&base, &changed);
            let kinds: Vec<&str> = [&changes.wider, &changes.stricter, &changes.wording]
                .into_iter()
                .flatten()
                .map(|c| c.kind)
                .collect();
            assert!(kinds.contains(kind), "{field}: {kinds:?}");
            assert!(review(&base, &base).is_empty(), "no change, no review");
        }
    }

    /// The fields CHANGES covers must be every field there is: a new field in
    /// the policy fails here until a change of it is reviewed.
    #[test]
    fn the_changes_cover_every_field() {
        let json = serde_json::to_value(policy(BASE)).unwrap();
        let mut fields: Vec<String> = Vec::new();
        for (key, value) in json.as_object().unwrap() {
            let nested = match key.as_str() {
                "topics" | "tests" | "reply_tests" => value[0].as_object(),
                "log" => value.as_object(),
                _ => None,
            };
            match nested {
                Some(object) => fields.extend(
                    object
                        .keys()
                        .filter(|k| *k != "span")
                        .map(|k| format!("{key}.{k}")),
                ),
                None if key == "format_version" => {}
                None => fields.push(key.clone()),
            }
        }
        fields.sort();
        let mut covered: Vec<String> = CHANGES.iter().map(|c| c.0.to_string()).collect();
        covered.sort();
        assert_eq!(fields, covered);
    }

    #[test]
    fn wider_changes_are_grouped_as_wider() {
        let base = policy(BASE);
        let wider = [
            ("save question", "save question, card number"),
            ("language sv", "language sv, en"),
            ("  must not confirm\n", ""),
        ];
        for (from, to) in wider {
            let changes = review(&base, &policy(&BASE.replacen(from, to, 1)));
            assert_eq!(changes.wider.len(), 1, "{to}: {changes:?}");
        }
    }
}
