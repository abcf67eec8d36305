//! `guard-accuracy`: the figures of [`crate::accuracy`], printed. The held
//! set gives figures only: never a reply or a verdict on one, so it stays
//! unseen while the guard is tuned on the dev set.

use std::path::Path;

use crate::guard_accuracy::{Counts, score};

pub fn run(args: &[String]) {
    let held = args.iter().any(|a| a == "--held");
    let misses = args.iter().any(|a| a == "--misses");
    if let Some(unknown) = args
        .iter()
        .find(|a| !matches!(a.as_str(), "--held" | "--misses"))
    {
        eprintln!("guard-accuracy: unknown argument {unknown:?} (expected --held or --misses)");
        std::process::exit(2);
    }
    if held && misses {
        eprintln!(
            "guard-accuracy: --misses lists replies, and the held-aside set is never shown: \
             use it on the dev set"
        );
        std::process::exit(2);
    }
    let set = if held { "held" } else { "dev" };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let score = score(&root, set, misses);
    if misses {
        for miss in &score.misses {
            let expected = miss.rule.as_deref().unwrap_or("ok");
            println!(
                "{} {} [{}] expected {expected}\n  {}",
                miss.file,
                miss.lang,
                miss.topic.as_deref().unwrap_or("-"),
                miss.reply
            );
            for broken in &miss.verdict {
                println!("  held: {broken}");
            }
        }
        println!();
    }
    println!("replies.{set}.jsonl");
    println!(
        "{:<12} {:>22} {:>22}",
        "", "breaking held back", "fine held back"
    );
    let row = |name: &str, c: &Counts| {
        println!(
            "{:<12} {:>14.1}% {:>3}/{:<3} {:>14.1}% {:>3}/{:<3}",
            name,
            c.breaking_held_percent(),
            c.breaking_held,
            c.breaking,
            c.fine_held_percent(),
            c.fine_held,
            c.fine
        );
    };
    for (lang, counts) in &score.by_lang {
        row(lang, counts);
    }
    println!();
    for (file, counts) in &score.by_file {
        row(file, counts);
    }
    println!();
    row("total", &score.total);
}
