//! Discord's limits as constants, with the documentation they come from, and the two ways
//! text is made safe: truncation with "…" and neutralised mentions and markdown. Knows no
//! serenity types.

/// Message content (<https://discord.com/developers/docs/resources/message#create-message>).
pub const CONTENT_MAX_CHARS: usize = 2000;
/// Embed limits (<https://discord.com/developers/docs/resources/message#embed-object-embed-limits>).
pub const EMBED_TITLE_MAX_CHARS: usize = 256;
/// Embed description.
pub const EMBED_DESCRIPTION_MAX_CHARS: usize = 4096;
/// Fields per embed.
pub const EMBED_FIELDS_MAX: usize = 25;
/// Field name.
pub const EMBED_FIELD_NAME_MAX_CHARS: usize = 256;
/// Field value.
pub const EMBED_FIELD_VALUE_MAX_CHARS: usize = 1024;
/// Footer text.
pub const EMBED_FOOTER_MAX_CHARS: usize = 2048;
/// All text of all embeds of a message together.
pub const EMBED_TOTAL_MAX_CHARS: usize = 6000;
/// Embed and link-button URLs (Discord rejects longer ones in practice; 512 is the documented
/// button URL limit, <https://discord.com/developers/docs/components/reference#button>).
pub const URL_MAX_CHARS: usize = 512;
/// Action rows per message
/// (<https://discord.com/developers/docs/components/reference#action-row>).
pub const ACTION_ROWS_MAX: usize = 5;
/// Buttons per action row.
pub const BUTTONS_PER_ROW_MAX: usize = 5;
/// Button label.
pub const BUTTON_LABEL_MAX_CHARS: usize = 80;
/// Options of a select menu
/// (<https://discord.com/developers/docs/components/reference#string-select>).
pub const SELECT_OPTIONS_MAX: usize = 25;
/// Select option label, value and description.
pub const SELECT_OPTION_MAX_CHARS: usize = 100;
/// Select placeholder.
pub const SELECT_PLACEHOLDER_MAX_CHARS: usize = 150;
/// Autocomplete choices
/// (<https://discord.com/developers/docs/interactions/application-commands#autocomplete>).
pub const AUTOCOMPLETE_CHOICES_MAX: usize = 25;
/// Autocomplete choice name and value (1..=100).
pub const CHOICE_MAX_CHARS: usize = 100;
/// A modal's title (<https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal>).
pub const MODAL_TITLE_MAX_CHARS: usize = 45;
/// A text input's label (<https://discord.com/developers/docs/components/reference#text-input>).
pub const TEXT_INPUT_LABEL_MAX_CHARS: usize = 45;
/// A text input's placeholder.
pub const TEXT_INPUT_PLACEHOLDER_MAX_CHARS: usize = 100;
/// A text input's value (its `max_length` at most).
pub const TEXT_INPUT_VALUE_MAX_CHARS: usize = 4000;
/// User text echoed back ("No exercise matches …").
pub const ECHO_MAX_CHARS: usize = 80;

/// Cuts `text` to at most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Breaks `@everyone`, `@here` and `<@…>` / `<@&…>` mentions with a zero-width space, so
/// nothing can ping even if `allowed_mentions` were ever lost.
pub fn neutralise_mentions(text: &str) -> String {
    // Almost no text has an `@`: one scan then, not three replacements.
    if !text.contains('@') {
        return text.to_string();
    }
    text.replace("@everyone", "@\u{200B}everyone")
        .replace("@here", "@\u{200B}here")
        .replace("<@", "<@\u{200B}")
}

/// Escapes markdown in user text echoed back, so it shows as typed.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '\\' | '-'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// User text made safe to show: one line, markdown escaped, mentions broken, cut to length.
pub fn echo(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    neutralise_mentions(&escape_markdown(&truncate(&one_line, ECHO_MAX_CHARS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("ééééé", 3).chars().count(), 3);
    }

    #[test]
    fn mentions_never_ping() {
        assert_eq!(neutralise_mentions("hi @everyone"), "hi @\u{200B}everyone");
        assert!(!echo("<@123> @here").contains("<@1"));
    }
}
