//! How one search reads the index: term statistics read from the dictionaries once per
//! search (presence checks, then BM25's), and a collector of every match's catalog entry
//! with its score. Knows Tantivy; never the domain.

use std::cell::RefCell;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::Field;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

/// Term statistics for one search, each read from the dictionaries once: the presence checks
/// that leave absent terms out of a query, then BM25's document frequencies and field
/// lengths for the terms kept.
pub(crate) struct Stats<'a> {
    pub(crate) searcher: &'a tantivy::Searcher,
    doc_freqs: RefCell<Vec<(Term, u64)>>,
    tokens: RefCell<Vec<(Field, u64)>>,
}

impl<'a> Stats<'a> {
    pub(crate) fn new(searcher: &'a tantivy::Searcher) -> Stats<'a> {
        Stats {
            searcher,
            doc_freqs: RefCell::new(Vec::new()),
            tokens: RefCell::new(Vec::new()),
        }
    }

    /// Documents holding the term (0 when the index cannot say).
    pub(crate) fn doc_freq(&self, term: &Term) -> u64 {
        if let Some((_, n)) = self.doc_freqs.borrow().iter().find(|(t, _)| t == term) {
            return *n;
        }
        let n = self.searcher.doc_freq(term).unwrap_or(0);
        self.doc_freqs.borrow_mut().push((term.clone(), n));
        n
    }

    pub(crate) fn present(&self, term: &Term) -> bool {
        self.doc_freq(term) > 0
    }

    pub(crate) fn search<C: Collector>(
        &self,
        query: &dyn Query,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        self.searcher
            .search_with_statistics_provider(query, collector, self)
    }
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some((_, n)) = self.tokens.borrow().iter().find(|(f, _)| *f == field) {
            return Ok(*n);
        }
        let n = self.searcher.total_num_tokens(field)?;
        self.tokens.borrow_mut().push((field, n));
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(Stats::doc_freq(self, term))
    }
}

/// Collects every match with its score and `entry` value: `find` orders all of them by
/// score and then page id, which a top-N by score alone cannot do for ties.
/// It reads the generation's `entry` columns, opened once per segment.
pub(crate) struct AllEntries<'a>(pub(crate) &'a [tantivy::columnar::Column<u64>]);

impl Collector for AllEntries<'_> {
    type Fruit = Vec<(Score, u64)>;
    type Child = SegmentEntries;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let column = self.0.get(segment as usize).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no entry column for segment {segment}"))
        })?;
        Ok(SegmentEntries {
            column,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

pub(crate) struct SegmentEntries {
    column: tantivy::columnar::Column<u64>,
    found: Vec<(Score, u64)>,
}

impl SegmentCollector for SegmentEntries {
    type Fruit = Vec<(Score, u64)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(entry) = self.column.first(doc) {
            self.found.push((score, entry));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}
