//! `Config`: `config.toml` parsed once into validated settings (serde, unknown keys refused,
//! every key defaulted), and where the index lives when no folder is given. Secrets never
//! live here: they come from the environment.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::domain::digest::stable_hash;
use crate::domain::settings;

/// Problems with the config file, naming it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The error reading it.
        source: std::io::Error,
    },
    /// The file is not valid TOML for spotter, or a value makes no sense.
    #[error("config file {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong: the TOML parser's report (its line, column, the line itself and a
        /// caret under the key or value), or the key and why.
        message: String,
    },
}

/// The whole configuration. Every key is documented in the shipped `config.toml`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// `[corpus]`.
    pub corpus: CorpusConfig,
    /// `[index]`.
    pub index: IndexConfig,
    /// `[discord]`.
    pub discord: DiscordConfig,
    /// `[http]`.
    pub http: HttpConfig,
    /// `[storage]`.
    pub storage: StorageConfig,
}

/// `[storage]`: the moderators' database (what the bot could not answer).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// The SQLite file, relative to the config file; empty: `<index folder>.db`, beside the
    /// index.
    pub path: PathBuf,
    /// Days a question the bot could not answer is kept (at least 1).
    pub retention_days: u32,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            path: PathBuf::new(),
            // Issue 14: a quarter of a year shows what members keep asking, and no question
            // is kept longer than that.
            retention_days: 90,
        }
    }
}

/// `[http]`: the interactions endpoint of `spotter serve-http`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpConfig {
    /// Address to listen on.
    #[serde(deserialize_with = "socket_address")]
    pub listen: String,
    /// Path Discord posts interactions to.
    #[serde(deserialize_with = "url_path")]
    pub path: String,
    /// Seconds a connection may take to send a request's headers, counted from when it is
    /// waiting for one (just accepted, or after its last response): an idle socket is closed
    /// after this.
    #[serde(deserialize_with = "at_least_one")]
    pub header_timeout_secs: u64,
    /// Seconds a request may take to send its body once its headers arrived (408 after).
    #[serde(deserialize_with = "at_least_one")]
    pub body_timeout_secs: u64,
    /// Seconds a connection may spend outside a request (a response left unread included)
    /// before it is closed.
    #[serde(deserialize_with = "at_least_one")]
    pub idle_timeout_secs: u64,
    /// Open connections at most; at the cap the connection idle the longest is closed to make
    /// room, so idle sockets never keep a request out.
    #[serde(deserialize_with = "at_least_one")]
    pub max_connections: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: "127.0.0.1:8080".into(),
            path: "/interactions".into(),
            // Discord sends a whole request at once; 10 s is generous even for a slow proxy
            // hop, and an idle socket holds its descriptor no longer than that.
            header_timeout_secs: 10,
            body_timeout_secs: 10,
            // A kept-alive connection is reused within seconds under load; one idle a minute
            // costs a descriptor for nothing.
            idle_timeout_secs: 60,
            // Four times the 1,000 concurrent requests the endpoint must carry
            // (benches/http_load.rs), far below the usual 20,000-descriptor limit.
            max_connections: 4096,
        }
    }
}

/// `[discord]`: how the bot behaves on Discord.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// Register the commands in these servers only (instant, for testing servers) instead of
    /// globally.
    #[serde(deserialize_with = "snowflakes")]
    pub guild_ids: Vec<u64>,
    /// Roles with moderator rights (`/reindex`, `/page`, `/unanswered`, `/settings`) besides
    /// Manage Server and Administrator; the default of each server's own.
    #[serde(deserialize_with = "snowflakes")]
    pub moderator_role_ids: Vec<u64>,
    /// Requests a user may make at once before being told to slow down.
    #[serde(deserialize_with = "at_least_one")]
    pub cooldown_burst: u32,
    /// Requests a user regains per second after the burst.
    #[serde(deserialize_with = "positive_rate")]
    pub cooldown_per_second: f64,
    /// The gateway shards this process runs, `"A-B"` (or `"A"`) of `total_shards`; empty:
    /// all of them.
    pub shards: String,
    /// How many shards the bot has in all; 0: the count Discord recommends.
    pub total_shards: u32,
    /// The channel members' reports are posted to; 0: none, and cards carry no Report
    /// button. Read it with `report_channel`. The default of each server's own.
    pub report_channel_id: u64,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            guild_ids: Vec::new(),
            moderator_role_ids: Vec::new(),
            cooldown_burst: 5,
            cooldown_per_second: 1.0,
            shards: String::new(),
            total_shards: 0,
            report_channel_id: 0,
        }
    }
}

impl DiscordConfig {
    /// The report channel, when one is set.
    pub fn report_channel(&self) -> Option<u64> {
        (self.report_channel_id != 0).then_some(self.report_channel_id)
    }

    /// Why `report_channel_id` cannot be a channel, if it cannot (the check `/settings`
    /// makes too).
    fn report_channel_problem(&self) -> Option<String> {
        settings::check_channel(self.report_channel_id)
            .err()
            .map(|why| format!("discord.report_channel_id: {why}; 0 turns reports off"))
    }
}

/// Gateway shards `first..=last` of `total`, as `--shards A-B --total-shards N` give them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardRange {
    /// The first shard this process runs.
    pub first: u32,
    /// The last shard this process runs (inclusive).
    pub last: u32,
    /// How many shards the bot has in all.
    pub total: u32,
}

impl ShardRange {
    /// Reads `spec` (`"A-B"`, `"A"`, or empty for all) of `total` (0: unknown yet, to be
    /// Discord's recommendation; then `spec` must be empty). `None`: every shard of what
    /// Discord recommends.
    ///
    /// # Errors
    /// Why the pair is not a range of shards, as a sentence to follow the setting's name.
    pub fn parse(spec: &str, total: u32) -> Result<Option<ShardRange>, String> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Ok(total.checked_sub(1).map(|last| ShardRange {
                first: 0,
                last,
                total,
            }));
        }
        if total == 0 {
            return Err(
                "needs the total shard count too (--total-shards N, discord.total_shards)".into(),
            );
        }
        let number = |text: &str| {
            text.trim()
                .parse::<u32>()
                .map_err(|_| format!("\"{spec}\" is not a shard range: write A-B, e.g. 0-3"))
        };
        let (first, last) = match spec.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => (number(spec)?, number(spec)?),
        };
        if first > last {
            return Err(format!(
                "\"{spec}\" runs backwards: the first shard comes first"
            ));
        }
        if last >= total {
            return Err(format!(
                "\"{spec}\" goes past the last shard: shards of {total} are 0-{}",
                total - 1
            ));
        }
        Ok(Some(ShardRange { first, last, total }))
    }
}

/// A secret from the environment: never printed, never in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What comes from the environment: the bot token, the public key, another API host.
#[derive(Clone, Debug, Default)]
pub struct Secrets {
    /// `DISCORD_TOKEN`.
    pub token: Option<Secret>,
    /// `DISCORD_PUBLIC_KEY` (hex), for the HTTP endpoint.
    pub public_key: Option<String>,
    /// `DISCORD_API_BASE`: REST (and through it gateway discovery) go there instead of
    /// discord.com: a proxy in production, a fake Discord in tests.
    pub api_base: Option<String>,
}

impl Secrets {
    /// Reads the environment; empty variables count as unset.
    pub fn from_env() -> Secrets {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Secrets {
            token: var("DISCORD_TOKEN").map(|t| Secret::new(t.trim())),
            public_key: var("DISCORD_PUBLIC_KEY").map(|k| k.trim().to_string()),
            api_base: var("DISCORD_API_BASE").map(|b| b.trim().trim_end_matches('/').to_string()),
        }
    }
}

/// `[corpus]`: where the pages are and how they are linked.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CorpusConfig {
    /// The folder of markdown pages, relative to the config file; empty: `corpus` in the
    /// current folder when there is one, else the pages compiled into the binary.
    pub dir: PathBuf,
    /// The public URL of a page, `{id}` standing for its id; empty for none.
    #[serde(deserialize_with = "page_url")]
    pub page_url: String,
    /// Reindex when the corpus's files change (`serve`).
    pub watch: bool,
    /// The corpus's own vocabulary file (more spellings, shorthand, synonyms), relative to the
    /// config file; empty: `vocabulary.toml` in the corpus folder when there is one.
    pub vocabulary: PathBuf,
    /// The largest page read, in bytes; a bigger file is rejected with its size.
    #[serde(deserialize_with = "at_least_one")]
    pub max_page_bytes: u64,
    /// The corpus is a git work tree: `/reindex` and the watcher run `git pull --ff-only`
    /// in it first, and pages are not changed from Discord.
    pub git_pull: bool,
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig {
            dir: PathBuf::new(),
            page_url: String::new(),
            watch: false,
            vocabulary: PathBuf::new(),
            max_page_bytes: crate::corpus::MAX_PAGE_BYTES_DEFAULT,
            git_pull: false,
        }
    }
}

/// `[index]`: where the index lives.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IndexConfig {
    /// The index folder, relative to the config file; empty for a cache folder keyed by the
    /// corpus path.
    pub dir: PathBuf,
}

// Checks of single values, run while the file is read so toml reports the value's own line
// with a caret under it. Each error is a sentence about the value.

/// A count or a number of seconds where 0 makes no sense: a zero timeout closes every
/// connection at once, a zero cap or burst lets nothing through, a zero page size reads nothing.
fn at_least_one<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + PartialOrd + From<u8>,
{
    let value = T::deserialize(d)?;
    if value < T::from(1) {
        return Err(D::Error::custom("must be at least 1"));
    }
    Ok(value)
}

/// Requests regained per second: above 0 (the check `/settings` makes too).
fn positive_rate<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(d)?;
    settings::check_rate(value).map_err(D::Error::custom)?;
    Ok(value)
}

/// An address to listen on: a socket address (`127.0.0.1:8080`, `[::]:8080`) or a host name
/// and a port (`localhost:8080`), as the listener binds it; the name is not looked up here.
fn socket_address<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    let host_and_port = value.rsplit_once(':').is_some_and(|(host, port)| {
        let name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.');
        !host.is_empty() && host.chars().all(name) && port.parse::<u16>().is_ok()
    });
    if value.parse::<std::net::SocketAddr>().is_err() && !host_and_port {
        return Err(D::Error::custom(format!(
            "\"{value}\" is not an address to listen on: write IP:PORT, e.g. 127.0.0.1:8080"
        )));
    }
    Ok(value)
}

/// A path Discord posts to: absolute, without a query or spaces.
fn url_path<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    if !value.starts_with('/') || value.contains(['?', '#', ' ']) {
        return Err(D::Error::custom(format!(
            "\"{value}\" is not a path: it starts with / and has no query, e.g. /interactions"
        )));
    }
    Ok(value)
}

/// A page's public URL: empty, or an http(s) URL holding `{id}` (the check `/settings`
/// makes too).
fn page_url<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = String::deserialize(d)?;
    settings::check_page_url(&value).map_err(D::Error::custom)?;
    Ok(value)
}

/// Discord ids (snowflakes): never 0.
fn snowflakes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    let ids = Vec::<u64>::deserialize(d)?;
    if ids.contains(&0) {
        return Err(D::Error::custom("0 is not a Discord id"));
    }
    Ok(ids)
}

/// The config file used when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "config.toml";

impl Config {
    /// Parses config text. `path` names the file in errors and anchors relative folders.
    ///
    /// # Errors
    /// When the text is not valid TOML or has unknown keys.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        // toml's own report: the line and column, the line itself, a caret under the key or
        // value, and why (the checks below in `deserialize_with` report through it too).
        let mut config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        if let Some(message) = config.discord.report_channel_problem() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message,
            });
        }
        if let Err(why) = ShardRange::parse(&config.discord.shards, config.discord.total_shards) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: format!("discord.shards: {why}"),
            });
        }
        if config.storage.retention_days == 0 {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                message: "storage.retention_days must be at least 1".into(),
            });
        }
        let base = path.parent().unwrap_or(Path::new(""));
        let dirs = [
            &mut config.corpus.dir,
            &mut config.index.dir,
            &mut config.corpus.vocabulary,
            &mut config.storage.path,
        ];
        for dir in dirs {
            if dir.is_relative() && !dir.as_os_str().is_empty() && !base.as_os_str().is_empty() {
                *dir = base.join(&*dir);
            }
        }
        Ok(config)
    }

    /// Loads `path`, or `config.toml` in the current folder when it exists, or the defaults.
    ///
    /// # Errors
    /// When the named file is missing or invalid.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => PathBuf::from(DEFAULT_CONFIG_FILE),
            None => return Ok(Config::default()),
        };
        let text = fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        Config::parse(&text, &path)
    }
}

/// The cache folder of a corpus's index: `$XDG_CACHE_HOME/spotter/<name>-<hash of the
/// absolute corpus path>` (or `~/.cache/...`, or the temp folder), never inside the corpus, so
/// a read-only corpus works and two corpora never share an index.
pub fn default_index_dir(corpus: &Path) -> PathBuf {
    let absolute = fs::canonicalize(corpus).unwrap_or_else(|_| corpus.to_path_buf());
    let hash = format!(
        "{:016x}",
        stable_hash(absolute.to_string_lossy().as_bytes())
    );
    let name: String = absolute
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "corpus".into())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    cache_dir().join(format!("{name}-{hash}"))
}

/// spotter's cache folder: `$XDG_CACHE_HOME/spotter` (an absolute one), else
/// `~/.cache/spotter`, else `spotter` in the temp folder. Every index without a folder of its
/// own and the extracted built-in pages live there, and nothing else does.
pub fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("spotter")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused_with_the_file_named() {
        let err = Config::parse("[corpus]\ndri = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().starts_with("config file c.toml:"), "{err}");
    }

    #[test]
    fn secrets_never_print() {
        let s = Secrets {
            token: Some(Secret::new("abc.def.ghi")),
            ..Secrets::default()
        };
        assert!(!format!("{s:?}").contains("abc"));
        assert!(format!("{s:?}").contains("<redacted>"));
    }

    #[test]
    fn a_zero_http_limit_is_refused_at_its_line() {
        let err = Config::parse("[http]\nmax_connections = 0\n", Path::new("c.toml")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("config file c.toml: TOML parse error at line 2"),
            "{text}"
        );
        assert!(text.contains("must be at least 1"), "{text}");
    }

    #[test]
    fn a_report_channel_is_a_snowflake_or_none() {
        let parse = |text: &str| Config::parse(text, Path::new("c.toml"));
        let c = parse("[discord]\nreport_channel_id = 900000000000000006\n").unwrap();
        assert_eq!(c.discord.report_channel(), Some(900000000000000006));
        assert_eq!(Config::default().discord.report_channel(), None);
        let err = parse("[discord]\nreport_channel_id = 12345\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("config file c.toml: discord.report_channel_id: 12345 is not"),
            "{err}"
        );
        assert!(parse("[discord]\nreport_channel_id = -1\n").is_err());
    }

    #[test]
    fn shard_ranges_read_as_written_or_say_why_not() {
        let range = |first, last, total| Ok(Some(ShardRange { first, last, total }));
        assert_eq!(ShardRange::parse("", 0), Ok(None));
        assert_eq!(ShardRange::parse("", 4), range(0, 3, 4));
        assert_eq!(ShardRange::parse("1-2", 4), range(1, 2, 4));
        assert_eq!(ShardRange::parse(" 3 ", 4), range(3, 3, 4));
        for (spec, total) in [("0-1", 0), ("2-1", 4), ("0-4", 4), ("a-b", 4), ("-1", 4)] {
            assert!(ShardRange::parse(spec, total).is_err(), "{spec} of {total}");
        }
    }

    #[test]
    fn relative_folders_follow_the_config_file() {
        let c = Config::parse(
            "[corpus]\ndir = \"pages\"\n",
            Path::new("/etc/spotter/c.toml"),
        )
        .unwrap();
        assert_eq!(c.corpus.dir, PathBuf::from("/etc/spotter/pages"));
    }
}
