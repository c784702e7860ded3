//! The `Handler` trait every surface calls: one `Request` in, one `Answer` out. Synchronous:
//! async transports call it through `spawn_blocking`.

use super::answer::{Answer, Choice};
use super::moderation::Moderation;
use super::report::Report;
use super::request::Request;
use super::settings::ServerSettings;
use super::vocabulary::Kind;

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

    /// Answers one request asked in a server (`guild`; `None` in a DM). A handler with
    /// moderator records notes what it could not answer there; by default just `handle`.
    fn handle_in(&self, request: &Request, guild: Option<u64>) -> Answer {
        let _ = guild;
        self.handle(request)
    }

    /// Answers one request asked in a server (`guild`; `None` in a DM) with that server's
    /// own settings (its page URL), without noting anything; by default just `handle`.
    fn handle_at(&self, request: &Request, guild: Option<u64>) -> Answer {
        let _ = guild;
        self.handle(request)
    }

    /// Where servers' own settings (`/settings`) are kept, when this handler keeps them.
    fn server_settings(&self) -> Option<&dyn ServerSettings> {
        None
    }

    /// The moderators' side (`/unanswered`, `/page`), when this handler has one.
    fn moderation(&self) -> Option<&dyn Moderation> {
        None
    }

    /// Up to 25 exercise names for what the user has typed so far (popular ones when empty).
    fn autocomplete(&self, partial: &str) -> Vec<Choice>;

    /// Up to 25 values of one facet the corpus uses, for `/find`'s options (most used first
    /// when nothing is typed).
    fn facet_choices(&self, kind: Kind, partial: &str) -> Vec<Choice> {
        let _ = (kind, partial);
        Vec::new()
    }

    /// Keeps a member's report for moderators; whether it was kept. The transports post
    /// every report to the report channel themselves; this is where a store of reports
    /// hooks in (`app::ReportSink`). By default nothing is kept.
    fn keep_report(&self, report: &Report) -> bool {
        let _ = report;
        false
    }

    /// The live index, for `/healthz` and `/metrics`.
    fn status(&self) -> IndexStatus {
        IndexStatus::default()
    }
}
