//! The languages matching knows: for each, a Snowball stemmer (the forms of
//! a word) and its function words, from the data files in `lexicon/`. A
//! file's `language` tags choose which apply; `en` when it declares none.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// A language matching has words for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Da,
    De,
    En,
    Es,
    Fi,
    Fr,
    It,
    Nb,
    Nl,
    Pt,
    Sv,
}

/// One language's data file, as shipped; `lang` is checked against the
/// order of [`Lang::ALL`] by a test.
struct Data {
    #[cfg_attr(not(test), allow(dead_code))]
    lang: Lang,
    text: &'static str,
}

const DATA: [Data; 11] = [
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

impl Lang {
    pub const ALL: [Lang; 11] = [
        Lang::Da,
        Lang::De,
        Lang::En,
        Lang::Es,
        Lang::Fi,
        Lang::Fr,
        Lang::It,
        Lang::Nb,
        Lang::Nl,
        Lang::Pt,
        Lang::Sv,
    ];

    /// The language of a BCP 47 tag, by its primary subtag: `sv-SE` is
    /// Swedish, `no` and `nb` Norwegian Bokmål. `None` for a language
    /// matching has no words for.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let known = crate::languages::language_of_tag(tag)?;
        Lang::ALL.into_iter().find(|lang| lang.tag() == known.tag)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::De => "de",
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fi => "fi",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Nb => "nb",
            Lang::Nl => "nl",
            Lang::Pt => "pt",
            Lang::Sv => "sv",
        }
    }

    /// The language's name in English, for messages.
    pub fn name(self) -> &'static str {
        crate::languages::language_of_tag(self.tag()).map_or(self.tag(), |l| l.name)
    }

    /// Whether the language writes compound words as one word
    /// (`hårfärgning`, `Notdienst`), so their parts are matched too.
    pub fn compounds(self) -> bool {
        matches!(
            self,
            Lang::Da | Lang::De | Lang::Fi | Lang::Nb | Lang::Nl | Lang::Sv
        )
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Lang::Da => Algorithm::Danish,
            Lang::De => Algorithm::German,
            Lang::En => Algorithm::English,
            Lang::Es => Algorithm::Spanish,
            Lang::Fi => Algorithm::Finnish,
            Lang::Fr => Algorithm::French,
            Lang::It => Algorithm::Italian,
            Lang::Nb => Algorithm::Norwegian,
            Lang::Nl => Algorithm::Dutch,
            Lang::Pt => Algorithm::Portuguese,
            Lang::Sv => Algorithm::Swedish,
        }
    }

    /// The stem of a normalised word (the Snowball algorithm of the
    /// language): `allergies` and `allergic` share `allerg`, `klippningen`
    /// and `klippning` share `klippning`.
    pub fn stem(self, word: &str) -> Cow<'_, str> {
        stemmers()[self as usize].stem(word)
    }

    /// Whether a normalised word is one of the language's function words,
    /// which match only themselves.
    pub fn is_function_word(self, word: &str) -> bool {
        lexicon(self).function.binary_search(&word).is_ok()
    }

    /// The data file's section, as entries (one a line, or words of a
    /// line), for the tools that read more of it than function words.
    pub fn section(self, name: &str) -> impl Iterator<Item = &'static str> {
        section(DATA[self as usize].text, name)
    }

    /// The words that negate what follows them (`[negation]`), as
    /// written: routing reads a negated phrase as not asked for, and the
    /// guard a negated piece as breaking no rule.
    pub fn negation_words(self) -> impl Iterator<Item = &'static str> {
        self.section("negation")
            .flat_map(|line| line.split(','))
            .map(str::trim)
            .filter(|w| !w.is_empty())
    }
}

fn stemmers() -> &'static [Stemmer; 11] {
    static STEMMERS: OnceLock<[Stemmer; 11]> = OnceLock::new();
    STEMMERS.get_or_init(|| Lang::ALL.map(|lang| Stemmer::create(lang.algorithm())))
}

struct Lexicon {
    /// Sorted, for binary search.
    function: Vec<&'static str>,
}

fn lexicon(lang: Lang) -> &'static Lexicon {
    static LEXICONS: OnceLock<Vec<Lexicon>> = OnceLock::new();
    let all = LEXICONS.get_or_init(|| {
        DATA.iter()
            .map(|data| {
                let mut function: Vec<&'static str> = section(data.text, "function")
                    .flat_map(str::split_whitespace)
                    .collect();
                function.sort_unstable();
                function.dedup();
                Lexicon { function }
            })
            .collect()
    });
    &all[lang as usize]
}

/// The lines of a `[name]` section of a data file, without comments and
/// blank lines.
fn section(text: &'static str, name: &str) -> impl Iterator<Item = &'static str> {
    let mut inside = false;
    let name = name.to_string();
    text.lines().filter_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(heading) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = heading.trim() == name;
            return None;
        }
        (inside && !line.is_empty()).then_some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    #[test]
    fn data_files_are_in_the_order_of_the_languages() {
        for (data, lang) in DATA.iter().zip(Lang::ALL) {
            assert_eq!(data.lang, lang);
            assert_eq!(
                lang as usize,
                Lang::ALL.iter().position(|l| *l == lang).unwrap()
            );
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn function_words_are_normal_and_known() {
        for lang in Lang::ALL {
            let words = &lexicon(lang).function;
            assert!(!words.is_empty(), "{lang:?}");
            for word in words {
                assert_eq!(normalize(word), *word, "{lang:?}: {word}");
            }
        }
        assert!(Lang::It.is_function_word("alle"));
        assert!(Lang::Sv.is_function_word("och"));
        assert!(Lang::De.is_function_word("und"));
        assert!(!Lang::It.is_function_word("allergia"));
    }

    #[test]
    fn tags_name_their_primary_language() {
        assert_eq!(Lang::from_tag("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::from_tag("no"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("pl"), None);
    }

    #[test]
    fn stems_join_the_forms_of_a_word() {
        assert_eq!(Lang::En.stem("allergies"), Lang::En.stem("allergy"));
        assert_eq!(Lang::Sv.stem("klippningen"), Lang::Sv.stem("klippning"));
        assert_eq!(Lang::It.stem("prenotazione"), Lang::It.stem("prenotazioni"));
        assert_eq!(Lang::De.stem("termine"), Lang::De.stem("termin"));
    }
}
