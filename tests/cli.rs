//! The binary: bad input still answers (exit 0), a missing corpus is one line (exit 2), a
//! bad file is reported with its path while the others serve, several processes on a new
//! corpus all answer, the index never lands in the corpus and is reused; an error prints each
//! cause once.

use std::process::Output;

use serde_json::Value;

use crate::render::check_limits;
use crate::support::{bin, root, stdout_ok};

fn ask_json(corpus: &std::path::Path, index: &std::path::Path, question: &str) -> Output {
    bin()
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(["ask", "--json", question])
        .output()
        .expect("runs")
}

#[test]
fn bad_questions_still_get_a_valid_card() {
    let index = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    let long = "squat ".repeat(17_000);
    for q in [
        "",
        "   ",
        &long,
        "\u{7}\u{1b}[31mplank\u{8}\u{7f}",
        "🏋️ 💪 plank?",
        "ما هي العضلات",
        "@everyone <@123> plank",
    ] {
        let out = ask_json(&corpus, index.path(), q);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{q:.40}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let body: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        check_limits(&body).unwrap_or_else(|e| panic!("{q:.40}: {e}"));
    }
}

#[test]
fn a_missing_corpus_is_one_clear_line() {
    let out = bin()
        .args(["--corpus", "does/not/exist", "ask", "plank"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: corpus folder not found: does/not/exist"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unreadable_and_non_utf8_files_are_reported_and_the_rest_serve() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/exercises/plank.md"),
        dir.path().join("plank.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9 Squat\n").unwrap();
    let out = bin().arg("check").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("latin1.md:1: the file is not valid UTF-8"),
        "{stdout}"
    );
    let index = tempfile::tempdir().unwrap();
    let out = ask_json(dir.path(), index.path(), "plank");
    assert_eq!(out.status.code(), Some(0));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["data"]["embeds"][0]["title"], "Plank");
}

#[test]
fn several_processes_on_a_new_corpus_all_answer() {
    let index = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    let children: Vec<_> = (0..4)
        .map(|_| {
            bin()
                .arg("--corpus")
                .arg(&corpus)
                .arg("--index")
                .arg(index.path())
                .args(["ask", "--json", "what muscles does the plank work"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let body: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(body["data"]["embeds"][0]["title"], "Plank");
    }
    // One build served them all: a single generation.
    let gens = std::fs::read_dir(index.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("gen-")
        })
        .count();
    assert_eq!(gens, 1);
}

#[test]
fn the_index_lives_in_a_cache_keyed_by_corpus_and_is_reused() {
    let cache = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/exercises/plank.md"),
        corpus.path().join("plank.md"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        bin()
            .env("XDG_CACHE_HOME", cache.path())
            .arg("--corpus")
            .arg(corpus.path())
            .args(args)
            .output()
            .unwrap()
    };
    let first = run(&["index"]);
    assert!(String::from_utf8_lossy(&first.stdout).starts_with("indexed 1 page(s)"));
    let second = run(&["index"]);
    assert!(String::from_utf8_lossy(&second.stdout).starts_with("index up to date: 1 page(s)"));
    let entries: Vec<_> = std::fs::read_dir(corpus.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "nothing written into the corpus");
    assert!(cache.path().join("spotter").is_dir());
    // A changed page is picked up by the next call.
    std::fs::copy(
        root().join("corpus/exercises/crunch.md"),
        corpus.path().join("crunch.md"),
    )
    .unwrap();
    let third = run(&["index"]);
    assert!(String::from_utf8_lossy(&third.stdout).starts_with("indexed 2 page(s)"));
}

#[test]
fn find_and_related_and_compare_answer() {
    let index = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| stdout_ok(bin().arg("--index").arg(index.path()).args(args));
    assert!(run(&["find", "--muscle", "glutes", "--equipment", "band"]).contains("Clamshell"));
    assert!(run(&["related", "plank"]).starts_with("━━ Plank ━━"));
    assert!(
        run(&["compare", "goblet squat", "front squat"])
            .starts_with("━━ Goblet Squat vs Front Squat ━━")
    );
    let out = bin()
        .arg("--index")
        .arg(index.path())
        .args(["find", "--muscle", "wings"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn r11_an_error_prints_each_cause_once() {
    #[derive(Debug, thiserror::Error)]
    #[error("401: Unauthorized")]
    struct Inner;
    #[derive(Debug, thiserror::Error)]
    #[error("401: Unauthorized")]
    struct Outer(#[source] Inner);
    let e = anyhow::Error::new(Outer(Inner)).context("reading the application");
    assert_eq!(
        spotter::error_line(&e),
        "reading the application: 401: Unauthorized"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r11_a_refused_token_is_one_line_with_each_cause_once() {
    let f = crate::support::fake_discord::FakeDiscord::start().await;
    let out = tokio::task::spawn_blocking({
        let base = f.api_base();
        move || {
            bin()
                .arg("register")
                .env("DISCORD_TOKEN", "wrong-token")
                .env("DISCORD_API_BASE", base)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(stderr.matches("401: Unauthorized").count(), 1, "{stderr}");
    assert!(!stderr.contains("wrong-token"), "{stderr}");
}
