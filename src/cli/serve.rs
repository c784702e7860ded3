//! The server subcommands' wiring: `serve`, `serve-http` and `register`, their runtime and its
//! bounded shutdown, the shard range from flags and config. Wiring only: what the servers do
//! lives in `discord`, what they answer in `app`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::{Cli, UsageError, open, print, records};
use crate::app::App;
use crate::config::{Config, Secrets, ShardRange};
use crate::discord::shutdown::shutdown_signal;
use crate::discord::{gateway, http, listen, reply, rest};

/// The async runtime of the servers. Answers run on its blocking threads; they are CPU work,
/// so more of them than twice the cores only adds memory (each keeps its own allocator heap
/// and analyzers) and contention, never throughput.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(2 * cores)
        .build()
        .context("starting the async runtime")
}

/// What the runtime's shutdown may take after a server stopped: answers and reindexes run on
/// blocking threads, which a plain drop of the runtime would wait for without end; the
/// process must be gone within 5 s of SIGINT/SIGTERM (reliability issue #2).
const RUNTIME_SHUTDOWN: std::time::Duration = std::time::Duration::from_secs(1);

/// Stops a server's runtime without waiting on its blocking threads beyond
/// `RUNTIME_SHUTDOWN`; the process exits right after, which ends them.
fn stop(runtime: tokio::runtime::Runtime) {
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
}

/// How often `corpus.watch` looks at the files; a change must also hold still this long.
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// `--shards`/`--total-shards` over `discord.shards`/`discord.total_shards`, validated; an
/// error names the setting the bad value came from.
fn shard_range(
    config: &Config,
    shards: Option<&str>,
    total: Option<u32>,
) -> Result<Option<ShardRange>, UsageError> {
    let from_flags = shards.is_some() || total.is_some();
    let spec = shards.unwrap_or(&config.discord.shards);
    let total = total.unwrap_or(config.discord.total_shards);
    ShardRange::parse(spec, total).map_err(|why| {
        let setting = if from_flags {
            "--shards"
        } else {
            "discord.shards"
        };
        UsageError(format!("{setting}: {why}"))
    })
}

/// Follows the generation marker of the index folder, so processes sharing it (serve-http
/// behind a balancer, serve with its shards spread) switch when any of them reindexes.
/// The thread ends when the app is dropped.
fn follow(app: &Arc<App>) {
    app.every(FOLLOW_INTERVAL, |app| {
        if app.follow_store() {
            tracing::info!(
                generation = app.searcher().generation().number,
                "switched to a newer index"
            );
        }
    });
}

/// `spotter serve`.
/// The app a server runs, the same for both transports: opened, with the moderators'
/// records (retention applied now and daily), warmed, watching the corpus when configured,
/// and following the generation marker (several processes may serve one index).
fn server_app(cli: &Cli, config: &Config) -> anyhow::Result<Arc<App>> {
    let mut app = open(cli, config)?;
    records::attach(&mut app, config);
    let app = Arc::new(app);
    records::expire_daily(&app);
    app.warm();
    if config.corpus.watch {
        app.watch(WATCH_INTERVAL);
    }
    follow(&app);
    Ok(app)
}

pub(super) fn serve(
    cli: &Cli,
    config: &Config,
    shards: Option<&str>,
    total_shards: Option<u32>,
) -> anyhow::Result<ExitCode> {
    let shards = shard_range(config, shards, total_shards)?;
    let secrets = Secrets::from_env();
    let Some(token) = secrets.token.clone() else {
        return Err(UsageError(
            "DISCORD_TOKEN is not set: export the bot token from the Discord developer portal"
                .into(),
        )
        .into());
    };
    let app = server_app(cli, config)?;
    let searcher = app.searcher();
    tracing::info!(
        pages = searcher.generation().meta.pages,
        generation = searcher.generation().number,
        index = %app.index_dir().display(),
        "index ready"
    );
    let settings = gateway::GatewaySettings {
        token,
        api_base: secrets.api_base.clone(),
        discord: config.discord.clone(),
        shards,
    };
    let runtime = runtime()?;
    let ran = runtime.block_on(gateway::run(settings, app));
    stop(runtime);
    ran.context("running the gateway bot")?;
    Ok(ExitCode::SUCCESS)
}

/// How often a server looks for a generation built by another process.
const FOLLOW_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// `spotter serve-http`.
pub(super) fn serve_http(
    cli: &Cli,
    config: &Config,
    listen: Option<String>,
) -> anyhow::Result<ExitCode> {
    let secrets = Secrets::from_env();
    let Some(key) = secrets.public_key.clone() else {
        return Err(UsageError(
            "DISCORD_PUBLIC_KEY is not set: export the application's public key (hex) from the Discord developer portal"
                .into(),
        )
        .into());
    };
    let verifier = http::verifier(&key).map_err(|e| UsageError(e.to_string()))?;
    // Interaction answers need no token, but a report is a channel message the bot posts.
    if config.discord.report_channel().is_some() && secrets.token.is_none() {
        return Err(UsageError(
            "discord.report_channel_id is set, and reports are posted with the bot token: export DISCORD_TOKEN too"
                .into(),
        )
        .into());
    }
    let app = server_app(cli, config)?;
    let token = secrets
        .token
        .as_ref()
        .map(|t| t.expose().to_string())
        .unwrap_or_default();
    let rest = Arc::new(rest::http(&token, secrets.api_base.as_deref()));
    let mut replier = reply::Replier::new(app.clone(), &config.discord)
        .allow_downloads_from(secrets.api_base.as_deref());
    if secrets.token.is_none() {
        replier = replier.without_posting();
    }
    let endpoint = Arc::new(
        http::Endpoint::new(verifier, replier, app.clone(), rest)
            .with_limits(listen::Limits::from_config(&config.http)),
    );
    let listen = listen.unwrap_or_else(|| config.http.listen.clone());
    let runtime = runtime()?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&listen)
            .await
            .map_err(|e| UsageError(format!("cannot listen on {listen}: {e}")))?;
        tracing::info!(address = %listen, path = %config.http.path, "serving interactions");
        http::serve(listener, endpoint, &config.http.path, shutdown_signal())
            .await
            .context("serving HTTP")
    });
    stop(runtime);
    served?;
    Ok(ExitCode::SUCCESS)
}

/// `spotter register`.
pub(super) fn register(config: &Config) -> anyhow::Result<ExitCode> {
    let secrets = Secrets::from_env();
    let Some(token) = secrets.token.clone() else {
        return Err(UsageError(
            "DISCORD_TOKEN is not set: registering commands needs the bot token".into(),
        )
        .into());
    };
    let runtime = runtime()?;
    let n = runtime.block_on(async {
        let http = rest::http(token.expose(), secrets.api_base.as_deref());
        // Without a gateway nothing sets the application id: ask Discord for it.
        let info = http
            .get_current_application_info()
            .await
            .context("reading the application (is DISCORD_TOKEN right?)")?;
        http.set_application_id(info.id);
        rest::register(&http, &config.discord.guild_ids)
            .await
            .context("registering the commands")
    })?;
    print(&format!(
        "registered {n} command(s) {}",
        if config.discord.guild_ids.is_empty() {
            "globally".to_string()
        } else {
            format!("in {} server(s)", config.discord.guild_ids.len())
        }
    ))?;
    Ok(ExitCode::SUCCESS)
}
