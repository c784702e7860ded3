//! The fake's REST side: records every request and answers it by route as Discord does
//! (gateway discovery, commands, interaction callbacks with their 3 s deadline and single
//! answer, webhooks, channel messages and their deletion). Registered commands must follow
//! Discord's rules (`commands.rs`), a modal (callback type 9) and a channel message must fit
//! serenity's models, or they are refused as Discord refuses an invalid form body. Knows
//! HTTP and JSON; never the websocket.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::commands;
use super::files::{self, Form, Upload, attachment_objects};
use super::payloads::{application, bot_user};
use super::{APP_ID, CHANNEL_ID, INTERACTION_DEADLINE, Inner, REPORT_CHANNEL_ID, Recorded, Shared};

/// The Authorization of `DISCORD_TOKEN=wrong-token`: refused with 401 as Discord refuses a bad
/// token (every other token is accepted).
const WRONG_TOKEN_HEADER: &str = "Bot wrong-token";

/// Records the request, then answers it by route.
pub(super) async fn rest_handler(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), |p| p.to_string());
    if method == Method::GET && uri.path().starts_with("/attachments/") {
        return hosted(&shared, uri.path());
    }
    let (body, form) = parse_body(&headers, &body);
    let recorded = Recorded {
        method: method.to_string(),
        path,
        body,
        files: form
            .as_ref()
            .ok()
            .and_then(Option::as_ref)
            .map(|f| f.files.clone())
            .unwrap_or_default(),
        headers: headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    };
    let (status, answer) = {
        let mut inner = shared.lock();
        // Routed under the same lock as the recording: duplicate callbacks are decided in order.
        let answer = if recorded.header("authorization") == Some(WRONG_TOKEN_HEADER) {
            error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized")
        } else if let Err(why) = &form {
            // Discord refuses a form it cannot match up (Invalid Form Body).
            let mut e = error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
            if let Some(body) = e.1.as_mut() {
                body["errors"] = json!({"files": why});
            }
            e
        } else {
            let files = form
                .as_ref()
                .ok()
                .and_then(Option::as_ref)
                .map_or(&[][..], |f| f.files.as_slice());
            route(
                &shared,
                &mut inner,
                &method,
                uri.path(),
                &recorded.body,
                files,
            )
        };
        inner.requests.push(recorded);
        answer
    };
    shared.bump();
    match answer {
        Some(json) => (status, axum::Json(json)).into_response(),
        None => status.into_response(),
    }
}

/// Discord's answer to one request: status and JSON body (`None` = empty body).
fn route(
    shared: &Shared,
    inner: &mut Inner,
    method: &Method,
    path: &str,
    body: &Value,
    files: &[Upload],
) -> (StatusCode, Option<Value>) {
    let Some(rest) = path.strip_prefix("/api/v10/") else {
        return not_found();
    };
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let app = APP_ID.to_string();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => {
            inner.served_discovery = true;
            // No query string: serenity appends `?v=10` itself (protocol doc §2).
            ok(json!({"url": shared.gateway_url()}))
        }
        ("GET", ["gateway", "bot"]) => {
            inner.served_discovery = true;
            ok(json!({
                "url": shared.gateway_url(),
                "shards": inner.gateway.recommended.max(1),
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
            }))
        }
        ("GET", ["users", "@me"]) => ok(bot_user()),
        ("GET", ["oauth2", "applications", "@me"]) => ok(application()),
        ("PUT", ["applications", a, ..])
            if *a == app
                && let Some(why) = commands::problem(body) =>
        {
            error(
                StatusCode::BAD_REQUEST,
                50035,
                &format!("Invalid Form Body: {why}"),
            )
        }
        ("PUT", ["applications", a, "commands"]) if *a == app => {
            ok(registered_commands(inner, body, None))
        }
        ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            ok(registered_commands(inner, body, Some(g)))
        }
        ("POST", ["applications", a, "commands"]) if *a == app => {
            ok(registered_command(inner, body, None))
        }
        ("POST", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            ok(registered_command(inner, body, Some(g)))
        }
        ("POST", ["interactions", id, token, "callback"]) => callback(inner, id, token, body),
        ("PATCH", ["webhooks", a, _token, "messages", _message]) if *a == app => {
            let mut message = created_message(inner, CHANNEL_ID.to_string(), body, true);
            let first = inner.next_id();
            message["attachments"] = attachment_objects(files, &shared.rest_base(), first);
            ok(message)
        }
        ("DELETE", ["webhooks", a, token, "messages", message]) if *a == app => {
            delete_original(inner, token, message)
        }
        ("DELETE", ["channels", channel, "messages", message]) => {
            delete_message(inner, channel, message)
        }
        ("POST", ["webhooks", a, _token]) if *a == app => {
            ok(created_message(inner, CHANNEL_ID.to_string(), body, true))
        }
        ("POST", ["channels", channel, "messages"]) => post_message(inner, channel, body),
        _ => not_found(),
    }
}

/// The interaction callback: 204 once; a second one 400 (40060); a late or unknown-token one
/// 404 (10062) as Discord does. Interactions the fake did not send (e.g. posted to an
/// interactions endpoint by a test) are accepted once.
fn callback(inner: &mut Inner, id: &str, token: &str, body: &Value) -> (StatusCode, Option<Value>) {
    if body["type"] == 9
        && let Err(why) = modal_problem(&body["data"])
    {
        return error(
            StatusCode::BAD_REQUEST,
            50035,
            &format!("Invalid Form Body: {why}"),
        );
    }
    if inner.answered.contains(id) {
        return error(
            StatusCode::BAD_REQUEST,
            40060,
            "Interaction has already been acknowledged.",
        );
    }
    if let Some((sent_token, sent_at)) = inner.interactions.get(id)
        && (sent_token != token || sent_at.elapsed() > INTERACTION_DEADLINE)
    {
        return error(StatusCode::NOT_FOUND, 10062, "Unknown interaction");
    }
    inner.answered.insert(id.to_string());
    (StatusCode::NO_CONTENT, None)
}

/// Why a modal's `data` is not one Discord takes: its id and title within their limits, one
/// to five rows that serenity's `ActionRow` model reads, each holding text inputs only with a
/// style and a label of 1-45 characters
/// (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal).
fn modal_problem(data: &Value) -> Result<(), String> {
    use serenity::all::{ActionRow, ActionRowComponent};
    let chars = |v: &Value| v.as_str().map(|s| s.chars().count());
    let id = chars(&data["custom_id"]).ok_or("no custom_id")?;
    let title = chars(&data["title"]).ok_or("no title")?;
    if !(1..=100).contains(&id) || !(1..=45).contains(&title) {
        return Err(format!("custom_id of {id} or title of {title} characters"));
    }
    let rows: Vec<ActionRow> = serde_json::from_value(data["components"].clone())
        .map_err(|e| format!("components do not fit serenity's ActionRow: {e}"))?;
    if !(1..=5).contains(&rows.len()) {
        return Err(format!("{} rows", rows.len()));
    }
    for c in rows.iter().flat_map(|r| &r.components) {
        let ActionRowComponent::InputText(input) = c else {
            return Err(format!("a modal holds text inputs only, not {c:?}"));
        };
        let label = input.label.as_deref().map_or(0, |l| l.chars().count());
        let (min, max) = (
            input.min_length.unwrap_or(0),
            input.max_length.unwrap_or(4000),
        );
        if input.style.is_none() || !(1..=45).contains(&label) || min > max || max > 4000 {
            return Err(format!("text input {input:?}"));
        }
    }
    Ok(())
}

/// `POST /channels/{c}/messages`: the message created, in a channel the fake has (CHANNEL_ID
/// or REPORT_CHANNEL_ID; 404 10003 for another), when it fits serenity's `Message` model
/// (400 50035 otherwise). Accepted bodies are kept for `channel_messages`.
fn post_message(inner: &mut Inner, channel: &str, body: &Value) -> (StatusCode, Option<Value>) {
    let Some(channel_id) = channel
        .parse::<u64>()
        .ok()
        .filter(|c| [CHANNEL_ID, REPORT_CHANNEL_ID].contains(c))
    else {
        return error(StatusCode::NOT_FOUND, 10003, "Unknown Channel");
    };
    let message = created_message(inner, channel.to_string(), body, false);
    let content = body["content"].as_str().map_or(0, |c| c.chars().count());
    if content > 2000 || serde_json::from_value::<serenity::all::Message>(message.clone()).is_err()
    {
        return error(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
    }
    inner.posted.push((channel_id, body.clone()));
    ok(message)
}

/// `DELETE /channels/{c}/messages/{m}`: 204 once for a message id in the fake's channel; 404
/// for another channel (10003) or a message already deleted (10008), as Discord answers.
fn delete_message(inner: &mut Inner, channel: &str, message: &str) -> (StatusCode, Option<Value>) {
    if channel != CHANNEL_ID.to_string() {
        return error(StatusCode::NOT_FOUND, 10003, "Unknown Channel");
    }
    let key = format!("{channel}/{message}");
    if message.parse::<u64>().is_err() || inner.deleted.contains(&key) {
        return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
    }
    inner.deleted.push(key);
    (StatusCode::NO_CONTENT, None)
}

/// `DELETE /webhooks/{app}/{token}/messages/@original`: 204 once a token; an interaction the
/// fake sent must have been answered first (10015 Unknown Webhook otherwise), and a message
/// goes once (10008).
fn delete_original(inner: &mut Inner, token: &str, message: &str) -> (StatusCode, Option<Value>) {
    let sent = inner
        .interactions
        .iter()
        .find(|(_, (t, _))| t == token)
        .map(|(id, _)| id.clone());
    if sent.is_some_and(|id| !inner.answered.contains(&id)) {
        return error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook");
    }
    let key = format!("{token}/{message}");
    if message != "@original" || inner.deleted.contains(&key) {
        return error(StatusCode::NOT_FOUND, 10008, "Unknown Message");
    }
    inner.deleted.push(key);
    (StatusCode::NO_CONTENT, None)
}

fn ok(json: Value) -> (StatusCode, Option<Value>) {
    (StatusCode::OK, Some(json))
}

fn not_found() -> (StatusCode, Option<Value>) {
    error(StatusCode::NOT_FOUND, 0, "404: Not Found")
}

fn error(status: StatusCode, code: u64, message: &str) -> (StatusCode, Option<Value>) {
    (status, Some(json!({"message": message, "code": code})))
}

/// The request body as JSON: the body itself, or the `payload_json` part of a multipart body
/// (serenity's requests with attachments) with the form's files; `Err` for a form Discord
/// would refuse.
fn parse_body(headers: &HeaderMap, bytes: &[u8]) -> (Value, Result<Option<Form>, String>) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(boundary) = files::boundary(content_type) {
        return match files::parse(bytes, &boundary) {
            Ok(form) => (form.payload.clone(), Ok(Some(form))),
            Err(why) => (
                Value::String(String::from_utf8_lossy(bytes).into_owned()),
                Err(why),
            ),
        };
    }
    if bytes.is_empty() {
        return (Value::Null, Ok(None));
    }
    match serde_json::from_slice(bytes) {
        Ok(json) => (json, Ok(None)),
        Err(_) => (
            Value::String(String::from_utf8_lossy(bytes).into_owned()),
            Ok(None),
        ),
    }
}

/// A file the fake hosts (`FakeDiscord::host_file`), as Discord's CDN serves it; 404 else.
fn hosted(shared: &Shared, path: &str) -> Response {
    match shared.lock().hosted.get(path) {
        Some(bytes) => (StatusCode::OK, bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Commands echoed back as Discord does on a bulk overwrite: each body command plus the fields
/// serenity's `Command` requires.
fn registered_commands(inner: &mut Inner, body: &Value, guild: Option<&str>) -> Value {
    let commands = body.as_array().cloned().unwrap_or_default();
    Value::Array(
        commands
            .iter()
            .map(|c| registered_command(inner, c, guild))
            .collect(),
    )
}

fn registered_command(inner: &mut Inner, command: &Value, guild: Option<&str>) -> Value {
    let mut full = json!({
        "type": 1,
        "description": "",
        "options": [],
        "default_member_permissions": null,
        "nsfw": false,
    });
    merge(&mut full, command);
    merge(
        &mut full,
        &json!({
            "id": inner.next_id().to_string(),
            "application_id": APP_ID.to_string(),
            "version": inner.next_id().to_string(),
        }),
    );
    if let Some(guild) = guild {
        full["guild_id"] = json!(guild);
    }
    full
}

/// A full Message built from a create/edit body, as serenity parses the answer. Webhook
/// messages (interaction responses and follow-ups) carry the application as webhook.
fn created_message(inner: &mut Inner, channel_id: String, body: &Value, webhook: bool) -> Value {
    let mut message = json!({
        "id": inner.next_id().to_string(),
        "channel_id": channel_id,
        "author": bot_user(),
        "content": body["content"].as_str().unwrap_or_default(),
        "timestamp": serenity::model::Timestamp::now().to_string(),
        "edited_timestamp": null,
        "tts": body["tts"].as_bool().unwrap_or(false),
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        // Uploaded files become attachments where a message can carry them (webhook edits).
        "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "components": body.get("components").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": body["flags"].as_u64().unwrap_or(0),
    });
    if webhook {
        message["webhook_id"] = json!(APP_ID.to_string());
        message["application_id"] = json!(APP_ID.to_string());
    }
    message
}

/// Copies `patch`'s keys over `base` (both objects).
pub(super) fn merge(base: &mut Value, patch: &Value) {
    if let (Some(base), Some(patch)) = (base.as_object_mut(), patch.as_object()) {
        for (k, v) in patch {
            base.insert(k.clone(), v.clone());
        }
    }
}
