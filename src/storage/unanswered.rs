//! What the bot could not answer: a question that ended in "no exercise matches", or one a
//! member reported (issue 13's Report button calls `record_report`), counted per server,
//! normalised text and day. Never who asked. Knows the `unanswered` table; never Discord.

use rusqlite::params;

use super::{Database, Result};

/// Seconds in a day: rows are kept per UTC day.
const DAY_SECS: i64 = 86_400;
/// The longest text kept, in characters: a slash option holds 200 (`commands.rs`), a mention
/// more; past this a question is noise for a moderator's list.
pub const QUESTION_MAX_CHARS: usize = 200;

/// Why a question is on the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The bot answered "no exercise matches".
    NotFound,
    /// A member reported the answer as wrong.
    Report,
}

impl Reason {
    /// The column's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotFound => "not_found",
            Reason::Report => "report",
        }
    }

    fn parse(text: &str) -> Reason {
        if text == "report" {
            Reason::Report
        } else {
            Reason::NotFound
        }
    }
}

/// One question on the list, summed over the days asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unanswered {
    /// The server; `None` for direct messages.
    pub guild: Option<u64>,
    /// Why it is listed.
    pub reason: Reason,
    /// The normalised text.
    pub question: String,
    /// How often.
    pub count: u64,
    /// First time in the period, unix seconds.
    pub first_seen: i64,
    /// Last time, unix seconds.
    pub last_seen: i64,
}

/// Guild ids are stored as SQLite's signed 64-bit integers, bit for bit (snowflakes fit, and
/// the cast back is exact); 0 means a direct message.
fn guild_key(guild: Option<u64>) -> i64 {
    guild.map_or(0, |g| g as i64)
}

fn cut(question: &str) -> String {
    question.chars().take(QUESTION_MAX_CHARS).collect()
}

impl Database {
    /// Counts one question the bot could not answer, asked at `at` (unix seconds) in `guild`.
    /// `question` should already be normalised; an empty one is not recorded.
    ///
    /// # Errors
    /// When the write fails (the file locked past the busy timeout, a full disk).
    pub fn record_unanswered(&self, guild: Option<u64>, question: &str, at: i64) -> Result<()> {
        self.record(guild, Reason::NotFound, question, at)
    }

    /// Counts one member's Report of an answer (issue 13's Report button is to call this with
    /// the question that was asked, normalised). Listed by `/unanswered` beside the questions
    /// that found nothing.
    ///
    /// # Errors
    /// When the write fails.
    pub fn record_report(&self, guild: Option<u64>, question: &str, at: i64) -> Result<()> {
        self.record(guild, Reason::Report, question, at)
    }

    fn record(&self, guild: Option<u64>, reason: Reason, question: &str, at: i64) -> Result<()> {
        let question = cut(question.trim());
        if question.is_empty() {
            return Ok(());
        }
        self.lock()
            .execute(
                "INSERT INTO unanswered (guild_id, reason, question, day, count, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)
                 ON CONFLICT (guild_id, reason, question, day) DO UPDATE SET
                   count = count + 1,
                   first_seen = min(first_seen, excluded.first_seen),
                   last_seen = max(last_seen, excluded.last_seen)",
                params![
                    guild_key(guild),
                    reason.as_str(),
                    question,
                    at.div_euclid(DAY_SECS),
                    at
                ],
            )
            .map_err(|e| self.query_error(e))?;
        Ok(())
    }

    /// The `limit` most asked questions of the `days` days up to `now` (today included), most
    /// often first, then the latest; in one server, or in every server with `Scope::All`.
    ///
    /// # Errors
    /// When the read fails.
    pub fn unanswered(
        &self,
        scope: Scope,
        days: u32,
        now: i64,
        limit: usize,
    ) -> Result<Vec<Unanswered>> {
        let since = now.div_euclid(DAY_SECS) - i64::from(days.max(1)) + 1;
        let (all, guild) = match scope {
            Scope::All => (1, 0),
            Scope::Guild(g) => (0, guild_key(g)),
        };
        let c = self.lock();
        let mut statement = c
            .prepare_cached(
                "SELECT guild_id, reason, question, sum(count), min(first_seen), max(last_seen)
                 FROM unanswered
                 WHERE day >= ?1 AND (?2 = 1 OR guild_id = ?3)
                 GROUP BY guild_id, reason, question
                 ORDER BY sum(count) DESC, max(last_seen) DESC, question
                 LIMIT ?4",
            )
            .map_err(|e| self.query_error(e))?;
        let rows = statement
            .query_map(params![since, all, guild, limit as i64], |r| {
                let guild: i64 = r.get(0)?;
                let reason: String = r.get(1)?;
                let count: i64 = r.get(3)?;
                Ok(Unanswered {
                    guild: (guild != 0).then_some(guild as u64),
                    reason: Reason::parse(&reason),
                    question: r.get(2)?,
                    count: count.max(0) as u64,
                    first_seen: r.get(4)?,
                    last_seen: r.get(5)?,
                })
            })
            .map_err(|e| self.query_error(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e))
    }

    /// Removes every day older than `days` days before `now` (retention,
    /// `storage.retention_days`); returns how many rows went.
    ///
    /// # Errors
    /// When the write fails.
    pub fn expire(&self, days: u32, now: i64) -> Result<usize> {
        let keep_from = now.div_euclid(DAY_SECS) - i64::from(days) + 1;
        self.lock()
            .execute("DELETE FROM unanswered WHERE day < ?1", params![keep_from])
            .map_err(|e| self.query_error(e))
    }
}

/// Which servers a list covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One server (`None`: direct messages).
    Guild(Option<u64>),
    /// Every server (the operator's CLI).
    All,
}
