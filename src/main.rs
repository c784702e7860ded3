//! The process: parse the command line, start logging, run, and map errors to exit codes
//! (ripgrep's: 0 ok, 1 problems found, 2 error).

use std::process::ExitCode;

use clap::Parser;
use spotter::cli::{self, Cli, UsageError};
use spotter::logging::redact;
use spotter::terminal;

/// Servers log their startup and requests; one-shot commands keep stderr for problems.
fn default_filter(cli: &Cli) -> &'static str {
    match cli.cmd {
        Some(cli::Cmd::Serve { .. } | cli::Cmd::ServeHttp { .. }) => "spotter=info,serenity=warn",
        _ => "spotter=warn,serenity=warn",
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    spotter::logging::init(default_filter(&cli));
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Paths and values in the message are the user's or a page's: escaped. Each
            // cause is printed once, and no token reaches the terminal.
            let message = match e.downcast_ref::<UsageError>() {
                Some(usage) => usage.to_string(),
                None => redact(&cli::error_line(&e)).into_owned(),
            };
            eprintln!("error: {}", terminal::escape(&message));
            ExitCode::from(2)
        }
    }
}
