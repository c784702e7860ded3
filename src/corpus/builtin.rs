//! The shipped corpus compiled into the binary (`build.rs`), so an installed `spotter` answers
//! from any folder. It is extracted once into a cache folder named for its contents and read
//! from there like any corpus; the copy is checked byte for byte at every start and rewritten
//! when it differs, so it stays the read-only default. Knows files only; never parses pages.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/builtin_corpus.rs"));

/// The folder the built-in pages are extracted to, under `cache` (the `spotter` cache folder).
pub fn folder(cache: &Path) -> PathBuf {
    cache.join(format!("builtin-{}-{HASH:016x}", env!("CARGO_PKG_VERSION")))
}

/// How many files the built-in corpus has.
pub fn file_count() -> usize {
    FILES.len()
}

/// Whether `dir` holds exactly the built-in files (extra files are ignored: none is written
/// there but by `extract`).
fn is_intact(dir: &Path) -> bool {
    FILES
        .iter()
        .all(|(rel, bytes)| fs::read(dir.join(rel)).is_ok_and(|on_disk| on_disk == *bytes))
}

fn write_all(dir: &Path) -> io::Result<()> {
    for (rel, bytes) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
        // Read-only: an edit there would be undone at the next start, so none is invited.
        let mut permissions = fs::metadata(&path)?.permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions)?;
    }
    Ok(())
}

/// The built-in corpus as a folder under `cache`: reused when intact, else written beside it
/// and renamed into place (several processes starting at once each write their own copy; the
/// first rename wins and the others use it).
///
/// # Errors
/// When the cache folder cannot be written.
pub fn extract(cache: &Path) -> io::Result<PathBuf> {
    let dir = folder(cache);
    if is_intact(&dir) {
        return Ok(dir);
    }
    fs::create_dir_all(cache)?;
    let name = dir.file_name().map(|n| n.to_string_lossy().to_string());
    let tmp = cache.join(format!(
        ".{}.partial-{}",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&tmp);
    let written = write_all(&tmp);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() && !is_intact(&dir) {
        // A damaged copy (an edit, a crash mid-write by an older build): replaced whole.
        let _ = fs::remove_dir_all(&dir);
    }
    match fs::rename(&tmp, &dir) {
        Ok(()) => Ok(dir),
        // Another process renamed its copy first: use that one.
        Err(_) if is_intact(&dir) => {
            let _ = fs::remove_dir_all(&tmp);
            Ok(dir)
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_corpus_is_extracted_once_and_repaired_when_edited() {
        let cache = std::env::temp_dir().join(format!("spotter-builtin-{}", std::process::id()));
        let dir = extract(&cache).expect("extracts");
        assert!(file_count() > 100, "the shipped corpus is compiled in");
        assert!(dir.join("exercises/plank.md").is_file());
        let plank = dir.join("exercises/plank.md");
        let mut permissions = fs::metadata(&plank).unwrap().permissions();
        assert!(permissions.readonly());
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        fs::set_permissions(&plank, permissions).unwrap();
        fs::write(&plank, "# Edited\n").unwrap();
        assert_eq!(extract(&cache).unwrap(), dir);
        assert!(is_intact(&dir), "the edit was undone");
        let _ = fs::remove_dir_all(&cache);
    }
}
