//! Servers' own settings (`/settings`): one row per server and setting, its value as text.
//! Which settings exist and what a value means is the domain's; this file only keeps the
//! text, by parameters (never SQL built from it). Knows the `server_settings` table; never
//! Discord.

use rusqlite::params;

use super::{Database, Result};

/// Guild ids are stored as SQLite's signed 64-bit integers, bit for bit (snowflakes fit).
fn guild_key(guild: u64) -> i64 {
    guild as i64
}

impl Database {
    /// A server's own settings: (name, value) pairs, by name.
    ///
    /// # Errors
    /// When the read fails.
    pub fn server_settings(&self, guild: u64) -> Result<Vec<(String, String)>> {
        let c = self.lock();
        let mut statement = c
            .prepare_cached(
                "SELECT key, value FROM server_settings WHERE guild_id = ?1 ORDER BY key",
            )
            .map_err(|e| self.query_error(e))?;
        let rows = statement
            .query_map(params![guild_key(guild)], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.query_error(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.query_error(e))
    }

    /// Keeps `value` as the server's own `key`, set at `at` (unix seconds).
    ///
    /// # Errors
    /// When the write fails.
    pub fn set_server_setting(&self, guild: u64, key: &str, value: &str, at: i64) -> Result<()> {
        self.lock()
            .execute(
                "INSERT INTO server_settings (guild_id, key, value, updated_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (guild_id, key) DO UPDATE SET
                   value = excluded.value, updated_at = excluded.updated_at",
                params![guild_key(guild), key, value, at],
            )
            .map_err(|e| self.query_error(e))?;
        Ok(())
    }

    /// Drops the server's own `key`; whether it had one.
    ///
    /// # Errors
    /// When the write fails.
    pub fn clear_server_setting(&self, guild: u64, key: &str) -> Result<bool> {
        let n = self
            .lock()
            .execute(
                "DELETE FROM server_settings WHERE guild_id = ?1 AND key = ?2",
                params![guild_key(guild), key],
            )
            .map_err(|e| self.query_error(e))?;
        Ok(n > 0)
    }
}
