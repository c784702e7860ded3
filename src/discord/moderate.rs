//! The moderators' commands on Discord: `/unanswered [days]` and `/page source|upload|remove`
//! as data, their parse, the rights check (the same as `/reindex`, on every command and
//! button) and their replies. A page's source goes as a file in an ephemeral deferred edit
//! (multipart), which both transports can send; an upload is downloaded from Discord's URL
//! only; a removal asks to confirm with a button. Knows serenity; never the storage or index.

use serenity::all::{
    ButtonStyle, CommandDataOption, CommandDataOptionValue, CommandInteraction, CommandOptionType,
    CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton, CreateCommand,
    CreateCommandOption, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse, Permissions,
};

use super::download::{self, DownloadError};
use super::interaction::{Asker, Incoming};
use super::limits;
use super::render;
use super::reply::{Replier, Reply};
use crate::domain::answer::{APOLOGY, Answer};
use crate::domain::moderation::{
    Moderation, PageFile, PageRef, Refusal, UNANSWERED_DAYS_DEFAULT, Upload,
};

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
    /// `/page upload FILE [NAME]`.
    PageUpload {
        /// The attachment's URL, as Discord gave it in `resolved.attachments`.
        url: String,
        /// Its file name.
        filename: String,
        /// Its size as Discord states it.
        size: u64,
        /// The `name` option.
        name: Option<String>,
        /// Who, for the log and the reindex.
        by: String,
    },
    /// `/page remove NAME`: asks to confirm.
    PageRemove {
        /// The page as typed or picked.
        name: String,
    },
    /// The confirm button of a removal.
    RemoveConfirmed {
        /// The page's id.
        id: String,
        /// Who, for the log and the reindex.
        by: String,
    },
    /// The cancel button of a removal.
    RemoveCancelled,
}

/// The custom id prefix of a removal's confirm button (`v1:pagedel:<id>`; an id is at most
/// 80 characters, so it fits Discord's 100).
const CONFIRM_PREFIX: &str = "v1:pagedel:";
/// The custom id of a removal's cancel button.
const CANCEL_ID: &str = "v1:pagekeep";

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
                .add_sub_option(page_name(true)),
            )
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "upload",
                    "Add or replace a page from a .md file (checked first; the old one is kept)",
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        CommandOptionType::Attachment,
                        "file",
                        "The page, a markdown (.md) file",
                    )
                    .required(true),
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        CommandOptionType::String,
                        "name",
                        "The page's file name, when not the attachment's (e.g. goblet-squat.md)",
                    )
                    .max_length(100),
                ),
            )
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "remove",
                    "Remove a page (you confirm first; a copy is kept)",
                )
                .add_sub_option(page_name(true)),
            ),
    ]
}

/// The `name` option of `/page source` and `/page remove`: autocompleted exercise names.
fn page_name(required: bool) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::String, "name", "The page")
        .required(required)
        .max_length(200)
        .set_autocomplete(true)
}

/// The string option `name` among a subcommand's options.
pub(super) fn string_of(options: &[CommandDataOption], name: &str) -> Option<String> {
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
                "remove" => Ask::PageRemove {
                    name: string_of(options, "name").unwrap_or_default(),
                },
                "upload" => upload_of(c, options, &asker)?,
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(Incoming::Moderate { asker, ask })
}

/// Who did it, as `/reindex` names its starter.
fn by(asker: &Asker) -> String {
    format!("{} ({})", asker.name, asker.user_id)
}

/// `/page upload`: the attachment the `file` option names, from `resolved.attachments`.
fn upload_of(c: &CommandInteraction, options: &[CommandDataOption], asker: &Asker) -> Option<Ask> {
    let id = options
        .iter()
        .find_map(|o| match (&o.value, o.name.as_str()) {
            (CommandDataOptionValue::Attachment(id), "file") => Some(*id),
            _ => None,
        })?;
    let attachment = c.data.resolved.attachments.get(&id)?;
    Some(Ask::PageUpload {
        url: attachment.url.clone(),
        filename: attachment.filename.clone(),
        size: u64::from(attachment.size),
        name: string_of(options, "name").filter(|n| !n.trim().is_empty()),
        by: by(asker),
    })
}

/// A click on a removal's buttons, if it is one.
pub fn parse_component(custom_id: &str, asker: Asker) -> Option<Incoming> {
    let ask = if custom_id == CANCEL_ID {
        Ask::RemoveCancelled
    } else {
        Ask::RemoveConfirmed {
            id: custom_id.strip_prefix(CONFIRM_PREFIX)?.to_string(),
            by: by(&asker),
        }
    };
    Some(Incoming::Moderate { asker, ask })
}

/// Runs `f` over the handler's moderators' side on the blocking pool: refused when the
/// handler has none, the apology when it failed.
async fn moderated<T: Send + 'static>(
    replier: &Replier,
    f: impl FnOnce(&dyn Moderation) -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    replier
        .blocking_with(move |h| match h.moderation() {
            Some(m) => f(m),
            None => Err(Refusal::new(OFF)),
        })
        .await
        .unwrap_or_else(|| Err(Refusal::new(APOLOGY)))
}

/// A private notice (a refusal, a confirmation) to a moderator.
pub(super) fn notice(text: &str) -> Answer {
    Answer::Notice {
        text: text.into(),
        ephemeral: true,
    }
}

/// An immediate private reply.
pub(super) fn private(answer: &Answer) -> Reply {
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
    if !replier.is_moderator(&asker).await {
        return private(&notice(MODERATORS_ONLY));
    }
    match ask {
        Ask::Unanswered { days } => {
            let guild = asker.guild_id;
            let answer = moderated(replier, move |m| Ok(m.unanswered(guild, days)))
                .await
                .unwrap_or_else(|refusal| refusal.answer());
            private(&answer)
        }
        ask @ (Ask::PageSource { .. } | Ask::PageUpload { .. }) => Reply::Deferred {
            defer: CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(true),
            ),
            later: super::reply::Later::Moderate(ask),
        },
        Ask::PageRemove { name } => {
            let target = moderated(replier, move |m| m.removal_target(&name)).await;
            match target {
                Ok(page) => Reply::Now(confirm_prompt(&page)),
                Err(refusal) => private(&refusal.answer()),
            }
        }
        // The prompt is replaced by what happened (a deferred update of its message).
        ask @ Ask::RemoveConfirmed { .. } => Reply::Deferred {
            defer: CreateInteractionResponse::Acknowledge,
            later: super::reply::Later::Moderate(ask),
        },
        Ask::RemoveCancelled => Reply::Now(CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new()
                .content("Nothing was removed.")
                .components(Vec::new())
                .allowed_mentions(CreateAllowedMentions::new()),
        )),
    }
}

/// "Remove `exercises/plank.md`?" with Remove / Keep it, only the moderator sees it.
fn confirm_prompt(page: &PageRef) -> CreateInteractionResponse {
    let path = limits::truncate(&page.path.replace('`', "'"), limits::ECHO_MAX_CHARS);
    let buttons = vec![
        CreateButton::new(format!("{CONFIRM_PREFIX}{}", page.id))
            .label("Remove")
            .style(ButtonStyle::Danger),
        CreateButton::new(CANCEL_ID)
            .label("Keep it")
            .style(ButtonStyle::Secondary),
    ];
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(limits::neutralise_mentions(&format!(
                "Remove `{path}` from the corpus? A copy is kept in the history folder."
            )))
            .components(vec![CreateActionRow::Buttons(buttons)])
            .allowed_mentions(CreateAllowedMentions::new())
            .ephemeral(true),
    )
}

/// The line of a handler without a moderator side.
const OFF: &str = "Moderator features are not available here.";

/// The edit of a deferred moderator's reply that is a plain notice (no buttons left).
fn notice_edit(answer: &Answer) -> Finished {
    Finished {
        edit: render::edit(answer).components(Vec::new()),
        files: Vec::new(),
    }
}

/// Runs a deferred moderator's request and builds its edit.
pub async fn finish(replier: &Replier, ask: Ask) -> Finished {
    match ask {
        Ask::PageSource { name } => {
            let done = moderated(replier, move |m| m.page_source(&name)).await;
            source_edit(done)
        }
        Ask::PageUpload {
            url,
            filename,
            size,
            name,
            by,
        } => notice_edit(&upload(replier, &url, filename, size, name, by).await),
        Ask::RemoveConfirmed { id, by } => notice_edit(
            &moderated(replier, move |m| Ok(m.remove(&id, &by)))
                .await
                .unwrap_or_else(|refusal| refusal.answer()),
        ),
        Ask::Unanswered { .. } | Ask::PageRemove { .. } | Ask::RemoveCancelled => {
            notice_edit(&notice(OFF))
        }
    }
}

/// An upload: refused before any download when the corpus cannot change or the file is too
/// big by Discord's word; downloaded (capped) from Discord's URL; then checked and written.
async fn upload(
    replier: &Replier,
    url: &str,
    filename: String,
    size: u64,
    name: Option<String>,
    by: String,
) -> Answer {
    let (file, wanted) = (filename.clone(), name.clone());
    let precheck = moderated(replier, move |m| m.accepts(&file, wanted.as_deref())).await;
    let limit = match precheck {
        Ok(limit) => limit,
        Err(refusal) => return refusal.answer(),
    };
    if size > limit {
        return notice(&DownloadError::TooLarge(limit).to_string());
    }
    let bytes = match download::fetch(url, replier.download_hosts(), limit).await {
        Ok(bytes) => bytes,
        Err(e) => return notice(&e.to_string()),
    };
    let upload = Upload {
        filename,
        name,
        bytes,
        by,
    };
    moderated(replier, move |m| Ok(m.upload(&upload)))
        .await
        .unwrap_or_else(|refusal| refusal.answer())
}

/// The edit that carries a page's source as a file, or says why not.
fn source_edit(done: Result<PageFile, Refusal>) -> Finished {
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
                    .allowed_mentions(CreateAllowedMentions::new())
                    .new_attachment(attachment.clone()),
                files: vec![attachment],
            }
        }
        Ok(_) => notice_edit(&notice("That page is too large to send as a file.")),
        Err(refusal) => notice_edit(&refusal.answer()),
    }
}
