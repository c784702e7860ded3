//! The shipped corpus cannot shrink silently: page counts per body part, equipment,
//! difficulty and category, the named exercises, the FAQ pages, and every section of every
//! exercise page (issue 3).

use std::collections::HashMap;

use spotter::{Difficulty, Page};
use spotter::{MAX_PAGE_BYTES_DEFAULT, load_corpus};

use crate::support::root;

const NAMED: &[&str] = &[
    "Barbell Bench Press",
    "Dumbbell Bench Press",
    "Incline Dumbbell Press",
    "Push-Up",
    "Chest Dip",
    "Cable Crossover",
    "Pull-Up",
    "Chin-Up",
    "Lat Pulldown",
    "Seated Cable Row",
    "Barbell Bent-Over Row",
    "One-Arm Dumbbell Row",
    "Barbell Deadlift",
    "Romanian Deadlift",
    "Back Extension",
    "Face Pull",
    "Barbell Back Squat",
    "Goblet Squat",
    "Front Squat",
    "Bulgarian Split Squat",
    "Walking Lunge",
    "Leg Press",
    "Leg Extension",
    "Lying Leg Curl",
    "Hip Thrust",
    "Glute Bridge",
    "Standing Calf Raise",
    "Seated Internal Hip Rotation",
    "Clamshell",
    "Overhead Press",
    "Dumbbell Lateral Raise",
    "Arnold Press",
    "Rear Delt Fly",
    "Barbell Shrug",
    "Dumbbell Bicep Curl",
    "Hammer Curl",
    "Preacher Curl",
    "Triceps Pushdown",
    "Skull Crusher",
    "Overhead Triceps Extension",
    "Close-Grip Bench Press",
    "Wrist Curl",
    "Plank",
    "Side Plank",
    "Crunch",
    "Hanging Leg Raise",
    "Russian Twist",
    "Dead Bug",
    "Bird Dog",
    "Ab Wheel Rollout",
    "Mountain Climber",
    "Burpee",
    "Jumping Jack",
    "Jump Rope",
    "Box Jump",
    "Kettlebell Swing",
    "Turkish Get-Up",
    "Farmer's Carry",
    "Hip Flexor Stretch",
    "Cat-Cow",
    "Neck Side Bend",
];

#[test]
fn shipped_corpus_meets_the_counts() {
    let loaded = load_corpus(
        &root().join("corpus"),
        &root().join("corpus"),
        MAX_PAGE_BYTES_DEFAULT,
        &|_, _| {},
    )
    .unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let exercises: Vec<_> = loaded
        .pages
        .iter()
        .filter_map(|p| match p {
            Page::Exercise(e) => Some(e),
            _ => None,
        })
        .collect();
    let faq_pages = loaded
        .pages
        .iter()
        .filter(|p| matches!(p, Page::Reading(r) if !r.faq.is_empty()))
        .count();
    assert!(exercises.len() >= 150, "{} exercises", exercises.len());
    assert!(faq_pages >= 25, "{faq_pages} FAQ pages");

    let mut parts: HashMap<&str, usize> = HashMap::new();
    let mut equipment: HashMap<&str, usize> = HashMap::new();
    let mut levels: HashMap<Difficulty, usize> = HashMap::new();
    let mut categories: HashMap<&str, usize> = HashMap::new();
    for e in &exercises {
        *parts.entry(e.body_part.as_str()).or_default() += 1;
        for q in &e.equipment {
            *equipment.entry(q.as_str()).or_default() += 1;
        }
        *levels.entry(e.difficulty.expect("difficulty")).or_default() += 1;
        *categories
            .entry(e.category.as_deref().expect("category"))
            .or_default() += 1;
    }
    for part in [
        "Legs",
        "Arms",
        "Back",
        "Core",
        "Shoulders",
        "Chest",
        "Cardio",
    ] {
        assert!(
            parts.get(part).copied().unwrap_or(0) >= 8,
            "{part}: {parts:?}"
        );
    }
    assert!(parts.get("Neck").copied().unwrap_or(0) >= 2, "{parts:?}");
    for eq in [
        "Body Weight",
        "Dumbbell",
        "Barbell",
        "Kettlebell",
        "Resistance Band",
        "Cable",
        "Machine",
        "Smith Machine",
        "EZ Bar",
        "Medicine Ball",
        "Pull-up Bar",
        "Bench",
        "Foam Roller",
    ] {
        assert!(
            equipment.get(eq).copied().unwrap_or(0) >= 3,
            "{eq}: {equipment:?}"
        );
    }
    assert!(levels[&Difficulty::Beginner] >= 45, "{levels:?}");
    assert!(levels[&Difficulty::Intermediate] >= 45, "{levels:?}");
    assert!(levels[&Difficulty::Advanced] >= 20, "{levels:?}");
    for c in [
        "Strength",
        "Mobility",
        "Stretching",
        "Cardio",
        "Plyometrics",
        "Balance",
        "Rehabilitation",
    ] {
        assert!(categories.contains_key(c), "{c}: {categories:?}");
    }
    let names: Vec<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
    for n in NAMED {
        assert!(names.contains(n), "missing {n}");
    }
}

#[test]
fn every_exercise_page_has_every_section() {
    let loaded = load_corpus(
        &root().join("corpus"),
        &root().join("corpus"),
        MAX_PAGE_BYTES_DEFAULT,
        &|_, _| {},
    )
    .unwrap();
    for p in &loaded.pages {
        let Page::Exercise(e) = p else { continue };
        let id = e.id.as_str();
        assert!(
            !e.summary.is_empty() && !e.secondary.is_empty() && e.category.is_some(),
            "{id}: quick answer"
        );
        assert!(e.steps.len() >= 4, "{id}: steps");
        assert!(e.tips.len() >= 3, "{id}: tips");
        assert!(e.mistakes.len() >= 3, "{id}: mistakes");
        let q: Vec<String> = e.faq.iter().map(|f| f.question.clone()).collect();
        assert!(
            q.contains(&"How many reps should you do?".to_string()),
            "{id}: reps FAQ"
        );
        assert!(
            q.contains(&format!("What muscles does the {} work?", e.name)),
            "{id}: muscles FAQ"
        );
        assert!(
            q.contains(&format!("Is the {} good for beginners?", e.name)),
            "{id}: beginner FAQ"
        );
        assert!(e.faq.len() >= 4, "{id}: a question of its own");
        assert!(!e.reps.is_empty(), "{id}: a concrete rep range");
        let local: Vec<_> = e.related.iter().filter(|l| l.target.is_some()).collect();
        assert!(local.len() >= 3, "{id}: related links");
        assert!(
            local.iter().all(|l| l.target.as_ref() != Some(&e.id)),
            "{id}: links itself"
        );
    }
}
