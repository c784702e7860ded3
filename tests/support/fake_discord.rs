//! A fake Discord on 127.0.0.1 for the integration tests: the REST routes and the websocket
//! gateway that a real serenity 0.12.5 client uses, plus builders of complete payloads
//! (interactions, messages) that serenity's models accept.
//!
//! The bot reaches the REST side through `HttpBuilder::proxy(api_base())` (requests arrive as
//! `/api/v10/...`) and the gateway through the URL that `GET /api/v10/gateway` returns. What
//! serenity expects on the wire is described in /work/shared/discord-protocol.md; the
//! comments below cite it where a detail is not obvious.
//!
//! Two listeners: axum (REST) and tokio-tungstenite (gateway), because the crate's axum is
//! built without its `ws` feature. Everything the fake receives is recorded; the `wait_*`
//! methods wake on a `watch` counter bumped on every change, and each has a timeout that
//! panics with what was received, so a test never sleeps to synchronise.

// Helpers for tests still to be written (close codes, raw payloads, ...) are kept here.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{
    ErrorResponse, Request, Response as WsResponse,
};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

pub const APP_ID: u64 = 900000000000000001;
pub const GUILD_ID: u64 = 900000000000000002;
pub const CHANNEL_ID: u64 = 900000000000000003;
pub const BOT_USER_ID: u64 = 900000000000000004;
/// The id the builders give the invoked command in `data.id` (the bot matches commands by name).
pub const COMMAND_ID: u64 = 900000000000000005;
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
    session_id: Option<String>,
    /// The last sequence number sent; dispatches continue from it across resumed sockets.
    seq: u64,
    /// The socket holding a session (READY or RESUMED sent on it): where dispatches go.
    live: Option<(usize, mpsc::UnboundedSender<Message>)>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread must not hide the recorded state from the next assertion.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    fn gateway_url(&self) -> String {
        format!("ws://127.0.0.1:{}/gateway", self.gateway_port)
    }
}

impl Gateway {
    /// Sends a dispatch with the next sequence number (callers hold the state lock, so the bot
    /// sees sequence numbers in increasing order).
    fn send_dispatch(&mut self, tx: &mpsc::UnboundedSender<Message>, t: &str, d: Value) {
        self.seq += 1;
        self.sent.push(format!("{t}#{}", self.seq));
        send(tx, &json!({"op": 0, "s": self.seq, "t": t, "d": d}));
    }

    /// Sends a non-dispatch opcode.
    fn send_op(&mut self, tx: &mpsc::UnboundedSender<Message>, op: u8, d: Value) {
        self.sent.push(format!("op {op} {d}"));
        send(tx, &json!({"op": op, "d": d, "s": null, "t": null}));
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
        let shared = Arc::new(Shared {
            rest_port: port(&rest),
            gateway_port: port(&gateway),
            inner: Mutex::new(Inner::default()),
            changed: watch::channel(0).0,
        });

        let router = Router::new()
            .fallback(rest_handler)
            // Attachments come as multipart bodies larger than axum's 2 MB default.
            .layer(DefaultBodyLimit::disable())
            .with_state(Arc::clone(&shared));
        let rest_task = tokio::spawn(async move {
            axum::serve(rest, router).await.expect("fake REST server");
        });
        let gateway_task = tokio::spawn(accept_gateway(gateway, Arc::clone(&shared)));
        FakeDiscord {
            shared,
            tasks: vec![rest_task, gateway_task],
        }
    }

    /// `http://127.0.0.1:PORT`: the bot's `DISCORD_API_BASE` (serenity's `HttpBuilder::proxy`).
    pub fn api_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.rest_port)
    }

    /// `ws://127.0.0.1:PORT/gateway`: what gateway discovery answers.
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url()
    }

    /// Every REST request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Waits until a request matching `pred` has been received (including earlier ones) and
    /// returns the first such request.
    pub async fn wait_request(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Recorded {
        self.wait_for("a matching REST request", timeout, |f| {
            f.shared.lock().requests.iter().find(|r| pred(r)).cloned()
        })
        .await
    }

    /// Whether gateway discovery (`GET /api/v10/gateway` or `/gateway/bot`) was served: if
    /// not, serenity fell back to the real gateway.
    pub fn served_gateway_discovery(&self) -> bool {
        self.shared.lock().served_discovery
    }

    /// Waits for an IDENTIFY (op 2) and returns the latest one's `d`.
    pub async fn wait_identify(&self, timeout: Duration) -> Value {
        self.wait_for("IDENTIFY (op 2)", timeout, |f| {
            f.identifies().last().cloned()
        })
        .await
    }

    /// The `d` of every IDENTIFY received.
    pub fn identifies(&self) -> Vec<Value> {
        self.shared.lock().gateway.identifies.clone()
    }

    /// The `d` of every RESUME received.
    pub fn resumes(&self) -> Vec<Value> {
        self.shared.lock().gateway.resumes.clone()
    }

    /// Every payload the bot sent on any socket, in order (`{"op", "d"}`).
    pub fn gateway_payloads(&self) -> Vec<Value> {
        self.shared.lock().gateway.received.clone()
    }

    /// The request target of each accepted socket, e.g. `/gateway?v=10`.
    pub fn gateway_urls(&self) -> Vec<String> {
        self.shared.lock().gateway.urls.clone()
    }

    /// Number of gateway connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.lock().gateway.connections
    }

    /// Sends a dispatch (op 0) with the next sequence number to the socket holding the session.
    /// Waits (up to 10 s) for a session first, so it may be called right after `wait_identify`
    /// or while the bot resumes.
    pub async fn dispatch(&self, t: &str, d: Value) {
        self.with_live(|inner, live| {
            if t == "INTERACTION_CREATE" {
                // Remembered for the callback checks (token, 3 s deadline, single answer).
                let id = id_text(&d["id"]);
                let token = d["token"].as_str().unwrap_or_default().to_string();
                inner.interactions.insert(id, (token, Instant::now()));
            }
            inner.gateway.send_dispatch(live, t, d);
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

    /// Sends op 7 RECONNECT (closing nothing: serenity drops the old socket itself), waits for
    /// the bot's RESUME (op 6) on a new socket and returns its `d`. The gateway task answers
    /// RESUMED before the RESUME is recorded, so dispatches after this reach the new socket.
    pub async fn reconnect(&self, timeout: Duration) -> Value {
        let before = self.resumes().len();
        self.with_live(|inner, live| {
            inner.gateway.send_op(live, 7, Value::Null);
            // Dispatches sent now would be lost with the old socket: make them wait for RESUMED.
            inner.gateway.live = None;
        })
        .await;
        self.wait_for("RESUME (op 6) after op 7 RECONNECT", timeout, |f| {
            f.resumes().get(before).cloned()
        })
        .await
    }

    /// Sends any payload (`{"op", "d", ...}`) to the socket holding the session, e.g.
    /// `{"op": 9, "d": false}` (INVALID_SESSION).
    pub async fn send_raw(&self, payload: Value) {
        self.with_live(|inner, live| {
            inner.gateway.sent.push(format!("op {}", payload["op"]));
            send(live, &payload);
        })
        .await;
    }

    /// Closes the socket holding the session with close `code` (4000 → serenity resumes,
    /// 4004 → `client.start()` fails; see the protocol doc's close codes).
    pub async fn close(&self, code: u16) {
        self.with_live(|inner, live| {
            let frame = CloseFrame {
                code: CloseCode::from(code),
                reason: "fake Discord closed".into(),
            };
            let _ = live.send(Message::Close(Some(frame)));
            inner.gateway.sent.push(format!("close {code}"));
            inner.gateway.live = None;
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

    /// Runs `f` under the state lock with the sender of the socket holding the session, once
    /// there is one (waiting up to SESSION_WAIT).
    async fn with_live<T>(
        &self,
        f: impl FnOnce(&mut Inner, &mpsc::UnboundedSender<Message>) -> T,
    ) -> T {
        loop {
            self.wait_for(
                "a gateway session (READY or RESUMED sent)",
                SESSION_WAIT,
                |fake| fake.shared.lock().gateway.live.is_some().then_some(()),
            )
            .await;
            let mut inner = self.shared.lock();
            // Re-read under the lock: the session may have moved since the wait returned.
            if let Some((_, live)) = inner.gateway.live.clone() {
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
            "gateway: discovery served {}, {} connection(s) {:?}, {} IDENTIFY, {} RESUME, session {:?}, \
             live socket {}, ops received [{}], sent [{}]\n",
            inner.served_discovery,
            g.connections,
            g.urls,
            g.identifies.len(),
            g.resumes.len(),
            g.session_id,
            g.live.is_some(),
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

// ---------------------------------------------------------------------------------------------
// REST

/// Records the request, then answers it by route.
async fn rest_handler(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |p| p.to_string());
    let recorded = Recorded {
        method: method.to_string(),
        path,
        body: parse_body(&headers, &body),
        headers: headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    };
    let (status, answer) = {
        let mut inner = shared.lock();
        // Routed under the same lock as the recording: duplicate callbacks are decided in order.
        let answer = route(&shared, &mut inner, &method, uri.path(), &recorded.body);
        inner.requests.push(recorded);
        answer
    };
    shared.bump();
    match answer {
        Some(json) => (status, axum::Json(json)).into_response(),
        None => status.into_response(),
    }
}

/// Discord's answer to one request: status and JSON body (`None` = empty body).
fn route(
    shared: &Shared,
    inner: &mut Inner,
    method: &Method,
    path: &str,
    body: &Value,
) -> (StatusCode, Option<Value>) {
    let Some(rest) = path.strip_prefix("/api/v10/") else {
        return not_found();
    };
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let app = APP_ID.to_string();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => {
            inner.served_discovery = true;
            // No query string: serenity appends `?v=10` itself (protocol doc §2).
            ok(json!({"url": shared.gateway_url()}))
        }
        ("GET", ["gateway", "bot"]) => {
            inner.served_discovery = true;
            ok(json!({
                "url": shared.gateway_url(),
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
            }))
        }
        ("GET", ["users", "@me"]) => ok(bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) => ok(application()),
        ("PUT", ["applications", a, "commands"]) if *a == app => {
            ok(registered_commands(inner, body, None))
        }
        ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            ok(registered_commands(inner, body, Some(g)))
        }
        ("POST", ["applications", a, "commands"]) if *a == app => {
            ok(registered_command(inner, body, None))
        }
        ("POST", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            ok(registered_command(inner, body, Some(g)))
        }
        ("POST", ["interactions", id, token, "callback"]) => callback(inner, id, token),
        ("PATCH", ["webhooks", a, _token, "messages", _message]) if *a == app => {
            ok(created_message(inner, CHANNEL_ID.to_string(), body, true))
        }
        ("DELETE", ["webhooks", a, _token, "messages", _message]) if *a == app => {
            (StatusCode::NO_CONTENT, None)
        }
        ("POST", ["webhooks", a, _token]) if *a == app => {
            ok(created_message(inner, CHANNEL_ID.to_string(), body, true))
        }
        ("POST", ["channels", channel, "messages"]) => {
            ok(created_message(inner, channel.to_string(), body, false))
        }
        _ => not_found(),
    }
}

/// The interaction callback: 204 once; a second one 400 (40060); a late or unknown-token one
/// 404 (10062) as Discord does. Interactions the fake did not send (e.g. posted to an
/// interactions endpoint by a test) are accepted once.
fn callback(inner: &mut Inner, id: &str, token: &str) -> (StatusCode, Option<Value>) {
    if inner.answered.contains(id) {
        return error(
            StatusCode::BAD_REQUEST,
            40060,
            "Interaction has already been acknowledged.",
        );
    }
    if let Some((sent_token, sent_at)) = inner.interactions.get(id)
        && (sent_token != token || sent_at.elapsed() > INTERACTION_DEADLINE)
    {
        return error(StatusCode::NOT_FOUND, 10062, "Unknown interaction");
    }
    inner.answered.insert(id.to_string());
    (StatusCode::NO_CONTENT, None)
}

fn ok(json: Value) -> (StatusCode, Option<Value>) {
    (StatusCode::OK, Some(json))
}

fn not_found() -> (StatusCode, Option<Value>) {
    error(StatusCode::NOT_FOUND, 0, "404: Not Found")
}

fn error(status: StatusCode, code: u64, message: &str) -> (StatusCode, Option<Value>) {
    (status, Some(json!({"message": message, "code": code})))
}

/// The request body as JSON: the body itself, or the `payload_json` part of a multipart body
/// (serenity's requests with attachments).
fn parse_body(headers: &HeaderMap, bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    if let Ok(json) = serde_json::from_slice(bytes) {
        return json;
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let multipart = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    if multipart {
        let part = text.find("name=\"payload_json\"").map(|at| &text[at..]);
        let content = part.and_then(|p| p.find("\r\n\r\n").map(|at| &p[at + 4..]));
        if let Some(content) = content {
            let end = content.find("\r\n--").unwrap_or(content.len());
            if let Ok(json) = serde_json::from_str(&content[..end]) {
                return json;
            }
        }
    }
    Value::String(text)
}

/// Commands echoed back as Discord does on a bulk overwrite: each body command plus the fields
/// serenity's `Command` requires.
fn registered_commands(inner: &mut Inner, body: &Value, guild: Option<&str>) -> Value {
    let commands = body.as_array().cloned().unwrap_or_default();
    Value::Array(
        commands
            .iter()
            .map(|c| registered_command(inner, c, guild))
            .collect(),
    )
}

fn registered_command(inner: &mut Inner, command: &Value, guild: Option<&str>) -> Value {
    let mut full = json!({
        "type": 1,
        "description": "",
        "options": [],
        "default_member_permissions": null,
        "nsfw": false,
    });
    merge(&mut full, command);
    merge(
        &mut full,
        &json!({
            "id": inner.next_id().to_string(),
            "application_id": APP_ID.to_string(),
            "version": inner.next_id().to_string(),
        }),
    );
    if let Some(guild) = guild {
        full["guild_id"] = json!(guild);
    }
    full
}

/// A full Message built from a create/edit body, as serenity parses the answer. Webhook
/// messages (interaction responses and follow-ups) carry the application as webhook.
fn created_message(inner: &mut Inner, channel_id: String, body: &Value, webhook: bool) -> Value {
    let mut message = json!({
        "id": inner.next_id().to_string(),
        "channel_id": channel_id,
        "author": bot_user(),
        "content": body["content"].as_str().unwrap_or_default(),
        "timestamp": serenity::model::Timestamp::now().to_string(),
        "edited_timestamp": null,
        "tts": body["tts"].as_bool().unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        // Uploaded files are not turned into attachments: serenity's Attachment needs a CDN url.
        "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "components": body.get("components").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": body["flags"].as_u64().unwrap_or(0),
    });
    if webhook {
        message["webhook_id"] = json!(APP_ID.to_string());
        message["application_id"] = json!(APP_ID.to_string());
    }
    message
}

/// Copies `patch`'s keys over `base` (both objects).
fn merge(base: &mut Value, patch: &Value) {
    if let (Some(base), Some(patch)) = (base.as_object_mut(), patch.as_object()) {
        for (k, v) in patch {
            base.insert(k.clone(), v.clone());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway

/// Accepts sockets until the fake is dropped; aborting this task drops the JoinSet, which
/// aborts every open socket's task.
async fn accept_gateway(listener: TcpListener, shared: Arc<Shared>) {
    let mut sockets = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((tcp, _)) = accepted {
                    sockets.spawn(serve_socket(tcp, Arc::clone(&shared)));
                }
            }
            // Reaps finished sockets so the set does not grow.
            Some(_) = sockets.join_next(), if !sockets.is_empty() => {}
        }
    }
}

/// One gateway socket: HELLO on connect, then answers IDENTIFY, RESUME and HEARTBEAT.
async fn serve_socket(tcp: TcpStream, shared: Arc<Shared>) {
    let mut target = String::new();
    // The signature is tungstenite's handshake callback; its error type is not ours to shrink.
    #[allow(clippy::result_large_err)]
    let record_target = |req: &Request, resp: WsResponse| -> Result<WsResponse, ErrorResponse> {
        target = req.uri().to_string();
        Ok(resp)
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, record_target).await else {
        return;
    };
    let (mut sink, mut stream) = ws.split();

    // Writes go through a channel so that the test API can send without owning the sink.
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let writer = tokio::spawn(async move {
        while let Some(frame) = rx.recv().await {
            let closing = matches!(frame, Message::Close(_));
            if sink.send(frame).await.is_err() || closing {
                break;
            }
        }
    });

    let socket = {
        let mut inner = shared.lock();
        let g = &mut inner.gateway;
        g.connections += 1;
        g.urls.push(target);
        // Sent even before a RESUME: serenity ignores HELLO while resuming (protocol doc §2).
        send(
            &tx,
            &json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": null, "t": null}),
        );
        g.connections
    };
    shared.bump();

    while let Some(Ok(frame)) = stream.next().await {
        match frame {
            Message::Text(text) => {
                if let Ok(payload) = serde_json::from_str::<Value>(&text) {
                    on_payload(&shared, socket, &tx, payload);
                    shared.bump();
                }
            }
            Message::Close(_) => break,
            _ => {}
        }
    }

    {
        let mut inner = shared.lock();
        if inner
            .gateway
            .live
            .as_ref()
            .is_some_and(|(id, _)| *id == socket)
        {
            inner.gateway.live = None;
        }
    }
    shared.bump();
    drop(tx);
    let _ = writer.await;
}

/// Handles one payload from the bot. Answers are queued before the payload is recorded, so a
/// test that saw IDENTIFY or RESUME recorded can rely on READY / RESUMED being ahead of its
/// own dispatches.
fn on_payload(shared: &Shared, socket: usize, tx: &mpsc::UnboundedSender<Message>, payload: Value) {
    let mut inner = shared.lock();
    let g = &mut inner.gateway;
    let d = payload["d"].clone();
    match payload["op"].as_u64() {
        Some(1) => send(tx, &json!({"op": 11, "d": null, "s": null, "t": null})),
        Some(2) => {
            let session_id = format!("fake-session-{}", g.identifies.len() + 1);
            // A new session starts its sequence at 1 (READY is s=1), as Discord's does.
            g.seq = 0;
            g.send_dispatch(tx, "READY", ready(&session_id, &shared.gateway_url()));
            g.session_id = Some(session_id);
            g.live = Some((socket, tx.clone()));
            g.identifies.push(d);
        }
        Some(6) => {
            if d["session_id"]
                .as_str()
                .is_some_and(|s| Some(s) == g.session_id.as_deref())
            {
                // RESUMED needs `"d": {}`: with null serenity parses Event::Unknown (protocol doc §2).
                g.send_dispatch(tx, "RESUMED", json!({}));
                g.live = Some((socket, tx.clone()));
            } else {
                // Unknown session: INVALID_SESSION, not resumable → serenity identifies again.
                g.send_op(tx, 9, json!(false));
            }
            g.resumes.push(d);
        }
        _ => {}
    }
    g.received.push(payload);
}

fn send(tx: &mpsc::UnboundedSender<Message>, payload: &Value) {
    // A closed socket just loses the frame, as with Discord.
    let _ = tx.send(Message::Text(payload.to_string()));
}

/// READY with exactly the fields serenity's model requires (protocol doc §2).
fn ready(session_id: &str, gateway_url: &str) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": session_id,
        "resume_gateway_url": gateway_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0},
    })
}

// ---------------------------------------------------------------------------------------------
// Payload builders

/// A user object (`bot` when `id` is the bot's).
pub fn user(id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": null,
        "bot": id == BOT_USER_ID,
        "system": false,
        "public_flags": 0,
    })
}

/// The bot's user as `GET /users/@me` and READY give it.
pub fn bot_user() -> Value {
    let mut me = user(BOT_USER_ID, BOT_NAME);
    merge(
        &mut me,
        &json!({"global_name": null, "verified": true, "mfa_enabled": false, "flags": 0}),
    );
    me
}

/// `<@BOT_USER_ID>`: how a message mentions the bot in its content.
pub fn bot_mention() -> String {
    format!("<@{BOT_USER_ID}>")
}

/// The application as `GET /oauth2/applications/@me` gives it (every field serenity's
/// `CurrentApplicationInfo` requires).
pub fn application() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": BOT_NAME,
        "icon": null,
        "description": "",
        "rpc_origins": [],
        "bot_public": true,
        "bot_require_code_grant": false,
        "owner": user(900000000000000009, "owner"),
        "verify_key": "0".repeat(64),
        "team": null,
        "flags": 0,
        "bot": bot_user(),
    })
}

/// A guild member; `permissions` is the decimal string of the member's permission bits in the
/// channel (interaction `member.permissions`), e.g. "0", "32" (MANAGE_GUILD) or "8"
/// (ADMINISTRATOR); `roles` are role ids.
pub fn member(user_id: u64, name: &str, permissions: &str, roles: &[u64]) -> Value {
    json!({
        "user": user(user_id, name),
        "nick": null,
        "avatar": null,
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": TIMESTAMP,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": permissions,
        "communication_disabled_until": null,
    })
}

/// An APPLICATION_COMMAND (type 2) in GUILD_ID/CHANNEL_ID by `member`; `options` is the array
/// of `{"name", "type", "value"}`. The token is `token-{id}`.
pub fn command(id: u64, name: &str, options: Value, member: Value) -> Value {
    let data = json!({"id": COMMAND_ID.to_string(), "name": name, "type": 1, "options": options});
    interaction(id, 2, data, member)
}

/// An APPLICATION_COMMAND_AUTOCOMPLETE (type 4): one string option `option` being typed
/// (`focused`) with `value`.
pub fn autocomplete(id: u64, name: &str, option: &str, value: &str, member: Value) -> Value {
    let options = json!([{"name": option, "type": 3, "value": value, "focused": true}]);
    let data = json!({"id": COMMAND_ID.to_string(), "name": name, "type": 1, "options": options});
    interaction(id, 4, data, member)
}

/// A MESSAGE_COMPONENT (type 3) on a full message by the bot (id `id + 1`) that carries the
/// component: a button (component_type 2) when `values` is empty, else a string select
/// (component_type 3) with those values chosen.
pub fn component(id: u64, custom_id: &str, values: &[&str], member: Value) -> Value {
    let (data, row) = if values.is_empty() {
        (
            json!({"custom_id": custom_id, "component_type": 2}),
            json!({"type": 2, "style": 1, "custom_id": custom_id, "label": "Button"}),
        )
    } else {
        let options: Vec<Value> = values
            .iter()
            .map(|v| json!({"label": v, "value": v}))
            .collect();
        (
            json!({"custom_id": custom_id, "component_type": 3, "values": values}),
            json!({"type": 3, "custom_id": custom_id, "options": options, "min_values": 1, "max_values": 1}),
        )
    };
    let mut payload = interaction(id, 3, data, member);
    // Without guild_id and member: those are MESSAGE_CREATE-only fields.
    let mut message = message_payload(id + 1, "", BOT_USER_ID, false, false);
    message["components"] = json!([{"type": 1, "components": [row]}]);
    message["application_id"] = json!(APP_ID.to_string());
    message["webhook_id"] = json!(APP_ID.to_string());
    payload["message"] = message;
    payload
}

/// A MESSAGE_CREATE `d`: a message in CHANNEL_ID (guild GUILD_ID, or a DM when `guild` is
/// false) by `author_id`, with the bot in `mentions` when `mention_bot`. `content` is used as
/// is: put `bot_mention()` in it if the bot reads mentions from the text.
pub fn message(id: u64, content: &str, author_id: u64, guild: bool, mention_bot: bool) -> Value {
    message_payload(id, content, author_id, guild, mention_bot)
}

fn message_payload(
    id: u64,
    content: &str,
    author_id: u64,
    guild: bool,
    mention_bot: bool,
) -> Value {
    let name = if author_id == BOT_USER_ID {
        BOT_NAME.to_string()
    } else {
        format!("user{author_id}")
    };
    let mentions = if mention_bot {
        json!([bot_user()])
    } else {
        json!([])
    };
    let mut message = json!({
        "id": id.to_string(),
        "channel_id": CHANNEL_ID.to_string(),
        "author": user(author_id, &name),
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    });
    if guild {
        message["guild_id"] = json!(GUILD_ID.to_string());
        // MESSAGE_CREATE's member has no `user` (it is the author).
        message["member"] = json!({
            "roles": [], "joined_at": TIMESTAMP, "deaf": false, "mute": false, "flags": 0, "pending": false,
        });
    }
    message
}

/// The fields every interaction in GUILD_ID/CHANNEL_ID has (protocol doc §3: `locale`,
/// `entitlements` and `attachment_size_limit` are required or the event is dropped).
fn interaction(id: u64, kind: u8, data: Value, member: Value) -> Value {
    json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": data,
        "guild_id": GUILD_ID.to_string(),
        "channel": {"id": CHANNEL_ID.to_string(), "type": 0, "name": "general", "guild_id": GUILD_ID.to_string()},
        "channel_id": CHANNEL_ID.to_string(),
        "member": member,
        "token": format!("token-{id}"),
        "version": 1,
        "app_permissions": APP_PERMISSIONS,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0,
        "attachment_size_limit": 26214400,
    })
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
