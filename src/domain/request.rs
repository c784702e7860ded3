//! `Request`: what a user asked, the same whatever surface it came from (slash command,
//! mention, button, console, CLI). Knows no transport.

use super::custom_id::CustomId;
use super::page::{Difficulty, PageId};
use super::vocabulary::Kind;

/// Filters of a `find` (all optional; canonical vocabulary names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// A muscle, matched as target or secondary.
    pub muscle: Option<String>,
    /// An equipment name.
    pub equipment: Option<String>,
    /// A difficulty.
    pub difficulty: Option<Difficulty>,
    /// A body part.
    pub body_part: Option<String>,
    /// A category.
    pub category: Option<String>,
}

impl Filters {
    /// The slot of a facet's filter.
    pub fn slot(&mut self, kind: Kind) -> &mut Option<String> {
        match kind {
            Kind::Muscle => &mut self.muscle,
            Kind::Equipment => &mut self.equipment,
            Kind::BodyPart => &mut self.body_part,
            Kind::Category => &mut self.category,
        }
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.muscle.is_none()
            && self.equipment.is_none()
            && self.difficulty.is_none()
            && self.body_part.is_none()
            && self.category.is_none()
    }

    /// The filters as words for a title (`Beginner · Glutes · Resistance Band`).
    pub fn describe(&self) -> String {
        let parts: Vec<&str> = [
            self.difficulty.map(|d| d.as_str()),
            self.muscle.as_deref(),
            self.body_part.as_deref(),
            self.equipment.as_deref(),
            self.category.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(" · ")
    }
}

/// One thing a user asked.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// `/exercise query`: the overview card of the best match.
    Exercise {
        /// What the user typed.
        query: String,
    },
    /// `/ask question` or a mention: free text, understood by `understand`.
    Ask {
        /// The question.
        question: String,
        /// The exercise this user asked about last, for follow-ups ("and is it ok for
        /// beginners?").
        context: Option<PageId>,
    },
    /// `/related exercise`.
    Related {
        /// The exercise as typed.
        exercise: String,
    },
    /// `/find` with options.
    Find {
        /// The filters.
        filters: Filters,
    },
    /// `/compare a b`.
    Compare {
        /// The first exercise as typed.
        a: String,
        /// The second exercise as typed.
        b: String,
    },
    /// A button or select click.
    Component {
        /// The clicked component's id.
        custom_id: CustomId,
        /// The chosen values of a select menu.
        values: Vec<String>,
    },
    /// `/help`.
    Help,
    /// `/reindex`, already allowed by the transport's permission check: rebuild the index
    /// from the corpus and switch to it. Slow: transports defer before asking.
    Reindex {
        /// Who asked, for "a reindex started by … is running".
        by: String,
    },
}
