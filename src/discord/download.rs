//! Fetching a moderator's uploaded attachment: only from the URL Discord put in the
//! interaction, only on Discord's CDN hosts (or the host `DISCORD_API_BASE` names: a proxy,
//! the tests' loopback fake), capped while reading, no redirects, no proxy, a timeout.
//! Knows HTTP; never the corpus.

use std::time::Duration;

/// Discord's attachment hosts
/// (<https://discord.com/developers/docs/reference#image-formatting-cdn-endpoints>).
pub const DISCORD_CDN: [&str; 2] = [
    "https://cdn.discordapp.com/",
    "https://media.discordapp.net/",
];
/// How long a download may take in all: a page is at most a megabyte, which Discord's CDN
/// serves in well under a second.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(15);

/// Why an attachment was not fetched. Shown to the moderator: no error text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    /// The URL is not on an allowed host.
    #[error("That attachment is not on Discord's servers, so I did not fetch it.")]
    Host,
    /// Bigger than the cap.
    #[error("That file is larger than {0} bytes, the most a page may be (corpus.max_page_bytes).")]
    TooLarge(u64),
    /// The request failed or was refused.
    #[error("I could not download that attachment; please try again.")]
    Failed,
}

/// The hosts downloads may come from: Discord's CDN, plus `api_base` when set.
pub fn allowed_prefixes(api_base: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = DISCORD_CDN.iter().map(|s| s.to_string()).collect();
    if let Some(base) = api_base {
        out.push(format!("{}/", base.trim_end_matches('/')));
    }
    out
}

/// Downloads `url` if it starts with one of `allowed`, reading at most `max_bytes`.
///
/// # Errors
/// `Host` for any other URL, `TooLarge` past the cap, `Failed` for a network error or a
/// status other than 200.
pub async fn fetch(
    url: &str,
    allowed: &[String],
    max_bytes: u64,
) -> Result<Vec<u8>, DownloadError> {
    if !allowed.iter().any(|p| url.starts_with(p.as_str())) {
        return Err(DownloadError::Host);
    }
    let failed = |error: reqwest::Error| {
        tracing::warn!(%error, "downloading an attachment failed");
        DownloadError::Failed
    };
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(DOWNLOAD_TIMEOUT)
        .build()
        .map_err(failed)?;
    let mut response = client.get(url).send().await.map_err(failed)?;
    if response.status() != reqwest::StatusCode::OK {
        tracing::warn!(status = %response.status(), "downloading an attachment was refused");
        return Err(DownloadError::Failed);
    }
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(DownloadError::TooLarge(max_bytes));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(failed)? {
        if (bytes.len() + chunk.len()) as u64 > max_bytes {
            return Err(DownloadError::TooLarge(max_bytes));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
