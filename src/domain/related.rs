//! Which related exercises a question wants: easier ones ("an easier version of the
//! pull-up"), harder ones ("harder than push ups"), or swaps ("instead of squats"), which are
//! never harder than the exercise, least of all when something hurts. Pure: it orders what
//! the search found; it does not search.

use std::sync::LazyLock;

use regex::Regex;

use super::page::{Difficulty, Profile};

/// What a question asks of the related list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    /// Easier or harder than the exercise, if the question says.
    pub direction: Option<Direction>,
    /// The question mentions pain or an injury: nothing harder, and a word of care.
    pub pain: bool,
}

/// Easier or harder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A lower difficulty.
    Easier,
    /// A higher difficulty.
    Harder,
}

/// Words that ask for an easier, a harder version, or tell of pain; patterns, as data.
const EASIER: &str =
    r"\b(easier|simpler|regressions?|less (?:hard|difficult|intense)|scaled(?: down)?|modified)\b";
const HARDER: &str =
    r"\b(harder|tougher|more (?:difficult|challenging|advanced)|level up|next step)\b";
const PAIN: &str = r"\b(hurts?|hurting|pain(?:ful)?|injur(?:y|ies|ed)|aches?|aching|sore|tendinitis|tendonitis|strain(?:ed)?|bad (?:knees?|back|shoulders?|wrists?|elbows?|hips?))\b";

fn pattern(p: &str) -> Regex {
    Regex::new(p).expect("related pattern is valid")
}

/// What a (normalised) question wants of the related list.
pub fn wanted(norm: &str) -> Wanted {
    static PATTERNS: LazyLock<[Regex; 3]> =
        LazyLock::new(|| [pattern(EASIER), pattern(HARDER), pattern(PAIN)]);
    let [easier, harder, pain] = &*PATTERNS;
    let pain = pain.is_match(norm);
    let direction = match (easier.is_match(norm), harder.is_match(norm)) {
        (true, false) => Some(Direction::Easier),
        (false, true) if !pain => Some(Direction::Harder),
        _ => None,
    };
    Wanted { direction, pain }
}

/// `found` (best first) ordered for what is wanted of an exercise of difficulty `of`, at
/// most `limit`: easier ones lowest difficulty first and nothing harder; harder ones highest
/// first and nothing easier; swaps keep their order but never list a harder exercise
/// before one that is not, and none at all when something hurts. Unrated exercises count
/// as the exercise's own level.
pub fn order(
    found: Vec<Profile>,
    of: Option<Difficulty>,
    wanted: Wanted,
    limit: usize,
) -> Vec<Profile> {
    let level = |p: &Profile| p.difficulty.or(of);
    let harder = |p: &Profile| matches!((level(p), of), (Some(d), Some(me)) if d > me);
    let easier = |p: &Profile| matches!((level(p), of), (Some(d), Some(me)) if d < me);
    let mut out: Vec<Profile> = match wanted.direction {
        Some(Direction::Easier) => found.into_iter().filter(|p| !harder(p)).collect(),
        Some(Direction::Harder) => found.into_iter().filter(|p| !easier(p)).collect(),
        None if wanted.pain => found.into_iter().filter(|p| !harder(p)).collect(),
        None => found,
    };
    // Stable sorts: within a level, the search's order stands.
    match wanted.direction {
        Some(Direction::Easier) => out.sort_by_key(|p| level(p)),
        Some(Direction::Harder) => out.sort_by_key(|p| std::cmp::Reverse(level(p))),
        None => out.sort_by_key(|p| harder(p)),
    }
    out.truncate(limit);
    out
}

/// The word of care a card adds when the question tells of pain.
pub const PAIN_NOTE: &str = "If something hurts, stop and have it checked by a physiotherapist \
    or doctor before training through it. These swaps are no harder than the original.";

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, d: Difficulty) -> Profile {
        Profile {
            id: crate::domain::page::PageId::new(id),
            difficulty: Some(d),
            ..Profile::default()
        }
    }

    fn ids(list: &[Profile]) -> Vec<&str> {
        list.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn swaps_are_never_harder_first_and_pain_drops_harder_ones() {
        use Difficulty::*;
        let found = || {
            vec![
                p("archer", Advanced),
                p("chin", Intermediate),
                p("assisted", Beginner),
            ]
        };
        let any = wanted("what should i do instead of pull ups");
        assert_eq!(
            ids(&order(found(), Some(Intermediate), any, 10)),
            ["chin", "assisted", "archer"]
        );
        let hurt = wanted("what can i do instead of squats my knees hurt");
        assert!(hurt.pain);
        assert_eq!(
            ids(&order(found(), Some(Intermediate), hurt, 10)),
            ["chin", "assisted"]
        );
        let easier = wanted("an easier version of the pull up");
        assert_eq!(easier.direction, Some(Direction::Easier));
        assert_eq!(
            ids(&order(found(), Some(Intermediate), easier, 10)),
            ["assisted", "chin"]
        );
        let harder = wanted("something harder than push ups");
        assert_eq!(
            ids(&order(found(), Some(Intermediate), harder, 10)),
            ["archer", "chin"]
        );
    }
}
