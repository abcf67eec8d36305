//! Syntax errors in the author's words. The line parser says which grammar
//! rules it expected where it stopped; this module turns that into "expected a clause such as `may`...",
//! with "did you mean" and a fix where the fix is obvious. No rule name ever
//! reaches the user.

use crate::layout::Line;
use crate::line_parser::{Failure, Rule, entry};
use crate::tree;
use crate::words::{self, Declaration};
use handoff_diagnostics::{Diagnostic, Edit, Fix, Lint, Span, did_you_mean};

/// Where in a line the piece that failed to parse stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// A whole line at column 0.
    Declaration,
    /// `topic NAME "TITLE":` or `log:`.
    Header,
    /// The first clause after a header's `:`.
    HeaderClause,
    /// The first clause of an indented line.
    IndentedClause,
    /// A clause after `;`.
    AfterSemicolon,
    /// One item of a clause's list, retried on its own.
    ListItem,
}

fn declaration_keywords() -> impl Iterator<Item = &'static str> {
    Declaration::ALL.iter().map(|d| d.words())
}

fn clause_keywords() -> impl Iterator<Item = &'static str> {
    words::Clause::ALL.iter().map(|c| c.words())
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Declaration,
    Clause,
    Keyword(&'static str),
    Name,
    Phrase,
    Quoted,
    Type,
    Punct(&'static str),
    End,
}

impl Expected {
    fn describe(&self) -> String {
        match self {
            Expected::Declaration => "a declaration such as `topic`, `system` or `test`".into(),
            Expected::Clause => "a clause such as `may`, `must not`, `collect`".into(),
            Expected::Keyword(k) | Expected::Punct(k) => format!("`{k}`"),
            Expected::Name => {
                "a name (letters, digits, `-` and `_`, starting with a letter)".into()
            }
            Expected::Phrase => "a phrase".into(),
            Expected::Quoted => "text in double quotes".into(),
            Expected::Type => "a type such as `number` or `date`".into(),
            Expected::End => "the end of the clause".into(),
        }
    }
}

fn expected_of(rule: Rule) -> Vec<Expected> {
    use Expected::*;
    let keyword = |k| vec![Keyword(k)];
    match rule {
        Rule::kw_about => keyword("about"),
        Rule::kw_always => keyword("always"),
        Rule::kw_answer => keyword("answer"),
        Rule::kw_approval => keyword("approval"),
        Rule::kw_breaks => keyword("breaks"),
        Rule::kw_business => keyword("business"),
        Rule::kw_channels => keyword("channels"),
        Rule::kw_collect => keyword("collect"),
        Rule::kw_fallback => keyword("fallback"),
        Rule::kw_everyday => keyword("everyday"),
        Rule::kw_exact => keyword("exact"),
        Rule::kw_matching => keyword("matching"),
        Rule::kw_staff => keyword("staff"),
        Rule::kw_handoff => keyword("handoff"),
        Rule::kw_language => keyword("language"),
        Rule::kw_log => keyword("log"),
        Rule::kw_may => keyword("may"),
        Rule::kw_must => keyword("must"),
        Rule::kw_never => keyword("never"),
        Rule::kw_no => keyword("no"),
        Rule::kw_not => keyword("not"),
        Rule::kw_ok => keyword("ok"),
        Rule::kw_on => keyword("on"),
        Rule::kw_promise => keyword("promise"),
        Rule::kw_read => keyword("read"),
        Rule::kw_redact => keyword("redact"),
        Rule::kw_reply => keyword("reply"),
        Rule::kw_risk => keyword("risk"),
        Rule::kw_save => keyword("save"),
        Rule::kw_system => keyword("system"),
        Rule::kw_test => keyword("test"),
        Rule::kw_tone => keyword("tone"),
        Rule::kw_topic => keyword("topic"),
        Rule::kw_using | Rule::using => keyword("using"),
        Rule::kw_when => keyword("when"),
        Rule::kw_with => keyword("with"),
        Rule::kw_write => keyword("write"),
        Rule::access => vec![Keyword("read"), Keyword("write")],
        Rule::about_clause
        | Rule::risk_clause
        | Rule::may_clause
        | Rule::must_not_clause
        | Rule::handoff_always_clause
        | Rule::handoff_when_clause
        | Rule::collect_clause
        | Rule::save_clause
        | Rule::redact_clause => vec![Clause],
        Rule::business_decl
        | Rule::channels_decl
        | Rule::language_decl
        | Rule::tone_decl
        | Rule::never_promise_decl
        | Rule::handoff_when_decl
        | Rule::fallback_decl
        | Rule::matching_decl
        | Rule::staff_decl
        | Rule::system_decl
        | Rule::topic_decl
        | Rule::log_decl
        | Rule::test_decl
        | Rule::reply_test_decl => vec![Declaration],
        Rule::name => vec![Name],
        Rule::expect => vec![Name, Keyword("handoff"), Keyword("no topic")],
        Rule::no_topic => vec![Keyword("no topic")],
        Rule::reply_topic => vec![Keyword("on")],
        Rule::reply_expect => vec![Keyword("ok"), Keyword("breaks")],
        Rule::phrase | Rule::phrases | Rule::bare_phrase | Rule::field => vec![Phrase],
        Rule::quoted | Rule::title => vec![Quoted],
        Rule::type_name => vec![Type],
        Rule::colon => vec![Punct(":")],
        Rule::arrow => vec![Punct("->")],
        Rule::comma => vec![Punct(",")],
        Rule::semicolon => vec![Punct(";")],
        Rule::lparen | Rule::field_type => vec![Punct("(")],
        Rule::rparen => vec![Punct(")")],
        Rule::EOI => vec![End],
        // Never expected where a piece is described: each stands for what
        // its parts expect.
        Rule::top_line
        | Rule::clause_line
        | Rule::clause_only
        | Rule::topic_head
        | Rule::log_head
        | Rule::list_head
        | Rule::list_item
        | Rule::field_item
        | Rule::using_item => vec![],
    }
}

/// What stands where the parse failed.
#[derive(Clone, Copy, Debug)]
enum Found<'a> {
    Word(&'a str),
    Char(char),
    End,
}

impl<'a> Found<'a> {
    fn at(piece: &'a str, pos: usize) -> (Found<'a>, usize) {
        let rest = &piece[pos..];
        let Some(c) = rest.chars().next() else {
            return (Found::End, 0);
        };
        if is_stop(c) {
            return (Found::Char(c), c.len_utf8());
        }
        let len = rest.find(is_stop).unwrap_or(rest.len());
        (Found::Word(&rest[..len]), len)
    }

    fn describe(self) -> String {
        match self {
            Found::Word(w) => format!("`{w}`"),
            Found::Char(c) => format!("`{c}`"),
            Found::End => "the end of the line".into(),
        }
    }
}

fn is_stop(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '#')
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn skip_spaces(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    pos + (text[pos..].len() - text[pos..].trim_start().len())
}

/// A syntax error for `piece` (at `offset` in `line`'s code) that the line
/// parser rejected with `failure`.
pub(crate) fn describe(
    context: Context,
    piece: &str,
    offset: usize,
    line: &Line<'_>,
    failure: &Failure,
) -> Diagnostic {
    let at = |rel: usize| line.start + offset + rel;
    let pos = skip_spaces(piece, failure.pos);
    let (found, found_len) = Found::at(piece, pos);
    let span = match found {
        Found::End => {
            let end = piece.trim_end().len();
            Span::new(at(end), at(end))
        }
        _ => Span::new(at(pos), at(pos + found_len)),
    };
    let mut expected: Vec<Expected> = failure
        .expected
        .iter()
        .flat_map(|&r| expected_of(r))
        .collect();
    expected.sort();
    expected.dedup();
    if expected.is_empty() {
        expected.push(Expected::End);
    }

    if let Some(d) = quote_problem(piece, pos, span, &at) {
        return d;
    }
    let word = match found {
        Found::Word(w) => Some(w),
        _ => None,
    };

    // Failing on the first word means the line or clause has no known
    // keyword: say what should start it.
    let at_first_word = pos == skip_spaces(piece, 0);
    if context == Context::Declaration
        && entry::clause_line(piece, 0).is_ok()
        && let Some(d) = clause_line_at_column_0(piece, line)
    {
        return d;
    }
    match context {
        Context::Declaration if at_first_word => return not_a_declaration(word, span, line),
        Context::HeaderClause | Context::IndentedClause | Context::AfterSemicolon
            if at_first_word || expected.contains(&Expected::Clause) =>
        {
            return not_a_clause(context, word, span, line);
        }
        _ => {}
    }
    if let Some(d) = misplaced_suffix(found, &expected, span) {
        return d;
    }
    let declares = first_word(piece.trim_start()).to_lowercase();
    if (context == Context::Header || declares == "system")
        && expected.contains(&Expected::Punct(":"))
        && let Some(d) = name_with_spaces(&declares, piece, pos, &at)
    {
        return d;
    }
    // After `test`: a quoted message, or `reply` and a quoted reply.
    let wants_quoted = expected.contains(&Expected::Quoted)
        && expected
            .iter()
            .all(|e| matches!(e, Expected::Quoted | Expected::Keyword("reply")));
    if wants_quoted && piece.trim_start().to_lowercase().starts_with("test") {
        // `test repy "..."` is a misspelt `reply`, not an unquoted message.
        let misspelt_reply = expected.contains(&Expected::Keyword("reply"))
            && word.is_some_and(|w| did_you_mean(w, ["reply"]).is_some())
            && piece[pos + found_len..].trim_start().starts_with('"');
        if !misspelt_reply {
            let reply = !expected.contains(&Expected::Keyword("reply"));
            return unquoted_test_message(piece, pos, &at, reply);
        }
    }

    if let (Found::End, true) = (found, expected.contains(&Expected::Phrase))
        && let Some(comma) = piece[..pos].trim_end().strip_suffix(',')
    {
        let at_comma = at(comma.len());
        return Diagnostic::new(
            Lint::SyntaxError,
            Span::new(at_comma, at_comma + 1),
            "a list ends with `,` but no phrase follows it",
        )
        .with_label("nothing after this `,`")
        .with_help("remove the `,`, or write the phrase that was meant to follow")
        .with_fix("Remove the `,`", Span::new(at_comma, at_comma + 1), "");
    }
    if let Found::Char('"') = found
        && (expected.contains(&Expected::End) || expected.contains(&Expected::Punct(",")))
    {
        return Diagnostic::new(
            Lint::SyntaxError,
            span,
            "a phrase is either plain words or one text in quotes, not both",
        )
        .with_label("quotes in the middle of a phrase")
        .with_help("put the whole phrase in quotes, or separate it from the one before with `,`");
    }
    let wanted: Vec<String> = expected.iter().map(Expected::describe).collect();
    let diagnostic = Diagnostic::new(
        Lint::SyntaxError,
        span,
        format!(
            "expected {}, but found {}",
            join_or(&wanted),
            found.describe()
        ),
    )
    .with_label(format!("expected {}", join_or(&wanted)));

    // `test reply "..." booking -> ok`: the topic without its `on`.
    if expected.contains(&Expected::Keyword("on"))
        && let Some(name) = word
        && piece[pos + found_len..].trim_start().starts_with("->")
    {
        return diagnostic
            .with_help(format!(
                "write `on {name}` to say which topic the conversation is on"
            ))
            .with_fix(
                "Insert `on`",
                Span::new(span.start as usize, span.start as usize),
                "on ",
            );
    }
    let keywords: Vec<&str> = expected
        .iter()
        .filter_map(|e| match e {
            Expected::Keyword(k) => Some(*k),
            _ => None,
        })
        .collect();
    if let (Some(word), false) = (word, keywords.is_empty())
        && let Some(better) = did_you_mean(word, keywords.iter().copied())
    {
        return diagnostic
            .with_help(format!("did you mean `{better}`?"))
            .with_fix(format!("Replace with `{better}`"), span, better);
    }
    // An arrow written another way: `>`, `-`, `=>`, `→`.
    if expected.contains(&Expected::Punct("->"))
        && let Some(arrow) = word.filter(|w| {
            w.chars().count() <= 3 && w.chars().all(|c| matches!(c, '-' | '>' | '=' | '<' | '→'))
        })
    {
        return diagnostic
            .with_help("the message and the expected outcome are separated by `->`")
            .with_fix(format!("Replace `{arrow}` with `->`"), span, "->");
    }
    // One obvious missing piece: offer to insert it after the last token.
    let missing = expected.iter().find_map(|e| match e {
        Expected::Punct(p @ (":" | "->" | ")")) => Some((*p, *p)),
        Expected::Keyword(k) if expected.len() == 1 => Some((*k, *k)),
        _ => None,
    });
    if let Some((shown, text)) = missing {
        let after_previous = at(piece[..pos].trim_end().len());
        let text = match text {
            ":" | ")" => text.to_string(),
            _ => format!(" {text}"),
        };
        return diagnostic
            .with_help(format!("add `{shown}` here"))
            .with_fix(
                format!("Insert `{shown}`"),
                Span::new(after_previous, after_previous),
                text,
            );
    }
    diagnostic.with_help(general_help(&expected))
}

fn general_help(expected: &[Expected]) -> &'static str {
    if expected.contains(&Expected::Keyword("ok")) {
        "a reply test expects `ok` (the reply may be sent) or `breaks PHRASE` (the rule it breaks)"
    } else if expected.contains(&Expected::Name) {
        "names are letters, digits, `-` and `_`, starting with a letter: `opening-hours`"
    } else if expected.contains(&Expected::Phrase) {
        "write one or more words, separated by `,`; put text with punctuation in double quotes"
    } else if expected.contains(&Expected::End) {
        "end the clause here, or separate clauses with `;`; put text with punctuation or \
         keywords in double quotes"
    } else {
        "see docs/language.md for the form of each line"
    }
}

fn quote_problem(
    piece: &str,
    pos: usize,
    span: Span,
    at: &dyn Fn(usize) -> usize,
) -> Option<Diagnostic> {
    let rest = piece.get(pos..)?;
    if !rest.starts_with('"') {
        return None;
    }
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((_, '"' | '\\')) => {}
                Some((j, other)) => {
                    let bad = Span::new(at(pos + i), at(pos + j + other.len_utf8()));
                    return Some(
                        Diagnostic::new(
                            Lint::SyntaxError,
                            bad,
                            format!("`\\{other}` is not an escape handoff knows"),
                        )
                        .with_label("unknown escape")
                        .with_help(
                            "inside double quotes, write `\\\"` for a quote and `\\\\` for a \
                             backslash; any other backslash must be doubled",
                        )
                        .with_fix(
                            "Double the backslash",
                            Span::new(bad.start as usize, bad.start as usize + 1),
                            "\\\\",
                        ),
                    );
                }
                None => break,
            },
            _ => {}
        }
    }
    let end = at(piece.trim_end().len());
    Some(
        Diagnostic::new(
            Lint::SyntaxError,
            Span::new(span.start as usize, end),
            "this quoted text has no closing `\"`",
        )
        .with_label("the quote starts here and never ends")
        .with_help("quoted text ends on the same line; add a `\"` where the text ends")
        .with_fix(
            "Close the quote at the end of the line",
            Span::new(end, end),
            "\"",
        ),
    )
}

fn not_a_declaration(word: Option<&str>, span: Span, line: &Line<'_>) -> Diagnostic {
    let Some(word) = word else {
        return Diagnostic::new(
            Lint::SyntaxError,
            span,
            "expected a declaration such as `topic`, `system` or `test` at the start of this line",
        )
        .with_label("not a declaration")
        .with_help(declaration_help());
    };
    let lower = word.to_lowercase();
    if clause_keywords().any(|k| first_word(k) == lower) {
        return clause_at_column_0(
            format!("`{word}` starts a clause, which belongs indented under a `topic` or `log:`"),
            span,
            line,
        );
    }
    let diagnostic = Diagnostic::new(
        Lint::SyntaxError,
        span,
        format!("`{word}` does not start a declaration"),
    )
    .with_label("unknown declaration");
    // The whole two-word keywords too: `neverpromise` is `never promise`.
    let candidates = declaration_keywords()
        .map(first_word)
        .chain(declaration_keywords().filter(|k| k.contains(' ')));
    match did_you_mean(word, candidates) {
        Some(better) => diagnostic
            .with_help(format!("did you mean `{better}`?"))
            .with_fix(format!("Replace with `{better}`"), span, better),
        None => diagnostic.with_help(declaration_help()),
    }
}

/// A line at column 0 that is a whole clause line: it lost its indent.
/// `handoff always` is named as a whole, since `handoff` alone also starts
/// a declaration (`handoff when`).
fn clause_line_at_column_0(piece: &str, line: &Line<'_>) -> Option<Diagnostic> {
    let start = skip_spaces(piece, 0);
    let words: Vec<&str> = piece[start..].split_whitespace().take(2).collect();
    let first = *words.first()?;
    let keyword_end = start + first.len();
    if first.eq_ignore_ascii_case("handoff")
        && words
            .get(1)
            .is_some_and(|w| w.eq_ignore_ascii_case("always"))
    {
        let end = start + piece[start..].to_lowercase().find("always")? + "always".len();
        let span = Span::new(line.start + start, line.start + end);
        return Some(clause_at_column_0(
            "`handoff always` is a topic clause, which belongs indented under a topic".into(),
            span,
            line,
        ));
    }
    let span = Span::new(line.start + start, line.start + keyword_end);
    Some(clause_at_column_0(
        format!("`{first}` starts a clause, which belongs indented under a `topic` or `log:`"),
        span,
        line,
    ))
}

/// The parser drops the fix when no `topic` or `log:` above takes the line.
fn clause_at_column_0(message: String, span: Span, line: &Line<'_>) -> Diagnostic {
    let indent = Span::new(line.start, line.start);
    Diagnostic::new(Lint::SyntaxError, span, message)
        .with_label("a clause at the start of a line")
        .with_help(
            "indent the line under the `topic` it belongs to (`save` and `redact`: under `log:`)",
        )
        .with_fix("Indent the line", indent, "  ")
}

fn declaration_help() -> String {
    format!(
        "a line at column 0 starts a declaration: {}; indent the line if it belongs to the topic above",
        join_or(
            &declaration_keywords()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
        )
    )
}

fn first_word(keyword: &str) -> &str {
    keyword.split(' ').next().unwrap_or(keyword)
}

fn not_a_clause(context: Context, word: Option<&str>, span: Span, line: &Line<'_>) -> Diagnostic {
    let after = match context {
        Context::AfterSemicolon => " after `;`",
        Context::HeaderClause => " after `:`",
        _ => "",
    };
    let found = word.map_or_else(|| "nothing".to_string(), |w| format!("`{w}`"));
    if let Some(word) = word {
        let lower = word.to_lowercase();
        let is_declaration = Declaration::ALL
            .iter()
            .any(|d| *d != Declaration::HandoffWhen && first_word(d.words()) == lower);
        if is_declaration && context == Context::IndentedClause {
            return Diagnostic::new(
                Lint::SyntaxError,
                span,
                format!("`{word}` starts a declaration, which belongs at the start of the line"),
            )
            .with_label("an indented declaration")
            .with_help("remove the indent: declarations are not part of the topic above")
            .with_fix(
                "Remove the indent",
                Span::new(line.start, line.start + line.indent),
                "",
            );
        }
    }
    let diagnostic = Diagnostic::new(
        Lint::SyntaxError,
        span,
        format!("expected a clause such as `may`, `must not`, `collect`{after}, but found {found}"),
    )
    .with_label("not a clause");
    // The whole two-word keywords too: `mustnot` is `must not`.
    let mut candidates: Vec<&str> = clause_keywords().map(first_word).collect();
    candidates.dedup();
    candidates.extend(clause_keywords().filter(|k| k.contains(' ')));
    match word.and_then(|w| did_you_mean(w, candidates.iter().copied())) {
        Some(better) => diagnostic
            .with_help(format!("did you mean `{better}`?"))
            .with_fix(format!("Replace with `{better}`"), span, better),
        None => diagnostic.with_help(format!(
            "a topic's clauses are {}",
            join_or(
                &words::Clause::ALL
                    .iter()
                    .filter(|c| !c.belongs_in_log())
                    .map(|c| format!("`{}`", c.words()))
                    .collect::<Vec<_>>()
            )
        )),
    }
}

/// `using` and `(type)` are suffixes of one clause each.
fn misplaced_suffix(found: Found<'_>, expected: &[Expected], span: Span) -> Option<Diagnostic> {
    match found {
        Found::Word(w)
            if w.eq_ignore_ascii_case("using")
                && !expected.contains(&Expected::Keyword("using")) =>
        {
            Some(
                Diagnostic::new(
                    Lint::SyntaxError,
                    span,
                    "`using` only goes at the end of a `may` clause, to name a system",
                )
                .with_label("`using` is not allowed here")
                .with_help("if `using` is part of the phrase, put the phrase in double quotes"),
            )
        }
        Found::Char('(') if !expected.contains(&Expected::Punct("(")) => Some(
            Diagnostic::new(
                Lint::SyntaxError,
                span,
                "a type in parentheses only goes after a field of `collect`",
            )
            .with_label("unexpected `(`")
            .with_help(
                "if the parentheses are part of the phrase, put the phrase in double quotes",
            ),
        ),
        _ => None,
    }
}

/// `topic opening hours:`, `system booking calendar: read` — a name with
/// spaces in it. The words up to the `:` (or, in a topic header that lost
/// its `:` too, up to the title or the line end) are joined with `-`.
fn name_with_spaces(
    declares: &str,
    piece: &str,
    pos: usize,
    at: &dyn Fn(usize) -> usize,
) -> Option<Diagnostic> {
    let colon = piece[pos..].find(':').map(|i| pos + i);
    let head_end = match colon {
        Some(colon) => colon,
        None if declares == "topic" => piece.find('"').unwrap_or(piece.len()),
        None => return None,
    };
    let head = &piece[..head_end];
    let mut words = head.split_whitespace();
    words.next()?; // `topic` or `system`
    let name_words: Vec<&str> = words.collect();
    // A clause keyword after the name means the `:` is missing before it
    // (`topic hours about open`), not that the name has spaces.
    let starts_clause = |w: &str| clause_keywords().any(|k| first_word(k).eq_ignore_ascii_case(w));
    if name_words.len() < 2
        || name_words.iter().any(|w| {
            !w.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
        || name_words[1..].iter().any(|w| starts_clause(w))
    {
        return None;
    }
    let name_start = head.find(name_words[0])?;
    let name_end = head.trim_end().len();
    let joined = name_words.join("-");
    let span = Span::new(at(name_start), at(name_end));
    let what = if declares == "system" {
        "system"
    } else {
        "topic"
    };
    let example = if what == "system" {
        format!("`system {joined}: read`")
    } else {
        format!(
            "`{joined}`; to show a title with spaces, add it in quotes: `topic {joined} \"{}\":`",
            name_words.join(" ")
        )
    };
    let diagnostic = Diagnostic::new(
        Lint::SyntaxError,
        span,
        format!("a {what} name cannot contain spaces"),
    )
    .with_label("a name with spaces");
    if colon.is_some() {
        return Some(
            diagnostic
                .with_help(format!("join the words with `-`: {example}"))
                .with_fix(format!("Rename to `{joined}`"), span, joined),
        );
    }
    // The header lost its `:` too: join the words and end the header.
    let header_end = at(piece.trim_end().len());
    let title = &piece[head_end..].trim_end();
    let header = if title.is_empty() {
        format!("topic {joined}:")
    } else {
        format!("topic {joined} {title}:")
    };
    let diagnostic = diagnostic.with_help(format!(
        "join the words with `-` and end the header with `:`: `{header}`"
    ));
    let title = format!("Rename to `{joined}` and add `:`");
    if header_end == span.end as usize {
        return Some(diagnostic.with_fix(title, span, format!("{joined}:")));
    }
    let mut diagnostic = diagnostic;
    diagnostic.fix = Some(Fix {
        title,
        edits: vec![
            Edit {
                span,
                replacement: joined,
            },
            Edit {
                span: Span::new(header_end, header_end),
                replacement: ":".into(),
            },
        ],
    });
    Some(diagnostic)
}

/// `test hello -> booking`: the message must be quoted; so must the reply
/// of `test reply hello -> ok`.
fn unquoted_test_message(
    piece: &str,
    pos: usize,
    at: &dyn Fn(usize) -> usize,
    reply: bool,
) -> Diagnostic {
    let end = piece[pos..]
        .find("->")
        .map_or(piece.trim_end().len(), |i| pos + i)
        .max(pos);
    let message = piece[pos..end].trim_end();
    let span = Span::new(at(pos), at(pos + message.len()));
    let quoted = crate::lexical::quoted(message);
    let (message, help) = if reply {
        (
            "the agent's reply in a reply test goes in double quotes",
            format!("write `test reply {quoted} -> ok`"),
        )
    } else {
        (
            "the customer's message in a test goes in double quotes",
            format!("write `test {quoted} -> TOPIC`"),
        )
    };
    Diagnostic::new(Lint::SyntaxError, span, message)
        .with_label("not quoted")
        .with_help(help)
        .with_fix("Quote the message", span, quoted)
}

/// A piece between `;`s (or after `:`) that is only space other than
/// spaces and tabs, such as a no-break space U+00A0: not an empty clause,
/// and invisible, so it is named by its code point.
pub(crate) fn invisible_clause(piece: &str, base: usize) -> Diagnostic {
    let lead = piece.len() - piece.trim_start_matches([' ', '\t']).len();
    let visible = piece.trim_end_matches([' ', '\t']);
    let span = Span::new(base + lead, base + visible.len());
    let first = piece[lead..].chars().next().unwrap_or(' ');
    Diagnostic::new(
        Lint::SyntaxError,
        span,
        format!(
            "an invisible space (U+{:04X}) stands where a clause should be",
            first as u32
        ),
    )
    .with_label("invisible space")
    .with_help("delete it: only ordinary spaces and tabs may stand between clauses")
    .with_fix("Delete the invisible space", span, "")
}

/// A `save`/`redact` clause in a topic, or a topic clause in `log:`.
pub(crate) fn misplaced_clause(clause: &tree::Clause, in_log: bool) -> Diagnostic {
    let keyword = clause.kind.keyword();
    let (message, help) = if in_log {
        (
            format!("`{keyword}` is a topic clause; `log:` only takes `save` and `redact`"),
            "move this clause into the topic it is about",
        )
    } else {
        (
            format!("`{keyword}` belongs in `log:`, not in a topic"),
            "the log is kept for every conversation: write `log: save ...; redact ...` at the \
             start of a line",
        )
    };
    Diagnostic::new(Lint::SyntaxError, clause.keyword, message)
        .with_label("misplaced clause")
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use strum::VariantArray;

    use super::{Expected, expected_of};
    use crate::line_parser::Rule;

    /// A new clause or declaration rule is described in the author's words
    /// as soon as it is named like the others.
    #[test]
    fn every_clause_and_declaration_rule_has_words() {
        for &rule in Rule::VARIANTS {
            let name = format!("{rule:?}");
            if name.ends_with("_clause") {
                assert_eq!(expected_of(rule), [Expected::Clause], "{name}");
            }
            if name.ends_with("_decl") {
                assert_eq!(expected_of(rule), [Expected::Declaration], "{name}");
            }
            if name.starts_with("kw_") {
                assert!(
                    matches!(expected_of(rule).as_slice(), [Expected::Keyword(_)]),
                    "{name}"
                );
            }
        }
    }
}
