//! The `Handler` trait every surface calls: one `Request` in, one `Answer` out. Synchronous:
//! async transports call it through `spawn_blocking`.

use super::answer::{Answer, Choice};
use super::request::Request;

/// What the live index is, for health checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexStatus {
    /// The live generation.
    pub generation: u64,
    /// Pages it serves.
    pub pages: usize,
}

/// Answers requests; `app::App` implements it over the live index.
pub trait Handler: Send + Sync {
    /// Answers one request. Never fails: problems become answers.
    fn handle(&self, request: &Request) -> Answer;

    /// Up to 25 exercise names for what the user has typed so far (popular ones when empty).
    fn autocomplete(&self, partial: &str) -> Vec<Choice>;

    /// The live index, for `/healthz` and `/metrics`.
    fn status(&self) -> IndexStatus {
        IndexStatus::default()
    }
}
