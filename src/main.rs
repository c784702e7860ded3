//! The process: parse the command line, start logging, run, and map errors to exit codes
//! (ripgrep's: 0 ok, 1 problems found, 2 error).

use std::process::ExitCode;

use clap::Parser;
use spotter::cli::{self, Cli, UsageError};
use spotter::logging::redact;

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
            match e.downcast_ref::<UsageError>() {
                Some(usage) => eprintln!("error: {usage}"),
                None => eprintln!("error: {}", redact(&cli::error_line(&e))),
            }
            ExitCode::from(2)
        }
    }
}
