//! The long help of `spotter --help`: what `spotter` alone does, examples, the environment and
//! the exit codes (`-h` stays the short list). Text only; it must stay true to README.md.

/// `spotter --help`'s opening.
pub(super) const LONG_ABOUT: &str = "spotter answers exercise questions from a folder of \
exercise pages: as a Discord bot (serve, serve-http), on the command line, or in a local \
console.\n\nRun spotter with no command to open the console: type an exercise's name after \
/exercise, a question, or the number of a button under the last card.";

/// `spotter --help`'s closing sections.
pub(super) const AFTER_LONG_HELP: &str = "\
Examples:
  spotter                                    open the local console
  spotter ask \"what muscles does the plank work?\"
  spotter exercise hip rotation              a card (typos and partial names are fine)
  spotter find --muscle glutes --equipment band
  spotter compare \"goblet squat\" \"front squat\"
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
  RUST_LOG            log filter on stderr (default spotter=warn,serenity=warn)
  XDG_CACHE_HOME      the cache folder's parent (default ~/.cache): indexes, built-in pages
  NO_COLOR            no colour in cards when set (--color auto)

Exit codes:
  0  ok (a closed pipe too)
  1  check found problems (or, with --strict, warnings)
  2  error: one line on stderr";
