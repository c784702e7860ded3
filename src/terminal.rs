//! `Answer` → terminal text for the console and the CLI without `--json`: the same card a
//! server sees, its markdown turned into styling (a terminal) or bare words (a pipe), every
//! list printed once. Knows no serenity and no Tantivy.

mod markdown;

use std::borrow::Cow;

pub use markdown::Style;

use crate::domain::answer::{Answer, Card};
use markdown::{BOLD, visible_width};

/// Longest line of wrapped text.
const WIDTH_CHARS: usize = 88;

fn wrap(text: &str, indent: &str) -> String {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && visible_width(&line) + visible_width(word) + 1 > WIDTH_CHARS {
                out.push(format!("{indent}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(format!("{indent}{line}"));
    }
    out.join("\n")
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

fn card(c: &Card, style: Style, out: &mut Vec<String>) {
    let title = format!("━━ {} ━━", shown(&c.title, style));
    out.push(Style::paint(style.emphasis, BOLD, &title));
    if let Some(url) = &c.url {
        out.push(format!("   {}", printable(url)));
    }
    if !c.description.is_empty() {
        out.push(wrap(&shown(&c.description, style), "   "));
    }
    for f in &c.fields {
        let name = Style::paint(style.emphasis, BOLD, &format!("{}:", shown(&f.name, style)));
        let value = shown(&f.value, style);
        if value.contains('\n') || visible_width(&value) > 40 {
            out.push(format!("   {name}"));
            out.push(wrap(&value, "     "));
        } else {
            out.push(format!("   {name} {value}"));
        }
    }
    if let Some(footer) = &c.footer {
        out.push(format!("   ({})", shown(footer, style)));
    }
    if !c.actions.is_empty() {
        let buttons: Vec<String> = c
            .actions
            .iter()
            .enumerate()
            .map(|(n, a)| format!("[{}] {}", n + 1, shown(&a.label, style)))
            .collect();
        out.push(format!("   {}", buttons.join("  ")));
    }
    if let Some(menu) = c.menu.as_ref().filter(|_| !listed_above(c)) {
        out.push(format!("   {}:", shown(&menu.placeholder, style)));
        for choice in menu.choices.iter().take(MENU_SHOWN_MAX) {
            out.push(format!("     · {}", shown(&choice.label, style)));
        }
    }
    for l in &c.links {
        out.push(format!(
            "   → {}: {}",
            shown(&l.label, style),
            printable(&l.url)
        ));
    }
}

/// The answer as terminal text in `style`.
pub fn render(answer: &Answer, style: Style) -> String {
    let mut out = Vec::new();
    match answer {
        Answer::Card(c) => card(c, style, &mut out),
        Answer::NotFound { query, suggestions } => {
            let query: String = printable(query).chars().take(80).collect();
            out.push(format!("No exercise matches “{query}”."));
            if !suggestions.is_empty() {
                out.push("Did you mean:".into());
                for s in suggestions {
                    out.push(format!("  · {}", shown(&s.label, style)));
                }
            }
        }
        Answer::Notice { text, .. } => out.push(shown(text, style)),
    }
    out.join("\n")
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
        let text = render(&Answer::Card(card), Style::COLOUR);
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
