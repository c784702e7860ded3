//! Names and targets: link targets as page ids, unquoted values, H1 names and their site
//! suffixes, the two names of `A vs B`, a title from a file stem. Plain text in, text out.

use crate::domain::page::PageId;

/// The page a relative link names: `glute-bridge.md`, `../faq/rest.md`, `/exercise/plank`.
/// Absolute URLs (`https://…`) and anchors name no local page here.
pub(super) fn local_target(url: &str) -> Option<PageId> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
        return None;
    }
    last_segment(url)
}

/// The last path segment of a URL without its extension, query or fragment.
pub fn last_segment(url: &str) -> Option<PageId> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    let stem = segment
        .strip_suffix(".md")
        .or_else(|| segment.strip_suffix(".markdown"))
        .unwrap_or(segment);
    // A link to `Zqx Spaced Squat.md` is written `Zqx%20Spaced%20Squat.md`.
    let stem = percent_decode(stem);
    (!stem.is_empty() && stem != "." && stem != "..").then(|| PageId::new(&stem))
}

/// `%XX` escapes decoded (invalid UTF-8 replaced); anything else kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `s` without one pair of quotes around it (`"Hips"`, `'Hips'`).
pub(super) fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

/// The name an H1 gives: the heading as written. ` - Standard` or ` | Decline` may be part of
/// the name; only a suffix that many pages of the corpus share is a site's name, and the
/// corpus cuts it (`corpus::SiteSuffixes`), since one page cannot tell.
pub(super) fn name_from_h1(h1: &str) -> String {
    h1.trim().to_string()
}

/// The separators a site puts between a page's name and its own (`Plank | Liftbase`).
pub const H1_SEPARATORS: [&str; 2] = [" | ", " - "];

/// The part of an H1 after its last separator, lower case (`liftbase`), if it has one.
pub fn h1_suffix(h1: &str) -> Option<String> {
    H1_SEPARATORS
        .iter()
        .filter_map(|sep| h1.rfind(sep).map(|at| at + sep.len()))
        .max()
        .map(|at| h1[at..].trim().to_lowercase())
        .filter(|s| !s.is_empty())
}

/// `h1` without its suffix when that suffix is one of `site` (lower case).
pub fn cut_site_suffix(h1: &str, site: &[String]) -> Option<String> {
    let suffix = h1_suffix(h1)?;
    if !site.contains(&suffix) {
        return None;
    }
    let cut = H1_SEPARATORS.iter().filter_map(|sep| h1.rfind(sep)).max()?;
    Some(h1[..cut].trim().to_string()).filter(|n| !n.is_empty())
}

/// The two names of `A vs B` (`vs`, `vs.`, `versus`), without a trailing `: Which Is Better?`.
pub(super) fn comparison_names(h1: &str) -> Option<(String, String)> {
    let lower = h1.to_lowercase();
    for sep in [" vs. ", " vs ", " versus "] {
        if let Some(at) = lower.find(sep) {
            let a = h1[..at].trim();
            let b = h1[at + sep.len()..].trim();
            let b = b.split([':', '?', '(', '|']).next().unwrap_or(b);
            let b = b.split(" - ").next().unwrap_or(b).trim();
            if !a.is_empty() && !b.is_empty() {
                return Some((a.to_string(), b.to_string()));
            }
        }
    }
    None
}

/// `hip-flexor-stretch` → `Hip Flexor Stretch`, for pages with no title at all.
pub(super) fn title_from_stem(stem: &str) -> String {
    stem.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
