//! Domain questions → Tantivy queries built from analyzer tokens (never the query parser, so
//! `title:(foo AND`, `*` and `"` are just words), and the re-ranking of name candidates.
//! Every boost is a named constant with the reason it has that value.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::analyzer::{Analyzers, tokens};
use super::schema::{Fields, kind};
use crate::domain::page::Exercise;
use crate::domain::request::Filters;
use crate::domain::vocabulary;

/// Weights of the name query. The candidate query only has to put the right exercise in the
/// top `CANDIDATES`; `rerank` orders them. Measured with the truth file (tests/quality).
pub struct NameBoosts {
    /// A stemmed word of the name (BM25, so rare words count more).
    pub stem: f32,
    /// A stemmed word of an alias.
    pub alias: f32,
    /// A synonym of a word (`butt` → `glute`).
    pub synonym: f32,
    /// A word within the typo distance (constant score: Tantivy scores automata flat).
    pub fuzzy: f32,
    /// A name word starting with the last typed word (autocomplete).
    pub prefix: f32,
    /// The whole name or alias typed exactly.
    pub exact: f32,
}

/// The weights in use.
pub const NAME_BOOSTS: NameBoosts = NameBoosts {
    stem: 1.0,
    alias: 0.9,
    synonym: 0.7,
    fuzzy: 0.8,
    prefix: 0.8,
    exact: 10.0,
};

/// Candidates fetched for re-ranking; more than any name's sharing of one word in the shipped
/// corpus (`squat`: 12), so the right one is always among them.
pub const CANDIDATES: usize = 20;

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

fn constant(q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, score))
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        term(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The normalised key of a name or subject: lower-case words joined by one space (the same
/// normalisation questions get, so `Farmer's Carry` and `farmers carry` meet).
pub fn name_key(text: &str) -> String {
    crate::domain::understand::normalise(text)
}

/// Builds the candidate query for a subject. `known` says whether a plain word is in the
/// name dictionary: a word that is there is matched as is, one that is not gets the typo
/// automaton (cheaper, and a real word is not blurred into its neighbours).
pub fn name_query(
    fields: &Fields,
    analyzers: &mut Analyzers,
    subject: &str,
    mode: NameMode,
    known: &dyn Fn(&Term) -> bool,
) -> Option<Box<dyn Query>> {
    let key = name_key(subject);
    let plain = tokens(&mut analyzers.plain, &key);
    if plain.is_empty() {
        return None;
    }
    let b = &NAME_BOOSTS;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let last = plain.len() - 1;
    for (i, word) in plain.iter().enumerate() {
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for stemmed in tokens(&mut analyzers.stem, word) {
            alternatives.push(boosted(term_query(fields.name, &stemmed), b.stem));
            alternatives.push(boosted(term_query(fields.alias, &stemmed), b.alias));
        }
        for synonym in vocabulary::name_synonyms(word) {
            for stemmed in tokens(&mut analyzers.stem, synonym) {
                alternatives.push(boosted(term_query(fields.name, &stemmed), b.synonym));
            }
        }
        let plain_term = term(fields.name_plain, word);
        let distance = typo_distance(word, mode == NameMode::Loose);
        let typos = match mode {
            NameMode::Loose => true,
            NameMode::Whole => false,
            NameMode::Lookup | NameMode::Prefix => !known(&plain_term),
        };
        if distance > 0 && typos {
            alternatives.push(constant(
                Box::new(FuzzyTermQuery::new(plain_term.clone(), distance, true)),
                b.fuzzy,
            ));
        }
        // A prefix matches every term that starts with it, which for a short or common word
        // is thousands of postings: autocomplete needs it on the last word; a question only
        // when its last word is not a word of any name ("hip rot").
        let is_prefix = match mode {
            NameMode::Prefix => i == last && word.chars().count() >= 2,
            NameMode::Lookup => i == last && word.chars().count() >= 3 && !known(&plain_term),
            NameMode::Loose | NameMode::Whole => false,
        };
        if is_prefix {
            let distance = if mode == NameMode::Prefix && word.chars().count() >= 5 {
                1
            } else {
                0
            };
            alternatives.push(constant(
                Box::new(FuzzyTermQuery::new_prefix(plain_term, distance, true)),
                b.prefix,
            ));
        }
        should.push((
            Occur::Should,
            Box::new(DisjunctionMaxQuery::new(alternatives)),
        ));
    }
    should.push((
        Occur::Should,
        constant(term_query(fields.name_key, &key), b.exact),
    ));
    should.push((
        Occur::Should,
        constant(term_query(fields.alias_key, &key), b.exact),
    ));
    Some(Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(BooleanQuery::new(should))),
        (Occur::Must, kind_query(fields, kind::EXERCISE)),
    ])))
}

/// Only documents of one kind.
pub fn kind_query(fields: &Fields, k: &str) -> Box<dyn Query> {
    constant(
        Box::new(TermQuery::new(
            term(fields.kind, k),
            IndexRecordOption::Basic,
        )),
        0.0,
    )
}

/// How well a candidate's name (or alias) covers what was typed, computed on the words, so
/// the order does not depend on BM25's length quirks.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Coverage {
    /// Share of typed words found in the name (typos and prefixes count less).
    pub query: f32,
    /// Share of the name's words that were typed.
    pub name: f32,
    /// The whole name or an alias was typed.
    pub exact: bool,
    /// Words of the name (or alias) this coverage was measured on.
    pub name_words: usize,
}

impl Coverage {
    /// The re-ranking score: exact names first, then typed words found, then name words
    /// covered (so `deadlift` prefers `Barbell Deadlift` to `Single-Leg Romanian Deadlift`).
    pub fn score(&self) -> f32 {
        (if self.exact { 10.0 } else { 0.0 }) + 3.0 * self.query + 1.5 * self.name
    }
}

/// A crude English singular (`lunges` → `lunge`, `presses` → `press`), enough to compare
/// words of names; the index itself uses the Snowball stemmer.
fn singular(word: &str) -> &str {
    if word.len() > 4 && word.ends_with("sses") {
        &word[..word.len() - 2]
    } else if word.len() > 2 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), as Tantivy's
/// fuzzy automaton counts.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
}

/// How well `typed` (a normalised key) matches one name key.
pub fn coverage(typed: &str, name: &str, mode: NameMode) -> Coverage {
    let q: Vec<&str> = typed.split_whitespace().collect();
    let n: Vec<&str> = name.split_whitespace().collect();
    if q.is_empty() || n.is_empty() {
        return Coverage::default();
    }
    let mut used = vec![false; n.len()];
    let mut found = 0.0f32;
    for (i, w) in q.iter().enumerate() {
        let is_last = i + 1 == q.len();
        let mut best = (0.0f32, None);
        for (j, nw) in n.iter().enumerate() {
            let score = if w == nw {
                1.0
            } else if singular(w) == singular(nw) {
                0.95
            } else if vocabulary::name_synonyms(w)
                .iter()
                .any(|s| singular(s) == singular(nw))
            {
                0.85
            } else if mode == NameMode::Whole {
                0.0
            } else if (is_last || mode == NameMode::Prefix) && w.len() >= 2 && nw.starts_with(w) {
                0.75
            } else {
                let d = typo_distance(w, mode == NameMode::Loose) as usize;
                // Lengths further apart than the distance can never match: skip the table.
                if d > 0 && w.len().abs_diff(nw.len()) <= d && edit_distance(w, nw) <= d {
                    0.7
                } else {
                    0.0
                }
            };
            // Each name word answers one typed word; an unused one is preferred on ties.
            let better = score > best.0 || (score == best.0 && score > 0.0 && !used[j]);
            if better && !(used[j] && score <= best.0) {
                best = (score, Some(j));
            }
        }
        if let (s, Some(j)) = best {
            found += s;
            used[j] = true;
        }
    }
    Coverage {
        query: found / q.len() as f32,
        name: used.iter().filter(|u| **u).count() as f32 / n.len() as f32,
        exact: typed == name
            || (q.len() == n.len() && q.iter().zip(&n).all(|(a, b)| singular(a) == singular(b))),
        name_words: n.len(),
    }
}

/// Weights of "related": what two exercises share, strongest first (the order).
pub struct RelatedBoosts {
    /// Same target muscle.
    pub target: f32,
    /// The other works my target as a secondary muscle.
    pub target_as_secondary: f32,
    /// Same body part.
    pub body_part: f32,
    /// Each shared piece of equipment.
    pub equipment: f32,
    /// Same difficulty.
    pub difficulty: f32,
    /// Each shared secondary muscle.
    pub secondary: f32,
}

/// The weights in use.
pub const RELATED_BOOSTS: RelatedBoosts = RelatedBoosts {
    target: 4.0,
    target_as_secondary: 1.0,
    body_part: 2.0,
    equipment: 1.5,
    difficulty: 1.0,
    secondary: 0.5,
};

fn keyword(field: Field, value: &str, score: f32) -> Box<dyn Query> {
    constant(
        Box::new(TermQuery::new(
            term(field, &value.to_lowercase()),
            IndexRecordOption::Basic,
        )),
        score,
    )
}

/// Exercises sharing target, body part, equipment, difficulty, secondary muscles with `ex`,
/// never `ex` itself.
pub fn related_query(fields: &Fields, ex: &Exercise) -> Box<dyn Query> {
    let b = &RELATED_BOOSTS;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !ex.target.is_empty() {
        should.push((Occur::Should, keyword(fields.target, &ex.target, b.target)));
        should.push((
            Occur::Should,
            keyword(fields.secondary, &ex.target, b.target_as_secondary),
        ));
    }
    if !ex.body_part.is_empty() {
        should.push((
            Occur::Should,
            keyword(fields.body_part, &ex.body_part, b.body_part),
        ));
    }
    for e in &ex.equipment {
        should.push((Occur::Should, keyword(fields.equipment, e, b.equipment)));
    }
    if let Some(d) = ex.difficulty {
        should.push((
            Occur::Should,
            keyword(fields.difficulty, d.as_str(), b.difficulty),
        ));
    }
    for s in &ex.secondary {
        should.push((Occur::Should, keyword(fields.secondary, s, b.secondary)));
    }
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(BooleanQuery::new(should))),
        (Occur::Must, kind_query(fields, kind::EXERCISE)),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                term(fields.id, ex.id.as_str()),
                IndexRecordOption::Basic,
            )),
        ),
    ]))
}

/// Exercises matching every filter. A muscle matches as target (first) or secondary.
pub fn find_query(fields: &Fields, filters: &Filters) -> Box<dyn Query> {
    let mut must: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, kind_query(fields, kind::EXERCISE))];
    if let Some(m) = &filters.muscle {
        must.push((
            Occur::Must,
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, keyword(fields.target, m, 2.0)),
                (Occur::Should, keyword(fields.secondary, m, 1.0)),
            ])),
        ));
    }
    let exact = [
        (fields.equipment, filters.equipment.as_deref()),
        (fields.difficulty, filters.difficulty.map(|d| d.as_str())),
        (fields.body_part, filters.body_part.as_deref()),
        (fields.category, filters.category.as_deref()),
    ];
    for (field, value) in exact {
        if let Some(v) = value {
            must.push((Occur::Must, keyword(field, v, 0.5)));
        }
    }
    Box::new(BooleanQuery::new(must))
}

/// Weights of the general FAQ search.
pub struct FaqBoosts {
    /// A word of the question.
    pub question: f32,
    /// A word of the page's title or keywords.
    pub title: f32,
    /// A word of the answer.
    pub answer: f32,
}

/// The weights in use: the question says what an entry is about, the answer only mentions.
pub const FAQ_BOOSTS: FaqBoosts = FaqBoosts {
    question: 2.0,
    title: 1.2,
    answer: 0.5,
};

/// FAQ entries of general pages matching the words.
pub fn faq_query(
    fields: &Fields,
    analyzers: &mut Analyzers,
    words: &[String],
) -> Option<Box<dyn Query>> {
    let b = &FAQ_BOOSTS;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut seen = Vec::new();
    for w in words {
        for stemmed in tokens(&mut analyzers.stem, w) {
            if seen.contains(&stemmed) {
                continue;
            }
            seen.push(stemmed.clone());
            should.push((
                Occur::Should,
                Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    vec![
                        boosted(term_query(fields.question, &stemmed), b.question),
                        boosted(term_query(fields.title, &stemmed), b.title),
                        boosted(term_query(fields.answer, &stemmed), b.answer),
                    ],
                    0.3,
                )),
            ));
        }
    }
    if should.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(BooleanQuery::new(should))),
        (Occur::Must, kind_query(fields, kind::FAQ)),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_prefers_whole_names() {
        let a = coverage("deadlift", "barbell deadlift", NameMode::Lookup);
        let b = coverage("deadlift", "single leg romanian deadlift", NameMode::Lookup);
        assert!(a.score() > b.score());
        let typo = coverage("romainian deadlfit", "romanian deadlift", NameMode::Lookup);
        assert!(typo.query > 0.6, "{typo:?}");
        assert!(coverage("plank", "plank", NameMode::Lookup).exact);
    }

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("deadlfit", "deadlift"), 1);
        assert_eq!(edit_distance("rotaton", "rotation"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
