//! The corpus's own facet values: every body part, piece of equipment, muscle and category its
//! pages use, with how many exercises use each, and finding them in a question by their own
//! words. This is what makes `/find` and questions work on values no vocabulary lists
//! (`Sandbag`, `Olympic Weightlifting`). Knows profiles; never Tantivy or Discord.

use crate::domain::page::Profile;
use crate::domain::vocabulary::{self, Kind};

/// The four facets, in `Values`' slot order.
const KINDS: [Kind; 4] = [
    Kind::BodyPart,
    Kind::Equipment,
    Kind::Muscle,
    Kind::Category,
];

fn slot(kind: Kind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

/// Every value of each facet, most used first (ties by name).
#[derive(Debug, Default)]
pub struct Values {
    by_kind: [Vec<(String, usize)>; 4],
    /// The values no vocabulary spelling covers, with their words folded, longest first:
    /// what `named_in` looks for, split once.
    unlisted: Vec<(Kind, String, Vec<String>)>,
}

/// A value of the corpus named in a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// Its facet.
    pub kind: Kind,
    /// The value as the pages write it.
    pub value: String,
    /// The question's words that named it.
    pub words: Vec<String>,
}

/// A plural folded to its singular, so `sandbags` names `Sandbag`.
fn fold(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !word.ends_with("ss") => stem,
        _ => word,
    }
}

impl Values {
    /// The values of a corpus's exercises.
    pub fn of(profiles: &[Profile]) -> Values {
        let mut by_kind: [Vec<(String, usize)>; 4] = Default::default();
        let mut add = |kind: Kind, value: &str| {
            if value.is_empty() {
                return;
            }
            let list = &mut by_kind[slot(kind)];
            match list.iter_mut().find(|(v, _)| v.eq_ignore_ascii_case(value)) {
                Some((_, n)) => *n += 1,
                None => list.push((value.to_string(), 1)),
            }
        };
        for p in profiles {
            add(Kind::BodyPart, &p.body_part);
            p.equipment.iter().for_each(|e| add(Kind::Equipment, e));
            add(Kind::Muscle, &p.target);
            p.secondary
                .iter()
                .filter(|s| **s != p.target)
                .for_each(|s| add(Kind::Muscle, s));
            if let Some(c) = &p.category {
                add(Kind::Category, c);
            }
        }
        for list in &mut by_kind {
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        let mut unlisted = Vec::new();
        for kind in KINDS {
            for (value, _) in &by_kind[slot(kind)] {
                if vocabulary::canonical(kind, value).is_some() {
                    continue;
                }
                // A value joining two (`Ankle & foot`, `Wrist and hand`) is named by each part
                // too: "ankle exercises" asks for it. Whole values are tried first.
                let parts = value
                    .split(['&', '/', ',', '+'])
                    .flat_map(|p| p.split(" and "));
                for part in std::iter::once(value.as_str()).chain(parts) {
                    let key: Vec<String> = crate::domain::understand::normalise(part)
                        .split_whitespace()
                        .map(|w| fold(w).to_string())
                        .collect();
                    if !key.is_empty() && !unlisted.iter().any(|(k, _, o)| *k == kind && *o == key)
                    {
                        unlisted.push((kind, value.clone(), key));
                    }
                }
            }
        }
        unlisted.sort_by_key(|c| std::cmp::Reverse(c.2.len()));
        Values { by_kind, unlisted }
    }

    /// The values of one facet, most used first.
    pub fn of_kind(&self, kind: Kind) -> &[(String, usize)] {
        &self.by_kind[slot(kind)]
    }

    /// The value of `kind` a user picked or typed: its vocabulary name or its own spelling,
    /// when the corpus uses it (case and spacing free).
    pub fn find(&self, kind: Kind, typed: &str) -> Option<String> {
        let wanted = vocabulary::normalise(kind, typed);
        self.of_kind(kind)
            .iter()
            .find(|(v, _)| v.eq_ignore_ascii_case(&wanted))
            .map(|(v, _)| v.clone())
    }

    /// Values no vocabulary spelling covers, named in `words` by their own words (plurals
    /// folded), longest first; each word names one value at most.
    pub fn named_in(&self, words: &[String]) -> Vec<Named> {
        let folded: Vec<&str> = words.iter().map(|w| fold(w)).collect();
        let mut used = vec![false; words.len()];
        let mut out = Vec::new();
        for (kind, value, key) in &self.unlisted {
            let kind = *kind;
            if out.iter().any(|n: &Named| n.kind == kind) {
                continue;
            }
            let at = (0..folded.len().saturating_sub(key.len() - 1))
                .find(|&i| (0..key.len()).all(|j| !used[i + j] && folded[i + j] == key[j]));
            if let Some(i) = at {
                used[i..i + key.len()].fill(true);
                out.push(Named {
                    kind,
                    value: value.to_string(),
                    words: words[i..i + key.len()].to_vec(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(equipment: &[&str], category: &str) -> Profile {
        Profile {
            equipment: equipment.iter().map(|e| e.to_string()).collect(),
            category: Some(category.to_string()),
            ..Profile::default()
        }
    }

    #[test]
    fn corpus_values_are_counted_and_named_by_their_words() {
        let values = Values::of(&[
            profile(&["Sandbag"], "Strongman"),
            profile(&["Sandbag", "Dumbbell"], "Strength"),
        ]);
        assert_eq!(
            values.of_kind(Kind::Equipment)[0],
            ("Sandbag".to_string(), 2)
        );
        let words: Vec<String> = ["strongman", "sandbags", "moves"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let named = values.named_in(&words);
        assert_eq!(
            named.iter().map(|n| n.value.as_str()).collect::<Vec<_>>(),
            vec!["Sandbag", "Strongman"]
        );
        assert_eq!(
            values.find(Kind::Equipment, "sandbag").as_deref(),
            Some("Sandbag")
        );
        assert_eq!(
            values.find(Kind::Equipment, "dumbbells").as_deref(),
            Some("Dumbbell")
        );
        assert_eq!(values.find(Kind::Equipment, "kettlebell"), None);
    }
}
