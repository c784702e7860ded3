//! A complete generation's folder as Tantivy sees it when reading. A generation is never written
//! again once its build renamed it into place, so a reader needs none of Tantivy's locks: the
//! `.tantivy-meta.lock` its reader takes while opening segments guards against a writer that
//! does not exist here, and creating that file fails on a read-only folder (a fleet sharing an
//! index built elsewhere, a read-only volume). Everything else passes to the memory-mapped
//! folder. Knows nothing of pages or questions.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// A generation opened for reading only.
#[derive(Clone, Debug)]
pub(crate) struct Frozen(MmapDirectory);

impl Frozen {
    /// The generation in `dir`.
    pub(crate) fn open(dir: &Path) -> tantivy::Result<Frozen> {
        Ok(Frozen(MmapDirectory::open(dir)?))
    }
}

impl Directory for Frozen {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    /// No file: nothing writes a complete generation, so there is nothing to exclude.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
