//! The syntax tree: what each line says, with the place of every piece.
//! Nothing here is resolved or checked; that is `handoff-analysis`'s job.

use handoff_diagnostics::Span;
/// The fixed words a line can hold as values are the policy's own enums,
/// so tree, model and policy spell each word once.
pub use handoff_policy::{Access, FallbackAction};

/// A parsed file. Items are in file order; a line that could not be parsed
/// is an [`ItemKind::Error`] so later stages still see where it was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFile {
    pub items: Vec<Item>,
    /// Every `#` comment, own-line and end-of-line, in file order.
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From `#` to the end of the line.
    pub span: Span,
    /// True when nothing but spaces precedes it on its line.
    pub own_line: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// The declaration's first line, and for blocks every indented line
    /// that belongs to it.
    pub span: Span,
    /// The leading keyword(s): `topic`, `never promise`...
    pub keyword: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Business(Phrase),
    Channels(Vec<Phrase>),
    Language(Vec<Phrase>),
    Tone(Vec<Phrase>),
    NeverPromise(Vec<Phrase>),
    HandoffWhen(Vec<Phrase>),
    Fallback(Fallback),
    Matching(Matching),
    Staff(Vec<Phrase>),
    System(System),
    Topic(Topic),
    Log(Log),
    Test(Test),
    ReplyTest(ReplyTest),
    /// A line that did not parse; its diagnostics say why.
    Error,
}

impl ItemKind {
    /// Which declaration of the keyword table this is; `None` for a line
    /// that did not parse.
    pub fn declaration(&self) -> Option<crate::words::Declaration> {
        use crate::words::Declaration;
        Some(match self {
            ItemKind::Business(_) => Declaration::Business,
            ItemKind::Channels(_) => Declaration::Channels,
            ItemKind::Language(_) => Declaration::Language,
            ItemKind::Tone(_) => Declaration::Tone,
            ItemKind::NeverPromise(_) => Declaration::NeverPromise,
            ItemKind::HandoffWhen(_) => Declaration::HandoffWhen,
            ItemKind::Fallback(_) => Declaration::Fallback,
            ItemKind::Matching(_) => Declaration::Matching,
            ItemKind::Staff(_) => Declaration::Staff,
            ItemKind::System(_) => Declaration::System,
            ItemKind::Topic(_) => Declaration::Topic,
            ItemKind::Log(_) => Declaration::Log,
            ItemKind::Test(_) => Declaration::Test,
            ItemKind::ReplyTest(_) => Declaration::TestReply,
            ItemKind::Error => return None,
        })
    }
}

/// A phrase as written, and its text with quotes and escapes removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub text: String,
    pub span: Span,
    pub quoted: bool,
}

/// A topic or system name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fallback {
    pub action: FallbackAction,
    pub span: Span,
}

/// `matching exact` or `matching everyday`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    pub exact: bool,
    /// The value's place (`exact`).
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    pub name: Name,
    pub access: Access,
    pub access_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub name: Name,
    pub title: Option<Phrase>,
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub kind: ClauseKind,
    pub span: Span,
    pub keyword: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClauseKind {
    About(Vec<Phrase>),
    Risk(Phrase),
    May {
        actions: Vec<Phrase>,
        using: Option<Name>,
    },
    MustNot(Vec<Phrase>),
    HandoffWhen(Vec<Phrase>),
    HandoffAlways,
    Collect(Vec<Field>),
    Save(Vec<Phrase>),
    Redact(Vec<Phrase>),
}

impl ClauseKind {
    /// Which clause of the keyword table this is.
    pub fn clause(&self) -> crate::words::Clause {
        use crate::words::Clause;
        match self {
            ClauseKind::About(_) => Clause::About,
            ClauseKind::Risk(_) => Clause::Risk,
            ClauseKind::May { .. } => Clause::May,
            ClauseKind::MustNot(_) => Clause::MustNot,
            ClauseKind::HandoffWhen(_) => Clause::HandoffWhen,
            ClauseKind::HandoffAlways => Clause::HandoffAlways,
            ClauseKind::Collect(_) => Clause::Collect,
            ClauseKind::Save(_) => Clause::Save,
            ClauseKind::Redact(_) => Clause::Redact,
        }
    }

    /// The clause's keyword as the docs write it.
    pub fn keyword(&self) -> &'static str {
        self.clause().words()
    }

    pub fn belongs_in_log(&self) -> bool {
        self.clause().belongs_in_log()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: Phrase,
    /// The type in parentheses, as written (`number`, `yes/no`).
    pub ty: Option<Phrase>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub message: Phrase,
    pub expect: Expect,
    pub expect_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Routed to the topic and answered by the agent.
    Answered(Name),
    /// Handed off, routed to the topic if one is named.
    Handoff(Option<Name>),
    /// No topic fits, and the agent answers (`fallback answer`).
    NoTopic,
}

/// `test reply "REPLY" [on TOPIC] -> ok` / `-> breaks PHRASE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTest {
    pub reply: Phrase,
    /// The conversation's topic, after `on`.
    pub topic: Option<Name>,
    pub expect: ReplyExpect,
    pub expect_span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyExpect {
    /// The reply breaks no rule and may be sent.
    Ok,
    /// The reply breaks this `never promise` phrase, or with a topic that
    /// topic's `must not` phrase.
    Breaks(Phrase),
}
