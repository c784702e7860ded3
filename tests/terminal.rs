//! Cards as the CLI and the console print them without `--json`: no raw markdown, styling
//! only on request (`--color`), no Discord syntax, a list printed once, wrapped to 80 columns
//! into a pipe, and lists that say how much they show (`--limit`, `--all`).

use crate::support::{bin, console_with, stdout_ok};

/// Stdout of `spotter ARGS` over the shipped corpus (stdout is a pipe: plain text).
fn text(args: &[&str]) -> String {
    stdout_ok(
        bin()
            .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
            .args(["--corpus", "corpus"])
            .args(args),
    )
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
    let console = console_with(b"/help\n/quit\n");
    assert!(console.contains("/exercise hip rotation"), "{console}");
    assert!(!console.contains('`'), "{console}");
    assert!(!console.contains("**"), "{console}");
}

/// Stdout of `spotter ARGS`, asserting the exit code.
fn run(args: &[&str], code: i32) -> (String, String) {
    let out = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .args(["--corpus", "corpus"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    (String::from_utf8_lossy(&out.stdout).to_string(), stderr)
}

#[test]
fn cards_wrap_to_80_columns_with_hanging_indents_into_a_pipe() {
    for args in [
        &["ask", "how do I do a goblet squat?"][..],
        &["ask", "what are common plank mistakes?"],
        &["exercise", "barbell back squat"],
        &["related", "plank"],
    ] {
        let card = text(args);
        for line in card.lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line:?}");
        }
    }
    let steps = text(&["ask", "how do I do a goblet squat?"]);
    let lines: Vec<&str> = steps.lines().collect();
    let continued = lines.windows(2).any(|w| {
        let step = w[0].trim_start();
        let indent = w[0].len() - step.len();
        let marker = step
            .find(". ")
            .filter(|&at| step[..at].parse::<u8>().is_ok());
        marker.is_some_and(|at| {
            let hang = indent + at + 2;
            w[1].len() > hang && w[1][..hang].trim().is_empty() && !w[1][hang..].starts_with(' ')
        })
    });
    assert!(continued, "no step continues under its text:\n{steps}");
}

/// The numbers of the list items a card shows, in order.
fn items(card: &str) -> Vec<usize> {
    card.lines()
        .filter_map(|l| l.trim_start().split_once(". ")?.0.parse().ok())
        .collect()
}

#[test]
fn lists_say_how_many_they_show_and_limit_or_all_show_the_rest() {
    let first = text(&["related", "plank"]);
    assert_eq!(items(&first), (1..=10).collect::<Vec<_>>(), "{first}");
    assert!(
        first.contains("(Related exercises · showing 10 of 25; --limit N or --all shows more)"),
        "{first}"
    );
    let fifteen = text(&["related", "plank", "--limit", "15"]);
    assert_eq!(items(&fifteen), (1..=15).collect::<Vec<_>>(), "{fifteen}");
    assert!(fifteen.contains("showing 15 of 25;"), "{fifteen}");
    let all = text(&["related", "plank", "--all"]);
    assert_eq!(items(&all), (1..=25).collect::<Vec<_>>(), "{all}");
    assert!(
        all.contains("(Related exercises · showing 25 of 25)"),
        "{all}"
    );
    // No item twice, and none of page one's lost.
    let names: Vec<&str> = all.lines().filter(|l| l.contains(" — ")).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 25, "{all}");
    let found = text(&["find", "--muscle", "glutes", "--all"]);
    let total: usize = found
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("(showing ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("{found}"));
    assert_eq!(items(&found), (1..=total).collect::<Vec<_>>(), "{found}");
    assert!(
        found.contains(&format!("(showing {total} of {total})")),
        "{found}"
    );
    let asked = text(&["ask", "glute exercises", "--limit", "12"]);
    assert_eq!(items(&asked).len(), 12, "{asked}");
    let (_, refused) = run(&["related", "plank", "--limit", "0"], 2);
    assert!(refused.contains("--limit"), "{refused}");
    let (_, refused) = run(&["related", "plank", "--all", "--json"], 2);
    assert!(refused.contains("--json"), "{refused}");
}

#[test]
fn the_cli_shows_its_own_help_instead_of_discords() {
    let help = text(&["ask", ""]);
    assert!(help.contains("spotter exercise hip rotation"), "{help}");
    assert!(!help.contains("/exercise"), "{help}");
    assert!(!help.contains('`'), "{help}");
    assert!(help.lines().all(|l| l.chars().count() <= 80), "{help}");
}
