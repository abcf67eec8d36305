//! Messages as a stressed customer sends them: the same request with a
//! dropped letter, two letters swapped, no punctuation, all caps, or extra
//! words around it. Deterministic, so a weak rule shows up the same way on
//! every run.

/// The variants of a message that the router decides differently from the
/// message itself: how each was made, the variant, and its decision.
pub fn decided_differently(
    router: &crate::Router<'_>,
    message: &str,
) -> Vec<(&'static str, String, crate::Decision)> {
    let original = router.route(message);
    variants(message)
        .into_iter()
        .filter_map(|(kind, variant)| {
            let decision = router.route(&variant);
            let same = (&decision.topic, decision.handoff) == (&original.topic, original.handoff);
            (!same).then_some((kind, variant, decision))
        })
        .collect()
}

/// How a variant was made, and the variant.
pub fn variants(message: &str) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut push = |kind, text: String| {
        if text != message && !out.iter().any(|(_, t)| *t == text) {
            out.push((kind, text));
        }
    };
    if let Some((start, word)) = longest_word(message) {
        let letters: Vec<(usize, char)> = word.char_indices().collect();
        if letters.len() >= 3 {
            // Drop the letter in the middle of the longest word.
            let (at, c) = letters[letters.len() / 2];
            let mut dropped = message.to_string();
            dropped.replace_range(start + at..start + at + c.len_utf8(), "");
            push("dropped letter", dropped);
            // Swap the two letters around the middle.
            let (a, ca) = letters[letters.len() / 2 - 1];
            let (b, cb) = letters[letters.len() / 2];
            let mut swapped = message.to_string();
            swapped.replace_range(start + a..start + b + cb.len_utf8(), &format!("{cb}{ca}"));
            push("swapped letters", swapped);
        }
    }
    let bare: String = message
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect();
    push(
        "no punctuation",
        bare.split_whitespace().collect::<Vec<_>>().join(" "),
    );
    push("all caps", message.to_uppercase());
    push(
        "extra words",
        format!("hi sorry quick question {message} thanks!!"),
    );
    out
}

/// The byte offset and text of the longest word (letters only).
fn longest_word(message: &str) -> Option<(usize, &str)> {
    let mut best: Option<(usize, &str)> = None;
    let mut start = None;
    for (i, c) in message
        .char_indices()
        .chain(std::iter::once((message.len(), ' ')))
    {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &message[s..i];
                if best.is_none_or(|(_, b)| word.chars().count() > b.chars().count()) {
                    best = Some((s, word));
                }
                start = None;
            }
            _ => {}
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn variants_are_the_mistakes_of_a_hurried_customer() {
        let v = variants("Can I cancel today?");
        let kinds: Vec<&str> = v.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                "dropped letter",
                "swapped letters",
                "no punctuation",
                "all caps",
                "extra words"
            ]
        );
        assert_eq!(v[0].1, "Can I canel today?");
        assert_eq!(v[1].1, "Can I cacnel today?");
        assert_eq!(v[2].1, "Can I cancel today");
        assert_eq!(v[3].1, "CAN I CANCEL TODAY?");
        assert_eq!(variants("Can I cancel today?"), v, "deterministic");
    }

    #[test]
    fn short_and_non_latin_messages_are_fine() {
        // Nothing to drop or swap in an empty message; only extra words.
        assert_eq!(variants("").len(), 1);
        let v = variants("öppet?");
        assert_eq!(v[0].1, "öpet?");
        // Swapping `p` and `p` changes nothing, so that variant is left out.
        assert_eq!(v[1], ("no punctuation", "öppet".to_string()));
        // Too short to drop a letter from.
        assert_eq!(variants("ok")[0].0, "all caps");
    }
}
