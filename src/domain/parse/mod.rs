//! Markdown (pulldown-cmark) → page records, with `path:line` errors.
//!
//! Reads the seed's format and what real sites publish beside it: the older variant (`# Name -
//! Site`, `**Details:**`, `## Browse Related Exercises`), comparison pages (`# A vs B`), listing
//! pages and any other markdown as an article. Never touches the file system: the caller hands
//! in the path (for messages), the id and the text.

mod blocks;
mod error;
mod exercise;
mod front_matter;
mod names;
mod other;
mod sections;
#[cfg(test)]
mod tests;
mod text;

pub use error::{PageError, PageErrorKind};
pub use exercise::is_reps_question;
pub use names::{cut_site_suffix, h1_suffix, last_segment};
pub use text::normalise_text;

use blocks::{Block, blocks};
use error::Problems;
use sections::{Role, role, sections};

use super::lint::Facts;
use super::page::{Page, PageId};

/// What parsing one file gives: the page (unless a problem rejects it), every problem and
/// every warning.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The record, `None` when a problem rejects the page.
    pub page: Option<Page>,
    /// Every problem found, in line order.
    pub errors: Vec<PageError>,
    /// Every warning (`PageErrorKind::is_warning`), in line order: the page serves as read.
    pub warnings: Vec<PageError>,
    /// What the corpus-wide checks need of an exercise page (its name's line, aliases and
    /// facet values with their lines).
    pub facts: Option<Facts>,
}

impl Parsed {
    fn new(page: Option<Page>, problems: Vec<PageError>, facts: Option<Facts>) -> Parsed {
        let (mut warnings, mut errors): (Vec<_>, Vec<_>) =
            problems.into_iter().partition(|p| p.kind.is_warning());
        errors.sort_by_key(|e| e.line);
        warnings.sort_by_key(|e| e.line);
        Parsed {
            page,
            errors,
            warnings,
            facts,
        }
    }
}

/// The page's first H1 and its line.
fn first_h1(all: &[Block]) -> Option<(String, usize)> {
    all.iter().find_map(|b| match b {
        Block::Heading {
            level: 1,
            text,
            line,
        } => Some((text.clone(), *line)),
        _ => None,
    })
}

/// Parses one page. `path` is only used in error messages; `id` is the file's stem. A BOM and
/// CR or CR LF line ends are read as text (`normalise_text`).
pub fn parse_page(id: PageId, path: &str, text: &str) -> Parsed {
    let text = normalise_text(text);
    let all = blocks(&text);
    let h1 = first_h1(&all);
    let (intro, secs) = sections(all.clone());
    let quick = secs.iter().find(|s| role(&s.title) == Role::QuickAnswer);
    let items = exercise::attribute_items(quick, &intro);
    let mut problems = Problems::new(path);
    if text.trim().is_empty() {
        problems.push(1, PageErrorKind::EmptyFile);
    }
    for (line, why) in front_matter::front_matter(&all).problems {
        problems.push(line, PageErrorKind::FrontMatter(why));
    }
    if let (Some(quick), false) = (quick, items.is_empty()) {
        let shape = exercise::Shape {
            h1: &h1,
            quick,
            items: &items,
            intro: &intro,
            secs: &secs,
        };
        let (ex, facts) = exercise::exercise(id, &shape, &mut problems);
        let rejected = problems.list.iter().any(|e| e.kind.rejects_page());
        let page = (!rejected).then_some(Page::Exercise(ex));
        return Parsed::new(page, problems.list, Some(facts));
    }
    if let Some((line, why)) = exercise::near_miss(&h1, quick, &intro) {
        problems.push(line, PageErrorKind::NotAnExercise(why));
    }
    let page = other::other(id, &all, &h1, &intro, &secs);
    Parsed::new(Some(page), problems.list, None)
}
