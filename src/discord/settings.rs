//! `/settings` on Discord: the command as data (`show`, `set SETTING VALUE`, `clear
//! SETTING`), its parse, who may use it (moderators; the moderator roles themselves only
//! Manage Server or Administrator), its private replies, and a server's settings in force
//! for the reply policy: its own (through `domain::settings::ServerSettings`) over the
//! `[discord]` defaults. Knows serenity; never the storage or the index.

use serenity::all::{
    CommandDataOptionValue, CommandInteraction, CommandOptionType, CreateCommand,
    CreateCommandOption, Permissions,
};

use super::cooldown::Rate;
use super::interaction::{Asker, Incoming};
use super::moderate::{MODERATORS_ONLY, notice, private, string_of};
use super::permissions;
use super::reply::{Replier, Reply};
use crate::config::DiscordConfig;
use crate::domain::answer::Answer;
use crate::domain::settings::{self, Key, Own, Shown, Unavailable, Value};

/// `/settings`.
pub const SETTINGS: &str = "settings";
/// The longest value a moderator may type: a page URL template or ten role mentions fit.
const VALUE_MAX_CHARS: u16 = 300;

/// The refusal of `moderator_roles` to a moderator by role only.
pub const ROLES_NEED_MANAGE_SERVER: &str = "Only members with Manage Server or Administrator \
can change the moderator roles (a moderator role cannot hand its rights on).";
/// The refusal of a change when the database is unavailable.
pub const CANNOT_SAVE_NOW: &str = "I cannot save settings now: the database is unavailable \
(the operator's log says why). Nothing was changed; the config defaults apply meanwhile.";
/// The refusal of `/settings` outside a server.
pub const SERVERS_ONLY: &str = "Settings belong to a server: use /settings there.";
/// The refusal of a report channel when this bot cannot post (serve-http without a token).
pub const CANNOT_POST: &str = "report_channel: this bot runs without a bot token, so it \
cannot post reports; the operator must export DISCORD_TOKEN first.";

/// What a moderator asked of `/settings`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    /// `/settings show`.
    Show,
    /// `/settings set SETTING VALUE`.
    Set {
        /// The setting.
        key: Key,
        /// The value as typed.
        value: String,
    },
    /// `/settings clear SETTING`.
    Clear {
        /// The setting.
        key: Key,
    },
}

/// The settings the reply policy follows in one server: its own over the defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// Roles with moderator rights besides Manage Server and Administrator.
    pub moderator_roles: Vec<u64>,
    /// Where reports go; `None`: no Report button.
    pub report_channel: Option<u64>,
    /// The per-member cooldown.
    pub cooldown: Rate,
}

impl Server {
    /// The defaults of `[discord]`.
    pub fn defaults(config: &DiscordConfig) -> Server {
        Server {
            moderator_roles: config.moderator_role_ids.clone(),
            report_channel: config.report_channel(),
            cooldown: Rate {
                burst: config.cooldown_burst,
                per_second: config.cooldown_per_second,
            },
        }
    }

    /// These settings with a server's own values over them.
    pub fn with(&self, own: &Own) -> Server {
        Server {
            moderator_roles: own
                .moderator_roles()
                .map_or_else(|| self.moderator_roles.clone(), <[u64]>::to_vec),
            report_channel: own.report_channel().unwrap_or(self.report_channel),
            cooldown: Rate {
                burst: own.cooldown_burst().unwrap_or(self.cooldown.burst),
                per_second: own
                    .cooldown_per_second()
                    .unwrap_or(self.cooldown.per_second),
            },
        }
    }

    /// The value in force of every setting but the page URL (the handler's).
    fn value(&self, key: Key) -> Option<Value> {
        Some(match key {
            Key::PageUrl => return None,
            Key::ModeratorRoles => Value::ModeratorRoles(self.moderator_roles.clone()),
            Key::ReportChannel => Value::ReportChannel(self.report_channel),
            Key::CooldownBurst => Value::CooldownBurst(self.cooldown.burst),
            Key::CooldownPerSecond => Value::CooldownPerSecond(self.cooldown.per_second),
        })
    }
}

/// The `setting` option: one choice per setting.
fn setting_option() -> CreateCommandOption {
    Key::ALL.into_iter().fold(
        CreateCommandOption::new(CommandOptionType::String, "setting", "The setting")
            .required(true),
        |o, k| o.add_string_choice(k.name(), k.name()),
    )
}

/// The `/settings` definition, registered with the others.
pub fn definition() -> CreateCommand {
    CreateCommand::new(SETTINGS)
        .description(
            "Moderators: this server's settings (links, moderator roles, reports, cooldown)",
        )
        .default_member_permissions(Permissions::MANAGE_GUILD)
        .dm_permission(false)
        .add_option(CreateCommandOption::new(
            CommandOptionType::SubCommand,
            "show",
            "Every setting, its value, and whether it is this server's or the default",
        ))
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "set",
                "Give this server its own value of a setting",
            )
            .add_sub_option(setting_option())
            .add_sub_option(
                CreateCommandOption::new(
                    CommandOptionType::String,
                    "value",
                    "e.g. https://example.org/ex/{id}, @Mods, #reports, 5, 0.5, or none",
                )
                .required(true)
                .max_length(VALUE_MAX_CHARS),
            ),
        )
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "clear",
                "Put a setting back to the default",
            )
            .add_sub_option(setting_option()),
        )
}

/// `/settings`, if the interaction is it; an unknown subcommand or setting is not ours.
pub fn parse(c: &CommandInteraction, asker: &Asker) -> Option<Incoming> {
    if c.data.name != SETTINGS {
        return None;
    }
    let sub = c.data.options.first()?;
    let CommandDataOptionValue::SubCommand(options) = &sub.value else {
        return None;
    };
    let key = || string_of(options, "setting").and_then(|k| Key::parse(&k));
    let ask = match sub.name.as_str() {
        "show" => Ask::Show,
        "set" => Ask::Set {
            key: key()?,
            value: string_of(options, "value").unwrap_or_default(),
        },
        "clear" => Ask::Clear { key: key()? },
        _ => return None,
    };
    Some(Incoming::Settings {
        asker: asker.clone(),
        ask,
    })
}

/// The reply to `/settings`: refused outside a server and to non-moderators, the roles
/// refused to a moderator by role only; else shown, saved or cleared, privately.
pub async fn reply(replier: &Replier, asker: Asker, ask: Ask) -> Reply {
    let Some(guild) = asker.guild_id else {
        return private(&notice(SERVERS_ONLY));
    };
    let server = replier.server(Some(guild)).await;
    if !permissions::may_reindex(&asker.rights, &server.moderator_roles) {
        return private(&notice(MODERATORS_ONLY));
    }
    let key = match &ask {
        Ask::Show => return private(&show(replier, guild).await),
        Ask::Set { key, .. } | Ask::Clear { key } => *key,
    };
    if key == Key::ModeratorRoles && !permissions::manages_server(&asker.rights) {
        return private(&notice(ROLES_NEED_MANAGE_SERVER));
    }
    let answer = match ask {
        Ask::Set { value, .. } => set(replier, guild, key, &value).await,
        _ => clear(replier, guild, key).await,
    };
    private(&answer)
}

/// `/settings show`: every setting in force here, own or default.
async fn show(replier: &Replier, guild: u64) -> Answer {
    let defaults = replier.defaults().clone();
    let stored = replier
        .blocking_with(move |h| {
            h.server_settings()
                .map(|s| (s.own(guild), s.page_url_default()))
        })
        .await
        .flatten();
    let (own, page_url_default, saving) = match stored {
        Some((Ok(own), url)) => (own, url, true),
        Some((Err(Unavailable), url)) => (Own::default(), url, false),
        None => (Own::default(), String::new(), false),
    };
    let in_force = defaults.with(&own);
    let lines: Vec<Shown> = Key::ALL
        .into_iter()
        .map(|key| match own.get(key) {
            Some(value) => Shown {
                value: value.clone(),
                own: true,
            },
            None => Shown {
                value: in_force
                    .value(key)
                    .unwrap_or_else(|| Value::PageUrl(page_url_default.clone())),
                own: false,
            },
        })
        .collect();
    settings::settings_card(&lines, saving)
}

/// `/settings set`: the value checked (a refusal names what is wrong), then saved.
async fn set(replier: &Replier, guild: u64, key: Key, text: &str) -> Answer {
    let value = match settings::parse(key, text, guild) {
        Ok(value) => value,
        Err(why) => return notice(&why),
    };
    if matches!(value, Value::ReportChannel(Some(_))) && !replier.posts_reports() {
        return notice(CANNOT_POST);
    }
    let saved = value.clone();
    let done = replier
        .blocking_with(move |h| h.server_settings().map(|s| s.save(guild, &saved)))
        .await
        .flatten();
    match done {
        Some(Ok(())) => notice(&format!(
            "{} is now `{}` in this server.",
            key.name(),
            value.text().replace('`', "'")
        )),
        _ => notice(CANNOT_SAVE_NOW),
    }
}

/// `/settings clear`: the server's own value dropped; the default applies again.
async fn clear(replier: &Replier, guild: u64, key: Key) -> Answer {
    let done = replier
        .blocking_with(move |h| h.server_settings().map(|s| s.clear(guild, key)))
        .await
        .flatten();
    match done {
        Some(Ok(())) => notice(&format!(
            "{} is back to the default in this server.",
            key.name()
        )),
        _ => notice(CANNOT_SAVE_NOW),
    }
}
