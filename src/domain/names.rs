//! The forms of an exercise's name that members type besides the name as written: its gym
//! shorthand written out (`DB Bench Press` → `dumbbell bench press`, so "dumbbell bench
//! press" is an exact name), and a name that ends with its own initialism in parentheses
//! read as the name and the initialism (`Sumo Deadlift High Pull (SDHP)` → `sumo deadlift
//! high pull`, `sdhp`), and single letters run together (`Prone Y-T-W` → `prone ytw`). Pure
//! words in, name keys out; knows no index and no corpus.

use std::sync::LazyLock;

use regex::Regex;

use super::understand::normalise;
use super::vocabulary::expand_shorthand;

/// Name keys a written name (the H1 or an alias) also answers to, without the key of the name
/// itself; each once.
pub fn other_forms(written: &str) -> Vec<String> {
    let own = normalise(written);
    let mut bases = vec![own.clone()];
    if let Some((name, initials)) = split_initialism(written) {
        bases.push(name);
        bases.push(initials);
    }
    if let Some(joined) = letters_joined(&own) {
        bases.push(joined);
    }
    let mut out: Vec<String> = Vec::new();
    for base in bases {
        let long = expand_shorthand(&base);
        for form in std::iter::once(base).chain(long) {
            if form != own && !form.is_empty() && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// A name key with each run of two or more single letters written as one word (`prone y t
/// w`, from `Prone Y-T-W`, is also `prone ytw`): members type the letters together.
fn letters_joined(key: &str) -> Option<String> {
    let words: Vec<&str> = key.split_whitespace().collect();
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < words.len() {
        let run = words[i..].iter().take_while(|w| single(w)).count();
        if run >= 2 {
            out.push(words[i..i + run].concat());
            changed = true;
            i += run;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    changed.then(|| out.join(" "))
}

/// `Name (ABC)` where ABC are the initials of the name's first words (a digit standing for
/// the word it sounds like: `Chest-to-Bar Pull-Ups (C2B)`): the name's key and the
/// initialism's. A qualifier in parentheses (`Squat (Goblet)`, `Plank (RKC)`) is part of the
/// name and gives nothing.
fn split_initialism(written: &str) -> Option<(String, String)> {
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(.+?)\s*\(\s*([A-Za-z0-9]{2,8})\s*\)\s*$").expect("pattern is valid")
    });
    let caps = TRAILING.captures(written.trim())?;
    let (name, short) = (&caps[1], caps[2].to_lowercase());
    let initials: String = name
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    let spelled: String = short
        .chars()
        .map(|c| match c {
            '2' => 't',
            '4' => 'f',
            c => c,
        })
        .collect();
    (initials.starts_with(&spelled) && spelled.chars().any(|c| c.is_alphabetic()))
        .then(|| (normalise(name), short))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_in_a_name_is_also_written_out() {
        assert_eq!(other_forms("DB Bench Press"), vec!["dumbbell bench press"]);
        assert!(other_forms("Bench Press").is_empty());
    }

    #[test]
    fn a_trailing_initialism_is_an_alias_and_the_rest_a_name() {
        let forms = other_forms("Sumo Deadlift High Pull (SDHP)");
        assert!(
            forms.contains(&"sumo deadlift high pull".to_string()),
            "{forms:?}"
        );
        assert!(forms.contains(&"sdhp".to_string()), "{forms:?}");
        let forms = other_forms("Chest-to-Bar Pull-Ups (C2B)");
        assert!(forms.contains(&"c2b".to_string()), "{forms:?}");
    }

    #[test]
    fn single_letters_of_a_name_are_also_one_word() {
        assert_eq!(other_forms("Prone Y-T-W"), vec!["prone ytw"]);
        assert!(other_forms("A Skip").is_empty());
    }

    #[test]
    fn a_qualifier_in_parentheses_stays_part_of_the_name() {
        assert!(other_forms("Squat (Goblet)").is_empty());
        assert!(other_forms("Plank (RKC)").is_empty());
        assert!(other_forms("Row (1)").is_empty());
    }
}
