//! The live index: building it when the corpus changed, reindexing (one at a time; a rejected
//! page keeps its last good version), following another process's builds, watching the
//! corpus. Knows the corpus and the store; never how questions are answered.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::corpus::{self, Loaded};
use crate::domain::page::{Page, PageId};
use crate::domain::vocabulary;
use crate::search::{BuildLock, PageSource, link_targets, popularity};
use crate::search::{Generation, Searcher, Store};

use super::{App, AppError, OpenReport, Settings};

/// Why a reindex did not happen. The texts are shown to moderators: no error details.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReindexError {
    /// Another reindex is running.
    #[error("A reindex started by {by} at {} UTC is still running; try again when it is done.", clock(*since))]
    Busy {
        /// Who started it.
        by: String,
        /// When it started.
        since: SystemTime,
    },
    /// `corpus.git_pull`: the pull failed; nothing was rebuilt.
    #[error("{0}; the live index is unchanged and still serving.")]
    Pull(super::git::PullError),
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
    /// With `corpus.git_pull`: the commits pulled first, `abc1234 subject`, newest first.
    pub pulled: Vec<String>,
}

impl ReindexReport {
    /// The report as a message.
    pub fn text(&self) -> String {
        let mut out = pulled_text(&self.pulled);
        out += &format!(
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

/// "Pulled 2 commit(s):" and each as `` `abc1234` subject ``, then a line break; nothing
/// when none was pulled.
fn pulled_text(pulled: &[String]) -> String {
    if pulled.is_empty() {
        return String::new();
    }
    let mut out = format!("Pulled {} commit(s):", pulled.len());
    for line in pulled {
        let (hash, subject) = line.split_once(' ').unwrap_or((line, ""));
        let subject: String = subject.replace('`', "'").chars().take(100).collect();
        out.push_str(&format!("\n`{hash}` {subject}"));
    }
    out.push('\n');
    out
}

/// The corpus's pages streamed from disk for a build, then pages kept from the live index.
struct CorpusSource {
    dir: PathBuf,
    max_page_bytes: u64,
    count: usize,
    extra: Vec<Page>,
}

impl CorpusSource {
    fn new(settings: &Settings, served: usize, extra: Vec<Page>) -> CorpusSource {
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

    fn each(&mut self, sink: &mut dyn FnMut(Page)) -> crate::search::Result<()> {
        corpus::stream(&self.dir, &self.dir, self.max_page_bytes, &|_, _| {}, sink)?;
        self.extra.drain(..).for_each(sink);
        Ok(())
    }
}

/// Builds the index if the corpus changed (or `force`), else opens the current one. Several
/// processes may call this at once: one builds under the lock, the others wait and reuse it.
/// A live index that is current opens for reading even from a read-only folder; one that must
/// be rebuilt but cannot be written is rebuilt once into a private folder that later calls reuse.
///
/// # Errors
/// When the corpus cannot be read or the index cannot be built.
pub fn ensure_index(
    settings: &Settings,
    force: bool,
    progress: &dyn Fn(usize, usize),
) -> Result<(Store, Generation, OpenReport), AppError> {
    let store = Store::new(&settings.index);
    // The live generation opens on another thread while this one fingerprints the corpus
    // (a stat per file): on two cores a cold CLI call pays for the longer of the two, not
    // their sum. It is used only if the fingerprints match.
    let opening = (!force).then(|| {
        let store = store.clone();
        std::thread::spawn(move || store.open_current())
    });
    let fingerprint = fingerprint(&settings.corpus).map_err(|e| corpus_error(settings, e))?;
    if let Some(Ok(Ok(Some(g)))) = opening.map(std::thread::JoinHandle::join)
        && g.meta.fingerprint == fingerprint
    {
        return Ok((store, g, OpenReport::default()));
    }
    let (store, lock) = match store.lock() {
        Ok(lock) => (store, lock),
        Err(error) => {
            let private = Store::new(private_index_dir(&settings.index));
            tracing::warn!(%error, index = %settings.index.display(), private = %private.root().display(),
                "the index folder cannot be written; building into a private folder");
            let lock = private.lock()?;
            (private, lock)
        }
    };
    // The last good version of every page comes from the generation live before this build.
    let live = match store.open_current().ok().flatten() {
        Some(g) if !force && g.meta.fingerprint == fingerprint => {
            return Ok((store, g, OpenReport::default()));
        }
        other => other.map(Searcher::new),
    };
    let built = build(
        settings,
        &store,
        &lock,
        live.as_ref(),
        &fingerprint,
        progress,
    )?;
    Ok((
        store,
        built.generation,
        OpenReport {
            loaded: Some(built.loaded),
            kept: built.report.kept,
        },
    ))
}

/// What an index is built from: the corpus's files and the vocabulary in use (a corpus's own
/// `vocabulary.toml` changes how its pages are read).
pub(super) fn fingerprint(corpus: &Path) -> std::io::Result<String> {
    Ok(corpus::fingerprint(corpus)? + &vocabulary::fingerprint())
}

fn corpus_error(settings: &Settings, source: std::io::Error) -> AppError {
    AppError::Corpus {
        path: settings.corpus.clone(),
        source,
    }
}

/// The one private index folder of an index folder that cannot be written: the same for every
/// process and call, so it is built once and then reused, and its old generations are removed
/// as in any store.
fn private_index_dir(index: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let absolute = std::fs::canonicalize(index).unwrap_or_else(|_| index.to_path_buf());
    let digest = Sha256::digest(absolute.to_string_lossy().as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    std::env::temp_dir().join("spotter-private").join(hash)
}

/// What one build made.
struct Built {
    generation: Generation,
    report: ReindexReport,
    loaded: Loaded,
}

/// The one build from the corpus, whichever way it was asked for (a first build, `spotter
/// index`, `/reindex`, the watcher), with its one rule: a page rejected now keeps its last good
/// version from `live` when there is one (DESIGN: a bad page never removes itself).
/// Call with the store's lock held.
fn build(
    settings: &Settings,
    store: &Store,
    lock: &BuildLock,
    live: Option<&Searcher>,
    fingerprint: &str,
    progress: &dyn Fn(usize, usize),
) -> Result<Built, AppError> {
    let started = Instant::now();
    // Pass one reads every page for its links and hash; pass two (the build) streams them
    // to the writer, so no more than one page is held at a time.
    let mut links = Vec::new();
    let mut loaded = corpus::stream(
        &settings.corpus,
        &settings.corpus,
        settings.max_page_bytes,
        progress,
        &mut |p| links.push(link_targets(&p)),
    )
    .map_err(|e| corpus_error(settings, e))?;
    let before: HashMap<String, u64> = live
        .map(|s| {
            s.generation().page_hashes().unwrap_or_else(|error| {
                tracing::warn!(%error, "the live index has no page hashes; every page counts as added");
                Vec::new()
            })
        })
        .unwrap_or_default()
        .into_iter()
        .collect();
    let kept = live
        .map(|s| keep_last_good(s, &loaded, &before, &mut links))
        .unwrap_or_default();
    for (id, hash, _) in &kept {
        loaded.hashes.push((id.clone(), *hash));
    }
    let diff = Diff::between(&before, &loaded.hashes);
    let kept_count = kept.len();
    let mut source = CorpusSource::new(
        settings,
        loaded.served,
        kept.into_iter().map(|(_, _, page)| page).collect(),
    );
    let generation = store.build(
        lock,
        &mut source,
        &popularity(&links),
        loaded.hashes.clone(),
        fingerprint,
        progress,
    )?;
    let report = ReindexReport {
        pages: generation.meta.pages,
        generation: generation.number,
        added: diff.added,
        changed: diff.changed,
        removed: diff.removed,
        problems: loaded.problems.iter().map(|p| p.to_string()).collect(),
        kept: kept_count,
        took: started.elapsed(),
        pulled: Vec::new(),
    };
    Ok(Built {
        generation,
        report,
        loaded,
    })
}

/// The live version of every page rejected now (its id, hash and page), adding its links.
fn keep_last_good(
    live: &Searcher,
    loaded: &Loaded,
    before: &HashMap<String, u64>,
    links: &mut Vec<(PageId, Vec<PageId>)>,
) -> Vec<(String, u64, Page)> {
    let serving: HashSet<String> = links.iter().map(|(id, _)| id.to_string()).collect();
    let mut kept = Vec::new();
    for path in loaded.rejected() {
        let stem = Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let id = PageId::new(&stem);
        if serving.contains(id.as_str()) {
            continue;
        }
        if let (Ok(Some(old)), Some(hash)) = (live.page(&id), before.get(id.as_str())) {
            links.push(link_targets(&old));
            kept.push((id.to_string(), *hash, old));
        }
    }
    kept
}

/// Pages added, changed and removed between two builds' page hashes.
struct Diff {
    added: usize,
    changed: usize,
    removed: usize,
}

impl Diff {
    fn between(before: &HashMap<String, u64>, after: &[(String, u64)]) -> Diff {
        let after: HashMap<&str, u64> = after.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        Diff {
            added: after.keys().filter(|k| !before.contains_key(**k)).count(),
            removed: before
                .keys()
                .filter(|k| !after.contains_key(k.as_str()))
                .count(),
            changed: after
                .iter()
                .filter(|(k, v)| before.get(**k).is_some_and(|old| old != *v))
                .count(),
        }
    }
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
        let result = self.pull_if_synced().and_then(|pulled| {
            let mut report = self.rebuild()?;
            report.pulled = pulled;
            Ok(report)
        });
        *self.reindexing.lock().unwrap_or_else(|e| e.into_inner()) = None;
        result
    }

    /// With `corpus.git_pull`, pulls the corpus first: the commits it brought.
    fn pull_if_synced(&self) -> Result<Vec<String>, ReindexError> {
        if !self.desk.git_pull {
            return Ok(Vec::new());
        }
        self.pull_corpus().map_err(ReindexError::Pull)
    }

    fn rebuild(&self) -> Result<ReindexReport, ReindexError> {
        let failed = |what: &str, error: &dyn std::fmt::Display| {
            tracing::error!(%error, "reindex failed while {what}");
            ReindexError::Failed
        };
        let fingerprint =
            fingerprint(&self.settings.corpus).map_err(|e| failed("reading the corpus", &e))?;
        let lock = self
            .store
            .lock()
            .map_err(|e| failed("locking the index", &e))?;
        let live = self.searcher();
        let built = build(
            &self.settings,
            &self.store,
            &lock,
            Some(&live),
            &fingerprint,
            &|_, _| {},
        )
        .map_err(|e| failed("building", &e))?;
        self.switch_to(built.generation);
        Ok(built.report)
    }

    /// Switches to the store's live generation when another process built a newer one
    /// (stateless `serve-http` processes sharing one index). Returns whether it switched.
    pub fn follow_store(&self) -> bool {
        let live = self.searcher().generation().number;
        // Any other number, not only a higher one: the live one may have been rebuilt after
        // its marker was lost.
        match self.store.current_number() {
            Some(n) if n != live => match self.store.open_current() {
                Ok(Some(g)) => {
                    self.switch_to(g);
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }
}
