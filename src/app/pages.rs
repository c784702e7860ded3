//! Moderators changing the corpus: a page uploaded (name checked, size, `.md`, the corpus
//! check in context, then written atomically, the previous version kept in a history folder
//! beside the index) or removed (history kept the same way), each followed by the usual
//! reindex. A corpus that must not be written (read-only, the built-in pages) is refused
//! before anything is read. Knows the corpus's files; never Discord.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::domain::answer::Answer;
use crate::domain::moderation::{PageRef, Refusal, Upload};
use crate::domain::page::PageId;
use crate::domain::parse::PageError;

use super::App;
use super::moderate::now_secs;
use super::stage;

/// How many problems an answer lists before "and N more" (each is one line of at most a few
/// hundred characters; Discord's message holds 2000).
const PROBLEMS_SHOWN_MAX: usize = 8;

fn notice(text: impl Into<String>) -> Answer {
    Answer::Notice {
        text: text.into(),
        ephemeral: true,
    }
}

/// The history folder of an index folder: beside it (`<index>.history`), never inside it or
/// the corpus.
pub fn history_dir(index: &Path) -> PathBuf {
    let index: PathBuf = index.components().collect();
    let mut name = index.as_os_str().to_owned();
    name.push(".history");
    PathBuf::from(name)
}

/// Why a name cannot be a page's file name; `None` when it can. Only a plain `name.md`: no
/// folder part, no `..`, nothing hidden, no control characters.
fn bad_name(name: &str) -> Option<&'static str> {
    if name.contains(['/', '\\']) || name.contains("..") {
        return Some("a page name cannot name a folder (`/`, `\\` or `..`)");
    }
    if name.starts_with('.') || name.chars().any(char::is_control) {
        return Some("a page name cannot be hidden or hold control characters");
    }
    let stem = name.strip_suffix(".md").unwrap_or_default();
    if stem.trim().is_empty() {
        return Some("only markdown pages (`.md`) can be uploaded");
    }
    None
}

/// The list of problems as an answer, a few at most, each `path:line: message` as `check`
/// prints it.
fn problems_text(head: &str, problems: &[PageError]) -> String {
    let mut out = head.to_string();
    for p in problems.iter().take(PROBLEMS_SHOWN_MAX) {
        out.push_str(&format!("\n`{}`", p.to_string().replace('`', "'")));
    }
    if problems.len() > PROBLEMS_SHOWN_MAX {
        out.push_str(&format!(
            "\n… and {} more: `spotter check` lists them all.",
            problems.len() - PROBLEMS_SHOWN_MAX
        ));
    }
    out
}

impl App {
    /// Why the corpus must not be changed from Discord, as the moderator's answer; `None`
    /// when it may.
    pub(super) fn corpus_refusal(&self) -> Option<Refusal> {
        let corpus = &self.settings.corpus;
        // The built-in pages' folder, wherever the cache is: its name holds the version and
        // the pages' hash, and nothing else is named so.
        let builtin = crate::corpus::builtin::folder(Path::new(""));
        let absolute = fs::canonicalize(corpus).unwrap_or_else(|_| corpus.clone());
        if absolute.file_name().is_some() && absolute.file_name() == builtin.file_name() {
            return Some(Refusal::new(
                "This bot serves the pages built into spotter, which cannot be changed. \
                 The operator can give it a corpus folder (corpus.dir) to edit.",
            ));
        }
        if self.desk.git_pull {
            return Some(Refusal::new(
                "This corpus is kept in a git repository (corpus.git_pull): change pages there, \
                 then run /reindex to pull them.",
            ));
        }
        let read_only = fs::metadata(corpus).map_or(true, |m| m.permissions().readonly());
        if read_only {
            return Some(Refusal::new(
                "The corpus folder is read-only, so pages cannot be changed from Discord.",
            ));
        }
        None
    }

    /// Where a page of this id lives now (relative to the corpus), if anywhere.
    fn existing(&self, id: &PageId) -> Option<PathBuf> {
        crate::corpus::files(&self.settings.corpus)
            .ok()?
            .into_iter()
            .find(|f| {
                f.file_stem()
                    .is_some_and(|s| PageId::new(&s.to_string_lossy()) == *id)
            })
    }

    /// Where a new page goes: beside the pages of its kind (`exercises/`, `faq/`) when the
    /// corpus has that folder, else at its top.
    fn new_page_path(&self, file: &str, bytes: &[u8]) -> PathBuf {
        let text = String::from_utf8_lossy(bytes);
        let exercise = text.lines().any(|l| {
            let l = l.trim().to_lowercase();
            l.starts_with("- **target muscle") || l.starts_with("- **difficulty")
        });
        let folder = if exercise { "exercises" } else { "faq" };
        if self.settings.corpus.join(folder).is_dir() {
            Path::new(folder).join(file)
        } else {
            PathBuf::from(file)
        }
    }

    /// The file name an upload writes: the `name` option (`.md` added when missing), else
    /// the attachment's.
    fn upload_name(filename: &str, name: Option<&str>) -> String {
        match name.map(str::trim) {
            Some(n) if n.ends_with(".md") => n.to_string(),
            Some(n) => format!("{n}.md"),
            None => filename.trim().to_string(),
        }
    }

    /// Why an upload of `filename` (as `name`) is refused before anything is read.
    pub(super) fn upload_refusal(&self, filename: &str, name: Option<&str>) -> Option<Refusal> {
        if let Some(refusal) = self.corpus_refusal() {
            return Some(refusal);
        }
        for n in [filename.trim(), Self::upload_name(filename, name).as_str()] {
            if !n.to_lowercase().ends_with(".md") {
                return Some(Refusal::new("Only markdown pages (`.md`) can be uploaded."));
            }
            if let Some(why) = bad_name(n) {
                return Some(Refusal::new(format!("That name is refused: {why}.")));
            }
        }
        None
    }

    /// A moderator's upload: refused, or listed problems, or written and reindexed.
    pub(super) fn upload_page(&self, upload: &Upload) -> Answer {
        if let Some(refusal) = self.upload_refusal(&upload.filename, upload.name.as_deref()) {
            return refusal.answer();
        }
        let name = Self::upload_name(&upload.filename, upload.name.as_deref());
        if upload.bytes.len() as u64 > self.settings.max_page_bytes {
            return notice(format!(
                "That file is {} bytes; pages may be at most {} bytes (corpus.max_page_bytes).",
                upload.bytes.len(),
                self.settings.max_page_bytes
            ));
        }
        let id = PageId::new(name.strip_suffix(".md").unwrap_or(&name));
        let existing = self.existing(&id);
        let rel = existing
            .clone()
            .unwrap_or_else(|| self.new_page_path(&format!("{id}.md"), &upload.bytes));
        let checked = match stage::check(
            &self.settings.corpus,
            &rel,
            &upload.bytes,
            self.settings.max_page_bytes,
        ) {
            Ok(c) => c,
            Err(error) => {
                tracing::error!(%error, "checking an uploaded page failed");
                return notice("Sorry, I could not check that page just now; nothing changed.");
            }
        };
        if !checked.problems.is_empty() {
            return notice(problems_text(
                &format!(
                    "{} problem(s); nothing was changed. Fix them and upload again:",
                    checked.problems.len()
                ),
                &checked.problems,
            ));
        }
        let kept = match existing.as_ref().map(|e| self.keep_history(e, &id)) {
            Some(Err(error)) => {
                tracing::error!(%error, "keeping a page's history failed");
                return notice("Sorry, I could not keep the previous version; nothing changed.");
            }
            Some(Ok(kept)) => Some(kept),
            None => None,
        };
        if let Err(error) = write_atomically(&self.settings.corpus.join(&rel), &upload.bytes) {
            tracing::error!(%error, page = %rel.display(), "writing an uploaded page failed");
            return notice("Sorry, I could not write that page; nothing changed.");
        }
        tracing::info!(page = %rel.display(), by = %upload.by, replaced = existing.is_some(), "page uploaded");
        let mut text = match kept {
            Some(_) => format!(
                "Replaced `{}` (the previous version is kept).",
                rel.display()
            ),
            None => format!("Added `{}`.", rel.display()),
        };
        if !checked.warnings.is_empty() {
            text.push('\n');
            text.push_str(&problems_text("Warnings (it serves):", &checked.warnings));
        }
        self.with_reindex(text, &upload.by)
    }

    /// The page a removal would remove, for the confirm prompt.
    pub(super) fn removal_target(&self, name: &str) -> Result<PageRef, Refusal> {
        if let Some(refusal) = self.corpus_refusal() {
            return Err(refusal);
        }
        let Some(rel) = self.page_file(name) else {
            return Err(Refusal::new(
                "No page of that name, id or path in the corpus.",
            ));
        };
        let id = PageId::new(&rel.file_stem().unwrap_or_default().to_string_lossy());
        Ok(PageRef {
            id: id.to_string(),
            path: rel.to_string_lossy().to_string(),
        })
    }

    /// Removes the page of `id` (after the moderator confirmed), history kept, reindexed.
    pub(super) fn remove_page(&self, id: &str, by: &str) -> Answer {
        if let Some(refusal) = self.corpus_refusal() {
            return refusal.answer();
        }
        let id = PageId::new(id);
        let Some(rel) = self.existing(&id) else {
            return notice("That page is no longer in the corpus; nothing was removed.");
        };
        if let Err(error) = self.keep_history(&rel, &id) {
            tracing::error!(%error, "keeping a page's history failed");
            return notice("Sorry, I could not keep a copy of that page; nothing was removed.");
        }
        if let Err(error) = fs::remove_file(self.settings.corpus.join(&rel)) {
            tracing::error!(%error, page = %rel.display(), "removing a page failed");
            return notice("Sorry, I could not remove that page.");
        }
        tracing::info!(page = %rel.display(), %by, "page removed");
        self.with_reindex(format!("Removed `{}` (a copy is kept).", rel.display()), by)
    }

    /// `text`, then the report of the reindex that follows a change.
    fn with_reindex(&self, text: String, by: &str) -> Answer {
        let report = match self.reindex(by) {
            Ok(report) => report.text(),
            Err(e) => e.to_string(),
        };
        notice(format!("{text}\n{report}"))
    }

    /// Copies the page at `rel` into the history folder as `<id>.<unix secs>.md` (a second
    /// change within a second gets a counter).
    fn keep_history(&self, rel: &Path, id: &PageId) -> io::Result<PathBuf> {
        let dir = history_dir(&self.settings.index);
        fs::create_dir_all(&dir)?;
        let now = now_secs();
        let mut n = 0;
        let target = loop {
            let name = match n {
                0 => format!("{id}.{now}.md"),
                _ => format!("{id}.{now}-{n}.md"),
            };
            if !dir.join(&name).exists() {
                break dir.join(name);
            }
            n += 1;
        };
        fs::copy(self.settings.corpus.join(rel), &target)?;
        Ok(target)
    }
}

/// Writes `bytes` to `path` through a hidden temp file beside it (the corpus walk skips
/// hidden files, so neither a reader nor the watcher sees a half-written page), flushed,
/// then renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = parent.join(format!(".{name}.upload-{}", std::process::id()));
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused() {
        for name in [
            "../../etc/passwd.md",
            "a/b.md",
            "..md",
            ".hidden.md",
            "x\n.md",
            ".md",
            "a\\b.md",
        ] {
            assert!(bad_name(name).is_some(), "{name:?}");
        }
        assert_eq!(bad_name("Zercher Carry.md"), None);
    }

    #[test]
    fn history_sits_beside_the_index() {
        assert_eq!(
            history_dir(Path::new("/c/spotter/corpus-1/")),
            Path::new("/c/spotter/corpus-1.history")
        );
    }
}
