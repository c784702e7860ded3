//! A corpus this project did not write: names and values come from its pages, not from lists
//! fitted to the shipped corpus. A site suffix is cut only when many pages share it; a
//! value no vocabulary lists is offered by `/find` and named by questions.

use spotter::Answer;
use spotter::Handler;
use spotter::Intent;
use spotter::Request;
use spotter::VocabularyKind as Kind;

use crate::support::open;

/// An exercise page in the seed's format.
fn page(name: &str, equipment: &str, category: &str) -> String {
    format!(
        "# {name}\n\n## Quick answer\n\nA move.\n\n- **Body Part:** Legs\n- **Equipment:** {equipment}\n\
         - **Target Muscle:** Glutes\n- **Difficulty:** Beginner\n- **Category:** {category}\n\n---\n\n\
         ## How to perform\n\n1. Do it.\n"
    )
}

fn write(dir: &std::path::Path, id: &str, text: &str) {
    std::fs::write(dir.join(format!("{id}.md")), text).expect("write page");
}

fn title(answer: &Answer) -> String {
    match answer {
        Answer::Card(c) => c.title.clone(),
        other => panic!("not a card: {other:?}"),
    }
}

#[test]
fn a_site_suffix_is_cut_only_when_many_pages_share_it() {
    let dir = tempfile::tempdir().unwrap();
    for (id, name) in [
        ("a", "Box Squat"),
        ("b", "Sandbag Carry"),
        ("c", "Hip Hinge"),
    ] {
        write(
            dir.path(),
            id,
            &page(&format!("{name} | Liftbase"), "Body Weight", "Strength"),
        );
    }
    // One page's own qualifier is part of its name.
    write(
        dir.path(),
        "d",
        &page("Skipping - Standard", "Jump Rope", "Cardio"),
    );
    let (app, _index) = open(dir.path(), "");
    let show = |q: &str| title(&app.handle(&Request::Exercise { query: q.into() }));
    assert_eq!(show("box squat"), "Box Squat");
    assert_eq!(show("skipping standard"), "Skipping - Standard");
}

#[test]
fn values_no_vocabulary_lists_are_offered_and_named() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a",
        &page("Bear Hug Carry", "Sandbag", "Strongman"),
    );
    write(
        dir.path(),
        "b",
        &page("Sandbag Clean", "Sandbag", "Strongman"),
    );
    write(
        dir.path(),
        "c",
        &page("Goblet Squat", "Kettlebell", "Strength"),
    );
    let (app, _index) = open(dir.path(), "");
    let offered: Vec<String> = app
        .facet_choices(Kind::Equipment, "sand")
        .into_iter()
        .map(|c| c.value)
        .collect();
    assert_eq!(offered, vec!["Sandbag"]);
    let answer = app.handle(&Request::Ask {
        question: "show me strongman exercises with sandbags".into(),
        context: None,
    });
    let Answer::Card(card) = &answer else {
        panic!("a card: {answer:?}");
    };
    assert_eq!(card.intent, Some(Intent::Find), "{card:?}");
    assert!(
        card.title.contains("Sandbag") && card.title.contains("Strongman"),
        "{}",
        card.title
    );
    assert!(
        card.description.contains("Bear Hug Carry"),
        "{}",
        card.description
    );
    assert!(
        !card.description.contains("Goblet Squat"),
        "{}",
        card.description
    );
}

/// `spotter exercise <words>` on a corpus folder, with a fresh index; stdout, stderr, exit code.
fn exercise_in(corpus: &std::path::Path, words: &str) -> (String, String, Option<i32>) {
    let index = tempfile::tempdir().unwrap();
    let out = crate::support::bin()
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index.path())
        .args(["exercise", words])
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// A corpus's own `vocabulary.toml` adds to the shipped words: its shorthand and spellings
/// are read for its questions and pages (and the index built with them), with no code change.
#[test]
fn a_corpus_vocabulary_adds_its_own_shorthand_and_spellings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "monster-walk",
        &page("Monster Walk", "Mini Loop", "Warm-up"),
    );
    write(
        dir.path(),
        "step-up",
        &page("Step-Up", "Plyo Box", "Strength"),
    );
    let (before, _, _) = exercise_in(dir.path(), "mw");
    let card = "━━ Monster Walk ━━";
    assert!(!before.contains(card), "{before}");
    std::fs::write(
        dir.path().join("vocabulary.toml"),
        "[shorthand]\nmw = \"monster walk\"\n\n[[equipment]]\nname = \"Resistance Band\"\nspellings = [\"mini loop\"]\n",
    )
    .unwrap();
    let (after, err, code) = exercise_in(dir.path(), "mw");
    assert_eq!(code, Some(0), "{err}");
    assert!(after.contains(card), "{after}");
    assert!(
        after.contains("Resistance Band"),
        "the page's Mini Loop reads as a band: {after}"
    );
}

/// A vocabulary file that does not parse stops the start with one line naming the file.
#[test]
fn a_broken_corpus_vocabulary_is_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "step-up",
        &page("Step-Up", "Plyo Box", "Strength"),
    );
    std::fs::write(
        dir.path().join("vocabulary.toml"),
        "[[equipment]]\nnam = \"Box\"\n",
    )
    .unwrap();
    let (_, err, code) = exercise_in(dir.path(), "step up");
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("vocabulary.toml"), "{err}");
}
