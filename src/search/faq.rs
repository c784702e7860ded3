//! The searcher's general FAQ entries: the entries whose question shares most words with a
//! question's keywords, re-ranked on the catalog's stemmed question and title words, and the
//! entry itself. Knows no exercise names and no card.

use std::cmp::Ordering;

use tantivy::Term;
use tantivy::collector::TopDocs;

use super::analyzer::{tokens, with_analyzers};
use super::collect::Stats;
use super::{FaqMatch, Result, Searcher, query};
use crate::domain::page::FaqHit;
use crate::domain::ranking::WEIGHTS;

/// FAQ entries fetched for re-ranking (the corpus has about 130; a question's words rarely
/// appear in more than this many).
const FAQ_CANDIDATES: usize = 20;

impl Searcher {
    /// General FAQ entries for the words, best first.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn faq(&self, words: &[String], limit: usize) -> Result<Vec<FaqMatch>> {
        let f = &self.generation.fields;
        let typed = with_analyzers(|a| {
            let mut typed: Vec<String> = Vec::new();
            for t in words.iter().flat_map(|w| tokens(&mut a.stem, w)) {
                if !typed.contains(&t) {
                    typed.push(t);
                }
            }
            typed
        });
        let searcher = self.tantivy();
        let stats = Stats::new(&searcher);
        let present = |t: &Term| stats.present(t);
        let Some(q) = query::faq_query(f, &typed, &present) else {
            return Ok(Vec::new());
        };
        // Candidates are re-ranked by how many typed words the question itself shares, so
        // "how many reps for strength" prefers the entry asking exactly that over one that
        // only mentions strength in a longer answer. The catalog holds each entry's words,
        // so only the entries shown are read from the store.
        let top = stats.search(
            q.as_ref(),
            &TopDocs::with_limit(FAQ_CANDIDATES).order_by_score(),
        )?;
        // Rare words say more about what is asked than common ones (`sore` vs `day`).
        let entries = self.catalog().faq_count().max(1) as f32;
        let weight: Vec<f32> = typed
            .iter()
            .map(|t| {
                let df = stats.doc_freq(&Term::from_field_text(f.question, t)) as f32;
                (1.0 + entries / (df + 1.0)).ln()
            })
            .collect();
        let mut ranked = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let Some(row) = self
                .entry_at(addr)
                .and_then(|entry| self.catalog().faq(entry))
            else {
                continue;
            };
            let found: Vec<usize> = (0..typed.len())
                .filter(|&i| row.question.contains(&typed[i]) || row.title.contains(&typed[i]))
                .collect();
            let key = found.iter().map(|&i| weight[i]).sum::<f32>() + WEIGHTS.faq.engine * score;
            ranked.push((key, found.len(), addr, row));
        }
        ranked.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
        Ok(ranked
            .into_iter()
            .take(limit)
            .map(|(_, matched, doc, row)| FaqMatch {
                question: row.text.clone(),
                matched,
                doc,
            })
            .collect())
    }

    /// A found FAQ entry in full: its answer and page.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn faq_entry(&self, found: &FaqMatch) -> Result<Option<FaqHit>> {
        self.record(&self.tantivy(), found.doc)
    }
}
