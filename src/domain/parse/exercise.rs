//! The exercise page: `# Name`, `## Quick answer` with its paragraph and attribute bullets,
//! then steps, tips, mistakes, FAQ and related links, and the rep ranges stated anywhere.
//! Knows blocks and sections; never the file system.

use super::blocks::{Block, Item};
use super::error::{NearMiss, PageErrorKind, Problems};
use super::names::name_from_h1;
use super::sections::{
    Role, Section, clean_lines, faq_entries, links, list_items, plain_text, prose, role,
};
use crate::domain::lint::Facts;
use crate::domain::page::{Attribute, Difficulty, Exercise, FaqEntry, PageId, is_alias_key};
use crate::domain::reps;
use crate::domain::vocabulary::{self, Kind};

/// The parts of a page that make it an exercise page.
pub(super) struct Shape<'a> {
    pub(super) h1: &'a Option<(String, usize)>,
    pub(super) quick: &'a Section,
    pub(super) items: &'a [&'a Item],
    pub(super) intro: &'a [Block],
    pub(super) secs: &'a [Section],
}

/// The `**Key:** value` items of the quick answer (and of the intro, where older pages put
/// them) whose key is an attribute.
pub(super) fn attribute_items<'a>(quick: Option<&'a Section>, intro: &'a [Block]) -> Vec<&'a Item> {
    quick
        .map(|s| s.blocks.as_slice())
        .into_iter()
        .chain(std::iter::once(intro))
        .flat_map(|blocks| blocks.iter())
        .filter_map(|b| match b {
            Block::List { items, .. } => Some(items),
            _ => None,
        })
        .flatten()
        .filter(|i| {
            i.key_value
                .as_ref()
                .is_some_and(|(k, _)| Attribute::from_key(k).is_some())
        })
        .collect()
}

/// Reads an exercise page, and what the corpus-wide checks need of it; every problem goes to
/// `problems`.
pub(super) fn exercise(id: PageId, shape: &Shape, problems: &mut Problems) -> (Exercise, Facts) {
    let mut ex = Exercise {
        id,
        ..Exercise::default()
    };
    let mut facts = Facts::default();
    match shape.h1 {
        Some((text, line)) if !name_from_h1(text).is_empty() => {
            ex.name = name_from_h1(text);
            facts.name_line = *line;
        }
        _ => problems.push(1, PageErrorKind::MissingName),
    }
    ex.summary = prose(&shape.quick.blocks).collect::<Vec<_>>().join("\n\n");
    if ex.summary.is_empty() {
        problems.push(shape.quick.line, PageErrorKind::MissingSummary);
    }
    let seen = attributes(&mut ex, shape.items, &mut facts, problems);
    for attr in Attribute::REQUIRED {
        // A bullet that is there but states nothing (`Unspecified`) is not missing: the
        // value is read as none.
        if !seen.iter().any(|(a, _)| *a == attr) {
            problems.push(shape.quick.line, PageErrorKind::MissingAttribute(attr));
        }
    }
    other_attributes(&mut ex, shape.quick, &mut facts, problems);
    read_sections(&mut ex, shape);
    ex.reps = rep_ranges(&ex);
    (ex, facts)
}

/// Bullets with keys spotter does not know, kept as written; the first of a key counts, and
/// aliases are noted for the corpus-wide checks.
fn other_attributes(
    ex: &mut Exercise,
    quick: &Section,
    facts: &mut Facts,
    problems: &mut Problems,
) {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for block in quick.blocks.iter() {
        let Block::List { items, .. } = block else {
            continue;
        };
        for i in items {
            let Some((k, v)) = &i.key_value else {
                continue;
            };
            if Attribute::from_key(k).is_some() {
                continue;
            }
            let lower = k.to_lowercase();
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == lower) {
                let kind = PageErrorKind::DuplicateKey {
                    key: k.clone(),
                    first: *first,
                };
                problems.push(i.line, kind);
                continue;
            }
            seen.push((lower, i.line));
            if is_alias_key(k) {
                let aliases = v.split(',').map(str::trim).filter(|a| !a.is_empty());
                facts
                    .aliases
                    .extend(aliases.map(|a| (a.to_string(), i.line)));
            }
            ex.other_attributes.push((k.clone(), v.clone()));
        }
    }
}

/// Reads the attribute bullets into `ex`; the first bullet of a key counts, a second is a
/// warning. Returns the keys seen with their lines.
fn attributes(
    ex: &mut Exercise,
    items: &[&Item],
    facts: &mut Facts,
    problems: &mut Problems,
) -> Vec<(Attribute, usize)> {
    let mut seen: Vec<(Attribute, usize)> = Vec::new();
    for item in items {
        let Some((key, value)) = &item.key_value else {
            continue;
        };
        let Some(attr) = Attribute::from_key(key) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(a, _)| *a == attr) {
            let kind = PageErrorKind::DuplicateKey {
                key: key.clone(),
                first: *first,
            };
            problems.push(item.line, kind);
            continue;
        }
        seen.push((attr, item.line));
        let values = match attr {
            Attribute::BodyPart => {
                ex.body_part = vocabulary::normalise(Kind::BodyPart, value);
                vec![ex.body_part.clone()]
            }
            Attribute::Equipment => {
                ex.equipment = vocabulary::normalise_list(Kind::Equipment, value);
                ex.equipment.clone()
            }
            Attribute::Target => {
                ex.target = vocabulary::normalise_list(Kind::Muscle, value)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                vec![ex.target.clone()]
            }
            Attribute::Secondary => {
                ex.secondary = vocabulary::normalise_list(Kind::Muscle, value);
                ex.secondary.clone()
            }
            Attribute::Difficulty => {
                match value.parse::<Difficulty>() {
                    Ok(d) => ex.difficulty = Some(d),
                    Err(unknown) => {
                        problems.push(item.line, PageErrorKind::UnknownDifficulty(unknown))
                    }
                }
                Vec::new()
            }
            Attribute::Category => {
                ex.category =
                    Some(vocabulary::normalise(Kind::Category, value)).filter(|c| !c.is_empty());
                ex.category.iter().cloned().collect()
            }
        };
        let values = values.into_iter().filter(|v| !v.is_empty());
        facts.values.extend(values.map(|v| (attr, v, item.line)));
    }
    seen
}

/// Why a page that is not read as an exercise page looks like one, if it does: a quick
/// answer whose bullets name attributes without bold keys, or a `# Name` with `## Quick
/// answer` and no attribute bullet at all (issue 8). Comparison pages (`# A vs B`) may have a
/// quick answer of their own.
pub(super) fn near_miss(
    h1: &Option<(String, usize)>,
    quick: Option<&Section>,
    intro: &[Block],
) -> Option<(usize, NearMiss)> {
    let quick = quick?;
    if h1
        .as_ref()
        .is_some_and(|(t, _)| super::names::comparison_names(t).is_some())
    {
        return None;
    }
    let items: Vec<&Item> = quick
        .blocks
        .iter()
        .chain(intro)
        .filter_map(|b| match b {
            Block::List { items, .. } => Some(items),
            _ => None,
        })
        .flatten()
        .collect();
    let unbolded = items.iter().find(|i| {
        i.key_value.is_none()
            && i.text
                .split_once(':')
                .is_some_and(|(k, _)| Attribute::from_key(k).is_some())
    });
    if let Some(item) = unbolded {
        let example: String = item.text.chars().take(60).collect();
        return Some((item.line, NearMiss::UnboldedKeys { example }));
    }
    if h1.is_none() || !quick.title.starts_with("quick answer") {
        return None;
    }
    let keys = items
        .iter()
        .filter_map(|i| i.key_value.as_ref().map(|(k, _)| k.clone()))
        .collect();
    Some((quick.line, NearMiss::NoAttributes { keys }))
}

/// Steps, tips, mistakes, FAQ and related links from their sections; the rest is kept as
/// searchable text.
fn read_sections(ex: &mut Exercise, shape: &Shape) {
    let mut extra = vec![plain_text(shape.intro)];
    for s in shape.secs {
        match role(&s.title) {
            Role::QuickAnswer => {}
            Role::HowTo => {
                // Numbered steps when the section has them; notes around them are not steps.
                let has_ordered = s
                    .blocks
                    .iter()
                    .any(|b| matches!(b, Block::List { ordered: true, .. }));
                let blocks: Vec<Block> = s
                    .blocks
                    .iter()
                    .filter(|b| !has_ordered || matches!(b, Block::List { ordered: true, .. }))
                    .cloned()
                    .collect();
                ex.steps.extend(list_items(&blocks));
            }
            Role::Tips => ex.tips.extend(list_items(&s.blocks)),
            Role::Mistakes => ex.mistakes.extend(list_items(&s.blocks)),
            Role::Faq => ex.faq.extend(faq_entries(&s.blocks)),
            Role::Related => {
                ex.related.extend(links(&s.blocks));
                // Prose after the links (a site's sign-off) is kept for search only.
                let prose: Vec<Block> = s
                    .blocks
                    .iter()
                    .filter(|b| matches!(b, Block::Paragraph { .. }))
                    .cloned()
                    .collect();
                extra.push(plain_text(&prose));
            }
            Role::Comparison | Role::Other => {
                // Trailing marketing and other prose: searchable, never shown as facts.
                extra.push(s.title.clone());
                extra.push(plain_text(&s.blocks));
            }
        }
    }
    ex.extra = clean_lines(&extra.join("\n"));
}

/// Whether a FAQ question asks about reps, sets or holds.
pub fn is_reps_question(question: &str) -> bool {
    crate::domain::understand::faq_intent(question) == Some(crate::domain::query::Intent::Reps)
}

/// Rep ranges of an exercise: the reps FAQ answer first, then other FAQ answers, tips, steps,
/// the summary and the extra text.
fn rep_ranges(ex: &Exercise) -> Vec<reps::RepRange> {
    let (asked, others): (Vec<&FaqEntry>, Vec<&FaqEntry>) =
        ex.faq.iter().partition(|f| is_reps_question(&f.question));
    let mut found: Vec<reps::RepRange> = Vec::new();
    // The page's own answer to "how many" states a dose in any form; elsewhere only a phrase
    // with a unit of its own counts ("90 degrees" in a step is no dose).
    for f in asked {
        found.extend(reps::find_doses(&f.answer));
    }
    let mut sources: Vec<&str> = others.iter().map(|f| f.answer.as_str()).collect();
    sources.extend(ex.tips.iter().map(String::as_str));
    sources.extend(ex.steps.iter().map(String::as_str));
    sources.push(&ex.summary);
    for s in sources {
        found.extend(reps::find_ranges(s));
    }
    let mut out: Vec<reps::RepRange> = Vec::new();
    for r in found {
        if !out.iter().any(|o| o.text == r.text) {
            out.push(r);
        }
    }
    out
}
