//! "Related" over a catalog: each row's facets (target, secondary muscles, body part,
//! equipment, difficulty) as small ids, the rows sharing each value, and the walk that finds
//! the exercises sharing most with one, without reading a stored document. Knows profiles
//! and the weights of "related"; never Tantivy or how a question was asked.

use std::collections::{BinaryHeap, HashMap};

use super::Catalog;
use crate::domain::page::Profile;

/// A facet "related" compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Facet {
    Target,
    Secondary,
    BodyPart,
    Equipment,
    Difficulty,
}

/// What "related" reads, built on first use: rows by facet value, and each row's facets
/// as small ids, so a row's whole score against another costs a few integer operations.
#[derive(Default)]
pub(super) struct Facets {
    postings: HashMap<(Facet, String), Vec<u32>>,
    /// Ids of lower-cased values: muscles (targets and secondaries share them), equipment,
    /// body parts.
    muscles: Ids,
    equipment: Ids,
    body_parts: Ids,
    rows: Vec<RowFacets>,
    /// Ids past a mask's 64 bits, for the rows that have any: equipment, secondary.
    rare: HashMap<u32, (Vec<u32>, Vec<u32>)>,
}

/// Value → id, the most frequent values first (so they get the bits of a mask).
#[derive(Default)]
struct Ids(HashMap<String, u32>);

impl Ids {
    /// Numbers values by how many rows hold them, most first (ties by value).
    fn new<'a>(values: impl Iterator<Item = &'a str>) -> Ids {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for v in values.filter(|v| !v.is_empty()) {
            *counts.entry(v.to_lowercase()).or_default() += 1;
        }
        let mut order: Vec<(String, usize)> = counts.into_iter().collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ids(order
            .into_iter()
            .enumerate()
            .map(|(id, (v, _))| (v, id as u32))
            .collect())
    }

    /// The id of a value; `NONE` for an empty or unknown one (which matches nothing).
    fn of(&self, value: &str) -> u32 {
        if value.is_empty() {
            return NONE;
        }
        self.0.get(&value.to_lowercase()).copied().unwrap_or(NONE)
    }

    /// The ids of values: those under 64 as a mask, the rest listed.
    fn set(&self, values: &[String]) -> (u64, Vec<u32>) {
        let mut mask = 0u64;
        let mut rare: Vec<u32> = Vec::new();
        for id in values.iter().map(|v| self.of(v)).filter(|&id| id != NONE) {
            match 1u64.checked_shl(id) {
                Some(bit) => mask |= bit,
                None if !rare.contains(&id) => rare.push(id),
                None => {}
            }
        }
        (mask, rare)
    }
}

/// An id no value has.
const NONE: u32 = u32::MAX;

/// One exercise's facets as ids, 24 bytes: "related" scores hundreds of rows per question.
#[derive(Clone, Copy, Default)]
struct RowFacets {
    equipment: u64,
    secondary: u64,
    target: u32,
    body_part: u32,
    /// `Difficulty` as 1, 2, 3; 0 for none.
    difficulty: u8,
    /// Whether the row has ids past the masks (see `Facets::rare`).
    rare: bool,
}

impl Facets {
    fn rows(&self, facet: Facet, value: &str) -> &[u32] {
        if value.is_empty() {
            return &[];
        }
        self.postings
            .get(&(facet, value.to_lowercase()))
            .map_or(&[], Vec::as_slice)
    }

    /// A profile's facets, and its ids past the masks.
    fn encode(&self, p: &Profile) -> (RowFacets, (Vec<u32>, Vec<u32>)) {
        let (equipment, rare_equipment) = self.equipment.set(&p.equipment);
        let (secondary, rare_secondary) = self.muscles.set(&p.secondary);
        let row = RowFacets {
            equipment,
            secondary,
            target: self.muscles.of(&p.target),
            body_part: self.body_parts.of(&p.body_part),
            difficulty: p.difficulty.map_or(0, |d| d as u8 + 1),
            rare: !rare_equipment.is_empty() || !rare_secondary.is_empty(),
        };
        (row, (rare_equipment, rare_secondary))
    }

    /// What row `at` shares with `of` (whose ids past the masks are `of_rare`), weighted.
    #[inline]
    fn score(&self, of: &RowFacets, of_rare: &(Vec<u32>, Vec<u32>), at: u32) -> u16 {
        let w = &RELATED_WEIGHTS;
        let r = &self.rows[at as usize];
        let same = |a: u32, b: u32| u32::from(a == b && a != NONE);
        let as_secondary = match 1u64.checked_shl(of.target) {
            Some(bit) => u32::from(r.secondary & bit != 0),
            None => u32::from(
                of.target != NONE
                    && r.rare
                    && self.rare.get(&at).is_some_and(|x| x.1.contains(&of.target)),
            ),
        };
        let mut equipment = (r.equipment & of.equipment).count_ones();
        let mut secondary = (r.secondary & of.secondary).count_ones();
        if r.rare
            && of.rare
            && let Some((e, s)) = self.rare.get(&at)
        {
            equipment += e.iter().filter(|id| of_rare.0.contains(id)).count() as u32;
            secondary += s.iter().filter(|id| of_rare.1.contains(id)).count() as u32;
        }
        let s = u32::from(w.target) * same(r.target, of.target)
            + u32::from(w.target_as_secondary) * as_secondary
            + u32::from(w.body_part) * same(r.body_part, of.body_part)
            + u32::from(w.difficulty)
                * u32::from(r.difficulty != 0 && r.difficulty == of.difficulty)
            + u32::from(w.equipment) * equipment
            + u32::from(w.secondary) * secondary;
        s.min(u32::from(u16::MAX)) as u16
    }
}

/// Weights of "related" in half points (integers add up exactly and fit a small counter):
/// what two exercises share, strongest first (the order).
pub struct RelatedWeights {
    /// Same target muscle.
    pub target: u16,
    /// The other works my target as a secondary muscle.
    pub target_as_secondary: u16,
    /// Same body part.
    pub body_part: u16,
    /// Each shared piece of equipment.
    pub equipment: u16,
    /// Same difficulty.
    pub difficulty: u16,
    /// Each shared secondary muscle.
    pub secondary: u16,
}

/// The weights in use.
pub const RELATED_WEIGHTS: RelatedWeights = RelatedWeights {
    target: 8,
    target_as_secondary: 2,
    body_part: 4,
    equipment: 3,
    difficulty: 2,
    secondary: 1,
};

impl Catalog {
    pub(super) fn facets(&self) -> &Facets {
        self.facets.get_or_init(|| {
            let profiles = self.profiles();
            let mut facets = Facets {
                muscles: Ids::new(profiles.iter().flat_map(|p| {
                    std::iter::once(p.target.as_str()).chain(p.secondary.iter().map(String::as_str))
                })),
                equipment: Ids::new(
                    profiles
                        .iter()
                        .flat_map(|p| p.equipment.iter().map(String::as_str)),
                ),
                body_parts: Ids::new(profiles.iter().map(|p| p.body_part.as_str())),
                ..Facets::default()
            };
            let mut add = |facet: Facet, value: &str, at: usize| {
                if !value.is_empty() {
                    let rows = facets
                        .postings
                        .entry((facet, value.to_lowercase()))
                        .or_default();
                    // A value listed twice on one page counts once.
                    if rows.last() != Some(&(at as u32)) {
                        rows.push(at as u32);
                    }
                }
            };
            for (at, p) in profiles.iter().enumerate() {
                add(Facet::Target, &p.target, at);
                add(Facet::BodyPart, &p.body_part, at);
                p.equipment
                    .iter()
                    .for_each(|e| add(Facet::Equipment, e, at));
                p.secondary
                    .iter()
                    .for_each(|s| add(Facet::Secondary, s, at));
                if let Some(d) = p.difficulty {
                    add(Facet::Difficulty, d.as_str(), at);
                }
            }
            let mut rows = Vec::with_capacity(profiles.len());
            for (at, p) in profiles.iter().enumerate() {
                let (row, rare) = facets.encode(p);
                if row.rare {
                    facets.rare.insert(at as u32, rare);
                }
                rows.push(row);
            }
            facets.rows = rows;
            facets
        })
    }

    /// Exercises sharing target, body part, equipment, difficulty or secondary muscles with
    /// `of`, best first (ties by id), never `of` itself.
    ///
    /// The rows sharing each of `of`'s facet values are visited heaviest value first, and
    /// each new row is scored whole from its facet ids. Once the list is full of scores
    /// above what the values left could add up to, no row not yet seen can enter it, so
    /// the broad values (a difficulty is a third of the corpus) are mostly never walked.
    pub fn related(&self, of: &Profile, limit: usize) -> Vec<&Profile> {
        let f = self.facets();
        if limit == 0 || f.rows.len() != self.rows.len() {
            return Vec::new();
        }
        let w = &RELATED_WEIGHTS;
        let me = self
            .rows
            .binary_search_by(|r| r.id.cmp(&of.id))
            .ok()
            .map(|at| at as u32);
        let (mine, mine_rare) = f.encode(of);
        let mut lists: Vec<(&[u32], u16)> = vec![
            (f.rows(Facet::Target, &of.target), w.target),
            (f.rows(Facet::BodyPart, &of.body_part), w.body_part),
            (f.rows(Facet::Secondary, &of.target), w.target_as_secondary),
        ];
        let mut distinct = |values: &[String], facet: Facet, weight: u16| {
            let mut seen: Vec<String> = Vec::new();
            for v in values {
                let key = v.to_lowercase();
                if !seen.contains(&key) {
                    lists.push((f.rows(facet, v), weight));
                    seen.push(key);
                }
            }
        };
        distinct(&of.equipment, Facet::Equipment, w.equipment);
        distinct(&of.secondary, Facet::Secondary, w.secondary);
        if let Some(d) = of.difficulty {
            lists.push((f.rows(Facet::Difficulty, d.as_str()), w.difficulty));
        }
        lists.sort_by_key(|l| std::cmp::Reverse(l.1));
        // What a row in none of lists[i..] can still score.
        let mut left: u16 = lists.iter().map(|l| l.1).fold(0, u16::saturating_add);
        // One integer per row: higher score first, then lower row (= page id); the heap
        // keeps the `limit` smallest, its top is the worst kept.
        let key = |score: u16, at: u32| (u64::from(u16::MAX - score) << 32) | u64::from(at);
        let mut kept: BinaryHeap<u64> = BinaryHeap::with_capacity(limit + 1);
        // Rows already scored, one bit each.
        let mut seen = vec![0u64; f.rows.len().div_ceil(64)];
        for (rows, weight) in lists {
            let worst_kept = kept.peek().map(|k| u16::MAX - (k >> 32) as u16);
            if kept.len() >= limit && worst_kept.is_some_and(|s| s > left) {
                break;
            }
            left -= weight.min(left);
            for &at in rows {
                let (word, bit) = (at as usize / 64, 1u64 << (at % 64));
                if Some(at) == me || seen[word] & bit != 0 {
                    continue;
                }
                seen[word] |= bit;
                let k = key(f.score(&mine, &mine_rare, at), at);
                if kept.len() < limit {
                    kept.push(k);
                } else if kept.peek().is_some_and(|&top| k < top) {
                    kept.pop();
                    kept.push(k);
                }
            }
        }
        kept.into_sorted_vec()
            .into_iter()
            .filter_map(|k| self.profiles().get((k & u64::from(u32::MAX)) as usize))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::page::Difficulty;
    use crate::domain::page::PageId;
    use crate::search::catalog::CatalogBuilder;
    use proptest::prelude::*;
    use std::path::Path;

    /// "Related" by its definition: every other row scored on every facet, best first.
    fn brute_force<'a>(all: &'a [Profile], of: &Profile, limit: usize) -> Vec<&'a str> {
        let w = &RELATED_WEIGHTS;
        let lower = |v: &[String]| {
            let mut l: Vec<String> = v.iter().map(|s| s.to_lowercase()).collect();
            l.sort();
            l.dedup();
            l
        };
        let same = |a: &str, b: &str| !a.is_empty() && a.eq_ignore_ascii_case(b);
        let shared = |a: &[String], b: &[String]| {
            let b = lower(b);
            lower(a).iter().filter(|x| b.contains(x)).count() as u16
        };
        let mut scored: Vec<(u16, &str)> = all
            .iter()
            .filter(|p| p.id != of.id)
            .map(|p| {
                let s = w.target * u16::from(same(&p.target, &of.target))
                    + w.target_as_secondary
                        * u16::from(p.secondary.iter().any(|m| same(m, &of.target)))
                    + w.body_part * u16::from(same(&p.body_part, &of.body_part))
                    + w.difficulty
                        * u16::from(p.difficulty.is_some() && p.difficulty == of.difficulty)
                    + w.equipment * shared(&p.equipment, &of.equipment)
                    + w.secondary * shared(&p.secondary, &of.secondary);
                (s, p.id.as_str())
            })
            .filter(|(s, _)| *s > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, id)| id).collect()
    }

    fn profile() -> impl Strategy<Value = Profile> {
        // Muscles past the 64 bits of a mask, and values differing only in case.
        // Mostly a few values (so scores tie often), sometimes many.
        let muscle = prop_oneof![3 => 0..4u32, 1 => 0..80u32].prop_map(|i| {
            if i % 7 == 0 {
                format!("MUSCLE {i}")
            } else {
                format!("Muscle {i}")
            }
        });
        let word = |n: u32, what: &'static str| (0..n).prop_map(move |i| format!("{what} {i}"));
        (
            prop_oneof![Just(String::new()), word(4, "Part")],
            prop::collection::vec(prop_oneof![3 => word(3, "Kit"), 1 => word(70, "Kit")], 0..4),
            prop_oneof![Just(String::new()), muscle.clone()],
            prop::collection::vec(muscle, 0..5),
            prop::option::of(prop::sample::select(Difficulty::ALL.to_vec())),
        )
            .prop_map(
                |(body_part, equipment, target, secondary, difficulty)| Profile {
                    id: PageId::new(""),
                    name: String::new(),
                    body_part,
                    equipment,
                    target,
                    secondary,
                    difficulty,
                    category: None,
                },
            )
    }

    fn catalog(profiles: &[Profile], dir: &Path) -> Catalog {
        let mut builder = CatalogBuilder::default();
        for p in profiles {
            builder.exercise(p.clone(), p.id.as_str().into(), Vec::new(), 0);
        }
        builder.write(dir).expect("catalog written");
        Catalog::open(dir).expect("catalog read")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The pruned walk over postings lists exactly what scoring every row would.
        #[test]
        fn related_is_every_row_scored(
            mut profiles in prop::collection::vec(profile(), 1..150),
            of in 0usize..150,
            limit in 0usize..12,
        ) {
            for (i, p) in profiles.iter_mut().enumerate() {
                p.id = PageId::new(&format!("p{i:03}"));
                p.name = format!("P {i}");
            }
            let dir = tempfile::tempdir().expect("temp dir");
            let c = catalog(&profiles, dir.path());
            let of = &profiles[of % profiles.len()];
            let got: Vec<&str> = c.related(of, limit).iter().map(|p| p.id.as_str()).collect();
            prop_assert_eq!(got, brute_force(&profiles, of, limit));
        }
    }
}
