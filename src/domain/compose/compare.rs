//! Two exercises side by side: their facts in two columns, what they share, which is the
//! easier, and the corpus's comparison page when it has one. Pure, like the rest of compose.

use super::{Links, lower, or_dash};
use crate::domain::answer::{Action, Answer, Card, CardField, LinkOut, Tone};
use crate::domain::custom_id::CustomId;
use crate::domain::page::{Comparison, Exercise};
use crate::domain::understand::Intent;

/// Two exercises side by side, from their fields, plus the comparison page when there is one.
pub fn compare_answer(
    a: &Exercise,
    b: &Exercise,
    page: Option<&Comparison>,
    links: &Links,
) -> Answer {
    let mut card = Card::new(format!("{} vs {}", a.name, b.name), Tone::List);
    card.intent = Some(Intent::Compare);
    let column = |ex: &Exercise| {
        format!(
            "**Target:** {}\n**Secondary:** {}\n**Body part:** {}\n**Equipment:** {}\n**Difficulty:** {}\n**Category:** {}",
            or_dash(&ex.target),
            or_dash(&ex.secondary.join(", ")),
            or_dash(&ex.body_part),
            or_dash(&ex.equipment.join(", ")),
            ex.difficulty
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            or_dash(ex.category.as_deref().unwrap_or("")),
        )
    };
    card.fields
        .push(CardField::inline(a.name.clone(), column(a)));
    card.fields
        .push(CardField::inline(b.name.clone(), column(b)));
    let mut notes = Vec::new();
    if a.target == b.target && !a.target.is_empty() {
        notes.push(format!("Both mainly work the {}.", lower(&a.target)));
    } else {
        notes.push(format!(
            "The {} mainly works the {}; the {} mainly works the {}.",
            a.name,
            lower(&a.target),
            b.name,
            lower(&b.target)
        ));
    }
    match (a.difficulty, b.difficulty) {
        (Some(x), Some(y)) if x < y => {
            notes.push(format!("The {} is the easier of the two.", a.name))
        }
        (Some(x), Some(y)) if x > y => {
            notes.push(format!("The {} is the easier of the two.", b.name))
        }
        _ => {}
    }
    card.description = notes.join(" ");
    if let Some(page) = page {
        if !page.summary.is_empty() {
            card.description = format!("{}\n\n{}", page.summary, card.description);
        }
        let rows: Vec<String> = page
            .rows
            .iter()
            .map(|(k, x, y)| format!("**{k}:** {x} | {y}"))
            .collect();
        if !rows.is_empty() {
            card.fields.push(CardField::block(
                format!("From “{}”", page.title),
                rows.join("\n"),
            ));
        }
        card.url = links.url(&page.id);
    }
    for ex in [a, b] {
        if let Some(custom_id) = CustomId::show(Intent::Overview, &ex.id) {
            card.actions.push(Action {
                label: ex.name.clone(),
                custom_id,
            });
        }
        if let Some(url) = links.url(&ex.id) {
            card.links.push(LinkOut {
                label: ex.name.clone(),
                url,
            });
        }
    }
    Answer::Card(card)
}
