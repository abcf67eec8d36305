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

pub(crate) fn language(tag: &str) -> Option<&'static str> {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => "Arabic",
        "da" => "Danish",
        "de" => "German",
        "el" => "Greek",
        "en" => "English",
        "es" => "Spanish",
        "et" => "Estonian",
        "fa" => "Persian",
        "fi" => "Finnish",
        "fr" => "French",
        "hi" => "Hindi",
        "is" => "Icelandic",
        "it" => "Italian",
        "ja" => "Japanese",
        "ko" => "Korean",
        "lt" => "Lithuanian",
        "lv" => "Latvian",
        "nb" | "no" => "Norwegian",
        "nn" => "Norwegian (Nynorsk)",
        "nl" => "Dutch",
        "pl" => "Polish",
        "pt" => "Portuguese",
        "ru" => "Russian",
        "so" => "Somali",
        "sv" => "Swedish",
        "th" => "Thai",
        "tr" => "Turkish",
        "uk" => "Ukrainian",
        "ur" => "Urdu",
        "vi" => "Vietnamese",
        "zh" => "Chinese",
        _ => return None,
    })
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
