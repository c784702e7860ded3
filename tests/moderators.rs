//! The moderators' side end to end, through the real serenity client against the fake
//! Discord (and signed HTTP where the transport matters): what the bot could not answer,
//! counted per server and listed by `/unanswered`; a page's source as an ephemeral file
//! (multipart, checked by the fake as Discord checks it); rights; a corrupt database.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};
use spotter::Database;
use spotter::gateway::GatewaySettings;
use spotter::texts::MODERATORS_ONLY;
use spotter::{App, DiscordConfig, Secret, Settings};

use crate::gateway::{WAIT, connect, embed, member, opt};
use crate::http as endpoint;
use crate::render::check_limits;
use crate::support::fake_discord::{self as fake, APP_ID, FakeDiscord, GUILD_ID, Recorded};
use crate::support::{copy_dir, root};

const OTHER_GUILD: u64 = 900000000000000099;
/// Manage Server: a moderator.
const MANAGE_GUILD: &str = "32";

pub(crate) struct Bot {
    pub(crate) fake: FakeDiscord,
    pub(crate) corpus: tempfile::TempDir,
    index: tempfile::TempDir,
}

impl Bot {
    /// The bot's index folder.
    pub(crate) fn index_dir(&self) -> &Path {
        self.index.path()
    }
}

/// The shipped corpus copied to a temp folder, its index, the database at `db` (the bot runs
/// without records when it cannot be opened), and the bot on the fake's gateway.
pub(crate) async fn start_with(db: &Path) -> Bot {
    let corpus = tempfile::tempdir().unwrap();
    copy_dir(&root().join("corpus"), corpus.path());
    start_over(corpus, db, false).await
}

/// The bot over `corpus` (pulled with git first on `/reindex` when `git_pull`).
pub(crate) async fn start_over(corpus: tempfile::TempDir, db: &Path, git_pull: bool) -> Bot {
    let index = tempfile::tempdir().unwrap();
    let settings = Settings {
        corpus: corpus.path().to_path_buf(),
        index: index.path().to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let db = db.to_path_buf();
    let app = tokio::task::spawn_blocking(move || {
        let mut app = App::open(settings, &|_, _| {}).unwrap().0;
        app.attach_records(Database::open(&db), 90);
        app.pull_with_git(git_pull);
        app
    })
    .await
    .unwrap();
    let fake = FakeDiscord::start().await;
    let settings = GatewaySettings {
        token: Secret::new("test-token"),
        api_base: Some(fake.api_base()),
        discord: DiscordConfig {
            guild_ids: vec![GUILD_ID],
            cooldown_burst: 100,
            cooldown_per_second: 100.0,
            ..DiscordConfig::default()
        },
        shards: None,
    };
    connect(&fake, &settings, Arc::new(app)).await;
    Bot {
        fake,
        corpus,
        index,
    }
}

pub(crate) fn moderator(user: u64) -> Value {
    fake::member(user, &format!("mod{user}"), MANAGE_GUILD, &[])
}

fn unanswered(id: u64, who: Value) -> Value {
    fake::command(
        id,
        "unanswered",
        json!([{"name": "days", "type": 4, "value": 7}]),
        who,
    )
}

pub(crate) fn page(id: u64, sub: &str, options: Value, who: Value) -> Value {
    fake::command(
        id,
        "page",
        json!([{"name": sub, "type": 1, "options": options}]),
        who,
    )
}

/// The edit of a deferred response (`PATCH /webhooks/{app}/token-{id}/messages/@original`).
pub(crate) async fn edit_of(f: &FakeDiscord, id: u64) -> Recorded {
    let path = format!("/api/v10/webhooks/{APP_ID}/token-{id}/messages/@original");
    f.wait_request(|r| r.method == "PATCH" && r.path == path, WAIT)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unanswered_questions_are_counted_per_server_and_listed_to_moderators() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("records.db");
    let bot = start_with(&db).await;
    let f = &bot.fake;
    let nothing = || opt("query", "Zqxv Wobble");
    for id in [401, 403] {
        let body = f
            .interact(fake::command(id, "exercise", nothing(), member(1)), WAIT)
            .await;
        let title = embed(&body)["title"].as_str().unwrap_or_default();
        assert!(title.starts_with("No exercise matches"), "{body}");
    }
    let elsewhere = fake::in_guild(
        fake::command(405, "exercise", nothing(), member(2)),
        OTHER_GUILD,
    );
    f.interact(elsewhere, WAIT).await;
    // A question that is answered is not recorded.
    f.interact(
        fake::command(407, "exercise", opt("query", "hip rotation"), member(1)),
        WAIT,
    )
    .await;

    let refused = f.interact(unanswered(409, member(1)), WAIT).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert_eq!(refused["data"]["content"], MODERATORS_ONLY);

    let here = f.interact(unanswered(411, moderator(3)), WAIT).await;
    check_limits(&here).unwrap();
    assert_eq!(here["data"]["flags"], 64, "only the moderator sees it");
    let text = embed(&here)["description"].as_str().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].starts_with("1. **2×** zqxv wobble (last "),
        "{text}"
    );

    let there = f
        .interact(
            fake::in_guild(unanswered(413, moderator(3)), OTHER_GUILD),
            WAIT,
        )
        .await;
    let text = embed(&there)["description"].as_str().unwrap();
    assert!(text.starts_with("1. **1×** zqxv wobble"), "{text}");

    // The rows are in the file, per server, without any user.
    let db = Database::open(&db).unwrap();
    let all = db
        .unanswered(spotter::Scope::All, 1, spotter::now_secs(), 25)
        .unwrap();
    let mut counts: Vec<(Option<u64>, u64)> = all.iter().map(|r| (r.guild, r.count)).collect();
    counts.sort();
    assert_eq!(counts, [(Some(GUILD_ID), 2), (Some(OTHER_GUILD), 1)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_database_turns_moderator_records_off_and_answers_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corrupt.db");
    std::fs::write(&db, b"not a database at all; ".repeat(300)).unwrap();
    let bot = start_with(&db).await;
    let f = &bot.fake;
    let card = f
        .interact(
            fake::command(421, "exercise", opt("query", "hip rotation"), member(1)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&card)["title"], "Seated Internal Hip Rotation");
    let missing = f
        .interact(
            fake::command(423, "exercise", opt("query", "Zqxv Wobble"), member(1)),
            WAIT,
        )
        .await;
    assert!(
        embed(&missing)["title"]
            .as_str()
            .unwrap()
            .starts_with("No exercise matches")
    );
    let off = f.interact(unanswered(425, moderator(3)), WAIT).await;
    assert_eq!(off["data"]["content"], spotter::texts::RECORDS_OFF);
    assert!(
        !off.to_string().contains("corrupt.db"),
        "no path on Discord: {off}"
    );
    // The file is left as it was for the operator to look at.
    assert!(std::fs::read(&db).unwrap().starts_with(b"not a database"));
}

const HIP: &str = "exercises/seated-internal-hip-rotation.md";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_source_is_an_ephemeral_markdown_file() {
    let dir = tempfile::tempdir().unwrap();
    let bot = start_with(&dir.path().join("r.db")).await;
    let f = &bot.fake;
    let expected = std::fs::read(bot.corpus.path().join(HIP)).unwrap();

    // Autocomplete offers exercise names.
    let mut typing = page(
        431,
        "source",
        json!([{"name": "name", "type": 3, "value": "hip rot", "focused": true}]),
        moderator(3),
    );
    typing["type"] = json!(4);
    let choices = f.interact(typing, WAIT).await;
    assert_eq!(choices["type"], 8);
    let names: Vec<&str> = choices["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Seated Internal Hip Rotation"), "{names:?}");

    let name = json!([{"name": "name", "type": 3, "value": "Seated Internal Hip Rotation"}]);
    let deferred = f
        .interact(page(433, "source", name.clone(), moderator(3)), WAIT)
        .await;
    assert_eq!(
        (&deferred["type"], &deferred["data"]["flags"]),
        (&json!(5), &json!(64))
    );
    let edit = edit_of(f, 433).await;
    assert_eq!(edit.files.len(), 1, "{:?}", edit.body);
    let file = &edit.files[0];
    assert_eq!(file.field, "files[0]");
    assert_eq!(file.filename, "seated-internal-hip-rotation.md");
    assert_eq!(file.bytes, expected);
    assert_eq!(edit.body["attachments"][0]["filename"], file.filename);
    assert!(
        edit.body["content"].as_str().unwrap().contains(HIP),
        "{}",
        edit.body
    );
    assert_eq!(edit.body["allowed_mentions"]["parse"], json!([]));

    // By id and by path too; an unknown page is told so, with no file.
    let by_id = json!([{"name": "name", "type": 3, "value": "seated-internal-hip-rotation"}]);
    f.interact(page(435, "source", by_id, moderator(3)), WAIT)
        .await;
    assert_eq!(edit_of(f, 435).await.files[0].bytes, expected);
    let unknown = json!([{"name": "name", "type": 3, "value": "../../etc/passwd"}]);
    f.interact(page(437, "source", unknown, moderator(3)), WAIT)
        .await;
    let edit = edit_of(f, 437).await;
    assert!(edit.files.is_empty());
    assert!(
        edit.body["content"]
            .as_str()
            .unwrap()
            .starts_with("No page of that name"),
        "{}",
        edit.body
    );

    // A member without the rights is refused at once.
    let refused = f.interact(page(439, "source", name, member(1)), WAIT).await;
    assert_eq!(refused["data"]["content"], MODERATORS_ONLY);
    assert_eq!(refused["data"]["flags"], 64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_source_over_signed_http_defers_then_uploads() {
    let s = endpoint::start().await;
    let name = json!([{"name": "name", "type": 3, "value": "Seated Internal Hip Rotation"}]);
    let (status, body) = endpoint::signed(
        &s.addr,
        &page(441, "source", name, endpoint::member(3, MANAGE_GUILD)),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        (&body["type"], &body["data"]["flags"]),
        (&json!(5), &json!(64))
    );
    let edit = edit_of(&s.fake, 441).await;
    assert_eq!(edit.files.len(), 1);
    assert_eq!(
        edit.files[0].bytes,
        std::fs::read(root().join("corpus").join(HIP)).unwrap()
    );
    assert!(
        edit.header("content-type")
            .unwrap()
            .starts_with("multipart/form-data")
    );
}

/// A multipart edit as serenity sends it, with `files` parts and `payload_json`.
fn form(boundary: &str, payload: &Value, files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (field, filename, bytes) in files {
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: text/markdown\r\n\r\n"
            )
            .as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{payload}\r\n--{boundary}--\r\n")
            .as_bytes(),
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_checks_multipart_bodies_as_discord_does() {
    let f = FakeDiscord::start().await;
    let addr = f.api_base().trim_start_matches("http://").to_string();
    let path = format!("/api/v10/webhooks/{APP_ID}/token-1/messages/@original");
    let send = |body: Vec<u8>| {
        let (addr, path) = (addr.clone(), path.clone());
        async move {
            let ct = (
                "Content-Type",
                "multipart/form-data; boundary=XyZ".to_string(),
            );
            endpoint::request(&addr, "PATCH", &path, &[ct], &body).await
        }
    };
    let good = json!({"content": "x", "attachments": [{"id": 0, "filename": "a.md"}]});
    let (status, body) = send(form("XyZ", &good, &[("files[0]", "a.md", b"# A\n")])).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let message: Value = serde_json::from_slice(&body).unwrap();
    let attachment: serenity::all::Attachment =
        serde_json::from_value(message["attachments"][0].clone()).unwrap();
    assert_eq!((attachment.filename.as_str(), attachment.size), ("a.md", 4));

    for (payload, files) in [
        // A part no attachments entry names.
        (
            json!({"attachments": []}),
            vec![("files[0]", "a.md", &b"x"[..])],
        ),
        // A filename that differs from its entry.
        (
            json!({"attachments": [{"id": 0, "filename": "b.md"}]}),
            vec![("files[0]", "a.md", &b"x"[..])],
        ),
        // An entry without its part.
        (
            json!({"attachments": [{"id": 0, "filename": "a.md"}]}),
            vec![],
        ),
    ] {
        let (status, body) = send(form("XyZ", &payload, &files)).await;
        let error: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            (status, &error["code"]),
            (400, &json!(50035)),
            "{payload}: {error}"
        );
    }
}
