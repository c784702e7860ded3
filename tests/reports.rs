//! Report a problem, end to end against the fake Discord: no Report button without a report
//! channel; with one, the button opens a modal (checked against serenity's models by the
//! fake), and the form's report (the question as asked, the page, the text, the server and
//! channel) is posted to the channel pinging nobody, the member thanked privately. On the
//! gateway and on signed HTTP; a question too long for the id is found whole by its key; an
//! undeliverable report is told so, unless a `ReportSink` kept it; the CLI's `--json` shows
//! the same button, and `serve-http` refuses reports without the token to post them.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use spotter::Report;
use spotter::texts::{EMPTY_REPORT as EMPTY, NOT_DELIVERED, REPORT_INPUT_ID, THANKS};
use spotter::{DiscordConfig, ReportSink, ReportSinkError};

use crate::gateway::{WAIT, embed, member, opt, start, start_reporting};
use crate::http as endpoint;
use crate::members::{button, click};
use crate::render::check_limits;
use crate::support::fake_discord::{self as fake, CHANNEL_ID, GUILD_ID, REPORT_CHANNEL_ID};
use crate::support::{bin, root, stdout_ok};

/// The fields of a posted report's embed, by name.
fn field<'a>(post: &'a Value, name: &str) -> &'a str {
    post["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}: {post}"))["value"]
        .as_str()
        .unwrap()
}

/// The modal of a type 9 callback, checked: one short text input of ours.
fn check_modal(body: &Value, custom_id: &str) {
    assert_eq!(body["type"], 9, "{body}");
    let data = &body["data"];
    assert_eq!(data["custom_id"], custom_id);
    assert_eq!(data["title"], "Report a problem");
    let rows: Vec<serenity::all::ActionRow> =
        serde_json::from_value(data["components"].clone()).expect("serenity's ActionRow");
    assert_eq!(rows.len(), 1);
    let [serenity::all::ActionRowComponent::InputText(input)] = rows[0].components.as_slice()
    else {
        panic!("one text input: {data}");
    };
    assert_eq!(input.custom_id, REPORT_INPUT_ID);
    assert_eq!(input.style, Some(serenity::all::InputTextStyle::Short));
    assert!(input.label.as_ref().unwrap().chars().count() <= 45);
    assert_eq!((input.min_length, input.max_length), (Some(1), Some(1000)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_no_report_button_without_a_channel() {
    let r = start(100).await;
    let card = r
        .fake
        .interact(
            fake::command(801, "exercise", opt("query", "plank"), member(5)),
            WAIT,
        )
        .await;
    assert_eq!(embed(&card)["title"], "Plank");
    assert_eq!(button(&card, "Report"), None);
    assert_eq!(button(&card, "🗑").as_deref(), Some("v1:del:5"));

    // An old card's button, once reports are turned off: told so, privately.
    let old = r
        .fake
        .interact(
            click(803, "v1:rep:plank:/exercise plank", member(5), 5),
            WAIT,
        )
        .await;
    assert_eq!(old["type"], 4);
    assert_eq!(old["data"]["flags"], 64);
    assert_eq!(old["data"]["content"], spotter::texts::REPORTS_OFF);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_a_report_is_posted_to_the_channel_and_pings_nobody() {
    let r = start_reporting(100, Some(REPORT_CHANNEL_ID)).await;
    let f = &r.fake;
    let card = f
        .interact(
            fake::command(811, "exercise", opt("query", "plank"), member(5)),
            WAIT,
        )
        .await;
    check_limits(&card).unwrap();
    let report = button(&card, "Report").expect("a Report button");
    assert_eq!(report, "v1:rep:plank:/exercise plank");

    // Anyone may report: the form opens for another member too.
    let form = f.interact(click(813, &report, member(6), 5), WAIT).await;
    check_modal(&form, &report);

    let text = "Wrong muscles @everyone <@&42> **bold**";
    let thanks = f
        .interact(
            fake::modal_submit(815, &report, REPORT_INPUT_ID, text, member(6)),
            WAIT,
        )
        .await;
    assert_eq!(
        (thanks["type"].clone(), thanks["data"]["flags"].clone()),
        (json!(4), json!(64))
    );
    assert_eq!(thanks["data"]["content"], THANKS);

    let posted = f.wait_channel_messages(REPORT_CHANNEL_ID, 1, WAIT).await;
    let post = &posted[0];
    check_limits(&json!({ "data": post })).unwrap();
    assert_eq!(
        post["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    assert_eq!(post["embeds"][0]["title"], "Problem reported");
    let said = post["embeds"][0]["description"].as_str().unwrap();
    assert!(
        !said.contains("@everyone") && !said.contains("<@&"),
        "{said}"
    );
    assert!(said.contains("\\*\\*bold\\*\\*"), "shown as typed: {said}");
    assert_eq!(field(post, "Question"), "/exercise plank");
    assert_eq!(field(post, "Page"), "`plank`");
    assert_eq!(
        field(post, "Where"),
        format!("server {GUILD_ID} · <#{CHANNEL_ID}>")
    );
    assert_eq!(field(post, "From"), "user6 (6)");
    assert!(f.channel_messages(CHANNEL_ID).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_reports_of_long_questions_lists_hidden_cards_and_empty_forms() {
    let r = start_reporting(100, Some(REPORT_CHANNEL_ID)).await;
    let f = &r.fake;

    // A question too long for the id: its start in the id, the whole of it in the report.
    let question = format!(
        "is the plank ok {}",
        "when my lower back hurts a lot ".repeat(5)
    );
    let card = f
        .interact(
            fake::command(817, "ask", opt("question", &question), member(5)),
            WAIT,
        )
        .await;
    let report = button(&card, "Report").expect("a Report button");
    assert!(report.starts_with("v1:repk:") && report.chars().count() <= 100);
    let form = f.interact(click(819, &report, member(5), 5), WAIT).await;
    check_modal(&form, &report);
    f.interact(
        fake::modal_submit(821, &report, REPORT_INPUT_ID, "too long", member(5)),
        WAIT,
    )
    .await;
    let posted = f.wait_channel_messages(REPORT_CHANNEL_ID, 1, WAIT).await;
    let whole = format!(
        "/ask {}",
        question.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert_eq!(field(&posted[0], "Question"), whole);

    // A list has no page; a hidden card still has its Report button.
    let list = f
        .interact(
            fake::command(823, "find", opt("muscle", "Calves"), member(5)),
            WAIT,
        )
        .await;
    assert_eq!(
        button(&list, "Report").as_deref(),
        Some("v1:rep::/find muscle:Calves")
    );
    let mut hidden = fake::command(825, "exercise", opt("query", "plank"), member(5));
    hidden["data"]["options"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "hide", "type": 5, "value": true}));
    let hidden = f.interact(hidden, WAIT).await;
    assert_eq!(hidden["data"]["flags"], 64);
    assert!(button(&hidden, "Report").is_some());

    // An empty report is not sent.
    let empty = f
        .interact(
            fake::modal_submit(
                827,
                "v1:rep::/find muscle:Calves",
                REPORT_INPUT_ID,
                " ",
                member(5),
            ),
            WAIT,
        )
        .await;
    assert_eq!(empty["data"]["content"], EMPTY);
    assert_eq!(f.channel_messages(REPORT_CHANNEL_ID).len(), 1);
}

/// Keeps reports in memory, as a store of reports would.
#[derive(Default)]
struct Kept(Mutex<Vec<Report>>);

impl ReportSink for Kept {
    fn keep(&self, report: &Report) -> Result<(), ReportSinkError> {
        self.0.lock().unwrap().push(report.clone());
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_serve_http_posts_reports_and_says_when_it_cannot() {
    let s = endpoint::start_reporting(Some(REPORT_CHANNEL_ID)).await;
    let asker = || endpoint::member(5, "0");
    let (_, card) = endpoint::signed(
        &s.addr,
        &fake::command(831, "exercise", opt("query", "goblet squat"), asker()),
    )
    .await;
    check_limits(&card).unwrap();
    let report = button(&card, "Report").expect("a Report button");
    assert_eq!(report, "v1:rep:goblet-squat:/exercise goblet squat");
    let (_, form) = endpoint::signed(&s.addr, &click(833, &report, asker(), 5)).await;
    check_modal(&form, &report);
    let submit = fake::modal_submit(835, &report, REPORT_INPUT_ID, "Link is broken", asker());
    let (status, thanks) = endpoint::signed(&s.addr, &submit).await;
    assert_eq!(
        (status, thanks["data"]["content"].clone()),
        (200, json!(THANKS))
    );
    let posted = s.fake.channel_messages(REPORT_CHANNEL_ID);
    assert_eq!(posted.len(), 1, "posted before the answer");
    assert_eq!(field(&posted[0], "Page"), "`goblet-squat`");
    assert_eq!(posted[0]["embeds"][0]["description"], "Link is broken");

    // A report channel the bot cannot post to: the member is told, and gets their text back.
    let gone = endpoint::start_reporting(Some(900000000000000099)).await;
    let (_, sorry) = endpoint::signed(&gone.addr, &submit).await;
    assert_eq!(
        sorry["data"]["content"],
        format!("{NOT_DELIVERED}\nWhat you wrote:\n> Link is broken"),
        "what the member wrote is given back"
    );
    assert_eq!(sorry["data"]["flags"], 64);
}

/// The `ReportSink` hook: an app with a store keeps every report, so one the channel refused
/// is not lost and the member is thanked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_a_report_sink_keeps_what_the_channel_refused() {
    use spotter::{Replier, http, rest};
    let fake = fake::FakeDiscord::start().await;
    let index = tempfile::tempdir().unwrap();
    let settings = spotter::Settings {
        corpus: root().join("corpus"),
        index: index.path().to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let kept = Arc::new(Kept::default());
    let sink = Arc::clone(&kept);
    let app = tokio::task::spawn_blocking(move || {
        let mut app = spotter::App::open(settings, &|_, _| {}).unwrap().0;
        app.set_report_sink(sink);
        Arc::new(app)
    })
    .await
    .unwrap();
    let replier = Replier::new(
        app.clone(),
        &DiscordConfig {
            cooldown_burst: 100,
            cooldown_per_second: 100.0,
            report_channel_id: 900000000000000099,
            ..DiscordConfig::default()
        },
    );
    let rest = Arc::new(rest::http("", Some(&fake.api_base())));
    let verifier = http::verifier(&endpoint::public_hex()).unwrap();
    let ep = Arc::new(http::Endpoint::new(verifier, replier, app, rest));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move { axum::serve(listener, http::router(ep, "/interactions")).await });

    let submit = fake::modal_submit(
        841,
        "v1:rep:plank:/exercise plank",
        REPORT_INPUT_ID,
        "Hold times are off",
        endpoint::member(7, "0"),
    );
    let (_, thanks) = endpoint::signed(&addr, &submit).await;
    assert_eq!(thanks["data"]["content"], THANKS);
    let reports = kept.0.lock().unwrap().clone();
    assert_eq!(
        reports,
        [Report {
            id: 841,
            question: "/exercise plank".into(),
            page: Some(spotter::PageId::new("plank")),
            text: "Hold times are off".into(),
            guild_id: Some(GUILD_ID),
            channel_id: CHANNEL_ID,
            user_id: 7,
            user_name: "user7".into(),
        }]
    );
}

#[test]
fn r13_cli_json_shows_the_report_button_when_reports_are_set_up() {
    let cache = tempfile::tempdir().unwrap();
    let config = cache.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[discord]\nreport_channel_id = {REPORT_CHANNEL_ID}\n"),
    )
    .unwrap();
    let json = |with_config: bool| -> Value {
        let mut c = bin();
        if with_config {
            c.arg("--config").arg(&config);
        }
        let out = stdout_ok(
            c.args(["--corpus", "corpus", "exercise", "--json", "plank"])
                .env("XDG_CACHE_HOME", cache.path()),
        );
        serde_json::from_str(&out).unwrap()
    };
    let with = json(true);
    check_limits(&with).unwrap();
    assert_eq!(
        button(&with, "Report").as_deref(),
        Some("v1:rep:plank:/exercise plank")
    );
    assert_eq!(button(&json(false), "Report"), None);

    // serve-http posts reports with the bot token: without one it says so and stops.
    let out = bin()
        .arg("--config")
        .arg(&config)
        .args([
            "--corpus",
            "corpus",
            "serve-http",
            "--listen",
            "127.0.0.1:0",
        ])
        .env("DISCORD_PUBLIC_KEY", endpoint::public_hex())
        .env_remove("DISCORD_TOKEN")
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("export DISCORD_TOKEN"), "{stderr}");
}

#[test]
fn r13_reports_are_counted_in_the_moderators_database() {
    use spotter::Handler;
    use spotter::{Database, Reason, Scope};
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("records.db");
    let settings = spotter::Settings {
        corpus: root().join("corpus"),
        index: dir.path().join("index"),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let mut app = spotter::App::open(settings, &|_, _| {}).unwrap().0;
    app.attach_records(Database::open(&db_path), 90);
    let report = Report {
        id: 851,
        question: "/exercise Plank".into(),
        page: Some(spotter::PageId::new("plank")),
        text: "Hold times are off".into(),
        guild_id: Some(GUILD_ID),
        channel_id: CHANNEL_ID,
        user_id: 7,
        user_name: "user7".into(),
    };
    assert!(app.keep_report(&report));
    assert!(app.keep_report(&report));
    let now = spotter::now_secs();
    let rows = Database::open(&db_path)
        .unwrap()
        .unanswered(Scope::Guild(Some(GUILD_ID)), 1, now, 25)
        .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].reason, Reason::Report);
    assert_eq!(rows[0].question, "exercise plank");
    assert_eq!(rows[0].count, 2);
    // What the member wrote is not in the database (it went to the report channel).
    let bytes = std::fs::read(&db_path).unwrap();
    let wal = std::fs::read(dir.path().join("records.db-wal")).unwrap_or_default();
    let hay = [bytes, wal].concat();
    assert!(!hay.windows(18).any(|w| w == b"Hold times are off"));
}
