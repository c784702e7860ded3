//! Answers read off an exercise's own FAQ: which of its entries a question asks ("is it safe
//! to do situps if my lower back hurts" → "Is it safe to do Situps with lower back pain?"),
//! and the yes or no a beginner answer states. Pure: words in, entry out; knows no index.

use super::page::{Exercise, FaqEntry};
use super::parse::is_reps_question;
use super::ranking::RANKING;
use super::understand;

/// What a page's answer to "is it good for beginners?" says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It opens with yes.
    Yes,
    /// It opens with no (`No,`, `No.`, `Not …`).
    No,
}

/// The yes or no an answer opens with, if it opens with one. "No equipment needed" is not
/// a no: the word must end its statement.
pub fn verdict(answer: &str) -> Option<Verdict> {
    let text = answer.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(at, _)| at);
    let first = text[..end].to_lowercase();
    let after = text[end..].trim_start().chars().next();
    let ends = after.is_none_or(|c| matches!(c, ',' | '.' | '!' | ';' | ':' | '—' | '–' | '-'));
    match first.as_str() {
        "yes" => Some(Verdict::Yes),
        "no" if ends => Some(Verdict::No),
        "not" => Some(Verdict::No),
        _ => None,
    }
}

/// The page's answer to whether a beginner can do it.
pub fn beginner_entry(ex: &Exercise) -> Option<&FaqEntry> {
    ex.faq
        .iter()
        .find(|f| f.question.to_lowercase().contains("beginner"))
}

/// Whether an entry is one the exercise card's own intents answer (reps, muscles, beginner):
/// those questions get their intent's card, which quotes the entry.
fn answered_by_intent(entry: &FaqEntry) -> bool {
    let q = entry.question.to_lowercase();
    is_reps_question(&q) || q.contains("muscle") || q.contains("beginner")
}

/// Content words of a text, without the exercise's own name words, singulars folded.
fn words_of(text: &str, name: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in understand::keywords(&understand::normalise(text)) {
        let w = fold(&w);
        if !name.contains(&w) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// A plural folded to its singular, enough to compare question words (`hurts` = `hurt`).
fn fold(word: &str) -> String {
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !word.ends_with("ss") => stem.to_string(),
        _ => word.to_string(),
    }
}

/// The entry of the exercise's own FAQ that the question asks, when one shares enough of its
/// words (the exercise's name aside) with it; the best such entry.
pub fn asked_entry<'a>(ex: &'a Exercise, question: &str) -> Option<&'a FaqEntry> {
    let name: Vec<String> = understand::normalise(&ex.name)
        .split_whitespace()
        .map(fold)
        .collect();
    let asked = words_of(question, &name);
    if asked.is_empty() {
        return None;
    }
    let r = &RANKING;
    ex.faq
        .iter()
        .filter(|e| !answered_by_intent(e))
        .filter_map(|e| {
            let entry = words_of(&e.question, &name);
            let shared = asked.iter().filter(|w| entry.contains(w)).count();
            let share = shared as f32 / entry.len().max(1) as f32;
            let needed = r.own_faq_min_shared.min(asked.len().max(entry.len()));
            (shared >= needed && share >= r.own_faq_min_share).then_some((shared, share, e))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(question: &str) -> FaqEntry {
        FaqEntry {
            question: question.into(),
            answer: "…".into(),
            line: 1,
        }
    }

    #[test]
    fn verdicts_are_the_opening_word() {
        assert_eq!(verdict("Yes, it is."), Some(Verdict::Yes));
        assert_eq!(verdict("No. Build up first."), Some(Verdict::No));
        assert_eq!(verdict("Not as a first exercise."), Some(Verdict::No));
        assert_eq!(verdict("No equipment is needed."), None);
        assert_eq!(verdict("It suits people with some training."), None);
    }

    #[test]
    fn a_question_finds_the_entry_it_asks() {
        let ex = Exercise {
            name: "Situps".into(),
            faq: vec![
                entry("How many reps should you do?"),
                entry("Is it safe to do Situps with lower back pain?"),
                entry("Should your feet be anchored?"),
            ],
            ..Exercise::default()
        };
        let found = asked_entry(&ex, "is it safe to do situps if my lower back hurts");
        assert_eq!(
            found.map(|e| e.question.as_str()),
            Some(ex.faq[1].question.as_str())
        );
        assert_eq!(asked_entry(&ex, "how many reps of situps"), None);
        assert_eq!(asked_entry(&ex, "situps"), None);
    }
}
