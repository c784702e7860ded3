//! The Tantivy adapter: a `Searcher` over one generation that speaks domain types (names,
//! related, find, FAQ, pages). Knows domain records and Tantivy; never Discord.

pub mod analyzer;
pub mod catalog;
mod collect;
mod error;
pub mod expand;
mod faq;
mod frozen;
pub mod generation;
mod lists;
pub mod query;
pub mod rerank;
pub mod schema;
pub mod values;

use std::cmp::Ordering;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::domain::page::{Comparison, Exercise, Page, PageId};
use crate::domain::ranking::WEIGHTS;
use crate::domain::vocabulary;
use analyzer::with_analyzers;
use catalog::{Catalog, Row};
use collect::Stats;
pub use generation::{
    BuildLock, Generation, IndexError, PageSource, Result, Store, link_targets, popularity,
};
pub use query::NameMode;
use query::name_key;
use rerank::{Coverage, Typed, coverage_of};
use schema::Kind;

/// An exercise whose name matched what was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct NameHit {
    /// The page.
    pub id: PageId,
    /// The name as the page writes it.
    pub name: String,
    /// How well it matched.
    pub coverage: Coverage,
    /// Links into it from other pages.
    pub popularity: u64,
    /// The re-ranking score (`Coverage::score` plus a popularity nudge).
    pub score: f32,
    /// Where the search found it, so reading it needs no second search.
    doc: Option<DocAddress>,
}

/// A general FAQ entry found for some words, with the number of them it shares with the
/// entry's question or page title. Its answer is read with `Searcher::faq_entry`.
#[derive(Clone, Debug, PartialEq)]
pub struct FaqMatch {
    /// The entry's question as written.
    pub question: String,
    /// Typed words (stemmed) found in the question or title.
    pub matched: usize,
    doc: DocAddress,
}

impl FaqMatch {
    /// A match as a plan sees it, pointing at no document (for tests of decisions).
    #[cfg(test)]
    pub(crate) fn unread(question: &str, matched: usize) -> FaqMatch {
        FaqMatch {
            question: question.to_string(),
            matched,
            doc: DocAddress::new(0, 0),
        }
    }
}

/// What one name search over a question found: names matching its subject, and names
/// written out whole among its words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lookup {
    /// Hits for the subject, best first.
    pub subject: Vec<NameHit>,
    /// Hits for all the question's words, best first.
    pub words: Vec<NameHit>,
}

/// Queries one generation.
pub struct Searcher {
    generation: Generation,
    /// The corpus's facet values, counted on first use.
    values: std::sync::OnceLock<values::Values>,
}

impl Searcher {
    /// A searcher over a generation.
    pub fn new(generation: Generation) -> Searcher {
        Searcher {
            generation,
            values: std::sync::OnceLock::new(),
        }
    }

    /// Every facet value the corpus's exercises use, with counts.
    pub fn values(&self) -> &values::Values {
        self.values
            .get_or_init(|| values::Values::of(self.catalog().profiles()))
    }

    /// The generation searched.
    pub fn generation(&self) -> &Generation {
        &self.generation
    }

    fn tantivy(&self) -> tantivy::Searcher {
        self.generation.reader.searcher()
    }

    fn catalog(&self) -> &Catalog {
        &self.generation.catalog
    }

    /// Loads what the catalog reads on first use (see `App::warm`).
    pub fn warm(&self) {
        self.catalog().warm();
    }

    /// The catalog row of a found document.
    fn row_at(&self, addr: DocAddress) -> Option<&Row> {
        self.catalog().row_of_doc(self.entry_at(addr)?)
    }

    /// A found document's `entry` value, from the generation's open columns.
    fn entry_at(&self, addr: DocAddress) -> Option<u64> {
        let column = self.generation.entries.get(addr.segment_ord as usize)?;
        column.first(addr.doc_id)
    }

    fn record<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<Option<T>> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let json = doc
            .get_first(self.generation.fields.record)
            .and_then(|v| v.as_str());
        Ok(json.and_then(|j| serde_json::from_str(j).ok()))
    }

    /// The page with this id (not its FAQ entries).
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn page(&self, id: &PageId) -> Result<Option<Page>> {
        let f = &self.generation.fields;
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.id, id.as_str()),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, Kind::Faq.as_str()),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let searcher = self.tantivy();
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => self.record(&searcher, *addr),
            None => Ok(None),
        }
    }

    /// The exercise with this id.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn exercise(&self, id: &PageId) -> Result<Option<Exercise>> {
        Ok(match self.page(id)? {
            Some(Page::Exercise(e)) => Some(e),
            _ => None,
        })
    }

    /// The exercise a name search found, read where the search found it (by its id when
    /// the hit has no address, or the address holds something else).
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn exercise_of(&self, hit: &NameHit) -> Result<Option<Exercise>> {
        if let Some(doc) = hit.doc
            && let Some(Page::Exercise(e)) = self.record(&self.tantivy(), doc)?
            && e.id == hit.id
        {
            return Ok(Some(e));
        }
        self.exercise(&hit.id)
    }

    /// Catalog rows of the exercises whose names share words with `typed` (and with the
    /// `whole` words, matched only as written), Tantivy's best candidates for `limit` hits.
    fn candidates(
        &self,
        stats: &Stats,
        typed: &str,
        alternative: Option<&str>,
        mode: NameMode,
        whole: &[String],
        limit: usize,
    ) -> Result<Vec<(DocAddress, &Row)>> {
        let f = &self.generation.fields;
        let present = |t: &Term| stats.present(t);
        let expand = |word: &str, distance: u8, prefix: bool| {
            expand::expand(stats.searcher, f.name_plain, word, distance, prefix)
        };
        let q = with_analyzers(|a| {
            query::name_query(f, a, (typed, alternative), mode, whole, &present, &expand)
        });
        let Some(q) = q else {
            return Ok(Vec::new());
        };
        let top = stats.search(
            q.as_ref(),
            &TopDocs::with_limit(query::CANDIDATES.max(limit)).order_by_score(),
        )?;
        Ok(top
            .into_iter()
            .filter_map(|(_, addr)| Some((addr, self.row_at(addr)?)))
            .collect())
    }

    /// Exercises whose names match `typed`, best first, at most `limit`.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn names(&self, typed: &str, mode: NameMode, limit: usize) -> Result<Vec<NameHit>> {
        let searcher = self.tantivy();
        let stats = Stats::new(&searcher);
        let key = name_key(typed);
        let short = vocabulary::expand_shorthand(&key);
        let rows = self.candidates(&stats, &key, short.as_deref(), mode, &[], limit)?;
        let keys: Vec<&str> = std::iter::once(key.as_str())
            .chain(short.as_deref())
            .collect();
        Ok(rank(&rows, &keys, mode, &|w| self.known(&stats, w), limit))
    }

    /// One name search for a question: hits for its subject (looked up in `mode`), and hits
    /// for all its words (to find a name written out whole that the subject lost to
    /// vocabulary), from one candidate query.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn lookup(
        &self,
        subject: &str,
        mode: NameMode,
        words: &[String],
        limit: usize,
    ) -> Result<Lookup> {
        let searcher = self.tantivy();
        let stats = Stats::new(&searcher);
        let key = name_key(subject);
        let short = vocabulary::expand_shorthand(&key);
        let rows = self.candidates(&stats, &key, short.as_deref(), mode, words, limit)?;
        let known = |w: &str| self.known(&stats, w);
        let keys: Vec<&str> = std::iter::once(key.as_str())
            .chain(short.as_deref())
            .collect();
        Ok(Lookup {
            subject: rank(&rows, &keys, mode, &known, limit),
            words: if words.is_empty() {
                Vec::new()
            } else {
                // Whole words only: this finds names written out in full (as written: a
                // whole question is not re-cut to each name's compounds).
                let key = name_key(&words.join(" "));
                rank(&rows, &[key.as_str()], NameMode::Exact, &known, limit)
            },
        })
    }

    /// Whether a word (as typed, lower case) is a word of some exercise's name or alias.
    /// A plural counts by its singular (`mornings` for `Good Morning`).
    pub fn is_name_word(&self, word: &str) -> bool {
        self.name_words_among(&[word])[0]
    }

    /// `is_name_word` of each word, from one set of term statistics.
    pub fn name_words_among(&self, words: &[&str]) -> Vec<bool> {
        let searcher = self.tantivy();
        let stats = Stats::new(&searcher);
        words
            .iter()
            .map(|word| {
                // As typed, its singular (`mornings` for Good Morning), or a plural a name
                // writes (`ytw` for YTWs).
                self.known(&stats, word)
                    || {
                        let one = rerank::singular(word);
                        one != *word && self.known(&stats, one)
                    }
                    || self.known(&stats, &format!("{word}s"))
            })
            .collect()
    }

    /// Whether a plain word is a word of some exercise's name.
    fn known(&self, stats: &Stats, word: &str) -> bool {
        stats.present(&Term::from_field_text(
            self.generation.fields.name_plain,
            word,
        ))
    }

    /// A comparison page about exactly these two exercises, if the corpus has one.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn comparison(&self, a: &Exercise, b: &Exercise) -> Result<Option<Comparison>> {
        let f = &self.generation.fields;
        let must = |name: &str| -> (Occur, Box<dyn Query>) {
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.compares, &name_key(name)),
                    IndexRecordOption::Basic,
                )),
            )
        };
        let q = BooleanQuery::new(vec![
            must(&a.name),
            must(&b.name),
            (Occur::Must, query::kind_query(f, Kind::Comparison)),
        ]);
        let searcher = self.tantivy();
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some((_, addr)) => Ok(match self.record(&searcher, *addr)? {
                Some(Page::Comparison(c)) => Some(c),
                _ => None,
            }),
            None => Ok(None),
        }
    }
}

/// Candidates re-ranked by how well their names (or aliases) cover what was typed, with a
/// popularity nudge; ties by id.
///
/// `keys` are what was typed and its readings with shorthand written out (`rdl` → `romanian
/// deadlift`); a name takes the reading that covers it best, so `Single Leg RDL` is found as
/// typed and `rdl` alone still finds the Romanian deadlift. Each reading is also re-cut to
/// the name's compounds (`push ups` for `Pushups`) before it is compared.
fn rank(
    rows: &[(DocAddress, &Row)],
    keys: &[&str],
    mode: NameMode,
    known: &dyn Fn(&str) -> bool,
    limit: usize,
) -> Vec<NameHit> {
    let typed: Vec<Typed> = keys.iter().map(|k| Typed::new(k, mode, known)).collect();
    let mut scored: Vec<(f32, Coverage, DocAddress, &Row)> = rows
        .iter()
        .map(|&(doc, row)| {
            let mut best = Coverage::default();
            for words in row.name_words() {
                for (key, t) in keys.iter().zip(&typed) {
                    let mut c = coverage_of(t, words);
                    let recut = match mode {
                        NameMode::Exact => None,
                        _ => rerank::align_compounds(key, words.key()),
                    };
                    if let Some(cut) = recut {
                        let aligned = coverage_of(&Typed::new(&cut, mode, known), words);
                        if aligned.score() > c.score() {
                            c = Coverage {
                                recut: true,
                                ..aligned
                            };
                        }
                    }
                    if c.score() > best.score() {
                        best = c;
                    }
                }
            }
            let score = best.score() + WEIGHTS.popularity * (1.0 + row.popularity as f32).ln();
            (score, best, doc, row)
        })
        .filter(|(_, c, _, _)| c.query > 0.0)
        .collect();
    scored.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.3.id.cmp(&b.3.id))
    });
    scored
        .into_iter()
        .take(limit)
        .map(|(score, coverage, doc, row)| NameHit {
            id: row.id.clone(),
            name: row.name.clone(),
            coverage,
            popularity: row.popularity,
            score,
            doc: Some(doc),
        })
        .collect()
}
