//! Walking a corpus folder: which of its files are pages, in path order, which names are
//! left out and why, and (for the fingerprint) each page's size and modification time.
//! Knows the file system only; never what a page says.
//!
//! Hand-written, not `walkdir` or `ignore` (issue 12), for the cold CLI call (≤ 50 ms median
//! at 10,000 pages, half of it this walk): the same fingerprint through `walkdir` (sorted by
//! name, links not followed, hidden names skipped, a stat per page) took a median of 212–216
//! ms against this walk's 121–143 ms at 10,000 pages on the loaded 2-core VM (15 rounds
//! each), since this one stats through the folder's entries, on several threads for a big
//! folder, and `walkdir` stats each path from the root on one. `ignore` adds gitignore rules
//! no corpus asked for. What the crates would bring is here and tested: a link to a folder
//! is reported and never followed (no loop, whatever links point where), hidden names are
//! skipped, and an entry that cannot be read is reported and the walk goes on.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::{is_markdown, reason};
use crate::domain::parse::PageErrorKind;

/// A folder with at least this many pages has them stat-ed by several threads: a stat is a
/// few microseconds on a VM, so 10,000 pages are tens of milliseconds of a cold CLI call,
/// while a thread costs tens of microseconds to start.
const PARALLEL_STAT_MIN: usize = 1024;
/// At most this many threads stat one folder (the machines this runs on have few cores).
const PARALLEL_STAT_MAX: usize = 4;

/// What walking a corpus folder finds: the markdown files to read, sorted, and every page or
/// folder that is left out, with why (issue 7: none of them is skipped in silence).
#[derive(Debug, Default)]
pub(super) struct Walk {
    /// Regular files (or links to one), relative to the folder, with their stamp when asked
    /// for.
    pub files: Vec<(PathBuf, Option<Stamp>)>,
    /// Folders that cannot be read and markdown names that are not regular files.
    pub skipped: Vec<(PathBuf, PageErrorKind)>,
}

/// What the fingerprint knows of a file: its size and modification time.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stamp {
    len: u64,
    modified_nanos: u128,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        let modified_nanos = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Stamp {
            len: meta.len(),
            modified_nanos,
        }
    }
}

/// The markdown files under `dir` in path order (component by component), with their stamp
/// when `stat` is set, and what was left out. Hidden files and folders are skipped, and
/// symlinked folders are not followed (no loops).
///
/// # Errors
/// When `dir` is not a readable folder.
pub(super) fn walk(dir: &Path, stat: bool) -> io::Result<Walk> {
    if !fs::metadata(dir)?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
    }
    let mut out = Walk::default();
    folder(dir, &PathBuf::new(), stat, &mut out);
    Ok(out)
}

/// One folder: its entries sorted by name, so visiting each subfolder where it sorts gives
/// path order without sorting paths (only the folders on the way down are held open).
fn folder(root: &Path, rel: &Path, stat: bool, out: &mut Walk) {
    let entries = match fs::read_dir(root.join(rel)) {
        Ok(entries) => entries,
        Err(e) => {
            let kind = PageErrorKind::UnreadableFolder(reason(&e));
            out.skipped.push((rel.to_path_buf(), kind));
            return;
        }
    };
    let mut found: Vec<fs::DirEntry> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) if !entry.file_name().as_encoded_bytes().starts_with(b".") => {
                found.push(entry);
            }
            Ok(_) => {}
            Err(e) => {
                let kind = PageErrorKind::UnreadableFolder(reason(&e));
                out.skipped.push((rel.to_path_buf(), kind));
                break;
            }
        }
    }
    found.sort_by_cached_key(fs::DirEntry::file_name);
    let classified: Vec<(PathBuf, Found)> = found
        .iter()
        .map(|e| {
            let child = rel.join(e.file_name());
            let kind = classify(e, &child);
            (child, kind)
        })
        .collect();
    let plain: Vec<&fs::DirEntry> = found
        .iter()
        .zip(&classified)
        .filter(|(_, (_, f))| matches!(f, Found::File))
        .map(|(e, _)| e)
        .collect();
    let mut stamps = if stat { stamps(&plain) } else { Vec::new() }.into_iter();
    for (child, found) in classified {
        match found {
            Found::Folder => folder(root, &child, stat, out),
            Found::File => out.files.push((child, stamps.next().flatten())),
            Found::Link(stamp) => out.files.push((child, stat.then_some(stamp))),
            Found::Skipped(kind) => out.skipped.push((child, kind)),
            Found::Ignored => {}
        }
    }
}

/// Each entry's stamp (read through the directory entry, which skips resolving the whole
/// path again), by several threads when there are many.
fn stamps(entries: &[&fs::DirEntry]) -> Vec<Option<Stamp>> {
    let one = |e: &&fs::DirEntry| e.metadata().ok().map(|m| Stamp::of(&m));
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(PARALLEL_STAT_MAX);
    if entries.len() < PARALLEL_STAT_MIN || threads < 2 {
        return entries.iter().map(one).collect();
    }
    let chunk = entries.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let jobs: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                let job = move || part.iter().map(one).collect::<Vec<_>>();
                (part, std::thread::Builder::new().spawn_scoped(scope, job))
            })
            .collect();
        // A thread that could not start (or failed) leaves its part to this one.
        jobs.into_iter()
            .flat_map(|(part, job)| match job.map(|j| j.join()) {
                Ok(Ok(done)) => done,
                _ => part.iter().map(one).collect(),
            })
            .collect()
    })
}

/// What one directory entry is to the corpus.
enum Found {
    Folder,
    /// A page that is a regular file: stamped later, with the folder's other pages.
    File,
    /// A page that is a link to a regular file, with the target's stamp.
    Link(Stamp),
    Skipped(PageErrorKind),
    /// Not markdown: pictures, notes, a README.txt.
    Ignored,
}

fn classify(entry: &fs::DirEntry, child: &Path) -> Found {
    let kind = match entry.file_type() {
        Ok(kind) => kind,
        Err(e) => return Found::Skipped(PageErrorKind::Unreadable(reason(&e))),
    };
    if kind.is_dir() {
        return Found::Folder;
    }
    if kind.is_symlink() {
        // A link is stat-ed through to its target, whose edits are what count; a link to a
        // folder is not followed (no loops), and says so.
        return match fs::metadata(entry.path()) {
            Ok(meta) if meta.is_dir() => Found::Skipped(PageErrorKind::LinkedFolder),
            Ok(_) if !is_markdown(child) => Found::Ignored,
            Ok(meta) if meta.is_file() => Found::Link(Stamp::of(&meta)),
            Ok(meta) => Found::Skipped(PageErrorKind::NotRegularFile(file_kind(&meta.file_type()))),
            Err(e) if is_markdown(child) => Found::Skipped(PageErrorKind::Unreadable(format!(
                "broken link: {}",
                reason(&e)
            ))),
            Err(_) => Found::Ignored,
        };
    }
    if !is_markdown(child) {
        return Found::Ignored;
    }
    if !kind.is_file() {
        // A FIFO would block the reader forever, a device never ends (issue 7).
        return Found::Skipped(PageErrorKind::NotRegularFile(file_kind(&kind)));
    }
    Found::File
}

/// What a file that is not a regular file is, in a word.
pub(super) fn file_kind(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        return "a folder";
    }
    "not a regular file"
}

/// A fingerprint of the corpus: every file's path, size and modification time, and this
/// build of spotter. Cheap (no file is read), so a CLI call can tell in milliseconds whether
/// the index is current.
///
/// # Errors
/// When `dir` is not a readable folder.
pub fn fingerprint(dir: &Path) -> io::Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for (rel, stamp) in walk(dir, true)?.files {
        hasher.update(rel.as_os_str().as_encoded_bytes());
        if let Some(stamp) = stamp {
            hasher.update(stamp.len.to_le_bytes());
            hasher.update(stamp.modified_nanos.to_le_bytes());
        }
        hasher.update([0]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_folder_is_stamped_whole_and_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let n = PARALLEL_STAT_MIN + 7;
        for i in 0..n {
            fs::write(dir.path().join(format!("p{i}.md")), "x".repeat(i % 5)).unwrap();
        }
        fs::create_dir(dir.path().join("p5")).unwrap();
        fs::write(dir.path().join("p5/inner.md"), "").unwrap();
        let walked = walk(dir.path(), true).unwrap();
        assert_eq!(walked.files.len(), n + 1);
        assert!(walked.files.iter().all(|(_, s)| s.is_some()));
        let sizes: Vec<u64> = walked.files.iter().map(|(_, s)| s.unwrap().len).collect();
        let paths: Vec<&Path> = walked.files.iter().map(|(p, _)| p.as_path()).collect();
        // Component by component: the folder `p5` sorts before `p5.md`, its page with it.
        let at = paths
            .iter()
            .position(|p| *p == Path::new("p5/inner.md"))
            .unwrap();
        assert_eq!(paths[at - 1], Path::new("p499.md"));
        assert_eq!(paths[at + 1], Path::new("p5.md"));
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        let expected = |p: &Path| {
            let stem = p.file_stem().unwrap().to_str().unwrap();
            stem.trim_start_matches('p')
                .parse::<usize>()
                .map_or(0, |i| (i % 5) as u64)
        };
        assert!(paths.iter().zip(&sizes).all(|(p, s)| expected(p) == *s));
        assert_eq!(walk(dir.path(), false).unwrap().files.len(), n + 1);
    }

    /// What `walkdir` or `ignore` would handle, handled: links that loop (a folder linked to
    /// its parent, a file linked to itself) end nothing and are each one problem; hidden
    /// files and folders are not read; the entries around a bad one are all walked.
    #[cfg(unix)]
    #[test]
    fn loops_hidden_names_and_bad_entries() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::write(root.join("a/b/deep.md"), "x").unwrap();
        symlink(root.join("a"), root.join("a/b/up")).unwrap();
        symlink(".", root.join("here")).unwrap();
        symlink("self.md", root.join("self.md")).unwrap();
        fs::create_dir(root.join(".git")).unwrap();
        fs::write(root.join(".git/notes.md"), "x").unwrap();
        fs::write(root.join(".draft.md"), "x").unwrap();
        fs::write(root.join("z.md"), "x").unwrap();
        let walked = walk(root, true).unwrap();
        let files: Vec<&Path> = walked.files.iter().map(|(p, _)| p.as_path()).collect();
        assert_eq!(files, [Path::new("a/b/deep.md"), Path::new("z.md")]);
        let skipped: Vec<(String, String)> = walked
            .skipped
            .iter()
            .map(|(p, k)| (p.display().to_string(), k.to_string()))
            .collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert_eq!(skipped[0].0, "a/b/up");
        assert_eq!(skipped[0].1, PageErrorKind::LinkedFolder.to_string());
        assert_eq!(skipped[1].0, "here");
        assert_eq!(skipped[1].1, PageErrorKind::LinkedFolder.to_string());
        assert_eq!(skipped[2].0, "self.md");
        assert!(skipped[2].1.contains("broken link"), "{skipped:?}");
        // The fingerprint does not see hidden files either.
        let before = fingerprint(root).unwrap();
        fs::write(root.join(".git/notes.md"), "changed").unwrap();
        assert_eq!(fingerprint(root).unwrap(), before);
    }
}
