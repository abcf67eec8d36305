//! Resolution: the syntax tree becomes the model (`hir.rs`). Names are
//! looked up, phrases normalised, fixed words turned into enums, and what
//! cannot be resolved (an unknown system, channel, risk, type or topic; a
//! name declared twice; a declaration that may appear once) is reported
//! here, where it is found.

use std::collections::HashMap;

use handoff_diagnostics::{Diagnostic, Lint, Span, did_you_mean};
use handoff_policy::{Access, FallbackAction, FieldType, Risk};
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
    // reported and left out; its name refers to the first.
    let mut repeated = vec![false; file.items.len()];
    for (index, item) in file.items.iter().enumerate() {
        match &item.kind {
            ItemKind::System(system) => {
                let name = name(&system.name);
                match b.model.system_keys.get(&name.key) {
                    Some(&first) => {
                        repeated[index] = true;
                        let first = &b.model.system(first).name;
                        let d = duplicate(Lint::DuplicateSystem, "system", &name, first);
                        b.diagnostics.push(d);
                    }
                    None => {
                        let id = SystemId(b.model.systems.len() as u32);
                        b.model.system_keys.insert(name.key.clone(), id);
                        b.model.systems.push(hir::System {
                            name,
                            access: match system.access {
                                tree::Access::Read => Access::Read,
                                tree::Access::Write => Access::Write,
                                tree::Access::WriteWithApproval => Access::WriteWithApproval,
                            },
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
                        repeated[index] = true;
                        let first = &b.model.topic(first).name;
                        let d = duplicate(Lint::DuplicateTopic, "topic", &name, first);
                        b.diagnostics.push(d);
                    }
                    None => {
                        let id = TopicId(b.model.topics.len() as u32);
                        b.model.topic_keys.insert(name.key.clone(), id);
                        b.model.topics.push(skeleton(topic, item.span));
                    }
                }
            }
            _ => {}
        }
    }

    let mut topic_index = 0;
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
            ItemKind::NeverPromise(list) => b.model.never_promise.extend(phrases(list)),
            ItemKind::HandoffWhen(list) => b.model.handoff_when.extend(phrases(list)),
            ItemKind::Fallback(fallback) => {
                if b.first("fallback", item) {
                    b.model.fallback = hir::Fallback {
                        action: match fallback.mode {
                            tree::FallbackMode::Handoff => FallbackAction::Handoff,
                            tree::FallbackMode::Answer => FallbackAction::Answer,
                        },
                        span: Some(item.span),
                    };
                }
            }
            ItemKind::System(system) => {
                let id = b.model.system_named(&system.name.text);
                let id = id.expect("every system name was declared above");
                b.refer(Symbol::System(id), system.name.span, !repeated[index]);
            }
            ItemKind::Topic(topic) => {
                let id = b.model.topic_named(&topic.name.text);
                let id = id.expect("every topic name was declared above");
                b.refer(Symbol::Topic(id), topic.name.span, !repeated[index]);
                // A repeated topic's clauses are resolved for their
                // diagnostics, then dropped.
                let mut compiled = skeleton(topic, item.span);
                b.topic_clauses(&mut compiled, topic);
                if !repeated[index] {
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
            ItemKind::Error => {}
        }
    }
    b.model
}

/// A topic with its name and title, before its clauses are resolved.
fn skeleton(topic: &tree::Topic, span: Span) -> hir::Topic {
    hir::Topic {
        name: name(&topic.name),
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
                ClauseKind::About(list) => compiled.about.extend(phrases(list)),
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
                ClauseKind::MustNot(list) => compiled.must_not.extend(phrases(list)),
                ClauseKind::HandoffWhen(list) => compiled.handoff_when.extend(phrases(list)),
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
        if let Some(r) = Risk::ALL.into_iter().find(|r| r.as_str() == key) {
            return Some(r);
        }
        let names = Risk::ALL.map(Risk::as_str);
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
        if let Some(t) = FieldType::ALL.into_iter().find(|t| t.as_str() == key) {
            return t;
        }
        let names = FieldType::ALL.map(FieldType::as_str);
        let suggestion = FIELD_TYPE_ALIASES
            .iter()
            .find(|(alias, _)| *alias == ty.text.to_lowercase())
            .map(|(_, t)| *t)
            .or_else(|| did_you_mean(&ty.text, names));
        let mut d = Diagnostic::new(
            Lint::UnknownFieldType,
            ty.span,
            format!("`{}` is not a field type", ty.text),
        )
        .with_label("unknown type");
        let help = format!(
            "the types are {}",
            names.map(|n| format!("`{n}`")).join(", ")
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
                ClauseKind::Save(list) => compiled.save.extend(phrases(list)),
                ClauseKind::Redact(list) => compiled.redact.extend(phrases(list)),
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
        let topic = self.model.topic_named(&n.text);
        match topic {
            Some(id) => self.refer(Symbol::Topic(id), n.span, false),
            None => {
                let candidates = self.model.topics.iter().map(|t| t.name.text.as_str());
                let mut d = Diagnostic::new(
                    Lint::UnknownTopic,
                    n.span,
                    format!(
                        "this test expects a topic `{}`, but no such topic is declared",
                        n.text
                    ),
                )
                .with_label("unknown topic");
                d = match did_you_mean(&n.text, candidates) {
                    Some(better) => d.with_help(format!("did you mean `{better}`?")).with_fix(
                        format!("Replace with `{better}`"),
                        n.span,
                        better,
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
}
