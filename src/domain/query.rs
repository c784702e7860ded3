//! What a question comes to, in the words every stage shares: what is asked (`Intent`), with
//! which filters (`Filters`), and the whole reading of a question (`Query`). Its own module so
//! the stage that reads questions (`understand`), the requests (`request`) and the button ids
//! (`custom_id`) all use it without importing each other. Data only: no reading, no wording.

use super::page::Difficulty;
use super::vocabulary::Kind;

/// What a question asks for (DESIGN's table). Its list (`ALL`, in declaration order) and its
/// custom-id codes (`reps`, the variant's name in lower case unless named) are derived by
/// `strum`, so a new intent is in both by construction.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
pub enum Intent {
    /// The exercise's card.
    Overview,
    /// Target and secondary muscles.
    Muscles,
    /// Whether a beginner can do it.
    Beginner,
    /// The rep range.
    Reps,
    /// Numbered steps.
    HowTo,
    /// Pro tips.
    Tips,
    /// Common mistakes.
    Mistakes,
    /// Similar exercises and alternatives.
    Related,
    /// A list filtered by muscle, equipment, difficulty, body part.
    Find,
    /// A general question answered from the FAQ pages.
    #[strum(serialize = "faq")]
    GeneralFaq,
    /// Two exercises side by side.
    Compare,
}

impl Intent {
    /// Every intent, in declaration order (the exercise card's buttons first).
    pub const ALL: &'static [Intent] = <Intent as strum::VariantArray>::VARIANTS;

    /// Whether a card about one exercise can switch to this intent with a button. A match
    /// without a catch-all, so a new intent has to say.
    pub fn on_exercise_card(self) -> bool {
        match self {
            Intent::Overview
            | Intent::Muscles
            | Intent::Beginner
            | Intent::Reps
            | Intent::HowTo
            | Intent::Tips
            | Intent::Mistakes
            | Intent::Related => true,
            Intent::Find | Intent::GeneralFaq | Intent::Compare => false,
        }
    }

    /// The intents of an exercise card's buttons, in `ALL`'s order.
    pub fn exercise_buttons() -> impl Iterator<Item = Intent> {
        Intent::ALL.iter().copied().filter(|i| i.on_exercise_card())
    }

    /// The short code used in custom ids (`reps`).
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The intent of a custom-id code (exactly as `code` writes it).
    pub fn from_code(code: &str) -> Option<Intent> {
        code.parse().ok()
    }

    /// A button label (`How to`).
    pub fn label(self) -> &'static str {
        match self {
            Intent::Overview => "Overview",
            Intent::Muscles => "Muscles",
            Intent::Beginner => "Beginner?",
            Intent::Reps => "Reps",
            Intent::HowTo => "How to",
            Intent::Tips => "Tips",
            Intent::Mistakes => "Mistakes",
            Intent::Related => "Related",
            Intent::Find => "Find",
            Intent::GeneralFaq => "FAQ",
            Intent::Compare => "Compare",
        }
    }
}

/// A question, understood.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// What is asked.
    pub intent: Intent,
    /// Whether the intent came from the wording (`false`: the default for a bare name).
    pub explicit: bool,
    /// The words left to name an exercise (intent phrases and filler removed).
    pub subject: String,
    /// The second exercise of a comparison.
    pub other: Option<String>,
    /// Vocabulary filters named in the question.
    pub filters: Filters,
    /// Every subject word is vocabulary or filler (`beginner glute exercises with a band`,
    /// `how many reps for strength`): it names an exercise only if it is a whole name.
    pub generic: bool,
    /// Subject words that are neither vocabulary nor topic words: the words that could name
    /// an exercise (the caller asks the index whether any does).
    pub free: Vec<String>,
    /// The question asks for several exercises (`asks_for_list`), read once here.
    pub listing: bool,
    /// The question's content words, for FAQ search.
    pub keywords: Vec<String>,
}

/// Filters of a `find` (all optional; canonical vocabulary names).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// A muscle, matched as target or secondary.
    pub muscle: Option<String>,
    /// An equipment name.
    pub equipment: Option<String>,
    /// A difficulty.
    pub difficulty: Option<Difficulty>,
    /// A body part.
    pub body_part: Option<String>,
    /// A category.
    pub category: Option<String>,
}

impl Filters {
    /// The slot of a facet's filter.
    pub fn slot(&mut self, kind: Kind) -> &mut Option<String> {
        match kind {
            Kind::Muscle => &mut self.muscle,
            Kind::Equipment => &mut self.equipment,
            Kind::BodyPart => &mut self.body_part,
            Kind::Category => &mut self.category,
        }
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self.muscle.is_none()
            && self.equipment.is_none()
            && self.difficulty.is_none()
            && self.body_part.is_none()
            && self.category.is_none()
    }

    /// The filters as words for a title (`Beginner · Glutes · Resistance Band`).
    pub fn describe(&self) -> String {
        let parts: Vec<&str> = [
            self.difficulty.map(|d| d.as_str()),
            self.muscle.as_deref(),
            self.body_part.as_deref(),
            self.equipment.as_deref(),
            self.category.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes are in buttons already posted (`v1:reps:plank`): they must not change.
    #[test]
    fn intent_codes_are_pinned_and_round_trip() {
        let codes: Vec<&str> = Intent::ALL.iter().map(|i| i.code()).collect();
        assert_eq!(
            codes,
            [
                "overview", "muscles", "beginner", "reps", "howto", "tips", "mistakes", "related",
                "find", "faq", "compare"
            ]
        );
        for &i in Intent::ALL {
            assert_eq!(Intent::from_code(i.code()), Some(i));
        }
        assert_eq!(Intent::from_code("Reps"), None, "codes are exact");
        let buttons: Vec<Intent> = Intent::exercise_buttons().collect();
        assert_eq!(buttons, Intent::ALL[..8]);
    }
}
