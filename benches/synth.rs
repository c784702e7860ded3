//! Synthetic corpora for benchmarks: `n` exercise pages in the seed's format with varied,
//! unique names and vocabulary-valid bullets, plus the shipped FAQ pages.

use std::fs;
use std::path::Path;

const MODIFIERS: &[&str] = &[
    "Incline",
    "Decline",
    "Seated",
    "Standing",
    "Kneeling",
    "Single-Leg",
    "Alternating",
    "Paused",
    "Tempo",
    "Banded",
    "Deficit",
    "Wide-Grip",
    "Close-Grip",
    "Reverse",
    "Sumo",
    "Split",
    "Half",
    "Isometric",
    "Eccentric",
    "Lateral",
];
const MOVES: &[&str] = &[
    "Squat",
    "Press",
    "Row",
    "Curl",
    "Raise",
    "Lunge",
    "Deadlift",
    "Fly",
    "Extension",
    "Pulldown",
    "Carry",
    "Bridge",
    "Plank",
    "Twist",
    "Jump",
    "Crunch",
    "Shrug",
    "Dip",
    "Kickback",
    "Thrust",
];
const EQUIPMENT: &[&str] = &[
    "Dumbbell",
    "Barbell",
    "Kettlebell",
    "Cable",
    "Machine",
    "Resistance Band",
    "Body Weight",
    "Smith Machine",
    "EZ Bar",
    "Medicine Ball",
];
const MUSCLES: &[&str] = &[
    "Quadriceps",
    "Hamstrings",
    "Glutes",
    "Calves",
    "Chest",
    "Lats",
    "Upper Back",
    "Biceps",
    "Triceps",
    "Abdominals",
    "Obliques",
    "Front Deltoids",
    "Side Deltoids",
    "Rear Deltoids",
];
const PARTS: &[&str] = &[
    "Legs",
    "Arms",
    "Back",
    "Core",
    "Shoulders",
    "Chest",
    "Cardio",
    "Neck",
];
const LEVELS: &[&str] = &["Beginner", "Intermediate", "Advanced"];
const WORDS: &[&str] = &[
    "alpha", "brisk", "copper", "delta", "ember", "falcon", "granite", "harbor", "ivory", "jasper",
    "kestrel", "lumen", "marble", "nimbus", "onyx", "pioneer", "quartz", "raven", "summit",
    "tundra",
];

/// The name of synthetic page `i`: modifier, equipment, move and a made-up word, all unique.
pub fn name(i: usize) -> String {
    let m = MODIFIERS[i % MODIFIERS.len()];
    let e = EQUIPMENT[(i / MODIFIERS.len()) % EQUIPMENT.len()];
    let v = MOVES[(i / 7) % MOVES.len()];
    let w1 = WORDS[(i / 3) % WORDS.len()];
    let w2 = WORDS[(i / 61) % WORDS.len()];
    format!("{m} {e} {v} {w1}{w2} {i}")
}

fn id(i: usize) -> String {
    name(i)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn page(i: usize, n: usize) -> String {
    let name = name(i);
    let target = MUSCLES[i % MUSCLES.len()];
    let second = MUSCLES[(i + 3) % MUSCLES.len()];
    let related: Vec<String> = [1, 2, 3]
        .iter()
        .map(|k| (i + k * 97) % n)
        .map(|j| format!("- [{}]({}.md)", self::name(j), id(j)))
        .collect();
    format!(
        "# {name}\n\n## Quick answer\n\nThe {name} trains the {t} with some help from the {s}. It is a made-up page for benchmarks.\n\n- **Body Part:** {part}\n- **Equipment:** {eq}\n- **Target Muscle:** {target}\n- **Secondary Muscles:** {second}\n- **Difficulty:** {level}\n- **Category:** Strength\n\n---\n\n## How to perform\n\n1. Set up for the {name}.\n2. Brace and move under control.\n3. Pause briefly.\n4. Return to the start.\n\n## Pro tips\n\n- Keep the tempo steady.\n- Breathe out on the effort.\n- Stop two reps short of failure.\n\n## Common mistakes\n\n- Rushing the lowering phase.\n- Losing the brace.\n- Using momentum.\n\n## FAQ\n\n### How many reps should you do?\n\nDo 3 sets of 8-12 reps.\n\n### What muscles does the {name} work?\n\nMainly the {t}.\n\n### Is the {name} good for beginners?\n\nIt depends on your base.\n\n## Related exercises\n\n{}\n",
        related.join("\n"),
        t = target.to_lowercase(),
        s = second.to_lowercase(),
        part = PARTS[i % PARTS.len()],
        eq = EQUIPMENT[(i / MODIFIERS.len()) % EQUIPMENT.len()],
        level = LEVELS[i % LEVELS.len()],
    )
}

/// Writes `n` synthetic exercise pages and the shipped FAQ pages under `dir`.
pub fn write_corpus(dir: &Path, n: usize) {
    let ex = dir.join("exercises");
    fs::create_dir_all(&ex).expect("bench corpus folder");
    for i in 0..n {
        fs::write(ex.join(format!("{}.md", id(i))), page(i, n)).expect("bench page");
    }
    let faq = dir.join("faq");
    fs::create_dir_all(&faq).expect("bench faq folder");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/faq");
    for e in fs::read_dir(shipped).expect("shipped faq").flatten() {
        fs::copy(e.path(), faq.join(e.file_name())).expect("copy faq");
    }
}

/// Questions of every intent over a synthetic corpus of `n` pages.
pub fn questions(n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for k in 0..50 {
        let i = (k * 7919) % n;
        let words: Vec<String> = name(i).split(' ').map(str::to_lowercase).collect();
        out.push(match k % 6 {
            0 => format!("what muscles does the {} work?", words[..4].join(" ")),
            1 => format!("how many reps of {} {}", words[2], words[3]),
            2 => format!("is the {} ok for beginners", words.join(" ")),
            3 => format!("alternatives to {} {}", words[1], words[3]),
            4 => "how long should I rest between sets?".to_string(),
            _ => "beginner glute exercises with a band".to_string(),
        });
    }
    out
}

/// Questions over the shipped corpus, one per kind of answer.
#[allow(dead_code)] // each bench binary includes this file and uses part of it
pub fn shipped_questions() -> Vec<String> {
    [
        "what muscles does the seated internal hip rotation work?",
        "is the deadlift ok for beginners?",
        "how many reps of lunges?",
        "what can I do instead of the leg press?",
        "romainian deadlfit",
        "how long should I rest between sets?",
        "beginner glute exercises with a band",
        "bench press vs dumbbell bench press",
    ]
    .map(String::from)
    .to_vec()
}
