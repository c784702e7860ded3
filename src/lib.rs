//! spotter: a Discord bot that answers exercise questions from a folder of markdown pages.
//!
//! The data flows one way (see DESIGN.md): `corpus` reads pages into `domain` records, `search`
//! indexes them with Tantivy, `app` turns a `domain::Request` into a `domain::Answer`, and the
//! renderers (`discord::render`, `terminal`) turn that answer into what a surface shows.
#![deny(missing_docs)]

pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod corpus;
pub mod discord;
pub mod domain;
pub mod logging;
pub mod search;
pub mod storage;
pub mod terminal;

/// Every binary, test and bench linking spotter allocates through mimalloc, so benchmarks
/// measure what the binary runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
