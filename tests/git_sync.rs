//! `corpus.git_pull` end to end: a corpus that is a clone of a temp repository (a bare
//! origin and two clones, all local paths), a commit pushed elsewhere pulled by `/reindex`
//! and reported with its short hash and subject, and by `corpus.watch`'s watcher and then
//! served, a diverged clone reported with the live index kept, and uploads refused for a
//! corpus kept in git.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use crate::gateway::{WAIT, embed, member, opt};
use crate::moderators::{Bot, edit_of, moderator, page, start_over};
use crate::support::fake_discord as fake;
use crate::support::{copy_dir, fixture};

/// Runs git in `dir` as a test user; panics with git's message when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const CARRY: &str = "# Zercher Carry

## Quick answer

A loaded carry with the bar in the crook of the elbows, for the upper back and the grip.

- **Body Part:** Back
- **Equipment:** Barbell
- **Target Muscle:** Upper Back
- **Difficulty:** Advanced
";

/// (origin, a clone others push from, the bot's clone as its corpus).
fn repositories() -> (tempfile::TempDir, tempfile::TempDir, tempfile::TempDir) {
    let origin = tempfile::tempdir().unwrap();
    git(
        origin.path(),
        &["init", "--bare", "--quiet", "--initial-branch=main"],
    );
    let work = tempfile::tempdir().unwrap();
    git(work.path(), &["init", "--quiet", "--initial-branch=main"]);
    copy_dir(&fixture("corpus"), work.path());
    git(work.path(), &["add", "."]);
    git(work.path(), &["commit", "--quiet", "-m", "The first pages"]);
    git(
        work.path(),
        &["remote", "add", "origin", origin.path().to_str().unwrap()],
    );
    git(work.path(), &["push", "--quiet", "-u", "origin", "main"]);
    let live = tempfile::tempdir().unwrap();
    let live_path = live.path().to_str().unwrap().to_string();
    git(
        origin.path(),
        &[
            "clone",
            "--quiet",
            origin.path().to_str().unwrap(),
            &live_path,
        ],
    );
    (origin, work, live)
}

fn reindex(id: u64) -> serde_json::Value {
    fake::command(id, "reindex", json!([]), moderator(3))
}

async fn reindex_text(bot: &Bot, id: u64) -> String {
    let deferred = bot.fake.interact(reindex(id), WAIT).await;
    assert_eq!(deferred["type"], 5);
    let edit = edit_of(&bot.fake, id).await;
    edit.body["content"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_pulls_new_commits_and_reports_them() {
    let (_origin, work, live) = repositories();
    let db = tempfile::tempdir().unwrap();
    let live_path = live.path().to_path_buf();
    let bot = start_over(live, &db.path().join("r.db"), true).await;
    let f = &bot.fake;

    std::fs::write(work.path().join("exercises/zercher-carry.md"), CARRY).unwrap();
    git(work.path(), &["add", "."]);
    git(
        work.path(),
        &["commit", "--quiet", "-m", "Add the Zercher carry"],
    );
    git(work.path(), &["push", "--quiet"]);
    let hash = git(work.path(), &["rev-parse", "--short", "HEAD"]);

    let text = reindex_text(&bot, 601).await;
    assert!(
        text.starts_with(&format!(
            "Pulled 1 commit(s):\n`{}` Add the Zercher carry\nReindexed in ",
            hash.trim()
        )),
        "{text}"
    );
    assert!(text.contains("Added 1 "), "{text}");
    assert!(live_path.join("exercises/zercher-carry.md").exists());
    let card = f
        .interact(
            fake::command(603, "exercise", opt("query", "zercher carry"), member(1)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&card)["title"], "Zercher Carry");

    // Nothing new: nothing listed.
    let text = reindex_text(&bot, 605).await;
    assert!(text.starts_with("Reindexed in "), "{text}");

    // Pages kept in git are changed there, not from Discord.
    let refusal = f
        .interact(
            page(
                607,
                "remove",
                json!([{"name": "name", "type": 3, "value": "zercher carry"}]),
                moderator(3),
            ),
            WAIT,
        )
        .await;
    assert!(
        refusal["data"]["content"]
            .as_str()
            .unwrap()
            .starts_with("This corpus is kept in a git repository"),
        "{refusal}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diverged_clone_is_reported_and_the_live_index_stays() {
    let (_origin, work, live) = repositories();
    let live_path = live.path().to_path_buf();
    // A commit of the bot's clone's own, and another pushed to origin: no fast-forward.
    std::fs::write(
        live_path.join("local-note.md"),
        "# A local note\n\nWritten on the server.\n",
    )
    .unwrap();
    git(&live_path, &["add", "."]);
    git(&live_path, &["commit", "--quiet", "-m", "A local change"]);
    let db = tempfile::tempdir().unwrap();
    let bot = start_over(live, &db.path().join("r.db"), true).await;
    std::fs::write(work.path().join("exercises/zercher-carry.md"), CARRY).unwrap();
    git(work.path(), &["add", "."]);
    git(
        work.path(),
        &["commit", "--quiet", "-m", "Add the Zercher carry"],
    );
    git(work.path(), &["push", "--quiet"]);
    let head_before = git(&live_path, &["rev-parse", "HEAD"]);

    let text = reindex_text(&bot, 611).await;
    assert_eq!(
        text,
        "git pull failed: the corpus's branch and its remote have diverged (no fast-forward is possible); someone must merge them in the repository; the live index is unchanged and still serving."
    );
    assert_eq!(
        git(&live_path, &["rev-parse", "HEAD"]),
        head_before,
        "nothing was merged"
    );
    let card = bot
        .fake
        .interact(
            fake::command(613, "exercise", opt("query", "zercher carry"), member(1)),
            WAIT,
        )
        .await;
    assert_ne!(
        embed(&card)["title"],
        "Zercher Carry",
        "the live index stays"
    );
}

/// Pushes the Zercher carry from `work` to origin.
fn push_carry(work: &Path) {
    std::fs::write(work.join("exercises/zercher-carry.md"), CARRY).unwrap();
    git(work, &["add", "."]);
    git(work, &["commit", "--quiet", "-m", "Add the Zercher carry"]);
    git(work, &["push", "--quiet"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watcher_pulls_new_commits_and_serves_them() {
    use spotter::{Answer, App, Handler, Request, Settings};

    let (_origin, work, live) = repositories();
    let index = tempfile::tempdir().unwrap();
    let settings = Settings {
        corpus: live.path().to_path_buf(),
        index: index.path().to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let app = tokio::task::spawn_blocking(move || {
        let mut app = App::open(settings, &|_, _| {}).unwrap().0;
        app.pull_with_git(true);
        std::sync::Arc::new(app)
    })
    .await
    .unwrap();
    let ask = |app: &App| {
        let request = Request::Exercise {
            query: "zercher carry".into(),
        };
        match app.handle(&request) {
            Answer::Card(card) => card.title,
            other => format!("{other:?}"),
        }
    };
    assert_ne!(ask(&app), "Zercher Carry");
    push_carry(work.path());
    // A short interval: the watcher pulls every 30 polls, so every 3 s here.
    app.watch(std::time::Duration::from_millis(100));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let served = loop {
        let app = std::sync::Arc::clone(&app);
        let title = tokio::task::spawn_blocking(move || ask(&app))
            .await
            .unwrap();
        if title == "Zercher Carry" || std::time::Instant::now() > deadline {
            break title;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(
        served, "Zercher Carry",
        "pulled and reindexed by the watcher"
    );
    assert!(live.path().join("exercises/zercher-carry.md").exists());
    assert_eq!(
        git(live.path(), &["rev-parse", "HEAD"]),
        git(work.path(), &["rev-parse", "HEAD"]),
        "the clone is at origin's commit"
    );
}
