//! What moderators ask of the bot besides answers, transport-neutral: the questions it could
//! not answer (as a list card) and a page's markdown (as a file). The `Moderation` trait the
//! transports call, and the pure composing of its cards. Knows no storage, Discord or index.

use super::answer::{Answer, Card, Tone};

/// One line of `/unanswered`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnansweredLine {
    /// The normalised question.
    pub question: String,
    /// How often, over the days listed.
    pub count: u64,
    /// First seen, unix seconds.
    pub first_seen: i64,
    /// Last seen, unix seconds.
    pub last_seen: i64,
    /// A member reported the answer (issue 13), rather than nothing matching.
    pub reported: bool,
}

/// A page's markdown, to be sent as a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageFile {
    /// The attachment's file name: the page id and `.md` (`plank.md`).
    pub name: String,
    /// The page's path inside the corpus, for the message (`exercises/plank.md`).
    pub path: String,
    /// Its bytes as on disk.
    pub bytes: Vec<u8>,
}

/// Why a moderator's request was not done: one sentence for that moderator alone (kept
/// apart from `Answer`, which is far larger, so a `Result` of it stays small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    /// A refusal of this text.
    pub fn new(text: impl Into<String>) -> Refusal {
        Refusal(text.into())
    }

    /// The refusal as the private notice the moderator is shown.
    pub fn answer(&self) -> Answer {
        Answer::Notice {
            text: self.0.clone(),
            ephemeral: true,
        }
    }
}

/// A page a moderator uploaded, downloaded by the transport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// The attachment's file name as Discord gave it.
    pub filename: String,
    /// The `name` option: the page's file name to write, when not the attachment's.
    pub name: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Who uploaded it, for the log and "a reindex started by …".
    pub by: String,
}

/// A page of the corpus, as a removal names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRef {
    /// Its id.
    pub id: String,
    /// Its path inside the corpus.
    pub path: String,
}

/// The moderators' side of a handler. Synchronous, like `Handler`: transports call it off
/// their async threads. Rights are checked by the transport before any call.
pub trait Moderation: Send + Sync {
    /// The most asked questions the bot could not answer in `guild` (`None`: direct
    /// messages) over the last `days` days, as a card; a notice when the records are off.
    fn unanswered(&self, guild: Option<u64>, days: u32) -> Answer;

    /// The markdown of the page `name` (an exercise's name as autocompleted, a page id or
    /// its path in the corpus).
    ///
    /// # Errors
    /// What to tell the moderator instead (no such page, the file unreadable).
    fn page_source(&self, name: &str) -> Result<PageFile, Refusal>;

    /// Whether an upload of `filename` (as `name`, when given) may go ahead before it is
    /// downloaded; the largest page accepted, in bytes (`corpus.max_page_bytes`), when it
    /// may, for the transport to check the attachment's size before downloading.
    ///
    /// # Errors
    /// The refusal saying why not (read-only, built in, kept in git; not `.md`; a hostile
    /// name).
    fn accepts(&self, filename: &str, name: Option<&str>) -> Result<u64, Refusal>;

    /// Checks an uploaded page in the context of the corpus and, when clean, writes it (the
    /// previous version kept) and reindexes; the answer lists every problem otherwise.
    fn upload(&self, upload: &Upload) -> Answer;

    /// The page `/page remove NAME` would remove, for its confirm prompt.
    ///
    /// # Errors
    /// Why not: no such page, or the corpus cannot be changed.
    fn removal_target(&self, name: &str) -> Result<PageRef, Refusal>;

    /// Removes the page `id` once confirmed (a copy kept) and reindexes.
    fn remove(&self, id: &str, by: &str) -> Answer;
}

/// The days `/unanswered` and `spotter unanswered` cover when none are given.
pub const UNANSWERED_DAYS_DEFAULT: u32 = 30;

/// Lines `/unanswered` lists at most: one card holds 25 lines of a cut question each within
/// Discord's 4096-character description
/// (<https://discord.com/developers/docs/resources/message#embed-object-embed-limits>).
pub const UNANSWERED_MAX_LINES: usize = 25;
/// How much of a question a line shows, in characters (25 × this stays under 4096).
pub const UNANSWERED_LINE_MAX_CHARS: usize = 100;

/// `YYYY-MM-DD` of unix seconds, UTC (Howard Hinnant's civil-from-days).
pub fn date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The `/unanswered` card: the lines, most asked first, each with its count and when it was
/// last seen; an empty list says so.
pub fn unanswered_card(lines: &[UnansweredLine], days: u32) -> Answer {
    let mut card = Card::new(
        format!("Questions I could not answer, last {days} day(s)"),
        Tone::List,
    );
    if lines.is_empty() {
        card.description = "None: every question found an answer.".into();
        return Answer::Card(card);
    }
    let text: Vec<String> = lines
        .iter()
        .take(UNANSWERED_MAX_LINES)
        .enumerate()
        .map(|(i, l)| {
            let mut q: String = l.question.chars().take(UNANSWERED_LINE_MAX_CHARS).collect();
            if l.question.chars().count() > UNANSWERED_LINE_MAX_CHARS {
                q.push('…');
            }
            let kind = if l.reported { " · reported" } else { "" };
            format!(
                "{}. **{}×** {q} (last {}{kind})",
                i + 1,
                l.count,
                date(l.last_seen)
            )
        })
        .collect();
    card.description = text.join("\n");
    card.footer = Some(format!(
        "Top {} · counts per normalised question · no user is recorded",
        text.len()
    ));
    Answer::Card(card)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_798_761_600), "2027-01-01");
    }

    #[test]
    fn a_card_lists_counts_and_cuts_long_questions() {
        let line = |q: &str, count| UnansweredLine {
            question: q.into(),
            count,
            first_seen: 0,
            last_seen: 86_400,
            reported: false,
        };
        let long = "x".repeat(300);
        let Answer::Card(card) = unanswered_card(&[line("zercher carry", 3), line(&long, 1)], 7)
        else {
            panic!("a card");
        };
        let lines: Vec<&str> = card.description.lines().collect();
        assert_eq!(lines[0], "1. **3×** zercher carry (last 1970-01-02)");
        assert!(lines[1].chars().count() < 140, "{}", lines[1]);
    }
}
