//! Front matter (the `---` block at a page's top): `title`, `description`, `keywords`, read
//! as the simple YAML pages write — `key: value`, `key: [a, b]`, `key:` then `- item` lines,
//! quoted or not, `#` comments — and every other line reported, as a warning on its own line.
//! Plain text in, pairs and problems out.
//!
//! Kept hand-written, not a YAML crate (issue 12): three keys of plain text are read, and a
//! YAML parser would read `title: no` as `false` and `title: 1.10` as `1.1`, and parse
//! anchors, tags and nesting only to throw them away. `serde_yaml` is archived; `serde_yml`,
//! its fork over `libyml`, brings 4 crates; `yaml-rust2` 10 and `saphyr` 11 (with
//! `encoding_rs`, one of the slower crates to compile), against a cold build of ~6 min on the
//! 2-core machine. And none of them reports a line that is not understood with its line, as
//! `check` must: a parse error stops at the first problem.

use super::blocks::Block;
use super::error::FrontMatterLine;
use super::names::unquote;

/// What a page's front matter says, and the lines it could not read.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    /// Keys (lower case) with their values, list items joined by `, `.
    pub(super) pairs: Vec<(String, String)>,
    /// 1-based lines of the file that were not read, and why.
    pub(super) problems: Vec<(usize, FrontMatterLine)>,
}

/// Reads the front matter of a page's blocks (none: empty).
pub(super) fn front_matter(blocks: &[Block]) -> FrontMatter {
    let Some(Block::Metadata { text, line }) = blocks.first() else {
        return FrontMatter::default();
    };
    let mut out = FrontMatter::default();
    // Whether the last key had no value of its own, so `- item` lines are its list.
    let mut list_open = false;
    for (i, raw) in text.lines().enumerate() {
        // The opening `---` is on `line`; the text starts on the next one.
        let at = line + 1 + i;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or((trimmed == "-").then_some(""))
        {
            match out.pairs.last_mut() {
                Some((_, v)) if list_open => {
                    if !v.is_empty() {
                        v.push_str(", ");
                    }
                    v.push_str(unquote(item));
                }
                _ => out.problems.push((at, FrontMatterLine::ItemWithoutKey)),
            }
            continue;
        }
        let pair = raw
            .split_once(':')
            .filter(|(k, _)| !k.trim().is_empty() && !k.starts_with([' ', '\t']));
        let Some((key, value)) = pair else {
            out.problems.push((at, FrontMatterLine::NotKeyValue));
            list_open = false;
            continue;
        };
        let value = value.trim();
        // `|` and `>` start a multi-line value: its lines are reported as they come.
        if value.starts_with(['|', '>']) {
            out.problems.push((at, FrontMatterLine::NotKeyValue));
            list_open = false;
            continue;
        }
        if opens_a_quote(value) {
            out.problems.push((at, FrontMatterLine::UnclosedQuote));
            list_open = false;
            continue;
        }
        list_open = value.is_empty();
        let value = unquote(value).trim_start_matches('[').trim_end_matches(']');
        out.pairs
            .push((key.trim().to_lowercase(), value.to_string()));
    }
    out
}

/// Whether a value starts a quoted string it does not end (`"Why`).
fn opens_a_quote(value: &str) -> bool {
    ['"', '\'']
        .into_iter()
        .any(|q| value.starts_with(q) && (value.len() == 1 || !value.ends_with(q)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse::blocks::blocks;

    fn read(text: &str) -> FrontMatter {
        front_matter(&blocks(text))
    }

    #[test]
    fn keys_lists_and_quotes_are_read() {
        let fm = read(
            "---\ntitle: \"Why: Hips\"\n# a comment\nkeywords:\n  - hips\n  - 'mobility'\n\
             tags: [a, b]\n---\n# H\n",
        );
        assert_eq!(
            fm.pairs,
            [
                ("title".to_string(), "Why: Hips".to_string()),
                ("keywords".to_string(), "hips, mobility".to_string()),
                ("tags".to_string(), "a, b".to_string()),
            ]
        );
        assert!(fm.problems.is_empty(), "{:?}", fm.problems);
    }

    #[test]
    fn lines_not_read_are_reported_on_their_own_line() {
        let fm = read(
            "---\ntitle \"Hips\"\ndescription: |\n  more text\n- stray\nkeywords: \"open\n\
             title: Hips\n- after a value\n---\n# H\n",
        );
        assert_eq!(
            fm.problems,
            [
                (2, FrontMatterLine::NotKeyValue),
                (3, FrontMatterLine::NotKeyValue),
                (4, FrontMatterLine::NotKeyValue),
                (5, FrontMatterLine::ItemWithoutKey),
                (6, FrontMatterLine::UnclosedQuote),
                (8, FrontMatterLine::ItemWithoutKey),
            ]
        );
        assert_eq!(fm.pairs, [("title".to_string(), "Hips".to_string())]);
    }
}
