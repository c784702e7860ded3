//! The moderators' database: migrations once and versioned, a newer or corrupt file refused
//! naming it, what could not be answered counted per server and day across a restart,
//! retention, two processes writing at once, and `spotter unanswered` (text and `--json`).

use std::path::Path;

use spotter::layout::{database_path, database_version};
use spotter::{Database, QUESTION_MAX_CHARS, Reason, Scope, StorageError};

use crate::support::bin;

const DAY: i64 = 86_400;
/// A fixed "now" (2026-12-01 12:00 UTC): the day arithmetic is tested, not the clock.
const NOW: i64 = 1_796_126_400;
const GUILD_A: u64 = 900000000000000002;
const GUILD_B: u64 = 900000000000000099;

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state").join("spotter.db");
    (dir, path)
}

#[test]
fn migrations_run_once_and_set_the_version() {
    let (_dir, path) = temp_db();
    let db = Database::open(&path).unwrap();
    assert_eq!(db.version().unwrap(), database_version());
    db.record_unanswered(Some(GUILD_A), "zercher carry", NOW)
        .unwrap();
    drop(db);
    // A second open migrates nothing and keeps the rows.
    let db = Database::open(&path).unwrap();
    assert_eq!(db.version().unwrap(), database_version());
    let rows = db.unanswered(Scope::All, 1, NOW, 25).unwrap();
    assert_eq!(rows.len(), 1);
    let mode: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_newer_database_is_refused_naming_the_file() {
    let (_dir, path) = temp_db();
    Database::open(&path).unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let err = Database::open(&path).unwrap_err();
    assert!(
        matches!(err, StorageError::Newer { found: 99, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn a_corrupt_file_is_an_error_naming_the_file() {
    let (dir, _) = temp_db();
    let path = dir.path().join("broken.db");
    std::fs::write(
        &path,
        b"this is not a database, it is a text file ".repeat(200),
    )
    .unwrap();
    let err = Database::open(&path).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, StorageError::Open { .. }), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("not a database"), "{text}");
}

#[test]
fn questions_count_per_server_and_survive_a_restart() {
    let (_dir, path) = temp_db();
    let db = Database::open(&path).unwrap();
    db.record_unanswered(Some(GUILD_A), "zercher carry", NOW - DAY)
        .unwrap();
    db.record_unanswered(Some(GUILD_A), "zercher carry", NOW)
        .unwrap();
    db.record_unanswered(Some(GUILD_A), "jefferson curl", NOW)
        .unwrap();
    db.record_unanswered(Some(GUILD_B), "zercher carry", NOW)
        .unwrap();
    db.record_report(Some(GUILD_B), "plank", NOW).unwrap();
    db.record_unanswered(None, "in a dm", NOW).unwrap();
    db.record_unanswered(Some(GUILD_A), "   ", NOW).unwrap();
    drop(db);

    let db = Database::open(&path).unwrap();
    let a = db
        .unanswered(Scope::Guild(Some(GUILD_A)), 7, NOW, 25)
        .unwrap();
    let listed: Vec<(&str, u64)> = a.iter().map(|r| (r.question.as_str(), r.count)).collect();
    assert_eq!(listed, [("zercher carry", 2), ("jefferson curl", 1)]);
    assert_eq!(a[0].first_seen, NOW - DAY);
    assert_eq!(a[0].last_seen, NOW);
    assert_eq!(a[0].guild, Some(GUILD_A));

    let b = db
        .unanswered(Scope::Guild(Some(GUILD_B)), 7, NOW, 25)
        .unwrap();
    assert_eq!(b.len(), 2);
    assert!(
        b.iter()
            .any(|r| r.reason == Reason::Report && r.question == "plank")
    );
    let dm = db.unanswered(Scope::Guild(None), 7, NOW, 25).unwrap();
    assert_eq!(dm[0].guild, None);
    assert_eq!(db.unanswered(Scope::All, 7, NOW, 25).unwrap().len(), 5);
    // Today only: yesterday's ask of "zercher carry" in A is not counted.
    let today = db
        .unanswered(Scope::Guild(Some(GUILD_A)), 1, NOW, 25)
        .unwrap();
    assert_eq!(today[0].count, 1);
    // No column holds a user: the schema is the whole record.
    let columns: Vec<String> = rusqlite::Connection::open(&path)
        .unwrap()
        .prepare("SELECT name FROM pragma_table_info('unanswered')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!columns.iter().any(|c| c.contains("user")), "{columns:?}");
}

#[test]
fn retention_expires_old_days_only() {
    let (_dir, path) = temp_db();
    let db = Database::open(&path).unwrap();
    db.record_unanswered(Some(GUILD_A), "old", NOW - 100 * DAY)
        .unwrap();
    db.record_unanswered(Some(GUILD_A), "edge", NOW - 89 * DAY)
        .unwrap();
    db.record_unanswered(Some(GUILD_A), "new", NOW).unwrap();
    assert_eq!(db.expire(90, NOW).unwrap(), 1);
    let left: Vec<String> = db
        .unanswered(Scope::All, 365, NOW, 25)
        .unwrap()
        .into_iter()
        .map(|r| r.question)
        .collect();
    assert_eq!(left, ["new", "edge"]);
}

#[test]
fn only_the_top_rows_are_listed_and_long_text_is_cut() {
    let (_dir, path) = temp_db();
    let db = Database::open(&path).unwrap();
    for i in 0..30 {
        for _ in 0..=i {
            db.record_unanswered(Some(GUILD_A), &format!("question {i}"), NOW)
                .unwrap();
        }
    }
    db.record_unanswered(Some(GUILD_A), &"y".repeat(5000), NOW)
        .unwrap();
    let top = db.unanswered(Scope::All, 1, NOW, 25).unwrap();
    assert_eq!(top.len(), 25);
    assert_eq!(top[0].question, "question 29");
    assert_eq!(top[0].count, 30);
    let all = db.unanswered(Scope::All, 1, NOW, 100).unwrap();
    let long = all.iter().find(|r| r.question.starts_with('y')).unwrap();
    assert_eq!(long.question.chars().count(), QUESTION_MAX_CHARS);
}

/// The environment variable that makes `writer_process` write (it is otherwise skipped).
const WRITER_DB: &str = "SPOTTER_TEST_WRITER_DB";
const WRITES_PER_PROCESS: usize = 300;

/// Run by `two_processes_write_at_once` as a child process of this test binary.
#[test]
#[ignore = "a child process of two_processes_write_at_once"]
fn writer_process() {
    let Some(path) = std::env::var_os(WRITER_DB) else {
        return;
    };
    let db = Database::open(Path::new(&path)).unwrap();
    for i in 0..WRITES_PER_PROCESS {
        db.record_unanswered(Some(GUILD_A), &format!("q{}", i % 10), NOW)
            .unwrap();
    }
}

#[test]
fn two_processes_write_at_once() {
    let (_dir, path) = temp_db();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "storage::writer_process",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env(WRITER_DB, &path)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let db = Database::open(&path).unwrap();
    let rows = db.unanswered(Scope::All, 1, NOW, 25).unwrap();
    let total: u64 = rows.iter().map(|r| r.count).sum();
    assert_eq!(total, 2 * WRITES_PER_PROCESS as u64);
    assert_eq!(rows.len(), 10);
}

#[test]
fn default_database_sits_beside_the_index_never_in_it() {
    assert_eq!(
        database_path(Path::new("/cache/spotter/corpus-ab12/")),
        Path::new("/cache/spotter/corpus-ab12.db")
    );
}

#[test]
fn the_cli_lists_what_could_not_be_answered_and_applies_retention() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("m.db");
    let now = spotter::now_secs();
    let db = Database::open(&db_path).unwrap();
    db.record_unanswered(Some(GUILD_A), "zercher carry", now)
        .unwrap();
    db.record_unanswered(Some(GUILD_A), "zercher carry", now)
        .unwrap();
    db.record_unanswered(Some(GUILD_B), "jefferson curl", now - DAY)
        .unwrap();
    db.record_unanswered(Some(GUILD_B), "ancient", now - 40 * DAY)
        .unwrap();
    drop(db);
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[storage]\npath = \"m.db\"\nretention_days = 30\n").unwrap();
    let run = |extra: &[&str]| {
        let out = bin()
            .args(["--config", config.to_str().unwrap(), "unanswered"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&["--days", "7"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[1].contains("zercher carry") && lines[1].trim_start().starts_with('2'),
        "{text}"
    );
    assert!(lines[1].contains(&GUILD_A.to_string()), "{text}");
    assert!(lines[2].contains("jefferson curl"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run(&["--json", "--days", "365"])).unwrap();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 2, "the 40-day-old row expired at start: {json}");
    assert_eq!(list[0]["question"], "zercher carry");
    assert_eq!(list[0]["count"], 2);
    assert_eq!(list[0]["guild_id"], GUILD_A.to_string());
    assert_eq!(list[0]["reason"], "not_found");
}
