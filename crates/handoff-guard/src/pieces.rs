//! Cutting a reply into pieces: at `!`, `?`, `;`, `…`, line ends, at `.`
//! and `,` not directly followed by a letter or digit (so `12.50`, `1,000`
//! and `e.g.` stay whole), and before the words `but`, `however` and `men`
//! and the cut words of the declared languages (`aber`, `mutta`, `però`).

use unicode_normalization::UnicodeNormalization;

/// A piece of the reply: its text as written, without the spaces around
/// it, and its place in the reply in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Piece<'r> {
    pub text: &'r str,
    pub start: usize,
    pub end: usize,
}

/// The pieces of a reply, in order; pieces with no letter or digit (`...`,
/// a lone `-`) are left out, since no rule can match them.
pub(crate) fn pieces<'r>(reply: &'r str, cuts: &[String]) -> Vec<Piece<'r>> {
    let chars: Vec<(usize, char)> = reply.char_indices().collect();
    let mut out = Vec::new();
    // (byte, char index) where the current piece starts.
    let mut from = (0usize, 0usize);
    let mut push = |from: (usize, usize), to: (usize, usize)| {
        if let Some(piece) = trimmed(reply, from, to) {
            out.push(piece);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, n)| n);
        if ends_piece(c, next) {
            push(from, (at, i));
            from = (at + c.len_utf8(), i + 1);
        } else if c.is_alphanumeric() && !chars[..i].last().is_some_and(|(_, p)| is_word(*p)) {
            // The start of a word: a cut word begins a new piece.
            let len = chars[i..].iter().take_while(|(_, w)| is_word(*w)).count();
            let end = chars.get(i + len).map_or(reply.len(), |&(b, _)| b);
            let word = &reply[at..end];
            // Most cut words are ASCII: compare without a lower-cased copy
            // where both are.
            let is_cut = cuts.iter().any(|cut| {
                if word.is_ascii() && cut.is_ascii() {
                    word.eq_ignore_ascii_case(cut)
                } else {
                    word.chars().flat_map(char::to_lowercase).eq(cut.chars())
                }
            });
            if is_cut {
                push(from, (at, i));
                from = (at, i);
            }
            i += len;
            continue;
        }
        i += 1;
    }
    push(from, (reply.len(), chars.len()));
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

/// Whether `c` (followed by `next`) ends a piece. Compatibility forms count
/// as what NFKC makes of them: a full-width `！` is a `!`.
fn ends_piece(c: char, next: Option<char>) -> bool {
    // Only punctuation and the small and full-width forms can become a cut
    // character under NFKC (`‼` is `!!`): the rest need no lookup.
    if c == '…' {
        return true;
    }
    let compatible =
        matches!(c, '\u{2000}'..='\u{206F}' | '\u{FE10}'..='\u{FE6F}' | '\u{FF00}'..='\u{FFEF}');
    let c = if compatible {
        std::iter::once(c).nfkc().next().unwrap_or(c)
    } else {
        c
    };
    match c {
        '!' | '?' | ';' | '…' | '\n' | '\r' => true,
        '.' | ',' => !next.is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// The piece between two places, without its surrounding spaces, if it has
/// a letter or digit.
fn trimmed(reply: &str, from: (usize, usize), to: (usize, usize)) -> Option<Piece<'_>> {
    let text = &reply[from.0..to.0];
    let lead = text.len() - text.trim_start().len();
    let inner = text.trim();
    if !inner.chars().any(is_word) {
        return None;
    }
    // Only the spaces around the piece are counted: the caller knows where
    // it starts and ends in characters.
    let trail = &text[lead + inner.len()..];
    Some(Piece {
        text: inner,
        start: from.1 + text[..lead].chars().count(),
        end: to.1 - trail.chars().count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimum's cut words.
    fn cuts() -> Vec<String> {
        crate::words::CUT_BEFORE
            .iter()
            .map(|c| c.to_string())
            .collect()
    }

    fn texts(reply: &str) -> Vec<&str> {
        pieces(reply, &cuts()).iter().map(|p| p.text).collect()
    }

    #[test]
    fn replies_are_cut_where_the_definition_says() {
        assert_eq!(
            texts("I can't promise a discount, but a colleague will check."),
            ["I can't promise a discount", "but a colleague will check"]
        );
        assert_eq!(
            texts("It costs 12.50 or 1,000 kr, e.g. today! Ok?Yes;no…fine\nnext\r\nlast"),
            [
                "It costs 12.50 or 1,000 kr",
                "e.g",
                "today",
                "Ok",
                "Yes",
                "no",
                "fine",
                "next",
                "last"
            ]
        );
        assert_eq!(
            texts("Yes HOWEVER no; Men nej. Butter is fine"),
            ["Yes", "HOWEVER no", "Men nej", "Butter is fine"]
        );
        assert_eq!(texts("Nice！Really‼ Yes"), ["Nice", "Really", "Yes"]);
        assert!(texts("... - !").is_empty());
    }

    #[test]
    fn places_are_in_characters() {
        let reply = "Öppet idag! Vi ger 20% rabatt";
        let p = pieces(reply, &cuts());
        assert_eq!((p[1].start, p[1].end), (12, 29));
        let chars: Vec<char> = reply.chars().collect();
        assert_eq!(
            chars[p[1].start..p[1].end].iter().collect::<String>(),
            p[1].text
        );
    }
}
