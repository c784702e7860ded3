//! Every number that decides an answer, in one place, each with the reason for its value:
//! `Ranking`, the thresholds that decide what a question is answered with (read by the
//! resolve stage in `app`, the own-FAQ match in `page_faq`, and swept by the quality tests),
//! and `Weights`, the search's boosts and scores (read by `search`). Nothing else holds a
//! bare threshold or weight.

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
    /// …unless the question has at most this many words besides the name and one of them is
    /// in this entry's heading and no other of the page ("i get dizzy doing box breathing" /
    /// "I feel dizzy — should I stop?"): a word only one heading has points at it.
    pub own_faq_distinctive_max_asked: usize,
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
    own_faq_distinctive_max_asked: 2,
    faq_strong_shared: 3,
    faq_strong_all: 2,
    name_word_min_chars: 3,
    loose_min_query: 0.69,
    loose_min_name: 0.5,
};

/// Weights of the name query. The candidate query only has to put the right exercise in the
/// top candidates; re-ranking orders them. Measured with the truth file (tests/quality).
#[derive(Clone, Debug, PartialEq)]
pub struct NameBoosts {
    /// A stemmed word of the name (BM25, so rare words count more).
    pub stem: f32,
    /// A synonym of a word (`butt` → `glute`).
    pub synonym: f32,
    /// A name word within the typo distance of a typed word.
    pub fuzzy: f32,
    /// A name word starting with the last typed word (autocomplete).
    pub prefix: f32,
    /// The whole name or alias typed exactly.
    pub exact: f32,
}

/// How well one typed word matches one name word in re-ranking: each way of matching below
/// the one above it, and a typo the lowest, so a name found as typed always wins.
#[derive(Clone, Debug, PartialEq)]
pub struct WordScores {
    /// The word as typed.
    pub as_typed: f32,
    /// Its singular (`lunges` for Lunge).
    pub singular: f32,
    /// A synonym from the vocabulary.
    pub synonym: f32,
    /// The start of a name word (the last word typed, or any in autocomplete).
    pub prefix: f32,
    /// Within the typo distance (the lowest: a typo never beats a found word).
    pub typo: f32,
}

/// How a name's coverage becomes its re-ranking score: an exact name first, then typed words
/// found, then name words covered (so `deadlift` prefers Barbell Deadlift to Single-Leg
/// Romanian Deadlift).
#[derive(Clone, Debug, PartialEq)]
pub struct CoverageWeights {
    /// The whole name or an alias typed: above any partial match.
    pub exact: f32,
    /// Per share of typed words found.
    pub query: f32,
    /// Per share of the name's words typed.
    pub name: f32,
}

/// Boosts of a find: the order of a list whose pages all meet the filters.
#[derive(Clone, Debug, PartialEq)]
pub struct FindBoosts {
    /// The muscle asked for as the page's target…
    pub target: f32,
    /// …ranks above it as a secondary muscle.
    pub secondary: f32,
    /// A body part's own muscles as target ("chest exercises": the chest as target before a
    /// chest-day exercise that mainly works the shoulders).
    pub own_muscle: f32,
    /// Every other filter (must match; small, so the muscle boosts order the list).
    pub facet: f32,
}

/// Weights of the general FAQ search.
#[derive(Clone, Debug, PartialEq)]
pub struct FaqBoosts {
    /// A word of the question.
    pub question: f32,
    /// A word of the page's title or keywords.
    pub title: f32,
    /// A word of the answer.
    pub answer: f32,
    /// Tantivy's own score beside the rare-word weights of re-ranking: a tie-breaker.
    pub engine: f32,
}

/// The search's weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// The candidate name query.
    pub name: NameBoosts,
    /// A typed word against a name word.
    pub word: WordScores,
    /// Coverage into a score.
    pub coverage: CoverageWeights,
    /// How much popularity (links into a page) moves a name: enough to break ties between
    /// equally covered names (`deadlift` → the most linked deadlift), never enough to beat a
    /// better-covered one (the smallest coverage step is 0.05 × 3 = 0.15, and ln(1 + 100) ×
    /// 0.02 ≈ 0.09).
    pub popularity: f32,
    /// A find's order.
    pub find: FindBoosts,
    /// The general FAQ search: the question says what an entry is about, the answer only
    /// mentions.
    pub faq: FaqBoosts,
}

/// The weights in use; measured with the quality sets (QUALITY.md).
pub const WEIGHTS: Weights = Weights {
    name: NameBoosts {
        stem: 1.0,
        synonym: 0.7,
        fuzzy: 0.8,
        prefix: 0.8,
        exact: 10.0,
    },
    word: WordScores {
        as_typed: 1.0,
        singular: 0.95,
        synonym: 0.85,
        prefix: 0.75,
        typo: 0.7,
    },
    coverage: CoverageWeights {
        exact: 10.0,
        query: 3.0,
        name: 1.5,
    },
    popularity: 0.02,
    find: FindBoosts {
        target: 2.0,
        secondary: 1.0,
        own_muscle: 1.5,
        facet: 0.5,
    },
    faq: FaqBoosts {
        question: 2.0,
        title: 1.2,
        answer: 0.5,
        engine: 0.05,
    },
};
