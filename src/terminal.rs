//! `Answer` → plain text for the console and the CLI without `--json`: the same card a
//! server sees, readable in a terminal. Knows no serenity and no Tantivy.

use std::borrow::Cow;

use crate::domain::answer::{Answer, Card};

/// Longest line of wrapped text.
const WIDTH_CHARS: usize = 88;

fn wrap(text: &str, indent: &str) -> String {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + word.chars().count() + 1 > WIDTH_CHARS {
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

fn card(c: &Card, out: &mut Vec<String>) {
    out.push(format!("━━ {} ━━", printable(&c.title)));
    if let Some(url) = &c.url {
        out.push(format!("   {}", printable(url)));
    }
    if !c.description.is_empty() {
        out.push(wrap(&printable(&c.description), "   "));
    }
    for f in &c.fields {
        let value = printable(&f.value);
        if value.contains('\n') || value.chars().count() > 40 {
            out.push(format!("   {}:", printable(&f.name)));
            out.push(wrap(&value, "     "));
        } else {
            out.push(format!("   {}: {}", printable(&f.name), value));
        }
    }
    if let Some(footer) = &c.footer {
        out.push(format!("   ({})", printable(footer)));
    }
    if !c.actions.is_empty() {
        let buttons: Vec<String> = c
            .actions
            .iter()
            .enumerate()
            .map(|(n, a)| format!("[{}] {}", n + 1, printable(&a.label)))
            .collect();
        out.push(format!("   {}", buttons.join("  ")));
    }
    if let Some(menu) = &c.menu {
        out.push(format!("   {}:", printable(&menu.placeholder)));
        for choice in menu.choices.iter().take(10) {
            out.push(format!("     · {}", printable(&choice.label)));
        }
    }
    for l in &c.links {
        out.push(format!(
            "   → {}: {}",
            printable(&l.label),
            printable(&l.url)
        ));
    }
}

/// The answer as text.
pub fn render(answer: &Answer) -> String {
    let mut out = Vec::new();
    match answer {
        Answer::Card(c) => card(c, &mut out),
        Answer::NotFound { query, suggestions } => {
            let query: String = printable(query).chars().take(80).collect();
            out.push(format!("No exercise matches “{query}”."));
            if !suggestions.is_empty() {
                out.push("Did you mean:".into());
                for s in suggestions {
                    out.push(format!("  · {}", printable(&s.label)));
                }
            }
        }
        Answer::Notice { text, .. } => out.push(printable(text)),
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
        let text = render(&Answer::Card(card));
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("Evil\\x1b[2J"), "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
    }
}
