//! Servers' own settings, kept in the moderators' database: read, saved and cleared for the
//! transports (`domain::settings::ServerSettings`), and the page URL of the server a request
//! came from, which the cards' links are composed with. Knows the storage; never Discord.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::compose::Links;
use crate::domain::settings::{self, Key, Own, ServerSettings, Unavailable, Value};

use super::App;
use super::moderate::now_secs;

thread_local! {
    /// The links of the server whose request this thread is answering, set by `App::at`
    /// for the span of one synchronous answer: the composing functions read `App::links`
    /// instead of taking the server down every call.
    static SERVER_LINKS: RefCell<Option<Links>> = const { RefCell::new(None) };
}

/// How long a server's settings read from the database are used before they are read again.
/// A read costs about 7 µs (measured: one SQLite statement under the connection's lock, on
/// this machine), and every request in a server needs them twice (the transport's policy,
/// then the card's links) against about 15 µs for the answer itself; a change made here
/// empties the server's entry at once, and one made by another process sharing the file is
/// seen within this.
pub const SETTINGS_FRESH_FOR: Duration = Duration::from_secs(2);
/// Servers whose settings are held at most; past it the stale ones go, then all.
const RECENT_MAX_SERVERS: usize = 10_000;

/// Servers' own settings recently read, by server.
#[derive(Default)]
pub(super) struct Recent {
    entries: Mutex<HashMap<u64, (Own, Instant)>>,
}

impl Recent {
    fn fresh(&self, guild: u64) -> Option<Own> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (own, at) = map.get(&guild)?;
        (at.elapsed() < SETTINGS_FRESH_FOR).then(|| own.clone())
    }

    fn keep(&self, guild: u64, own: &Own) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= RECENT_MAX_SERVERS {
            map.retain(|_, (_, at)| at.elapsed() < SETTINGS_FRESH_FOR);
            if map.len() >= RECENT_MAX_SERVERS {
                map.clear();
            }
        }
        map.insert(guild, (own.clone(), Instant::now()));
    }

    fn forget(&self, guild: u64) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&guild);
    }
}

/// Puts the thread's previous links back when an answer ends, panic or not.
struct Restore(Option<Links>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        SERVER_LINKS.with(|l| *l.borrow_mut() = previous);
    }
}

impl App {
    /// The links cards are composed with: the server's own page URL while answering one of
    /// its requests, else `corpus.page_url`.
    pub(super) fn links(&self) -> Links {
        SERVER_LINKS
            .with(|l| l.borrow().clone())
            .unwrap_or_else(|| self.links.clone())
    }

    /// Runs `answer` with the links of `guild` (its own page URL, when it set one).
    pub(super) fn at<T>(&self, guild: Option<u64>, answer: impl FnOnce() -> T) -> T {
        let own = guild.and_then(|g| self.own(g).ok());
        let Some(page_url) = own.as_ref().and_then(Own::page_url) else {
            return answer();
        };
        let links = Links {
            page_url: page_url.to_string(),
        };
        let _restore = Restore(SERVER_LINKS.with(|l| l.borrow_mut().replace(links)));
        answer()
    }
}

impl ServerSettings for App {
    fn own(&self, guild: u64) -> Result<Own, Unavailable> {
        let db = self.records().ok_or(Unavailable)?;
        if let Some(own) = self.server_settings.fresh(guild) {
            return Ok(own);
        }
        let rows = db.server_settings(guild).map_err(|error| {
            tracing::error!(%error, "reading a server's settings failed");
            Unavailable
        })?;
        let mut own = Own::default();
        for (name, text) in rows {
            // A row of a newer spotter's setting, or one edited by hand, is skipped: the
            // default stands in for it.
            match Key::parse(&name).map(|key| settings::parse(key, &text, guild)) {
                Some(Ok(value)) => own.set(value),
                _ => tracing::warn!(setting = %name, guild, "ignoring a stored setting"),
            }
        }
        self.server_settings.keep(guild, &own);
        Ok(own)
    }

    fn recent(&self, guild: u64) -> Option<Result<Own, Unavailable>> {
        if self.records().is_none() {
            return Some(Err(Unavailable));
        }
        self.server_settings.fresh(guild).map(Ok)
    }

    fn save(&self, guild: u64, value: &Value) -> Result<(), Unavailable> {
        let db = self.records().ok_or(Unavailable)?;
        let saved = db
            .set_server_setting(guild, value.key().name(), &value.text(), now_secs())
            .map_err(|error| {
                tracing::error!(%error, "saving a server's setting failed");
                Unavailable
            });
        self.server_settings.forget(guild);
        saved
    }

    fn clear(&self, guild: u64, key: Key) -> Result<(), Unavailable> {
        let db = self.records().ok_or(Unavailable)?;
        let cleared = db
            .clear_server_setting(guild, key.name())
            .map(|_| ())
            .map_err(|error| {
                tracing::error!(%error, "clearing a server's setting failed");
                Unavailable
            });
        self.server_settings.forget(guild);
        cleared
    }

    fn page_url_default(&self) -> String {
        self.links.page_url.clone()
    }
}
