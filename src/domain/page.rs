//! Records read from pages: `Exercise`, `Reading` (general FAQ pages and articles), `Comparison`
//! and `Listing`, with their ids and attributes. Pure data; knows nothing of markdown or indexes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::reps::RepRange;

/// A page's id: its file's stem as a slug (`seated-internal-hip-rotation`), so that any file
/// name gives an id a button's custom id can carry and parse back (issue 6: `Zqx Spaced
/// Squat.md` gave `v1:reps:zqx spaced squat`, which no click could answer).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct PageId(String);

/// Longest id in characters. A custom id is `v1:` + intent code (≤ 8) + `:` + id and Discord
/// allows 100 (`custom_id::CUSTOM_ID_MAX_CHARS`); 80 leaves room for every intent, and a
/// longer stem keeps its head plus a hash of the whole, so two long names stay apart.
pub const PAGE_ID_MAX_CHARS: usize = 80;

impl PageId {
    /// Makes an id from a file stem or a link target: lower case, letters and digits kept,
    /// `_` kept, every other run of characters one `-`, no `-` at either end. Idempotent, so
    /// an id read back from a custom id is the same id. A stem with no letter or digit
    /// (`+++`) gets `page-` and a hash of the stem.
    pub fn new(stem: &str) -> PageId {
        let mut slug = String::with_capacity(stem.len());
        for c in stem.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '_' {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        if slug.is_empty() {
            return PageId(format!("page-{:08x}", fnv1a(stem.as_bytes())));
        }
        if slug.chars().count() > PAGE_ID_MAX_CHARS {
            let hash = fnv1a(slug.as_bytes());
            let head: String = slug.chars().take(PAGE_ID_MAX_CHARS - 9).collect();
            slug = format!("{}-{hash:08x}", head.trim_end_matches('-'));
        }
        PageId(slug)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 32-bit FNV-1a: a hash that never changes between builds or Rust versions (ids live in
/// the index and in buttons already posted), which `DefaultHasher` does not promise. Kept
/// by hand and pinned by a test (issue 12): the `fnv` crate's hasher is 64-bit, and any
/// other hash would change every hashed id.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h: u32, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

impl fmt::Display for PageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How hard an exercise is, as the page's `Difficulty` bullet says. Its list (`ALL`) and its
/// names (the variants' names) are derived by `strum`, so no list of the names is written
/// beside it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
pub enum Difficulty {
    /// Suitable for someone new to training.
    Beginner,
    /// Needs some training experience.
    Intermediate,
    /// Needs a solid base of strength and technique.
    Advanced,
}

impl Difficulty {
    /// All difficulties, easiest first (declaration order).
    pub const ALL: &'static [Difficulty] = <Difficulty as strum::VariantArray>::VARIANTS;

    /// The name as pages write it.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A difficulty that is none of the names (`Expert`), as written. Its message is what a
/// page's author reads after `path:line:` (and the CLI after `--difficulty:`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Difficulty \"{given}\" is not one of {}", names())]
pub struct UnknownDifficulty {
    /// The text that was given.
    pub given: String,
}

/// `Beginner, Intermediate, Advanced`.
fn names() -> String {
    let names: Vec<&str> = Difficulty::ALL.iter().map(|d| d.as_str()).collect();
    names.join(", ")
}

/// Pages must use one of the names exactly (any case, spaces around ignored): `Expert` is an
/// error, not a synonym, so a typo in a page is reported instead of guessed.
impl FromStr for Difficulty {
    type Err = UnknownDifficulty;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let given = s.trim();
        Difficulty::ALL
            .iter()
            .copied()
            .find(|d| d.as_str().eq_ignore_ascii_case(given))
            .ok_or_else(|| UnknownDifficulty {
                given: given.to_string(),
            })
    }
}

/// The keys of a quick-answer bullet (`- **Body Part:** Legs`). Named `Attribute` because
/// `Field` belongs to Tantivy and to embeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Attribute {
    /// `Body Part` (required).
    BodyPart,
    /// `Equipment` (required; comma-separated).
    Equipment,
    /// `Target Muscle` (required).
    Target,
    /// `Secondary Muscles` (comma-separated).
    Secondary,
    /// `Difficulty` (required).
    Difficulty,
    /// `Category`.
    Category,
}

impl Attribute {
    /// The attributes every exercise page must state.
    pub const REQUIRED: [Attribute; 4] = [
        Attribute::BodyPart,
        Attribute::Equipment,
        Attribute::Target,
        Attribute::Difficulty,
    ];

    /// Reads a bullet key, case-insensitively, with the spellings real pages use.
    pub fn from_key(key: &str) -> Option<Attribute> {
        let key = key.trim().trim_end_matches(':').trim().to_lowercase();
        Some(match key.as_str() {
            "body part" | "bodypart" | "body parts" | "body area" => Attribute::BodyPart,
            "equipment" | "equipment needed" | "equipment required" => Attribute::Equipment,
            "target muscle" | "target muscles" | "target" | "primary muscle"
            | "primary muscles" => Attribute::Target,
            "secondary muscles" | "secondary muscle" | "secondary" | "synergists" => {
                Attribute::Secondary
            }
            "difficulty" | "level" | "difficulty level" => Attribute::Difficulty,
            "category" | "type" | "exercise type" => Attribute::Category,
            _ => return None,
        })
    }

    /// The key as the seed page writes it.
    pub fn label(self) -> &'static str {
        match self {
            Attribute::BodyPart => "Body Part",
            Attribute::Equipment => "Equipment",
            Attribute::Target => "Target Muscle",
            Attribute::Secondary => "Secondary Muscles",
            Attribute::Difficulty => "Difficulty",
            Attribute::Category => "Category",
        }
    }
}

/// Whether an unknown bullet key gives other names of the exercise (`Also known as`).
pub fn is_alias_key(key: &str) -> bool {
    matches!(
        key.trim().to_lowercase().as_str(),
        "also known as" | "aliases" | "alias" | "other names" | "aka"
    )
}

/// One question of a page's FAQ with its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqEntry {
    /// The question as written (`How many reps should you do?`).
    pub question: String,
    /// The answer's paragraphs joined by blank lines.
    pub answer: String,
    /// 1-based line of the question in its file.
    pub line: usize,
}

/// A link from a page: `[text](url)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The link target as written.
    pub url: String,
    /// The corpus page the link points at, when it is a link inside the corpus (a relative
    /// `other-page.md`); absolute URLs are kept as written and may name a page by their last
    /// path segment, resolved later.
    pub target: Option<PageId>,
    /// 1-based line of the link.
    pub line: usize,
}

/// An exercise page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    /// The file stem.
    pub id: PageId,
    /// The name as the H1 gives it (the part before ` - ` on older pages).
    pub name: String,
    /// The quick-answer paragraph.
    pub summary: String,
    /// Canonical body part (`Legs`).
    pub body_part: String,
    /// Canonical equipment names, main one first.
    pub equipment: Vec<String>,
    /// Canonical target muscle.
    pub target: String,
    /// Canonical secondary muscles.
    pub secondary: Vec<String>,
    /// Who the exercise suits (`Difficulty: beginner`), when stated.
    pub difficulty: Option<Difficulty>,
    /// Category (`Mobility`), when stated.
    pub category: Option<String>,
    /// Bullets with keys spotter does not know, kept as written.
    pub other_attributes: Vec<(String, String)>,
    /// Numbered steps of "How to perform".
    pub steps: Vec<String>,
    /// "Pro tips" bullets.
    pub tips: Vec<String>,
    /// "Common mistakes" bullets.
    pub mistakes: Vec<String>,
    /// FAQ entries in page order; the same question may appear twice.
    pub faq: Vec<FaqEntry>,
    /// "Related exercises" links.
    pub related: Vec<Link>,
    /// Rep ranges stated anywhere on the page, FAQ answers first.
    pub reps: Vec<RepRange>,
    /// Any other text of the page, kept for search.
    pub extra: String,
}

impl Exercise {
    /// The exercise's name and facts, for lists and comparisons.
    pub fn profile(&self) -> Profile {
        Profile {
            id: self.id.clone(),
            name: self.name.clone(),
            body_part: self.body_part.clone(),
            equipment: self.equipment.clone(),
            target: self.target.clone(),
            secondary: self.secondary.clone(),
            difficulty: self.difficulty,
            category: self.category.clone(),
        }
    }
}

/// What lists show of an exercise and what "related" compares: its name and facts, none of
/// its text. Small enough to keep every exercise's in memory.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The file stem.
    pub id: PageId,
    /// The name as the page writes it.
    pub name: String,
    /// Canonical body part.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body_part: String,
    /// Canonical equipment names, main one first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equipment: Vec<String>,
    /// Canonical target muscle.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// Canonical secondary muscles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secondary: Vec<String>,
    /// Who the exercise suits (`Difficulty: beginner`), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
    /// Category, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// A general FAQ page or an article: reading that answers general questions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The file stem.
    pub id: PageId,
    /// The H1, or the front matter's `title`, or the file stem.
    pub title: String,
    /// The front matter's `description` or the first paragraph.
    pub description: String,
    /// Front matter keywords.
    pub keywords: Vec<String>,
    /// Questions and answers (`### Q?` headings or bold `**Q?**` lines).
    pub faq: Vec<FaqEntry>,
    /// The rest of the text, for search.
    pub text: String,
}

/// A comparison page: `# A vs B` with a table of attributes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The file stem.
    pub id: PageId,
    /// The H1.
    pub title: String,
    /// The two names compared, as the H1 gives them.
    pub names: (String, String),
    /// The first paragraph.
    pub summary: String,
    /// Table rows: attribute, value for A, value for B.
    pub rows: Vec<(String, String, String)>,
    /// FAQ entries.
    pub faq: Vec<FaqEntry>,
    /// The rest of the text, for search.
    pub text: String,
}

/// A listing (hub) page: exercises by equipment, muscle or level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    /// The file stem.
    pub id: PageId,
    /// The H1.
    pub title: String,
    /// The first paragraph.
    pub description: String,
    /// The links listed.
    pub links: Vec<Link>,
}

/// One parsed page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Page {
    /// An exercise page.
    Exercise(Exercise),
    /// A general FAQ page or an article.
    Reading(Reading),
    /// A comparison page.
    Comparison(Comparison),
    /// A listing page.
    Listing(Listing),
}

impl Page {
    /// The page's id.
    pub fn id(&self) -> &PageId {
        match self {
            Page::Exercise(e) => &e.id,
            Page::Reading(r) => &r.id,
            Page::Comparison(c) => &c.id,
            Page::Listing(l) => &l.id,
        }
    }

    /// The page's title: an exercise's name or the page's H1.
    pub fn title(&self) -> &str {
        match self {
            Page::Exercise(e) => &e.name,
            Page::Reading(r) => &r.title,
            Page::Comparison(c) => &c.title,
            Page::Listing(l) => &l.title,
        }
    }

    /// The links of a page that other pages must resolve (related links, listing entries).
    pub fn links(&self) -> &[Link] {
        match self {
            Page::Exercise(e) => &e.related,
            Page::Listing(l) => &l.links,
            Page::Reading(_) | Page::Comparison(_) => &[],
        }
    }

    /// The kind as a short word (`exercise`, `reading`, `comparison`, `listing`).
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Exercise(_) => "exercise",
            Page::Reading(_) => "reading",
            Page::Comparison(_) => "comparison",
            Page::Listing(_) => "listing",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulty_names_parse_in_any_case_and_others_say_which_names_are_allowed() {
        assert_eq!(Difficulty::ALL.len(), 3);
        for &d in Difficulty::ALL {
            assert_eq!(d.as_str().parse::<Difficulty>(), Ok(d));
            assert_eq!(format!(" {} ", d.as_str().to_uppercase()).parse(), Ok(d));
        }
        let names: Vec<&str> = Difficulty::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(
            names,
            ["Beginner", "Intermediate", "Advanced"],
            "easiest first"
        );
        let err = " Expert ".parse::<Difficulty>().unwrap_err();
        assert_eq!(err.given, "Expert");
        assert_eq!(
            err.to_string(),
            "Difficulty \"Expert\" is not one of Beginner, Intermediate, Advanced"
        );
    }

    /// Ids live in the index and in buttons already posted: the hash behind a stem with no
    /// letter, or a long one, must never change (issue 12 keeps it hand-written for that).
    #[test]
    fn page_id_hashes_are_pinned() {
        assert_eq!(PageId::new("+++").as_str(), "page-6c3e4e28");
        let long = PageId::new(&"squat ".repeat(20));
        assert!(long.as_str().ends_with("-3b1cd7e2"), "{long}");
    }
}
