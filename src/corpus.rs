//! The I/O edge of the domain: walks a corpus folder, reads the markdown files (regular files
//! only, each under a size cap; whatever is left out is a problem naming its path), hands them
//! to `domain::parse`, checks what only the whole corpus can tell (duplicate ids, related links
//! to pages that do not exist, `domain::lint`'s warnings) and fingerprints the files. Knows no
//! index and no Discord.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub mod builtin;
mod walk;

pub use walk::fingerprint;
use walk::{file_kind, walk};

use crate::domain::digest::stable_hash;
use crate::domain::lint::{self, Noted};
use crate::domain::page::{Page, PageId};
use crate::domain::parse::{
    PageError, PageErrorKind, Parsed, cut_site_suffix, h1_suffix, normalise_text, parse_page,
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
    /// Every warning (`check` fails on them only with `--strict`), in path then line order.
    pub warnings: Vec<PageError>,
    /// Markdown files found that are read (regular files and links to one).
    pub files: usize,
    /// Content hash of each served page by id (what `/reindex` compares to say what changed;
    /// `digest::stable_hash`, so a newer binary reads the same values back).
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
    Ok(walk(dir, false)?
        .files
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}

/// An OS error's reason without the path (std's messages carry none).
fn reason(e: &io::Error) -> String {
    e.to_string()
}

/// Opens a page for reading: without blocking (a file swapped for a FIFO after the walk
/// must not hang the reader) and only when the opened file is a regular file.
fn open_page(path: &Path) -> Result<fs::File, PageErrorKind> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| PageErrorKind::Unreadable(reason(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| PageErrorKind::Unreadable(reason(&e)))?;
    if !meta.is_file() {
        return Err(PageErrorKind::NotRegularFile(file_kind(&meta.file_type())));
    }
    Ok(file)
}

/// A page's bytes, at most `max_bytes` of them: a bigger file is rejected with its size,
/// read no further than one byte past the cap (a file may grow while it is read).
fn read_capped(path: &Path, max_bytes: u64) -> Result<Vec<u8>, PageErrorKind> {
    use std::io::Read;
    let file = open_page(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let too_large = |bytes| PageErrorKind::TooLarge {
        bytes,
        max: max_bytes,
    };
    if len > max_bytes {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| PageErrorKind::Unreadable(reason(&e)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The 1-based line of a byte offset, counting `\n`, `\r\n` and a lone `\r` as one break each,
/// as the parser reads them.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    let head = &bytes[..offset.min(bytes.len())];
    let breaks = head
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && head.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

/// Reads and parses one file, and its text's hash. `shown` is the path used in messages.
fn read_page(path: &Path, shown: &str, id: PageId, max_bytes: u64) -> (Parsed, u64) {
    let failed = |line, kind| Parsed {
        page: None,
        errors: vec![PageError {
            path: shown.to_string(),
            line,
            kind,
        }],
        warnings: Vec::new(),
        facts: None,
    };
    let bytes = match read_capped(path, max_bytes) {
        Ok(b) => b,
        Err(kind) => return (failed(1, kind), 0),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let kind = PageErrorKind::NotUtf8 {
                byte: at,
                value: bytes.get(at).copied().unwrap_or_default(),
            };
            return (failed(line_at(bytes, at), kind), 0);
        }
    };
    (parse_page(id, shown, &text), stable_hash(text.as_bytes()))
}

/// The default of `corpus.max_page_bytes`: the largest shipped page is under 8 KiB, a long
/// article some tens of KiB, so 1 MiB is room for any real page and stops a runaway file
/// (issue 7: a link to `/dev/zero` grew to 11 GB).
pub const MAX_PAGE_BYTES_DEFAULT: u64 = 1024 * 1024;

/// Reads every page under `dir` into memory. `shown_root` is how the folder is named in
/// messages (as the user typed it); a file over `max_page_bytes` is rejected with its size.
/// `progress(done, total)` is called as files are read.
///
/// # Errors
/// When `dir` is not a readable folder; problems with single files are in `problems`.
pub fn load(
    dir: &Path,
    shown_root: &Path,
    max_page_bytes: u64,
    progress: &dyn Fn(usize, usize),
) -> io::Result<Loaded> {
    let mut pages = Vec::new();
    let mut out = stream(dir, shown_root, max_page_bytes, progress, &mut |p| {
        pages.push(p)
    })?;
    out.pages = pages;
    Ok(out)
}

/// Which file owns each id: the first of a stem's slug (in path order); later ones are
/// duplicates, reported. Ids are slugs of file stems, so every link can be checked before
/// any page is read.
fn owners(
    files: &[(PathBuf, String)],
    problems: &mut Vec<PageError>,
) -> (HashMap<PageId, String>, Vec<Option<PageId>>) {
    let mut known: HashMap<PageId, String> = HashMap::new();
    let mut owners = Vec::with_capacity(files.len());
    for (rel, shown) in files {
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let id = PageId::new(&stem);
        match known.get(&id) {
            Some(first) => {
                problems.push(PageError {
                    path: shown.clone(),
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
                owners.push(Some(id));
            }
        }
    }
    (known, owners)
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
    max_page_bytes: u64,
    progress: &dyn Fn(usize, usize),
    sink: &mut dyn FnMut(Page),
) -> io::Result<Loaded> {
    let walked = walk(dir, false)?;
    let shown = |rel: &Path| shown_root.join(rel).to_string_lossy().to_string();
    let mut out = Loaded {
        files: walked.files.len(),
        ..Loaded::default()
    };
    for (rel, kind) in walked.skipped {
        out.problems.push(PageError {
            path: shown(&rel),
            line: 1,
            kind,
        });
    }
    let files: Vec<(PathBuf, String)> = walked
        .files
        .into_iter()
        .map(|(rel, _)| {
            let s = shown(&rel);
            (rel, s)
        })
        .collect();
    let (known, owners) = owners(&files, &mut out.problems);
    // What the corpus-wide checks need of each served exercise page (a few strings each).
    let mut noted: Vec<Noted> = Vec::new();
    let site = site_suffixes(dir, &files);
    for (n, ((rel, shown), owner)) in files.iter().zip(owners).enumerate() {
        if let Some(id) = owner {
            let (parsed, hash) = read_page(&dir.join(rel), shown, id.clone(), max_page_bytes);
            out.problems.extend(parsed.errors);
            out.warnings.extend(parsed.warnings);
            if let Some(mut page) = parsed.page {
                cut_site_name(&mut page, &site);
                check_links(&mut page, shown, &known, &mut out.problems);
                if let Some(facts) = parsed.facts {
                    noted.push(Noted {
                        path: shown.clone(),
                        name: page.title().to_string(),
                        facts,
                    });
                }
                out.hashes.push((id.to_string(), hash));
                out.served += 1;
                sink(page);
            }
        }
        if n % 256 == 0 || n + 1 == files.len() {
            progress(n + 1, files.len());
        }
    }
    out.warnings.extend(lint::warnings(&noted));
    for list in [&mut out.problems, &mut out.warnings] {
        list.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    }
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
fn site_suffixes(dir: &Path, files: &[(PathBuf, String)]) -> Vec<String> {
    use std::io::Read;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (rel, _) in files {
        let Ok(file) = open_page(&dir.join(rel)) else {
            continue;
        };
        let mut head = Vec::new();
        if file.take(H1_SCAN_BYTES).read_to_end(&mut head).is_err() {
            continue;
        }
        // Read as the parser reads it: a BOM and CR line ends are text, not part of the H1.
        let head = String::from_utf8_lossy(&head);
        let h1 = normalise_text(&head)
            .lines()
            .take(H1_SCAN_LINES)
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
                    link.target = PageId::from_url(&link.url).filter(|t| known.contains_key(t));
                }
            }
        }
    }
}
