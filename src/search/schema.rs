//! The index schema, the `Fields` handles and `SCHEMA_VERSION`. Knows domain records, never
//! Discord.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::analyzer::{PLAIN, STEM};

/// Bump when the schema, the analyzers, the stored record shape or the catalog change: an
/// index built with another version is rebuilt, never read (seshat's rule). 9: ids are slugs
/// of file stems (issue 6), so an index of raw stems must not be reused; 10: names also
/// indexed in their other forms (`domain::names`); 11: single letters of a name joined;
/// 12: catalog rows carry whether an easier or harder exercise is near.
pub const SCHEMA_VERSION: u32 = 12;

/// Document kinds (`kind` field).
pub mod kind {
    /// An exercise page.
    pub const EXERCISE: &str = "exercise";
    /// One FAQ entry of a general page or article.
    pub const FAQ: &str = "faq";
    /// A general page or article as a whole.
    pub const READING: &str = "reading";
    /// A comparison page.
    pub const COMPARISON: &str = "comparison";
    /// A listing page.
    pub const LISTING: &str = "listing";
}

/// Cached field handles.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Page id (`plank`), raw.
    pub id: Field,
    /// Document kind, raw.
    pub kind: Field,
    /// Exercise name and other names (`Also known as`), stemmed. Exercises only, so a name
    /// query needs no kind filter; one field for both, so a word is one term query.
    pub name: Field,
    /// The same, lower-cased and unstemmed, for typos and prefixes.
    pub name_plain: Field,
    /// Each name normalised as one term, for exact matches.
    pub name_key: Field,
    /// Each name's adjacent words run together, stemmed (`push up` → `pushup`): a typed
    /// closed compound finds its hyphenated or spaced form. A field of its own, so the
    /// name fields' statistics and clauses stay those of the words as written.
    pub name_compound: Field,
    /// The normalised names of the two exercises a comparison page compares.
    pub compares: Field,
    /// Canonical body part, lower case.
    pub body_part: Field,
    /// Canonical equipment names, lower case.
    pub equipment: Field,
    /// Canonical target muscle, lower case.
    pub target: Field,
    /// Canonical secondary muscles, lower case.
    pub secondary: Field,
    /// Difficulty, lower case.
    pub difficulty: Field,
    /// Category, lower case.
    pub category: Field,
    /// FAQ question.
    pub question: Field,
    /// FAQ answer.
    pub answer: Field,
    /// Title and keywords of a general page, an article, a comparison or a listing.
    pub title: Field,
    /// Title and keywords of the page a FAQ entry is on (FAQ entries only).
    pub topic: Field,
    /// Any other text.
    pub text: Field,
    /// The document's row in the generation's catalog (exercises and general FAQ entries).
    pub entry: Field,
    /// The record as JSON.
    pub record: Field,
}

fn text(tokenizer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// The schema and its handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING),
        kind: b.add_text_field("kind", STRING),
        name: b.add_text_field("name", text(STEM, false)),
        name_plain: b.add_text_field("name_plain", text(PLAIN, false)),
        name_key: b.add_text_field("name_key", STRING),
        name_compound: b.add_text_field("name_compound", text(STEM, false)),
        compares: b.add_text_field("compares", STRING),
        body_part: b.add_text_field("body_part", STRING),
        equipment: b.add_text_field("equipment", STRING),
        target: b.add_text_field("target", STRING),
        secondary: b.add_text_field("secondary", STRING),
        difficulty: b.add_text_field("difficulty", STRING),
        category: b.add_text_field("category", STRING),
        question: b.add_text_field("question", text(STEM, false)),
        answer: b.add_text_field("answer", text(STEM, false)),
        title: b.add_text_field("title", text(STEM, false)),
        topic: b.add_text_field("topic", text(STEM, false)),
        text: b.add_text_field("text", text(STEM, false)),
        entry: b.add_u64_field("entry", FAST),
        record: b.add_text_field("record", STORED),
    };
    (b.build(), fields)
}

/// Resolves the handles of an opened index's schema.
///
/// # Errors
/// When a field is missing: the index was built by another schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        kind: f("kind")?,
        name: f("name")?,
        name_plain: f("name_plain")?,
        name_key: f("name_key")?,
        name_compound: f("name_compound")?,
        compares: f("compares")?,
        body_part: f("body_part")?,
        equipment: f("equipment")?,
        target: f("target")?,
        secondary: f("secondary")?,
        difficulty: f("difficulty")?,
        category: f("category")?,
        question: f("question")?,
        answer: f("answer")?,
        title: f("title")?,
        topic: f("topic")?,
        text: f("text")?,
        entry: f("entry")?,
        record: f("record")?,
    })
}
