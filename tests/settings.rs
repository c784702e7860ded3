//! `/settings` end to end, on the real serenity client against the fake Discord and on signed
//! HTTP: shown with every value and its source, set, used by the next card (its links, the
//! cooldown, the Report button and where the report goes, who is a moderator), cleared back
//! to the default, refused to non-moderators and for bad values, kept across a restart in the
//! same database file, and the config defaults with a plain message when the database is
//! unavailable.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};
use spotter::gateway::GatewaySettings;
use spotter::texts::{
    CANNOT_SAVE, CANNOT_SAVE_NOW, MODERATORS_ONLY, REPORT_INPUT_ID, ROLES_NEED_MANAGE_SERVER,
    THANKS,
};
use spotter::{App, Database, DiscordConfig, Secret, Settings};

use crate::gateway::{MOD_ROLE, WAIT, connect, embed, member, opt};
use crate::http::{self as endpoint, Server};
use crate::members::button;
use crate::moderators::moderator;
use crate::render::check_limits;
use crate::support::fake_discord::{self as fake, FakeDiscord, GUILD_ID, REPORT_CHANNEL_ID};
use crate::support::root;

const OTHER_GUILD: u64 = 900000000000000099;
/// The operator's default page URL.
const DEFAULT_URL: &str = "https://example.org/exercise/{id}";
/// A server's own.
const OWN_URL: &str = "https://wiki.example.net/ex/{id}";

/// The operator's `[discord]`: a cooldown nobody reaches, no report channel, no roles.
fn defaults() -> DiscordConfig {
    DiscordConfig {
        guild_ids: vec![GUILD_ID],
        cooldown_burst: 100,
        cooldown_per_second: 100.0,
        ..DiscordConfig::default()
    }
}

/// The app over the shipped corpus, its page URL `DEFAULT_URL`, its database at `db`.
async fn app(db: &Path, index: &Path) -> Arc<App> {
    let settings = Settings {
        corpus: root().join("corpus"),
        index: index.to_path_buf(),
        page_url: DEFAULT_URL.into(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let db = db.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut app = App::open(settings, &|_, _| {}).unwrap().0;
        app.attach_records(Database::open(&db), 90);
        Arc::new(app)
    })
    .await
    .unwrap()
}

struct Bot {
    fake: FakeDiscord,
    _index: tempfile::TempDir,
}

/// The gateway bot over the database at `db`.
async fn gateway_bot(db: &Path) -> Bot {
    let index = tempfile::tempdir().unwrap();
    let app = app(db, index.path()).await;
    let fake = FakeDiscord::start().await;
    let settings = GatewaySettings {
        token: Secret::new("test-token"),
        api_base: Some(fake.api_base()),
        discord: defaults(),
        shards: None,
    };
    connect(&fake, &settings, app).await;
    Bot {
        fake,
        _index: index,
    }
}

/// serve-http over the database at `db`.
async fn http_bot(db: &Path) -> Server {
    let index = tempfile::tempdir().unwrap();
    let app = app(db, index.path()).await;
    endpoint::serve(app, &defaults(), index).await
}

fn show(id: u64, who: Value) -> Value {
    fake::command(
        id,
        "settings",
        json!([{"name": "show", "type": 1, "options": []}]),
        who,
    )
}

fn set(id: u64, setting: &str, value: &str, who: Value) -> Value {
    let options = json!([
        {"name": "setting", "type": 3, "value": setting},
        {"name": "value", "type": 3, "value": value},
    ]);
    fake::command(
        id,
        "settings",
        json!([{"name": "set", "type": 1, "options": options}]),
        who,
    )
}

fn clear(id: u64, setting: &str, who: Value) -> Value {
    let options = json!([{"name": "setting", "type": 3, "value": setting}]);
    fake::command(
        id,
        "settings",
        json!([{"name": "clear", "type": 1, "options": options}]),
        who,
    )
}

fn exercise(id: u64, query: &str, who: Value) -> Value {
    fake::command(id, "exercise", opt("query", query), who)
}

/// The private notice of a reply; panics on anything else.
fn notice(body: &Value) -> String {
    assert_eq!(body["type"], 4, "{body}");
    assert_eq!(
        body["data"]["flags"], 64,
        "only the moderator sees it: {body}"
    );
    body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// `/settings show`'s lines: (field name, its value's first line), and the card's text.
fn shown(body: &Value) -> (Vec<(String, String)>, String) {
    check_limits(body).unwrap();
    assert_eq!(body["data"]["flags"], 64, "{body}");
    let card = embed(body);
    let fields = card["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let value = f["value"].as_str().unwrap().lines().next().unwrap();
            (f["name"].as_str().unwrap().to_string(), value.to_string())
        })
        .collect();
    (fields, card["description"].as_str().unwrap().to_string())
}

fn line(name: &str, own: bool, value: &str) -> (String, String) {
    let source = if own { "this server's" } else { "default" };
    (format!("{name} ({source})"), format!("`{value}`"))
}

fn defaults_shown() -> Vec<(String, String)> {
    vec![
        line("page_url", false, DEFAULT_URL),
        line("moderator_roles", false, "none"),
        line("report_channel", false, "none"),
        line("cooldown_burst", false, "100"),
        line("cooldown_per_second", false, "100"),
    ]
}

fn url_of(card: &Value) -> String {
    embed(card)["url"].as_str().unwrap_or_default().to_string()
}

/// The private notice the bot answers `d` with.
async fn said(f: &FakeDiscord, d: Value) -> String {
    notice(&f.interact(d, WAIT).await)
}

/// The page URL: the next card links there, in this server only.
async fn page_url_is_used_by_the_next_card(f: &FakeDiscord) {
    let set_url = said(f, set(1005, "page_url", OWN_URL, moderator(3))).await;
    assert_eq!(
        set_url,
        format!("page_url is now `{OWN_URL}` in this server.")
    );
    let card = f.interact(exercise(1007, "plank", member(5)), WAIT).await;
    assert_eq!(url_of(&card), "https://wiki.example.net/ex/plank");
    let elsewhere = fake::in_guild(exercise(1009, "plank", member(5)), OTHER_GUILD);
    let card = f.interact(elsewhere, WAIT).await;
    assert_eq!(url_of(&card), "https://example.org/exercise/plank");
}

/// The report channel: a Report button, and the report posted there.
async fn report_channel_is_used_by_the_next_card(f: &FakeDiscord) {
    let channel = format!("<#{REPORT_CHANNEL_ID}>");
    said(f, set(1011, "report_channel", &channel, moderator(3))).await;
    let card = f.interact(exercise(1013, "plank", member(5)), WAIT).await;
    let report = button(&card, "Report").expect("a Report button now");
    let form = fake::modal_submit(1015, &report, REPORT_INPUT_ID, "wrong muscles", member(5));
    let thanks = f.interact(form, WAIT).await;
    assert_eq!(thanks["data"]["content"], THANKS);
    let posted = f.wait_channel_messages(REPORT_CHANNEL_ID, 1, WAIT).await;
    assert_eq!(posted[0]["embeds"][0]["title"], "Problem reported");
}

/// The cooldown: two at once, then a slow refill, for this server's members only.
async fn cooldown_is_used_by_the_next_requests(f: &FakeDiscord) {
    said(f, set(1017, "cooldown_burst", "2", moderator(3))).await;
    said(f, set(1019, "cooldown_per_second", "0.01", moderator(3))).await;
    let mut texts = Vec::new();
    for id in [1021, 1023, 1025] {
        let body = f.interact(exercise(id, "plank", member(7)), WAIT).await;
        texts.push(
            body["data"]["content"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    assert!(texts[0].is_empty() && texts[1].is_empty(), "{texts:?}");
    assert!(texts[2].starts_with("Slow down"), "{texts:?}");
    let elsewhere = fake::in_guild(exercise(1027, "plank", member(7)), OTHER_GUILD);
    assert_eq!(embed(&f.interact(elsewhere, WAIT).await)["title"], "Plank");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_shown_used_by_the_next_card_and_cleared_on_the_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let bot = gateway_bot(&dir.path().join("s.db")).await;
    let f = &bot.fake;

    let (lines, text) = shown(&f.interact(show(1001, moderator(3)), WAIT).await);
    assert_eq!(lines, defaults_shown());
    assert!(text.contains("/settings set"), "{text}");
    let card = f.interact(exercise(1003, "plank", member(5)), WAIT).await;
    assert_eq!(url_of(&card), "https://example.org/exercise/plank");
    assert_eq!(button(&card, "Report"), None, "no report channel yet");

    page_url_is_used_by_the_next_card(f).await;
    report_channel_is_used_by_the_next_card(f).await;
    cooldown_is_used_by_the_next_requests(f).await;
    let (lines, _) = shown(&f.interact(show(1029, moderator(3)), WAIT).await);
    assert_eq!(
        lines,
        [
            line("page_url", true, OWN_URL),
            line("moderator_roles", false, "none"),
            line("report_channel", true, &REPORT_CHANNEL_ID.to_string()),
            line("cooldown_burst", true, "2"),
            line("cooldown_per_second", true, "0.01"),
        ]
    );

    // Cleared: the default again, on the next card too.
    let keys = [
        "page_url",
        "report_channel",
        "cooldown_burst",
        "cooldown_per_second",
    ];
    for (id, key) in (1031u64..).step_by(2).zip(keys) {
        let cleared = said(f, clear(id, key, moderator(3))).await;
        assert_eq!(
            cleared,
            format!("{key} is back to the default in this server.")
        );
    }
    let (lines, _) = shown(&f.interact(show(1039, moderator(3)), WAIT).await);
    assert_eq!(lines, defaults_shown());
    let card = f.interact(exercise(1041, "plank", member(9)), WAIT).await;
    assert_eq!(url_of(&card), "https://example.org/exercise/plank");
    assert_eq!(button(&card, "Report"), None);
}

/// A member with the role, no rights of their own.
fn with_role() -> Value {
    fake::member(8, "rolemod", "0", &[MOD_ROLE])
}

/// Once a moderator role: `/settings`, `/unanswered` and `/reindex` let it in, in its server.
async fn the_role_moderates_in_its_server(f: &FakeDiscord) {
    let (lines, _) = shown(&f.interact(show(1109, with_role()), WAIT).await);
    assert_eq!(
        lines[1],
        line("moderator_roles", true, &MOD_ROLE.to_string())
    );
    let days = || json!([{"name": "days", "type": 4, "value": 7}]);
    let listed = f
        .interact(fake::command(1111, "unanswered", days(), with_role()), WAIT)
        .await;
    let title = embed(&listed)["title"].as_str().unwrap_or_default();
    assert!(title.starts_with("Questions I could not"), "{listed}");
    let reindex = f
        .interact(fake::command(1113, "reindex", json!([]), with_role()), WAIT)
        .await;
    assert_eq!(reindex["type"], 5, "deferred: allowed");
    let there = fake::in_guild(
        fake::command(1115, "unanswered", days(), with_role()),
        OTHER_GUILD,
    );
    assert_eq!(
        said(f, there).await,
        MODERATORS_ONLY,
        "another server's role is nobody"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderator_roles_are_changed_by_manage_server_only_and_decide_who_moderates() {
    let dir = tempfile::tempdir().unwrap();
    let bot = gateway_bot(&dir.path().join("s.db")).await;
    let f = &bot.fake;
    let role = MOD_ROLE.to_string();

    // Without rights: refused everything, the roles too.
    assert_eq!(said(f, show(1101, member(5))).await, MODERATORS_ONLY);
    assert_eq!(
        said(f, set(1103, "page_url", OWN_URL, member(5))).await,
        MODERATORS_ONLY
    );
    let own_role = set(1105, "moderator_roles", &role, with_role());
    assert_eq!(
        said(f, own_role).await,
        MODERATORS_ONLY,
        "not a moderator's role yet"
    );

    let roles = format!("<@&{MOD_ROLE}>");
    let set_roles = said(f, set(1107, "moderator_roles", &roles, moderator(3))).await;
    assert_eq!(
        set_roles,
        format!("moderator_roles is now `{MOD_ROLE}` in this server.")
    );
    the_role_moderates_in_its_server(f).await;

    // A moderator by role sets other settings, never the roles themselves.
    said(f, set(1117, "cooldown_burst", "50", with_role())).await;
    let refused = said(f, set(1119, "moderator_roles", "none", with_role())).await;
    assert_eq!(refused, ROLES_NEED_MANAGE_SERVER);
    let refused = said(f, clear(1121, "moderator_roles", with_role())).await;
    assert_eq!(refused, ROLES_NEED_MANAGE_SERVER);
    // The everyone role is no moderator role: the server cannot hand the bot to everyone.
    let everyone = said(
        f,
        set(1123, "moderator_roles", &GUILD_ID.to_string(), moderator(3)),
    )
    .await;
    let why = "its everyone role, which cannot be a moderator role";
    assert!(everyone.contains(why), "{everyone}");

    // Manage Server clears the roles: the role is refused again; Manage Server never is.
    said(f, clear(1125, "moderator_roles", moderator(3))).await;
    assert_eq!(said(f, show(1127, with_role())).await, MODERATORS_ONLY);
    shown(&f.interact(show(1129, moderator(3)), WAIT).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_values_are_refused_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let bot = gateway_bot(&dir.path().join("s.db")).await;
    let f = &bot.fake;
    let cases = [
        (
            "page_url",
            "example.org/{id}",
            "page_url: \"example.org/{id}\" is not a page URL",
        ),
        ("page_url", "https://example.org/all", "is not a page URL"),
        (
            "report_channel",
            "12345",
            "report_channel: 12345 is not a Discord channel id",
        ),
        (
            "report_channel",
            "#general",
            "report_channel: \"#general\" is not a channel",
        ),
        (
            "moderator_roles",
            "mods",
            "moderator_roles: \"mods\" is not a role",
        ),
        ("cooldown_burst", "0", "cooldown_burst must be at least 1"),
        (
            "cooldown_burst",
            "lots",
            "cooldown_burst: \"lots\" is not a whole number",
        ),
        (
            "cooldown_burst",
            "5000",
            "cooldown_burst must be at most 1000",
        ),
        (
            "cooldown_per_second",
            "-1",
            "cooldown_per_second must be a number above 0",
        ),
        (
            "cooldown_per_second",
            "NaN",
            "cooldown_per_second must be a number above 0",
        ),
        (
            "cooldown_per_second",
            "500",
            "cooldown_per_second must be at most 50",
        ),
    ];
    for (n, (key, value, why)) in cases.iter().enumerate() {
        let body = f
            .interact(set(1201 + 2 * n as u64, key, value, moderator(3)), WAIT)
            .await;
        let said = notice(&body);
        assert!(said.contains(why), "{key} = {value}: {said}");
    }
    // An unknown setting is not one of ours.
    let unknown = f
        .interact(set(1251, "colour", "red", moderator(3)), WAIT)
        .await;
    assert!(
        notice(&unknown).starts_with("I don't know that one"),
        "{unknown}"
    );
    let (lines, _) = shown(&f.interact(show(1253, moderator(3)), WAIT).await);
    assert_eq!(lines, defaults_shown(), "nothing was saved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_survive_a_restart_and_serve_http_uses_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    {
        let bot = gateway_bot(&db).await;
        let f = &bot.fake;
        notice(
            &f.interact(set(1301, "page_url", OWN_URL, moderator(3)), WAIT)
                .await,
        );
        notice(
            &f.interact(set(1303, "cooldown_burst", "1", moderator(3)), WAIT)
                .await,
        );
        notice(
            &f.interact(set(1305, "cooldown_per_second", "0.01", moderator(3)), WAIT)
                .await,
        );
    }
    // Another process on the same file: serve-http, from scratch.
    let s = http_bot(&db).await;
    let (status, body) = endpoint::signed(&s.addr, &show(1307, moderator(3))).await;
    assert_eq!(status, 200);
    let (lines, _) = shown(&body);
    assert_eq!(lines[0], line("page_url", true, OWN_URL));
    assert_eq!(lines[3], line("cooldown_burst", true, "1"));
    let (_, card) = endpoint::signed(&s.addr, &exercise(1309, "plank", member(5))).await;
    assert_eq!(url_of(&card), "https://wiki.example.net/ex/plank");
    let (_, again) = endpoint::signed(&s.addr, &exercise(1311, "plank", member(5))).await;
    assert!(
        again["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Slow down"),
        "{again}"
    );

    // Set and cleared over signed HTTP too.
    let (_, said) = endpoint::signed(&s.addr, &clear(1313, "cooldown_burst", moderator(3))).await;
    assert_eq!(
        notice(&said),
        "cooldown_burst is back to the default in this server."
    );
    let (_, said) = endpoint::signed(
        &s.addr,
        &set(
            1315,
            "report_channel",
            &REPORT_CHANNEL_ID.to_string(),
            moderator(3),
        ),
    )
    .await;
    notice(&said);
    let (_, card) = endpoint::signed(&s.addr, &exercise(1317, "plank", member(6))).await;
    assert!(button(&card, "Report").is_some(), "{card}");
    let (_, refused) = endpoint::signed(&s.addr, &set(1319, "page_url", OWN_URL, member(6))).await;
    assert_eq!(notice(&refused), MODERATORS_ONLY);
    let (_, bad) =
        endpoint::signed(&s.addr, &set(1321, "report_channel", "12345", moderator(3))).await;
    assert!(notice(&bad).contains("is not a Discord channel id"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_database_means_the_defaults_and_says_it_cannot_save() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corrupt.db");
    std::fs::write(&db, b"not a database at all; ".repeat(300)).unwrap();
    let bot = gateway_bot(&db).await;
    let f = &bot.fake;
    let (lines, text) = shown(&f.interact(show(1401, moderator(3)), WAIT).await);
    assert_eq!(lines, defaults_shown());
    assert_eq!(text, CANNOT_SAVE);
    let said = notice(
        &f.interact(set(1403, "page_url", OWN_URL, moderator(3)), WAIT)
            .await,
    );
    assert_eq!(said, CANNOT_SAVE_NOW);
    let said = notice(
        &f.interact(clear(1405, "page_url", moderator(3)), WAIT)
            .await,
    );
    assert_eq!(said, CANNOT_SAVE_NOW);
    // A bad value is still refused for what it is.
    let said = notice(
        &f.interact(set(1407, "cooldown_burst", "0", moderator(3)), WAIT)
            .await,
    );
    assert!(
        said.starts_with("cooldown_burst must be at least 1"),
        "{said}"
    );
    let card = f.interact(exercise(1409, "plank", member(5)), WAIT).await;
    assert_eq!(url_of(&card), "https://example.org/exercise/plank");

    let s = http_bot(&db).await;
    let (_, body) = endpoint::signed(&s.addr, &show(1411, moderator(3))).await;
    assert_eq!(shown(&body).1, CANNOT_SAVE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_refuses_commands_discord_would_refuse() {
    let f = FakeDiscord::start().await;
    let http = spotter::rest::http("test-token", Some(&f.api_base()));
    http.set_application_id(fake::APP_ID.into());
    // Ours pass.
    spotter::rest::register(&http, &[]).await.unwrap();
    let bad = [
        json!([{"name": "Settings", "description": "x", "type": 1}]),
        json!([{"name": "settings", "description": "", "type": 1}]),
        json!([{"name": "s", "description": "x", "type": 1, "options": [
            {"name": "a", "description": "x", "type": 3},
            {"name": "b", "description": "x", "type": 3, "required": true}]}]),
        json!([{"name": "s", "description": "x", "type": 1, "options": [
            {"name": "a", "description": "x", "type": 1},
            {"name": "b", "description": "x", "type": 3}]}]),
        json!([{"name": "s", "description": "x", "type": 1, "options": [
            {"name": "a", "description": "x", "type": 1, "options": [
                {"name": "b", "description": "x", "type": 1}]}]}]),
    ];
    let path = format!("/api/v10/applications/{}/commands", fake::APP_ID);
    let addr = f.api_base().trim_start_matches("http://").to_string();
    for body in bad {
        let bytes = serde_json::to_vec(&body).unwrap();
        let ct = ("Content-Type", "application/json".to_string());
        let (status, out) = endpoint::request(&addr, "PUT", &path, &[ct], &bytes).await;
        assert_eq!(status, 400, "{body}: {}", String::from_utf8_lossy(&out));
    }
}
