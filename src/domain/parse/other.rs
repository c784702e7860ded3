//! Pages that are not exercise pages: comparisons (`# A vs B` with a table), listings (hubs of
//! links) and articles (general FAQ pages and any other markdown). Nothing is dropped: what is
//! neither a comparison nor a listing is an article.

use super::blocks::Block;
use super::front_matter::front_matter;
use super::names::{comparison_names, title_from_stem, unquote};
use super::sections::{Role, Section, clean_lines, faq_entries, links, plain_text, prose, role};
use crate::domain::page::{Comparison, Listing, Page, PageId, Reading};

/// Reads a page that is not an exercise page.
pub(super) fn other(
    id: PageId,
    all: &[Block],
    h1: &Option<(String, usize)>,
    intro: &[Block],
    secs: &[Section],
) -> Page {
    let meta = front_matter(all).pairs;
    let meta_value = |key: &str| {
        meta.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let title = h1
        .as_ref()
        .map(|(t, _)| t.clone())
        .or_else(|| meta_value("title"))
        .unwrap_or_else(|| title_from_stem(id.as_str()));
    let first_paragraph = prose(all).next().unwrap_or_default().to_string();
    if let Some(names) = h1.as_ref().and_then(|(t, _)| comparison_names(t)) {
        return Page::Comparison(Comparison {
            id,
            title,
            names,
            summary: first_paragraph,
            rows: comparison_rows(all, intro, secs),
            faq: faq_entries(all),
            text: clean_lines(&plain_text(all)),
        });
    }
    let faq = faq_entries(all);
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
        return Page::Listing(Listing {
            id,
            title,
            description: first_paragraph,
            links: links(all),
        });
    }
    let keywords = meta_value("keywords")
        .map(|k| {
            k.split(',')
                .map(|s| unquote(s).trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Page::Reading(Reading {
        id,
        title,
        description: meta_value("description").unwrap_or(first_paragraph),
        keywords,
        faq,
        text: clean_lines(&plain_text(all)),
    })
}

/// The rows (attribute, A, B) of a comparison's table: the comparison section's, else the
/// intro's, else the page's first.
fn comparison_rows(
    all: &[Block],
    intro: &[Block],
    secs: &[Section],
) -> Vec<(String, String, String)> {
    let table = secs
        .iter()
        .filter(|s| role(&s.title) == Role::Comparison)
        .flat_map(|s| s.blocks.iter())
        .chain(intro.iter())
        .chain(all.iter())
        .find_map(|b| match b {
            Block::Table { rows } => Some(rows.clone()),
            _ => None,
        });
    table
        .unwrap_or_default()
        .into_iter()
        .skip(1)
        .filter(|r| r.len() >= 3)
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
}
