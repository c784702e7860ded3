//! The corpus's part in reading a question: values its pages use that no vocabulary spelling
//! covers, named by their own words, and whether a list question's other words name any
//! exercise. Runs between `understand` (which knows no corpus) and `resolve`. Asks the
//! searcher; decides nothing about the answer.

use crate::domain::understand::{self, Query};
use crate::domain::vocabulary::Kind;
use crate::search::Searcher;

/// What the corpus adds to understanding a question: values it uses that no vocabulary
/// spelling covers, named by their own words ("sandbag exercises" on a corpus with
/// `Equipment: Sandbag`), and, in a list question with filters, words no exercise's name
/// has are filler ("tricep exercises for advanced lifters"). Only in a list question or one
/// naming other values: counting the values reads every profile, which a cold call about
/// one exercise should not pay for.
pub(super) fn read_with_corpus(s: &Searcher, q: &mut Query) {
    if !q.free.is_empty() && (q.listing || !q.filters.is_empty()) {
        for named in s.values().named_in(&q.free) {
            let slot = q.filters.slot(named.kind);
            if slot.is_none() {
                *slot = Some(named.value);
                q.free.retain(|w| !named.words.contains(w));
            }
        }
        // A corpus value that says more than the vocabulary's word inside it ("nerve
        // mobility" beside Mobility) is the one meant.
        for named in s.values().named_in(&q.keywords) {
            let slot = q.filters.slot(named.kind);
            let inside = slot.as_deref().is_some_and(|v| {
                let v = v.to_lowercase();
                named.words.len() > 1 && named.words.contains(&v)
            });
            if inside && named.words.iter().any(|w| q.free.contains(w)) {
                *slot = Some(named.value);
                q.free.retain(|w| !named.words.contains(w));
            }
        }
        q.generic = q.free.is_empty();
    }
    if q.listing && !q.filters.is_empty() {
        in_corpus_values(s, q);
    }
    if !q.generic && !q.filters.is_empty() && q.listing {
        let free: Vec<&str> = q.free.iter().map(String::as_str).collect();
        q.generic = s.name_words_among(&free).iter().all(|known| !known);
    }
}

/// A filter the vocabulary read ("shoulder" → Shoulders) that the corpus never uses, replaced
/// by the corpus's own value its words name (`Shoulders & T-spine`), so the list finds the
/// pages that say it their way.
fn in_corpus_values(s: &Searcher, q: &mut Query) {
    for kind in [
        Kind::BodyPart,
        Kind::Equipment,
        Kind::Muscle,
        Kind::Category,
    ] {
        let Some(value) = q.filters.slot(kind).clone() else {
            continue;
        };
        if s.values().find(kind, &value).is_some() {
            continue;
        }
        let words: Vec<String> = understand::normalise(&value)
            .split_whitespace()
            .map(String::from)
            .collect();
        if let Some(named) = s
            .values()
            .named_in(&words)
            .into_iter()
            .find(|n| n.kind == kind)
        {
            *q.filters.slot(kind) = Some(named.value);
        }
    }
}
