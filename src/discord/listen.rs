//! `serve-http`'s connections: accepting under a cap, hyper's header timeout, an idle timeout,
//! and room made at the cap by closing the connection idle the longest, so a flood of idle
//! sockets costs nothing but the sockets (reliability issue #10). Knows tokio and hyper;
//! never interactions, Discord or the index.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tracing::{debug, warn};

use super::shutdown::SHUTDOWN_GRACE;
use crate::config::HttpConfig;

/// After a failed accept (out of file descriptors, most often), wait this long before the
/// next: retrying at once would spin on the same error.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// The connection limits, from `[http]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Time to send a request's headers once the connection waits for one.
    pub header_timeout: Duration,
    /// Time to send the body once the headers arrived.
    pub body_timeout: Duration,
    /// Time a connection may spend outside a request.
    pub idle_timeout: Duration,
    /// Open connections at most (at least 1).
    pub max_connections: usize,
}

impl Limits {
    /// The limits of a validated `[http]` section.
    pub fn from_config(http: &HttpConfig) -> Limits {
        Limits {
            header_timeout: Duration::from_secs(http.header_timeout_secs),
            body_timeout: Duration::from_secs(http.body_timeout_secs),
            idle_timeout: Duration::from_secs(http.idle_timeout_secs),
            max_connections: http.max_connections.max(1),
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::from_config(&HttpConfig::default())
    }
}

/// One open connection: since when it has been outside a request, and how to close it.
struct Connection {
    /// `None` while a request is being answered.
    idle_since: Mutex<Option<Instant>>,
    /// Notified when the connection is closed to make room.
    evict: Notify,
}

impl Connection {
    fn state(&self) -> MutexGuard<'_, Option<Instant>> {
        self.idle_since.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn busy(&self) {
        *self.state() = None;
    }

    fn idle(&self) {
        *self.state() = Some(Instant::now());
    }

    /// Resolves once the connection has been outside a request for `timeout`.
    async fn idle_for(&self, timeout: Duration) {
        loop {
            let since = *self.state();
            match since {
                Some(since) if since.elapsed() >= timeout => return,
                Some(since) => tokio::time::sleep_until(since + timeout).await,
                // In a request: look again a full timeout later at the earliest.
                None => tokio::time::sleep(timeout).await,
            }
        }
    }
}

/// Every open connection, for the cap.
#[derive(Default)]
struct Connections {
    open: Mutex<HashMap<u64, Arc<Connection>>>,
    next_id: AtomicU64,
    /// Notified when a connection ends (room for one more, or the last one gone).
    ended: Notify,
}

impl Connections {
    fn open(&self) -> MutexGuard<'_, HashMap<u64, Arc<Connection>>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until one more connection fits under `max`: at the cap the connection idle the
    /// longest is closed at once; when every one is in a request, until one ends.
    async fn make_room(&self, max: usize) {
        loop {
            {
                let mut open = self.open();
                if open.len() < max {
                    return;
                }
                let oldest = open
                    .iter()
                    .filter_map(|(id, c)| c.state().map(|since| (since, *id)))
                    .min();
                if let Some((_, id)) = oldest {
                    if let Some(evicted) = open.remove(&id) {
                        // A stored permit: the connection's task sees it even if not yet waiting.
                        evicted.evict.notify_one();
                    }
                    return;
                }
            }
            self.ended.notified().await;
        }
    }

    fn add(&self) -> (u64, Arc<Connection>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let connection = Arc::new(Connection {
            idle_since: Mutex::new(Some(Instant::now())),
            evict: Notify::new(),
        });
        self.open().insert(id, Arc::clone(&connection));
        (id, connection)
    }

    fn remove(&self, id: u64) {
        self.open().remove(&id);
        self.ended.notify_one();
    }

    /// Resolves when no connection is open.
    async fn drained(&self) {
        while !self.open().is_empty() {
            self.ended.notified().await;
        }
    }
}

/// Serves `router` on `listener` under `limits` until `shutdown` resolves; then stops
/// accepting, lets open connections finish their request for up to `SHUTDOWN_GRACE`, and
/// returns.
///
/// # Errors
/// None today: accept errors are logged and retried (the signature keeps room for one).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let connections = Arc::new(Connections::default());
    let (stopping, stop) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let tcp = match accepted {
            Ok((tcp, _)) => tcp,
            Err(error) => {
                warn!(%error, "accepting a connection failed");
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        tokio::select! {
            () = connections.make_room(limits.max_connections) => {},
            () = &mut shutdown => break,
        }
        let (id, connection) = connections.add();
        let (router, connections, stop) = (router.clone(), Arc::clone(&connections), stop.clone());
        tokio::spawn(async move {
            serve_connection(tcp, router, limits, &connection, stop).await;
            connections.remove(id);
        });
    }
    let _ = stopping.send(true);
    if tokio::time::timeout(SHUTDOWN_GRACE, connections.drained())
        .await
        .is_err()
    {
        warn!("connections still open at shutdown; closing them");
    }
    Ok(())
}

/// One connection: HTTP/1 with hyper's header timeout, closed when idle too long, when
/// evicted to make room, or (after its request) when the server stops.
async fn serve_connection(
    tcp: TcpStream,
    router: Router,
    limits: Limits,
    connection: &Arc<Connection>,
    mut stop: watch::Receiver<bool>,
) {
    // Answers are one small write each: sending them at once beats Nagle's wait for an ACK.
    let _ = tcp.set_nodelay(true);
    let service = {
        let connection = Arc::clone(connection);
        let inner = TowerToHyperService::new(router);
        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            connection.busy();
            let connection = Arc::clone(&connection);
            let answering = hyper::service::Service::call(&inner, request);
            async move {
                let response = answering.await;
                connection.idle();
                response
            }
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let http = builder.serve_connection(TokioIo::new(tcp), service);
    tokio::pin!(http);
    let mut stopping = false;
    loop {
        tokio::select! {
            ended = http.as_mut() => {
                if let Err(error) = ended {
                    debug!(%error, "connection ended");
                }
                return;
            }
            () = connection.evict.notified() => return,
            () = connection.idle_for(limits.idle_timeout) => return,
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_ok() {
                    http.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
