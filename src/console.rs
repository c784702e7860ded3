//! The local console: a line → `Request` → `Handler::handle` → terminal text. Type
//! `/exercise hip rotation`, a question, or the number of a button under the last card; on a
//! terminal the line is edited with rustyline (arrows, history). Knows the domain's `Handler`;
//! no serenity, no Tantivy.

use std::io::{self, BufRead, Write};

use crate::domain::answer::Answer;
use crate::domain::handler::Handler;
use crate::domain::page::PageId;
use crate::domain::request::{Filters, Request};
use crate::domain::vocabulary;
use crate::terminal;

/// Turns a console line into a request; `last` is the previous answer (for button numbers)
/// and `context` the last exercise asked about.
pub fn parse_line(line: &str, last: Option<&Answer>, context: Option<&PageId>) -> Option<Request> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    if let (Ok(n), Some(Answer::Card(card))) = (line.parse::<usize>(), last)
        && let Some(action) = n.checked_sub(1).and_then(|i| card.actions.get(i))
    {
        return Some(Request::Component {
            custom_id: action.custom_id.clone(),
            values: Vec::new(),
        });
    }
    let (command, rest) = match line.strip_prefix('/') {
        Some(cmd) => cmd.split_once(' ').unwrap_or((cmd, "")),
        None => ("ask", line),
    };
    let rest = rest.trim().to_string();
    Some(match command {
        "exercise" | "e" => Request::Exercise { query: rest },
        "related" | "r" => Request::Related { exercise: rest },
        "compare" | "c" => {
            let (a, b) = rest
                .split_once(',')
                .or_else(|| rest.split_once(" vs "))
                .unwrap_or((rest.as_str(), ""));
            Request::Compare {
                a: a.trim().into(),
                b: b.trim().into(),
            }
        }
        "find" | "f" => Request::Find {
            filters: filters_from_words(&rest),
        },
        "help" | "h" | "?" => Request::Help,
        _ => Request::Ask {
            question: if command == "ask" {
                rest
            } else {
                line.to_string()
            },
            context: context.cloned(),
        },
    })
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
                Ok((io::stdin().lock().read_line(&mut line)? > 0).then_some(line))
            }
        }
    }
}

/// Runs the console until end of input or `/quit`, its cards in `style`.
///
/// # Errors
/// When stdin or stdout fail.
pub fn run(handler: &dyn Handler, style: terminal::Style) -> io::Result<()> {
    let mut stdout = io::stdout();
    writeln!(
        stdout,
        "spotter console: type /exercise hip rotation, a question, a button's number, /help or /quit."
    )?;
    let mut lines = Lines::open();
    let mut last: Option<Answer> = None;
    let mut context: Option<PageId> = None;
    while let Some(line) = lines.next(&mut stdout)? {
        if matches!(line.trim(), "/quit" | "/exit" | "/q") {
            return Ok(());
        }
        let Some(request) = parse_line(&line, last.as_ref(), context.as_ref()) else {
            continue;
        };
        let answer = handler.handle(&request);
        if let Answer::Card(card) = &answer
            && card.page.is_some()
        {
            context = card.page.clone();
        }
        writeln!(stdout, "{}\n", terminal::render(&answer, style))?;
        last = Some(answer);
    }
    Ok(())
}
