//! `CustomId`: the versioned id of a button or select (`v1:reps:plank`), at most 100 chars.
//! Format and parse round-trip; anything else is rejected, never guessed.

use std::fmt;
use std::str::FromStr;

use super::page::PageId;
use super::query::Intent;

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
}

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
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomId::Show { intent, page } => write!(f, "{VERSION}:{}:{page}", intent.code()),
            CustomId::Pick { intent } => write!(f, "{VERSION}:pick:{}", intent.code()),
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
        if a == "pick" {
            let intent = Intent::from_code(b).ok_or(CustomIdError::Malformed)?;
            return Ok(CustomId::Pick { intent });
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
        ] {
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
        // Every id fits every intent's button: ids are capped (issue 6).
        for intent in Intent::ALL {
            assert!(
                format!("v1:{}:", intent.code()).len() + PAGE_ID_MAX_CHARS <= CUSTOM_ID_MAX_CHARS
            );
            let long = CustomId::show(intent, &PageId::new(&"é".repeat(500))).expect("fits");
            assert_eq!(long.to_string().parse::<CustomId>(), Ok(long));
        }
    }
}
