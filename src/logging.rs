//! Log output: the tracing subscriber on stderr, and the redaction of every token from every
//! line it writes. Serenity's spans and debug events carry interaction tokens (in routes, URLs
//! and payloads) and the bot token travels as `Bot …`; none of them may reach a log. Knows
//! tracing and text patterns; never Discord's models. Lines are text (coloured on a terminal
//! only) or JSON for log collectors.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::OnceLock;

use regex::Regex;
use tracing_subscriber::fmt::MakeWriter;

/// What a token is replaced with.
pub const REDACTED: &str = "<redacted>";

/// ANSI colour codes the formatter may put between a field's name, `=` and value.
const SGR: &str = r"(?:\x1b\[[0-9;]*m)*";

fn patterns() -> &'static [(Regex, String)] {
    static PATTERNS: OnceLock<Vec<(Regex, String)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let rules = [
            // A field or key named *token, in any of the shapes a line holds it: Debug
            // (`token: "…"`), a tracing field (`token=…`), JSON (`"token":"…"`), JSON inside a
            // Debug string (`\"token\":\"…\"`).
            (
                format!(
                    r#"(?i)(token{SGR}(?:\\?")?{SGR}\s*[:=]{SGR}\s*(?:\\?")?)[^"\\\s,)}}\]\x1b]+"#
                ),
                format!("${{1}}{REDACTED}"),
            ),
            // Interaction and webhook URLs carry the token as the segment after the id.
            (
                r#"(/(?:interactions|webhooks)/[0-9]+/)[^/\s?#"\\)\]]+"#.to_string(),
                format!("${{1}}{REDACTED}"),
            ),
            // The bot token as sent in the Authorization header…
            (
                r#"(?i)(authorization[^A-Za-z0-9]{1,8}(?:Bot|Bearer)\s+)[^\s"\\,]+"#.to_string(),
                format!("${{1}}{REDACTED}"),
            ),
            // …and anywhere else in its own shape (three dot-separated base64 parts).
            (
                r"\b[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{20,}\b".to_string(),
                REDACTED.to_string(),
            ),
        ];
        rules
            .into_iter()
            .map(|(pattern, with)| {
                (
                    Regex::new(&pattern).expect("the redaction patterns are valid regexes"),
                    with,
                )
            })
            .collect()
    })
}

/// A value already hidden by its owner: serenity's `Http` prints its token as
/// `SecretString(Secret([REDACTED …]))`, which is left as it is.
const ALREADY_HIDDEN: &str = "SecretString(";

/// `text` with every token it holds replaced by `<redacted>`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for (pattern, with) in patterns() {
        let changed = pattern.replace_all(&out, |caps: &regex::Captures<'_>| {
            let whole = &caps[0];
            let prefix = caps.get(1).map_or("", |m| m.as_str());
            if whole[prefix.len()..].starts_with(ALREADY_HIDDEN) {
                whole.to_string()
            } else {
                let mut replaced = String::new();
                caps.expand(with, &mut replaced);
                replaced
            }
        });
        if let Cow::Owned(changed) = changed {
            out = Cow::Owned(changed);
        }
    }
    out
}

/// Stderr through `redact`. The formatter writes each event as one buffer, so a token is
/// never split across two writes.
pub struct RedactedStderr;

impl Write for RedactedStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        io::stderr().lock().write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

impl<'a> MakeWriter<'a> for RedactedStderr {
    type Writer = RedactedStderr;

    fn make_writer(&'a self) -> RedactedStderr {
        RedactedStderr
    }
}

/// How log lines look on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Lines for people; ANSI colour only when stderr is a terminal.
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// The environment variable that picks the format when `--log-format` is not given.
pub const FORMAT_VAR: &str = "SPOTTER_LOG_FORMAT";

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            other => Err(format!("{FORMAT_VAR}={other}: use text or json")),
        }
    }
}

/// Installs the subscriber: `RUST_LOG` when set, else `default_filter`, on redacted stderr,
/// in `format`.
pub fn init(default_filter: &str, format: Format) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactedStderr);
    match format {
        // Colour codes in a file or a collector's pipe are noise to read and to search.
        Format::Text => builder.with_ansi(io::stderr().is_terminal()).init(),
        Format::Json => builder.json().with_ansi(false).init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_every_shape_are_redacted() {
        let lines = [
            r#"req=Request { route: InteractionResponse { interaction_id: 1, token: "tok-a1" } }"#,
            r#"{"id":"5","token":"tok-a1","type":2}"#,
            r#"payload: "{\"token\":\"tok-a1\",\"id\":\"5\"}""#,
            "interaction_token=tok-a1 done",
            "\x1b[3mtoken\x1b[0m\x1b[2m=\x1b[0mtok-a1",
            "error sending request for url (http://h/api/v10/interactions/5/tok-a1/callback)",
            "PATCH /api/v10/webhooks/9/tok-a1/messages/@original",
            "authorization: Bot tok-a1.secret.part",
            "sent MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.tok-a1MnOpQrStUvWxYz0123456789 over",
        ];
        for line in lines {
            let out = redact(line);
            assert!(!out.contains("tok-a1"), "{line} -> {out}");
            assert!(out.contains(REDACTED), "{line} -> {out}");
        }
    }

    #[test]
    fn lines_without_tokens_are_untouched() {
        for line in [
            "index ready pages=193 generation=1",
            "self=Http { token: SecretString(Secret([REDACTED alloc::string::String])) }",
            "registered guild commands commands=7 guilds=1",
            "GET /api/v10/gateway/bot",
        ] {
            assert_eq!(redact(line), line);
        }
    }
}
