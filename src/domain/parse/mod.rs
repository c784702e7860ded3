//! Markdown (pulldown-cmark) → page records, with `path:line` errors.
//!
//! Reads the seed's format and what real sites publish beside it: the older variant (`# Name -
//! Site`, `**Details:**`, `## Browse Related Exercises`), comparison pages (`# A vs B`), listing
//! pages and any other markdown as an article. Never touches the file system: the caller hands
//! in the path (for messages), the id and the text.

mod blocks;
mod error;
mod exercise;
mod names;
mod other;
mod sections;
#[cfg(test)]
mod tests;
mod text;

pub use error::{PageError, PageErrorKind};
pub use exercise::is_reps_question;
pub use names::{H1_SEPARATORS, cut_site_suffix, h1_suffix, last_segment};
pub use text::normalise_text;

use blocks::{Block, blocks};
use error::Problems;
use sections::{Role, role, sections};

use super::page::{Page, PageId};

/// What parsing one file gives: the page (unless a problem rejects it) and every problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The record, `None` when a problem rejects the page.
    pub page: Option<Page>,
    /// Every problem found, in line order.
    pub errors: Vec<PageError>,
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
    let all = blocks(&normalise_text(text));
    let h1 = first_h1(&all);
    let (intro, secs) = sections(all.clone());
    let quick = secs.iter().find(|s| role(&s.title) == Role::QuickAnswer);
    let items = exercise::attribute_items(quick, &intro);
    let mut problems = Problems::new(path);
    if let (Some(quick), false) = (quick, items.is_empty()) {
        let shape = exercise::Shape {
            h1: &h1,
            quick,
            items: &items,
            intro: &intro,
            secs: &secs,
        };
        let ex = exercise::exercise(id, &shape, &mut problems);
        let mut errors = problems.list;
        errors.sort_by_key(|e| e.line);
        let rejected = errors.iter().any(|e| e.kind.rejects_page());
        return Parsed {
            page: (!rejected).then_some(Page::Exercise(ex)),
            errors,
        };
    }
    let page = other::other(id, &all, &h1, &intro, &secs);
    Parsed {
        page: Some(page),
        errors: problems.list,
    }
}
