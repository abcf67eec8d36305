//! The documentation that is generated from the code stays in step with it.

use crate::common::root;
use handoff_analysis::Analysis;
use handoff_diagnostics::Lint;
use handoff_guard::Guard;
use handoff_guard::words::{LISTS, Matching};
use handoff_route::Router;

/// docs/checks.md: every check's page from the registry, in code order.
fn checks_page() -> String {
    let mut page = String::from(
        "# Checks\n\n\
         Generated from `crates/handoff-diagnostics/docs/` by `tests/docs.rs`: edit the\n\
         pages there, then run `HANDOFF_UPDATE_DOCS=1 cargo test --workspace --test docs`.\n\n\
         | code | name | severity | catches |\n| --- | --- | --- | --- |\n",
    );
    for lint in Lint::ALL {
        let severity = lint.default_severity().as_str();
        // The anchor GitHub gives the heading `NAME (CODE, SEVERITY)`.
        let anchor = format!("{}-{}-{severity}", lint.name(), lint.code().to_lowercase());
        page.push_str(&format!(
            "| {} | [`{}`](#{anchor}) | {severity} | {} |\n",
            lint.code(),
            lint.name(),
            lint.summary()
        ));
    }
    for lint in Lint::ALL {
        page.push('\n');
        // Demote each page's headings one level under this page's title.
        for line in lint.docs().markdown.lines() {
            if line.starts_with('#') {
                page.push('#');
            }
            page.push_str(line);
            page.push('\n');
        }
    }
    page
}

#[test]
fn checks_page_is_generated_from_the_registry() {
    let path = root().join("docs/checks.md");
    let expected = checks_page();
    if std::env::var_os("HANDOFF_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/checks.md is out of date: run HANDOFF_UPDATE_DOCS=1 cargo test --workspace --test docs"
    );
}

/// The word lists of docs/guard.md, from the guard's one module of them.
fn word_lists() -> String {
    let mut out = String::new();
    for list in LISTS {
        let matching = match list.matching {
            Matching::Begins => "begins",
            Matching::Equal => "equal",
        };
        let doc = list.doc.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("\n### `{}` ({matching})\n\n{doc}\n\n", list.name));
        let words: Vec<String> = list.words.iter().map(|w| format!("`{w}`")).collect();
        out.push_str(&words.join(", "));
        out.push('\n');
    }
    out
}

/// The guard's data files, section by section, language by language, from
/// the files themselves.
fn data_lists() -> String {
    use handoff_guard::lexicon::{SECTIONS, entries, languages};
    let mut out = String::new();
    for kind in SECTIONS {
        let matching = if kind.equal { "equal" } else { "begins" };
        out.push_str(&format!(
            "\n### `[{}]` ({matching})\n\n{}\n\n",
            kind.heading, kind.doc
        ));
        // Concept and action sections, one list per name.
        let mut names: Vec<Option<&str>> = Vec::new();
        for lang in languages() {
            for e in entries(lang).into_iter().filter(|e| e.role == kind.role) {
                let name = e.concepts.first().copied().filter(|_| {
                    kind.heading == "concept" || kind.heading == "action" || kind.heading == "names"
                });
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        for name in names {
            if let Some(name) = name {
                out.push_str(&format!("`{name}`:\n\n"));
            }
            for lang in languages() {
                let words: Vec<String> = entries(lang)
                    .into_iter()
                    .filter(|e| e.role == kind.role)
                    .filter(|e| name.is_none() || e.concepts.first().copied() == name)
                    .map(|e| format!("`{}`", e.text))
                    .collect();
                if !words.is_empty() {
                    out.push_str(&format!("- {}: {}\n", lang.tag(), words.join(", ")));
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Replaces what stands between two markers of a page with `generated`.
fn between(page: &str, start: &str, end: &str, generated: &str) -> String {
    let from = page.find(start).expect("the start marker") + start.len();
    let to = page.find(end).expect("the end marker");
    format!("{}{}\n{}", &page[..from], generated, &page[to..])
}

#[test]
fn guard_page_lists_exactly_the_guards_words() {
    let path = root().join("docs/guard.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let expected = between(
        &page,
        "<!-- word lists: generated -->\n",
        "<!-- end of word lists -->",
        &word_lists(),
    );
    let expected = between(
        &expected,
        "<!-- data files: generated -->\n",
        "<!-- end of data files -->",
        &data_lists(),
    );
    if std::env::var_os("HANDOFF_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(
        page == expected,
        "docs/guard.md's word lists are out of date: run HANDOFF_UPDATE_DOCS=1 cargo test -p handoff-cli --test e2e docs::"
    );
    // Every listed word is in the page once per list it is in.
    for list in LISTS {
        for word in list.words {
            assert!(page.contains(&format!("`{word}`")), "{word}");
        }
    }
}

/// Every rules example in the README and the docs (but the checks page,
/// whose examples show mistakes) checks clean, and its tests pass.
#[test]
fn examples_in_the_readme_and_docs_are_clean_and_their_tests_pass() {
    let mut pages = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("checks.md") {
            pages.push(path);
        }
    }
    let mut blocks = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        for block in text.split("```handoff\n").skip(1) {
            let source = &block[..block.find("```").unwrap()];
            let analysis = Analysis::new(source);
            assert!(
                analysis.diagnostics.is_empty(),
                "{}: {:#?}",
                page.display(),
                analysis.diagnostics
            );
            let router = Router::new(&analysis.policy);
            for test in &analysis.policy.tests {
                let decision = router.route(&test.message);
                assert!(
                    decision.meets(&test.expect),
                    "{}: test {:?} fails: {decision:?}",
                    page.display(),
                    test.message
                );
            }
            let guard = Guard::new(&analysis.policy);
            for test in &analysis.policy.reply_tests {
                let verdict = guard.check(&test.reply, test.topic.as_deref());
                let passes = verdict.meets(test);
                assert!(
                    passes,
                    "{}: reply test {:?} fails: {verdict:?}",
                    page.display(),
                    test.reply
                );
            }
            blocks += 1;
        }
    }
    assert!(blocks >= 1);
}
