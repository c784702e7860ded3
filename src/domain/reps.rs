//! Rep ranges as data: finds "15-20 reps", "8 to 12 reps per leg", "hold 20-30 seconds" and
//! "3 sets of 10" in a page's text. Knows nothing of where the text came from.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// A rep range a page states, kept as the words it used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepRange {
    /// The phrase as written, trimmed (`15-20 reps`, `3 sets of 10`, `hold 20-30 seconds`).
    pub text: String,
    /// The sentence it was found in, for quoting.
    pub sentence: String,
}

/// Numbers, ranges and units; one regex so the earliest phrase in a sentence wins.
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let num = r"\d{1,3}";
    let range = format!(r"{num}(?:\s*(?:-|–|—|to)\s*{num})?");
    let unit = r"(?:reps?|repetitions?|seconds?|secs?|minutes?|mins?|breaths?|steps?|yards?|meters?|metres?|swings?|jumps?|contacts?|reach(?:es)?|rounds?|passes|rolls?|circles?|throws?|slams?|kicks?|strokes?|rotations?|sprints?|intervals?|trips?|s\b)";
    let per = r"(?:\s+(?:per|each|on each|a)\s+(?:leg|side|arm|hand|direction|way|set|round))?";
    let pattern = format!(
        r"(?i)\b(?:(?:hold(?:ing)?|holds? of)\s+(?:it\s+|each\s+\w+\s+)?(?:for\s+)?{range}\s*{unit}{per}|{range}\s+sets?\s+of\s+{range}(?:\s*{unit})?{per}|{range}\s*{unit}{per})"
    );
    Regex::new(&pattern).expect("rep range pattern is valid")
});

static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?](?:\s|$)").expect("sentence pattern is valid"));

/// Every rep range in `text`, in order, each with its sentence.
pub fn find_ranges(text: &str) -> Vec<RepRange> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut sentences = Vec::new();
    for m in SENTENCE_END.find_iter(text) {
        sentences.push(&text[start..m.start() + 1]);
        start = m.end();
    }
    if start < text.len() {
        sentences.push(&text[start..]);
    }
    for sentence in sentences {
        let sentence = sentence.trim();
        for m in RANGE.find_iter(sentence) {
            let phrase = m.as_str().trim();
            // A bare "3 steps" or "2 minutes" alone is not a prescription; a range or a
            // rep/hold/set count is.
            let lower = phrase.to_lowercase();
            let is_prescription = lower.contains("rep")
                || lower.contains("set")
                || lower.starts_with("hold")
                || phrase.contains(['-', '–', '—'])
                || lower.contains(" to ");
            // "3 steps" is an instruction count; "2 sets of 10-12 steps per leg" is a dose.
            let counts_steps = lower.contains("step")
                && !lower.contains("set")
                && !lower.contains("per")
                && !lower.contains("each");
            if is_prescription && !counts_steps {
                out.push(RepRange {
                    text: phrase.to_string(),
                    sentence: sentence.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        find_ranges(s).into_iter().map(|r| r.text).collect()
    }

    #[test]
    fn finds_the_forms_pages_use() {
        assert_eq!(texts("Do 15-20 reps slowly."), vec!["15-20 reps"]);
        assert_eq!(
            texts("Aim for 8 to 12 reps per leg."),
            vec!["8 to 12 reps per leg"]
        );
        assert_eq!(
            texts("Hold 20-30 seconds, twice."),
            vec!["Hold 20-30 seconds"]
        );
        assert_eq!(texts("Try 3 sets of 10."), vec!["3 sets of 10"]);
        assert_eq!(
            texts("Do 3-4 sets of 8-12 reps."),
            vec!["3-4 sets of 8-12 reps"]
        );
    }

    #[test]
    fn keeps_the_sentence_for_quoting() {
        let found = find_ranges("Warm up first. Then do 15-20 reps. Rest.");
        assert_eq!(found[0].sentence, "Then do 15-20 reps.");
    }

    #[test]
    fn ignores_numbers_that_are_not_prescriptions() {
        assert!(texts("Keep your knees at 90 degrees for 2 steps").is_empty());
        assert!(texts("There are 6 steps.").is_empty());
    }
}
