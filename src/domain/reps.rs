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
    let num = r"\d{1,4}";
    let range = format!(r"{num}(?:\s*(?:-|–|—|to)\s*{num})?");
    let unit = r"(?:reps?|repetitions?|seconds?|secs?|minutes?|mins?|breaths?|steps?|yards?|meters?|metres?|swings?|jumps?|contacts?|reach(?:es)?|rounds?|passes|rolls?|circles?|throws?|slams?|kicks?|strokes?|rotations?|sprints?|intervals?|trips?|laps?|miles?|km|m|cals?|calories|s\b)\b";
    let per = r"(?:\s+(?:per|each|on each|a)\s+(?:leg|side|arm|hand|direction|way|set|round))?";
    let pattern = format!(
        r"(?i)\b(?:(?:hold(?:ing)?|holds? of)\s+(?:it\s+|each\s+\w+\s+)?(?:for\s+)?{range}\s*{unit}{per}|{range}\s+(?:sets?|rounds?)\s+of\s+{range}(?:\s*{unit})?{per}|{range}\s*{unit}{per})"
    );
    Regex::new(&pattern).expect("rep range pattern is valid")
});

/// A dose with no unit, or one in sets-by-reps form ("20-30", "5x5"): read only in a page's
/// own answer to "how many".
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,4}\s*(?:-|–|—|to)\s*\d{1,4}\b|\b\d{1,2}\s*[x×]\s*\d{1,3}\b")
        .expect("bare dose pattern is valid")
});

static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.!?](?:\s|$)").expect("sentence pattern is valid"));

/// The sentences of a text, trimmed.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(text) {
        out.push(text[start..m.start() + 1].trim());
        start = m.end();
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Every rep range in `text`, in order, each with its sentence.
pub fn find_ranges(text: &str) -> Vec<RepRange> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
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

/// Every dose in a page's own answer to "how many": the ranges `find_ranges` reads, or when
/// it reads none, bare ranges and sets-by-reps counts.
pub fn find_doses(text: &str) -> Vec<RepRange> {
    let ranges = find_ranges(text);
    if !ranges.is_empty() {
        return ranges;
    }
    sentences(text)
        .into_iter()
        .flat_map(|sentence| {
            BARE.find_iter(sentence).map(move |m| RepRange {
                text: m.as_str().trim().to_string(),
                sentence: sentence.to_string(),
            })
        })
        .collect()
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
    fn the_own_answer_to_how_many_reads_any_dose() {
        let doses = |s: &str| {
            find_doses(s)
                .into_iter()
                .map(|r| r.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            doses("As a finisher, 3 rounds of 20-30 with rests."),
            vec!["3 rounds of 20-30"]
        );
        assert_eq!(
            doses("Intervals of 250-500 m with equal rest."),
            vec!["250-500 m"]
        );
        assert_eq!(doses("Sprints of 10-15 cal."), vec!["10-15 cal"]);
        assert_eq!(doses("Classic 5x5 with long rests."), vec!["5x5"]);
        assert_eq!(doses("Work up to 20-30, then stop."), vec!["20-30"]);
        assert!(
            texts("Intervals of 20-30 with rests.").is_empty(),
            "no unit outside the answer"
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
