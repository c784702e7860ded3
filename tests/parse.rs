//! Pages → records, field by field: the seed's structure, the older variant, comparison,
//! listing and article pages.

use spotter::parse_page;
use spotter::{Difficulty, Page, PageId};

use crate::support::fixture_text;

fn parse(rel: &str, id: &str) -> Page {
    let parsed = parse_page(PageId::new(id), rel, &fixture_text(rel));
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.page.expect("page served")
}

#[test]
fn seed_structure_is_read_field_by_field() {
    let Page::Exercise(ex) = parse("corpus/exercises/banded-side-step.md", "banded-side-step")
    else {
        panic!("an exercise page");
    };
    assert_eq!(ex.id.as_str(), "banded-side-step");
    assert_eq!(ex.name, "Banded Side Step");
    assert!(
        ex.summary
            .starts_with("The banded side step is a small sideways walk")
    );
    assert!(ex.summary.ends_with("also works abductors, quadriceps."));
    assert_eq!(ex.body_part, "Legs");
    assert_eq!(ex.equipment, vec!["Resistance Band"]);
    assert_eq!(ex.target, "Glutes");
    // `Quads` goes through the synonym table.
    assert_eq!(ex.secondary, vec!["Abductors", "Quadriceps"]);
    assert_eq!(ex.difficulty, Some(Difficulty::Beginner));
    assert_eq!(ex.category.as_deref(), Some("Mobility"));
    assert_eq!(ex.steps.len(), 5);
    assert_eq!(ex.steps[0], "Loop a light band just above your knees.");
    assert_eq!(ex.tips.len(), 3);
    assert_eq!(ex.mistakes.len(), 3);
    assert_eq!(
        ex.mistakes[2],
        "Choosing a band so heavy the knees cave in."
    );
    // The same question twice with different answers: both kept, in page order.
    let questions: Vec<&str> = ex.faq.iter().map(|f| f.question.as_str()).collect();
    assert_eq!(
        questions,
        vec![
            "How many reps should you do?",
            "What muscles does the Banded Side Step work?",
            "Is the Banded Side Step good for beginners?",
            "How many reps should you do?",
        ]
    );
    assert_eq!(ex.faq[0].line, 38);
    assert_eq!(ex.reps[0].text, "12-15 steps each way");
    assert_eq!(ex.related.len(), 3);
    assert_eq!(ex.related[0].text, "Clam Opener");
    assert_eq!(ex.related[0].target, Some(PageId::new("clam-opener")));
    assert_eq!(ex.related[2].target, None);
    // Trailing marketing is kept as searchable text, never as facts.
    assert!(ex.extra.contains("personalized plan"));
}

#[test]
fn older_variant_reads_without_errors() {
    let Page::Exercise(ex) = parse("variants/older-variant.md", "older-variant") else {
        panic!("an exercise page");
    };
    // One page cannot tell a site's suffix from a qualifier: the corpus cuts it when many
    // pages share it (tests/corpus.rs).
    assert_eq!(ex.name, "Banded Side Step - Example Exercise Library");
    assert_eq!(ex.equipment, vec!["Body Weight"]);
    assert_eq!(ex.secondary, vec!["Abdominals", "Hamstrings"]);
    assert_eq!(
        ex.steps,
        vec![
            "Loop the band above the knees.",
            "Step sideways.",
            "Step back."
        ]
    );
    assert_eq!(ex.tips, vec!["Stay low."]);
    assert_eq!(ex.mistakes, vec!["Standing up tall."]);
    assert_eq!(ex.related.len(), 2);
    assert_eq!(ex.related[0].text, "More Legs Exercises");
    assert!(ex.reps.is_empty(), "the page states no rep range");
    assert!(ex.extra.contains("Download our app"));
}

#[test]
fn comparison_pages_keep_their_table() {
    let Page::Comparison(c) = parse("variants/comparison.md", "goblet-vs-front") else {
        panic!("a comparison page");
    };
    assert_eq!(
        c.names,
        ("Goblet Squat".to_string(), "Front Squat".to_string())
    );
    assert_eq!(
        c.rows,
        vec![
            ("Equipment".into(), "Kettlebell".into(), "Barbell".into()),
            (
                "Difficulty".into(),
                "Beginner".into(),
                "Intermediate".into()
            ),
        ]
    );
    assert_eq!(c.faq.len(), 1);
    assert!(c.summary.starts_with("Both keep the torso upright"));
}

#[test]
fn listing_pages_keep_their_links() {
    let Page::Listing(l) = parse("variants/listing.md", "band-exercises") else {
        panic!("a listing page");
    };
    assert_eq!(l.title, "Resistance Band Exercises");
    assert_eq!(l.links.len(), 4);
    assert_eq!(l.links[3].target, Some(PageId::new("band-face-pull")));
}

#[test]
fn articles_take_front_matter_and_both_question_styles() {
    let Page::Reading(r) = parse("variants/article.md", "tight-hips") else {
        panic!("an article");
    };
    assert_eq!(r.title, "Why Your Hips Feel Tight");
    assert_eq!(r.description, "Sitting, stiffness and what to do about it.");
    assert_eq!(r.keywords, vec!["hips", "mobility"]);
    let questions: Vec<&str> = r.faq.iter().map(|f| f.question.as_str()).collect();
    assert_eq!(
        questions,
        vec!["Do I need to stretch every day?", "Is foam rolling enough?"]
    );
    assert_eq!(
        r.faq[1].answer,
        "It helps you feel looser, but it does not replace moving through range.\n\nSome more prose after the questions."
    );
}

#[test]
fn unclassifiable_markdown_is_an_article_never_dropped() {
    for text in [
        "",
        "just words",
        "| a |\n|---|\n| b |",
        "<div>html</div>",
        "# Title only",
    ] {
        let parsed = parse_page(PageId::new("x"), "x.md", text);
        assert!(matches!(parsed.page, Some(Page::Reading(_))), "{text:?}");
        assert!(parsed.errors.is_empty());
    }
}

#[test]
fn general_faq_pages_are_readings() {
    let Page::Reading(r) = parse("corpus/faq/rest-periods.md", "rest-periods") else {
        panic!("a reading page");
    };
    assert_eq!(r.title, "How Long Should I Rest?");
    assert_eq!(r.faq.len(), 2);
    assert_eq!(
        r.faq[0].answer,
        "Rest 1-2 minutes for most sets and 2-4 minutes for heavy ones."
    );
}

/// Issue 8: a page with a name and a quick answer that is read as an article says why, on
/// the line to fix, and still serves as an article.
#[test]
fn a_page_that_looks_like_an_exercise_says_why_it_is_an_article() {
    let cases = [
        (
            "# Squat\n\n## Quick answer\n\nA squat.\n\n- Body Part: Legs\n- Difficulty: Beginner\n",
            "p.md:7: read as an article, not an exercise page: the bullet \"Body Part: Legs\" needs a bold key: `- **Body Part:** Legs`",
        ),
        (
            "# Squat\n\n## Quick answer\n\nA squat.\n\n- *Target Muscle:* Quadriceps\n",
            "p.md:7: read as an article, not an exercise page: the bullet \"Target Muscle: Quadriceps\" needs a bold key: `- **Target Muscle:** Quadriceps`",
        ),
        (
            "# Squat\n\n## Quick answer\n\nA squat, and no bullets.\n",
            "p.md:3: read as an article, not an exercise page: the quick answer has no attribute bullets (`- **Body Part:** …`)",
        ),
    ];
    for (text, expected) in cases {
        let parsed = parse_page(PageId::new("p"), "p.md", text);
        let errors: Vec<String> = parsed.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors, [expected], "{text:?}");
        assert!(matches!(parsed.page, Some(Page::Reading(_))), "{text:?}");
    }
    // A comparison page may have a quick answer of its own; an article an overview.
    for text in [
        "# Squat vs Lunge\n\n## Quick answer\n\nBoth work the legs.\n",
        "# Why Rest\n\n## Overview\n\nRest matters.\n\n- Sleep\n- Food\n",
    ] {
        let parsed = parse_page(PageId::new("p"), "p.md", text);
        assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
    }
}
