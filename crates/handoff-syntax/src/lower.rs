//! Turns pest's pairs for one line into tree nodes with absolute spans.

use handoff_diagnostics::Span;
use pest::iterators::Pair;

use crate::grammar::Rule;
use crate::tree::*;

/// Lowering works on one line; `base` is the line's offset in the file.
#[derive(Clone, Copy)]
pub(crate) struct Lower {
    pub base: usize,
}

impl Lower {
    pub fn span(self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    /// A declaration pair (`business_decl`...) into its item kind and the
    /// span of its keyword(s).
    pub fn declaration(self, pair: Pair<'_, Rule>) -> (ItemKind, Span) {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner().peekable();
        let first = inner.next().expect("declarations start with a keyword");
        let mut keyword = self.span(&first);
        // `fallback handoff`: the second word is the value, not the keyword.
        if rule != Rule::fallback_decl && rule != Rule::matching_decl {
            while let Some(p) = inner.next_if(|p| is_keyword(p.as_rule())) {
                keyword = keyword.cover(self.span(&p));
            }
        }
        let kind = match rule {
            Rule::business_decl => ItemKind::Business(self.phrase(inner.next().unwrap())),
            Rule::channels_decl => ItemKind::Channels(self.phrases(inner.next().unwrap())),
            Rule::language_decl => ItemKind::Language(self.phrases(inner.next().unwrap())),
            Rule::tone_decl => ItemKind::Tone(self.phrases(inner.next().unwrap())),
            Rule::never_promise_decl => ItemKind::NeverPromise(self.phrases(inner.next().unwrap())),
            Rule::handoff_when_decl => ItemKind::HandoffWhen(self.phrases(inner.next().unwrap())),
            Rule::fallback_decl => {
                let mode = inner.next().unwrap();
                ItemKind::Fallback(Fallback {
                    action: if mode.as_rule() == Rule::kw_answer {
                        FallbackAction::Answer
                    } else {
                        FallbackAction::Handoff
                    },
                    span: self.span(&mode),
                })
            }
            Rule::matching_decl => {
                let mode = inner.next().unwrap();
                ItemKind::Matching(Matching {
                    exact: mode.as_rule() == Rule::kw_exact,
                    span: self.span(&mode),
                })
            }
            Rule::staff_decl => ItemKind::Staff(self.phrases(inner.next().unwrap())),
            Rule::system_decl => {
                let name = self.name(inner.next().unwrap());
                let access = inner.find(|p| p.as_rule() == Rule::access).unwrap();
                let access_span = self.span(&access);
                let words: Vec<Rule> = access.into_inner().map(|p| p.as_rule()).collect();
                let access = match words.as_slice() {
                    [Rule::kw_read] => Access::Read,
                    [Rule::kw_write] => Access::Write,
                    _ => Access::WriteWithApproval,
                };
                ItemKind::System(System {
                    name,
                    access,
                    access_span,
                })
            }
            Rule::topic_decl => {
                let name = self.name(inner.next().unwrap());
                let mut title = None;
                let mut clauses = Vec::new();
                for p in inner {
                    match p.as_rule() {
                        Rule::title => title = Some(self.phrase(p)),
                        Rule::colon | Rule::semicolon => {}
                        _ => clauses.push(self.clause(p)),
                    }
                }
                ItemKind::Topic(Topic {
                    name,
                    title,
                    clauses,
                })
            }
            Rule::log_decl => ItemKind::Log(Log {
                clauses: self.clauses(inner),
            }),
            Rule::test_decl => {
                let message = self.phrase_from_quoted(inner.next().unwrap());
                let expect = inner.find(|p| p.as_rule() == Rule::expect).unwrap();
                let expect_span = self.span(&expect);
                let mut parts = expect.into_inner();
                let first = parts.next().unwrap();
                let expect = match first.as_rule() {
                    Rule::kw_handoff => Expect::Handoff(parts.next().map(|p| self.name(p))),
                    Rule::no_topic => Expect::NoTopic,
                    _ => Expect::Answered(self.name(first)),
                };
                ItemKind::Test(Test {
                    message,
                    expect,
                    expect_span,
                })
            }
            Rule::reply_test_decl => {
                let reply = self.phrase_from_quoted(inner.next().unwrap());
                let mut topic = None;
                let mut expect = None;
                for p in inner {
                    match p.as_rule() {
                        Rule::reply_topic => {
                            topic = Some(self.name(p.into_inner().nth(1).unwrap()))
                        }
                        Rule::reply_expect => expect = Some(p),
                        _ => {}
                    }
                }
                let expect = expect.expect("a reply test has an expectation");
                let expect_span = self.span(&expect);
                let mut parts = expect.into_inner();
                let first = parts.next().unwrap();
                let expect = match first.as_rule() {
                    Rule::kw_breaks => ReplyExpect::Breaks(self.phrase(parts.next().unwrap())),
                    _ => ReplyExpect::Ok,
                };
                ItemKind::ReplyTest(ReplyTest {
                    reply,
                    topic,
                    expect,
                    expect_span,
                })
            }
            other => unreachable!("not a declaration: {other:?}"),
        };
        (kind, keyword)
    }

    /// The clause pairs among `pairs`, skipping separators.
    pub fn clauses<'i>(self, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<Clause> {
        pairs
            .filter(|p| !matches!(p.as_rule(), Rule::colon | Rule::semicolon | Rule::EOI))
            .map(|p| self.clause(p))
            .collect()
    }

    pub fn clause(self, pair: Pair<'_, Rule>) -> Clause {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut keyword: Option<Span> = None;
        let mut rest = Vec::new();
        for p in pair.into_inner() {
            if is_keyword(p.as_rule()) && rest.is_empty() {
                let s = self.span(&p);
                keyword = Some(keyword.map_or(s, |k| k.cover(s)));
            } else {
                rest.push(p);
            }
        }
        let mut rest = rest.into_iter();
        let kind = match rule {
            Rule::about_clause => ClauseKind::About(self.phrases(rest.next().unwrap())),
            Rule::risk_clause => ClauseKind::Risk(self.phrase(rest.next().unwrap())),
            Rule::may_clause => ClauseKind::May {
                actions: self.phrases(rest.next().unwrap()),
                using: rest
                    .next()
                    .map(|u| self.name(u.into_inner().nth(1).unwrap())),
            },
            Rule::must_not_clause => ClauseKind::MustNot(self.phrases(rest.next().unwrap())),
            Rule::handoff_always_clause => ClauseKind::HandoffAlways,
            Rule::handoff_when_clause => {
                ClauseKind::HandoffWhen(self.phrases(rest.next().unwrap()))
            }
            Rule::collect_clause => ClauseKind::Collect(
                rest.filter(|p| p.as_rule() == Rule::field)
                    .map(|f| self.field(f))
                    .collect(),
            ),
            Rule::save_clause => ClauseKind::Save(self.phrases(rest.next().unwrap())),
            Rule::redact_clause => ClauseKind::Redact(self.phrases(rest.next().unwrap())),
            other => unreachable!("not a clause: {other:?}"),
        };
        Clause {
            kind,
            span,
            keyword: keyword.unwrap_or(span),
        }
    }

    pub fn field(self, pair: Pair<'_, Rule>) -> Field {
        let mut inner = pair.into_inner();
        let name = self.phrase(inner.next().unwrap());
        let ty = inner.next().map(|t| {
            let type_name = t.into_inner().nth(1).unwrap();
            Phrase {
                text: collapse_spaces(type_name.as_str()),
                span: self.span(&type_name),
                quoted: false,
            }
        });
        Field { name, ty }
    }

    fn phrases(self, pair: Pair<'_, Rule>) -> Vec<Phrase> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::phrase)
            .map(|p| self.phrase(p))
            .collect()
    }

    /// A `phrase` or `title` pair.
    pub fn phrase(self, pair: Pair<'_, Rule>) -> Phrase {
        let inner = pair.into_inner().next().unwrap();
        match inner.as_rule() {
            Rule::quoted => self.phrase_from_quoted(inner),
            _ => Phrase {
                text: collapse_spaces(inner.as_str()),
                span: self.span(&inner),
                quoted: false,
            },
        }
    }

    fn phrase_from_quoted(self, quoted: Pair<'_, Rule>) -> Phrase {
        let span = self.span(&quoted);
        let content = quoted.into_inner().next().map_or("", |p| p.as_str());
        Phrase {
            text: unescape(content),
            span,
            quoted: true,
        }
    }

    pub fn name(self, pair: Pair<'_, Rule>) -> Name {
        Name {
            text: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }
}

fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_about
            | Rule::kw_always
            | Rule::kw_answer
            | Rule::kw_approval
            | Rule::kw_breaks
            | Rule::kw_business
            | Rule::kw_channels
            | Rule::kw_collect
            | Rule::kw_everyday
            | Rule::kw_exact
            | Rule::kw_fallback
            | Rule::kw_matching
            | Rule::kw_staff
            | Rule::kw_handoff
            | Rule::kw_language
            | Rule::kw_log
            | Rule::kw_may
            | Rule::kw_must
            | Rule::kw_never
            | Rule::kw_no
            | Rule::kw_not
            | Rule::kw_ok
            | Rule::kw_on
            | Rule::kw_promise
            | Rule::kw_read
            | Rule::kw_redact
            | Rule::kw_reply
            | Rule::kw_risk
            | Rule::kw_save
            | Rule::kw_system
            | Rule::kw_test
            | Rule::kw_tone
            | Rule::kw_topic
            | Rule::kw_using
            | Rule::kw_when
            | Rule::kw_with
            | Rule::kw_write
    )
}

/// The words of a bare phrase, separated by single spaces.
pub(crate) fn collapse_spaces(text: &str) -> String {
    if !text.contains(['\t', ' ']) || !(text.contains("  ") || text.contains('\t')) {
        return text.to_string();
    }
    text.split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn unescape(content: &str) -> String {
    if !content.contains('\\') {
        return content.to_string();
    }
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_keyword;
    use crate::grammar::Rule;

    #[test]
    fn keyword_rules_are_the_kw_rules() {
        for &rule in Rule::all_rules() {
            assert_eq!(
                is_keyword(rule),
                rule != Rule::kw_end && format!("{rule:?}").starts_with("kw_"),
                "{rule:?}"
            );
        }
    }
}
