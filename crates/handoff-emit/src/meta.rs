//! Instructions for Meta's business AI (WhatsApp, Messenger, Instagram): the
//! agent prompt as plain text, since it takes no Markdown, within its
//! 20,000-character limit. Meta's AI has no `handoff_to_human` tool to call:
//! its prompt says when to tell the customer a person will take over, and
//! the business's inbox shows the conversation to that person.

use handoff_policy::Policy;

use crate::prompt::{self, Handover};

/// The most characters Meta's instructions field takes.
pub const LIMIT: usize = 20_000;
/// From here on, the CLI warns that the text is near the limit.
pub const WARN_AT: usize = 18_000;

pub(crate) fn render(policy: &Policy) -> String {
    plain_text(&prompt::render_for(policy, Handover::Tell))
}

fn plain_text(prompt_markdown: &str) -> String {
    let mut out = String::with_capacity(prompt_markdown.len());
    for line in prompt_markdown.lines() {
        let line = if let Some(heading) = line.strip_prefix("### ") {
            format!("{}:", unescape(heading))
        } else if let Some(heading) = line.strip_prefix("## ") {
            unescape(heading).to_uppercase()
        } else if let Some(heading) = line.strip_prefix("# ") {
            unescape(heading).to_uppercase()
        } else {
            unescape(line)
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Markdown's emphasis, code marks and escapes removed.
fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '`' => {}
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// A warning when the text is near or over the limit.
pub fn limit_warning(text: &str) -> Option<String> {
    let length = text.chars().count();
    if length > LIMIT {
        Some(format!(
            "the Meta instructions are {length} characters, over Meta's limit of {LIMIT}: shorten \
             the rules (fewer `about` phrases or topics) or they will be cut"
        ))
    } else if length >= WARN_AT {
        Some(format!(
            "the Meta instructions are {length} characters, near Meta's limit of {LIMIT}"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        let text = plain_text(
            "# Title\n\nYou answer **Salon\\_Lina** on `calendar`.\n### Booking (`booking`)\n- a\n",
        );
        assert_eq!(
            text,
            "TITLE\n\nYou answer Salon_Lina on calendar.\nBooking (booking):\n- a\n"
        );
    }

    #[test]
    fn warns_near_and_over_the_limit() {
        assert!(limit_warning(&"x".repeat(100)).is_none());
        assert!(
            limit_warning(&"x".repeat(WARN_AT))
                .unwrap()
                .contains("near")
        );
        assert!(
            limit_warning(&"x".repeat(LIMIT + 1))
                .unwrap()
                .contains("over")
        );
    }
}
