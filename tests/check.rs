//! `spotter check`: every problem as `path:line: message`, a summary, exit 1; never stops at
//! the first.

use crate::support::{bin, fixture_text};

#[test]
fn every_problem_is_reported_with_its_line() {
    let out = bin()
        .args(["check", "tests/fixtures/bad"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        fixture_text("bad/expected.txt")
    );
}

#[test]
fn the_shipped_corpus_has_no_problems() {
    let out = bin().args(["check", "corpus"]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("0 rejected, 0 problem(s), 0 warning(s)\n"),
        "{stdout}"
    );
}

#[test]
fn a_missing_folder_is_one_line_and_exit_2() {
    let out = bin()
        .args(["check", "no/such/folder"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no/such/folder"));
}

/// Issue 9: a file name with a newline and ESC, and page text with ESC and BEL, print as
/// escapes: nothing reaches the terminal raw and one problem is one line.
#[test]
fn control_characters_in_names_and_pages_are_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = fixture_text("bad/exercises/expert.md")
        .replace("Expert\n", "\u{1b}]0;pwned\u{7}Expert\u{1b}[2J\n");
    std::fs::write(dir.path().join("evil\u{1b}[31m\nname.md"), page).expect("write");
    let out = bin().arg("check").arg(dir.path()).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains(['\u{1b}', '\u{7}']), "{stdout:?}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].ends_with(
            "evil\\x1b[31m\\nname.md:10: Difficulty \"\\x1b]0;pwned\\x07Expert\\x1b[2J\" is not one of Beginner, Intermediate, Advanced"
        ),
        "{stdout}"
    );
}

/// Issue 9: a page's text reaches `ask`'s terminal output escaped.
#[test]
fn control_characters_in_answers_are_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = fixture_text("corpus/exercises/banded-side-step.md").replace(
        "# Banded Side Step",
        "# Banded Side Step\u{1b}]0;pwned\u{7}",
    );
    std::fs::write(dir.path().join("banded-side-step.md"), page).expect("write");
    let index = tempfile::tempdir().expect("temp dir");
    let out = bin()
        .arg("--corpus")
        .arg(dir.path())
        .arg("--index")
        .arg(index.path())
        .args(["exercise", "banded side step"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Banded Side Step\\x1b]0;pwned\\x07"),
        "{stdout}"
    );
    assert!(!stdout.contains(['\u{1b}', '\u{7}']), "{stdout:?}");
}

/// Issue 12: `check` warns on a value one edit from one many pages use, a name or alias on
/// two pages, a key given twice and an empty file; warnings fail the run only with --strict.
#[test]
fn check_warns_and_fails_on_warnings_only_when_strict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = |name: &str, target: &str, extra: &str| {
        format!(
            "# {name}\n\n## Quick answer\n\n{name} works the arms.\n\n- **Body Part:** Arms\n- **Equipment:** Dumbbell\n- **Target Muscle:** {target}\n- **Difficulty:** Beginner\n{extra}"
        )
    };
    let write =
        |file: &str, text: String| std::fs::write(dir.path().join(file), text).expect("write");
    for (file, name) in [("a.md", "Curl A"), ("b.md", "Curl B"), ("c.md", "Curl C")] {
        write(file, page(name, "Brachialis", ""));
    }
    write(
        "d.md",
        page("Curl D", "Brachializ", "- **Also Known As:** Curl A\n"),
    );
    write("e.md", page("Curl B", "Biceps", "- **Body Part:** Legs\n"));
    write("empty.md", String::new());
    let out = bin().arg("check").arg(dir.path()).output().expect("runs");
    let stdout =
        String::from_utf8_lossy(&out.stdout).replace(&format!("{}/", dir.path().display()), "");
    assert_eq!(
        stdout,
        "d.md:9: warning: Target Muscle \"Brachializ\" is on this page only; \"Brachialis\" (3 pages) is one edit away\n\
         d.md:11: warning: the name \"Curl A\" is also a name of a.md\n\
         e.md:1: warning: the name \"Curl B\" is also a name of b.md\n\
         e.md:11: warning: a second `Body Part` bullet; the first (line 7) is the one read\n\
         empty.md:1: warning: the file is empty\n\
         6 file(s), 6 page(s) served, 0 rejected, 0 problem(s), 5 warning(s)\n"
    );
    assert_eq!(out.status.code(), Some(0), "warnings alone pass");
    let strict = bin()
        .args(["check", "--strict"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");
}

/// Issue 12: front matter is read as simple YAML, and a line it cannot read is a warning on
/// its own line (the page still serves, with what could be read).
#[test]
fn front_matter_lines_not_read_are_warnings_with_their_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = "---\ntitle: \"Tight Hips\"\nkeywords:\n  - hips\n  nested: map\n\
                description: \"unclosed\n---\n# Tight Hips\n\nSome prose.\n";
    std::fs::write(dir.path().join("hips.md"), page).expect("write");
    let out = bin().arg("check").arg(dir.path()).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "warnings only: {stdout}");
    let shown = format!("{}/", dir.path().display());
    assert_eq!(
        stdout.replace(&shown, ""),
        "hips.md:5: warning: front matter line not read: it is not `key: value` (only simple \
         YAML is read: no nesting, no multi-line values)\n\
         hips.md:6: warning: front matter line not read: its value opens a quote that it does \
         not close\n\
         1 file(s), 1 page(s) served, 0 rejected, 0 problem(s), 2 warning(s)\n"
    );
}
