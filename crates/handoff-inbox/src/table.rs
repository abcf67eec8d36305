//! A CSV table of messages: one message a row, in the column `--column`
//! names or the one headed `message`, `text`, `body`, `content` or
//! `question`; a `sender`, `from`, `author` or `name` column, when there
//! is one, tells who wrote it.

use crate::{Message, Problem};

const MESSAGE_COLUMNS: [&str; 5] = ["message", "text", "body", "content", "question"];
const SENDER_COLUMNS: [&str; 4] = ["sender", "from", "author", "name"];

pub(crate) fn read(
    text: &str,
    column: Option<&str>,
) -> Result<(Vec<Message>, Vec<String>), Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| problem(&e, "the first row cannot be read"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let find = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let message_column = match column {
        Some(name) => find(name).ok_or_else(|| {
            Problem::at(
                Some(1),
                format!("this table has no column {name:?}"),
                Some(&format!("its columns are: {}", headers.join(", "))),
            )
        })?,
        None => MESSAGE_COLUMNS
            .iter()
            .find_map(|c| find(c))
            .ok_or_else(|| {
                Problem::at(
                    Some(1),
                    "cannot tell which column holds the messages",
                    Some(&format!(
                        "name it with --column; the columns are: {}",
                        headers.join(", ")
                    )),
                )
            })?,
    };
    let sender_column = SENDER_COLUMNS
        .iter()
        .find_map(|c| find(c))
        .filter(|&c| c != message_column);
    let mut messages = Vec::new();
    let mut senders: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| problem(&e, "this row cannot be read"))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let Some(text) = record.get(message_column) else {
            continue;
        };
        let text = crate::whatsapp::without_marks(text.trim());
        if text.is_empty() {
            continue;
        }
        let sender = sender_column
            .and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        if let Some(s) = &sender
            && !senders.contains(s)
        {
            senders.push(s.clone());
        }
        messages.push(Message { sender, text, line });
    }
    Ok((messages, senders))
}

fn problem(e: &csv::Error, what: &str) -> Problem {
    Problem::at(
        e.position().map(|p| p.line() as usize),
        format!("{what}: {e}"),
        None,
    )
}
