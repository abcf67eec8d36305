//! The policy is a projection of the model: the same items in file order,
//! with byte spans turned into lines and columns and names into the
//! spelling of their declaration. Nothing is resolved or checked here.
//!
//! Every struct is destructured field by field, so a field added to the
//! model or the policy does not compile until this projection handles it.

use handoff_diagnostics::Span;
use handoff_policy as policy;

use crate::hir;

pub(crate) fn policy(
    model: &hir::Model,
    locate: &dyn Fn(Span) -> policy::SourceSpan,
) -> policy::Policy {
    let hir::Model {
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
        references: _,
        topic_keys: _,
        system_keys: _,
    } = model;
    let phrase = |p: &hir::Phrase| policy::Phrase {
        text: p.text.clone(),
        span: locate(p.span),
    };
    let phrases = |list: &[hir::Phrase]| list.iter().map(phrase).collect::<Vec<_>>();
    policy::Policy {
        format_version: policy::FORMAT_VERSION.to_string(),
        business: business.as_ref().map(|b| policy::Business {
            name: b.text.clone(),
            span: locate(b.span),
        }),
        channels: channels
            .iter()
            .map(|hir::Channel { name, span }| policy::Channel {
                name: name.to_string(),
                span: locate(*span),
            })
            .collect(),
        languages: languages
            .iter()
            .map(|l| policy::Language {
                tag: l.text.clone(),
                span: locate(l.span),
            })
            .collect(),
        tone: phrases(tone),
        matching: policy::Matching {
            exact: matching.is_some_and(|(exact, _)| exact),
            span: matching.map(|(_, span)| locate(span)),
        },
        staff: phrases(staff),
        never_promise: phrases(never_promise),
        handoff_when: phrases(handoff_when),
        fallback: policy::Fallback {
            action: fallback.action,
            span: fallback.span.map(locate),
        },
        systems: systems
            .iter()
            .map(
                |hir::System {
                     name,
                     access,
                     access_span: _,
                     span,
                 }| policy::System {
                    name: name.text.clone(),
                    access: *access,
                    span: locate(*span),
                },
            )
            .collect(),
        topics: topics.iter().map(|t| topic(model, t, locate)).collect(),
        log: log.as_ref().map(
            |hir::Log {
                 save,
                 redact,
                 keyword: _,
                 span,
                 clauses: _,
             }| {
                policy::Log {
                    save: phrases(save),
                    redact: phrases(redact),
                    span: locate(*span),
                }
            },
        ),
        tests: tests
            .iter()
            .map(
                |hir::Test {
                     message,
                     expect,
                     expect_span: _,
                     span,
                 }| {
                    let (topic, handoff) = match expect {
                        hir::Expect::Answered(t) => (Some(t), false),
                        hir::Expect::Handoff(t) => (t.as_ref(), true),
                        hir::Expect::NoTopic => (None, false),
                    };
                    policy::Test {
                        message: message.text.clone(),
                        expect: policy::Expectation {
                            // An unknown topic keeps its spelling (and is an error).
                            topic: topic.map(|t| match t.topic {
                                Some(id) => model.topic(id).name.text.clone(),
                                None => t.name.text.clone(),
                            }),
                            handoff,
                        },
                        span: locate(*span),
                    }
                },
            )
            .collect(),
        reply_tests: reply_tests
            .iter()
            .map(
                |hir::ReplyTest {
                     reply,
                     topic,
                     expect,
                     expect_span: _,
                     span,
                 }| policy::ReplyTest {
                    reply: reply.text.clone(),
                    // An unknown topic or phrase keeps its spelling (and is an error).
                    topic: topic.as_ref().map(|t| match t.topic {
                        Some(id) => model.topic(id).name.text.clone(),
                        None => t.name.text.clone(),
                    }),
                    breaks: match expect {
                        hir::ReplyExpect::Ok => None,
                        hir::ReplyExpect::Breaks(hir::RuleRef { phrase, rule }) => {
                            Some(match rule {
                                Some(rule) => model.rule_phrase(*rule).text.clone(),
                                None => phrase.text.clone(),
                            })
                        }
                    },
                    span: locate(*span),
                },
            )
            .collect(),
    }
}

fn topic(
    model: &hir::Model,
    t: &hir::Topic,
    locate: &dyn Fn(Span) -> policy::SourceSpan,
) -> policy::Topic {
    let hir::Topic {
        name,
        title: _,
        span,
        risk,
        about,
        may,
        must_not,
        handoff_when,
        handoff_always,
        collect,
        clauses: _,
    } = t;
    let phrase = |p: &hir::Phrase| policy::Phrase {
        text: p.text.clone(),
        span: locate(p.span),
    };
    policy::Topic {
        name: name.text.clone(),
        title: t.title(),
        risk: risk.as_ref().and_then(|r| r.risk),
        about: about.iter().map(phrase).collect(),
        may: may
            .iter()
            .map(|hir::Action { phrase, using }| policy::Action {
                text: phrase.text.clone(),
                using: using.map(|u| model.system(u.system).name.text.clone()),
                span: locate(phrase.span),
            })
            .collect(),
        must_not: must_not.iter().map(phrase).collect(),
        handoff: policy::Handoff {
            always: handoff_always.is_some(),
            when: handoff_when.iter().map(phrase).collect(),
        },
        collect: collect
            .iter()
            .map(
                |hir::Field {
                     name,
                     ty,
                     ty_span: _,
                 }| policy::Field {
                    name: name.text.clone(),
                    ty: *ty,
                    span: locate(name.span),
                },
            )
            .collect(),
        span: locate(*span),
    }
}
