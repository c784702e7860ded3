//! Gateway sharding on serenity's own: by default every shard `GET /gateway/bot` recommends,
//! in one process; `--shards A-B --total-shards N` runs a range of them; only the process
//! holding shard 0 registers the commands; each guild's interactions arrive on the guild's
//! shard and are answered once.

use std::time::Duration;

use serde_json::{Value, json};
use spotter::gateway::{self, GatewaySettings};
use spotter::{DiscordConfig, Secret, ShardRange};

use crate::support::fake_discord::{self as fake, FakeDiscord, GUILD_ID, shard_of_guild};
use crate::support::{bin, served};

/// Serenity starts one shard every 5 s (WAIT_BETWEEN_BOOTS_IN_SECONDS); far beyond that.
const WAIT: Duration = Duration::from_secs(40);
/// A guild on the other shard of two: the bits above 22 decide (`(id >> 22) % total`).
const OTHER_GUILD_ID: u64 = GUILD_ID + (1 << 22);

/// The bot on `shards` (`None`: what the fake recommends) against `f`, started.
async fn start(f: &FakeDiscord, shards: Option<ShardRange>) -> ShardRange {
    let app = tokio::task::spawn_blocking(served).await.unwrap();
    let settings = GatewaySettings {
        token: Secret::new("test-token"),
        api_base: Some(f.api_base()),
        discord: DiscordConfig {
            cooldown_burst: 100,
            cooldown_per_second: 100.0,
            ..DiscordConfig::default()
        },
        shards,
    };
    let mut client = gateway::client(&settings, app).await.unwrap();
    let running = client.shards;
    tokio::spawn(async move {
        let _ = client.start().await;
    });
    running
}

fn plank(id: u64, guild: u64) -> Value {
    let options = json!([{"name": "query", "type": 3, "value": "plank"}]);
    let member = fake::member(id, &format!("user{id}"), "0", &[]);
    fake::in_guild(fake::command(id, "exercise", options, member), guild)
}

fn callbacks(f: &FakeDiscord, id: u64) -> usize {
    let prefix = format!("/api/v10/interactions/{id}/");
    f.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.starts_with(&prefix))
        .count()
}

fn registrations(f: &FakeDiscord) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count()
}

fn identified_shards(f: &FakeDiscord) -> Vec<Value> {
    let mut shards: Vec<Value> = f.identifies().iter().map(|d| d["shard"].clone()).collect();
    shards.sort_by_key(|s| s[0].as_u64());
    shards
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recommended_shard_runs_in_one_process() {
    assert_ne!(
        shard_of_guild(GUILD_ID, 2),
        shard_of_guild(OTHER_GUILD_ID, 2)
    );
    let f = FakeDiscord::start().await;
    f.recommend_shards(2);
    let running = start(&f, None).await;
    assert_eq!(
        running,
        ShardRange {
            first: 0,
            last: 1,
            total: 2
        }
    );
    f.wait_for("two IDENTIFYs", WAIT, |f| {
        (f.identifies().len() >= 2).then_some(())
    })
    .await;
    assert_eq!(identified_shards(&f), [json!([0, 2]), json!([1, 2])]);
    f.wait_request(|r| r.method == "PUT" && r.path.ends_with("/commands"), WAIT)
        .await;
    for (id, guild) in [(1001, GUILD_ID), (1003, OTHER_GUILD_ID)] {
        let body = f.interact(plank(id, guild), WAIT).await;
        assert_eq!(body["data"]["embeds"][0]["title"], "Plank", "guild {guild}");
        assert_eq!(callbacks(&f, id), 1, "answered once");
    }
    assert_eq!(
        registrations(&f),
        1,
        "commands are registered by shard 0 only"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_runs_only_its_range_and_registers_nothing_without_shard_0() {
    let f = FakeDiscord::start().await;
    f.recommend_shards(2);
    let range = ShardRange {
        first: 1,
        last: 1,
        total: 2,
    };
    assert_eq!(start(&f, Some(range)).await, range);
    f.wait_identify(WAIT).await;
    assert_eq!(identified_shards(&f), [json!([1, 2])]);
    let on_shard_1 = [GUILD_ID, OTHER_GUILD_ID]
        .into_iter()
        .find(|g| shard_of_guild(*g, 2) == 1)
        .unwrap();
    let id = 1005;
    let body = f.interact(plank(id, on_shard_1), WAIT).await;
    assert_eq!(body["data"]["embeds"][0]["title"], "Plank");
    assert_eq!(callbacks(&f, id), 1);
    assert_eq!(f.identifies().len(), 1, "shard 0 is another process's");
    assert_eq!(
        registrations(&f),
        0,
        "only the process holding shard 0 registers"
    );
}

#[test]
fn bad_shard_flags_are_one_line_naming_the_flag() {
    for (args, why) in [
        (
            &["--shards", "2-1", "--total-shards", "4"][..],
            "runs backwards",
        ),
        (
            &["--shards", "0-4", "--total-shards", "4"][..],
            "goes past the last shard",
        ),
        (&["--shards", "0-1"][..], "needs the total shard count"),
    ] {
        let out = bin()
            .arg("serve")
            .args(args)
            .env("DISCORD_TOKEN", "test-token")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("error: --shards: "), "{stderr}");
        assert!(stderr.contains(why), "{stderr}");
    }
}
