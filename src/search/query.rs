//! Domain questions → Tantivy queries built from analyzer tokens (never the query parser, so
//! `title:(foo AND`, `*` and `"` are just words). Every boost is a field of
//! `domain::ranking::WEIGHTS` with the reason it has that value. Re-ranking the candidates is
//! `rerank`'s.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::analyzer::{Analyzers, tokens};
use super::rerank::compound;
use super::schema::{Fields, Kind};
use crate::domain::ranking::WEIGHTS;
use crate::domain::request::Filters;
use crate::domain::vocabulary;

/// Candidates fetched for re-ranking (or as many as the hits asked for, if more): as many as
/// the names sharing the shipped corpus's most shared word (`squat`: 12). The truth file
/// scores the same with 12 as with 20 (hit@1 0.980, MRR 0.980), and each candidate past the
/// first few makes Tantivy score more of the postings of common words before it can skip
/// them (the mixed questions at 10,000 pages: p50 98–130 µs with 20, 80–115 µs with 12).
pub const CANDIDATES: usize = 12;

/// How a name query treats the words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameMode {
    /// A question's subject: typos forgiven, the last word may be a prefix.
    Lookup,
    /// Autocomplete: the last word is a prefix, typos forgiven.
    Prefix,
    /// "Did you mean": anything within two edits.
    Loose,
    /// Whole words only, no typos or prefixes: finding names written out in full inside a
    /// longer question (cheap: no automata).
    Whole,
    /// As `Whole`, and never re-cut to a name's compounds: ranking a whole question's words
    /// against the names it may hold.
    Exact,
}

/// Typo distance allowed for a word: none for short words (`row` must not match `toe`), one
/// from four letters, two from eight (Lucene's defaults are similar).
pub fn typo_distance(word: &str, loose: bool) -> u8 {
    let n = word.chars().count();
    match (n, loose) {
        (0..=3, false) => 0,
        (0..=2, true) => 0,
        (4..=7, false) | (3..=5, true) => 1,
        _ => 2,
    }
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// An optional, boosted term clause: BM25 over frequencies, or flat for fields indexed
/// without them (whole keys). A boost passes down to the term scorer, so a disjunction of
/// these stays prunable with block-max WAND.
fn should_term(t: Term, boost: f32, freqs: bool) -> (Occur, Box<dyn Query>) {
    let option = if freqs {
        IndexRecordOption::WithFreqs
    } else {
        IndexRecordOption::Basic
    };
    (
        Occur::Should,
        boosted(Box::new(TermQuery::new(t, option)), boost),
    )
}

fn constant(q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, score))
}

/// The normalised key of a name or subject: lower-case words joined by one space (the same
/// normalisation questions get, so `Farmer's Carry` and `farmers carry` meet).
pub fn name_key(text: &str) -> String {
    crate::domain::understand::normalise(text)
}

/// Builds the candidate query for a subject (and its reading with shorthand written out,
/// whose words are matched as written), plus `whole` words matched only as written (a
/// question's other words, where a full name may hide). `present` says whether a term is in
/// the index: a term that is not is left out (each clause costs dictionary lookups and a
/// scorer), and a plain word that is a name word is matched as is, while one that is not gets
/// the typo automaton (cheaper, and a real word is not blurred into its neighbours).
///
/// `expand(word, distance, prefix)` gives the plain name terms within `distance` edits of the
/// word (or of their beginning): typos and prefixes become term queries too.
///
/// Every clause is a boosted term query, all optional: a plain disjunction of term scorers
/// lets Tantivy skip blocks that cannot reach the top `CANDIDATES` (block-max WAND), and the
/// name fields hold exercises only, so no kind filter is needed.
pub fn name_query(
    fields: &Fields,
    analyzers: &mut Analyzers,
    (subject, alternative): (&str, Option<&str>),
    mode: NameMode,
    whole: &[String],
    present: &dyn Fn(&Term) -> bool,
    expand: &dyn Fn(&str, u8, bool) -> Vec<String>,
) -> Option<Box<dyn Query>> {
    let key = name_key(subject);
    let plain = tokens(&mut analyzers.plain, &key);
    let b = &WEIGHTS.name;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut words = |word: &str, should: &mut Vec<(Occur, Box<dyn Query>)>, a: &mut Analyzers| {
        let synonyms = vocabulary::name_synonyms(word);
        let weighted =
            std::iter::once((word, b.stem)).chain(synonyms.iter().map(|s| (s.as_str(), b.synonym)));
        for (word, boost) in weighted {
            for stemmed in tokens(&mut a.stem, word) {
                if seen.contains(&stemmed) {
                    continue;
                }
                let t = term(fields.name, &stemmed);
                if present(&t) {
                    should.push(should_term(t, boost, true));
                }
                seen.push(stemmed);
            }
        }
    };
    let last = plain.len().saturating_sub(1);
    for (i, word) in plain.iter().enumerate() {
        // A connecting word (`with`, `the`) is in many names and decides none: re-ranking
        // reads it, the candidate query does not score its long postings.
        if vocabulary::is_connector(word) {
            continue;
        }
        words(word, &mut should, analyzers);
        should.extend(typo_clauses(fields, word, mode, i == last, present, expand));
    }
    should.extend(compound_clauses(fields, analyzers, &plain, present));
    let alternative = alternative.map(name_key).unwrap_or_default();
    let whole_key = name_key(&whole.join(" "));
    for word in tokens(&mut analyzers.plain, &format!("{whole_key} {alternative}")) {
        if !vocabulary::is_connector(&word) {
            words(&word, &mut should, analyzers);
        }
    }
    for k in [&key, &whole_key, &alternative] {
        let t = term(fields.name_key, k);
        if !k.is_empty() && present(&t) {
            // Indexed without frequencies: a whole name is one term.
            should.push(should_term(t, b.exact, false));
        }
    }
    if should.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(should)))
}

/// Clauses for one typed word's typos and, on the last word, its completions: a word that
/// is no word of any name gets the typo automaton (a real word is not blurred into its
/// neighbours), and a prefix only where it is cheap enough to be worth it.
fn typo_clauses(
    fields: &Fields,
    word: &str,
    mode: NameMode,
    is_last: bool,
    present: &dyn Fn(&Term) -> bool,
    expand: &dyn Fn(&str, u8, bool) -> Vec<String>,
) -> Vec<(Occur, Box<dyn Query>)> {
    let b = &WEIGHTS.name;
    let mut should = Vec::new();
    let plain_term = term(fields.name_plain, word);
    let distance = typo_distance(word, mode == NameMode::Loose);
    let typos = match mode {
        NameMode::Loose => true,
        NameMode::Whole | NameMode::Exact => false,
        NameMode::Lookup | NameMode::Prefix => !present(&plain_term),
    };
    let mut expanded: Vec<String> = Vec::new();
    let mut add = |terms: Vec<String>, boost: f32, should: &mut Vec<(Occur, Box<dyn Query>)>| {
        for t in terms {
            if !expanded.contains(&t) {
                should.push(should_term(term(fields.name_plain, &t), boost, true));
                expanded.push(t);
            }
        }
    };
    if distance > 0 && typos {
        add(expand(word, distance, false), b.fuzzy, &mut should);
    }
    // A prefix matches every term that starts with it, which for a short or common word is
    // thousands of postings: autocomplete needs it on the last word; a question only when its
    // last word is not a word of any name ("hip rot").
    let is_prefix = match mode {
        NameMode::Prefix => is_last && word.chars().count() >= 2,
        NameMode::Lookup => is_last && word.chars().count() >= 3 && !present(&plain_term),
        NameMode::Loose | NameMode::Whole | NameMode::Exact => false,
    };
    if is_prefix {
        let distance = if mode == NameMode::Prefix && word.chars().count() >= 5 {
            1
        } else {
            0
        };
        add(expand(word, distance, true), b.prefix, &mut should);
    }
    should
}

/// Clauses that let compounds meet: a closed compound typed (`pushups`) finds the names
/// that write it apart (their compounds field), and two adjacent typed words (`push up`)
/// find the names that write them as one word. Connecting words make no compounds.
fn compound_clauses(
    fields: &Fields,
    analyzers: &mut Analyzers,
    plain: &[String],
    present: &dyn Fn(&Term) -> bool,
) -> Vec<(Occur, Box<dyn Query>)> {
    let boost = WEIGHTS.name.stem;
    let mut out = Vec::new();
    let mut add = |field: Field, text: &str, a: &mut Analyzers| {
        for stemmed in tokens(&mut a.stem, text) {
            let t = term(field, &stemmed);
            if present(&t) {
                out.push(should_term(t, boost, true));
            }
        }
    };
    for word in plain.iter().filter(|w| !vocabulary::is_connector(w)) {
        add(fields.name_compound, word, analyzers);
    }
    for pair in plain.windows(2) {
        if let Some(c) = compound(&pair[0], &pair[1]) {
            add(fields.name, &c, analyzers);
        }
    }
    out
}

/// The compounds of a name key's adjacent words, as one text for the name fields
/// (`close grip push up` → `closegrip grippush pushup`).
pub fn compounds(key: &str) -> String {
    let words: Vec<&str> = key.split_whitespace().collect();
    words
        .windows(2)
        .filter_map(|w| compound(w[0], w[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Only documents of one kind.
pub fn kind_query(fields: &Fields, k: Kind) -> Box<dyn Query> {
    constant(
        Box::new(TermQuery::new(
            term(fields.kind, k.as_str()),
            IndexRecordOption::Basic,
        )),
        0.0,
    )
}

fn keyword(field: Field, value: &str, score: f32) -> Box<dyn Query> {
    constant(
        Box::new(TermQuery::new(
            term(field, &value.to_lowercase()),
            IndexRecordOption::Basic,
        )),
        score,
    )
}

/// Exercises matching every filter. A muscle matches as target (first) or secondary.
pub fn find_query(fields: &Fields, filters: &Filters) -> Box<dyn Query> {
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(m) = &filters.muscle {
        must.push((
            Occur::Must,
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    keyword(fields.target, m, WEIGHTS.find.target),
                ),
                (
                    Occur::Should,
                    keyword(fields.secondary, m, WEIGHTS.find.secondary),
                ),
            ])),
        ));
    }
    // A body part's own muscles as target rank first ("chest exercises": the chest as
    // target before a chest-day exercise that mainly works the shoulders).
    let mut own_muscles: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(b) = &filters.body_part {
        for m in vocabulary::muscles_of(b) {
            own_muscles.push((
                Occur::Should,
                keyword(fields.target, m, WEIGHTS.find.own_muscle),
            ));
        }
    }
    let exact = [
        (fields.equipment, filters.equipment.as_deref()),
        (fields.difficulty, filters.difficulty.map(|d| d.as_str())),
        (fields.body_part, filters.body_part.as_deref()),
        (fields.category, filters.category.as_deref()),
    ];
    for (field, value) in exact {
        if let Some(v) = value {
            must.push((Occur::Must, keyword(field, v, WEIGHTS.find.facet)));
        }
    }
    // The facet fields hold exercises only; with no filter, every exercise.
    if must.is_empty() {
        must.push((Occur::Must, kind_query(fields, Kind::Exercise)));
    }
    must.extend(own_muscles);
    Box::new(BooleanQuery::new(must))
}

/// FAQ entries of general pages matching the (stemmed) words. The question, answer and
/// topic fields hold FAQ entries only, so no kind filter is needed; terms not in the index
/// (`present`) are left out. One flat disjunction of term queries: Tantivy ranks it with
/// block-max WAND, where a disjunction per word would set up a union buffer per word.
pub fn faq_query(
    fields: &Fields,
    stems: &[String],
    present: &dyn Fn(&Term) -> bool,
) -> Option<Box<dyn Query>> {
    let b = &WEIGHTS.faq;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for stemmed in stems {
        for (field, boost) in [
            (fields.question, b.question),
            (fields.topic, b.title),
            (fields.answer, b.answer),
        ] {
            let t = term(field, stemmed);
            if present(&t) {
                should.push(should_term(t, boost, true));
            }
        }
    }
    if should.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(should)))
}
