//! A first rules file from an inbox alone: the languages its customers
//! write in, a topic for each recurring group of questions with the
//! group's words as `about`, sorted into the four risk piles by what the
//! words ask for, and `test` lines from the messages with what the draft
//! decides. The owner reads and rewrites it; `check` accepts it as written.

use handoff_analysis::Analysis;
use handoff_fmt::{quoted, written};
use handoff_route::Router;
use handoff_text::lang::Lang;
use handoff_text::{normalize, words};

use crate::Grouping;

/// The languages the messages are written in, by their function words:
/// each that is plainly the likeliest for a tenth of the messages (and
/// two), most first; `en` when none is.
pub fn languages(texts: &[&str]) -> Vec<&'static str> {
    let mut counts = [0usize; Lang::ALL.len()];
    for text in texts {
        let normalized = normalize(text);
        let ws = words(&normalized);
        let scores: Vec<usize> = Lang::ALL
            .iter()
            .map(|l| ws.iter().filter(|w| l.is_function_word(w)).count())
            .collect();
        let top = scores.iter().copied().max().unwrap_or(0);
        // A message close languages read alike (Swedish and Danish share
        // `på`, `ni`) says nothing about which it is.
        if top > 0 && scores.iter().filter(|&&s| s == top).count() == 1 {
            let i = scores
                .iter()
                .position(|&s| s == top)
                .expect("the top is a score");
            counts[i] += 1;
        }
    }
    let need = (texts.len() / 10).max(2).min(texts.len());
    let mut found: Vec<(usize, Lang)> = Lang::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| counts[*i] >= need)
        .map(|(i, l)| (counts[i], *l))
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if found.is_empty() {
        return vec!["en"];
    }
    found.into_iter().map(|(_, l)| l.tag()).collect()
}

/// Which pile a topic goes to, by the families of its words: a complaint
/// or a refund needs judgment, a booking or an order binds, a price or
/// stock needs internal data, the rest are facts.
fn pile(words: &[String], reader: &crate::Reader) -> &'static str {
    const JUDGMENT: [&str; 12] = [
        "complaint",
        "refund",
        "lawyer",
        "harassment",
        "emergency",
        "injury",
        "aggressive",
        "hair-ruined",
        "broken",
        "not-arrived",
        "stolen",
        "sick",
    ];
    const BINDING: [&str; 14] = [
        "booking",
        "cancel",
        "reschedule",
        "discount",
        "fee",
        "waive",
        "confirm",
        "return",
        "register",
        "payment",
        "gift-card",
        "event",
        "group",
        "table",
    ];
    const INTERNAL: [&str; 5] = ["price", "stock", "order-status", "delivery", "quote"];
    let families: Vec<String> = words.iter().flat_map(|w| reader.families(w)).collect();
    let any = |list: &[&str]| families.iter().any(|f| list.contains(&f.as_str()));
    if any(&JUDGMENT) {
        "judgment"
    } else if any(&BINDING) {
        "binding"
    } else if any(&INTERNAL) {
        "internal"
    } else {
        "fact"
    }
}

/// A topic name from a group's first word that no topic has yet:
/// letters, digits and `-`, starting with a letter.
pub(crate) fn topic_name(shared: &[String], taken: &[String]) -> String {
    let base: String = shared
        .first()
        .map(|w| {
            w.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect::<String>()
        })
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .unwrap_or_else(|| "topic".to_string());
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// The draft rules for these messages and their groups.
pub fn draft(texts: &[&str], grouping: &Grouping, business: Option<&str>) -> String {
    let langs = languages(texts);
    let reader = crate::Reader::new(langs.iter().copied());
    let mut out = String::new();
    out.push_str(&format!(
        "# A draft from {} customer messages (handoff inbox): read every line,\n\
         # rename the topics, and write what the agent may do and must collect.\n",
        texts.len()
    ));
    out.push_str(&format!(
        "business {}\n",
        quoted(business.unwrap_or("My business"))
    ));
    out.push_str(&format!("language {}\n\n", langs.join(", ")));
    out.push_str("never promise price, discount, refund, delivery date\n");
    out.push_str("handoff when speak to a person, complaint, refund\n");
    let mut taken: Vec<String> = Vec::new();
    let mut topics: Vec<(String, usize)> = Vec::new();
    for (g, group) in grouping.groups.iter().enumerate() {
        let name = topic_name(&group.shared, &taken);
        taken.push(name.clone());
        let list = group
            .shared
            .iter()
            .map(|w| written(w))
            .collect::<Vec<_>>()
            .join(", ");
        let pile = pile(&group.shared, &reader);
        out.push_str(&format!(
            "\n# {} messages share {}\ntopic {name}:\n  about {list}\n  risk {pile}\n",
            group.messages.len(),
            group
                .shared
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        // A draft errs towards a person: what binds the business or needs
        // judgment is handed off until the owner says what the agent may do.
        if pile == "judgment" || pile == "binding" {
            out.push_str("  handoff always\n  collect name, what they need\n");
        }
        topics.push((name, g));
    }
    // The tests say what the draft decides: the owner corrects what is wrong.
    let analysis = Analysis::new(out.clone());
    let router = Router::new(&analysis.policy);
    let mut tests = String::new();
    for (_, g) in &topics {
        for &m in grouping.groups[*g].messages.iter().take(3) {
            let text = one_line(texts[m]);
            tests.push_str(&test_line(&text, &router.route(&text)));
        }
    }
    if !tests.is_empty() {
        out.push('\n');
        out.push_str(&tests);
    }
    out
}

/// A `test` line for a message that expects what the rules decide now.
pub fn test_line(message: &str, decision: &handoff_route::Decision) -> String {
    let mut line = handoff_fmt::test_line(&one_line(message), &decision.expectation());
    line.push('\n');
    line
}

/// A message on one line, as a `test` holds it and a report shows it.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
