//! Report a problem, for both transports: a card's Report button (its id names the page and
//! the question as asked; a question too long for it is kept whole in a bounded store), the
//! modal it opens, the report read back with the whole question, the message posted to the
//! report channel (pinging nobody) and the member's answer. Knows serenity; never the index.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serenity::all::{
    ChannelId, CreateActionRow, CreateInputText, CreateInteractionResponse, CreateMessage,
    CreateModal, Http, InputTextStyle,
};
use tracing::warn;

use super::limits::{self, truncate};
use super::render;
use crate::domain::answer::{Answer, Card, CardField, Tone, sorry};
use crate::domain::custom_id::CustomId;
use crate::domain::digest::stable_hash;
use crate::domain::page::PageId;
use crate::domain::report::{Report, ReportRef};
use crate::domain::request::Request;

/// The custom id of the modal's one text input.
pub const REPORT_INPUT_ID: &str = "problem";
/// The most a member may write: Discord enforces it in the modal, and the report is cut to it
/// anyway (a short input allows 4,000; a thousand is a paragraph, and keeps the posted embed
/// well inside its 6,000).
pub const REPORT_TEXT_MAX_CHARS: usize = 1000;
/// How long a cut question's whole text is kept for its Report button: a problem is seen
/// and reported the same day; after that the report carries the question's start.
pub const QUESTION_KEY_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Questions kept at once (a few hundred bytes each: under a few MB); the oldest goes first.
pub const QUESTION_STORE_MAX_ENTRIES: usize = 10_000;

/// The member's answer once the report went out.
pub const THANKS: &str = "Thank you: your report went to the moderators.";
/// The member's answer when the report could be neither posted nor kept.
pub const NOT_DELIVERED: &str = sorry!("your report could not be delivered");
/// The member's answer to an empty report.
pub const EMPTY: &str = "The report was empty, so nothing was sent: write what is wrong.";
/// The answer to a Report button or form when reports are not set up (an old card).
pub const REPORTS_OFF: &str = "Reports are not set up for this bot.";

/// Whole questions of Report buttons whose id holds only their start, by key.
#[derive(Default)]
struct QuestionStore {
    entries: Mutex<HashMap<u64, (String, Instant)>>,
}

impl QuestionStore {
    /// Keeps `question` and returns its key (the same question, the same key).
    fn keep(&self, question: &str) -> u64 {
        // The id keeps the low bits of a key only (`QUESTION_KEY_BITS`): store it so.
        let key = stable_hash(question.as_bytes())
            & ((1u64 << crate::domain::report::QUESTION_KEY_BITS) - 1);
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if map.len() >= QUESTION_STORE_MAX_ENTRIES {
            map.retain(|_, (_, at)| now.duration_since(*at) < QUESTION_KEY_TTL);
        }
        if map.len() >= QUESTION_STORE_MAX_ENTRIES
            && let Some(oldest) = map.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k)
        {
            map.remove(&oldest);
        }
        map.insert(key, (question.to_string(), now));
        key
    }

    /// The whole question of a key, if it is still kept.
    fn whole(&self, key: u64) -> Option<String> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (question, at) = map.get(&key)?;
        (at.elapsed() < QUESTION_KEY_TTL).then(|| question.clone())
    }
}

/// Reports of one bot: the questions its buttons name (where a report goes is each server's
/// setting, `discord.report_channel_id` or its own).
#[derive(Default)]
pub struct Reporting {
    questions: QuestionStore,
}

impl Reporting {
    /// The Report button of an answer to `asked`: on a card or a "not found", never on a
    /// notice.
    pub fn button(&self, asked: &str, answer: &Answer) -> Option<CustomId> {
        let page = match answer {
            Answer::Card(card) => card.source.as_ref().or(card.page.as_ref()),
            Answer::NotFound(_) => None,
            Answer::Notice { .. } => return None,
        };
        Some(CustomId::report(page, asked, |q| self.questions.keep(q)))
    }

    /// The question a report is about: whole, from the store when its button held only its
    /// start, else that start (ending in "…").
    pub fn question(&self, about: &ReportRef) -> String {
        about
            .key
            .and_then(|key| self.questions.whole(key))
            .unwrap_or_else(|| about.question.clone())
    }
}

fn filters_text(f: &crate::domain::request::Filters) -> String {
    let values = [
        ("muscle", f.muscle.as_deref()),
        ("equipment", f.equipment.as_deref()),
        ("difficulty", f.difficulty.map(|d| d.as_str())),
        ("body_part", f.body_part.as_deref()),
        ("category", f.category.as_deref()),
    ];
    values
        .iter()
        .filter_map(|(name, v)| v.map(|v| format!("{name}:{v}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The question as asked, as one line: the command and its options, or what was clicked.
pub fn asked(request: &Request) -> String {
    let text = match request {
        Request::Exercise { query } => format!("/exercise {query}"),
        Request::Ask { question, .. } => format!("/ask {question}"),
        Request::Related { exercise } => format!("/related {exercise}"),
        Request::Find { filters } => format!("/find {}", filters_text(filters)),
        Request::Compare { a, b } => format!("/compare {a} | {b}"),
        Request::NamesIn { text } => format!("Find exercises in this message: {text}"),
        Request::Help => "/help".into(),
        Request::Reindex { .. } => "/reindex".into(),
        Request::Component { custom_id, values } => match custom_id {
            CustomId::Show { intent, page } => format!("the {} button of {page}", intent.label()),
            CustomId::Pick { intent } => format!(
                "{} of {} (picked from a menu)",
                intent.label(),
                values.first().map_or("—", String::as_str)
            ),
            CustomId::List { page, .. } => format!("page {} of a list ({custom_id})", page + 1),
            CustomId::Remove { .. } | CustomId::Report(_) => custom_id.to_string(),
        },
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The modal a Report button opens: one short text input, every limit by construction. Its
/// id is the button's, so the answer carries what the report is about.
pub fn modal(id: &CustomId) -> CreateInteractionResponse {
    let input = CreateInputText::new(
        InputTextStyle::Short,
        truncate(
            "What is wrong with this answer?",
            limits::TEXT_INPUT_LABEL_MAX_CHARS,
        ),
        REPORT_INPUT_ID,
    )
    .placeholder(truncate(
        "e.g. wrong muscles, a broken link, not what I asked",
        limits::TEXT_INPUT_PLACEHOLDER_MAX_CHARS,
    ))
    .min_length(1)
    .max_length(REPORT_TEXT_MAX_CHARS.min(limits::TEXT_INPUT_VALUE_MAX_CHARS) as u16)
    .required(true);
    CreateInteractionResponse::Modal(
        // A `CustomId` is at most 100 characters by construction, as a modal's id must be.
        CreateModal::new(
            id.to_string(),
            truncate("Report a problem", limits::MODAL_TITLE_MAX_CHARS),
        )
        .components(vec![CreateActionRow::InputText(input)]),
    )
}

/// Member text shown as typed: markdown escaped, mentions broken, one line, cut to `max`.
fn shown(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    limits::neutralise_mentions(&limits::escape_markdown(&truncate(&one_line, max)))
}

/// The message a report is posted as: an embed moderators read, pinging nobody.
pub fn post(report: &Report) -> CreateMessage {
    let mut card = Card::new("Problem reported", Tone::Warning);
    card.description = shown(&report.text, REPORT_TEXT_MAX_CHARS);
    let where_ = match report.guild_id {
        Some(guild) => format!("server {guild} · <#{}>", report.channel_id),
        None => "a direct message".to_string(),
    };
    card.fields = vec![
        CardField::block(
            "Question",
            shown(&report.question, limits::EMBED_FIELD_VALUE_MAX_CHARS / 2),
        ),
        CardField::block(
            "Page",
            report
                .page
                .as_ref()
                .map_or("—".to_string(), |p| format!("`{}`", PageId::as_str(p))),
        ),
        CardField::block("Where", where_),
        CardField::block(
            "From",
            format!(
                "{} ({})",
                shown(&report.user_name, limits::ECHO_MAX_CHARS),
                report.user_id
            ),
        ),
    ];
    card.footer = Some(format!("Report {}", report.id));
    render::card_message(&card)
}

fn notice(text: &str) -> CreateInteractionResponse {
    render::response(&Answer::Notice {
        text: text.into(),
        ephemeral: true,
    })
}

/// A member's report on its way to the report channel, whichever transport carries it.
pub struct Outgoing {
    /// The report channel.
    pub channel_id: u64,
    /// The message to post there.
    pub post: Box<CreateMessage>,
    /// Whether the handler kept it for moderators too.
    pub kept: bool,
    /// What the member wrote, given back if the report cannot be delivered.
    pub text: String,
}

impl Outgoing {
    /// Posts the report to the channel and returns the member's answer: thanks when it was
    /// posted or kept, else an apology with what they wrote, so it is not lost (the error is
    /// logged, never shown).
    pub async fn deliver(&self, http: &Http) -> CreateInteractionResponse {
        match http
            .send_message(ChannelId::new(self.channel_id), vec![], &self.post)
            .await
        {
            Ok(_) => notice(THANKS),
            Err(error) if self.kept => {
                warn!(%error, "posting a report failed; it was kept");
                notice(THANKS)
            }
            Err(error) => {
                warn!(%error, "posting a report failed");
                refused(NOT_DELIVERED, Some(&self.text))
            }
        }
    }
}

/// The answer to a report that is not sent (reports off, an empty one, too fast, not
/// delivered), with what the member wrote when there is any, to copy and send again.
pub fn refused(why: &str, text: Option<&str>) -> CreateInteractionResponse {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(text) => notice(&format!(
            "{why}\nWhat you wrote:\n> {}",
            shown(text, REPORT_TEXT_MAX_CHARS)
        )),
        None => notice(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_question_is_found_whole_by_its_key() {
        let r = Reporting::default();
        let card = Answer::Card(Card::new("Plank", Tone::Info));
        let long = format!("/ask {}", "is the plank ok when my back hurts ".repeat(6));
        let Some(CustomId::Report(about)) = r.button(&long, &card) else {
            panic!("a report button");
        };
        assert!(about.key.is_some() && about.question.ends_with('…'));
        assert_eq!(r.question(&about), long);
        // Another process (or an expired key): the start the id carries.
        assert_eq!(Reporting::default().question(&about), about.question);
        let notice = Answer::Notice {
            text: "x".into(),
            ephemeral: true,
        };
        assert_eq!(r.button("/help", &notice), None);
    }

    #[test]
    fn the_store_stays_bounded() {
        let store = QuestionStore::default();
        let first = store.keep("q0");
        for n in 1..(QUESTION_STORE_MAX_ENTRIES + 5) {
            store.keep(&format!("q{n}"));
        }
        assert!(store.entries.lock().unwrap().len() <= QUESTION_STORE_MAX_ENTRIES);
        assert_eq!(store.whole(first), None, "the oldest went first");
    }
}
