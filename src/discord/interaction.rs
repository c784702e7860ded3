//! The one parse from Discord's interaction and message models to a transport-neutral
//! `Request`, shared by the gateway bot and the HTTP endpoint. Knows serenity's models;
//! never the index.

use serenity::all::{
    ActionRowComponent, CommandInteraction, CommandType, ComponentInteraction,
    ComponentInteractionDataKind, Interaction, Message, ModalInteraction, ResolvedTarget,
    ResolvedValue,
};

use super::commands::{self, CommandName};
use super::permissions::Rights;
use super::report::REPORT_INPUT_ID;
use crate::domain::custom_id::CustomId;
use crate::domain::page::Difficulty;
use crate::domain::report::ReportRef;
use crate::domain::request::{Filters, Request};
use crate::domain::vocabulary::{self, Kind};

/// Who asked, where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Asker {
    /// The user.
    pub user_id: u64,
    /// Their name, for "started by …".
    pub name: String,
    /// The channel.
    pub channel_id: u64,
    /// The server, `None` in DMs.
    pub guild_id: Option<u64>,
    /// Their rights.
    pub rights: Rights,
}

/// What an interaction asks of the bot.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Discord checking the endpoint (HTTP only).
    Ping,
    /// A slash command that answers with a card.
    Command {
        /// The command.
        command: CommandName,
        /// What it asks.
        request: Request,
        /// Who asked.
        asker: Asker,
        /// `hide: true`: answer only the asker.
        hide: bool,
        /// `target: @user`: the one user the card is suggested to (and pinged).
        target: Option<u64>,
    },
    /// `/reindex`: check rights, defer, rebuild.
    Reindex {
        /// Who asked.
        asker: Asker,
    },
    /// A moderator's command (`/unanswered`, `/page`): rights checked, then answered.
    Moderate {
        /// Who asked.
        asker: Asker,
        /// What they asked for.
        ask: super::moderate::Ask,
    },
    /// `/settings`: rights checked, then shown, saved or cleared.
    Settings {
        /// Who asked.
        asker: Asker,
        /// What.
        ask: super::settings::Ask,
    },
    /// Autocomplete of an exercise option, or of a `/find` facet.
    Autocomplete {
        /// The facet whose values are asked for; `None` for an exercise name.
        facet: Option<Kind>,
        /// What was typed so far.
        partial: String,
    },
    /// A button or select click on one of our cards.
    Click {
        /// What it asks.
        request: Request,
        /// Who clicked.
        asker: Asker,
        /// Who the card was made for (updates stay with them), when Discord says.
        owner: Option<u64>,
        /// The message the component is on (the 🗑 deletes it).
        message_id: u64,
    },
    /// The Report form sent back (MODAL_SUBMIT).
    Report {
        /// What the report is about, from the form's id.
        about: ReportRef,
        /// What the member wrote.
        text: String,
        /// Who reported, where.
        asker: Asker,
        /// The interaction (the report's id).
        interaction_id: u64,
    },
    /// Something we did not make (an old button, an unknown command): answered politely.
    Unknown,
}

/// Who asked: their name as the server shows it (nickname, display name, user name), and
/// their rights there (none without a member: a DM or a mention).
pub(super) fn asker_of(
    user: &serenity::all::User,
    member: Option<&serenity::all::Member>,
    channel: u64,
    guild: Option<u64>,
) -> Asker {
    Asker {
        user_id: user.id.get(),
        name: member
            .and_then(|m| m.nick.clone())
            .or_else(|| user.global_name.clone())
            .unwrap_or_else(|| user.name.clone()),
        channel_id: channel,
        guild_id: guild,
        rights: Rights {
            permissions: member.and_then(|m| m.permissions).map(|p| p.bits()),
            roles: member
                .map(|m| m.roles.iter().map(|r| r.get()).collect())
                .unwrap_or_default(),
        },
    }
}

fn string_option(command: &CommandInteraction, name: &str) -> Option<String> {
    command
        .data
        .options()
        .into_iter()
        .find_map(|o| match (o.name == name, o.value) {
            (true, ResolvedValue::String(s)) => Some(s.to_string()),
            (true, ResolvedValue::Autocomplete { value, .. }) => Some(value.to_string()),
            _ => None,
        })
}

/// The `hide` option (a boolean; absent: false).
fn hide_option(command: &CommandInteraction) -> bool {
    command
        .data
        .options
        .iter()
        .any(|o| o.name == "hide" && o.value.as_bool() == Some(true))
}

/// The `target` option: a user id (Discord's USER option never holds a role or everyone).
fn target_option(command: &CommandInteraction) -> Option<u64> {
    command
        .data
        .options
        .iter()
        .find(|o| o.name == "target")
        .and_then(|o| o.value.as_user_id())
        .map(|u| u.get())
}

fn command(c: &CommandInteraction) -> Incoming {
    let asker = asker_of(
        &c.user,
        c.member.as_deref(),
        c.channel_id.get(),
        c.guild_id.map(|g| g.get()),
    );
    let Some(name) = CommandName::parse(&c.data.name) else {
        return super::settings::parse(c, &asker)
            .or_else(|| super::moderate::parse(c, asker))
            .unwrap_or(Incoming::Unknown);
    };
    // A name is ours only with its kind: a slash command, or the message context menu.
    if (name == CommandName::FindInMessage) != (c.data.kind == CommandType::Message) {
        return Incoming::Unknown;
    }
    let text = |option: &str| string_option(c, option).unwrap_or_default();
    let request = match name {
        CommandName::Exercise => Request::Exercise {
            query: text("query"),
        },
        CommandName::Ask => Request::Ask {
            question: text("question"),
            context: None,
        },
        CommandName::Related => Request::Related {
            exercise: text("exercise"),
        },
        CommandName::Compare => Request::Compare {
            a: text("a"),
            b: text("b"),
        },
        CommandName::Find => {
            // A value picked from the corpus's own (autocompleted), or typed: its vocabulary
            // name when it has one, else as written.
            let pick = |kind, option: &str| {
                string_option(c, option)
                    .map(|v| vocabulary::normalise(kind, &v))
                    .filter(|v| !v.is_empty())
            };
            Request::Find {
                filters: Filters {
                    muscle: pick(Kind::Muscle, "muscle"),
                    equipment: pick(Kind::Equipment, "equipment"),
                    difficulty: string_option(c, "difficulty")
                        .and_then(|d| d.parse::<Difficulty>().ok()),
                    body_part: pick(Kind::BodyPart, "body_part"),
                    category: pick(Kind::Category, "category"),
                },
            }
        }
        CommandName::Help => Request::Help,
        CommandName::Reindex => return Incoming::Reindex { asker },
        CommandName::FindInMessage => {
            // Asked about someone else's message: the answer is for the asker alone.
            return Incoming::Command {
                command: name,
                request: Request::NamesIn {
                    text: target_text(c),
                },
                asker,
                hide: true,
                target: None,
            };
        }
    };
    Incoming::Command {
        command: name,
        request,
        asker,
        hide: hide_option(c),
        target: target_option(c),
    }
}

/// The text of a message context menu's message: its content and its embeds' text (another
/// bot's card names exercises there). Empty when Discord resolved no message.
fn target_text(c: &CommandInteraction) -> String {
    let Some(ResolvedTarget::Message(message)) = c.data.target() else {
        return String::new();
    };
    let mut parts = vec![message.content.clone()];
    for e in &message.embeds {
        parts.extend(e.title.clone());
        parts.extend(e.description.clone());
        for f in &e.fields {
            parts.push(format!("{}\n{}", f.name, f.value));
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    parts.join("\n")
}

/// A Report form sent back: the form's id names what it is about, its one input holds what
/// the member wrote. Anything else is not ours.
fn modal(m: &ModalInteraction) -> Incoming {
    let asker = asker_of(
        &m.user,
        m.member.as_ref(),
        m.channel_id.get(),
        m.guild_id.map(|g| g.get()),
    );
    let Ok(CustomId::Report(about)) = m.data.custom_id.parse() else {
        return Incoming::Unknown;
    };
    let text = m
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|c| match c {
            ActionRowComponent::InputText(input) if input.custom_id == REPORT_INPUT_ID => {
                input.value.clone()
            }
            _ => None,
        })
        .unwrap_or_default();
    Incoming::Report {
        about,
        text,
        asker,
        interaction_id: m.id.get(),
    }
}

#[allow(deprecated)] // `Message::interaction` is the field Discord still fills for most clients.
fn owner_of(message: &Message) -> Option<u64> {
    use serenity::all::MessageInteractionMetadata;
    match message.interaction_metadata.as_deref() {
        Some(MessageInteractionMetadata::Command(m)) => Some(m.user.id.get()),
        Some(MessageInteractionMetadata::Component(m)) => Some(m.user.id.get()),
        _ => message.interaction.as_ref().map(|i| i.user.id.get()),
    }
}

fn component(c: &ComponentInteraction) -> Incoming {
    let asker = asker_of(
        &c.user,
        c.member.as_ref(),
        c.channel_id.get(),
        c.guild_id.map(|g| g.get()),
    );
    let Ok(custom_id) = c.data.custom_id.parse() else {
        return super::moderate::parse_component(&c.data.custom_id, asker)
            .unwrap_or(Incoming::Unknown);
    };
    let values = match &c.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.clone(),
        _ => Vec::new(),
    };
    Incoming::Click {
        request: Request::Component { custom_id, values },
        asker,
        owner: owner_of(&c.message),
        message_id: c.message.id.get(),
    }
}

/// Parses an interaction.
pub fn parse(interaction: &Interaction) -> Incoming {
    match interaction {
        Interaction::Ping(_) => Incoming::Ping,
        Interaction::Command(c) => command(c),
        Interaction::Autocomplete(c) => {
            let focused = c.data.autocomplete();
            Incoming::Autocomplete {
                facet: focused.as_ref().and_then(|o| commands::facet_of(o.name)),
                partial: focused.map(|o| o.value.to_string()).unwrap_or_default(),
            }
        }
        Interaction::Component(c) => component(c),
        Interaction::Modal(m) => modal(m),
        _ => Incoming::Unknown,
    }
}

/// The question of a message that mentions the bot, or of a DM; `None` for anything else
/// (other people's chatter is never answered).
pub fn mention_question(message: &Message, bot_id: u64) -> Option<String> {
    if message.author.bot || message.author.id.get() == bot_id {
        return None;
    }
    let mentioned = message.mentions.iter().any(|u| u.id.get() == bot_id);
    if !mentioned && message.guild_id.is_some() {
        return None;
    }
    let stripped = message
        .content
        .replace(&format!("<@{bot_id}>"), " ")
        .replace(&format!("<@!{bot_id}>"), " ");
    Some(stripped.split_whitespace().collect::<Vec<_>>().join(" "))
}
