//! Everything that knows Discord: commands, the one interaction parse, limits, rendering, the
//! reply policy, reports, REST and the gateway bot. Never imports `search`, `corpus`, `app` or
//! Tantivy; it sees only `domain` types and holds an `Arc<dyn domain::Handler>`.

pub mod commands;
pub mod cooldown;
pub mod download;
pub mod gateway;
pub mod http;
pub mod interaction;
pub mod limits;
pub mod listen;
pub mod memory;
mod metrics;
pub mod moderate;
pub mod permissions;
pub mod render;
pub mod reply;
pub mod report;
pub mod rest;
pub mod shutdown;
