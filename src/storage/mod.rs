//! The moderators' database (what the bot could not answer, servers' own settings): one
//! embedded SQLite file (WAL, a busy timeout, so several
//! `serve-http` processes may share it), its versioned migrations run on open, and the one
//! handle every transport shares. Only parameterised SQL; no text a user typed ever becomes
//! SQL. Knows SQLite; never Discord, the index or how questions are answered.

mod settings;
mod unanswered;

pub use unanswered::{QUESTION_MAX_CHARS, Reason, Scope};

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

/// How long a write waits for another connection's (another process's) write to finish before
/// failing: writes here are single-row upserts of microseconds, so a second is already a
/// very long queue; SQLite retries within it.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema, one migration per version: version `n` is `MIGRATIONS[n - 1]`, run once, in
/// order, in a transaction that also sets `PRAGMA user_version = n`. Append only: a released
/// migration is never edited.
const MIGRATIONS: &[&str] = &[
    // 1: the questions the bot could not answer, aggregated per server, reason, normalised
    // text and day (UTC), so `/unanswered 7` sums exactly the last seven days and retention
    // drops whole days. No user id, ever.
    "CREATE TABLE unanswered (
        guild_id   INTEGER NOT NULL, -- the server; 0 for a direct message
        reason     TEXT    NOT NULL CHECK (reason IN ('not_found', 'report')),
        question   TEXT    NOT NULL, -- normalised text, cut to QUESTION_MAX_CHARS
        day        INTEGER NOT NULL, -- unix seconds / 86400
        count      INTEGER NOT NULL,
        first_seen INTEGER NOT NULL, -- unix seconds
        last_seen  INTEGER NOT NULL,
        PRIMARY KEY (guild_id, reason, question, day)
     ) WITHOUT ROWID;
     CREATE INDEX unanswered_by_day ON unanswered (day);",
    // 2: servers' own settings (`/settings`), a value as text per server and setting name.
    // No CHECK on the name: a setting added later needs no migration, and a name this
    // build does not know is ignored on read.
    "CREATE TABLE server_settings (
        guild_id   INTEGER NOT NULL,
        key        TEXT    NOT NULL,
        value      TEXT    NOT NULL,
        updated_at INTEGER NOT NULL, -- unix seconds
        PRIMARY KEY (guild_id, key)
     ) WITHOUT ROWID;",
];

/// Why the database cannot be used. Each names the file.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The file cannot be opened, is not a database, or is damaged.
    #[error("database {path}: {source}")]
    Open {
        /// The file.
        path: PathBuf,
        /// SQLite's reason ("file is not a database", "database disk image is malformed").
        source: rusqlite::Error,
    },
    /// A newer spotter migrated the file past what this one knows.
    #[error(
        "database {path}: schema version {found} is newer than this spotter's {known}; run the newer spotter, or give this one another storage.path"
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// The file's `user_version`.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A query failed once the database was open (a full disk, a lock held past the busy
    /// timeout).
    #[error("database {path}: {source}")]
    Query {
        /// The file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
}

/// This module's result.
pub type Result<T> = std::result::Result<T, StorageError>;

/// The open database, cheap to clone: every clone shares one connection behind a mutex.
///
/// One connection, not a pool: SQLite lets one writer in at a time whatever the pool size,
/// the bot's writes are single-row upserts and its reads a moderator's occasional list, so
/// a pool would add a crate and contention on the file lock for nothing. Other processes on
/// the same file have their own connection; WAL and `BUSY_TIMEOUT` queue their writes.
#[derive(Clone)]
pub struct Database {
    path: PathBuf,
    connection: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish()
    }
}

impl Database {
    /// Opens (creating it and its folder if needed) the database at `path`, in WAL mode with
    /// the busy timeout, and runs the migrations it has not had yet.
    ///
    /// # Errors
    /// `Open` naming the file when it cannot be opened or is not a sound database, `Newer`
    /// when a newer spotter wrote it.
    pub fn open(path: &Path) -> Result<Database> {
        let open_error = |source| StorageError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                open_error(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                    Some(format!("cannot create its folder: {e}")),
                ))
            })?;
        }
        let mut connection = Connection::open(path).map_err(open_error)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(open_error)?;
        // The first statements that read the file: a file that is not a database fails here.
        wal(&connection).map_err(open_error)?;
        let check: String = connection
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(open_error)?;
        if check != "ok" {
            return Err(open_error(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(format!("integrity check failed: {check}")),
            )));
        }
        migrate(&mut connection, path)?;
        Ok(Database {
            path: path.to_path_buf(),
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the file is at.
    ///
    /// # Errors
    /// When the file cannot be read.
    pub fn version(&self) -> Result<i64> {
        let c = self.lock();
        c.query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.query_error(e))
    }

    /// The connection; a panic elsewhere while holding it does not poison the database (each
    /// statement is atomic on its own).
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn query_error(&self, source: rusqlite::Error) -> StorageError {
        StorageError::Query {
            path: self.path.clone(),
            source,
        }
    }
}

/// Turns WAL on. When two processes create the file at once, one of them changes the journal
/// mode while the other holds a lock, and SQLite answers that change "busy" at once (its busy
/// handler does not run for it), so the change is retried here within `BUSY_TIMEOUT`.
fn wal(connection: &Connection) -> rusqlite::Result<()> {
    let start = std::time::Instant::now();
    loop {
        match connection.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

/// The newest schema version this build knows.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Runs every migration past the file's `user_version`, each in its own transaction.
fn migrate(connection: &mut Connection, path: &Path) -> Result<()> {
    let open_error = |source| StorageError::Open {
        path: path.to_path_buf(),
        source,
    };
    let found: i64 = connection
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(open_error)?;
    let known = schema_version();
    if found > known {
        return Err(StorageError::Newer {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    for (done, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        // IMMEDIATE: two processes starting at once on a new file take turns instead of both
        // reading version 0 and both migrating.
        let tx = connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(open_error)?;
        let current: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_error)?;
        if current > done as i64 {
            continue;
        }
        tx.execute_batch(sql).map_err(open_error)?;
        // A pragma takes no parameters; the value is our own counter, never user text.
        tx.pragma_update(None, "user_version", done as i64 + 1)
            .map_err(open_error)?;
        tx.commit().map_err(open_error)?;
    }
    Ok(())
}

/// The default database of an index folder: a file beside it (`<index>.db`), never inside
/// (`spotter index --clean` removes only what an index writes, and the index may be rebuilt
/// from scratch at any time; the database must survive that).
pub fn default_path(index: &Path) -> PathBuf {
    let index: PathBuf = index.components().collect();
    let mut name = index.as_os_str().to_owned();
    name.push(".db");
    PathBuf::from(name)
}
