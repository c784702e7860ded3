//! The parts of cards that list: a `find` list and the window of a related list a page
//! shows, the Easier / Harder buttons that open a ranked related list, and the exercises
//! found in a message. Pure: it pages what the search found; it stores nothing.

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

/// Choices in a list's "Open one" menu, from the page's first on (Discord allows 25).
pub const MENU_CHOICES: usize = 25;

/// A list of exercises for `find`, the page `list` asks for (the first without it): `hits`
/// are the best matches up to that page's end, of `total`.
/// `dropped` names filters that were relaxed to find any.
pub fn find_answer(
    filters: &Filters,
    (hits, total): (&[Profile], usize),
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
    // `hits` holds the best ones up to this page's end, `total` how many match in all.
    let (w, pager) = page_of(list, total.max(hits.len()));
    let shown = hits.get(w.start..w.end.min(hits.len())).unwrap_or_default();
    for (n, ex) in shown.iter().enumerate() {
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
        None => format!("{} found", total.max(hits.len())),
    });
    card.pager = pager;
    if !hits.is_empty() {
        // From the page's first on: the first page offers what it always did (25).
        card.menu = Some(Menu {
            custom_id: CustomId::Pick {
                intent: Intent::Overview,
            },
            placeholder: "Open one".into(),
            choices: hits
                .get(w.start..)
                .unwrap_or_default()
                .iter()
                .take(MENU_CHOICES)
                .map(summary_choice)
                .collect(),
        });
    }
    Answer::Card(card)
}

/// What a member gets when a message names no exercise.
pub const NONE_NAMED: &str = "I found no exercise named in that message.";

/// The exercises a message names, in its order, with a menu that opens each (Discord's 25
/// options at most); "none found" when there are none. Only the asker sees either.
pub fn names_in_answer(found: &[Profile], links: &Links) -> Answer {
    if found.is_empty() {
        return Answer::Notice {
            text: NONE_NAMED.into(),
            ephemeral: true,
        };
    }
    let mut card = Card::new("Exercises in this message", Tone::List);
    card.intent = Some(Intent::Find);
    let shown = &found[..found.len().min(MENU_CHOICES)];
    card.description = shown
        .iter()
        .enumerate()
        .map(|(n, ex)| match links.url(&ex.id) {
            Some(url) => format!("{}. [{}]({url})", n + 1, ex.name),
            None => format!("{}. **{}**", n + 1, ex.name),
        })
        .collect::<Vec<_>>()
        .join("\n");
    card.footer = Some(format!("{} found", shown.len()));
    card.menu = Some(Menu {
        custom_id: CustomId::Pick {
            intent: Intent::Overview,
        },
        placeholder: "Open one".into(),
        choices: shown.iter().map(summary_choice).collect(),
    });
    Answer::Card(card)
}
