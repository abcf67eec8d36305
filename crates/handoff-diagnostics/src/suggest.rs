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
        // A slip in one part of a compound name: `calender` for
        // `booking-calendar`. Only one edit, in a part of 4 or more letters,
        // and ranked after a whole name as close.
        if word_len >= 4
            && let Some(part) = close_part(&word, &lower)
            && best.is_none_or(|(b, _)| part + 1 < b)
        {
            best = Some((part + 1, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The edits from `word` to the closest part of a name with `-` or `_` in
/// it, when a part is at most one edit away.
fn close_part(word: &str, name: &str) -> Option<usize> {
    if !name.contains(['-', '_']) {
        return None;
    }
    name.split(['-', '_'])
        .filter(|part| part.chars().count() >= 4)
        .map(|part| strsim::damerau_levenshtein(word, part))
        .filter(|&d| d <= 1)
        .min()
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

    #[test]
    fn two_word_keywords_written_as_one() {
        let clauses = [
            "must",
            "handoff",
            "must not",
            "handoff when",
            "handoff always",
        ];
        assert_eq!(did_you_mean("mustnot", clauses), Some("must not"));
        assert_eq!(did_you_mean("must-not", clauses), Some("must not"));
        assert_eq!(did_you_mean("mustn't", clauses), Some("must not"));
        assert_eq!(did_you_mean("handoffwhen", clauses), Some("handoff when"));
        assert_eq!(
            did_you_mean("handoff-always", clauses),
            Some("handoff always")
        );
        assert_eq!(did_you_mean("handof", clauses), Some("handoff"));
        assert_eq!(did_you_mean("mustn", clauses), Some("must"));
    }

    #[test]
    fn a_slip_in_one_part_of_a_compound_name() {
        let systems = ["booking-calendar", "orders"];
        assert_eq!(did_you_mean("calender", systems), Some("booking-calendar"));
        assert_eq!(did_you_mean("bookng", systems), Some("booking-calendar"));
        assert_eq!(
            did_you_mean("calendar", ["opening_hours", "booking-calendar"]),
            Some("booking-calendar")
        );
        // A whole name as close wins over a part.
        assert_eq!(
            did_you_mean("ordrs", ["order-status", "orders"]),
            Some("orders")
        );
        assert_eq!(
            did_you_mean("calender", ["calendar", "booking-calendar"]),
            Some("calendar")
        );
    }

    #[test]
    fn near_misses_are_not_suggested() {
        let systems = ["booking-calendar", "opening-hours", "crm"];
        // Two edits from a part, or a part too short to tell.
        assert_eq!(did_you_mean("calendly", systems), None);
        assert_eq!(did_you_mean("bookkeeping", systems), None);
        assert_eq!(did_you_mean("hourly", systems), None);
        assert_eq!(did_you_mean("payment", systems), None);
        assert_eq!(did_you_mean("crmx-sync", systems), None);
    }
}
