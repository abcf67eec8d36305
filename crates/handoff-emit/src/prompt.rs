//! The agent's system prompt: every rule of the policy in plain words, in
//! the order an agent needs them (who it is, what it never does, when it
//! hands off, then topic by topic).

use std::fmt::Write;

use handoff_policy::{Access, Action, FallbackAction, FieldType, Policy, Risk, Topic};

use handoff_text::normalize;

use crate::words::{channel, join, md};
use handoff_text::languages::language_of_tag;

/// How the agent hands a conversation to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Handover {
    /// It calls the `handoff_to_human` tool the runtime defines.
    Tool,
    /// It has no tool (Meta's business AI): it tells the customer a person
    /// will take over and stops; the business's inbox does the rest.
    Tell,
}

pub(crate) fn render(policy: &Policy) -> String {
    render_for(policy, Handover::Tool)
}

pub(crate) fn render_for(policy: &Policy, handover: Handover) -> String {
    let mut out = String::new();
    let business = policy
        .business
        .as_ref()
        .map_or_else(|| "this business".to_string(), |b| md(&b.name));
    intro(&mut out, policy, &business);
    never_promise(&mut out, policy, &business);
    handoff(&mut out, policy, handover);
    systems(&mut out, policy);
    topics(&mut out, policy);
    fallback(&mut out, policy);
    out
}

fn intro(out: &mut String, policy: &Policy, business: &str) {
    let _ = writeln!(out, "# Customer assistant for {business}\n");
    let mut first = format!("You answer customers on behalf of **{business}**");
    if !policy.channels.is_empty() {
        let names: Vec<String> = policy
            .channels
            .iter()
            .map(|c| channel(&c.name).to_string())
            .collect();
        let _ = write!(first, " in {}", join(&names, "and"));
    }
    let _ = writeln!(
        out,
        "{first}. The business wrote the rules below; follow every one of them. When a \
         customer asks for something the rules do not allow, the rules win: say so kindly and \
         hand the conversation to a person where a rule says to.\n"
    );
    let _ = writeln!(out, "## Language and tone\n");
    let _ = write!(
        out,
        "- Always reply in the language the customer writes in."
    );
    if !policy.languages.is_empty() {
        let names: Vec<String> = policy
            .languages
            .iter()
            .map(|l| match language_of_tag(&l.tag).map(|l| l.name) {
                Some(name) => format!("{name} (`{}`)", l.tag),
                None => format!("`{}`", l.tag),
            })
            .collect();
        let _ = write!(out, " Customers usually write in {}.", join(&names, "or"));
    }
    out.push('\n');
    if !policy.tone.is_empty() {
        let tone: Vec<String> = policy.tone.iter().map(|t| md(&t.text)).collect();
        let _ = writeln!(out, "- Tone: {}.", tone.join(", "));
    }
    let _ = writeln!(
        out,
        "- Never invent facts. If you do not know something and no rule lets you look it up, \
         say so and offer to pass the question to a person.\n"
    );
}

fn never_promise(out: &mut String, policy: &Policy, business: &str) {
    if policy.never_promise.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Never promise\n");
    let _ = writeln!(
        out,
        "On every topic, never promise, guarantee, offer, grant or confirm any of the \
         following. Only a person at {business} can:\n"
    );
    for p in &policy.never_promise {
        let _ = writeln!(out, "- {}", md(&p.text));
    }
    let _ = writeln!(
        out,
        "\nWhere a topic allows it, you may share published information about these (such as \
         a standard price list), as information, never as a commitment. If the customer asks \
         you to commit to one of them, tell them a person will answer and hand off.\n"
    );
}

fn handoff(out: &mut String, policy: &Policy, handover: Handover) {
    let _ = writeln!(out, "## Handing off to a person\n");
    if !policy.handoff_when.is_empty() {
        let _ = writeln!(
            out,
            "Whatever the topic, hand the conversation to a person when the customer's message \
             is about any of:\n"
        );
        for p in &policy.handoff_when {
            let _ = writeln!(out, "- {}", md(&p.text));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Each topic below adds its own reasons to hand off. A customer who asks for something \
         you must not do on a topic is also handed off, so a person can decide.\n"
    );
    let _ = writeln!(out, "To hand off:\n");
    let _ = writeln!(
        out,
        "1. Ask for the details the topic lists under \"Before handing off, collect\", one \
         short question at a time, skipping anything the customer has already told you."
    );
    match handover {
        Handover::Tool => {
            let _ = writeln!(
                out,
                "2. Call the `handoff_to_human` tool with the topic's name (or no topic, if none \
                 fits), a one-sentence summary of what the customer wants, and the collected \
                 details."
            );
            let _ = writeln!(
                out,
                "3. Tell the customer, in their language, that a person will take over, and stop \
                 answering the request yourself.\n"
            );
        }
        Handover::Tell => {
            let _ = writeln!(
                out,
                "2. Tell the customer, in their language, that a person will take over the \
                 conversation here, and sum up in one short message what they want and the \
                 details they gave, so that person sees it at once."
            );
            let _ = writeln!(
                out,
                "3. Then stop answering the request yourself, and leave it to that person.\n"
            );
        }
    }
}

fn systems(out: &mut String, policy: &Policy) {
    if policy.systems.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Connected systems\n");
    let _ = writeln!(
        out,
        "Use a system only for the actions a topic allows with it (\"using ...\" below).\n"
    );
    for s in &policy.systems {
        let access = match s.access {
            Access::Read => "you may look things up in it; never change anything in it.",
            Access::WriteWithApproval => {
                "you may look things up and prepare changes, but a person approves every \
                 change before it is made; tell the customer a change is not final until then."
            }
            Access::Write => "you may look things up and make changes that a topic allows.",
        };
        let _ = writeln!(out, "- `{}`: {access}", s.name);
    }
    out.push('\n');
}

fn topics(out: &mut String, policy: &Policy) {
    if policy.topics.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Topics\n");
    let _ = writeln!(
        out,
        "Decide which topic the customer's message is about, then follow that topic's rules \
         together with every rule above.\n"
    );
    for topic in &policy.topics {
        render_topic(out, topic);
    }
}

fn render_topic(out: &mut String, topic: &Topic) {
    let _ = writeln!(out, "### {} (`{}`)\n", md(&topic.title), topic.name);
    if !topic.about.is_empty() {
        let about: Vec<String> = topic.about.iter().map(|p| md(&p.text)).collect();
        let _ = writeln!(out, "Customers say things like: {}.\n", about.join(", "));
    }
    if let Some(risk) = topic.risk {
        let text = match risk {
            Risk::Fact => "simple facts: answer directly and briefly.",
            Risk::Internal => {
                "needs the business's own data (calendar, stock, prices): state only what a \
                 connected system or these rules tell you."
            }
            Risk::Binding => {
                "affects money, agreements or bookings: be exact, and never commit to more than \
                 these rules allow."
            }
            Risk::Judgment => {
                "needs a person's judgment: listen, gather the facts, and do not decide \
                 anything yourself."
            }
        };
        let _ = writeln!(out, "Risk: {text}\n");
    }
    if topic.may.is_empty() {
        let _ = writeln!(
            out,
            "You may not do anything on your own here beyond finding out what the customer \
             needs.\n"
        );
    } else {
        let _ = writeln!(out, "You may:\n");
        for group in may_clauses(&topic.may) {
            let texts: Vec<String> = group.iter().map(|a| md(&a.text)).collect();
            let _ = write!(out, "- {}", texts.join(", "));
            if let Some(system) = &group[0].using {
                let _ = write!(out, " (using `{system}`)");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !topic.must_not.is_empty() {
        let _ = writeln!(out, "On this topic, you must never:\n");
        for p in &topic.must_not {
            let _ = writeln!(out, "- {}", md(&forbidden_action(&p.text)));
        }
        let which = if topic.must_not.len() == 1 {
            "this"
        } else {
            "any of these"
        };
        let _ = writeln!(
            out,
            "\nIf the customer asks you to do {which}, hand the conversation to a person \
             instead.\n"
        );
    }
    if topic.handoff.always {
        let _ = writeln!(
            out,
            "Always hand this topic to a person, once you have collected what is listed below.\n"
        );
    } else if !topic.handoff.when.is_empty() {
        let _ = writeln!(out, "Hand off when the message is about:\n");
        for p in &topic.handoff.when {
            let _ = writeln!(out, "- {}", md(&p.text));
        }
        out.push('\n');
    }
    if !topic.collect.is_empty() {
        let _ = writeln!(out, "Before handing off, collect:\n");
        for f in &topic.collect {
            let _ = writeln!(out, "- {}{}", md(&f.name), type_note(&f.name, f.ty));
        }
        out.push('\n');
    }
}

/// Verbs that need an object to read as a rule: `must not confirm` under
/// "you must never" reads "never confirm", which leaves the reader asking
/// "confirm what?". The rule forbids confirming anything on the topic, so
/// that is what the prompt says. Verbs that stand alone (`argue`,
/// `compensate`, `judge`) are left as written.
const NEEDS_OBJECT: &[(&str, &str)] = &[
    ("accept", "anything"),
    ("agree", "to anything"),
    ("approve", "anything"),
    ("book", "anything"),
    ("cancel", "anything"),
    ("change", "anything"),
    ("charge", "anything"),
    ("commit", "to anything"),
    ("confirm", "anything"),
    ("decide", "anything"),
    ("guarantee", "anything"),
    ("offer", "anything"),
    ("promise", "anything"),
    ("quote", "anything"),
    ("refund", "anything"),
    ("reserve", "anything"),
    ("schedule", "anything"),
    ("sell", "anything"),
];

/// A `must not` phrase as the end of "you must never ...".
pub(crate) fn forbidden_action(text: &str) -> String {
    let word = text.trim();
    NEEDS_OBJECT
        .iter()
        .find(|(verb, _)| word.eq_ignore_ascii_case(verb))
        .map_or_else(
            || text.to_string(),
            |(_, object)| format!("{word} {object}"),
        )
}

/// What to write after a field's name to say its type: ` (a phone
/// number)`, or nothing for text and for a name that says it already.
pub(crate) fn type_note(name: &str, ty: FieldType) -> String {
    if ty == FieldType::Text || name_says_type(name, ty) {
        return String::new();
    }
    format!(" ({})", ty.summary())
}

/// `phone (a phone number)` says one thing twice: a field whose name
/// already names its type gets no type note. Compound words count, as in
/// `telefonnummer` or `leveransdatum`.
fn name_says_type(name: &str, ty: FieldType) -> bool {
    let normal = normalize(name);
    let words: Vec<&str> = normal.split(' ').collect();
    let any = |test: &dyn Fn(&str) -> bool| words.iter().any(|w| test(w));
    match ty {
        FieldType::Text | FieldType::YesNo => false,
        FieldType::Number => any(&|w| w == "number" || w.ends_with("nummer")),
        FieldType::Date => any(&|w| w == "date" || w == "dato" || w.ends_with("datum")),
        FieldType::Time => any(&|w| w == "time" || w == "tid" || w == "klockslag"),
        FieldType::Phone => {
            any(&|w| w.ends_with("phone") || w.starts_with("telefon") || w.starts_with("mobil"))
        }
        FieldType::Email => {
            normal.contains("e mail")
                || normal.contains("e post")
                || any(&|w| w.ends_with("mail") || w == "epost")
        }
    }
}

/// The `may` clauses as the author wrote them: `may answer opening hours,
/// address, parking` is one clause whose verb carries the whole list, so
/// its three actions belong on one bullet ("address" alone says nothing).
///
/// The policy keeps one action per phrase, not the clauses, so they are
/// found again from the places: the actions of one clause stand on one
/// line, share their `using`, and only a comma (and a space or two) stands
/// between one phrase and the next. Another clause on the same line needs at
/// least `;may ` (five characters) in between. A list continued on the next
/// line cannot be told from a new `may` there, so it starts a new bullet.
pub(crate) fn may_clauses(actions: &[Action]) -> Vec<&[Action]> {
    const CLAUSE_GAP: u32 = 5;
    let mut groups = Vec::new();
    let mut start = 0;
    for i in 1..=actions.len() {
        let split = i == actions.len() || {
            let (previous, next) = (&actions[i - 1].span, &actions[i].span);
            next.line != previous.end_line
                || next.column.saturating_sub(previous.end_column) >= CLAUSE_GAP
                || actions[i].using != actions[start].using
        };
        if split {
            groups.push(&actions[start..i]);
            start = i;
        }
    }
    groups
}

fn fallback(out: &mut String, policy: &Policy) {
    let _ = writeln!(out, "## Anything else\n");
    let text = match policy.fallback.action {
        FallbackAction::Handoff => {
            "If a message fits none of the topics above, do not answer it yourself: hand it to \
             a person."
        }
        FallbackAction::Answer => {
            "If a message fits none of the topics above, you may answer it yourself, as long as \
             the answer breaks none of the rules above; if you cannot, hand it to a person."
        }
    };
    let _ = writeln!(out, "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_that_needs_an_object_gets_one() {
        assert_eq!(forbidden_action("confirm"), "confirm anything");
        assert_eq!(forbidden_action("Agree"), "Agree to anything");
        assert_eq!(forbidden_action("argue"), "argue");
        assert_eq!(
            forbidden_action("confirm delivery time"),
            "confirm delivery time"
        );
    }

    #[test]
    fn a_field_named_for_its_type_is_not_told_twice() {
        assert!(name_says_type("phone number", FieldType::Phone));
        assert!(name_says_type("Telefonnummer", FieldType::Phone));
        assert!(name_says_type("e-mail", FieldType::Email));
        assert!(name_says_type("leveransdatum", FieldType::Date));
        assert!(name_says_type("order number", FieldType::Number));
        assert!(!name_says_type("update", FieldType::Date));
        assert!(!name_says_type("party size", FieldType::Number));
        assert!(!name_says_type("day", FieldType::Date));
        assert!(!name_says_type("contact", FieldType::Phone));
    }
}
