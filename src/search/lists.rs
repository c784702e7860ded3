//! The searcher's lists: the most linked exercises, exercises related to one (and whether an
//! easier or harder one is near), and every exercise matching a set of filters, best first.
//! Read from the catalog and the filter queries; knows no question text and no card.

use super::collect::AllEntries;
use super::rerank::Coverage;
use super::{NameHit, Result, Searcher, query};
use crate::domain::page::{Exercise, Link, Profile};
use crate::domain::request::Filters;

/// Related exercises asked of the catalog beyond the list: the nearest that share only
/// equipment or difficulty are dropped, and these few keep the list full.
const RELATED_SPARE: usize = 3;

impl Searcher {
    /// The most linked exercises, for an empty autocomplete and "did you mean" with nothing
    /// close.
    ///
    /// # Errors
    /// Never; `Result` for symmetry with the other searches.
    pub fn popular(&self, limit: usize) -> Result<Vec<NameHit>> {
        Ok(self
            .catalog()
            .popular(limit)
            .map(|row| NameHit {
                id: row.id.clone(),
                name: row.name.clone(),
                coverage: Coverage::default(),
                popularity: row.popularity,
                score: 0.0,
                doc: None,
            })
            .collect())
    }

    /// Exercises like `ex`, best first, never `ex`.
    ///
    /// # Errors
    /// Never; `Result` for symmetry with the other searches.
    ///
    /// The page's own related links come first (its author chose them), then the catalog's
    /// nearest; both only when they share the movement: the target muscle or the body part
    /// (an exercise stating neither takes whatever shares the most).
    pub fn related(&self, ex: &Exercise, limit: usize) -> Result<Vec<Profile>> {
        let me = ex.profile();
        let shares = |p: &Profile| {
            (me.target.is_empty() && me.body_part.is_empty())
                || (!me.target.is_empty() && p.target == me.target)
                || (!me.body_part.is_empty() && p.body_part == me.body_part)
        };
        let catalog = self.catalog();
        let mut out: Vec<&Profile> = Vec::with_capacity(limit);
        let own = ex.related.iter().filter_map(Link::page);
        for id in own {
            if let Some(p) = catalog.profile(&id)
                && p.id != me.id
                && shares(p)
                && !out.iter().any(|o| o.id == p.id)
            {
                out.push(p);
            }
        }
        // A few more than needed: some of the nearest may share only equipment.
        for p in catalog.related(&me, limit + RELATED_SPARE) {
            if out.len() >= limit {
                break;
            }
            if shares(p) && !out.iter().any(|o| o.id == p.id) {
                out.push(p);
            }
        }
        out.truncate(limit);
        Ok(out.into_iter().cloned().collect())
    }

    /// Whether an exercise like `ex` (same target or body part) is easier, and whether one is
    /// harder.
    pub fn levels_near(&self, ex: &Exercise) -> (bool, bool) {
        self.catalog().levels_near(&ex.profile())
    }

    /// Exercises matching every filter, best first (a muscle as target before a muscle as
    /// secondary), ties by id.
    ///
    /// # Errors
    /// When the index cannot be read.
    ///
    /// Best means the closest fit: the muscle as target before as secondary, a body part's
    /// own muscles as target first (the query's scores); then the fewest things needed beyond
    /// the equipment asked for (a bench exercise before a barbell-and-bench one); then the
    /// most linked; then page id.
    pub fn find(&self, filters: &Filters, limit: usize) -> Result<Vec<Profile>> {
        Ok(self.find_counted(filters, limit)?.0)
    }

    /// `find`'s best `limit`, and how many match in all (a list's "11–20 of 43"): only the
    /// pages shown are read out of the catalog.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn find_counted(&self, filters: &Filters, limit: usize) -> Result<(Vec<Profile>, usize)> {
        let q = query::find_query(&self.generation.fields, filters);
        let catalog = self.catalog();
        let extra = |p: &Profile| match &filters.equipment {
            Some(_) => p.equipment.len().saturating_sub(1),
            None => 0,
        };
        let mut found: Vec<(f32, usize, u64, usize, &Profile)> = self
            .tantivy()
            .search(q.as_ref(), &AllEntries(&self.generation.entries))?
            .into_iter()
            .filter_map(|(score, entry)| {
                let (at, profile) = catalog.profile_of_doc(entry)?;
                Some((
                    score,
                    extra(profile),
                    catalog.popularity_at(at),
                    at,
                    profile,
                ))
            })
            .collect();
        // Row positions follow page ids, so they break the last ties by id.
        found.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
        });
        let total = found.len();
        let best = found
            .into_iter()
            .take(limit)
            .map(|(.., profile)| profile.clone())
            .collect();
        Ok((best, total))
    }
}
