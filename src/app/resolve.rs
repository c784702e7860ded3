//! What to answer, decided from what the searches found: pure functions from a question's
//! reading, the hits and a `Ranking` to a plan (`Named`, `Topic`) that `answer` carries out.
//! Whether the best hit is the exercise meant, which whole name a question writes out, what
//! answers a question no name answers, and the close hits offered in a menu. No searcher
//! here: every input is a value, so each decision is tested and swept on its own.

use crate::domain::answer::Choice;
use crate::domain::page::{Exercise, FaqEntry};
use crate::domain::page_faq;
use crate::domain::ranking::Ranking;
use crate::domain::understand::{self, Intent, Query};
use crate::search::{FaqMatch, Lookup, NameHit};

/// How a question names its exercise.
#[derive(Debug)]
pub(super) enum Named<'a> {
    /// Its whole name written out among the question's words: the intent comes from the
    /// words around it ("muscle ups" is a name, not a muscles question).
    Whole(NameHit),
    /// The name its subject's words resolve to.
    Subject(&'a NameHit),
}

/// The exercise a question names, if any: a whole name written out in it (unless it asks for
/// a list of generic things), else the name its subject resolves to.
pub(super) fn named<'a>(q: &Query, found: &'a Lookup, r: &Ranking) -> Option<Named<'a>> {
    let whole = if q.generic && q.listing {
        None
    } else {
        complete_name(
            &found.words,
            &found.subject,
            q.subject.split_whitespace().count(),
            r,
        )
    };
    match whole {
        Some(hit) => Some(Named::Whole(hit)),
        None => resolved(&found.subject, q, r).map(Named::Subject),
    }
}

/// What a question no name answers found besides names.
pub(super) struct TopicFound<'a> {
    /// General FAQ entries sharing its words, best first.
    pub general: &'a [FaqMatch],
    /// The exercise its index-known name words name, when they are fewer than its subject.
    pub hinted: Option<&'a Exercise>,
    /// The exercise the conversation was about.
    pub context: Option<&'a Exercise>,
}

/// The answer to a question no name answers.
#[derive(Debug, PartialEq)]
pub(super) enum Topic<'a> {
    /// An entry of the hinted exercise's own FAQ.
    OwnFaq(&'a Exercise, &'a FaqEntry),
    /// The hinted exercise, asked something ("instead of squats, my knees hurt").
    About(&'a Exercise),
    /// A list for the question's filters.
    Find,
    /// A general FAQ entry.
    General(&'a FaqMatch),
    /// An exercise's card for the question's intent (the context's, or the hinted one).
    Card(&'a Exercise),
    /// Nothing: a loose name match, or "did you mean".
    NotFound,
}

/// Decides what answers a question no name answers: the hinted exercise's own FAQ entry or
/// card when the question asks it something; for a generic question, a list before a weak
/// FAQ answer, then the FAQ, then the exercise asked about last, then the list; else the
/// FAQ; then the hinted exercise; else nothing.
pub(super) fn topic<'a>(q: &Query, question: &str, f: TopicFound<'a>, r: &Ranking) -> Topic<'a> {
    if let Some(ex) = f.hinted {
        if let Some(entry) = page_faq::asked_entry(ex, question, q.explicit, r) {
            return Topic::OwnFaq(ex, entry);
        }
        // Asking something of it is about it, not a general question.
        if q.explicit && q.intent != Intent::Overview {
            return Topic::About(ex);
        }
    }
    let general = f.general.first().filter(|m| m.matched > 0);
    if q.generic {
        // A FAQ question sharing three words (or all of two) beats a list.
        let strong = general.is_some_and(|m| {
            m.matched >= r.faq_strong_shared
                || (m.matched >= r.faq_strong_all && m.matched >= q.keywords.len())
        });
        let list_first = !q.filters.is_empty() && (q.listing || !understand::is_question(question));
        if list_first && !strong {
            return Topic::Find;
        }
        if let Some(m) = general {
            return Topic::General(m);
        }
        if let (Some(ex), true) = (f.context, q.explicit) {
            return Topic::Card(ex);
        }
        if !q.filters.is_empty() {
            return Topic::Find;
        }
    } else if let Some(m) = general {
        // A question about no exercise we know can still be a general one ("should I train
        // when sore?").
        return Topic::General(m);
    }
    f.hinted.map_or(Topic::NotFound, Topic::Card)
}

/// The hit a question names, if it names one: the whole name or an alias typed; or, for a
/// subject with words of its own, at least half of them found; a generic subject
/// (`stretch`, `jump rope`) counts only when it is a whole name, and only when the whole
/// name is written out if the question asks for a list.
pub(super) fn resolved<'a>(hits: &'a [NameHit], q: &Query, r: &Ranking) -> Option<&'a NameHit> {
    let best = hits.first()?;
    let c = &best.coverage;
    let ok = if q.generic && q.listing {
        // A list of generic things asked for (`lower back exercises`) is a list, unless a
        // whole name was written out (`breathing exercises like box breathing`): a name
        // that only contains the typed words (Lower Back Curl) is one exercise of that
        // list, not the answer.
        c.exact || (c.query >= r.generic_min_query && c.name >= r.whole_name_min)
    } else if q.generic {
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
fn complete_name(
    word_hits: &[NameHit],
    subject_hits: &[NameHit],
    subject_words: usize,
    r: &Ranking,
) -> Option<NameHit> {
    let complete = word_hits
        .iter()
        .filter(|h| {
            h.coverage.name >= r.whole_name_min && h.coverage.name_words >= r.whole_name_min_words
        })
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
            (b.coverage.name < r.whole_name_min && explained <= complete.coverage.name_words)
                || (b.coverage.recut && !complete.coverage.recut)
                || complete.coverage.name_words > b.coverage.name_words
        }
    };
    better.then(|| complete.clone())
}

/// Other hits as close as the best: offered in a menu.
pub(super) fn alternatives(hits: &[NameHit], r: &Ranking) -> Vec<Choice> {
    let Some(best) = hits.first() else {
        return Vec::new();
    };
    if best.coverage.exact {
        return Vec::new();
    }
    let close: Vec<&NameHit> = hits
        .iter()
        .skip(1)
        .filter(|h| best.score - h.score <= r.ambiguous_within)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::page::FaqEntry;
    use crate::domain::ranking::RANKING;

    fn nothing<'a>(general: &'a [FaqMatch]) -> TopicFound<'a> {
        TopicFound {
            general,
            hinted: None,
            context: None,
        }
    }

    #[test]
    fn a_list_question_is_a_list_unless_a_faq_entry_matches_strongly() {
        let q = understand::understand("beginner glute exercises with a band");
        let weak = [FaqMatch::unread("Do glutes need bands?", 1)];
        let asked = "beginner glute exercises with a band";
        assert_eq!(topic(&q, asked, nothing(&weak), &RANKING), Topic::Find);
        let strong = [FaqMatch::unread("Beginner glute exercises with a band?", 4)];
        assert!(matches!(
            topic(&q, asked, nothing(&strong), &RANKING),
            Topic::General(_)
        ));
    }

    #[test]
    fn the_hinted_exercise_answers_its_own_faq_entry() {
        let ex = Exercise {
            name: "Situp".into(),
            faq: vec![FaqEntry {
                question: "Is it safe to do situps with lower back pain?".into(),
                answer: "Go gently.".into(),
                line: 1,
            }],
            ..Exercise::default()
        };
        let question = "is it safe to do situps if my lower back hurts";
        let q = understand::understand(question);
        let found = TopicFound {
            general: &[],
            hinted: Some(&ex),
            context: None,
        };
        assert!(matches!(
            topic(&q, question, found, &RANKING),
            Topic::OwnFaq(_, _)
        ));
    }

    #[test]
    fn nothing_found_is_not_found() {
        let q = understand::understand("zzzz qqqq");
        assert_eq!(
            topic(&q, "zzzz qqqq", nothing(&[]), &RANKING),
            Topic::NotFound
        );
    }
}
