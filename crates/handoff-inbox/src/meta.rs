//! The Instagram and Messenger chats of Meta's "Download your information"
//! (`messages/inbox/THREAD/message_1.json`): participants, and messages
//! newest first with a sender and, for text, a `content`. Meta writes the
//! text's UTF-8 bytes as if each were a Latin-1 character (`Ã¤` for `ä`);
//! they are decoded back. The newer export (`senderName`, `text`) reads
//! the same.

use serde_json::Value;

use crate::{Message, Problem};

pub(crate) fn read(text: &str) -> Result<(Vec<Message>, Vec<String>), Problem> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Problem::at(
            Some(e.line()),
            format!("this JSON cannot be read: {e}"),
            Some("is the file cut short? export the chat again"),
        )
    })?;
    let not_meta = |what: &str| {
        Problem::at(
            None,
            format!("this JSON is not a Meta chat export: {what}"),
            Some(
                "use the `message_1.json` files under messages/inbox/ of Meta's \"Download your \
                 information\" (JSON format)",
            ),
        )
    };
    let Some(messages) = value.get("messages").and_then(Value::as_array) else {
        return Err(not_meta("it has no `messages` list"));
    };
    let field = |v: &Value, keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str))
            .map(undo_latin1)
    };
    let participants = value
        .get("participants")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.as_str().map(undo_latin1).or_else(|| field(p, &["name"])))
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        if !m.is_object() {
            return Err(not_meta(&format!("message {} is not an object", i + 1)));
        }
        let Some(sender) = field(m, &["sender_name", "senderName"]) else {
            return Err(not_meta(&format!("message {} has no sender", i + 1)));
        };
        // Photos, shares, reactions and calls have no text.
        let Some(content) = field(m, &["content", "text"]) else {
            continue;
        };
        if content.trim().is_empty() {
            continue;
        }
        out.push(Message {
            sender: Some(sender),
            text: content,
            line: messages.len() - i,
        });
    }
    // Oldest first, as a chat reads.
    out.reverse();
    Ok((out, participants))
}

/// Meta's text, whose every UTF-8 byte became a character U+0000..U+00FF,
/// decoded back; text that is not such (a real `é`, or already right) is
/// kept as it is.
fn undo_latin1(text: &str) -> String {
    if text.is_ascii() || text.chars().any(|c| c as u32 > 0xff) {
        return text.to_string();
    }
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mis_encoded_letters_are_decoded() {
        assert_eq!(
            undo_latin1("Hur dags st\u{c3}\u{a4}nger ni?"),
            "Hur dags stänger ni?"
        );
        assert_eq!(undo_latin1("café"), "café");
        assert_eq!(undo_latin1("plain"), "plain");
    }

    #[test]
    fn newest_first_becomes_oldest_first_and_media_is_skipped() {
        let json = r#"{"participants":[{"name":"Salon Lina"},{"name":"Kim"}],
            "messages":[
              {"sender_name":"Kim","timestamp_ms":3,"content":"tack!"},
              {"sender_name":"Kim","timestamp_ms":2,"photos":[{"uri":"x.jpg"}]},
              {"sender_name":"Kim","timestamp_ms":1,"content":"\u00c3\u00b6ppet idag?"}]}"#;
        let (messages, participants) = read(json).unwrap();
        assert_eq!(participants, ["Salon Lina", "Kim"]);
        let texts: Vec<&str> = messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["öppet idag?", "tack!"]);
    }

    #[test]
    fn json_that_is_not_meta_says_so() {
        let e = read(r#"{"rows": []}"#).unwrap_err();
        assert!(
            e.message.contains("not a Meta chat export"),
            "{}",
            e.message
        );
        let e = read(r#"{"messages": [{"x": 1"#).unwrap_err();
        assert!(e.message.contains("cannot be read"), "{}", e.message);
    }
}
