//! `spotter find`: its filters as flags or words, each checked against the values the corpus
//! uses (an unknown one is an error listing them). Wiring only: the list is the app's.

use std::process::ExitCode;

use clap::Args;

use super::{Cli, ListArgs, Output, Place, UsageError, open, show};
use crate::app::App;
use crate::config::Config;
use crate::console;
use crate::domain::page::Difficulty;
use crate::domain::request::{Filters, Request};
use crate::domain::vocabulary::Kind;

/// `spotter find`'s filters.
#[derive(Debug, Args)]
pub struct FindArgs {
    /// A muscle (glutes, quads, lats…).
    #[arg(long)]
    pub muscle: Option<String>,
    /// Equipment (band, dumbbell, body weight…).
    #[arg(long)]
    pub equipment: Option<String>,
    /// Beginner, Intermediate or Advanced.
    #[arg(long)]
    pub difficulty: Option<String>,
    /// Legs, Arms, Back, Core, Shoulders, Chest, Cardio, Neck.
    #[arg(long)]
    pub body_part: Option<String>,
    /// Strength, Mobility, Stretching, Cardio, Plyometrics, Balance, Rehabilitation.
    #[arg(long)]
    pub category: Option<String>,
    /// Filters as words ("beginner glutes band").
    pub words: Vec<String>,
    /// Output format.
    #[command(flatten)]
    pub output: Output,
    /// How much of the list.
    #[command(flatten)]
    pub list: ListArgs,
    /// Where to read.
    #[command(flatten)]
    pub place: Place,
}

/// A filter value given on the command line: one the corpus uses (its own spelling or a
/// vocabulary name for it), else an error listing the corpus's values.
fn filter_value(
    app: &App,
    kind: Kind,
    value: Option<String>,
    what: &str,
) -> Result<Option<String>, UsageError> {
    let Some(v) = value else {
        return Ok(None);
    };
    let searcher = app.searcher();
    let values = searcher.values();
    values.find(kind, &v).map(Some).ok_or_else(|| {
        let known: Vec<&str> = values
            .of_kind(kind)
            .iter()
            .map(|(v, _)| v.as_str())
            .collect();
        UsageError(format!(
            "this corpus has no {what} \"{v}\"; it has: {}",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// `spotter find`: filters from flags and words, each checked against the corpus's values.
pub(super) fn find(cli: &Cli, config: &Config, args: &FindArgs) -> anyhow::Result<ExitCode> {
    let FindArgs {
        muscle,
        equipment,
        difficulty,
        body_part,
        category,
        words,
        output,
        list,
        place: _,
    } = args;
    let joined = |words: &[String]| words.join(" ");
    let mut filters = console::filters_from_words(&joined(words));
    let difficulty = match difficulty {
        Some(d) => Some(
            d.parse::<Difficulty>()
                .map_err(|unknown| UsageError(format!("--difficulty: {unknown}")))?,
        ),
        None => filters.difficulty,
    };
    let given = [muscle, equipment, body_part, category];
    if given.iter().all(|g| g.is_none()) && difficulty.is_none() && filters.is_empty() {
        return Err(UsageError(
            "give at least one filter: --muscle, --equipment, --difficulty, --body-part or --category"
                .into(),
        )
        .into());
    }
    let app = open(cli, config)?;
    filters = Filters {
        muscle: filter_value(&app, Kind::Muscle, muscle.clone(), "muscle")?.or(filters.muscle),
        equipment: filter_value(&app, Kind::Equipment, equipment.clone(), "equipment")?
            .or(filters.equipment),
        difficulty,
        body_part: filter_value(&app, Kind::BodyPart, body_part.clone(), "body part")?
            .or(filters.body_part),
        category: filter_value(&app, Kind::Category, category.clone(), "category")?
            .or(filters.category),
    };
    show::answer(app, Request::Find { filters }, (cli, config), output, list)
}
