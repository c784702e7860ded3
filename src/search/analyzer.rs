//! Tokenizer pipelines registered by name: `spotter_stem` (lower case, ASCII folding, English
//! stemming) and `spotter_plain` (the same without stemming, for typos and prefixes). Queries
//! use the same pipelines, so a word is cut the same way at both ends.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};

/// Stemmed text.
pub const STEM: &str = "spotter_stem";
/// Unstemmed text.
pub const PLAIN: &str = "spotter_plain";

/// Longest token kept, in bytes: longer "words" are noise (base64, URLs) and would bloat the
/// term dictionary.
const TOKEN_MAX_BYTES: usize = 40;

fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(TOKEN_MAX_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(TOKEN_MAX_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Registers both pipelines on an index (needed after every open).
pub fn register(index: &Index) {
    index.tokenizers().register(STEM, stem());
    index.tokenizers().register(PLAIN, plain());
}

/// The tokens of `text` through a pipeline.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Both pipelines, for building queries.
pub struct Analyzers {
    /// `spotter_stem`.
    pub stem: TextAnalyzer,
    /// `spotter_plain`.
    pub plain: TextAnalyzer,
}

impl Default for Analyzers {
    fn default() -> Self {
        Analyzers {
            stem: stem(),
            plain: plain(),
        }
    }
}

thread_local! {
    /// Each thread's pipelines, built once: building one (its stemmer above all) costs more
    /// than the query it serves.
    static ANALYZERS: std::cell::RefCell<Analyzers> = std::cell::RefCell::new(Analyzers::default());
}

/// Runs `f` with this thread's pipelines. `f` must not call `with_analyzers` again.
pub fn with_analyzers<R>(f: impl FnOnce(&mut Analyzers) -> R) -> R {
    ANALYZERS.with(|a| match a.try_borrow_mut() {
        Ok(mut analyzers) => f(&mut analyzers),
        // Re-entered: a fresh pair rather than a panic.
        Err(_) => f(&mut Analyzers::default()),
    })
}
