//! The one integration test binary (one link step for all areas; see Cargo.toml).

// Shared helpers: the app over the shipped corpus, fixtures, the binary.
mod support;

// Import rules between modules (STYLE.md "Boundaries").
mod boundaries;
// Pages → records, field by field, for every page kind.
mod parse;
// `spotter check`: exact `path:line:` lines and exit codes.
mod check;
// Page ids from any file name: buttons that answer, collisions reported.
mod ids;
// Files that are not plain pages: BOM, CR, bad UTF-8, FIFOs, devices, size cap, folders.
mod input;
// The shipped corpus's counts and sections.
mod corpus;
// Answers per intent over the shipped corpus.
mod answers;
// The truth files (shipped and foreign corpus): hit@1 and MRR.
mod quality;
// A corpus we did not write: site suffixes, values no vocabulary lists.
mod any_corpus;
// Discord JSON bodies: every limit, no mentions.
mod render;
// Any input: no panic, always an answer.
mod props;
// The binary: bad input, exit codes, concurrency, cache folders.
mod cli;
// The installed binary: built-in pages from any folder, index housekeeping, --help.
mod install;
// Cards as terminal text: no raw markdown, styling on request, each list once.
mod terminal;
// The local console's line handler: one numbering on screen, context, its own help.
mod console;
// Arguments: compare with vs, a question without a command, option headings.
mod arguments;
// Log lines: no colour into a pipe, JSON, corpus problems once.
mod logs;
// `spotter index`'s progress bar (on a terminal only) and its last line.
mod progress;
// Generations on disk: reuse, schema version, crashes.
mod index;
// config.toml matches the code.
mod config;
// The fake Discord (REST + gateway) against a real serenity client.
mod fake;
// `spotter serve` against the fake Discord.
mod gateway;
// Gateway shards: Discord's recommendation, ranges per process, one registration.
mod sharding;
// The `spotter serve` binary: stops on SIGINT/SIGTERM in every state; no fallback host.
mod shutdown;
// `spotter serve-http` with real Ed25519 signatures.
mod http;
// `serve-http`'s connection cap and timeouts.
mod http_limits;
// What members do with a card, on both transports: page lists, hide, suggest, delete.
mod members;
// The moderators' database: migrations, records per server, retention, two processes.
mod storage;
// Moderators on Discord: unanswered questions, page source, rights, a corrupt database.
mod moderators;
// Moderators changing pages from Discord: upload, replace, remove, refusals.
mod corpus_edits;
// corpus.git_pull: /reindex and the watcher pull a temp repository, a diverged clone is
// reported.
mod git_sync;
// Per-server settings: /settings show, set, clear, rights, used by the next card, a restart.
mod settings;
// Report a problem with a card: the button, the modal, the post to the report channel.
mod reports;
// "Find exercises in this message": the message context menu on both transports.
mod context_menu;
