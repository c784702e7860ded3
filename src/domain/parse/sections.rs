//! Blocks → sections: the `##` sections of a page and the role each heading names (quick
//! answer, steps, tips, mistakes, FAQ, related), and the text, items, FAQ entries and links of
//! a run of blocks. Knows blocks; never a page kind.

use super::blocks::{Block, clean};
use crate::domain::page::{FaqEntry, Link};

/// A section: the text of its `##` heading (lower-case), its line, and its blocks.
pub(super) struct Section {
    pub(super) title: String,
    pub(super) line: usize,
    pub(super) blocks: Vec<Block>,
}

pub(super) fn sections(blocks: Vec<Block>) -> (Vec<Block>, Vec<Section>) {
    let mut intro = Vec::new();
    let mut out: Vec<Section> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading {
                level: 2,
                text,
                line,
            } => out.push(Section {
                title: text.to_lowercase(),
                line,
                blocks: Vec::new(),
            }),
            other => match out.last_mut() {
                Some(s) => s.blocks.push(other),
                None => intro.push(other),
            },
        }
    }
    (intro, out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    QuickAnswer,
    HowTo,
    Tips,
    Mistakes,
    Faq,
    Related,
    Comparison,
    Other,
}

pub(super) fn role(title: &str) -> Role {
    let t = title.trim();
    if t.starts_with("quick answer") || t == "summary" || t == "overview" || t == "at a glance" {
        Role::QuickAnswer
    } else if t.starts_with("how to") || t.contains("instructions") || t == "steps" {
        Role::HowTo
    } else if t.contains("tip") {
        Role::Tips
    } else if t.contains("mistake") {
        Role::Mistakes
    } else if t == "faq" || t.starts_with("faq") || t.contains("frequently asked") {
        Role::Faq
    } else if t.contains("related") || t.starts_with("similar") || t.contains("alternatives") {
        Role::Related
    } else if t.starts_with("comparison")
        || t.contains("side by side")
        || t.contains("side-by-side")
    {
        Role::Comparison
    } else {
        Role::Other
    }
}

/// The plain paragraphs of blocks (not bold-only lines like `**Details:**`).
pub(super) fn prose(blocks: &[Block]) -> impl Iterator<Item = &str> {
    blocks.iter().filter_map(|b| match b {
        Block::Paragraph {
            text,
            bold_only: false,
            ..
        } => Some(text.as_str()),
        _ => None,
    })
}

/// Text of blocks that no section claimed, for search.
pub(super) fn plain_text(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push(text.clone()),
            Block::List { items, .. } => out.extend(items.iter().map(|i| i.text.clone())),
            Block::Table { rows } => out.extend(rows.iter().map(|r| r.join(" "))),
            Block::Other(t) => out.push(clean(t)),
            Block::Metadata { .. } => {}
        }
    }
    out.join("\n")
}

/// FAQ entries: `### Question` headings or bold-only paragraphs ending in `?`, each followed
/// by its answer paragraphs (and list items) up to the next question or heading.
pub(super) fn faq_entries(blocks: &[Block]) -> Vec<FaqEntry> {
    let mut out: Vec<FaqEntry> = Vec::new();
    let mut open: Option<FaqEntry> = None;
    let close = |open: &mut Option<FaqEntry>, out: &mut Vec<FaqEntry>| {
        if let Some(e) = open.take() {
            let duplicate = out
                .iter()
                .any(|o| o.question == e.question && o.answer == e.answer);
            if !e.answer.is_empty() && !duplicate {
                out.push(e);
            }
        }
    };
    for b in blocks {
        match b {
            Block::Heading { level, text, line } if *level >= 3 => {
                close(&mut open, &mut out);
                if text.ends_with('?') || *level == 3 {
                    open = Some(FaqEntry {
                        question: text.clone(),
                        answer: String::new(),
                        line: *line,
                    });
                }
            }
            Block::Heading { .. } => close(&mut open, &mut out),
            Block::Paragraph {
                text,
                line,
                bold_only: true,
                ..
            } if text.ends_with('?') => {
                close(&mut open, &mut out);
                open = Some(FaqEntry {
                    question: text.clone(),
                    answer: String::new(),
                    line: *line,
                });
            }
            Block::Paragraph { text, .. } => {
                if let Some(e) = open.as_mut() {
                    append(&mut e.answer, text);
                }
            }
            Block::List { items, .. } => {
                if let Some(e) = open.as_mut() {
                    for i in items {
                        append(&mut e.answer, &format!("- {}", i.text));
                    }
                }
            }
            _ => {}
        }
    }
    close(&mut open, &mut out);
    out
}

pub(super) fn append(answer: &mut String, text: &str) {
    if !answer.is_empty() {
        answer.push_str("\n\n");
    }
    answer.push_str(text);
}

pub(super) fn list_items(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::List { items, .. } => out.extend(items.iter().map(|i| i.text.clone())),
            Block::Paragraph {
                text,
                bold_only: false,
                ..
            } => out.push(text.clone()),
            _ => {}
        }
    }
    out
}

pub(super) fn links(blocks: &[Block]) -> Vec<Link> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::List { items, .. } => {
                out.extend(items.iter().flat_map(|i| i.links.iter().cloned()))
            }
            Block::Paragraph { links, .. } => out.extend(links.iter().cloned()),
            _ => {}
        }
    }
    out
}

pub(super) fn clean_lines(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
