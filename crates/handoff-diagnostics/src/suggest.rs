//! "Did you mean ...?" for every unknown name: keywords, channels, systems,
//! topics, types, checks.

/// The candidate closest to `word`, if one is close enough to be a likely
/// typo. Case is ignored; ties go to the earlier candidate.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = word.to_lowercase();
    let word_len = word.chars().count();
    if word_len == 0 {
        return None;
    }
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        if lower == word {
            return Some(candidate);
        }
        let distance = strsim::damerau_levenshtein(&word, &lower);
        let cand_len = lower.chars().count();
        let allowed = match word_len.max(cand_len) {
            0..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        // A long enough beginning counts too: `whats` for `whatsapp`.
        let begins = word_len >= 3 && lower.starts_with(&word);
        let score = if begins { 1 } else { distance };
        if (distance <= allowed || begins) && best.is_none_or(|(b, _)| score < b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let keywords = ["about", "may", "must not", "collect"];
        assert_eq!(did_you_mean("mayy", keywords), Some("may"));
        assert_eq!(did_you_mean("colect", keywords), Some("collect"));
        assert_eq!(did_you_mean("ABOUT", keywords), Some("about"));
        assert_eq!(did_you_mean("zebra", keywords), None);
        assert_eq!(
            did_you_mean("whats", ["webchat", "whatsapp"]),
            Some("whatsapp")
        );
        assert_eq!(did_you_mean("", keywords), None);
    }
}
