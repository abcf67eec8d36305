//! `handoff-bench accuracy [--held] [--misses]`: the routing figures of
//! `handoff_bench::accuracy`.

use handoff_bench::accuracy::{Half, score, table};

pub fn run(args: &[String]) {
    let held = args.iter().any(|a| a == "--held");
    let misses = args.iter().any(|a| a == "--misses");
    if held && misses {
        eprintln!("--misses lists dev messages only: the held set is scored, never read");
        std::process::exit(2);
    }
    let half = if held { Half::Held } else { Half::Dev };
    let scores = score(half);
    println!("{} set", if held { "held" } else { "dev" });
    print!("{}", table(&scores));
    if misses {
        for (label, decision) in &scores.misses {
            println!(
                "\n[{} {}] {}\n  want {:?} handoff={}  got {}",
                label.file,
                label.lang,
                label.message,
                label.topic,
                label.handoff,
                decision.summary()
            );
            for reason in &decision.reasons {
                println!("    - {}", reason.describe());
            }
        }
    }
}
