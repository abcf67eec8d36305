//! Personal data in text, by kind: the regular expressions that find
//! phone numbers, e-mail addresses, order numbers, names, street addresses
//! and card numbers. One table for everything that removes personal data:
//! the log schema a runtime applies (`handoff build --emit log-schema`) and
//! `handoff inbox`, which cleans exports before anything is shown.

/// The flags every pattern is applied with: `u`, since the patterns use
/// Unicode property classes (`\p{L}`), which ECMA-262 reads only in
/// Unicode mode.
pub const FLAGS: &str = "u";

// The patterns are ECMA-262 regular expressions (the dialect JSON Schema
// uses) that read the same in Rust's `regex`/`fancy-regex`, so they hold
// to a small common ground:
// - no `\b`, `\w` or `\d`: in ECMA-262 they are ASCII-only even with the
//   `u` flag, so `\bÅsa` never matches; a word's edge is a lookaround
//   on letters and digits (`(?<![\p{L}\p{N}])`) and a digit is `[0-9]`;
// - the spaces inside a phone or card number include the no-break and
//   thin spaces (U+00A0, U+2009, U+202F) that phones and word processors
//   put there.

/// A letter or digit may not touch the match on the left.
const START: &str = r"(?<![\p{L}\p{N}])";
/// Nor on the right.
const END: &str = r"(?![\p{L}\p{N}])";

const NAME: &str = r"\p{Lu}\p{Ll}+(?:[ \u00A0-]\p{Lu}\p{Ll}+)+";

/// 7 to 21 digits written as phone numbers are: `+46 70 123 45 67`,
/// `070-123 45 67`, `(555) 123-4567`. Not a piece of a longer number, and
/// not a date (`2025-05-01`, `01.05.2025`, `1/5/2025`).
const PHONE: &str = concat!(
    r"(?<![\p{L}\p{N}][./-])(?<![0-9][ \u00A0\u2009\u202F./-])",
    r"(?![0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![\p{L}\p{N}])|[0-9]{1,2}[./][0-9]{1,2}[./][0-9]{2,4}(?![\p{L}\p{N}]))",
    r"(?:\+[0-9]{1,3}[ \u00A0\u2009\u202F.-]?)?(?:\([0-9]{1,4}\)[ \u00A0\u2009\u202F.-]?)?",
    r"[0-9](?:[ \u00A0\u2009\u202F./-]?[0-9]){5,13}",
    r"(?![ \u00A0\u2009\u202F./-][0-9])",
);

/// Letters of any script on both sides of the `@`: `anna@blåbär.se`.
const EMAIL: &str =
    r"(?<![._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}";

/// `#LC-88812345`, `A123456`, `88812345`: five or more digits, after at most
/// three capitals.
const ORDER: &str = r"#?(?:\p{Lu}{1,3}-?)?[0-9]{5,}";

/// `Storgatan 12`, `Kungsvägen 3B`, `12 Main Street`.
const ADDRESS: &str = concat!(
    r"(?:\p{L}+(?:gatan|vägen|gränd|torget|stigen|backen|allén)[ \u00A0]?[0-9]+[A-Za-z]?",
    r"|[0-9]+[A-Za-z]? (?:\p{Lu}\p{Ll}+ )+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive))",
);

/// 13 to 19 digits, in groups or not: `4111 1111 1111 1111`.
const CARD: &str = concat!(
    r"(?<![0-9][ \u00A0\u2009\u202F-])",
    r"[0-9](?:[ \u00A0\u2009\u202F-]?[0-9]){12,18}",
    r"(?![ \u00A0\u2009\u202F-][0-9])",
);

/// One kind of personal data and how to find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kind {
    /// In plain words: `phone numbers`.
    pub name: &'static str,
    /// The ECMA-262 pattern, applied with [`FLAGS`], its edges included.
    pub pattern: String,
    /// What a match is replaced with: `[phone]`.
    pub replacement: &'static str,
}

/// What every export is cleaned of, whatever a file's `log:` says: phone
/// numbers, e-mail addresses and order numbers.
pub const ALWAYS: [&str; 3] = ["phone numbers", "email", "order numbers"];

/// The kind of personal data a `redact` phrase (normalised) names, or
/// `None` when no standard pattern finds it.
pub fn kind(phrase: &str) -> Option<Kind> {
    let (name, body, replacement) = match phrase {
        "names" | "name" | "customer names" => ("person names", NAME, "[name]"),
        "phone numbers" | "phone number" | "phones" | "phone" => {
            ("phone numbers", PHONE, "[phone]")
        }
        "email" | "emails" | "email addresses" | "e mail" => ("e-mail addresses", EMAIL, "[email]"),
        "order numbers" | "order number" | "orders" => ("order numbers", ORDER, "[order]"),
        "addresses" | "address" => ("street addresses", ADDRESS, "[address]"),
        "card numbers" | "card number" | "credit cards" => ("payment card numbers", CARD, "[card]"),
        _ => return None,
    };
    Some(Kind {
        name,
        pattern: format!("{START}{body}{END}"),
        replacement,
    })
}
