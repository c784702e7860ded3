//! `Request`: what a user asked, the same whatever surface it came from (slash command,
//! mention, button, console, CLI). Knows no transport.

use super::custom_id::CustomId;
use super::page::PageId;
pub use super::query::Filters;

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
    /// "Find exercises in this message" (a message's context menu): the exercises named
    /// anywhere in someone's text.
    NamesIn {
        /// The message's text.
        text: String,
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
