//! `Answer` and `Card`: what the bot says, as pure data. No Discord types, no limits: the
//! renderers (`discord::render`, `terminal`) decide how it looks and enforce their surface's
//! limits.

use super::custom_id::CustomId;
use super::page::PageId;
use super::query::Intent;

/// An apology for a failure on the bot's side (its details stay in the log): "Sorry, {what}.
/// Please try again in a moment." One wording for every such failure, as a `&'static str`.
macro_rules! sorry {
    ($what:literal) => {
        concat!("Sorry, ", $what, ". Please try again in a moment.")
    };
}
pub(crate) use sorry;

/// The line an internal error gets when nothing more can be said; details stay in the log.
pub const APOLOGY: &str = sorry!("something went wrong on my side");

/// The colour a card carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// An answer.
    Info,
    /// A list or a comparison.
    List,
    /// Not found, a refusal, a problem.
    Warning,
}

/// A named value on a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardField {
    /// The field's name (`Target Muscle`).
    pub name: String,
    /// Its value (markdown).
    pub value: String,
    /// Whether it may sit beside others.
    pub inline: bool,
}

impl CardField {
    /// A field that sits beside others.
    pub fn inline(name: impl Into<String>, value: impl Into<String>) -> CardField {
        CardField {
            name: name.into(),
            value: value.into(),
            inline: true,
        }
    }

    /// A field on its own line.
    pub fn block(name: impl Into<String>, value: impl Into<String>) -> CardField {
        CardField {
            name: name.into(),
            value: value.into(),
            inline: false,
        }
    }
}

/// A follow-up button that asks the bot something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// The button's label.
    pub label: String,
    /// What the click asks.
    pub custom_id: CustomId,
}

/// A follow-up link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkOut {
    /// The link's label.
    pub label: String,
    /// An absolute URL.
    pub url: String,
}

/// One option of a select menu or autocomplete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// What the user sees.
    pub label: String,
    /// The value sent back (a page id).
    pub value: String,
    /// A short description under the label.
    pub description: Option<String>,
}

/// A select menu of close matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Menu {
    /// What choosing answers.
    pub custom_id: CustomId,
    /// The text shown before choosing.
    pub placeholder: String,
    /// The options.
    pub choices: Vec<Choice>,
}

/// The paging buttons of a list card (◀ / ▶) and where the page is ("11–20 of 43").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pager {
    /// "11–20 of 43".
    pub position: String,
    /// Items in the whole list (the 43).
    pub total: usize,
    /// The page before, if any.
    pub previous: Option<CustomId>,
    /// The page after, if any.
    pub next: Option<CustomId>,
}

/// A card: the one shape every answer about exercises takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// The title: an exercise's name as its H1 gives it, or the topic.
    pub title: String,
    /// The page's URL, when known; the title links to it.
    pub url: Option<String>,
    /// The main text (markdown).
    pub description: String,
    /// Named values.
    pub fields: Vec<CardField>,
    /// A small line at the bottom (the source, the intent).
    pub footer: Option<String>,
    /// The colour.
    pub tone: Tone,
    /// The exercise the card is about, if one.
    pub page: Option<PageId>,
    /// The page the answer comes from (the exercise, or the FAQ page of a general answer).
    pub source: Option<PageId>,
    /// What the card answers.
    pub intent: Option<Intent>,
    /// Buttons for the other intents of the same exercise.
    pub actions: Vec<Action>,
    /// Follow-up links: the page, its related links.
    pub links: Vec<LinkOut>,
    /// Close matches to choose from.
    pub menu: Option<Menu>,
    /// Paging of a list longer than a page.
    pub pager: Option<Pager>,
}

impl Card {
    /// An empty card with a title.
    pub fn new(title: impl Into<String>, tone: Tone) -> Card {
        Card {
            title: title.into(),
            url: None,
            description: String::new(),
            fields: Vec::new(),
            footer: None,
            tone,
            page: None,
            source: None,
            intent: None,
            actions: Vec::new(),
            links: Vec::new(),
            menu: None,
            pager: None,
        }
    }
}

/// A line that quotes what someone typed: our words around theirs. Each surface shows the
/// quoted part its own safe way (Discord escapes markdown and breaks mentions; a terminal
/// escapes control characters), so it is kept apart from the words around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quoting {
    /// Our words before the quote.
    pub before: String,
    /// What was typed, as typed.
    pub quoted: String,
    /// Our words after it.
    pub after: String,
}

impl Quoting {
    /// The line, with the quoted part as `shown` makes it safe for a surface.
    pub fn show(&self, shown: impl FnOnce(&str) -> String) -> String {
        format!("{}{}{}", self.before, shown(&self.quoted), self.after)
    }
}

/// The card of a question nothing matched, composed once (`compose::not_found`): every word
/// of it is here, and each renderer only lays it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFoundCard {
    /// "No exercise matches “…”", quoting what was asked.
    pub title: Quoting,
    /// The colour.
    pub tone: Tone,
    /// The line over the suggestions ("Did you mean:").
    pub heading: String,
    /// The closest exercises, to pick from (no choices: none close).
    pub menu: Menu,
    /// What to try next, on a surface with slash commands.
    pub hint: String,
}

impl NotFoundCard {
    /// The text that matched nothing, as asked.
    pub fn query(&self) -> &str {
        &self.title.quoted
    }

    /// Exercises to try instead.
    pub fn suggestions(&self) -> &[Choice] {
        &self.menu.choices
    }
}

/// Everything the bot can say. Not boxed: one answer is built per request and moved
/// straight to a renderer, so the size difference costs nothing measurable.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A card.
    Card(Card),
    /// Nothing matched: the card that says so, with the closest exercises.
    NotFound(NotFoundCard),
    /// A short plain message (help, a refusal, "slow down", an apology).
    Notice {
        /// The text (markdown).
        text: String,
        /// Only the asker sees it.
        ephemeral: bool,
    },
}
