//! `handoff inbox`: exports generated here (never real people's), in each
//! format and several locales, read through the real binary. Personal data
//! never reaches an output; a draft passes `check`; bad input is a clear
//! error with nothing written.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::common::handoff;

/// A chat between a customer and the salon, in one phone's header format.
fn whatsapp(header: &dyn Fn(usize) -> String, customer: &str, lines: &[&str]) -> String {
    let mut out = format!(
        "{} Messages and calls are end-to-end encrypted.\n",
        header(0).trim_end_matches(':')
    );
    for (i, line) in lines.iter().enumerate() {
        let who = if i % 3 == 2 { "Salon Lina" } else { customer };
        out.push_str(&format!("{} {who}: {line}\n", header(i + 1)));
    }
    out
}

fn android_24h(i: usize) -> String {
    format!("12/05/2026, 09:{i:02} -")
}

fn android_12h_us(i: usize) -> String {
    format!("5/12/26, 2:{i:02}\u{202f}PM -")
}

fn ios_swedish(i: usize) -> String {
    format!("\u{200e}[2026-05-12 14:{i:02}:11]")
}

fn german(i: usize) -> String {
    format!("12.05.26, 14:{i:02} -")
}

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = crate::common::root().join("target/test-inbox").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

fn salon_chats(dir: &Dir) -> Vec<String> {
    vec![
        dir.write(
            "anna.txt",
            &whatsapp(
                &android_24h,
                "Anna Berg",
                &[
                    "hej! hur dags stänger ni på lördag?",
                    "nån lucka på fredag?\nring mig på 070-123 45 67",
                    "Hej Anna, fredag 14 går bra",
                    "<Media omitted>",
                    "gör ni slingor? vad kostar slingor",
                ],
            ),
        ),
        dir.write(
            "kim.txt",
            &whatsapp(
                &ios_swedish,
                "Kim Svensson",
                &[
                    "do you do balayage? how much is balayage",
                    "and highlights? mail me at kim.s@example.com",
                    "Hi Kim!",
                    "\u{200e}image omitted",
                    "balayage on fridays?",
                ],
            ),
        ),
        dir.write(
            "jo.txt",
            &whatsapp(
                &android_12h_us,
                "Jo Lee",
                &[
                    "any slots friday?",
                    "where do i park",
                    "Yes, friday works",
                    "balayage price?",
                ],
            ),
        ),
    ]
}

/// `handoff inbox` with the three salon chats and then `more`.
fn inbox_of<'a>(chats: &'a [String], more: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&str> = vec!["inbox"];
    args.extend(chats.iter().map(String::as_str));
    args.extend(more);
    args
}

#[test]
fn with_rules_it_shows_what_the_rules_catch_and_what_would_catch_the_rest() {
    let dir = Dir::new("coverage");
    let chats = salon_chats(&dir);
    let tests = dir.path("tests.handoff");
    let args = inbox_of(
        &chats,
        &[
            "--rules",
            "examples/salon.handoff",
            "--suggest",
            "--tests",
            &tests,
        ],
    );
    let run = handoff(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("your side is \"Salon Lina\", who writes in 3 of 3 chats"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("9 customer messages\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("answered, by topic:"), "{}", run.stdout);
    // What no topic catches, grouped, with its likely topic and a diff that
    // adds the words and is proved to catch them.
    assert!(
        run.stdout.contains("messages share `balayage`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("+  about balayage"), "{}", run.stdout);
    let catches = run
        .stdout
        .lines()
        .find(|l| l.contains("about balayage catches"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(!catches.contains("catches 0 of"), "{catches}");
    let written = std::fs::read_to_string(&tests).unwrap();
    assert!(
        written.contains("test \"any slots friday?\" -> booking\n"),
        "{written}"
    );
    assert!(
        written.contains("[phone]") && written.contains("[email]"),
        "{written}"
    );
    // The business's own messages are left out.
    for text in [&run.stdout, &written] {
        assert!(
            !text.contains("fredag 14 går bra") && !text.contains("Yes, friday works"),
            "{text}"
        );
    }
}

#[test]
fn without_rules_it_drafts_a_file_that_check_accepts() {
    let dir = Dir::new("draft");
    let chats = salon_chats(&dir);
    let draft = dir.path("draft.handoff");
    let args = inbox_of(&chats, &["--draft", &draft]);
    let run = handoff(&args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("business \"Salon Lina\"\n"), "{text}");
    assert!(text.contains("topic balayage:\n  about balayage"), "{text}");
    assert!(text.contains("\ntest \""), "{text}");
    let check = handoff(&["check", &draft]);
    assert_eq!(check.code, 0, "{text}\n{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("No problems found"),
        "{}",
        check.stdout
    );
    // The same exports give the same draft, byte for byte.
    let again = handoff(&args);
    assert_eq!(again.code, 0);
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), text);
}

#[test]
fn meta_json_is_decoded_and_csv_and_plain_text_are_read() {
    let dir = Dir::new("formats");
    // Meta writes each UTF-8 byte as a character: "stänger" as "st\u00c3\u00a4nger".
    let meta = dir.write(
        "message_1.json",
        r#"{"participants":[{"name":"Salon Lina"},{"name":"Mira Holm"}],
            "messages":[
              {"sender_name":"Salon Lina","timestamp_ms":3,"content":"Vi st\u00c3\u00a4nger 19"},
              {"sender_name":"Mira Holm","timestamp_ms":2,"photos":[{"uri":"a.jpg"}]},
              {"sender_name":"Mira Holm","timestamp_ms":1,"content":"N\u00c3\u00a4r st\u00c3\u00a4nger ni idag?"}],
            "title":"Mira Holm","thread_path":"inbox/mira_1"}"#,
    );
    let csv = dir.write(
        "form.csv",
        "when,name,question\n2026-05-12,Olle Ek,\"can I book for 4, friday?\"\n2026-05-13,Olle Ek,where do you park\n",
    );
    let plain = dir.write(
        "notes.txt",
        "do you have time tomorrow\n\nhow much is a cut\n",
    );
    let tests = dir.path("tests.handoff");
    let run = handoff(&[
        "inbox",
        &meta,
        &csv,
        &plain,
        "--me",
        "Salon Lina",
        "--rules",
        "examples/salon.handoff",
        "--tests",
        &tests,
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("5 customer messages\n"),
        "{}",
        run.stdout
    );
    let written = std::fs::read_to_string(&tests).unwrap();
    assert!(
        written.contains("test \"När stänger ni idag?\""),
        "{written}"
    );
    assert!(
        written.contains("test \"can I book for 4, friday?\" -> booking"),
        "{written}"
    );
    assert!(
        !written.contains("Vi stänger 19"),
        "the business's side: {written}"
    );
}

#[test]
fn another_locale_reads_the_same() {
    let dir = Dir::new("locale");
    let chat = dir.write(
        "de.txt",
        &whatsapp(
            &german,
            "Jonas Weber",
            &["wann habt ihr heute offen?", "und parken?", "Ab 9 Uhr"],
        ),
    );
    let run = handoff(&[
        "inbox",
        &chat,
        "--me",
        "salon lina",
        "--rules",
        "examples/salon.handoff",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("2 customer messages\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_input_is_a_clear_error_and_nothing_is_written() {
    let dir = Dir::new("bad");
    let tests = dir.path("tests.handoff");
    // Each error names the file, and its line where it has one.
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.txt", b"  \n", "empty.txt: this file is empty"),
        (
            "rows.json",
            br#"{"rows": []}"#,
            "rows.json: this JSON is not a Meta chat export",
        ),
        (
            "cut.json",
            br#"{"messages": [{"sender_name": "A", "#,
            "cut.json:1: this JSON cannot be read",
        ),
        (
            "latin1.txt",
            b"hej\np\xe5 dig\n",
            "latin1.txt:2: this file is not UTF-8 text",
        ),
        (
            "table.csv",
            b"a,b\n1,2\n",
            "table.csv:1: cannot tell which column holds the messages",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        let path = path.to_string_lossy().into_owned();
        let run = handoff(&[
            "inbox",
            &path,
            "--rules",
            "examples/salon.handoff",
            "--tests",
            &tests,
        ]);
        assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr
                .contains(&format!("{path}{}", &expected[name.len()..])),
            "{name}: expected {expected:?} in {}",
            run.stderr
        );
        assert!(!Path::new(&tests).exists(), "{name}: nothing is written");
    }
    // Lines before a chat's first message: skipped, with a warning.
    let cut = dir.write(
        "cut.txt",
        "rest of a message\n12/05/2026, 09:01 - Kim: any slots friday?\n\
         12/05/2026, 09:02 - Salon Lina: yes\n",
    );
    let run = handoff(&[
        "inbox",
        &cut,
        "--me",
        "Salon Lina",
        "--rules",
        "examples/salon.handoff",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: {cut}:1: 1 line(s) before the first message"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("1 customer messages\n"),
        "{}",
        run.stdout
    );
    // One chat with two people: whose side is the business's is asked.
    let chat = dir.write(
        "two.txt",
        "12/05/2026, 09:01 - A B: hi\n12/05/2026, 09:02 - C D: hello\n",
    );
    let run = handoff(&["inbox", &chat]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--me NAME") && run.stderr.contains("A B, C D"),
        "{}",
        run.stderr
    );
}

fn name() -> impl Strategy<Value = String> {
    ("[A-Z][a-zåäö]{2,7}", "[A-Z][a-zåäö]{2,9}").prop_map(|(a, b)| format!("{a} {b}"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the format, no phone number, e-mail address or sender's
    /// name from the input is in any output.
    #[test]
    fn personal_data_never_reaches_an_output(
        customer in name(),
        phone in "07[0-9]-[0-9]{3} [0-9]{2} [0-9]{2}",
        user in "[a-z]{3,8}",
        format in 0..3usize,
    ) {
        // A name that is also a word of the rules or of the messages would
        // be found in the output for that reason alone.
        let fixed = std::fs::read_to_string(crate::common::root().join("examples/salon.handoff"))
            .unwrap()
            + " hej det är ring mejla om bokningen tack här igen nån tid på fredag";
        let fixed_words = handoff_text::normalize(&fixed);
        let fixed_words: Vec<&str> = handoff_text::words(&fixed_words);
        for part in customer.split(' ') {
            prop_assume!(!fixed_words.contains(&handoff_text::normalize(part).as_str()));
        }
        let dir = Dir::new("redaction");
        let first = customer.split(' ').next().unwrap().to_string();
        let email = format!("{user}@example.se");
        let lines = [
            format!("hej, det är {first}, ring {phone}"),
            format!("mejla {email} om bokningen"),
            "Tack!".to_string(),
            format!("{} här igen, nån tid på fredag?", customer.to_lowercase()),
        ];
        let export = match format {
            0 => dir.write("chat.txt", &whatsapp(&android_24h, &customer, &lines.iter().map(String::as_str).collect::<Vec<_>>())),
            1 => {
                let messages: Vec<String> = lines.iter().rev().map(|l| {
                    format!(r#"{{"sender_name":{},"timestamp_ms":1,"content":{}}}"#,
                        serde_json::to_string(&customer).unwrap(), serde_json::to_string(l).unwrap())
                }).collect();
                dir.write("message_1.json", &format!(
                    r#"{{"participants":[{{"name":{}}},{{"name":"Salon Lina"}}],"messages":[{}]}}"#,
                    serde_json::to_string(&customer).unwrap(), messages.join(",")))
            }
            _ => {
                let rows: Vec<String> = lines.iter().map(|l| format!("{},\"{}\"", customer, l.replace('"', "\"\""))).collect();
                dir.write("form.csv", &format!("name,message\n{}\n", rows.join("\n")))
            }
        };
        let tests = dir.path("tests.handoff");
        let draft = dir.path("draft.handoff");
        let with_rules = handoff(&["inbox", &export, "--me", "Salon Lina", "--rules", "examples/salon.handoff", "--suggest", "--tests", &tests]);
        prop_assert_eq!(with_rules.code, 0, "{}", with_rules.stderr);
        let drafted = handoff(&["inbox", &export, "--me", "Salon Lina", "--draft", &draft]);
        prop_assert_eq!(drafted.code, 0, "{}", drafted.stderr);
        let outputs = [
            with_rules.stdout, with_rules.stderr, drafted.stdout, drafted.stderr,
            std::fs::read_to_string(&tests).unwrap(), std::fs::read_to_string(&draft).unwrap(),
        ];
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        for output in &outputs {
            let lower = output.to_lowercase();
            let normalized = handoff_text::normalize(output);
            let words = handoff_text::words(&normalized);
            for part in customer.split(' ') {
                let part = handoff_text::normalize(part);
                prop_assert!(!words.contains(&part.as_str()), "{part} in {output}");
            }
            prop_assert!(!lower.contains(&email), "{email} in {output}");
            let output_digits: String = output.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(!output_digits.contains(&digits), "{phone} in {output}");
        }
    }
}
