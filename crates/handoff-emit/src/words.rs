//! Plain-English names for the language's fixed words.

pub(crate) fn channel(name: &str) -> &str {
    match name {
        "whatsapp" => "WhatsApp",
        "messenger" => "Messenger",
        "instagram" => "Instagram",
        "webchat" => "the web chat",
        "email" => "e-mail",
        "forms" => "web forms",
        "sms" => "SMS",
        other => other,
    }
}

/// "a", "a or b", "a, b or c".
pub(crate) fn join(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., end] => format!("{} {last} {end}", init.join(", ")),
    }
}

/// The author's words, safe inside Markdown: characters Markdown would
/// read as formatting are escaped.
pub(crate) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
