//! `spotter index`: build the index when the corpus changed (or `--force`), print where it
//! lives (`--where`), or remove it (`--clean`). Wiring only: generations are `search`'s, the
//! folders `place`'s.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use super::place::{self, Place};
use super::{Cli, UsageError, print, progress_bar};
use crate::app;
use crate::config::Config;
use crate::search::Store;
use crate::terminal;

/// `spotter index`'s flags.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Rebuild even when the corpus did not change.
    #[arg(long, conflicts_with_all = ["where_", "clean"])]
    pub force: bool,
    /// Print the index folder and nothing else (nothing is built).
    #[arg(long = "where", id = "where_", conflicts_with = "clean")]
    pub where_: bool,
    /// Remove the index folder (only it: a folder holding anything but an index is refused).
    #[arg(long)]
    pub clean: bool,
    /// Where to read.
    #[command(flatten)]
    pub place: Place,
}

/// `spotter index`.
pub(super) fn index(cli: &Cli, config: &Config, args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let settings = place::settings(&cli.place()?, config)?;
    if args.where_ {
        print(&terminal::escape(&settings.index.display().to_string()))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.clean {
        let store = Store::new(&settings.index);
        let removed = store
            .clean()
            .map_err(|e| UsageError(format!("not removing {}: {e}", settings.index.display())))?;
        let line = match removed {
            true => format!("removed {}", settings.index.display()),
            false => format!("no index at {}", settings.index.display()),
        };
        print(&terminal::escape(&line))?;
        return Ok(ExitCode::SUCCESS);
    }
    let started = Instant::now();
    let (store, generation, report) =
        app::ensure_index(&settings, args.force, &progress_bar("indexing"))
            .context("building the index")?;
    let line = match report.loaded {
        Some(loaded) => {
            for p in &loaded.problems {
                eprintln!("{}", terminal::escape(&p.to_string()));
            }
            let kept = match report.kept {
                0 => String::new(),
                n => format!("; {n} rejected page(s) keep their last good version"),
            };
            let (pages, seconds) = (generation.meta.pages, started.elapsed().as_secs_f64());
            format!(
                "indexed {pages} page(s) in {seconds:.2} s ({:.0} pages/s) into {} (generation {}); \
                 {} problem(s){kept}",
                pages as f64 / seconds.max(f64::EPSILON),
                store.root().display(),
                generation.number,
                loaded.problems.len()
            )
        }
        None => format!(
            "index up to date: {} page(s) in {} (generation {})",
            generation.meta.pages,
            store.root().display(),
            generation.number
        ),
    };
    print(&terminal::escape(&line))?;
    Ok(ExitCode::SUCCESS)
}
