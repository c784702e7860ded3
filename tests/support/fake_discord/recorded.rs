//! What the fake received, for tests to read: REST requests, gateway payloads and sockets,
//! deleted messages and channel posts, each with a `wait_*` that wakes when it arrives.

use std::time::Duration;

use serde_json::Value;

use super::{FakeDiscord, Recorded};

impl FakeDiscord {
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

    /// The request target of each accepted socket, e.g. `/gateway?v=10`.
    pub fn gateway_urls(&self) -> Vec<String> {
        self.shared.lock().gateway.urls.clone()
    }

    /// Number of gateway connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.lock().gateway.connections
    }

    /// Every message deleted, in order: `channel/message` or `token/@original`.
    pub fn deleted(&self) -> Vec<String> {
        self.shared.lock().deleted.clone()
    }

    /// The bodies of the messages posted to `channel` (`POST /channels/{c}/messages`) that the
    /// fake accepted, in order.
    pub fn channel_messages(&self, channel: u64) -> Vec<Value> {
        let inner = self.shared.lock();
        let posted = inner.posted.iter().filter(|(c, _)| *c == channel);
        posted.map(|(_, body)| body.clone()).collect()
    }

    /// Waits until `n` messages were posted to `channel` and returns them.
    pub async fn wait_channel_messages(
        &self,
        channel: u64,
        n: usize,
        timeout: Duration,
    ) -> Vec<Value> {
        let what = format!("{n} message(s) posted to channel {channel}");
        self.wait_for(&what, timeout, |f| {
            let posted = f.channel_messages(channel);
            (posted.len() >= n).then_some(posted)
        })
        .await
    }
}
