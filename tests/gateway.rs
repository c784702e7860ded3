//! `spotter serve` end to end: the real serenity client of the bot against the fake Discord
//! on 127.0.0.1. Registration, cards, autocomplete, buttons, mentions and follow-ups,
//! `/reindex` rights and reports, RECONNECT/RESUME, and 200 concurrent interactions.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use spotter::gateway::{self, GatewaySettings};
use spotter::{App, DiscordConfig, Secret, Settings};

use crate::support::fake_discord::{
    self as fake, APP_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, bot_mention,
};
use crate::support::{copy_dir, root};

pub(crate) const WAIT: Duration = Duration::from_secs(20);
pub(crate) const MOD_ROLE: u64 = 900000000000000777;

pub(crate) struct Running {
    pub(crate) fake: FakeDiscord,
    corpus: tempfile::TempDir,
    _index: tempfile::TempDir,
}

/// The shipped corpus copied to a temp folder (so tests may edit it), its index, the fake,
/// and the bot connected to it.
pub(crate) async fn start(burst: u32) -> Running {
    start_reporting(burst, None).await
}

/// As `start`, with members' reports posted to `report_channel_id`.
pub(crate) async fn start_reporting(burst: u32, report_channel_id: Option<u64>) -> Running {
    let corpus = tempfile::tempdir().unwrap();
    copy_dir(&root().join("corpus"), corpus.path());
    let index = tempfile::tempdir().unwrap();
    let settings = Settings {
        corpus: corpus.path().to_path_buf(),
        index: index.path().to_path_buf(),
        page_url: "https://example.org/exercise/{id}".into(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let app = tokio::task::spawn_blocking(move || App::open(settings, &|_, _| {}).unwrap().0)
        .await
        .unwrap();
    let fake = FakeDiscord::start().await;
    let settings = GatewaySettings {
        token: Secret::new("test-token"),
        api_base: Some(fake.api_base()),
        discord: DiscordConfig {
            guild_ids: vec![GUILD_ID],
            moderator_role_ids: vec![MOD_ROLE],
            cooldown_burst: burst,
            cooldown_per_second: 1.0,
            report_channel_id: report_channel_id.unwrap_or(0),
            ..DiscordConfig::default()
        },
        shards: None,
    };
    connect(&fake, &settings, Arc::new(app)).await;
    Running {
        fake,
        corpus,
        _index: index,
    }
}

pub(crate) fn member(user: u64) -> Value {
    fake::member(user, &format!("user{user}"), "0", &[])
}

pub(crate) fn opt(name: &str, value: &str) -> Value {
    json!([{"name": name, "type": 3, "value": value}])
}

pub(crate) fn embed(body: &Value) -> &Value {
    &body["data"]["embeds"][0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_commands_and_answers_a_card() {
    let r = start(10).await;
    let f = &r.fake;
    assert!(
        f.served_gateway_discovery(),
        "the bot must ask the fake for the gateway"
    );
    let identify = f.identifies()[0].clone();
    assert_eq!(identify["token"], "Bot test-token");
    let intents = identify["intents"].as_u64().unwrap();
    assert_eq!(intents, gateway::INTENTS.bits(), "no privileged intents");

    let put = f
        .wait_request(
            |r| {
                r.method == "PUT"
                    && r.path
                        == format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
            },
            WAIT,
        )
        .await;
    let commands = put.body.as_array().unwrap();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "exercise",
            "ask",
            "related",
            "find",
            "compare",
            "reindex",
            "help",
            "Find exercises in this message",
            "unanswered",
            "page",
            "settings"
        ]
    );
    assert_eq!(commands[0]["options"][0]["autocomplete"], true);
    assert_eq!(commands[5]["default_member_permissions"], "32");
    assert!(
        commands[3]["options"][1]["choices"]
            .as_array()
            .unwrap()
            .len()
            <= 25
    );

    let body = f
        .interact(
            fake::command(101, "exercise", opt("query", "hip rotation"), member(1)),
            WAIT,
        )
        .await;
    assert_eq!(body["type"], 4);
    assert_eq!(embed(&body)["title"], "Seated Internal Hip Rotation");
    assert_eq!(
        embed(&body)["url"],
        "https://example.org/exercise/seated-internal-hip-rotation"
    );
    assert_eq!(body["data"]["allowed_mentions"]["parse"], json!([]));
    let buttons: Vec<&str> = body["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap())
        .collect();
    assert!(
        buttons.contains(&"v1:reps:seated-internal-hip-rotation"),
        "{buttons:?}"
    );
    crate::render::check_limits(&body).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_buttons_and_selects() {
    let r = start(10).await;
    let f = &r.fake;
    let body = f
        .interact(
            fake::autocomplete(201, "exercise", "query", "hip ro", member(2)),
            WAIT,
        )
        .await;
    assert_eq!(body["type"], 8);
    let names: Vec<&str> = body["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Seated Internal Hip Rotation"), "{names:?}");
    assert!(names.len() <= 25);

    let empty = f
        .interact(
            fake::autocomplete(202, "exercise", "query", "", member(2)),
            WAIT,
        )
        .await;
    assert!(
        !empty["data"]["choices"].as_array().unwrap().is_empty(),
        "popular exercises"
    );

    // `/find`'s facet options offer the values the live corpus uses, with counts.
    let body = f
        .interact(
            fake::autocomplete(204, "find", "equipment", "resist", member(2)),
            WAIT,
        )
        .await;
    assert_eq!(body["type"], 8);
    let choices = body["data"]["choices"].as_array().unwrap();
    assert!(
        choices.iter().any(|c| c["value"] == "Resistance Band"
            && c["name"].as_str().unwrap().starts_with("Resistance Band (")),
        "{choices:?}"
    );

    // Someone else's card: their own ephemeral copy.
    let body = f
        .interact(fake::component(203, "v1:reps:plank", &[], member(3)), WAIT)
        .await;
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["flags"], 64);
    assert_eq!(embed(&body)["title"], "Plank");
    assert_eq!(embed(&body)["footer"]["text"], "Sets and reps");

    // The card's owner: the card itself changes.
    let mut mine = fake::component(205, "v1:howto:plank", &[], member(4));
    mine["message"]["interaction"] =
        json!({"id": "205", "type": 2, "name": "exercise", "user": fake::user(4, "user4")});
    let body = f.interact(mine, WAIT).await;
    assert_eq!(body["type"], 7);
    assert_eq!(embed(&body)["footer"]["text"], "How to perform");

    let body = f
        .interact(
            fake::component(207, "v1:pick:overview", &["glute-bridge"], member(3)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&body)["title"], "Glute Bridge");

    let body = f
        .interact(fake::component(209, "v0:old:button", &[], member(3)), WAIT)
        .await;
    assert_eq!(
        body["data"]["flags"], 64,
        "an unknown button gets a polite ephemeral line"
    );
}

async fn mention_reply(f: &FakeDiscord, id: u64, text: &str, user: u64) -> Value {
    let before = f.requests().len();
    f.dispatch(
        "MESSAGE_CREATE",
        fake::message(id, &format!("{} {text}", bot_mention()), user, true, true),
    )
    .await;
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    f.wait_for("a reply", WAIT, |_| {
        f.requests()
            .into_iter()
            .skip(before)
            .find(|r| r.method == "POST" && r.path == path)
            .map(|r| r.body)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_and_follow_ups() {
    let r = start(10).await;
    let f = &r.fake;
    let reply = mention_reply(f, 301, "how many reps of lunges?", 5).await;
    assert_eq!(reply["embeds"][0]["title"], "Walking Lunge");
    assert_eq!(reply["allowed_mentions"]["parse"], json!([]));
    let follow = mention_reply(f, 302, "and is it ok for beginners?", 5).await;
    assert_eq!(follow["embeds"][0]["title"], "Walking Lunge");
    assert_eq!(follow["embeds"][0]["footer"]["text"], "Beginner friendly?");
    // Another person's follow-up has no context of theirs.
    let other = mention_reply(f, 303, "and is it ok for beginners?", 6).await;
    assert!(other["embeds"][0]["title"] != "Walking Lunge");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_needs_rights_reports_and_keeps_good_pages() {
    let r = start(10).await;
    let f = &r.fake;
    let refused = f
        .interact(fake::command(401, "reindex", json!([]), member(7)), WAIT)
        .await;
    assert_eq!(refused["type"], 4);
    assert_eq!(refused["data"]["flags"], 64);
    assert!(
        refused["data"]["content"]
            .as_str()
            .unwrap()
            .contains("Only moderators")
    );

    // A new page, and a broken edit of an existing one.
    let exercises = r.corpus.path().join("exercises");
    let new_page = std::fs::read_to_string(exercises.join("plank.md"))
        .unwrap()
        .replace("# Plank", "# Copenhagen Side Hold")
        .replace(
            "What muscles does the Plank work",
            "What muscles does the Copenhagen Side Hold work",
        );
    std::fs::write(exercises.join("copenhagen-side-hold.md"), new_page).unwrap();
    let broken = std::fs::read_to_string(exercises.join("crunch.md"))
        .unwrap()
        .replace("- **Difficulty:** Beginner", "- **Difficulty:** Expert");
    std::fs::write(exercises.join("crunch.md"), broken).unwrap();

    let moderator = fake::member(8, "mod", "32", &[]);
    let deferred = f
        .interact(fake::command(402, "reindex", json!([]), moderator), WAIT)
        .await;
    assert_eq!(deferred["type"], 5);
    assert_eq!(deferred["data"]["flags"], 64);
    let edit = f
        .wait_request(
            |r| r.method == "PATCH" && r.path.ends_with("/messages/@original"),
            Duration::from_secs(60),
        )
        .await;
    let report = edit.body["content"].as_str().unwrap().to_string();
    assert!(report.starts_with("Reindexed in"), "{report}");
    assert!(report.contains("Added 1"), "{report}");
    assert!(report.contains("crunch.md:"), "{report}");
    assert!(report.contains("Expert"), "{report}");

    let body = f
        .interact(
            fake::command(
                403,
                "exercise",
                opt("query", "copenhagen side hold"),
                member(9),
            ),
            WAIT,
        )
        .await;
    assert_eq!(embed(&body)["title"], "Copenhagen Side Hold");
    let body = f
        .interact(
            fake::command(404, "exercise", opt("query", "crunch"), member(9)),
            WAIT,
        )
        .await;
    assert_eq!(
        embed(&body)["title"],
        "Crunch",
        "the rejected page keeps its last good version"
    );

    // A member with the configured moderator role may reindex too.
    let by_role = fake::member(10, "helper", "0", &[MOD_ROLE]);
    let deferred = f
        .interact(fake::command(405, "reindex", json!([]), by_role), WAIT)
        .await;
    assert_eq!(deferred["type"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumes_after_reconnect() {
    let r = start(10).await;
    let f = &r.fake;
    let first = f.identifies()[0]["token"].clone();
    let resume = f.reconnect(WAIT).await;
    assert_eq!(resume["token"], first);
    assert!(resume["session_id"].is_string());
    let body = f
        .interact(
            fake::command(501, "exercise", opt("query", "plank"), member(11)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&body)["title"], "Plank");
    assert_eq!(f.identifies().len(), 1, "resumed, not identified again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_interactions_from_twenty_users() {
    let r = start(10).await;
    let f = &r.fake;
    let questions = [
        "hip rotation",
        "plank",
        "goblet squat",
        "push up",
        "deadlift",
    ];
    let futures = (0..200u64).map(|n| {
        let q = questions[n as usize % questions.len()];
        f.interact(
            fake::command(
                10_000 + n * 2,
                "exercise",
                opt("query", q),
                member(100 + n % 20),
            ),
            Duration::from_secs(60),
        )
    });
    let bodies = futures_util::future::join_all(futures).await;
    assert_eq!(bodies.len(), 200);
    for b in &bodies {
        assert_eq!(b["type"], 4);
        assert!(embed(b)["title"].is_string(), "{b}");
        crate::render::check_limits(b).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_fast_is_told_to_slow_down() {
    let r = start(3).await;
    let f = &r.fake;
    let mut slowed = 0;
    for n in 0..5u64 {
        let b = f
            .interact(
                fake::command(600 + n * 2, "exercise", opt("query", "plank"), member(12)),
                WAIT,
            )
            .await;
        if b["data"]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Slow down"))
        {
            assert_eq!(b["data"]["flags"], 64);
            slowed += 1;
        }
    }
    assert!(slowed >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_the_bot_down_cleanly() {
    let fake = FakeDiscord::start().await;
    let index = tempfile::tempdir().unwrap();
    let mut child = crate::support::bin()
        .arg("--index")
        .arg(index.path())
        .arg("serve")
        .env("DISCORD_TOKEN", "test-token")
        .env("DISCORD_API_BASE", fake.api_base())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    fake.wait_identify(WAIT).await;
    let body = fake
        .interact(fake::command(701, "help", json!([]), member(13)), WAIT)
        .await;
    assert_eq!(body["data"]["flags"], 64);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let code = loop {
        if let Some(code) = child.try_wait().unwrap() {
            break code;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the bot did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(code.success(), "{code:?}");
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(!stderr.contains("test-token"), "the token is never logged");
    assert!(stderr.contains("shutting down"), "{stderr}");
}

#[test]
fn watch_reindexes_when_pages_change() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/exercises/plank.md"),
        corpus.path().join("plank.md"),
    )
    .unwrap();
    let index = tempfile::tempdir().unwrap();
    let app = Arc::new(
        App::open(
            Settings {
                corpus: corpus.path().to_path_buf(),
                index: index.path().to_path_buf(),
                page_url: String::new(),
                max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
            },
            &|_, _| {},
        )
        .unwrap()
        .0,
    );
    let before = app.searcher().generation().number;
    app.watch(Duration::from_millis(100));
    std::fs::copy(
        root().join("corpus/exercises/crunch.md"),
        corpus.path().join("crunch.md"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while app.searcher().generation().number == before {
        assert!(
            std::time::Instant::now() < deadline,
            "no reindex after a page was added"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(app.searcher().generation().meta.pages, 2);
}

/// Issue 12: the watcher's thread held the app and slept forever. It holds the app weakly
/// and waits on its stop signal, so dropping the app ends it at once, long before its next
/// poll (a minute away here).
#[test]
fn watch_stops_when_the_app_is_dropped() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/exercises/plank.md"),
        corpus.path().join("plank.md"),
    )
    .unwrap();
    let (app, _index) = crate::support::open(corpus.path(), "");
    let app = Arc::new(app);
    let weak = Arc::downgrade(&app);
    let watcher = app.watch(Duration::from_secs(60));
    drop(app);
    assert!(weak.upgrade().is_none(), "no thread keeps the app alive");
    let (done, ended) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(watcher.join().is_ok()));
    assert_eq!(
        ended.recv_timeout(Duration::from_secs(5)),
        Ok(true),
        "the watcher ends when the app is dropped, without waiting for its next poll"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identifies_again_after_an_invalid_session() {
    let r = start(10).await;
    let f = &r.fake;
    f.send_raw(json!({"op": 9, "d": false})).await;
    // serenity restarts the shard and identifies anew (after its 5 s shutdown timeout).
    f.wait_for("a second IDENTIFY", Duration::from_secs(30), |f| {
        (f.identifies().len() >= 2).then_some(())
    })
    .await;
    let body = f
        .interact(
            fake::command(801, "exercise", opt("query", "plank"), member(14)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&body)["title"], "Plank");
}

/// Starts the real serenity client of `settings` over `app` against `fake`, and waits until
/// it has identified and registered its commands (Ready is handled by then).
pub async fn connect(fake: &FakeDiscord, settings: &GatewaySettings, app: Arc<App>) {
    let mut client = gateway::client(settings, app).await.unwrap();
    tokio::spawn(async move {
        let _ = client.start().await;
    });
    fake.wait_identify(WAIT).await;
    fake.wait_request(|r| r.method == "PUT" && r.path.contains("/commands"), WAIT)
        .await;
}
