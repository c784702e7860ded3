//! `spotter serve-http` with real Ed25519 signatures: PING, every rejection with its status,
//! the same answers as the CLI, autocomplete, buttons, a deferred `/reindex` edited through
//! the fake's REST, and two real processes over one index following one reindex.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use spotter::{App, DiscordConfig, Settings};
use spotter::{Replier, http, rest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::fake_discord::{self as fake, FakeDiscord};
use crate::support::{bin, root};

pub fn key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn public_hex() -> String {
    hex(key().verifying_key().as_bytes())
}

pub fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string()
}

/// A raw HTTP/1.1 exchange: (status, body).
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).to_string();
    let status = text[9..12].parse().unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let mut body = out[split..].to_vec();
    if text.to_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 4 + n..];
    }
}

/// A signed POST of `body`, as Discord sends it.
pub async fn signed(addr: &str, body: &Value) -> (u16, Value) {
    let body = serde_json::to_vec(body).unwrap();
    let ts = now();
    let sig = key().sign(&[ts.as_bytes(), &body].concat());
    let (status, out) = request(
        addr,
        "POST",
        "/interactions",
        &[
            ("X-Signature-Ed25519", hex(&sig.to_bytes())),
            ("X-Signature-Timestamp", ts),
            ("Content-Type", "application/json".into()),
        ],
        &body,
    )
    .await;
    (status, serde_json::from_slice(&out).unwrap_or(Value::Null))
}

pub(crate) struct Server {
    pub(crate) addr: String,
    pub(crate) fake: FakeDiscord,
    _index: tempfile::TempDir,
}

pub(crate) async fn start() -> Server {
    start_reporting(None).await
}

/// As `start`, with members' reports posted to `report_channel_id`.
pub(crate) async fn start_reporting(report_channel_id: Option<u64>) -> Server {
    let index = tempfile::tempdir().unwrap();
    let settings = Settings {
        corpus: root().join("corpus"),
        index: index.path().to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let app: Arc<App> = Arc::new(
        tokio::task::spawn_blocking(move || App::open(settings, &|_, _| {}).unwrap().0)
            .await
            .unwrap(),
    );
    serve(app, &discord_config(report_channel_id), index).await
}

/// The endpoint over `app` with `discord`'s defaults, on a free port of 127.0.0.1, its REST
/// (and `/page upload`'s downloads) on a new fake; `index` lives as long as the server.
pub(crate) async fn serve(
    app: Arc<App>,
    discord: &DiscordConfig,
    index: tempfile::TempDir,
) -> Server {
    let fake = FakeDiscord::start().await;
    let replier = Replier::new(app.clone(), discord).allow_downloads_from(Some(&fake.api_base()));
    let rest = Arc::new(rest::http("", Some(&fake.api_base())));
    let endpoint = Arc::new(http::Endpoint::new(
        http::verifier(&public_hex()).unwrap(),
        replier,
        app,
        rest,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(
        async move { axum::serve(listener, http::router(endpoint, "/interactions")).await },
    );
    Server {
        addr,
        fake,
        _index: index,
    }
}

/// The `[discord]` section of the endpoint tests: a cooldown nobody reaches, reports to
/// `report_channel_id`.
pub(crate) fn discord_config(report_channel_id: Option<u64>) -> DiscordConfig {
    DiscordConfig {
        cooldown_burst: 1000,
        cooldown_per_second: 100.0,
        report_channel_id: report_channel_id.unwrap_or(0),
        ..DiscordConfig::default()
    }
}

pub(crate) fn member(user: u64, perms: &str) -> Value {
    fake::member(user, &format!("user{user}"), perms, &[])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_pong_and_rejections() {
    let s = start().await;
    let ping = json!({"id": "1", "application_id": fake::APP_ID.to_string(), "type": 1, "token": "t", "version": 1});
    assert_eq!(signed(&s.addr, &ping).await, (200, json!({"type": 1})));

    let body = serde_json::to_vec(&ping).unwrap();
    let (status, _) = request(&s.addr, "POST", "/interactions", &[], &body).await;
    assert_eq!(status, 401, "no signature");
    let ts = now();
    let wrong = key().sign(b"something else");
    let (status, _) = request(
        &s.addr,
        "POST",
        "/interactions",
        &[
            ("X-Signature-Ed25519", hex(&wrong.to_bytes())),
            ("X-Signature-Timestamp", ts),
        ],
        &body,
    )
    .await;
    assert_eq!(status, 401, "bad signature");
    let old = (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 600)
        .to_string();
    let sig = key().sign(&[old.as_bytes(), &body].concat());
    let (status, _) = request(
        &s.addr,
        "POST",
        "/interactions",
        &[
            ("X-Signature-Ed25519", hex(&sig.to_bytes())),
            ("X-Signature-Timestamp", old),
        ],
        &body,
    )
    .await;
    assert_eq!(status, 401, "replayed timestamp");
    let big = vec![b'x'; 70 * 1024];
    let (status, _) = request(&s.addr, "POST", "/interactions", &[], &big).await;
    assert_eq!(status, 413);
    let garbage = b"{not json";
    let ts = now();
    let sig = key().sign(&[ts.as_bytes(), &garbage[..]].concat());
    let (status, _) = request(
        &s.addr,
        "POST",
        "/interactions",
        &[
            ("X-Signature-Ed25519", hex(&sig.to_bytes())),
            ("X-Signature-Timestamp", ts),
        ],
        garbage,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        request(&s.addr, "GET", "/interactions", &[], b"").await.0,
        405
    );
    assert_eq!(request(&s.addr, "GET", "/nope", &[], b"").await.0, 404);
    let (status, health) = request(&s.addr, "GET", "/healthz", &[], b"").await;
    assert_eq!(status, 200);
    let health: Value = serde_json::from_slice(&health).unwrap();
    assert!(health["pages"].as_u64().unwrap() > 150);
    let (_, metrics) = request(&s.addr, "GET", "/metrics", &[], b"").await;
    let metrics = String::from_utf8(metrics).unwrap();
    assert!(
        metrics.contains("spotter_requests_total{type=\"unknown\",outcome=\"unauthorized\"} 2"),
        "{metrics}"
    );
    assert!(metrics.contains("spotter_request_seconds_bucket{le=\"+Inf\"}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_match_the_cli() {
    let s = start().await;
    let cmd = fake::command(
        11,
        "exercise",
        json!([{"name": "query", "type": 3, "value": "hip rotation"}]),
        member(1, "0"),
    );
    let (status, body) = signed(&s.addr, &cmd).await;
    assert_eq!(status, 200);
    let out = bin()
        .args(["exercise", "--json", "hip rotation"])
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The same body, but for the 🗑 of the member who asked (the CLI has no asker).
    let mut body = body;
    let rows = body["data"]["components"].as_array_mut().unwrap();
    let remove = rows.pop().unwrap();
    assert_eq!(remove["components"][0]["custom_id"], "v1:del:1");
    assert_eq!(remove["components"].as_array().unwrap().len(), 1);
    assert_eq!(body, cli);

    let (_, ac) = signed(
        &s.addr,
        &fake::autocomplete(12, "exercise", "query", "hip ro", member(1, "0")),
    )
    .await;
    assert_eq!(ac["type"], 8);
    assert!(
        ac["data"]["choices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "Seated Internal Hip Rotation")
    );

    let (_, click) = signed(
        &s.addr,
        &fake::component(13, "v1:muscles:plank", &[], member(2, "0")),
    )
    .await;
    assert_eq!(click["data"]["embeds"][0]["title"], "Plank");
    assert_eq!(
        click["data"]["embeds"][0]["footer"]["text"],
        "Muscles worked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_is_deferred_then_edited() {
    let s = start().await;
    let (_, refused) = signed(
        &s.addr,
        &fake::command(21, "reindex", json!([]), member(3, "0")),
    )
    .await;
    assert!(
        refused["data"]["content"]
            .as_str()
            .unwrap()
            .starts_with("Only moderators")
    );
    let (_, deferred) = signed(
        &s.addr,
        &fake::command(22, "reindex", json!([]), member(4, "32")),
    )
    .await;
    assert_eq!(deferred["type"], 5);
    assert_eq!(
        deferred["data"]["flags"], 64,
        "the report is for the moderator only"
    );
    let edit = s
        .fake
        .wait_request(
            |r| {
                r.method == "PATCH"
                    && r.path
                        == format!(
                            "/api/v10/webhooks/{}/token-22/messages/@original",
                            fake::APP_ID
                        )
            },
            Duration::from_secs(60),
        )
        .await;
    assert!(
        edit.body["content"]
            .as_str()
            .unwrap()
            .starts_with("Reindexed in")
    );
    assert_eq!(edit.body["allowed_mentions"]["parse"], json!([]));
}

struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn generation(addr: &str) -> Option<u64> {
    let s = tokio::net::TcpStream::connect(addr).await.ok()?;
    drop(s);
    let (status, body) = request(addr, "GET", "/healthz", &[], b"").await;
    (status == 200).then(|| serde_json::from_slice::<Value>(&body).ok()?["generation"].as_u64())?
}

async fn wait_generation(addr: &str, pred: impl Fn(u64) -> bool) -> u64 {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(g) = generation(addr).await.filter(|g| pred(*g)) {
            return g;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{addr} never reached the generation"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_over_one_index_follow_one_reindex() {
    let fake = FakeDiscord::start().await;
    let index = tempfile::tempdir().unwrap();
    let spawn = |port: u16| {
        Child(
            bin()
                .args(["--index"])
                .arg(index.path())
                .args(["serve-http", "--listen", &format!("127.0.0.1:{port}")])
                .env("DISCORD_PUBLIC_KEY", public_hex())
                .env("DISCORD_API_BASE", fake.api_base())
                .env_remove("DISCORD_TOKEN")
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        )
    };
    let (pa, pb) = (free_port(), free_port());
    let (_a, _b) = (spawn(pa), spawn(pb));
    let (a, b) = (format!("127.0.0.1:{pa}"), format!("127.0.0.1:{pb}"));
    let g0 = wait_generation(&a, |_| true).await;
    assert_eq!(wait_generation(&b, |_| true).await, g0);
    let cmd = fake::command(
        31,
        "exercise",
        json!([{"name": "query", "type": 3, "value": "plank"}]),
        member(5, "0"),
    );
    assert_eq!(
        signed(&a, &cmd).await.1,
        signed(&b, &cmd).await.1,
        "stateless processes answer alike"
    );
    let (_, deferred) = signed(&a, &fake::command(32, "reindex", json!([]), member(6, "8"))).await;
    assert_eq!(deferred["type"], 5);
    fake.wait_request(
        |r| r.method == "PATCH" && r.path.ends_with("/token-32/messages/@original"),
        Duration::from_secs(60),
    )
    .await;
    assert_eq!(
        wait_generation(&b, |g| g > g0).await,
        g0 + 1,
        "the other process picked up the new generation"
    );
}

#[test]
fn a_missing_or_bad_public_key_is_one_line_and_exit_2() {
    for key in [None, Some("abc")] {
        let mut c = bin();
        c.args(["serve-http", "--listen", "127.0.0.1:0"])
            .env_remove("DISCORD_PUBLIC_KEY");
        if let Some(k) = key {
            c.env("DISCORD_PUBLIC_KEY", k);
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("DISCORD_PUBLIC_KEY"));
    }
}
