//! The guard's words in each language, from the data files in `lexicon/`
//! (one per language, `LANG.txt`): what commits, what negates, who is staff,
//! what a value is made of, and the everyday words and turns of phrase for
//! what a rule phrase names. [`crate::words`] holds the language's minimum
//! (English and Swedish), which applies whatever a file declares; these add
//! to it for the languages a file declares (`en` when it declares none).
//!
//! A file is `# comments`, `[section]` headings and entries, separated by
//! line ends or `,`. An entry is one or more words, normalised as phrases
//! are (so `you're` is `you re`); `...` between two words stands for up to
//! three words of the reply (`booked ... in` matches `booked Bella in`); `=
//! NAME ...` after an entry adds the concepts it also says; an entry
//! starting with `-` is a compound's last part (`-avgift` is said by
//! `avbokningsavgiften`). An entry's word matches a reply word that equals
//! it or, when the entry word has 4 characters or more, that it begins
//! (`bokat` matches `bokat`, `inbokad` only `inbokad...`); the sections
//! marked *equal* in [`SECTIONS`] match equal words only.

use handoff_text::lang::Lang;
use handoff_text::normalize;

/// What the entries of a section do. The docs list every section from here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Cuts a reply into pieces before it.
    Cut,
    /// Negates the piece.
    Negation,
    /// Says nothing is wrong: its words negate nothing (`don't worry`).
    Reassurance,
    /// Commits strongly.
    Strong,
    /// Commits weakly: to a money or date phrase only with a value.
    Weak,
    /// A commitment of its own: an offer, an assurance, a done deed.
    Commit,
    /// Something given for free: a commitment and a value of nothing.
    Free,
    /// A standing condition: what is free with it is a term of business,
    /// not a promise (`free of charge up to 24 hours before`).
    Terms,
    /// Where a price is published: a price given with it is information.
    Source,
    /// Makes a statement an estimate (`usually`, `brukar`): a delivery
    /// word with a day is then no day promised.
    Hedge,
    /// Puts a delivery in the past (`shipped`, `skickades`): a report, no
    /// day promised.
    Past,
    /// A person or a staff role: with a hand-over word, the rest of the
    /// piece is a person's to do.
    Person,
    /// What a person does when the piece hands over.
    HandOver,
    /// Hands over on its own (`I've passed your request on`).
    HandOverPhrase,
    /// Begins a piece that goes on with the one before (`who`, `som`):
    /// after a hand-over, it is still the person's.
    Relative,
    /// Says sorry for something that went wrong (`sorry about the wait`):
    /// the reply answers a complaint.
    Apology,
    /// Makes what a piece says wait on something not yet done (`once`,
    /// `vasta kun`): a deed in it, or in the piece before one it begins,
    /// is not done.
    Condition,
    /// Makes a date count for any date phrase.
    Delivery,
    /// Names a money, percentage or date phrase's kind.
    KindMoney,
    KindPercentage,
    KindDate,
    /// Says a concept: what a rule phrase may be about.
    Concept,
    /// Says an action: what a `must not` phrase may forbid.
    Action,
    /// Names an action in a rule phrase only (`give medical advice`).
    Names,
    /// Value words: currency, percent, weekday, month, day, within, unit,
    /// time words.
    Currency,
    Percent,
    /// After a percentage: it is taken off a price (`15 % på allt`).
    Off,
    Weekday,
    Month,
    Day,
    Within,
    Unit,
    Clock,
}

/// A section heading and what its entries are.
#[derive(Clone, Copy, Debug)]
pub struct SectionKind {
    /// The heading's first word, as the data files write it.
    pub heading: &'static str,
    pub role: Role,
    /// Whether entries match equal words only.
    pub equal: bool,
    /// What the section is for, for the docs.
    pub doc: &'static str,
}

/// Every kind of section, in the order the docs list them.
pub const SECTIONS: &[SectionKind] = &[
    SectionKind {
        heading: "cut",
        role: Role::Cut,
        equal: true,
        doc: "A reply is also cut into pieces before these words.",
    },
    SectionKind {
        heading: "negation",
        role: Role::Negation,
        equal: true,
        doc: "A piece with one of these words (outside an entry of another section that holds it, such as `no charge`) is negated: it breaks no rule. The words are the language's `[negation]` in `crates/handoff-text/lexicon/`, which routing reads too (a customer who writes `not an emergency` does not ask for one).",
    },
    SectionKind {
        heading: "reassurance",
        role: Role::Reassurance,
        equal: false,
        doc: "Says there is nothing to worry about: the negation words inside it negate nothing (`don't worry, you'll have your money back` is an assurance).",
    },
    SectionKind {
        heading: "strong",
        role: Role::Strong,
        equal: false,
        doc: "Commits strongly, as the minimum's `promise` does.",
    },
    SectionKind {
        heading: "weak",
        role: Role::Weak,
        equal: false,
        doc: "Commits weakly, as `will` does: to a money or date phrase only when a value goes to it.",
    },
    SectionKind {
        heading: "commit",
        role: Role::Commit,
        equal: false,
        doc: "A commitment of its own (an offer, an assurance, a done deed), as strong as `promise`; the heading's label says which, for the `why`.",
    },
    SectionKind {
        heading: "free",
        role: Role::Free,
        equal: false,
        doc: "Something given for free: a commitment, and a money value (nothing) that goes to a money phrase, or to a percentage phrase when the file has no money phrase.",
    },
    SectionKind {
        heading: "terms",
        role: Role::Terms,
        equal: false,
        doc: "A standing condition (`up to 24 hours before`, `fram till`, `bis`): something free, a fee waived or a compensation in the same piece is a term of business anyone may state, not a promise (`You can cancel free of charge up to 24 hours before`, `du kan avboka kostnadsfritt fram till 24 timmar innan`).",
    },
    SectionKind {
        heading: "hedge",
        role: Role::Hedge,
        equal: false,
        doc: "Makes a statement an estimate (`usually`, `brukar`, `di solito`): a delivery word with a day in the same piece (`it usually arrives on Friday`) promises no day. Without one, `den landar hos dig på fredag` commits to Friday as `will` does.",
    },
    SectionKind {
        heading: "past",
        role: Role::Past,
        equal: false,
        doc: "Puts what a piece says in the past (`shipped`, `skickades`, `gestern`): a delivery word with a day in the same piece (`it shipped on Monday`) reports, and promises no day.",
    },
    SectionKind {
        heading: "relative",
        role: Role::Relative,
        equal: true,
        doc: "A word that, first in a piece, goes on with the piece before (`who`, `som`, `joka`): when that piece hands over, this one is the person's too (`I'll pass your request to our office, who will contact you if a spot opens up`).",
    },
    SectionKind {
        heading: "apology",
        role: Role::Apology,
        equal: false,
        doc: "Says sorry for something that went wrong (`sorry about the wait`, `tråkigt att höra`, `tut mir leid`): with no hand-over anywhere, the reply answers a complaint, which a `handoff when` phrase about complaints (`[concept complaint]`) gives a person. Negation words in the piece do not undo it (`sorry they're not what you hoped for`).",
    },
    SectionKind {
        heading: "condition",
        role: Role::Condition,
        // `kun` must not begin `kunnossa`.
        equal: true,
        doc: "Makes what a piece says wait on something not yet done (`once`, `as soon as`, `vasta kun`, `sobald`): a deed in the piece (`the appointment is only confirmed once the deposit has been paid`), or in the piece before one that begins with it (`aika on varattu, kun maksu on tullut`), is a term the customer has still to meet, not done.",
    },
    SectionKind {
        heading: "source",
        role: Role::Source,
        equal: false,
        doc: "Where a price is published (`on our price list`, `hinnaston mukaan`): a price given in the same piece is information, even on a topic that may not answer prices.",
    },
    SectionKind {
        heading: "person",
        role: Role::Person,
        equal: false,
        doc: "A person or a staff role (`stylist`, `frisören`, `der Meister`): with a hand-over word after it, the piece from that word on is the person's to do, and breaks no rule.",
    },
    SectionKind {
        heading: "hand-over",
        role: Role::HandOver,
        equal: false,
        doc: "What a person does when a piece hands over (`confirm`, `bekräftar`, `ricontatterà`).",
    },
    SectionKind {
        heading: "handed-over",
        role: Role::HandOverPhrase,
        equal: false,
        doc: "Hands the question over on its own (`I've passed your request on`): the piece from it on breaks no rule.",
    },
    SectionKind {
        heading: "delivery",
        role: Role::Delivery,
        equal: false,
        doc: "A date counts for every date phrase in a piece with one of these words, as with the minimum's `deliver`.",
    },
    SectionKind {
        heading: "kind-money",
        role: Role::KindMoney,
        equal: false,
        doc: "A `never promise` phrase whose first kind word is one of these is a money phrase.",
    },
    SectionKind {
        heading: "kind-percentage",
        role: Role::KindPercentage,
        equal: false,
        doc: "A `never promise` phrase whose first kind word is one of these is a percentage phrase.",
    },
    SectionKind {
        heading: "kind-date",
        role: Role::KindDate,
        equal: false,
        doc: "A `never promise` phrase whose first kind word is one of these is a date phrase.",
    },
    SectionKind {
        heading: "concept",
        role: Role::Concept,
        equal: false,
        doc: "The everyday words and turns of phrase for a thing a rule phrase names (`[concept refund]`: `money back`, `pengarna tillbaka`). A rule phrase's words are read with these entries too, in every declared language: the concepts found are what it is about.",
    },
    SectionKind {
        heading: "action",
        role: Role::Action,
        equal: false,
        doc: "The everyday forms of an action a `must not` phrase forbids (`[action confirm: a done booking]`: `booked you in`, `du är inbokad`). A `must not` phrase that starts with an action's entry (or a `[names]` entry) forbids it. `[action commit]` is every commitment: its entries only name it.",
    },
    SectionKind {
        heading: "names",
        role: Role::Names,
        equal: false,
        doc: "Names an action in a rule phrase, but is not how a reply says it (`give medical advice`).",
    },
    SectionKind {
        heading: "currency",
        role: Role::Currency,
        equal: true,
        doc: "Words that make a number money, before or after it (`15 eurolla`).",
    },
    SectionKind {
        heading: "percent",
        role: Role::Percent,
        equal: true,
        doc: "Words that make a number before them a percentage.",
    },
    SectionKind {
        heading: "off",
        role: Role::Off,
        equal: true,
        doc: "Right after a percentage (or, for words of 5 letters or more, within four words after it), say it is taken off a price: the piece offers a discount, with no commitment word (`15 % på alla klippningar`, `10 % Rabatt für Stammkunden`).",
    },
    SectionKind {
        heading: "weekday",
        role: Role::Weekday,
        equal: true,
        doc: "Weekday names and their forms: each is a date.",
    },
    SectionKind {
        heading: "month",
        role: Role::Month,
        equal: true,
        doc: "Month names and their forms: a date beside a number.",
    },
    SectionKind {
        heading: "day",
        role: Role::Day,
        equal: true,
        doc: "Words (or two words) that are a date on their own.",
    },
    SectionKind {
        heading: "within",
        role: Role::Within,
        equal: true,
        doc: "With a number and a unit after it, a date (`entro 10 minuti`).",
    },
    SectionKind {
        heading: "unit",
        role: Role::Unit,
        equal: true,
        doc: "The units after a `within` word, or before `päästä`-like words in `[within-after]`.",
    },
    SectionKind {
        heading: "clock",
        role: Role::Clock,
        equal: true,
        doc: "Words that make a number a time of day before it (`kl 14`, `alle 20`, `klo 12`) or after it (`10 Uhr`, `9am`).",
    },
];

/// One entry of a data file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub lang: Lang,
    pub role: Role,
    /// The section's concept (for `[concept NAME]`, `[names NAME]`) and
    /// those the entry adds with `=`.
    pub concepts: Vec<&'static str>,
    /// The section's label (`[commit: an offer]`), for the `why`.
    pub label: Option<&'static str>,
    /// `[concept NAME claim]`: saying the concept is promising it
    /// (`gluten-free`).
    pub claim: bool,
    /// `[action NAME commits]`: doing the action is a commitment too (a
    /// done booking commits to its date).
    pub commits: bool,
    /// The entry's words, normalised; `None` is a gap of up to three words.
    pub words: Vec<Option<String>>,
    /// A compound's last part: matches inside a longer word.
    pub tail: bool,
    pub equal: bool,
    /// The entry as written, for the docs.
    pub text: &'static str,
}

struct Data {
    lang: Lang,
    text: &'static str,
}

/// The data files, one per language the guard has words for.
const DATA: &[Data] = &[
    Data {
        lang: Lang::Da,
        text: include_str!("../lexicon/da.txt"),
    },
    Data {
        lang: Lang::De,
        text: include_str!("../lexicon/de.txt"),
    },
    Data {
        lang: Lang::En,
        text: include_str!("../lexicon/en.txt"),
    },
    Data {
        lang: Lang::Es,
        text: include_str!("../lexicon/es.txt"),
    },
    Data {
        lang: Lang::Fi,
        text: include_str!("../lexicon/fi.txt"),
    },
    Data {
        lang: Lang::Fr,
        text: include_str!("../lexicon/fr.txt"),
    },
    Data {
        lang: Lang::It,
        text: include_str!("../lexicon/it.txt"),
    },
    Data {
        lang: Lang::Nb,
        text: include_str!("../lexicon/nb.txt"),
    },
    Data {
        lang: Lang::Nl,
        text: include_str!("../lexicon/nl.txt"),
    },
    Data {
        lang: Lang::Pt,
        text: include_str!("../lexicon/pt.txt"),
    },
    Data {
        lang: Lang::Sv,
        text: include_str!("../lexicon/sv.txt"),
    },
];

/// The languages the guard has a data file for.
pub fn languages() -> impl Iterator<Item = Lang> {
    DATA.iter().map(|d| d.lang)
}

/// The raw data file of a language, if the guard has one.
pub fn data_file(lang: Lang) -> Option<&'static str> {
    DATA.iter().find(|d| d.lang == lang).map(|d| d.text)
}

/// Every entry of a language's data file, in file order.
pub fn entries(lang: Lang) -> Vec<Entry> {
    let Some(text) = data_file(lang) else {
        return Vec::new();
    };
    let mut entries =
        parse(lang, text).unwrap_or_else(|e| panic!("lexicon/{}.txt: {e}", lang.tag()));
    // What negates is the language's, not the guard's: routing reads the
    // same words from `handoff-text`'s data.
    entries.extend(lang.negation_words().map(|text| {
        Entry {
            lang,
            role: Role::Negation,
            concepts: Vec::new(),
            label: None,
            claim: false,
            commits: false,
            words: normalize(text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| Some(w.to_string()))
                .collect(),
            tail: false,
            equal: true,
            text,
        }
    }));
    entries
}

/// A section heading: `[kind]`, `[kind NAME]` or `[kind NAME: label]`.
struct Heading {
    kind: &'static SectionKind,
    concept: Option<&'static str>,
    label: Option<&'static str>,
    claim: bool,
    commits: bool,
}

fn heading(text: &'static str) -> Result<Heading, String> {
    let (head, label) = match text.split_once(':') {
        Some((h, l)) => (h.trim(), Some(l.trim())),
        None => (text.trim(), None),
    };
    let mut parts = head.split_whitespace();
    let first = parts.next().unwrap_or("");
    let kind = SECTIONS
        .iter()
        .find(|s| s.heading == first)
        .ok_or_else(|| format!("unknown section [{text}]"))?;
    if kind.role == Role::Negation {
        return Err(format!(
            "[{text}]: negation words are the language's, in handoff-text's lexicon"
        ));
    }
    let concept = parts.next();
    if matches!(kind.role, Role::Concept | Role::Action | Role::Names) != concept.is_some() {
        return Err(format!(
            "[{text}]: only concept, action and names sections name one"
        ));
    }
    let (mut claim, mut commits) = (false, false);
    for flag in parts {
        match (flag, kind.role) {
            ("claim", Role::Concept) => claim = true,
            ("commits", Role::Action) => commits = true,
            _ => return Err(format!("[{text}]: unknown flag {flag:?}")),
        }
    }
    Ok(Heading {
        kind,
        concept,
        label,
        claim,
        commits,
    })
}

pub(crate) fn parse(lang: Lang, text: &'static str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let mut current: Option<Heading> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(heading(h).map_err(|e| format!("line {}: {e}", n + 1))?);
            continue;
        }
        let section = current
            .as_ref()
            .ok_or_else(|| format!("line {}: an entry before any section", n + 1))?;
        for item in line.split(',') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (phrase, tags) = match item.split_once('=') {
                Some((p, t)) => (p.trim(), t.split_whitespace().collect::<Vec<_>>()),
                None => (item, Vec::new()),
            };
            let (phrase, tail) = match phrase.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (phrase, false),
            };
            let mut words = Vec::new();
            for part in phrase.split("...") {
                if !words.is_empty() {
                    words.push(None);
                }
                let normal = normalize(part);
                words.extend(
                    normal
                        .split(' ')
                        .filter(|w| !w.is_empty())
                        .map(|w| Some(w.to_string())),
                );
            }
            let is_value = matches!(
                section.kind.role,
                Role::Currency | Role::Percent | Role::Clock
            );
            if is_value {
                // Value words keep their signs (`€`, `:-`): they are read
                // before punctuation is removed.
                if phrase.contains(char::is_whitespace) {
                    return Err(format!(
                        "line {}: {item:?}: value words are one word",
                        n + 1
                    ));
                }
                words = vec![Some(phrase.to_lowercase())];
            }
            if words.first().is_none_or(Option::is_none) || words.last().is_none_or(Option::is_none)
            {
                return Err(format!("line {}: {item:?} has no words at an end", n + 1));
            }
            let most = match section.kind.role {
                Role::Currency
                | Role::Percent
                | Role::Weekday
                | Role::Month
                | Role::Within
                | Role::Unit
                | Role::Clock
                | Role::Cut => 1,
                Role::Day => 2,
                _ => usize::MAX,
            };
            if words.len() > most {
                return Err(format!(
                    "line {}: {item:?}: a [{}] entry has at most {most} word(s)",
                    n + 1,
                    section.kind.heading
                ));
            }
            if tail && words.len() != 1 {
                return Err(format!("line {}: a compound part is one word", n + 1));
            }
            let mut concepts: Vec<&'static str> = section.concept.into_iter().collect();
            concepts.extend(tags);
            out.push(Entry {
                lang,
                role: section.kind.role,
                concepts,
                label: section.label,
                claim: section.claim,
                commits: section.commits,
                words,
                tail,
                equal: section.kind.equal,
                text: item,
            });
        }
    }
    Ok(out)
}
