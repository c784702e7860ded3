//! The catalog of one generation: a row per exercise (its id, name, name key, alias keys and
//! popularity, and apart from those its profile) and a row per general FAQ entry (its stemmed
//! question and title words), written beside the generation's Tantivy files and held in
//! memory while it is live. Profiles are read on first use: a cold CLI call naming an
//! exercise needs only the names.
//! Tantivy finds candidates; the catalog re-ranks them and answers "related" and "popular"
//! without reading a stored document, which is what keeps a question under a tenth of a
//! millisecond at 10,000 pages. Knows domain profiles; never Tantivy queries or Discord.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

mod related;

use related::Facets;

use super::error::{IndexError, Result};
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

    /// Whether an exercise sharing `of`'s target or body part is easier, and whether one is
    /// harder, than `of`: read from `of`'s row, where the catalog's writer put it.
    pub fn levels_near(&self, of: &Profile) -> (bool, bool) {
        let levels = self
            .rows
            .binary_search_by(|r| r.id.cmp(&of.id))
            .map_or(0, |at| self.rows[at].levels);
        (levels & EASIER != 0, levels & HARDER != 0)
    }
}
