//! The long help of `spotter --help`: what `spotter` alone does, examples, the environment and
//! the exit codes (`-h` stays the short list). Text only; it must stay true to README.md.

/// `spotter --help`'s opening.
pub(super) const LONG_ABOUT: &str = "spotter answers exercise questions from a folder of \
exercise pages: as a Discord bot (serve, serve-http), on the command line, or in a local \
console.\n\nRun spotter with no command to open the console: type a question, a command \
(/exercise hip rotation, /help for them all), or a number on screen (a list item, a choice \
or a button of the last answer). Run spotter with words and no command to ask them as a \
question.";

/// What the command line can ask, printed where the Discord help would be (an empty question,
/// a question about nothing named).
pub(super) const COMMANDS: &str = "\
Ask about an exercise:
  spotter exercise hip rotation            the exercise card
  spotter ask how many reps of the plank?  muscles, reps, form, tips, beginners
  spotter related deadlift                 similar exercises and alternatives
  spotter find --muscle glutes --equipment band
  spotter compare bench press vs dumbbell bench press
Typos and partial names are fine; spotter --help shows every command.";

/// `spotter --help`'s closing sections.
pub(super) const AFTER_LONG_HELP: &str = "\
Examples:
  spotter                                    open the local console
  spotter ask \"what muscles does the plank work?\"
  spotter \"what muscles does the plank work?\"   the same: words without a command ask
  spotter exercise hip rotation              a card (typos and partial names are fine)
  spotter find --muscle glutes --equipment band
  spotter compare \"goblet squat\" \"front squat\"
  spotter compare goblet squat vs front squat
  spotter related plank --all                every related exercise, not only the first 10
  spotter check corpus                       every problem as path:line: message
  spotter --corpus my-pages ask \"is the deadlift ok for beginners?\"
  spotter index --where                      the index folder; --clean removes it
  DISCORD_TOKEN=... spotter serve            the bot on Discord's gateway

Without --corpus or corpus.dir, spotter reads ./corpus when it exists, else the pages built \
into it.

Environment:
  DISCORD_TOKEN       the bot token (serve, register); never logged
  DISCORD_PUBLIC_KEY  the application's public key, hex (serve-http)
  DISCORD_API_BASE    send REST and gateway discovery to another host (a proxy)
  RUST_LOG            log filter on stderr (default spotter=warn,serenity=warn; serve and
                      serve-http spotter=info)
  SPOTTER_LOG_FORMAT  text or json: the log lines' format when --log-format is not given
  XDG_CACHE_HOME      the cache folder's parent (default ~/.cache): indexes, built-in pages
  NO_COLOR            no colour in cards when set (--color auto)

Exit codes:
  0  ok (a closed pipe too)
  1  check found problems (or, with --strict, warnings)
  2  error: one line on stderr";
