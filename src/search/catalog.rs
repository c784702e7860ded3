//! The catalog of one generation: a row per exercise (its id, name, name key, alias keys and
//! popularity, and apart from those its profile) and a row per general FAQ entry (its stemmed
//! question and title words), written beside the generation's Tantivy files and held in
//! memory while it is live. Profiles are read on first use: a cold CLI call naming an
//! exercise needs only the names.
//! Tantivy finds candidates; the catalog re-ranks them and answers "related" and "popular"
//! without reading a stored document, which is what keeps a question under a tenth of a
//! millisecond at 10,000 pages. Knows domain profiles; never Tantivy queries or Discord.

use std::collections::{BinaryHeap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::generation::{IndexError, Result};
use super::rerank::NameWords;
use crate::domain::page::{Difficulty, PageId, Profile};

/// The catalog's file in a generation folder.
pub const FILE: &str = "catalog.json";
/// The profiles, in row order.
pub const PROFILES: &str = "profiles.json";

/// One exercise. Field names are one letter: the file holds one row per exercise and is read
/// by every cold CLI call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The page id.
    #[serde(rename = "i")]
    pub id: PageId,
    /// The name as the page writes it.
    #[serde(rename = "m")]
    pub name: String,
    /// The name's normalised key (`farmers carry`).
    #[serde(rename = "k")]
    pub key: String,
    /// Normalised keys of the page's other names.
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Links into the page from other pages.
    #[serde(rename = "n", default)]
    pub popularity: u64,
    /// The document's `entry` fast-field value.
    #[serde(rename = "d")]
    pub doc: u64,
    /// Whether an exercise sharing this one's target or body part is easier ([`EASIER`])
    /// or harder ([`HARDER`]): worked out once when the catalog is written, so a card's
    /// Easier / Harder buttons read one row, not every profile (a cold CLI call would
    /// otherwise read them all for one card).
    #[serde(rename = "l", default, skip_serializing_if = "is_zero")]
    pub levels: u8,
    /// The key and alias keys split for re-ranking, the first time the row is ranked.
    #[serde(skip)]
    names: OnceLock<Box<[NameWords]>>,
}

impl Row {
    /// The key, then the alias keys, split for re-ranking.
    pub fn name_words(&self) -> &[NameWords] {
        self.names.get_or_init(|| {
            std::iter::once(&self.key)
                .chain(&self.aliases)
                .map(|k| NameWords::new(k))
                .collect()
        })
    }
}

/// [`Row::levels`]: an exercise near this one is easier.
pub const EASIER: u8 = 1;
/// [`Row::levels`]: an exercise near this one is harder.
pub const HARDER: u8 = 2;

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// One general FAQ entry: its question as written (listed under another entry's answer) and
/// its words, stemmed as the index stems them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FaqRow {
    /// The question as written.
    #[serde(rename = "x")]
    pub text: String,
    /// Words of the question.
    #[serde(rename = "q")]
    pub question: Vec<String>,
    /// Words of the page's title and keywords.
    #[serde(rename = "t")]
    pub title: Vec<String>,
}

#[derive(Default, Serialize, Deserialize)]
struct CatalogFile {
    rows: Vec<Row>,
    faq: Vec<FaqRow>,
}

/// Collects rows while a generation is written.
#[derive(Default)]
pub struct CatalogBuilder {
    file: CatalogFile,
    profiles: Vec<Profile>,
}

impl CatalogBuilder {
    /// Adds an exercise; returns the value to store in its document's `entry` field.
    pub fn exercise(
        &mut self,
        profile: Profile,
        key: String,
        aliases: Vec<String>,
        popularity: u64,
    ) -> u64 {
        let doc = self.file.rows.len() as u64;
        self.file.rows.push(Row {
            id: profile.id.clone(),
            name: profile.name.clone(),
            key,
            aliases,
            popularity,
            doc,
            levels: 0,
            names: OnceLock::new(),
        });
        self.profiles.push(profile);
        doc
    }

    /// Adds a general FAQ entry; returns the value for its document's `entry` field.
    pub fn faq(&mut self, row: FaqRow) -> u64 {
        self.file.faq.push(row);
        (self.file.faq.len() - 1) as u64
    }

    /// Writes the catalog into `dir`, rows ordered by page id (so a row's position breaks
    /// ties the way answers do: by id).
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn write(mut self, dir: &Path) -> Result<()> {
        let mut pairs: Vec<(Row, Profile)> = self.file.rows.drain(..).zip(self.profiles).collect();
        pairs.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let (mut rows, profiles): (Vec<Row>, Vec<Profile>) = pairs.into_iter().unzip();
        for (row, levels) in rows.iter_mut().zip(levels_near(&profiles)) {
            row.levels = levels;
        }
        self.file.rows = rows;
        fs::write(dir.join(FILE), json(&self.file)?)?;
        fs::write(dir.join(PROFILES), json(&profiles)?)?;
        Ok(())
    }
}

/// Each profile's [`Row::levels`]: the easiest and hardest difficulty among the exercises
/// of each target and each body part (values compared as the facets compare them,
/// lowercased), then each profile against the two groups it belongs to.
fn levels_near(profiles: &[Profile]) -> Vec<u8> {
    type Range = (Difficulty, Difficulty);
    let mut groups: HashMap<(bool, String), Range> = HashMap::new();
    fn keys(p: &Profile) -> impl Iterator<Item = (bool, String)> + '_ {
        [(true, &p.target), (false, &p.body_part)]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(t, v)| (t, v.to_lowercase()))
    }
    for p in profiles {
        let Some(d) = p.difficulty else { continue };
        for key in keys(p) {
            let range = groups.entry(key).or_insert((d, d));
            range.0 = range.0.min(d);
            range.1 = range.1.max(d);
        }
    }
    profiles
        .iter()
        .map(|p| {
            let Some(me) = p.difficulty else { return 0 };
            keys(p).fold(0, |levels, key| {
                let (low, high) = groups[&key];
                levels | if low < me { EASIER } else { 0 } | if high > me { HARDER } else { 0 }
            })
        })
        .collect()
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| IndexError::Corrupt(e.to_string()))
}

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
struct Facets {
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

/// A generation's catalog, in memory.
pub struct Catalog {
    rows: Vec<Row>,
    /// `entry` value → position in `rows`.
    by_doc: Vec<u32>,
    faq: Vec<FaqRow>,
    /// Where the profiles are read from on first use.
    dir: PathBuf,
    profiles: OnceLock<Vec<Profile>>,
    facets: OnceLock<Facets>,
    popular: OnceLock<Vec<u32>>,
}

impl Catalog {
    /// Reads the catalog of the generation in `dir`.
    ///
    /// # Errors
    /// `Corrupt` when it is missing or unreadable (the generation is rebuilt then).
    pub fn open(dir: &Path) -> Result<Catalog> {
        let bytes =
            fs::read(dir.join(FILE)).map_err(|e| IndexError::Corrupt(format!("{FILE}: {e}")))?;
        let file: CatalogFile = serde_json::from_slice(&bytes)
            .map_err(|e| IndexError::Corrupt(format!("{FILE}: {e}")))?;
        let mut by_doc = vec![u32::MAX; file.rows.len()];
        for (at, row) in file.rows.iter().enumerate() {
            match by_doc.get_mut(row.doc as usize) {
                Some(slot) => *slot = at as u32,
                None => return Err(IndexError::Corrupt(format!("{FILE}: entry out of range"))),
            }
        }
        Ok(Catalog {
            rows: file.rows,
            by_doc,
            faq: file.faq,
            dir: dir.to_path_buf(),
            profiles: OnceLock::new(),
            facets: OnceLock::new(),
            popular: OnceLock::new(),
        })
    }

    /// Reads the profiles and builds what "related" and "popular" use, now rather than on
    /// first use.
    pub fn warm(&self) {
        self.facets();
        self.popular_order();
    }

    /// Every profile, in row order (read on first use; a generation whose profiles cannot
    /// be read lists no related exercises and logs why).
    pub(crate) fn profiles(&self) -> &[Profile] {
        self.profiles.get_or_init(|| {
            let read = fs::read(self.dir.join(PROFILES))
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    serde_json::from_slice::<Vec<Profile>>(&b).map_err(|e| e.to_string())
                });
            match read {
                Ok(p) if p.len() == self.rows.len() => p,
                Ok(_) => {
                    tracing::error!("{PROFILES} does not match the catalog; rebuild the index");
                    Vec::new()
                }
                Err(error) => {
                    tracing::error!(%error, "{PROFILES} is unreadable; rebuild the index");
                    Vec::new()
                }
            }
        })
    }

    /// Links into the exercise at row `at` from other pages.
    pub fn popularity_at(&self, at: usize) -> u64 {
        self.rows.get(at).map_or(0, |r| r.popularity)
    }

    /// The profile of an exercise by id.
    pub fn profile(&self, id: &PageId) -> Option<&Profile> {
        let at = self.rows.binary_search_by(|r| r.id.cmp(id)).ok()?;
        self.profiles().get(at)
    }

    /// The profile of a document's `entry` value, with its row position (which orders rows
    /// by page id).
    pub fn profile_of_doc(&self, doc: u64) -> Option<(usize, &Profile)> {
        let at = *self.by_doc.get(doc as usize)? as usize;
        Some((at, self.profiles().get(at)?))
    }

    /// The row of a document's `entry` value.
    pub fn row_of_doc(&self, doc: u64) -> Option<&Row> {
        let at = *self.by_doc.get(doc as usize)?;
        self.rows.get(at as usize)
    }

    /// A general FAQ entry's words by its document's `entry` value.
    pub fn faq(&self, doc: u64) -> Option<&FaqRow> {
        self.faq.get(doc as usize)
    }

    /// General FAQ entries in the catalog.
    pub fn faq_count(&self) -> usize {
        self.faq.len()
    }

    /// The most linked exercises, ties by name.
    pub fn popular(&self, limit: usize) -> impl Iterator<Item = &Row> {
        self.popular_order()
            .iter()
            .take(limit)
            .map(|&at| &self.rows[at as usize])
    }

    /// Row positions by popularity, built on first use.
    fn popular_order(&self) -> &[u32] {
        self.popular.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.rows.len() as u32).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&self.rows[a as usize], &self.rows[b as usize]);
                b.popularity
                    .cmp(&a.popularity)
                    .then_with(|| a.name.cmp(&b.name))
            });
            order
        })
    }

    fn facets(&self) -> &Facets {
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

    /// Whether an exercise sharing `of`'s target or body part is easier, and whether one is
    /// harder, than `of`: read from `of`'s row, where the catalog's writer put it.
    pub fn levels_near(&self, of: &Profile) -> (bool, bool) {
        let levels = self
            .rows
            .binary_search_by(|r| r.id.cmp(&of.id))
            .map_or(0, |at| self.rows[at].levels);
        (levels & EASIER != 0, levels & HARDER != 0)
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
    use proptest::prelude::*;

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
