//! The language's keywords, in one table. Error messages, the formatter,
//! the checks and the language server's completion and hover all read these
//! lists; a test holds the grammar's `kw_*` rules against them, so a keyword
//! cannot be added to one and forgotten in the other.
//!
//! The author's fixed words that are not keywords (channels, risks, field
//! types, access levels) belong to the policy format and live in
//! `handoff-policy`.

use handoff_policy::Access;

macro_rules! keywords {
    (
        $(#[$meta:meta])*
        $enum:ident {
            $($variant:ident = $words:literal, $summary:literal, $example:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $enum {
            $($variant,)*
        }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            /// The keyword as written in the docs: `never promise`.
            pub fn words(self) -> &'static str {
                match self { $($enum::$variant => $words,)* }
            }

            /// What it means, in one sentence for the people who write rules.
            pub fn summary(self) -> &'static str {
                match self { $($enum::$variant => $summary,)* }
            }

            /// A line that uses it, as written in a file.
            pub fn example(self) -> &'static str {
                match self { $($enum::$variant => $example,)* }
            }
        }
    };
}

keywords! {
    /// What a line at column 0 can declare.
    Declaration {
        Business = "business", "Who the agent speaks for: `business \"Salon Lina\"`. At most once.", "business \"Salon Lina\"";
        Channels = "channels", "Where the agent answers: whatsapp, messenger, instagram, webchat, email, forms, sms.", "channels whatsapp, instagram";
        Language = "language", "The customers' languages as tags (`sv`, `en`); the agent replies in the customer's language.", "language sv, en";
        Tone = "tone", "How the agent sounds: `tone warm, brief, no emojis`.", "tone warm, brief";
        NeverPromise = "never promise", "What the agent may never promise on any topic without a person: a price, a discount, a refund.", "never promise price, discount";
        HandoffWhen = "handoff when", "What hands any conversation to a person, whatever the topic.", "handoff when lawyer, complaint";
        Fallback = "fallback", "What happens to a message that fits no topic: `fallback handoff` (the default) or `fallback answer`.", "fallback answer";
        Matching = "matching", "How phrases match a message: `matching everyday` (the default: word forms, compounds, everyday words and numbers in the declared languages) or `matching exact` (the words as written, with small typos forgiven).", "matching exact";
        Staff = "staff", "The names and role words of the people who take over (`staff Lina, stylist`): a reply that hands over to them may be sent.", "staff Lina, stylist";
        System = "system", "A connected system and the most access the agent gets: `system calendar: read`.", "system calendar: read";
        Topic = "topic", "Something customers ask about, with its rules: `topic booking: about book; may suggest times`.", "topic booking: about book";
        Log = "log", "What each conversation's record keeps (`save`) and removes first (`redact`).", "log: save question; redact names";
        Test = "test", "A customer message and what must happen to it: `test \"Can I book?\" -> booking`.", "test \"Can I book?\" -> booking";
        TestReply = "test reply", "An agent's reply and whether it may be sent: `-> ok`, or `-> breaks PHRASE` for the `never promise` (with `on TOPIC`, the `must not`) phrase it breaks.", "test reply \"A haircut costs 450 kr\" -> ok";
    }
}

keywords! {
    /// What a clause of a `topic` or of `log:` can say.
    Clause {
        About = "about", "What customers say about this topic, in their words; used for routing.", "  about book, appointment";
        Risk = "risk", "How much is at stake: `fact`, `internal`, `binding` or `judgment`.", "  risk binding";
        May = "may", "What the agent may do alone; `using SYSTEM` names a declared system it may use.", "  may suggest times using calendar";
        MustNot = "must not", "What the agent must not do on this topic; a customer who asks for it is handed off.", "  must not confirm";
        HandoffWhen = "handoff when", "What hands this topic to a person.", "  handoff when today";
        HandoffAlways = "handoff always", "Every conversation on this topic ends with a person.", "  handoff always";
        Collect = "collect", "What to ask before handing off, with an optional type: `collect day (date), party size (number)`.", "  collect day (date), party size (number)";
        Save = "save", "What each conversation's record keeps (in `log:`).", "  save question, answer";
        Redact = "redact", "What is removed from the record before it is kept (in `log:`).", "  redact names, phone numbers";
    }
}

impl Clause {
    /// `save` and `redact` belong in `log:`; every other clause in a topic.
    pub fn belongs_in_log(self) -> bool {
        matches!(self, Clause::Save | Clause::Redact)
    }
}

keywords! {
    /// Keywords inside a line that start no declaration or clause.
    Modifier {
        Using = "using", "Names the declared system a `may` action uses: `may check stock using inventory`.", "  may check stock using inventory";
        Read = "read", "The agent may look things up in the system, never change them.", "system calendar: read";
        Write = "write", "The agent may change things in the system on its own.", "system orders: write";
        WriteWithApproval = "write with approval", "The agent may change things in the system once a person approves each change.", "system bookings: write with approval";
        FallbackHandoff = "handoff", "After `fallback`: a message that fits no topic goes to a person.", "fallback handoff";
        FallbackAnswer = "answer", "After `fallback`: a message that fits no topic is answered by the agent.", "fallback answer";
        MatchingEveryday = "everyday", "After `matching`: phrases also match other forms of their words, parts of compound words, everyday words for the same thing, and numbers they compare (the default).", "matching everyday";
        MatchingExact = "exact", "After `matching`: phrases match only their own words, with a longer ending or one typo forgiven.", "matching exact";
        On = "on", "After the reply in a reply test: the conversation's topic, whose `must not` phrases are checked too.", "test reply \"Your booking is confirmed!\" on booking -> breaks confirm";
        Ok = "ok", "After `->` in a reply test: the reply breaks no rule and may be sent.", "test reply \"A haircut costs 450 kr\" -> ok";
        Breaks = "breaks", "After `->` in a reply test: the reply breaks this phrase and must not be sent.", "test reply \"You will get a refund\" -> breaks refund";
        NoTopic = "no topic", "After `->` in a test: no topic fits the message and the agent answers it (under `fallback answer`).", "test \"hello\" -> no topic";
    }
}

impl Modifier {
    /// The keyword that writes `access` after `system NAME:`.
    pub fn access(access: Access) -> Modifier {
        match access {
            Access::Read => Modifier::Read,
            Access::Write => Modifier::Write,
            Access::WriteWithApproval => Modifier::WriteWithApproval,
        }
    }
}

/// Every single word that is part of a keyword, in lower case: what the
/// grammar must know as `kw_*` rules.
pub fn keyword_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Declaration::ALL
        .iter()
        .map(|d| d.words())
        .chain(Clause::ALL.iter().map(|c| c.words()))
        .chain(Modifier::ALL.iter().map(|m| m.words()))
        .flat_map(|w| w.split(' '))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use handoff_policy::FallbackAction;

    /// The words the grammar spells as `kw_NAME = @{ ^"word" ... }`.
    fn grammar_keywords() -> Vec<String> {
        let grammar = include_str!("../../../grammar/handoff.pest");
        let mut words: Vec<String> = grammar
            .lines()
            .filter(|l| l.starts_with("kw_") && !l.starts_with("kw_end"))
            .map(|l| {
                let name = l.split_whitespace().next().unwrap();
                name.trim_start_matches("kw_").to_string()
            })
            .collect();
        words.sort();
        words
    }

    #[test]
    fn the_grammar_knows_exactly_the_keywords_of_the_table() {
        assert_eq!(grammar_keywords(), keyword_words());
    }

    /// Each example parses as what the table says it is, so a keyword in
    /// the table that the grammar or the lowering does not know fails here.
    #[test]
    fn every_example_parses_as_its_keyword() {
        use crate::tree::ItemKind;
        for d in Declaration::ALL {
            let parse = crate::parse(d.example());
            assert!(
                parse.diagnostics.is_empty(),
                "{d:?}: {:?}",
                parse.diagnostics
            );
            let parsed = parse.tree.items[0].kind.declaration();
            assert_eq!(parsed, Some(*d));
        }
        for c in Clause::ALL {
            let head = if c.belongs_in_log() {
                "log:"
            } else {
                "topic t:"
            };
            let parse = crate::parse(&format!("{head}\n{}\n", c.example()));
            assert!(
                parse.diagnostics.is_empty(),
                "{c:?}: {:?}",
                parse.diagnostics
            );
            let clauses = match &parse.tree.items[0].kind {
                ItemKind::Topic(t) => &t.clauses,
                ItemKind::Log(l) => &l.clauses,
                other => panic!("{other:?}"),
            };
            assert_eq!(clauses[0].kind.clause(), *c);
        }
        for m in Modifier::ALL {
            let example = m.example();
            let text = if example.starts_with(' ') {
                format!("topic t:\n{example}\nsystem inventory: read\n")
            } else {
                example.to_string()
            };
            let parse = crate::parse(&text);
            assert!(
                parse.diagnostics.is_empty(),
                "{m:?}: {:?}",
                parse.diagnostics
            );
            assert!(example.to_lowercase().contains(m.words()), "{m:?}");
        }
    }

    /// The value enums and the keyword table spell each word alike, so
    /// the formatter (which writes `as_str`) writes what the parser reads.
    #[test]
    fn value_words_are_the_keywords_that_write_them() {
        use handoff_policy::VariantArray;
        for a in Access::VARIANTS {
            assert_eq!(Modifier::access(*a).words(), a.as_str());
        }
        for f in FallbackAction::VARIANTS {
            let keyword = match f {
                FallbackAction::Handoff => Modifier::FallbackHandoff,
                FallbackAction::Answer => Modifier::FallbackAnswer,
            };
            assert_eq!(keyword.words(), f.as_str());
        }
    }

    #[test]
    fn every_keyword_rule_spells_its_own_name() {
        let grammar = include_str!("../../../grammar/handoff.pest");
        for word in keyword_words() {
            let line = grammar
                .lines()
                .find(|l| l.starts_with(&format!("kw_{word} ")))
                .unwrap();
            assert!(line.contains(&format!("^\"{word}\"")), "{line}");
        }
    }
}
