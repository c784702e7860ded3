//! STYLE.md's import rules, checked on the source: the domain is pure, search never sees
//! Discord, Discord never sees Tantivy or the index.

use std::fs;
use std::path::Path;

use crate::support::root;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).expect("src folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn violations(paths: &[&str], forbidden: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for rel in paths {
        let p = root().join(rel);
        let mut files = Vec::new();
        if p.is_dir() {
            rust_files(&p, &mut files);
        } else {
            files.push(p);
        }
        for f in files {
            let text = fs::read_to_string(&f).expect("source readable");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for word in forbidden {
                    if code.contains(word) {
                        out.push(format!("{}:{}: uses {word}", f.display(), n + 1));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn domain_is_pure() {
    let v = violations(
        &["src/domain"],
        &[
            "serenity",
            "tantivy",
            "tokio",
            "std::fs",
            "std::net",
            "crate::search",
            "crate::discord",
            "crate::app",
            "crate::corpus",
            "crate::storage",
            "rusqlite",
        ],
    );
    assert!(v.is_empty(), "{v:#?}");
}

/// The moderators' database knows SQLite and nothing of the bot: no Discord, no index, no
/// app; and only the app and the CLI's wiring open it.
#[test]
fn storage_knows_only_sqlite() {
    let v = violations(
        &["src/storage"],
        &[
            "serenity",
            "tantivy",
            "crate::discord",
            "crate::search",
            "crate::app",
            "crate::domain",
            "crate::corpus",
        ],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = violations(
        &[
            "src/discord",
            "src/search",
            "src/corpus.rs",
            "src/corpus",
            "src/console.rs",
            "src/terminal.rs",
        ],
        &["crate::storage", "rusqlite"],
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn search_never_sees_discord() {
    let v = violations(
        &["src/search"],
        &["serenity", "crate::discord", "crate::app"],
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn discord_never_sees_the_index() {
    let v = violations(
        &["src/discord"],
        &[
            "tantivy",
            "crate::search",
            "crate::corpus",
            "crate::app",
            "crate::storage",
        ],
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn app_corpus_console_terminal_know_no_discord() {
    let v = violations(
        &[
            "src/app",
            "src/corpus.rs",
            "src/corpus",
            "src/console.rs",
            "src/terminal.rs",
            "src/terminal",
        ],
        &["serenity", "crate::discord"],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = violations(
        &[
            "src/corpus.rs",
            "src/corpus",
            "src/console.rs",
            "src/terminal.rs",
            "src/terminal",
        ],
        &["tantivy"],
    );
    assert!(v.is_empty(), "{v:#?}");
}

/// What a question comes to (`query`) is shared by the stage that reads questions, the
/// requests and the button ids: none of those three imports another's reading, so there is
/// no cycle through them.
#[test]
fn the_shared_query_words_import_no_stage() {
    let v = violations(
        &["src/domain/query.rs"],
        &["understand", "request", "custom_id", "compose"],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = violations(
        &["src/domain/custom_id.rs", "src/domain/request.rs"],
        &["understand"],
    );
    assert!(v.is_empty(), "{v:#?}");
}

#[test]
fn the_catalog_does_not_import_the_generations_that_write_it() {
    let v = violations(
        &["src/search/catalog"],
        &["super::generation", "search::generation"],
    );
    assert!(v.is_empty(), "{v:#?}");
}

/// The console and the terminal renderer speak only the domain (a `Handler`, `Answer`s): the
/// app, the index and the command line are wired to them by `cli`. Reading lines is the
/// console's; the renderer only lays out text.
#[test]
fn console_and_terminal_speak_only_the_domain() {
    let v = violations(
        &["src/console.rs", "src/terminal.rs", "src/terminal"],
        &["crate::app", "crate::search", "crate::corpus", "crate::cli"],
    );
    assert!(v.is_empty(), "{v:#?}");
    let v = violations(
        &["src/terminal.rs", "src/terminal"],
        &["rustyline", "crate::console", "std::io::stdin"],
    );
    assert!(v.is_empty(), "{v:#?}");
}

/// The library's stages are private: `src/lib.rs` declares its modules with `mod` and lists
/// what the binary, the tests and the benches may use, so an item nothing calls is reported
/// by the compiler instead of kept alive by being public.
#[test]
fn the_stages_are_reached_only_through_the_crate_root() {
    let lib = fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs readable");
    let declared: Vec<&str> = lib
        .lines()
        .filter(|l| l.starts_with("pub mod ") && l.ends_with(';'))
        .collect();
    assert!(declared.is_empty(), "public stage modules: {declared:#?}");
    // The transports, the texts and the layout are the namespaces the root re-exports.
    let open = [
        "texts", "layout", "gateway", "http", "rest", "render", "builtin",
    ];
    let mut files = vec![root().join("src/main.rs")];
    rust_files(&root().join("tests"), &mut files);
    rust_files(&root().join("benches"), &mut files);
    let mut v = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("boundaries.rs")) {
        let text = fs::read_to_string(f).expect("source readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("spotter::") {
                let rest = &code[at + "spotter::".len()..];
                let name = rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or("");
                let module = name.starts_with(|c: char| c.is_ascii_lowercase());
                if module && rest[name.len()..].starts_with("::") && !open.contains(&name) {
                    v.push(format!("{}:{}: spotter::{name}::", f.display(), n + 1));
                }
            }
        }
    }
    assert!(v.is_empty(), "reaches past the crate root: {v:#?}");
}
