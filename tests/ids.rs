//! Page ids from any file name (issue 6): every button of every page answers, and two file
//! names that give one id are a `check` problem.

use std::fs;

use spotter::Answer;
use spotter::Handler;
use spotter::Request;

use crate::support::{bin, fixture_text, open};

/// An exercise page named `name`.
fn page(name: &str) -> String {
    fixture_text("corpus/exercises/banded-side-step.md").replace("Banded Side Step", name)
}

#[test]
fn any_file_name_gives_buttons_that_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (file, name) in [
        ("Zqx Spaced Squat.md", "Zqx Spaced Squat"),
        ("squat+accent(1).md", "Squat Accent One"),
        ("Ünïcode Ståg.md", "Unicode Stag"),
        ("+++.md", "Plus Plus Plus"),
    ] {
        fs::write(dir.path().join(file), page(name)).expect("write");
    }
    let (app, _index) = open(dir.path(), "");
    for name in [
        "Zqx Spaced Squat",
        "Squat Accent One",
        "Unicode Stag",
        "Plus Plus Plus",
    ] {
        let Answer::Card(card) = app.handle(&Request::Exercise { query: name.into() }) else {
            panic!("{name}: a card");
        };
        assert_eq!(card.title, name);
        assert!(!card.actions.is_empty(), "{name}: buttons");
        for action in &card.actions {
            let id = action.custom_id.to_string();
            assert!(
                id.chars().all(|c| !c.is_whitespace() && !"+()".contains(c)),
                "{id}"
            );
            let Answer::Card(clicked) = app.handle(&Request::Component {
                custom_id: action.custom_id.clone(),
                values: vec![],
            }) else {
                panic!("{id}: the click answers with a card");
            };
            assert!(
                clicked.page == card.page || clicked.source == card.page,
                "{id}"
            );
        }
    }
}

#[test]
fn file_names_that_give_one_id_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("Zqx Squat.md"), page("Zqx Squat")).expect("write");
    fs::write(dir.path().join("zqx-squat.md"), page("Zqx Squat Two")).expect("write");
    let out = bin().arg("check").arg(dir.path()).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let shown = dir.path().display();
    assert!(
        stdout.contains(&format!(
            "{shown}/zqx-squat.md:1: duplicate id \"zqx-squat\": {shown}/Zqx Squat.md already has it"
        )),
        "{stdout}"
    );
}
