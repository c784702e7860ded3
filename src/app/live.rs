//! The live index: building it when the corpus changed, reindexing (one at a time; a rejected
//! page keeps its last good version), following another process's builds, watching the
//! corpus. Knows the corpus and the store; never how questions are answered.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::corpus::{self};
use crate::domain::page::PageId;
use crate::search::generation::{PageSource, link_targets, popularity};
use crate::search::{Generation, Store};

use super::{App, AppError, OpenReport, Settings};

/// Why a reindex did not happen. The texts are shown to moderators: no error details.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReindexError {
    /// Another reindex is running.
    #[error("A reindex started by {by} at {} UTC is still running; try again when it is done.", clock(*since))]
    Busy {
        /// Who started it.
        by: String,
        /// When.
        since: SystemTime,
    },
    /// The build failed (details in the log); the live index still serves.
    #[error(
        "The reindex failed; the live index is unchanged and still serving. The log has the details."
    )]
    Failed,
}

/// `HH:MM:SS` of a time, UTC.
fn clock(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// What a reindex did, for the moderator who asked and the log.
#[derive(Clone, Debug, PartialEq)]
pub struct ReindexReport {
    /// Pages now served.
    pub pages: usize,
    /// The new generation.
    pub generation: u64,
    /// Pages new since the last index.
    pub added: usize,
    /// Pages whose text changed.
    pub changed: usize,
    /// Pages gone.
    pub removed: usize,
    /// Problems, `path:line: reason`; a rejected page keeps its last good version.
    pub problems: Vec<String>,
    /// Pages kept at their last good version.
    pub kept: usize,
    /// Time taken.
    pub took: Duration,
}

impl ReindexReport {
    /// The report as a message.
    pub fn text(&self) -> String {
        let mut out = format!(
            "Reindexed in {:.1} s: {} pages live (generation {}).\nAdded {} · changed {} · removed {}.",
            self.took.as_secs_f64(),
            self.pages,
            self.generation,
            self.added,
            self.changed,
            self.removed
        );
        if !self.problems.is_empty() {
            out.push_str(&format!(
                "\n{} problem(s); {} rejected page(s) keep their last good version:",
                self.problems.len(),
                self.kept
            ));
            for p in &self.problems {
                out.push_str(&format!("\n`{p}`"));
            }
        }
        out
    }
}

/// The corpus's pages streamed from disk for a build, then pages kept from the live index.
struct CorpusSource {
    dir: PathBuf,
    max_page_bytes: u64,
    count: usize,
    extra: Vec<crate::domain::page::Page>,
}

impl CorpusSource {
    fn new(
        settings: &Settings,
        served: usize,
        extra: Vec<crate::domain::page::Page>,
    ) -> CorpusSource {
        CorpusSource {
            dir: settings.corpus.clone(),
            max_page_bytes: settings.max_page_bytes,
            count: served + extra.len(),
            extra,
        }
    }
}

impl PageSource for CorpusSource {
    fn count(&self) -> usize {
        self.count
    }

    fn each(
        &mut self,
        sink: &mut dyn FnMut(crate::domain::page::Page),
    ) -> crate::search::Result<()> {
        corpus::stream(&self.dir, &self.dir, self.max_page_bytes, &|_, _| {}, sink)?;
        self.extra.drain(..).for_each(sink);
        Ok(())
    }
}

/// Builds the index if the corpus changed (or `force`), else opens the current one. Several
/// processes may call this at once: one builds under the lock, the others wait and reuse it.
/// An index folder that cannot be written falls back to a private one in the temp folder.
///
/// # Errors
/// When the corpus cannot be read or the index cannot be built.
pub fn ensure_index(
    settings: &Settings,
    force: bool,
    progress: &dyn Fn(usize, usize),
) -> Result<(Store, Generation, OpenReport), AppError> {
    let corpus_err = |source| AppError::Corpus {
        path: settings.corpus.clone(),
        source,
    };
    let store = Store::new(&settings.index);
    // The live generation opens on another thread while this one fingerprints the corpus
    // (a stat per file): on two cores a cold CLI call pays for the longer of the two, not
    // their sum. It is used only if the fingerprints match.
    let opening = (!force).then(|| {
        let store = store.clone();
        std::thread::spawn(move || store.open_current())
    });
    let fingerprint = corpus::fingerprint(&settings.corpus).map_err(corpus_err)?;
    if let Some(Ok(Ok(Some(g)))) = opening.map(std::thread::JoinHandle::join)
        && g.meta.fingerprint == fingerprint
    {
        return Ok((store, g, OpenReport::default()));
    }
    let current = |store: &Store| match store.open_current() {
        Ok(Some(g)) if !force && g.meta.fingerprint == fingerprint => Some(g),
        _ => None,
    };
    let (store, lock) = match store.lock() {
        Ok(lock) => (store, lock),
        Err(_) => {
            let private =
                std::env::temp_dir().join(format!("spotter-private-{}", std::process::id()));
            let store = Store::new(private);
            let lock = store.lock()?;
            (store, lock)
        }
    };
    if let Some(g) = current(&store) {
        return Ok((store, g, OpenReport::default()));
    }
    let mut links = Vec::new();
    let loaded = corpus::stream(
        &settings.corpus,
        &settings.corpus,
        settings.max_page_bytes,
        progress,
        &mut |p| links.push(link_targets(&p)),
    )
    .map_err(corpus_err)?;
    let mut source = CorpusSource::new(settings, loaded.served, Vec::new());
    let generation = store.build(
        &lock,
        &mut source,
        &popularity(&links),
        loaded.hashes.clone(),
        &fingerprint,
        progress,
    )?;
    Ok((
        store,
        generation,
        OpenReport {
            loaded: Some(loaded),
        },
    ))
}

impl App {
    /// Rebuilds the index from the corpus and switches to it, one at a time. Pages rejected
    /// now keep their last good version; a failed build leaves the live index serving.
    ///
    /// # Errors
    /// `Busy` with who started the running one and when; `Failed` when the build failed.
    pub fn reindex(&self, by: &str) -> Result<ReindexReport, ReindexError> {
        {
            let mut running = self.reindexing.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((who, since)) = running.as_ref() {
                return Err(ReindexError::Busy {
                    by: who.clone(),
                    since: *since,
                });
            }
            *running = Some((by.to_string(), SystemTime::now()));
        }
        let result = self.rebuild();
        *self.reindexing.lock().unwrap_or_else(|e| e.into_inner()) = None;
        result
    }

    fn rebuild(&self) -> Result<ReindexReport, ReindexError> {
        let started = Instant::now();
        let failed = |what: &str, error: &dyn std::fmt::Display| {
            tracing::error!(%error, "reindex failed while {what}");
            ReindexError::Failed
        };
        let fingerprint = corpus::fingerprint(&self.settings.corpus)
            .map_err(|e| failed("reading the corpus", &e))?;
        let lock = self
            .store
            .lock()
            .map_err(|e| failed("locking the index", &e))?;
        // Pass one reads every page for its links and hash; pass two (the build) streams them
        // to the writer, so no more than one page is held at a time.
        let mut links = Vec::new();
        let mut loaded = corpus::stream(
            &self.settings.corpus,
            &self.settings.corpus,
            self.settings.max_page_bytes,
            &|_, _| {},
            &mut |p| links.push(link_targets(&p)),
        )
        .map_err(|e| failed("reading the corpus", &e))?;
        let live = self.searcher();
        let before: HashMap<String, u64> =
            live.generation().page_hashes().unwrap_or_else(|error| {
                tracing::warn!(%error, "the live index has no page hashes; every page counts as added");
                Vec::new()
            }).into_iter().collect();
        // A page rejected now keeps its last good version (DESIGN: a bad page never removes
        // itself from the live index).
        let mut kept = Vec::new();
        let serving: std::collections::HashSet<String> =
            links.iter().map(|(id, _)| id.to_string()).collect();
        let rejected: Vec<String> = loaded.rejected().into_iter().map(String::from).collect();
        for path in &rejected {
            // The same id the corpus gave the file (a slug of its stem).
            let stem = Path::new(path)
                .file_stem()
                .map(|s| PageId::new(&s.to_string_lossy()).to_string())
                .unwrap_or_default();
            if serving.contains(&stem) {
                continue;
            }
            if let (Ok(Some(old)), Some(hash)) = (live.page(&PageId::new(&stem)), before.get(&stem))
            {
                loaded.hashes.push((stem.clone(), *hash));
                links.push(link_targets(&old));
                kept.push(old);
            }
        }
        let after: HashMap<&str, u64> = loaded
            .hashes
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        let added = after.keys().filter(|k| !before.contains_key(**k)).count();
        let removed = before
            .keys()
            .filter(|k| !after.contains_key(k.as_str()))
            .count();
        let changed = after
            .iter()
            .filter(|(k, v)| before.get(**k).is_some_and(|old| old != *v))
            .count();
        let kept_count = kept.len();
        let mut source = CorpusSource::new(&self.settings, loaded.served, kept);
        let generation = self
            .store
            .build(
                &lock,
                &mut source,
                &popularity(&links),
                loaded.hashes.clone(),
                &fingerprint,
                &|_, _| {},
            )
            .map_err(|e| failed("building", &e))?;
        let report = ReindexReport {
            pages: generation.meta.pages,
            generation: generation.number,
            added,
            changed,
            removed,
            problems: loaded.problems.iter().map(|p| p.to_string()).collect(),
            kept: kept_count,
            took: started.elapsed(),
        };
        self.switch_to(generation);
        Ok(report)
    }

    /// Switches to the store's live generation when another process built a newer one
    /// (stateless `serve-http` processes sharing one index). Returns whether it switched.
    pub fn follow_store(&self) -> bool {
        let live = self.searcher().generation().number;
        match self.store.current_number() {
            Some(n) if n > live => match self.store.open_current() {
                Ok(Some(g)) => {
                    self.switch_to(g);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Watches the corpus and reindexes when its files change (polled; a change must hold
    /// still for one interval, so an editor's burst of writes is one reindex). Runs on its own
    /// thread for the life of the process.
    pub fn watch(self: &Arc<App>, interval: Duration) {
        let app = Arc::clone(self);
        std::thread::spawn(move || {
            let fingerprint = || corpus::fingerprint(&app.settings.corpus).ok();
            let mut seen = app.searcher().generation().meta.fingerprint.clone();
            loop {
                std::thread::sleep(interval);
                let Some(now) = fingerprint() else { continue };
                if now == seen {
                    continue;
                }
                std::thread::sleep(interval);
                if fingerprint().as_ref() != Some(&now) {
                    continue;
                }
                match app.reindex("the file watcher") {
                    Ok(report) => {
                        tracing::info!(report = %report.text(), "corpus changed; reindexed")
                    }
                    Err(e) => tracing::warn!(error = %e, "corpus changed; reindex did not run"),
                }
                seen = now;
            }
        });
    }
}
