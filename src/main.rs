//! The process: parse the command line, start logging, run, and map errors to exit codes
//! (ripgrep's: 0 ok, 1 problems found, 2 error).

use std::process::ExitCode;

use clap::Parser;
use spotter::{
    Cli, Cmd, ConfigError, FORMAT_VAR, Format, LogFormat, UsageError, error_line, init_logging,
    redact, run, terminal_escape,
};

/// Servers log their startup and requests; one-shot commands keep stderr for problems.
fn default_filter(cli: &Cli) -> &'static str {
    match cli.cmd {
        Some(Cmd::Serve { .. } | Cmd::ServeHttp { .. }) => "spotter=info,serenity=warn",
        _ => "spotter=warn,serenity=warn",
    }
}

/// `--log-format`, else `SPOTTER_LOG_FORMAT`, else text.
fn log_format(cli: &Cli) -> Result<Format, String> {
    match cli.log_format {
        Some(LogFormat::Text) => Ok(Format::Text),
        Some(LogFormat::Json) => Ok(Format::Json),
        None => std::env::var(FORMAT_VAR).map_or(Ok(Format::Text), |v| v.parse()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match log_format(&cli) {
        Ok(format) => format,
        Err(why) => {
            eprintln!("error: {}", terminal_escape(&why));
            return ExitCode::from(2);
        }
    };
    init_logging(default_filter(&cli), format);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Paths and values in the message are the user's or a page's: escaped. Each
            // cause is printed once, and no token reaches the terminal.
            if let Some(config) = e.downcast_ref::<ConfigError>() {
                // toml's report is several lines (the line in the file, a caret under the
                // key): each escaped, the breaks kept.
                let text = config.to_string();
                let lines: Vec<_> = text.lines().map(terminal_escape).collect();
                eprintln!("error: {}", lines.join("\n"));
                return ExitCode::from(2);
            }
            let message = match e.downcast_ref::<UsageError>() {
                Some(usage) => usage.to_string(),
                None => redact(&error_line(&e)).into_owned(),
            };
            eprintln!("error: {}", terminal_escape(&message));
            ExitCode::from(2)
        }
    }
}
