//! Test helpers: the app over the shipped corpus (index built once per run in a temp folder),
//! fixture paths, the spotter binary.

pub mod fake_discord;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use spotter::{App, Settings};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (a corpus a test may then edit).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A fixture path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A fixture's text.
pub fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).expect("fixture exists")
}

/// The spotter binary built for these tests.
pub fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_spotter"));
    c.current_dir(root());
    c
}

/// Runs `command`, which must exit 0 (else the test fails with its stderr), and returns its
/// stdout as text.
pub fn stdout_ok(command: &mut std::process::Command) -> String {
    let out = command.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The local console over the shipped corpus with `input` piped in as its lines (a pipe: no
/// line editing); it must exit 0, and its stdout is returned as text.
pub fn console_with(input: &[u8]) -> String {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = bin()
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .args(["--corpus", "corpus"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Opens an app over `corpus` with its index in a fresh temp folder.
pub fn open(corpus: &Path, page_url: &str) -> (App, tempfile::TempDir) {
    let index = tempfile::tempdir().expect("temp dir");
    let (app, _) = App::open(
        Settings {
            corpus: corpus.to_path_buf(),
            index: index.path().to_path_buf(),
            page_url: page_url.to_string(),
            max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
        },
        &|_, _| {},
    )
    .expect("app opens");
    (app, index)
}

/// The URL template the shared app uses.
pub const PAGE_URL: &str = "https://example.org/exercise/{id}";

/// The app over the shipped corpus, built once per test run.
pub fn shipped() -> &'static App {
    static APP: OnceLock<(App, tempfile::TempDir)> = OnceLock::new();
    &APP.get_or_init(|| open(&root().join("corpus"), PAGE_URL)).0
}

/// The app over the shipped corpus as servers hold it (`Arc<dyn Handler>`), built once per
/// test run. Call it off the async threads (`spawn_blocking`): the first call builds.
pub fn served() -> Arc<App> {
    static APP: OnceLock<(Arc<App>, tempfile::TempDir)> = OnceLock::new();
    let (app, _) = APP.get_or_init(|| {
        let (app, index) = open(&root().join("corpus"), "");
        (Arc::new(app), index)
    });
    Arc::clone(app)
}
