//! spotter: a Discord bot that answers exercise questions from a folder of markdown pages.
//!
//! The data flows one way (see DESIGN.md): `corpus` reads pages into `domain` records, `search`
//! indexes them with Tantivy, `app` turns a `domain::Request` into a `domain::Answer`, and the
//! renderers (`discord::render`, `terminal`) turn that answer into what a surface shows.
#![deny(missing_docs)]

mod app;
mod cli;
mod config;
mod console;
mod corpus;
mod discord;
mod domain;
mod logging;
mod search;
mod storage;
mod terminal;

// What the binary, the tests and the benches use; everything else is the crate's own, so the
// compiler reports what nothing calls. Kept short and grouped by stage, as imdb-index does.

// The process: the command line, its config and logging.
pub use cli::{Cli, Cmd, LogFormat, UsageError, error_line, run};
pub use config::{Config, ConfigError, DiscordConfig, Secret, ShardRange};
pub use logging::{FORMAT_VAR, Format, init as init_logging, redact};

// The corpus on disk and its index.
pub use corpus::{Loaded, MAX_PAGE_BYTES_DEFAULT, builtin, load as load_corpus};
pub use search::{IndexError, Searcher, Store};

// Answering: the app behind every surface, and the domain types it speaks.
pub use app::{App, ReportSink, ReportSinkError, Settings, ensure_index, history_dir, now_secs};
pub use domain::Request;
pub use domain::parse::parse_page;
pub use domain::ranking::{RANKING, Ranking};
pub use domain::report::Report;
pub use domain::vocabulary::Kind as VocabularyKind;
pub use domain::{Answer, Card, CustomId, Difficulty, Filters, Handler, Intent, Page, PageId};

// The moderators' store.
pub use storage::{Database, QUESTION_MAX_CHARS, Reason, Scope, StorageError};

// The surfaces: Discord's two transports and their rendering, the terminal and the console.
pub use console::{Reply as ConsoleReply, Session};
pub use discord::listen::Limits;
pub use discord::reply::Replier;
pub use discord::report::Reporting;
pub use discord::{gateway, http, render, rest};
pub use terminal::{Layout, escape as terminal_escape};

/// What the bot says that the tests compare with, so a reworded message changes in one place.
pub mod texts {
    pub use crate::app::{LIST_OUT_OF_DATE, NAMES_IN_MAX, RECORDS_OFF};
    pub use crate::discord::moderate::MODERATORS_ONLY;
    pub use crate::discord::reply::NOT_YOURS;
    pub use crate::discord::report::REPORT_INPUT_ID;
    pub use crate::discord::report::{EMPTY as EMPTY_REPORT, NOT_DELIVERED, REPORTS_OFF, THANKS};
    pub use crate::discord::settings::{CANNOT_SAVE_NOW, ROLES_NEED_MANAGE_SERVER};
    pub use crate::domain::compose::NONE_NAMED;
    pub use crate::domain::settings::CANNOT_SAVE;
}

/// What the tests read of the index folder and the database.
pub mod layout {
    pub use crate::search::catalog::FILE as CATALOG_FILE;
    pub use crate::search::schema::SCHEMA_VERSION;
    pub use crate::storage::{default_path as database_path, schema_version as database_version};
}

/// Every binary, test and bench linking spotter allocates through mimalloc, so benchmarks
/// measure what the binary runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
