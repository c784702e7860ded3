//! The pure domain: pages, questions and answers. No I/O, no async, no Discord, no Tantivy.
//!
//! Everything here is a plain function over plain data, so it is tested without a network, a
//! disk or an index.

pub mod answer;
pub mod compose;
pub mod custom_id;
pub mod digest;
pub mod handler;
pub mod lint;
pub mod list;
pub mod moderation;
pub mod names;
pub mod page;
pub mod page_faq;
pub mod parse;
pub mod query;
pub mod ranking;
pub mod related;
pub mod report;
pub mod reps;
pub mod request;
pub mod settings;
pub mod understand;
pub mod vocabulary;

pub use answer::{Answer, Card};
pub use custom_id::CustomId;
pub use handler::Handler;
pub use page::{Difficulty, Page, PageId};
pub use query::{Filters, Intent};
pub use request::Request;
