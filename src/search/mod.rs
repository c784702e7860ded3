//! The Tantivy adapter: a `Searcher` over one generation that speaks domain types (names,
//! related, find, FAQ, pages). Knows domain records and Tantivy; never Discord.

pub mod analyzer;
pub mod generation;
pub mod query;
pub mod schema;

use std::cmp::Ordering;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use crate::domain::compose::FaqHit;
use crate::domain::page::{Comparison, Exercise, Page, PageId};
use crate::domain::request::Filters;
use analyzer::{Analyzers, tokens};
pub use generation::{Generation, GenerationMeta, IndexError, Result, Store};
use query::{Coverage, NameMode, coverage, name_key};
use schema::kind;

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
}

/// A general FAQ answer with the number of question words it shares with the entry's question
/// or page title.
#[derive(Clone, Debug, PartialEq)]
pub struct FaqMatch {
    /// The entry.
    pub hit: FaqHit,
    /// Typed words (stemmed) found in the question or title.
    pub matched: usize,
}

/// Queries one generation.
pub struct Searcher {
    generation: Generation,
}

/// How much popularity moves a name: enough to break ties between equally covered names
/// (`deadlift` → the most linked deadlift), never enough to beat a better-covered one (the
/// smallest coverage step is 0.05 × 3 = 0.15, and ln(1 + 100) × 0.02 ≈ 0.09).
const POPULARITY_WEIGHT: f32 = 0.02;

/// FAQ entries fetched for re-ranking (the corpus has about 130; a question's words rarely
/// appear in more than this many).
const FAQ_CANDIDATES: usize = 20;

impl Searcher {
    /// A searcher over a generation.
    pub fn new(generation: Generation) -> Searcher {
        Searcher { generation }
    }

    /// The generation searched.
    pub fn generation(&self) -> &Generation {
        &self.generation
    }

    fn tantivy(&self) -> tantivy::Searcher {
        self.generation.reader.searcher()
    }

    fn record<T: serde::de::DeserializeOwned>(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
    ) -> Result<Option<T>> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let json = doc
            .get_first(self.generation.fields.record)
            .and_then(|v| v.as_str().map(str::to_string));
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
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
                    Term::from_field_text(f.kind, kind::FAQ),
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

    /// Exercises whose names match `typed`, best first, at most `limit`.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn names(&self, typed: &str, mode: NameMode, limit: usize) -> Result<Vec<NameHit>> {
        let f = &self.generation.fields;
        let searcher = self.tantivy();
        let mut analyzers = Analyzers::default();
        let known = |t: &Term| searcher.doc_freq(t).map(|n| n > 0).unwrap_or(false);
        let Some(q) = query::name_query(f, &mut analyzers, typed, mode, &known) else {
            return Ok(Vec::new());
        };
        let top = searcher.search(&q, &TopDocs::with_limit(query::CANDIDATES).order_by_score())?;
        let typed_key = name_key(typed);
        let mut hits = Vec::with_capacity(top.len());
        let mut columns = SegmentColumns::default();
        for (_, addr) in top {
            let columns = columns.get(&searcher, addr.segment_ord)?;
            let Some(id) = columns.first_str(&columns.id, addr.doc_id) else {
                continue;
            };
            let name = columns
                .first_str(&columns.display, addr.doc_id)
                .unwrap_or_default();
            let mut best = coverage(&typed_key, &name_key(&name), mode);
            for alias in columns.all_str(&columns.alias_key, addr.doc_id) {
                let c = coverage(&typed_key, &alias, mode);
                if c.score() > best.score() {
                    best = c;
                }
            }
            let popularity = columns.popularity.first(addr.doc_id).unwrap_or(0);
            hits.push(NameHit {
                id: PageId::new(&id),
                name,
                score: best.score() + POPULARITY_WEIGHT * (1.0 + popularity as f32).ln(),
                coverage: best,
                popularity,
            });
        }
        hits.retain(|h| h.coverage.query > 0.0);
        hits.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.id.cmp(&b.id))
        });
        hits.truncate(limit);
        Ok(hits)
    }

    /// The most linked exercises, for an empty autocomplete and "did you mean" with nothing
    /// close.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn popular(&self, limit: usize) -> Result<Vec<NameHit>> {
        let f = &self.generation.fields;
        let searcher = self.tantivy();
        let q = query::kind_query(f, kind::EXERCISE);
        let top = searcher.search(
            &q,
            &TopDocs::with_limit(limit.max(1))
                .order_by_fast_field::<u64>("popularity", Order::Desc),
        )?;
        let mut hits = Vec::new();
        let mut columns = SegmentColumns::default();
        for (popularity, addr) in top {
            let columns = columns.get(&searcher, addr.segment_ord)?;
            let (Some(id), Some(name)) = (
                columns.first_str(&columns.id, addr.doc_id),
                columns.first_str(&columns.display, addr.doc_id),
            ) else {
                continue;
            };
            hits.push(NameHit {
                id: PageId::new(&id),
                name,
                coverage: Coverage::default(),
                popularity: popularity.unwrap_or(0),
                score: 0.0,
            });
        }
        hits.sort_by(|a, b| {
            b.popularity
                .cmp(&a.popularity)
                .then_with(|| a.name.cmp(&b.name))
        });
        hits.truncate(limit);
        Ok(hits)
    }

    fn exercises_of(&self, q: &dyn Query, limit: usize) -> Result<Vec<Exercise>> {
        let searcher = self.tantivy();
        let top = searcher.search(q, &TopDocs::with_limit(limit.max(1) * 4).order_by_score())?;
        // Ties break by page id, so answers do not depend on segment layout.
        let mut ranked = Vec::with_capacity(top.len());
        let mut columns = SegmentColumns::default();
        for (score, addr) in top {
            let columns = columns.get(&searcher, addr.segment_ord)?;
            let id = columns
                .first_str(&columns.id, addr.doc_id)
                .unwrap_or_default();
            ranked.push((score, id, addr));
        }
        ranked.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(Ordering::Equal)
                .then_with(|| a.1.cmp(&b.1))
        });
        let mut out = Vec::new();
        for (_, _, addr) in ranked.into_iter().take(limit) {
            if let Some(Page::Exercise(e)) = self.record(&searcher, addr)? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Exercises like `ex`, best first, never `ex`.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn related(&self, ex: &Exercise, limit: usize) -> Result<Vec<Exercise>> {
        let q = query::related_query(&self.generation.fields, ex);
        self.exercises_of(q.as_ref(), limit)
    }

    /// Exercises matching every filter.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn find(&self, filters: &Filters, limit: usize) -> Result<Vec<Exercise>> {
        let q = query::find_query(&self.generation.fields, filters);
        self.exercises_of(q.as_ref(), limit)
    }

    /// General FAQ entries for the words, best first.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn faq(&self, words: &[String], limit: usize) -> Result<Vec<FaqMatch>> {
        let f = &self.generation.fields;
        let mut analyzers = Analyzers::default();
        let Some(q) = query::faq_query(f, &mut analyzers, words) else {
            return Ok(Vec::new());
        };
        let searcher = self.tantivy();
        // Candidates are re-ranked by how many typed words the question itself shares, so
        // "how many reps for strength" prefers the entry asking exactly that over one that
        // only mentions strength in a longer answer.
        let top = searcher.search(&q, &TopDocs::with_limit(FAQ_CANDIDATES).order_by_score())?;
        let mut typed: Vec<String> = Vec::new();
        for t in words.iter().flat_map(|w| tokens(&mut analyzers.stem, w)) {
            if !typed.contains(&t) {
                typed.push(t);
            }
        }
        // Rare words say more about what is asked than common ones (`sore` vs `day`).
        let entries = searcher
            .search(&query::kind_query(f, kind::FAQ), &tantivy::collector::Count)?
            .max(1) as f32;
        let weight: Vec<f32> = typed
            .iter()
            .map(|t| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(f.question, t))
                    .unwrap_or(0) as f32;
                (1.0 + entries / (df + 1.0)).ln()
            })
            .collect();
        let mut out = Vec::new();
        for (score, addr) in top {
            if let Some(hit) = self.record::<FaqHit>(&searcher, addr)? {
                let question = tokens(&mut analyzers.stem, &hit.entry.question);
                let title = tokens(&mut analyzers.stem, &hit.page_title);
                let found: Vec<usize> = (0..typed.len())
                    .filter(|&i| question.contains(&typed[i]) || title.contains(&typed[i]))
                    .collect();
                let key = found.iter().map(|&i| weight[i]).sum::<f32>() + 0.05 * score;
                out.push((
                    key,
                    FaqMatch {
                        hit,
                        matched: found.len(),
                    },
                ));
            }
        }
        out.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
        Ok(out.into_iter().take(limit).map(|(_, m)| m).collect())
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
                    Term::from_field_text(f.alias_key, &name_key(name)),
                    IndexRecordOption::Basic,
                )),
            )
        };
        let q = BooleanQuery::new(vec![
            must(&a.name),
            must(&b.name),
            (Occur::Must, query::kind_query(f, kind::COMPARISON)),
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

    /// Number of documents of one kind.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn count(&self, k: &str) -> Result<usize> {
        let q = query::kind_query(&self.generation.fields, k);
        Ok(self.tantivy().search(&q, &tantivy::collector::Count)?)
    }
}

/// Columns opened once per segment per query (opening one reads its dictionary's footer).
#[derive(Default)]
struct SegmentColumns {
    open: Vec<(u32, Columns)>,
}

impl SegmentColumns {
    fn get(&mut self, searcher: &tantivy::Searcher, segment: u32) -> Result<&Columns> {
        let at = match self.open.iter().position(|(s, _)| *s == segment) {
            Some(at) => at,
            None => {
                self.open.push((segment, Columns::open(searcher, segment)?));
                self.open.len() - 1
            }
        };
        Ok(&self.open[at].1)
    }
}

/// Fast-field columns of one segment, for reading ids and names without fetching documents.
struct Columns {
    id: Option<tantivy::columnar::StrColumn>,
    display: Option<tantivy::columnar::StrColumn>,
    alias_key: Option<tantivy::columnar::StrColumn>,
    popularity: tantivy::columnar::Column<u64>,
}

impl Columns {
    fn open(searcher: &tantivy::Searcher, segment: u32) -> Result<Columns> {
        let ff = searcher.segment_reader(segment).fast_fields();
        Ok(Columns {
            id: ff.str("id")?,
            display: ff.str("display")?,
            alias_key: ff.str("alias_key")?,
            popularity: ff.u64("popularity")?,
        })
    }

    fn all_str(&self, col: &Option<tantivy::columnar::StrColumn>, doc: u32) -> Vec<String> {
        let Some(col) = col else {
            return Vec::new();
        };
        col.term_ords(doc)
            .filter_map(|ord| {
                let mut s = String::new();
                col.ord_to_str(ord, &mut s)
                    .ok()
                    .filter(|found| *found)
                    .map(|_| s)
            })
            .collect()
    }

    fn first_str(&self, col: &Option<tantivy::columnar::StrColumn>, doc: u32) -> Option<String> {
        self.all_str(col, doc).into_iter().next()
    }
}
