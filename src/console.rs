//! The local console: a line → `Request` → `Handler::handle` → terminal text. Type
//! `/exercise hip rotation`, a question, or a number on screen (a list item, a menu choice, a
//! button); on a terminal the line is edited with rustyline (arrows, history). Knows the
//! domain's `Handler`; no serenity, no Tantivy.

use std::io::{self, BufRead, Write};

use crate::domain::answer::Answer;
use crate::domain::compose;
use crate::domain::custom_id::CustomId;
use crate::domain::handler::Handler;
use crate::domain::page::PageId;
use crate::domain::request::{Filters, Request};
use crate::domain::understand::{self, Intent};
use crate::domain::vocabulary;
use crate::terminal::{self, Layout, Screen};

/// The console's own help: its commands, their short forms, and what numbers do.
pub const HELP: &str = "\
Type a question (what muscles does the plank work?) or a command:
  /exercise NAME   (/e)   an exercise's card: /exercise hip rotation
  /ask QUESTION    (/a)   the same as typing the question
  /related NAME    (/r)   exercises like this one: /related deadlift
  /find WORDS      (/f)   a filtered list: /find glutes band beginner
  /compare A vs B  (/c)   side by side: /compare goblet squat vs front squat
  /help            (/h /?)  this help
  /quit            (/q /exit, or Ctrl-D)  leave
Numbers choose what is on screen: the list items, menu choices and [n] buttons
of the last answer share one numbering. A question without a name (is it good
for beginners?) is about the last exercise shown; after a comparison you are
asked which one. Typos and partial names are fine.";

/// The console's greeting.
const GREETING: &str =
    "spotter console: type a question (\"what muscles does the plank work?\"), /help or /quit.";

/// What one console line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// Nothing (an empty line, Ctrl-C).
    Empty,
    /// `/quit`.
    Quit,
    /// `/help`, or a command the console does not know (named, to say so).
    Help {
        /// The unknown command, without its slash.
        unknown: Option<String>,
    },
    /// A number: whatever has it on screen.
    Number(usize),
    /// A request for the handler; for `Ask`, the context is filled in by the session.
    Send(Request),
}

/// Reads one console line.
pub fn parse_line(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() {
        return Line::Empty;
    }
    if let Ok(n) = line.parse::<usize>() {
        return Line::Number(n);
    }
    let Some(command) = line.strip_prefix('/') else {
        return Line::Send(ask(line));
    };
    let (command, rest) = command
        .split_once(char::is_whitespace)
        .unwrap_or((command, ""));
    let rest = rest.trim().to_string();
    Line::Send(match command {
        "quit" | "q" | "exit" => return Line::Quit,
        "help" | "h" | "?" => return Line::Help { unknown: None },
        "ask" | "a" => ask(&rest),
        "exercise" | "e" => Request::Exercise { query: rest },
        "related" | "r" => Request::Related { exercise: rest },
        "compare" | "c" => {
            let (a, b) = split_pair(&rest).unwrap_or((rest.as_str(), ""));
            Request::Compare {
                a: a.trim().into(),
                b: b.trim().into(),
            }
        }
        "find" | "f" => Request::Find {
            filters: filters_from_words(&rest),
        },
        other => {
            return Line::Help {
                unknown: Some(other.to_string()),
            };
        }
    })
}

fn ask(question: &str) -> Request {
    Request::Ask {
        question: question.to_string(),
        context: None,
    }
}

/// Two exercise names in one text: `a, b`, `a vs b`, `a vs. b` or `a versus b`.
pub fn split_pair(text: &str) -> Option<(&str, &str)> {
    if let Some((a, b)) = text.split_once(',') {
        return Some((a.trim(), b.trim()));
    }
    // Each word's byte span, so the names keep their own spelling and inner spaces.
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let at = words.iter().position(|&(s, e)| {
        matches!(text[s..e].to_lowercase().as_str(), "vs" | "vs." | "versus")
    })?;
    let (before, after) = (at.checked_sub(1)?, words.get(at + 1)?);
    Some((&text[words[0].0..words[before].1], &text[after.0..]))
}

/// The exercises the last card was about, that a question without a name refers to.
#[derive(Clone, Debug, Default, PartialEq)]
enum Context {
    /// None yet, or the last card was a list of many.
    #[default]
    None,
    /// One exercise.
    One(PageId),
    /// A comparison's two, with their names: a question must say which.
    Two([(String, PageId); 2]),
}

impl Context {
    /// The context after `answer`: every card sets it (a list to none); a notice or a
    /// not-found leaves it.
    fn after(self, answer: &Answer) -> Context {
        let Answer::Card(card) = answer else {
            return self;
        };
        if let Some(page) = &card.page {
            return Context::One(page.clone());
        }
        let shown: Vec<(String, PageId)> = card
            .actions
            .iter()
            .filter_map(|a| match &a.custom_id {
                CustomId::Show {
                    intent: Intent::Overview,
                    page,
                } => Some((a.label.clone(), page.clone())),
                _ => None,
            })
            .collect();
        match <[_; 2]>::try_from(shown) {
            Ok(two) if card.intent == Some(Intent::Compare) => Context::Two(two),
            _ => Context::None,
        }
    }
}

/// One console session: the last screen (what its numbers choose) and the context.
pub struct Session<'a> {
    handler: &'a dyn Handler,
    layout: Layout,
    screen: Option<Screen>,
    context: Context,
}

/// What the session says to a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Text to print.
    Text(String),
    /// End the session (`/quit`, `/exit`).
    Quit,
}

impl<'a> Session<'a> {
    /// A new session over `handler`, printing in `layout`.
    pub fn new(handler: &'a dyn Handler, layout: Layout) -> Session<'a> {
        Session {
            handler,
            layout,
            screen: None,
            context: Context::None,
        }
    }

    /// The reply to one line of input.
    pub fn respond(&mut self, line: &str) -> Reply {
        let request = match parse_line(line) {
            Line::Empty => return Reply::Text(String::new()),
            Line::Quit => return Reply::Quit,
            Line::Help { unknown } => {
                let text = match unknown {
                    Some(c) => format!("There is no /{}.\n{HELP}", terminal::escape(&c)),
                    None => HELP.to_string(),
                };
                return Reply::Text(text);
            }
            Line::Number(n) => match self.screen.as_ref().and_then(|s| s.pick(n)) {
                Some(request) => request.clone(),
                None => return Reply::Text(self.no_number(n)),
            },
            Line::Send(Request::Ask { question, .. }) => match self.which_one(&question) {
                Some(screen) => return Reply::Text(self.show(screen)),
                None => Request::Ask {
                    context: match &self.context {
                        Context::One(page) => Some(page.clone()),
                        _ => None,
                    },
                    question,
                },
            },
            Line::Send(request) => request,
        };
        let answer = self.handler.handle(&request);
        self.context = std::mem::take(&mut self.context).after(&answer);
        let screen = if answer == compose::help() {
            Screen {
                text: HELP.to_string(),
                picks: Vec::new(),
            }
        } else {
            terminal::screen(&answer, self.layout)
        };
        Reply::Text(self.show(screen))
    }

    fn show(&mut self, screen: Screen) -> String {
        let text = screen.text.clone();
        self.screen = Some(screen);
        text
    }

    /// A number nothing on screen has: said, not asked as a question.
    fn no_number(&self, n: usize) -> String {
        match self.screen.as_ref().and_then(Screen::numbers) {
            Some(numbers) => {
                format!("Nothing on screen has the number {n}; the numbers are {numbers}.")
            }
            None => format!(
                "Nothing on screen has the number {n}: numbers choose the list items, choices and \
                 buttons of the last answer. Ask a question first."
            ),
        }
    }

    /// After a comparison, a question without a name: which of the two it is about, as a
    /// screen whose numbers ask it of each.
    fn which_one(&self, question: &str) -> Option<Screen> {
        let Context::Two(pair) = &self.context else {
            return None;
        };
        let q = understand::understand(question);
        if !q.subject.is_empty() || !q.explicit || q.intent == Intent::Compare {
            return None;
        }
        let picks: Vec<(usize, Request)> = pair
            .iter()
            .enumerate()
            .map(|(i, (_, page))| {
                let request = Request::Ask {
                    question: question.to_string(),
                    context: Some(page.clone()),
                };
                (i + 1, request)
            })
            .collect();
        let names: Vec<String> = pair
            .iter()
            .enumerate()
            .map(|(i, (name, _))| format!("[{}] {}", i + 1, terminal::escape(name)))
            .collect();
        Some(Screen {
            text: format!("Which one? {}", names.join("  ")),
            picks,
        })
    }
}

/// `/find` text (`muscle:glutes band beginner`) → filters, through the one vocabulary.
pub fn filters_from_words(text: &str) -> Filters {
    let norm = crate::domain::understand::normalise(&text.replace(':', " "));
    let words: Vec<&str> = norm
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "muscle" | "equipment" | "difficulty" | "body" | "part" | "category"
            )
        })
        .collect();
    let mut f = Filters::default();
    for m in vocabulary::mentions(&words) {
        f.slot(m.kind).get_or_insert_with(|| m.name.to_string());
    }
    f.difficulty = words.iter().find_map(|w| vocabulary::difficulty_word(w));
    f
}

/// The console's prompt.
const PROMPT: &str = "> ";

/// Where console lines come from: a line editor on a terminal (arrows, history, Ctrl-R), plain
/// lines otherwise (a pipe or a file, as scripts and the tests feed it).
enum Lines {
    Editor(Box<rustyline::DefaultEditor>),
    Plain,
}

impl Lines {
    fn open() -> Lines {
        use std::io::IsTerminal;
        if io::stdin().is_terminal() && io::stdout().is_terminal() {
            // A terminal rustyline cannot drive (an unknown TERM, say) still gets plain lines.
            if let Ok(editor) = rustyline::DefaultEditor::new() {
                return Lines::Editor(Box::new(editor));
            }
        }
        Lines::Plain
    }

    /// The next line; `None` at the end of input (Ctrl-D). Ctrl-C drops the line being typed.
    fn next(&mut self, stdout: &mut io::Stdout) -> io::Result<Option<String>> {
        use rustyline::error::ReadlineError;
        match self {
            Lines::Editor(editor) => match editor.readline(PROMPT) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        // Only the in-memory history can fail here, and it is a convenience.
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    Ok(Some(line))
                }
                Err(ReadlineError::Interrupted) => Ok(Some(String::new())),
                Err(ReadlineError::Eof) => Ok(None),
                Err(ReadlineError::Io(e)) => Err(e),
                Err(e) => Err(io::Error::other(e.to_string())),
            },
            Lines::Plain => {
                write!(stdout, "{PROMPT}")?;
                stdout.flush()?;
                let mut line = String::new();
                if io::stdin().lock().read_line(&mut line)? == 0 {
                    // The end of input leaves the prompt's line open: close it, so the shell's
                    // prompt starts on a line of its own (rustyline closes its own).
                    writeln!(stdout)?;
                    return Ok(None);
                }
                Ok(Some(line))
            }
        }
    }
}

/// Runs the console until end of input or `/quit`, its cards in `layout`.
///
/// # Errors
/// When stdin or stdout fail.
pub fn run(handler: &dyn Handler, layout: Layout) -> io::Result<()> {
    let mut stdout = io::stdout();
    writeln!(stdout, "{GREETING}")?;
    let mut lines = Lines::open();
    let mut session = Session::new(handler, layout);
    while let Some(line) = lines.next(&mut stdout)? {
        // A terminal may have been resized since the last answer: wrap to its width now.
        session.layout.width = terminal::stdout_width();
        match session.respond(&line) {
            Reply::Quit => return Ok(()),
            Reply::Text(text) if text.is_empty() => {}
            Reply::Text(text) => writeln!(stdout, "{text}\n")?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_a_comma_or_vs_and_keep_their_words() {
        let pair = |t| split_pair(t);
        assert_eq!(
            pair("goblet squat vs front squat"),
            Some(("goblet squat", "front squat"))
        );
        assert_eq!(
            pair("Plank  VS.  Side Plank"),
            Some(("Plank", "Side Plank"))
        );
        assert_eq!(pair("a versus b"), Some(("a", "b")));
        assert_eq!(
            pair("bench press, dumbbell bench press"),
            Some(("bench press", "dumbbell bench press"))
        );
        for none in ["vs plank", "plank vs", "plank", "canvas squat"] {
            assert_eq!(pair(none), None, "{none}");
        }
    }

    #[test]
    fn lines_read_as_commands_numbers_or_questions() {
        assert_eq!(parse_line("  "), Line::Empty);
        assert_eq!(parse_line(" 12 "), Line::Number(12));
        assert_eq!(parse_line("/q"), Line::Quit);
        assert_eq!(parse_line("/?"), Line::Help { unknown: None });
        assert_eq!(
            parse_line("/nope plank"),
            Line::Help {
                unknown: Some("nope".into())
            }
        );
        assert_eq!(
            parse_line("/e hip rotation"),
            Line::Send(Request::Exercise {
                query: "hip rotation".into()
            })
        );
        assert_eq!(parse_line("plank reps"), Line::Send(ask("plank reps")));
        assert_eq!(parse_line("/a plank reps"), Line::Send(ask("plank reps")));
    }
}
