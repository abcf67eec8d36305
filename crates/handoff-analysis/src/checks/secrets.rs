//! API keys, tokens and passwords anywhere in the file, comments included.

use handoff_diagnostics::{Diagnostic, Lint, Span};

/// Prefixes of well-known credential formats.
const KEY_PREFIXES: &[&str] = &[
    "sk-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "whsec_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "AKIA",
    "ASIA",
    "AIza",
    "EAAG",
    "EAAB",
    "shpat_",
    "hf_",
    "SG.",
];

/// Words that introduce a secret value: `password: ...`, `api_key=...`.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "apikey",
    "api_key",
    "api-key",
    "token",
    "access_token",
    "access-key",
    "client_secret",
];

/// "Password" in the languages a rules file may be written in (the
/// customers' languages are the authors' too): `lösenord: ...`. A label of
/// several words is matched word by word, ending just before the value.
const PASSWORD_LABELS: &[&[&str]] = &[
    &["lösenord"],
    &["lösen"],
    &["passord"],
    &["adgangskode"],
    &["kodeord"],
    &["salasana"],
    &["passwort"],
    &["kennwort"],
    &["mot", "de", "passe"],
    &["contraseña"],
    &["clave"],
    &["senha"],
    &["wachtwoord"],
    &["hasło"],
    &["heslo"],
    &["şifre"],
    &["lykilorð"],
    &["parool"],
    &["parole"],
    &["slaptažodis"],
    &["jelszó"],
    &["пароль"],
];

pub(super) fn check(text: &str, out: &mut Vec<Diagnostic>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.contains("PRIVATE KEY-----") {
            let start = offset + line.find("-----").unwrap_or(0);
            let end = offset + line.trim_end().len();
            out.push(diagnostic(
                Span::new(start, end.max(start)),
                "a private key",
            ));
        } else if may_hold_secret(line) {
            scan_line(line, offset, out);
        }
        offset += line.len();
    }
}

/// A cheap first look, one pass over the bytes, that lets through every
/// line `scan_line` could flag: a key is a token of at least 20 bytes, and
/// a password follows a `:` or `=` right after a secret word (the last
/// token before the value). An ASCII line with neither is not scanned
/// further; that is almost every line of a rules file.
fn may_hold_secret(line: &str) -> bool {
    if !line.is_ascii() {
        return may_hold_secret_unicode(line);
    }
    let bytes = line.as_bytes();
    let mut token_start = None;
    let mut last_token: &[u8] = &[];
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+' | b'/') {
            let start = *token_start.get_or_insert(i);
            if i + 1 - start >= 20 {
                return true;
            }
            continue;
        }
        if let Some(start) = token_start.take() {
            last_token = &bytes[start..i];
        }
        if (b == b':' || b == b'=') && is_secret_label(last_token) {
            return true;
        }
    }
    false
}

/// Whether a token can end the label of a secret (`api_key`, `Passwort`).
fn is_secret_label(token: &[u8]) -> bool {
    SECRET_WORDS
        .iter()
        .chain(PASSWORD_LABELS.iter().filter_map(|label| label.last()))
        .any(|w| w.as_bytes().eq_ignore_ascii_case(token))
}

/// The first look for a line with other scripts in it: every key format has
/// a digit, and a password needs one of the secret words before it.
fn may_hold_secret_unicode(line: &str) -> bool {
    if line.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = line.to_lowercase();
    ["pass", "pwd", "secret", "token", "key"]
        .iter()
        .chain(PASSWORD_LABELS.iter().filter_map(|label| label.last()))
        .any(|w| lower.contains(w))
}

/// Letters of any script, since a password may be written in any (`Blåbär7`).
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/')
}

/// Runs of token characters with their byte offsets.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (is_token_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

/// Whether the tokens just before a value name a secret.
fn labels_secret(before: &[(usize, &str)]) -> bool {
    let Some((_, last)) = before.last() else {
        return false;
    };
    if SECRET_WORDS.iter().any(|w| w.eq_ignore_ascii_case(last)) {
        return true;
    }
    PASSWORD_LABELS.iter().any(|label| {
        label.len() <= before.len()
            && before[before.len() - label.len()..]
                .iter()
                .zip(label.iter())
                .all(|((_, token), word)| token.to_lowercase() == *word)
    })
}

fn scan_line(line: &str, offset: usize, out: &mut Vec<Diagnostic>) {
    let tokens = tokens(line);
    let mut after_assign = false;
    for (index, &(start, token)) in tokens.iter().enumerate() {
        let token_trimmed = token.trim_end_matches('.');
        let what = if looks_like_key(token_trimmed) {
            Some("an API key or access token")
        } else if after_assign
            && labels_secret(&tokens[..index])
            && looks_like_password(token_trimmed)
        {
            Some("a password or secret")
        } else {
            None
        };
        if let Some(what) = what {
            let span = Span::new(offset + start, offset + start + token_trimmed.len());
            out.push(diagnostic(span, what));
        }
        // `password: x`, `password = x`, `password=x`: the separator is
        // whatever stands between the two tokens.
        let end = start + token.len();
        after_assign = line[end..]
            .chars()
            .take_while(|c| !is_token_char(*c))
            .any(|c| c == ':' || c == '=');
    }
}

fn looks_like_key(token: &str) -> bool {
    if token.len() >= 20
        && KEY_PREFIXES
            .iter()
            .any(|p| token.starts_with(p) && token[p.len()..].chars().any(|c| c.is_ascii_digit()))
    {
        return true;
    }
    token.len() >= 32
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().any(|c| c.is_ascii_alphabetic())
        && !token.contains("//")
        && entropy(token) >= 3.5
}

fn looks_like_password(token: &str) -> bool {
    token.chars().count() >= 6
        && (token.chars().any(|c| c.is_ascii_digit())
            || token.chars().any(|c| !c.is_alphanumeric())
            || (token.chars().any(char::is_uppercase) && token.chars().any(char::is_lowercase)))
}

/// Shannon entropy in bits per character.
fn entropy(token: &str) -> f64 {
    let mut counts = [0u32; 128];
    let mut total = 0u32;
    for b in token.bytes().filter(u8::is_ascii) {
        counts[b as usize] += 1;
        total += 1;
    }
    let total = f64::from(total.max(1));
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / total;
            -p * p.log2()
        })
        .sum()
}

fn diagnostic(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(Lint::SecretInRules, span, format!("this looks like {what}"))
        .with_label("secret?")
        .with_help(
            "remove it from the file and revoke it with its provider (anyone who saw the file has \
         it); give the agent runtime its keys through its environment, not the rules",
        )
}

#[cfg(test)]
mod unit {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        check(text, &mut out);
        out.iter()
            .map(|d| text[d.span.range()].to_string())
            .collect()
    }

    #[test]
    fn finds_keys_tokens_and_passwords() {
        assert_eq!(
            found("# key: sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c\n"),
            ["sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"]
        );
        assert_eq!(found("# password: Hunter22!\n"), ["Hunter22"]);
        assert_eq!(found("# api_key=abc123XYZ\n"), ["abc123XYZ"]);
        assert_eq!(
            found("  about AKIAIOSFODNN7EXAMPLE1\n"),
            ["AKIAIOSFODNN7EXAMPLE1"]
        );
        assert_eq!(found("-----BEGIN RSA PRIVATE KEY-----\n").len(), 1);
    }

    #[test]
    fn finds_passwords_labelled_in_other_languages() {
        for line in [
            "# lösenord: Sommar2024!\n",
            "# Passord: Fjord2024\n",
            "# adgangskode = Hygge77x\n",
            "# salasana: Kesä2024\n",
            "# Passwort: Sommer2024\n",
            "# mot de passe : Soleil2024\n",
            "# contraseña: Verano2024\n",
            "# senha: Verao2024\n",
            "# wachtwoord: Zomer2024\n",
            "# LÖSENORD: Blåbär2024\n",
        ] {
            assert_eq!(found(line).len(), 1, "{line}");
        }
        assert_eq!(found("# lösenord: Blåbär2024\n"), ["Blåbär2024"]);
    }

    #[test]
    fn the_first_look_lets_through_every_line_the_scan_flags() {
        let lines = [
            "# key: sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c",
            "# Api_Key = abc123XYZ",
            "token:Secret99",
            "# PASSWORT :Sommer2024",
            "# mot de passe: Soleil2024",
            "# lösenord: Blåbär2024",
            "about AKIAIOSFODNN7EXAMPLE1.",
            "# see ghp_0123456789abcdefghij0123456789",
            "# secret == Zz9-zz9-zz9",
        ];
        for line in lines {
            let mut scanned = Vec::new();
            scan_line(line, 0, &mut scanned);
            assert!(!scanned.is_empty(), "{line}");
            assert!(may_hold_secret(line), "{line}");
        }
        assert!(!may_hold_secret("topic booking-12 \"Table bookings 12\":"));
        assert!(!may_hold_secret("  collect day (date), name: x"));
    }

    #[test]
    fn leaves_ordinary_rules_alone() {
        assert!(found("may explain how to reset the lösenord\n").is_empty());
        assert!(found("about passe, \"mot de passe\"\n").is_empty());
        assert!(found("may explain the password reset steps\n").is_empty());
        assert!(
            found("topic opening-hours-and-address-for-all-of-our-shops: about x\n").is_empty()
        );
        assert!(found("handoff when \"token of appreciation\"\n").is_empty());
        assert!(found("# see https://example.com/help/opening-hours-and-prices\n").is_empty());
    }
}
