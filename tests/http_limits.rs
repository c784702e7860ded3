//! `serve-http`'s connection limits (reliability issue #10): idle sockets past the cap never
//! keep a signed interaction out, and idle, half-sent and slow-body sockets are closed after
//! their configured timeout, and the default limits carry a thousand concurrent requests.
//! Timeouts here only detect a hang.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use spotter::Limits;
use spotter::{Replier, http, rest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use ed25519_dalek::Signer;

use crate::http::{hex, key, now, public_hex, request, signed};
use crate::support::fake_discord as fake;
use crate::support::served;

/// Far beyond any configured timeout: only a hang fails.
const WAIT: Duration = Duration::from_secs(20);

/// The endpoint under `limits` on a free port of 127.0.0.1; its address.
async fn start(limits: Limits) -> String {
    let app = tokio::task::spawn_blocking(served).await.unwrap();
    let replier = Replier::new(app.clone(), &crate::http::discord_config(None));
    // No deferred answer is asked for here, so REST is never called: a closed port will do.
    let rest = Arc::new(rest::http("", Some("http://127.0.0.1:9")));
    let endpoint = http::Endpoint::new(http::verifier(&public_hex()).unwrap(), replier, app, rest)
        .with_limits(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(http::serve(
        listener,
        Arc::new(endpoint),
        "/interactions",
        std::future::pending(),
    ));
    addr
}

fn limits(timeout_secs: u64, max_connections: usize) -> Limits {
    let timeout = Duration::from_secs(timeout_secs);
    Limits {
        header_timeout: timeout,
        body_timeout: timeout,
        idle_timeout: timeout,
        max_connections,
    }
}

/// Reads until the server closes the socket (EOF or reset); what it sent before.
async fn closed(socket: &mut TcpStream, what: &str) -> Vec<u8> {
    let mut out = Vec::new();
    match tokio::time::timeout(WAIT, socket.read_to_end(&mut out)).await {
        Err(_) => panic!("{what}: the server never closed the socket"),
        Ok(_) => out,
    }
}

fn plank(id: u64) -> serde_json::Value {
    let options = json!([{"name": "query", "type": 3, "value": "plank"}]);
    fake::command(id, "exercise", options, fake::member(1, "user1", "0", &[]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r10_idle_sockets_past_the_cap_never_keep_a_request_out() {
    // Timeouts far away: only the cap can make room here.
    let addr = start(limits(600, 16)).await;
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    let (status, body) = tokio::time::timeout(WAIT, signed(&addr, &plank(31)))
        .await
        .expect("a signed request behind 300 idle sockets is answered");
    assert_eq!(status, 200);
    assert_eq!(body["data"]["embeds"][0]["title"], "Plank");
    // The first idle socket made room long ago.
    closed(&mut idle[0], "the oldest idle socket past the cap").await;
    let (status, _) = request(&addr, "GET", "/healthz", &[], b"").await;
    assert_eq!(status, 200, "and the server still serves");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r10_idle_and_half_sent_sockets_are_closed_after_the_timeout() {
    let addr = start(limits(1, 64)).await;
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let mut half = TcpStream::connect(&addr).await.unwrap();
    half.write_all(b"POST /interactions HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    closed(&mut silent, "a socket that sends nothing").await;
    closed(&mut half, "a socket that never ends its headers").await;

    // Kept alive after a request, then idle: closed too.
    let mut kept = TcpStream::connect(&addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let out = closed(&mut kept, "a kept-alive socket left idle").await;
    assert!(
        out.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r10_a_body_slower_than_the_timeout_is_408() {
    let addr = start(limits(1, 64)).await;
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\"")
        .await
        .unwrap();
    let out = closed(&mut slow, "a socket whose body never ends").await;
    assert!(
        out.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r10_the_default_limits_carry_a_thousand_concurrent_requests() {
    const CONCURRENT: usize = 1000;
    let addr = start(Limits::default()).await;
    let ping = serde_json::to_vec(
        &json!({"id": "1", "application_id": fake::APP_ID.to_string(), "type": 1, "token": "t", "version": 1}),
    )
    .unwrap();
    let ts = now();
    let sig = hex(&key().sign(&[ts.as_bytes(), &ping].concat()).to_bytes());
    let head = format!(
        "POST /interactions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\
         X-Signature-Ed25519: {sig}\r\nX-Signature-Timestamp: {ts}\r\n\r\n",
        ping.len()
    );
    let request = [head.as_bytes(), &ping].concat();
    // Every connection open at once before any request is sent.
    let mut sockets = Vec::with_capacity(CONCURRENT);
    for _ in 0..CONCURRENT {
        sockets.push(TcpStream::connect(&addr).await.unwrap());
    }
    let exchanges = sockets.into_iter().map(|mut socket| {
        let request = request.clone();
        tokio::spawn(async move {
            socket.write_all(&request).await.unwrap();
            let mut out = Vec::new();
            socket.read_to_end(&mut out).await.unwrap();
            out
        })
    });
    let answers = tokio::time::timeout(WAIT * 3, futures_util::future::join_all(exchanges))
        .await
        .expect("a thousand concurrent requests are all answered");
    for answer in answers {
        let out = answer.unwrap();
        assert!(
            out.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&out)
        );
    }
}
