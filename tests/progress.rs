//! `spotter index` on a large corpus: a labelled bar with the rate and the time left on a
//! terminal (a pseudo-terminal from util-linux `script`), none into a pipe, and a last line
//! with the pages, the seconds and the rate.

use std::path::Path;
use std::process::Command;

use crate::support::root;

/// A corpus of `n` copies of the plank page, each its own exercise.
fn large_corpus(dir: &Path, n: usize) {
    let plank = std::fs::read_to_string(root().join("corpus/exercises/plank.md")).unwrap();
    // Without the related links, which point at pages this corpus does not have.
    let page: String = plank
        .lines()
        .filter(|l| !l.contains(".md)"))
        .collect::<Vec<_>>()
        .join("\n");
    for i in 0..n {
        let text = page.replacen("# Plank", &format!("# Plank {i}"), 1);
        std::fs::write(dir.join(format!("plank-{i}.md")), text).unwrap();
    }
}

/// "indexed N page(s) in T s (R pages/s) into …": N, T and R.
fn last_line(text: &str) -> (usize, f64, f64) {
    // A terminal's copy holds the bar's redraws: carriage returns and "erase line".
    let line = text
        .split(['\r', '\n'])
        .map(|l| l.trim_start_matches("\u{1b}[2K"))
        .rfind(|l| l.starts_with("indexed "))
        .unwrap_or_else(|| panic!("no last line in {text:?}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        (words[2], words[3], words[5], words[7]),
        ("page(s)", "in", "s", "pages/s)"),
        "{line}"
    );
    let number = |w: &str| w.trim_start_matches('(').parse::<f64>().unwrap();
    (
        words[1].parse().unwrap(),
        number(words[4]),
        number(words[6]),
    )
}

#[test]
fn index_shows_a_labelled_bar_on_a_terminal_only_and_ends_with_the_rate() {
    let corpus = tempfile::tempdir().unwrap();
    large_corpus(corpus.path(), 600);
    let bin = env!("CARGO_BIN_EXE_spotter");
    let corpus_arg = corpus.path().to_str().unwrap();

    let cache = tempfile::tempdir().unwrap();
    let piped = Command::new(bin)
        .env("XDG_CACHE_HOME", cache.path())
        .args(["index", "--corpus", corpus_arg])
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&piped.stdout),
        String::from_utf8_lossy(&piped.stderr),
    );
    assert!(
        !stderr.contains("indexing ["),
        "no bar into a pipe: {stderr}"
    );
    let (pages, seconds, rate) = last_line(&stdout);
    assert_eq!(pages, 600);
    assert!(seconds > 0.0, "{stdout}");
    let expected = pages as f64 / seconds;
    assert!((rate - expected).abs() <= expected * 0.05 + 1.0, "{stdout}");

    // `script` runs the command on a pseudo-terminal and copies what it writes.
    let cache = tempfile::tempdir().unwrap();
    let command = format!("{bin} index --force --corpus {corpus_arg}");
    let on_terminal = Command::new("script")
        .env("XDG_CACHE_HOME", cache.path())
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("util-linux script runs");
    assert_eq!(on_terminal.status.code(), Some(0));
    let screen = String::from_utf8_lossy(&on_terminal.stdout);
    assert!(screen.contains("indexing ["), "{screen:?}");
    assert!(screen.contains("/600 pages, "), "{screen:?}");
    assert!(screen.contains(" pages/s, ETA "), "{screen:?}");
    assert_eq!(last_line(&screen).0, 600);
}
