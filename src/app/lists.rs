//! Lists that page: `/find` and related exercises rebuilt for the page a button asks, and the
//! bounded store of list specs too long for a custom id (a key the button carries instead;
//! an expired key is "out of date", never a guess). Knows the searcher; never Discord.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::answer::Answer;
use crate::domain::compose::{self, Extras};
use crate::domain::custom_id::CustomId;
use crate::domain::digest::stable_hash;
use crate::domain::list::{ListPage, ListRef, ListSpec, PAGE_SIZE};
use crate::domain::page::{Exercise, Profile};
use crate::domain::related::{self, Wanted};
use crate::domain::request::Filters;
use crate::domain::understand::Intent;
use crate::search::{IndexError, Searcher};

use super::App;

/// How long a stored list answers its buttons: long enough to read a list and page through
/// it, short enough that the store stays small (the issue: "an expired key answers ask
/// again").
pub const LIST_KEY_TTL: Duration = Duration::from_secs(60 * 60);
/// Most lists stored at once; past it the oldest is forgotten first. A spec is a few hundred
/// bytes: the store stays under a few MB.
pub const LIST_STORE_MAX_ENTRIES: usize = 10_000;
/// Exercises on one page of a related or find list (`domain::list::PAGE_SIZE`).
pub(super) const LIST_MAX: usize = PAGE_SIZE;
/// The most related exercises a list pages through: beyond ten pages they share little.
const RELATED_ALL_MAX: usize = 100;

/// What a member gets for a button whose list is gone (expired, or from another process).
pub const LIST_OUT_OF_DATE: &str = "This list is out of date: ask again.";

/// List specs too long for a custom id, by key.
#[derive(Default)]
pub struct ListStore {
    entries: Mutex<HashMap<u64, (ListSpec, Instant)>>,
}

impl ListStore {
    /// How a button names `spec`: inline when it fits, else a key into the store (the same
    /// spec gets the same key, so asking again refreshes it rather than filling the store).
    pub fn reference(&self, spec: ListSpec) -> ListRef {
        if CustomId::fits_inline(&spec) {
            return ListRef::Inline(spec);
        }
        let key = stable_hash(spec.encode().as_bytes());
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if map.len() >= LIST_STORE_MAX_ENTRIES {
            map.retain(|_, (_, at)| now.duration_since(*at) < LIST_KEY_TTL);
        }
        if map.len() >= LIST_STORE_MAX_ENTRIES
            && let Some(oldest) = map.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k)
        {
            map.remove(&oldest);
        }
        map.insert(key, (spec, now));
        ListRef::Stored(key)
    }

    /// The spec a button names; `None` when its key expired or was never stored here.
    pub fn resolve(&self, list: &ListRef) -> Option<ListSpec> {
        match list {
            ListRef::Inline(spec) => Some(spec.clone()),
            ListRef::Stored(key) => {
                let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
                let (spec, at) = map.get_mut(key)?;
                if at.elapsed() >= LIST_KEY_TTL {
                    map.remove(key);
                    return None;
                }
                // Paging keeps a list alive.
                *at = Instant::now();
                Some(spec.clone())
            }
        }
    }
}

impl App {
    /// The page a paging button asks for, rebuilt from its list's spec.
    pub(super) fn list_page(
        &self,
        s: &Searcher,
        list: &ListRef,
        page: usize,
    ) -> Result<Answer, IndexError> {
        let out_of_date = || Answer::Notice {
            text: LIST_OUT_OF_DATE.into(),
            ephemeral: true,
        };
        match self.lists.resolve(list) {
            None => Ok(out_of_date()),
            Some(ListSpec::Find(filters)) => self.find(s, &filters, page),
            Some(ListSpec::Related { page: id, wanted }) => match s.exercise(&id)? {
                Some(ex) => {
                    let mut extras = Extras::default();
                    self.related_extras(s, &ex, wanted, page, &mut extras)?;
                    Ok(compose::exercise_answer(
                        &ex,
                        Intent::Related,
                        &self.links(),
                        &extras,
                    ))
                }
                None => Ok(out_of_date()),
            },
        }
    }

    /// A related list in the order the question wants (easier, harder, or swaps that are no
    /// harder), on page `page`: the first page is the nearest ten as ever, the pages after
    /// it the rest of a longer fetch in the same order.
    pub(super) fn related_extras(
        &self,
        s: &Searcher,
        ex: &Exercise,
        wanted: Wanted,
        page: usize,
        extras: &mut Extras,
    ) -> Result<(), IndexError> {
        // Twice the list when a direction or pain filters some out.
        let fetch = match wanted.direction.is_some() || wanted.pain {
            true => 2 * LIST_MAX,
            false => LIST_MAX,
        };
        // One search: the nearest `fetch` of the longer fetch are what a search for `fetch`
        // alone would give (both are best first, ties by id).
        let more = s.related(ex, RELATED_ALL_MAX.max(fetch))?;
        let nearest = more.iter().take(fetch).cloned().collect();
        let mut all = related::order(nearest, ex.difficulty, wanted, LIST_MAX);
        for p in related::order(more, ex.difficulty, wanted, RELATED_ALL_MAX) {
            if !all.iter().any(|a: &Profile| a.id == p.id) {
                all.push(p);
            }
        }
        extras.related = all;
        extras.note = wanted.pain.then(|| related::PAIN_NOTE.to_string());
        extras.list = Some(ListPage {
            list: self.lists.reference(ListSpec::Related {
                page: ex.id.clone(),
                wanted,
            }),
            page,
        });
        Ok(())
    }

    /// Every exercise matching the filters, page `page` of them.
    pub(super) fn find(
        &self,
        s: &Searcher,
        filters: &Filters,
        page: usize,
    ) -> Result<Answer, IndexError> {
        let list = ListPage {
            list: self.lists.reference(ListSpec::Find(filters.clone())),
            page,
        };
        // The pages up to this one and the menu after its first: nothing past them is read.
        let wanted = page * PAGE_SIZE + compose::MENU_CHOICES;
        let (hits, total) = s.find_counted(filters, wanted)?;
        if !hits.is_empty() || filters.is_empty() {
            return Ok(compose::find_answer(
                filters,
                (&hits, total),
                &[],
                &self.links(),
                Some(&list),
            ));
        }
        // Nothing matches everything: drop the narrowest filters one at a time and say so.
        let mut relaxed = filters.clone();
        let mut dropped = Vec::new();
        type Relax = fn(&mut Filters);
        let steps: [(&str, Relax); 3] = [
            ("difficulty", |f| f.difficulty = None),
            ("category", |f| f.category = None),
            ("equipment", |f| f.equipment = None),
        ];
        for (name, drop) in steps {
            let before = relaxed.clone();
            drop(&mut relaxed);
            if before == relaxed {
                continue;
            }
            dropped.push(name);
            let (hits, total) = s.find_counted(&relaxed, wanted)?;
            if !hits.is_empty() {
                return Ok(compose::find_answer(
                    filters,
                    (&hits, total),
                    &dropped,
                    &self.links(),
                    Some(&list),
                ));
            }
        }
        Ok(compose::find_answer(
            filters,
            (&[], 0),
            &[],
            &self.links(),
            None,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(n: usize) -> ListSpec {
        ListSpec::Find(Filters {
            muscle: Some(format!("{n} {}", "m".repeat(100))),
            ..Filters::default()
        })
    }

    #[test]
    fn short_specs_inline_long_ones_keyed_and_bounded() {
        let store = ListStore::default();
        let short = ListSpec::Find(Filters {
            muscle: Some("Calves".into()),
            ..Filters::default()
        });
        assert_eq!(store.reference(short.clone()), ListRef::Inline(short));
        let key = store.reference(long(0));
        assert!(matches!(key, ListRef::Stored(_)));
        assert_eq!(store.reference(long(0)), key, "one key a spec");
        assert_eq!(store.resolve(&key), Some(long(0)));
        assert_eq!(store.resolve(&ListRef::Stored(7)), None);
        for n in 1..(LIST_STORE_MAX_ENTRIES + 10) {
            store.reference(long(n));
        }
        assert!(store.entries.lock().unwrap().len() <= LIST_STORE_MAX_ENTRIES);
        assert_eq!(store.resolve(&key), None, "the oldest went first");
    }
}
