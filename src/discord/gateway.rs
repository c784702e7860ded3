//! `spotter serve`: serenity's `Client` on Discord's gateway, an `EventHandler` holding the
//! shared `Replier`; command registration at shard 0's ready; mentions and DMs answered as
//! `/ask`; reports posted to their channel; the gateway URL and shard count from discovery
//! only (never serenity's fallback host), or a configured shard range; a stop on
//! SIGINT/SIGTERM in any connection state. Knows serenity; never the index.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serenity::all::{
    BotGateway, ChannelId, Client, ClientBuilder, Context, CreateInteractionResponse, EventHandler,
    GatewayIntents, Http, Interaction, InteractionId, Message, MessageId, Ready,
};
use tracing::{Instrument, info, info_span, warn};

use super::interaction;
use super::render;
use super::reply::{Replier, Reply};
use super::rest;
use super::shutdown::{SHUTDOWN_GRACE, Signals};
use crate::config::{DiscordConfig, ShardRange};
use crate::domain::handler::Handler;

/// What `serve` needs besides the handler: the `[discord]` section, and what is not in it.
#[derive(Clone, Debug)]
pub struct GatewaySettings {
    /// The bot token (from `DISCORD_TOKEN`).
    pub token: crate::config::Secret,
    /// `DISCORD_API_BASE`, when REST and the gateway are elsewhere.
    pub api_base: Option<String>,
    /// `[discord]`: the servers to register commands in, and the defaults of the servers'
    /// settings (moderator roles, report channel, cooldown).
    pub discord: DiscordConfig,
    /// The shards to run (`--shards` over `discord.shards`, read); `None`: every shard of
    /// the count Discord recommends.
    pub shards: Option<ShardRange>,
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
        Interaction::Modal(m) => m.data.custom_id.clone(),
        _ => String::new(),
    }
}

fn user_of(i: &Interaction) -> Option<u64> {
    match i {
        Interaction::Command(c) | Interaction::Autocomplete(c) => Some(c.user.id.get()),
        Interaction::Component(c) => Some(c.user.id.get()),
        Interaction::Modal(m) => Some(m.user.id.get()),
        _ => None,
    }
}

impl Bot {
    /// Does what the reply says: answer, acknowledge and delete, post a report and answer,
    /// or defer, run and edit.
    async fn carry_out(&self, ctx: &Context, id: InteractionId, token: &str, reply: Reply) {
        let respond = |response: CreateInteractionResponse, what: &'static str| async move {
            let sent = ctx
                .http
                .create_interaction_response(id, token, &response, vec![])
                .await;
            if let Err(error) = &sent {
                warn!(%error, "{what} failed");
            }
            sent.is_ok()
        };
        match reply {
            Reply::Now(response) => {
                respond(response, "answering").await;
            }
            Reply::Remove {
                ack,
                channel_id,
                message_id,
            } => {
                if !respond(ack, "acknowledging").await {
                    return;
                }
                // The bot's own message (a card or a mention reply): deleted through the
                // channel, which works whether an interaction made it or not.
                let (channel, message) = (ChannelId::new(channel_id), MessageId::new(message_id));
                if let Err(error) = ctx.http.delete_message(channel, message, None).await {
                    warn!(%error, "deleting the message failed");
                }
            }
            Reply::Report(outgoing) => {
                respond(outgoing.deliver(&ctx.http).await, "answering the report").await;
            }
            Reply::Deferred { defer, later } => {
                if !respond(defer, "deferring").await {
                    return;
                }
                let finished = self.replier.finish(later).await;
                Replier::edit_deferred(&ctx.http, token, finished).await;
            }
        }
    }
}

#[serenity::async_trait]
impl EventHandler for Bot {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.bot_id.store(ready.user.id.get(), Ordering::Relaxed);
        let shard = ctx.shard_id.0;
        info!(user = %ready.user.name, guilds = ready.guilds.len(), shard, "connected");
        // Every shard gets its own READY; commands are the application's, registered once:
        // by shard 0, wherever it runs.
        if shard != 0 {
            return;
        }
        match rest::register(&ctx.http, &self.guild_ids).await {
            Ok(n) if self.guild_ids.is_empty() => info!(commands = n, "registered global commands"),
            Ok(n) => info!(
                commands = n,
                guilds = self.guild_ids.len(),
                "registered guild commands"
            ),
            Err(error) => warn!(%error, "registering commands failed"),
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let span = info_span!(
            "interaction",
            interaction.id = %interaction.id(),
            command = %command_name(&interaction),
            guild.id = ?interaction.guild_id().map(|g| g.get()),
            user.id = ?user_of(&interaction),
        );
        async {
            let incoming = interaction::parse(&interaction);
            let (id, token) = (interaction.id(), interaction.token().to_string());
            let reply = self.replier.reply(incoming).await;
            self.carry_out(&ctx, id, &token, reply).await;
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
            // A mention carries no member rights: it may ask, never moderate.
            let asker = interaction::asker_of(
                &msg.author,
                None,
                msg.channel_id.get(),
                msg.guild_id.map(|g| g.get()),
            );
            let (answer, audience) = self.replier.mention(&asker, question).await;
            let reply = render::channel_message(&answer, &audience).reference_message(&msg);
            if let Err(error) = msg.channel_id.send_message(&ctx.http, reply).await {
                warn!(%error, "replying failed");
            }
        }
        .instrument(span)
        .await;
    }
}

/// Why the bot could not run.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// Gateway discovery failed: without it there is no gateway URL to connect to, and
    /// serenity's fallback (`wss://gateway.discord.gg`) would leave `DISCORD_API_BASE`.
    #[error("cannot discover the gateway through {via}")]
    Discovery {
        /// `DISCORD_API_BASE (…)` or Discord's REST API.
        via: String,
        /// The REST error.
        #[source]
        source: serenity::Error,
    },
    /// Serenity could not build the client or a shard ended with an error (a bad token).
    #[error("the gateway client failed")]
    Client(#[source] serenity::Error),
    /// The process cannot handle SIGINT/SIGTERM.
    #[error("cannot install the SIGINT/SIGTERM handlers")]
    Signals(#[source] std::io::Error),
}

/// Asks REST for the gateway URL and the recommended shard count (`GET /gateway/bot`). Every
/// connection goes to the URL this returns or to none: serenity's own lookup falls back to
/// `wss://gateway.discord.gg` when REST cannot be reached, which with `DISCORD_API_BASE` set
/// would leave the proxy (or the tests' loopback).
///
/// # Errors
/// `GatewayError::Discovery` when REST cannot be reached or refuses.
pub async fn discover(http: &Http, api_base: Option<&str>) -> Result<BotGateway, GatewayError> {
    http.get_bot_gateway()
        .await
        .map_err(|source| GatewayError::Discovery {
            via: api_base.map_or_else(
                || "Discord's REST API".to_string(),
                |base| format!("DISCORD_API_BASE ({base})"),
            ),
            source,
        })
}

/// A built client and the shards it runs.
pub struct GatewayClient {
    /// Serenity's client, on the discovered gateway URL.
    pub client: Client,
    /// The shards `start` runs.
    pub shards: ShardRange,
}

impl GatewayClient {
    /// Runs the shards until they shut down.
    ///
    /// # Errors
    /// When a shard cannot start or ends with an error (a bad token).
    pub async fn start(&mut self) -> serenity::Result<()> {
        let ShardRange { first, last, total } = self.shards;
        // Serenity reads this range's end as inclusive (start_connection's `end_shard`).
        self.client.start_shard_range(first..last, total).await
    }
}

/// Builds the client (REST through `DISCORD_API_BASE` when set) on the gateway URL that
/// discovery gave, never serenity's fallback, for the configured shards or every shard of
/// Discord's recommendation.
///
/// # Errors
/// When discovery fails or serenity cannot build the client.
pub async fn client(
    settings: &GatewaySettings,
    handler: Arc<dyn Handler>,
) -> Result<GatewayClient, GatewayError> {
    let http = rest::http(settings.token.expose(), settings.api_base.as_deref());
    let gateway = discover(&http, settings.api_base.as_deref()).await?;
    let shards = settings.shards.unwrap_or(ShardRange {
        first: 0,
        last: gateway.shards.max(1) - 1,
        total: gateway.shards.max(1),
    });
    info!(
        url = %gateway.url,
        first = shards.first,
        last = shards.last,
        total = shards.total,
        "gateway discovered"
    );
    let replier = Arc::new(
        Replier::new(handler, &settings.discord).allow_downloads_from(settings.api_base.as_deref()),
    );
    // `new_with_http` keeps the proxied client; `.token(..)` afterwards would replace it.
    let client = ClientBuilder::new_with_http(http, INTENTS)
        .event_handler(Bot::new(replier, settings.discord.guild_ids.clone()))
        .await
        .map_err(GatewayError::Client)?;
    // The builder asked REST once more and may have fallen back to discord.gg: every shard
    // (and every reconnect) reads this shared URL.
    *client.ws_url.lock().await = gateway.url;
    Ok(GatewayClient { client, shards })
}

/// Runs the bot until SIGINT or SIGTERM, in whatever state the connection is (building,
/// connecting, reconnecting, resuming): the signal ends the run, the shards get
/// `SHUTDOWN_GRACE` to close, and a second signal exits at once.
///
/// # Errors
/// When discovery fails or the client cannot start (a bad token ends here).
pub async fn run(settings: GatewaySettings, handler: Arc<dyn Handler>) -> Result<(), GatewayError> {
    let signals = Signals::new().map_err(GatewayError::Signals)?;
    let stop = signals.first();
    tokio::pin!(stop);
    let mut client = tokio::select! {
        built = client(&settings, handler) => built?,
        () = &mut stop => return Ok(()),
    };
    let shards = client.client.shard_manager.clone();
    tokio::select! {
        ended = client.start() => ended.map_err(GatewayError::Client),
        () = &mut stop => {
            // Serenity's `shutdown_all` waits up to 5 s per shard and does nothing while no
            // shard runs (the gateway unreachable): it never ends `start()` by itself then.
            if tokio::time::timeout(SHUTDOWN_GRACE, shards.shutdown_all()).await.is_err() {
                warn!("the shards did not close in time; stopping anyway");
            }
            Ok(())
        }
    }
}
