//! A fake Discord on 127.0.0.1 for the integration tests: the REST routes and the websocket
//! gateway that a real serenity 0.12.5 client uses, plus builders of complete payloads
//! (interactions, messages) that serenity's models accept.
//!
//! The bot reaches the REST side through `HttpBuilder::proxy(api_base())` (requests arrive as
//! `/api/v10/...`) and the gateway through the URL that `GET /api/v10/gateway/bot` returns. What
//! serenity expects on the wire is described in /work/shared/discord-protocol.md; the
//! comments below cite it where a detail is not obvious.
//!
//! Two listeners: axum (REST, `rest.rs`) and tokio-tungstenite (gateway, `gateway.rs`),
//! because the crate's axum is built without its `ws` feature; payload builders in
//! `payloads.rs`, what was received in `recorded.rs`. This file holds the shared state and
//! the test-facing API. The gateway keeps
//! one session per shard and sends a guild's events on `(guild_id >> 22) % total`; it can
//! refuse or drop sockets (`GatewayMode`). Everything the fake receives is recorded; the
//! `wait_*` methods wake on a `watch` counter bumped on every change, and each has a timeout
//! that panics with what was received, so a test never sleeps to synchronise.

mod commands;
mod files;
mod gateway;
mod payloads;
mod recorded;
mod rest;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

pub use files::Upload;
pub use payloads::*;

pub const APP_ID: u64 = 900000000000000001;
pub const GUILD_ID: u64 = 900000000000000002;
pub const CHANNEL_ID: u64 = 900000000000000003;
pub const BOT_USER_ID: u64 = 900000000000000004;
/// The id the builders give the invoked command in `data.id` (the bot matches commands by name).
pub const COMMAND_ID: u64 = 900000000000000005;
/// A second channel of GUILD_ID, where moderators read reports (`discord.report_channel_id`).
pub const REPORT_CHANNEL_ID: u64 = 900000000000000006;
/// The bot user's name in READY, `GET /users/@me` and the messages the fake creates.
pub const BOT_NAME: &str = "spotter";
/// `app_permissions` of the builders' interactions: VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS
/// | READ_MESSAGE_HISTORY, what the bot needs to answer in the channel.
pub const APP_PERMISSIONS: &str = "84992";
/// Discord kills an interaction token if the callback comes later than this (404, 10062).
pub const INTERACTION_DEADLINE: Duration = Duration::from_secs(3);
/// How long `dispatch` waits for a live session (READY or RESUMED sent) before panicking.
const SESSION_WAIT: Duration = Duration::from_secs(10);
/// Sent as HELLO; long enough that serenity's heartbeats never matter in a test.
const HEARTBEAT_INTERVAL_MS: u64 = 45_000;
/// A fixed timestamp for the builders' payloads (deterministic JSON).
const TIMESTAMP: &str = "2024-01-01T00:00:00.000000+00:00";
/// Ids the fake makes up (messages, registered commands) start here, away from the constants.
const FIRST_GENERATED_ID: u64 = 910000000000000000;

/// One REST request as the fake received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path with the query string as sent (serenity writes queries as `?&k=v`).
    pub path: String,
    /// The JSON body; for multipart requests the `payload_json` part; `Null` when empty; a
    /// `String` for any other body.
    pub body: Value,
    /// The files of a multipart body (checked as Discord checks them: see `files.rs`).
    pub files: Vec<Upload>,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    /// The first value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The fake: both servers run as tasks of the test's runtime and stop when it is dropped.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

/// State shared by the servers and the test-facing API.
struct Shared {
    rest_port: u16,
    gateway_port: u16,
    /// A port nothing listens on: what discovery names while the gateway refuses.
    dead_port: u16,
    /// The `GatewayMode` as its index, read without the state lock (discovery runs under it).
    mode: AtomicU8,
    inner: Mutex<Inner>,
    /// Bumped after every change of `inner`; waiters re-check their condition on each bump.
    changed: watch::Sender<u64>,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    served_discovery: bool,
    next_id: u64,
    /// Interactions sent over the gateway: id → (token, when).
    interactions: HashMap<String, (String, Instant)>,
    /// Interaction ids whose callback was accepted.
    answered: HashSet<String>,
    /// Messages deleted: `channel/message` (channel route) or `token/@original` (webhook).
    deleted: Vec<String>,
    /// Files served on the REST port as Discord's CDN serves attachments: path → bytes.
    hosted: HashMap<String, Vec<u8>>,
    /// Bodies of `POST /channels/{c}/messages` the fake accepted: (channel, body).
    posted: Vec<(u64, Value)>,
    gateway: Gateway,
}

#[derive(Default)]
struct Gateway {
    connections: usize,
    /// The request target of each accepted socket (`/gateway?v=10`).
    urls: Vec<String>,
    /// Every payload the bot sent, in order.
    received: Vec<Value>,
    /// What the fake sent besides HELLO and ACKs (`T#seq`, `op N`), for timeout messages.
    sent: Vec<String>,
    identifies: Vec<Value>,
    resumes: Vec<Value>,
    /// The shard count `GET /gateway/bot` recommends (0 counts as 1).
    recommended: u32,
    /// The shard count the bot identified with (0 before any IDENTIFY: counts as 1).
    total: u32,
    /// One session per shard id.
    sessions: BTreeMap<u32, Session>,
}

/// One shard's session.
#[derive(Default)]
struct Session {
    session_id: String,
    /// The last sequence number sent; dispatches continue from it across resumed sockets.
    seq: u64,
    /// The socket holding the session (READY or RESUMED sent on it): where its dispatches go.
    live: Option<(usize, mpsc::UnboundedSender<Message>)>,
}

/// The shard Discord sends a guild's events on: `(guild_id >> 22) % total`
/// (https://discord.com/developers/docs/topics/gateway#sharding).
pub fn shard_of_guild(guild_id: u64, total: u32) -> u32 {
    ((guild_id >> 22) % u64::from(total.max(1))) as u32
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread must not hide the recorded state from the next assertion.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// `http://127.0.0.1:PORT`: the REST port, where hosted files are served too.
    fn rest_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.rest_port)
    }

    fn gateway_url(&self) -> String {
        let port = match self.mode() {
            GatewayMode::Refuse => self.dead_port,
            GatewayMode::Serve | GatewayMode::Drop | GatewayMode::Stall => self.gateway_port,
        };
        format!("ws://127.0.0.1:{port}/gateway")
    }

    pub(super) fn mode(&self) -> GatewayMode {
        match self.mode.load(Ordering::SeqCst) {
            1 => GatewayMode::Refuse,
            2 => GatewayMode::Drop,
            3 => GatewayMode::Stall,
            _ => GatewayMode::Serve,
        }
    }
}

/// How the fake's gateway treats new sockets (open ones are never touched).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayMode {
    /// HELLO, READY, RESUMED: a working gateway.
    Serve,
    /// Discovery names a port nothing listens on: every connection is refused.
    Refuse,
    /// TCP connections are accepted (and counted) and closed before the websocket handshake.
    Drop,
    /// TCP connections are accepted (and counted) and then left silent: the handshake never
    /// completes (serenity has no timeout on it).
    Stall,
}

impl Gateway {
    /// Sends a dispatch with the next sequence number (callers hold the state lock, so the bot
    /// sees sequence numbers in increasing order).
    fn send_dispatch(
        &mut self,
        shard: u32,
        tx: &mpsc::UnboundedSender<Message>,
        t: &str,
        d: Value,
    ) {
        let session = self.sessions.entry(shard).or_default();
        session.seq += 1;
        let seq = session.seq;
        self.sent.push(format!("{t}#{seq}@{shard}"));
        gateway::send(tx, &json!({"op": 0, "s": seq, "t": t, "d": d}));
    }

    /// The shard an event goes out on: its guild's, or shard 0 for DMs (as Discord does).
    fn shard_of(&self, d: &Value) -> u32 {
        let guild = d["guild_id"].as_str().and_then(|g| g.parse::<u64>().ok());
        guild.map_or(0, |g| shard_of_guild(g, self.total))
    }

    fn live(&self, shard: u32) -> Option<&mpsc::UnboundedSender<Message>> {
        self.sessions.get(&shard)?.live.as_ref().map(|(_, tx)| tx)
    }

    /// Sends a non-dispatch opcode.
    fn send_op(&mut self, tx: &mpsc::UnboundedSender<Message>, op: u8, d: Value) {
        self.sent.push(format!("op {op} {d}"));
        gateway::send(tx, &json!({"op": op, "d": d, "s": null, "t": null}));
    }
}

impl Inner {
    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        FIRST_GENERATED_ID + self.next_id
    }
}

impl FakeDiscord {
    /// Starts REST and gateway on two ports of 127.0.0.1.
    pub async fn start() -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind REST listener");
        let gateway = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway listener");
        let port = |l: &TcpListener| {
            l.local_addr()
                .map(|a: SocketAddr| a.port())
                .expect("local addr")
        };
        let dead_port = {
            // Bound and released: nothing listens there for the rest of the test.
            let dead = TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind a free port");
            port(&dead)
        };
        let shared = Arc::new(Shared {
            rest_port: port(&rest),
            gateway_port: port(&gateway),
            dead_port,
            mode: AtomicU8::new(0),
            inner: Mutex::new(Inner::default()),
            changed: watch::channel(0).0,
        });

        let router = Router::new()
            .fallback(rest::rest_handler)
            // Attachments come as multipart bodies larger than axum's 2 MB default.
            .layer(DefaultBodyLimit::disable())
            .with_state(Arc::clone(&shared));
        let rest_task = tokio::spawn(async move {
            axum::serve(rest, router).await.expect("fake REST server");
        });
        let gateway_task = tokio::spawn(gateway::accept_gateway(gateway, Arc::clone(&shared)));
        FakeDiscord {
            shared,
            tasks: vec![rest_task, gateway_task],
        }
    }

    /// `http://127.0.0.1:PORT`: the bot's `DISCORD_API_BASE` (serenity's `HttpBuilder::proxy`).
    pub fn api_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.rest_port)
    }

    /// Serves `bytes` as Discord's CDN serves an interaction's attachment; returns its
    /// `resolved.attachments` object (id, filename, size, url on 127.0.0.1).
    pub fn host_file(&self, filename: &str, bytes: &[u8], content_type: Option<&str>) -> Value {
        let mut inner = self.shared.lock();
        let id = inner.next_id();
        let path = format!("/attachments/{id}/{filename}");
        inner.hosted.insert(path.clone(), bytes.to_vec());
        let url = format!("{}{path}", self.shared.rest_base());
        json!({"id": id.to_string(), "filename": filename, "size": bytes.len(), "url": url,
               "proxy_url": url, "content_type": content_type})
    }

    /// `ws://127.0.0.1:PORT/gateway`: what gateway discovery answers.
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url()
    }

    /// Changes how new gateway sockets are treated (`GatewayMode`); discovery follows.
    pub fn set_gateway(&self, mode: GatewayMode) {
        self.shared.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// Makes `GET /gateway/bot` recommend `shards` shards (1 until this is called).
    pub fn recommend_shards(&self, shards: u32) {
        self.shared.lock().gateway.recommended = shards;
    }

    /// Sends a dispatch (op 0) with the next sequence number to the socket holding the session.
    /// Waits (up to 10 s) for a session first, so it may be called right after `wait_identify`
    /// or while the bot resumes.
    pub async fn dispatch(&self, t: &str, d: Value) {
        let shard = self.shared.lock().gateway.shard_of(&d);
        self.with_live(shard, |inner, live| {
            if t == "INTERACTION_CREATE" {
                // Remembered for the callback checks (token, 3 s deadline, single answer).
                let id = id_text(&d["id"]);
                let token = d["token"].as_str().unwrap_or_default().to_string();
                inner.interactions.insert(id, (token, Instant::now()));
            }
            inner.gateway.send_dispatch(shard, live, t, d);
        })
        .await;
    }

    /// Sends INTERACTION_CREATE with `d` and waits for the bot's
    /// `POST /api/v10/interactions/{id}/{token}/callback`; returns its JSON body.
    pub async fn interact(&self, d: Value, timeout: Duration) -> Value {
        let prefix = format!("/api/v10/interactions/{}/", id_text(&d["id"]));
        self.dispatch("INTERACTION_CREATE", d).await;
        let what = format!("the interaction callback POST {prefix}{{token}}/callback");
        self.wait_for(&what, timeout, |f| {
            f.shared
                .lock()
                .requests
                .iter()
                .find(|r| {
                    r.method == "POST"
                        && r.path.starts_with(&prefix)
                        && r.path.ends_with("/callback")
                })
                .map(|r| r.body.clone())
        })
        .await
    }

    /// Sends op 7 RECONNECT to shard 0 (closing nothing: serenity drops the old socket itself), waits for
    /// the bot's RESUME (op 6) on a new socket and returns its `d`. The gateway task answers
    /// RESUMED before the RESUME is recorded, so dispatches after this reach the new socket.
    pub async fn reconnect(&self, timeout: Duration) -> Value {
        let before = self.resumes().len();
        self.with_live(0, |inner, live| {
            inner.gateway.send_op(live, 7, Value::Null);
            // Dispatches sent now would be lost with the old socket: make them wait for RESUMED.
            inner.gateway.sessions.entry(0).or_default().live = None;
        })
        .await;
        self.wait_for("RESUME (op 6) after op 7 RECONNECT", timeout, |f| {
            f.resumes().get(before).cloned()
        })
        .await
    }

    /// Sends any payload (`{"op", "d", ...}`) to the socket holding shard 0's session, e.g.
    /// `{"op": 9, "d": false}` (INVALID_SESSION).
    pub async fn send_raw(&self, payload: Value) {
        self.with_live(0, |inner, live| {
            inner.gateway.sent.push(format!("op {}", payload["op"]));
            gateway::send(live, &payload);
        })
        .await;
    }

    /// Closes the socket holding shard 0's session with close `code` (4000 → serenity resumes,
    /// 4004 → `client.start()` fails; see the protocol doc's close codes).
    pub async fn close(&self, code: u16) {
        self.with_live(0, |inner, live| {
            let frame = CloseFrame {
                code: CloseCode::from(code),
                reason: "fake Discord closed".into(),
            };
            let _ = live.send(Message::Close(Some(frame)));
            inner.gateway.sent.push(format!("close {code}"));
            inner.gateway.sessions.entry(0).or_default().live = None;
        })
        .await;
    }

    /// Polls `check` after every change of the fake's state until it returns `Some`; panics
    /// after `timeout` with `what` and everything received.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&FakeDiscord) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + timeout;
        // Subscribed before checking: a change between the check and the wait is not missed.
        let mut changes = self.shared.changed.subscribe();
        loop {
            if let Some(found) = check(self) {
                return found;
            }
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                panic!(
                    "fake Discord: timed out after {timeout:?} waiting for {what}\n{}",
                    self.describe()
                );
            }
        }
    }

    /// Runs `f` under the state lock with the sender of the socket holding `shard`'s session,
    /// once there is one (waiting up to SESSION_WAIT).
    async fn with_live<T>(
        &self,
        shard: u32,
        f: impl FnOnce(&mut Inner, &mpsc::UnboundedSender<Message>) -> T,
    ) -> T {
        loop {
            let what = format!("a gateway session of shard {shard} (READY or RESUMED sent)");
            self.wait_for(&what, SESSION_WAIT, |fake| {
                fake.shared
                    .lock()
                    .gateway
                    .live(shard)
                    .is_some()
                    .then_some(())
            })
            .await;
            let mut inner = self.shared.lock();
            // Re-read under the lock: the session may have moved since the wait returned.
            if let Some(live) = inner.gateway.live(shard).cloned() {
                return f(&mut inner, &live);
            }
        }
    }

    /// Everything received, for timeout panics.
    pub fn describe(&self) -> String {
        let inner = self.shared.lock();
        let mut out = format!("REST requests ({}):\n", inner.requests.len());
        for r in &inner.requests {
            out += &format!(
                "  {} {} {}\n",
                r.method,
                r.path,
                clip(&r.body.to_string(), 300)
            );
        }
        let g = &inner.gateway;
        let ops: Vec<String> = g.received.iter().map(|p| p["op"].to_string()).collect();
        out += &format!(
            "gateway: discovery served {}, {} connection(s) {:?}, {} IDENTIFY, {} RESUME, sessions {:?}, \
             ops received [{}], sent [{}]\n",
            inner.served_discovery,
            g.connections,
            g.urls,
            g.identifies.len(),
            g.resumes.len(),
            g.sessions
                .iter()
                .map(|(shard, s)| format!("{shard}: {} live {}", s.session_id, s.live.is_some()))
                .collect::<Vec<_>>(),
            ops.join(", "),
            g.sent.join(", "),
        );
        out += "(an INTERACTION_CREATE or MESSAGE_CREATE that does not fit serenity's model becomes \
                Event::Unknown and never reaches the handler: check the payload)";
        out
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        // Aborting the accept loop also drops its JoinSet, which aborts the open sockets.
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// An id given as a JSON string or number, as text.
fn id_text(id: &Value) -> String {
    id.as_str().map_or_else(|| id.to_string(), str::to_string)
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
