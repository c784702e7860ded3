//! What a page's text is before markdown reads it: a UTF-8 byte-order mark is not text, and
//! CR LF and a lone CR (old Mac exports) end lines as LF does, so every problem names the line
//! an editor shows (issue 7). Knows no markdown.

use std::borrow::Cow;

/// `text` without a leading BOM, with `\r\n` and `\r` as `\n`; borrowed when already plain.
pub fn normalise_text(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_carriage_returns_are_read_as_text() {
        assert_eq!(normalise_text("\u{feff}# A\r\nb\rc\n"), "# A\nb\nc\n");
        assert!(matches!(normalise_text("# A\nb"), Cow::Borrowed(_)));
    }
}
