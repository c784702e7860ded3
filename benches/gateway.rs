//! INTERACTION_CREATE sent → callback received, through the fake Discord on loopback, 1,000
//! interactions against a real `spotter serve` process (the binary of this build's profile),
//! and that process's peak memory. Run: `cargo bench --profile dev --bench gateway`.

#[path = "../tests/support/fake_discord/mod.rs"]
mod fake_discord;

use std::path::Path;
use std::time::{Duration, Instant};

use fake_discord::FakeDiscord;
use serde_json::json;

const INTERACTIONS: u64 = 1000;

fn vm(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The binary cargo built for this bench, in the one profile (Cargo.toml).
    let bin = Path::new(env!("CARGO_BIN_EXE_spotter"));
    let fake = FakeDiscord::start().await;
    let index = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(bin)
        .current_dir(root)
        .arg("--index")
        .arg(index.path())
        .arg("serve")
        .env("DISCORD_TOKEN", "bench-token")
        .env("DISCORD_API_BASE", fake.api_base())
        .env("RUST_LOG", "spotter=warn")
        .spawn()
        .unwrap();
    fake.wait_identify(Duration::from_secs(60)).await;
    fake.wait_request(|r| r.method == "PUT", Duration::from_secs(60))
        .await;
    let questions = [
        "hip rotation",
        "plank",
        "goblet squat",
        "romainian deadlfit",
        "push up",
    ];
    let mut samples = Vec::new();
    for n in 0..INTERACTIONS {
        let q = questions[n as usize % questions.len()];
        let payload = fake_discord::command(
            1_000_000 + n * 2,
            "exercise",
            json!([{"name": "query", "type": 3, "value": q}]),
            fake_discord::member(1000 + n % 50, "bench", "0", &[]),
        );
        let t = Instant::now();
        let body = fake.interact(payload, Duration::from_secs(10)).await;
        samples.push(t.elapsed());
        assert_eq!(body["type"], 4);
    }
    samples.sort();
    let p = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    println!(
        "gateway: {INTERACTIONS} interactions, INTERACTION_CREATE -> callback p50 {:?} p99 {:?} max {:?}",
        p(0.5),
        p(0.99),
        samples[samples.len() - 1]
    );
    println!(
        "bot process memory: peak RSS {:.1} MB, RSS now {:.1} MB",
        vm(child.id(), "VmHWM:"),
        vm(child.id(), "VmRSS:")
    );
    let _ = child.kill();
    let _ = child.wait();
}
