//! Files that are not plain pages (issue 7): a BOM and CR line ends are text, invalid UTF-8
//! names its line and byte, only regular files are read (FIFOs and devices never hang or
//! flood a command), each under a size cap, and everything left out is a `check` problem.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use spotter::{Loaded, MAX_PAGE_BYTES_DEFAULT, load_corpus};

use crate::support::{bin, fixture_text};

/// Runs a command, failing the test if it has not finished in `limit` (a hang is the bug).
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let started = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn check(dir: &Path) -> (Option<i32>, String) {
    let mut cmd = bin();
    cmd.arg("check").arg(dir);
    let out = run_within(cmd, Duration::from_secs(60));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// An exercise page without related links (no other page is there to link to).
fn good() -> String {
    let text = fixture_text("corpus/exercises/banded-side-step.md");
    let end = text
        .find("## Related exercises")
        .expect("the fixture has related links");
    text[..end].to_string()
}

fn load(dir: &Path) -> Loaded {
    load_corpus(dir, dir, MAX_PAGE_BYTES_DEFAULT, &|_, _| {}).expect("loads")
}

fn problems(loaded: &Loaded, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    loaded
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect()
}

#[test]
fn bom_and_cr_line_ends_are_read_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = good();
    let expert = fixture_text("bad/exercises/expert.md");
    fs::write(dir.path().join("bom.md"), format!("\u{feff}{good}")).expect("write");
    fs::write(dir.path().join("crlf.md"), expert.replace('\n', "\r\n")).expect("write");
    fs::write(dir.path().join("cr.md"), expert.replace('\n', "\r")).expect("write");
    fs::write(
        dir.path().join("bom-cr.md"),
        format!("\u{feff}{}", expert.replace('\n', "\r")),
    )
    .expect("write");
    let loaded = load(dir.path());
    assert_eq!(
        problems(&loaded, dir.path()),
        [
            "bom-cr.md:10: Difficulty \"Expert\" is not one of Beginner, Intermediate, Advanced",
            "cr.md:10: Difficulty \"Expert\" is not one of Beginner, Intermediate, Advanced",
            "crlf.md:10: Difficulty \"Expert\" is not one of Beginner, Intermediate, Advanced",
        ]
    );
    assert_eq!(loaded.pages.len(), 1);
    assert_eq!(loaded.pages[0].title(), "Banded Side Step");
}

#[test]
fn invalid_utf8_names_its_line_and_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("latin1.md"), b"# Caf\xe9\n").expect("write");
    fs::write(
        dir.path().join("later.md"),
        b"# Name\r\n\r\ntext\r\n\xff more\r\n",
    )
    .expect("write");
    fs::write(dir.path().join("cr.md"), b"# Name\r\rtext\r\xc3").expect("write");
    assert_eq!(
        problems(&load(dir.path()), dir.path()),
        [
            "cr.md:4: the file is not valid UTF-8: byte 13 (0xc3); save it as UTF-8",
            "later.md:4: the file is not valid UTF-8: byte 16 (0xff); save it as UTF-8",
            "latin1.md:1: the file is not valid UTF-8: byte 5 (0xe9); save it as UTF-8",
        ]
    );
}

#[test]
fn only_regular_files_are_read_and_every_skipped_one_is_a_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let good = good();
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("target.md");
    fs::write(&target, &good).expect("write");
    let status = Command::new("mkfifo")
        .arg(root.join("fifo.md"))
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    std::os::unix::fs::symlink("/dev/zero", root.join("zero.md")).expect("link");
    std::os::unix::fs::symlink(&target, root.join("linked.md")).expect("link");
    std::os::unix::fs::symlink(outside.path(), root.join("folder")).expect("link");
    std::os::unix::fs::symlink(root.join("nowhere.md"), root.join("broken.md")).expect("link");

    let (code, stdout) = check(root);
    let shown = format!("{}/", root.display());
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(
        stdout.replace(&shown, ""),
        "broken.md:1: cannot read the file: broken link: No such file or directory (os error 2)\n\
         fifo.md:1: not read: a FIFO, not a regular file (only files and links to files are read)\n\
         folder:1: not read: a link to a folder is not followed (links may loop)\n\
         zero.md:1: not read: a device, not a regular file (only files and links to files are read)\n\
         1 file(s), 1 page(s) served, 4 rejected, 4 problem(s), 0 warning(s)\n"
    );
    // `index` and `ask` finish too (run_within fails the test on a hang).
    let index = tempfile::tempdir().expect("temp dir");
    for args in [&["index"][..], &["ask", "banded side step"]] {
        let mut cmd = bin();
        cmd.arg("--corpus")
            .arg(root)
            .arg("--index")
            .arg(index.path())
            .args(args);
        let out = run_within(cmd, Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
}

#[test]
fn a_page_over_the_size_cap_is_rejected_with_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = good();
    fs::write(dir.path().join("good.md"), &good).expect("write");
    let big = format!("# Big\n\n{}\n", "word ".repeat(420_000));
    fs::write(dir.path().join("big.md"), &big).expect("write");
    assert_eq!(
        problems(&load(dir.path()), dir.path()),
        [format!(
            "big.md:1: the file is {} bytes, over the 1048576-byte cap (corpus.max_page_bytes)",
            big.len()
        )]
    );
    // The cap is `corpus.max_page_bytes`.
    let config = dir.path().join("spotter.toml");
    fs::write(&config, "[corpus]\nmax_page_bytes = 100\n").expect("write");
    let out = bin()
        .arg("--config")
        .arg(&config)
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "good.md:1: the file is {} bytes, over the 100-byte cap",
            good.len()
        )),
        "{stdout}"
    );
}

#[test]
fn folders_that_cannot_be_read_are_problems() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(root.join("good.md"), good()).expect("write");
    // A folder deeper than PATH_MAX (4096 on Linux), made one level at a time through
    // /proc/self/fd so that no path handed to the OS is long.
    use std::os::fd::AsRawFd;
    let segment = "d".repeat(250);
    let mut at = fs::File::open(root).expect("open");
    for _ in 0..20 {
        let next = format!("/proc/self/fd/{}/{segment}", at.as_raw_fd());
        fs::create_dir(&next).expect("mkdir");
        at = fs::File::open(&next).expect("open");
    }
    fs::write(
        format!("/proc/self/fd/{}/deep.md", at.as_raw_fd()),
        "# Deep\n",
    )
    .expect("write");
    let loaded = load(root);
    let lines = problems(&loaded, root);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(":1: cannot read the folder, its pages are left out: "),
        "{lines:?}"
    );
    assert_eq!(loaded.pages.len(), 1);

    // A folder without read permission (root reads it anyway: then there is nothing to see).
    let locked = root.join("locked");
    fs::create_dir(&locked).expect("mkdir");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read_dir(&locked).is_err() {
        let lines = problems(&load(root), root);
        assert!(
            lines.contains(
                &"locked:1: cannot read the folder, its pages are left out: Permission denied (os error 13)"
                    .to_string()
            ),
            "{lines:?}"
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
}
