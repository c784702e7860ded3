//! `PageError { path, line, kind }`: what is wrong with one page, printed as DESIGN's
//! `path:line: message`, and which problems leave the page out. Knows no markdown.

use std::fmt;

use crate::domain::page::{Attribute, UnknownDifficulty};

/// A problem with one page, printed as DESIGN's `path:line: message` (`path:line: warning:
/// message` for a warning).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {}{kind}", if kind.is_warning() { "warning: " } else { "" })]
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
    /// The file is not UTF-8; the error's line is where the first bad byte is.
    NotUtf8 {
        /// Offset of the first bad byte in the file, from 0.
        byte: usize,
        /// That byte.
        value: u8,
    },
    /// A folder that cannot be read (permissions, a path over the OS's limit): its pages are
    /// left out.
    UnreadableFolder(String),
    /// A markdown name that is not a regular file (a FIFO, a device, a link to one): never
    /// opened.
    NotRegularFile(&'static str),
    /// A link to a folder: not followed (a link may loop).
    LinkedFolder,
    /// A file over `corpus.max_page_bytes`.
    TooLarge {
        /// The file's size (or what was read of it) in bytes.
        bytes: u64,
        /// The cap.
        max: u64,
    },
    /// An exercise page without an H1.
    MissingName,
    /// An exercise page without the quick-answer paragraph.
    MissingSummary,
    /// An exercise page without a required bullet.
    MissingAttribute(Attribute),
    /// A `Difficulty` that is not one of the three.
    UnknownDifficulty(UnknownDifficulty),
    /// Two pages with one id (two file names may give one id: `Plank.md`, `plank.md`); the
    /// first (in path order) is kept.
    DuplicateId {
        /// The id both give.
        id: String,
        /// The path of the page that keeps the id.
        first: String,
    },
    /// A related link to a page that is not in the corpus.
    BrokenLink {
        /// The link as written.
        url: String,
    },
    /// A page that looks like an exercise page (an H1 and a quick answer) but was read as an
    /// article, and why (issue 8: its exercise would vanish in silence).
    NotAnExercise(NearMiss),
    /// Warning: a facet value only this page uses, one edit from a value many pages use.
    NearValue {
        /// The bullet's key as the seed writes it (`Target Muscle`).
        key: &'static str,
        /// The value on this page.
        value: String,
        /// The value the other pages use.
        like: String,
        /// How many pages use it.
        pages: usize,
    },
    /// Warning: a name or alias that another page has too.
    SharedName {
        /// The name as this page writes it.
        name: String,
        /// The other page's path.
        other: String,
    },
    /// Warning: a second bullet for one key; the first is read.
    DuplicateKey {
        /// The key as written.
        key: String,
        /// The line of the first.
        first: usize,
    },
    /// Warning: a line of the front matter that is not read, and why.
    FrontMatter(FrontMatterLine),
    /// Warning: a file with nothing in it.
    EmptyFile,
}

/// Why a page that looks like an exercise page is read as an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NearMiss {
    /// Bullets name attributes but their keys are not bold (`- Body Part: Legs`).
    UnboldedKeys {
        /// The first such bullet as written.
        example: String,
    },
    /// No bullet names an attribute; the bold keys it has, if any.
    NoAttributes {
        /// The bold keys found (none of them an attribute).
        keys: Vec<String>,
    },
}

impl fmt::Display for NearMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NearMiss::UnboldedKeys { example } => {
                let (key, value) = example.split_once(':').unwrap_or((example, ""));
                write!(
                    f,
                    "the bullet \"{example}\" needs a bold key: `- **{}:** {}`",
                    key.trim(),
                    value.trim()
                )
            }
            NearMiss::NoAttributes { keys } if keys.is_empty() => {
                f.write_str("the quick answer has no attribute bullets (`- **Body Part:** …`)")
            }
            NearMiss::NoAttributes { keys } => write!(
                f,
                "no bullet key is an attribute (found {}; known: Body Part, Equipment, Target Muscle, Difficulty)",
                keys.join(", ")
            ),
        }
    }
}

impl PageErrorKind {
    /// Whether the page is left out of the index because of this problem (the rest are
    /// reported and the page still serves).
    pub fn rejects_page(&self) -> bool {
        !matches!(
            self,
            PageErrorKind::MissingSummary
                | PageErrorKind::BrokenLink { .. }
                | PageErrorKind::NotAnExercise(_)
        ) && !self.is_warning()
    }

    /// Whether this is a warning: the page serves as written, and `check` fails on it only
    /// with `--strict`.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            PageErrorKind::NearValue { .. }
                | PageErrorKind::SharedName { .. }
                | PageErrorKind::DuplicateKey { .. }
                | PageErrorKind::FrontMatter(_)
                | PageErrorKind::EmptyFile
        )
    }
}

/// Why a line of front matter is not read (front matter is simple YAML: `key: value`,
/// `key: [a, b]`, or `key:` then `- item` lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrontMatterLine {
    /// Neither `key: value` nor a list item: nesting, a multi-line value, a missing colon.
    NotKeyValue,
    /// A `- item` with no key above it that is waiting for a list.
    ItemWithoutKey,
    /// A value that opens a quote it does not close.
    UnclosedQuote,
}

impl fmt::Display for FrontMatterLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FrontMatterLine::NotKeyValue => {
                "it is not `key: value` (only simple YAML is read: no nesting, no multi-line values)"
            }
            FrontMatterLine::ItemWithoutKey => {
                "a `- item` belongs under a key with no value of its own (`keywords:`)"
            }
            FrontMatterLine::UnclosedQuote => "its value opens a quote that it does not close",
        })
    }
}

impl fmt::Display for PageErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageErrorKind::Unreadable(reason) => write!(f, "cannot read the file: {reason}"),
            PageErrorKind::NotUtf8 { byte, value } => write!(
                f,
                "the file is not valid UTF-8: byte {byte} (0x{value:02x}); save it as UTF-8"
            ),
            PageErrorKind::UnreadableFolder(reason) => {
                write!(
                    f,
                    "cannot read the folder, its pages are left out: {reason}"
                )
            }
            PageErrorKind::NotRegularFile(what) => write!(
                f,
                "not read: {what}, not a regular file (only files and links to files are read)"
            ),
            PageErrorKind::LinkedFolder => {
                f.write_str("not read: a link to a folder is not followed (links may loop)")
            }
            PageErrorKind::TooLarge { bytes, max } => write!(
                f,
                "the file is {bytes} bytes, over the {max}-byte cap (corpus.max_page_bytes)"
            ),
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
            PageErrorKind::UnknownDifficulty(unknown) => write!(f, "{unknown}"),
            PageErrorKind::DuplicateId { id, first } => {
                write!(f, "duplicate id \"{id}\": {first} already has it")
            }
            PageErrorKind::NotAnExercise(why) => {
                write!(f, "read as an article, not an exercise page: {why}")
            }
            PageErrorKind::NearValue {
                key,
                value,
                like,
                pages,
            } => write!(
                f,
                "{key} \"{value}\" is on this page only; \"{like}\" ({pages} pages) is one edit away"
            ),
            PageErrorKind::SharedName { name, other } => {
                write!(f, "the name \"{name}\" is also a name of {other}")
            }
            PageErrorKind::DuplicateKey { key, first } => write!(
                f,
                "a second `{key}` bullet; the first (line {first}) is the one read"
            ),
            PageErrorKind::FrontMatter(why) => write!(f, "front matter line not read: {why}"),
            PageErrorKind::EmptyFile => f.write_str("the file is empty"),
            PageErrorKind::BrokenLink { url } => {
                write!(
                    f,
                    "related link \"{url}\" points to a page that does not exist"
                )
            }
        }
    }
}

/// The problems of one page as they are found, each with the page's path.
pub(super) struct Problems<'a> {
    path: &'a str,
    pub(super) list: Vec<PageError>,
}

impl<'a> Problems<'a> {
    pub(super) fn new(path: &'a str) -> Problems<'a> {
        Problems {
            path,
            list: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, line: usize, kind: PageErrorKind) {
        self.list.push(PageError {
            path: self.path.to_string(),
            line,
            kind,
        });
    }
}
