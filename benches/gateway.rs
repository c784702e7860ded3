//! INTERACTION_CREATE sent → callback received, through the fake Discord on loopback, 1,000
//! interactions against a real `spotter serve` process (the binary of this build's profile),
//! their rate, and that process's peak memory. `SPOTTER_BENCH_SHARDS=4` has the fake
//! recommend four shards, which the bot runs in its one process, and spreads the interactions
//! over four guilds, one per shard. Run: `cargo bench --bench gateway`.

// The bench drives a few of the fake's calls; the tests use the rest (and keep them live).
#[allow(dead_code)]
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
    let shards: u64 = std::env::var("SPOTTER_BENCH_SHARDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let fake = FakeDiscord::start().await;
    fake.recommend_shards(shards as u32);
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
    let started = Instant::now();
    while (fake.identifies().len() as u64) < shards {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} shards identified",
            fake.identifies().len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let questions = [
        "hip rotation",
        "plank",
        "goblet squat",
        "romainian deadlfit",
        "push up",
    ];
    let mut samples = Vec::new();
    let all = Instant::now();
    for n in 0..INTERACTIONS {
        let q = questions[n as usize % questions.len()];
        let payload = fake_discord::command(
            1_000_000 + n * 2,
            "exercise",
            json!([{"name": "query", "type": 3, "value": q}]),
            fake_discord::member(1000 + n % 50, "bench", "0", &[]),
        );
        // Guild k << 22 is dispatched on shard k (Discord's rule: (guild_id >> 22) % shards).
        let payload = match shards {
            1 => payload,
            _ => fake_discord::in_guild(payload, ((n % shards) << 22) | 1),
        };
        let t = Instant::now();
        let body = fake.interact(payload, Duration::from_secs(10)).await;
        samples.push(t.elapsed());
        assert_eq!(body["type"], 4);
    }
    let rate = INTERACTIONS as f64 / all.elapsed().as_secs_f64();
    samples.sort();
    let p = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    println!(
        "gateway, {shards} shard(s): {INTERACTIONS} interactions one after another, {rate:.0}/s, INTERACTION_CREATE -> callback p50 {:?} p99 {:?} max {:?}",
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
