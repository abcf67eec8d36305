//! The `about` words that would catch what no topic catches: each group's
//! shared words, added to its likely topic (or, for a group no topic
//! shares anything with, as a new topic before the tests), proved by
//! compiling the changed rules and routing the group's messages again.

use handoff_analysis::Analysis;
use handoff_fmt::written;
use handoff_policy::Policy;
use handoff_route::Router;
use handoff_text::normalize;

use crate::{Grouping, draft::topic_name};

/// The rules with the suggested words, and what each addition catches.
#[derive(Clone, Debug)]
pub struct Suggestion {
    pub source: String,
    pub added: Vec<Added>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    /// The group (an index into the grouping's groups).
    pub group: usize,
    pub topic: String,
    /// Whether the topic is new.
    pub new: bool,
    pub words: Vec<String>,
    /// How many of the group's messages the changed rules route to the
    /// topic, of how many.
    pub catches: usize,
    pub of: usize,
}

/// `source` (whose policy is `policy`) with every group's words added.
/// When the changed rules would not compile, nothing is suggested.
pub fn suggest(source: &str, policy: &Policy, texts: &[&str], grouping: &Grouping) -> Suggestion {
    let lines: Vec<&str> = source.lines().collect();
    // Line (0-based) → text to put after it.
    let mut after: Vec<(usize, String)> = Vec::new();
    let mut new_topics = String::new();
    let mut added = Vec::new();
    let mut taken: Vec<String> = policy.topics.iter().map(|t| t.name.clone()).collect();
    for (g, group) in grouping.groups.iter().enumerate() {
        let (topic, new) = match &group.topic {
            Some(t) => (t.clone(), false),
            None => {
                let name = topic_name(&group.shared, &taken);
                taken.push(name.clone());
                (name, true)
            }
        };
        let words: Vec<String> = group
            .shared
            .iter()
            .filter(|w| {
                policy
                    .topics
                    .iter()
                    .find(|t| t.name == topic)
                    .is_none_or(|t| t.about.iter().all(|p| normalize(&p.text) != **w))
            })
            .cloned()
            .collect();
        if words.is_empty() {
            continue;
        }
        let list = words
            .iter()
            .map(|w| written(w))
            .collect::<Vec<_>>()
            .join(", ");
        if new {
            new_topics.push_str(&format!("topic {topic}:\n  about {list}\n\n"));
        } else {
            let t = policy
                .topics
                .iter()
                .find(|t| t.name == topic)
                .expect("a topic of the policy");
            let last = t
                .about
                .iter()
                .map(|p| p.span.end_line as usize)
                .max()
                .unwrap_or(t.span.line as usize);
            after.push((last - 1, format!("  about {list}")));
        }
        added.push(Added {
            group: g,
            topic,
            new,
            words,
            catches: 0,
            of: group.messages.len(),
        });
    }
    let tests_at = lines
        .iter()
        .position(|l| l.trim_start().to_ascii_lowercase().starts_with("test "))
        .unwrap_or(lines.len());
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == tests_at && !new_topics.is_empty() {
            out.push_str(&new_topics);
        }
        out.push_str(line);
        out.push('\n');
        for (_, text) in after.iter().filter(|(at, _)| *at == i) {
            out.push_str(text);
            out.push('\n');
        }
    }
    if tests_at == lines.len() && !new_topics.is_empty() {
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(new_topics.trim_end());
        out.push('\n');
    }
    let analysis = Analysis::new(out.clone());
    if analysis.has_errors() {
        return Suggestion {
            source: source.to_string(),
            added: Vec::new(),
        };
    }
    let router = Router::new(&analysis.policy);
    for a in &mut added {
        a.catches = grouping.groups[a.group]
            .messages
            .iter()
            .filter(|&&m| router.route(texts[m]).topic.as_deref() == Some(&a.topic))
            .count();
    }
    Suggestion { source: out, added }
}
