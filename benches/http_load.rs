//! A load generator for `spotter serve-http` (this build's binary) on loopback: signed requests
//! over 64 keep-alive connections for a fixed time, then the same during a `/reindex` of the
//! shipped corpus, then with 2,000 idle connections held open beside them (a flood of idle
//! sockets must cost nothing but the sockets). Prints throughput, p50/p99 and errors.
//! Run: `cargo bench --bench http_load`.

// The bench drives a few of the fake's calls; the tests use the rest (and keep them live).
#[allow(dead_code)]
#[path = "../tests/support/fake_discord/mod.rs"]
mod fake_discord;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const CONNECTIONS: usize = 64;
/// Idle sockets opened for the last phase: below `http.max_connections` (4,096), so none is
/// closed to make room, and more than the 1,000 concurrent requests the defaults must carry.
const IDLE: usize = 2_000;
const SECONDS: u64 = 10;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Pre-signed requests (signing is the client's cost, not the server's).
fn requests(key: &SigningKey, n: u64) -> Vec<Vec<u8>> {
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let qs = [
        "hip rotation",
        "plank",
        "goblet squat",
        "romainian deadlfit",
        "push up",
        "lat pulldown",
    ];
    (0..n)
        .map(|i| {
            let payload = fake_discord::command(
                2_000_000 + i * 2,
                "exercise",
                json!([{"name": "query", "type": 3, "value": qs[i as usize % qs.len()]}]),
                fake_discord::member(5000 + i % 500, "load", "0", &[]),
            );
            let body = serde_json::to_vec(&payload).unwrap();
            let sig = key.sign(&[ts.as_bytes(), &body].concat());
            let mut req = format!(
                "POST /interactions HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nX-Signature-Ed25519: {}\r\nX-Signature-Timestamp: {ts}\r\nContent-Length: {}\r\n\r\n",
                hex(&sig.to_bytes()),
                body.len()
            )
            .into_bytes();
            req.extend_from_slice(&body);
            req
        })
        .collect()
}

/// One keep-alive connection sending requests until `until`; returns latencies and errors.
async fn worker(
    addr: String,
    reqs: Arc<Vec<Vec<u8>>>,
    offset: usize,
    until: Instant,
) -> (Vec<Duration>, usize) {
    let stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    let (mut lat, mut errors) = (Vec::new(), 0);
    let mut i = offset;
    while Instant::now() < until {
        let t = Instant::now();
        w.write_all(&reqs[i % reqs.len()]).await.unwrap();
        let mut status = String::new();
        r.read_line(&mut status).await.unwrap();
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            r.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).await.unwrap();
        lat.push(t.elapsed());
        if !status.contains(" 200 ") {
            errors += 1;
        }
        i += CONNECTIONS;
    }
    (lat, errors)
}

async fn run(
    addr: &str,
    reqs: &Arc<Vec<Vec<u8>>>,
    label: &str,
    during: Option<Box<dyn FnOnce() + Send>>,
) {
    let until = Instant::now() + Duration::from_secs(SECONDS);
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|c| tokio::spawn(worker(addr.to_string(), Arc::clone(reqs), c, until)))
        .collect();
    if let Some(f) = during {
        tokio::time::sleep(Duration::from_secs(2)).await;
        f();
    }
    let (mut all, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (l, e) = t.await.unwrap();
        all.extend(l);
        errors += e;
    }
    all.sort();
    let p = |q: f64| all[((all.len() - 1) as f64 * q) as usize];
    println!(
        "{label}: {} requests in {SECONDS} s = {:.0}/s, p50 {:?} p99 {:?}, errors {errors}",
        all.len(),
        all.len() as f64 / SECONDS as f64,
        p(0.5),
        p(0.99)
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The binary cargo built for this bench, in the one profile (Cargo.toml).
    let bin = Path::new(env!("CARGO_BIN_EXE_spotter"));
    let key = SigningKey::from_bytes(&[9u8; 32]);
    let fake = fake_discord::FakeDiscord::start().await;
    let index = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = std::process::Command::new(bin)
        .current_dir(root)
        .arg("--index")
        .arg(index.path())
        .args(["serve-http", "--listen", &addr])
        .env("DISCORD_PUBLIC_KEY", hex(key.verifying_key().as_bytes()))
        .env("DISCORD_API_BASE", fake.api_base())
        .env("RUST_LOG", "spotter=warn")
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while tokio::net::TcpStream::connect(&addr).await.is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reqs = Arc::new(requests(&key, 4096));
    run(&addr, &reqs, "warm-up", None).await;
    run(&addr, &reqs, "steady", None).await;
    let reindex = {
        let addr = addr.clone();
        let payload = fake_discord::command(
            9_999_998,
            "reindex",
            json!([]),
            fake_discord::member(1, "mod", "32", &[]),
        );
        let body = serde_json::to_vec(&payload).unwrap();
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let sig = key.sign(&[ts.as_bytes(), &body].concat());
        Box::new(move || {
            tokio::spawn(async move {
                let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
                let head = format!(
                    "POST /interactions HTTP/1.1\r\nHost: bench\r\nConnection: close\r\nX-Signature-Ed25519: {}\r\nX-Signature-Timestamp: {ts}\r\nContent-Length: {}\r\n\r\n",
                    hex(&sig.to_bytes()),
                    body.len()
                );
                s.write_all(head.as_bytes()).await.unwrap();
                s.write_all(&body).await.unwrap();
                let mut out = Vec::new();
                let _ = s.read_to_end(&mut out).await;
            });
        }) as Box<dyn FnOnce() + Send>
    };
    run(&addr, &reqs, "during a reindex", Some(reindex)).await;
    let edit = fake
        .wait_request(|r| r.method == "PATCH", Duration::from_secs(60))
        .await;
    let mut idle = Vec::with_capacity(IDLE);
    for _ in 0..IDLE {
        idle.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    run(&addr, &reqs, "with 2,000 idle connections open", None).await;
    drop(idle);
    println!(
        "reindex report: {}",
        edit.body["content"]
            .as_str()
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("")
    );
    let _ = child.kill();
    let _ = child.wait();
}
