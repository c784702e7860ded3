//! `App`: the live index and the corpus it came from, and the one `domain::Handler` every
//! surface calls. The only module that joins the domain and the search. Its parts: `live`
//! keeps the index current (build, reindex, follow, watch), `answer` turns a request into an
//! answer (understand, ask the index, decide, compose), `autocomplete` offers names and values
//! while a member types, `settings` keeps servers' own settings and composes with a server's
//! page URL. Knows no Discord.

mod answer;
mod autocomplete;
mod background;
mod git;
mod lists;
mod live;
mod mentions;
mod moderate;
mod pages;
mod read;
mod reports;
mod resolve;
mod settings;
mod stage;
mod watch;

pub use lists::LIST_OUT_OF_DATE;
pub use live::{OpenReport, ensure_index};
pub use mentions::NAMES_IN_MAX;
pub use moderate::{RECORDS_OFF, RETENTION_INTERVAL, now_secs};
pub use pages::history_dir;
pub use reports::{ReportSink, ReportSinkError};

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use arc_swap::ArcSwap;

use crate::domain::answer::{APOLOGY, Answer, Choice};
use crate::domain::compose::Links;
use crate::domain::handler::Handler;
use crate::domain::ranking::{RANKING, Ranking};
use crate::domain::report::Report;
use crate::domain::request::Request;
use crate::domain::vocabulary::Kind;
use crate::search::{Generation, IndexError, Searcher, Store};

/// Errors opening the app.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The corpus folder cannot be read.
    #[error("corpus folder {path}: {source}")]
    Corpus {
        /// The folder as given.
        path: PathBuf,
        /// The error reading it.
        source: std::io::Error,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Where things are.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// `corpus.page_url`.
    pub page_url: String,
    /// `corpus.max_page_bytes`: a bigger file is rejected with its size.
    pub max_page_bytes: u64,
}

/// The app: live index plus answers.
pub struct App {
    settings: Settings,
    links: Links,
    store: Store,
    live: ArcSwap<Searcher>,
    /// The reindex under way, if any: who asked and when (one at a time).
    reindexing: Mutex<Option<(String, SystemTime)>>,
    /// The thresholds the answers are decided with.
    ranking: Ranking,
    /// Lists too long for a paging button's id.
    lists: lists::ListStore,
    /// The moderators' side: records of what could not be answered, git pulls.
    desk: moderate::Desk,
    /// Where reports are kept for moderators; `None`: only posted to the report channel.
    reports: Option<Arc<dyn ReportSink>>,
    /// Servers' own settings recently read.
    server_settings: settings::Recent,
    /// Raised when the app is dropped: its background threads (`every`) end.
    stop: background::Stop,
}

impl App {
    /// Opens the app over an up-to-date index.
    ///
    /// # Errors
    /// When the corpus cannot be read or the index cannot be built.
    pub fn open(
        settings: Settings,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(App, OpenReport), AppError> {
        let (store, generation, report) = ensure_index(&settings, false, progress)?;
        let app = App {
            links: Links {
                page_url: settings.page_url.clone(),
            },
            settings,
            store,
            live: ArcSwap::from_pointee(Searcher::new(generation)),
            reindexing: Mutex::new(None),
            ranking: RANKING,
            lists: lists::ListStore::default(),
            desk: moderate::Desk::default(),
            reports: None,
            server_settings: settings::Recent::default(),
            stop: background::Stop::default(),
        };
        Ok((app, report))
    }

    /// Decides with other thresholds from now on (the quality tests sweep them).
    pub fn set_ranking(&mut self, ranking: Ranking) {
        self.ranking = ranking;
    }

    /// Keeps every report members send in `sink` too (a store moderators read), besides the
    /// report channel the transports post to.
    pub fn set_report_sink(&mut self, sink: Arc<dyn ReportSink>) {
        self.reports = Some(sink);
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The index folder in use.
    pub fn index_dir(&self) -> &Path {
        self.store.root()
    }

    /// The live searcher.
    pub fn searcher(&self) -> Arc<Searcher> {
        self.live.load_full()
    }

    /// Swaps in another generation atomically; queries already running finish on the old one.
    pub fn switch_to(&self, generation: Generation) {
        let searcher = Searcher::new(generation);
        searcher.warm();
        self.live.store(Arc::new(searcher));
    }

    /// Reads now what the live generation otherwise reads on first use (its profiles), for
    /// a server: the first question after start does not pay for it, and a generation
    /// folder removed later by another process's builds cannot take it away.
    pub fn warm(&self) {
        self.searcher().warm();
    }
}

impl Handler for App {
    fn handle(&self, request: &Request) -> Answer {
        match self.answer(request) {
            Ok(answer) => answer,
            Err(error) => {
                tracing::error!(%error, "answering failed");
                Answer::Notice {
                    text: APOLOGY.into(),
                    ephemeral: true,
                }
            }
        }
    }

    fn handle_at(&self, request: &Request, guild: Option<u64>) -> Answer {
        self.at(guild, || self.handle(request))
    }

    fn handle_in(&self, request: &Request, guild: Option<u64>) -> Answer {
        let answer = self.handle_at(request, guild);
        self.note_unanswered(guild, &answer);
        answer
    }

    fn moderation(&self) -> Option<&dyn crate::domain::moderation::Moderation> {
        Some(self)
    }

    fn server_settings(&self) -> Option<&dyn crate::domain::settings::ServerSettings> {
        Some(self)
    }

    fn keep_report(&self, report: &Report) -> bool {
        let Some(sink) = &self.reports else {
            return false;
        };
        match sink.keep(report) {
            Ok(()) => true,
            Err(error) => {
                tracing::error!(%error, report.id = report.id, "keeping a report failed");
                false
            }
        }
    }

    fn status(&self) -> crate::domain::handler::IndexStatus {
        let s = self.searcher();
        crate::domain::handler::IndexStatus {
            generation: s.generation().number,
            pages: s.generation().meta.pages,
        }
    }

    fn facet_choices(&self, kind: Kind, partial: &str) -> Vec<Choice> {
        autocomplete::facet_values(&self.searcher(), kind, partial)
    }

    fn autocomplete(&self, partial: &str) -> Vec<Choice> {
        autocomplete::names(&self.searcher(), partial)
    }
}
