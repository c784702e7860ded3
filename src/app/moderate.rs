//! The moderators' side of the app: the questions it could not answer noted in the database
//! (by server, never by user) and listed with the reports members sent, retention, and a
//! page's markdown found by name.
//! Knows the storage, the corpus and the live index; never Discord.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::corpus;
use crate::domain::answer::{Answer, sorry};
use crate::domain::moderation::{
    self, Moderation, PageFile, PageRef, Refusal, UnansweredLine, Upload,
};
use crate::domain::page::PageId;
use crate::domain::understand;
use crate::search::NameMode;
use crate::storage::{Database, Reason, Scope, StorageError};

use super::{App, ReportSink, ReportSinkError};
use crate::domain::report::Report;

/// How often retention runs in a server (issue 14: "on start and daily").
pub const RETENTION_INTERVAL: Duration = Duration::from_secs(24 * 60 * 60);

/// The line moderators get when the database could not be opened; the file and the reason
/// are in the log, not on Discord.
pub const RECORDS_OFF: &str = "Moderator records are off: the database could not be opened. \
The log names the file and why; questions are still answered.";

/// The moderators' side of the app: the records' database (none when it could not be
/// opened), their retention, and whether the corpus is pulled from git.
#[derive(Debug, Default)]
pub(super) struct Desk {
    database: Option<Database>,
    retention_days: u32,
    pub(super) git_pull: bool,
    /// Held while git runs: a reindex and the watcher never pull at once.
    pulling: std::sync::Mutex<()>,
}

/// Now, in unix seconds.
pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl App {
    /// Keeps the moderators' records in `opened` (or logs, naming the file, why they are off:
    /// the bot then answers as before, without its moderator features), keeping
    /// `retention_days` days and applying that at once.
    pub fn attach_records(&mut self, opened: Result<Database, StorageError>, retention_days: u32) {
        self.desk.retention_days = retention_days;
        self.desk.database = match opened {
            Ok(db) => {
                // Members' reports are counted beside what nobody could answer, unless the
                // operator installed a sink of their own.
                if self.reports.is_none() {
                    self.reports = Some(std::sync::Arc::new(db.clone()));
                }
                Some(db)
            }
            Err(error) => {
                tracing::error!(%error, "moderator records are off");
                None
            }
        };
        self.expire_records();
    }

    /// With `on`, the corpus is a git work tree that `/reindex` and the watcher pull
    /// (`git pull --ff-only`) first, and pages are not changed from Discord.
    pub fn pull_with_git(&mut self, on: bool) {
        self.desk.git_pull = on;
    }

    /// Pulls the corpus with `git pull --ff-only`, one pull at a time: the commits it
    /// brought, newest first.
    ///
    /// # Errors
    /// Why the pull did not happen or failed; the files are as they were.
    pub fn pull_corpus(&self) -> Result<Vec<String>, super::git::PullError> {
        let _one = self.desk.pulling.lock().unwrap_or_else(|e| e.into_inner());
        super::git::pull(&self.settings.corpus)
    }

    /// The records' database, when open.
    pub fn records(&self) -> Option<&Database> {
        self.desk.database.as_ref()
    }

    /// Deletes what is older than the retention; returns how many rows went.
    pub fn expire_records(&self) -> usize {
        let Some(db) = self.records() else {
            return 0;
        };
        match db.expire(self.desk.retention_days, now_secs()) {
            Ok(n) => {
                if n > 0 {
                    tracing::info!(
                        rows = n,
                        days = self.desk.retention_days,
                        "expired old records"
                    );
                }
                n
            }
            Err(error) => {
                tracing::warn!(%error, "expiring old records failed");
                0
            }
        }
    }

    /// Notes an answer that found nothing, by its normalised text and the server. A failed
    /// write is logged; the member's answer never waits on it beyond the busy timeout.
    pub(super) fn note_unanswered(&self, guild: Option<u64>, answer: &Answer) {
        let (Some(db), Answer::NotFound(missing)) = (self.records(), answer) else {
            return;
        };
        let text = understand::normalise(missing.query());
        if let Err(error) = db.record_unanswered(guild, &text, now_secs()) {
            tracing::warn!(%error, "recording an unanswered question failed");
        }
    }

    /// The corpus file of a page: a path inside the corpus as given, a page id, or an
    /// exercise's name; `None` when none matches.
    pub(super) fn page_file(&self, name: &str) -> Option<PathBuf> {
        let corpus = &self.settings.corpus;
        let files = corpus::files(corpus).ok()?;
        let wanted = Path::new(name.trim());
        if let Some(f) = files.iter().find(|f| f.as_path() == wanted) {
            return Some(f.clone());
        }
        let id_of = |f: &Path| {
            f.file_stem()
                .map(|s| PageId::new(&s.to_string_lossy()))
                .unwrap_or_default()
        };
        let by_id = |id: &PageId| files.iter().find(|f| id_of(f) == *id).cloned();
        if let Some(f) = by_id(&PageId::new(name.trim())) {
            return Some(f);
        }
        let typed = understand::normalise(name);
        let hits = self.searcher().names(&typed, NameMode::Whole, 1).ok()?;
        let hit = hits
            .into_iter()
            .find(|h| understand::normalise(&h.name) == typed)?;
        by_id(&hit.id)
    }
}

fn notice(text: &str) -> Answer {
    Answer::Notice {
        text: text.into(),
        ephemeral: true,
    }
}

impl Moderation for App {
    fn unanswered(&self, guild: Option<u64>, days: u32) -> Answer {
        let Some(db) = self.records() else {
            return notice(RECORDS_OFF);
        };
        let days = days.clamp(1, self.desk.retention_days.max(1));
        match db.unanswered(
            Scope::Guild(guild),
            days,
            now_secs(),
            moderation::UNANSWERED_MAX_LINES,
        ) {
            Ok(rows) => {
                let lines: Vec<UnansweredLine> = rows
                    .into_iter()
                    .map(|r| UnansweredLine {
                        question: r.question,
                        count: r.count,
                        first_seen: r.first_seen,
                        last_seen: r.last_seen,
                        reported: r.reason == Reason::Report,
                    })
                    .collect();
                moderation::unanswered_card(&lines, days)
            }
            Err(error) => {
                tracing::error!(%error, "reading the unanswered questions failed");
                notice(sorry!("I could not read the records just now"))
            }
        }
    }

    fn accepts(&self, filename: &str, name: Option<&str>) -> Result<u64, Refusal> {
        self.upload_refusal(filename, name)
            .map_or(Ok(self.settings.max_page_bytes), Err)
    }

    fn upload(&self, upload: &Upload) -> Answer {
        self.upload_page(upload)
    }

    fn removal_target(&self, name: &str) -> Result<PageRef, Refusal> {
        App::removal_target(self, name)
    }

    fn remove(&self, id: &str, by: &str) -> Answer {
        self.remove_page(id, by)
    }

    fn page_source(&self, name: &str) -> Result<PageFile, Refusal> {
        let Some(rel) = self.page_file(name) else {
            return Err(Refusal::new(
                "No page of that name, id or path in the corpus. Pick one from the list as you type.",
            ));
        };
        match std::fs::read(self.settings.corpus.join(&rel)) {
            // The attachment is named by the page's id (a slug), whatever the file's own name
            // holds (spaces, control characters).
            Ok(bytes) => Ok(PageFile {
                name: format!(
                    "{}.md",
                    PageId::new(&rel.file_stem().unwrap_or_default().to_string_lossy())
                ),
                path: rel.to_string_lossy().to_string(),
                bytes,
            }),
            Err(error) => {
                tracing::error!(%error, page = %rel.display(), "reading a page's source failed");
                Err(Refusal::new("Sorry, I could not read that page just now."))
            }
        }
    }
}

/// The moderators' database keeps a member's report as a count of the question asked, per
/// server and day, listed by `/unanswered` beside the questions nobody could answer. What
/// the member wrote and who wrote it go to the report channel only: the database holds no
/// user's id or text.
impl ReportSink for Database {
    fn keep(&self, report: &Report) -> Result<(), ReportSinkError> {
        let question = understand::normalise(&report.question);
        self.record_report(report.guild_id, &question, now_secs())?;
        Ok(())
    }
}
