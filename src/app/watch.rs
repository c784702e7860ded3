//! `corpus.watch`: polls the corpus's fingerprint and reindexes when the files changed and
//! then held still, or when they have kept changing for too long. Knows when to reindex; how
//! is `live`'s. The thread ends when the app is dropped (`background`).
//!
//! Polled, not `notify` with a debouncer (issue 12): a poll is one fingerprint, a stat per
//! page (about 20 ms at 10,000 pages on a quiet machine, BENCHMARKS.md; 100–140 ms measured
//! on the loaded 2-core VM), every 2 s. File events do not arrive for a corpus on a network
//! file system (NFS, SMB) or shared into a container from another machine's file system
//! (Docker Desktop), an event queue can overflow and drop changes, and `corpus.git_pull`
//! needs a timer anyway; a poll of the whole fingerprint misses nothing, anywhere.
//! `notify-debouncer-full` would bring 8 crates for it.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::App;

/// How many polling intervals a change may keep moving before the watcher reindexes anyway:
/// an editor saving every second would otherwise keep the index stale forever.
const MAX_WAIT_INTERVALS: u32 = 15;
/// With `corpus.git_pull`, the watcher pulls every this many polls (a minute at the 2 s
/// interval): often enough that a merged change is live within a minute, rarely enough that
/// the remote is not asked 30 times a minute.
const GIT_PULL_EVERY_POLLS: u32 = 30;

/// When a stream of fingerprints calls for a reindex.
#[derive(Debug)]
pub(crate) struct Debounce {
    /// The fingerprint the live index was built from.
    seen: String,
    /// The fingerprint last polled while a change is pending, and when the change was first seen.
    pending: Option<(String, Instant)>,
    max_wait: Duration,
}

impl Debounce {
    /// Starts from the live index's fingerprint; a change waits at most `max_wait`.
    pub(crate) fn new(seen: String, max_wait: Duration) -> Debounce {
        Debounce {
            seen,
            pending: None,
            max_wait,
        }
    }

    /// One poll: `true` when the files changed since the live index and either held still
    /// since the last poll or have been changing for `max_wait`.
    pub(crate) fn poll(&mut self, now: Instant, fingerprint: &str) -> bool {
        if fingerprint == self.seen {
            self.pending = None;
            return false;
        }
        match &mut self.pending {
            None => {
                self.pending = Some((fingerprint.to_string(), now));
                false
            }
            Some((last, since)) => {
                let still = last == fingerprint;
                if still || now.duration_since(*since) >= self.max_wait {
                    return true;
                }
                *last = fingerprint.to_string();
                false
            }
        }
    }

    /// The reindex ran: the index is now built from `fingerprint`.
    pub(crate) fn done(&mut self, fingerprint: String) {
        self.seen = fingerprint;
        self.pending = None;
    }
}

impl App {
    /// The watcher's pull: the commits it brought, or why it failed, logged; the files
    /// changed by it are then seen like any edit and reindexed.
    fn pull_for_watch(&self) {
        match self.pull_corpus() {
            Ok(pulled) if pulled.is_empty() => {}
            Ok(pulled) => tracing::info!(commits = %pulled.join("; "), "pulled the corpus"),
            Err(error) => tracing::warn!(%error, "the watcher's git pull failed"),
        }
    }

    /// Watches the corpus and reindexes when its files change (polled; a change must hold
    /// still for one interval, so an editor's burst of writes is one reindex, but never waits
    /// more than `MAX_WAIT_INTERVALS`), pulling first with `corpus.git_pull`. Runs on its own
    /// thread until the app is dropped (`every`); joining the handle waits for that.
    pub fn watch(self: &Arc<App>, interval: Duration) -> JoinHandle<()> {
        let seen = self.searcher().generation().meta.fingerprint.clone();
        let mut debounce = Debounce::new(seen, interval * MAX_WAIT_INTERVALS);
        let mut poll = 0u64;
        self.every(interval, move |app| {
            poll += 1;
            app.watch_once(poll, &mut debounce);
        })
    }

    /// One poll of the watcher: pull when it is time, then reindex if the files changed and
    /// held still.
    fn watch_once(&self, poll: u64, debounce: &mut Debounce) {
        if self.desk.git_pull && poll.is_multiple_of(u64::from(GIT_PULL_EVERY_POLLS)) {
            self.pull_for_watch();
        }
        let Ok(now) = super::live::fingerprint(&self.settings.corpus) else {
            return;
        };
        if !debounce.poll(Instant::now(), &now) {
            return;
        }
        match self.reindex("the file watcher") {
            Ok(report) => tracing::info!(report = %report.text(), "corpus changed; reindexed"),
            Err(e) => tracing::warn!(error = %e, "corpus changed; reindex did not run"),
        }
        debounce.done(self.searcher().generation().meta.fingerprint.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: Instant, secs: u64) -> Instant {
        start + Duration::from_secs(secs)
    }

    #[test]
    fn a_change_that_holds_still_for_one_poll_reindexes() {
        let t = Instant::now();
        let mut d = Debounce::new("a".into(), Duration::from_secs(30));
        assert!(!d.poll(at(t, 2), "a"));
        assert!(!d.poll(at(t, 4), "b"), "first sight waits");
        assert!(d.poll(at(t, 6), "b"), "held still");
        d.done("b".into());
        assert!(!d.poll(at(t, 8), "b"));
    }

    #[test]
    fn files_that_keep_changing_reindex_after_the_maximum_wait() {
        let t = Instant::now();
        let mut d = Debounce::new("0".into(), Duration::from_secs(30));
        let fired: Vec<u64> = (1..=40)
            .map(|s| s * 2)
            .filter(|&s| d.poll(at(t, s), &s.to_string()))
            .collect();
        assert_eq!(
            fired.first(),
            Some(&32),
            "first change seen at 2 s, fired at {fired:?}"
        );
    }

    #[test]
    fn a_change_undone_before_the_next_poll_does_not_reindex() {
        let t = Instant::now();
        let mut d = Debounce::new("a".into(), Duration::from_secs(30));
        assert!(!d.poll(at(t, 2), "b"));
        assert!(!d.poll(at(t, 4), "a"));
        assert!(!d.poll(at(t, 6), "a"));
    }
}
