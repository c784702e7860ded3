//! Re-ranking name candidates on their words, so the order does not depend on BM25's length
//! quirks: coverage of what was typed (as typed, singular, synonym, prefix, typo), the
//! compounds two spellings of a name share, and the edit distance typos are measured by.
//! Knows words and keys only; never Tantivy.

use super::query::{NameMode, typo_distance};
use crate::domain::ranking::WEIGHTS;
use crate::domain::vocabulary;

/// How well a candidate's name (or alias) covers what was typed, computed on the words, so
/// the order does not depend on BM25's length quirks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Coverage {
    /// Share of typed words found in the name (typos and prefixes count less).
    pub query: f32,
    /// Share of the name's words that were typed.
    pub name: f32,
    /// The whole name or an alias was typed.
    pub exact: bool,
    /// Words of the name (or alias) this coverage was measured on.
    pub name_words: usize,
    /// Measured after re-cutting compounds (`benchpress` read as `bench press`): a name
    /// matched as typed beats one matched only this way.
    pub recut: bool,
    /// Typed words (connecting words aside) the name has nothing for, not even a typo.
    pub missed: usize,
}

impl Coverage {
    /// The re-ranking score: exact names first, then typed words found, then name words
    /// covered (so `deadlift` prefers `Barbell Deadlift` to `Single-Leg Romanian Deadlift`).
    pub fn score(&self) -> f32 {
        let w = &WEIGHTS.coverage;
        (if self.exact { w.exact } else { 0.0 }) + w.query * self.query + w.name * self.name
    }
}

/// A crude English singular (`lunges` → `lunge`, `presses` → `press`), enough to compare
/// words of names; the index itself uses the Snowball stemmer.
pub fn singular(word: &str) -> &str {
    let es = ["sses", "ches", "shes", "xes"];
    if word.len() > 4 && es.iter().any(|e| word.ends_with(e)) {
        &word[..word.len() - 2]
    } else if word.len() > 2 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), as Tantivy's
/// fuzzy automaton counts: the one notion of a typo, which `expand` finds terms by (with the
/// `levenshtein_automata` DFA) and re-ranking measures words by (with this table). Two
/// implementations, because each is the fast one for its job: a DFA walks a dictionary once
/// for many terms, but re-ranking compares a few typed words with each candidate's words,
/// and there a DFA built per pair took 35–78 µs, one DFA per typed word reused over 16 name
/// words 2.5–4 µs a pair, this table 0.4–0.8 µs (release, the 2-core VM, issue 12). A test
/// holds the two to the same answers.
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        osa(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa(&a, &b)
    }
}

fn osa<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let (n, m) = (a.len(), b.len());
    // Three rows: the one being filled, the one above, and the one above that (for swaps).
    let mut rows = vec![0usize; 3 * (m + 1)];
    let (mut two_back, mut prev, mut row) = (0, m + 1, 2 * (m + 1));
    for j in 0..=m {
        rows[prev + j] = j;
    }
    for i in 1..=n {
        rows[row] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev + j] + 1)
                .min(rows[row + j - 1] + 1)
                .min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[two_back + j - 2] + 1);
            }
            rows[row + j] = d;
        }
        (two_back, prev, row) = (prev, row, two_back);
    }
    rows[prev + m]
}

/// A lower bound of the edit distance between two ASCII words that costs one pass: letters
/// one has more of than the other must each be edited. Most name words are far from a typed
/// word, and this rules them out without the table.
fn letters_apart(a: &str, b: &str) -> usize {
    let mut count = [0i16; 128];
    for c in a.bytes() {
        count[usize::from(c & 0x7f)] += 1;
    }
    for c in b.bytes() {
        count[usize::from(c & 0x7f)] -= 1;
    }
    // Visit only the letters of the two words, clearing each as it is counted.
    let (mut more, mut fewer) = (0usize, 0usize);
    for c in a.bytes().chain(b.bytes()) {
        let n = &mut count[usize::from(c & 0x7f)];
        if *n > 0 {
            more += *n as usize;
        } else {
            fewer += n.unsigned_abs() as usize;
        }
        *n = 0;
    }
    more.max(fewer)
}

/// Whether two words are within `d` edits.
fn within(a: &str, b: &str, d: usize) -> bool {
    if a.len().abs_diff(b.len()) > d && a.is_ascii() && b.is_ascii() {
        return false;
    }
    if a.is_ascii() && b.is_ascii() && letters_apart(a, b) > d {
        return false;
    }
    edit_distance(a, b) <= d
}

/// Whether `word` is `a` and `b` run together, plurals folded (`pushups` = `push` + `up`).
/// Both halves have two letters at least, so no stray letter makes a compound.
fn joins(a: &str, b: &str, word: &str) -> bool {
    // Lengths first: a plural ending adds at most two letters to either side.
    let (n, ab) = (word.len(), a.len() + b.len());
    if n + 2 < ab || n > ab + 2 {
        return false;
    }
    let (w, b) = (singular(word), singular(b));
    a.len() >= 2
        && b.len() >= 2
        && w.len() == a.len() + b.len()
        && w.starts_with(a)
        && w.ends_with(b)
}

/// The compound of two words as the index holds it: the words run together (`push up` →
/// `pushup`), so a closed compound, its hyphenated and its spaced form meet as one term.
pub fn compound(a: &str, b: &str) -> Option<String> {
    (a.len() >= 2 && b.len() >= 2 && a.is_ascii() && b.is_ascii()).then(|| format!("{a}{b}"))
}

/// Words compared on the stack by `align_compounds`; longer texts are not re-cut.
const ALIGN_WORDS_MAX: usize = 16;

/// A text's words in a stack array, with their number; `None` past `ALIGN_WORDS_MAX`.
fn stack_words(text: &str) -> Option<([&str; ALIGN_WORDS_MAX], usize)> {
    let mut words = [""; ALIGN_WORDS_MAX];
    let mut n = 0;
    for w in text.split_whitespace() {
        *words.get_mut(n)? = w;
        n += 1;
    }
    Some((words, n))
}

/// `typed` re-cut to `name`'s compounds: a typed word that is two adjacent name words run
/// together is split (`pushups` for `push up`), and two adjacent typed words that one name
/// word runs together are joined (`push ups` for `pushups`). `None` when nothing changes.
/// Found from the two keys alone, so it holds for any compound any corpus writes.
pub fn align_compounds(typed: &str, name: &str) -> Option<String> {
    // Words on the stack: this runs for every candidate name, and most share no compound.
    let ((t, tn), (n, nn)) = (stack_words(typed)?, stack_words(name)?);
    let (t, n) = (&t[..tn], &n[..nn]);
    if t.len() + n.len() < 3 {
        return None;
    }
    let joined = |a: &str, b: &str| n.iter().any(|w| joins(a, b, w));
    let split_by = |w: &str| (1..n.len()).any(|j| joins(n[j - 1], n[j], w));
    let any = t.windows(2).any(|p| joined(p[0], p[1])) || t.iter().any(|w| split_by(w));
    if !any {
        return None;
    }
    let mut out: Vec<&str> = Vec::with_capacity(t.len() + 1);
    let mut changed = false;
    let mut i = 0;
    while i < t.len() {
        if let Some(w) = t
            .get(i + 1)
            .and_then(|next| n.iter().find(|w| joins(t[i], next, w)))
        {
            out.push(w);
            i += 2;
            changed = true;
        } else if let Some(j) = (1..n.len()).find(|&j| joins(n[j - 1], n[j], t[i])) {
            out.extend([n[j - 1], n[j]]);
            i += 1;
            changed = true;
        } else {
            out.push(t[i]);
            i += 1;
        }
    }
    changed.then(|| out.join(" "))
}

/// A short, fast hash of a word (64-bit FNV-1a, the `fnv` crate Tantivy uses): re-ranking
/// compares hashes first and the words only when the hashes agree, so the hash only saves
/// time and never decides a match.
fn word_hash(w: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(w.as_bytes());
    hasher.finish()
}

/// A word with its singular (a prefix of it) and both hashes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Word<'a> {
    text: &'a str,
    singular: &'a str,
    hash: u64,
    singular_hash: u64,
}

impl<'a> Word<'a> {
    fn new(text: &'a str) -> Word<'a> {
        let singular = singular(text);
        Word {
            text,
            singular,
            hash: word_hash(text),
            singular_hash: word_hash(singular),
        }
    }
}

/// A name key split once for re-ranking (the catalog keeps one per name and alias of the
/// rows it has ranked): its words with their singulars and hashes, as offsets into the key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NameWords {
    key: Box<str>,
    words: Box<[NameWord]>,
}

/// One word of a `NameWords` key: where it and its singular end, and their hashes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct NameWord {
    from: u16,
    to: u16,
    singular_to: u16,
    hash: u64,
    singular_hash: u64,
    /// A connecting word (`with`): not required of what was typed.
    connector: bool,
}

impl NameWords {
    /// Splits a normalised name key.
    pub fn new(key: &str) -> NameWords {
        let mut words = Vec::new();
        let base = key.as_ptr() as usize;
        for w in key.split_whitespace() {
            let start = w.as_ptr() as usize - base;
            let end = start + w.len();
            let (Ok(s), Ok(e)) = (u16::try_from(start), u16::try_from(end)) else {
                // Names are cut long before 64 KB; a longer key keeps its first words.
                break;
            };
            let word = Word::new(w);
            words.push(NameWord {
                from: s,
                to: e,
                singular_to: s + word.singular.len() as u16,
                hash: word.hash,
                singular_hash: word.singular_hash,
                connector: vocabulary::is_connector(w),
            });
        }
        NameWords {
            key: key.into(),
            words: words.into(),
        }
    }

    fn len(&self) -> usize {
        self.words.len()
    }

    /// The key split.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Bytes of the key (words were split at whitespace, so any range of them is text).
    fn bytes(&self, from: u16, to: u16) -> &[u8] {
        &self.key.as_bytes()[usize::from(from)..usize::from(to)]
    }

    fn text(&self, from: u16, to: u16) -> &str {
        self.key
            .get(usize::from(from)..usize::from(to))
            .unwrap_or_default()
    }
}

/// What was typed, split once and compared with many names.
pub struct Typed<'a> {
    words: Vec<TypedWord<'a>>,
    mode: NameMode,
}

struct TypedWord<'a> {
    word: Word<'a>,
    /// Hashes of the singulars of the word's synonyms, and the singulars.
    synonyms: Vec<(u64, &'static str)>,
    /// Typo distance allowed.
    distance: usize,
    /// A connecting word (`with`): not required of a name.
    connector: bool,
}

impl<'a> Typed<'a> {
    /// `key` is a normalised key (`name_key`). `known` says whether a word is a word of some
    /// name: as in the candidate query, such a word is taken as written, never as a typo of
    /// another (except when looking loosely, for "did you mean").
    pub fn new(key: &'a str, mode: NameMode, known: &dyn Fn(&str) -> bool) -> Typed<'a> {
        Typed {
            words: key
                .split_whitespace()
                .map(|w| TypedWord {
                    word: Word::new(w),
                    synonyms: vocabulary::name_synonyms(w)
                        .iter()
                        .map(|s| (word_hash(singular(s)), singular(s.as_str())))
                        .collect(),
                    distance: match mode {
                        // Whole words are never typos.
                        NameMode::Whole | NameMode::Exact => 0,
                        NameMode::Loose => typo_distance(w, true) as usize,
                        _ if known(w) => 0,
                        _ => typo_distance(w, false) as usize,
                    },
                    connector: vocabulary::is_connector(w),
                })
                .collect(),
            mode,
        }
    }
}

/// Name words compared on the stack; longer names (only pathological pages have them) use
/// the heap.
const NAME_WORDS_INLINE: usize = 16;

/// How well what was typed matches one name key.
#[cfg(test)]
fn coverage(typed: &Typed, name: &str) -> Coverage {
    coverage_of(typed, &NameWords::new(name))
}

/// How well what was typed matches one split name key.
pub fn coverage_of(typed: &Typed, name: &NameWords) -> Coverage {
    let n = name.len();
    if n <= NAME_WORDS_INLINE {
        cover(typed, name, &mut [false; NAME_WORDS_INLINE][..n])
    } else {
        cover(typed, name, &mut vec![false; n])
    }
}

/// How well one typed word matches one name word: as typed 1.0, singular 0.95, synonym
/// 0.85, prefix 0.75 (the last word, or any in autocomplete), typo 0.7, else 0. `best` is
/// the best score the typed word has so far (a typo cannot beat it, so it is not computed).
#[inline]
fn word_score(
    w: &TypedWord,
    name: &NameWords,
    nw: &NameWord,
    mode: NameMode,
    prefix: bool,
    best: f32,
) -> f32 {
    // Hashes first: the words themselves are read only when they agree, or for a prefix or
    // a typo.
    let &NameWord {
        from,
        to,
        singular_to,
        hash,
        singular_hash,
        ..
    } = nw;
    let singular = || name.bytes(from, singular_to);
    let ws = &WEIGHTS.word;
    if w.word.hash == hash && name.bytes(from, to) == w.word.text.as_bytes() {
        1.0
    } else if w.word.singular_hash == singular_hash && singular() == w.word.singular.as_bytes() {
        ws.singular
    } else if w
        .synonyms
        .iter()
        .any(|&(h, s)| h == singular_hash && s.as_bytes() == singular())
    {
        ws.synonym
    } else if matches!(mode, NameMode::Whole | NameMode::Exact) {
        0.0
    } else if prefix
        && w.word.text.len() >= 2
        && name.bytes(from, to).starts_with(w.word.text.as_bytes())
    {
        ws.prefix
    } else {
        let d = w.distance;
        let len = usize::from(to - from);
        // A typo cannot beat what is already found (0.7 is the lowest score), and lengths
        // further apart than the distance can never match: skip the table.
        if best <= ws.typo
            && d > 0
            && w.word.text.len().abs_diff(len) <= d
            && within(w.word.text, name.text(from, to), d)
        {
            ws.typo
        } else {
            0.0
        }
    }
}

fn cover(typed: &Typed, name: &NameWords, used: &mut [bool]) -> Coverage {
    let q = &typed.words;
    let n = name.len();
    if q.is_empty() || n == 0 {
        return Coverage::default();
    }
    let mode = typed.mode;
    let mut found = 0.0f32;
    // Connecting words count only where both sides have them.
    let mut asked = q.len();
    let mut missed = 0;
    for (i, w) in q.iter().enumerate() {
        let is_last = i + 1 == q.len();
        let mut best = (0.0f32, None);
        for (j, nw) in name.words.iter().enumerate() {
            let prefix = is_last || mode == NameMode::Prefix;
            let score = word_score(w, name, nw, mode, prefix, best.0);
            // Each name word answers one typed word; an unused one is preferred on ties.
            let better = score > best.0 || (score == best.0 && score > 0.0 && !used[j]);
            if better && !(used[j] && score <= best.0) {
                best = (score, Some(j));
            }
        }
        match best {
            (s, Some(j)) => {
                found += s;
                used[j] = true;
            }
            _ if w.connector => asked -= 1,
            _ => missed += 1,
        }
    }
    let unused_connectors = name
        .words
        .iter()
        .zip(used.iter())
        .filter(|(w, u)| w.connector && !**u)
        .count();
    let named = (n - unused_connectors).max(1);
    Coverage {
        query: found / asked.max(1) as f32,
        name: used.iter().filter(|u| **u).count() as f32 / named as f32,
        exact: q.len() == n
            && q.iter().zip(name.words.iter()).all(|(a, w)| {
                a.word.singular_hash == w.singular_hash
                    && a.word.singular.as_bytes() == name.bytes(w.from, w.singular_to)
            }),
        name_words: n,
        recut: false,
        missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_prefers_whole_names() {
        let known = |_: &str| false;
        let deadlift = Typed::new("deadlift", NameMode::Lookup, &known);
        let a = coverage(&deadlift, "barbell deadlift");
        let b = coverage(&deadlift, "single leg romanian deadlift");
        assert!(a.score() > b.score());
        let typo = coverage(
            &Typed::new("romainian deadlfit", NameMode::Lookup, &known),
            "romanian deadlift",
        );
        assert!(typo.query > 0.6, "{typo:?}");
        assert!(coverage(&Typed::new("plank", NameMode::Lookup, &known), "plank").exact);
    }

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("deadlfit", "deadlift"), 1);
        assert_eq!(edit_distance("rotaton", "rotation"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        let long = "a".repeat(40);
        assert_eq!(edit_distance(&long, &format!("{long}bc")), 2);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("rotación", "rotacion"), 1);
        assert!(within("deadlfit", "deadlift", 1));
        assert!(!within("squat", "press", 2));
    }

    /// One notion of a typo: re-ranking's distance (`within` with its shortcuts, and
    /// `edit_distance`) says what the automaton `expand` finds terms with says, at every
    /// distance it is built for.
    mod one_typo {
        use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};
        use proptest::prelude::*;

        use super::super::{edit_distance, within};

        fn automaton(a: &str, b: &str, d: u8) -> Option<usize> {
            let dfa = LevenshteinAutomatonBuilder::new(d, true).build_dfa(a);
            match dfa.eval(b) {
                Distance::Exact(k) => Some(usize::from(k)),
                Distance::AtLeast(_) => None,
            }
        }

        proptest! {
            #[test]
            fn the_table_and_the_automaton_agree(a in "[abé ]{0,7}", b in "[abé ]{0,7}") {
                for d in 0..=2u8 {
                    let by_automaton = automaton(&a, &b, d);
                    let by_table = edit_distance(&a, &b);
                    prop_assert_eq!(by_automaton, (by_table <= usize::from(d)).then_some(by_table));
                    prop_assert_eq!(within(&a, &b, usize::from(d)), by_automaton.is_some());
                }
            }
        }

        #[test]
        fn real_typos_agree() {
            let pairs = [
                ("deadlfit", "deadlift"),
                ("romainian", "romanian"),
                ("squta", "squat"),
                ("rotación", "rotacion"),
                ("plank", "plonk"),
                ("press", "squat"),
                ("lunges", "lunge"),
                ("abductor", "adductor"),
            ];
            for (a, b) in pairs {
                for d in 0..=2u8 {
                    let by_table = edit_distance(a, b);
                    let expected = (by_table <= usize::from(d)).then_some(by_table);
                    assert_eq!(automaton(a, b, d), expected, "{a} {b} {d}");
                    assert_eq!(
                        within(a, b, usize::from(d)),
                        expected.is_some(),
                        "{a} {b} {d}"
                    );
                }
            }
        }
    }
}
