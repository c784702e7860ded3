//! The process: parse the command line, start logging, run, and map errors to exit codes
//! (ripgrep's: 0 ok, 1 problems found, 2 error).

use std::process::ExitCode;

use clap::Parser;
use spotter::cli::{self, Cli, UsageError};
use spotter::config::ConfigError;
use spotter::logging::{FORMAT_VAR, Format, redact};
use spotter::terminal;

/// Servers log their startup and requests; one-shot commands keep stderr for problems.
fn default_filter(cli: &Cli) -> &'static str {
    match cli.cmd {
        Some(cli::Cmd::Serve { .. } | cli::Cmd::ServeHttp { .. }) => "spotter=info,serenity=warn",
        _ => "spotter=warn,serenity=warn",
    }
}

/// `--log-format`, else `SPOTTER_LOG_FORMAT`, else text.
fn log_format(cli: &Cli) -> Result<Format, String> {
    match cli.log_format {
        Some(cli::LogFormat::Text) => Ok(Format::Text),
        Some(cli::LogFormat::Json) => Ok(Format::Json),
        None => std::env::var(FORMAT_VAR).map_or(Ok(Format::Text), |v| v.parse()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match log_format(&cli) {
        Ok(format) => format,
        Err(why) => {
            eprintln!("error: {}", terminal::escape(&why));
            return ExitCode::from(2);
        }
    };
    spotter::logging::init(default_filter(&cli), format);
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Paths and values in the message are the user's or a page's: escaped. Each
            // cause is printed once, and no token reaches the terminal.
            if let Some(config) = e.downcast_ref::<ConfigError>() {
                // toml's report is several lines (the line in the file, a caret under the
                // key): each escaped, the breaks kept.
                let text = config.to_string();
                let lines: Vec<_> = text.lines().map(terminal::escape).collect();
                eprintln!("error: {}", lines.join("\n"));
                return ExitCode::from(2);
            }
            let message = match e.downcast_ref::<UsageError>() {
                Some(usage) => usage.to_string(),
                None => redact(&cli::error_line(&e)).into_owned(),
            };
            eprintln!("error: {}", terminal::escape(&message));
            ExitCode::from(2)
        }
    }
}
