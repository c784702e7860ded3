//! `spotter serve`: serenity's `Client` on Discord's gateway, an `EventHandler` holding the
//! shared `Replier`; command registration at ready; mentions and DMs answered as `/ask`;
//! graceful shutdown on SIGINT/SIGTERM. Knows serenity; never the index.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serenity::all::{
    Client, ClientBuilder, Context, EventHandler, GatewayIntents, Interaction, Message, Ready,
};
use tracing::{Instrument, info, info_span, warn};

use super::interaction::{self, Asker};
use super::render;
use super::reply::{Replier, Reply};
use super::rest;
use crate::domain::handler::Handler;

/// What `serve` needs besides the handler.
#[derive(Clone, Debug)]
pub struct GatewaySettings {
    /// The bot token (from `DISCORD_TOKEN`).
    pub token: crate::config::Secret,
    /// `DISCORD_API_BASE`, when REST and the gateway are elsewhere.
    pub api_base: Option<String>,
    /// Servers to register commands in; empty: global.
    pub guild_ids: Vec<u64>,
    /// Roles allowed to reindex.
    pub moderator_role_ids: Vec<u64>,
    /// Cooldown burst.
    pub cooldown_burst: u32,
    /// Cooldown rate.
    pub cooldown_per_second: f64,
}

/// The smallest intents that work: slash commands need none; mentions and DMs carry their
/// content without the privileged MESSAGE_CONTENT intent.
pub const INTENTS: GatewayIntents =
    GatewayIntents::GUILD_MESSAGES.union(GatewayIntents::DIRECT_MESSAGES);

/// The event handler.
pub struct Bot {
    replier: Arc<Replier>,
    guild_ids: Vec<u64>,
    bot_id: AtomicU64,
}

impl Bot {
    /// A bot over a replier.
    pub fn new(replier: Arc<Replier>, guild_ids: Vec<u64>) -> Bot {
        Bot {
            replier,
            guild_ids,
            bot_id: AtomicU64::new(0),
        }
    }
}

fn command_name(i: &Interaction) -> String {
    match i {
        Interaction::Command(c) | Interaction::Autocomplete(c) => c.data.name.clone(),
        Interaction::Component(c) => c.data.custom_id.clone(),
        _ => String::new(),
    }
}

#[serenity::async_trait]
impl EventHandler for Bot {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.bot_id.store(ready.user.id.get(), Ordering::Relaxed);
        match rest::register(&ctx.http, &self.guild_ids).await {
            Ok(n) if self.guild_ids.is_empty() => info!(commands = n, "registered global commands"),
            Ok(n) => info!(
                commands = n,
                guilds = self.guild_ids.len(),
                "registered guild commands"
            ),
            Err(error) => warn!(%error, "registering commands failed"),
        }
        info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let span = info_span!(
            "interaction",
            interaction.id = %interaction.id(),
            command = %command_name(&interaction),
            guild.id = ?interaction.guild_id().map(|g| g.get()),
            user.id = ?interaction.as_command().map(|c| c.user.id.get())
                .or_else(|| interaction.as_message_component().map(|c| c.user.id.get())),
        );
        async {
            let incoming = interaction::parse(&interaction);
            let (id, token) = (interaction.id(), interaction.token().to_string());
            match self.replier.reply(incoming).await {
                Reply::Now(response) => {
                    if let Err(error) = ctx
                        .http
                        .create_interaction_response(id, &token, &response, vec![])
                        .await
                    {
                        warn!(%error, "answering failed");
                    }
                }
                Reply::Deferred { defer, request } => {
                    if let Err(error) = ctx
                        .http
                        .create_interaction_response(id, &token, &defer, vec![])
                        .await
                    {
                        warn!(%error, "deferring failed");
                        return;
                    }
                    let answer = self.replier.answer(request).await;
                    if let Err(error) = ctx
                        .http
                        .edit_original_interaction_response(&token, &render::edit(&answer), vec![])
                        .await
                    {
                        warn!(%error, "editing the deferred answer failed");
                    }
                }
            }
        }
        .instrument(span)
        .await;
    }

    async fn message(&self, ctx: Context, msg: Message) {
        let bot_id = self.bot_id.load(Ordering::Relaxed);
        let Some(question) = interaction::mention_question(&msg, bot_id) else {
            return;
        };
        let span = info_span!("mention", message.id = %msg.id, guild.id = ?msg.guild_id.map(|g| g.get()), user.id = %msg.author.id);
        async {
            let asker = Asker {
                user_id: msg.author.id.get(),
                name: msg.author.name.clone(),
                channel_id: msg.channel_id.get(),
                guild_id: msg.guild_id.map(|g| g.get()),
                rights: Default::default(),
            };
            if let Some(answer) = self.replier.mention(&asker, question).await {
                let reply = render::channel_message(&answer).reference_message(&msg);
                if let Err(error) = msg.channel_id.send_message(&ctx.http, reply).await {
                    warn!(%error, "replying failed");
                }
            }
        }
        .instrument(span)
        .await;
    }
}

/// Builds the client (REST through `DISCORD_API_BASE` when set).
///
/// # Errors
/// When serenity cannot build the client.
pub async fn client(
    settings: &GatewaySettings,
    handler: Arc<dyn Handler>,
) -> serenity::Result<Client> {
    let http = rest::http(settings.token.expose(), settings.api_base.as_deref());
    let replier = Arc::new(Replier::new(
        handler,
        settings.cooldown_burst,
        settings.cooldown_per_second,
        settings.moderator_role_ids.clone(),
    ));
    // `new_with_http` keeps the proxied client; `.token(..)` afterwards would replace it.
    ClientBuilder::new_with_http(http, INTENTS)
        .event_handler(Bot::new(replier, settings.guild_ids.clone()))
        .await
}

/// Runs the bot until SIGINT or SIGTERM, then closes the shards cleanly.
///
/// # Errors
/// When the client cannot start (a bad token ends here).
pub async fn run(settings: GatewaySettings, handler: Arc<dyn Handler>) -> serenity::Result<()> {
    let mut client = client(&settings, handler).await?;
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        info!("shutting down");
        shards.shutdown_all().await;
    });
    client.start().await
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
