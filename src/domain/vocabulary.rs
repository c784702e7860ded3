//! The one vocabulary of the corpus: canonical names of body parts, equipment, muscles,
//! categories and difficulties with every spelling that means the same thing (Quads =
//! Quadriceps, Abs = Abdominals, Body Weight = Bodyweight), plus the query abbreviations
//! (`db`, `rdl`, `ohp`). Pages and questions are normalised through this table and no other.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, OnceLock};

use serde::Deserialize;

use super::page::Difficulty;

/// Which list a vocabulary word belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Body parts (`Legs`).
    BodyPart,
    /// Equipment (`Resistance Band`).
    Equipment,
    /// Muscles (`Glutes`).
    Muscle,
    /// Categories (`Mobility`).
    Category,
}

/// One value of a list with the spellings that mean it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    name: String,
    /// For a muscle: the body part it belongs to.
    #[serde(default)]
    body_part: Option<String>,
    #[serde(default)]
    spellings: Vec<String>,
}

/// `vocabulary.toml`, read once; a corpus's own file has the same shape, every part optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Data {
    body_part: Vec<Group>,
    equipment: Vec<Group>,
    muscle: Vec<Group>,
    category: Vec<Group>,
    shorthand: HashMap<String, String>,
    connectors: Vec<String>,
    unknown: Vec<String>,
    name_synonyms: HashMap<String, Vec<String>>,
}

impl Data {
    /// Adds a corpus's own vocabulary: a value named in both gains the corpus's spellings
    /// (and its body part, when it gives one); new values, shorthand, synonyms, connectors and
    /// unknown words are added; a shorthand or synonym the corpus redefines is the corpus's.
    fn merge(&mut self, extra: Data) {
        for (ours, theirs) in [
            (&mut self.body_part, extra.body_part),
            (&mut self.equipment, extra.equipment),
            (&mut self.muscle, extra.muscle),
            (&mut self.category, extra.category),
        ] {
            for group in theirs {
                match ours
                    .iter_mut()
                    .find(|g| g.name.eq_ignore_ascii_case(&group.name))
                {
                    Some(g) => {
                        g.spellings.extend(group.spellings);
                        g.body_part = group.body_part.or(g.body_part.take());
                    }
                    None => ours.push(group),
                }
            }
        }
        self.shorthand.extend(extra.shorthand);
        self.name_synonyms.extend(extra.name_synonyms);
        self.connectors.extend(extra.connectors);
        self.unknown.extend(extra.unknown);
    }
}

/// Why a corpus's vocabulary was not taken.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    /// It is not valid TOML of the vocabulary's shape.
    #[error("{0}")]
    Invalid(String),
    /// The vocabulary was already in use (it is one per process, set before the first
    /// question or page is read).
    #[error("the vocabulary is already in use; set the corpus vocabulary before reading pages")]
    InUse,
}

/// A corpus's own vocabulary (its text), set once before `DATA` is first read.
static OVERRIDE: OnceLock<String> = OnceLock::new();
/// Whether `DATA` was read (then a corpus vocabulary comes too late).
static IN_USE: AtomicBool = AtomicBool::new(false);

/// Takes a corpus's own vocabulary (the text of its `vocabulary.toml`) on top of the shipped
/// one, for the life of the process. Setting the same text again is a no-op.
///
/// # Errors
/// `Invalid` with the parser's message; `InUse` when another vocabulary is already in use.
pub fn add_corpus_vocabulary(text: &str) -> Result<(), VocabularyError> {
    toml::from_str::<Data>(text).map_err(|e| VocabularyError::Invalid(e.message().to_string()))?;
    if OVERRIDE.get().is_some_and(|t| t == text) {
        return Ok(());
    }
    if IN_USE.load(Ordering::SeqCst) {
        return Err(VocabularyError::InUse);
    }
    OVERRIDE
        .set(text.to_string())
        .map_err(|_| VocabularyError::InUse)
}

/// What the vocabulary in use is, for the index's fingerprint: empty for the shipped one
/// alone, else a hash of the corpus's text (an index built with other words is rebuilt).
pub fn fingerprint() -> String {
    use sha2::{Digest, Sha256};
    OVERRIDE.get().map_or_else(String::new, |text| {
        let digest = Sha256::digest(text.as_bytes());
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("vocabulary-{hex}")
    })
}

/// The vocabulary: the shipped data beside this file, compiled in so the binary needs no
/// other file (a test parses it, so a bad edit fails the tests, never a start), plus the
/// corpus's own when one was given.
static DATA: LazyLock<Data> = LazyLock::new(|| {
    IN_USE.store(true, Ordering::SeqCst);
    let mut data: Data = toml::from_str(include_str!("vocabulary.toml"))
        .expect("the shipped vocabulary.toml parses");
    if let Some(text) = OVERRIDE.get() {
        data.merge(toml::from_str(text).expect("checked when it was added"));
    }
    data
});

fn table(kind: Kind) -> &'static [Group] {
    match kind {
        Kind::BodyPart => &DATA.body_part,
        Kind::Equipment => &DATA.equipment,
        Kind::Muscle => &DATA.muscle,
        Kind::Category => &DATA.category,
    }
}

/// Lower-cases and collapses a phrase to single-spaced words (`Pull-up  Bar` → `pull-up bar`).
fn key(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The four lists' slots in `SPELLINGS`.
fn slot(kind: Kind) -> usize {
    match kind {
        Kind::BodyPart => 0,
        Kind::Equipment => 1,
        Kind::Muscle => 2,
        Kind::Category => 3,
    }
}

/// Every spelling of every list, normalised (`key` with dashes as spaces), built once: the
/// lookup runs for every word group of every question, so one phrase is one lookup that
/// answers for all four lists.
static SPELLINGS: LazyLock<HashMap<String, [Option<&'static str>; 4]>> = LazyLock::new(|| {
    let mut out: HashMap<String, [Option<&'static str>; 4]> = HashMap::new();
    for kind in [
        Kind::BodyPart,
        Kind::Equipment,
        Kind::Muscle,
        Kind::Category,
    ] {
        for group in table(kind) {
            let name = group.name.as_str();
            for spelling in std::iter::once(name).chain(group.spellings.iter().map(String::as_str))
            {
                let names = out.entry(key(spelling).replace('-', " ")).or_default();
                names[slot(kind)].get_or_insert(name);
            }
        }
    }
    out
});

/// First words of every spelling: most words of a question start none, and are passed over
/// with one lookup.
static FIRST_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    SPELLINGS
        .keys()
        .filter_map(|k| k.split(' ').next())
        .collect()
});

/// Whether a phrase is already a `SPELLINGS` key: lower-case ASCII words, one space apart.
fn is_key(phrase: &str) -> bool {
    !phrase.starts_with(' ')
        && !phrase.ends_with(' ')
        && !phrase.contains("  ")
        && phrase
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
}

/// The canonical names a phrase has in each list.
fn spellings(phrase: &str) -> Option<&'static [Option<&'static str>; 4]> {
    if is_key(phrase) {
        SPELLINGS.get(phrase)
    } else {
        SPELLINGS.get(&key(phrase).replace('-', " "))
    }
}

/// The canonical name of `phrase` in the list `kind`, if it is one of its spellings.
pub fn canonical(kind: Kind, phrase: &str) -> Option<&'static str> {
    spellings(phrase).and_then(|names| names[slot(kind)])
}

/// Normalises a page's value: the canonical name when known, else the value as written.
pub fn normalise(kind: Kind, value: &str) -> String {
    if let Some(name) = canonical(kind, value) {
        return name.to_string();
    }
    if let Some(name) = qualified(kind, value) {
        return name.to_string();
    }
    // `Equipment: None` is body weight (a spelling, above); `Target Muscle: None` says nothing.
    let k = key(value).replace('-', " ");
    if DATA.unknown.contains(&k) || k.chars().all(|c| !c.is_alphanumeric()) {
        return String::new();
    }
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical name of a value written with a qualifier in parentheses: `Glutes (gluteus
/// maximus)` is Glutes, `Deltoids (anterior)` is the anterior deltoids. Tried as the words
/// in and out of the parentheses read together both ways, then each part alone.
fn qualified(kind: Kind, value: &str) -> Option<&'static str> {
    let (outside, rest) = value.split_once('(')?;
    let inside = rest.split(')').next().unwrap_or(rest);
    let (outside, inside) = (outside.trim(), inside.trim());
    [
        format!("{inside} {outside}"),
        format!("{outside} {inside}"),
        outside.to_string(),
        inside.to_string(),
    ]
    .iter()
    .find_map(|v| canonical(kind, v))
}

/// Splits a comma-separated bullet value and normalises each part, dropping empty ones and
/// repeats (`Quads, quadriceps` is one muscle).
pub fn normalise_list(kind: Kind, value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in value.split([',', ';']) {
        let part = part.trim().trim_end_matches('.');
        if part.is_empty() {
            continue;
        }
        let name = normalise(kind, part);
        if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// The muscles the vocabulary places in a body part (`Shoulders` → the deltoids and the
/// rotator cuff), for ranking a body part's list by its own muscles first.
pub fn muscles_of(body_part: &str) -> impl Iterator<Item = &'static str> {
    DATA.muscle
        .iter()
        .filter(move |g| {
            g.body_part
                .as_deref()
                .is_some_and(|b| b.eq_ignore_ascii_case(body_part))
        })
        .map(|g| g.name.as_str())
}

/// A vocabulary phrase found in a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The list it belongs to.
    pub kind: Kind,
    /// Its canonical name.
    pub name: &'static str,
    /// Index of its first word among the words given.
    pub start: usize,
    /// Number of words it spans.
    pub len: usize,
}

/// Difficulty words in questions: the names themselves (`beginner`) and other words for them
/// (`novice`, `hard`); pages use the strict names.
pub fn difficulty_word(word: &str) -> Option<Difficulty> {
    if let Ok(named) = word.parse::<Difficulty>() {
        return Some(named);
    }
    match word {
        "beginners" | "novice" | "novices" | "easy" | "easier" | "starter" | "newbie"
        | "newbies" => Some(Difficulty::Beginner),
        "moderate" => Some(Difficulty::Intermediate),
        "hard" | "harder" | "difficult" | "expert" | "experienced" => Some(Difficulty::Advanced),
        _ => None,
    }
}

/// Finds vocabulary phrases in lower-case words, longest first and left to right, so `lower
/// back` is a muscle and not the body part `back`, and `smith machine` is not `machine`. When a
/// phrase is in several lists, body part wins over muscle (`chest`), then equipment, then
/// category.
pub fn mentions(words: &[&str]) -> Vec<Mention> {
    const MAX_WORDS: usize = 4;
    const ORDER: [Kind; 4] = [
        Kind::Muscle,
        Kind::BodyPart,
        Kind::Equipment,
        Kind::Category,
    ];
    let mut out = Vec::new();
    let mut phrase = String::new();
    let mut i = 0;
    while i < words.len() {
        if is_key(words[i]) && !FIRST_WORDS.contains(words[i]) {
            i += 1;
            continue;
        }
        let mut found = None;
        'len: for len in (1..=MAX_WORDS.min(words.len() - i)).rev() {
            phrase.clear();
            for (n, w) in words[i..i + len].iter().enumerate() {
                if n > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(w);
            }
            let Some(names) = spellings(&phrase) else {
                continue;
            };
            // Body parts first where a phrase is both (`chest`, `neck`): the body part
            // filter is the wider and the one members mean.
            for kind in [Kind::BodyPart].iter().chain(ORDER.iter()) {
                if let Some(name) = names[slot(*kind)] {
                    found = Some(Mention {
                        kind: *kind,
                        name,
                        start: i,
                        len,
                    });
                    break 'len;
                }
            }
        }
        match found {
            Some(m) => {
                i += m.len;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

/// A name key with its gym shorthand written out (`single leg rdl` → `single leg romanian
/// deadlift`); `None` when it has none.
pub fn expand_shorthand(key: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<&str> = key
        .split_whitespace()
        .map(|w| {
            match DATA
                .shorthand
                .get(w)
                .or_else(|| w.strip_suffix('s').and_then(|one| DATA.shorthand.get(one)))
            {
                Some(long) => {
                    changed = true;
                    long.as_str()
                }
                None => w,
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// Whether a word only connects the words of a name (`with`, `and`, `on`): kept inside a
/// typed name, and neither required nor counted against a match when missing.
pub fn is_connector(word: &str) -> bool {
    DATA.connectors.iter().any(|c| c == word)
}

/// Words that mean the same in exercise names, tried as alternatives at a lower weight:
/// `glute` matches `Glute Bridge` when someone types `butt bridge`.
pub fn name_synonyms(word: &str) -> &'static [String] {
    DATA.name_synonyms
        .get(word)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_vocabulary_parses_and_relates_common_and_anatomical_names() {
        assert_eq!(canonical(Kind::Muscle, "Gluteus maximus"), Some("Glutes"));
        assert_eq!(canonical(Kind::Muscle, "Triceps brachii"), Some("Triceps"));
        assert_eq!(canonical(Kind::Equipment, "SZ-Bar"), Some("EZ Bar"));
        assert_eq!(
            canonical(Kind::Equipment, "Swiss Ball"),
            Some("Stability Ball")
        );
        assert!(muscles_of("Shoulders").any(|m| m == "Front Deltoids"));
        assert_eq!(
            expand_shorthand("single leg rdl").as_deref(),
            Some("single leg romanian deadlift")
        );
        assert_eq!(expand_shorthand("plank"), None);
        assert_eq!(expand_shorthand("tgus").as_deref(), Some("turkish get up"));
        assert_eq!(
            normalise(Kind::Muscle, "Glutes (gluteus maximus)"),
            "Glutes"
        );
        assert_eq!(
            normalise(Kind::Muscle, "Deltoids (anterior)"),
            "Front Deltoids"
        );
    }

    #[test]
    fn synonyms_share_one_canonical_name() {
        assert_eq!(canonical(Kind::Muscle, "Quads"), Some("Quadriceps"));
        assert_eq!(canonical(Kind::Muscle, "abs"), Some("Abdominals"));
        assert_eq!(
            canonical(Kind::Equipment, "Bodyweight"),
            Some("Body Weight")
        );
        assert_eq!(
            canonical(Kind::Equipment, "Body Weight"),
            Some("Body Weight")
        );
        assert_eq!(
            canonical(Kind::Equipment, "pull up bar"),
            Some("Pull-up Bar")
        );
        assert_eq!(normalise(Kind::Muscle, "Outer  Hip"), "Outer Hip");
    }

    #[test]
    fn lists_are_normalised_and_deduplicated() {
        assert_eq!(
            normalise_list(Kind::Muscle, "Quads, Quadriceps, glutes."),
            vec!["Quadriceps", "Glutes"]
        );
    }

    #[test]
    fn longest_phrase_wins() {
        let words = ["lower", "back", "with", "a", "smith", "machine"];
        let found: Vec<_> = mentions(&words).into_iter().map(|m| m.name).collect();
        assert_eq!(found, vec!["Lower Back", "Smith Machine"]);
        let found: Vec<_> = mentions(&["chest", "band"])
            .into_iter()
            .map(|m| m.kind)
            .collect();
        assert_eq!(found, vec![Kind::BodyPart, Kind::Equipment]);
    }
}
