//! The index's errors, shared by the generations on disk and the catalog beside them (so
//! neither imports the other for its error type).

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Tantivy failed.
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The disk failed.
    #[error("index folder: {0}")]
    Io(#[from] std::io::Error),
    /// The index was built by another schema version: rebuild it.
    #[error("index schema version {found} is not {expected}; it will be rebuilt")]
    SchemaMismatch {
        /// This build's version.
        expected: u32,
        /// The index's version.
        found: u32,
    },
    /// The marker or metadata cannot be read.
    #[error("index metadata is unreadable: {0}")]
    Corrupt(String),
}

/// `Result` of the index.
pub type Result<T> = std::result::Result<T, IndexError>;
