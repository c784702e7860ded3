//! The parts of cards that list: a `find` list and the window of a related list a page
//! shows, and the Easier / Harder buttons that open a ranked related list. Pure: it pages
//! what the search found; it stores nothing.

use super::{Extras, Links, summary_choice};
use crate::domain::answer::{Action, Answer, Card, Menu, Pager, Tone};
use crate::domain::custom_id::CustomId;
use crate::domain::list::{ListPage, ListRef, ListSpec, Window};
use crate::domain::page::{Exercise, Profile};
use crate::domain::related::{Direction, Wanted};
use crate::domain::request::Filters;
use crate::domain::understand::Intent;

/// Easier / Harder: the related list ordered as "an easier (harder) version of X" orders
/// it, when the corpus has one. Seven intent buttons and these two fit the two rows of ten.
pub(super) fn levels(ex: &Exercise, extras: &Extras) -> Vec<Action> {
    [
        (extras.easier, Direction::Easier, "Easier"),
        (extras.harder, Direction::Harder, "Harder"),
    ]
    .into_iter()
    .filter(|(has, _, _)| *has)
    .filter_map(|(_, direction, label)| {
        let spec = ListSpec::Related {
            page: ex.id.clone(),
            wanted: Wanted {
                direction: Some(direction),
                pain: false,
            },
        };
        CustomId::fits_inline(&spec).then(|| Action {
            label: label.into(),
            custom_id: CustomId::List {
                list: ListRef::Inline(spec),
                page: 0,
            },
        })
    })
    .collect()
}

/// The window a card shows of a list of `total`: the page asked for, or the first page
/// without buttons when the list does not page.
pub(super) fn page_of(list: Option<&ListPage>, total: usize) -> (Window, Option<Pager>) {
    match list {
        Some(list) => list.window(total),
        None => (Window::of(0, total), None),
    }
}

/// A list of exercises for `find`, the page `list` asks for (the first without it).
/// `dropped` names filters that were relaxed to find any.
pub fn find_answer(
    filters: &Filters,
    hits: &[Profile],
    dropped: &[&str],
    links: &Links,
    list: Option<&ListPage>,
) -> Answer {
    let topic = filters.describe();
    let mut card = Card::new(
        if topic.is_empty() {
            "Exercises".to_string()
        } else {
            format!("Exercises: {topic}")
        },
        Tone::List,
    );
    card.intent = Some(Intent::Find);
    let mut lines = Vec::new();
    if !dropped.is_empty() {
        lines.push(format!(
            "No exercise matches all of that; these match without the {} filter.\n",
            dropped.join(" and ")
        ));
    }
    let (w, pager) = page_of(list, hits.len());
    for (n, ex) in hits[w.start..w.end].iter().enumerate() {
        let name = match links.url(&ex.id) {
            Some(url) => format!("[{}]({url})", ex.name),
            None => format!("**{}**", ex.name),
        };
        let facts: Vec<String> = [
            Some(ex.target.clone()).filter(|t| !t.is_empty()),
            ex.equipment.first().cloned(),
            ex.difficulty.map(|d| d.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        lines.push(format!(
            "{}. {name} — {}",
            w.start + n + 1,
            facts.join(" · ")
        ));
    }
    if hits.is_empty() {
        lines.push("No exercise in the corpus matches these filters.".into());
    }
    card.description = lines.join("\n");
    card.footer = Some(match &pager {
        Some(p) => p.position.clone(),
        None => format!("{} found", hits.len()),
    });
    card.pager = pager;
    if !hits.is_empty() {
        // From the page's first on: the first page offers what it always did (25).
        card.menu = Some(Menu {
            custom_id: CustomId::Pick {
                intent: Intent::Overview,
            },
            placeholder: "Open one".into(),
            choices: hits[w.start..]
                .iter()
                .take(25)
                .map(summary_choice)
                .collect(),
        });
    }
    Answer::Card(card)
}
