//! `CustomId`: the versioned id of a button, select or modal (`v1:reps:plank`,
//! `v1:list:1:r:-0:plank`, `v1:del:42`, `v1:rep:plank:/exercise plank`), at most 100 chars.
//! Format and parse round-trip; anything else is rejected, never guessed. Knows what a list
//! and a report are named by (`list`, `report`), never where keys are stored.

use std::fmt;
use std::str::FromStr;

use super::list::{ListRef, ListSpec};
use super::page::PageId;
use super::query::Intent;
use super::report::{QUESTION_KEY_BITS, ReportRef};

/// Discord's limit on a component's `custom_id`
/// (<https://discord.com/developers/docs/interactions/message-components#button-object>).
pub const CUSTOM_ID_MAX_CHARS: usize = 100;

/// The format version; bump it when the meaning of the parts changes, so old buttons are told
/// apart instead of misread.
const VERSION: &str = "v1";

/// What a component does when clicked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomId {
    /// A button: answer `intent` for the exercise `page` (`v1:reps:plank`).
    Show {
        /// The intent to answer.
        intent: Intent,
        /// The exercise.
        page: PageId,
    },
    /// A select menu: answer `intent` for the chosen value (`v1:pick:overview`).
    Pick {
        /// The intent to answer for the chosen page.
        intent: Intent,
    },
    /// A paging button: page `page` (0-based) of a list (`v1:list:1:f:Calves||||`, or
    /// `v1:list:1:k:<key>` for a stored one).
    List {
        /// The list.
        list: ListRef,
        /// The page to show.
        page: u16,
    },
    /// The 🗑 button: delete the message, by the member `owner` who asked (or a moderator).
    Remove {
        /// The user id of the member who asked.
        owner: u64,
    },
    /// The Report button, and the modal it opens (the same id): what the report is about
    /// (`v1:rep:plank:/exercise plank`, or `v1:repk:<key>:<page>:<start of the question>…`).
    Report(ReportRef),
}

/// The longest `v1:list:<page>:` prefix (a page is a `u16`).
const LIST_PREFIX_MAX_CHARS: usize = "v1:list:65535:".len();
/// A report about a question that fits: `v1:rep:<page>:<question>`.
const REPORT_PREFIX: &str = "v1:rep:";
/// A report about a question cut to fit: `v1:repk:<key>:<page>:<question's start>`.
const REPORT_KEYED_PREFIX: &str = "v1:repk:";

impl CustomId {
    /// A button id, or `None` when the page id is too long to fit Discord's limit.
    pub fn show(intent: Intent, page: &PageId) -> Option<CustomId> {
        // `v1:` + code + `:` + page, as `Display` writes it, counted without formatting.
        let len = VERSION.len() + 1 + intent.code().len() + 1 + page.as_str().chars().count();
        (len <= CUSTOM_ID_MAX_CHARS).then(|| CustomId::Show {
            intent,
            page: page.clone(),
        })
    }

    /// A Report button's id for a card from `page` answering `question`: the question whole
    /// when it fits, else its start and the key `keep` stores the whole question under.
    pub fn report(
        page: Option<&PageId>,
        question: &str,
        keep: impl FnOnce(&str) -> u64,
    ) -> CustomId {
        let page_chars = page.map_or(0, |p| p.as_str().chars().count());
        let whole = REPORT_PREFIX.len() + page_chars + 1 + question.chars().count();
        if whole <= CUSTOM_ID_MAX_CHARS {
            return CustomId::Report(ReportRef {
                page: page.cloned(),
                question: question.to_string(),
                key: None,
            });
        }
        let key = keep(question) & ((1u64 << QUESTION_KEY_BITS) - 1);
        // A page id has 80 chars at most: with the 8 of the key, two are always left.
        let room = CUSTOM_ID_MAX_CHARS
            .saturating_sub(REPORT_KEYED_PREFIX.len() + base36(key).len() + 1 + page_chars + 1);
        let mut head: String = question.chars().take(room.saturating_sub(1)).collect();
        if room > 0 {
            head.push('…');
        }
        CustomId::Report(ReportRef {
            page: page.cloned(),
            question: head,
            key: Some(key),
        })
    }

    /// Whether a list's spec fits a paging button's id inline, whatever the page.
    pub fn fits_inline(spec: &ListSpec) -> bool {
        LIST_PREFIX_MAX_CHARS + spec.encode().chars().count() <= CUSTOM_ID_MAX_CHARS
    }
}

fn base36(mut n: u64) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("base-36 digits are ASCII")
}

fn list_ref(text: &str) -> Option<ListRef> {
    match text.strip_prefix("k:") {
        Some(key) => {
            let n = u64::from_str_radix(key, 36).ok()?;
            (base36(n) == key).then_some(ListRef::Stored(n))
        }
        None => ListSpec::parse(text).map(ListRef::Inline),
    }
}

/// The parts of a report id after `rep:` (`<page>:<question>`) or `repk:`
/// (`<key>:<page>:<question>`); a page only as `PageId::new` leaves it.
fn report_ref(keyed: bool, text: &str) -> Option<ReportRef> {
    let (key, rest) = match keyed {
        true => {
            let (key, rest) = text.split_once(':')?;
            let n = u64::from_str_radix(key, 36).ok()?;
            if base36(n) != key {
                return None;
            }
            (Some(n), rest)
        }
        false => (None, text),
    };
    let (page, question) = rest.split_once(':')?;
    let page = match page {
        "" => None,
        p => {
            let id = PageId::new(p);
            if id.as_str() != p {
                return None;
            }
            Some(id)
        }
    };
    Some(ReportRef {
        page,
        question: question.to_string(),
        key,
    })
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomId::Show { intent, page } => write!(f, "{VERSION}:{}:{page}", intent.code()),
            CustomId::Pick { intent } => write!(f, "{VERSION}:pick:{}", intent.code()),
            CustomId::List { list, page } => match list {
                ListRef::Inline(spec) => write!(f, "{VERSION}:list:{page}:{}", spec.encode()),
                ListRef::Stored(key) => write!(f, "{VERSION}:list:{page}:k:{}", base36(*key)),
            },
            CustomId::Remove { owner } => write!(f, "{VERSION}:del:{owner}"),
            CustomId::Report(r) => {
                let page = r.page.as_ref().map_or("", PageId::as_str);
                match r.key {
                    None => write!(f, "{VERSION}:rep:{page}:{}", r.question),
                    Some(key) => {
                        write!(f, "{VERSION}:repk:{}:{page}:{}", base36(key), r.question)
                    }
                }
            }
        }
    }
}

/// Why a custom id was not understood.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CustomIdError {
    /// Another version, or not one of ours.
    #[error("unknown custom id version")]
    Version,
    /// Our version, but the parts do not fit.
    #[error("malformed custom id")]
    Malformed,
}

impl FromStr for CustomId {
    type Err = CustomIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.chars().count() > CUSTOM_ID_MAX_CHARS {
            return Err(CustomIdError::Malformed);
        }
        let mut parts = s.splitn(3, ':');
        if parts.next() != Some(VERSION) {
            return Err(CustomIdError::Version);
        }
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            return Err(CustomIdError::Malformed);
        };
        match a {
            "pick" => {
                let intent = Intent::from_code(b).ok_or(CustomIdError::Malformed)?;
                return Ok(CustomId::Pick { intent });
            }
            "list" => {
                let (page, list) = b.split_once(':').ok_or(CustomIdError::Malformed)?;
                let id = CustomId::List {
                    page: page.parse().map_err(|_| CustomIdError::Malformed)?,
                    list: list_ref(list).ok_or(CustomIdError::Malformed)?,
                };
                // One spelling only (`01` is not page 1).
                return (id.to_string() == s)
                    .then_some(id)
                    .ok_or(CustomIdError::Malformed);
            }
            "del" => {
                let owner: u64 = b.parse().map_err(|_| CustomIdError::Malformed)?;
                let id = CustomId::Remove { owner };
                return (id.to_string() == s)
                    .then_some(id)
                    .ok_or(CustomIdError::Malformed);
            }
            "rep" | "repk" => {
                let id = report_ref(a == "repk", b)
                    .map(CustomId::Report)
                    .ok_or(CustomIdError::Malformed)?;
                return (id.to_string() == s)
                    .then_some(id)
                    .ok_or(CustomIdError::Malformed);
            }
            _ => {}
        }
        let intent = Intent::from_code(a).ok_or(CustomIdError::Malformed)?;
        // Only an id `PageId::new` makes (it is idempotent) is ours: nothing is guessed.
        let page = PageId::new(b);
        if page.as_str() != b {
            return Err(CustomIdError::Malformed);
        }
        Ok(CustomId::Show { intent, page })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::page::PAGE_ID_MAX_CHARS;

    #[test]
    fn round_trips() {
        for id in [
            CustomId::show(Intent::Reps, &PageId::new("plank")).unwrap(),
            CustomId::Pick {
                intent: Intent::Overview,
            },
            CustomId::List {
                list: ListRef::Stored(u64::MAX),
                page: u16::MAX,
            },
            CustomId::List {
                list: ListRef::Inline(ListSpec::Related {
                    page: PageId::new("plank"),
                    wanted: Default::default(),
                }),
                page: 1,
            },
            CustomId::Remove { owner: u64::MAX },
            CustomId::report(Some(&PageId::new("plank")), "/ask is it ok: for me?", |_| 0),
            CustomId::report(None, "/find muscle:Calves", |_| 0),
            CustomId::report(Some(&PageId::new("plank")), &"why ".repeat(40), |_| {
                u64::MAX
            }),
        ] {
            assert!(id.to_string().chars().count() <= CUSTOM_ID_MAX_CHARS);
            assert_eq!(id.to_string().parse::<CustomId>(), Ok(id));
        }
        assert_eq!(
            CustomId::show(Intent::Reps, &PageId::new("plank"))
                .unwrap()
                .to_string(),
            "v1:reps:plank"
        );
    }

    #[test]
    fn rejects_what_it_did_not_make() {
        assert_eq!(
            "v0:reps:plank".parse::<CustomId>(),
            Err(CustomIdError::Version)
        );
        assert_eq!(
            "v1:dance:plank".parse::<CustomId>(),
            Err(CustomIdError::Malformed)
        );
        for bad in [
            "v1:list:01:k:a",
            "v1:list:1:k:0a",
            "v1:list:x:k:a",
            "v1:del:07",
            "v1:del:",
        ] {
            assert_eq!(
                bad.parse::<CustomId>(),
                Err(CustomIdError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(
            "v1:reps:".parse::<CustomId>(),
            Err(CustomIdError::Malformed)
        );
        assert_eq!(
            "v1:reps:a/b".parse::<CustomId>(),
            Err(CustomIdError::Malformed)
        );
        assert_eq!(
            "v1:reps:Plank".parse::<CustomId>(),
            Err(CustomIdError::Malformed)
        );
        for bad in [
            "v1:rep:Plank:q",
            "v1:rep:plank",
            "v1:repk:0a:plank:q",
            "v1:repk::plank:q",
        ] {
            assert_eq!(
                bad.parse::<CustomId>(),
                Err(CustomIdError::Malformed),
                "{bad}"
            );
        }
        // Every id fits every intent's button: ids are capped (issue 6).
        for &intent in Intent::ALL {
            assert!(
                format!("v1:{}:", intent.code()).len() + PAGE_ID_MAX_CHARS <= CUSTOM_ID_MAX_CHARS
            );
            let long = CustomId::show(intent, &PageId::new(&"é".repeat(500))).expect("fits");
            assert_eq!(long.to_string().parse::<CustomId>(), Ok(long));
        }
        // A related list of any page id fits inline (80 chars of id at most).
        let long = ListSpec::Related {
            page: PageId::new(&"é".repeat(500)),
            wanted: Default::default(),
        };
        assert!(CustomId::fits_inline(&long));
    }

    #[test]
    fn report_ids_carry_the_question_whole_or_its_start_and_a_key() {
        let plank = PageId::new("plank");
        let short = CustomId::report(Some(&plank), "/exercise plank", |_| panic!("fits"));
        assert_eq!(short.to_string(), "v1:rep:plank:/exercise plank");
        let question = format!("/ask {}", "is a plank safe when my back hurts ".repeat(5));
        let mut kept = String::new();
        let long = CustomId::report(Some(&plank), &question, |q| {
            kept = q.to_string();
            u64::MAX
        });
        assert_eq!(kept, question, "the whole question is stored");
        let text = long.to_string();
        assert_eq!(text.chars().count(), CUSTOM_ID_MAX_CHARS, "{text}");
        assert!(
            text.starts_with("v1:repk:") && text.ends_with('…'),
            "{text}"
        );
        let CustomId::Report(r) = text.parse::<CustomId>().unwrap() else {
            panic!("a report id");
        };
        assert_eq!(r.key, Some((1 << QUESTION_KEY_BITS) - 1));
        assert!(question.starts_with(r.question.trim_end_matches('…')));
        // The longest page id still leaves room for the key and a character.
        let longest = PageId::new(&"é".repeat(500));
        let id = CustomId::report(Some(&longest), &question, |_| u64::MAX).to_string();
        assert!(id.chars().count() <= CUSTOM_ID_MAX_CHARS, "{id}");
        assert!(id.parse::<CustomId>().is_ok(), "{id}");
    }
}
