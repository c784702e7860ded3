//! Markdown → blocks: pulldown-cmark's events folded into headings, paragraphs, lists (with
//! `**Key:** value` items), tables, front matter and code, each with its 1-based line. Knows
//! CommonMark; never what a page means.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::names::local_target;
use crate::domain::page::Link;

/// A block of the document, with the 1-based line it starts on.
#[derive(Clone, Debug)]
pub(super) enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    Paragraph {
        text: String,
        line: usize,
        /// The whole paragraph is bold text (`**Details:**`, `**Is it safe?**`).
        bold_only: bool,
        links: Vec<Link>,
    },
    List {
        ordered: bool,
        items: Vec<Item>,
    },
    Table {
        rows: Vec<Vec<String>>,
    },
    Metadata(String),
    Other(String),
}

#[derive(Clone, Debug, Default)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) line: usize,
    /// `**Key:** value` split, when the item starts with bold text ending in a colon.
    pub(super) key_value: Option<(String, String)>,
    pub(super) links: Vec<Link>,
}

/// Maps byte offsets to 1-based lines.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            text.char_indices()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// Inline text being collected for the current block or item.
#[derive(Default)]
pub(super) struct Inline {
    text: String,
    links: Vec<Link>,
    /// Text inside `**…**` at the start of the block.
    leading_bold: Option<String>,
    bold_depth: usize,
    saw_non_bold: bool,
    link_stack: Vec<(String, usize, usize)>,
}

impl Inline {
    fn push_text(&mut self, s: &str) {
        if self.bold_depth > 0 && !self.saw_non_bold {
            self.leading_bold
                .get_or_insert_with(String::new)
                .push_str(s);
        } else if !s.trim().is_empty() {
            self.saw_non_bold = true;
        }
        self.text.push_str(s);
    }
}

pub(super) fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::new(text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut inline: Option<(Inline, usize)> = None;
    let mut lists: Vec<(bool, Vec<Item>)> = Vec::new();
    let mut item_stack: Vec<(Inline, usize)> = Vec::new();
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut cell: Option<String> = None;
    let mut meta: Option<String> = None;
    let mut code: Option<String> = None;
    let mut heading_level = 0u8;

    fn current<'a>(
        inline: &'a mut Option<(Inline, usize)>,
        item_stack: &'a mut [(Inline, usize)],
    ) -> Option<&'a mut Inline> {
        if let Some((i, _)) = inline.as_mut() {
            return Some(i);
        }
        item_stack.last_mut().map(|(i, _)| i)
    }

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::MetadataBlock(_)) => meta = Some(String::new()),
            Event::End(TagEnd::MetadataBlock(_)) => {
                out.push(Block::Metadata(meta.take().unwrap_or_default()));
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                out.push(Block::Other(code.take().unwrap_or_default()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading_level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                inline = Some((Inline::default(), line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((i, line)) = inline.take() {
                    out.push(Block::Heading {
                        level: heading_level,
                        text: clean(&i.text),
                        line,
                    });
                }
            }
            Event::Start(Tag::Paragraph) if item_stack.is_empty() && table.is_none() => {
                inline = Some((Inline::default(), line));
            }
            Event::End(TagEnd::Paragraph) if item_stack.is_empty() && table.is_none() => {
                if let Some((i, line)) = inline.take() {
                    let text = clean(&i.text);
                    let bold_only = i.leading_bold.is_some() && !i.saw_non_bold;
                    if !text.is_empty() {
                        out.push(Block::Paragraph {
                            text,
                            line,
                            bold_only,
                            links: i.links,
                        });
                    }
                }
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {
                if let Some(i) = current(&mut inline, &mut item_stack)
                    && !i.text.is_empty()
                    && !i.text.ends_with(' ')
                {
                    i.text.push(' ');
                }
            }
            Event::Start(Tag::List(first)) => lists.push((first.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = lists.pop() {
                    match lists.last_mut() {
                        // A nested list's items join the enclosing list, so sub-bullets are
                        // kept rather than merged into their parent's text.
                        Some((_, outer)) => outer.extend(items),
                        None => out.push(Block::List { ordered, items }),
                    }
                }
            }
            Event::Start(Tag::Item) => item_stack.push((Inline::default(), line)),
            Event::End(TagEnd::Item) => {
                if let Some((i, line)) = item_stack.pop() {
                    let text = clean(&i.text);
                    let key_value = i.leading_bold.as_ref().and_then(|bold| {
                        let bold = bold.trim();
                        let rest = text.strip_prefix(bold)?.trim_start();
                        if let Some(key) = bold.strip_suffix(':') {
                            Some((key.trim().to_string(), rest.trim().to_string()))
                        } else {
                            rest.strip_prefix(':')
                                .map(|v| (bold.to_string(), v.trim().to_string()))
                        }
                    });
                    if let Some((_, items)) = lists.last_mut() {
                        items.push(Item {
                            text,
                            line,
                            key_value,
                            links: i.links,
                        });
                    }
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Vec::new()),
            Event::End(TagEnd::Table) => {
                if let Some(rows) = table.take() {
                    out.push(Block::Table { rows });
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                if let Some(rows) = table.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(rows), Some(c)) = (table.as_mut(), cell.take())
                    && let Some(row) = rows.last_mut()
                {
                    row.push(clean(&c));
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.bold_depth += 1;
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.bold_depth = i.bold_depth.saturating_sub(1);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(i) = current(&mut inline, &mut item_stack) {
                    let at = i.text.len();
                    i.link_stack.push((dest_url.to_string(), at, line));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = current(&mut inline, &mut item_stack)
                    && let Some((url, at, line)) = i.link_stack.pop()
                {
                    let text = clean(i.text.get(at..).unwrap_or_default());
                    i.links.push(Link {
                        target: local_target(&url),
                        text,
                        url,
                        line,
                    });
                }
            }
            Event::Text(s) | Event::Code(s) | Event::InlineHtml(s) | Event::Html(s) => {
                if let Some(m) = meta.as_mut() {
                    m.push_str(&s);
                } else if let Some(c) = code.as_mut() {
                    c.push_str(&s);
                } else if let Some(c) = cell.as_mut() {
                    c.push_str(&s);
                } else if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.push_text(&s);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                } else if let Some(i) = current(&mut inline, &mut item_stack) {
                    i.text.push(' ');
                }
            }
            Event::Rule => {}
            _ => {}
        }
    }
    out
}

/// Collapses runs of whitespace.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
