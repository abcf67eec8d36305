//! The owner's real inbox, read: chat exports (a WhatsApp chat, the
//! Instagram and Messenger JSON of Meta's "Download your information", a
//! CSV, plain text) become the customers' messages, with personal data
//! removed before anything leaves this crate; against a policy, they become
//! coverage (what each topic catches), groups of what no topic catches with
//! the words that would, and `test` lines; without one, a draft rules file.
//!
//! Invariants: no text of a message leaves [`customers`] unredacted; every
//! result is deterministic (groups and suggestions are ordered by count,
//! then by word); bad input is a [`Problem`] with its line, never a
//! panic.

mod coverage;
mod draft;
mod group;
mod meta;
mod suggest;
mod table;
mod week;
mod whatsapp;

pub use coverage::{Coverage, HandedOff, coverage};
pub use draft::{draft, languages, one_line, test_line};
pub use group::{Group, Grouping, Reader, group};
pub use handoff_log::Redactor;
pub use suggest::{Added, Suggestion, suggest};
pub use week::{
    Commit, Day, Figures, HeldRule, Named, Reason, Uncertain, Unfired, Version, Week, week,
};

/// Which kind of export a file is, found from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    WhatsApp,
    Meta,
    Csv,
    Plain,
    /// A conversation log a runtime wrote (`handoff report` reads it too).
    Log,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::WhatsApp => "a WhatsApp chat",
            Format::Meta => "an Instagram or Messenger chat (Meta JSON)",
            Format::Csv => "a CSV table",
            Format::Plain => "plain text, one message a line",
            Format::Log => "a conversation log (the customers' questions it saves)",
        }
    }
}

/// One message as the export holds it, before personal data is removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Who wrote it, when the export says.
    pub sender: Option<String>,
    pub text: String,
    /// Its first line in the file (1-based; for JSON, the message's place).
    pub line: usize,
}

/// One exported file: its chat (a thread) and what was skipped.
#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub format: Format,
    pub messages: Vec<Message>,
    /// Everyone the export names as taking part, messages or not.
    pub participants: Vec<String>,
    pub warnings: Vec<Problem>,
}

/// Something wrong in an export, at its line when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub(crate) fn at(
        line: Option<usize>,
        message: impl Into<String>,
        help: Option<&str>,
    ) -> Problem {
        Problem {
            line,
            message: message.into(),
            help: help.map(str::to_string),
        }
    }
}

/// How to read exports.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The CSV column that holds the messages; also makes a file a CSV.
    pub column: Option<String>,
}

/// An export, read by what its content is.
pub fn read(name: &str, bytes: &[u8], options: &Options) -> Result<Export, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Problem::at(
            Some(line),
            "this file is not UTF-8 text",
            Some("export the chat again, or save the file as UTF-8"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Problem::at(None, "this file is empty", None));
    }
    let (format, messages, participants, warnings) = match detect(name, text, options) {
        Format::Meta => {
            let (messages, participants) = meta::read(text)?;
            (Format::Meta, messages, participants, Vec::new())
        }
        Format::WhatsApp => {
            let (messages, warnings) = whatsapp::read(text);
            let mut participants: Vec<String> = Vec::new();
            for m in &messages {
                if let Some(s) = &m.sender
                    && !participants.contains(s)
                {
                    participants.push(s.clone());
                }
            }
            (Format::WhatsApp, messages, participants, warnings)
        }
        Format::Log => {
            let log = handoff_log::read(text.as_bytes());
            let warnings = log
                .skipped
                .iter()
                .map(|s| Problem::at(Some(s.line), format!("skipped: {}", s.why), None))
                .collect();
            let messages: Vec<Message> = log
                .records
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    r.question().map(|q| Message {
                        sender: None,
                        text: q.to_string(),
                        line: i + 1,
                    })
                })
                .collect();
            if messages.is_empty() {
                return Err(Problem::at(
                    None,
                    "this log holds no customers' questions",
                    Some(
                        "the rules' `log:` must save them (`log: save question, ...`) for the log to be read as an inbox",
                    ),
                ));
            }
            (Format::Log, messages, Vec::new(), warnings)
        }
        Format::Csv => {
            let (messages, participants) = table::read(text, options.column.as_deref())?;
            (Format::Csv, messages, participants, Vec::new())
        }
        Format::Plain => {
            let messages = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| Message {
                    sender: None,
                    text: whatsapp::without_marks(l.trim()),
                    line: i + 1,
                })
                .collect();
            (Format::Plain, messages, Vec::new(), Vec::new())
        }
    };
    Ok(Export {
        name: name.to_string(),
        format,
        messages,
        participants,
        warnings,
    })
}

/// A WhatsApp header in the first lines makes a chat (an iOS one starts
/// with `[`); a first line that is a log record makes a log; other JSON is
/// Meta's (or an error that says it is not); `--column`
/// or a `.csv` name makes a table; the rest is plain text.
fn detect(name: &str, text: &str, options: &Options) -> Format {
    let chat = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .any(|l| whatsapp::header(l).is_some());
    let start = text.trim_start();
    let first_line = start.lines().next().unwrap_or_default();
    if chat {
        Format::WhatsApp
    } else if !handoff_log::read(first_line.as_bytes()).records.is_empty() {
        Format::Log
    } else if start.starts_with('{') || start.starts_with('[') {
        Format::Meta
    } else if options.column.is_some() || name.to_ascii_lowercase().ends_with(".csv") {
        Format::Csv
    } else {
        Format::Plain
    }
}

/// Whose side the business is, and how that was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Business {
    /// `--me NAME`.
    Given(String),
    /// The name that writes in most threads.
    MostThreads { name: String, threads: usize },
    /// The exports name no senders (CSV without a sender column, plain
    /// text): every message is a customer's.
    NoSenders,
}

/// The customers' messages of every export, personal data removed.
#[derive(Clone, Debug)]
pub struct Customers {
    pub business: Business,
    /// Each message's text, redacted, with the export and line it came from.
    pub messages: Vec<Customer>,
    /// Messages of the business's own side, left out.
    pub own: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub text: String,
    pub export: usize,
    pub line: usize,
}

/// The messages customers wrote, told from the business's own by `me` or
/// by the name that writes in most threads, each cleaned by `redactor`
/// (to which every sender's name is added first).
pub fn customers(
    exports: &[Export],
    me: Option<&str>,
    mut redactor: Redactor,
) -> Result<Customers, Problem> {
    let mut names: Vec<&str> = Vec::new();
    for export in exports {
        for name in export
            .participants
            .iter()
            .map(String::as_str)
            .chain(export.messages.iter().filter_map(|m| m.sender.as_deref()))
        {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    // Who the business is is found from chats; a table's sender column
    // (often the customer's name on a form) only adds names to remove.
    let chat_names: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            exports.iter().any(|e| {
                e.format != Format::Csv
                    && (e.participants.iter().any(|p| p == n)
                        || e.messages.iter().any(|m| m.sender.as_deref() == Some(n)))
            })
        })
        .collect();
    let business = match me {
        Some(me) => {
            if !chat_names.is_empty() && !chat_names.iter().any(|n| n.eq_ignore_ascii_case(me)) {
                let mut sorted = chat_names.clone();
                sorted.sort_unstable();
                return Err(Problem::at(
                    None,
                    format!("no one called {me:?} writes in these exports"),
                    Some(&format!("the senders are: {}", sorted.join(", "))),
                ));
            }
            Business::Given(me.to_string())
        }
        None if chat_names.is_empty() => Business::NoSenders,
        None => most_threads(exports, &chat_names)?,
    };
    for name in &names {
        redactor.add_name(name);
    }
    let own_name = match &business {
        Business::Given(n) | Business::MostThreads { name: n, .. } => Some(n.as_str()),
        Business::NoSenders => None,
    };
    let mut messages = Vec::new();
    let mut own = 0;
    for (e, export) in exports.iter().enumerate() {
        for m in &export.messages {
            let is_own = match (own_name, &m.sender) {
                (Some(me), Some(sender)) => sender.eq_ignore_ascii_case(me),
                _ => false,
            };
            if is_own {
                own += 1;
                continue;
            }
            let text = redactor.clean(&m.text);
            if !text.trim().is_empty() {
                messages.push(Customer {
                    text,
                    export: e,
                    line: m.line,
                });
            }
        }
    }
    Ok(Customers {
        business,
        messages,
        own,
    })
}

/// The sender in most threads; a tie is no answer, so it asks for `--me`.
fn most_threads(exports: &[Export], names: &[&str]) -> Result<Business, Problem> {
    let mut counts: Vec<(usize, &str)> = names
        .iter()
        .map(|name| {
            let threads = exports
                .iter()
                .filter(|e| e.messages.iter().any(|m| m.sender.as_deref() == Some(name)))
                .count();
            (threads, *name)
        })
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    match counts.as_slice() {
        [(threads, name)] if exports.len() > 1 => Ok(Business::MostThreads {
            name: name.to_string(),
            threads: *threads,
        }),
        [(a, name), (b, _), ..] if a > b => Ok(Business::MostThreads {
            name: name.to_string(),
            threads: *a,
        }),
        _ => {
            let mut sorted = names.to_vec();
            sorted.sort_unstable();
            Err(Problem::at(
                None,
                "cannot tell which side of the chat is the business's".to_string(),
                Some(&format!(
                    "say whose messages are yours with --me NAME; the senders are: {}",
                    sorted.join(", ")
                )),
            ))
        }
    }
}
