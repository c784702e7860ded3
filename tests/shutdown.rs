//! The real `spotter serve` binary against the fake Discord: it stops on SIGINT/SIGTERM in
//! every connection state (reliability issue #2), and never dials anything but the host
//! `DISCORD_API_BASE` names (#3). Timeouts here only detect a hang.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::fake_discord::{self as fake, FakeDiscord, GatewayMode};

const WAIT: Duration = Duration::from_secs(30);
/// Far beyond the 5 s the bot has: only a hang fails.
const EXIT_WAIT: Duration = Duration::from_secs(20);

/// One index folder for every process here (built by the first, reused by the rest).
fn index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// The bot process and what it wrote to stderr so far (read as it comes, so a chatty log
/// level never fills the pipe and blocks the bot, and a test can wait for a line).
pub struct Bot {
    child: Child,
    stderr: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `spotter serve` with `DISCORD_API_BASE = api_base`, the test token, and `env`.
pub fn serve(api_base: &str, env: &[(&str, &str)]) -> Bot {
    let mut command = crate::support::bin();
    command
        .arg("--index")
        .arg(index())
        .arg("serve")
        .env("DISCORD_TOKEN", "test-token")
        .env("DISCORD_API_BASE", api_base)
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("spotter starts");
    let pipe = child.stderr.take().expect("piped stderr");
    let stderr = Arc::new(Mutex::new(String::new()));
    let reader = {
        let stderr = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = stderr.lock().unwrap_or_else(|e| e.into_inner());
                text.push_str(&line);
                text.push('\n');
            }
        })
    };
    Bot {
        child,
        stderr,
        reader: Some(reader),
    }
}

impl Bot {
    /// Sends SIGTERM or SIGINT (`"TERM"`, `"INT"`).
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} failed");
    }

    fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until stderr holds `needle` (panicking after `EXIT_WAIT`).
    pub async fn wait_log(&self, needle: &str) {
        let deadline = Instant::now() + EXIT_WAIT;
        while !self.stderr().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "the bot never logged {needle:?}; stderr:\n{}",
                self.stderr()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for the process to end (panicking after `EXIT_WAIT`: it hung); its status and
    /// everything it wrote to stderr.
    pub async fn exited(&mut self, what: &str) -> (ExitStatus, String) {
        let deadline = Instant::now() + EXIT_WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the bot did not stop {what}; stderr:\n{}", self.stderr());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (status, self.stderr())
    }
}

fn discovery_served(f: &FakeDiscord) -> Option<()> {
    f.served_gateway_discovery().then_some(())
}

async fn assert_stops(bot: &mut Bot, signal: &str, what: &str) {
    bot.signal(signal);
    let (status, stderr) = bot.exited(what).await;
    assert!(status.success(), "{what}: {status:?}\n{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
    assert!(!stderr.contains("test-token"), "the token is never logged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r2_sigterm_stops_the_bot_while_the_gateway_refuses() {
    let f = FakeDiscord::start().await;
    f.set_gateway(GatewayMode::Refuse);
    let mut bot = serve(&f.api_base(), &[]);
    // The signal handlers are installed before discovery is asked.
    f.wait_for("gateway discovery", WAIT, discovery_served)
        .await;
    assert_stops(&mut bot, "TERM", "on SIGTERM while the gateway refuses").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r2_sigterm_stops_the_bot_while_the_gateway_closes_every_socket() {
    let f = FakeDiscord::start().await;
    f.set_gateway(GatewayMode::Drop);
    let mut bot = serve(&f.api_base(), &[]);
    f.wait_for("a gateway connection", WAIT, |f| {
        (f.connections() >= 1).then_some(())
    })
    .await;
    assert_stops(&mut bot, "TERM", "on SIGTERM while connecting").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r2_sigterm_stops_the_bot_while_it_reconnects() {
    let f = FakeDiscord::start().await;
    let mut bot = serve(&f.api_base(), &[]);
    f.wait_identify(WAIT).await;
    f.set_gateway(GatewayMode::Drop);
    // 4000: serenity resumes on a new socket, which the fake now closes at once.
    f.close(4000).await;
    f.wait_for("a reconnect attempt", WAIT, |f| {
        (f.connections() >= 2).then_some(())
    })
    .await;
    assert_stops(&mut bot, "TERM", "on SIGTERM while reconnecting").await;
}

/// The bot connected, then its resume stalled in a websocket handshake that never completes:
/// the shard cannot take serenity's shutdown message, so a clean stop takes the whole grace.
async fn stalled_resume(f: &FakeDiscord) -> Bot {
    let bot = serve(&f.api_base(), &[]);
    f.wait_identify(WAIT).await;
    f.set_gateway(GatewayMode::Stall);
    f.close(4000).await;
    f.wait_for("a stalled resume", WAIT, |f| {
        (f.connections() >= 2).then_some(())
    })
    .await;
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r2_sigterm_stops_the_bot_while_a_resume_stalls() {
    let f = FakeDiscord::start().await;
    let mut bot = stalled_resume(&f).await;
    assert_stops(&mut bot, "TERM", "on SIGTERM while a resume stalls").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r2_a_second_sigint_exits_at_once() {
    let f = FakeDiscord::start().await;
    let mut bot = stalled_resume(&f).await;
    bot.signal("INT");
    // The first signal is being handled: the clean stop now waits out its grace.
    bot.wait_log("shutting down").await;
    bot.signal("INT");
    let (status, stderr) = bot.exited("on a second SIGINT").await;
    assert_eq!(
        status.code(),
        Some(130),
        "exited by the second signal\n{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r2_sigint_stops_the_bot_while_connected() {
    let f = FakeDiscord::start().await;
    let mut bot = serve(&f.api_base(), &[]);
    f.wait_identify(WAIT).await;
    let member = fake::member(13, "user13", "0", &[]);
    let body = f
        .interact(fake::command(701, "help", json!([]), member), WAIT)
        .await;
    assert_eq!(body["data"]["flags"], 64);
    assert_stops(&mut bot, "INT", "on SIGINT while connected").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r3_an_unreachable_api_base_is_one_clear_line_and_no_fallback() {
    // A port nothing listens on: REST, and so gateway discovery, cannot be reached.
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let base = format!("http://127.0.0.1:{dead}");
    let mut bot = serve(&base, &[]);
    let (status, stderr) = bot.exited("with REST unreachable").await;
    assert_eq!(status.code(), Some(2), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains(&format!("DISCORD_API_BASE ({base})")),
        "names the setting: {}",
        errors[0]
    );
    assert!(
        !stderr.contains("gateway.discord.gg"),
        "never the fallback host: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r11_debug_logs_never_hold_a_token() {
    let f = FakeDiscord::start().await;
    let mut bot = serve(&f.api_base(), &[("RUST_LOG", "debug")]);
    f.wait_identify(WAIT).await;
    let member = fake::member(14, "user14", "0", &[]);
    let interaction = fake::command(702, "help", json!([]), member);
    let body = f.interact(interaction.clone(), WAIT).await;
    assert_eq!(body["data"]["flags"], 64);
    // The same interaction again: its second callback is refused (400, 40060), and serenity's
    // debug log prints the refused response with its URL, which holds the token.
    f.dispatch("INTERACTION_CREATE", interaction).await;
    f.wait_for("the second callback", WAIT, |f| {
        let callbacks = f
            .requests()
            .into_iter()
            .filter(|r| r.path.contains("/702/"))
            .count();
        (callbacks >= 2).then_some(())
    })
    .await;
    bot.signal("TERM");
    let (status, stderr) = bot.exited("on SIGTERM").await;
    assert!(status.success(), "{status:?}");
    // At debug level every REST call's span prints its route, token included.
    assert!(
        stderr.contains("InteractionResponse { interaction_id: InteractionId(702)"),
        "the callback's route was logged"
    );
    assert!(
        !stderr.contains("token-702"),
        "an interaction token was logged"
    );
    assert!(!stderr.contains("test-token"), "the bot token was logged");
}
