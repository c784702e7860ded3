//! A page checked in the context of its corpus before anything changes: the corpus as it
//! would be (a temporary mirror of links to its files, with the new page in place) read by
//! the same `corpus::load` as `spotter check`, and the problems of that one page kept.
//! Knows the corpus's files; never Discord or the index.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::corpus;
use crate::domain::parse::PageError;

/// What the check found on the staged page, each with its path (as the corpus names it) and
/// line.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// Problems: the page would be rejected or is broken; nothing is written.
    pub problems: Vec<PageError>,
    /// Warnings: it serves, but something is likely a slip.
    pub warnings: Vec<PageError>,
}

/// A folder of its own for every staging, removed when dropped.
struct Mirror(PathBuf);

impl Drop for Mirror {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn mirror_dir() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "spotter-stage-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Checks `bytes` as the page at `rel` (relative to `corpus`, which may already hold a page
/// there: it is replaced in the mirror) together with every other page of the corpus.
///
/// # Errors
/// When the corpus or the temp folder cannot be read or written.
pub(super) fn check(
    corpus: &Path,
    rel: &Path,
    bytes: &[u8],
    max_page_bytes: u64,
) -> io::Result<Checked> {
    let mirror = Mirror(mirror_dir());
    fs::create_dir_all(&mirror.0)?;
    let absolute = fs::canonicalize(corpus)?;
    for file in corpus::files(corpus)? {
        if file == rel {
            continue;
        }
        let at = mirror.0.join(&file);
        if let Some(parent) = at.parent() {
            fs::create_dir_all(parent)?;
        }
        link(&absolute.join(&file), &at)?;
    }
    let at = mirror.0.join(rel);
    if let Some(parent) = at.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(&at, bytes)?;
    let loaded = corpus::load(&mirror.0, corpus, max_page_bytes, &|_, _| {})?;
    let shown = corpus.join(rel).to_string_lossy().to_string();
    let mine = |list: &[PageError]| {
        list.iter()
            .filter(|p| p.path == shown)
            .cloned()
            .collect::<Vec<_>>()
    };
    Ok(Checked {
        problems: mine(&loaded.problems),
        warnings: mine(&loaded.warnings),
    })
}

#[cfg(unix)]
fn link(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(from, to)
}

#[cfg(not(unix))]
fn link(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to).map(|_| ())
}
