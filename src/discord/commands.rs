//! The application commands as data: the slash commands' names, options, choices and
//! permissions, and the message context menu. Registered with one bulk overwrite
//! (`rest::register`). Knows serenity's builders; never the index.

use serenity::all::{
    CommandOptionType, CommandType, CreateCommand, CreateCommandOption, Permissions,
};

use crate::domain::page::Difficulty;
use crate::domain::vocabulary::Kind;

/// The commands spotter answers. Its list (`ALL`) and its names (the variant's name in lower
/// case unless named) are derived by `strum`, so a new command is in both by construction.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr, strum::EnumString,
)]
#[strum(serialize_all = "lowercase")]
pub enum CommandName {
    /// `/exercise query`.
    Exercise,
    /// `/ask question`.
    Ask,
    /// `/related exercise`.
    Related,
    /// `/find muscle equipment difficulty body_part`.
    Find,
    /// `/compare a b`.
    Compare,
    /// `/reindex` (moderators).
    Reindex,
    /// `/help`.
    Help,
    /// "Find exercises in this message": a message's context menu (type 3). A context menu's
    /// name is what the menu shows (1-32 characters, spaces allowed:
    /// <https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming>).
    #[strum(serialize = "Find exercises in this message")]
    FindInMessage,
}

impl CommandName {
    /// Every command, in declaration order.
    pub const ALL: &'static [CommandName] = <CommandName as strum::VariantArray>::VARIANTS;

    /// The name Discord shows.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The command of a name (exactly as Discord sends it); `None` for one we did not
    /// register.
    pub fn parse(name: &str) -> Option<CommandName> {
        name.parse().ok()
    }
}

/// Discord's limit on an option's choices
/// (<https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-structure>).
const CHOICES_MAX: usize = 25;

fn text(name: &str, description: &str, autocomplete: bool) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::String, name, description)
        .required(true)
        .max_length(200)
        .set_autocomplete(autocomplete)
}

fn choices(
    name: &str,
    description: &str,
    values: impl Iterator<Item = &'static str>,
) -> CreateCommandOption {
    values.take(CHOICES_MAX).fold(
        CreateCommandOption::new(CommandOptionType::String, name, description),
        |o, v| o.add_string_choice(v, v),
    )
}

/// `hide` and `target`, the last options of every command that answers with a card: only
/// the asker sees it, or it is suggested to one member (pinged, nobody else).
fn delivery(command: CreateCommand) -> CreateCommand {
    command
        .add_option(CreateCommandOption::new(
            CommandOptionType::Boolean,
            "hide",
            "Only you see the answer",
        ))
        .add_option(CreateCommandOption::new(
            CommandOptionType::User,
            "target",
            "Suggest it to a member (they are pinged)",
        ))
}

/// A `/find` facet option: its values are whatever the live corpus uses (a corpus may have
/// more than Discord's 25 choices, and other names than any list), so Discord asks for them
/// as the member types (`Handler::facet_choices`).
fn facet(name: &str, description: &str) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::String, name, description)
        .max_length(100)
        .set_autocomplete(true)
}

/// The facet a `/find` option filters on.
pub fn facet_of(option: &str) -> Option<Kind> {
    match option {
        "muscle" => Some(Kind::Muscle),
        "equipment" => Some(Kind::Equipment),
        "body_part" => Some(Kind::BodyPart),
        "category" => Some(Kind::Category),
        _ => None,
    }
}

/// Every command definition, in registration order.
pub fn definitions() -> Vec<CreateCommand> {
    vec![
        delivery(CreateCommand::new(CommandName::Exercise.as_str())
            .description("Show an exercise: muscles, equipment, difficulty. Typos and partial names are fine.")
            .add_option(text("query", "The exercise, e.g. hip rotation", true))),
        delivery(CreateCommand::new(CommandName::Ask.as_str())
            .description("Ask anything about exercises: muscles, reps, form, tips, beginners, alternatives")
            .add_option(text("question", "e.g. what muscles does the plank work?", false))),
        delivery(CreateCommand::new(CommandName::Related.as_str())
            .description("Find exercises similar to one, or alternatives to it")
            .add_option(text("exercise", "The exercise, e.g. leg press", true))),
        delivery(CreateCommand::new(CommandName::Find.as_str())
            .description("List exercises by muscle, equipment, difficulty or body part (pick at least one)")
            .add_option(facet("muscle", "Target or secondary muscle"))
            .add_option(facet("equipment", "Equipment"))
            .add_option(choices("difficulty", "Difficulty", Difficulty::ALL.iter().map(|d| d.as_str())))
            .add_option(facet("body_part", "Body part"))
            .add_option(facet("category", "Category (strength, stretching, …)"))),
        delivery(CreateCommand::new(CommandName::Compare.as_str())
            .description("Compare two exercises side by side")
            .add_option(text("a", "The first exercise", true))
            .add_option(text("b", "The second exercise", true))),
        CreateCommand::new(CommandName::Reindex.as_str())
            .description("Moderators: re-read the exercise pages and switch to the new index")
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .dm_permission(false),
        CreateCommand::new(CommandName::Help.as_str()).description("What spotter can answer, with examples"),
        // A message command has no description or options (Discord refuses them).
        CreateCommand::new(CommandName::FindInMessage.as_str()).kind(CommandType::Message),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names are what Discord has registered and sends back: they must not change.
    #[test]
    fn command_names_are_pinned_and_parse_back() {
        let names: Vec<&str> = CommandName::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            names,
            [
                "exercise",
                "ask",
                "related",
                "find",
                "compare",
                "reindex",
                "help",
                "Find exercises in this message"
            ]
        );
        for &c in CommandName::ALL {
            assert_eq!(CommandName::parse(c.as_str()), Some(c));
        }
        assert_eq!(CommandName::parse("Exercise"), None, "names are exact");
        assert_eq!(definitions().len(), CommandName::ALL.len());
    }
}
