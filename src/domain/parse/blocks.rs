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
    /// Front matter: its text, and the line of its opening `---`.
    Metadata {
        text: String,
        line: usize,
    },
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

/// The blocks of a document, in order.
pub(super) fn blocks(text: &str) -> Vec<Block> {
    let lines = Lines::new(text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut folder = Folder::default();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(tag) => folder.start(tag, line),
            Event::End(tag) => folder.end(tag),
            Event::Text(s) | Event::Code(s) | Event::InlineHtml(s) | Event::Html(s) => {
                folder.text(&s)
            }
            Event::SoftBreak | Event::HardBreak => folder.space(),
            _ => {}
        }
    }
    folder.out
}

/// pulldown-cmark's events folded into blocks: what is open (a paragraph or heading, list
/// items, a table and its cell, front matter, code) and the blocks done.
#[derive(Default)]
struct Folder {
    out: Vec<Block>,
    inline: Option<(Inline, usize)>,
    lists: Vec<(bool, Vec<Item>)>,
    item_stack: Vec<(Inline, usize)>,
    table: Option<Vec<Vec<String>>>,
    cell: Option<String>,
    meta: Option<(String, usize)>,
    code: Option<String>,
    heading_level: u8,
}

impl Folder {
    /// The inline text being collected: a paragraph's or heading's, else the open item's.
    fn current(&mut self) -> Option<&mut Inline> {
        if let Some((i, _)) = self.inline.as_mut() {
            return Some(i);
        }
        self.item_stack.last_mut().map(|(i, _)| i)
    }

    /// Whether a paragraph is a block of its own (not inside an item or a table).
    fn top_level(&self) -> bool {
        self.item_stack.is_empty() && self.table.is_none()
    }

    fn start(&mut self, tag: Tag, line: usize) {
        match tag {
            Tag::MetadataBlock(_) => self.meta = Some((String::new(), line)),
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::Heading { level, .. } => {
                self.heading_level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.inline = Some((Inline::default(), line));
            }
            Tag::Paragraph if self.top_level() => self.inline = Some((Inline::default(), line)),
            Tag::Paragraph => self.separate(),
            Tag::List(first) => self.lists.push((first.is_some(), Vec::new())),
            Tag::Item => self.item_stack.push((Inline::default(), line)),
            Tag::Table(_) => self.table = Some(Vec::new()),
            Tag::TableHead | Tag::TableRow => {
                if let Some(rows) = self.table.as_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.cell = Some(String::new()),
            Tag::Strong => {
                if let Some(i) = self.current() {
                    i.bold_depth += 1;
                }
            }
            Tag::Link { dest_url, .. } => {
                if let Some(i) = self.current() {
                    let at = i.text.len();
                    i.link_stack.push((dest_url.to_string(), at, line));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::MetadataBlock(_) => {
                let (text, line) = self.meta.take().unwrap_or_default();
                self.out.push(Block::Metadata { text, line });
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.out.push(Block::Other(code));
            }
            TagEnd::Heading(_) => {
                if let Some((i, line)) = self.inline.take() {
                    self.out.push(Block::Heading {
                        level: self.heading_level,
                        text: clean(&i.text),
                        line,
                    });
                }
            }
            TagEnd::Paragraph if self.top_level() => self.end_paragraph(),
            TagEnd::Paragraph => self.separate(),
            TagEnd::List(_) => {
                if let Some((ordered, items)) = self.lists.pop() {
                    match self.lists.last_mut() {
                        // A nested list's items join the enclosing list, so sub-bullets are
                        // kept rather than merged into their parent's text.
                        Some((_, outer)) => outer.extend(items),
                        None => self.out.push(Block::List { ordered, items }),
                    }
                }
            }
            TagEnd::Item => self.end_item(),
            TagEnd::Table => {
                if let Some(rows) = self.table.take() {
                    self.out.push(Block::Table { rows });
                }
            }
            TagEnd::TableCell => {
                if let (Some(rows), Some(c)) = (self.table.as_mut(), self.cell.take())
                    && let Some(row) = rows.last_mut()
                {
                    row.push(clean(&c));
                }
            }
            TagEnd::Strong => {
                if let Some(i) = self.current() {
                    i.bold_depth = i.bold_depth.saturating_sub(1);
                }
            }
            TagEnd::Link => self.end_link(),
            _ => {}
        }
    }

    /// A paragraph inside an item or a table: a space between it and what comes next.
    fn separate(&mut self) {
        if let Some(i) = self.current()
            && !i.text.is_empty()
            && !i.text.ends_with(' ')
        {
            i.text.push(' ');
        }
    }

    fn end_paragraph(&mut self) {
        if let Some((i, line)) = self.inline.take() {
            let text = clean(&i.text);
            let bold_only = i.leading_bold.is_some() && !i.saw_non_bold;
            if !text.is_empty() {
                self.out.push(Block::Paragraph {
                    text,
                    line,
                    bold_only,
                    links: i.links,
                });
            }
        }
    }

    fn end_item(&mut self) {
        let Some((i, line)) = self.item_stack.pop() else {
            return;
        };
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
        if let Some((_, items)) = self.lists.last_mut() {
            items.push(Item {
                text,
                line,
                key_value,
                links: i.links,
            });
        }
    }

    fn end_link(&mut self) {
        if let Some(i) = self.current()
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

    fn text(&mut self, s: &str) {
        if let Some((m, _)) = self.meta.as_mut() {
            m.push_str(s);
        } else if let Some(c) = self.code.as_mut() {
            c.push_str(s);
        } else if let Some(c) = self.cell.as_mut() {
            c.push_str(s);
        } else if let Some(i) = self.current() {
            i.push_text(s);
        }
    }

    fn space(&mut self) {
        if let Some(c) = self.cell.as_mut() {
            c.push(' ');
        } else if let Some(i) = self.current() {
            i.text.push(' ');
        }
    }
}

/// Collapses runs of whitespace.
pub(super) fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
