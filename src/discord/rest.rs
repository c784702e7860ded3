//! The REST client built from the environment (`DISCORD_API_BASE` as proxy, serenity's
//! ratelimiter off so every call goes there) and command registration by bulk overwrite.

use serenity::all::{Command, GuildId, Http, HttpBuilder};

use super::{commands, moderate};

/// The REST client. With an API base, serenity's ratelimiter must be off: it builds its
/// requests without the proxy and would talk to discord.com (discord-protocol.md §1).
pub fn http(token: &str, api_base: Option<&str>) -> Http {
    let mut b = HttpBuilder::new(token);
    if let Some(base) = api_base {
        b = b.proxy(base).ratelimiter_disabled(true);
    }
    b.build()
}

/// Registers every command with one idempotent bulk overwrite: per server when `guild_ids`
/// is set (instant), else globally. Returns how many commands were registered.
///
/// # Errors
/// When Discord refuses the registration.
pub async fn register(http: &Http, guild_ids: &[u64]) -> serenity::Result<usize> {
    let mut definitions = commands::definitions();
    definitions.extend(moderate::definitions());
    definitions.push(super::settings::definition());
    if guild_ids.is_empty() {
        Ok(Command::set_global_commands(http, definitions).await?.len())
    } else {
        let mut n = 0;
        for g in guild_ids {
            n = GuildId::new(*g)
                .set_commands(http, definitions.clone())
                .await?
                .len();
        }
        Ok(n)
    }
}
