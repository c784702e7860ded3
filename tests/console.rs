//! The local console through its line handler (`console::Session`) over the shipped corpus:
//! one numbering for list items, menu choices, suggestions and buttons; a number with nothing
//! on screen said so; context after every card (a comparison asks which one); the console's
//! own help. And the binary: on a pseudo-terminal Up recalls a line and Ctrl-D leaves on a
//! new line; piped input ends on a new line too.

use std::io::Write;
use std::process::Stdio;

use spotter::Layout;
use spotter::{ConsoleReply as Reply, Session};

use crate::support::{console_with, shipped};

fn session() -> Session<'static> {
    Session::new(shipped(), Layout::PLAIN)
}

/// The text of the reply to `line`.
fn say(session: &mut Session<'_>, line: &str) -> String {
    match session.respond(line) {
        Reply::Text(text) => text,
        Reply::Quit => panic!("{line:?} quit the console"),
    }
}

fn title(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The name of list item `n` as the text shows it (`   3. Name (url) — …`).
fn item(text: &str, n: usize) -> String {
    let prefix = format!("{n}. ");
    let line = text
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no item {n} in:\n{text}"));
    let rest = &line[prefix.len()..];
    let end = [rest.find(" ("), rest.find(" —")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn list_numbers_open_their_items_and_buttons_number_after_them() {
    let mut s = session();
    let list = say(&mut s, "/related plank");
    assert!(list.contains("10. "), "{list}");
    // The buttons take the numbers after the list's: no number means two things.
    assert!(list.contains("[11] Overview"), "{list}");
    assert!(!list.contains("[1] "), "{list}");
    let third = item(&list, 3);
    let opened = say(&mut s, "3");
    assert_eq!(title(&opened), format!("━━ {third} ━━"), "{opened}");
    say(&mut s, "/related plank");
    let overview = say(&mut s, "11");
    assert_eq!(title(&overview), "━━ Plank ━━");
    assert!(overview.contains("Target Muscle: Abdominals"), "{overview}");
}

#[test]
fn next_and_previous_page_a_list_and_its_numbers_follow() {
    let mut s = session();
    let first = say(&mut s, "/find glutes");
    assert!(first.contains("(1–10 of"), "{first}");
    assert!(first.contains("[11] Next ▶"), "{first}");
    let second = say(&mut s, "11");
    assert!(second.contains("(11–20 of"), "{second}");
    assert!(second.contains("[21] ◀ Previous  [22] Next ▶"), "{second}");
    let twelfth = item(&second, 12);
    let opened = say(&mut s, "12");
    assert_eq!(title(&opened), format!("━━ {twelfth} ━━"), "{opened}");
    say(&mut s, "/find glutes");
    say(&mut s, "11");
    let back = say(&mut s, "21");
    assert!(back.contains("(1–10 of"), "{back}");
}

#[test]
fn menu_choices_and_suggestions_are_numbered_after_the_buttons() {
    let mut s = session();
    let card = say(&mut s, "/exercise press");
    let menu = card
        .lines()
        .position(|l| l.contains("Pick another match:"))
        .unwrap_or_else(|| panic!("no menu:\n{card}"));
    let choice = card.lines().nth(menu + 1).unwrap().trim();
    let (number, name) = choice
        .strip_prefix('[')
        .and_then(|c| c.split_once("] "))
        .unwrap_or_else(|| panic!("{choice}"));
    // The last button above the menu has the number before the menu's first.
    let last_button = card
        .lines()
        .take(menu)
        .flat_map(|l| l.split('[').skip(1))
        .filter_map(|b| b.split_once(']')?.0.parse::<usize>().ok())
        .max()
        .unwrap_or_else(|| panic!("no buttons:\n{card}"));
    assert_eq!(number.parse::<usize>().unwrap(), last_button + 1, "{card}");
    let opened = say(&mut s, number);
    assert_eq!(title(&opened), format!("━━ {name} ━━"), "{opened}");

    let missing = say(&mut s, "/exercise zzqqxx");
    assert!(missing.contains("Did you mean:"), "{missing}");
    let first = missing
        .lines()
        .find_map(|l| l.trim().strip_prefix("[1] "))
        .unwrap_or_else(|| panic!("{missing}"))
        .to_string();
    let opened = say(&mut s, "1");
    assert_eq!(title(&opened), format!("━━ {first} ━━"), "{opened}");
}

#[test]
fn a_number_nothing_has_is_said_not_asked() {
    let mut s = session();
    let nothing = say(&mut s, "1");
    assert!(
        nothing.starts_with("Nothing on screen has the number 1"),
        "{nothing}"
    );
    let card = say(&mut s, "plank");
    assert!(card.contains("[8] Harder"), "{card}");
    let past = say(&mut s, "40");
    assert_eq!(
        past,
        "Nothing on screen has the number 40; the numbers are 1–8."
    );
    // The screen still stands: its numbers still choose.
    let muscles = say(&mut s, "1");
    assert!(muscles.contains("Abdominals"), "{muscles}");
}

#[test]
fn after_a_comparison_a_question_without_a_name_asks_which_one() {
    let mut s = session();
    let compare = say(&mut s, "/compare goblet squat vs front squat");
    assert_eq!(title(&compare), "━━ Goblet Squat vs Front Squat ━━");
    let which = say(&mut s, "is it good for beginners?");
    assert_eq!(which, "Which one? [1] Goblet Squat  [2] Front Squat");
    let front = say(&mut s, "2");
    assert_eq!(title(&front), "━━ Front Squat ━━", "{front}");
    assert!(front.contains("(Beginner friendly?)"), "{front}");
    // The card answered is the context now.
    let reps = say(&mut s, "how many reps should I do?");
    assert_eq!(title(&reps), "━━ Front Squat ━━", "{reps}");
    // A question naming an exercise is not asked back.
    say(&mut s, "/compare goblet squat, front squat");
    let named = say(&mut s, "is the plank good for beginners?");
    assert_eq!(title(&named), "━━ Plank ━━", "{named}");
}

#[test]
fn a_list_card_clears_the_context() {
    let mut s = session();
    say(&mut s, "plank");
    say(&mut s, "/find glutes band");
    let after = say(&mut s, "is it good for beginners?");
    assert!(!after.contains("Plank"), "{after}");
}

#[test]
fn help_lists_quit_the_aliases_and_numbers_and_unknown_commands_show_it() {
    let mut s = session();
    let help = say(&mut s, "/help");
    for part in [
        "/quit",
        "(/q",
        "(/e)",
        "(/r)",
        "(/f)",
        "(/c)",
        "Numbers choose",
    ] {
        assert!(help.contains(part), "{part}:\n{help}");
    }
    assert!(!help.contains('`'), "{help}");
    assert!(help.lines().all(|l| l.chars().count() <= 80), "{help}");
    assert_eq!(say(&mut s, "/?"), help);
    let unknown = say(&mut s, "/frobnicate plank");
    assert!(
        unknown.starts_with("There is no /frobnicate.\n"),
        "{unknown}"
    );
    assert!(unknown.ends_with(&help), "{unknown}");
    // A question about nothing gets the console's help, not Discord's.
    let empty = say(&mut s, "/ask");
    assert_eq!(empty, help);
    for quit in ["/quit", "/q", "/exit"] {
        assert_eq!(session().respond(quit), Reply::Quit);
    }
}

#[test]
fn end_of_input_leaves_on_a_new_line() {
    let console = console_with(b"plank\n");
    assert!(console.ends_with("> \n"), "{console:?}");
}

/// The console on a pseudo-terminal (util-linux `script`), driven key by key: each key is sent
/// once the screen shows what it waits for, so nothing depends on timing.
struct Terminal {
    child: std::process::Child,
    keys: std::process::ChildStdin,
    screen: std::sync::mpsc::Receiver<Vec<u8>>,
    seen: String,
    _cache: tempfile::TempDir,
}

impl Terminal {
    fn open() -> Terminal {
        let cache = tempfile::tempdir().unwrap();
        let command = format!("{} --corpus corpus", env!("CARGO_BIN_EXE_spotter"));
        let mut child = std::process::Command::new("script")
            .current_dir(crate::support::root())
            .env("XDG_CACHE_HOME", cache.path())
            .env("TERM", "xterm")
            .args(["-qec", &command, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("util-linux script runs");
        let mut out = child.stdout.take().unwrap();
        let (tx, screen) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Terminal {
            keys: child.stdin.take().unwrap(),
            child,
            screen,
            seen: String::new(),
            _cache: cache,
        }
    }

    /// Waits until `needle` has been shown `count` times in all.
    fn wait_for(&mut self, needle: &str, count: usize) {
        while self.seen.matches(needle).count() < count {
            match self.screen.recv_timeout(std::time::Duration::from_secs(60)) {
                Ok(bytes) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("{needle:?} not shown {count} times:\n{:?}", self.seen),
            }
        }
    }

    /// Waits until `marker` has been shown `count` times and a prompt after the last of them:
    /// rustyline draws the prompt once the terminal is raw, so keys sent now are read as keys.
    /// (Counting prompts alone is not enough: rustyline redraws the prompt as a line changes.)
    fn prompt_after(&mut self, marker: &str, count: usize) {
        self.wait_for(marker, count);
        loop {
            let at = self.seen.rfind(marker).expect("the marker was shown");
            if self.seen[at..].contains("> ") {
                return;
            }
            match self.screen.recv_timeout(std::time::Duration::from_secs(60)) {
                Ok(bytes) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(_) => panic!("no prompt after {marker:?}:\n{:?}", self.seen),
            }
        }
    }

    fn type_keys(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }
}

#[test]
fn on_a_terminal_up_recalls_a_line_and_ctrl_d_leaves_on_a_new_line() {
    let mut t = Terminal::open();
    t.prompt_after("/help or /quit.", 1);
    t.type_keys("plank\r");
    t.prompt_after("━━ Plank ━━", 1);
    // Up recalls the line before instead of sending ^[[A as a question.
    t.type_keys("\u{1b}[A\r");
    t.prompt_after("━━ Plank ━━", 2);
    assert!(!t.seen.contains("No exercise matches"), "{:?}", t.seen);
    t.type_keys("40\r");
    t.prompt_after("Nothing on screen has the number 40", 1);
    t.type_keys("\u{4}");
    // A console that does not leave fails the test instead of hanging it.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = t.child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = t.child.kill();
            panic!("Ctrl-D did not end the console:\n{:?}", t.seen);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    while let Ok(bytes) = t.screen.recv_timeout(std::time::Duration::from_secs(5)) {
        t.seen.push_str(&String::from_utf8_lossy(&bytes));
    }
    assert_eq!(status.code(), Some(0), "{:?}", t.seen);
    let last = &t.seen[t.seen.rfind("> ").unwrap()..];
    assert!(last.ends_with("\r\n"), "{last:?}");
    assert_eq!(last.matches('\n').count(), 1, "one new line: {last:?}");
}
