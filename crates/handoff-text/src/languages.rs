//! The one table of languages the tools can name: a language's BCP 47
//! primary tag, its name in English (for the prompt, the map and
//! messages) and the other names people write where a tag belongs (its
//! own name: `svenska`, `suomi`), which `check` turns into the tag.
//! Whether matching has words for a language is [`crate::lang::Lang`]'s
//! business; this table only names.

/// One language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// The primary subtag, in lower case: `sv`, `nb`.
    pub tag: &'static str,
    /// Its name in English: `Swedish`.
    pub name: &'static str,
    /// Other names people write for it, in lower case: `svenska`.
    pub also: &'static [&'static str],
}

macro_rules! languages {
    ($($tag:literal $name:literal [$($also:literal),*];)*) => {
        /// Every language, by tag.
        pub const LANGUAGES: &[Language] = &[
            $(Language { tag: $tag, name: $name, also: &[$($also),*] },)*
        ];
    };
}

languages! {
    "ar" "Arabic" [];
    "da" "Danish" ["dansk"];
    "de" "German" ["deutsch"];
    "el" "Greek" [];
    "en" "English" [];
    "es" "Spanish" ["español"];
    "et" "Estonian" [];
    "fa" "Persian" ["farsi"];
    "fi" "Finnish" ["suomi"];
    "fr" "French" ["français"];
    "hi" "Hindi" [];
    "is" "Icelandic" [];
    "it" "Italian" ["italiano"];
    "ja" "Japanese" [];
    "ko" "Korean" [];
    "lt" "Lithuanian" [];
    "lv" "Latvian" [];
    "nb" "Norwegian" ["norsk"];
    "nl" "Dutch" ["nederlands"];
    "nn" "Norwegian (Nynorsk)" ["nynorsk"];
    "pl" "Polish" ["polski"];
    "pt" "Portuguese" ["português"];
    "ru" "Russian" [];
    "so" "Somali" [];
    "sv" "Swedish" ["svenska"];
    "th" "Thai" [];
    "tr" "Turkish" [];
    "uk" "Ukrainian" [];
    "ur" "Urdu" [];
    "vi" "Vietnamese" [];
    "zh" "Chinese" [];
}

/// The language of a tag, by its primary subtag in any case: `sv-SE` is
/// Swedish; `no` is Norwegian, as `nb`.
pub fn language_of_tag(tag: &str) -> Option<&'static Language> {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let primary = if primary == "no" {
        "nb"
    } else {
        primary.as_str()
    };
    LANGUAGES.iter().find(|l| l.tag == primary)
}

/// The language a name stands for, in any case: `Swedish`, `svenska`.
pub fn language_named(name: &str) -> Option<&'static Language> {
    let lower = name.to_lowercase();
    LANGUAGES
        .iter()
        .find(|l| l.name.to_lowercase() == lower || l.also.contains(&lower.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_sorted_lower_case_and_unique() {
        let tags: Vec<&str> = LANGUAGES.iter().map(|l| l.tag).collect();
        let mut sorted = tags.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(tags, sorted);
        for l in LANGUAGES {
            assert_eq!(l.tag, l.tag.to_ascii_lowercase());
            for also in l.also {
                assert_eq!(*also, also.to_lowercase(), "{also}");
                assert_eq!(language_named(also).map(|l| l.tag), Some(l.tag));
            }
        }
    }

    #[test]
    fn tags_and_names_find_their_language() {
        assert_eq!(language_of_tag("sv-SE").unwrap().name, "Swedish");
        assert_eq!(language_of_tag("NO").unwrap().tag, "nb");
        assert_eq!(language_of_tag("pt_BR").unwrap().name, "Portuguese");
        assert!(language_of_tag("xx").is_none());
        assert_eq!(language_named("Svenska").unwrap().tag, "sv");
        assert_eq!(language_named("german").unwrap().tag, "de");
        assert!(language_named("klingon").is_none());
    }

    /// Every language matching has words for is named here.
    #[test]
    fn every_language_matching_knows_is_named() {
        for lang in crate::lang::Lang::ALL {
            assert!(language_of_tag(lang.tag()).is_some(), "{lang:?}");
        }
    }
}
