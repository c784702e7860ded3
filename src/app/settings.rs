//! Servers' own settings, kept in the moderators' database: read, saved and cleared for the
//! transports (`domain::settings::ServerSettings`), and the page URL of the server a request
//! came from, which the cards' links are composed with. Knows the storage; never Discord.

use std::cell::RefCell;

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
        Ok(own)
    }

    fn save(&self, guild: u64, value: &Value) -> Result<(), Unavailable> {
        let db = self.records().ok_or(Unavailable)?;
        db.set_server_setting(guild, value.key().name(), &value.text(), now_secs())
            .map_err(|error| {
                tracing::error!(%error, "saving a server's setting failed");
                Unavailable
            })
    }

    fn clear(&self, guild: u64, key: Key) -> Result<(), Unavailable> {
        let db = self.records().ok_or(Unavailable)?;
        db.clear_server_setting(guild, key.name())
            .map(|_| ())
            .map_err(|error| {
                tracing::error!(%error, "clearing a server's setting failed");
                Unavailable
            })
    }

    fn page_url_default(&self) -> String {
        self.links.page_url.clone()
    }
}
