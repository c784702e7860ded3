//! `Answer` → plain text for the console and the CLI without `--json`: the same card a
//! server sees, readable in a terminal. Knows no serenity and no Tantivy.

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

/// Text without terminal control characters (a page or question cannot move the cursor).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
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
