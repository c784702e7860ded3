//! The command line: clap's `Cli`/`Cmd` and one function per subcommand. Wiring only: it
//! resolves folders, opens the app, and prints what the domain answers.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

mod serve;

use crate::app::{self, App, AppError, Settings};
use crate::config::{self, Config};
use crate::corpus;
use crate::discord::render;
use crate::domain::handler::Handler;
use crate::domain::page::Difficulty;
use crate::domain::request::{Filters, Request};
use crate::domain::vocabulary::{self, Kind};
use crate::{console, terminal};

/// spotter answers exercise questions from a folder of exercise pages.
#[derive(Debug, Parser)]
#[command(name = "spotter", version, about, long_about = None)]
pub struct Cli {
    /// The folder of exercise pages (default: `corpus.dir` of the config, `corpus`).
    #[arg(long, global = true, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The index folder (default: `index.dir`, or a cache folder keyed by the corpus path).
    #[arg(long, global = true, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// The config file (default: `config.toml` when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do; without one, the local console opens.
    #[command(subcommand)]
    pub cmd: Option<Cmd>,
}

/// `--json`.
#[derive(Debug, Args)]
pub struct Output {
    /// Print the exact interaction-response body Discord would receive, and nothing else.
    #[arg(long)]
    pub json: bool,
}

/// `spotter find`'s filters.
#[derive(Debug, Args)]
pub struct FindArgs {
    /// A muscle (glutes, quads, lats…).
    #[arg(long)]
    pub muscle: Option<String>,
    /// Equipment (band, dumbbell, body weight…).
    #[arg(long)]
    pub equipment: Option<String>,
    /// Beginner, Intermediate or Advanced.
    #[arg(long)]
    pub difficulty: Option<String>,
    /// Legs, Arms, Back, Core, Shoulders, Chest, Cardio, Neck.
    #[arg(long)]
    pub body_part: Option<String>,
    /// Strength, Mobility, Stretching, Cardio, Plyometrics, Balance, Rehabilitation.
    #[arg(long)]
    pub category: Option<String>,
    /// Filters as words ("beginner glutes band").
    pub words: Vec<String>,
    /// Output format.
    #[command(flatten)]
    pub output: Output,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Answer a question ("what muscles does the plank work?").
    Ask {
        /// The question.
        question: Vec<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Show an exercise's card ("hip rotation").
    Exercise {
        /// Part of the name; typos are fine.
        query: Vec<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Exercises like this one.
    Related {
        /// The exercise.
        exercise: Vec<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Exercises by muscle, equipment, difficulty, body part or category.
    Find(FindArgs),
    /// Two exercises side by side.
    Compare {
        /// The first exercise.
        a: String,
        /// The second exercise.
        b: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Validate the corpus: `path:line: message` for every problem and warning; exit 1 on a
    /// problem (or, with --strict, a warning).
    Check {
        /// The folder to check (default: the corpus).
        dir: Option<PathBuf>,
        /// Exit 1 on warnings too (a value one edit from a common one, a name on two pages,
        /// a key given twice, an empty file).
        #[arg(long)]
        strict: bool,
    },
    /// Run the Discord bot on the gateway (token from DISCORD_TOKEN).
    Serve {
        /// The shards this process runs, A-B of --total-shards (default: `discord.shards`,
        /// or every shard).
        #[arg(long, value_name = "A-B")]
        shards: Option<String>,
        /// The bot's shard count in all (default: `discord.total_shards`, or what Discord
        /// recommends).
        #[arg(long, value_name = "N")]
        total_shards: Option<u32>,
    },
    /// Serve Discord's interactions endpoint over HTTP (key from DISCORD_PUBLIC_KEY).
    ServeHttp {
        /// Address to listen on (default: `http.listen`).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
    },
    /// Register the slash commands through REST (for deployments that run only serve-http).
    Register,
    /// Build the index (only when the corpus changed, unless --force).
    Index {
        /// Rebuild even when the corpus did not change.
        #[arg(long)]
        force: bool,
    },
}

/// Something the user must fix, printed as one line, exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn settings(cli: &Cli, config: &Config) -> Result<Settings, UsageError> {
    let corpus = cli
        .corpus
        .clone()
        .unwrap_or_else(|| config.corpus.dir.clone());
    if !corpus.is_dir() {
        return Err(UsageError(format!(
            "corpus folder not found: {} (give one with --corpus DIR)",
            corpus.display()
        )));
    }
    let index = cli
        .index
        .clone()
        .or_else(|| Some(config.index.dir.clone()).filter(|d| !d.as_os_str().is_empty()))
        .unwrap_or_else(|| config::default_index_dir(&corpus));
    add_corpus_vocabulary(&corpus, config)?;
    Ok(Settings {
        corpus,
        index,
        page_url: config.corpus.page_url.clone(),
        max_page_bytes: config.corpus.max_page_bytes,
    })
}

/// The corpus's own vocabulary on top of the shipped one: `corpus.vocabulary`, else
/// `vocabulary.toml` in the corpus folder when there is one. Read once, at start.
fn add_corpus_vocabulary(corpus: &Path, config: &Config) -> Result<(), UsageError> {
    let (path, required) = match &config.corpus.vocabulary {
        p if p.as_os_str().is_empty() => (corpus.join(CORPUS_VOCABULARY), false),
        p => (p.clone(), true),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(()),
        Err(e) => return Err(UsageError(format!("{}: {e}", path.display()))),
    };
    vocabulary::add_corpus_vocabulary(&text)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))
}

/// The file name of a corpus's own vocabulary inside its folder.
const CORPUS_VOCABULARY: &str = "vocabulary.toml";

/// A progress bar on stderr for large corpora, only on a terminal.
fn progress_bar() -> impl Fn(usize, usize) {
    /// Below this many pages a build takes well under a second: no bar.
    const PROGRESS_MIN_PAGES: usize = 500;
    let bar = std::sync::OnceLock::<indicatif::ProgressBar>::new();
    move |done: usize, total: usize| {
        if total < PROGRESS_MIN_PAGES || !io::stderr().is_terminal() {
            return;
        }
        let bar = bar.get_or_init(|| indicatif::ProgressBar::new(total as u64));
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}

pub(crate) fn open(cli: &Cli, config: &Config) -> anyhow::Result<App> {
    let settings = settings(cli, config)?;
    let (app, report) = App::open(settings, &progress_bar()).map_err(|e| match e {
        AppError::Corpus { path, source } => anyhow::Error::new(UsageError(format!(
            "cannot read corpus folder {}: {source}",
            path.display()
        ))),
        other => anyhow::Error::new(other).context("opening the index"),
    })?;
    if let Some(loaded) = report.loaded {
        for p in &loaded.problems {
            tracing::warn!("{}", terminal::escape(&p.to_string()));
        }
        if !loaded.problems.is_empty() {
            eprintln!(
                "warning: {} problem(s) in the corpus; `spotter check` lists them",
                loaded.problems.len()
            );
        }
    }
    Ok(app)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

/// Answers one request and prints it. The app is not dropped: the process is about to exit,
/// and freeing a large index's catalog row by row costs a cold call milliseconds.
fn answer(app: App, request: Request, output: &Output) -> anyhow::Result<ExitCode> {
    let answer = app.handle(&request);
    std::mem::forget(app);
    if output.json {
        let body = render::body(&render::response(&answer));
        print(&serde_json::to_string_pretty(&body).context("encoding JSON")?)?;
    } else {
        print(&terminal::render(&answer))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A filter value given on the command line: one the corpus uses (its own spelling or a
/// vocabulary name for it), else an error listing the corpus's values.
fn filter_value(
    app: &App,
    kind: Kind,
    value: Option<String>,
    what: &str,
) -> Result<Option<String>, UsageError> {
    let Some(v) = value else {
        return Ok(None);
    };
    let searcher = app.searcher();
    let values = searcher.values();
    values.find(kind, &v).map(Some).ok_or_else(|| {
        let known: Vec<&str> = values
            .of_kind(kind)
            .iter()
            .map(|(v, _)| v.as_str())
            .collect();
        UsageError(format!(
            "this corpus has no {what} \"{v}\"; it has: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

fn check(
    cli: &Cli,
    config: &Config,
    dir: Option<PathBuf>,
    strict: bool,
) -> anyhow::Result<ExitCode> {
    let dir = dir
        .or_else(|| cli.corpus.clone())
        .unwrap_or_else(|| config.corpus.dir.clone());
    if !dir.is_dir() {
        return Err(UsageError(format!("corpus folder not found: {}", dir.display())).into());
    }
    add_corpus_vocabulary(&dir, config)?;
    let loaded = corpus::load(&dir, &dir, config.corpus.max_page_bytes, &progress_bar())
        .map_err(|e| UsageError(format!("cannot read corpus folder {}: {e}", dir.display())))?;
    let mut all: Vec<&crate::domain::parse::PageError> =
        loaded.problems.iter().chain(&loaded.warnings).collect();
    all.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    // Page text and file names are escaped: one problem is one line, and nothing in a page
    // drives the moderator's terminal (issue 9).
    let mut lines: Vec<String> = all
        .iter()
        .map(|p| terminal::escape(&p.to_string()).into_owned())
        .collect();
    let rejected = loaded.rejected().len();
    lines.push(format!(
        "{} file(s), {} page(s) served, {} rejected, {} problem(s), {} warning(s)",
        loaded.files,
        loaded.pages.len(),
        rejected,
        loaded.problems.len(),
        loaded.warnings.len()
    ));
    print(&lines.join("\n"))?;
    let failed = !loaded.problems.is_empty() || (strict && !loaded.warnings.is_empty());
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn index(cli: &Cli, config: &Config, force: bool) -> anyhow::Result<ExitCode> {
    let settings = settings(cli, config)?;
    let started = Instant::now();
    let (store, generation, report) =
        app::ensure_index(&settings, force, &progress_bar()).context("building the index")?;
    let line = match report.loaded {
        Some(loaded) => {
            for p in &loaded.problems {
                eprintln!("{}", terminal::escape(&p.to_string()));
            }
            let kept = match report.kept {
                0 => String::new(),
                n => format!("; {n} rejected page(s) keep their last good version"),
            };
            format!(
                "indexed {} page(s) into {} (generation {}) in {} ms; {} problem(s){kept}",
                generation.meta.pages,
                store.root().display(),
                generation.number,
                started.elapsed().as_millis(),
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

/// An error and its causes on one line, `a: b: c`, each cause once: serenity's errors (and
/// ours that quote their source) repeat their cause's text, which printed
/// "401: Unauthorized: 401: Unauthorized".
pub fn error_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    let mut previous = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || previous.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
        previous = text;
    }
    line
}

/// `spotter find`: filters from flags and words, each checked against the corpus's values.
fn find(cli: &Cli, config: &Config, args: &FindArgs) -> anyhow::Result<ExitCode> {
    let FindArgs {
        muscle,
        equipment,
        difficulty,
        body_part,
        category,
        words,
        output,
    } = args;
    let joined = |words: &[String]| words.join(" ");
    let mut filters = console::filters_from_words(&joined(words));
    let difficulty = match difficulty {
        Some(d) => Some(d.parse::<Difficulty>().map_err(|()| {
            UsageError(format!(
                "unknown difficulty \"{d}\"; one of: Beginner, Intermediate, Advanced"
            ))
        })?),
        None => filters.difficulty,
    };
    let given = [muscle, equipment, body_part, category];
    if given.iter().all(|g| g.is_none()) && difficulty.is_none() && filters.is_empty() {
        return Err(UsageError(
            "give at least one filter: --muscle, --equipment, --difficulty, --body-part or --category"
                .into(),
        )
        .into());
    }
    let app = open(cli, config)?;
    filters = Filters {
        muscle: filter_value(&app, Kind::Muscle, muscle.clone(), "muscle")?.or(filters.muscle),
        equipment: filter_value(&app, Kind::Equipment, equipment.clone(), "equipment")?
            .or(filters.equipment),
        difficulty,
        body_part: filter_value(&app, Kind::BodyPart, body_part.clone(), "body part")?
            .or(filters.body_part),
        category: filter_value(&app, Kind::Category, category.clone(), "category")?
            .or(filters.category),
    };
    answer(app, Request::Find { filters }, output)
}

/// Runs the command line.
///
/// # Errors
/// `UsageError` for what the user must fix (exit 2); anything else is an internal error.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref()).map_err(|e| UsageError(e.to_string()))?;
    let joined = |words: &[String]| words.join(" ");
    match &cli.cmd {
        None => {
            let app = open(&cli, &config)?;
            console::run(&app).context("running the console")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Check { dir, strict }) => check(&cli, &config, dir.clone(), *strict),
        Some(Cmd::Serve {
            shards,
            total_shards,
        }) => serve::serve(&cli, &config, shards.as_deref(), *total_shards),
        Some(Cmd::ServeHttp { listen }) => serve::serve_http(&cli, &config, listen.clone()),
        Some(Cmd::Register) => serve::register(&config),
        Some(Cmd::Index { force }) => index(&cli, &config, *force),
        Some(Cmd::Ask { question, output }) => {
            let app = open(&cli, &config)?;
            let request = Request::Ask {
                question: joined(question),
                context: None,
            };
            answer(app, request, output)
        }
        Some(Cmd::Exercise { query, output }) => {
            let app = open(&cli, &config)?;
            answer(
                app,
                Request::Exercise {
                    query: joined(query),
                },
                output,
            )
        }
        Some(Cmd::Related { exercise, output }) => {
            let app = open(&cli, &config)?;
            answer(
                app,
                Request::Related {
                    exercise: joined(exercise),
                },
                output,
            )
        }
        Some(Cmd::Compare { a, b, output }) => {
            let app = open(&cli, &config)?;
            answer(
                app,
                Request::Compare {
                    a: a.clone(),
                    b: b.clone(),
                },
                output,
            )
        }
        Some(Cmd::Find(args)) => find(&cli, &config, args),
    }
}
