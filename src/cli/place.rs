//! Where a command reads and writes: the corpus folder (given, configured, `./corpus`, or the
//! pages compiled into the binary), the index folder, and the corpus's own vocabulary.
//! Wiring only: it resolves folders and never reads a page.

use std::path::{Path, PathBuf};

use clap::Args;

use super::UsageError;
use crate::app::Settings;
use crate::config::{self, Config};
use crate::corpus::builtin;
use crate::domain::vocabulary;

/// `--corpus` and `--index`, on the commands that read a corpus through an index.
#[derive(Clone, Debug, Default, Args)]
pub struct Place {
    /// The folder of exercise pages (default: corpus.dir of the config, else corpus here
    /// when it exists, else the pages built into spotter).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// The index folder (default: index.dir, or a cache folder keyed by the corpus path).
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
}

impl Place {
    /// This command's own flags over the ones given before it (`spotter --corpus A ask`).
    pub fn over(&self, outer: &Place) -> Place {
        Place {
            corpus: self.corpus.clone().or_else(|| outer.corpus.clone()),
            index: self.index.clone().or_else(|| outer.index.clone()),
        }
    }
}

/// The folder used when neither `--corpus` nor `corpus.dir` names one, if it exists.
const LOCAL_CORPUS: &str = "corpus";

/// The corpus folder: `given` (`--corpus`, `check DIR`) or `corpus.dir` must exist; without
/// either, `corpus` in the current folder, else the built-in pages extracted to the cache.
///
/// # Errors
/// A given or configured folder that does not exist; a cache that cannot be written.
pub fn corpus_dir(given: Option<&Path>, config: &Config) -> Result<PathBuf, UsageError> {
    let named = given
        .map(|p| (p.to_path_buf(), "give one with --corpus DIR"))
        .or_else(|| {
            let dir = &config.corpus.dir;
            (!dir.as_os_str().is_empty()).then(|| (dir.clone(), "set by corpus.dir"))
        });
    if let Some((dir, why)) = named {
        if !dir.is_dir() {
            return Err(UsageError(format!(
                "corpus folder not found: {} ({why})",
                dir.display()
            )));
        }
        return Ok(dir);
    }
    if Path::new(LOCAL_CORPUS).is_dir() {
        return Ok(PathBuf::from(LOCAL_CORPUS));
    }
    let cache = config::cache_dir();
    builtin::extract(&cache).map_err(|e| {
        UsageError(format!(
            "cannot write the built-in pages into {}: {e} (give a corpus with --corpus DIR)",
            cache.display()
        ))
    })
}

/// The index folder of `corpus`: `--index`, else `index.dir`, else its cache folder.
pub fn index_dir(place: &Place, config: &Config, corpus: &Path) -> PathBuf {
    place
        .index
        .clone()
        .or_else(|| Some(config.index.dir.clone()).filter(|d| !d.as_os_str().is_empty()))
        .unwrap_or_else(|| config::default_index_dir(corpus))
}

/// Every folder a command needs, with the corpus's vocabulary read.
///
/// # Errors
/// A corpus folder that is not there, a vocabulary file that does not parse.
pub fn settings(place: &Place, config: &Config) -> Result<Settings, UsageError> {
    let corpus = corpus_dir(place.corpus.as_deref(), config)?;
    let index = index_dir(place, config, &corpus);
    add_corpus_vocabulary(&corpus, config)?;
    Ok(Settings {
        corpus,
        index,
        page_url: config.corpus.page_url.clone(),
        max_page_bytes: config.corpus.max_page_bytes,
    })
}

/// The corpus's own vocabulary on top of the shipped one: `corpus.vocabulary`, else
/// `vocabulary.toml` in the corpus folder when there is one. Read once, at start.
///
/// # Errors
/// A named file that cannot be read, or a file that does not parse.
pub fn add_corpus_vocabulary(corpus: &Path, config: &Config) -> Result<(), UsageError> {
    let (path, required) = match &config.corpus.vocabulary {
        p if p.as_os_str().is_empty() => (corpus.join(CORPUS_VOCABULARY), false),
        p => (p.clone(), true),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(()),
        Err(e) => return Err(UsageError(format!("{}: {e}", path.display()))),
    };
    vocabulary::add_corpus_vocabulary(&text)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))
}

/// The file name of a corpus's own vocabulary inside its folder.
const CORPUS_VOCABULARY: &str = "vocabulary.toml";
