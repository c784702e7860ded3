//! Everything that knows Discord: limits, rendering answers to interaction-response bodies.
//! Never imports `search`, `corpus`, `app` or Tantivy; it sees only `domain` types.

pub mod limits;
pub mod render;
