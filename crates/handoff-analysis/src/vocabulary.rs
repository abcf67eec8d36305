//! The fixed words of the language: channels, risks, field types, the verbs
//! that commit to something, and the language names people write instead of
//! tags.

pub(crate) use handoff_policy::CHANNELS;

/// What people call a channel, and the name handoff knows it by.
pub(crate) const CHANNEL_ALIASES: &[(&str, &str)] = &[
    ("facebook", "messenger"),
    ("facebook messenger", "messenger"),
    ("fb", "messenger"),
    ("ig", "instagram"),
    ("insta", "instagram"),
    ("instagram dm", "instagram"),
    ("web", "webchat"),
    ("web chat", "webchat"),
    ("website", "webchat"),
    ("chat", "webchat"),
    ("live chat", "webchat"),
    ("e mail", "email"),
    ("mail", "email"),
    ("form", "forms"),
    ("text", "sms"),
    ("text message", "sms"),
    ("wa", "whatsapp"),
    ("whats app", "whatsapp"),
];

/// A `may` action starting with one of these commits the business to
/// something (LANGUAGE.md, `breaks-never-promise`).
pub(crate) const COMMIT_VERBS: &[&str] = &[
    "promise",
    "guarantee",
    "offer",
    "give",
    "grant",
    "confirm",
    "agree",
];

/// Field types people write, and the type handoff knows.
pub(crate) const FIELD_TYPE_ALIASES: &[(&str, &str)] = &[
    ("string", "text"),
    ("int", "number"),
    ("integer", "number"),
    ("float", "number"),
    ("amount", "number"),
    ("count", "number"),
    ("datetime", "date"),
    ("day", "date"),
    ("hour", "time"),
    ("telephone", "phone"),
    ("phone number", "phone"),
    ("mobile", "phone"),
    ("tel", "phone"),
    ("e-mail", "email"),
    ("mail", "email"),
    ("bool", "yes/no"),
    ("boolean", "yes/no"),
    ("yes or no", "yes/no"),
    ("yesno", "yes/no"),
];

/// Country codes people write where a language tag belongs.
pub(crate) const COUNTRY_NOT_LANGUAGE: &[(&str, &str, &str)] = &[
    ("se", "sv", "`se` is Northern Sami; Swedish is `sv`"),
    ("dk", "da", "`dk` is Denmark's country code; Danish is `da`"),
    ("jp", "ja", "`jp` is Japan's country code; Japanese is `ja`"),
    ("cz", "cs", "`cz` is Czechia's country code; Czech is `cs`"),
    ("gr", "el", "`gr` is Greece's country code; Greek is `el`"),
    (
        "ua",
        "uk",
        "`ua` is Ukraine's country code; Ukrainian is `uk`",
    ),
    ("cn", "zh", "`cn` is China's country code; Chinese is `zh`"),
    ("kr", "ko", "`kr` is Korea's country code; Korean is `ko`"),
    (
        "vn",
        "vi",
        "`vn` is Vietnam's country code; Vietnamese is `vi`",
    ),
];
