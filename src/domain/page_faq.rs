//! Answers read off an exercise's own FAQ: which of its entries a question asks ("is it safe
//! to do situps if my lower back hurts" → "Is it safe to do Situps with lower back pain?"),
//! and the yes or no a beginner answer states. Pure: words in, entry out; knows no index.

use super::page::{Exercise, FaqEntry};
use super::ranking::Ranking;
use super::understand::{self, Intent};

/// What a page's answer to "is it good for beginners?" says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It opens with yes.
    Yes,
    /// It opens with no (`No,`, `No.`, `Not …`).
    No,
}

/// Words that say yes ("Absolutely, …", "Heck yes —") and no ("Nope.", "Probably not;")
/// among the first words of an answer's opening clause. `No` itself counts only when it ends
/// the clause: "No equipment is needed" is not a no.
const YES_WORDS: &[&str] = &[
    "yes",
    "yep",
    "yeah",
    "yup",
    "absolutely",
    "definitely",
    "certainly",
    "sure",
    "totally",
];
const NO_WORDS: &[&str] = &["not", "nope", "nah", "never"];
/// Openings that tell a beginner to wait, which is a no ("Hold off: …", "Wait until …").
const NO_OPENINGS: &[&str] = &["hold off", "wait", "skip", "avoid", "not yet"];
/// The longest opening clause whose last word may carry the verdict ("Oh heck yes").
const VERDICT_WORDS_MAX: usize = 3;

/// The yes or no an answer opens with, if it opens with one: a yes or no word among the first
/// words of its opening clause, or an opening that says to wait.
pub fn verdict(answer: &str) -> Option<Verdict> {
    let text = answer.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = text
        .char_indices()
        .find(|&(at, c)| {
            matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | '—' | '–')
                || (c == '-' && text[..at].ends_with(' '))
        })
        .map_or(text.len(), |(at, _)| at);
    let words: Vec<String> = text[..end]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let opening = words.join(" ");
    if NO_OPENINGS
        .iter()
        .any(|o| opening == *o || opening.starts_with(&format!("{o} ")))
    {
        return Some(Verdict::No);
    }
    // A word counts where it carries the clause: first ("Yes, …", "Not on day one"), or last
    // of a short clause ("Heck yes —", "Probably not;"). "Make sure …" and "It's not hard …"
    // say neither.
    let short = words.len() <= VERDICT_WORDS_MAX;
    for (i, w) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        if !(i == 0 || short && last) {
            continue;
        }
        if YES_WORDS.contains(&w.as_str()) {
            return Some(Verdict::Yes);
        }
        if NO_WORDS.contains(&w.as_str()) || (w == "no" && last) {
            return Some(Verdict::No);
        }
    }
    None
}

/// Whether an answer's first word is a plain `yes` or `no`.
pub fn opens_plainly(answer: &str) -> bool {
    let first: String = answer
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    first.eq_ignore_ascii_case("yes") || first.eq_ignore_ascii_case("no")
}

/// The page's answer to whether a beginner can do it, however its heading words it.
pub fn beginner_entry(ex: &Exercise) -> Option<&FaqEntry> {
    ex.faq
        .iter()
        .find(|f| understand::faq_intent(&f.question) == Some(Intent::Beginner))
}

/// Whether an entry is one the exercise card's own intents answer (reps, muscles, beginner):
/// those questions get their intent's card, which quotes the entry.
fn answered_by_intent(entry: &FaqEntry) -> bool {
    matches!(
        understand::faq_intent(&entry.question),
        Some(Intent::Reps | Intent::Muscles | Intent::Beginner)
    )
}

/// Content words of a text, without the exercise's own name words, singulars folded.
fn words_of(text: &str, name: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in understand::keywords(&understand::normalise(text)) {
        let folded = fold(&w);
        if !is_name_word(&w, &folded, name) && !out.contains(&folded) {
            out.push(folded);
        }
    }
    out
}

/// Whether a word is one of the name's (folded), a plural of one (`ups` of Sit-Up), or two
/// of them closed up (`situps` of Sit-Up).
fn is_name_word(word: &str, folded: &str, name: &[String]) -> bool {
    let one = word.strip_suffix('s').unwrap_or(word);
    name.iter().any(|n| n == folded || n == one)
        || name.windows(2).any(|pair| {
            let closed = format!("{}{}", pair[0], pair[1]);
            closed == one || closed == folded
        })
}

/// A word folded to a crude stem, enough to compare question words: plurals and `-ing`,
/// `-ed` endings off, a doubled last consonant single (`hurts` = `hurt`, `kipping` = `kip`).
fn fold(word: &str) -> String {
    let mut w = word;
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = w.strip_suffix(suffix)
            && stem.len() >= 3
            && !(suffix == "s" && stem.ends_with('s'))
        {
            w = stem;
            break;
        }
    }
    // ASCII letters only: a doubled byte inside a longer character is no doubled letter.
    let b = w.as_bytes();
    let doubled = b.len() >= 4
        && b[b.len() - 1].is_ascii_alphabetic()
        && b[b.len() - 1] == b[b.len() - 2]
        && !b"aeiou".contains(&b[b.len() - 1]);
    if doubled {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// The entry of the exercise's own FAQ that the question asks, when one shares enough of its
/// words (the exercise's name aside) with it; the best such entry. `strict` when the
/// question's wording already asks for one of the card's intents ("what do monster walks
/// target"): then one shared word is never enough.
pub fn asked_entry<'a>(
    ex: &'a Exercise,
    question: &str,
    strict: bool,
    r: &Ranking,
) -> Option<&'a FaqEntry> {
    // Most pages have only the entries the card's intents answer: nothing to compare.
    if ex.faq.iter().all(answered_by_intent) {
        return None;
    }
    let name: Vec<String> = understand::normalise(&ex.name)
        .split_whitespace()
        .map(fold)
        .collect();
    let asked = words_of(question, &name);
    if asked.is_empty() {
        return None;
    }
    let headings: Vec<Vec<String>> = ex
        .faq
        .iter()
        .map(|e| words_of(&e.question, &name))
        .collect();
    // A word of the question that one heading of the page has and no other ("dizzy" of "I
    // feel dizzy — should I stop?") points at that entry.
    let only_in = |w: &String, at: usize| {
        headings
            .iter()
            .enumerate()
            .all(|(i, h)| (i == at) == h.contains(w))
    };
    ex.faq
        .iter()
        .zip(&headings)
        .enumerate()
        .filter(|(_, (e, _))| !answered_by_intent(e))
        .filter_map(|(at, (e, entry))| {
            let shared = asked.iter().filter(|w| entry.contains(w)).count();
            let share = shared as f32 / entry.len().max(1) as f32;
            // One shared word is enough only when it is all one side has ("do I need a
            // spotter" / "Do I need a spotter for the Bench Press?"), or when the question
            // says little else and no other heading has it.
            let needed = match strict {
                true => r.own_faq_min_shared,
                false => r.own_faq_min_shared.min(asked.len().min(entry.len())),
            };
            let distinctive = !strict
                && shared == 1
                && asked.len() <= r.own_faq_distinctive_max_asked
                && asked.iter().any(|w| only_in(w, at));
            ((shared >= needed && share >= r.own_faq_min_share) || distinctive)
                .then_some((shared, share, e))
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ranking::RANKING;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_question_reads_without_panicking(q in "(?s).{0,60}", v in "(?s).{0,40}") {
            let ex = Exercise {
                name: v.clone(),
                faq: vec![entry(&v), entry("Is it safe with a bad back?")],
                ..Exercise::default()
            };
            let _ = asked_entry(&ex, &q, false, &RANKING);
            let _ = verdict(&q);
            let _ = opens_plainly(&q);
            let _ = fold(&q);
        }
    }

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
        assert_eq!(
            verdict("Absolutely, with a light bell."),
            Some(Verdict::Yes)
        );
        assert_eq!(verdict("It depends: on your hips."), None);
        assert_eq!(verdict("No equipment is needed."), None);
        assert_eq!(verdict("It suits people with some training."), None);
        assert_eq!(verdict("Heck yes — start light."), Some(Verdict::Yes));
        assert_eq!(verdict("Probably not; learn the hinge."), Some(Verdict::No));
        assert_eq!(verdict("Hold off: build a base first."), Some(Verdict::No));
        assert_eq!(verdict("Make sure you can brace first."), None);
        assert_eq!(verdict("It's not hard to learn."), None);
    }

    #[test]
    fn words_fold_to_a_crude_stem_on_any_text() {
        assert_eq!(fold("kipping"), "kip");
        assert_eq!(fold("hurts"), "hurt");
        // U+2082 is E2 82 82: its last two bytes agree, but it is one character.
        assert_eq!(fold("xyz\u{2082}"), "xyz\u{2082}");
        assert_eq!(fold("ééé"), "ééé");
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
        let found = asked_entry(
            &ex,
            "is it safe to do situps if my lower back hurts",
            false,
            &RANKING,
        );
        assert_eq!(
            found.map(|e| e.question.as_str()),
            Some(ex.faq[1].question.as_str())
        );
        assert_eq!(
            asked_entry(&ex, "how many reps of situps", true, &RANKING),
            None
        );
        assert_eq!(asked_entry(&ex, "situps", false, &RANKING), None);
    }
}
