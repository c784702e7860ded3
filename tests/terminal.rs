//! Cards as the CLI and the console print them without `--json`: no raw markdown, styling
//! only on request (`--color`), no Discord syntax, and a list printed once.

use std::io::Write;
use std::process::Stdio;

use crate::support::bin;

/// Stdout of `spotter ARGS` over the shipped corpus (stdout is a pipe: plain text).
fn text(args: &[&str]) -> String {
    let out = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .args(["--corpus", "corpus"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn terminal_cards_show_no_raw_markdown() {
    for args in [
        &["compare", "goblet squat", "front squat"][..],
        &["related", "plank"],
        &["find", "--muscle", "glutes"],
        &["ask", "is the goblet squat ok for beginners?"],
        &["ask", "how many reps of the plank?"],
    ] {
        let card = text(args);
        assert!(!card.contains("**"), "{args:?}:\n{card}");
        assert!(!card.contains('`'), "{args:?}:\n{card}");
        assert!(
            !card.contains('\u{1b}'),
            "a pipe gets no styling: {args:?}:\n{card}"
        );
    }
    let compare = text(&["compare", "goblet squat", "front squat"]);
    assert!(compare.contains("Target: Quadriceps"), "{compare}");
}

#[test]
fn color_always_styles_and_never_does_not() {
    let styled = text(&[
        "compare",
        "goblet squat",
        "front squat",
        "--color",
        "always",
    ]);
    assert!(
        styled.contains("\u{1b}[1mTarget:\u{1b}[22m Quadriceps"),
        "{styled}"
    );
    assert!(!styled.contains("**"), "{styled}");
    let plain = text(&["--color", "never", "exercise", "plank"]);
    assert!(!plain.contains('\u{1b}'), "{plain}");
}

#[test]
fn the_related_list_is_printed_once() {
    let related = text(&["related", "plank"]);
    assert_eq!(related.matches("Side Plank").count(), 1, "{related}");
    let find = text(&["find", "--muscle", "glutes"]);
    assert_eq!(find.matches("Clamshell").count(), 1, "{find}");
}

#[test]
fn the_console_help_has_no_discord_syntax() {
    let mut child = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .args(["--corpus", "corpus"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/help\n/quit\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let console = String::from_utf8_lossy(&out.stdout);
    assert!(console.contains("/exercise hip rotation"), "{console}");
    assert!(!console.contains('`'), "{console}");
    assert!(!console.contains("**"), "{console}");
}
