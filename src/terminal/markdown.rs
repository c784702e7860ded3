//! The inline markdown cards carry for Discord (`**bold**`, `*italics*`, `` `code` ``,
//! `[label](url)`, `\*` escapes) as terminal text: SGR styling when the terminal is styled,
//! the bare words otherwise. Inline only: a line starting `1.` or `-` stays as written, since
//! a card's lists are already laid out. Knows text; nothing of cards or Discord.

/// SGR sequences (ECMA-48 "Select Graphic Rendition"): on, and the matching off that leaves
/// other attributes alone.
pub(super) const BOLD: (&str, &str) = ("\u{1b}[1m", "\u{1b}[22m");
const ITALIC: (&str, &str) = ("\u{1b}[3m", "\u{1b}[23m");
/// Code spans (the help card's commands): cyan, only when colour is on.
const CODE: (&str, &str) = ("\u{1b}[36m", "\u{1b}[39m");

/// How a text is styled: `emphasis` for bold and italics, `colour` for colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Bold and italics as SGR sequences.
    pub emphasis: bool,
    /// Colours as SGR sequences.
    pub colour: bool,
}

impl Style {
    /// Plain text: a pipe, a file, `--color never`.
    pub const PLAIN: Style = Style {
        emphasis: false,
        colour: false,
    };
    /// Styled and coloured: `--color always`.
    pub const COLOUR: Style = Style {
        emphasis: true,
        colour: true,
    };

    /// `--color auto`, as ripgrep decides it: styled on a terminal whose `TERM` is not
    /// `dumb`, coloured too unless `NO_COLOR` is set to anything but the empty string
    /// (<https://no-color.org>).
    pub fn detect(
        is_terminal: bool,
        term: Option<&std::ffi::OsStr>,
        no_color: Option<&std::ffi::OsStr>,
    ) -> Style {
        let emphasis = is_terminal && term.is_none_or(|t| t != "dumb");
        Style {
            emphasis,
            colour: emphasis && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    /// `text` wrapped in `sgr` when `on`.
    pub(super) fn paint(on: bool, sgr: (&str, &str), text: &str) -> String {
        if on {
            format!("{}{text}{}", sgr.0, sgr.1)
        } else {
            text.to_string()
        }
    }
}

/// Whether the delimiter run `delim` at byte `at` of `text` opens a span that closes later on
/// the same line: it is followed by a non-space, and a matching run preceded by a non-space
/// comes after. `_` also needs no letter before it (`snake_case` is not italics).
fn closing(text: &str, at: usize, delim: &str) -> Option<usize> {
    let after = &text[at + delim.len()..];
    if after.starts_with(char::is_whitespace) || after.is_empty() {
        return None;
    }
    if delim.starts_with('_') && text[..at].ends_with(char::is_alphanumeric) {
        return None;
    }
    let line_end = after.find('\n').unwrap_or(after.len());
    let mut from = 0;
    while let Some(found) = after[from..line_end].find(delim) {
        let close = from + found;
        let doubled = delim.len() == 1 && after[close + 1..].starts_with(delim);
        let before = &after[..close];
        let word_goes_on = delim.starts_with('_')
            && after[close + delim.len()..].starts_with(char::is_alphanumeric);
        let closes = close > 0
            && !before.ends_with(char::is_whitespace)
            && !before.ends_with('\\')
            && !doubled
            && !word_goes_on;
        if closes {
            return Some(at + delim.len() + close);
        }
        from = close + delim.len().max(if doubled { 2 } else { 1 });
    }
    None
}

/// `[label](url)` at the start of `rest`: the label and url, and the bytes it spans.
fn link(rest: &str) -> Option<(&str, &str, usize)> {
    let label_end = rest.find("](")?;
    let label = &rest[1..label_end];
    let url_len = rest[label_end + 2..].find(')')?;
    let url = &rest[label_end + 2..label_end + 2 + url_len];
    let plain = |s: &str| !s.is_empty() && !s.contains(['\n', '[', ']']);
    (plain(label) && plain(url) && !url.contains(char::is_whitespace)).then_some((
        label,
        url,
        label_end + 3 + url_len,
    ))
}

/// `text`'s inline markdown as terminal text in `style`.
pub fn render(text: &str, style: Style) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest
            .chars()
            .next()
            .expect("i is below the length, on a char boundary");
        if c == '\\' && rest[1..].starts_with(|n: char| n.is_ascii_punctuation()) {
            out.push_str(&rest[1..2]);
            i += 2;
            continue;
        }
        if c == '`'
            && let Some(end) = rest[1..].find('`').filter(|&e| e > 0)
        {
            out.push_str(&Style::paint(style.colour, CODE, &rest[1..1 + end]));
            i += end + 2;
            continue;
        }
        if c == '['
            && let Some((label, url, len)) = link(rest)
        {
            out.push_str(&render(label, style));
            if url != label {
                out.push_str(&format!(" ({url})"));
            }
            i += len;
            continue;
        }
        if c == '*' || c == '_' {
            let double = rest[1..].starts_with(c);
            let delim = &rest[..if double { 2 } else { 1 }];
            if let Some(close) = closing(text, i, delim) {
                let inner = render(&text[i + delim.len()..close], style);
                let sgr = if double { BOLD } else { ITALIC };
                out.push_str(&Style::paint(style.emphasis, sgr, &inner));
                i = close + delim.len();
                continue;
            }
            out.push_str(delim);
            i += delim.len();
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The columns `text` takes on screen: its characters less the SGR sequences in it (only
/// this module writes ESC: page text reaches it escaped).
pub fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut in_sequence = false;
    for c in text.chars() {
        match (in_sequence, c) {
            (false, '\u{1b}') => in_sequence = true,
            (true, 'm') => in_sequence = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_words_off_a_terminal() {
        let plain = |t| render(t, Style::PLAIN);
        assert_eq!(plain("**Target:** Quadriceps"), "Target: Quadriceps");
        assert_eq!(plain("1. **Side Plank** — core"), "1. Side Plank — core");
        assert_eq!(plain("from *Reps and sets*:"), "from Reps and sets:");
        assert_eq!(
            plain("• `/exercise hip rotation`: a card"),
            "• /exercise hip rotation: a card"
        );
        assert_eq!(
            plain("[Plank](https://x.org/plank)"),
            "Plank (https://x.org/plank)"
        );
        assert_eq!(
            plain("3 * 4 and 2*x, snake_case_name, \\*"),
            "3 * 4 and 2*x, snake_case_name, *"
        );
        assert_eq!(
            plain("**unclosed and ** spaced"),
            "**unclosed and ** spaced"
        );
        assert_eq!(plain("__bold__ and _it_"), "bold and it");
    }

    #[test]
    fn markdown_becomes_sgr_styling_on_a_terminal() {
        let styled = render("**Yes.** *really* `cmd`", Style::COLOUR);
        assert_eq!(
            styled,
            "\u{1b}[1mYes.\u{1b}[22m \u{1b}[3mreally\u{1b}[23m \u{1b}[36mcmd\u{1b}[39m"
        );
        assert_eq!(visible_width(&styled), "Yes. really cmd".len());
        let no_colour = Style {
            emphasis: true,
            colour: false,
        };
        assert_eq!(render("**a** `b`", no_colour), "\u{1b}[1ma\u{1b}[22m b");
    }

    #[test]
    fn colour_follows_the_terminal_term_and_no_color() {
        use std::ffi::OsStr;
        let xterm = Some(OsStr::new("xterm-256color"));
        assert_eq!(Style::detect(true, xterm, None), Style::COLOUR);
        assert_eq!(Style::detect(false, xterm, None), Style::PLAIN);
        assert_eq!(
            Style::detect(true, Some(OsStr::new("dumb")), None),
            Style::PLAIN
        );
        let no_color = Style::detect(true, xterm, Some(OsStr::new("1")));
        assert_eq!(
            no_color,
            Style {
                emphasis: true,
                colour: false
            }
        );
        assert_eq!(
            Style::detect(true, xterm, Some(OsStr::new(""))),
            Style::COLOUR
        );
    }
}
