//! Registered commands checked as Discord checks a bulk overwrite (the OpenAPI
//! `ApplicationCommandUpdateRequest` and its option schemas in `discord-api-spec`, with the
//! rules its prose adds: names, descriptions, required options first, subcommands not mixed
//! with other options, choices). A command Discord would refuse gets 400 (50035). Pure JSON.

use serde_json::Value;

/// Option types (`ApplicationCommandOptionType`).
const SUB_COMMAND: u64 = 1;
const SUB_COMMAND_GROUP: u64 = 2;
const STRING: u64 = 3;
const ATTACHMENT: u64 = 11;

/// Options, choices and commands of one kind at most
/// (<https://discord.com/developers/docs/interactions/application-commands#registering-a-command>).
const OPTIONS_MAX: usize = 25;
const CHOICES_MAX: usize = 25;
const COMMANDS_MAX: usize = 100;

/// A chat command's or option's name: 1-32 lowercase letters, digits, `-` or `_`.
fn name_problem(name: &Value, chat: bool) -> Option<String> {
    let Some(name) = name.as_str() else {
        return Some("name is missing".into());
    };
    let count = name.chars().count();
    if !(1..=32).contains(&count) {
        return Some(format!("name {name:?} is not 1-32 characters"));
    }
    let fits = |c: char| c.is_alphanumeric() && !c.is_uppercase() || c == '-' || c == '_';
    if chat && !name.chars().all(fits) {
        return Some(format!(
            "name {name:?} is not lowercase letters, digits, - or _"
        ));
    }
    None
}

fn description_problem(what: &str, description: &Value) -> Option<String> {
    let count = description.as_str().map_or(0, |d| d.chars().count());
    (!(1..=100).contains(&count)).then(|| format!("{what}: description is not 1-100 characters"))
}

fn choices_problem(what: &str, option: &Value) -> Option<String> {
    let choices = option["choices"].as_array()?;
    if choices.len() > CHOICES_MAX {
        return Some(format!("{what}: more than {CHOICES_MAX} choices"));
    }
    choices.iter().find_map(|c| {
        let name = c["name"].as_str().map_or(0, |n| n.chars().count());
        let string = option["type"] == STRING;
        if !(1..=100).contains(&name) {
            Some(format!("{what}: a choice's name is not 1-100 characters"))
        } else if string && !c["value"].is_string() {
            Some(format!(
                "{what}: a string option's choice value is not a string"
            ))
        } else {
            None
        }
    })
}

/// An option list: at most 25, names unique, required ones first, subcommands not mixed with
/// values; each option's own rules (`nested`: inside a subcommand, where no subcommand goes).
fn options_problem(what: &str, options: &Value, nested: bool) -> Option<String> {
    let options = options.as_array()?;
    if options.len() > OPTIONS_MAX {
        return Some(format!("{what}: more than {OPTIONS_MAX} options"));
    }
    let kinds: Vec<u64> = options
        .iter()
        .map(|o| o["type"].as_u64().unwrap_or(0))
        .collect();
    let subs = kinds
        .iter()
        .filter(|&&k| k == SUB_COMMAND || k == SUB_COMMAND_GROUP)
        .count();
    if subs != 0 && subs != kinds.len() {
        return Some(format!("{what}: subcommands mixed with other options"));
    }
    if nested && subs != 0 {
        return Some(format!("{what}: a subcommand inside a subcommand"));
    }
    let mut optional_seen = false;
    let mut names = Vec::new();
    for (o, kind) in options.iter().zip(&kinds) {
        let name = o["name"].as_str().unwrap_or_default();
        let here = format!("{what} {name}");
        if names.contains(&name) {
            return Some(format!("{what}: option {name} twice"));
        }
        names.push(name);
        if !(SUB_COMMAND..=ATTACHMENT).contains(kind) {
            return Some(format!("{here}: unknown option type {kind}"));
        }
        if let Some(p) = name_problem(&o["name"], true)
            .or_else(|| description_problem(&here, &o["description"]))
            .or_else(|| choices_problem(&here, o))
        {
            return Some(p);
        }
        let required = o["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            return Some(format!("{here}: a required option after an optional one"));
        }
        optional_seen |= !required;
        if let Some(n) = o["max_length"]
            .as_u64()
            .filter(|&n| !(1..=6000).contains(&n))
        {
            return Some(format!("{here}: max_length {n} is not 1-6000"));
        }
        if *kind == SUB_COMMAND
            && let Some(p) = options_problem(&here, &o["options"], true)
        {
            return Some(p);
        }
    }
    None
}

/// Why Discord would refuse this list of commands, if it would.
pub fn problem(commands: &Value) -> Option<String> {
    let Some(commands) = commands.as_array() else {
        return Some("the body is not a list of commands".into());
    };
    if commands.len() > COMMANDS_MAX {
        return Some(format!("more than {COMMANDS_MAX} commands"));
    }
    let mut names = Vec::new();
    commands.iter().find_map(|c| {
        // Type 1 (or none): a chat command; 2 and 3 are user and message menus.
        let chat = c["type"].as_u64().unwrap_or(1) == 1;
        let name = c["name"].as_str().unwrap_or_default().to_string();
        let key = (name.clone(), c["type"].as_u64().unwrap_or(1));
        if names.contains(&key) {
            return Some(format!("command {name} twice"));
        }
        names.push(key);
        if let Some(p) = name_problem(&c["name"], chat) {
            return Some(p);
        }
        if !chat {
            let empty = c["description"].as_str().is_none_or(str::is_empty);
            return (!empty || c["options"].as_array().is_some_and(|o| !o.is_empty()))
                .then(|| format!("{name}: a menu command has a description or options"));
        }
        description_problem(&name, &c["description"])
            .or_else(|| options_problem(&name, &c["options"], false))
    })
}
