//! The I/O edge of the domain: walks a corpus folder, reads the markdown files, hands them to
//! `domain::parse`, checks what only the whole corpus can tell (duplicate ids, related links
//! to pages that do not exist) and fingerprints the files. Knows no index and no Discord.

use std::collections::HashMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use crate::domain::page::{Page, PageId};
use crate::domain::parse::{
    PageError, PageErrorKind, cut_site_suffix, h1_suffix, last_segment, parse_page,
};

/// A corpus read from disk.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Pages that serve, in path order (empty when they were streamed).
    pub pages: Vec<Page>,
    /// How many pages serve.
    pub served: usize,
    /// Every problem, in path then line order.
    pub problems: Vec<PageError>,
    /// Markdown files found.
    pub files: usize,
    /// Content hash of each served page by id (what `/reindex` compares to say what changed).
    pub hashes: Vec<(String, u64)>,
}

impl Loaded {
    /// Files that were rejected (not served).
    pub fn rejected(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .problems
            .iter()
            .filter(|p| p.kind.rejects_page())
            .map(|p| p.path.as_str())
            .collect();
        out.dedup();
        out
    }
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref(),
        Some("md" | "markdown")
    )
}

/// The markdown files under `dir`, relative to it, sorted. Hidden files and folders are
/// skipped, and symlinked folders are not followed (no loops).
///
/// # Errors
/// When `dir` is not a readable folder.
pub fn files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    Ok(walk(dir, false)?.into_iter().map(|(p, _)| p).collect())
}

/// The markdown files under `dir`, sorted, with their metadata when `stat` is set (read
/// through the directory entry, which skips resolving the whole path again).
fn walk(dir: &Path, stat: bool) -> io::Result<Vec<(PathBuf, Option<fs::Metadata>)>> {
    if !fs::metadata(dir)?.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
    }
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let Ok(entries) = fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let child = rel.join(&name);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(child);
            } else if is_markdown(&child) {
                // A link is stat-ed through to its target, whose edits are what count.
                let meta = match (stat, kind.is_symlink()) {
                    (false, _) => None,
                    (true, false) => entry.metadata().ok(),
                    (true, true) => fs::metadata(entry.path()).ok(),
                };
                out.push((child, meta));
            }
        }
    }
    // Path order (component by component) without comparing `Path`s, which parses the
    // components on every comparison: the separator sorts before every other byte.
    out.sort_by_cached_key(|(p, _)| {
        p.as_os_str()
            .as_encoded_bytes()
            .iter()
            .map(|&b| if b == b'/' { 0 } else { b })
            .collect::<Vec<u8>>()
    });
    Ok(out)
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
    for (rel, meta) in walk(dir, true)? {
        hasher.update(rel.as_os_str().as_encoded_bytes());
        if let Some(meta) = meta {
            hasher.update(meta.len().to_le_bytes());
            let modified = meta
                .modified()
                .ok()
                .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            hasher.update(modified.to_le_bytes());
        }
        hasher.update([0]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Reads and parses one file. `shown` is the path used in messages.
fn read_page(path: &Path, shown: &str, id: PageId) -> (Option<Page>, Vec<PageError>, u64) {
    let problem = |kind| PageError {
        path: shown.to_string(),
        line: 1,
        kind,
    };
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![problem(PageErrorKind::Unreadable(e.kind().to_string()))],
                0,
            );
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => return (None, vec![problem(PageErrorKind::NotUtf8)], 0),
    };
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    let parsed = parse_page(id, shown, &text);
    (parsed.page, parsed.errors, hasher.finish())
}

/// Reads every page under `dir` into memory. `shown_root` is how the folder is named in
/// messages (as the user typed it). `progress(done, total)` is called as files are read.
///
/// # Errors
/// When `dir` is not a readable folder; problems with single files are in `problems`.
pub fn load(dir: &Path, shown_root: &Path, progress: &dyn Fn(usize, usize)) -> io::Result<Loaded> {
    let mut pages = Vec::new();
    let mut out = stream(dir, shown_root, progress, &mut |p| pages.push(p))?;
    out.pages = pages;
    Ok(out)
}

/// Reads every page under `dir` and hands each served page to `sink` as soon as it is parsed,
/// keeping none: what an index build of a large corpus needs to stay within its memory.
/// The returned `Loaded` has every problem and hash but no pages.
///
/// # Errors
/// When `dir` is not a readable folder; problems with single files are in `problems`.
pub fn stream(
    dir: &Path,
    shown_root: &Path,
    progress: &dyn Fn(usize, usize),
    sink: &mut dyn FnMut(Page),
) -> io::Result<Loaded> {
    let files = files(dir)?;
    let mut out = Loaded {
        files: files.len(),
        ..Loaded::default()
    };
    // Ids are slugs of file stems, so every link can be checked before any page is read; the first
    // file of a stem (in path order) owns it.
    let mut known: HashMap<PageId, String> = HashMap::new();
    let mut owners = Vec::with_capacity(files.len());
    for rel in &files {
        let shown = shown_root.join(rel).to_string_lossy().to_string();
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let id = PageId::new(&stem);
        match known.get(&id) {
            Some(first) => {
                out.problems.push(PageError {
                    path: shown,
                    line: 1,
                    kind: PageErrorKind::DuplicateId {
                        id: id.to_string(),
                        first: first.clone(),
                    },
                });
                owners.push(None);
            }
            None => {
                known.insert(id.clone(), shown.clone());
                owners.push(Some((id, shown)));
            }
        }
    }
    let site = site_suffixes(dir, &files);
    for (n, (rel, owner)) in files.iter().zip(owners).enumerate() {
        if let Some((id, shown)) = owner {
            let (page, problems, hash) = read_page(&dir.join(rel), &shown, id.clone());
            out.problems.extend(problems);
            if let Some(mut page) = page {
                cut_site_name(&mut page, &site);
                check_links(&mut page, &shown, &known, &mut out.problems);
                out.hashes.push((id.to_string(), hash));
                out.served += 1;
                sink(page);
            }
        }
        if n % 256 == 0 || n + 1 == files.len() {
            progress(n + 1, files.len());
        }
    }
    out.problems
        .sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    Ok(out)
}

/// A suffix is a site's name when at least this many pages' H1s end with it…
const SITE_SUFFIX_MIN_PAGES: usize = 3;
/// …and at least this share of the corpus's pages: a site stamps every page, while a
/// qualifier (`Skipping - Standard`, `Bench Press - NB`) names a few.
const SITE_SUFFIX_MIN_SHARE: f64 = 0.2;
/// Lines, and bytes, read looking for a page's H1 (front matter comes before it); a file with
/// no line breaks (or no end) is not read past the bytes.
const H1_SCAN_LINES: usize = 64;
const H1_SCAN_BYTES: u64 = 64 * 1024;

/// The H1 suffixes (after ` | ` or ` - `, lower case) that the corpus's pages share so widely
/// that they name the site, not the exercise. Reads only the head of each file.
fn site_suffixes(dir: &Path, files: &[PathBuf]) -> Vec<String> {
    use std::io::{BufRead, Read};
    let mut counts: HashMap<String, usize> = HashMap::new();
    for rel in files {
        let Ok(file) = fs::File::open(dir.join(rel)) else {
            continue;
        };
        let h1 = io::BufReader::new(file.take(H1_SCAN_BYTES))
            .lines()
            .take(H1_SCAN_LINES)
            .map_while(Result::ok)
            .find_map(|l| l.strip_prefix("# ").map(str::to_string));
        if let Some(suffix) = h1.as_deref().and_then(h1_suffix) {
            *counts.entry(suffix).or_default() += 1;
        }
    }
    let floor =
        SITE_SUFFIX_MIN_PAGES.max((files.len() as f64 * SITE_SUFFIX_MIN_SHARE).ceil() as usize);
    counts
        .into_iter()
        .filter(|(_, n)| *n >= floor)
        .map(|(s, _)| s)
        .collect()
}

/// Cuts a site's suffix from a page's name or title.
fn cut_site_name(page: &mut Page, site: &[String]) {
    if site.is_empty() {
        return;
    }
    let title = match page {
        Page::Exercise(e) => &mut e.name,
        Page::Reading(r) => &mut r.title,
        Page::Comparison(c) => &mut c.title,
        Page::Listing(l) => &mut l.title,
    };
    if let Some(cut) = cut_site_suffix(title, site) {
        *title = cut;
    }
}

/// Related links to corpus pages must resolve: a relative link names a page by its stem.
/// Absolute URLs point outside unless their last segment is a page id (site exports link
/// their own pages absolutely); those are never errors.
fn check_links(
    page: &mut Page,
    path: &str,
    known: &HashMap<PageId, String>,
    problems: &mut Vec<PageError>,
) {
    let Page::Exercise(ex) = page else {
        return;
    };
    {
        for link in &mut ex.related {
            match &link.target {
                Some(target) if !known.contains_key(target) => {
                    problems.push(PageError {
                        path: path.to_string(),
                        line: link.line,
                        kind: PageErrorKind::BrokenLink {
                            url: link.url.clone(),
                        },
                    });
                    link.target = None;
                }
                Some(_) => {}
                None => {
                    link.target = last_segment(&link.url).filter(|t| known.contains_key(t));
                }
            }
        }
    }
}
