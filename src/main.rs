//! The process: parse the command line, start logging, run, and map errors to exit codes
//! (ripgrep's: 0 ok, 1 problems found, 2 error).

use std::process::ExitCode;

use clap::Parser;
use spotter::cli::{self, Cli, UsageError};
use spotter::terminal;

/// Servers log their startup and requests; one-shot commands keep stderr for problems.
fn default_filter(cli: &Cli) -> &'static str {
    match cli.cmd {
        Some(cli::Cmd::Serve | cli::Cmd::ServeHttp { .. }) => "spotter=info,serenity=warn",
        _ => "spotter=warn,serenity=warn",
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter(&cli)));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Paths and values in the message are the user's or a page's: escaped.
            let message = match e.downcast_ref::<UsageError>() {
                Some(usage) => usage.to_string(),
                None => format!("{e:#}"),
            };
            eprintln!("error: {}", terminal::escape(&message));
            ExitCode::from(2)
        }
    }
}
