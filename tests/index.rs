//! Generations on disk: a second open reuses the index, a schema version bump or a lost
//! catalog forces a rebuild, a crashed build leaves the live generation usable, a rebuild
//! switches atomically.

use spotter::app::{Settings, ensure_index};
use spotter::search::Store;

use crate::support::fixture;

fn settings(index: &std::path::Path) -> Settings {
    Settings {
        corpus: fixture("corpus"),
        index: index.to_path_buf(),
        page_url: String::new(),
        max_page_bytes: spotter::corpus::MAX_PAGE_BYTES_DEFAULT,
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
        &format!(
            "\"schema_version\": {}",
            spotter::search::schema::SCHEMA_VERSION
        ),
        "\"schema_version\": 0",
    );
    assert_ne!(text, older);
    std::fs::write(&meta, older).unwrap();
    assert!(matches!(
        Store::new(dir.path()).open_current(),
        Err(spotter::search::IndexError::SchemaMismatch { found: 0, .. })
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
        spotter::search::catalog::FILE
    ));
    assert!(catalog.exists());
    std::fs::remove_file(&catalog).unwrap();
    assert!(matches!(
        Store::new(dir.path()).open_current(),
        Err(spotter::search::IndexError::Corrupt(_))
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
        max_page_bytes: 4 * spotter::corpus::MAX_PAGE_BYTES_DEFAULT,
    };
    let (_, generation, _) = ensure_index(&settings, true, &|_, _| {}).expect("indexes");
    assert_eq!(generation.meta.pages, pages);
}
