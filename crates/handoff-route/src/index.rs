//! The word index behind routing. Every distinct word a routing phrase can
//! match (its own words and the words of their families) gets an id; a
//! message word finds the ids it matches by the definition's least rule
//! (exactly, by its beginnings, by the words it begins, by its one-letter
//! deletions: hashed keys, confirmed by `match_words`), by its stems in the
//! file's languages, and by the parts of a compound.
//!
//! A phrase becomes one or more *patterns*: its own words, each slot also
//! accepting the single words of its families, and each member of a family
//! the whole phrase belongs to. A pattern is filed under the accepted words
//! of its rarest slot (its anchor) and checked slot by slot only where an
//! anchor matches, so the cost of a message grows with the message, not
//! with the number of topics.

use handoff_policy::Policy;
use handoff_text::vocab::{Comparison, How, Vocabulary};
use handoff_text::{WordMatch, match_words, normalize, words};
use rustc_hash::FxHashMap;

/// Which rule a phrase belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Owner {
    About { topic: usize, phrase: usize },
    HandoffWhen { topic: usize, phrase: usize },
    MustNot { topic: usize, phrase: usize },
    GlobalHandoffWhen { phrase: usize },
}

/// One message word and the rule word it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Matched {
    /// The message word's position.
    pub at: usize,
    /// The word of the phrase (or of the family member) it matched.
    pub word: u32,
    pub how: How,
    /// What it stands for when it came from a family: a word of the
    /// phrase, or the whole phrase.
    pub family_of: Option<FamilyOf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FamilyOf {
    Word(u32),
    Phrase,
}

/// A phrase that matched the message.
pub(crate) struct Hit {
    pub owner: Owner,
    pub matched: Vec<Matched>,
    /// Only the deed of a `must not` phrase matched (see
    /// [`Pattern::deed`]): it hands over on its own topic, never another's.
    pub deed: bool,
}

impl Hit {
    /// Which of two matches of a phrase to keep: the whole phrase before
    /// its deed alone, then the better match.
    fn rank(&self) -> (bool, u32) {
        (!self.deed, hit_quality(&self.matched))
    }
}

struct Entry {
    owner: Owner,
}

/// One slot of a pattern: the words it accepts, each with the phrase word
/// it stands for when it is a family member.
struct Slot {
    accept: Box<[(u32, Option<u32>)]>,
    /// Whether the message may put content words before it, after the
    /// slot before: only before a content word (`buy a secondhand road
    /// bike` is `buy a bike`; `time do you open on` is no `time on`).
    open: bool,
}

struct Pattern {
    phrase: u32,
    slots: Box<[Slot]>,
    /// A hand-over phrase's content words, matched anywhere in the
    /// message, in any order (all of them, or all but one of three or
    /// more): a customer asks for what the agent must not do in words of
    /// their own order.
    bag: bool,
    /// Whether the pattern is a member of a family the whole phrase
    /// belongs to, rather than the phrase's own words.
    member: bool,
    /// Only the first word of a `must not` phrase that begins with a
    /// commitment (`confirm` of `must not confirm a table by the window`),
    /// or a word of its families: the customer asks for the deed itself.
    deed: bool,
    /// Other phrases with the very same pattern: a deed's patterns are the
    /// same for every topic whose `must not` begins with it, and are
    /// checked once for all of them.
    also: Vec<u32>,
}

pub(crate) struct Index {
    phrases: Vec<Entry>,
    patterns: Vec<Pattern>,
    words: Vec<Box<str>>,
    /// By word id: whether a phrase of the file has it (else it is only a
    /// family member, which matches by its forms, never by a beginning).
    own: Vec<bool>,
    ids: FxHashMap<Box<str>, u32>,
    /// By word id: the patterns anchored on it, with the anchor's slot.
    anchored: Vec<Vec<(u32, u32)>>,
    /// By declared language: a stem → the words with that stem.
    stems: Vec<FxHashMap<Box<str>, Vec<u32>>>,
    /// Phrases that compare a number.
    pub comparisons: Vec<(u32, Comparison)>,
    /// A key's hash, salted by its [`Role`] → the rule words it leads to:
    /// one id, or a range of `related` when there are several. A key's
    /// hash is computed without building the key (see [`Hashes`]). Keys
    /// are not compared: every candidate is confirmed with `match_words`,
    /// so a collision costs a wasted check, never a wrong answer.
    keys: FxHashMap<u64, Slot1>,
    related: Vec<u32>,
    /// One bit per key hash (its top bits), 8 bits per key: most keys a
    /// message asks for are in no rule, and this answers them from a few
    /// hundred kilobytes that stay in cache, where the table of a large
    /// policy does not.
    filter: Vec<u64>,
    /// 64 minus the filter's bit count's log2: the shift that takes a
    /// hash's top bits.
    filter_shift: u32,
}

impl Index {
    pub fn new(policy: &Policy, vocab: &Vocabulary) -> Index {
        let mut builder = Builder::new(vocab);
        for (t, topic) in policy.topics.iter().enumerate() {
            for (p, phrase) in topic.about.iter().enumerate() {
                builder.add(
                    Owner::About {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
            for (p, phrase) in topic.handoff.when.iter().enumerate() {
                builder.add(
                    Owner::HandoffWhen {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
            for (p, phrase) in topic.must_not.iter().enumerate() {
                builder.add(
                    Owner::MustNot {
                        topic: t,
                        phrase: p,
                    },
                    &phrase.text,
                );
            }
        }
        for (p, phrase) in policy.handoff_when.iter().enumerate() {
            builder.add(Owner::GlobalHandoffWhen { phrase: p }, &phrase.text);
        }
        builder.finish()
    }

    pub fn owner(&self, phrase: u32) -> Owner {
        self.phrases[phrase as usize].owner
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    fn lookup(&self, role: Role, hash: u64, out: &mut Vec<u32>) {
        let key = role.key(hash);
        let bit = (key >> self.filter_shift) as usize;
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        match self.keys.get(&key) {
            Some(&Slot1::One(id)) => out.push(id),
            Some(&Slot1::Many(start, end)) => {
                out.extend_from_slice(&self.related[start as usize..end as usize]);
            }
            None => {}
        }
    }

    /// The words that match a message word by the least rule.
    fn candidates(&self, word: &str, hashes: &mut Hashes, out: &mut Vec<u32>) {
        out.clear();
        hashes.load(word);
        let letters = hashes.letters();
        let whole = hashes.whole();
        self.lookup(Role::Word, whole, out);
        // A rule word that this word begins, or that begins this word.
        if letters >= 4 {
            self.lookup(Role::Beginning, whole, out);
        }
        for at in 4..letters {
            self.lookup(Role::Word, hashes.before(at), out);
        }
        // One edit apart: some one-letter deletion of each is equal.
        if letters >= 5 {
            self.lookup(Role::Deletion, whole, out);
            for at in 0..letters {
                let deleted = hashes.without(at);
                self.lookup(Role::Word, deleted, out);
                self.lookup(Role::Deletion, deleted, out);
            }
        }
        out.sort_unstable();
        out.dedup();
        out.retain(|&id| match_words(&self.words[id as usize], word).is_some());
    }

    /// Every word id a message word matches, and how: the least rule
    /// (where neither is a function word, unless they are equal), the same
    /// stem in a declared language, a compound part.
    fn word_matches(
        &self,
        vocab: &Vocabulary,
        word: &str,
        hashes: &mut Hashes,
        scratch: &mut Vec<u32>,
    ) -> Vec<(u32, How)> {
        let mut out: Vec<(u32, How)> = Vec::new();
        self.candidates(word, hashes, scratch);
        let function = vocab.is_function_word(word);
        for &id in scratch.iter() {
            let rule = &*self.words[id as usize];
            if rule != word && (function || vocab.is_function_word(rule)) {
                continue;
            }
            match match_words(rule, word) {
                Some(m) if self.own[id as usize] || m == WordMatch::Exact => {
                    out.push((id, m.into()));
                }
                // A family's word is one the project chose, not the
                // owner: it matches a misspelling only when long enough
                // to be unmistakable and with its first letter right
                // (`looking` is no typo of `booking`, nor `curious` of
                // `furious`), and no beginning.
                Some(WordMatch::Typo)
                    if word.chars().count() >= 7 && rule.chars().next() == word.chars().next() =>
                {
                    out.push((id, How::Typo));
                }
                _ => {}
            }
        }
        if !vocab.everyday() || function {
            return out;
        }
        for l in 0..vocab.langs().len() {
            let stem = vocab.stem(l, word);
            if stem.chars().count() < 4 {
                continue;
            }
            if let Some(ids) = self.stems[l].get(&*stem) {
                for &id in ids {
                    if !out.iter().any(|(o, _)| *o == id) {
                        out.push((id, How::Form));
                    }
                }
            }
        }
        if vocab.langs().iter().any(|l| l.compounds()) {
            let chars: Vec<(usize, char)> = word.char_indices().collect();
            let n = chars.len();
            let add_part = |id: u32, out: &mut Vec<(u32, How)>| {
                if !out.iter().any(|(o, _)| *o == id) {
                    out.push((id, How::Part));
                }
            };
            if n >= 7 {
                for at in 3..=n - 4 {
                    let tail = &word[chars[at].0..];
                    // The part, and the part without an ending of 1 to 3.
                    for trim in 0..=3usize {
                        let len = n - at - trim;
                        if len < 4 {
                            break;
                        }
                        let end = chars.get(at + len).map_or(word.len(), |c| c.0);
                        let part = &word[chars[at].0..end];
                        debug_assert!(tail.starts_with(part));
                        // The owner's word, or a family's long enough
                        // to be a word of its own.
                        if let Some(&id) = self.ids.get(part)
                            && !vocab.is_function_word(part)
                            && (self.own[id as usize] || len >= 6)
                        {
                            add_part(id, &mut out);
                        }
                    }
                }
            }
        }
        out
    }

    /// Every phrase that matches the message's words somewhere, once each,
    /// with the words that matched.
    pub fn matching_phrases(&self, vocab: &Vocabulary, message: &[&str]) -> Vec<Hit> {
        let mut hashes = Hashes::with_capacity(32);
        let mut scratch = Vec::with_capacity(64);
        let matches: Vec<Vec<(u32, How)>> = message
            .iter()
            .map(|w| self.word_matches(vocab, w, &mut hashes, &mut scratch))
            .collect();
        // What each message word is to a gap between a phrase's words: a
        // negation is never passed over (`gör inte ont` is not `gör ont`),
        // nor any word under `matching exact` (the least rule: adjacent).
        let fillers: Vec<Filler> = message
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let before = i.checked_sub(1).map(|b| message[b]);
                if !vocab.everyday() || vocab.is_negation(w, before) {
                    Filler::Held
                } else if vocab.is_function_word(w) {
                    Filler::Function
                } else {
                    Filler::Content
                }
            })
            .collect();
        let mut found: FxHashMap<u32, Hit> = FxHashMap::default();
        let mut order: Vec<u32> = Vec::new();
        for (i, here) in matches.iter().enumerate() {
            for &(id, _) in here {
                for &(pattern, slot) in &self.anchored[id as usize] {
                    let p = &self.patterns[pattern as usize];
                    let possible = (!p.deed, best_possible(p));
                    let mut verified: Option<Option<Vec<Matched>>> = None;
                    for &phrase in std::iter::once(&p.phrase).chain(&p.also) {
                        if found.get(&phrase).is_some_and(|hit| {
                            hit.rank() > possible
                                || (hit.rank() == possible
                                    && hit.matched[0].at <= i.saturating_sub(slot as usize))
                        }) {
                            continue;
                        }
                        let Some(matched) = verified
                            .get_or_insert_with(|| {
                                self.verify(p, slot as usize, i, &matches, &fillers)
                            })
                            .clone()
                        else {
                            break;
                        };
                        let hit = Hit {
                            owner: self.phrases[phrase as usize].owner,
                            matched,
                            deed: p.deed,
                        };
                        // The best place of a phrase, the earliest of equals.
                        let better = match found.get(&phrase) {
                            None => true,
                            Some(old) => {
                                hit.rank() > old.rank()
                                    || (hit.rank() == old.rank()
                                        && hit.matched[0].at < old.matched[0].at)
                            }
                        };
                        if better {
                            if !found.contains_key(&phrase) {
                                order.push(phrase);
                            }
                            found.insert(phrase, hit);
                        }
                    }
                }
            }
        }
        order.sort_unstable();
        order.into_iter().filter_map(|p| found.remove(&p)).collect()
    }

    /// Whether the pattern matches with its slot `anchor` at message word
    /// `at`: the slots after it forward, those before it backward, each at
    /// the next message word; the message may leave out the phrase's
    /// function words, and put up to three words of its own between two
    /// slots, at most two of them content words (`buy a secondhand road
    /// bike` is `buy a bike`).
    fn verify(
        &self,
        pattern: &Pattern,
        anchor: usize,
        at: usize,
        matches: &[Vec<(u32, How)>],
        fillers: &[Filler],
    ) -> Option<Vec<Matched>> {
        let slot_match = |slot: &Slot, j: usize| -> Option<Matched> {
            matches[j].iter().find_map(|&(id, how)| {
                slot.accept
                    .iter()
                    .find(|(a, _)| *a == id)
                    .map(|&(_, family_of)| Matched {
                        at: j,
                        word: id,
                        how: if family_of.is_some() || pattern.member {
                            How::Family
                        } else {
                            how
                        },
                        family_of: match family_of {
                            Some(w) => Some(FamilyOf::Word(w)),
                            None => pattern.member.then_some(FamilyOf::Phrase),
                        },
                    })
            })
        };
        let slots = &pattern.slots;
        let mut out = vec![slot_match(&slots[anchor], at)?];
        if pattern.bag {
            let mut missing = 0;
            for (s, slot) in slots.iter().enumerate() {
                if s == anchor {
                    continue;
                }
                let found = (0..matches.len())
                    .filter(|j| !out.iter().any(|m| m.at == *j))
                    .find_map(|j| slot_match(slot, j));
                match found {
                    Some(m) => out.push(m),
                    None => missing += 1,
                }
            }
            if missing > usize::from(slots.len() >= 3) {
                return None;
            }
            out.sort_by_key(|m| m.at);
            return Some(out);
        }
        // Forward.
        let (mut s, mut j, mut gap) = (anchor + 1, at + 1, Gap::default());
        while s < slots.len() {
            if j < matches.len()
                && let Some(m) = slot_match(&slots[s], j)
            {
                out.push(m);
                s += 1;
                j += 1;
                gap = Gap::default();
            } else if j < matches.len() && gap.skip(fillers[j], slots[s].open) {
                j += 1;
            } else {
                return None;
            }
        }
        // Backward.
        let (mut s, mut j, mut gap) = (anchor, at, Gap::default());
        while s > 0 {
            let prev = j.checked_sub(1);
            if let Some(p) = prev
                && let Some(m) = slot_match(&slots[s - 1], p)
            {
                out.push(m);
                s -= 1;
                j = p;
                gap = Gap::default();
            } else if let Some(p) = prev
                && gap.skip(fillers[p], slots[s].open)
            {
                j = p;
            } else {
                return None;
            }
        }
        out.sort_by_key(|m| m.at);
        Some(out)
    }
}

/// A message word, as a gap between two slots of a phrase sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filler {
    Function,
    Content,
    /// Never passed over.
    Held,
}

/// The message words passed over between two slots of a phrase.
#[derive(Default)]
struct Gap {
    words: u8,
    content: u8,
}

impl Gap {
    /// Passes over one more word, if the gap may hold it.
    /// `open`: whether the gap may hold content words (see [`Slot::open`]).
    fn skip(&mut self, filler: Filler, open: bool) -> bool {
        let content = self.content + u8::from(filler == Filler::Content);
        let (words, content_words) = if open { (3, 2) } else { (2, 0) };
        if filler == Filler::Held || self.words >= words || content > content_words {
            return false;
        }
        self.words += 1;
        self.content = content;
        true
    }
}

/// What a match is worth, to keep the best match of a phrase.
fn hit_quality(matched: &[Matched]) -> u32 {
    matched.iter().map(|m| m.how.weight()).sum()
}

/// The most a pattern can be worth: every slot matched as its own word.
fn best_possible(pattern: &Pattern) -> u32 {
    let weight = if pattern.member {
        How::Family.weight()
    } else {
        How::Exact.weight()
    };
    pattern.slots.len() as u32 * weight
}

/// A pattern's slots, as the words each accepts: what makes two patterns
/// the same.
type Shape = Vec<Vec<(u32, Option<u32>)>>;

struct Builder<'v> {
    vocab: &'v Vocabulary,
    phrases: Vec<Entry>,
    patterns: Vec<Pattern>,
    ids: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    own: Vec<bool>,
    comparisons: Vec<(u32, Comparison)>,
    /// Key hash → rule word ids, before they are laid out flat.
    keys: FxHashMap<u64, Vec<u32>>,
    stems: Vec<FxHashMap<Box<str>, Vec<u32>>>,
    /// A family's single words, by family: built once each.
    family_words: FxHashMap<u32, Vec<u32>>,
    /// A deed pattern's slots → the pattern, shared by every phrase with
    /// the same deed.
    deed_shapes: FxHashMap<Shape, usize>,
}

impl<'v> Builder<'v> {
    fn new(vocab: &'v Vocabulary) -> Builder<'v> {
        Builder {
            vocab,
            phrases: Vec::new(),
            patterns: Vec::new(),
            ids: FxHashMap::default(),
            words: Vec::new(),
            own: Vec::new(),
            comparisons: Vec::new(),
            keys: FxHashMap::default(),
            stems: vec![FxHashMap::default(); vocab.langs().len()],
            family_words: FxHashMap::default(),
            deed_shapes: FxHashMap::default(),
        }
    }

    fn add(&mut self, owner: Owner, text: &str) {
        let normalized = normalize(text);
        let phrase_words = words(&normalized);
        let ids: Box<[u32]> = phrase_words.iter().map(|w| self.word_id(w, true)).collect();
        if ids.is_empty() {
            return; // a phrase of punctuation only matches nothing
        }
        let phrase = self.phrases.len() as u32;
        self.phrases.push(Entry { owner });
        if let Some(comparison) = self.vocab.comparison(&normalized) {
            self.comparisons.push((phrase, comparison));
        }
        // The phrase's own words, each also accepting its families' words.
        let slots: Box<[Slot]> = ids
            .iter()
            .map(|&id| {
                let word = self.words[id as usize].to_string();
                let mut accept = vec![(id, None)];
                if !self.vocab.is_function_word(&word) {
                    for family in self.vocab.families_of(&word) {
                        for member in self.family_single_words(family) {
                            if member != id && !accept.iter().any(|(a, _)| *a == member) {
                                accept.push((member, Some(id)));
                            }
                        }
                    }
                }
                Slot {
                    accept: accept.into(),
                    open: !self.vocab.is_function_word(&word),
                }
            })
            .collect();
        let content: Vec<usize> = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| {
                let w = &self.words[**id as usize];
                !self.vocab.is_function_word(w) && !self.vocab.is_light_verb(w)
            })
            .map(|(i, _)| i)
            .collect();
        let hands_over = self.vocab.everyday() && !matches!(owner, Owner::About { .. });
        // The content words in any order, when there are two or more, or
        // when leaving out function words and light verbs leaves one.
        // An `about` phrase of two content words too, in the other order
        // (`pyörää myynnis` is `buy a bike`): word order is free in most
        // declared languages.
        let pair = self.vocab.everyday() && content.len() == 2;
        let bag = ((hands_over
            && !content.is_empty()
            && (content.len() >= 2 || content.len() < ids.len()))
            || pair)
            .then(|| {
                content
                    .iter()
                    .map(|&i| Slot {
                        accept: slots[i].accept.clone(),
                        open: true,
                    })
                    .collect::<Box<[Slot]>>()
            });
        // A `must not` phrase that begins with a commitment: its deed
        // alone, and the longer words of the deed's families ("lock it
        // in" for `confirm`).
        let deed = matches!(owner, Owner::MustNot { .. })
            .then(|| {
                ids.iter()
                    .position(|&id| !self.vocab.is_function_word(&self.words[id as usize]))
            })
            .flatten()
            .filter(|&h| ids.len() > h + 1)
            .and_then(|h| Some((h, self.vocab.commitment(&self.words[ids[h] as usize])?)));
        let mut deeds: Vec<Box<[Slot]>> = Vec::new();
        if let Some((h, group)) = deed {
            let head = ids[h];
            let mut accept = slots[h].accept.to_vec();
            let mut longer: Vec<String> = Vec::new();
            for word in group {
                for family in self.vocab.families_of(word) {
                    for member in self.family_single_words(family) {
                        if !accept.iter().any(|(a, _)| *a == member) {
                            accept.push((member, Some(head)));
                        }
                    }
                    longer.extend(
                        self.vocab
                            .family(family)
                            .members
                            .iter()
                            .filter(|m| m.text.contains(' ') && !longer.contains(&m.text))
                            .map(|m| m.text.clone())
                            .collect::<Vec<_>>(),
                    );
                }
            }
            deeds.push(Box::new([Slot {
                accept: accept.into(),
                open: true,
            }]));
            for member in longer {
                deeds.push(
                    words(&member)
                        .iter()
                        .map(|w| Slot {
                            accept: vec![(self.word_id(w, false), Some(head))].into(),
                            open: !self.vocab.is_function_word(w),
                        })
                        .collect(),
                );
            }
        }
        self.patterns.push(Pattern {
            phrase,
            slots,
            bag: false,
            member: false,
            deed: false,
            also: Vec::new(),
        });
        if let Some(slots) = bag {
            self.patterns.push(Pattern {
                phrase,
                slots,
                bag: true,
                member: false,
                deed: false,
                also: Vec::new(),
            });
        }
        for slots in deeds {
            let shape: Shape = slots.iter().map(|slot| slot.accept.to_vec()).collect();
            match self.deed_shapes.get(&shape) {
                Some(&p) => self.patterns[p].also.push(phrase),
                None => {
                    self.deed_shapes.insert(shape, self.patterns.len());
                    self.patterns.push(Pattern {
                        phrase,
                        slots,
                        bag: false,
                        member: false,
                        deed: true,
                        also: Vec::new(),
                    });
                }
            }
        }
        // Every member of a family the whole phrase belongs to (the single
        // words of a one-word phrase's families are in its slot already),
        // and for a hand-over phrase, the family of its content words
        // (`fixed price` of `give a fixed price`).
        let mut families = self.vocab.families_of(&normalized);
        if hands_over && content.len() >= 2 && content.len() < ids.len() {
            let core: Vec<&str> = content
                .iter()
                .map(|&i| &*self.words[ids[i] as usize])
                .collect();
            for f in self.vocab.families_of(&core.join(" ")) {
                if !families.contains(&f) {
                    families.push(f);
                }
            }
        }
        for family in families {
            let members: Vec<String> = self
                .vocab
                .family(family)
                .members
                .iter()
                .map(|m| m.text.clone())
                .collect();
            for member in members {
                let member_words = words(&member);
                if member == normalized || (ids.len() == 1 && member_words.len() == 1) {
                    continue;
                }
                let slots = member_words
                    .iter()
                    .map(|w| Slot {
                        accept: vec![(self.word_id(w, false), None)].into(),
                        open: !self.vocab.is_function_word(w),
                    })
                    .collect();
                self.patterns.push(Pattern {
                    phrase,
                    slots,
                    bag: false,
                    member: true,
                    deed: false,
                    also: Vec::new(),
                });
            }
        }
    }

    fn family_single_words(&mut self, family: u32) -> Vec<u32> {
        if let Some(ids) = self.family_words.get(&family) {
            return ids.clone();
        }
        let singles: Vec<String> = self
            .vocab
            .family(family)
            .members
            .iter()
            .filter(|m| !m.text.contains(' '))
            .map(|m| m.text.clone())
            .collect();
        let ids: Vec<u32> = singles.iter().map(|w| self.word_id(w, false)).collect();
        self.family_words.insert(family, ids.clone());
        ids
    }

    fn word_id(&mut self, word: &str, own: bool) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            if own {
                self.own[id as usize] = true;
            }
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.into(), id);
        self.words.push(word.into());
        self.own.push(own);
        let mut hashes = Hashes::default();
        hashes.load(word);
        let letters = hashes.letters();
        let mut keys = vec![Role::Word.key(hashes.whole())];
        keys.extend((4..letters).map(|at| Role::Beginning.key(hashes.before(at))));
        if letters >= 5 {
            keys.extend((0..letters).map(|at| Role::Deletion.key(hashes.without(at))));
        }
        for key in keys {
            self.keys.entry(key).or_default().push(id);
        }
        if self.vocab.everyday() && !self.vocab.is_function_word(word) {
            for l in 0..self.vocab.langs().len() {
                self.stems[l]
                    .entry(self.vocab.stem(l, word).into())
                    .or_default()
                    .push(id);
            }
        }
        id
    }

    /// Files every pattern under the words of its rarest slot, and lays the
    /// key table out flat.
    fn finish(self) -> Index {
        let mut uses = vec![0u32; self.words.len()];
        for pattern in &self.patterns {
            for slot in pattern.slots.iter() {
                for &(id, _) in slot.accept.iter() {
                    uses[id as usize] += 1;
                }
            }
        }
        let mut anchored = vec![Vec::new(); self.words.len()];
        for (p, pattern) in self.patterns.iter().enumerate() {
            let cost = |slot: &Slot| -> u64 {
                slot.accept
                    .iter()
                    .map(|(id, _)| u64::from(uses[*id as usize]))
                    .sum()
            };
            let (position, slot) = pattern
                .slots
                .iter()
                .enumerate()
                .min_by_key(|(_, s)| cost(s))
                .expect("a pattern has a slot");
            for &(id, _) in slot.accept.iter() {
                anchored[id as usize].push((p as u32, position as u32));
            }
        }
        let bits = (self.keys.len() * 8).next_power_of_two().max(64);
        let filter_shift = 64 - bits.trailing_zeros();
        let mut filter = vec![0u64; bits / 64];
        for &key in self.keys.keys() {
            let bit = (key >> filter_shift) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        let mut related = Vec::new();
        let keys = self
            .keys
            .into_iter()
            .map(|(key, mut ids)| {
                ids.dedup();
                if let [id] = ids[..] {
                    return (key, Slot1::One(id));
                }
                let start = related.len() as u32;
                related.extend(ids);
                (key, Slot1::Many(start, related.len() as u32))
            })
            .collect();
        Index {
            phrases: self.phrases,
            patterns: self.patterns,
            words: self.words,
            own: self.own,
            ids: self.ids,
            anchored,
            stems: self.stems,
            comparisons: self.comparisons,
            keys,
            related,
            filter,
            filter_shift,
        }
    }
}

/// The hashes of a word, of its beginnings and of the word with one letter
/// deleted, each in O(1) after one pass over the word: a polynomial hash
/// of a concatenation is `h(a)·B^|b| + h(b)`, so a deletion joins a prefix
/// hash and a suffix hash. Words are not built and not hashed again per
/// key.
#[derive(Default)]
struct Hashes {
    /// Byte offset of each letter, and the word's length at the end.
    starts: Vec<usize>,
    /// `prefix[i]`: the hash of the first `i` bytes.
    prefix: Vec<u64>,
    /// `suffix[i]`: the hash of the bytes from `i` on.
    suffix: Vec<u64>,
    /// `power[i]`: B^i.
    power: Vec<u64>,
}

const BASE: u64 = 0x100_0000_01b3;

impl Hashes {
    fn with_capacity(bytes: usize) -> Hashes {
        Hashes {
            starts: Vec::with_capacity(bytes + 1),
            prefix: Vec::with_capacity(bytes + 1),
            suffix: Vec::with_capacity(bytes + 1),
            power: Vec::with_capacity(bytes + 1),
        }
    }

    fn load(&mut self, word: &str) {
        let bytes = word.as_bytes();
        self.starts.clear();
        self.starts.extend(word.char_indices().map(|(at, _)| at));
        self.starts.push(bytes.len());
        self.prefix.clear();
        self.prefix.push(0);
        let mut h = 0u64;
        for &b in bytes {
            h = h.wrapping_mul(BASE).wrapping_add(u64::from(b) + 1);
            self.prefix.push(h);
        }
        self.suffix.clear();
        self.suffix.resize(bytes.len() + 1, 0);
        self.power.clear();
        self.power.push(1);
        let mut power = 1u64;
        for i in (0..bytes.len()).rev() {
            self.suffix[i] = (u64::from(bytes[i]) + 1)
                .wrapping_mul(power)
                .wrapping_add(self.suffix[i + 1]);
            power = power.wrapping_mul(BASE);
            self.power.push(power);
        }
    }

    fn letters(&self) -> usize {
        self.starts.len() - 1
    }

    fn whole(&self) -> u64 {
        self.prefix[self.prefix.len() - 1]
    }

    /// The first `letters` letters.
    fn before(&self, letters: usize) -> u64 {
        self.prefix[self.starts[letters]]
    }

    /// The word without its letter number `letter`.
    fn without(&self, letter: usize) -> u64 {
        let (from, to) = (self.starts[letter], self.starts[letter + 1]);
        let rest = self.prefix.len() - 1 - to;
        self.prefix[from]
            .wrapping_mul(self.power[rest])
            .wrapping_add(self.suffix[to])
    }
}

/// What a key is to the rule word it leads to.
#[derive(Clone, Copy)]
enum Role {
    /// The word itself.
    Word,
    /// A beginning of 4 letters or more, shorter than the word.
    Beginning,
    /// The word (5 letters or more) with one letter deleted.
    Deletion,
}

impl Role {
    /// The table key of a key's hash in this role: the role kept apart, and
    /// the polynomial hash's entropy spread into every bit, since the table
    /// indexes by the low bits and the filter by the high ones.
    fn key(self, hash: u64) -> u64 {
        mix(hash.wrapping_add((self as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }
}

#[derive(Clone, Copy)]
enum Slot1 {
    One(u32),
    /// A range of `related`.
    Many(u32, u32),
}

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(word: &str) -> u64 {
        let mut hashes = Hashes::default();
        hashes.load(word);
        hashes.whole()
    }

    #[test]
    fn key_hashes_are_the_hashes_of_the_keys_spelled_out() {
        let mut hashes = Hashes::default();
        for word in ["booking", "öppet", "a", "", "ßtraße"] {
            hashes.load(word);
            let letters: Vec<(usize, char)> = word.char_indices().collect();
            assert_eq!(hashes.letters(), letters.len());
            for (n, &(at, c)) in letters.iter().enumerate() {
                assert_eq!(hashes.before(n), hash_of(&word[..at]), "{word:?} {n}");
                let deleted = format!("{}{}", &word[..at], &word[at + c.len_utf8()..]);
                assert_eq!(hashes.without(n), hash_of(&deleted), "{word:?} {n}");
            }
        }
        assert_ne!(hash_of("öpet"), hash_of("öppt"));
        assert_ne!(hash_of(""), hash_of("a"));
    }
}
