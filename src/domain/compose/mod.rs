//! Records (and what the search found) → `Answer`, one function per intent: the beginner
//! verdict from the page's own answer (Difficulty when it says neither), the page's own rep
//! range or labelled general guidance, related exercises with the reasons they are related,
//! an entry of the exercise's own FAQ. Pure: no index, no Discord.

mod compare;
mod list;

pub use compare::compare_answer;
pub use list::{MENU_CHOICES, NONE_NAMED, find_answer, names_in_answer};
use list::{levels, page_of};

use crate::domain::answer::{Action, Answer, Card, CardField, Choice, LinkOut, Menu, Tone};
use crate::domain::custom_id::CustomId;
use crate::domain::list::ListPage;
use crate::domain::page::{Difficulty, Exercise, FaqEntry, PageId, Profile};
use crate::domain::page_faq;
use crate::domain::parse::is_reps_question;
use crate::domain::understand::Intent;

/// How a card links to pages.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// `corpus.page_url`, with `{id}` standing for the page id
    /// (`https://example.org/exercise/{id}`); empty when pages have no public URL.
    pub page_url: String,
}

impl Links {
    /// The public URL of a page, when pages have one.
    pub fn url(&self, id: &PageId) -> Option<String> {
        let template = self.page_url.trim();
        if template.is_empty() {
            return None;
        }
        Some(if template.contains("{id}") {
            template.replace("{id}", id.as_str())
        } else {
            format!("{}/{}", template.trim_end_matches('/'), id)
        })
    }
}

/// A general FAQ answer found for a question, with its source page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FaqHit {
    /// The page it is on.
    pub page: PageId,
    /// That page's title.
    pub page_title: String,
    /// The question and answer.
    pub entry: FaqEntry,
}

/// What the search adds to an exercise's own page for a card.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// Similar exercises, best first (never the exercise itself).
    pub related: Vec<Profile>,
    /// General guidance for the exercise's category, used when its page states no reps.
    pub general_reps: Option<FaqHit>,
    /// Other close matches for what was typed, for a "did you mean" menu.
    pub alternatives: Vec<Choice>,
    /// A word of care shown above a related list (the question told of pain).
    pub note: Option<String>,
    /// The page of the related list shown, when the list pages; `None`: the first, no buttons.
    pub list: Option<ListPage>,
    /// The corpus has an easier exercise of the same movement or target: an Easier button.
    pub easier: bool,
    /// The corpus has a harder one: a Harder button.
    pub harder: bool,
}

/// Answers `intent` for one exercise.
pub fn exercise_answer(ex: &Exercise, intent: Intent, links: &Links, extras: &Extras) -> Answer {
    let mut card = Card::new(ex.name.clone(), Tone::Info);
    card.url = links.url(&ex.id);
    card.page = Some(ex.id.clone());
    card.source = Some(ex.id.clone());
    card.intent = Some(intent);
    match intent {
        Intent::Muscles => muscles(ex, &mut card),
        Intent::Beginner => beginner(ex, &mut card, extras),
        Intent::Reps => reps(ex, &mut card, extras),
        Intent::HowTo => {
            card.footer = Some("How to perform".into());
            card.description = if ex.steps.is_empty() {
                "This page has no steps yet.".into()
            } else {
                numbered(&ex.steps)
            };
        }
        Intent::Tips => {
            card.footer = Some("Pro tips".into());
            card.description = bullets_or(&ex.tips, "This page has no tips yet.");
        }
        Intent::Mistakes => {
            card.footer = Some("Common mistakes".into());
            card.description = bullets_or(&ex.mistakes, "This page lists no common mistakes yet.");
        }
        Intent::Related => related(ex, &mut card, links, extras),
        Intent::Overview | Intent::Find | Intent::GeneralFaq | Intent::Compare => {
            overview(ex, &mut card)
        }
    }
    card.actions = Intent::exercise_buttons()
        .filter(|i| *i != card.intent.unwrap_or(Intent::Overview))
        .filter_map(|i| {
            CustomId::show(i, &ex.id).map(|custom_id| Action {
                label: i.label().to_string(),
                custom_id,
            })
        })
        .collect();
    card.actions.extend(levels(ex, extras));
    if let Some(url) = &card.url {
        card.links.push(LinkOut {
            label: "Open page".into(),
            url: url.clone(),
        });
    }
    for link in &ex.related {
        let url = match &link.target {
            Some(target) => links.url(target),
            None if link.url.starts_with("https://") || link.url.starts_with("http://") => {
                Some(link.url.clone())
            }
            None => None,
        };
        if let Some(url) = url
            && !card.links.iter().any(|l| l.url == url)
        {
            card.links.push(LinkOut {
                label: link.text.clone(),
                url,
            });
        }
    }
    if !extras.alternatives.is_empty() {
        card.menu = Some(Menu {
            custom_id: CustomId::Pick { intent },
            placeholder: "Not this one? Pick another match".into(),
            choices: extras.alternatives.clone(),
        });
    }
    Answer::Card(card)
}

fn overview(ex: &Exercise, card: &mut Card) {
    card.description = ex.summary.clone();
    card.fields = vec![
        CardField::inline("Body Part", or_dash(&ex.body_part)),
        CardField::inline("Equipment", or_dash(&ex.equipment.join(", "))),
        CardField::inline("Target Muscle", or_dash(&ex.target)),
        CardField::inline("Secondary Muscles", or_dash(&ex.secondary.join(", "))),
        CardField::inline(
            "Difficulty",
            ex.difficulty
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        CardField::inline("Category", or_dash(ex.category.as_deref().unwrap_or(""))),
    ];
    for (k, v) in &ex.other_attributes {
        card.fields.push(CardField::inline(k.clone(), or_dash(v)));
    }
}

fn muscles(ex: &Exercise, card: &mut Card) {
    card.footer = Some("Muscles worked".into());
    card.fields = vec![
        CardField::inline("Target Muscle", or_dash(&ex.target)),
        CardField::inline("Secondary Muscles", or_dash(&ex.secondary.join(", "))),
        CardField::inline("Body Part", or_dash(&ex.body_part)),
    ];
    card.description = match faq_answer(ex, |q| q.contains("muscle") || q.contains("work")) {
        Some(answer) => answer,
        None if ex.secondary.is_empty() => {
            format!("The {} mainly works the {}.", ex.name, lower(&ex.target))
        }
        None => format!(
            "The {} mainly works the {}, with the {} assisting.",
            ex.name,
            lower(&ex.target),
            lower(&ex.secondary.join(", "))
        ),
    };
}

fn beginner(ex: &Exercise, card: &mut Card, extras: &Extras) {
    card.footer = Some("Beginner friendly?".into());
    let answer = page_faq::beginner_entry(ex).map(|f| f.answer.as_str());
    // The page's own answer decides when it opens with yes or no (and is then the verdict);
    // the Difficulty bullet only when it says neither.
    let verdict = match ex.difficulty {
        Some(Difficulty::Beginner) => "**Yes.** It is rated Beginner.",
        Some(Difficulty::Intermediate) => {
            "**Not as a first exercise.** It is rated Intermediate: learn an easier variation \
             first, then take it on light, with good form."
        }
        Some(Difficulty::Advanced) => {
            "**No, not as a first exercise.** It is rated Advanced: build up to it with easier \
             variations."
        }
        None => "The page does not rate its difficulty.",
    };
    // An answer opening with a plain yes or no is the verdict; one opening "Absolutely," or
    // "Not at first;" gets the plain word in front, so the card answers in one word first.
    card.description = match (answer, answer.and_then(page_faq::verdict)) {
        (Some(answer), Some(_)) if page_faq::opens_plainly(answer) => answer.to_string(),
        (Some(answer), Some(page_faq::Verdict::Yes)) => format!("**Yes.** {answer}"),
        (Some(answer), Some(page_faq::Verdict::No)) => format!("**No.** {answer}"),
        (Some(answer), None) => format!("{verdict}\n\n{answer}"),
        (None, _) => verdict.to_string(),
    };
    card.fields.push(CardField::inline(
        "Difficulty",
        ex.difficulty
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into()),
    ));
    if ex.difficulty != Some(Difficulty::Beginner) {
        let easier: Vec<String> = extras
            .related
            .iter()
            .filter(|r| r.difficulty == Some(Difficulty::Beginner))
            .take(3)
            .map(|r| r.name.clone())
            .collect();
        if !easier.is_empty() {
            card.fields
                .push(CardField::inline("Easier options", easier.join("\n")));
        }
    }
}

fn reps(ex: &Exercise, card: &mut Card, extras: &Extras) {
    card.footer = Some("Sets and reps".into());
    if let Some(range) = ex.reps.first() {
        card.fields
            .push(CardField::inline("Reps", range.text.clone()));
        card.description = ex
            .faq
            .iter()
            .find(|f| is_reps_question(&f.question) && f.answer.contains(&range.text))
            .map(|f| f.answer.clone())
            .unwrap_or_else(|| range.sentence.clone());
        return;
    }
    match &extras.general_reps {
        Some(hit) => {
            let category = ex.category.as_deref().unwrap_or("this kind of");
            card.description = format!(
                "This page does not state a rep range. General guidance for {} exercises, from \
                 *{}*:\n\n{}",
                lower(category),
                hit.page_title,
                hit.entry.answer
            );
            card.fields
                .push(CardField::inline("Source", "General guidance"));
            card.footer = Some(format!("General guidance · {}", hit.page_title));
        }
        None => {
            card.description = "This page does not state a rep range, and no general guidance \
                                page covers it yet."
                .into()
        }
    }
}

fn related(ex: &Exercise, card: &mut Card, links: &Links, extras: &Extras) {
    card.footer = Some("Related exercises".into());
    let mut lines = Vec::new();
    let me = ex.profile();
    let (w, pager) = page_of(extras.list.as_ref(), extras.related.len());
    for (n, r) in extras.related[w.start..w.end].iter().enumerate() {
        let reasons = shared(&me, r);
        let name = match links.url(&r.id) {
            Some(url) => format!("[{}]({url})", r.name),
            None => format!("**{}**", r.name),
        };
        if reasons.is_empty() {
            lines.push(format!("{}. {name}", w.start + n + 1));
        } else {
            lines.push(format!(
                "{}. {name} — {}",
                w.start + n + 1,
                reasons.join(", ")
            ));
        }
    }
    card.description = if lines.is_empty() {
        "No similar exercise is in the corpus yet.".into()
    } else {
        lines.join("\n")
    };
    if let Some(note) = &extras.note {
        card.description = format!("{note}\n\n{}", card.description);
    }
    // The page's own related links are in the list already (first, see `Searcher::related`);
    // links out of the corpus are the card's link buttons.
    let choices = extras.related[w.start..w.end]
        .iter()
        .map(summary_choice)
        .collect::<Vec<_>>();
    if let Some(pager) = pager {
        card.footer = Some(format!("Related exercises · {}", pager.position));
        card.pager = Some(pager);
    }
    if !choices.is_empty() && extras.alternatives.is_empty() {
        card.menu = Some(Menu {
            custom_id: CustomId::Pick {
                intent: Intent::Overview,
            },
            placeholder: "Open a related exercise".into(),
            choices,
        });
    }
}

/// What two exercises share, strongest first (`same target (Glutes)`).
fn shared(a: &Profile, b: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    if !a.target.is_empty() && a.target == b.target {
        out.push(format!("same target ({})", a.target));
    }
    if !a.body_part.is_empty() && a.body_part == b.body_part {
        out.push(a.body_part.to_lowercase().to_string());
    }
    let equipment: Vec<&String> = a
        .equipment
        .iter()
        .filter(|e| b.equipment.contains(e))
        .collect();
    if let Some(e) = equipment.first() {
        out.push(e.to_lowercase());
    }
    if a.difficulty.is_some() && a.difficulty == b.difficulty {
        out.push(
            a.difficulty
                .map(|d| d.as_str())
                .unwrap_or("")
                .to_lowercase()
                .to_string(),
        );
    }
    out
}

/// A select option for an exercise: its name, and target · difficulty.
pub fn summary_choice(ex: &Profile) -> Choice {
    let mut description = vec![];
    if !ex.target.is_empty() {
        description.push(ex.target.clone());
    }
    if let Some(e) = ex.equipment.first() {
        description.push(e.clone());
    }
    if let Some(d) = ex.difficulty {
        description.push(d.to_string());
    }
    Choice {
        label: ex.name.clone(),
        value: ex.id.to_string(),
        description: Some(description.join(" · ")).filter(|d| !d.is_empty()),
    }
}

/// A general FAQ answer, with its source and a few more questions from the corpus.
pub fn faq_answer_card(best: &FaqHit, more: &[&str], links: &Links) -> Answer {
    Answer::Card(faq_card(best, more, links))
}

fn faq_card(best: &FaqHit, more: &[&str], links: &Links) -> Card {
    let mut card = Card::new(best.entry.question.clone(), Tone::Info);
    card.intent = Some(Intent::GeneralFaq);
    card.source = Some(best.page.clone());
    card.url = links.url(&best.page);
    card.description = best.entry.answer.clone();
    card.footer = Some(format!("From: {}", best.page_title));
    let others: Vec<String> = more
        .iter()
        .filter(|q| **q != best.entry.question)
        .take(3)
        .map(|q| format!("• {q}"))
        .collect();
    if !others.is_empty() {
        card.fields
            .push(CardField::block("Related questions", others.join("\n")));
    }
    if let Some(url) = &card.url {
        card.links.push(LinkOut {
            label: "Read the page".into(),
            url: url.clone(),
        });
    }
    card
}

/// The entry of an exercise's own FAQ that a question asked, with the exercise's buttons
/// and its other questions.
pub fn own_faq_answer(ex: &Exercise, entry: &FaqEntry, links: &Links) -> Answer {
    let hit = FaqHit {
        page: ex.id.clone(),
        page_title: ex.name.clone(),
        entry: entry.clone(),
    };
    let more: Vec<&str> = ex.faq.iter().map(|f| f.question.as_str()).collect();
    let mut card = faq_card(&hit, &more, links);
    card.page = Some(ex.id.clone());
    card.actions = Intent::exercise_buttons()
        .filter_map(|i| {
            CustomId::show(i, &ex.id).map(|custom_id| Action {
                label: i.label().to_string(),
                custom_id,
            })
        })
        .collect();
    Answer::Card(card)
}

/// Words that find the general guidance on reps for a category, used when an exercise page
/// states no rep range (the FAQ pages answer per kind of training).
pub fn general_reps_words(category: Option<&str>) -> &'static [&'static str] {
    match category.map(str::to_lowercase).as_deref() {
        Some("mobility") => &["mobility", "drills", "reps", "sets"],
        Some("stretching") => &["long", "hold", "stretch"],
        Some("cardio") => &["cardio", "session", "long", "intervals"],
        Some("plyometrics") => &["plyometric", "jumps", "session", "contacts"],
        Some("balance") => &["balance", "training", "long", "hold"],
        Some("rehabilitation") => &["rehab", "exercises", "sets", "reps"],
        _ => &["reps", "sets", "build", "muscle"],
    }
}

/// Nothing matched: the closest names, or the most linked exercises.
pub fn not_found(query: &str, suggestions: Vec<Choice>) -> Answer {
    Answer::NotFound {
        query: query.to_string(),
        suggestions,
    }
}

/// What the bot can do, for `/help` and an empty question.
pub fn help() -> Answer {
    Answer::Notice {
        text: "Ask me about an exercise:\n\
               • `/exercise hip rotation`: the exercise card\n\
               • `/ask what muscles does the plank work?`: muscles, reps, form, tips, \
               mistakes, beginner-friendliness\n\
               • `/related deadlift`: similar exercises and alternatives\n\
               • `/find muscle:Glutes equipment:Resistance Band`: a filtered list\n\
               • `/compare bench press, dumbbell bench press`: side by side\n\
               Typos and partial names are fine."
            .into(),
        ephemeral: true,
    }
}

fn faq_answer(ex: &Exercise, question_is: impl Fn(&str) -> bool) -> Option<String> {
    ex.faq
        .iter()
        .find(|f| question_is(&f.question.to_lowercase()))
        .map(|f| f.answer.clone())
}

fn numbered(items: &[String]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(n, s)| format!("{}. {s}", n + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

fn bullets_or(items: &[String], empty: &str) -> String {
    if items.is_empty() {
        return empty.to_string();
    }
    items
        .iter()
        .map(|s| format!("• {s}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}
