//! Removing a store's folder (`spotter index --clean`): only when everything in it is what a
//! store writes, so a mistaken `--index` (a home folder, the corpus) is refused, never emptied.
//! Knows the store's file names; nothing of what they hold.

use std::fs;
use std::io;

use super::{LOCK, MARKER, MARKER_TMP, Store, generation_number};

/// Whether a store wrote an entry of this name.
fn is_store_entry(name: &str) -> bool {
    name == MARKER
        || name == LOCK
        || name.starts_with(&format!("{MARKER}{MARKER_TMP}"))
        || name.contains(".partial-")
        || generation_number(name).is_some()
}

impl Store {
    /// Removes the store's folder. `Ok(false)`: there was none.
    ///
    /// # Errors
    /// `InvalidInput` naming an entry a store never writes (nothing is removed then); the
    /// disk's error otherwise.
    pub fn clean(&self) -> io::Result<bool> {
        let entries = match fs::read_dir(self.root()) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        for e in entries {
            let name = e?.file_name().to_string_lossy().to_string();
            if !is_store_entry(&name) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("it holds \"{name}\", which is not part of an index"),
                ));
            }
        }
        fs::remove_dir_all(self.root())?;
        Ok(true)
    }
}
