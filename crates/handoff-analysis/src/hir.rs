//! The resolved model of one file: what it says, with names looked up,
//! phrases normalised, fixed words turned into enums, and the byte span of
//! every item and of every place a name is used. The checks read it, the
//! policy is a projection of it (`project.rs`), and the language server
//! answers definition, references, rename and hover from it without
//! parsing again.
//!
//! Only what resolved is here: a topic declared twice keeps its first
//! declaration (the second name is a [`Reference`] to it), an unknown system
//! after `using` is a diagnostic, not a use.

use rustc_hash::FxHashMap;

use handoff_diagnostics::Span;
use handoff_policy::{Access, FallbackAction, FieldType, Risk};
use handoff_syntax::words::Clause;

/// The resolved file.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub business: Option<Phrase>,
    pub channels: Vec<Channel>,
    pub languages: Vec<Phrase>,
    pub tone: Vec<Phrase>,
    pub never_promise: Vec<Phrase>,
    pub handoff_when: Vec<Phrase>,
    pub fallback: Fallback,
    /// `matching exact`, and where it is written.
    pub matching: Option<(bool, Span)>,
    /// `staff` phrases, every line of them.
    pub staff: Vec<Phrase>,
    pub systems: Vec<System>,
    pub topics: Vec<Topic>,
    pub log: Option<Log>,
    pub tests: Vec<Test>,
    pub reply_tests: Vec<ReplyTest>,
    /// Every place a topic or system is named, declarations included, in
    /// file order.
    pub references: Vec<Reference>,
    pub(crate) topic_keys: FxHashMap<String, TopicId>,
    pub(crate) system_keys: FxHashMap<String, SystemId>,
}

/// A phrase as written (quotes and escapes removed), and its normalised
/// form, which is what every comparison uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub key: String,
    pub span: Span,
    pub quoted: bool,
}

/// A topic or system name as written, and its normalised form:
/// `opening-hours`, `Opening_Hours` and `opening hours` are one name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub key: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SystemId(pub u32);

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    Topic(TopicId),
    System(SystemId),
}

/// A place where a topic or system is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub symbol: Symbol,
    pub span: Span,
    /// True at the declaration that defines it.
    pub is_definition: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    /// One of `handoff_policy::CHANNELS`.
    pub name: &'static str,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fallback {
    pub action: FallbackAction,
    /// The `fallback` line; `None` when the default applies.
    pub span: Option<Span>,
}

impl Default for Fallback {
    fn default() -> Fallback {
        Fallback {
            action: FallbackAction::Handoff,
            span: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    pub name: Name,
    pub access: Access,
    pub access_span: Span,
    /// The whole declaration.
    pub span: Span,
}

/// The keyword of a clause and where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClauseHead {
    pub clause: Clause,
    pub keyword: Span,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topic {
    pub name: Name,
    pub title: Option<Phrase>,
    /// The header line and every clause line.
    pub span: Span,
    /// The first `risk` clause (a later one is a duplicate).
    pub risk: Option<RiskClause>,
    pub about: Vec<Phrase>,
    pub may: Vec<Action>,
    pub must_not: Vec<Phrase>,
    pub handoff_when: Vec<Phrase>,
    /// The first `handoff always`.
    pub handoff_always: Option<Span>,
    pub collect: Vec<Field>,
    /// Every clause's keyword, in file order.
    pub clauses: Vec<ClauseHead>,
}

impl Topic {
    /// The first clause of a kind.
    pub fn first(&self, clause: Clause) -> Option<&ClauseHead> {
        self.clauses.iter().find(|c| c.clause == clause)
    }

    /// The title in quotes, or the name with `-` and `_` as spaces and a
    /// capital first letter (`opening-hours` becomes `Opening hours`).
    pub fn title(&self) -> String {
        if let Some(title) = &self.title {
            return title.text.clone();
        }
        let spaced = self.name.text.replace(['-', '_'], " ");
        let mut chars = spaced.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => spaced,
        }
    }

    /// Whether any rule of the topic hands a conversation to a person.
    pub fn hands_off(&self) -> bool {
        self.handoff_always.is_some() || !self.handoff_when.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskClause {
    /// `None` when the word is not a risk (reported where it was found).
    pub risk: Option<Risk>,
    pub phrase: Phrase,
}

/// One `may` action; all actions of a clause share its `using`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub phrase: Phrase,
    pub using: Option<Using>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Using {
    pub system: SystemId,
    /// The system's name after `using`.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: Phrase,
    pub ty: FieldType,
    /// The type as written in parentheses, if any.
    pub ty_span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    pub save: Vec<Phrase>,
    pub redact: Vec<Phrase>,
    pub keyword: Span,
    pub span: Span,
    pub clauses: Vec<ClauseHead>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub message: Phrase,
    pub expect: Expect,
    pub expect_span: Span,
    pub span: Span,
}

/// What a test expects of its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Routed to the topic and answered by the agent.
    Answered(TopicRef),
    /// Handed off, routed to the topic if one is named.
    Handoff(Option<TopicRef>),
    /// No topic fits, and the agent answers.
    NoTopic,
}

/// A topic named in a test; `topic` is `None` when no such topic is
/// declared (reported where it was found).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRef {
    pub name: Name,
    pub topic: Option<TopicId>,
}

impl Expect {
    pub fn topic(&self) -> Option<&TopicRef> {
        match self {
            Expect::Answered(t) => Some(t),
            Expect::Handoff(t) => t.as_ref(),
            Expect::NoTopic => None,
        }
    }
}

/// `test reply "REPLY" [on TOPIC] -> ok` / `-> breaks PHRASE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTest {
    pub reply: Phrase,
    /// The topic after `on`.
    pub topic: Option<TopicRef>,
    pub expect: ReplyExpect,
    pub expect_span: Span,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyExpect {
    /// The reply breaks no rule.
    Ok,
    /// The reply breaks the rule phrase named after `breaks`.
    Breaks(RuleRef),
}

/// The phrase after `breaks` as the test writes it, and the rule phrase it
/// names (compared normalised); `rule` is `None` when the file has no such
/// phrase (reported where it was found).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRef {
    pub phrase: Phrase,
    pub rule: Option<RulePhrase>,
}

/// A phrase of a `never promise` line, or of a topic's `must not`, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RulePhrase {
    NeverPromise(usize),
    MustNot(TopicId, usize),
}

impl Model {
    /// The declared phrase a reply test's `breaks` names.
    pub fn rule_phrase(&self, rule: RulePhrase) -> &Phrase {
        match rule {
            RulePhrase::NeverPromise(i) => &self.never_promise[i],
            RulePhrase::MustNot(topic, i) => &self.topic(topic).must_not[i],
        }
    }

    pub fn topic(&self, id: TopicId) -> &Topic {
        &self.topics[id.0 as usize]
    }

    pub fn system(&self, id: SystemId) -> &System {
        &self.systems[id.0 as usize]
    }

    /// The topic a name (in any spelling of it) declares.
    pub fn topic_named(&self, name: &str) -> Option<TopicId> {
        self.topic_keys.get(&handoff_text::normalize(name)).copied()
    }

    pub fn system_named(&self, name: &str) -> Option<SystemId> {
        self.system_keys
            .get(&handoff_text::normalize(name))
            .copied()
    }

    /// The symbol named at a byte offset, with the span of that name.
    pub fn symbol_at(&self, offset: u32) -> Option<(Symbol, Span)> {
        self.references
            .iter()
            .find(|r| r.span.start <= offset && offset <= r.span.end)
            .map(|r| (r.symbol, r.span))
    }

    /// Every place a symbol is named, its definition first.
    pub fn references_to(&self, symbol: Symbol) -> impl Iterator<Item = &Reference> {
        let definition = self
            .references
            .iter()
            .filter(move |r| r.symbol == symbol && r.is_definition);
        let uses = self
            .references
            .iter()
            .filter(move |r| r.symbol == symbol && !r.is_definition);
        definition.chain(uses)
    }

    /// The declared name of a symbol.
    pub fn name(&self, symbol: Symbol) -> &Name {
        match symbol {
            Symbol::Topic(id) => &self.topic(id).name,
            Symbol::System(id) => &self.system(id).name,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Analysis;
    use crate::hir::{Expect, Symbol};

    const RULES: &str = "business \"B\"\nsystem calendar: read\n\
        topic booking: about book; may suggest times using calendar\n\
        topic Booking: about other\n\
        test \"book\" -> booking\ntest \"x\" -> handoff Booking\ntest \"y\" -> nowhere\n";

    fn at(text: &str, needle: &str, nth: usize) -> u32 {
        text.match_indices(needle).nth(nth).unwrap().0 as u32
    }

    #[test]
    fn every_place_a_name_is_used_refers_to_its_declaration() {
        let model = Analysis::new(RULES).model;
        assert_eq!(model.topics.len(), 1, "the repeated topic is left out");
        let booking = model.topic_named("BOOKING").unwrap();
        let spans: Vec<u32> = model
            .references_to(Symbol::Topic(booking))
            .map(|r| r.span.start)
            .collect();
        // The declaration first, then the repeat and both tests.
        let expected = [
            at(RULES, "booking:", 0),
            at(RULES, "Booking:", 0),
            at(RULES, "-> booking", 0) + 3,
            at(RULES, "Booking\ntest", 0),
        ];
        assert_eq!(spans, expected);
        let calendar = model.system_named("calendar").unwrap();
        assert_eq!(model.references_to(Symbol::System(calendar)).count(), 2);
        let (symbol, span) = model.symbol_at(at(RULES, "calendar\n", 0) + 2).unwrap();
        assert_eq!(symbol, Symbol::System(calendar));
        assert_eq!(&RULES[span.start as usize..span.end as usize], "calendar");
        let Expect::Answered(unknown) = &model.tests[2].expect else {
            panic!("an answered expectation")
        };
        assert_eq!(
            (unknown.name.text.as_str(), unknown.topic),
            ("nowhere", None)
        );
    }

    #[test]
    fn spans_are_bytes_and_phrases_carry_their_normal_form() {
        let text = "topic öppet \"Öppettider\": about \"Öppet  IDAG!\"\n";
        let model = Analysis::new(text).model;
        let topic = &model.topics[0];
        let about = &topic.about[0];
        assert_eq!(about.key, "öppet idag");
        assert_eq!(
            &text[about.span.start as usize..about.span.end as usize],
            "\"Öppet  IDAG!\""
        );
        assert_eq!(topic.title(), "Öppettider");
    }
}
