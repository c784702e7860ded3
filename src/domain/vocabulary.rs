//! The one vocabulary of the corpus: canonical names of body parts, equipment, muscles,
//! categories and difficulties with every spelling that means the same thing (Quads =
//! Quadriceps, Abs = Abdominals, Body Weight = Bodyweight), plus the query abbreviations
//! (`db`, `rdl`, `ohp`). Pages and questions are normalised through this table and no other.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

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

/// (canonical, aliases). Aliases are lower-case words separated by single spaces; the canonical
/// name itself always matches too.
type Table = &'static [(&'static str, &'static [&'static str])];

const BODY_PARTS: Table = &[
    (
        "Legs",
        &["leg", "legs", "lower body", "thighs", "thigh", "leg day"],
    ),
    ("Arms", &["arm", "arms", "upper arms"]),
    ("Back", &["back"]),
    ("Core", &["core", "midsection", "trunk"]),
    (
        "Shoulders",
        &[
            "shoulder",
            "shoulders",
            "delts",
            "delt",
            "deltoids",
            "deltoid",
        ],
    ),
    ("Chest", &["chest"]),
    ("Cardio", &["cardio", "conditioning", "aerobic"]),
    ("Neck", &["neck"]),
];

const EQUIPMENT: Table = &[
    (
        "Body Weight",
        &[
            "body weight",
            "bodyweight",
            "no equipment",
            "bw",
            "calisthenics",
        ],
    ),
    (
        "Dumbbell",
        &["dumbbell", "dumbbells", "dumbell", "dumbells", "db", "dbs"],
    ),
    ("Barbell", &["barbell", "barbells", "bb"]),
    (
        "Kettlebell",
        &["kettlebell", "kettlebells", "kettle bell", "kb", "kbs"],
    ),
    (
        "Resistance Band",
        &[
            "resistance band",
            "resistance bands",
            "band",
            "bands",
            "mini band",
            "loop band",
            "elastic band",
            "theraband",
        ],
    ),
    (
        "Cable",
        &[
            "cable",
            "cables",
            "cable machine",
            "cable station",
            "pulley",
        ],
    ),
    ("Machine", &["machine", "machines"]),
    ("Smith Machine", &["smith machine", "smith"]),
    (
        "EZ Bar",
        &["ez bar", "ez-bar", "ezbar", "ez curl bar", "curl bar"],
    ),
    (
        "Medicine Ball",
        &["medicine ball", "med ball", "medball", "medicine balls"],
    ),
    (
        "Pull-up Bar",
        &[
            "pull-up bar",
            "pullup bar",
            "pull up bar",
            "chin-up bar",
            "chin up bar",
            "chinup bar",
        ],
    ),
    ("Bench", &["bench", "flat bench", "weight bench"]),
    (
        "Foam Roller",
        &["foam roller", "foam roll", "roller", "foam rolling"],
    ),
    ("Box", &["box", "plyo box", "plyometric box"]),
    ("Jump Rope", &["jump rope", "skipping rope", "skip rope"]),
    ("Plate", &["plate", "weight plate", "plates"]),
    ("Trap Bar", &["trap bar", "hex bar"]),
    ("Ab Wheel", &["ab wheel", "ab roller"]),
    (
        "Stability Ball",
        &[
            "stability ball",
            "swiss ball",
            "exercise ball",
            "physio ball",
        ],
    ),
    ("Sled", &["sled", "prowler"]),
    (
        "Rowing Machine",
        &["rowing machine", "rower", "erg", "ergometer"],
    ),
    (
        "Stationary Bike",
        &[
            "stationary bike",
            "exercise bike",
            "spin bike",
            "bike",
            "bicycle",
        ],
    ),
    ("Treadmill", &["treadmill"]),
    ("Rings", &["rings", "gymnastic rings", "gym rings"]),
    (
        "Parallel Bars",
        &["parallel bars", "dip bars", "dip station", "parallettes"],
    ),
];

const MUSCLES: Table = &[
    (
        "Quadriceps",
        &[
            "quadriceps",
            "quadricep",
            "quads",
            "quad",
            "front thigh",
            "front thighs",
        ],
    ),
    (
        "Hamstrings",
        &[
            "hamstrings",
            "hamstring",
            "hams",
            "back of the thigh",
            "back of thigh",
        ],
    ),
    (
        "Glutes",
        &[
            "glutes",
            "glute",
            "gluteus",
            "gluteus maximus",
            "glute max",
            "glute med",
            "gluteus medius",
            "butt",
            "bum",
            "buttocks",
            "booty",
        ],
    ),
    ("Calves", &["calves", "calf", "gastrocnemius", "soleus"]),
    (
        "Adductors",
        &[
            "adductors",
            "adductor",
            "inner thigh",
            "inner thighs",
            "groin",
        ],
    ),
    (
        "Abductors",
        &[
            "abductors",
            "abductor",
            "outer thigh",
            "outer thighs",
            "hip abductors",
        ],
    ),
    (
        "Hip Flexors",
        &["hip flexors", "hip flexor", "psoas", "iliopsoas"],
    ),
    (
        "Abdominals",
        &[
            "abdominals",
            "abdominal",
            "abs",
            "ab",
            "rectus abdominis",
            "six pack",
            "stomach",
        ],
    ),
    (
        "Obliques",
        &["obliques", "oblique", "side abs", "love handles"],
    ),
    (
        "Lower Back",
        &[
            "lower back",
            "low back",
            "erector spinae",
            "erectors",
            "spinal erectors",
        ],
    ),
    ("Lats", &["lats", "lat", "latissimus", "latissimus dorsi"]),
    ("Upper Back", &["upper back", "mid back", "middle back"]),
    ("Trapezius", &["trapezius", "traps", "trap", "upper traps"]),
    ("Rhomboids", &["rhomboids", "rhomboid"]),
    (
        "Chest",
        &["pecs", "pec", "pectorals", "pectoralis", "pectoralis major"],
    ),
    (
        "Front Deltoids",
        &[
            "front deltoids",
            "front deltoid",
            "front delts",
            "front delt",
            "anterior delts",
        ],
    ),
    (
        "Side Deltoids",
        &[
            "side deltoids",
            "side deltoid",
            "side delts",
            "side delt",
            "lateral delts",
        ],
    ),
    (
        "Rear Deltoids",
        &[
            "rear deltoids",
            "rear deltoid",
            "rear delts",
            "rear delt",
            "posterior delts",
        ],
    ),
    (
        "Rotator Cuff",
        &["rotator cuff", "rotator cuffs", "rotators", "infraspinatus"],
    ),
    ("Serratus Anterior", &["serratus anterior", "serratus"]),
    ("Biceps", &["biceps", "bicep", "bis", "biceps brachii"]),
    ("Triceps", &["triceps", "tricep", "tris"]),
    (
        "Forearms",
        &["forearms", "forearm", "grip", "wrists", "wrist"],
    ),
    ("Brachialis", &["brachialis"]),
    ("Neck", &["neck muscles"]),
    (
        "Tibialis Anterior",
        &["tibialis anterior", "tibialis", "shins", "shin"],
    ),
    (
        "Cardiovascular System",
        &["cardiovascular system", "heart", "cardiovascular"],
    ),
];

const CATEGORIES: Table = &[
    ("Strength", &["strength", "strength training"]),
    (
        "Mobility",
        &["mobility", "mobility drill", "mobility drills"],
    ),
    (
        "Stretching",
        &["stretching", "stretch", "stretches", "flexibility"],
    ),
    ("Cardio", &[]),
    (
        "Plyometrics",
        &[
            "plyometrics",
            "plyometric",
            "plyo",
            "plyos",
            "explosive",
            "jumps",
        ],
    ),
    ("Balance", &["balance", "stability"]),
    (
        "Rehabilitation",
        &[
            "rehabilitation",
            "rehab",
            "prehab",
            "physio",
            "physical therapy",
        ],
    ),
];

fn table(kind: Kind) -> Table {
    match kind {
        Kind::BodyPart => BODY_PARTS,
        Kind::Equipment => EQUIPMENT,
        Kind::Muscle => MUSCLES,
        Kind::Category => CATEGORIES,
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
        for (name, aliases) in table(kind) {
            for spelling in std::iter::once(*name).chain(aliases.iter().copied()) {
                let names = out.entry(key(spelling).replace('-', " ")).or_default();
                names[slot(kind)].get_or_insert(*name);
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
    match canonical(kind, value) {
        Some(name) => name.to_string(),
        None => value.split_whitespace().collect::<Vec<_>>().join(" "),
    }
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
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// The canonical names of one list, for help texts and option choices.
pub fn names(kind: Kind) -> impl Iterator<Item = &'static str> {
    table(kind).iter().map(|(name, _)| *name)
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

/// Difficulty words in questions (`beginner`, `novice`, `hard`); pages use the strict names.
pub fn difficulty_word(word: &str) -> Option<Difficulty> {
    match word {
        "beginner" | "beginners" | "novice" | "novices" | "easy" | "easier" | "starter"
        | "newbie" | "newbies" => Some(Difficulty::Beginner),
        "intermediate" | "moderate" => Some(Difficulty::Intermediate),
        "advanced" | "hard" | "harder" | "difficult" | "expert" | "experienced" => {
            Some(Difficulty::Advanced)
        }
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

/// Abbreviations and run-together words members type, expanded before searching:
/// `db` → `dumbbell`, `rdl` → `romanian deadlift`, `pushup` → `push up`.
pub fn expand_abbreviation(word: &str) -> Option<&'static str> {
    Some(match word {
        "db" | "dbs" => "dumbbell",
        "bb" => "barbell",
        "kb" | "kbs" => "kettlebell",
        "rdl" | "rdls" => "romanian deadlift",
        "sldl" => "stiff leg deadlift",
        "ohp" => "overhead press",
        "bss" => "bulgarian split squat",
        "ghr" => "glute ham raise",
        "pushup" | "pushups" => "push up",
        "pullup" | "pullups" => "pull up",
        "chinup" | "chinups" => "chin up",
        "situp" | "situps" => "sit up",
        "skullcrusher" | "skullcrushers" => "skull crusher",
        "pulldown" | "pulldowns" => "pulldown",
        "deadlifts" | "deadlifting" => "deadlift",
        "benchpress" => "bench press",
        "burpees" => "burpee",
        "biceps" => "bicep",
        "tricep" => "triceps",
        _ => return None,
    })
}

/// Words that mean the same in exercise names, tried as alternatives at a lower weight:
/// `glute` matches `Glute Bridge` when someone types `butt bridge`.
pub fn name_synonyms(word: &str) -> &'static [&'static str] {
    match word {
        "butt" | "bum" | "gluteus" | "glutes" => &["glute"],
        "glute" => &["glutes"],
        "quads" | "quadriceps" => &["quad"],
        "abs" | "abdominal" | "abdominals" => &["ab"],
        "lats" | "latissimus" => &["lat"],
        "delts" | "deltoid" | "deltoids" => &["delt"],
        "pecs" | "pectorals" => &["chest"],
        "calves" => &["calf"],
        "hams" => &["hamstring"],
        "traps" => &["shrug"],
        "band" | "bands" | "elastic" => &["resistance"],
        "bodyweight" => &["body"],
        "jumping" => &["jump"],
        "rope" => &["jump"],
        "skipping" => &["jump", "rope"],
        "rowing" => &["row"],
        "crunches" => &["crunch"],
        "lunges" => &["lunge"],
        "squats" => &["squat"],
        "planks" => &["plank"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
