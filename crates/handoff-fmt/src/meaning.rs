//! What a file says, without where it says it: the formatter's proof that it
//! kept the meaning compares two trees with this, ignoring every place and
//! the spellings the formatter makes canonical (keyword case, known words'
//! case, spacing).
//!
//! Each match is exhaustive over the first side and each struct is
//! destructured field by field, so a new item, clause or field does not
//! compile until it is compared here.

use handoff_syntax::tree::{self, *};

/// Whether two trees say the same thing.
pub(crate) fn same(a: &SourceFile, b: &SourceFile) -> bool {
    a.items.len() == b.items.len()
        && a.items
            .iter()
            .zip(&b.items)
            .all(|(x, y)| item(&x.kind, &y.kind))
}

fn item(a: &ItemKind, b: &ItemKind) -> bool {
    use ItemKind::*;
    match a {
        Business(x) => matches!(b, Business(y) if text(x) == text(y)),
        Channels(x) => matches!(b, Channels(y) if list_by(x, y, |p, q| {
            text(p).to_lowercase() == text(q).to_lowercase()
        })),
        Language(x) => matches!(b, Language(y) if list(x, y)),
        Tone(x) => matches!(b, Tone(y) if list(x, y)),
        NeverPromise(x) => matches!(b, NeverPromise(y) if list(x, y)),
        HandoffWhen(x) => matches!(b, HandoffWhen(y) if list(x, y)),
        Fallback(x) => matches!(b, Fallback(y) if fallback(x) == fallback(y)),
        Matching(x) => matches!(b, Matching(y) if matching(x) == matching(y)),
        Staff(x) => matches!(b, Staff(y) if list(x, y)),
        System(x) => matches!(b, System(y) if system(x) == system(y)),
        Topic(x) => matches!(b, Topic(y) if topic(x, y)),
        Log(x) => matches!(b, Log(y) if clauses(&x.clauses, &y.clauses)),
        Test(x) => matches!(b, Test(y) if test(x, y)),
        ReplyTest(x) => matches!(b, ReplyTest(y) if reply_test(x, y)),
        Error => matches!(b, Error),
    }
}

fn text(p: &Phrase) -> &str {
    let Phrase {
        text,
        span: _,
        quoted: _,
    } = p;
    text
}

fn name(n: &Name) -> &str {
    let Name { text, span: _ } = n;
    text
}

fn fallback(f: &tree::Fallback) -> FallbackAction {
    let tree::Fallback { action, span: _ } = f;
    *action
}

fn matching(m: &tree::Matching) -> bool {
    let tree::Matching { exact, span: _ } = m;
    *exact
}

fn system(s: &tree::System) -> (&str, Access) {
    let tree::System {
        name: n,
        access,
        access_span: _,
    } = s;
    (name(n), *access)
}

fn topic(x: &tree::Topic, y: &tree::Topic) -> bool {
    let tree::Topic {
        name: x_name,
        title: x_title,
        clauses: x_clauses,
    } = x;
    let tree::Topic {
        name: y_name,
        title: y_title,
        clauses: y_clauses,
    } = y;
    name(x_name) == name(y_name)
        && x_title.as_ref().map(text) == y_title.as_ref().map(text)
        && clauses(x_clauses, y_clauses)
}

fn test(x: &tree::Test, y: &tree::Test) -> bool {
    let tree::Test {
        message: x_message,
        expect: x_expect,
        expect_span: _,
    } = x;
    let tree::Test {
        message: y_message,
        expect: y_expect,
        expect_span: _,
    } = y;
    text(x_message) == text(y_message)
        && match x_expect {
            Expect::Answered(p) => matches!(y_expect, Expect::Answered(q) if name(p) == name(q)),
            Expect::Handoff(p) => {
                matches!(y_expect, Expect::Handoff(q) if p.as_ref().map(name) == q.as_ref().map(name))
            }
            Expect::NoTopic => matches!(y_expect, Expect::NoTopic),
        }
}

fn reply_test(x: &tree::ReplyTest, y: &tree::ReplyTest) -> bool {
    let tree::ReplyTest {
        reply: x_reply,
        topic: x_topic,
        expect: x_expect,
        expect_span: _,
    } = x;
    let tree::ReplyTest {
        reply: y_reply,
        topic: y_topic,
        expect: y_expect,
        expect_span: _,
    } = y;
    text(x_reply) == text(y_reply)
        && x_topic.as_ref().map(name) == y_topic.as_ref().map(name)
        && match x_expect {
            ReplyExpect::Ok => matches!(y_expect, ReplyExpect::Ok),
            ReplyExpect::Breaks(p) => {
                matches!(y_expect, ReplyExpect::Breaks(q) if text(p) == text(q))
            }
        }
}

fn list(a: &[Phrase], b: &[Phrase]) -> bool {
    list_by(a, b, |p, q| text(p) == text(q))
}

fn list_by(a: &[Phrase], b: &[Phrase], eq: impl Fn(&Phrase, &Phrase) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(p, q)| eq(p, q))
}

fn clauses(a: &[Clause], b: &[Clause]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| clause(&x.kind, &y.kind))
}

fn clause(a: &ClauseKind, b: &ClauseKind) -> bool {
    use ClauseKind::*;
    match a {
        About(x) => matches!(b, About(y) if list(x, y)),
        MustNot(x) => matches!(b, MustNot(y) if list(x, y)),
        HandoffWhen(x) => matches!(b, HandoffWhen(y) if list(x, y)),
        Save(x) => matches!(b, Save(y) if list(x, y)),
        Redact(x) => matches!(b, Redact(y) if list(x, y)),
        Risk(x) => matches!(b, Risk(y) if text(x).to_lowercase() == text(y).to_lowercase()),
        May { actions, using } => matches!(b, May { actions: other, using: other_using }
            if list(actions, other) && using.as_ref().map(name) == other_using.as_ref().map(name)),
        HandoffAlways => matches!(b, HandoffAlways),
        Collect(x) => {
            matches!(b, Collect(y) if x.len() == y.len() && x.iter().zip(y).all(|(f, g)| field(f) == field(g)))
        }
    }
}

/// A field's name and its type in the canonical spelling.
fn field(f: &Field) -> (&str, Option<String>) {
    let Field { name, ty } = f;
    let ty = ty.as_ref().map(|t| text(t).to_lowercase().replace(' ', ""));
    (text(name), ty)
}
