//! Corpus-wide warnings for `check` (issue 12): a facet value only one page uses that is one
//! edit from a value many pages use (`Brachializ` beside `Brachialis`), and one name or alias
//! on two pages. The values are whatever the corpus uses, never a compiled list. Pure: it sees
//! what parsing noted of each page, never the files.

use std::collections::HashMap;

use super::page::Attribute;
use super::parse::{PageError, PageErrorKind};
use super::vocabulary::Kind;

/// What the corpus-wide checks need of one exercise page, with lines for the messages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The line of the `# Name`.
    pub name_line: usize,
    /// Other names (`Also Known As`) with their bullet's line.
    pub aliases: Vec<(String, usize)>,
    /// Facet values as read (after the vocabulary), with the attribute and the bullet's line.
    pub values: Vec<(Attribute, String, usize)>,
}

/// One served exercise page as the checks see it.
#[derive(Clone, Debug)]
pub struct Noted {
    /// The path shown in messages.
    pub path: String,
    /// The name it serves under (after a site's suffix is cut).
    pub name: String,
    /// Its facts.
    pub facts: Facts,
}

/// A value "many pages use" when at least this many do: with two, which of the two is the
/// typo is a coin toss; with three the spelling is the corpus's own.
pub const NEAR_VALUE_MIN_PAGES: usize = 3;

/// Every corpus-wide warning, pages in the order given (path order), by page then line.
pub fn warnings(pages: &[Noted]) -> Vec<PageError> {
    let mut out = near_values(pages);
    out.extend(shared_names(pages));
    out
}

/// The facet a value belongs to: target and secondary muscles are one set of values.
fn facet(attr: Attribute) -> Option<Kind> {
    match attr {
        Attribute::BodyPart => Some(Kind::BodyPart),
        Attribute::Equipment => Some(Kind::Equipment),
        Attribute::Target | Attribute::Secondary => Some(Kind::Muscle),
        Attribute::Category => Some(Kind::Category),
        Attribute::Difficulty => None,
    }
}

fn near_values(pages: &[Noted]) -> Vec<PageError> {
    // Pages per (facet, lower-case value), with the spelling first seen.
    let mut counts: HashMap<(Kind, String), (String, usize)> = HashMap::new();
    for page in pages {
        let mut own: Vec<(Kind, String)> = Vec::new();
        for (attr, value, _) in &page.facts.values {
            let Some(kind) = facet(*attr) else { continue };
            let key = (kind, value.to_lowercase());
            if !own.contains(&key) {
                own.push(key.clone());
                counts.entry(key).or_insert_with(|| (value.clone(), 0)).1 += 1;
            }
        }
    }
    // (facet, lower case, spelling, pages) of the common values: most pages first, then by
    // spelling, so the suggestion is deterministic.
    let mut common: Vec<(Kind, &str, &str, usize)> = counts
        .iter()
        .filter(|(_, (_, n))| *n >= NEAR_VALUE_MIN_PAGES)
        .map(|((kind, lower), (spelling, n))| (*kind, lower.as_str(), spelling.as_str(), *n))
        .collect();
    common.sort_by(|a, b| b.3.cmp(&a.3).then(a.2.cmp(b.2)));
    let mut out = Vec::new();
    for page in pages {
        for (attr, value, line) in &page.facts.values {
            let Some(kind) = facet(*attr) else { continue };
            let lower = value.to_lowercase();
            if counts.get(&(kind, lower.clone())).map(|(_, n)| *n) != Some(1) {
                continue;
            }
            let like = common
                .iter()
                .find(|(k, other, _, _)| *k == kind && one_edit(&lower, other));
            if let Some((_, _, spelling, n)) = like {
                out.push(PageError {
                    path: page.path.clone(),
                    line: *line,
                    kind: PageErrorKind::NearValue {
                        key: attr.label(),
                        value: value.clone(),
                        like: spelling.to_string(),
                        pages: *n,
                    },
                });
            }
        }
    }
    out
}

/// Whether `a` becomes `b` by one insertion, deletion, substitution or swap of two neighbours.
fn one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    if head + tail + 1 >= a.len().max(b.len()) {
        // One insertion, deletion or substitution: what differs is at most one character.
        return true;
    }
    // A swap: the same length, and the two characters after the common head are swapped.
    a.len() == b.len()
        && head + 2 <= a.len()
        && a[head] == b[head + 1]
        && a[head + 1] == b[head]
        && a[head + 2..] == b[head + 2..]
}

/// A name as the checks compare it: lower case, whitespace collapsed.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn shared_names(pages: &[Noted]) -> Vec<PageError> {
    let mut owners: HashMap<String, &str> = HashMap::new();
    let mut out = Vec::new();
    for page in pages {
        let names = std::iter::once((page.name.as_str(), page.facts.name_line))
            .chain(page.facts.aliases.iter().map(|(a, l)| (a.as_str(), *l)));
        let mut own: Vec<String> = Vec::new();
        for (name, line) in names {
            let key = name_key(name);
            if key.is_empty() || own.contains(&key) {
                continue;
            }
            own.push(key.clone());
            match owners.get(&key) {
                Some(other) => out.push(PageError {
                    path: page.path.clone(),
                    line,
                    kind: PageErrorKind::SharedName {
                        name: name.to_string(),
                        other: other.to_string(),
                    },
                }),
                None => {
                    owners.insert(key, &page.path);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_one_insertion_deletion_substitution_or_swap() {
        assert!(one_edit("brachializ", "brachialis"));
        assert!(one_edit("glute", "glutes"));
        assert!(one_edit("glutes", "glute"));
        assert!(one_edit("brachilais", "brachialis"));
        assert!(!one_edit("brachialis", "brachialis"));
        assert!(!one_edit("biceps", "triceps"));
        assert!(!one_edit("abs", "arms"));
    }

    fn noted(path: &str, name: &str, values: &[(Attribute, &str)]) -> Noted {
        Noted {
            path: path.into(),
            name: name.into(),
            facts: Facts {
                name_line: 1,
                aliases: Vec::new(),
                values: values.iter().map(|(a, v)| (*a, v.to_string(), 7)).collect(),
            },
        }
    }

    #[test]
    fn a_lone_value_one_edit_from_a_common_one_is_a_warning() {
        let mut pages: Vec<Noted> = (0..3)
            .map(|i| {
                noted(
                    &format!("p{i}.md"),
                    &format!("P{i}"),
                    &[(Attribute::Target, "Brachialis")],
                )
            })
            .collect();
        pages.push(noted(
            "odd.md",
            "Odd",
            &[(Attribute::Secondary, "Brachializ")],
        ));
        pages.push(noted("far.md", "Far", &[(Attribute::Target, "Soleus")]));
        let found: Vec<String> = warnings(&pages).iter().map(|w| w.to_string()).collect();
        assert_eq!(
            found,
            [
                "odd.md:7: warning: Secondary Muscles \"Brachializ\" is on this page only; \"Brachialis\" (3 pages) is one edit away"
            ]
        );
    }
}
