//! Files under faults: `handoff fmt` and `handoff build -o` killed at any
//! moment leave every file wholly old or wholly new; a read-only file, a
//! full disk and a directory where a file should be each stop the command
//! with a clear error (exit 2) and leave what was there as it was.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{handoff, skipped};

/// Rules big enough that a run takes a while to kill: the bench's kind of
/// topics, written with untidy spacing so `fmt` has work to do.
fn big_rules(topics: usize) -> String {
    let mut out = String::from("business   \"Faults Bistro\"\nsystem   menu:  read\n");
    for n in 0..topics {
        out += &format!(
            "topic   menu-{n}:   about menu{n},dish{n} ;  risk internal;  may describe dishes using menu;  \
             must not promise allergen-free ; handoff when  allergy{n}; collect name\n\
             test   \"do you have dish{n}\"  ->   menu-{n}\n"
        );
    }
    out
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Starts `handoff ARGS`, kills it (SIGKILL) after `delay` unless it has
/// finished, and waits for it.
fn run_and_kill(args: &[&str], delay: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap();
}

fn timed(args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_handoff"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}");
    start.elapsed()
}

#[test]
fn killed_at_any_moment_every_file_is_wholly_old_or_wholly_new() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.handoff");
    let out = dir.path().join("out");
    let (rules_s, out_s) = (
        rules.to_string_lossy().into_owned(),
        out.to_string_lossy().into_owned(),
    );
    let old_rules = big_rules(400);
    let new_rules = handoff_fmt::format(&old_rules).unwrap();
    assert_ne!(old_rules, new_rules);

    // The outputs of an older version of the rules, then of this one.
    std::fs::write(&rules, big_rules(300)).unwrap();
    let build = ["build", rules_s.as_str(), "-o", out_s.as_str()];
    timed(&build);
    let old_outputs = outputs(&out);
    std::fs::write(&rules, &old_rules).unwrap();
    let build_time = timed(&build);
    let new_outputs = outputs(&out);
    assert_eq!(old_outputs.len(), 6);
    std::fs::write(&rules, &old_rules).unwrap();
    let fmt_time = timed(&["fmt", rules_s.as_str()]);
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), new_rules);

    let mut rng = Rng(0x00FA_0175);
    let started = Instant::now();
    let (mut fmt_runs, mut build_runs) = (0, 0);
    while fmt_runs + build_runs < 200 && started.elapsed() < Duration::from_secs(60) {
        // fmt: the rules file is the old text or the formatted text.
        std::fs::write(&rules, &old_rules).unwrap();
        let delay = Duration::from_micros(rng.below(fmt_time.as_micros() as u64 * 6 / 5));
        run_and_kill(&["fmt", &rules_s], delay);
        let now = std::fs::read_to_string(&rules).unwrap();
        assert!(
            now == old_rules || now == new_rules,
            "fmt killed after {delay:?}: {} bytes",
            now.len()
        );
        fmt_runs += 1;

        // build: each output is the older build's or this one's.
        std::fs::write(&rules, &old_rules).unwrap();
        for (name, text) in &old_outputs {
            std::fs::write(out.join(name), text).unwrap();
        }
        let delay = Duration::from_micros(rng.below(build_time.as_micros() as u64 * 6 / 5));
        run_and_kill(&build, delay);
        for (name, text) in outputs(&out) {
            assert!(
                old_outputs.iter().any(|(n, t)| *n == name && *t == text)
                    || new_outputs.iter().any(|(n, t)| *n == name && *t == text),
                "build killed after {delay:?}: {name} is neither old nor new ({} bytes)",
                text.len()
            );
        }
        assert_eq!(outputs(&out).len(), 6, "no output went missing");
        build_runs += 1;
    }
    assert!(
        fmt_runs + build_runs >= 100,
        "only {fmt_runs} + {build_runs} runs in time"
    );
}

/// The outputs in a directory, by name; a killed run's temporary files
/// (`.handoff-*.tmp`, never a name a reader looks for) are left aside.
fn outputs(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !(name.starts_with(".handoff-") && name.ends_with(".tmp"))
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

const UNTIDY: &str = "business  \"A\"\ntopic   menu: about menu\ntest \"menu\" -> menu\n";

#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.handoff");
    std::fs::write(&rules, UNTIDY).unwrap();
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = handoff(&["fmt", &rules.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the file is read-only"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), UNTIDY);

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let policy = out.join("rules.policy.json");
    std::fs::write(&policy, "old").unwrap();
    std::fs::set_permissions(&policy, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = handoff(&[
        "build",
        &rules.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("rules.policy.json"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&policy).unwrap(), "old");
}

#[test]
fn a_directory_in_place_of_an_output_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.handoff");
    std::fs::write(&rules, UNTIDY).unwrap();
    let out = dir.path().join("out");
    let in_the_way = out.join("rules.policy.json");
    std::fs::create_dir_all(in_the_way.join("keep")).unwrap();
    let run = handoff(&[
        "build",
        &rules.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(run.stderr.contains("rules.policy.json"), "{}", run.stderr);
    assert!(in_the_way.join("keep").is_dir());
    // An output directory that is a file.
    let run = handoff(&[
        "build",
        &rules.to_string_lossy(),
        "-o",
        &rules.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot create"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), UNTIDY);
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(bytes: usize) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_full_disk_is_an_error_and_the_old_files_stay() {
    let source = big_rules(200);
    let Some(disk) = Tmpfs::mount(64 * 1024) else {
        // No mount here (not root, or no permission in this container): a
        // full disk, simulated with /dev/full, for the output that goes to
        // stdout.
        skipped("cannot mount a tmpfs; simulating a full disk with /dev/full");
        let full = std::fs::File::create("/dev/full").unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_handoff"))
            .args(["fmt", "-"])
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(source.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert_eq!(status.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&status.stderr).contains("cannot write to stdout"));
        return;
    };
    let root = disk.0.path();
    let rules = root.join("rules.handoff");
    std::fs::write(&rules, &source).unwrap();
    // Fill the rest of the disk.
    let mut filler = 0;
    while std::fs::write(root.join(format!("filler{filler}")), vec![b'x'; 4096]).is_ok() {
        filler += 1;
    }
    let run = handoff(&["fmt", &rules.to_string_lossy()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), source);

    let out = root.join("out");
    let run = handoff(&[
        "build",
        &rules.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), source);
    // Nothing half-written is left behind.
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "{name} left behind");
    }
}
