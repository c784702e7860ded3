//! `spotter check`: every problem as `path:line: message`, a summary, exit 1; never stops at
//! the first.

use crate::support::{bin, fixture_text};

#[test]
fn every_problem_is_reported_with_its_line() {
    let out = bin()
        .args(["check", "tests/fixtures/bad"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        fixture_text("bad/expected.txt")
    );
}

#[test]
fn the_shipped_corpus_has_no_problems() {
    let out = bin().args(["check", "corpus"]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.ends_with("0 rejected, 0 problem(s)\n"), "{stdout}");
}

#[test]
fn a_missing_folder_is_one_line_and_exit_2() {
    let out = bin()
        .args(["check", "no/such/folder"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no/such/folder"));
}
