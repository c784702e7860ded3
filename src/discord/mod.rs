//! Everything that knows Discord: commands, the one interaction parse, limits, rendering, the
//! reply policy, reports, servers' settings, REST and the gateway bot. Never imports
//! `search`, `corpus`, `app`, `storage` or Tantivy; it sees only `domain` types (and the
//! `[discord]` config section) and holds an `Arc<dyn domain::Handler>`.

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
pub mod settings;
pub mod shutdown;
