//! What a file says, without where it says it: the formatter's proof that it
//! kept the meaning compares two trees with this, ignoring every place and
//! the spellings the formatter makes canonical (keyword case, known words'
//! case, spacing).

use handoff_syntax::tree::*;

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
    match (a, b) {
        (Business(x), Business(y)) => x.text == y.text,
        (Channels(x), Channels(y)) => {
            list_by(x, y, |p, q| p.text.to_lowercase() == q.text.to_lowercase())
        }
        (Language(x), Language(y))
        | (Tone(x), Tone(y))
        | (NeverPromise(x), NeverPromise(y))
        | (HandoffWhen(x), HandoffWhen(y)) => list(x, y),
        (Fallback(x), Fallback(y)) => x.mode == y.mode,
        (System(x), System(y)) => x.name.text == y.name.text && x.access == y.access,
        (Topic(x), Topic(y)) => {
            x.name.text == y.name.text
                && x.title.as_ref().map(|t| &t.text) == y.title.as_ref().map(|t| &t.text)
                && clauses(&x.clauses, &y.clauses)
        }
        (Log(x), Log(y)) => clauses(&x.clauses, &y.clauses),
        (Test(x), Test(y)) => {
            x.message.text == y.message.text
                && match (&x.expect, &y.expect) {
                    (Expect::Answered(p), Expect::Answered(q)) => p.text == q.text,
                    (Expect::Handoff(p), Expect::Handoff(q)) => {
                        p.as_ref().map(|n| &n.text) == q.as_ref().map(|n| &n.text)
                    }
                    _ => false,
                }
        }
        (Error, Error) => true,
        _ => false,
    }
}

fn list(a: &[Phrase], b: &[Phrase]) -> bool {
    list_by(a, b, |p, q| p.text == q.text)
}

fn list_by(a: &[Phrase], b: &[Phrase], eq: impl Fn(&Phrase, &Phrase) -> bool) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(p, q)| eq(p, q))
}

fn clauses(a: &[Clause], b: &[Clause]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| clause(&x.kind, &y.kind))
}

fn clause(a: &ClauseKind, b: &ClauseKind) -> bool {
    use ClauseKind::*;
    match (a, b) {
        (About(x), About(y))
        | (MustNot(x), MustNot(y))
        | (HandoffWhen(x), HandoffWhen(y))
        | (Save(x), Save(y))
        | (Redact(x), Redact(y)) => list(x, y),
        (Risk(x), Risk(y)) => x.text.to_lowercase() == y.text.to_lowercase(),
        (
            May {
                actions: x,
                using: u,
            },
            May {
                actions: y,
                using: v,
            },
        ) => list(x, y) && u.as_ref().map(|n| &n.text) == v.as_ref().map(|n| &n.text),
        (HandoffAlways, HandoffAlways) => true,
        (Collect(x), Collect(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(f, g)| {
                    let ty = |f: &Field| {
                        f.ty.as_ref()
                            .map(|t| t.text.to_lowercase().replace(' ', ""))
                    };
                    f.name.text == g.name.text && ty(f) == ty(g)
                })
        }
        _ => false,
    }
}
