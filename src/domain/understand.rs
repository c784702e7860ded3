//! Question text → `Query { intent, subject, filters }` with a table of regexes. Pure: it
//! does not know which exercises exist; the caller decides whether the subject names one.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::query::Filters;
pub use super::query::{Intent, Query};
use super::vocabulary;

/// Longest question kept; the rest is ignored (a 100 KB paste is not a question).
pub const QUESTION_MAX_CHARS: usize = 500;

/// Comparison patterns in priority order, each capturing the two sides.
const COMPARE_PATTERNS: [&str; 6] = [
    r"(?:difference between|differences between|compare|comparing)\s+(.+?)\s+(?:and|vs\.?|versus|with|to)\s+(.+)",
    r"(.+?)\s+(?:vs\.?|versus|compared to|compared with)\s+(.+)",
    // "is leg press better then hack squat": the spelling members type counts too.
    r"(.+?)\s+(?:better|worse|harder|easier)\s+th[ae]n\s+(.+)",
    r"(?:should i do|is it better to do|which is better[,:]?|better:?)\s+(.+?)\s+or\s+(.+)",
    r"(.+?)\s+or\s+(.+?)[\s,]+which\b.*",
    // Any "A or B": kept only when both sides name exercises (the caller checks).
    r"(.+?)\s+or\s+(.+)",
];

/// The comparison patterns, and all of them as one set: most questions compare nothing,
/// and the set says so in one pass over the text.
static COMPARE: LazyLock<(RegexSet, Vec<Regex>)> = LazyLock::new(|| {
    (
        RegexSet::new(COMPARE_PATTERNS).expect("comparison patterns are valid"),
        COMPARE_PATTERNS
            .iter()
            .map(|p| Regex::new(p).expect("comparison pattern is valid"))
            .collect(),
    )
});

/// The intents' patterns as one set, in priority order: the first that matches wins.
static INTENTS: LazyLock<(Vec<Intent>, RegexSet)> = LazyLock::new(|| {
    let table: &[(Intent, &str)] = &[
        (
            Intent::Related,
            r"\b(alternatives?|alternativ\w*|instead|something like|substitutes?|substitute for|subs? (?:for|out|in)|replacements?|replace|swap|similar|(?:exercises?|moves?|stretch(?:es)?|poses?|drills?) like|like the|related|what else|other exercises|variations?)\b",
        ),
        (
            Intent::Mistakes,
            r"\b(mistakes?|errors?|wrong|what not to do|avoid|bad form)\b",
        ),
        (
            Intent::Tips,
            r"\b(tips?|cues?|advice|pointers|tricks?|get better at)\b",
        ),
        (
            Intent::HowTo,
            r"\b(how (?:do|should|can|would|to) (?:i |you |we |one )?(?:properly |correctly |safely )?(?:do|perform|execute|doing)|how to|proper form|correct form|good form|form (?:for|on|of)|technique|instructions?|steps|walk me through|teach me|show me how|how is .* done|how (?:do|should|can) (?:i|you) use|how (?:do|should|can) (?:i|you) set (?:up|\w+ up)|set (?:up|myself up) for)\b",
        ),
        (
            Intent::Reps,
            r"\b(how many|reps?|sets? and reps|rep range|repetitions|how long|how far|hold (?:it )?for how long|volume)\b",
        ),
        (
            Intent::Beginner,
            r"\b(beginners?|beg+in+ers?|novices?|newbies?|new to|first time|just (?:starting|started)|starting out|easy enough|too hard for|too (?:hard|advanced|difficult) for me|suitable for|safe for|never (?:worked out|trained|lifted|exercised|done (?:\w+ )?before|tried (?:it|this|\w+) before)|out of shape|first timers?)\b",
        ),
        (
            Intent::Muscles,
            r"\b(muscles?|muscle groups?|muscels?|body parts?|part of the body|what (?:does|do)\b.*\b(?:work|target|hit|train|build|strengthen|stretch)|does\b.*\b(?:work|target|hit|train|build|strengthen)|(?:works?|targets?|hits?|trains?) what|what (?:am i|are we|is it|are you) (?:working|hitting|training|targeting|stretching)|where (?:should|do|will|would) (?:i|you) feel)\b",
        ),
    ];
    (
        table.iter().map(|(i, _)| *i).collect(),
        RegexSet::new(table.iter().map(|(_, p)| p)).expect("intent patterns are valid"),
    )
});

/// Which of an exercise card's intents a heading of a page's own FAQ asks ("New to lifting —
/// can I do this?" is the beginner question, "What does this hit?" the muscles one): read
/// with the same patterns as a member's question, so a page may word its headings any way a
/// member would.
pub fn faq_intent(heading: &str) -> Option<Intent> {
    intent_of(&normalise(heading))
}

/// The first intent whose pattern matches normalised text.
fn intent_of(norm: &str) -> Option<Intent> {
    let (intents, set) = &*INTENTS;
    set.matches(norm).iter().next().map(|at| intents[at])
}

/// The word lists of `words.toml`, as sets for membership tests on every word of a
/// question.
#[derive(Deserialize)]
struct Words {
    /// Filler dropped from every subject.
    stop: HashSet<String>,
    /// Words that name a goal or a topic, not an exercise.
    topic: HashSet<String>,
    /// Words that carry no meaning in a general question or an FAQ heading.
    faq_stop: HashSet<String>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    toml::from_str(include_str!("words.toml")).expect("words.toml is valid (a test reads it)")
});

/// Normalises a question: lower case, mentions and custom emoji removed, punctuation to spaces
/// (apostrophes dropped so `farmer's` reads `farmers`), cut to `QUESTION_MAX_CHARS`.
pub fn normalise(text: &str) -> String {
    static MENTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<[@#:a-z!&]*[^>]*>").expect("mention pattern is valid"));
    let cut = match text.char_indices().nth(QUESTION_MAX_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let unmentioned;
    let text = if cut.contains('<') {
        unmentioned = MENTION.replace_all(cut, " ");
        &*unmentioned
    } else {
        cut
    };
    // Runs of anything but letters and digits become one space; none at either end.
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            gap = true;
        }
    }
    out
}

/// The words that name an exercise, as one span: filler dropped, but a connecting word
/// between two content words kept (`behind the back`, `leg press on machine`), because
/// `with`, `and`, `on` are part of names (`Front Raises with Plates`).
fn subject_of(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let content = |i: usize| words.get(i).is_some_and(|w| !WORDS.stop.contains(*w));
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let joins = i > 0 && vocabulary::is_connector(w) && content(i - 1) && content(i + 1);
        if content(i) || joins {
            out.push(w);
        }
    }
    out.join(" ")
}

/// Filters named in `words` (lower case) through the one vocabulary, the first of each kind
/// winning, and which words they cover. Difficulty is not among them: its words are read
/// where the caller has them. `words` keep their filler, because a spelling may hold some
/// (`exercise ball`, `just bodyweight`); a mention made of filler alone names nothing.
pub fn filters_of(words: &[&str]) -> (Filters, Vec<bool>) {
    let mut f = Filters::default();
    let mut covered = vec![false; words.len()];
    for m in vocabulary::mentions(words) {
        let span = &words[m.start..m.start + m.len];
        if span.iter().all(|w| WORDS.stop.contains(*w)) {
            continue;
        }
        let slot = f.slot(m.kind);
        if slot.is_none() {
            *slot = Some(m.name.to_string());
        }
        covered[m.start..m.start + m.len].fill(true);
    }
    (f, covered)
}

/// Understands a question; "A vs B" and "A or B" become a comparison, which the caller
/// falls back from (with `understand_single`) when a side names no exercise.
pub fn understand(text: &str) -> Query {
    let norm = normalise(text);
    let (set, patterns) = &*COMPARE;
    for at in set.matches(&norm).iter() {
        if let Some(c) = patterns[at].captures(&norm) {
            let a = subject_of(&c[1]);
            let b = subject_of(&c[2]);
            if !a.is_empty() && !b.is_empty() {
                return Query {
                    intent: Intent::Compare,
                    // A bare "A or B" only may compare ("jump back down or step down" is a
                    // question about one exercise): the caller asks for two whole names.
                    explicit: at + 1 < COMPARE_PATTERNS.len(),
                    subject: a,
                    other: Some(b),
                    filters: Filters::default(),
                    generic: false,
                    free: Vec::new(),
                    listing: listing(&norm),
                    keywords: keywords(&norm),
                };
            }
        }
    }
    single(&norm)
}

/// Understands a question as being about at most one exercise.
pub fn understand_single(text: &str) -> Query {
    single(&normalise(text))
}

fn single(norm: &str) -> Query {
    let (intent, explicit) = match intent_of(norm) {
        Some(i) => (i, true),
        None => (Intent::Overview, false),
    };

    let word_refs: Vec<&str> = norm.split_whitespace().collect();
    let (mut filters, covered) = filters_of(&word_refs);
    // Difficulty words are filler for names, so they are read from the whole question.
    filters.difficulty = norm
        .split_whitespace()
        .find_map(vocabulary::difficulty_word);
    let free: Vec<String> = word_refs
        .iter()
        .zip(&covered)
        .filter(|(w, covered)| {
            !**covered
                && !WORDS.stop.contains(**w)
                && !WORDS.topic.contains(**w)
                && vocabulary::difficulty_word(w).is_none()
        })
        .map(|(w, _)| w.to_string())
        .collect();
    Query {
        intent,
        explicit,
        subject: subject_of(norm),
        other: None,
        filters,
        generic: free.is_empty(),
        free,
        listing: listing(norm),
        keywords: keywords(norm),
    }
}

/// Content words of a question for FAQ search.
pub fn keywords(norm: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in norm.split_whitespace() {
        if WORDS.faq_stop.contains(w) || out.iter().any(|o| o == w) {
            continue;
        }
        out.push(w.to_string());
    }
    out
}

/// The intent of a question once the exercise's name is taken out of it: the name
/// "Muscle-Up" must not make "muscle ups" a muscles question. The name is the longest run of
/// the question's words that are all words of the name, so a name word elsewhere stays
/// ("how to do knees to elbows" keeps its "how to"; "what muscles does the muscle up work"
/// its "muscles").
pub fn intent_without(question: &str, name: &str) -> Intent {
    let name_words: Vec<String> = normalise(name)
        .split_whitespace()
        .map(|w| w.trim_end_matches('s').to_string())
        .collect();
    let question = normalise(question);
    let words: Vec<&str> = question.split_whitespace().collect();
    let in_name = |w: &str| name_words.iter().any(|n| n == w.trim_end_matches('s'));
    let (mut best, mut run) = ((0, 0), 0);
    // A run longer than the name holds a word of the question too ("what does the cobra
    // stretch stretch"): the name is its first words.
    for (i, w) in words.iter().enumerate() {
        run = if in_name(w) { run + 1 } else { 0 };
        if run.min(name_words.len()) > best.1 {
            best = (i + 1 - run, run.min(name_words.len()));
        }
    }
    let rest: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| !(best.0..best.0 + best.1).contains(i))
        .map(|(_, w)| *w)
        .collect();
    intent_of(&rest.join(" ")).unwrap_or(Intent::Overview)
}

/// Whether a generic question asks for a list of exercises (`beginner glute exercises with a
/// band`, `what can I do with a kettlebell`) rather than general advice.
#[cfg(test)]
fn asks_for_list(text: &str) -> bool {
    listing(&normalise(text))
}

/// `asks_for_list` of normalised text.
fn listing(norm: &str) -> bool {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(exercises?|moves?|movements?|stretches|drills?|poses|skills|positions|flows|what can i do|(?:things?|stuff) (?:i can|to) do|options|ideas|list|show me|give me|recommend|suggest)\b")
            .expect("list pattern is valid")
    });
    // "How many reps for mobility exercises?" asks for advice, not a list.
    static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(how|why|when|should|is|are|does|do|can i|whats the|what is)\b")
            .expect("question pattern is valid")
    });
    LIST.is_match(norm) && !QUESTION.is_match(norm)
}

/// Whether the text is phrased as a question (then a general answer beats a list).
pub fn is_question(text: &str) -> bool {
    static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(how|why|when|what|which|should|is|are|does|do|can|will|would|could)\b|\?\s*$",
        )
        .expect("question pattern is valid")
    });
    QUESTION.is_match(text.trim()) || QUESTION.is_match(&normalise(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_read() {
        assert!(WORDS.stop.contains("the") && WORDS.topic.contains("strength"));
        assert!(WORDS.faq_stop.contains("my") && !WORDS.faq_stop.contains("reps"));
    }
    use crate::domain::page::Difficulty;
    use proptest::prelude::*;

    /// `normalise` by its definition, one step at a time.
    fn normalise_by_steps(text: &str) -> String {
        let mention = Regex::new(r"<[@#:a-z!&]*[^>]*>").expect("valid");
        let text: String = text.chars().take(QUESTION_MAX_CHARS).collect();
        let text = mention.replace_all(&text, " ");
        let mut out = String::new();
        for c in text.chars().filter(|c| *c != '\'' && *c != '’') {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else {
                out.push(' ');
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest! {
        #[test]
        fn normalise_is_its_definition(text in "(?s).{0,80}|[ a-zA-Z'’<@!>0-9.,İ]{0,600}") {
            prop_assert_eq!(normalise(&text), normalise_by_steps(&text));
        }
    }

    #[test]
    fn intents_from_the_design_table() {
        let cases = [
            (
                "what muscles does the plank work?",
                Intent::Muscles,
                "plank",
            ),
            ("what does the plank target", Intent::Muscles, "plank"),
            (
                "is the deadlift ok for beginners?",
                Intent::Beginner,
                "deadlift",
            ),
            ("how many reps of lunges?", Intent::Reps, "lunges"),
            (
                "what can I do instead of the leg press?",
                Intent::Related,
                "leg press",
            ),
            ("how do I do a goblet squat", Intent::HowTo, "goblet squat"),
            ("tips for the hip thrust", Intent::Tips, "hip thrust"),
            (
                "common mistakes in the bench press",
                Intent::Mistakes,
                "bench press",
            ),
            ("hip rotation", Intent::Overview, "hip rotation"),
        ];
        for (text, intent, subject) in cases {
            let q = understand(text);
            assert_eq!((q.intent, q.subject.as_str()), (intent, subject), "{text}");
        }
    }

    #[test]
    fn comparisons_have_two_subjects() {
        let q = understand("bench press vs dumbbell bench press");
        assert_eq!(q.intent, Intent::Compare);
        assert_eq!(q.subject, "bench press");
        assert_eq!(q.other.as_deref(), Some("dumbbell bench press"));
        let q = understand("what's the difference between a front squat and a back squat?");
        assert_eq!(
            (q.subject.as_str(), q.other.as_deref()),
            ("front squat", Some("back squat"))
        );
    }

    #[test]
    fn find_questions_are_generic_with_filters() {
        let q = understand("beginner glute exercises with a band");
        assert!(q.generic);
        assert_eq!(q.filters.difficulty, Some(Difficulty::Beginner));
        assert_eq!(q.filters.muscle.as_deref(), Some("Glutes"));
        assert_eq!(q.filters.equipment.as_deref(), Some("Resistance Band"));
        assert!(asks_for_list("beginner glute exercises with a band"));
    }

    #[test]
    fn a_spelling_may_hold_filler() {
        // `exercise` is filler, but `exercise ball` is a spelling of Stability Ball.
        let q = understand("lower back exercises with an exercise ball");
        assert!(q.generic && q.listing);
        assert_eq!(q.filters.muscle.as_deref(), Some("Lower Back"));
        assert_eq!(q.filters.equipment.as_deref(), Some("Stability Ball"));
        // Filler alone names nothing.
        assert_eq!(understand("what is it").filters, Filters::default());
    }

    #[test]
    fn general_questions_are_generic() {
        assert!(understand("how many reps should I do for strength?").generic);
        assert!(understand("how long should I rest between sets?").generic);
        assert!(!understand("how many reps of the glute bridge").generic);
    }

    #[test]
    fn shorthand_stays_as_typed_and_still_names_equipment() {
        let q = understand("db bench press");
        assert_eq!(q.subject, "db bench press");
        assert_eq!(q.filters.equipment.as_deref(), Some("Dumbbell"));
        assert_eq!(understand("rdl form").subject, "rdl");
    }

    #[test]
    fn hostile_text_is_just_words() {
        let q = understand("title:(foo AND * \" <@123> @everyone");
        assert_eq!(q.subject, "title foo and everyone");
    }
}
