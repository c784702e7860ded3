//! `App`: the live index and the corpus it came from, and the one `domain::Handler` every
//! surface calls. The only module that joins the domain and the search: it understands the
//! question, asks the index, and composes the answer. Knows no Discord.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;

use crate::corpus::{self, Loaded};
use crate::domain::answer::{Answer, Choice};
use crate::domain::compose::{self, Extras, Links};
use crate::domain::custom_id::CustomId;
use crate::domain::handler::Handler;
use crate::domain::page::{Exercise, PageId};
use crate::domain::page_faq;
use crate::domain::ranking::RANKING;
use crate::domain::related::{self, Wanted};
use crate::domain::request::{Filters, Request};
use crate::domain::understand::{self, Intent, Query};
use crate::domain::vocabulary::Kind;
use crate::search::generation::{PageSource, link_targets, popularity};
use crate::search::query::NameMode;
use crate::search::{FaqMatch, Generation, IndexError, NameHit, Searcher, Store};

/// Errors opening the app.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The corpus folder cannot be read.
    #[error("corpus folder {path}: {source}")]
    Corpus {
        /// The folder as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

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

/// Where things are.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    /// `corpus.page_url`.
    pub page_url: String,
}

/// What opening found.
#[derive(Debug, Default)]
pub struct OpenReport {
    /// The corpus read for a build; `None` when the index was current and reused.
    pub loaded: Option<Loaded>,
}

/// Exercises listed by related and find.
const LIST_MAX: usize = 10;
/// General FAQ answers fetched for a question: the best and three more.
const GENERAL_MAX: usize = 4;
/// Choices offered when a name is ambiguous.
const ALTERNATIVES_MAX: usize = 5;
/// Discord's limit on autocomplete choices
/// (<https://discord.com/developers/docs/interactions/application-commands#autocomplete>).
pub const AUTOCOMPLETE_MAX_CHOICES: usize = 25;

/// The app: live index plus answers.
pub struct App {
    settings: Settings,
    links: Links,
    store: Store,
    live: ArcSwap<Searcher>,
    /// The reindex under way, if any: who asked and when (one at a time).
    reindexing: Mutex<Option<(String, SystemTime)>>,
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
    count: usize,
    extra: Vec<crate::domain::page::Page>,
}

impl CorpusSource {
    fn new(dir: &Path, served: usize, extra: Vec<crate::domain::page::Page>) -> CorpusSource {
        CorpusSource {
            dir: dir.to_path_buf(),
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
        corpus::stream(&self.dir, &self.dir, &|_, _| {}, sink)?;
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
    let loaded = corpus::stream(&settings.corpus, &settings.corpus, progress, &mut |p| {
        links.push(link_targets(&p))
    })
    .map_err(corpus_err)?;
    let mut source = CorpusSource::new(&settings.corpus, loaded.served, Vec::new());
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
    /// Opens the app over an up-to-date index.
    ///
    /// # Errors
    /// When the corpus cannot be read or the index cannot be built.
    pub fn open(
        settings: Settings,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(App, OpenReport), AppError> {
        let (store, generation, report) = ensure_index(&settings, false, progress)?;
        let app = App {
            links: Links {
                page_url: settings.page_url.clone(),
            },
            settings,
            store,
            live: ArcSwap::from_pointee(Searcher::new(generation)),
            reindexing: Mutex::new(None),
        };
        Ok((app, report))
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The index folder in use.
    pub fn index_dir(&self) -> &Path {
        self.store.root()
    }

    /// The live searcher.
    pub fn searcher(&self) -> Arc<Searcher> {
        self.live.load_full()
    }

    /// Swaps in another generation atomically; queries already running finish on the old one.
    pub fn switch_to(&self, generation: Generation) {
        let searcher = Searcher::new(generation);
        searcher.warm();
        self.live.store(Arc::new(searcher));
    }

    /// Reads now what the live generation otherwise reads on first use (its profiles), for
    /// a server: the first question after start does not pay for it, and a generation
    /// folder removed later by another process's builds cannot take it away.
    pub fn warm(&self) {
        self.searcher().warm();
    }

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
            let stem = Path::new(path)
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
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
        let mut source = CorpusSource::new(&self.settings.corpus, loaded.served, kept);
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

    fn answer(&self, request: &Request) -> Result<Answer, IndexError> {
        let s = self.searcher();
        match request {
            Request::Reindex { by } => Ok(Answer::Notice {
                text: match self.reindex(by) {
                    Ok(report) => report.text(),
                    Err(e) => e.to_string(),
                },
                ephemeral: true,
            }),
            Request::Help => Ok(compose::help()),
            Request::Exercise { query } => self.command(&s, query, Intent::Overview),
            Request::Related { exercise } => self.command(&s, exercise, Intent::Related),
            Request::Find { filters } if filters.is_empty() => Ok(Answer::Notice {
                text: "Pick at least one filter: a muscle, equipment, a difficulty or a body part."
                    .into(),
                ephemeral: true,
            }),
            Request::Find { filters } => self.find(&s, filters),
            Request::Compare { a, b } => {
                let (a_q, b_q) = (understand::understand(a), understand::understand(b));
                self.compare(&s, &a_q.subject, &b_q.subject, &format!("{a} vs {b}"))
            }
            Request::Component { custom_id, values } => {
                let (intent, page) = match custom_id {
                    CustomId::Show { intent, page } => (*intent, page.clone()),
                    CustomId::Pick { intent } => match values.first() {
                        Some(v) => (*intent, PageId::new(v)),
                        None => return Ok(compose::help()),
                    },
                };
                match s.exercise(&page)? {
                    Some(ex) => Ok(self.exercise_answer(&s, &ex, intent, Vec::new())?),
                    None => Ok(Answer::Notice {
                        text: "That exercise is no longer in the corpus. Try `/exercise` again."
                            .into(),
                        ephemeral: true,
                    }),
                }
            }
            Request::Ask { question, context } => self.ask(&s, question, context.as_ref()),
        }
    }

    fn ask(
        &self,
        s: &Searcher,
        question: &str,
        context: Option<&PageId>,
    ) -> Result<Answer, IndexError> {
        let mut q = understand::understand(question);
        if q.intent == Intent::Compare {
            let other = q.other.clone().unwrap_or_default();
            if let Some(answer) = self.try_compare(s, &q.subject, &other)? {
                return Ok(answer);
            }
            q = understand::understand_single(question);
        }
        // Values the corpus uses that no vocabulary spelling covers, named by their own
        // words ("sandbag exercises" on a corpus with `Equipment: Sandbag`). Only in a list
        // question or one naming other values: counting the values reads every profile,
        // which a cold call about one exercise should not pay for.
        let listing = understand::asks_for_list(question);
        if !q.free.is_empty() && (listing || !q.filters.is_empty()) {
            for named in s.values().named_in(&q.free) {
                let slot = q.filters.slot(named.kind);
                if slot.is_none() {
                    *slot = Some(named.value);
                    q.free.retain(|w| !named.words.contains(w));
                }
            }
            q.generic = q.free.is_empty();
        }
        // In a list question with filters, words that are no word of any exercise's name are
        // filler too ("tricep exercises for advanced lifters").
        if !q.generic
            && !q.filters.is_empty()
            && listing
            && q.free.iter().all(|w| !s.is_name_word(w))
        {
            q.generic = true;
        }
        let context_exercise = || {
            context
                .map(|id| s.exercise(id))
                .transpose()
                .map(Option::flatten)
        };
        if q.subject.is_empty() {
            if let (Some(ex), true) = (context_exercise()?, q.explicit) {
                return self.exercise_answer(s, &ex, q.intent, Vec::new());
            }
            if q.filters.is_empty() {
                return Ok(compose::help());
            }
        }
        // A generic subject (`stretch`, `rest`) names an exercise only when it is a whole
        // name (see `resolved`), so typos and prefixes of it are not looked for.
        let mode = if q.generic {
            NameMode::Whole
        } else {
            NameMode::Lookup
        };
        // A name written out whole may hold words a question drops as filler (`Good Morning`):
        // those the index knows as name words are looked through too.
        let mut words = q.keywords.clone();
        let norm = understand::normalise(question);
        let dropped: Vec<&str> = norm
            .split_whitespace()
            .filter(|w| !words.iter().any(|k| k == w))
            .collect();
        for (w, known) in dropped.iter().zip(s.name_words_among(&dropped)) {
            if known {
                words.push(w.to_string());
            }
        }
        let found = s.lookup(&q.subject, mode, &words, ALTERNATIVES_MAX + 1)?;
        let hits = found.subject;
        let wants_list = q.generic && understand::asks_for_list(question);
        let named = if wants_list {
            None
        } else {
            complete_name(&found.words, &hits)
        };
        if let Some(best) = &named
            && let Some(ex) = s.exercise_of(best)?
        {
            // The intent comes from the words around the name ("muscle ups" is a name,
            // not a muscles question).
            let intent = understand::intent_without(question, &ex.name);
            return self.about_exercise(s, &ex, intent, question, Vec::new());
        }
        if let Some(best) = resolved(&hits, &q) {
            let (best, hits) = self.fuller(s, &q.subject, best, hits.clone())?;
            if let Some(ex) = s.exercise_of(&best)? {
                return self.about_exercise(s, &ex, q.intent, question, alternatives(&hits));
            }
        }
        let general = s.faq(&q.keywords, GENERAL_MAX)?;
        // The other words hid an exercise's name ("is it safe to do situps if my lower back
        // hurts"): look it up by the words the index knows as name words alone. Its own FAQ
        // answers when the question asks one of its entries; its card only when no general
        // answer does.
        let hinted = self.named_by_known_words(s, &q)?;
        if let Some(ex) = &hinted {
            if let Some(entry) = page_faq::asked_entry(ex, question, q.explicit) {
                return Ok(compose::own_faq_answer(ex, entry, &self.links));
            }
            // Asking something of it ("instead of squats, my knees hurt") is about it, not a
            // general question.
            if q.explicit && q.intent != Intent::Overview {
                return self.about_exercise(s, ex, q.intent, question, Vec::new());
            }
        }
        if q.generic {
            // A FAQ question sharing three words (or all of two) beats a list.
            let r = &RANKING;
            let strong = general.first().is_some_and(|m| {
                m.matched >= r.faq_strong_shared
                    || (m.matched >= r.faq_strong_all && m.matched >= q.keywords.len())
            });
            let list_first =
                !q.filters.is_empty() && (wants_list || !understand::is_question(question));
            if list_first && !strong {
                return self.find(s, &q.filters);
            }
            if let Some(answer) = self.general(s, &general)? {
                return Ok(answer);
            }
            if let (Some(ex), true) = (context_exercise()?, q.explicit) {
                return self.exercise_answer(s, &ex, q.intent, Vec::new());
            }
            if !q.filters.is_empty() {
                return self.find(s, &q.filters);
            }
        } else if let Some(answer) = self.general(s, &general)? {
            // A question about no exercise we know can still be a general one
            // ("should I train when sore?").
            return Ok(answer);
        }
        if let Some(ex) = hinted {
            return self.exercise_answer(s, &ex, q.intent, Vec::new());
        }
        self.loose_or_not_found(s, &q.subject, question, q.intent)
    }

    /// The exercise the question's index-known name words name, when they are fewer than
    /// the words looked up already (otherwise the lookup was this one).
    fn named_by_known_words(
        &self,
        s: &Searcher,
        q: &Query,
    ) -> Result<Option<Exercise>, IndexError> {
        let known: Vec<&str> = q
            .free
            .iter()
            .map(String::as_str)
            .filter(|w| w.chars().count() >= RANKING.name_word_min_chars && s.is_name_word(w))
            .collect();
        if known.is_empty() || known.len() >= q.subject.split_whitespace().count() {
            return Ok(None);
        }
        let named = Query {
            generic: false,
            ..q.clone()
        };
        // All of them as one name, else each alone, first first ("instead of squats, my
        // knees hurt": `squats` and `knees` name different exercises).
        let tries = std::iter::once(known.join(" ")).chain(
            (known.len() > 1)
                .then(|| known.iter().map(|w| w.to_string()))
                .into_iter()
                .flatten(),
        );
        for typed in tries {
            let hits = s.names(&typed, NameMode::Whole, ALTERNATIVES_MAX)?;
            if let Some(best) = resolved(&hits, &named) {
                return s.exercise_of(best);
            }
        }
        Ok(None)
    }

    fn try_compare(&self, s: &Searcher, a: &str, b: &str) -> Result<Option<Answer>, IndexError> {
        let (Some(x), Some(y)) = (self.pick(s, a)?, self.pick(s, b)?) else {
            return Ok(None);
        };
        if x.id == y.id {
            return Ok(None);
        }
        let page = s.comparison(&x, &y)?.or(s.comparison(&y, &x)?);
        Ok(Some(compose::compare_answer(
            &x,
            &y,
            page.as_ref(),
            &self.links,
        )))
    }

    fn pick(&self, s: &Searcher, subject: &str) -> Result<Option<Exercise>, IndexError> {
        let generic = understand::understand_single(subject).generic;
        Ok(self.resolve(s, subject, generic)?.0)
    }

    /// A general FAQ answer when one shares words with the question.
    fn general(&self, s: &Searcher, matches: &[FaqMatch]) -> Result<Option<Answer>, IndexError> {
        let Some(best) = matches.first().filter(|m| m.matched > 0) else {
            return Ok(None);
        };
        let Some(hit) = s.faq_entry(best)? else {
            return Ok(None);
        };
        let more: Vec<&str> = matches
            .iter()
            .skip(1)
            .map(|m| m.question.as_str())
            .collect();
        Ok(Some(compose::faq_answer_card(&hit, &more, &self.links)))
    }

    /// A command's exercise: the command says what is asked, so every typed word may be part
    /// of the name (`Lateral Walk` keeps `walk`, which a question would drop as in "walk me
    /// through"); when no name covers them all, the words a question would keep.
    fn command(&self, s: &Searcher, typed: &str, intent: Intent) -> Result<Answer, IndexError> {
        let whole = understand::normalise(typed);
        let q = understand::understand_single(typed);
        if whole != q.subject
            && let (Some(ex), hits) = self.resolve(s, &whole, false)?
            && hits.first().is_some_and(|h| {
                h.coverage.exact || h.coverage.query >= RANKING.command_whole_min_query
            })
        {
            return self.exercise_answer(s, &ex, intent, alternatives(&hits));
        }
        if q.subject.is_empty() {
            return Ok(compose::help());
        }
        self.about_subject(s, &q.subject, intent, typed)
    }

    /// The exercise a typed name resolves to (commands name an exercise, so their subject is
    /// never generic), with the hits for "did you mean" menus.
    fn about_subject(
        &self,
        s: &Searcher,
        subject: &str,
        intent: Intent,
        shown: &str,
    ) -> Result<Answer, IndexError> {
        match self.resolve(s, subject, false)? {
            (Some(ex), hits) => self.exercise_answer(s, &ex, intent, alternatives(&hits)),
            (None, _) => self.loose_or_not_found(s, subject, shown, intent),
        }
    }

    /// Looks a subject up and resolves it (see `resolved`).
    fn resolve(
        &self,
        s: &Searcher,
        subject: &str,
        generic: bool,
    ) -> Result<(Option<Exercise>, Vec<NameHit>), IndexError> {
        let hits = s.names(subject, NameMode::Lookup, ALTERNATIVES_MAX + 1)?;
        let query = Query {
            intent: Intent::Overview,
            explicit: true,
            subject: subject.to_string(),
            other: None,
            filters: Filters::default(),
            generic,
            free: Vec::new(),
            keywords: Vec::new(),
        };
        let Some(best) = resolved(&hits, &query) else {
            return Ok((None, hits));
        };
        let (best, hits) = self.fuller(s, subject, best, hits.clone())?;
        Ok((s.exercise_of(&best)?, hits))
    }

    /// A question about one exercise: the entry of its own FAQ the question asks, when it
    /// asks one ("do I need a spotter for the bench press"), else the intent's card.
    fn about_exercise(
        &self,
        s: &Searcher,
        ex: &Exercise,
        intent: Intent,
        question: &str,
        alternatives: Vec<Choice>,
    ) -> Result<Answer, IndexError> {
        let explicit = intent != Intent::Overview;
        if let Some(entry) = page_faq::asked_entry(ex, question, explicit) {
            return Ok(compose::own_faq_answer(ex, entry, &self.links));
        }
        let wanted = related::wanted(&understand::normalise(question));
        // "An easier version of the pull-up" asks for related exercises, easier ones.
        let intent = match (intent, wanted.direction) {
            (Intent::Overview, Some(_)) => Intent::Related,
            (intent, _) => intent,
        };
        self.exercise_answer_for(s, ex, intent, alternatives, wanted)
    }

    fn exercise_answer(
        &self,
        s: &Searcher,
        ex: &Exercise,
        intent: Intent,
        alternatives: Vec<Choice>,
    ) -> Result<Answer, IndexError> {
        self.exercise_answer_for(s, ex, intent, alternatives, Wanted::default())
    }

    /// An exercise's card for an intent; a related list in the order the question wants
    /// (easier, harder, or swaps that are no harder).
    fn exercise_answer_for(
        &self,
        s: &Searcher,
        ex: &Exercise,
        intent: Intent,
        alternatives: Vec<Choice>,
        wanted: Wanted,
    ) -> Result<Answer, IndexError> {
        let mut extras = Extras {
            alternatives,
            ..Extras::default()
        };
        match intent {
            Intent::Related => {
                // Twice the list when a direction or pain filters some out.
                let fetch = match wanted.direction.is_some() || wanted.pain {
                    true => 2 * LIST_MAX,
                    false => LIST_MAX,
                };
                let found = s.related(ex, fetch)?;
                extras.related = related::order(found, ex.difficulty, wanted, LIST_MAX);
                extras.note = wanted.pain.then(|| related::PAIN_NOTE.to_string());
            }
            Intent::Beginner => extras.related = s.related(ex, LIST_MAX)?,
            Intent::Reps if ex.reps.is_empty() => {
                let words: Vec<String> = compose::general_reps_words(ex.category.as_deref())
                    .iter()
                    .map(|w| w.to_string())
                    .collect();
                // Two shared words at least: the category and what is asked (reps, hold,
                // session); one alone finds pages about something else.
                extras.general_reps = match s.faq(&words, 1)?.first() {
                    Some(m) if m.matched >= 2 => s.faq_entry(m)?,
                    _ => None,
                };
            }
            _ => {}
        }
        Ok(compose::exercise_answer(ex, intent, &self.links, &extras))
    }

    fn find(&self, s: &Searcher, filters: &Filters) -> Result<Answer, IndexError> {
        let hits = s.find(filters, 25)?;
        if !hits.is_empty() || filters.is_empty() {
            return Ok(compose::find_answer(filters, &hits, &[], &self.links));
        }
        // Nothing matches everything: drop the narrowest filters one at a time and say so.
        let mut relaxed = filters.clone();
        let mut dropped = Vec::new();
        type Relax = fn(&mut Filters);
        let steps: [(&str, Relax); 3] = [
            ("difficulty", |f| f.difficulty = None),
            ("category", |f| f.category = None),
            ("equipment", |f| f.equipment = None),
        ];
        for (name, drop) in steps {
            let before = relaxed.clone();
            drop(&mut relaxed);
            if before == relaxed {
                continue;
            }
            dropped.push(name);
            let hits = s.find(&relaxed, 25)?;
            if !hits.is_empty() {
                return Ok(compose::find_answer(filters, &hits, &dropped, &self.links));
            }
        }
        Ok(compose::find_answer(filters, &[], &[], &self.links))
    }

    fn compare(&self, s: &Searcher, a: &str, b: &str, shown: &str) -> Result<Answer, IndexError> {
        if let Some(answer) = self.try_compare(s, a, b)? {
            return Ok(answer);
        }
        match (self.pick(s, a)?, self.pick(s, b)?) {
            (Some(x), Some(_)) => self.exercise_answer(s, &x, Intent::Overview, Vec::new()),
            (None, _) => self.not_found(s, a, shown),
            (_, None) => self.not_found(s, b, shown),
        }
    }

    /// A name that accounts for every typed word, forgiving two typos in a long word, beats
    /// a resolved one that ignores a typed word (`noidci curl`: Nordic Curl, not another
    /// curl); the hits are then the loose ones, for the menu.
    fn fuller(
        &self,
        s: &Searcher,
        subject: &str,
        best: &NameHit,
        hits: Vec<NameHit>,
    ) -> Result<(NameHit, Vec<NameHit>), IndexError> {
        // Only a word the index does not know can be a typo of a name word.
        if best.coverage.missed == 0
            || best.coverage.exact
            || subject.split_whitespace().all(|w| s.is_name_word(w))
        {
            return Ok((best.clone(), hits));
        }
        let loose = s.names(subject, NameMode::Loose, ALTERNATIVES_MAX + 1)?;
        match loose.first() {
            Some(l)
                if l.coverage.missed == 0
                    && l.coverage.query >= RANKING.loose_min_query
                    && l.coverage.name >= RANKING.loose_min_name =>
            {
                Ok((l.clone(), loose))
            }
            _ => Ok((best.clone(), hits)),
        }
    }

    /// Nothing resolved: a name that covers every typed word when two typos per long word
    /// are forgiven, and clearly better than the next, is the answer (with the others in a
    /// menu); else "did you mean" with the closest names.
    fn loose_or_not_found(
        &self,
        s: &Searcher,
        subject: &str,
        shown: &str,
        intent: Intent,
    ) -> Result<Answer, IndexError> {
        let hits = s.names(subject, NameMode::Loose, ALTERNATIVES_MAX)?;
        let r = &RANKING;
        let clear = match (hits.first(), hits.get(1)) {
            (Some(best), next) => {
                best.coverage.query >= r.loose_min_query
                    && best.coverage.name >= r.loose_min_name
                    && next.is_none_or(|n| best.score - n.score > r.ambiguous_within)
            }
            _ => false,
        };
        if clear && let Some(ex) = s.exercise_of(&hits[0])? {
            let others = hits.iter().map(choice).collect();
            return self.exercise_answer(s, &ex, intent, others);
        }
        self.not_found(s, subject, shown)
    }

    fn not_found(&self, s: &Searcher, subject: &str, shown: &str) -> Result<Answer, IndexError> {
        let mut hits = s.names(subject, NameMode::Loose, ALTERNATIVES_MAX)?;
        if hits.is_empty() {
            hits = s.popular(ALTERNATIVES_MAX)?;
        }
        let suggestions = hits.iter().map(choice).collect();
        Ok(compose::not_found(shown, suggestions))
    }
}

/// The hit a question names, if it names one: the whole name or an alias typed; or, for a
/// subject with words of its own, at least half of them found; a generic subject
/// (`stretch`, `jump rope`) counts only when it is a whole name.
fn resolved<'a>(hits: &'a [NameHit], q: &Query) -> Option<&'a NameHit> {
    let best = hits.first()?;
    let c = &best.coverage;
    let r = &RANKING;
    let ok = if q.generic {
        // Every typed word found and most of the name typed: `ab wheel` → Ab Wheel Rollout,
        // while `stretch` alone is not Hip Flexor Stretch.
        c.exact || (c.query >= r.generic_min_query && c.name >= r.generic_min_name)
    } else {
        c.exact || c.query >= r.name_min_query
    };
    ok.then_some(best)
}

/// An exercise whose whole name the question mentions ("is the muscle up too hard"), even
/// when its words were taken for filler or vocabulary; the longest such name wins over a
/// partial match of the subject. `word_hits` are the hits for all the question's words.
fn complete_name(word_hits: &[NameHit], subject_hits: &[NameHit]) -> Option<NameHit> {
    // Two words at least: a one-word alias (`squat`, `row`) inside a longer question is
    // more often a topic than a name.
    let complete = word_hits
        .iter()
        .filter(|h| h.coverage.name >= 0.99 && h.coverage.name_words >= 2)
        .max_by(|a, b| {
            a.coverage
                .name_words
                .cmp(&b.coverage.name_words)
                .then(b.id.cmp(&a.id))
        })?;
    let better = match subject_hits.first() {
        None => true,
        Some(b) if b.id == complete.id => true,
        Some(b) => {
            b.coverage.name < 0.99
                || (b.coverage.recut && !complete.coverage.recut)
                || complete.coverage.name_words > b.coverage.name_words
        }
    };
    better.then(|| complete.clone())
}

/// Other hits as close as the best: offered in a menu.
fn alternatives(hits: &[NameHit]) -> Vec<Choice> {
    let Some(best) = hits.first() else {
        return Vec::new();
    };
    if best.coverage.exact {
        return Vec::new();
    }
    let close: Vec<&NameHit> = hits
        .iter()
        .skip(1)
        .filter(|h| best.score - h.score <= RANKING.ambiguous_within)
        .collect();
    if close.is_empty() {
        return Vec::new();
    }
    std::iter::once(best).chain(close).map(choice).collect()
}

fn choice(h: &NameHit) -> Choice {
    Choice {
        label: h.name.clone(),
        value: h.id.to_string(),
        description: None,
    }
}

impl Handler for App {
    fn handle(&self, request: &Request) -> Answer {
        match self.answer(request) {
            Ok(answer) => answer,
            Err(error) => {
                tracing::error!(%error, "answering failed");
                Answer::Notice {
                    text: "Sorry, something went wrong on my side. Please try again in a moment."
                        .into(),
                    ephemeral: true,
                }
            }
        }
    }

    fn status(&self) -> crate::domain::handler::IndexStatus {
        let s = self.searcher();
        crate::domain::handler::IndexStatus {
            generation: s.generation().number,
            pages: s.generation().meta.pages,
        }
    }

    fn facet_choices(&self, kind: Kind, partial: &str) -> Vec<Choice> {
        let s = self.searcher();
        let typed = understand::normalise(partial);
        let values = s.values().of_kind(kind);
        // Values starting with what was typed first, then containing it; most used first.
        let starts = values
            .iter()
            .filter(|(v, _)| understand::normalise(v).starts_with(&typed));
        let contains = values.iter().filter(|(v, _)| {
            let v = understand::normalise(v);
            !v.starts_with(&typed) && v.contains(&typed)
        });
        starts
            .chain(contains)
            .take(AUTOCOMPLETE_MAX_CHOICES)
            .map(|(v, n)| Choice {
                label: format!("{v} ({n})"),
                value: v.clone(),
                description: None,
            })
            .collect()
    }

    fn autocomplete(&self, partial: &str) -> Vec<Choice> {
        let s = self.searcher();
        let typed = understand::normalise(partial);
        let hits = if typed.is_empty() {
            s.popular(AUTOCOMPLETE_MAX_CHOICES)
        } else {
            s.names(&typed, NameMode::Prefix, AUTOCOMPLETE_MAX_CHOICES)
        };
        match hits {
            Ok(hits) => hits
                .iter()
                .map(|h| Choice {
                    label: h.name.clone(),
                    value: h.name.clone(),
                    description: None,
                })
                .collect(),
            Err(error) => {
                tracing::error!(%error, "autocomplete failed");
                Vec::new()
            }
        }
    }
}
