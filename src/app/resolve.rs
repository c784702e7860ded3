//! The decisions over what a search found, as plain functions: what the corpus adds to
//! reading a question, whether the best hit is the exercise meant, which whole name a
//! question writes out, and the close hits offered in a menu. Thresholds from `Ranking`.

use crate::domain::answer::Choice;
use crate::domain::ranking::RANKING;
use crate::domain::understand::Query;
use crate::search::{NameHit, Searcher};

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
    if !q.generic && !q.filters.is_empty() && q.listing {
        let free: Vec<&str> = q.free.iter().map(String::as_str).collect();
        q.generic = s.name_words_among(&free).iter().all(|known| !known);
    }
}

/// The hit a question names, if it names one: the whole name or an alias typed; or, for a
/// subject with words of its own, at least half of them found; a generic subject
/// (`stretch`, `jump rope`) counts only when it is a whole name.
pub(super) fn resolved<'a>(hits: &'a [NameHit], q: &Query) -> Option<&'a NameHit> {
    let best = hits.first()?;
    let c = &best.coverage;
    let r = &RANKING;
    let ok = if q.generic {
        // Every typed word found and most of the name typed: `ab wheel` → Ab Wheel Rollout,
        // while `stretch` alone is not Hip Flexor Stretch.
        c.exact || (c.query >= r.generic_min_query && c.name >= r.generic_min_name)
    } else {
        c.exact || c.query >= r.name_min_query
    };
    ok.then_some(best)
}

/// An exercise whose whole name the question mentions ("is the muscle up too hard"), even
/// when its words were taken for filler or vocabulary; the longest such name wins over a
/// partial match of the subject, unless that match accounts for more of the subject's typed
/// words ("chin tuck head lift" is Supine Chin Tuck with Head Lift, not the Chin Tuck inside
/// it). `word_hits` are the hits for all the question's words; `subject_words` how many
/// words the subject has.
pub(super) fn complete_name(
    word_hits: &[NameHit],
    subject_hits: &[NameHit],
    subject_words: usize,
) -> Option<NameHit> {
    // Two words at least: a one-word alias (`squat`, `row`) inside a longer question is
    // more often a topic than a name.
    let complete = word_hits
        .iter()
        .filter(|h| h.coverage.name >= 0.99 && h.coverage.name_words >= 2)
        .max_by(|a, b| {
            a.coverage
                .name_words
                .cmp(&b.coverage.name_words)
                .then(b.id.cmp(&a.id))
        })?;
    let better = match subject_hits.first() {
        None => true,
        Some(b) if b.id == complete.id => true,
        Some(b) => {
            // Typed words the subject's hit found (as typed, singular, or by a typo).
            let explained = (b.coverage.query * subject_words as f32).round() as usize;
            (b.coverage.name < 0.99 && explained <= complete.coverage.name_words)
                || (b.coverage.recut && !complete.coverage.recut)
                || complete.coverage.name_words > b.coverage.name_words
        }
    };
    better.then(|| complete.clone())
}

/// Other hits as close as the best: offered in a menu.
pub(super) fn alternatives(hits: &[NameHit]) -> Vec<Choice> {
    let Some(best) = hits.first() else {
        return Vec::new();
    };
    if best.coverage.exact {
        return Vec::new();
    }
    let close: Vec<&NameHit> = hits
        .iter()
        .skip(1)
        .filter(|h| best.score - h.score <= RANKING.ambiguous_within)
        .collect();
    if close.is_empty() {
        return Vec::new();
    }
    std::iter::once(best).chain(close).map(choice).collect()
}

pub(super) fn choice(h: &NameHit) -> Choice {
    Choice {
        label: h.name.clone(),
        value: h.id.to_string(),
        description: None,
    }
}
