//! Generations on disk: a second open reuses the index, a schema version bump or a lost
//! catalog forces a rebuild, a crashed build leaves the live generation usable, a rebuild
//! switches atomically.

use spotter::Store;
use spotter::{Settings, ensure_index};

use crate::support::fixture;

fn settings(index: &std::path::Path) -> Settings {
    Settings {
        corpus: fixture("corpus"),
        index: index.to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    }
}

#[test]
fn a_current_index_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, g1, r1) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    assert!(r1.loaded.is_some());
    let (_, g2, r2) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    assert!(r2.loaded.is_none(), "not rebuilt");
    assert_eq!(g1.number, g2.number);
    assert_eq!(g2.meta.pages, 4);
}

#[test]
fn another_schema_version_forces_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let (_, g1, _) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    let meta = dir
        .path()
        .join(format!("gen-{:06}/spotter.json", g1.number));
    let text = std::fs::read_to_string(&meta).unwrap();
    let older = text.replace(
        &format!("\"schema_version\": {}", spotter::layout::SCHEMA_VERSION),
        "\"schema_version\": 0",
    );
    assert_ne!(text, older);
    std::fs::write(&meta, older).unwrap();
    assert!(matches!(
        Store::new(dir.path()).open_current(),
        Err(spotter::IndexError::SchemaMismatch { found: 0, .. })
    ));
    let (_, g2, r2) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    assert!(r2.loaded.is_some());
    assert_eq!(g2.number, g1.number + 1);
}

#[test]
fn a_generation_without_its_catalog_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let (_, g1, _) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    let catalog = dir.path().join(format!(
        "gen-{:06}/{}",
        g1.number,
        spotter::layout::CATALOG_FILE
    ));
    assert!(catalog.exists());
    std::fs::remove_file(&catalog).unwrap();
    assert!(matches!(
        Store::new(dir.path()).open_current(),
        Err(spotter::IndexError::Corrupt(_))
    ));
    let (_, g2, r2) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    assert!(r2.loaded.is_some(), "rebuilt");
    assert_eq!(g2.number, g1.number + 1);
    assert_eq!(g2.meta.pages, 4);
}

#[test]
fn a_crashed_build_leaves_the_live_generation_serving() {
    let dir = tempfile::tempdir().unwrap();
    let (_, g1, _) = ensure_index(&settings(dir.path()), false, &|_, _| {}).unwrap();
    // What a crash mid-build leaves: a partial folder with half a generation.
    let partial = dir
        .path()
        .join(format!("gen-{:06}.partial-1-1", g1.number + 1));
    std::fs::create_dir_all(&partial).unwrap();
    std::fs::write(partial.join("meta.json"), "{").unwrap();
    let live = Store::new(dir.path())
        .open_current()
        .unwrap()
        .expect("live generation");
    assert_eq!(live.number, g1.number);
    // The next build cleans it up and switches.
    let (_, g2, _) = ensure_index(&settings(dir.path()), true, &|_, _| {}).unwrap();
    assert_eq!(g2.number, g1.number + 1);
    assert!(!partial.exists());
    assert_eq!(Store::new(dir.path()).current_number(), Some(g2.number));
}

/// A corpus whose pages fill the writer's memory budget several times over (the shipped
/// corpus plus sixteen 2 MB articles) flushes many segments; it still indexes, every time.
#[test]
fn large_pages_that_flush_many_segments_still_index() {
    let corpus = tempfile::tempdir().unwrap();
    let words = "tempo control and steady breathing keep each repetition honest ";
    let body = words.repeat(2_000_000 / words.len());
    for i in 0..16 {
        std::fs::write(
            corpus.path().join(format!("article-{i}.md")),
            format!("# Training Notes {i}\n\n{body}\n"),
        )
        .unwrap();
    }
    let shipped = crate::support::root().join("corpus");
    let mut pages = 16;
    for part in ["exercises", "faq"] {
        std::fs::create_dir_all(corpus.path().join(part)).unwrap();
        for e in std::fs::read_dir(shipped.join(part)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), corpus.path().join(part).join(e.file_name())).unwrap();
            pages += 1;
        }
    }
    let index = tempfile::tempdir().unwrap();
    let settings = Settings {
        corpus: corpus.path().to_path_buf(),
        index: index.path().to_path_buf(),
        page_url: String::new(),
        // Pages over the default cap, as `corpus.max_page_bytes` allows.
        max_page_bytes: 4 * spotter::MAX_PAGE_BYTES_DEFAULT,
    };
    let (_, generation, _) = ensure_index(&settings, true, &|_, _| {}).expect("indexes");
    assert_eq!(generation.meta.pages, pages);
}

/// A copy of the fixture corpus a test may edit, and an index folder.
fn editable() -> (tempfile::TempDir, tempfile::TempDir, Settings) {
    let corpus = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&fixture("corpus"), corpus.path());
    let index = tempfile::tempdir().unwrap();
    let settings = Settings {
        corpus: corpus.path().to_path_buf(),
        ..settings(index.path())
    };
    (corpus, index, settings)
}

/// `spotter index --force` goes through the same rule as `/reindex`: a page rejected now
/// serves its last good version instead of vanishing.
#[test]
fn a_forced_build_keeps_the_last_good_version_of_a_rejected_page() {
    let (corpus, _index, settings) = editable();
    let (_, g1, _) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    let page = corpus.path().join("exercises/wall-press.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let broken: String = text
        .lines()
        .filter(|l| !l.starts_with("- **Difficulty:**"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(broken, text);
    std::fs::write(&page, broken).unwrap();
    let (_, g2, report) = ensure_index(&settings, true, &|_, _| {}).unwrap();
    assert_eq!(report.kept, 1, "the report says a page was kept");
    let loaded = report.loaded.expect("rebuilt");
    assert!(
        loaded
            .rejected()
            .iter()
            .any(|p| p.ends_with("wall-press.md")),
        "{:?}",
        loaded.problems
    );
    assert_eq!(g2.meta.pages, g1.meta.pages);
    let page = spotter::Searcher::new(g2)
        .page(&spotter::PageId::new("wall-press"))
        .unwrap();
    assert!(page.is_some(), "the last good version still serves");
}

/// A generation is opened without Tantivy's reader lock, so a folder where that lock file
/// cannot be created (a read-only volume; here a folder in its place, which stops root too)
/// still opens and serves; nothing is rebuilt elsewhere.
#[test]
fn an_index_that_cannot_be_written_opens_for_reading() {
    let (_corpus, index, settings) = editable();
    let (_, g1, _) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    let generation = index.path().join(format!("gen-{:06}", g1.number));
    let meta_lock = generation.join(".tantivy-meta.lock");
    if meta_lock.exists() {
        std::fs::remove_file(&meta_lock).unwrap();
    }
    std::fs::create_dir(&meta_lock).unwrap();
    std::fs::remove_file(index.path().join("build.lock")).unwrap();
    std::fs::create_dir(index.path().join("build.lock")).unwrap();
    let (store, g2, report) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    assert!(report.loaded.is_none(), "not rebuilt");
    assert_eq!(store.root(), index.path());
    assert_eq!(g2.number, g1.number);
}

/// When an index that cannot be written is stale, the rebuild goes to one private folder that
/// the next call reuses instead of building again.
#[test]
fn a_stale_index_that_cannot_be_written_is_rebuilt_once_into_one_private_folder() {
    let (corpus, index, settings) = editable();
    ensure_index(&settings, false, &|_, _| {}).unwrap();
    std::fs::remove_file(index.path().join("build.lock")).unwrap();
    std::fs::create_dir(index.path().join("build.lock")).unwrap();
    std::fs::remove_file(corpus.path().join("faq/rest-periods.md")).unwrap();
    let (first, g1, r1) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    assert!(r1.loaded.is_some(), "rebuilt");
    assert_ne!(first.root(), index.path());
    let (second, g2, r2) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    assert!(r2.loaded.is_none(), "the private index is reused");
    assert_eq!(second.root(), first.root());
    assert_eq!(g2.number, g1.number);
    std::fs::remove_dir_all(first.root()).unwrap();
}

/// An empty or lost `CURRENT` never restarts the numbering (a follower switches when the
/// number moves), and marker temporaries a killed build left are removed.
#[test]
fn numbering_survives_an_empty_marker_and_stale_temporaries_are_removed() {
    let (_corpus, index, settings) = editable();
    let (_, g1, _) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    std::fs::write(index.path().join("CURRENT"), "").unwrap();
    let stale = index.path().join("CURRENT.tmp-999999");
    std::fs::write(&stale, "gen-000001\n").unwrap();
    let (_, g2, r2) = ensure_index(&settings, false, &|_, _| {}).unwrap();
    assert!(r2.loaded.is_some(), "rebuilt");
    assert!(g2.number > g1.number, "{} after {}", g2.number, g1.number);
    assert!(!stale.exists());
}
