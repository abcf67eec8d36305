//! `cargo run --release -p handoff-bench -- [SIZES_MB...] [--keep]`
//! `cargo run --release -p handoff-bench -- route`
//! `cargo run --release -p handoff-bench -- lsp`
//!
//! With `lsp`, it drives the language server in this process and prints the
//! time from an edit to its diagnostics, and of a completion and a hover, at
//! 100, 1,000 and 10,000 topics (see lsp.rs).
//! `cargo run --release -p handoff-bench -- guard`
//! `cargo run --release -p handoff-bench -- serve` (after `cargo build --release`)
//! `cargo run --release -p handoff-bench -- accuracy [--held] [--misses]`
//!
//! With `accuracy`, it routes the realistic messages of `tests/accuracy`
//! (see `handoff_bench::accuracy`) and prints the share routed to the
//! right topic, of routine questions handed off anyway and of hand-overs
//! missed, per rule file, per language and in total.
//! `cargo run --release -p handoff-bench -- guard-accuracy [--held] [--misses]`
//!
//! With `route`, it routes messages against generated policies of 10, 1,000
//! and 10,000 topics in this process, on one core, as a runtime would, and
//! prints messages per second and the median time per message, beside a
//! baseline that checks every phrase of the policy for every message.
//!
//! With `guard`, it checks 100-word agent replies against generated
//! policies of 10 and 1,000 topics on one core, and prints replies per
//! second and the median time per reply beside a baseline that prepares
//! nothing between replies.
//!
//! With `guard-accuracy`, it checks every reply of the blind-labelled dev
//! set (tests/accuracy/replies.dev.jsonl; `--held` for the held-aside set)
//! against its rule file and prints the share of breaking and of fine
//! replies held back, by language, by file and in total. `--misses` (dev
//! only) also lists the replies it gets wrong, for tuning.
//!
//! Otherwise it
//! generates rule files of 1, 10 and 100 MB (or the sizes given), runs the
//! release `handoff` binary on them several times, and prints the median
//! throughput of `check`, `build` and `fmt --check`, the peak memory of each run, and, as a
//! baseline measured beside it on the same machine, serde_json parsing the
//! same content written as JSON. Figures, not pass/fail: the machine is
//! shared and noisy, so read medians and the ratio to the baseline.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator the `handoff` binary uses (see its `main.rs`), so the
/// figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

mod accuracy_cli;
mod accuracy_report;
mod guard;
mod guard_accuracy;
mod lsp;
mod lsp_stdio;
mod route;
mod serve;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "accuracy") {
        accuracy_cli::run(&args[1..]);
        return;
    }
    if args.first().is_some_and(|a| a == "route") {
        route::run();
        return;
    }
    if args.first().is_some_and(|a| a == "lsp") {
        lsp::run();
        return;
    }
    if args.first().is_some_and(|a| a == "guard-accuracy") {
        accuracy_report::run(&args[1..]);
        return;
    }
    if args.first().is_some_and(|a| a == "serve") {
        serve::run();
        return;
    }
    if args.first().is_some_and(|a| a == "guard") {
        guard::run();
        return;
    }
    // `--keep` leaves the generated files in target/bench for profiling.
    let keep = args.iter().any(|a| a == "--keep");
    let sizes: Vec<usize> = args
        .iter()
        .filter(|a| *a != "--keep")
        .map(|s| s.parse().expect("sizes are whole megabytes"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1, 10, 100]
    } else {
        sizes
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let binary = root.join("target/release/handoff");
    assert!(
        binary.exists(),
        "build the binary first: cargo build --release"
    );
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();

    println!(
        "{:>6} {:>11} {:>11} {:>11} {:>11} {:>9} {:>10} {:>15} {:>10}",
        "size",
        "check MB/s",
        "check peak",
        "build MB/s",
        "build peak",
        "fmt MB/s",
        "fmt peak",
        "serde_json MB/s",
        "check/json"
    );
    for mb in sizes {
        let path = dir.join(format!("bench-{mb}mb.handoff"));
        let bytes = generate(mb * 1_000_000);
        std::fs::write(&path, &bytes).unwrap();
        let size = bytes.len() as f64 / 1e6;

        let check = measure(&binary, &["check", "--format", "short"], &path, None);
        let out = dir.join(format!("out-{mb}"));
        // The build of the core issue: policy and prompt. (The tool, map and
        // log schema grow with the number of topics in other ways; a 10 MB
        // file has some 24,000 topics, far past any real business.)
        let build = measure(
            &binary,
            &["build", "--emit", "policy", "--emit", "prompt"],
            &path,
            Some(&out),
        );
        let fmt = measure(&binary, &["fmt", "--check"], &path, None);
        // serde_json's speed per byte does not depend on the size; 10 MB of
        // rules keep the baseline's own memory (the whole policy as a JSON
        // value) small.
        let json_rate = serde_json_baseline(&generate(bytes.len().min(10_000_000)));
        let check_rate = size / check.median.as_secs_f64();
        println!(
            "{:>4}MB {:>11.1} {:>9.0}MB {:>11.1} {:>9.0}MB {:>9.1} {:>8.0}MB {:>15.1} {:>10.2}",
            mb,
            check_rate,
            check.peak_mb,
            size / build.median.as_secs_f64(),
            build.peak_mb,
            size / fmt.median.as_secs_f64(),
            fmt.peak_mb,
            json_rate,
            check_rate / json_rate,
        );
        if !keep {
            let _ = std::fs::remove_file(&path);
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    println!(
        "\nmedian of {RUNS} runs each; peak = the largest resident set of any run; \
         check/json = check throughput over serde_json's on the same content as JSON"
    );
}

/// Realistic topics, each with unique names, until `target` bytes.
fn generate(target: usize) -> Vec<u8> {
    let mut out = String::with_capacity(target + 4096);
    out.push_str(
        "business \"Bench Bistro\"\nchannels whatsapp, instagram, webchat\nlanguage en, sv\n\
         tone friendly, brief\nnever promise price, discount, refund, \"delivery date\"\n\
         handoff when \"speak to a person\", complaint, lawyer\n\
         system reservations: write with approval\nsystem menu: read\n\n\
         log: save question, answer, topic, handed off; redact names, phone numbers, email\n\n",
    );
    let mut n = 0;
    while out.len() < target {
        out.push_str(&format!(
            "topic booking-{n} \"Table bookings {n}\":\n  \
             about table{n}, reservation{n}, \"book a table {n}\", tonight{n}\n  \
             risk binding\n  \
             may check free tables using reservations\n  \
             may request a reservation using reservations\n  \
             must not confirm a table by the window\n  \
             handoff when \"more than 8\", \"private room\", birthday party\n  \
             collect day (date), time (time), party size (number), name, phone (phone)\n\n\
             topic menu-{n}: about menu{n}, dish{n}, vegan{n}; risk internal; may describe dishes using menu; must not promise allergen-free\n\
             test \"table{n} for two tonight\" -> booking-{n}\n\
             test \"do you have vegan{n} pizza\" -> menu-{n}\n\n"
        ));
        n += 1;
    }
    out.into_bytes()
}

struct Measurement {
    median: Duration,
    peak_mb: f64,
}

fn measure(binary: &Path, args: &[&str], file: &Path, out_dir: Option<&PathBuf>) -> Measurement {
    let mut times = Vec::with_capacity(RUNS);
    let mut peak_kb = 0i64;
    for _ in 0..RUNS {
        let mut command = Command::new(binary);
        command.args(args).arg(file);
        if let Some(dir) = out_dir {
            command.arg("-o").arg(dir);
        }
        command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let start = Instant::now();
        // wait4 below reaps the child (and gives its own resource use).
        #[allow(clippy::zombie_processes)]
        let child = command.spawn().expect("handoff runs");
        let (status, rusage) = wait_with_rusage(child.id() as libc::pid_t);
        times.push(start.elapsed());
        assert!(status == 0 || status == 1, "handoff failed with {status}");
        peak_kb = peak_kb.max(rusage.ru_maxrss);
    }
    times.sort();
    Measurement {
        median: times[RUNS / 2],
        peak_mb: peak_kb as f64 / 1024.0,
    }
}

/// Waits for one child and returns its exit code and its own resource use
/// (not that of earlier children, as `getrusage(RUSAGE_CHILDREN)` would).
fn wait_with_rusage(pid: libc::pid_t) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our child.
    let mut rusage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut rusage) };
    assert_eq!(waited, pid, "wait4 failed");
    (libc::WEXITSTATUS(status), rusage)
}

/// serde_json parsing the same rules written as JSON (the compiled policy of
/// the same file), in MB/s.
fn serde_json_baseline(source: &[u8]) -> f64 {
    let analysis = handoff_analysis::Analysis::from_bytes(source.to_vec());
    let json = analysis.policy.to_json();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        times.push(start.elapsed());
        drop(value);
    }
    times.sort();
    json.len() as f64 / 1e6 / times[RUNS / 2].as_secs_f64()
}
