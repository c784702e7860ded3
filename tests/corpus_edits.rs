//! Moderators changing the corpus from Discord, end to end through the real serenity client
//! and the fake Discord (which serves the attachment on 127.0.0.1): a good page uploaded and
//! served after the reindex, a replaced page's history, a broken page's problems with the
//! corpus untouched, a file that is not markdown, one too large, hostile names, a colliding
//! id, a non-moderator, a read-only and a built-in corpus, and a removal with its confirm;
//! and an upload over signed HTTP (serve-http), served after its reindex.

use std::path::Path;

use serde_json::{Value, json};
use spotter::texts::MODERATORS_ONLY;

use crate::gateway::{WAIT, embed, member, opt};
use crate::http as endpoint;
use crate::moderators::{Bot, edit_of, moderator, page, start_with};
use crate::support::fake_discord::{self as fake, FakeDiscord};

const ZERCHER: &str = "# Zercher Carry

## Quick answer

A loaded carry with the bar held in the crook of the elbows: it trains the upper back, the
core and the grip of the whole body.

- **Body Part:** Back
- **Equipment:** Barbell
- **Target Muscle:** Upper Back
- **Secondary Muscles:** Abdominals, Biceps
- **Difficulty:** Advanced
- **Category:** Strength

## How to perform

1. Set the bar in a rack at hip height and hold it in the crook of your elbows.
2. Stand up and walk 20-30 metres with short steps.

## FAQ

### How many reps should you do?

3 carries of 20-30 metres.
";

/// The files of a folder tree, relative, sorted, with their bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `/page upload` of a file the fake hosts (its size as stated, unless `stated` says
/// otherwise), with an optional `name`.
fn upload(f: &FakeDiscord, id: u64, file: (&str, &[u8]), name: Option<&str>, who: Value) -> Value {
    upload_stated(f, id, file, None, name, who)
}

fn upload_stated(
    f: &FakeDiscord,
    id: u64,
    (filename, bytes): (&str, &[u8]),
    stated: Option<u64>,
    name: Option<&str>,
    who: Value,
) -> Value {
    let mut attachment = f.host_file(filename, bytes, Some("text/markdown"));
    if let Some(size) = stated {
        attachment["size"] = json!(size);
    }
    let attachment_id = attachment["id"].as_str().unwrap().to_string();
    let mut options = vec![json!({"name": "file", "type": 11, "value": attachment_id})];
    if let Some(n) = name {
        options.push(json!({"name": "name", "type": 3, "value": n}));
    }
    let mut d = page(id, "upload", json!(options), who);
    d["data"]["resolved"] = json!({"attachments": {attachment_id: attachment}});
    d
}

/// The deferral's edit text after an upload or removal.
async fn outcome(f: &FakeDiscord, d: Value, id: u64) -> String {
    let deferred = f.interact(d, WAIT).await;
    assert_eq!(deferred["type"], 5, "{deferred}");
    assert_eq!(deferred["data"]["flags"], 64, "{deferred}");
    let edit = edit_of(f, id).await;
    edit.body["content"].as_str().unwrap().to_string()
}

async fn bot() -> (Bot, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let bot = start_with(&dir.path().join("r.db")).await;
    (bot, dir)
}

fn history_of(bot: &Bot) -> std::path::PathBuf {
    // The bot's index is a temp folder of its own; its history sits beside it.
    let index = bot.index_dir();
    spotter::history_dir(index)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_page_is_written_and_served_after_the_reindex() {
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let before = f
        .interact(
            fake::command(501, "exercise", opt("query", "zercher carry"), member(1)),
            WAIT,
        )
        .await;
    assert_ne!(embed(&before)["title"], "Zercher Carry");

    let text = outcome(
        f,
        upload(
            f,
            503,
            ("zercher-carry.md", ZERCHER.as_bytes()),
            None,
            moderator(3),
        ),
        503,
    )
    .await;
    assert!(
        text.starts_with("Added `exercises/zercher-carry.md`."),
        "{text}"
    );
    assert!(
        text.contains("Reindexed in ") && text.contains("Added 1 "),
        "{text}"
    );
    let written = bot.corpus.path().join("exercises/zercher-carry.md");
    assert_eq!(std::fs::read_to_string(&written).unwrap(), ZERCHER);
    let hidden: Vec<_> = tree(bot.corpus.path())
        .into_iter()
        .filter(|(p, _)| p.contains("/.") || p.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "no temp file left: {hidden:?}");

    let after = f
        .interact(
            fake::command(505, "exercise", opt("query", "zercher carry"), member(1)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&after)["title"], "Zercher Carry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_page_uploaded_over_signed_http_is_served_after_the_reindex() {
    use spotter::{App, Database, Settings};

    let corpus = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&crate::support::root().join("corpus"), corpus.path());
    let (index, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let settings = Settings {
        corpus: corpus.path().to_path_buf(),
        index: index.path().to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let db_path = db.path().join("r.db");
    let app = tokio::task::spawn_blocking(move || {
        let mut app = App::open(settings, &|_, _| {}).unwrap().0;
        app.attach_records(Database::open(&db_path), 90);
        std::sync::Arc::new(app)
    })
    .await
    .unwrap();
    let s = endpoint::serve(app, &endpoint::discord_config(None), index).await;
    let query = || opt("query", "zercher carry");
    let (_, before) =
        endpoint::signed(&s.addr, &fake::command(541, "exercise", query(), member(1))).await;
    assert_ne!(embed(&before)["title"], "Zercher Carry");

    let d = upload(
        &s.fake,
        543,
        ("zercher-carry.md", ZERCHER.as_bytes()),
        None,
        moderator(3),
    );
    let (status, deferred) = endpoint::signed(&s.addr, &d).await;
    assert_eq!(status, 200);
    assert_eq!(
        (&deferred["type"], &deferred["data"]["flags"]),
        (&json!(5), &json!(64))
    );
    let edit = edit_of(&s.fake, 543).await;
    let text = edit.body["content"].as_str().unwrap();
    assert!(
        text.starts_with("Added `exercises/zercher-carry.md`."),
        "{text}"
    );
    assert!(text.contains("Added 1 "), "{text}");
    // The bytes exist only on the fake: the endpoint downloaded them from 127.0.0.1.
    assert_eq!(
        std::fs::read_to_string(corpus.path().join("exercises/zercher-carry.md")).unwrap(),
        ZERCHER
    );
    let (_, after) =
        endpoint::signed(&s.addr, &fake::command(545, "exercise", query(), member(1))).await;
    assert_eq!(embed(&after)["title"], "Zercher Carry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replaced_page_keeps_its_previous_version_beside_the_index() {
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let path = bot
        .corpus
        .path()
        .join("exercises/seated-internal-hip-rotation.md");
    let old = std::fs::read_to_string(&path).unwrap();
    let new = old.replace(
        "## Quick answer\n\n",
        "## Quick answer\n\nRevised by a moderator. ",
    );
    // The name's id is the page's own: it replaces that file, never adds a second one.
    let d = upload(
        f,
        511,
        ("draft.md", new.as_bytes()),
        Some("Seated Internal Hip Rotation"),
        moderator(3),
    );
    let text = outcome(f, d, 511).await;
    assert!(
        text.starts_with(
            "Replaced `exercises/seated-internal-hip-rotation.md` (the previous version is kept)."
        ),
        "{text}"
    );
    assert!(text.contains("changed 1"), "{text}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), new);
    let history = tree(&history_of(&bot));
    assert_eq!(history.len(), 1, "{history:?}");
    assert!(
        history[0].0.starts_with("seated-internal-hip-rotation."),
        "{history:?}"
    );
    assert_eq!(history[0].1, old.as_bytes());
    assert!(!bot.corpus.path().join("exercises/draft.md").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_uploads_are_answered_and_change_nothing() {
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let before = tree(bot.corpus.path());

    // Broken: no Difficulty, a bad one elsewhere. Every problem as path:line: message.
    let broken = ZERCHER.replace("- **Difficulty:** Advanced\n", "");
    let text = outcome(
        f,
        upload(
            f,
            521,
            ("zercher-carry.md", broken.as_bytes()),
            None,
            moderator(3),
        ),
        521,
    )
    .await;
    assert!(
        text.starts_with("1 problem(s); nothing was changed."),
        "{text}"
    );
    let shown = format!(
        "{}/exercises/zercher-carry.md:",
        bot.corpus.path().display()
    );
    let line = text.lines().nth(1).unwrap();
    assert!(line.starts_with(&format!("`{shown}")), "{line}");
    assert!(line.contains("Difficulty"), "{line}");

    let invalid = b"# Bad\n\n\xff\xfe not utf-8\n";
    let text = outcome(
        f,
        upload(f, 523, ("bad.md", invalid), None, moderator(3)),
        523,
    )
    .await;
    assert!(
        text.contains("problem(s); nothing was changed") && text.contains(":3: "),
        "{text}"
    );

    let text = outcome(
        f,
        upload(f, 525, ("notes.txt", b"hello"), None, moderator(3)),
        525,
    )
    .await;
    assert_eq!(text, "Only markdown pages (`.md`) can be uploaded.");

    // Too large by Discord's word (never downloaded), and by its bytes (cut off while read).
    let big = vec![b'a'; 1024 * 1024 + 1];
    let text = outcome(f, upload(f, 527, ("big.md", &big), None, moderator(3)), 527).await;
    assert!(
        text.starts_with("That file is larger than 1048576 bytes"),
        "{text}"
    );
    let d = upload_stated(f, 529, ("big.md", &big), Some(100), None, moderator(3));
    let text = outcome(f, d, 529).await;
    assert!(
        text.starts_with("That file is larger than 1048576 bytes"),
        "{text}"
    );

    assert_eq!(tree(bot.corpus.path()), before, "the corpus is untouched");
    assert!(!history_of(&bot).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_and_non_moderators_change_nothing() {
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let before = tree(bot.corpus.path());
    // Hostile names, as the attachment's or the option's.
    for (id, file, name) in [
        (531, "../../etc/passwd.md", None),
        (533, "ok.md", Some("../../etc/passwd.md")),
        (535, "ok.md", Some(".hidden")),
    ] {
        let text = outcome(
            f,
            upload(f, id, (file, ZERCHER.as_bytes()), name, moderator(3)),
            id,
        )
        .await;
        assert!(
            text.starts_with("That name is refused: "),
            "{file} {name:?}: {text}"
        );
    }

    // Not a moderator: refused at once, nothing downloaded or written.
    let refused = f
        .interact(
            upload(
                f,
                537,
                ("zercher-carry.md", ZERCHER.as_bytes()),
                None,
                member(1),
            ),
            WAIT,
        )
        .await;
    assert_eq!(refused["data"]["content"], MODERATORS_ONLY);

    assert_eq!(tree(bot.corpus.path()), before, "the corpus is untouched");
    assert!(!history_of(&bot).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_corpus_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let corpus = bot.corpus.path();
    std::fs::set_permissions(corpus, std::fs::Permissions::from_mode(0o555)).unwrap();
    let text = outcome(
        f,
        upload(
            f,
            541,
            ("zercher-carry.md", ZERCHER.as_bytes()),
            None,
            moderator(3),
        ),
        541,
    )
    .await;
    let removal = f
        .interact(
            page(
                543,
                "remove",
                json!([{"name": "name", "type": 3, "value": "plank"}]),
                moderator(3),
            ),
            WAIT,
        )
        .await;
    std::fs::set_permissions(corpus, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(text.starts_with("The corpus folder is read-only"), "{text}");
    assert!(
        removal["data"]["content"]
            .as_str()
            .unwrap()
            .starts_with("The corpus folder is read-only"),
        "{removal}"
    );
    assert!(!corpus.join("exercises/zercher-carry.md").exists());
}

#[test]
fn the_built_in_corpus_is_refused() {
    use spotter::Handler;
    let cache = tempfile::tempdir().unwrap();
    let builtin = spotter::builtin::extract(cache.path()).unwrap();
    let (app, _index) = crate::support::open(&builtin, "");
    let refusal = app
        .moderation()
        .unwrap()
        .accepts("x.md", None)
        .unwrap_err()
        .answer();
    let spotter::Answer::Notice { text, .. } = refusal else {
        panic!("a notice");
    };
    assert!(
        text.starts_with("This bot serves the pages built into spotter"),
        "{text}"
    );
}

/// Every button of an interaction response: (label, custom_id).
fn buttons(body: &Value) -> Vec<(String, String)> {
    body["data"]["components"][0]["components"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().to_string(),
                b["custom_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_asks_to_confirm_and_keeps_a_copy() {
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let path = bot
        .corpus
        .path()
        .join("exercises/seated-internal-hip-rotation.md");
    let old = std::fs::read(&path).unwrap();
    let name = json!([{"name": "name", "type": 3, "value": "Seated Internal Hip Rotation"}]);
    let prompt = f
        .interact(page(551, "remove", name.clone(), moderator(3)), WAIT)
        .await;
    crate::render::check_limits(&prompt).unwrap();
    assert_eq!(
        (prompt["type"].clone(), prompt["data"]["flags"].clone()),
        (json!(4), json!(64))
    );
    assert_eq!(
        prompt["data"]["content"],
        "Remove `exercises/seated-internal-hip-rotation.md` from the corpus? A copy is kept in the history folder."
    );
    let b = buttons(&prompt);
    assert_eq!(
        b[0],
        (
            "Remove".into(),
            "v1:pagedel:seated-internal-hip-rotation".into()
        )
    );
    assert_eq!(b[1], ("Keep it".into(), "v1:pagekeep".into()));

    let ack = f
        .interact(fake::component(557, &b[0].1, &[], moderator(3)), WAIT)
        .await;
    assert_eq!(ack["type"], 6, "the prompt itself is updated: {ack}");
    let edit = edit_of(f, 557).await;
    let text = edit.body["content"].as_str().unwrap();
    assert!(
        text.starts_with("Removed `exercises/seated-internal-hip-rotation.md` (a copy is kept)."),
        "{text}"
    );
    assert!(text.contains("removed 1"), "{text}");
    assert_eq!(edit.body["components"], json!([]));
    assert!(!path.exists());
    let history = tree(&history_of(&bot));
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].1, old);

    let gone = f
        .interact(
            fake::command(
                559,
                "exercise",
                opt("query", "seated internal hip rotation"),
                member(1),
            ),
            WAIT,
        )
        .await;
    assert_ne!(embed(&gone)["title"], "Seated Internal Hip Rotation");
    // A second confirm finds nothing to remove.
    f.interact(fake::component(561, &b[0].1, &[], moderator(3)), WAIT)
        .await;
    let again = edit_of(f, 561).await;
    assert!(
        again.body["content"]
            .as_str()
            .unwrap()
            .starts_with("That page is no longer in the corpus")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keeping_a_page_or_a_members_click_removes_nothing() {
    let (bot, _dir) = bot().await;
    let f = &bot.fake;
    let path = bot
        .corpus
        .path()
        .join("exercises/seated-internal-hip-rotation.md");
    let b = [
        (
            String::new(),
            "v1:pagedel:seated-internal-hip-rotation".to_string(),
        ),
        (String::new(), "v1:pagekeep".to_string()),
    ];
    // Keep it: nothing happens. A member's click on Remove: refused.
    let kept = f
        .interact(fake::component(553, &b[1].1, &[], moderator(3)), WAIT)
        .await;
    assert_eq!(
        (kept["type"].clone(), kept["data"]["content"].clone()),
        (json!(7), json!("Nothing was removed."))
    );
    let refused = f
        .interact(fake::component(555, &b[0].1, &[], member(1)), WAIT)
        .await;
    assert_eq!(refused["data"]["content"], MODERATORS_ONLY);
    assert!(path.exists());

    assert!(!history_of(&bot).exists());
}
