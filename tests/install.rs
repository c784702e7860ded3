//! The binary as installed: with no corpus folder it answers from the pages built into it, a
//! given or configured corpus wins and a missing one is an error; `index --where` and
//! `index --clean`; `--help` says what a newcomer needs and offers no option that does nothing.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{bin, copy_dir, fixture, root};

/// The binary run in `dir` with its cache (and home) in `cache`, as on a machine that has
/// nothing but the binary.
fn bare(dir: &Path, cache: &Path) -> Command {
    let mut c = bin();
    c.current_dir(dir)
        .env("XDG_CACHE_HOME", cache)
        .env("HOME", cache);
    c
}

fn title(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    body["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn an_installed_binary_answers_from_any_folder() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ask = || {
        bare(dir.path(), cache.path())
            .args(["ask", "--json", "what muscles does the plank work?"])
            .output()
            .unwrap()
    };
    assert_eq!(title(&ask()), "Plank");
    assert_eq!(title(&ask()), "Plank", "the extracted pages are reused");
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(entries.is_empty(), "nothing written where it runs");
    let check = bare(dir.path(), cache.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    let summary = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(summary.contains("193 page(s) served"), "{summary}");
}

#[test]
fn a_given_or_configured_corpus_wins_over_the_built_in_pages() {
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_dir(&fixture("foreign"), &dir.path().join("pages"));
    std::fs::write(
        dir.path().join("config.toml"),
        "[corpus]\ndir = \"pages\"\n",
    )
    .unwrap();
    let exercise = |args: &[&str]| {
        let out = bare(dir.path(), cache.path())
            .args(args)
            .args(["exercise", "--json", "box jumps"])
            .output()
            .unwrap();
        title(&out)
    };
    assert_eq!(exercise(&[]), "Box Jumps", "the configured corpus answers");
    let shipped = exercise(&["--corpus", root().join("corpus").to_str().unwrap()]);
    assert_eq!(shipped, "Box Jump", "--corpus wins over corpus.dir");
    std::fs::write(dir.path().join("config.toml"), "[corpus]\ndir = \"gone\"\n").unwrap();
    let out = bare(dir.path(), cache.path())
        .args(["ask", "plank"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("corpus folder not found"), "{stderr}");
    assert!(stderr.contains("gone (set by corpus.dir)"), "{stderr}");
}

#[test]
fn index_where_prints_the_folder_and_clean_removes_only_it() {
    let (cache, corpus) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::copy(
        root().join("corpus/exercises/plank.md"),
        corpus.path().join("plank.md"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = bin()
            .env("XDG_CACHE_HOME", cache.path())
            .arg("--corpus")
            .arg(corpus.path())
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (
            out.status.code(),
            stdout,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, place, _) = run(&["index", "--where"]);
    assert_eq!(code, Some(0));
    let place = Path::new(&place).to_path_buf();
    assert!(place.starts_with(cache.path().join("spotter")), "{place:?}");
    assert!(!place.exists(), "--where builds nothing");
    run(&["index"]);
    assert!(place.join("CURRENT").is_file());
    let (code, line, _) = run(&["index", "--clean"]);
    assert_eq!(code, Some(0));
    assert_eq!(line, format!("removed {}", place.display()));
    assert!(!place.exists());
    assert!(
        corpus.path().join("plank.md").is_file(),
        "the corpus is untouched"
    );
    let (code, line, _) = run(&["index", "--clean"]);
    assert_eq!(
        (code, line),
        (Some(0), format!("no index at {}", place.display()))
    );
    // A folder that is not an index is refused, and left as it was.
    let mistaken = tempfile::tempdir().unwrap();
    std::fs::write(mistaken.path().join("notes.txt"), "mine").unwrap();
    let index = mistaken.path().to_str().unwrap();
    let (code, _, stderr) = run(&["index", "--clean", "--index", index]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("\"notes.txt\", which is not part of an index"),
        "{stderr}"
    );
    assert!(mistaken.path().join("notes.txt").is_file());
}

fn help(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn long_help_names_the_console_examples_environment_and_exit_codes() {
    let long = help(&["--help"]);
    for needle in [
        "Run spotter with no command to open the console",
        "Examples:",
        "spotter ask \"what muscles does the plank work?\"",
        "DISCORD_TOKEN",
        "NO_COLOR",
        "Exit codes:",
        "2  error",
    ] {
        assert!(long.contains(needle), "{needle:?} missing from:\n{long}");
    }
    let short = help(&["-h"]);
    assert!(!short.contains("Exit codes:"), "{short}");
    assert!(short.lines().count() < long.lines().count());
}

#[test]
fn options_that_do_nothing_for_a_command_are_not_offered() {
    let check = help(&["check", "--help"]);
    assert!(!check.contains("--index"), "{check}");
    assert!(check.contains("--corpus"), "{check}");
    let register = help(&["register", "--help"]);
    assert!(
        !register.contains("--corpus") && !register.contains("--index"),
        "{register}"
    );
    assert!(help(&["ask", "--help"]).contains("--index"));
    let out = bin().args(["--index", "x", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "error: --index does nothing for spotter check"
    );
    let out = bin().args(["register", "--corpus", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap refuses it");
}
