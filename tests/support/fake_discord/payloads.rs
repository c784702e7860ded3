//! Builders of complete payloads (users, members, interactions, messages) that serenity
//! 0.12.5's models accept (protocol doc §3). Pure JSON; no sockets.

use serde_json::{Value, json};

use super::rest::merge;
use super::{
    APP_ID, APP_PERMISSIONS, BOT_NAME, BOT_USER_ID, CHANNEL_ID, COMMAND_ID, GUILD_ID, TIMESTAMP,
};

/// A user object (`bot` when `id` is the bot's).
pub fn user(id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": null,
        "bot": id == BOT_USER_ID,
        "system": false,
        "public_flags": 0,
    })
}

/// The bot's user as `GET /users/@me` and READY give it.
pub fn bot_user() -> Value {
    let mut me = user(BOT_USER_ID, BOT_NAME);
    merge(
        &mut me,
        &json!({"global_name": null, "verified": true, "mfa_enabled": false, "flags": 0}),
    );
    me
}

/// `<@BOT_USER_ID>`: how a message mentions the bot in its content.
pub fn bot_mention() -> String {
    format!("<@{BOT_USER_ID}>")
}

/// The application as `GET /oauth2/applications/@me` gives it (every field serenity's
/// `CurrentApplicationInfo` requires).
pub fn application() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": BOT_NAME,
        "icon": null,
        "description": "",
        "rpc_origins": [],
        "bot_public": true,
        "bot_require_code_grant": false,
        "owner": user(900000000000000009, "owner"),
        "verify_key": "0".repeat(64),
        "team": null,
        "flags": 0,
        "bot": bot_user(),
    })
}

/// A guild member; `permissions` is the decimal string of the member's permission bits in the
/// channel (interaction `member.permissions`), e.g. "0", "32" (MANAGE_GUILD) or "8"
/// (ADMINISTRATOR); `roles` are role ids.
pub fn member(user_id: u64, name: &str, permissions: &str, roles: &[u64]) -> Value {
    json!({
        "user": user(user_id, name),
        "nick": null,
        "avatar": null,
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": TIMESTAMP,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": permissions,
        "communication_disabled_until": null,
    })
}

/// An APPLICATION_COMMAND (type 2) in GUILD_ID/CHANNEL_ID by `member`; `options` is the array
/// of `{"name", "type", "value"}`. The token is `token-{id}`.
pub fn command(id: u64, name: &str, options: Value, member: Value) -> Value {
    let data = json!({"id": COMMAND_ID.to_string(), "name": name, "type": 1, "options": options});
    interaction(id, 2, data, member)
}

/// An APPLICATION_COMMAND_AUTOCOMPLETE (type 4): one string option `option` being typed
/// (`focused`) with `value`.
pub fn autocomplete(id: u64, name: &str, option: &str, value: &str, member: Value) -> Value {
    let options = json!([{"name": option, "type": 3, "value": value, "focused": true}]);
    let data = json!({"id": COMMAND_ID.to_string(), "name": name, "type": 1, "options": options});
    interaction(id, 4, data, member)
}

/// A MESSAGE_COMPONENT (type 3) on a full message by the bot (id `id + 1`) that carries the
/// component: a button (component_type 2) when `values` is empty, else a string select
/// (component_type 3) with those values chosen.
pub fn component(id: u64, custom_id: &str, values: &[&str], member: Value) -> Value {
    let (data, row) = if values.is_empty() {
        (
            json!({"custom_id": custom_id, "component_type": 2}),
            json!({"type": 2, "style": 1, "custom_id": custom_id, "label": "Button"}),
        )
    } else {
        let options: Vec<Value> = values
            .iter()
            .map(|v| json!({"label": v, "value": v}))
            .collect();
        (
            json!({"custom_id": custom_id, "component_type": 3, "values": values}),
            json!({"type": 3, "custom_id": custom_id, "options": options, "min_values": 1, "max_values": 1}),
        )
    };
    let mut payload = interaction(id, 3, data, member);
    // Without guild_id and member: those are MESSAGE_CREATE-only fields.
    let mut message = message_payload(id + 1, "", BOT_USER_ID, false, false);
    message["components"] = json!([{"type": 1, "components": [row]}]);
    message["application_id"] = json!(APP_ID.to_string());
    message["webhook_id"] = json!(APP_ID.to_string());
    payload["message"] = message;
    payload
}

/// A message context-menu command (APPLICATION_COMMAND, `data.type` 3) named `name`, run on
/// `target` (a message from `message`): Discord sends the message in
/// `data.resolved.messages` under `data.target_id`.
pub fn message_command(id: u64, name: &str, target: Value, member: Value) -> Value {
    let target_id = id_of(&target["id"]);
    let data = json!({
        "id": COMMAND_ID.to_string(),
        "name": name,
        "type": 3,
        "target_id": target_id,
        "resolved": {"messages": {target_id.clone(): target}},
    });
    interaction(id, 2, data, member)
}

/// A MODAL_SUBMIT (type 5) of the modal `custom_id` with one text input `input` holding
/// `value`, sent from a component on a message by the bot (id `id + 1`), as Discord sends a
/// modal opened by a button.
pub fn modal_submit(id: u64, custom_id: &str, input: &str, value: &str, member: Value) -> Value {
    let data = json!({
        "custom_id": custom_id,
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": input, "value": value}]}],
    });
    let mut payload = interaction(id, 5, data, member);
    let mut message = message_payload(id + 1, "", BOT_USER_ID, false, false);
    message["application_id"] = json!(APP_ID.to_string());
    message["webhook_id"] = json!(APP_ID.to_string());
    payload["message"] = message;
    payload
}

fn id_of(id: &Value) -> String {
    id.as_str().map_or_else(|| id.to_string(), str::to_string)
}

/// A MESSAGE_CREATE `d`: a message in CHANNEL_ID (guild GUILD_ID, or a DM when `guild` is
/// false) by `author_id`, with the bot in `mentions` when `mention_bot`. `content` is used as
/// is: put `bot_mention()` in it if the bot reads mentions from the text.
pub fn message(id: u64, content: &str, author_id: u64, guild: bool, mention_bot: bool) -> Value {
    message_payload(id, content, author_id, guild, mention_bot)
}

fn message_payload(
    id: u64,
    content: &str,
    author_id: u64,
    guild: bool,
    mention_bot: bool,
) -> Value {
    let name = if author_id == BOT_USER_ID {
        BOT_NAME.to_string()
    } else {
        format!("user{author_id}")
    };
    let mentions = if mention_bot {
        json!([bot_user()])
    } else {
        json!([])
    };
    let mut message = json!({
        "id": id.to_string(),
        "channel_id": CHANNEL_ID.to_string(),
        "author": user(author_id, &name),
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    });
    if guild {
        message["guild_id"] = json!(GUILD_ID.to_string());
        // MESSAGE_CREATE's member has no `user` (it is the author).
        message["member"] = json!({
            "roles": [], "joined_at": TIMESTAMP, "deaf": false, "mute": false, "flags": 0, "pending": false,
        });
    }
    message
}

/// The fields every interaction in GUILD_ID/CHANNEL_ID has (protocol doc §3: `locale`,
/// `entitlements` and `attachment_size_limit` are required or the event is dropped).
fn interaction(id: u64, kind: u8, data: Value, member: Value) -> Value {
    json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "data": data,
        "guild_id": GUILD_ID.to_string(),
        "channel": {"id": CHANNEL_ID.to_string(), "type": 0, "name": "general", "guild_id": GUILD_ID.to_string()},
        "channel_id": CHANNEL_ID.to_string(),
        "member": member,
        "token": format!("token-{id}"),
        "version": 1,
        "app_permissions": APP_PERMISSIONS,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0,
        "attachment_size_limit": 26214400,
    })
}

/// `payload` (an interaction or message from the builders) moved to guild `guild_id`.
pub fn in_guild(mut payload: Value, guild_id: u64) -> Value {
    let guild = json!(guild_id.to_string());
    payload["guild_id"] = guild.clone();
    if payload["channel"].is_object() {
        payload["channel"]["guild_id"] = guild.clone();
    }
    if payload["authorizing_integration_owners"].is_object() {
        payload["authorizing_integration_owners"]["0"] = guild;
    }
    payload
}
