//! Compiles the shipped corpus (`corpus/`) into the binary: writes `$OUT_DIR/builtin_corpus.rs`,
//! a table of every file's path and bytes (`include_bytes!`) and a hash of them all, which
//! `src/corpus/builtin.rs` extracts when no corpus folder is configured or found. Knows files
//! only; nothing about pages.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a readable folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// FNV-1a over every path and its bytes: names the extraction folder, so a binary built from
/// other pages never reuses (or trusts) another build's extracted copy. Not a security hash:
/// the folder's contents are compared byte for byte before use anyway.
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let corpus = root.join("corpus");
    // A folder makes cargo rerun this script when any file beneath it changes, is added or
    // is removed (cargo compares every file's mtime under it).
    println!("cargo:rerun-if-changed=corpus");
    let mut files = Vec::new();
    walk(&corpus, &mut files);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut table = String::from(
        "/// Every file of the shipped corpus: its path under `corpus/` and its bytes.\n",
    );
    table.push_str("pub(super) const FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let rel = path
            .strip_prefix(&corpus)
            .expect("walked under the corpus")
            .to_str()
            .unwrap_or_else(|| panic!("{}: the shipped corpus's names are UTF-8", path.display()))
            .replace('\\', "/");
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        fnv1a(&mut hash, rel.as_bytes());
        fnv1a(&mut hash, &bytes);
        let abs = path.to_str().expect("a UTF-8 path, checked above");
        writeln!(table, "    ({rel:?}, include_bytes!({abs:?})),").expect("writing a String");
    }
    table.push_str("];\n");
    writeln!(
        table,
        "/// A hash of every path and byte of `FILES`.\npub(super) const HASH: u64 = {hash:#018x};"
    )
    .expect("writing a String");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    fs::write(out.join("builtin_corpus.rs"), table).expect("writing into OUT_DIR");
}
