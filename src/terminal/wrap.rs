//! Lines of terminal text wrapped to a width: words moved whole to the next line, a numbered
//! step or a list item continued under its own text (a hanging indent), a row of buttons
//! broken between buttons. Knows text and SGR widths; nothing of cards.

use super::markdown::visible_width;

/// The width when stdout is not a terminal (a pipe, a file, a test): what a terminal opens
/// with, so piped text reads the same as on a default-sized window.
pub const WIDTH_DEFAULT_COLUMNS: usize = 80;

/// The narrowest width wrapped to: below it indents and labels would leave no room for words.
const WIDTH_MIN_COLUMNS: usize = 30;

/// The columns of the terminal stdout writes to, or `WIDTH_DEFAULT_COLUMNS` when it is not
/// one.
pub fn stdout_width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map_or(WIDTH_DEFAULT_COLUMNS, |(_rows, columns)| {
            usize::from(columns).max(WIDTH_MIN_COLUMNS)
        })
}

/// The list marker a line starts with (`1. `, `12. `, `• `, `- `, `· `, `→ `), if any: its
/// continuation lines are indented by its width.
fn marker(line: &str) -> Option<&str> {
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    if digits > 0 && line[digits..].starts_with(". ") {
        return Some(&line[..digits + 2]);
    }
    ["• ", "- ", "· ", "→ ", "* "]
        .into_iter()
        .find(|m| line.starts_with(m))
        .map(|m| &line[..m.len()])
}

/// `text` with each of its lines wrapped to `width` columns behind `indent`; a line that
/// starts with a list marker continues under the text after the marker.
pub fn wrap(text: &str, indent: &str, width: usize) -> String {
    let width = width.max(WIDTH_MIN_COLUMNS);
    let mut out = Vec::new();
    for para in text.lines() {
        let para = para.trim_end();
        let hanging = " ".repeat(marker(para).map_or(0, visible_width));
        let mut line = String::from(indent);
        let mut empty = true;
        for word in para.split_whitespace() {
            if !empty && visible_width(&line) + 1 + visible_width(word) > width {
                out.push(std::mem::take(&mut line));
                line = format!("{indent}{hanging}");
                empty = true;
            }
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        }
        out.push(line.trim_end().to_string());
    }
    out.join("\n")
}

/// `items` on lines of at most `width` columns behind `indent`, two spaces between them, a
/// line broken only between items.
pub fn row(items: &[String], indent: &str, width: usize) -> String {
    let width = width.max(WIDTH_MIN_COLUMNS);
    let mut out = Vec::new();
    let mut line = String::from(indent);
    for item in items {
        let fresh = line.len() == indent.len();
        if !fresh && visible_width(&line) + 2 + visible_width(item) > width {
            out.push(std::mem::take(&mut line));
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push_str("  ");
        }
        line.push_str(item);
    }
    out.push(line);
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_steps_and_items_hang_under_their_text() {
        let text = "1. Stand tall with your feet hip-width apart and brace your trunk hard\n\
                    • Keep the bar over the middle of your foot all the way down";
        let wrapped = wrap(text, "   ", 40);
        assert_eq!(
            wrapped,
            "   1. Stand tall with your feet\n      hip-width apart and brace your\n      \
             trunk hard\n   • Keep the bar over the middle of\n     your foot all the way \
             down"
        );
        assert!(wrapped.lines().all(|l| visible_width(l) <= 40), "{wrapped}");
    }

    #[test]
    fn plain_paragraphs_wrap_flush_and_long_words_stay_whole() {
        let url = "https://example.org/a/very/long/path/that/does/not/fit/anywhere";
        let wrapped = wrap(&format!("see {url} now"), "  ", 30);
        assert_eq!(wrapped, format!("  see\n  {url}\n  now"));
    }

    #[test]
    fn a_row_of_buttons_breaks_between_buttons() {
        let items: Vec<String> = ["[1] Muscles", "[2] Beginner?", "[3] Reps", "[4] How to"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            row(&items, "   ", 32),
            "   [1] Muscles  [2] Beginner?\n   [3] Reps  [4] How to"
        );
    }
}
