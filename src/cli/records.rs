//! The moderators' database from the command line: where it is (`storage.path`, else beside
//! the index), attaching it to a server's app with daily retention, and `spotter unanswered`.
//! Wiring only: the records are `storage`'s, the list's card `domain::moderation`'s.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde_json::json;

use super::place::{self, Place};
use super::{Cli, UsageError, print};
use crate::app::{self, App};
use crate::config::Config;
use crate::domain::moderation::{UNANSWERED_DAYS_DEFAULT, UNANSWERED_MAX_LINES, date};
use crate::storage::{self, Database, Reason, Scope};
use crate::terminal;

/// `spotter unanswered`'s flags.
#[derive(Debug, Args)]
pub struct UnansweredArgs {
    /// The last N days (today included).
    #[arg(long, value_name = "N", default_value_t = UNANSWERED_DAYS_DEFAULT,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub days: u32,
    /// Print JSON: one object per question.
    #[arg(long)]
    pub json: bool,
    /// Where the index (and so, by default, the database) is.
    #[command(flatten)]
    pub place: Place,
}

/// The database file: `storage.path`, else `<index folder>.db`.
pub fn database_path(config: &Config, index: &Path) -> PathBuf {
    if config.storage.path.as_os_str().is_empty() {
        storage::default_path(index)
    } else {
        config.storage.path.clone()
    }
}

/// Gives a server's app its moderator side: `corpus.git_pull`, and the database (one that
/// cannot be opened is logged naming the file, and the app answers without moderator
/// features), with retention applied now (`expire_daily` does it every day after).
pub(super) fn attach(app: &mut App, config: &Config) {
    app.pull_with_git(config.corpus.git_pull);
    let path = database_path(config, app.index_dir());
    app.attach_records(Database::open(&path), config.storage.retention_days);
    if let Some(db) = app.records() {
        tracing::info!(database = %db.path().display(), "moderator records open");
    }
}

/// Applies retention every `RETENTION_INTERVAL` while the server runs (the thread ends when
/// the app is dropped).
pub(super) fn expire_daily(app: &Arc<App>) {
    if app.records().is_none() {
        return;
    }
    app.every(app::RETENTION_INTERVAL, |app| {
        app.expire_records();
    });
}

/// `spotter unanswered`: the most asked questions nobody could answer, in every server.
pub(super) fn unanswered(
    cli: &Cli,
    config: &Config,
    args: &UnansweredArgs,
) -> anyhow::Result<ExitCode> {
    let settings = place::settings(&cli.place()?, config)?;
    let path = database_path(config, &settings.index);
    if !path.exists() {
        return Err(UsageError(format!(
            "no moderator database at {} (a server creates it; storage.path names another)",
            path.display()
        ))
        .into());
    }
    let db = Database::open(&path).map_err(|e| UsageError(e.to_string()))?;
    let now = app::now_secs();
    db.expire(config.storage.retention_days, now)
        .map_err(|e| UsageError(e.to_string()))?;
    let rows = db
        .unanswered(Scope::All, args.days, now, UNANSWERED_MAX_LINES)
        .map_err(|e| UsageError(e.to_string()))?;
    if args.json {
        let list: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({
                    "guild_id": r.guild.map(|g| g.to_string()),
                    "reason": r.reason.as_str(),
                    "question": r.question,
                    "count": r.count,
                    "first_seen": r.first_seen,
                    "last_seen": r.last_seen,
                })
            })
            .collect();
        print(&serde_json::to_string_pretty(&list)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        print(&format!(
            "no unanswered questions in the last {} day(s)",
            args.days
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!(
        "{:>6}  {:<20}  {:<10}  question",
        "count", "server", "last seen"
    );
    for r in &rows {
        let server = r
            .guild
            .map_or_else(|| "direct".to_string(), |g| g.to_string());
        let reported = if r.reason == Reason::Report {
            " (reported)"
        } else {
            ""
        };
        out.push_str(&format!(
            "\n{:>6}  {server:<20}  {}  {}{reported}",
            r.count,
            date(r.last_seen),
            terminal::escape(&r.question)
        ));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
