//! The fake's websocket gateway: HELLO on connect, READY for IDENTIFY, RESUMED (or
//! INVALID_SESSION) for RESUME, heartbeat ACKs; every payload recorded. Knows tungstenite;
//! never REST.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{
    ErrorResponse, Request, Response as WsResponse,
};

use super::payloads::bot_user;
use super::{
    APP_ID, GUILD_ID, GatewayMode, HEARTBEAT_INTERVAL_MS, Session, Shared, shard_of_guild,
};

/// Accepts sockets until the fake is dropped; aborting this task drops the JoinSet, which
/// aborts every open socket's task.
pub(super) async fn accept_gateway(listener: TcpListener, shared: Arc<Shared>) {
    let mut sockets = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((tcp, _)) = accepted {
                    sockets.spawn(serve_socket(tcp, Arc::clone(&shared)));
                }
            }
            // Reaps finished sockets so the set does not grow.
            Some(_) = sockets.join_next(), if !sockets.is_empty() => {}
        }
    }
}

/// One gateway socket: HELLO on connect, then answers IDENTIFY, RESUME and HEARTBEAT.
async fn serve_socket(tcp: TcpStream, shared: Arc<Shared>) {
    let mode = shared.mode();
    if mode == GatewayMode::Drop || mode == GatewayMode::Stall {
        shared.lock().gateway.connections += 1;
        shared.bump();
        if mode == GatewayMode::Stall {
            // Held open until the fake is dropped (which aborts this task).
            let _held = tcp;
            std::future::pending::<()>().await;
        }
        return;
    }
    let mut target = String::new();
    // The signature is tungstenite's handshake callback; its error type is not ours to shrink.
    #[allow(clippy::result_large_err)]
    let record_target = |req: &Request, resp: WsResponse| -> Result<WsResponse, ErrorResponse> {
        target = req.uri().to_string();
        Ok(resp)
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, record_target).await else {
        return;
    };
    let (mut sink, mut stream) = ws.split();

    // Writes go through a channel so that the test API can send without owning the sink.
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    let writer = tokio::spawn(async move {
        while let Some(frame) = rx.recv().await {
            let closing = matches!(frame, Message::Close(_));
            if sink.send(frame).await.is_err() || closing {
                break;
            }
        }
    });

    let socket = {
        let mut inner = shared.lock();
        let g = &mut inner.gateway;
        g.connections += 1;
        g.urls.push(target);
        // Sent even before a RESUME: serenity ignores HELLO while resuming (protocol doc §2).
        send(
            &tx,
            &json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": null, "t": null}),
        );
        g.connections
    };
    shared.bump();

    while let Some(Ok(frame)) = stream.next().await {
        match frame {
            Message::Text(text) => {
                if let Ok(payload) = serde_json::from_str::<Value>(&text) {
                    on_payload(&shared, socket, &tx, payload);
                    shared.bump();
                }
            }
            Message::Close(_) => break,
            _ => {}
        }
    }

    {
        let mut inner = shared.lock();
        for session in inner.gateway.sessions.values_mut() {
            if session.live.as_ref().is_some_and(|(id, _)| *id == socket) {
                session.live = None;
            }
        }
    }
    shared.bump();
    drop(tx);
    let _ = writer.await;
}

/// Handles one payload from the bot. Answers are queued before the payload is recorded, so a
/// test that saw IDENTIFY or RESUME recorded can rely on READY / RESUMED being ahead of its
/// own dispatches.
fn on_payload(shared: &Shared, socket: usize, tx: &mpsc::UnboundedSender<Message>, payload: Value) {
    let mut inner = shared.lock();
    let g = &mut inner.gateway;
    let d = payload["d"].clone();
    match payload["op"].as_u64() {
        Some(1) => send(tx, &json!({"op": 11, "d": null, "s": null, "t": null})),
        Some(2) => {
            // `shard: [id, total]`; without it the one shard of one.
            let shard = d["shard"][0].as_u64().unwrap_or(0) as u32;
            g.total = d["shard"][1].as_u64().unwrap_or(1) as u32;
            let session_id = format!("fake-session-{}", g.identifies.len() + 1);
            // A new session starts its sequence at 1 (READY is s=1), as Discord's does.
            let ready = ready(&session_id, &shared.gateway_url(), shard, g.total);
            g.sessions.insert(
                shard,
                Session {
                    session_id,
                    seq: 0,
                    live: Some((socket, tx.clone())),
                },
            );
            g.send_dispatch(shard, tx, "READY", ready);
            g.identifies.push(d);
        }
        Some(6) => {
            let resumed = d["session_id"].as_str().and_then(|id| {
                g.sessions
                    .iter()
                    .find(|(_, s)| s.session_id == id)
                    .map(|(shard, _)| *shard)
            });
            if let Some(shard) = resumed {
                // RESUMED needs `"d": {}`: with null serenity parses Event::Unknown (protocol doc §2).
                g.send_dispatch(shard, tx, "RESUMED", json!({}));
                g.sessions.entry(shard).or_default().live = Some((socket, tx.clone()));
            } else {
                // Unknown session: INVALID_SESSION, not resumable → serenity identifies again.
                g.send_op(tx, 9, json!(false));
            }
            g.resumes.push(d);
        }
        _ => {}
    }
    g.received.push(payload);
}

pub(super) fn send(tx: &mpsc::UnboundedSender<Message>, payload: &Value) {
    // A closed socket just loses the frame, as with Discord.
    let _ = tx.send(Message::Text(payload.to_string()));
}

/// READY with exactly the fields serenity's model requires (protocol doc §2); GUILD_ID is
/// listed on its own shard only.
fn ready(session_id: &str, gateway_url: &str, shard: u32, total: u32) -> Value {
    let guilds = if shard_of_guild(GUILD_ID, total) == shard {
        json!([{"id": GUILD_ID.to_string(), "unavailable": true}])
    } else {
        json!([])
    };
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": gateway_url,
        "shard": [shard, total],
        "application": {"id": APP_ID.to_string(), "flags": 0},
    })
}
