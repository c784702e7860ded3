//! `Ranking`: the thresholds that decide what a question is answered with, in one named
//! place, each with the reason for its value. The resolve stage (`app`), the own-FAQ match
//! (`page_faq`) and the quality tests read them here; nothing else holds a bare threshold.

/// What counts as a match, and when one answer wins over another.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// A name within this much of the best one counts as ambiguous and is offered in a menu
    /// (one coverage step is 0.15: a word found singular instead of as typed is 0.05 × 3).
    pub ambiguous_within: f32,
    /// Share of a subject's typed words a name must cover to be the answer: half, so one
    /// unknown word beside a known one (`hip rot`) still resolves.
    pub name_min_query: f32,
    /// A generic subject (only vocabulary and topic words: `stretch`, `jump rope`) names an
    /// exercise only with every word found and most of the name typed.
    pub generic_min_query: f32,
    /// See `generic_min_query`.
    pub generic_min_name: f32,
    /// A name counts as written out whole when this share of its words was typed (all of
    /// them, less float rounding)…
    pub whole_name_min: f32,
    /// …and it has at least this many words: a one-word alias (`squat`, `row`) inside a
    /// longer question is more often a topic than a name.
    pub whole_name_min_words: usize,
    /// A command (`/exercise`, `/related`) takes every typed word as the name when a name
    /// covers at least this share of them; below it, the words a question would keep.
    pub command_whole_min_query: f32,
    /// A bare "A or B" compares only when each side typed at least this share of its
    /// exercise's name: half, so "bench or squat" compares and "jump back down or step
    /// down" (a quarter of Box Step-Ups) is a question about one exercise.
    pub loose_compare_min_name: f32,
    /// Words (besides the exercise's name) a question must share with one of the
    /// exercise's own FAQ questions to be answered with that entry: two, since one shared
    /// word ("why", "safe") is a topic, not the question (unless it is all either side has:
    /// "do I need a spotter for the bench press").
    pub own_faq_min_shared: usize,
    /// …and the share of the entry's words they must be: half, so a question and an entry
    /// that agree on "safe lower back" but differ in "hurts"/"pain" still meet, and a
    /// chatty question ("should my elbows flare out when doing pushups") still finds its
    /// entry.
    pub own_faq_min_share: f32,
    /// A general FAQ question sharing this many of the question's words is what was asked:
    /// it beats a list.
    pub faq_strong_shared: usize,
    /// …or sharing all of the question's words, when there are at least this many.
    pub faq_strong_all: usize,
    /// Shortest word that alone can hint at an exercise inside a longer question: shorter
    /// ones are fragments of compounds (`up` of Pull-Up in "my bench hasn't gone up").
    pub name_word_min_chars: usize,
    /// When nothing resolves, a name found with up to two typos per word of six letters or
    /// more answers outright if it covers every typed word (a typo scores 0.7, so 0.69 means
    /// "each word found, by a typo at worst")…
    pub loose_min_query: f32,
    /// …and at least half of its own words were typed.
    pub loose_min_name: f32,
}

/// The ranking in use; measured with the three quality sets (QUALITY.md).
pub const RANKING: Ranking = Ranking {
    ambiguous_within: 0.1,
    name_min_query: 0.5,
    generic_min_query: 0.99,
    generic_min_name: 0.6,
    whole_name_min: 0.99,
    whole_name_min_words: 2,
    command_whole_min_query: 0.99,
    loose_compare_min_name: 0.5,
    own_faq_min_shared: 2,
    own_faq_min_share: 0.5,
    faq_strong_shared: 3,
    faq_strong_all: 2,
    name_word_min_chars: 3,
    loose_min_query: 0.69,
    loose_min_name: 0.5,
};
