//! `spotter serve-http`: Discord's interactions endpoint. Every request is verified (Ed25519
//! over timestamp + body, timestamp within 5 minutes) before its JSON is parsed, then goes
//! through the same parse and reply as the gateway; `/reindex` is deferred and the response
//! edited through REST; a report is posted before it is answered. Plus `/healthz` and Prometheus `/metrics`. A body must arrive within
//! the body timeout; connections (cap, header and idle timeouts) are `listen.rs`'s. Knows axum
//! and serenity; never the index. Logs never contain a body.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serenity::all::{ApplicationId, Http, Interaction};
use serenity::interactions_endpoint::Verifier;
use tracing::{Instrument, info_span, warn};

use super::interaction::{self, Incoming};
use super::listen::{self, Limits};
use super::metrics::Metrics;
use super::reply::{Later, Replier, Reply};
use super::report;
use crate::domain::handler::Handler;

/// How long the 🗑's delete waits for the acknowledgement it follows to reach Discord (the
/// response leaves as the handler returns; a round trip to Discord is well under this).
const ACK_SETTLE: Duration = Duration::from_millis(250);
/// Largest body accepted; interactions are a few KB (413 beyond).
pub const BODY_MAX_BYTES: usize = 64 * 1024;
/// How far a signed timestamp may be from now before the request counts as a replay.
pub const TIMESTAMP_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why the public key was refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "DISCORD_PUBLIC_KEY must be the application's public key: 64 hex digits of a valid Ed25519 key"
)]
pub struct BadPublicKey;

/// The verifier of a hex public key.
///
/// # Errors
/// When the key is not 64 hex digits of a valid Ed25519 key.
pub fn verifier(hex: &str) -> Result<Verifier, BadPublicKey> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(BadPublicKey);
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| BadPublicKey)?;
    }
    Verifier::try_new(key).map_err(|_| BadPublicKey)
}

/// The endpoint's state.
pub struct Endpoint {
    verifier: Verifier,
    replier: Replier,
    handler: Arc<dyn Handler>,
    http: Arc<Http>,
    metrics: Metrics,
    limits: Limits,
}

impl Endpoint {
    /// An endpoint. `http` edits deferred responses (its application id is set from the
    /// interactions themselves when it has none).
    pub fn new(
        verifier: Verifier,
        replier: Replier,
        handler: Arc<dyn Handler>,
        http: Arc<Http>,
    ) -> Endpoint {
        Endpoint {
            verifier,
            replier,
            handler,
            http,
            metrics: Metrics::default(),
            limits: Limits::default(),
        }
    }

    /// The same endpoint under other connection limits (`[http]`).
    pub fn with_limits(mut self, limits: Limits) -> Endpoint {
        self.limits = limits;
        self
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}

fn kind_of(i: &Interaction) -> &'static str {
    match i {
        Interaction::Ping(_) => "ping",
        Interaction::Command(_) => "command",
        Interaction::Autocomplete(_) => "autocomplete",
        Interaction::Component(_) => "component",
        Interaction::Modal(_) => "modal",
        _ => "other",
    }
}

fn fresh(timestamp: &str) -> bool {
    let Ok(ts) = timestamp.trim().parse::<u64>() else {
        return false;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    now.abs_diff(ts) <= TIMESTAMP_TOLERANCE.as_secs()
}

async fn interactions(
    State(ep): State<Arc<Endpoint>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let (signature, timestamp) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    );
    if signature.is_empty()
        || timestamp.is_empty()
        || ep.verifier.verify(signature, timestamp, &body).is_err()
    {
        ep.metrics.count("unknown", "unauthorized");
        return plain(StatusCode::UNAUTHORIZED, "invalid request signature");
    }
    if !fresh(timestamp) {
        ep.metrics.count("unknown", "stale");
        return plain(StatusCode::UNAUTHORIZED, "stale request timestamp");
    }
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(i) => i,
        Err(_) => {
            ep.metrics.count("unknown", "bad_request");
            return plain(StatusCode::BAD_REQUEST, "not an interaction");
        }
    };
    let kind = kind_of(&interaction);
    if ep.http.application_id().is_none() {
        let app_id = match &interaction {
            Interaction::Ping(p) => p.application_id,
            Interaction::Command(c) | Interaction::Autocomplete(c) => c.application_id,
            Interaction::Component(c) => c.application_id,
            Interaction::Modal(m) => m.application_id,
            _ => ApplicationId::new(1),
        };
        ep.http.set_application_id(app_id);
    }
    let span = info_span!("interaction", interaction.id = %interaction.id(), r#type = kind);
    let response = async {
        let token = interaction.token().to_string();
        match interaction::parse(&interaction) {
            // Discord's docs show `{"type": 1}`; serenity's Pong adds `"data": null`.
            Incoming::Ping => axum::Json(serde_json::json!({"type": 1})).into_response(),
            incoming => {
                let reply = ep.replier.reply(incoming).await;
                respond(&ep, token, reply).await
            }
        }
    }
    .instrument(span)
    .await;
    ep.metrics.count(kind, "ok");
    ep.metrics.observe(started.elapsed());
    response
}

/// The HTTP response of a reply; what follows it (a deferred answer's edit, the 🗑's delete)
/// runs in a task of its own, in the interaction's span. A report is posted before the
/// response, which says whether it went out (one REST call, well inside Discord's 3 s).
async fn respond(ep: &Arc<Endpoint>, token: String, reply: Reply) -> Response {
    match reply {
        // Serialised straight from serenity's builder, not through a `Value`.
        Reply::Now(r) => axum::Json(r).into_response(),
        Reply::Report {
            channel_id,
            post,
            kept,
            text,
        } => {
            let answer = report::deliver(&ep.http, channel_id, &post, (kept, &text)).await;
            axum::Json(answer).into_response()
        }
        Reply::Remove { ack, .. } => {
            let job = Arc::clone(ep);
            tokio::spawn(
                async move {
                    // Discord takes the webhook once it has the acknowledgement, which
                    // leaves in this very response: give it that moment first.
                    tokio::time::sleep(ACK_SETTLE).await;
                    if let Err(error) = job.http.delete_original_interaction_response(&token).await
                    {
                        warn!(%error, "deleting the message failed");
                    }
                }
                .in_current_span(),
            );
            axum::Json(ack).into_response()
        }
        Reply::Deferred { defer, later } => {
            let job = Arc::clone(ep);
            let reindex = matches!(later, Later::Answer(_));
            tokio::spawn(
                async move {
                    let started = Instant::now();
                    let finished = job.replier.finish(later).await;
                    if reindex {
                        job.metrics.reindexes.fetch_add(1, Ordering::Relaxed);
                        job.metrics
                            .last_reindex_ms
                            .store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
                    }
                    if let Err(error) = job
                        .http
                        .edit_original_interaction_response(&token, &finished.edit, finished.files)
                        .await
                    {
                        warn!(%error, "editing the deferred answer failed");
                    }
                }
                .in_current_span(),
            );
            axum::Json(defer).into_response()
        }
    }
}

async fn healthz(State(ep): State<Arc<Endpoint>>) -> Response {
    let s = ep.handler.status();
    axum::Json(serde_json::json!({"status": "ok", "generation": s.generation, "pages": s.pages}))
        .into_response()
}

async fn metrics(State(ep): State<Arc<Endpoint>>) -> Response {
    let s = ep.handler.status();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        ep.metrics.render(s.generation, s.pages),
    )
        .into_response()
}

/// Reads the whole body within `body_timeout` (408 after, 413 past `BODY_MAX_BYTES`) before
/// the handlers see the request: a client that sends its headers and then trickles (or
/// withholds) the body holds a connection for no longer than that.
async fn read_body(State(ep): State<Arc<Endpoint>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let reading = axum::body::to_bytes(body, BODY_MAX_BYTES);
    match tokio::time::timeout(ep.limits.body_timeout, reading).await {
        Err(_) => plain(StatusCode::REQUEST_TIMEOUT, "request body too slow"),
        Ok(Err(error)) => {
            let too_large = error
                .into_inner()
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            if too_large {
                plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
            } else {
                plain(StatusCode::BAD_REQUEST, "unreadable request body")
            }
        }
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

/// The router: POST `path`, GET `/healthz` and `/metrics`; 405 for other methods on them,
/// 404 elsewhere, 413 past `BODY_MAX_BYTES`, 408 for a body slower than the body timeout.
pub fn router(endpoint: Arc<Endpoint>, path: &str) -> Router {
    Router::new()
        .route(path, post(interactions))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(BODY_MAX_BYTES))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&endpoint),
            read_body,
        ))
        .with_state(endpoint)
}

/// Serves until `shutdown` resolves, under the endpoint's connection limits.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    endpoint: Arc<Endpoint>,
    path: &str,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = endpoint.limits;
    listen::serve(listener, router(endpoint, path), limits, shutdown).await
}
