//! Markdown (pulldown-cmark) → page records, with `path:line` errors.
//!
//! Reads the seed's format and what real sites publish beside it: the older variant (`# Name -
//! Site`, `**Details:**`, `## Browse Related Exercises`), comparison pages (`# A vs B`), listing
//! pages and any other markdown as an article. Never touches the file system: the caller hands
//! in the path (for messages), the id and the text.

use std::fmt;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::page::{
    Attribute, Comparison, Difficulty, Exercise, FaqEntry, Link, Listing, Page, PageId, Reading,
};
use super::reps;
use super::vocabulary::{self, Kind};

/// A problem with one page, printed as DESIGN's `path:line: message`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {kind}")]
pub struct PageError {
    /// The file as the user named it (corpus folder joined with the page's relative path).
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub kind: PageErrorKind,
}

/// What is wrong with a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageErrorKind {
    /// The file could not be read (the reason is the OS's, without paths).
    Unreadable(String),
    /// The file is not UTF-8.
    NotUtf8,
    /// An exercise page without an H1.
    MissingName,
    /// An exercise page without the quick-answer paragraph.
    MissingSummary,
    /// An exercise page without a required bullet.
    MissingAttribute(Attribute),
    /// A `Difficulty` that is not one of the three.
    UnknownDifficulty(String),
    /// Two pages with one id; the first (in path order) is kept.
    DuplicateId {
        /// The path of the page that keeps the id.
        first: String,
    },
    /// A related link to a page that is not in the corpus.
    BrokenLink {
        /// The link as written.
        url: String,
    },
}

impl PageErrorKind {
    /// Whether the page is left out of the index because of this problem (the rest are
    /// reported and the page still serves).
    pub fn rejects_page(&self) -> bool {
        !matches!(
            self,
            PageErrorKind::MissingSummary | PageErrorKind::BrokenLink { .. }
        )
    }
}

impl fmt::Display for PageErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageErrorKind::Unreadable(reason) => write!(f, "cannot read the file: {reason}"),
            PageErrorKind::NotUtf8 => f.write_str("the file is not valid UTF-8"),
            PageErrorKind::MissingName => {
                f.write_str("missing name: the page has no `# Name` heading")
            }
            PageErrorKind::MissingSummary => {
                f.write_str("missing quick answer: `## Quick answer` needs a paragraph")
            }
            PageErrorKind::MissingAttribute(a) => {
                write!(
                    f,
                    "missing required bullet `- **{}:** …` under `## Quick answer`",
                    a.label()
                )
            }
            PageErrorKind::UnknownDifficulty(d) => write!(
                f,
                "Difficulty \"{d}\" is not one of Beginner, Intermediate, Advanced"
            ),
            PageErrorKind::DuplicateId { first } => {
                write!(f, "duplicate id: {first} already uses this file name")
            }
            PageErrorKind::BrokenLink { url } => {
                write!(
                    f,
                    "related link \"{url}\" points to a page that does not exist"
                )
            }
        }
    }
}

/// What parsing one file gives: the page (unless a problem rejects it) and every problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The record, `None` when a problem rejects the page.
    pub page: Option<Page>,
    /// Every problem found, in line order.
    pub errors: Vec<PageError>,
}

/// A block of the document, with the 1-based line it starts on.
#[derive(Clone, Debug)]
enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Paragraph {
        text: String,
        line: usize,
        /// The whole paragraph is bold text (`**Details:**`, `**Is it safe?**`).
        bold_only: bool,
        links: Vec<Link>,
    },
    List {
        ordered: bool,
        items: Vec<Item>,
    },
    Table {
        rows: Vec<Vec<String>>,
    },
    Metadata(String),
    Other(String),
}

#[derive(Clone, Debug, Default)]
struct Item {
    text: String,
    line: usize,
    /// `**Key:** value` split, when the item starts with bold text ending in a colon.
    key_value: Option<(String, String)>,
    links: Vec<Link>,
}

/// Maps byte offsets to 1-based lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.char_indices()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// Inline text being collected for the current block or item.
#[derive(Default)]
struct Inline {
    text: String,
    links: Vec<Link>,
    /// Text inside `**…**` at the start of the block.
    leading_bold: Option<String>,
    bold_depth: usize,
    saw_non_bold: bool,
    link_stack: Vec<(String, usize, usize)>,
}

impl Inline {
    fn push_text(&mut self, s: &str) {
        if self.bold_depth > 0 && !self.saw_non_bold {
            self.leading_bold
                .get_or_insert_with(String::new)
                .push_str(s);
        } else if !s.trim().is_empty() {
            self.saw_non_bold = true;
        }
        self.text.push_str(s);
    }
}

fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::new(text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut inline: Option<(Inline, usize)> = None;
    let mut lists: Vec<(bool, Vec<Item>)> = Vec::new();
    let mut item_stack: Vec<(Inline, usize)> = Vec::new();
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut cell: Option<String> = None;
    let mut meta: Option<String> = None;
    let mut code: Option<String> = None;
    let mut heading_level = 0u8;

    fn current<'a>(
        inline: &'a mut Option<(Inline, usize)>,
        item_stack: &'a mut [(Inline, usize)],
    ) -> Option<&'a mut Inline> {
        if let Some((i, _)) = inline.as_mut() {
            return Some(i);
        }
        item_stack.last_mut().map(|(i, _)| i)
    }

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::MetadataBlock(_)) => meta = Some(String::new()),
            Event::End(TagEnd::MetadataBlock(_)) => {
                out.push(Block::Metadata(meta.take().unwrap_or_default()));
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                out.push(Block::Other(code.take().unwrap_or_default()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                inline = Some((Inline::default(), line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((i, line)) = inline.take() {
                    out.push(Block::Heading {
                        level: heading_level,
                        text: clean(&i.text),
                        line,
                    });
                }
            }
            Event::Start(Tag::Paragraph) if item_stack.is_empty() && table.is_none() => {
                inline = Some((Inline::default(), line));
            }
            Event::End(TagEnd::Paragraph) if item_stack.is_empty() && table.is_none() => {
                if let Some((i, line)) = inline.take() {
                    let text = clean(&i.text);
                    let bold_only = i.leading_bold.is_some() && !i.saw_non_bold;
                    if !text.is_empty() {
                        out.push(Block::Paragraph {
                            text,
                            line,
                            bold_only,
                            links: i.links,
                        });
                    }
                }
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                if let Some(i) = current(&mut inline, &mut item_stack)
                    && !i.text.is_empty()
                    && !i.text.ends_with(' ')
                {
                    i.text.push(' ');
                }
            }
            Event::Start(Tag::List(first)) => lists.push((first.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = lists.pop() {
                    match lists.last_mut() {
                        // A nested list's items join the enclosing list, so sub-bullets are
                        // kept rather than merged into their parent's text.
                        Some((_, outer)) => outer.extend(items),
                        None => out.push(Block::List { ordered, items }),
                    }
                }
            }
            Event::Start(Tag::Item) => item_stack.push((Inline::default(), line)),
            Event::End(TagEnd::Item) => {
                if let Some((i, line)) = item_stack.pop() {
                    let text = clean(&i.text);
                    let key_value = i.leading_bold.as_ref().and_then(|bold| {
                        let bold = bold.trim();
                        let rest = text.strip_prefix(bold)?.trim_start();
                        if let Some(key) = bold.strip_suffix(':') {
                            Some((key.trim().to_string(), rest.trim().to_string()))
                        } else {
                            rest.strip_prefix(':')
                                .map(|v| (bold.to_string(), v.trim().to_string()))
                        }
                    });
                    if let Some((_, items)) = lists.last_mut() {
                        items.push(Item {
                            text,
                            line,
                            key_value,
                            links: i.links,
                        });
                    }
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Vec::new()),
            Event::End(TagEnd::Table) => {
                if let Some(rows) = table.take() {
                    out.push(Block::Table { rows });
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(rows) = table.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(rows), Some(c)) = (table.as_mut(), cell.take())
                    && let Some(row) = rows.last_mut()
                {
                    row.push(clean(&c));
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.bold_depth += 1;
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.bold_depth = i.bold_depth.saturating_sub(1);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(i) = current(&mut inline, &mut item_stack) {
                    let at = i.text.len();
                    i.link_stack.push((dest_url.to_string(), at, line));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = current(&mut inline, &mut item_stack)
                    && let Some((url, at, line)) = i.link_stack.pop()
                {
                    let text = clean(i.text.get(at..).unwrap_or_default());
                    i.links.push(Link {
                        target: local_target(&url),
                        text,
                        url,
                        line,
                    });
                }
            }
            Event::Text(s) | Event::Code(s) | Event::InlineHtml(s) | Event::Html(s) => {
                if let Some(m) = meta.as_mut() {
                    m.push_str(&s);
                } else if let Some(c) = code.as_mut() {
                    c.push_str(&s);
                } else if let Some(c) = cell.as_mut() {
                    c.push_str(&s);
                } else if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.push_text(&s);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.text.push(' ');
                }
            }
            Event::Rule => {}
            _ => {}
        }
    }
    out
}

/// Collapses runs of whitespace.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page a relative link names: `glute-bridge.md`, `../faq/rest.md`, `/exercise/plank`.
/// Absolute URLs (`https://…`) and anchors name no local page here.
fn local_target(url: &str) -> Option<PageId> {
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
    (!stem.is_empty() && stem != "." && stem != "..").then(|| PageId::new(stem))
}

/// A section: the text of its `##` heading (lower-case), its line, and its blocks.
struct Section {
    title: String,
    line: usize,
    blocks: Vec<Block>,
}

fn sections(blocks: Vec<Block>) -> (Vec<Block>, Vec<Section>) {
    let mut intro = Vec::new();
    let mut out: Vec<Section> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading {
                level: 2,
                text,
                line,
            } => out.push(Section {
                title: text.to_lowercase(),
                line,
                blocks: Vec::new(),
            }),
            other => match out.last_mut() {
                Some(s) => s.blocks.push(other),
                None => intro.push(other),
            },
        }
    }
    (intro, out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    QuickAnswer,
    HowTo,
    Tips,
    Mistakes,
    Faq,
    Related,
    Comparison,
    Other,
}

fn role(title: &str) -> Role {
    let t = title.trim();
    if t.starts_with("quick answer") || t == "summary" || t == "overview" || t == "at a glance" {
        Role::QuickAnswer
    } else if t.starts_with("how to") || t.contains("instructions") || t == "steps" {
        Role::HowTo
    } else if t.contains("tip") {
        Role::Tips
    } else if t.contains("mistake") {
        Role::Mistakes
    } else if t == "faq" || t.starts_with("faq") || t.contains("frequently asked") {
        Role::Faq
    } else if t.contains("related") || t.starts_with("similar") || t.contains("alternatives") {
        Role::Related
    } else if t.starts_with("comparison")
        || t.contains("side by side")
        || t.contains("side-by-side")
    {
        Role::Comparison
    } else {
        Role::Other
    }
}

/// The plain paragraphs of blocks (not bold-only lines like `**Details:**`).
fn prose(blocks: &[Block]) -> impl Iterator<Item = &str> {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph {
            text,
            bold_only: false,
            ..
        } => Some(text.as_str()),
        _ => None,
    })
}

/// Text of blocks that no section claimed, for search.
fn plain_text(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push(text.clone()),
            Block::List { items, .. } => out.extend(items.iter().map(|i| i.text.clone())),
            Block::Table { rows } => out.extend(rows.iter().map(|r| r.join(" "))),
            Block::Other(t) => out.push(clean(t)),
            Block::Metadata(_) => {}
        }
    }
    out.join("\n")
}

/// FAQ entries: `### Question` headings or bold-only paragraphs ending in `?`, each followed
/// by its answer paragraphs (and list items) up to the next question or heading.
fn faq_entries(blocks: &[Block]) -> Vec<FaqEntry> {
    let mut out: Vec<FaqEntry> = Vec::new();
    let mut open: Option<FaqEntry> = None;
    let close = |open: &mut Option<FaqEntry>, out: &mut Vec<FaqEntry>| {
        if let Some(e) = open.take() {
            let duplicate = out
                .iter()
                .any(|o| o.question == e.question && o.answer == e.answer);
            if !e.answer.is_empty() && !duplicate {
                out.push(e);
            }
        }
    };
    for b in blocks {
        match b {
            Block::Heading { level, text, line } if *level >= 3 => {
                close(&mut open, &mut out);
                if text.ends_with('?') || *level == 3 {
                    open = Some(FaqEntry {
                        question: text.clone(),
                        answer: String::new(),
                        line: *line,
                    });
                }
            }
            Block::Heading { .. } => close(&mut open, &mut out),
            Block::Paragraph {
                text,
                line,
                bold_only: true,
                ..
            } if text.ends_with('?') => {
                close(&mut open, &mut out);
                open = Some(FaqEntry {
                    question: text.clone(),
                    answer: String::new(),
                    line: *line,
                });
            }
            Block::Paragraph { text, .. } => {
                if let Some(e) = open.as_mut() {
                    append(&mut e.answer, text);
                }
            }
            Block::List { items, .. } => {
                if let Some(e) = open.as_mut() {
                    for i in items {
                        append(&mut e.answer, &format!("- {}", i.text));
                    }
                }
            }
            _ => {}
        }
    }
    close(&mut open, &mut out);
    out
}

fn append(answer: &mut String, text: &str) {
    if !answer.is_empty() {
        answer.push_str("\n\n");
    }
    answer.push_str(text);
}

fn list_items(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::List { items, .. } => out.extend(items.iter().map(|i| i.text.clone())),
            Block::Paragraph {
                text,
                bold_only: false,
                ..
            } => out.push(text.clone()),
            _ => {}
        }
    }
    out
}

fn links(blocks: &[Block]) -> Vec<Link> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::List { items, .. } => {
                out.extend(items.iter().flat_map(|i| i.links.iter().cloned()))
            }
            Block::Paragraph { links, .. } => out.extend(links.iter().cloned()),
            _ => {}
        }
    }
    out
}

/// `key: value` lines of YAML front matter; enough for `title`, `description`, `keywords`.
fn front_matter(blocks: &[Block]) -> Vec<(String, String)> {
    let Some(Block::Metadata(text)) = blocks.first() else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            // A YAML list item continues the previous key (`keywords:` then `- glutes`).
            if let Some((_, v)) = out.last_mut() {
                if !v.is_empty() {
                    v.push_str(", ");
                }
                v.push_str(unquote(item));
            }
        } else if let Some((k, v)) = line.split_once(':')
            && !k.starts_with(' ')
        {
            let v = unquote(v.trim())
                .trim_start_matches('[')
                .trim_end_matches(']');
            out.push((k.trim().to_lowercase(), v.to_string()));
        }
    }
    out
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

/// The name an H1 gives: the heading as written. ` - Standard` or ` | Decline` may be part of
/// the name; only a suffix that many pages of the corpus share is a site's name, and the
/// corpus cuts it (`corpus::SiteSuffixes`), since one page cannot tell.
fn name_from_h1(h1: &str) -> String {
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
fn comparison_names(h1: &str) -> Option<(String, String)> {
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

/// Parses one page. `path` is only used in error messages; `id` is the file's stem.
pub fn parse_page(id: PageId, path: &str, text: &str) -> Parsed {
    let all = blocks(text);
    let meta = front_matter(&all);
    let meta_value = |key: &str| {
        meta.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let h1 = all.iter().find_map(|b| match b {
        Block::Heading {
            level: 1,
            text,
            line,
        } => Some((text.clone(), *line)),
        _ => None,
    });
    let (intro, secs) = sections(all.clone());

    let quick = secs.iter().find(|s| role(&s.title) == Role::QuickAnswer);
    let attribute_items: Vec<&Item> = quick
        .map(|s| &s.blocks)
        .into_iter()
        .chain(std::iter::once(&intro))
        .flat_map(|blocks| blocks.iter())
        .filter_map(|b| match b {
            Block::List { items, .. } => Some(items),
            _ => None,
        })
        .flatten()
        .filter(|i| {
            i.key_value
                .as_ref()
                .is_some_and(|(k, _)| Attribute::from_key(k).is_some())
        })
        .collect();

    let mut errors = Vec::new();
    let err = |line: usize, kind: PageErrorKind| PageError {
        path: path.to_string(),
        line,
        kind,
    };

    if let (Some(quick), false) = (quick, attribute_items.is_empty()) {
        let mut ex = Exercise {
            id,
            ..Exercise::default()
        };
        match &h1 {
            Some((text, _)) if !name_from_h1(text).is_empty() => ex.name = name_from_h1(text),
            _ => errors.push(err(1, PageErrorKind::MissingName)),
        }
        ex.summary = prose(&quick.blocks).collect::<Vec<_>>().join("\n\n");
        if ex.summary.is_empty() {
            errors.push(err(quick.line, PageErrorKind::MissingSummary));
        }
        let mut seen = Vec::new();
        for item in &attribute_items {
            let Some((key, value)) = &item.key_value else {
                continue;
            };
            let Some(attr) = Attribute::from_key(key) else {
                continue;
            };
            if seen.contains(&attr) {
                continue;
            }
            seen.push(attr);
            match attr {
                Attribute::BodyPart => ex.body_part = vocabulary::normalise(Kind::BodyPart, value),
                Attribute::Equipment => {
                    ex.equipment = vocabulary::normalise_list(Kind::Equipment, value)
                }
                Attribute::Target => {
                    ex.target = vocabulary::normalise_list(Kind::Muscle, value)
                        .into_iter()
                        .next()
                        .unwrap_or_default()
                }
                Attribute::Secondary => {
                    ex.secondary = vocabulary::normalise_list(Kind::Muscle, value)
                }
                Attribute::Difficulty => match value.parse::<Difficulty>() {
                    Ok(d) => ex.difficulty = Some(d),
                    Err(()) => errors.push(err(
                        item.line,
                        PageErrorKind::UnknownDifficulty(value.clone()),
                    )),
                },
                Attribute::Category => {
                    ex.category =
                        Some(vocabulary::normalise(Kind::Category, value)).filter(|c| !c.is_empty())
                }
            }
        }
        for attr in Attribute::REQUIRED {
            // A bullet that is there but states nothing (`Unspecified`) is not missing: the
            // value is read as none.
            let missing = match attr {
                Attribute::BodyPart
                | Attribute::Equipment
                | Attribute::Target
                | Attribute::Difficulty => !seen.contains(&attr),
                Attribute::Secondary | Attribute::Category => false,
            };
            if missing {
                errors.push(err(quick.line, PageErrorKind::MissingAttribute(attr)));
            }
        }
        for block in quick.blocks.iter() {
            if let Block::List { items, .. } = block {
                for i in items {
                    if let Some((k, v)) = &i.key_value
                        && Attribute::from_key(k).is_none()
                    {
                        ex.other_attributes.push((k.clone(), v.clone()));
                    }
                }
            }
        }
        let mut extra = vec![plain_text(&intro)];
        for s in &secs {
            match role(&s.title) {
                Role::QuickAnswer => {}
                Role::HowTo => {
                    // Numbered steps when the section has them; notes around them are not steps.
                    let has_ordered = s
                        .blocks
                        .iter()
                        .any(|b| matches!(b, Block::List { ordered: true, .. }));
                    let blocks: Vec<Block> = s
                        .blocks
                        .iter()
                        .filter(|b| !has_ordered || matches!(b, Block::List { ordered: true, .. }))
                        .cloned()
                        .collect();
                    ex.steps.extend(list_items(&blocks));
                }
                Role::Tips => ex.tips.extend(list_items(&s.blocks)),
                Role::Mistakes => ex.mistakes.extend(list_items(&s.blocks)),
                Role::Faq => ex.faq.extend(faq_entries(&s.blocks)),
                Role::Related => {
                    ex.related.extend(links(&s.blocks));
                    // Prose after the links (a site's sign-off) is kept for search only.
                    let prose: Vec<Block> = s
                        .blocks
                        .iter()
                        .filter(|b| matches!(b, Block::Paragraph { .. }))
                        .cloned()
                        .collect();
                    extra.push(plain_text(&prose));
                }
                Role::Comparison | Role::Other => {
                    // Trailing marketing and other prose: searchable, never shown as facts.
                    extra.push(s.title.clone());
                    extra.push(plain_text(&s.blocks));
                }
            }
        }
        ex.extra = clean_lines(&extra.join("\n"));
        ex.reps = rep_ranges(&ex);
        errors.sort_by_key(|e| e.line);
        let rejected = errors.iter().any(|e| e.kind.rejects_page());
        return Parsed {
            page: (!rejected).then_some(Page::Exercise(ex)),
            errors,
        };
    }

    let title = h1
        .as_ref()
        .map(|(t, _)| t.clone())
        .or_else(|| meta_value("title"))
        .unwrap_or_else(|| title_from_stem(id.as_str()));
    let first_paragraph = prose(&all).next().unwrap_or_default().to_string();

    let table = secs
        .iter()
        .filter(|s| role(&s.title) == Role::Comparison)
        .chain(std::iter::empty())
        .flat_map(|s| s.blocks.iter())
        .chain(intro.iter())
        .find_map(|b| match b {
            Block::Table { rows } => Some(rows.clone()),
            _ => None,
        })
        .or_else(|| {
            all.iter().find_map(|b| match b {
                Block::Table { rows } => Some(rows.clone()),
                _ => None,
            })
        });
    if let Some(names) = h1.as_ref().and_then(|(t, _)| comparison_names(t)) {
        let rows = table
            .unwrap_or_default()
            .into_iter()
            .skip(1)
            .filter(|r| r.len() >= 3)
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
            .collect();
        return Parsed {
            page: Some(Page::Comparison(Comparison {
                id,
                title,
                names,
                summary: first_paragraph,
                rows,
                faq: faq_entries(&all),
                text: clean_lines(&plain_text(&all)),
            })),
            errors,
        };
    }

    let faq = faq_entries(&all);
    let all_links = links(&all);
    let list_link_items: usize = all
        .iter()
        .map(|b| match b {
            Block::List { items, .. } => items.iter().filter(|i| !i.links.is_empty()).count(),
            _ => 0,
        })
        .sum();
    let paragraphs = all
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .count();
    // A hub page is mostly a list of links; an article that links out now and then is not.
    if faq.is_empty() && list_link_items >= 3 && list_link_items >= paragraphs * 2 {
        return Parsed {
            page: Some(Page::Listing(Listing {
                id,
                title,
                description: first_paragraph,
                links: all_links,
            })),
            errors,
        };
    }

    let keywords = meta_value("keywords")
        .map(|k| {
            k.split(',')
                .map(|s| unquote(s).trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Parsed {
        page: Some(Page::Reading(Reading {
            id,
            title,
            description: meta_value("description").unwrap_or(first_paragraph),
            keywords,
            faq,
            text: clean_lines(&plain_text(&all)),
        })),
        errors,
    }
}

fn clean_lines(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `hip-flexor-stretch` → `Hip Flexor Stretch`, for pages with no title at all.
fn title_from_stem(stem: &str) -> String {
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

/// Whether a FAQ question asks about reps, sets or holds.
pub fn is_reps_question(question: &str) -> bool {
    super::understand::faq_intent(question) == Some(super::understand::Intent::Reps)
}

/// Rep ranges of an exercise: the reps FAQ answer first, then other FAQ answers, tips, steps,
/// the summary and the extra text.
fn rep_ranges(ex: &Exercise) -> Vec<reps::RepRange> {
    let (asked, others): (Vec<&FaqEntry>, Vec<&FaqEntry>) =
        ex.faq.iter().partition(|f| is_reps_question(&f.question));
    let mut found: Vec<reps::RepRange> = Vec::new();
    // The page's own answer to "how many" states a dose in any form; elsewhere only a phrase
    // with a unit of its own counts ("90 degrees" in a step is no dose).
    for f in asked {
        found.extend(reps::find_doses(&f.answer));
    }
    let mut sources: Vec<&str> = others.iter().map(|f| f.answer.as_str()).collect();
    sources.extend(ex.tips.iter().map(String::as_str));
    sources.extend(ex.steps.iter().map(String::as_str));
    sources.push(&ex.summary);
    for s in sources {
        found.extend(reps::find_ranges(s));
    }
    let mut out: Vec<reps::RepRange> = Vec::new();
    for r in found {
        if !out.iter().any(|o| o.text == r.text) {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_names_split_on_vs() {
        assert_eq!(
            comparison_names("Bench Press vs. Dumbbell Press: Which Is Better?"),
            Some(("Bench Press".into(), "Dumbbell Press".into()))
        );
        assert_eq!(comparison_names("Versatile Moves"), None);
    }

    #[test]
    fn h1_suffix_is_cut_only_when_it_is_the_sites() {
        assert_eq!(name_from_h1("Skipping - Standard"), "Skipping - Standard");
        assert_eq!(h1_suffix("Push-Ups | Decline").as_deref(), Some("decline"));
        assert_eq!(h1_suffix("Push-Up"), None);
        let site = vec!["forge exercise library".to_string()];
        assert_eq!(
            cut_site_suffix("Plank - Forge Exercise Library", &site).as_deref(),
            Some("Plank")
        );
        assert_eq!(cut_site_suffix("Dips - Chest Version", &site), None);
    }

    #[test]
    fn local_links_name_pages() {
        assert_eq!(
            local_target("glute-bridge.md"),
            Some(PageId::new("glute-bridge"))
        );
        assert_eq!(
            local_target("../faq/rest.md#top"),
            Some(PageId::new("rest"))
        );
        assert_eq!(local_target("https://example.org/exercises/legs"), None);
        assert_eq!(local_target("#faq"), None);
    }
}
