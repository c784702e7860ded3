//! A member's report of a problem with a card: what the Report button (and the modal it
//! opens) carries (`ReportRef`: the page and the question, cut to fit a custom id with a key
//! to the whole one), and the `Report` itself once the member has written it. Pure data: it
//! knows neither where reports are posted nor where they are kept.

use super::page::PageId;

/// What a Report button and its modal name: the page the card came from and the question as
/// asked, whole when it fits the custom id, else its start and a key to the whole question
/// in the store of the process that made the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRef {
    /// The page the card came from (an exercise, a FAQ page); `None` for a list or "not
    /// found".
    pub page: Option<PageId>,
    /// The question as asked, or its start ending in "…" when `key` is set.
    pub question: String,
    /// The key of the whole question when `question` is cut.
    pub key: Option<u64>,
}

/// The bits of a question key: 40 bits are at most 8 base-36 digits, and two questions
/// meeting on one key among the store's few thousand is a chance of about 1 in 10^8.
pub const QUESTION_KEY_BITS: u32 = 40;

/// A problem a member reported with a card, as moderators read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The interaction that sent it (a Discord snowflake: unique, and it tells the time).
    pub id: u64,
    /// The question as asked (the command and its options, a mention's text, a button).
    pub question: String,
    /// The page the card came from, if one.
    pub page: Option<PageId>,
    /// What the member wrote.
    pub text: String,
    /// The server, `None` in a DM.
    pub guild_id: Option<u64>,
    /// The channel.
    pub channel_id: u64,
    /// The member who reported.
    pub user_id: u64,
    /// Their name as the server shows it.
    pub user_name: String,
}
