//! Routing speed: messages per second and median time per message against
//! policies of 10, 1,000 and 10,000 topics, with a phrase-by-phrase baseline.

use std::time::{Duration, Instant};

use handoff_analysis::Analysis;
use handoff_policy::Policy;
use handoff_route::Router;

const MESSAGES: usize = 20_000;
const BASELINE_MESSAGES: usize = 200;

pub fn run() {
    println!(
        "{:>8} {:>14} {:>14} {:>18} {:>10}",
        "topics", "messages/s", "median", "baseline median", "speed-up"
    );
    for topics in [10, 1_000, 10_000] {
        let policy = Analysis::new(policy_source(topics)).policy;
        let messages = messages(topics, MESSAGES);
        let router = Router::new(&policy);

        let mut times = Vec::with_capacity(messages.len());
        let start = Instant::now();
        let mut handed_off = 0;
        for message in &messages {
            let t = Instant::now();
            let decision = router.route(message);
            times.push(t.elapsed());
            handed_off += usize::from(decision.handoff);
        }
        let total = start.elapsed();
        let typical = median(&mut times);

        let mut baseline_times: Vec<Duration> = messages[..BASELINE_MESSAGES]
            .iter()
            .map(|m| {
                let t = Instant::now();
                std::hint::black_box(scan_every_phrase(&policy, m));
                t.elapsed()
            })
            .collect();
        let baseline = median(&mut baseline_times);
        println!(
            "{:>8} {:>14.0} {:>12.2}µs {:>16.2}µs {:>9.0}x",
            topics,
            messages.len() as f64 / total.as_secs_f64(),
            typical.as_secs_f64() * 1e6,
            baseline.as_secs_f64() * 1e6,
            baseline.as_secs_f64() / typical.as_secs_f64(),
        );
        std::hint::black_box(handed_off);
    }
    println!("\none core; {MESSAGES} messages per policy ({BASELINE_MESSAGES} for the baseline)");
}

pub(crate) fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A made-up word for a number: eight letters drawn from the number, so that
/// topics have their own vocabulary, as a real business's topics do (words
/// of one pattern would all be one typo apart and match each other).
fn word(n: usize) -> String {
    let mut x = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..8)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect()
}

pub(crate) fn policy_source(topics: usize) -> String {
    let mut out = String::from(
        "business \"Bench\"\nnever promise price, discount\n\
         handoff when \"speak to a person\", complaint, lawyer, refund\n",
    );
    for n in 0..topics {
        let (a, b, c) = (word(3 * n), word(3 * n + 1), word(3 * n + 2));
        out.push_str(&format!(
            "topic t{n}: about {a}, \"{b} order status\", {c} delivery; \
             must not promise {c} delivery; handoff when {b} broken, \"wrong {a}\"; collect order\n"
        ));
    }
    out
}

/// Messages of 6 to 14 words as customers write them: words of a topic,
/// with typos, common words, and words of no topic.
fn messages(topics: usize, count: usize) -> Vec<String> {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let filler = [
        "hi", "can", "you", "tell", "me", "about", "the", "my", "please", "thanks", "is", "it",
        "order", "status", "where", "broken",
    ];
    (0..count)
        .map(|_| {
            let topic = next() as usize % topics;
            let len = 6 + next() as usize % 9;
            (0..len)
                .map(|_| match next() % 8 {
                    0 => word(3 * topic),
                    1 => word(3 * topic + 1),
                    2 => {
                        // a typo: two letters swapped
                        let mut w: Vec<char> = word(3 * topic + 2).chars().collect();
                        w.swap(2, 3);
                        w.into_iter().collect()
                    }
                    3 => "refnud".to_string(),
                    _ => filler[next() as usize % filler.len()].to_string(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The naive router: every phrase of the policy against the message.
fn scan_every_phrase(policy: &Policy, message: &str) -> usize {
    let norm = handoff_text::normalize(message);
    let words = handoff_text::words(&norm);
    let phrases = policy
        .topics
        .iter()
        .flat_map(|t| t.about.iter().chain(&t.must_not).chain(&t.handoff.when))
        .chain(&policy.handoff_when);
    phrases
        .filter(|p| {
            let n = handoff_text::normalize(&p.text);
            handoff_text::find_phrase(&handoff_text::words(&n), &words).is_some()
        })
        .count()
}
