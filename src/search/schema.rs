//! The index schema, the `Fields` handles and `SCHEMA_VERSION`. Knows domain records, never
//! Discord.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, SchemaBuilder, TextFieldIndexing,
    TextOptions,
};

use super::analyzer::{PLAIN, STEM};

/// Bump when the schema, the analyzers, the stored record shape or the catalog change: an
/// index built with another version is rebuilt, never read (seshat's rule). 9: ids are slugs
/// of file stems (issue 6), so an index of raw stems must not be reused; 10: names also
/// indexed in their other forms (`domain::names`); 11: single letters of a name joined;
/// 12: catalog rows carry whether an easier or harder exercise is near.
pub const SCHEMA_VERSION: u32 = 12;

/// What a document is (its `kind` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An exercise page.
    Exercise,
    /// One FAQ entry of a general page or article.
    Faq,
    /// A general page or article as a whole.
    Reading,
    /// A comparison page.
    Comparison,
    /// A listing page.
    Listing,
}

impl Kind {
    /// The `kind` field's term.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Exercise => "exercise",
            Kind::Faq => "faq",
            Kind::Reading => "reading",
            Kind::Comparison => "comparison",
            Kind::Listing => "listing",
        }
    }
}

/// Declares the fields once: the `Fields` handles, the schema that adds each field (named
/// as its handle) with its options, and the lookup of each in an opened index.
macro_rules! fields {
    ($($(#[$doc:meta])* $name:ident: $add:ident,)*) => {
        /// Cached field handles.
        #[derive(Clone, Copy, Debug)]
        pub struct Fields {
            $($(#[$doc])* pub $name: Field,)*
        }

        /// The schema and its handles.
        pub fn build() -> (Schema, Fields) {
            let mut b = Schema::builder();
            let fields = Fields {
                $($name: $add(&mut b, stringify!($name)),)*
            };
            (b.build(), fields)
        }

        /// Resolves the handles of an opened index's schema.
        ///
        /// # Errors
        /// When a field is missing: the index was built by another schema.
        pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
            Ok(Fields {
                $($name: schema.get_field(stringify!($name))?,)*
            })
        }
    };
}

/// An untokenized field: ids, kinds, facet values, whole-name keys.
fn raw(b: &mut SchemaBuilder, name: &str) -> Field {
    b.add_text_field(name, STRING)
}

/// Words stemmed as questions are (`STEM`), with frequencies.
fn stemmed(b: &mut SchemaBuilder, name: &str) -> Field {
    b.add_text_field(name, text(STEM))
}

/// Words lower-cased but not stemmed (`PLAIN`): typos and prefixes.
fn plain(b: &mut SchemaBuilder, name: &str) -> Field {
    b.add_text_field(name, text(PLAIN))
}

/// A fast `u64`: the catalog row.
fn fast_u64(b: &mut SchemaBuilder, name: &str) -> Field {
    b.add_u64_field(name, FAST)
}

/// Stored only: the record.
fn stored(b: &mut SchemaBuilder, name: &str) -> Field {
    b.add_text_field(name, STORED)
}

fn text(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

fields! {
    /// Page id (`plank`), raw.
    id: raw,
    /// Document kind, raw.
    kind: raw,
    /// Exercise name and other names (`Also known as`), stemmed. Exercises only, so a name
    /// query needs no kind filter; one field for both, so a word is one term query.
    name: stemmed,
    /// The same, lower-cased and unstemmed, for typos and prefixes.
    name_plain: plain,
    /// Each name normalised as one term, for exact matches.
    name_key: raw,
    /// Each name's adjacent words run together, stemmed (`push up` → `pushup`): a typed
    /// closed compound finds its hyphenated or spaced form. A field of its own, so the
    /// name fields' statistics and clauses stay those of the words as written.
    name_compound: stemmed,
    /// The normalised names of the two exercises a comparison page compares.
    compares: raw,
    /// Canonical body part, lower case.
    body_part: raw,
    /// Canonical equipment names, lower case.
    equipment: raw,
    /// Canonical target muscle, lower case.
    target: raw,
    /// Canonical secondary muscles, lower case.
    secondary: raw,
    /// Difficulty, lower case.
    difficulty: raw,
    /// Category, lower case.
    category: raw,
    /// FAQ question.
    question: stemmed,
    /// FAQ answer.
    answer: stemmed,
    /// Title and keywords of a general page, an article, a comparison or a listing.
    title: stemmed,
    /// Title and keywords of the page a FAQ entry is on (FAQ entries only).
    topic: stemmed,
    /// Any other text.
    text: stemmed,
    /// The document's row in the generation's catalog (exercises and general FAQ entries).
    entry: fast_u64,
    /// The record as JSON.
    record: stored,
}
