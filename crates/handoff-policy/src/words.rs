//! The author's fixed words that are values, not keywords: access levels,
//! what the fallback does, risk piles and field types. Each is one enum,
//! shared by the syntax tree, the checked model and the policy, so a word
//! is spelt once: `as_str` is the word as a `.handoff` file writes it,
//! `FromStr` reads it back (in any case), and `VARIANTS` lists them for
//! completion, checks and the formatter.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

/// A fixed-word enum with what every one of them has: serde and the JSON
/// Schema for the policy, strum's names and list, and `as_str`.
macro_rules! fixed_word {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema,
            EnumString, IntoStaticStr, VariantArray,
        )]
        $(#[$meta])*
        pub enum $name { $($body)* }

        impl $name {
            /// The word as a `.handoff` file writes it.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

fixed_word! {
/// The most a system lets the agent do. The variants are listed in the
/// policy format's order, which the schema keeps; `power` orders them by
/// how much the agent may do.
#[serde(rename_all = "snake_case")]
#[strum(ascii_case_insensitive)]
pub enum Access {
    #[strum(serialize = "read")]
    Read,
    #[strum(serialize = "write")]
    Write,
    #[strum(serialize = "write with approval")]
    WriteWithApproval,
}
}

impl Access {
    /// How much the agent may do: 0 for `read`, 1 for `write with
    /// approval`, 2 for `write`.
    pub fn power(self) -> u8 {
        match self {
            Access::Read => 0,
            Access::WriteWithApproval => 1,
            Access::Write => 2,
        }
    }
}

fixed_word! {
/// What happens to a message that fits no topic (`fallback handoff`, the
/// default, or `fallback answer`).
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum FallbackAction {
    Handoff,
    Answer,
}
}

fixed_word! {
/// The four piles of `risk`, from the least to the most at stake (`Ord`):
/// routing breaks a tie for the riskier pile, and the review calls a move
/// up the order stricter.
#[serde(rename_all = "snake_case")]
#[derive(PartialOrd, Ord)]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum Risk {
    Fact,
    Internal,
    Binding,
    Judgment,
}
}

impl Risk {
    /// What the pile holds, for the people who write rules (completion and
    /// hover).
    pub fn summary(self) -> &'static str {
        match self {
            Risk::Fact => "simple facts",
            Risk::Internal => "needs internal data: a calendar, stock, a price list",
            Risk::Binding => "affects money, agreements, bookings or complaints",
            Risk::Judgment => "needs a person's judgment",
        }
    }
}

fixed_word! {
/// The type of a `collect` field, in parentheses after its name.
#[strum(ascii_case_insensitive)]
pub enum FieldType {
    #[serde(rename = "text")]
    #[strum(serialize = "text")]
    Text,
    #[serde(rename = "number")]
    #[strum(serialize = "number")]
    Number,
    #[serde(rename = "date")]
    #[strum(serialize = "date")]
    Date,
    #[serde(rename = "time")]
    #[strum(serialize = "time")]
    Time,
    #[serde(rename = "phone")]
    #[strum(serialize = "phone")]
    Phone,
    #[serde(rename = "email")]
    #[strum(serialize = "email")]
    Email,
    #[serde(rename = "yes/no")]
    #[strum(serialize = "yes/no")]
    YesNo,
}
}

impl FieldType {
    /// What a value of the type is, for the people who write rules
    /// (completion and hover) and for the staff's handoff map.
    pub fn summary(self) -> &'static str {
        match self {
            FieldType::Text => "any text (the default)",
            FieldType::Number => "a number",
            FieldType::Date => "a date",
            FieldType::Time => "a time of day",
            FieldType::Phone => "a phone number",
            FieldType::Email => "an e-mail address",
            FieldType::YesNo => "yes or no",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word reads back as its value, in any case, and the JSON of
    /// the risk and type words is the word itself.
    #[test]
    fn each_word_reads_back_as_its_value() {
        for a in Access::VARIANTS {
            assert_eq!(a.as_str().parse::<Access>(), Ok(*a));
            assert_eq!(a.as_str().to_uppercase().parse::<Access>(), Ok(*a));
        }
        for f in FallbackAction::VARIANTS {
            assert_eq!(f.as_str().parse::<FallbackAction>(), Ok(*f));
        }
        for r in Risk::VARIANTS {
            assert_eq!(r.as_str().parse::<Risk>(), Ok(*r));
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::from(r.as_str())
            );
        }
        for t in FieldType::VARIANTS {
            assert_eq!(t.as_str().parse::<FieldType>(), Ok(*t));
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::Value::from(t.as_str())
            );
        }
        assert!("writes".parse::<Access>().is_err());
    }

    #[test]
    fn access_power_orders_read_before_approved_changes_before_writes() {
        assert!(Access::Read.power() < Access::WriteWithApproval.power());
        assert!(Access::WriteWithApproval.power() < Access::Write.power());
    }
}
