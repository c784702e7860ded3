//! `Answer` → serenity builders → the exact interaction-response JSON body. Every limit of
//! `limits` is enforced here by construction; `allowed_mentions` is empty, or names the one
//! user a card is suggested to; nothing from an error ever reaches a body. Knows serenity;
//! never Tantivy.

use serde_json::Value;
use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateMessage, CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption,
    EditInteractionResponse, UserId,
};

use super::limits::{self, truncate};
use crate::domain::answer::{Answer, Card, Choice, NotFoundCard, Tone};
use crate::domain::custom_id::{CUSTOM_ID_MAX_CHARS, CustomId};

/// Who a message is for, besides what it says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    /// The member who asked: a public card gets a 🗑 button that they (or a moderator) may
    /// use. `None` (the CLI's `--json`): no 🗑.
    pub owner: Option<u64>,
    /// `hide: true`: only the asker sees the answer.
    pub hide: bool,
    /// `target: @user`: a public card opens with "Suggestion for @user" and pings that user,
    /// and nobody else.
    pub target: Option<u64>,
    /// The Report button of a card, when reports are set up (`discord.report_channel_id`).
    pub report: Option<CustomId>,
}

/// Embed colours by tone.
fn colour(tone: Tone) -> u32 {
    match tone {
        Tone::Info => 0x2B8A3E,
        Tone::List => 0x1C7ED6,
        Tone::Warning => 0xE8590C,
    }
}

/// Page text made safe: mentions broken (markdown from pages is kept: it is formatting).
fn safe(text: &str, max: usize) -> String {
    truncate(&limits::neutralise_mentions(text), max)
}

/// Discord rejects empty field names and values.
fn non_empty(text: String) -> String {
    if text.trim().is_empty() {
        "—".into()
    } else {
        text
    }
}

fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.chars().count() <= limits::URL_MAX_CHARS
        && !url.chars().any(char::is_whitespace)
}

/// The embed of a card, within every per-embed and total limit.
fn embed(card: &Card) -> CreateEmbed {
    let title = safe(&card.title, limits::EMBED_TITLE_MAX_CHARS);
    let footer = card
        .footer
        .as_ref()
        .map(|f| safe(f, limits::EMBED_FOOTER_MAX_CHARS));
    let mut fields: Vec<(String, String, bool)> = card
        .fields
        .iter()
        .take(limits::EMBED_FIELDS_MAX)
        .map(|f| {
            (
                non_empty(safe(&f.name, limits::EMBED_FIELD_NAME_MAX_CHARS)),
                non_empty(safe(&f.value, limits::EMBED_FIELD_VALUE_MAX_CHARS)),
                f.inline,
            )
        })
        .collect();
    let mut description = safe(&card.description, limits::EMBED_DESCRIPTION_MAX_CHARS);

    // The 6000-character total: the description gives way first, then the last fields.
    let fixed = title.chars().count() + footer.as_ref().map_or(0, |f| f.chars().count());
    let fields_len = |fields: &[(String, String, bool)]| -> usize {
        fields
            .iter()
            .map(|(n, v, _)| n.chars().count() + v.chars().count())
            .sum()
    };
    while fixed + fields_len(&fields) > limits::EMBED_TOTAL_MAX_CHARS && !fields.is_empty() {
        fields.pop();
    }
    let room = limits::EMBED_TOTAL_MAX_CHARS.saturating_sub(fixed + fields_len(&fields));
    description = truncate(&description, room);

    let mut e = CreateEmbed::new().colour(colour(card.tone));
    if !title.is_empty() {
        e = e.title(title);
    }
    if let Some(url) = card.url.as_deref().filter(|u| is_web_url(u)) {
        e = e.url(url);
    }
    if !description.is_empty() {
        e = e.description(description);
    }
    e = e.fields(fields);
    if let Some(f) = footer.filter(|f| !f.is_empty()) {
        e = e.footer(CreateEmbedFooter::new(f));
    }
    e
}

fn select_options(choices: &[Choice]) -> Vec<CreateSelectMenuOption> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for c in choices {
        if out.len() == limits::SELECT_OPTIONS_MAX {
            break;
        }
        let value = truncate(&c.value, limits::SELECT_OPTION_MAX_CHARS);
        // Discord rejects duplicate option values.
        if value.is_empty() || seen.contains(&value) {
            continue;
        }
        seen.push(value.clone());
        let label = non_empty(safe(&c.label, limits::SELECT_OPTION_MAX_CHARS));
        let mut option = CreateSelectMenuOption::new(label, value);
        if let Some(d) = c.description.as_ref().filter(|d| !d.is_empty()) {
            option = option.description(safe(d, limits::SELECT_OPTION_MAX_CHARS));
        }
        out.push(option);
    }
    out
}

/// A button of ours (an id that fits), grey.
fn button(id: &CustomId, label: &str) -> Option<CreateButton> {
    let id = id.to_string();
    (id.chars().count() <= CUSTOM_ID_MAX_CHARS).then(|| {
        CreateButton::new(id)
            .label(non_empty(safe(label, limits::BUTTON_LABEL_MAX_CHARS)))
            .style(ButtonStyle::Secondary)
    })
}

/// The buttons of a card's controls row besides its list's: the 🗑 of a public card, the
/// Report button when reports are set up.
#[derive(Clone, Copy, Default)]
struct Controls<'a> {
    remove: Option<&'a CustomId>,
    report: Option<&'a CustomId>,
}

/// The controls row: ◀ / ▶ of a list, the 🗑 of a public card and Report; at most four
/// buttons of the row's five.
fn controls(card: &Card, c: Controls<'_>) -> Option<CreateActionRow> {
    let pager = card.pager.as_ref();
    let buttons: Vec<CreateButton> = [
        pager.and_then(|p| p.previous.as_ref()).map(|id| (id, "◀")),
        pager.and_then(|p| p.next.as_ref()).map(|id| (id, "▶")),
        c.remove.map(|id| (id, "🗑")),
        c.report.map(|id| (id, "Report")),
    ]
    .into_iter()
    .flatten()
    .filter_map(|(id, label)| button(id, label))
    .collect();
    (!buttons.is_empty()).then_some(CreateActionRow::Buttons(buttons))
}

/// Buttons, links, the select menu and the controls of a card, within the row limits: at
/// most two rows of intent buttons, one of links, one menu, one of controls (five).
fn rows(card: &Card, controlled: Controls<'_>) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    let buttons: Vec<CreateButton> = card
        .actions
        .iter()
        .filter_map(|a| button(&a.custom_id, &a.label))
        .take(2 * limits::BUTTONS_PER_ROW_MAX)
        .collect();
    for chunk in buttons.chunks(limits::BUTTONS_PER_ROW_MAX) {
        rows.push(CreateActionRow::Buttons(chunk.to_vec()));
    }
    let mut urls = Vec::new();
    let links: Vec<CreateButton> = card
        .links
        .iter()
        .filter(|l| is_web_url(&l.url))
        .filter(|l| {
            let new = !urls.contains(&l.url);
            urls.push(l.url.clone());
            new
        })
        .take(limits::BUTTONS_PER_ROW_MAX)
        .map(|l| {
            CreateButton::new_link(l.url.clone())
                .label(non_empty(safe(&l.label, limits::BUTTON_LABEL_MAX_CHARS)))
        })
        .collect();
    if !links.is_empty() {
        rows.push(CreateActionRow::Buttons(links));
    }
    if let Some(menu) = &card.menu {
        let options = select_options(&menu.choices);
        let id = menu.custom_id.to_string();
        if !options.is_empty() && id.chars().count() <= CUSTOM_ID_MAX_CHARS {
            rows.push(CreateActionRow::SelectMenu(
                CreateSelectMenu::new(id, CreateSelectMenuKind::String { options }).placeholder(
                    safe(&menu.placeholder, limits::SELECT_PLACEHOLDER_MAX_CHARS),
                ),
            ));
        }
    }
    rows.extend(controls(card, controlled));
    rows.truncate(limits::ACTION_ROWS_MAX);
    rows
}

/// What a message of an answer is made of, whatever carries it.
pub struct Parts {
    /// Plain text (notices).
    pub content: Option<String>,
    /// The card.
    pub embed: Option<CreateEmbed>,
    /// Buttons, links, menu.
    pub rows: Vec<CreateActionRow>,
    /// Only the asker should see it.
    pub ephemeral: bool,
    /// The one user `allowed_mentions` lets the message ping (a suggestion's target).
    pub ping: Option<u64>,
}

/// The parts of an answer for nobody in particular (the CLI's `--json`), every limit
/// enforced.
pub fn parts(answer: &Answer) -> Parts {
    parts_for(answer, &Audience::default())
}

/// The parts of an answer for an audience: hidden when asked, a 🗑 on a public card with an
/// owner, "Suggestion for @user" on a public card with a target.
pub fn parts_for(answer: &Answer, audience: &Audience) -> Parts {
    let mut p = parts_of(answer, audience);
    p.ephemeral |= audience.hide;
    // A hidden card is seen by the asker alone: no ping, nothing to delete.
    if !p.ephemeral
        && matches!(answer, Answer::Card(_))
        && let Some(target) = audience.target
    {
        p.content = Some(format!("Suggestion for <@{target}>"));
        p.ping = Some(target);
    }
    p
}

fn parts_of(answer: &Answer, audience: &Audience) -> Parts {
    let remove = audience
        .owner
        .filter(|_| !audience.hide)
        .map(|owner| CustomId::Remove { owner });
    let controlled = Controls {
        remove: remove.as_ref(),
        report: audience.report.as_ref(),
    };
    match answer {
        Answer::Card(card) => Parts {
            content: None,
            embed: Some(embed(card)),
            rows: rows(card, controlled),
            ephemeral: false,
            ping: None,
        },
        Answer::NotFound(missing) => {
            let card = not_found(missing);
            Parts {
                content: None,
                embed: Some(embed(&card)),
                rows: rows(&card, controlled),
                ephemeral: false,
                ping: None,
            }
        }
        Answer::Notice { text, ephemeral } => Parts {
            content: Some(safe(text, limits::CONTENT_MAX_CHARS)),
            embed: None,
            rows: Vec::new(),
            ephemeral: *ephemeral,
            ping: None,
        },
    }
}

/// The not-found card laid out as an embed's card: the asked text echoed safely, the
/// suggestions as a bulleted list above the hint and again as the menu that picks them.
fn not_found(missing: &NotFoundCard) -> Card {
    let mut card = Card::new(missing.title.show(limits::echo), missing.tone);
    let suggestions = missing.suggestions();
    if !suggestions.is_empty() {
        card.description = format!("{}\n", missing.heading);
        for s in suggestions.iter().take(limits::SELECT_OPTIONS_MAX) {
            card.description.push_str(&format!("• {}\n", s.label));
        }
        card.description.push('\n');
        card.menu = Some(missing.menu.clone());
    }
    card.description.push_str(&missing.hint);
    card
}

/// `allowed_mentions`: nobody, or the one user named (never a role, never everyone).
fn mentions(ping: Option<u64>) -> CreateAllowedMentions {
    CreateAllowedMentions::new().users(ping.map(UserId::new))
}

/// Fills one of serenity's message builders (they share method names, not a trait) from the
/// parts of an answer: `allowed_mentions` empty, or the suggestion's one user.
macro_rules! from_parts {
    ($builder:expr, $parts:expr) => {{
        let p = $parts;
        let mut m = $builder
            .allowed_mentions(mentions(p.ping))
            .components(p.rows);
        if let Some(c) = p.content {
            m = m.content(c);
        }
        if let Some(e) = p.embed {
            m = m.embed(e);
        }
        (m, p.ephemeral)
    }};
}

/// The message of an answer for nobody in particular.
pub fn message(answer: &Answer) -> CreateInteractionResponseMessage {
    message_for(answer, &Audience::default())
}

/// The message of an answer for an audience (a new message, an update, or a follow-up).
pub fn message_for(answer: &Answer, audience: &Audience) -> CreateInteractionResponseMessage {
    let (m, ephemeral) = from_parts!(
        CreateInteractionResponseMessage::new(),
        parts_for(answer, audience)
    );
    if ephemeral { m.ephemeral(true) } else { m }
}

/// A channel message of an answer to a mention or DM (nothing is ephemeral there), for its
/// audience: the 🗑 of the member who asked, the Report button.
pub fn channel_message(answer: &Answer, audience: &Audience) -> CreateMessage {
    from_parts!(CreateMessage::new(), parts_for(answer, audience)).0
}

/// A channel message of a card alone, pinging nobody (a report to the moderators).
pub fn card_message(card: &Card) -> CreateMessage {
    CreateMessage::new()
        .allowed_mentions(mentions(None))
        .embed(embed(card))
}

/// An edit of a deferred response (the `/reindex` report).
pub fn edit(answer: &Answer) -> EditInteractionResponse {
    from_parts!(EditInteractionResponse::new(), parts(answer)).0
}

/// The response to a command or message: a new message.
pub fn response(answer: &Answer) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(message(answer))
}

/// The response to a command for an audience: a new message.
pub fn response_for(answer: &Answer, audience: &Audience) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(message_for(answer, audience))
}

/// The response to an autocomplete: at most 25 choices, names and values 1..=100 chars.
pub fn autocomplete(choices: &[Choice]) -> CreateInteractionResponse {
    let mut out = CreateAutocompleteResponse::new();
    for c in choices.iter().take(limits::AUTOCOMPLETE_CHOICES_MAX) {
        let name = truncate(&c.label, limits::CHOICE_MAX_CHARS);
        let value = truncate(&c.value, limits::CHOICE_MAX_CHARS);
        if !name.is_empty() && !value.is_empty() {
            out = out.add_string_choice(name, value);
        }
    }
    CreateInteractionResponse::Autocomplete(out)
}

/// The JSON body Discord receives for a response.
pub fn body(response: &CreateInteractionResponse) -> Value {
    // Serialising serenity's builders cannot fail: they are plain maps of strings and numbers.
    serde_json::to_value(response).unwrap_or(Value::Null)
}
