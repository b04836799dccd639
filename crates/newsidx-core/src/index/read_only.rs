//! An index directory opened for reading only: a healthy index on a read-only
//! file system, or one that another user owns, can still be searched.
//!
//! tantivy's reader takes the "meta lock" (it creates or opens
//! `.tantivy-meta.lock` for writing) while it opens the segments, so that a
//! writer's garbage collection cannot delete a file between reading
//! `meta.json` and opening that file. Without the right to write, taking the
//! lock fails, and tantivy refuses to open the index at all. [`ReadOnly`]
//! wraps the directory, grants that lock without a file, and refuses every
//! write. What it gives up: a writer of another user collecting garbage at the
//! very moment of opening can make the open fail (with an I/O error naming
//! the missing file; opening again works). A writer on a read-only file system
//! cannot exist.
//!
//! Only `Index::open` uses it, and only after an open with the lock failed
//! for lack of permission.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::Directory;

/// True for the I/O errors that mean "you may read this, not write it".
pub(super) fn is_denied(kind: io::ErrorKind) -> bool {
    matches!(
        kind,
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// A tantivy directory that reads through `MmapDirectory` and writes nothing.
#[derive(Clone, Debug)]
pub(super) struct ReadOnly {
    inner: MmapDirectory,
}

impl ReadOnly {
    pub(super) fn new(inner: MmapDirectory) -> ReadOnly {
        ReadOnly { inner }
    }
}

fn refused(path: &Path) -> Arc<io::Error> {
    Arc::new(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{} is opened read-only", path.display()),
    ))
}

impl Directory for ReadOnly {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: refused(path),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: refused(path),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is opened read-only", path.display()),
        ))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        // Readers only take the meta lock, which is granted without a file.
        // A writer's lock is asked of the file system, which says why it
        // cannot be had (permission denied, read-only file system).
        if lock.is_blocking {
            Ok(DirectoryLock::from(Box::new(PathBuf::from(&lock.filepath))))
        } else {
            self.inner.acquire_lock(lock)
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
