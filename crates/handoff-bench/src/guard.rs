//! Guard speed: replies per second and median time per reply, for 100-word
//! replies against policies of 10 and 1,000 topics, beside a naive guard
//! that prepares nothing: it normalises every phrase of the policy and
//! scans the topics for the one named, for every reply.

use std::time::{Duration, Instant};

use handoff_analysis::Analysis;
use handoff_guard::Guard;

const REPLIES: usize = 20_000;
const BASELINE_REPLIES: usize = 2_000;
const RUNS: usize = 5;

pub fn run() {
    println!(
        "{:>8} {:>14} {:>12} {:>18} {:>10} {:>8}",
        "topics", "replies/s", "median", "baseline median", "speed-up", "held"
    );
    for topics in [10, 1_000] {
        let policy = Analysis::new(policy_source(topics)).policy;
        let replies = replies(REPLIES);
        let guard = Guard::new(&policy);
        let topic_of = |i: usize| format!("t{}", i % topics);

        // The median of several runs of the whole set, and of every reply.
        let mut rates = Vec::with_capacity(RUNS);
        let mut times = Vec::with_capacity(REPLIES * RUNS);
        let mut held = 0;
        for _ in 0..RUNS {
            held = 0;
            let start = Instant::now();
            for (i, reply) in replies.iter().enumerate() {
                let topic = topic_of(i);
                let t = Instant::now();
                let verdict = guard.check(reply, Some(&topic));
                times.push(t.elapsed());
                held += usize::from(!verdict.ok);
            }
            rates.push(replies.len() as f64 / start.elapsed().as_secs_f64());
        }
        rates.sort_by(f64::total_cmp);
        let typical = median(&mut times);

        let mut baseline_times: Vec<Duration> = replies[..BASELINE_REPLIES]
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let topic = topic_of(i);
                let t = Instant::now();
                std::hint::black_box(naive::check(&policy, r, Some(&topic)));
                t.elapsed()
            })
            .collect();
        let baseline = median(&mut baseline_times);
        println!(
            "{:>8} {:>14.0} {:>10.2}µs {:>16.2}µs {:>9.1}x {:>7.0}%",
            topics,
            rates[RUNS / 2],
            typical.as_secs_f64() * 1e6,
            baseline.as_secs_f64() * 1e6,
            baseline.as_secs_f64() / typical.as_secs_f64(),
            100.0 * held as f64 / replies.len() as f64,
        );
    }
    println!(
        "\none core; {REPLIES} replies of 100 words per policy, {RUNS} runs (median rate), \
         {BASELINE_REPLIES} for the baseline; held = replies that break a rule"
    );
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A salon's `never promise` lines in two languages, and topics that each
/// have their own `must not` phrases.
fn policy_source(topics: usize) -> String {
    let mut out = String::from(
        "business \"Bench\"\n\
         never promise price, discount, refund, delivery date, compensation\n\
         never promise pris, rabatt, återbetalning, leveransdatum, ersättning\n",
    );
    for n in 0..topics {
        out.push_str(&format!(
            "topic t{n}: about thing{n}; must not confirm, waive fee, promise item{n}; \
             handoff when today; collect day\n"
        ));
    }
    out
}

/// Replies of 100 words in sentences an agent writes, in English and
/// Swedish: information, refusals and hand-overs, and in one reply of ten a
/// sentence that breaks a rule, as a runtime sees them.
fn replies(count: usize) -> Vec<String> {
    let harmless = [
        "Thank you for your message and for choosing us.",
        "A haircut costs 450 kr and takes about an hour.",
        "Our prices will change in January, as every year.",
        "I can't promise a discount, but a colleague will check.",
        "We are open from nine to six on weekdays, e.g. today.",
        "Vi har öppet till sex idag och parkering finns på gården.",
        "En kollega återkommer om din återbetalning inom 3 dagar.",
        "Please tell me which day suits you best; we have time on Tuesday.",
        "The colour treatment is 1,250 kr, including a wash and a cut.",
        "Du kan boka en tid direkt i vår kalender!",
    ];
    let risky = [
        "I can give you 20% off if you book two appointments.",
        "Your booking is confirmed for Friday at ten!",
        "The price will be 1,250 kr including the treatment.",
        "Your parcel will arrive within 3 days.",
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..count)
        .map(|n| {
            let mut sentences: Vec<&str> = Vec::new();
            if n % 10 == 0 {
                sentences.push(risky[next() as usize % risky.len()]);
            }
            let mut words: Vec<&str> = Vec::new();
            while words.len() < 100 {
                let sentence = sentences
                    .pop()
                    .unwrap_or_else(|| harmless[next() as usize % harmless.len()]);
                words.extend(sentence.split(' '));
            }
            words.truncate(100);
            words.join(" ")
        })
        .collect()
}

/// The same verdicts with nothing kept between replies: the topics are
/// scanned for the one named, and every phrase of the policy is normalised
/// and given its kind again, as a runtime that does not keep the guard does.
mod naive {
    use handoff_guard::Guard;
    use handoff_policy::Policy;

    pub fn check(policy: &Policy, reply: &str, topic: Option<&str>) -> bool {
        let topic = topic.filter(|t| policy.topics.iter().any(|x| x.name == *t));
        Guard::new(policy).check(reply, topic).ok
    }
}
