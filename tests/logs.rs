//! Log lines on stderr: no colour codes into a pipe, JSON for log collectors
//! (`--log-format json`, `SPOTTER_LOG_FORMAT=json`), and corpus problems named once by a
//! one-shot command.

use crate::support::{bin, root};

/// Stderr of `spotter ARGS` with `RUST_LOG=debug` (Tantivy's records of building the index
/// among them) and `envs`, asserting exit 0.
fn stderr(args: &[&str], envs: &[(&str, &str)]) -> String {
    let out = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .env("RUST_LOG", "debug")
        .env_remove("SPOTTER_LOG_FORMAT")
        .envs(envs.iter().copied())
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {text}");
    text
}

const ASK: [&str; 4] = ["--corpus", "corpus", "ask", "plank"];

#[test]
fn text_logs_into_a_pipe_carry_no_colour() {
    let text = stderr(&ASK, &[]);
    assert!(text.lines().count() > 0, "debug logs something");
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("DEBUG") || text.contains("INFO"), "{text}");
}

#[test]
fn json_logs_are_one_object_a_line() {
    let by_flag = stderr(
        &["--log-format", "json", "--corpus", "corpus", "ask", "plank"],
        &[],
    );
    let by_env = stderr(&ASK, &[("SPOTTER_LOG_FORMAT", "json")]);
    for text in [by_flag, by_env] {
        assert!(text.lines().count() > 0);
        for line in text.lines() {
            let event: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
            assert!(event["level"].is_string(), "{line}");
            assert!(event["fields"].is_object(), "{line}");
        }
        assert!(!text.contains('\u{1b}'));
    }
    // The flag wins over the variable; a variable that names no format is an error.
    let text = stderr(
        &["--log-format", "text", "--corpus", "corpus", "ask", "plank"],
        &[("SPOTTER_LOG_FORMAT", "json")],
    );
    assert!(!text.starts_with('{'), "{text}");
    let out = bin()
        .env("SPOTTER_LOG_FORMAT", "xml")
        .args(ASK)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: SPOTTER_LOG_FORMAT=xml: use text or json"
    );
}

#[test]
fn a_one_shot_command_names_each_corpus_problem_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/exercises/plank.md"),
        dir.path().join("plank.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9 Squat\n").unwrap();
    let corpus = dir.path().to_str().unwrap();
    let out = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .env_remove("RUST_LOG")
        .args(["--corpus", corpus, "ask", "plank"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(text.matches("latin1.md").count(), 1, "{text}");
    assert!(
        text.contains("latin1.md:1: the file is not valid UTF-8"),
        "{text}"
    );
    assert!(!text.contains("WARN"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().all(|l| l.starts_with("warning: ")), "{text}");
    let mut unique = lines.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), lines.len(), "a problem named twice:\n{text}");
    // Five named (plank's four dangling related links and the bad file), then how many more.
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(
        lines[5],
        "warning: 1 more problem(s) in the corpus; spotter check lists them all"
    );
}
