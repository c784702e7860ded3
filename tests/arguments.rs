//! The command line's arguments: `compare` takes two quoted names or words with `vs`, words
//! without a command are a question, options sit where they act and the global ones under
//! their own heading.

use crate::support::bin;

/// Stdout of `spotter --corpus corpus ARGS` (a pipe: plain text) and its exit code.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .args(["--corpus", "corpus"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn answer(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, Some(0), "{args:?}: {stderr}");
    stdout
}

#[test]
fn compare_takes_two_names_or_words_with_vs() {
    let quoted = answer(&["compare", "goblet squat", "front squat"]);
    assert!(
        quoted.starts_with("━━ Goblet Squat vs Front Squat ━━"),
        "{quoted}"
    );
    for args in [
        &["compare", "goblet", "squat", "vs", "front", "squat"][..],
        &["compare", "goblet squat vs front squat"],
        &["compare", "goblet", "squat", "versus", "front", "squat"],
        &["compare", "goblet squat,", "front squat"],
    ] {
        assert_eq!(answer(args), quoted, "{args:?}");
    }
    assert_eq!(answer(&["ask", "goblet squat vs front squat"]), quoted);
    let (code, _, stderr) = run(&["compare", "goblet", "squat", "front"]);
    assert_eq!(code, Some(2));
    assert!(stderr.starts_with("error: give two exercises"), "{stderr}");
    let (code, _, _) = run(&["compare"]);
    assert_eq!(code, Some(2), "clap asks for the names");
}

#[test]
fn words_without_a_command_are_a_question() {
    let asked = answer(&["ask", "what muscles does the plank work"]);
    assert!(asked.starts_with("━━ Plank ━━"), "{asked}");
    assert_eq!(answer(&["what muscles does the plank work"]), asked);
    assert_eq!(
        answer(&["what", "muscles", "does", "the", "plank", "work"]),
        asked
    );
    // A command's name is still the command.
    let related = answer(&["related", "plank"]);
    assert!(related.contains("1. Side Plank"), "{related}");
}

fn help(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The option names listed under `heading` in a help text.
fn under<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let Some(at) = text.find(&format!("\n{heading}:\n")) else {
        return Vec::new();
    };
    text[at + heading.len() + 3..]
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("--")))
        .collect()
}

#[test]
fn global_options_have_their_own_heading_and_list_flags_only_lists() {
    for args in [
        &["-h"][..],
        &["ask", "-h"],
        &["check", "-h"],
        &["serve", "-h"],
    ] {
        let text = help(args);
        assert_eq!(
            under(&text, "Global options"),
            ["--config", "--log-format"],
            "{args:?}:\n{text}"
        );
        assert!(!under(&text, "Options").contains(&"--config"), "{text}");
    }
    for listing in ["ask", "related", "find"] {
        let options = help(&[listing, "-h"]);
        assert!(under(&options, "Options").contains(&"--limit"), "{options}");
        assert!(under(&options, "Options").contains(&"--all"), "{options}");
    }
    for single in ["exercise", "compare", "check", "index"] {
        let options = help(&[single, "-h"]);
        assert!(!options.contains("--limit"), "{single}:\n{options}");
    }
    let top = help(&["-h"]);
    assert!(top.contains("spotter [OPTIONS] QUESTION..."), "{top}");
}
