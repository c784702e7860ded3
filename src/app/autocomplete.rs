//! What autocomplete offers while a member types: exercise names (by prefix, or the most
//! linked before anything is typed) and a facet's values with how many exercises have each.
//! Knows the searcher; never Discord.

use crate::domain::answer::Choice;
use crate::domain::understand;
use crate::domain::vocabulary::Kind;
use crate::search::{NameMode, Searcher};

/// Discord's limit on autocomplete choices
/// (<https://discord.com/developers/docs/interactions/application-commands#autocomplete>).
const AUTOCOMPLETE_MAX_CHOICES: usize = 25;

/// Values of a facet for what is typed (`/find muscle:glu`): those starting with it first,
/// then those containing it; most used first within each.
pub(super) fn facet_values(s: &Searcher, kind: Kind, partial: &str) -> Vec<Choice> {
    let typed = understand::normalise(partial);
    let values = s.values().of_kind(kind);
    let starts = values
        .iter()
        .filter(|(v, _)| understand::normalise(v).starts_with(&typed));
    let contains = values.iter().filter(|(v, _)| {
        let v = understand::normalise(v);
        !v.starts_with(&typed) && v.contains(&typed)
    });
    starts
        .chain(contains)
        .take(AUTOCOMPLETE_MAX_CHOICES)
        .map(|(v, n)| Choice {
            label: format!("{v} ({n})"),
            value: v.clone(),
            description: None,
        })
        .collect()
}

/// Exercise names for what is typed: names starting with it, or the most linked exercises
/// before anything is typed. A failed search offers nothing (and is logged).
pub(super) fn names(s: &Searcher, partial: &str) -> Vec<Choice> {
    let typed = understand::normalise(partial);
    let hits = if typed.is_empty() {
        s.popular(AUTOCOMPLETE_MAX_CHOICES)
    } else {
        s.names(&typed, NameMode::Prefix, AUTOCOMPLETE_MAX_CHOICES)
    };
    match hits {
        Ok(hits) => hits
            .iter()
            .map(|h| Choice {
                label: h.name.clone(),
                value: h.name.clone(),
                description: None,
            })
            .collect(),
        Err(error) => {
            tracing::error!(%error, "autocomplete failed");
            Vec::new()
        }
    }
}
