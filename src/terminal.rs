//! `Answer` → terminal text for the console and the CLI without `--json`: the same card a
//! server sees, its markdown turned into styling (a terminal) or bare words (a pipe), wrapped
//! to the width, every list printed once, and one numbering for all that can be chosen on
//! screen (`Screen`). Knows no serenity and no Tantivy; reads no input.
mod markdown;
mod wrap;

use std::borrow::Cow;

pub use markdown::Style;
pub use wrap::{WIDTH_DEFAULT_COLUMNS, stdout_width};

use crate::domain::answer::{Answer, Card, Choice, Menu, NotFoundCard};
use crate::domain::custom_id::CustomId;
use crate::domain::request::Request;
use markdown::{BOLD, visible_width};
use wrap::{row, wrap};

/// How terminal text is laid out: its styling and the columns it wraps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Bold, italics and colour.
    pub style: Style,
    /// The columns lines wrap to.
    pub width: usize,
}

impl Layout {
    /// Plain text at the width of a pipe.
    pub const PLAIN: Layout = Layout {
        style: Style::PLAIN,
        width: WIDTH_DEFAULT_COLUMNS,
    };
}

/// An answer as shown, with what each number on screen chooses: list items, menu choices,
/// suggestions and buttons share one numbering, in the order they are printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Screen {
    /// The text.
    pub text: String,
    /// Each number shown and the request choosing it makes.
    pub picks: Vec<(usize, Request)>,
}

impl Screen {
    /// The request number `n` makes, if `n` is on screen.
    pub fn pick(&self, n: usize) -> Option<&Request> {
        self.picks.iter().find(|(at, _)| *at == n).map(|(_, r)| r)
    }

    /// The numbers on screen, as "1–18" (or "3" for one), for "there is no 19".
    pub fn numbers(&self) -> Option<String> {
        let low = self.picks.iter().map(|(n, _)| *n).min()?;
        let high = self.picks.iter().map(|(n, _)| *n).max()?;
        Some(if low == high {
            low.to_string()
        } else {
            format!("{low}–{high}")
        })
    }
}

/// Whether a character must not reach a terminal as itself: control characters (ESC starts a
/// sequence that can retitle the window or rewrite the screen, BEL rings, a newline splits
/// one line in two, C1 controls act as ESC on some terminals) and the bidirectional
/// overrides that reorder what is shown (issue 9).
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as it may be printed to a terminal: every control character (newlines too) and
/// bidirectional override written as an escape (`\n`, `\x1b`, `\u{202e}`), so page text and
/// file names never drive the terminal and one message stays one line. The one function every
/// terminal printer uses (`check`, `index`, the console, error lines).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) && c.is_ascii() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text of several lines as it may be printed: each line escaped, the line breaks kept.
fn printable(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// Card text as shown: control characters escaped, then its markdown rendered in `style`.
fn shown(text: &str, style: Style) -> String {
    markdown::render(&printable(text), style)
}

/// Menu choices shown: a terminal cannot pick from a menu, so it is a list to read.
const MENU_SHOWN_MAX: usize = 10;

/// Columns before a card's text, under its title.
const INDENT: &str = "   ";
/// Characters of what was asked quoted back in a not-found line: a line's worth (as many
/// as Discord's echo keeps).
const QUOTED_MAX_CHARS: usize = 80;

/// Whether every menu choice a terminal would show is already named in the text above it (a
/// related or find list): then the menu would print the list a second time.
fn listed_above(c: &Card) -> bool {
    let Some(menu) = &c.menu else {
        return false;
    };
    let above = markdown::render(&c.description, Style::PLAIN);
    let shown = menu.choices.iter().take(MENU_SHOWN_MAX);
    shown
        .into_iter()
        .all(|choice| above.contains(&choice.label))
}

/// What choosing `choice` of `menu` asks, as a click on Discord would.
fn choose(menu_id: &CustomId, choice: &Choice) -> Request {
    Request::Component {
        custom_id: menu_id.clone(),
        values: vec![choice.value.clone()],
    }
}

/// The numbers a list above its menu already shows (`3. Glute Bridge — …`): each with the
/// choice it names, so the list's own numbers choose its items.
fn numbers_above(description: &str, menu: &Menu) -> Vec<(usize, Request)> {
    let plain = markdown::render(description, Style::PLAIN);
    let mut picks = Vec::new();
    for line in plain.lines() {
        let Some((number, rest)) = line.trim_start().split_once(". ") else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        let named = |c: &&Choice| {
            rest.strip_prefix(c.label.as_str())
                .is_some_and(|after| after.is_empty() || after.starts_with(' '))
        };
        if let Some(choice) = menu
            .choices
            .iter()
            .filter(named)
            .max_by_key(|c| c.label.len())
        {
            picks.push((number, choose(&menu.custom_id, choice)));
        }
    }
    picks
}

/// Numbers handed out in the order things are printed, after those a list already shows.
struct Numbering {
    next: usize,
    picks: Vec<(usize, Request)>,
}

impl Numbering {
    fn after(picks: Vec<(usize, Request)>) -> Numbering {
        Numbering {
            next: picks.iter().map(|(n, _)| n + 1).max().unwrap_or(1),
            picks,
        }
    }

    /// `label` as `[n] label`, `n` choosing `request`.
    fn label(&mut self, label: &str, request: Request) -> String {
        let n = self.next;
        self.next += 1;
        self.picks.push((n, request));
        format!("[{n}] {label}")
    }
}

fn card(c: &Card, layout: Layout, out: &mut Vec<String>) -> Vec<(usize, Request)> {
    let (style, width) = (layout.style, layout.width);
    let title = format!("━━ {} ━━", shown(&c.title, style));
    out.push(Style::paint(style.emphasis, BOLD, &title));
    if let Some(url) = &c.url {
        out.push(format!("{INDENT}{}", printable(url)));
    }
    if !c.description.is_empty() {
        out.push(wrap(&shown(&c.description, style), INDENT, width));
    }
    for f in &c.fields {
        let name = Style::paint(style.emphasis, BOLD, &format!("{}:", shown(&f.name, style)));
        let value = shown(&f.value, style);
        let line = format!("{INDENT}{name} {value}");
        if value.contains('\n') || visible_width(&line) > width {
            out.push(format!("{INDENT}{name}"));
            out.push(wrap(&value, "     ", width));
        } else {
            out.push(line);
        }
    }
    if let Some(footer) = &c.footer {
        out.push(wrap(&format!("({})", shown(footer, style)), INDENT, width));
    }
    let listed = c.menu.as_ref().filter(|_| listed_above(c));
    let mut numbering = Numbering::after(
        listed
            .map(|menu| numbers_above(&c.description, menu))
            .unwrap_or_default(),
    );
    let mut buttons: Vec<String> = c
        .actions
        .iter()
        .map(|a| {
            let click = Request::Component {
                custom_id: a.custom_id.clone(),
                values: Vec::new(),
            };
            numbering.label(&shown(&a.label, style), click)
        })
        .collect();
    let pages = c.pager.iter().flat_map(|p| {
        [("◀ Previous", &p.previous), ("Next ▶", &p.next)]
            .into_iter()
            .filter_map(|(label, id)| id.as_ref().map(|id| (label, id)))
    });
    for (label, id) in pages {
        let click = Request::Component {
            custom_id: id.clone(),
            values: Vec::new(),
        };
        buttons.push(numbering.label(label, click));
    }
    if !buttons.is_empty() {
        out.push(row(&buttons, INDENT, width));
    }
    if let Some(menu) = c.menu.as_ref().filter(|_| listed.is_none()) {
        out.push(format!("{INDENT}{}:", shown(&menu.placeholder, style)));
        for choice in menu.choices.iter().take(MENU_SHOWN_MAX) {
            let item = numbering.label(
                &shown(&choice.label, style),
                choose(&menu.custom_id, choice),
            );
            out.push(wrap(&item, "     ", width));
        }
    }
    for l in &c.links {
        let link = format!("→ {}: {}", shown(&l.label, style), printable(&l.url));
        out.push(wrap(&link, INDENT, width));
    }
    numbering.picks
}

/// The not-found card as lines: its title as a sentence (the asked text printable and cut to
/// a line's worth), then the suggestions numbered under their heading; what the numbers pick.
fn not_found(
    missing: &NotFoundCard,
    layout: Layout,
    out: &mut Vec<String>,
) -> Vec<(usize, Request)> {
    let title = missing
        .title
        .show(|q| printable(q).chars().take(QUOTED_MAX_CHARS).collect());
    out.push(wrap(&format!("{title}."), "", layout.width));
    let mut numbering = Numbering::after(Vec::new());
    if !missing.suggestions().is_empty() {
        out.push(missing.heading.clone());
        for s in missing.suggestions() {
            let item = numbering.label(
                &shown(&s.label, layout.style),
                choose(&missing.menu.custom_id, s),
            );
            out.push(wrap(&item, "  ", layout.width));
        }
    }
    numbering.picks
}

/// The answer as terminal text laid out in `layout`, and what its numbers choose.
pub fn screen(answer: &Answer, layout: Layout) -> Screen {
    let mut out = Vec::new();
    let picks = match answer {
        Answer::Card(c) => card(c, layout, &mut out),
        Answer::NotFound(missing) => not_found(missing, layout, &mut out),
        Answer::Notice { text, .. } => {
            out.push(wrap(&shown(text, layout.style), "", layout.width));
            Vec::new()
        }
    };
    Screen {
        text: out.join("\n"),
        picks,
    }
}

/// The answer as terminal text laid out in `layout`.
pub fn render(answer: &Answer, layout: Layout) -> String {
    screen(answer, layout).text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answer::Tone;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            escape("a\u{1b}]0;x\u{7}b\nc\u{9b}\u{202e}"),
            "a\\x1b]0;x\\x07b\\nc\\u{9b}\\u{202e}"
        );
        let mut card = Card::new("Evil\u{1b}[2J", Tone::Info);
        card.description = "line one\u{7}\nline two".into();
        let layout = Layout {
            style: Style::COLOUR,
            width: 80,
        };
        let text = render(&Answer::Card(card), layout);
        assert!(
            !text
                .replace(BOLD.0, "")
                .replace(BOLD.1, "")
                .chars()
                .any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("Evil\\x1b[2J"), "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
    }
}
