//! Per-server settings moderators set with `/settings`: which settings there are (as data),
//! the one check of each value (shared with `config.rs`, so a value the config file refuses
//! a server cannot set either), a server's own values, the store trait the transports call
//! and the `/settings show` card. Pure: knows no storage, Discord or config file.

use super::answer::{Answer, Card, CardField, Tone};

/// A setting a server may give itself; `config.toml` gives every default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// `corpus.page_url`: the links on cards.
    PageUrl,
    /// `discord.moderator_role_ids`: roles with moderator rights besides Manage Server.
    ModeratorRoles,
    /// `discord.report_channel_id`: where members' reports go; none: no Report button.
    ReportChannel,
    /// `discord.cooldown_burst`.
    CooldownBurst,
    /// `discord.cooldown_per_second`.
    CooldownPerSecond,
}

impl Key {
    /// Every setting, in the order `/settings show` lists them.
    pub const ALL: [Key; 5] = [
        Key::PageUrl,
        Key::ModeratorRoles,
        Key::ReportChannel,
        Key::CooldownBurst,
        Key::CooldownPerSecond,
    ];

    /// The name moderators pick and the database stores.
    pub fn name(self) -> &'static str {
        match self {
            Key::PageUrl => "page_url",
            Key::ModeratorRoles => "moderator_roles",
            Key::ReportChannel => "report_channel",
            Key::CooldownBurst => "cooldown_burst",
            Key::CooldownPerSecond => "cooldown_per_second",
        }
    }

    /// What the setting does and what to write, for the command's choices and the card.
    pub fn describe(self) -> &'static str {
        match self {
            Key::PageUrl => "Links on cards: an http(s) URL with {id}, or none",
            Key::ModeratorRoles => "Moderator roles: role mentions or ids, or none",
            Key::ReportChannel => {
                "Report channel: a channel mention or id, or none (no Report button)"
            }
            Key::CooldownBurst => "Requests a member may make at once (1-1000)",
            Key::CooldownPerSecond => "Requests a member regains per second (above 0, at most 50)",
        }
    }

    /// The key of a name; `None` for one this build does not know.
    pub fn parse(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A setting's value, checked.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A page URL template; empty: cards carry no links.
    PageUrl(String),
    /// Moderator role ids; empty: only Manage Server and Administrator.
    ModeratorRoles(Vec<u64>),
    /// The report channel; `None`: no reports.
    ReportChannel(Option<u64>),
    /// The cooldown's burst.
    CooldownBurst(u32),
    /// The cooldown's rate.
    CooldownPerSecond(f64),
}

/// The word that turns a setting off (no links, no roles, no reports).
pub const NONE: &str = "none";

impl Value {
    /// The setting this is a value of.
    pub fn key(&self) -> Key {
        match self {
            Value::PageUrl(_) => Key::PageUrl,
            Value::ModeratorRoles(_) => Key::ModeratorRoles,
            Value::ReportChannel(_) => Key::ReportChannel,
            Value::CooldownBurst(_) => Key::CooldownBurst,
            Value::CooldownPerSecond(_) => Key::CooldownPerSecond,
        }
    }

    /// The value as text: what the database keeps and `/settings show` shows; `parse` reads
    /// it back to the same value.
    pub fn text(&self) -> String {
        let ids = |ids: &[u64]| {
            ids.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Value::PageUrl(url) if url.is_empty() => NONE.into(),
            Value::PageUrl(url) => url.clone(),
            Value::ModeratorRoles(roles) if roles.is_empty() => NONE.into(),
            Value::ModeratorRoles(roles) => ids(roles),
            Value::ReportChannel(None) => NONE.into(),
            Value::ReportChannel(Some(id)) => id.to_string(),
            Value::CooldownBurst(n) => n.to_string(),
            Value::CooldownPerSecond(r) => r.to_string(),
        }
    }
}

/// The smallest id Discord makes: a snowflake holds its creation time (milliseconds since
/// 2015) above its low 22 bits, so anything below is a typo, not a channel or a role
/// (<https://discord.com/developers/docs/reference#snowflakes>).
pub const SNOWFLAKE_MIN: u64 = 1 << 22;
/// Moderator roles a server may name: a handful is what servers use, and the list stays one
/// line of the settings card.
pub const MODERATOR_ROLES_MAX: usize = 10;
/// The largest burst a server may set: past a thousand at once nobody is ever slowed down.
pub const COOLDOWN_BURST_MAX: u32 = 1000;
/// The highest rate a server may set: Discord lets a bot make 50 requests a second in all
/// (<https://discord.com/developers/docs/topics/rate-limits#global-rate-limit>), so one
/// member above that would only crowd out every other server the bot serves.
pub const COOLDOWN_PER_SECOND_MAX: f64 = 50.0;

/// A page URL: empty, or an http(s) URL holding `{id}` (without it every page would link
/// to the same place; Discord's link buttons take only absolute URLs).
///
/// # Errors
/// Why not, as a sentence about the value.
pub fn check_page_url(value: &str) -> Result<(), String> {
    let absolute = value.starts_with("https://") || value.starts_with("http://");
    if value.is_empty() || (absolute && value.contains("{id}") && !value.contains(' ')) {
        return Ok(());
    }
    Err(format!(
        "\"{value}\" is not a page URL: write an http(s) URL with {{id}} for the page id, \
         e.g. https://example.org/exercise/{{id}}"
    ))
}

/// A report channel id: 0 for none, else a snowflake.
///
/// # Errors
/// Why the id cannot be a channel.
pub fn check_channel(id: u64) -> Result<(), String> {
    if id != 0 && id < SNOWFLAKE_MIN {
        return Err(format!(
            "{id} is not a Discord channel id (ids are 17 to 20 digits: Developer Mode, then \
             Copy Channel ID on the channel)"
        ));
    }
    Ok(())
}

/// A cooldown burst: at least 1 (0 lets nothing through).
///
/// # Errors
/// Why not.
pub fn check_burst(burst: u32) -> Result<(), String> {
    if burst < 1 {
        return Err("must be at least 1".into());
    }
    Ok(())
}

/// A cooldown rate: above 0 (at 0 a member who used the burst never asks again).
///
/// # Errors
/// Why not.
pub fn check_rate(rate: f64) -> Result<(), String> {
    if !(rate.is_finite() && rate > 0.0) {
        return Err("must be a number above 0 (requests regained per second)".into());
    }
    Ok(())
}

/// An id as typed: digits, or a mention (`<#id>` for a channel, `<@&id>` for a role).
fn id_of(text: &str, mention: &str) -> Option<u64> {
    let text = text.trim();
    let bare = text
        .strip_prefix(mention)
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    bare.parse().ok()
}

/// Reads what a moderator typed for `key` in the server `guild` into a checked value.
///
/// # Errors
/// One sentence naming the setting and what is wrong with the value.
pub fn parse(key: Key, text: &str, guild: u64) -> Result<Value, String> {
    let text = text.trim();
    let off = text.eq_ignore_ascii_case(NONE);
    let name = key.name();
    let value = match key {
        Key::PageUrl if off => Value::PageUrl(String::new()),
        Key::PageUrl => {
            check_page_url(text).map_err(|why| format!("{name}: {why}"))?;
            Value::PageUrl(text.to_string())
        }
        Key::ModeratorRoles if off => Value::ModeratorRoles(Vec::new()),
        Key::ModeratorRoles => Value::ModeratorRoles(roles(text, guild)?),
        Key::ReportChannel if off => Value::ReportChannel(None),
        Key::ReportChannel => {
            let Some(id) = id_of(text, "<#").filter(|&id| id != 0) else {
                return Err(format!(
                    "{name}: \"{text}\" is not a channel: write #channel, its id, or {NONE}"
                ));
            };
            check_channel(id).map_err(|why| format!("{name}: {why}"))?;
            Value::ReportChannel(Some(id))
        }
        Key::CooldownBurst => {
            let burst = text.parse::<u32>().map_err(|_| {
                format!("{name}: \"{text}\" is not a whole number of requests (1 to {COOLDOWN_BURST_MAX})")
            })?;
            check_burst(burst).map_err(|why| format!("{name} {why}"))?;
            if burst > COOLDOWN_BURST_MAX {
                return Err(format!("{name} must be at most {COOLDOWN_BURST_MAX}"));
            }
            Value::CooldownBurst(burst)
        }
        Key::CooldownPerSecond => {
            let rate = text.parse::<f64>().unwrap_or(f64::NAN);
            check_rate(rate).map_err(|why| format!("{name} {why}"))?;
            if rate > COOLDOWN_PER_SECOND_MAX {
                return Err(format!(
                    "{name} must be at most {COOLDOWN_PER_SECOND_MAX} (Discord's own limit for a bot)"
                ));
            }
            Value::CooldownPerSecond(rate)
        }
    };
    Ok(value)
}

/// Moderator roles as typed: mentions or ids, separated by spaces or commas.
fn roles(text: &str, guild: u64) -> Result<Vec<u64>, String> {
    let name = Key::ModeratorRoles.name();
    let mut ids: Vec<u64> = Vec::new();
    for token in text.split([',', ' ']).filter(|t| !t.trim().is_empty()) {
        let Some(id) = id_of(token, "<@&").filter(|&id| id >= SNOWFLAKE_MIN) else {
            return Err(format!(
                "{name}: \"{}\" is not a role: write @role or its id (Developer Mode, then Copy Role ID), or {NONE}",
                token.trim()
            ));
        };
        // The @everyone role's id is the server's own.
        if id == guild {
            return Err(format!(
                "{name}: {id} is the server's own id, its everyone role, which cannot be a moderator role"
            ));
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(format!("{name}: name at least one role, or {NONE}"));
    }
    if ids.len() > MODERATOR_ROLES_MAX {
        return Err(format!("{name}: at most {MODERATOR_ROLES_MAX} roles"));
    }
    Ok(ids)
}

/// A server's own settings: at most one value per key; a key without one takes the default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Own(Vec<Value>);

impl Own {
    /// The server's own value of `key`, if it set one.
    pub fn get(&self, key: Key) -> Option<&Value> {
        self.0.iter().find(|v| v.key() == key)
    }

    /// Sets a value, replacing the key's previous one.
    pub fn set(&mut self, value: Value) {
        self.0.retain(|v| v.key() != value.key());
        self.0.push(value);
    }

    /// The server's page URL template, if its own.
    pub fn page_url(&self) -> Option<&str> {
        match self.get(Key::PageUrl) {
            Some(Value::PageUrl(url)) => Some(url),
            _ => None,
        }
    }

    /// The server's moderator roles, if its own.
    pub fn moderator_roles(&self) -> Option<&[u64]> {
        match self.get(Key::ModeratorRoles) {
            Some(Value::ModeratorRoles(roles)) => Some(roles),
            _ => None,
        }
    }

    /// The server's report channel (`Some(None)`: reports off there), if its own.
    pub fn report_channel(&self) -> Option<Option<u64>> {
        match self.get(Key::ReportChannel) {
            Some(Value::ReportChannel(channel)) => Some(*channel),
            _ => None,
        }
    }

    /// The server's cooldown burst, if its own.
    pub fn cooldown_burst(&self) -> Option<u32> {
        match self.get(Key::CooldownBurst) {
            Some(Value::CooldownBurst(n)) => Some(*n),
            _ => None,
        }
    }

    /// The server's cooldown rate, if its own.
    pub fn cooldown_per_second(&self) -> Option<f64> {
        match self.get(Key::CooldownPerSecond) {
            Some(Value::CooldownPerSecond(r)) => Some(*r),
            _ => None,
        }
    }
}

/// The settings store cannot be read or written now (no database, or it failed); the
/// defaults apply meanwhile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unavailable;

/// Where servers' own settings are kept; `app::App` keeps them in the moderators' database.
/// Synchronous, like `Handler`: the transports call it off their async threads. Rights are
/// checked by the transport before `save` or `clear`.
pub trait ServerSettings: Send + Sync {
    /// The server's own settings.
    ///
    /// # Errors
    /// `Unavailable` when they cannot be read (the defaults apply).
    fn own(&self, guild: u64) -> Result<Own, Unavailable>;

    /// `own` when it is known without reading the store (read lately, or no store at all),
    /// so an async caller answers without a hop to the blocking pool; `None`: call `own`.
    fn recent(&self, guild: u64) -> Option<Result<Own, Unavailable>> {
        let _ = guild;
        None
    }

    /// Keeps a value as the server's own.
    ///
    /// # Errors
    /// `Unavailable` when it cannot be saved.
    fn save(&self, guild: u64, value: &Value) -> Result<(), Unavailable>;

    /// Drops the server's own value of `key`: the default applies again.
    ///
    /// # Errors
    /// `Unavailable` when it cannot be saved.
    fn clear(&self, guild: u64, key: Key) -> Result<(), Unavailable>;

    /// The page URL every server has unless it set its own (`corpus.page_url`).
    fn page_url_default(&self) -> String;
}

/// One line of `/settings show`.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// The value in force.
    pub value: Value,
    /// Whether it is the server's own (else the default).
    pub own: bool,
}

/// The line `/settings` adds when the store cannot be used.
pub const CANNOT_SAVE: &str = "Settings cannot be saved now: the database is unavailable \
(the operator's log says why). Every setting is the config default until it is back.";

/// The `/settings show` card: every setting, its value, and whether it is the server's own
/// or the default; `saving: false` says plainly that nothing can be saved now.
pub fn settings_card(lines: &[Shown], saving: bool) -> Answer {
    let mut card = Card::new("Settings of this server", Tone::Info);
    card.description = if saving {
        "`/settings set` changes one for this server, `/settings clear` puts back the default."
            .into()
    } else {
        CANNOT_SAVE.into()
    };
    for line in lines {
        let key = line.value.key();
        let source = if line.own { "this server's" } else { "default" };
        card.fields.push(CardField {
            name: format!("{} ({source})", key.name()),
            value: format!(
                "`{}`\n{}",
                line.value.text().replace('`', "'"),
                key.describe()
            ),
            inline: false,
        });
    }
    Answer::Card(card)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: u64 = 900_000_000_000_000_001;

    #[test]
    fn every_value_reads_back_from_its_text() {
        let values = [
            Value::PageUrl("https://example.org/x/{id}".into()),
            Value::PageUrl(String::new()),
            Value::ModeratorRoles(vec![900_000_000_000_000_111, 900_000_000_000_000_112]),
            Value::ModeratorRoles(vec![]),
            Value::ReportChannel(Some(900_000_000_000_000_006)),
            Value::ReportChannel(None),
            Value::CooldownBurst(7),
            Value::CooldownPerSecond(0.25),
        ];
        for v in values {
            assert_eq!(parse(v.key(), &v.text(), GUILD), Ok(v.clone()), "{v:?}");
        }
    }

    #[test]
    fn mentions_are_read_and_bad_values_named() {
        assert_eq!(
            parse(Key::ReportChannel, "<#900000000000000006>", GUILD),
            Ok(Value::ReportChannel(Some(900_000_000_000_000_006)))
        );
        assert_eq!(
            parse(
                Key::ModeratorRoles,
                "<@&900000000000000111>, 900000000000000111",
                GUILD
            ),
            Ok(Value::ModeratorRoles(vec![900_000_000_000_000_111]))
        );
        let refused = |key, text: &str| parse(key, text, GUILD).unwrap_err();
        assert!(refused(Key::ReportChannel, "12345").contains("is not a Discord channel id"));
        assert!(refused(Key::ReportChannel, "#general").contains("is not a channel"));
        assert!(refused(Key::PageUrl, "example.org/{id}").contains("is not a page URL"));
        assert!(refused(Key::ModeratorRoles, &GUILD.to_string()).contains("everyone role"));
        assert!(refused(Key::CooldownBurst, "0").contains("at least 1"));
        assert!(refused(Key::CooldownBurst, "1001").contains("at most 1000"));
        assert!(refused(Key::CooldownPerSecond, "nan").contains("above 0"));
        assert!(refused(Key::CooldownPerSecond, "51").contains("at most 50"));
    }
}
