//! The exercises a text names anywhere (a message's "Find exercises in this message"): the
//! text cut into phrases, each phrase (else its shorter runs of words) resolved as
//! `/exercise` resolves a typed name (typos forgiven, a name covering every typed word
//! preferred) and kept when the name is mostly written out, in order of appearance. Only existing lookups and `Ranking` fields:
//! no threshold of its own. Knows the searcher; never Discord.

use crate::domain::page::Exercise;
use crate::domain::understand;
use crate::search::{IndexError, Searcher};

use super::App;

/// Words that join two things a message names ("squats and lunges", "rdl then row"): a
/// phrase ends at each. Names holding one are still found whole within a phrase up to it.
const PHRASE_BREAKS: &[&str] = &[
    "and", "or", "then", "vs", "versus", "plus", "also", "but", "after", "before", "instead",
];
/// Characters that end a phrase: sentence and list punctuation, brackets, markdown.
const PHRASE_ENDS: &[char] = &[
    '.', ',', ';', ':', '!', '?', '\n', '(', ')', '[', ']', '{', '}', '"', '“', '”', '/', '+', '&',
    '|', '*', '_', '~', '`', '>', '•',
];
/// Words of a phrase looked up at once: a name has at most a handful, and a longer phrase
/// is looked up in overlapping windows of this many (half of each shared with the next).
const PHRASE_WORDS_MAX: usize = 6;
/// The longest run of a phrase's words looked up alone when the whole phrase names nothing
/// (most names have one to three words).
const RUN_WORDS_MAX: usize = 3;
/// Phrases looked up at most: a Discord message holds at most 4,000 characters; the first
/// phrases of an essay name what it is about.
const PHRASES_MAX: usize = 60;
/// Exercises found at most: a select menu offers 25
/// (<https://discord.com/developers/docs/components/reference#string-select>).
pub const NAMES_IN_MAX: usize = 25;

/// Whether a word is a link or a Discord mention (`<@12>`, `<#3>`, `<:emoji:4>`): never a
/// name, and its pieces are not words of the text (`https://x.org/plank` names no plank).
fn is_markup(word: &str) -> bool {
    word.contains("://")
        || word.starts_with("www.")
        || (word.starts_with('<') && word.contains('>'))
}

/// The phrases of a text, in order: cut at punctuation and joining words, links and Discord
/// mentions ending a phrase, long runs in overlapping windows.
fn phrases(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lines = text.lines().map(|line| {
        let words = line.split_whitespace();
        words
            .map(|w| if is_markup(w) { "." } else { w })
            .collect::<Vec<_>>()
            .join(" ")
    });
    let cleaned = lines.collect::<Vec<_>>().join("\n");
    for piece in cleaned.split(PHRASE_ENDS) {
        let mut run: Vec<&str> = Vec::new();
        for word in piece.split_whitespace().chain(std::iter::once("and")) {
            if !PHRASE_BREAKS.contains(&word.to_lowercase().as_str()) {
                run.push(word);
                continue;
            }
            let step = PHRASE_WORDS_MAX.div_ceil(2);
            let mut start = 0;
            while start < run.len() {
                let end = (start + PHRASE_WORDS_MAX).min(run.len());
                out.push(run[start..end].join(" "));
                if end == run.len() {
                    break;
                }
                start += step;
            }
            run.clear();
        }
    }
    out.truncate(PHRASES_MAX);
    out
}

impl App {
    /// The exercises `text` names, in the order it names them, each once.
    pub(super) fn names_in(&self, s: &Searcher, text: &str) -> Result<Vec<Exercise>, IndexError> {
        let mut found: Vec<Exercise> = Vec::new();
        for phrase in phrases(text) {
            for ex in self.named_in_phrase(s, &phrase)? {
                if !found.iter().any(|f| f.id == ex.id) {
                    found.push(ex);
                }
            }
            if found.len() >= NAMES_IN_MAX {
                found.truncate(NAMES_IN_MAX);
                break;
            }
        }
        Ok(found)
    }

    /// What one phrase names: the exercise the whole of it names, else those its shorter
    /// runs of words name, longest runs first, in the phrase's order ("my coach wants more
    /// romanain deadlfits": Romanian Deadlift, by its two words).
    fn named_in_phrase(&self, s: &Searcher, phrase: &str) -> Result<Vec<Exercise>, IndexError> {
        if let Some(ex) = self.written_name(s, phrase)? {
            return Ok(vec![ex]);
        }
        let words: Vec<&str> = phrase.split_whitespace().collect();
        let mut taken = vec![false; words.len()];
        let mut named: Vec<(usize, Exercise)> = Vec::new();
        for len in (1..=RUN_WORDS_MAX.min(words.len().saturating_sub(1))).rev() {
            for start in 0..=words.len() - len {
                if taken[start..start + len].iter().any(|t| *t) {
                    continue;
                }
                if let Some(ex) = self.written_name(s, &words[start..start + len].join(" "))? {
                    taken[start..start + len].fill(true);
                    named.push((start, ex));
                }
            }
        }
        named.sort_by_key(|(start, _)| *start);
        Ok(named.into_iter().map(|(_, ex)| ex).collect())
    }

    /// The exercise some words name, when its name is mostly written out in them: nobody
    /// asked for an exercise, so a name must be written as a generic subject must write it
    /// ("my knees hurt" is not High Knees, "a single pull up" not the single-arm row).
    fn written_name(&self, s: &Searcher, words: &str) -> Result<Option<Exercise>, IndexError> {
        let q = understand::understand_single(words);
        if q.subject.is_empty() {
            return Ok(None);
        }
        let (found, hits) = self.resolve(s, &q.subject, q.generic)?;
        let written = hits
            .first()
            .is_some_and(|h| h.coverage.exact || h.coverage.name >= self.ranking.generic_min_name);
        Ok(found.filter(|_| written))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_end_at_punctuation_and_joining_words() {
        assert_eq!(
            phrases("Did romanain deadlifts, then bulgarain split squats and planks!"),
            ["Did romanain deadlifts", "bulgarain split squats", "planks"]
        );
        assert_eq!(
            phrases("see https://x.org/plank <@12> bird dog"),
            ["see", "bird dog"],
            "links and mentions end a phrase, their pieces are no words"
        );
        let long = phrases("a b c d e f g h");
        assert_eq!(long, ["a b c d e f", "d e f g h"]);
        assert!(phrases(&"word. ".repeat(500)).len() <= PHRASES_MAX);
    }
}
