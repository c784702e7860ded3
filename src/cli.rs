//! The command line: clap's `Cli`/`Cmd` and one function per subcommand. Wiring only: it
//! resolves folders, opens the app, and prints what the domain answers.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

mod find;
mod help;
mod index;
mod place;
mod records;
mod serve;
mod show;

pub use find::FindArgs;
pub use place::Place;
pub use show::ListArgs;

use crate::app::{App, AppError};
use crate::config::Config;
use crate::corpus;

use crate::domain::request::Request;

use crate::{console, terminal};

/// spotter answers exercise questions from a folder of exercise pages.
#[derive(Debug, Parser)]
#[command(
    name = "spotter",
    version,
    about,
    long_about = help::LONG_ABOUT,
    after_long_help = help::AFTER_LONG_HELP,
    override_usage = "spotter [OPTIONS] [COMMAND]\n       spotter [OPTIONS] QUESTION..."
)]
pub struct Cli {
    /// A question to answer, as spotter ask would (without one and without a command, the
    /// console opens).
    #[arg(value_name = "QUESTION")]
    pub question: Vec<String>,
    /// Where the console (and a command given after these) reads.
    #[command(flatten)]
    pub place: Place,
    /// The config file (default: config.toml when it exists).
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,
    /// Log lines on stderr as text, or as one JSON object a line for a log collector
    /// (default: SPOTTER_LOG_FORMAT, else text).
    #[arg(long, global = true, value_enum, value_name = "FORMAT", help_heading = GLOBAL)]
    pub log_format: Option<LogFormat>,
    /// Bold, italics and colour in cards: auto (a terminal; colour unless NO_COLOR is set),
    /// always, or never.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
    /// What to do; without one, the local console opens.
    #[command(subcommand)]
    pub cmd: Option<Cmd>,
}

/// The heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// `--log-format`: how log lines on stderr look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people: coloured only when stderr is a terminal.
    Text,
    /// One JSON object a line (tracing-subscriber's), for log collectors.
    Json,
}

/// `--json` and `--color`.
#[derive(Debug, Args)]
pub struct Output {
    /// Print the exact interaction-response body Discord would receive, and nothing else.
    #[arg(long)]
    pub json: bool,
    /// Bold, italics and colour in the card: auto (a terminal; colour unless NO_COLOR is
    /// set), always, or never.
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
}

/// `--color`: when cards carry terminal styling (ripgrep's choice and words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Styled on a terminal; colour too unless NO_COLOR is set (or TERM=dumb).
    Auto,
    /// Always styled and coloured, even into a pipe.
    Always,
    /// Plain text.
    Never,
}

impl ColorChoice {
    /// The styling of stdout under this choice.
    pub fn style(self) -> terminal::Style {
        match self {
            ColorChoice::Always => terminal::Style::COLOUR,
            ColorChoice::Never => terminal::Style::PLAIN,
            ColorChoice::Auto => terminal::Style::detect(
                io::stdout().is_terminal(),
                std::env::var_os("TERM").as_deref(),
                std::env::var_os("NO_COLOR").as_deref(),
            ),
        }
    }
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
        /// How much of a list.
        #[command(flatten)]
        list: ListArgs,
        /// Where to read.
        #[command(flatten)]
        place: Place,
    },
    /// Show an exercise's card ("hip rotation").
    Exercise {
        /// Part of the name; typos are fine.
        query: Vec<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
        /// Where to read.
        #[command(flatten)]
        place: Place,
    },
    /// Exercises like this one.
    Related {
        /// The exercise.
        exercise: Vec<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
        /// How much of the list.
        #[command(flatten)]
        list: ListArgs,
        /// Where to read.
        #[command(flatten)]
        place: Place,
    },
    /// Exercises by muscle, equipment, difficulty, body part or category.
    Find(FindArgs),
    /// Two exercises side by side ("goblet squat" "front squat", or goblet squat vs front
    /// squat).
    Compare {
        /// The two exercises: two arguments, or words with vs between them.
        #[arg(required = true, value_name = "EXERCISE")]
        names: Vec<String>,
        /// Output format.
        #[command(flatten)]
        output: Output,
        /// Where to read.
        #[command(flatten)]
        place: Place,
    },
    /// Validate the corpus: path:line: message for every problem and warning; exit 1 on a
    /// problem (or, with --strict, a warning).
    Check {
        /// The folder to check (default: the corpus).
        dir: Option<PathBuf>,
        /// The folder to check, as the other commands name it.
        #[arg(long, value_name = "DIR", conflicts_with = "dir")]
        corpus: Option<PathBuf>,
        /// Exit 1 on warnings too (a value one edit from a common one, a name on two pages,
        /// a key given twice, an empty file).
        #[arg(long)]
        strict: bool,
    },
    /// Run the Discord bot on the gateway (token from DISCORD_TOKEN).
    Serve {
        /// The shards this process runs, A-B of --total-shards (default: discord.shards,
        /// or every shard).
        #[arg(long, value_name = "A-B")]
        shards: Option<String>,
        /// The bot's shard count in all (default: discord.total_shards, or what Discord
        /// recommends).
        #[arg(long, value_name = "N")]
        total_shards: Option<u32>,
        /// Where to read.
        #[command(flatten)]
        place: Place,
    },
    /// Serve Discord's interactions endpoint over HTTP (key from DISCORD_PUBLIC_KEY).
    ServeHttp {
        /// Address to listen on (default: http.listen).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Where to read.
        #[command(flatten)]
        place: Place,
    },
    /// Register the slash commands through REST (for deployments that run only serve-http).
    Register,
    /// Build the index (only when the corpus changed, unless --force); show or remove it.
    Index(index::IndexArgs),
    /// The questions the bot could not answer, most asked first, in every server (from the
    /// moderators' database; no user is recorded).
    Unanswered(records::UnansweredArgs),
}

/// Something the user must fix, printed as one line, exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A progress bar on stderr for large corpora, only on a terminal: `label`, the pages done
/// of all, their rate and the time left.
pub(crate) fn progress_bar(label: &'static str) -> impl Fn(usize, usize) {
    /// Below this many pages a build takes well under a second: no bar.
    const PROGRESS_MIN_PAGES: usize = 500;
    let bar = std::sync::OnceLock::<indicatif::ProgressBar>::new();
    move |done: usize, total: usize| {
        if total < PROGRESS_MIN_PAGES || !io::stderr().is_terminal() {
            return;
        }
        let bar = bar.get_or_init(|| {
            // indicatif's own {per_sec} prints fractions ("8,848.972/s"): whole pages read
            // better.
            let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} pages/s", state.per_sec());
            };
            let style = indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {pos}/{len} pages, {rate}, ETA {eta}",
            )
            .expect("the progress template is valid")
            .with_key("rate", rate)
            .progress_chars("=> ");
            indicatif::ProgressBar::new(total as u64)
                .with_style(style)
                .with_message(label)
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}

/// Problems a one-shot command names on stderr before it says how many more there are.
const PROBLEMS_SHOWN_MAX: usize = 5;

pub(crate) fn open(cli: &Cli, config: &Config) -> anyhow::Result<App> {
    let settings = place::settings(&cli.place()?, config)?;
    let (app, report) = App::open(settings, &progress_bar("reading")).map_err(|e| match e {
        AppError::Corpus { path, source } => anyhow::Error::new(UsageError(format!(
            "cannot read corpus folder {}: {source}",
            path.display()
        ))),
        other => anyhow::Error::new(other).context("opening the index"),
    })?;
    let Some(loaded) = report.loaded else {
        return Ok(app);
    };
    let problems: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| terminal::escape(&p.to_string()).into_owned())
        .collect();
    if matches!(cli.cmd, Some(Cmd::Serve { .. } | Cmd::ServeHttp { .. })) {
        // A server's problems go to its log, one event each, for the collector to count.
        for p in &problems {
            tracing::warn!("{p}");
        }
        return Ok(app);
    }
    // A one-shot command names each problem once, on stderr, and only the first few.
    for p in problems.iter().take(PROBLEMS_SHOWN_MAX) {
        eprintln!("warning: {p}");
    }
    if problems.len() > PROBLEMS_SHOWN_MAX {
        eprintln!(
            "warning: {} more problem(s) in the corpus; spotter check lists them all",
            problems.len() - PROBLEMS_SHOWN_MAX
        );
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

/// The folder `check` reads (`check DIR`, `--corpus`, as every command finds it), its
/// vocabulary read.
fn check_dir(cli: &Cli, config: &Config, dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let dir = place::corpus_dir(dir.or(cli.place.corpus.as_deref()), config)?;
    place::add_corpus_vocabulary(&dir, config)?;
    Ok(dir)
}

/// `spotter check`: every problem and warning of the corpus, exit 1 on a problem (or, with
/// `--strict`, a warning).
fn check_corpus(
    cli: &Cli,
    config: &Config,
    dir: Option<&Path>,
    strict: bool,
) -> anyhow::Result<ExitCode> {
    let dir = check_dir(cli, config, dir)?;
    let loaded = corpus::load(
        &dir,
        &dir,
        config.corpus.max_page_bytes,
        &progress_bar("checking"),
    )
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

/// `spotter compare`'s two exercises: two arguments (`"goblet squat" "front squat"`), or
/// words with `vs` between them (`goblet squat vs front squat`).
fn pair(names: &[String]) -> Result<(String, String), UsageError> {
    let joined = names.join(" ");
    match (names, console::split_pair(&joined)) {
        (_, Some((a, b))) => Ok((a.trim().to_string(), b.trim().to_string())),
        ([a, b], None) => Ok((a.clone(), b.clone())),
        _ => Err(UsageError(
            "give two exercises: spotter compare \"goblet squat\" \"front squat\", or spotter \
             compare goblet squat vs front squat"
                .into(),
        )),
    }
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

impl Cli {
    /// The corpus and index flags of the command, over the ones given before it.
    ///
    /// # Errors
    /// `--corpus` or `--index` given before a command that does not read them.
    pub fn place(&self) -> Result<Place, UsageError> {
        let own = match &self.cmd {
            None => return Ok(self.place.clone()),
            Some(
                Cmd::Ask { place, .. }
                | Cmd::Exercise { place, .. }
                | Cmd::Related { place, .. }
                | Cmd::Compare { place, .. }
                | Cmd::Serve { place, .. }
                | Cmd::ServeHttp { place, .. },
            ) => place,
            Some(Cmd::Find(args)) => &args.place,
            Some(Cmd::Index(args)) => &args.place,
            Some(Cmd::Unanswered(args)) => &args.place,
            Some(Cmd::Check { .. } | Cmd::Register) => &Place::default(),
        };
        Ok(own.over(&self.place))
    }

    /// The styling of cards on stdout: the command's `--color`, else the one before it.
    fn style(&self, own: Option<ColorChoice>) -> terminal::Style {
        own.or(self.color).unwrap_or(ColorChoice::Auto).style()
    }

    /// How cards are laid out on stdout: the styling, and the terminal's width (80 into a
    /// pipe).
    fn layout(&self, own: Option<ColorChoice>) -> terminal::Layout {
        terminal::Layout {
            style: self.style(own),
            width: terminal::stdout_width(),
        }
    }

    /// Refuses `--corpus`, `--index` or `--color` given before a command they do nothing for.
    fn refuse_unused(&self) -> Result<(), UsageError> {
        // (name, reads --corpus, reads --index) of the commands that print no card.
        let (name, corpus, index) = match &self.cmd {
            Some(Cmd::Check { .. }) => ("check", true, false),
            Some(Cmd::Register) => ("register", false, false),
            Some(Cmd::Index(_)) => ("index", true, true),
            Some(Cmd::Unanswered(_)) => ("unanswered", true, true),
            Some(Cmd::Serve { .. }) => ("serve", true, true),
            Some(Cmd::ServeHttp { .. }) => ("serve-http", true, true),
            _ => return Ok(()),
        };
        let unused = [
            (self.place.corpus.is_some() && !corpus, "--corpus"),
            (self.place.index.is_some() && !index, "--index"),
            (self.color.is_some(), "--color"),
        ];
        match unused.into_iter().find(|(given, _)| *given) {
            Some((_, flag)) => Err(UsageError(format!(
                "{flag} does nothing for spotter {name}"
            ))),
            None => Ok(()),
        }
    }
}

/// Runs the command line.
///
/// # Errors
/// `UsageError` for what the user must fix (exit 2); anything else is an internal error.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // A config error keeps its own type: its report spans lines (toml's snippet and caret).
    let config = Config::load(cli.config.as_deref())?;
    cli.refuse_unused()?;
    let joined = |words: &[String]| words.join(" ");
    let ask = |request: Request, output: &Output, list: &ListArgs| -> anyhow::Result<ExitCode> {
        show::answer(open(&cli, &config)?, request, (&cli, &config), output, list)
    };
    let question = |question: &[String]| Request::Ask {
        question: joined(question),
        context: None,
    };
    match &cli.cmd {
        None if !cli.question.is_empty() => {
            let output = Output {
                json: false,
                color: None,
            };
            ask(question(&cli.question), &output, &ListArgs::ONE_PAGE)
        }
        None => {
            let app = open(&cli, &config)?;
            console::run(&app, cli.layout(None)).context("running the console")?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Cmd::Check {
            dir,
            corpus,
            strict,
        }) => check_corpus(&cli, &config, dir.as_deref().or(corpus.as_deref()), *strict),
        Some(Cmd::Serve {
            shards,
            total_shards,
            ..
        }) => serve::serve(&cli, &config, shards.as_deref(), *total_shards),
        Some(Cmd::ServeHttp { listen, .. }) => serve::serve_http(&cli, &config, listen.clone()),
        Some(Cmd::Register) => serve::register(&config),
        Some(Cmd::Index(args)) => index::index(&cli, &config, args),
        Some(Cmd::Unanswered(args)) => records::unanswered(&cli, &config, args),
        Some(Cmd::Ask {
            question: words,
            output,
            list,
            ..
        }) => ask(question(words), output, list),
        Some(Cmd::Exercise { query, output, .. }) => ask(
            Request::Exercise {
                query: joined(query),
            },
            output,
            &ListArgs::ONE_PAGE,
        ),
        Some(Cmd::Related {
            exercise,
            output,
            list,
            ..
        }) => ask(
            Request::Related {
                exercise: joined(exercise),
            },
            output,
            list,
        ),
        Some(Cmd::Compare { names, output, .. }) => {
            let (a, b) = pair(names)?;
            ask(Request::Compare { a, b }, output, &ListArgs::ONE_PAGE)
        }
        Some(Cmd::Find(args)) => find::find(&cli, &config, args),
    }
}
