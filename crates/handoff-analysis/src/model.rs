//! Resolution: the syntax tree becomes the policy. Names are looked up,
//! phrases normalised, and what cannot be resolved (an unknown system,
//! channel, risk, type or topic; a name declared twice) is reported here,
//! where it is found.

use std::collections::{HashMap, HashSet};

use handoff_diagnostics::{Diagnostic, Lint, Span, did_you_mean};
use handoff_policy as policy;
use handoff_syntax::tree::{self, ClauseKind, Expect, ItemKind};
use handoff_text::normalize;

use crate::vocabulary::{CHANNEL_ALIASES, CHANNELS, FIELD_TYPE_ALIASES};

/// The first declaration of each name of one kind, in file order.
pub(crate) struct Declared<'t, T> {
    pub list: Vec<&'t T>,
    keys: HashMap<String, usize>,
}

impl<'t, T> Declared<'t, T> {
    fn new() -> Declared<'t, T> {
        Declared {
            list: Vec::new(),
            keys: HashMap::new(),
        }
    }

    /// Records a declaration; a name already declared gives the first one.
    fn declare(&mut self, name: &str, declaration: &'t T) -> Result<(), &'t T> {
        let key = name_key(name);
        if let Some(&first) = self.keys.get(&key) {
            return Err(self.list[first]);
        }
        self.keys.insert(key, self.list.len());
        self.list.push(declaration);
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<&'t T> {
        self.keys.get(&name_key(name)).map(|&i| self.list[i])
    }
}

/// The declarations names resolve to, for the checks.
pub(crate) struct Names<'t> {
    pub topics: Declared<'t, tree::Topic>,
    pub systems: Declared<'t, tree::System>,
}

/// Names compare after normalisation, so `opening-hours`, `Opening_Hours`
/// and `opening hours` are one name.
pub(crate) fn name_key(name: &str) -> String {
    normalize(name)
}

pub(crate) fn build<'t>(
    file: &'t tree::SourceFile,
    locate: &dyn Fn(Span) -> policy::SourceSpan,
    diagnostics: &mut Vec<Diagnostic>,
) -> (policy::Policy, Names<'t>) {
    let mut b = Builder {
        locate,
        diagnostics,
        firsts: HashMap::new(),
        policy: policy::Policy {
            format_version: policy::FORMAT_VERSION.to_string(),
            business: None,
            channels: Vec::new(),
            languages: Vec::new(),
            tone: Vec::new(),
            never_promise: Vec::new(),
            handoff_when: Vec::new(),
            fallback: policy::Fallback {
                action: policy::FallbackAction::Handoff,
                span: None,
            },
            systems: Vec::new(),
            topics: Vec::new(),
            log: None,
            tests: Vec::new(),
        },
    };
    let mut names = Names {
        topics: Declared::new(),
        systems: Declared::new(),
    };
    // Items that repeat an earlier topic's or system's name: reported, and
    // left out of the policy.
    let mut repeated: HashSet<usize> = HashSet::new();

    // Systems and topics first, so `using` and tests may name ones declared
    // further down.
    for (index, item) in file.items.iter().enumerate() {
        let clash = match &item.kind {
            ItemKind::System(system) => names
                .systems
                .declare(&system.name.text, system)
                .err()
                .map(|first| (Lint::DuplicateSystem, "system", &system.name, &first.name)),
            ItemKind::Topic(topic) => names
                .topics
                .declare(&topic.name.text, topic)
                .err()
                .map(|first| (Lint::DuplicateTopic, "topic", &topic.name, &first.name)),
            _ => None,
        };
        if let Some((lint, what, name, first)) = clash {
            repeated.insert(index);
            b.diagnostics.push(duplicate(lint, what, name, first));
        }
    }

    for (index, item) in file.items.iter().enumerate() {
        match &item.kind {
            ItemKind::Business(name) => {
                if b.first("business", item) {
                    b.policy.business = Some(policy::Business {
                        name: name.text.clone(),
                        span: (b.locate)(name.span),
                    });
                }
            }
            ItemKind::Channels(list) => {
                if b.first("channels", item) {
                    b.policy.channels = list.iter().filter_map(|c| b.channel(c)).collect();
                }
            }
            ItemKind::Language(list) => {
                if b.first("language", item) {
                    b.policy.languages = list
                        .iter()
                        .map(|l| policy::Language {
                            tag: l.text.clone(),
                            span: (b.locate)(l.span),
                        })
                        .collect();
                }
            }
            ItemKind::Tone(list) => {
                if b.first("tone", item) {
                    b.policy.tone = b.phrases(list);
                }
            }
            ItemKind::NeverPromise(list) => {
                let phrases = b.phrases(list);
                b.policy.never_promise.extend(phrases);
            }
            ItemKind::HandoffWhen(list) => {
                let phrases = b.phrases(list);
                b.policy.handoff_when.extend(phrases);
            }
            ItemKind::Fallback(fallback) => {
                if b.first("fallback", item) {
                    b.policy.fallback = policy::Fallback {
                        action: match fallback.mode {
                            tree::FallbackMode::Handoff => policy::FallbackAction::Handoff,
                            tree::FallbackMode::Answer => policy::FallbackAction::Answer,
                        },
                        span: Some((b.locate)(item.span)),
                    };
                }
            }
            ItemKind::System(system) => {
                if !repeated.contains(&index) {
                    b.policy.systems.push(policy::System {
                        name: system.name.text.clone(),
                        access: match system.access {
                            tree::Access::Read => policy::Access::Read,
                            tree::Access::Write => policy::Access::Write,
                            tree::Access::WriteWithApproval => policy::Access::WriteWithApproval,
                        },
                        span: (b.locate)(item.span),
                    });
                }
            }
            ItemKind::Topic(topic) => {
                let compiled = b.topic(topic, item.span, &names.systems);
                if !repeated.contains(&index) {
                    b.policy.topics.push(compiled);
                }
            }
            ItemKind::Log(log) => {
                if b.first("log:", item) {
                    b.policy.log = Some(b.log(log, item.span));
                }
            }
            ItemKind::Test(test) => {
                let compiled = b.test(test, item.span, &names);
                b.policy.tests.push(compiled);
            }
            ItemKind::Error => {}
        }
    }
    (b.policy, names)
}

fn duplicate(lint: Lint, what: &str, name: &tree::Name, first: &tree::Name) -> Diagnostic {
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
    locate: &'a dyn Fn(Span) -> policy::SourceSpan,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The first item of each once-only declaration.
    firsts: HashMap<&'static str, Span>,
    policy: policy::Policy,
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

    fn phrase(&self, p: &tree::Phrase) -> policy::Phrase {
        policy::Phrase {
            text: p.text.clone(),
            span: (self.locate)(p.span),
        }
    }

    fn phrases(&self, list: &[tree::Phrase]) -> Vec<policy::Phrase> {
        list.iter().map(|p| self.phrase(p)).collect()
    }

    fn channel(&mut self, phrase: &tree::Phrase) -> Option<policy::Channel> {
        let key = normalize(&phrase.text);
        if let Some(known) = CHANNELS.iter().find(|c| **c == key.replace(' ', "")) {
            return Some(policy::Channel {
                name: known.to_string(),
                span: (self.locate)(phrase.span),
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

    fn topic(
        &mut self,
        topic: &tree::Topic,
        span: Span,
        systems: &Declared<'_, tree::System>,
    ) -> policy::Topic {
        let mut compiled = policy::Topic {
            name: topic.name.text.clone(),
            title: topic
                .title
                .as_ref()
                .map_or_else(|| default_title(&topic.name.text), |t| t.text.clone()),
            risk: None,
            about: Vec::new(),
            may: Vec::new(),
            must_not: Vec::new(),
            handoff: policy::Handoff {
                always: false,
                when: Vec::new(),
            },
            collect: Vec::new(),
            span: (self.locate)(span),
        };
        let mut risk_seen = false;
        for clause in &topic.clauses {
            match &clause.kind {
                ClauseKind::About(list) => compiled.about.extend(self.phrases(list)),
                ClauseKind::Risk(risk) => {
                    let resolved = self.risk(risk);
                    // A second `risk` is a duplicate-clause warning; the first holds.
                    if !risk_seen {
                        compiled.risk = resolved;
                        risk_seen = true;
                    }
                }
                ClauseKind::May { actions, using } => {
                    let using = using.as_ref().and_then(|u| self.system(u, systems));
                    compiled.may.extend(actions.iter().map(|a| policy::Action {
                        text: a.text.clone(),
                        using: using.clone(),
                        span: (self.locate)(a.span),
                    }));
                }
                ClauseKind::MustNot(list) => compiled.must_not.extend(self.phrases(list)),
                ClauseKind::HandoffWhen(list) => compiled.handoff.when.extend(self.phrases(list)),
                ClauseKind::HandoffAlways => compiled.handoff.always = true,
                ClauseKind::Collect(fields) => {
                    for field in fields {
                        let ty = self.field_type(field);
                        compiled.collect.push(policy::Field {
                            name: field.name.text.clone(),
                            ty,
                            span: (self.locate)(field.name.span),
                        });
                    }
                }
                // The parser keeps these out of topics.
                ClauseKind::Save(_) | ClauseKind::Redact(_) => {}
            }
        }
        compiled
    }

    fn risk(&mut self, risk: &tree::Phrase) -> Option<policy::Risk> {
        let key = normalize(&risk.text);
        if let Some(r) = policy::Risk::ALL.into_iter().find(|r| r.as_str() == key) {
            return Some(r);
        }
        let names = policy::Risk::ALL.map(policy::Risk::as_str);
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

    fn system(
        &mut self,
        name: &tree::Name,
        systems: &Declared<'_, tree::System>,
    ) -> Option<String> {
        if let Some(system) = systems.get(&name.text) {
            return Some(system.name.text.clone());
        }
        let mut d = Diagnostic::new(
            Lint::UnknownSystem,
            name.span,
            format!("no system named `{}` is declared", name.text),
        )
        .with_label("unknown system");
        let candidates = systems.list.iter().map(|s| s.name.text.as_str());
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

    fn field_type(&mut self, field: &tree::Field) -> policy::FieldType {
        let Some(ty) = &field.ty else {
            return policy::FieldType::Text;
        };
        let key = ty.text.to_lowercase().replace(' ', "");
        if let Some(t) = policy::FieldType::ALL
            .into_iter()
            .find(|t| t.as_str() == key)
        {
            return t;
        }
        let names = policy::FieldType::ALL.map(policy::FieldType::as_str);
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
        policy::FieldType::Text
    }

    fn log(&mut self, log: &tree::Log, span: Span) -> policy::Log {
        let mut compiled = policy::Log {
            save: Vec::new(),
            redact: Vec::new(),
            span: (self.locate)(span),
        };
        for clause in &log.clauses {
            match &clause.kind {
                ClauseKind::Save(list) => compiled.save.extend(self.phrases(list)),
                ClauseKind::Redact(list) => compiled.redact.extend(self.phrases(list)),
                _ => {}
            }
        }
        compiled
    }

    fn test(&mut self, test: &tree::Test, span: Span, names: &Names<'_>) -> policy::Test {
        let (name, handoff) = match &test.expect {
            Expect::Answered(name) => (Some(name), false),
            Expect::Handoff(name) => (name.as_ref(), true),
        };
        let topic = name.map(|name| match names.topics.get(&name.text) {
            Some(topic) => topic.name.text.clone(),
            None => {
                let candidates = names.topics.list.iter().map(|t| t.name.text.as_str());
                let mut d = Diagnostic::new(
                    Lint::UnknownTopic,
                    name.span,
                    format!(
                        "this test expects a topic `{}`, but no such topic is declared",
                        name.text
                    ),
                )
                .with_label("unknown topic");
                d = match did_you_mean(&name.text, candidates) {
                    Some(better) => d.with_help(format!("did you mean `{better}`?")).with_fix(
                        format!("Replace with `{better}`"),
                        name.span,
                        better,
                    ),
                    None => d.with_help(
                        "name a declared topic, `handoff TOPIC`, or just `handoff` when any \
                         topic will do",
                    ),
                };
                self.diagnostics.push(d);
                name.text.clone()
            }
        });
        policy::Test {
            message: test.message.text.clone(),
            expect: policy::Expectation { topic, handoff },
            span: (self.locate)(span),
        }
    }
}

/// `opening-hours` becomes `Opening hours`.
fn default_title(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}
