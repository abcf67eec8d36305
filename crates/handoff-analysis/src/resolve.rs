//! Resolution: the syntax tree becomes the model (`hir.rs`). Names are
//! looked up, phrases normalised, fixed words turned into enums, and what
//! cannot be resolved (an unknown system, channel, risk, type or topic; a
//! name declared twice; a declaration that may appear once) is reported
//! here, where it is found.

use std::collections::HashMap;

use handoff_diagnostics::{Diagnostic, Lint, Span, did_you_mean};
use handoff_policy::{FieldType, Risk, VariantArray};
use handoff_syntax::tree::{self, ClauseKind, Expect, ItemKind};
use handoff_text::normalize;

use crate::hir::{self, Model, Reference, Symbol, SystemId, TopicId};
use crate::vocabulary::{CHANNEL_ALIASES, CHANNELS, FIELD_TYPE_ALIASES};

pub(crate) fn build(file: &tree::SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Model {
    let mut b = Builder {
        diagnostics,
        firsts: HashMap::new(),
        model: Model::default(),
    };
    // Systems and topics are declared first, so `using` and tests may name
    // ones declared further down. An item that repeats an earlier name is
    // reported and left out; its name refers to the first. Each item's
    // symbol is kept, so the second pass does not look its name up again.
    let mut declared: Vec<Option<(Symbol, bool)>> = vec![None; file.items.len()];
    for (index, item) in file.items.iter().enumerate() {
        match &item.kind {
            ItemKind::System(system) => {
                let name = name(&system.name);
                match b.model.system_keys.get(&name.key) {
                    Some(&first) => {
                        declared[index] = Some((Symbol::System(first), true));
                        let first = &b.model.system(first).name;
                        let d = duplicate(Lint::DuplicateSystem, "system", &name, first);
                        b.diagnostics.push(d);
                    }
                    None => {
                        let id = SystemId(b.model.systems.len() as u32);
                        declared[index] = Some((Symbol::System(id), false));
                        b.model.system_keys.insert(name.key.clone(), id);
                        b.model.systems.push(hir::System {
                            name,
                            access: system.access,
                            access_span: system.access_span,
                            span: item.span,
                        });
                    }
                }
            }
            ItemKind::Topic(topic) => {
                let name = name(&topic.name);
                match b.model.topic_keys.get(&name.key) {
                    Some(&first) => {
                        declared[index] = Some((Symbol::Topic(first), true));
                        let first = &b.model.topic(first).name;
                        let d = duplicate(Lint::DuplicateTopic, "topic", &name, first);
                        b.diagnostics.push(d);
                    }
                    None => {
                        let id = TopicId(b.model.topics.len() as u32);
                        declared[index] = Some((Symbol::Topic(id), false));
                        b.model.topic_keys.insert(name.key.clone(), id);
                        b.model.topics.push(skeleton(topic, name, item.span));
                    }
                }
            }
            _ => {}
        }
    }

    let mut topic_index = 0;
    // Reply tests name `never promise` and `must not` phrases that may be
    // written further down: they are resolved once every phrase is known.
    let mut reply_tests = Vec::new();
    for (index, item) in file.items.iter().enumerate() {
        match &item.kind {
            ItemKind::Business(name) => {
                if b.first("business", item) {
                    b.model.business = Some(phrase(name));
                }
            }
            ItemKind::Channels(list) => {
                if b.first("channels", item) {
                    b.model.channels = list.iter().filter_map(|c| b.channel(c)).collect();
                }
            }
            ItemKind::Language(list) => {
                if b.first("language", item) {
                    b.model.languages = phrases(list);
                }
            }
            ItemKind::Tone(list) => {
                if b.first("tone", item) {
                    b.model.tone = phrases(list);
                }
            }
            ItemKind::NeverPromise(list) => b.model.never_promise.extend(list.iter().map(phrase)),
            ItemKind::Staff(list) => b.model.staff.extend(list.iter().map(phrase)),
            ItemKind::Matching(matching) => {
                if b.first("matching", item) {
                    b.model.matching = Some((matching.exact, item.span));
                }
            }
            ItemKind::HandoffWhen(list) => b.model.handoff_when.extend(list.iter().map(phrase)),
            ItemKind::Fallback(fallback) => {
                if b.first("fallback", item) {
                    b.model.fallback = hir::Fallback {
                        action: fallback.action,
                        span: Some(item.span),
                    };
                }
            }
            ItemKind::System(system) => {
                if let Some((symbol, repeated)) = declared[index] {
                    b.refer(symbol, system.name.span, !repeated);
                }
            }
            ItemKind::Topic(topic) => {
                let Some((symbol, repeated)) = declared[index] else {
                    continue;
                };
                b.refer(symbol, topic.name.span, !repeated);
                if repeated {
                    // A repeated topic's clauses are resolved for their
                    // diagnostics, then dropped.
                    let mut compiled = skeleton(topic, name(&topic.name), item.span);
                    b.topic_clauses(&mut compiled, topic);
                } else {
                    let mut compiled = std::mem::take(&mut b.model.topics[topic_index]);
                    b.topic_clauses(&mut compiled, topic);
                    b.model.topics[topic_index] = compiled;
                    topic_index += 1;
                }
            }
            ItemKind::Log(log) => {
                if b.first("log:", item) {
                    b.model.log = Some(b.log(log, item));
                }
            }
            ItemKind::Test(test) => {
                let compiled = b.test(test, item.span);
                b.model.tests.push(compiled);
            }
            ItemKind::ReplyTest(test) => reply_tests.push((test, item.span)),
            ItemKind::Error => {}
        }
    }
    for (test, span) in reply_tests {
        let compiled = b.reply_test(test, span);
        b.model.reply_tests.push(compiled);
    }
    // Uses in file order, as the model promises, though reply tests were
    // resolved last.
    b.model.references.sort_by_key(|r| r.span.start);
    b.model
}

/// A topic with its name and title, before its clauses are resolved.
fn skeleton(topic: &tree::Topic, name: hir::Name, span: Span) -> hir::Topic {
    hir::Topic {
        name,
        title: topic.title.as_ref().map(phrase),
        span,
        risk: None,
        about: Vec::new(),
        may: Vec::new(),
        must_not: Vec::new(),
        handoff_when: Vec::new(),
        handoff_always: None,
        collect: Vec::new(),
        clauses: Vec::new(),
    }
}

fn name(n: &tree::Name) -> hir::Name {
    hir::Name {
        text: n.text.clone(),
        key: name_key(&n.text),
        span: n.span,
    }
}

/// Names compare after normalisation, so `opening-hours`, `Opening_Hours`
/// and `opening hours` are one name.
pub(crate) fn name_key(name: &str) -> String {
    normalize(name)
}

fn phrase(p: &tree::Phrase) -> hir::Phrase {
    hir::Phrase {
        text: p.text.clone(),
        key: normalize(&p.text),
        span: p.span,
        quoted: p.quoted,
    }
}

fn phrases(list: &[tree::Phrase]) -> Vec<hir::Phrase> {
    list.iter().map(phrase).collect()
}

fn duplicate(lint: Lint, what: &str, name: &hir::Name, first: &hir::Name) -> Diagnostic {
    Diagnostic::new(
        lint,
        name.span,
        format!("there is already a {what} named `{}`", first.text),
    )
    .with_label(format!("second {what} `{}`", name.text))
    .with_related(first.span, format!("the first `{}` is here", first.text))
    .with_help(format!(
        "merge the two into one {what}, or give this one another name"
    ))
}

struct Builder<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The first item of each once-only declaration.
    firsts: HashMap<&'static str, Span>,
    model: Model,
}

impl Builder<'_> {
    /// True for the first item of a declaration that may appear once;
    /// reports any later one.
    fn first(&mut self, what: &'static str, item: &tree::Item) -> bool {
        match self.firsts.get(what) {
            None => {
                self.firsts.insert(what, item.keyword);
                true
            }
            Some(&first) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Lint::DuplicateDeclaration,
                        item.keyword,
                        format!("`{what}` is already declared; it may appear only once"),
                    )
                    .with_label("second declaration")
                    .with_related(first, "the first one is here")
                    .with_help(format!(
                        "keep one `{what}` line; the first one is used and this one is ignored"
                    )),
                );
                false
            }
        }
    }

    fn refer(&mut self, symbol: Symbol, span: Span, is_definition: bool) {
        self.model.references.push(Reference {
            symbol,
            span,
            is_definition,
        });
    }

    fn channel(&mut self, phrase: &tree::Phrase) -> Option<hir::Channel> {
        let key = normalize(&phrase.text);
        if let Some(known) = CHANNELS.iter().find(|c| **c == key.replace(' ', "")) {
            return Some(hir::Channel {
                name: known,
                span: phrase.span,
            });
        }
        let suggestion = CHANNEL_ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|(_, name)| *name)
            .or_else(|| did_you_mean(&phrase.text, CHANNELS.iter().copied()));
        let mut d = Diagnostic::new(
            Lint::UnknownChannel,
            phrase.span,
            format!("`{}` is not a channel handoff knows", phrase.text),
        )
        .with_label("unknown channel");
        d = match suggestion {
            Some(name) => d
                .with_help(format!(
                    "did you mean `{name}`? The channels are {}",
                    CHANNELS.join(", ")
                ))
                .with_fix(format!("Replace with `{name}`"), phrase.span, name),
            None => d.with_help(format!("the channels are {}", CHANNELS.join(", "))),
        };
        self.diagnostics.push(d);
        None
    }

    fn topic_clauses(&mut self, compiled: &mut hir::Topic, topic: &tree::Topic) {
        for clause in &topic.clauses {
            compiled.clauses.push(hir::ClauseHead {
                clause: clause.kind.clause(),
                keyword: clause.keyword,
                span: clause.span,
            });
            match &clause.kind {
                ClauseKind::About(list) => compiled.about.extend(list.iter().map(phrase)),
                ClauseKind::Risk(risk) => {
                    let resolved = self.risk(risk);
                    // A second `risk` is a duplicate-clause warning; the first holds.
                    compiled.risk.get_or_insert(hir::RiskClause {
                        risk: resolved,
                        phrase: phrase(risk),
                    });
                }
                ClauseKind::May { actions, using } => {
                    let using = using.as_ref().and_then(|u| self.system(u));
                    compiled.may.extend(actions.iter().map(|a| hir::Action {
                        phrase: phrase(a),
                        using,
                    }));
                }
                ClauseKind::MustNot(list) => compiled.must_not.extend(list.iter().map(phrase)),
                ClauseKind::HandoffWhen(list) => {
                    compiled.handoff_when.extend(list.iter().map(phrase))
                }
                ClauseKind::HandoffAlways => {
                    compiled.handoff_always.get_or_insert(clause.keyword);
                }
                ClauseKind::Collect(fields) => {
                    for field in fields {
                        let ty = self.field_type(field);
                        compiled.collect.push(hir::Field {
                            name: phrase(&field.name),
                            ty,
                            ty_span: field.ty.as_ref().map(|t| t.span),
                        });
                    }
                }
                // The parser keeps these out of topics.
                ClauseKind::Save(_) | ClauseKind::Redact(_) => {}
            }
        }
    }

    fn risk(&mut self, risk: &tree::Phrase) -> Option<Risk> {
        let key = normalize(&risk.text);
        if let Ok(r) = key.parse::<Risk>() {
            return Some(r);
        }
        let names = Risk::VARIANTS.iter().map(|r| r.as_str());
        let mut d = Diagnostic::new(
            Lint::UnknownRisk,
            risk.span,
            format!("`{}` is not a risk", risk.text),
        )
        .with_label("unknown risk");
        let help = "the risks are `fact` (simple facts), `internal` (needs your own data), \
                    `binding` (money, agreements, bookings) and `judgment` (needs a person)";
        d = match did_you_mean(&risk.text, names) {
            Some(better) => d
                .with_help(format!("did you mean `{better}`? {help}"))
                .with_fix(format!("Replace with `{better}`"), risk.span, better),
            None => d.with_help(help),
        };
        self.diagnostics.push(d);
        None
    }

    fn system(&mut self, name: &tree::Name) -> Option<hir::Using> {
        if let Some(system) = self.model.system_named(&name.text) {
            self.refer(Symbol::System(system), name.span, false);
            return Some(hir::Using {
                system,
                span: name.span,
            });
        }
        let mut d = Diagnostic::new(
            Lint::UnknownSystem,
            name.span,
            format!("no system named `{}` is declared", name.text),
        )
        .with_label("unknown system");
        let candidates = self.model.systems.iter().map(|s| s.name.text.as_str());
        d = match did_you_mean(&name.text, candidates) {
            Some(better) => d.with_help(format!("did you mean `{better}`?")).with_fix(
                format!("Replace with `{better}`"),
                name.span,
                better,
            ),
            None => d.with_help(format!(
                "declare it with the access the agent needs, e.g. `system {}: read`",
                name.text
            )),
        };
        self.diagnostics.push(d);
        None
    }

    fn field_type(&mut self, field: &tree::Field) -> FieldType {
        let Some(ty) = &field.ty else {
            return FieldType::Text;
        };
        let key = ty.text.to_lowercase().replace(' ', "");
        if let Ok(t) = key.parse::<FieldType>() {
            return t;
        }
        let names: Vec<&str> = FieldType::VARIANTS.iter().map(|t| t.as_str()).collect();
        let suggestion = FIELD_TYPE_ALIASES
            .iter()
            .find(|(alias, _)| *alias == ty.text.to_lowercase())
            .map(|(_, t)| *t)
            .or_else(|| did_you_mean(&ty.text, names.iter().copied()));
        let mut d = Diagnostic::new(
            Lint::UnknownFieldType,
            ty.span,
            format!("`{}` is not a field type", ty.text),
        )
        .with_label("unknown type");
        let help = format!(
            "the types are {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        d = match suggestion {
            Some(better) => d
                .with_help(format!("did you mean `{better}`? {help}"))
                .with_fix(format!("Replace with `{better}`"), ty.span, better),
            None => d.with_help(help),
        };
        self.diagnostics.push(d);
        FieldType::Text
    }

    fn log(&mut self, log: &tree::Log, item: &tree::Item) -> hir::Log {
        let mut compiled = hir::Log {
            save: Vec::new(),
            redact: Vec::new(),
            keyword: item.keyword,
            span: item.span,
            clauses: Vec::new(),
        };
        for clause in &log.clauses {
            compiled.clauses.push(hir::ClauseHead {
                clause: clause.kind.clause(),
                keyword: clause.keyword,
                span: clause.span,
            });
            match &clause.kind {
                ClauseKind::Save(list) => compiled.save.extend(list.iter().map(phrase)),
                ClauseKind::Redact(list) => compiled.redact.extend(list.iter().map(phrase)),
                // The parser keeps topic clauses out of `log:`.
                ClauseKind::About(_)
                | ClauseKind::Risk(_)
                | ClauseKind::May { .. }
                | ClauseKind::MustNot(_)
                | ClauseKind::HandoffWhen(_)
                | ClauseKind::HandoffAlways
                | ClauseKind::Collect(_) => {}
            }
        }
        compiled
    }

    fn test(&mut self, test: &tree::Test, span: Span) -> hir::Test {
        let expect = match &test.expect {
            Expect::Answered(n) => hir::Expect::Answered(self.topic_ref(n)),
            Expect::Handoff(n) => hir::Expect::Handoff(n.as_ref().map(|n| self.topic_ref(n))),
            Expect::NoTopic => hir::Expect::NoTopic,
        };
        hir::Test {
            message: phrase(&test.message),
            expect,
            expect_span: test.expect_span,
            span,
        }
    }

    fn topic_ref(&mut self, n: &tree::Name) -> hir::TopicRef {
        self.topic_ref_in(n, None)
    }

    /// A topic named in a test. `breaks`: in a reply test, the phrase after
    /// `breaks`, which a suggested topic must have for its fix to help.
    fn topic_ref_in(&mut self, n: &tree::Name, breaks: Option<Option<&str>>) -> hir::TopicRef {
        let topic = self.model.topic_named(&n.text);
        match topic {
            Some(id) => self.refer(Symbol::Topic(id), n.span, false),
            None => {
                let candidates = self.model.topics.iter().map(|t| t.name.text.as_str());
                let message = match breaks {
                    None => format!(
                        "this test expects a topic `{}`, but no such topic is declared",
                        n.text
                    ),
                    Some(_) => format!(
                        "this reply test is on a topic `{}`, but no such topic is declared",
                        n.text
                    ),
                };
                let mut d = Diagnostic::new(Lint::UnknownTopic, n.span, message)
                    .with_label("unknown topic");
                let better = did_you_mean(&n.text, candidates);
                // In a reply test the fix must not leave `breaks` naming a
                // phrase the suggested topic does not have.
                let fixes = match (better, breaks) {
                    (Some(better), Some(Some(phrase))) => {
                        let id = self.model.topic_named(better);
                        id.is_some_and(|id| {
                            self.model
                                .topic(id)
                                .must_not
                                .iter()
                                .any(|p| p.key == normalize(phrase))
                        })
                    }
                    _ => true,
                };
                d = match better {
                    Some(better) if fixes => d
                        .with_help(format!("did you mean `{better}`?"))
                        .with_fix(format!("Replace with `{better}`"), n.span, better),
                    Some(better) => d.with_help(format!("did you mean `{better}`?")),
                    None if breaks.is_some() => d.with_help(
                        "name a declared topic after `on`, or leave `on TOPIC` out to check the \
                         reply against `never promise` only",
                    ),
                    None => d.with_help(
                        "name a declared topic, `handoff TOPIC`, or just `handoff` when any \
                         topic will do",
                    ),
                };
                self.diagnostics.push(d);
            }
        }
        hir::TopicRef {
            name: name(n),
            topic,
        }
    }

    fn reply_test(&mut self, test: &tree::ReplyTest, span: Span) -> hir::ReplyTest {
        let breaks = match &test.expect {
            tree::ReplyExpect::Ok => None,
            tree::ReplyExpect::Breaks(p) => Some(p.text.as_str()),
        };
        let topic = test
            .topic
            .as_ref()
            .map(|n| self.topic_ref_in(n, Some(breaks)));
        let expect = match &test.expect {
            tree::ReplyExpect::Ok => hir::ReplyExpect::Ok,
            tree::ReplyExpect::Breaks(p) => {
                let phrase = phrase(p);
                let rule = match &topic {
                    // An unknown topic is reported already; its phrases are unknown.
                    Some(hir::TopicRef { topic: None, .. }) => None,
                    Some(hir::TopicRef {
                        topic: Some(id),
                        name,
                    }) => self.must_not_ref(&phrase, *id, name, test),
                    None => self.never_promise_ref(&phrase, test),
                };
                hir::ReplyExpect::Breaks(hir::RuleRef { phrase, rule })
            }
        };
        hir::ReplyTest {
            reply: phrase(&test.reply),
            topic,
            expect,
            expect_span: test.expect_span,
            span,
        }
    }

    fn never_promise_ref(
        &mut self,
        phrase: &hir::Phrase,
        test: &tree::ReplyTest,
    ) -> Option<hir::RulePhrase> {
        if let Some(i) = self
            .model
            .never_promise
            .iter()
            .position(|p| p.key == phrase.key)
        {
            return Some(hir::RulePhrase::NeverPromise(i));
        }
        let d = Diagnostic::new(
            Lint::UnknownRule,
            phrase.span,
            format!(
                "`{}` is not a `never promise` phrase of this file",
                phrase.text
            ),
        )
        .with_label("no such `never promise` phrase");
        let must_not = self.model.topics.iter().find_map(|t| {
            t.must_not
                .iter()
                .any(|p| p.key == phrase.key)
                .then_some(&t.name.text)
        });
        let candidates = self.model.never_promise.iter().map(|p| p.text.as_str());
        let d = if let Some(topic) = must_not {
            let at = Span::new(test.reply.span.end as usize, test.reply.span.end as usize);
            d.with_help(format!(
                "`{}` is a `must not` phrase of topic `{topic}`: say which topic the reply is \
                 on with `on {topic}`",
                phrase.text
            ))
            .with_fix(format!("Add `on {topic}`"), at, format!(" on {topic}"))
        } else if let Some(better) = did_you_mean(&phrase.text, candidates) {
            d.with_help(format!("did you mean `{better}`?")).with_fix(
                format!("Replace with `{better}`"),
                phrase.span,
                written(better, phrase.quoted),
            )
        } else if self.model.never_promise.is_empty() {
            d.with_help(
                "this file has no `never promise` line; add one (`never promise refund`), or \
                 expect `-> ok`",
            )
        } else {
            d.with_help(format!(
                "`breaks` names one of the file's `never promise` phrases: {}",
                listed(&self.model.never_promise)
            ))
        };
        self.diagnostics.push(d);
        None
    }

    fn must_not_ref(
        &mut self,
        phrase: &hir::Phrase,
        id: TopicId,
        name: &hir::Name,
        test: &tree::ReplyTest,
    ) -> Option<hir::RulePhrase> {
        let topic = self.model.topic(id);
        if let Some(i) = topic.must_not.iter().position(|p| p.key == phrase.key) {
            return Some(hir::RulePhrase::MustNot(id, i));
        }
        let d = Diagnostic::new(
            Lint::UnknownRule,
            phrase.span,
            format!(
                "topic `{}` has no `must not` phrase `{}`",
                topic.name.text, phrase.text
            ),
        )
        .with_label("no such `must not` phrase");
        let never = self.model.never_promise.iter().any(|p| p.key == phrase.key);
        let candidates = topic.must_not.iter().map(|p| p.text.as_str());
        let d = if never {
            let on = Span::new(test.reply.span.end as usize, name.span.end as usize);
            d.with_help(format!(
                "`{}` is a `never promise` phrase: `breaks` names it in a reply test without \
                 `on TOPIC`",
                phrase.text
            ))
            .with_fix(format!("Remove `on {}`", name.text), on, "")
        } else if let Some(better) = did_you_mean(&phrase.text, candidates) {
            d.with_help(format!("did you mean `{better}`?")).with_fix(
                format!("Replace with `{better}`"),
                phrase.span,
                written(better, phrase.quoted),
            )
        } else if topic.must_not.is_empty() {
            d.with_help(format!(
                "topic `{}` has no `must not` clause; add one, or expect `-> ok`",
                topic.name.text
            ))
        } else {
            d.with_help(format!(
                "with `on {}`, `breaks` names one of its `must not` phrases: {}",
                topic.name.text,
                listed(&topic.must_not)
            ))
        };
        self.diagnostics.push(d);
        None
    }
}

/// Phrases as a list for a help line: `price`, `discount`.
fn listed(phrases: &[hir::Phrase]) -> String {
    phrases
        .iter()
        .map(|p| format!("`{}`", p.text))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A phrase as it can be written after `breaks`: as the author wrote it
/// when quoted, else bare where it can be.
fn written(text: &str, quoted: bool) -> String {
    if quoted {
        handoff_syntax::quoted(text)
    } else {
        handoff_syntax::written(text)
    }
}
