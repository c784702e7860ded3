//! The moderators' commands on Discord: `/unanswered [days]` and `/page source NAME` as data,
//! their parse, the rights check (the same as `/reindex`) and their replies; a page's source
//! goes as a file attachment in an ephemeral deferred edit (multipart), which both
//! transports can send. Knows serenity; never the storage or the index.

use std::sync::Arc;

use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, CommandOptionType,
    CreateAttachment, CreateCommand, CreateCommandOption, CreateInteractionResponse,
    CreateInteractionResponseMessage, EditInteractionResponse, Permissions,
};

use super::interaction::{Asker, Incoming};
use super::limits;
use super::render;
use super::reply::{Replier, Reply};
use crate::domain::answer::Answer;
use crate::domain::handler::Handler;
use crate::domain::moderation::UNANSWERED_DAYS_DEFAULT;

/// `/unanswered`.
pub const UNANSWERED: &str = "unanswered";
/// `/page`.
pub const PAGE: &str = "page";
/// The most days `/unanswered` offers: a year (retention may keep less; the app clamps).
const DAYS_MAX: u64 = 365;
/// The largest file sent back: Discord's smallest upload limit for a bot, 10 MiB
/// (<https://discord.com/developers/docs/reference#uploading-files>); a page is capped far
/// below by `corpus.max_page_bytes`.
pub const ATTACHMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// What a moderator asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    /// `/unanswered [days]`.
    Unanswered {
        /// The last N days.
        days: u32,
    },
    /// `/page source NAME`.
    PageSource {
        /// The page as typed or picked.
        name: String,
    },
}

/// The refusal for anyone without the rights of `/reindex`.
pub const MODERATORS_ONLY: &str =
    "Only moderators (Manage Server, Administrator or a moderator role) can do that.";

/// The moderators' command definitions, registered with the others.
pub fn definitions() -> Vec<CreateCommand> {
    vec![
        CreateCommand::new(UNANSWERED)
            .description("Moderators: the questions I could not answer here, most asked first")
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .dm_permission(false)
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::Integer,
                    "days",
                    "The last N days (default 30)",
                )
                .min_int_value(1)
                .max_int_value(DAYS_MAX),
            ),
        CreateCommand::new(PAGE)
            .description("Moderators: the corpus's pages")
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .dm_permission(false)
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "source",
                    "A page's markdown, as a file only you see",
                )
                .add_sub_option(
                    CreateCommandOption::new(CommandOptionType::String, "name", "The page")
                        .required(true)
                        .max_length(200)
                        .set_autocomplete(true),
                ),
            ),
    ]
}

fn string_of(options: &[CommandDataOption], name: &str) -> Option<String> {
    options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| o.value.as_str())
        .map(str::to_string)
}

/// The moderator's command an interaction is, if it is one of these.
pub fn parse(c: &CommandInteraction, asker: Asker) -> Option<Incoming> {
    let ask = match c.data.name.as_str() {
        UNANSWERED => Ask::Unanswered {
            days: c
                .data
                .options
                .iter()
                .find(|o| o.name == "days")
                .and_then(|o| o.value.as_i64())
                .and_then(|d| u32::try_from(d).ok())
                .unwrap_or(UNANSWERED_DAYS_DEFAULT),
        },
        PAGE => {
            let sub = c.data.options.first()?;
            let CommandDataOptionValue::SubCommand(options) = &sub.value else {
                return None;
            };
            match sub.name.as_str() {
                "source" => Ask::PageSource {
                    name: string_of(options, "name").unwrap_or_default(),
                },
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(Incoming::Moderate { asker, ask })
}

fn notice(text: &str) -> Answer {
    Answer::Notice {
        text: text.into(),
        ephemeral: true,
    }
}

fn private(answer: &Answer) -> Reply {
    Reply::Now(CreateInteractionResponse::Message(
        render::message(answer).ephemeral(true),
    ))
}

/// What the transport sends after a deferral: the edit and the files it carries.
pub struct Finished {
    /// The edit of the deferred response.
    pub edit: EditInteractionResponse,
    /// Files uploaded with it (multipart), referenced by the edit's attachments.
    pub files: Vec<CreateAttachment>,
}

/// The reply to a moderator's command: refused without the rights; `/unanswered` answered
/// at once; a page's source deferred (ephemeral) and sent as an attachment in the edit.
pub async fn reply(replier: &Replier, asker: Asker, ask: Ask) -> Reply {
    if !replier.is_moderator(&asker) {
        return private(&notice(MODERATORS_ONLY));
    }
    match ask {
        Ask::Unanswered { days } => {
            let guild = asker.guild_id;
            let answer = replier
                .blocking(move |h| match h.moderation() {
                    Some(m) => m.unanswered(guild, days),
                    None => notice(OFF),
                })
                .await;
            private(&answer)
        }
        ask @ Ask::PageSource { .. } => Reply::Deferred {
            defer: CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(true),
            ),
            later: super::reply::Later::Moderate(ask),
        },
    }
}

/// The line of a handler without a moderator side.
const OFF: &str = "Moderator features are not available here.";

/// Runs a deferred moderator's request and builds its edit.
pub async fn finish(handler: &Arc<dyn Handler>, ask: Ask) -> Finished {
    let handler = Arc::clone(handler);
    let done = tokio::task::spawn_blocking(move || match (handler.moderation(), ask) {
        (None, _) => Err(notice(OFF)),
        (Some(m), Ask::PageSource { name }) => m.page_source(&name),
        (Some(_), Ask::Unanswered { .. }) => Err(notice(OFF)),
    })
    .await
    .unwrap_or_else(|error| {
        tracing::error!(%error, "moderator request failed");
        Err(notice(super::reply::APOLOGY))
    });
    match done {
        Ok(file) if file.bytes.len() <= ATTACHMENT_MAX_BYTES => {
            let attachment = CreateAttachment::bytes(file.bytes, file.name);
            let content = format!(
                "The source of `{}`:",
                limits::truncate(&file.path.replace('`', "'"), limits::ECHO_MAX_CHARS)
            );
            Finished {
                edit: EditInteractionResponse::new()
                    .content(limits::neutralise_mentions(&content))
                    .allowed_mentions(serenity::all::CreateAllowedMentions::new())
                    .new_attachment(attachment.clone()),
                files: vec![attachment],
            }
        }
        Ok(_) => Finished {
            edit: render::edit(&notice("That page is too large to send as a file.")),
            files: Vec::new(),
        },
        Err(answer) => Finished {
            edit: render::edit(&answer),
            files: Vec::new(),
        },
    }
}
