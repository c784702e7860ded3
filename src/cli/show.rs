//! How a one-shot command prints its answer: the JSON body Discord would get (`--json`) or a
//! terminal card, a list shown up to `--limit` (or `--all`) items by asking for its next pages,
//! and the CLI's own help where the answer is the Discord help. Wiring only: the answers are
//! the app's.

use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::{Cli, Output, help, print};
use crate::app::App;
use crate::config::Config;
use crate::discord::{render, report};
use crate::domain::answer::{Answer, Card};
use crate::domain::compose;
use crate::domain::handler::Handler;
use crate::domain::list::PAGE_SIZE;
use crate::domain::request::Request;
use crate::terminal;

/// `--limit` and `--all`: how much of a list a card shows.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Show up to N items of a list (default: 10, one page).
    #[arg(long, value_name = "N", conflicts_with = "json", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: Option<u32>,
    /// Show every item of a list.
    #[arg(long, conflicts_with_all = ["limit", "json"])]
    pub all: bool,
}

impl ListArgs {
    /// One page, when neither flag is given.
    pub const ONE_PAGE: ListArgs = ListArgs {
        limit: None,
        all: false,
    };

    fn items(&self) -> usize {
        match (self.all, self.limit) {
            (true, _) => usize::MAX,
            (false, Some(n)) => usize::try_from(n).unwrap_or(usize::MAX),
            (false, None) => PAGE_SIZE,
        }
    }
}

/// Whether a description line is a list item (`12. Name — …`).
fn is_item(line: &str) -> bool {
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    digits > 0 && line[digits..].starts_with(". ")
}

/// `card` (a page of a list) with the items of the pages after it, up to `items` in all,
/// and a footer saying how many of how many are shown. The paging buttons go: the command
/// line pages with `--limit` and `--all`.
fn gather(app: &App, mut card: Card, items: usize) -> Card {
    let Some(pager) = card.pager.take() else {
        return card;
    };
    let mut next = pager.next.clone();
    let mut shown = card.description.lines().filter(|l| is_item(l)).count();
    while shown < items {
        let Some(custom_id) = next.take() else { break };
        let page = app.handle(&Request::Component {
            custom_id,
            values: Vec::new(),
        });
        // A list that changed under us (a reindex) ends here: what was gathered stands.
        let Answer::Card(page) = page else { break };
        let more: Vec<&str> = page.description.lines().filter(|l| is_item(l)).collect();
        if more.is_empty() {
            break;
        }
        shown += more.len();
        card.description.push('\n');
        card.description.push_str(&more.join("\n"));
        if let (Some(menu), Some(extra)) = (card.menu.as_mut(), page.menu) {
            for choice in extra.choices {
                if !menu.choices.iter().any(|c| c.value == choice.value) {
                    menu.choices.push(choice);
                }
            }
        }
        next = page.pager.and_then(|p| p.next);
    }
    let mut kept = 0;
    let lines: Vec<&str> = card
        .description
        .lines()
        .filter(|l| {
            kept += usize::from(is_item(l));
            !is_item(l) || kept <= items
        })
        .collect();
    card.description = lines.join("\n");
    let shown = shown.min(items).min(pager.total);
    let mut position = format!("showing {shown} of {}", pager.total);
    if shown < pager.total {
        position.push_str("; --limit N or --all shows more");
    }
    card.footer = Some(match card.footer.take() {
        Some(footer) if footer.contains(&pager.position) => {
            footer.replace(&pager.position, &position)
        }
        Some(footer) => format!("{footer} · {position}"),
        None => position,
    });
    card
}

/// Answers one request and prints it. The app is not dropped: the process is about to exit,
/// and freeing a large index's catalog row by row costs a cold call milliseconds.
pub(super) fn answer(
    app: App,
    request: Request,
    (cli, config): (&Cli, &Config),
    output: &Output,
    list: &ListArgs,
) -> anyhow::Result<ExitCode> {
    let answer = app.handle(&request);
    if output.json {
        std::mem::forget(app);
        // What the bot sends for the same command: with a Report button when reports are
        // set up (no 🗑: nobody asked on Discord).
        let audience = render::Audience {
            report: config.discord.report_channel().and_then(|_| {
                report::Reporting::default().button(&report::asked(&request), &answer)
            }),
            ..render::Audience::default()
        };
        let body = render::body(&render::response_for(&answer, &audience));
        print(&serde_json::to_string_pretty(&body).context("encoding JSON")?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let layout = cli.layout(output.color);
    let text = if answer == compose::help() {
        // The Discord help names slash commands and their options: the command line has its
        // own.
        help::COMMANDS.to_string()
    } else {
        let answer = match answer {
            Answer::Card(card) => Answer::Card(gather(&app, card, list.items())),
            other => other,
        };
        terminal::render(&answer, layout)
    };
    std::mem::forget(app);
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
