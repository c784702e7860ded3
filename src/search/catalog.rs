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

use super::generation::{IndexError, Result};
use crate::domain::page::{PageId, Profile};

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
}

/// One general FAQ entry's words, stemmed as the index stems them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FaqRow {
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
        let (rows, profiles): (Vec<Row>, Vec<Profile>) = pairs.into_iter().unzip();
        self.file.rows = rows;
        fs::write(dir.join(FILE), json(&self.file)?)?;
        fs::write(dir.join(PROFILES), json(&profiles)?)?;
        Ok(())
    }
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

/// Rows by facet value, built the first time "related" is asked.
type Postings = HashMap<(Facet, String), Vec<u32>>;

/// Weights of "related": what two exercises share, strongest first (the order).
pub struct RelatedWeights {
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
pub const RELATED_WEIGHTS: RelatedWeights = RelatedWeights {
    target: 4.0,
    target_as_secondary: 1.0,
    body_part: 2.0,
    equipment: 1.5,
    difficulty: 1.0,
    secondary: 0.5,
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
    postings: OnceLock<Postings>,
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
            postings: OnceLock::new(),
            popular: OnceLock::new(),
        })
    }

    /// Reads the profiles and builds what "related" and "popular" use, now rather than on
    /// first use.
    pub fn warm(&self) {
        self.postings();
        self.popular_order();
    }

    /// Every profile, in row order (read on first use; a generation whose profiles cannot
    /// be read lists no related exercises and logs why).
    fn profiles(&self) -> &[Profile] {
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

    fn postings(&self) -> &Postings {
        self.postings.get_or_init(|| {
            let mut map: Postings = HashMap::new();
            let mut add = |facet: Facet, value: &str, at: usize| {
                if !value.is_empty() {
                    map.entry((facet, value.to_lowercase()))
                        .or_default()
                        .push(at as u32);
                }
            };
            for (at, p) in self.profiles().iter().enumerate() {
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
            map
        })
    }

    /// Exercises sharing target, body part, equipment, difficulty or secondary muscles with
    /// `of`, best first (ties by id), never `of` itself. Scores add up in one pass over the
    /// rows sharing each facet value, so the cost is the number of such rows, not the corpus.
    pub fn related(&self, of: &Profile, limit: usize) -> Vec<&Profile> {
        let postings = self.postings();
        let w = &RELATED_WEIGHTS;
        let mut score = vec![0f32; self.rows.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut add = |facet: Facet, value: &str, weight: f32| {
            if value.is_empty() {
                return;
            }
            let Some(rows) = postings.get(&(facet, value.to_lowercase())) else {
                return;
            };
            for &at in rows {
                let s = &mut score[at as usize];
                if *s == 0.0 {
                    touched.push(at);
                }
                *s += weight;
            }
        };
        add(Facet::Target, &of.target, w.target);
        add(Facet::Secondary, &of.target, w.target_as_secondary);
        add(Facet::BodyPart, &of.body_part, w.body_part);
        for e in &of.equipment {
            add(Facet::Equipment, e, w.equipment);
        }
        for s in &of.secondary {
            add(Facet::Secondary, s, w.secondary);
        }
        let me = self
            .rows
            .binary_search_by(|r| r.id.cmp(&of.id))
            .ok()
            .map(|at| at as u32);
        // Difficulty is the broadest facet (a third of the corpus each). Rows sharing only
        // it score exactly its weight, so they are added only when the rows found so far
        // do not already fill the list with better scores.
        let difficulty = of
            .difficulty
            .and_then(|d| postings.get(&(Facet::Difficulty, d.as_str().to_lowercase())));
        if let Some(rows) = difficulty {
            for &at in rows {
                let s = &mut score[at as usize];
                if *s > 0.0 {
                    *s += w.difficulty;
                }
            }
            let better = touched
                .iter()
                .filter(|&&at| score[at as usize] > w.difficulty && Some(at) != me)
                .count();
            if better < limit {
                for &at in rows {
                    let s = &mut score[at as usize];
                    if *s == 0.0 {
                        touched.push(at);
                        *s = w.difficulty;
                    }
                }
            }
        }
        // One integer per candidate: higher score first, then lower row (= page id). Scores
        // are positive, so their bits order like them.
        let mut keys: Vec<u64> = touched
            .into_iter()
            .filter(|&at| Some(at) != me)
            .map(|at| (u64::from(u32::MAX - score[at as usize].to_bits()) << 32) | u64::from(at))
            .collect();
        if keys.len() > limit && limit > 0 {
            keys.select_nth_unstable(limit - 1);
        }
        keys.truncate(limit);
        keys.sort_unstable();
        keys.into_iter()
            .filter_map(|k| self.profiles().get((k & u64::from(u32::MAX)) as usize))
            .collect()
    }
}
