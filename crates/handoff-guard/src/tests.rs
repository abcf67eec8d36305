//! The definition's own table, row by row, and the rules around it.

use super::*;

/// The policy of LANGUAGE.md's table: `never promise price, discount,
/// refund, delivery date` and a topic with `must not confirm`.
const RULES: &str = "business \"Salon\"\n\
    never promise price, discount, refund, delivery date\n\
    topic booking: about book; must not confirm\n";

fn policy(rules: &str) -> Policy {
    let analysis = handoff_analysis::Analysis::new(rules);
    analysis.policy
}

/// The phrases a reply breaks, as `RULE PHRASE` strings.
fn broken(rules: &str, reply: &str, topic: Option<&str>) -> Vec<String> {
    let policy = policy(rules);
    let verdict = Guard::new(&policy).check(reply, topic);
    assert_eq!(verdict.ok, verdict.broken.is_empty());
    verdict
        .broken
        .iter()
        .map(|b| format!("{} {}", b.rule.as_str(), b.phrase))
        .collect()
}

fn table(reply: &str) -> Vec<String> {
    broken(RULES, reply, Some("booking"))
}

#[test]
fn table_a_haircut_costs_450_kr_is_information() {
    assert!(table("A haircut costs 450 kr.").is_empty());
}

#[test]
fn table_prices_will_change_commits_to_no_value() {
    assert!(table("Our prices will change in January.").is_empty());
}

#[test]
fn table_give_you_20_percent_off_breaks_discount() {
    assert_eq!(table("I can give you 20% off."), ["never promise discount"]);
}

#[test]
fn table_the_price_will_be_450_kr_breaks_price() {
    assert_eq!(table("The price will be 450 kr."), ["never promise price"]);
}

#[test]
fn table_you_will_get_a_refund_breaks_refund() {
    assert_eq!(table("You will get a refund."), ["never promise refund"]);
}

#[test]
fn table_it_will_arrive_on_friday_breaks_delivery_date() {
    assert_eq!(
        table("It will arrive on Friday."),
        ["never promise delivery date"]
    );
}

#[test]
fn table_negated_then_handed_over_is_fine() {
    assert!(table("I can't promise a discount, but a colleague will check.").is_empty());
}

#[test]
fn table_booking_confirmed_breaks_must_not_confirm() {
    assert_eq!(
        table("Your booking is confirmed for Friday!"),
        ["must not confirm"]
    );
    assert!(
        broken(RULES, "Your booking is confirmed for Friday!", None).is_empty(),
        "without the topic only never promise is checked"
    );
}

#[test]
fn the_answer_names_the_phrase_its_line_and_the_piece_in_characters() {
    let policy = policy(RULES);
    let reply = "Hej då! Åh, I can give you 20% off.";
    let verdict = Guard::new(&policy).check(reply, None);
    let b = &verdict.broken[0];
    assert_eq!(b.rule, RuleKind::NeverPromise);
    assert_eq!(
        (b.phrase.as_str(), b.line, b.topic.as_deref()),
        ("discount", 2, None)
    );
    assert_eq!(b.piece, "I can give you 20% off");
    let chars: Vec<char> = reply.chars().collect();
    assert_eq!(chars[b.start..b.end].iter().collect::<String>(), b.piece);
    assert_eq!(
        b.why,
        "the percentage 20% goes to this phrase, and \"give\" commits to it"
    );
    let json = serde_json::to_value(&verdict).unwrap();
    assert_eq!(json["broken"][0]["rule"], "never promise");
    assert_eq!(json["ok"], false);
}

#[test]
fn a_value_goes_to_the_matching_phrases_of_its_kind_else_the_first() {
    let rules = "never promise refund, price, custom order price, fee\n";
    // `custom order price` and `price` both match: the value goes to both.
    assert_eq!(
        broken(rules, "The custom order price will be 900 kr", None),
        ["never promise price", "never promise custom order price"]
    );
    // `fee` matches: the value goes to it, not to the first money phrase.
    assert_eq!(
        broken(rules, "The fee will be 50 kr", None),
        ["never promise fee"]
    );
    // No money phrase matches: the first money phrase in the file.
    assert_eq!(
        broken(rules, "That will be 50 kr", None),
        ["never promise price"]
    );
    // No phrase of the kind at all: the value goes nowhere.
    assert!(broken("never promise refund\n", "That will be 50 kr", None).is_empty());
}

#[test]
fn weak_commitment_needs_a_value_only_for_money_and_dates() {
    let rules = "never promise price, delivery date, refund, discount\n";
    assert!(broken(rules, "I'll send you our price list", None).is_empty());
    assert_eq!(
        broken(rules, "You’ll pay 450 kr for it", None),
        ["never promise price"]
    );
    assert!(broken(rules, "The delivery date will be in the email", None).is_empty());
    assert_eq!(
        broken(rules, "You will get a discount", None),
        ["never promise discount"]
    );
    // A date counts only with a delivery word.
    assert!(broken(rules, "We will see you on Friday", None).is_empty());
    assert_eq!(
        broken(rules, "We'll ship it within 3 days", None),
        ["never promise delivery date"]
    );
    // Strongly committed, a money phrase needs no value.
    assert_eq!(
        broken(rules, "We guarantee the lowest price", None),
        ["never promise price"]
    );
}

#[test]
fn negation_and_hand_over_hold_for_the_piece_only() {
    let rules = "never promise refund\n";
    for fine in [
        "You will not get a refund",
        "You won’t get a refund",
        "No refund will be given",
        "A colleague will contact you about the refund",
        "Our team will review your refund request",
    ] {
        assert!(broken(rules, fine, None).is_empty(), "{fine}");
    }
    assert_eq!(
        broken(rules, "I can't say. But you will get a refund", None),
        ["never promise refund"]
    );
    assert_eq!(
        broken(rules, "Our team is great, you will get a refund", None),
        ["never promise refund"],
        "a person word alone does not hand over"
    );
}

#[test]
fn numbers_stay_whole_and_pieces_are_cut_where_the_definition_says() {
    let rules = "never promise price\n";
    assert_eq!(
        broken(rules, "The price will be 12.50 €", None),
        ["never promise price"]
    );
    assert_eq!(
        broken(rules, "The price will be 1,000 kr", None),
        ["never promise price"]
    );
    // A comma and a space end the piece: the value is in the next one.
    assert!(broken(rules, "The price will be, roughly, 1000 kr", None).is_empty());
    assert!(broken(rules, "The price will change. It is 450 kr", None).is_empty());
}

#[test]
fn swedish_replies() {
    let rules = "never promise pris, rabatt, återbetalning, leveransdatum\n\
        topic bokning: about boka; must not bekräfta\n";
    assert_eq!(
        broken(rules, "Vi ger dig 20 procent rabatt!", None),
        ["never promise rabatt"]
    );
    assert_eq!(
        broken(rules, "Priset blir 450:-", None),
        ["never promise pris"]
    );
    assert_eq!(
        broken(rules, "Paketet kommer att vara framme på fredag", None),
        ["never promise leveransdatum"]
    );
    assert!(broken(rules, "Vi kan inte lova någon återbetalning", None).is_empty());
    assert_eq!(
        broken(
            rules,
            "Du får återbetalning, men en kollega kollar först",
            None
        ),
        ["never promise återbetalning"]
    );
    assert_eq!(
        broken(rules, "Din tid är bekräftad!", Some("bokning")),
        ["must not bekräfta"]
    );
    assert!(
        broken(
            rules,
            "En kollega kommer att bekräfta tiden",
            Some("bokning")
        )
        .is_empty()
    );
}

#[test]
fn an_unknown_topic_skips_must_not_and_names_compare_normalised() {
    let policy = policy(RULES);
    let guard = Guard::new(&policy);
    assert!(guard.check("Your booking is confirmed", Some("nowhere")).ok);
    assert!(!guard.knows_topic("nowhere"));
    assert!(guard.knows_topic("BOOKING"));
    assert!(!guard.check("Your booking is confirmed", Some("Booking")).ok);
}

#[test]
fn odd_replies_never_panic() {
    let policy = policy(RULES);
    let guard = Guard::new(&policy);
    for reply in [
        "",
        " ",
        "!!!",
        "…",
        "'",
        "’ll",
        "n't",
        "$",
        "%",
        "2026-",
        "24/",
        "in 3",
        ":-",
        "ﬁ€5",
        "\u{301}",
        "e\u{301}",
        "\r\n\r\n",
        "12.",
        "1,",
        "$ 5 off off",
    ] {
        let verdict = guard.check(reply, Some("booking"));
        assert_eq!(verdict.ok, verdict.broken.is_empty(), "{reply:?}");
    }
}

#[test]
fn the_shortcuts_agree_with_the_definitions_on_every_listed_word() {
    // Each listed word as written, with endings, cut short, in capitals and
    // beside another language's letters: the index and the prefilter must
    // give what the definitions give for all of them.
    let mut texts = Vec::new();
    for list in words::LISTS {
        for word in list.words {
            let cut: String = word.chars().take(3).collect();
            texts.extend([
                word.to_string(),
                format!("{word}ed {word}s {word}en"),
                cut,
                word.to_uppercase(),
                format!("Å{word} {word}ß ﬁ{word}"),
            ]);
        }
    }
    texts.extend(["e\u{301}tre", "İstanbul", "ǅemal", "Ⅻ", "…'ll n't"].map(String::from));
    for text in &texts {
        assert_eq!(shortcuts_agree(text, text), Ok(()), "{text:?}");
        assert_eq!(
            shortcuts_agree(text, "confirmed refunds pris"),
            Ok(()),
            "{text:?}"
        );
    }
}

#[test]
fn the_shortcuts_agree_on_every_data_entry() {
    // Each entry of every data file, as written and with an ending, finds
    // the same entries through the index as by its definition.
    for lang in lexicon::languages() {
        for entry in lexicon::entries(lang) {
            let text = entry.text.replace("...", "x y");
            for text in [text.clone(), format!("{text}en och {text}")] {
                assert_eq!(
                    shortcuts_agree(&text, "ok"),
                    Ok(()),
                    "{}: {text:?}",
                    lang.tag()
                );
            }
        }
    }
}

#[test]
fn every_data_file_parses_and_its_entries_are_normal() {
    for lang in lexicon::languages() {
        let entries = lexicon::entries(lang);
        assert!(!entries.is_empty(), "{}", lang.tag());
        for entry in entries {
            for word in entry.words.iter().flatten() {
                assert!(!word.is_empty(), "{}: {}", lang.tag(), entry.text);
            }
        }
    }
}

#[test]
fn negation_words_have_one_home() {
    // The guard's data may not list negations of its own: they are the
    // language's, read from handoff-text, where routing reads them too.
    let error = lexicon::parse(Lang::En, "[negation]\nnot\n").unwrap_err();
    assert!(error.contains("handoff-text"), "{error}");
    let from_the_language: Vec<&str> = Lang::Sv.negation_words().collect();
    let in_the_guard: Vec<&str> = lexicon::entries(Lang::Sv)
        .into_iter()
        .filter(|e| e.role == lexicon::Role::Negation)
        .map(|e| e.text)
        .collect();
    assert!(!from_the_language.is_empty());
    assert_eq!(in_the_guard, from_the_language);
}

/// The replies, each under the rule of its file that it breaks.
#[test]
fn commitments_in_every_declared_language() {
    let cases = [
        (
            "language sv\ntopic booking: about boka; must not bekräfta\n",
            "Perfekt, då är du inbokad på fredag kl. 15 hos Lina. Välkommen!",
            Some("booking"),
            "must not bekräfta",
        ),
        (
            "never promise discount\n",
            "Here you go: use LUMO15 at checkout for 15% off",
            None,
            "never promise discount",
        ),
        (
            "never promise price, discount\n",
            "I can do both kids' cuts for 400 kr instead of 500.",
            None,
            "never promise price",
        ),
        (
            "topic cancel: about cancel; must not waive fee\n",
            "Don't worry about the late-cancellation fee, I'll take it off.",
            Some("cancel"),
            "must not waive fee",
        ),
        (
            "never promise compensation\n",
            "To make up for it, your next dinner's on us!",
            None,
            "never promise compensation",
        ),
        (
            "topic takeaway: about order; must not confirm delivery time\n",
            "Your order will be with you by 8:15 at the latest",
            Some("takeaway"),
            "must not confirm delivery time",
        ),
        (
            "language fi\nnever promise toimituspäivä\n",
            "Paketti on perillä torstaina, lupaan sen!",
            None,
            "never promise toimituspäivä",
        ),
        (
            "language sv\nnever promise en plats på en full kurs\n",
            "Kursen är fullbokad, men jag ser till att du får en plats ändå",
            None,
            "never promise en plats på en full kurs",
        ),
        (
            "topic complaint: about unhappy; must not argue\n",
            "With respect, the colour turned out exactly like the photo you showed us.",
            Some("complaint"),
            "must not argue",
        ),
        (
            "language de\nnever promise Termin\n",
            "Keine Sorge, wir kommen bis Donnerstag um 10 Uhr vorbei, versprochen!",
            None,
            "never promise Termin",
        ),
        (
            "language it\nnever promise delivery time\n",
            "Te la consegniamo entro venerdì alle 18.",
            None,
            "never promise delivery time",
        ),
        (
            "never promise repair date\n",
            "Good news, your bike will be fixed by tomorrow.",
            None,
            "never promise repair date",
        ),
        (
            "never promise restock date\n",
            "They'll be back in stock on 12 March.",
            None,
            "never promise restock date",
        ),
    ];
    for (rules, reply, topic, rule) in cases {
        let got = broken(&format!("business \"B\"\n{rules}"), reply, topic);
        assert!(got.iter().any(|b| b == rule), "{reply:?}: {got:?}");
    }
}

#[test]
fn plain_information_refusals_and_hand_overs_may_be_sent() {
    let rules = "business \"B\"\nlanguage sv, en, it\nnever promise price, discount, refund\n\
        topic booking: about book; must not confirm\n\
        topic allergies: about allergy; must not escludere contaminazioni\n";
    for (reply, topic) in [
        ("A women's cut starts from 550 kr, see our price list", None),
        ("Frisören bekräftar bokningen via sms", Some("booking")),
        ("Our stylist will confirm the time", Some("booking")),
        (
            "Mi dispiace, non possiamo escludere contaminazioni in cucina. Lo chef la ricontatterà",
            Some("allergies"),
        ),
        ("We have free slots on Wednesday at 10:15", Some("booking")),
    ] {
        assert!(broken(rules, reply, topic).is_empty(), "{reply:?}");
    }
}

#[test]
fn why_shows_the_words_that_decided() {
    let policy =
        policy("business \"B\"\nlanguage sv\ntopic booking: about boka; must not confirm\n");
    let verdict = Guard::new(&policy).check("Toppen, du är inbokad!", Some("booking"));
    assert_eq!(
        verdict.broken[0].why,
        "the reply says \"du är inbokad\" (a done booking, a way to confirm), and nothing in it \
         negates that or hands it to a person"
    );
}

#[test]
fn a_files_own_staff_words_hand_over() {
    let policy = policy("business \"B\"\ntopic booking: about book; must not confirm\n");
    let reply = "Lina will confirm your time";
    // `Lina` is no role word: `confirm` breaks the rule.
    assert!(!Guard::new(&policy).check(reply, Some("booking")).ok);
    let guard = Guard::with_staff(&policy, ["Lina"]);
    assert!(guard.check(reply, Some("booking")).ok);
}

#[test]
fn a_reply_is_read_in_the_declared_language_it_is_written_in() {
    // `en` is Swedish `a` and Finnish `I do not`: in a Swedish reply it
    // negates nothing.
    let rules = "business \"B\"\nlanguage fi, sv\nnever promise rabatt\n";
    assert_eq!(
        broken(rules, "Du får en rabatt på 10 % och det är klart", None),
        ["never promise rabatt"]
    );
    assert!(
        broken(
            rules,
            "En voi luvata alennusta, 10 % ei ole mahdollista",
            None
        )
        .is_empty()
    );
}

#[test]
fn the_guard_understands_must_not_phrases_beyond_their_words() {
    let meanings = Meanings::new(["sv"]);
    let understood = |p: &str| meanings.understands(p).map(|u| (u.action, u.about));
    assert_eq!(understood("confirm"), Some(("confirm", vec![])));
    assert_eq!(understood("waive fee"), Some(("waive", vec!["fee"])));
    assert_eq!(understood("bekräfta"), Some(("confirm", vec![])));
    assert_eq!(
        understood("promise a refund"),
        Some(("commit", vec!["refund"]))
    );
    assert_eq!(understood("refund"), Some(("commit", vec!["refund"])));
    assert_eq!(understood("judge"), None);
    assert_eq!(understood("promise the moon"), None);
    assert!(has_words_for("pt-BR") && has_words_for("fi") && !has_words_for("pl"));
}

/// Found by the `guard` fuzz target: a file that declares only languages
/// the guard has no words for had no reader, and checking a reply panicked.
#[test]
fn a_file_in_languages_without_words_is_read_in_english() {
    let rules = "business \"Cafe\"\nlanguage pl, xx\nnever promise price\n";
    let policy = policy(rules);
    let guard = Guard::new(&policy);
    assert_eq!(guard.languages(), vec![Lang::En]);
    assert_eq!(
        broken(rules, "The price will be 450 kr.", None),
        vec!["never promise price"]
    );
    assert!(guard.check(rules, None).broken.is_empty());
}

/// A bakery whose owner says what each topic may do: prices on one topic
/// only, a cake order that hands off for big parties, allergies always.
const BAKERY: &str = "business \"Forno\"\n\
    language it, en\n\
    never promise price, discount, refund\n\
    topic orders: about cake; may explain how to order a cake; handoff when more than 30\n\
    topic prices: about price; may answer prices from the price list\n\
    topic allergies: about allergy; may explain the labels; handoff always\n\
    topic booking: about book; must not confirm\n";

#[test]
fn a_price_on_a_topic_that_may_not_give_prices_breaks_price() {
    let on = |reply: &str, topic: &str| broken(BAKERY, reply, Some(topic));
    assert_eq!(
        on("Per 12 porzioni viene sui 38-40 €.", "orders"),
        ["never promise price"]
    );
    // Where the topic may give prices, with no topic, or with no `may`
    // clause (the definition's table), a price is information.
    assert!(on("Per 12 porzioni viene sui 38-40 €.", "prices").is_empty());
    assert!(broken(BAKERY, "Per 12 porzioni viene sui 38-40 €.", None).is_empty());
    assert!(on("A haircut costs 450 kr.", "booking").is_empty());
    // A price that says where it is published is information anywhere.
    assert!(on("On our price list a cake for 12 is 38 €.", "orders").is_empty());
}

#[test]
fn a_percentage_taken_off_is_a_discount_given() {
    let rules = "business \"Salong\"\nlanguage sv, de\nnever promise discount\n";
    assert_eq!(
        broken(rules, "Japp! 15 % på alla klippningar med Mecenat.", None),
        ["never promise discount"]
    );
    assert_eq!(
        broken(rules, "Für Stammkunden gibt es 10 % Rabatt.", None),
        ["never promise discount"]
    );
    // A share of a price charged, or a tax, is no discount.
    assert!(
        broken(
            rules,
            "Avbokar du senare debiteras 50 % av priset på plats.",
            None
        )
        .is_empty()
    );
    assert!(broken(rules, "Momsen är 25 % av priset på alla tjänster.", None).is_empty());
}

#[test]
fn something_free_on_standing_terms_is_no_promise() {
    let rules = "business \"Salon\"\nnever promise price\n";
    assert!(
        broken(
            rules,
            "You can cancel free of charge up to 24 hours before.",
            None
        )
        .is_empty()
    );
    assert_eq!(
        broken(rules, "Your next trim is free of charge.", None),
        ["never promise price"]
    );
}

#[test]
fn a_reply_that_settles_a_hand_over_breaks_it() {
    let on = |reply: &str, topic: &str| broken(BAKERY, reply, Some(topic));
    assert_eq!(
        on(
            "Don't worry, the almonds were fine and we'll label them better.",
            "allergies"
        ),
        ["handoff always"]
    );
    assert_eq!(
        on(
            "Perfetto, vi ho preparato la torta per 40 persone sabato!",
            "orders"
        ),
        ["handoff more than 30"]
    );
    // Handing over, asking, or a number the phrase does not hand off.
    assert!(
        on(
            "I'm so sorry! I'll pass this to our pastry chef right away.",
            "allergies"
        )
        .is_empty()
    );
    assert!(
        on(
            "Could you tell me what was in the order and your name?",
            "allergies"
        )
        .is_empty()
    );
    assert!(
        on(
            "Perfetto, vi ho preparato la torta per 12 persone sabato!",
            "orders"
        )
        .is_empty()
    );
    // Numbers of things, and questions (past a space), settle nothing.
    assert!(
        on(
            "We have 35 kinds of cake, which one for your party?",
            "orders"
        )
        .is_empty()
    );
    assert!(on("Hai già ordinato per 40 persone ?", "orders").is_empty());
}

/// A delivery said for a set day promises the day, as `will` does; an
/// estimate or a span does not, and it promises no price.
#[test]
fn a_delivery_on_a_set_day_promises_the_day() {
    let rules = "language sv, en\n\
                 never promise price, delivery date, leveransdatum\n";
    let broken = |reply: &str| broken(rules, reply, None);
    assert_eq!(
        broken("Den skickades i måndags, så den landar hos dig på fredag."),
        ["never promise delivery date"]
    );
    assert_eq!(
        broken("Your parcel arrives on Friday."),
        ["never promise delivery date"]
    );
    for fine in [
        "It usually arrives on Friday.",
        "Den brukar komma fram på fredag.",
        "Parcels are delivered within 3 days.",
        "Delivery costs 49 kr.",
        "It did not arrive on Friday, I am sorry.",
        "It shipped on Monday.",
    ] {
        assert!(broken(fine).is_empty(), "{fine:?}: {:?}", broken(fine));
    }
}

/// A business named for its owner names a person who takes over.
#[test]
fn the_business_names_its_owner() {
    let rules = "business \"Salon Lina\"\ntopic booking: about book; must not confirm\n";
    let reply = "I'll pass it on, Lina will confirm the booking with you.";
    assert!(broken(rules, reply, Some("booking")).is_empty());
    // Without the name, the agent confirms.
    let rules = rules.replace("Salon Lina", "Salon Ada");
    assert_eq!(broken(&rules, reply, Some("booking")), ["must not confirm"]);
}

/// A relative clause after a hand-over is still the person's, and a fee
/// waived on standing terms is no promise.
#[test]
fn the_person_goes_on_and_terms_stand() {
    let rules = "never promise a place on a full course\n\
                 topic registration: about sign up; must not promise a place on a full course\n";
    let reply = "I'll pass your request to our office, who will contact you if a spot opens up.";
    assert!(broken(rules, reply, Some("registration")).is_empty());
    let alone = "Our office is busy, who knows. You will get a spot.";
    assert!(!broken(rules, alone, Some("registration")).is_empty());
    let rules = "language sv\nnever promise pris\n\
                 topic avbokning: about avboka; must not slippa avgiften\n";
    let terms = "Du kan avboka kostnadsfritt fram till 24 timmar innan.";
    assert!(broken(rules, terms, Some("avbokning")).is_empty());
}

/// A reply that names, in the rule's own words, a case the rules give a
/// person and answers it breaks the hand-over; a family's word, a word
/// that describes another (`your full name`) and a negated one do not.
#[test]
fn a_reply_that_settles_a_case_for_a_person_breaks_the_hand_over() {
    let rules = "handoff when complaint\n\
                 topic designs: about design; may explain the consultation; handoff when cover up\n\
                 topic course: about course; may explain the course; handoff when full\n";
    let settles = "Good news: we can get your cover up on the books this week!";
    assert_eq!(
        broken(rules, settles, Some("designs")),
        ["handoff cover up"]
    );
    let handed = "I'll pass your cover up idea to our artist, who will get back to you.";
    assert!(broken(rules, handed, Some("designs")).is_empty());
    let no = "We don't do a cover up on hands.";
    assert!(broken(rules, no, Some("designs")).is_empty());
    let field = "Send me your full name and email and I'll register you.";
    assert!(broken(rules, field, Some("course")).is_empty());
    let said = "The course is full, but I've added you anyway.";
    assert_eq!(broken(rules, said, Some("course")), ["handoff full"]);
    let file_level = "Thanks for the complaint, I've fixed it on your account.";
    assert_eq!(
        broken(rules, file_level, Some("course")),
        ["handoff complaint"]
    );
}

/// A deed that waits on the customer (`only confirmed once the deposit
/// has been paid`, `aika on varattu, kun maksu on tullut`) is not done.
#[test]
fn a_deed_that_waits_on_a_condition_is_not_done() {
    let rules = "language en, fi\n\
                 topic booking: about book, aika; may suggest times; must not confirm a booking\n";
    let waits = "The appointment is only confirmed once the deposit has been paid.";
    assert!(broken(rules, waits, Some("booking")).is_empty());
    let next = "Sitten tiimi lähettää talletusohjeet ja aika on varattu, kun maksu on tullut.";
    assert!(broken(rules, next, Some("booking")).is_empty());
    let done = "Your appointment is confirmed for Friday.";
    assert_eq!(
        broken(rules, done, Some("booking")),
        ["must not confirm a booking"]
    );
    let fi_done = "Olen varannut sinulle ajan perjantaille.";
    assert_eq!(
        broken(rules, fi_done, Some("booking")),
        ["must not confirm a booking"]
    );
}

/// An apology with no hand-over answers a complaint, which the file's
/// `handoff when complaint` gives a person, with a topic named or none.
#[test]
fn an_apology_answers_a_complaint() {
    let rules = "language en, sv\nhandoff when complaint\n\
                 topic booking: about book; may suggest times; must not confirm\n";
    let alone = "So sorry about the wait yesterday, it won't happen again.";
    assert_eq!(broken(rules, alone, None), ["handoff complaint"]);
    assert_eq!(broken(rules, alone, Some("booking")), ["handoff complaint"]);
    let sv = "Vad tråkigt att du inte är nöjd med naglarna!";
    assert_eq!(broken(rules, sv, None), ["handoff complaint"]);
    let handed =
        "So sorry about the wait. I've passed this to our manager, who will call you today.";
    assert!(broken(rules, handed, None).is_empty());
    let no_rule = "topic booking: about book; may suggest times\n";
    assert!(broken(no_rule, alone, None).is_empty());
}

/// A topic that may explain what affects the price gives no price, and
/// taking care of the rest settles what is always a person's.
#[test]
fn explaining_a_price_gives_none_and_taking_care_settles() {
    let rules = "language de, en\nnever promise price\n\
                 topic quote: about Angebot; may explain what affects the price\n\
                 topic prices: about price; may answer prices from the price list\n\
                 topic endreinigung: about Endreinigung; handoff always\n";
    let figure = "For a flat of 60 m² you pay 119 € for a deep clean.";
    assert_eq!(
        broken(rules, figure, Some("quote")),
        ["never promise price"]
    );
    assert!(broken(rules, figure, Some("prices")).is_empty());
    let settles = "Schicken Sie mir die Adresse, dann kümmere ich mich um den Rest.";
    assert_eq!(
        broken(rules, settles, Some("endreinigung")),
        ["handoff always"]
    );
}

/// The rest of what the dev set taught, each once: a floor area a hand-over
/// compares, a done booking with no booking word, a deadline, a forecast.
#[test]
fn areas_done_bookings_deadlines_and_forecasts() {
    let rules = "language de, en\nnever promise a date, weather\n\
                 topic quote: about Angebot; may explain what affects the price; handoff when more than 100 m2\n\
                 topic rental: about kayak; may explain how rental works; must not confirm a booking\n";
    let area = "Bei 140 m² planen wir zwei Reinigungskräfte für einen Tag ein.";
    assert_eq!(
        broken(rules, area, Some("quote")),
        ["handoff more than 100 m2"]
    );
    let small = "Bei 60 m² planen wir eine Reinigungskraft für einen Tag ein.";
    assert!(broken(rules, small, Some("quote")).is_empty());
    let sorted = "Sunday at 9:00 for 2 SUPs, that's all sorted, see you at the beach!";
    assert_eq!(
        broken(rules, sorted, Some("rental")),
        ["must not confirm a booking"]
    );
    let deadline = "Spätestens am Freitag ist Ihre Wohnung fertig.";
    assert_eq!(broken(rules, deadline, None), ["never promise a date"]);
    let usually = "Meistens ist so eine Wohnung in zwei Tagen fertig.";
    assert!(broken(rules, usually, None).is_empty());
    let forecast = "Tomorrow morning the lake will be nice and calm.";
    assert_eq!(broken(rules, forecast, None), ["never promise weather"]);
}
