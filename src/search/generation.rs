//! Index generations on disk: each build writes `gen-N` beside the live one, then a rename of
//! the `CURRENT` marker switches readers atomically. A failed or crashed build leaves only a
//! `.partial` folder that the next build removes; `CURRENT` always names a complete
//! generation. One build at a time, across processes, through a lock file.

mod clean;

use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::schema::Field;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use super::analyzer::{self, Analyzers, tokens};
use super::catalog::{Catalog, CatalogBuilder, FaqRow};
pub use super::error::{IndexError, Result};
use super::frozen::Frozen;
use super::query::{self, name_key};

use super::schema::{self, Fields, Kind, SCHEMA_VERSION};
use crate::domain::names;
use crate::domain::page::{FaqHit, Link, Page, PageId, is_alias_key};

/// What a generation records about itself (`spotter.json` inside it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerationMeta {
    /// `SCHEMA_VERSION` at build time.
    pub schema_version: u32,
    /// The corpus fingerprint it was built from.
    pub fingerprint: String,
    /// Pages indexed.
    pub pages: usize,
    /// Seconds since the epoch when it was built.
    pub built_unix: u64,
}

/// One complete, opened generation.
pub struct Generation {
    /// Its number (`gen-N`).
    pub number: u64,
    /// Its metadata.
    pub meta: GenerationMeta,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Its exercises and FAQ entries in memory.
    pub(crate) catalog: Catalog,
    /// Each segment's `entry` column, opened once.
    pub(crate) entries: Vec<tantivy::columnar::Column<u64>>,
    dir: PathBuf,
}

impl Generation {
    /// Content hash of each page by id, so the next build can say what changed.
    ///
    /// # Errors
    /// When the file cannot be read.
    pub fn page_hashes(&self) -> Result<Vec<(String, u64)>> {
        serde_json::from_slice(&fs::read(self.dir.join(HASHES))?)
            .map_err(|e| IndexError::Corrupt(format!("{HASHES}: {e}")))
    }
}

/// The folder holding generations.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
}

const MARKER: &str = "CURRENT";
const META: &str = "spotter.json";
const HASHES: &str = "hashes.json";
const LOCK: &str = "build.lock";
/// Between the marker's name and the writer's pid in its temporary (`CURRENT.tmp-42`).
const MARKER_TMP: &str = ".tmp-";

/// Writer memory for a build: Tantivy flushes a segment when it is spent. 96 MB keeps a
/// 100,000-page build under the 500 MB peak of the core issue (measured in BENCHMARKS.md).
const WRITER_MEMORY_BYTES: usize = 96 * 1024 * 1024;

/// Corpora smaller than this are indexed by one thread.
const PAGES_PER_EXTRA_THREAD: usize = 2_000;

/// Writer memory for a small corpus (Tantivy's minimum per thread is 15 MB).
const SMALL_WRITER_MEMORY_BYTES: usize = 20 * 1024 * 1024;

/// Generations kept besides the live one, for readers that opened it just before a switch.
const KEEP_OLD_GENERATIONS: u64 = 1;

/// Holds the build lock until dropped.
pub struct BuildLock {
    _file: File,
}

impl Store {
    /// A store at `root` (created on first build).
    pub fn new(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The live generation's number, from the marker (cheap; for watchers).
    pub fn current_number(&self) -> Option<u64> {
        let text = fs::read_to_string(self.root.join(MARKER)).ok()?;
        text.trim().strip_prefix("gen-")?.parse().ok()
    }

    /// Opens the live generation, if there is one.
    ///
    /// # Errors
    /// `SchemaMismatch` when it was built by another version; `Corrupt`, `Io`, `Tantivy` when it
    /// cannot be opened. All mean "build a new one".
    pub fn open_current(&self) -> Result<Option<Generation>> {
        match self.current_number() {
            Some(n) => self.open(n).map(Some),
            None => Ok(None),
        }
    }

    fn generation_dir(&self, n: u64) -> PathBuf {
        self.root.join(format!("gen-{n:06}"))
    }

    fn open(&self, number: u64) -> Result<Generation> {
        let dir = self.generation_dir(number);
        let meta: GenerationMeta = serde_json::from_slice(&fs::read(dir.join(META))?)
            .map_err(|e| IndexError::Corrupt(e.to_string()))?;
        if meta.schema_version != SCHEMA_VERSION {
            return Err(IndexError::SchemaMismatch {
                expected: SCHEMA_VERSION,
                found: meta.schema_version,
            });
        }
        let index = Index::open(Frozen::open(&dir)?)?;
        analyzer::register(&index);
        let fields = schema::fields_of(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // The reader never reloads, so segment order is fixed for the generation's life.
        let entries = reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64("entry"))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Generation {
            number,
            meta,
            reader,
            fields,
            catalog: Catalog::open(&dir)?,
            entries,
            dir,
        })
    }

    /// Takes the build lock, waiting for another process's build to finish.
    ///
    /// # Errors
    /// When the folder cannot be created or locked.
    pub fn lock(&self) -> Result<BuildLock> {
        fs::create_dir_all(&self.root)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.root.join(LOCK))?;
        file.lock()?;
        Ok(BuildLock { _file: file })
    }

    /// Builds a new generation from `pages` and makes it live. Call with the lock held.
    /// `progress(done, total)` is called as pages are added.
    ///
    /// # Errors
    /// When writing fails; the live generation is untouched then.
    pub fn build(
        &self,
        _lock: &BuildLock,
        source: &mut dyn PageSource,
        popularity: &HashMap<PageId, u64>,
        page_hashes: Vec<(String, u64)>,
        fingerprint: &str,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Generation> {
        self.remove_partials();
        let number = self.next_number();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let partial = self.root.join(format!(
            "gen-{number:06}.partial-{}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&partial)?;
        let result = write_index(&partial, source, popularity, progress).and_then(|pages| {
            let meta = GenerationMeta {
                schema_version: SCHEMA_VERSION,
                fingerprint: fingerprint.to_string(),
                pages,
                built_unix: (nanos / 1_000_000_000) as u64,
            };
            let json =
                serde_json::to_vec_pretty(&meta).map_err(|e| IndexError::Corrupt(e.to_string()))?;
            fs::write(partial.join(META), json)?;
            // Apart from the metadata every open reads: only a reindex needs them.
            let hashes =
                serde_json::to_vec(&page_hashes).map_err(|e| IndexError::Corrupt(e.to_string()))?;
            fs::write(partial.join(HASHES), hashes)?;
            let dir = self.generation_dir(number);
            if dir.exists() {
                fs::remove_dir_all(&dir)?;
            }
            fs::rename(&partial, &dir)?;
            self.write_marker(number)?;
            Ok(())
        });
        if let Err(e) = result {
            let _ = fs::remove_dir_all(&partial);
            return Err(e);
        }
        self.remove_old(number);
        self.open(number)
    }

    /// One past the highest generation on disk or named by the marker: an empty or lost marker
    /// never restarts the numbering, so followers (which switch when the number moves) and
    /// the folders of older generations never meet a number twice.
    fn next_number(&self) -> u64 {
        let on_disk = fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| generation_number(&e.file_name().to_string_lossy()))
            .max();
        on_disk.max(self.current_number()).unwrap_or(0) + 1
    }

    fn write_marker(&self, number: u64) -> Result<()> {
        let tmp = self
            .root
            .join(format!("{MARKER}{MARKER_TMP}{}", std::process::id()));
        let written = fs::write(&tmp, format!("gen-{number:06}\n"))
            .and_then(|()| File::open(&tmp)?.sync_all())
            .and_then(|()| fs::rename(&tmp, self.root.join(MARKER)));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        Ok(written?)
    }

    /// Removes what a failed or killed build left: `.partial` folders and marker temporaries.
    /// Only builders write either, and the caller holds the build lock, so none is in use.
    fn remove_partials(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.contains(".partial-") {
                let _ = fs::remove_dir_all(e.path());
            } else if name.starts_with(&format!("{MARKER}{MARKER_TMP}")) {
                let _ = fs::remove_file(e.path());
            }
        }
    }

    fn remove_old(&self, live: u64) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for e in entries.flatten() {
            if let Some(n) = generation_number(&e.file_name().to_string_lossy())
                && n + KEEP_OLD_GENERATIONS < live
            {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// The number of a complete generation's folder (`gen-000012`); `None` for anything else.
fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix("gen-")?.parse().ok()
}

/// Pages to index, handed over one at a time.
pub trait PageSource {
    /// How many pages `each` will give (for progress).
    fn count(&self) -> usize;
    /// Calls `sink` with every page.
    ///
    /// # Errors
    /// When the pages cannot be read.
    fn each(&mut self, sink: &mut dyn FnMut(Page)) -> Result<()>;
}

/// A page's id and the pages it links to (related links, listing entries), for `popularity`.
pub fn link_targets(page: &Page) -> (PageId, Vec<PageId>) {
    let targets = page
        .links()
        .iter()
        .filter_map(Link::page)
        .filter(|t| t != page.id())
        .collect();
    (page.id().clone(), targets)
}

/// Links into each page from other pages: the popularity of autocomplete's empty list and a
/// tie-breaker between equally good names. Links to pages that are not indexed do not count.
pub fn popularity(links: &[(PageId, Vec<PageId>)]) -> HashMap<PageId, u64> {
    let ids: std::collections::HashSet<&PageId> = links.iter().map(|(id, _)| id).collect();
    let mut out: HashMap<PageId, u64> = HashMap::new();
    for (_, targets) in links {
        for t in targets {
            if ids.contains(t) {
                *out.entry(t.clone()).or_default() += 1;
            }
        }
    }
    out
}

fn add_text(doc: &mut TantivyDocument, field: Field, text: &str) {
    if !text.is_empty() {
        doc.add_text(field, text);
    }
}

fn write_index(
    dir: &Path,
    source: &mut dyn PageSource,
    popular: &HashMap<PageId, u64>,
    progress: &dyn Fn(usize, usize),
) -> Result<usize> {
    let (schema, f) = schema::build();
    let index = Index::create_in_dir(dir, schema)?;
    analyzer::register(&index);
    let total = source.count();
    // A small corpus is indexed by one thread with a small budget: a second thread saves
    // nothing there, and every thread's allocator heap and arena add to the memory of a bot
    // that builds its index at start (the shipped corpus peaked at 81 MB with two).
    let (threads, memory) = if total < PAGES_PER_EXTRA_THREAD {
        (1, SMALL_WRITER_MEMORY_BYTES)
    } else {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        (cores.clamp(1, 4), WRITER_MEMORY_BYTES)
    };
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(threads, memory)?;
    // One writer with one known merge policy: none while adding, then the one explicit merge
    // below. With Tantivy's default policy merging the flushed segments in the background,
    // the explicit merge could name segments already merged away, and a corpus of large
    // pages failed to index every time.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let mut n = 0usize;
    let mut failed: Option<IndexError> = None;
    let mut catalog = CatalogBuilder::default();
    let mut analyzers = Analyzers::default();
    source.each(&mut |page: Page| {
        if failed.is_some() {
            return;
        }
        let mut adding = Adding {
            writer: &writer,
            fields: &f,
            popular,
            catalog: &mut catalog,
            analyzers: &mut analyzers,
        };
        match adding.page(&page) {
            Ok(()) => n += 1,
            Err(e) => failed = Some(e),
        }
        if n.is_multiple_of(256) || n == total {
            progress(n, total);
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    writer.commit()?;
    // One segment: every query pays its per-segment set-up (term lookups, scorers, columns)
    // once, which at 10,000 pages halves the time of a name query (BENCHMARKS.md).
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    catalog.write(dir)?;
    Ok(n)
}

/// A name's compounds, so `pushups` finds `Push-Up` (see `query::compounds`).
fn add_compounds(doc: &mut TantivyDocument, f: &Fields, key: &str) {
    let compounds = query::compounds(key);
    if !compounds.is_empty() {
        doc.add_text(f.name_compound, &compounds);
    }
}

/// What adding a page writes to: the index and the catalog.
struct Adding<'a> {
    writer: &'a tantivy::IndexWriter<TantivyDocument>,
    fields: &'a Fields,
    popular: &'a HashMap<PageId, u64>,
    catalog: &'a mut CatalogBuilder,
    analyzers: &'a mut Analyzers,
}

impl Adding<'_> {
    /// Adds one page's documents (and, for FAQ pages, one per entry).
    fn page(&mut self, page: &Page) -> Result<()> {
        let (writer, f) = (self.writer, self.fields);
        let to_json = |value: &dyn erased::Json| value.json();
        let id = page.id().as_str();
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, id);
        match page {
            Page::Exercise(ex) => {
                doc.add_text(f.kind, Kind::Exercise.as_str());
                let key = name_key(&ex.name);
                add_text(&mut doc, f.name, &key);
                add_text(&mut doc, f.name_plain, &key);
                doc.add_text(f.name_key, &key);
                add_compounds(&mut doc, f, &key);
                let mut written = vec![ex.name.as_str()];
                for (k, v) in &ex.other_attributes {
                    if is_alias_key(k) {
                        written.extend(v.split(','));
                    }
                }
                let mut aliases: Vec<String> = Vec::new();
                for (i, w) in written.iter().enumerate() {
                    let own = (i > 0).then(|| name_key(w));
                    for a in own.into_iter().chain(names::other_forms(w)) {
                        if !a.is_empty() && a != key && !aliases.contains(&a) {
                            doc.add_text(f.name, &a);
                            doc.add_text(f.name_plain, &a);
                            doc.add_text(f.name_key, &a);
                            add_compounds(&mut doc, f, &a);
                            aliases.push(a);
                        }
                    }
                }
                let popularity = self.popular.get(page.id()).copied().unwrap_or(0);
                let entry = self
                    .catalog
                    .exercise(ex.profile(), key, aliases, popularity);
                doc.add_u64(f.entry, entry);
                add_text(&mut doc, f.body_part, &ex.body_part.to_lowercase());
                for e in &ex.equipment {
                    doc.add_text(f.equipment, e.to_lowercase());
                }
                add_text(&mut doc, f.target, &ex.target.to_lowercase());
                for s in &ex.secondary {
                    doc.add_text(f.secondary, s.to_lowercase());
                }
                if let Some(d) = ex.difficulty {
                    doc.add_text(f.difficulty, d.as_str().to_lowercase());
                }
                if let Some(c) = &ex.category {
                    doc.add_text(f.category, c.to_lowercase());
                }
                let mut text = vec![ex.summary.clone()];
                text.extend(ex.steps.iter().cloned());
                text.extend(ex.tips.iter().cloned());
                text.extend(ex.mistakes.iter().cloned());
                text.extend(
                    ex.faq
                        .iter()
                        .map(|e| format!("{} {}", e.question, e.answer)),
                );
                text.push(ex.extra.clone());
                add_text(&mut doc, f.text, &text.join("\n"));
            }
            Page::Reading(r) => {
                doc.add_text(f.kind, Kind::Reading.as_str());
                let title = format!("{} {}", r.title, r.keywords.join(" "));
                add_text(&mut doc, f.title, &title);
                let title_words = tokens(&mut self.analyzers.stem, &r.title);
                add_text(&mut doc, f.text, &format!("{}\n{}", r.description, r.text));
                for entry in &r.faq {
                    let hit = FaqHit {
                        page: r.id.clone(),
                        page_title: r.title.clone(),
                        entry: entry.clone(),
                    };
                    let mut faq = TantivyDocument::default();
                    faq.add_text(f.id, id);
                    faq.add_text(f.kind, Kind::Faq.as_str());
                    add_text(&mut faq, f.question, &entry.question);
                    add_text(&mut faq, f.answer, &entry.answer);
                    add_text(&mut faq, f.topic, &title);
                    let row = self.catalog.faq(FaqRow {
                        text: entry.question.clone(),
                        question: tokens(&mut self.analyzers.stem, &entry.question),
                        title: title_words.clone(),
                    });
                    faq.add_u64(f.entry, row);
                    faq.add_text(f.record, to_json(&hit));
                    writer.add_document(faq)?;
                }
            }
            Page::Comparison(c) => {
                doc.add_text(f.kind, Kind::Comparison.as_str());
                add_text(&mut doc, f.title, &c.title);
                for name in [&c.names.0, &c.names.1] {
                    doc.add_text(f.compares, name_key(name));
                }
                add_text(&mut doc, f.text, &c.text);
            }
            Page::Listing(l) => {
                doc.add_text(f.kind, Kind::Listing.as_str());
                add_text(&mut doc, f.title, &l.title);
                add_text(&mut doc, f.text, &l.description);
            }
        }
        doc.add_text(f.record, to_json(page));
        writer.add_document(doc)?;
        Ok(())
    }
}

/// Serialising records to the stored JSON. Records are plain data; failing here would be a
/// bug in their derive, so an empty object is stored instead of stopping the build.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
        }
    }
}
