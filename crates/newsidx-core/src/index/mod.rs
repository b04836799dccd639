//! The on-disk index: opening and creating it, writing articles into it, and
//! describing what it holds.
//!
//! This module owns the tantivy index; tantivy types stay inside it and
//! `query/`. Its files, one job each:
//!
//! - `mod.rs`: open, create and remove an index, the version marker
//!   `newsidx.json`, and the writer's lock.
//! - `schema.rs`: the fields and analyzers, the only place that maps article
//!   fields to tantivy fields.
//! - `document.rs`: an article or a source file as a document, and a stored
//!   document back as [`ArticleMeta`](crate::ArticleMeta).
//! - `terms.rs` and `stem.rs`: each paragraph analyzed once into the body.
//! - `incremental.rs`: which files a run reads, skips or removes.
//! - `writer.rs`: the [`Writer`] and the batched, committed run of
//!   [`Index::index_paths`]; `report.rs`: what a run takes and reports.
//! - `stats.rs`: a summary; `columns.rs`: the fast columns a search reads.
//!
//! Paragraphs are no documents of their own: each lives inside its article,
//! as a range of the body's positions (see `schema.rs`). Nothing here parses
//! files or queries.

pub(crate) mod columns;
pub(crate) mod document;
mod incremental;
mod read_only;
mod report;
pub(crate) mod schema;
mod stats;
mod stem;
mod terms;
#[cfg(test)]
mod tests;
mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::LockError;
use tantivy::directory::{INDEX_WRITER_LOCK, META_LOCK};
use tantivy::Directory;
use tantivy::{IndexReader, ReloadPolicy, TantivyError};

use crate::error::{Error, Incompatibility, Result};
use schema::{Fields, SCHEMA_VERSION};

pub(crate) use document::tantivy_date;
pub use report::{IndexOptions, IndexReport, Progress, Skipped};
pub use stats::{FieldCount, IndexStats, SourceCount};
pub use writer::Writer;

/// The file that marks a directory as a newsidx index and records its version.
const MARKER: &str = "newsidx.json";

/// The environment variable that overrides the default index location.
pub const INDEX_ENV: &str = "NEWSIDX_INDEX";
/// The default index location, relative to the working directory.
pub const DEFAULT_INDEX_DIR: &str = ".newsidx";

/// The index location a command-line user expects: `$NEWSIDX_INDEX` when set,
/// else `./.newsidx`.
pub fn default_index_path() -> PathBuf {
    match std::env::var_os(INDEX_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(DEFAULT_INDEX_DIR),
    }
}

#[derive(Serialize, Deserialize)]
struct Marker {
    schema_version: u32,
    created_by: String,
}

/// A newsidx index of articles, each holding its paragraphs.
///
/// One `Index` serves concurrent searches from many threads; share it behind an
/// `Arc`.
///
/// ```
/// use newsidx_core::{Article, Index, ParagraphKind};
///
/// let index = Index::create_in_ram().unwrap();
/// let mut article = Article::new("Soybean exports rise");
/// article.push_paragraph(ParagraphKind::Body, "China bought 544,000 metric tons of U.S. soybeans.");
/// let mut writer = index.writer().unwrap();
/// writer.add_article(&article).unwrap();
/// writer.commit().unwrap();
/// assert_eq!(index.stats().unwrap().articles, 1);
/// ```
pub struct Index {
    pub(crate) inner: tantivy::Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Fast columns the search reads, opened once per segment.
    pub(crate) columns: columns::Cache,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).finish()
    }
}

/// tantivy's settings for a new index. Stored text is read in 4 KB blocks
/// rather than tantivy's 16 KB: a hit reads one article's metadata and a few of
/// its paragraphs, and decompressing whole 16 KB blocks for them was the largest
/// single cost of a query on Reuters (the store grows 15%, the index 4%).
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: 4096,
        ..Default::default()
    }
}

impl Index {
    /// A new, empty index in memory (for tests and short-lived programs).
    pub fn create_in_ram() -> Result<Index> {
        let (schema, fields) = Fields::build();
        let inner = tantivy::Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_ram()?;
        Index::wrap(inner, fields, None)
    }

    /// Opens the index at `path`.
    ///
    /// Fails with [`Error::IndexNotFound`] when there is none, and with
    /// [`Error::IncompatibleIndex`] when the directory holds something else: another
    /// program's files, a damaged index, or one written by an incompatible newsidx.
    ///
    /// An index that this process may read but not write (a read-only file
    /// system, another user's index) opens for searching; only a writer then
    /// fails, with [`Error::IndexIo`]. A directory whose first run is still
    /// creating it (tantivy's files, no marker yet, the writer's lock held)
    /// fails with [`Error::IndexLocked`], not as "not an index".
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        if !path.join(MARKER).exists() && !path.join("meta.json").exists() {
            return Err(Error::IndexNotFound {
                path: path.to_path_buf(),
            });
        }
        let incompatible = |kind: Incompatibility, reason: String| Error::IncompatibleIndex {
            path: path.to_path_buf(),
            reason,
            kind,
        };
        let marker = match std::fs::read_to_string(path.join(MARKER)) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if being_created(path) {
                    return Err(Error::IndexLocked {
                        path: path.to_path_buf(),
                    });
                }
                return Err(incompatible(
                    Incompatibility::NotAnIndex,
                    "it has no newsidx.json: not a newsidx index".into(),
                ));
            }
            // Unreadable is not damaged: say why, rebuilding would not help.
            Err(e) => return Err(Error::io(path.join(MARKER), e)),
        };
        let marker: Marker = serde_json::from_str(&marker).map_err(|e| {
            incompatible(
                Incompatibility::Damaged,
                format!("newsidx.json is damaged: {e}"),
            )
        })?;
        if marker.schema_version != SCHEMA_VERSION {
            return Err(incompatible(
                Incompatibility::OtherFormat {
                    found: marker.schema_version,
                    supported: SCHEMA_VERSION,
                },
                format!(
                    "it was written by {} with index format {}, this newsidx reads format {}",
                    marker.created_by, marker.schema_version, SCHEMA_VERSION
                ),
            ));
        }
        let open = |read_only: bool| -> Result<Index> {
            let dir = tantivy::directory::MmapDirectory::open(path).map_err(|e| {
                damaged_unless_io(e.into(), path, |e| format!("tantivy cannot open it: {e}"))
            })?;
            let opened = if read_only {
                tantivy::Index::open(read_only::ReadOnly::new(dir))
            } else {
                tantivy::Index::open(dir)
            };
            let inner = opened.map_err(|e| {
                damaged_unless_io(e, path, |e| format!("tantivy cannot open it: {e}"))
            })?;
            let fields = Fields::from_schema(&inner.schema())
                .map_err(|reason| incompatible(Incompatibility::Damaged, reason))?;
            Index::wrap(inner, fields, Some(path.to_path_buf()))
        };
        match open(false) {
            // Opening a reader takes tantivy's meta lock, a file it creates or
            // writes: without the right to write, open for reading only.
            Err(e) if e.io_kind().is_some_and(read_only::is_denied) => open(true),
            other => other,
        }
    }

    /// Opens the index at `path`, creating it (and its directory) when there is
    /// none. An existing directory that holds other files is never taken over.
    ///
    /// Creating holds the writer's lock from the first file to the marker, so
    /// that of two runs racing to create the same index, one creates it and
    /// the other gets [`Error::IndexLocked`] (or opens the finished index),
    /// never a half-made directory reported as "not an index".
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        if path.join(MARKER).exists() || path.join("meta.json").exists() {
            return Index::open(path);
        }
        // Another program's folder is refused without writing a byte into
        // it; one whose writer's lock file exists is, or was, being created
        // by a run, and is looked at again under the lock.
        if holds_other_files(path) && !path.join(&INDEX_WRITER_LOCK.filepath).exists() {
            return Err(not_empty(path));
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let dir = tantivy::directory::MmapDirectory::open(path)
            .map_err(|e| Error::from_tantivy(e.into(), Some(path)))?;
        let lock = dir.acquire_lock(&INDEX_WRITER_LOCK).map_err(|e| match e {
            LockError::LockBusy => Error::IndexLocked {
                path: path.to_path_buf(),
            },
            LockError::IoError(source) => Error::IndexIo {
                path: path.join(&INDEX_WRITER_LOCK.filepath),
                source,
            },
        })?;
        // Another run may have created the index while this one waited.
        if path.join(MARKER).exists() || path.join("meta.json").exists() {
            drop(lock);
            return Index::open(path);
        }
        if holds_other_files(path) {
            return Err(not_empty(path));
        }
        let (schema, fields) = Fields::build();
        let inner = tantivy::Index::builder()
            .schema(schema)
            .settings(settings())
            .open_or_create(dir)
            .map_err(|e| Error::from_tantivy(e, Some(path)))?;
        // The marker goes last and atomically: a directory with tantivy files but no
        // marker is reported, never silently reused.
        let marker = Marker {
            schema_version: SCHEMA_VERSION,
            created_by: format!("newsidx {}", env!("CARGO_PKG_VERSION")),
        };
        let tmp = path.join(format!("{MARKER}.tmp"));
        let body =
            serde_json::to_string_pretty(&marker).map_err(|e| Error::Internal(e.to_string()))?;
        std::fs::write(&tmp, body).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, path.join(MARKER)).map_err(|e| Error::io(path, e))?;
        // Leave the folder as tantivy alone would: no lock file until a
        // writer takes one. A run that opened the file before this still
        // finds it locked; one that comes after finds the marker.
        let _ = std::fs::remove_file(path.join(&INDEX_WRITER_LOCK.filepath));
        drop(lock);
        Index::wrap(inner, fields, Some(path.to_path_buf()))
    }

    /// Deletes the index at `path` so that it can be built again from scratch.
    ///
    /// Only a directory that is recognizably an index (newsidx's marker or
    /// tantivy's `meta.json`) is removed.
    pub fn remove(path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        if !path.exists() {
            return Ok(());
        }
        if !path.join(MARKER).exists() && !path.join("meta.json").exists() {
            return Err(Error::IncompatibleIndex {
                path: path.to_path_buf(),
                reason: "refusing to delete a directory that is not an index".into(),
                kind: Incompatibility::NotAnIndex,
            });
        }
        std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))
    }

    fn wrap(inner: tantivy::Index, fields: Fields, path: Option<PathBuf>) -> Result<Index> {
        schema::register_analyzers(&inner);
        let reader = inner
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: TantivyError| match &path {
                Some(p) => damaged_unless_io(e, p, |e| e.to_string()),
                None => Error::from(e),
            })?;
        Ok(Index {
            inner,
            reader,
            fields,
            columns: columns::Cache::default(),
            path,
        })
    }

    /// Where the index lives; `None` for an in-memory index.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Picks up the latest commit, from this process or another one.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().map_err(|e| self.tantivy_error(e))
    }

    /// A tantivy error of this index, naming its directory when tantivy does
    /// not name the file (see [`Error::from_tantivy`]).
    pub(crate) fn tantivy_error(&self, e: TantivyError) -> Error {
        Error::from_tantivy(e, self.path.as_deref())
    }

    /// An I/O error reading this index's files outside tantivy's own calls.
    pub(crate) fn index_io(&self, e: std::io::Error) -> Error {
        Error::IndexIo {
            path: self.path.clone().unwrap_or_default(),
            source: std::sync::Arc::new(e),
        }
    }

    /// A writer with default options (see [`Index::writer_with`]).
    pub fn writer(&self) -> Result<Writer<'_>> {
        self.writer_with(&IndexOptions::default())
    }

    /// A writer. Only one writer can be open on an index at a time, across all
    /// processes: a second gets [`Error::IndexLocked`].
    pub fn writer_with(&self, options: &IndexOptions) -> Result<Writer<'_>> {
        let threads = options.threads.clamp(1, 8);
        let per_thread = (options.memory_budget / threads).max(15_000_000);
        let opts = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(per_thread)
            .build();
        let inner = self.inner.writer_with_options(opts).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                path: self.path.clone().unwrap_or_default(),
            },
            // tantivy does not say which file it could not lock; this one.
            TantivyError::LockFailure(LockError::IoError(source), _) => Error::IndexIo {
                path: match &self.path {
                    Some(dir) => dir.join(&INDEX_WRITER_LOCK.filepath),
                    None => INDEX_WRITER_LOCK.filepath.clone(),
                },
                source,
            },
            other => self.tantivy_error(other),
        })?;
        // A run killed after writing files but before committing leaves them
        // behind, and the next run would write a file of the same name (a
        // segment's deletes at the same opstamp) and fail: remove them first.
        inner
            .garbage_collect_files()
            .wait()
            .map_err(|e| self.tantivy_error(e))?;
        Ok(Writer::new(self, inner))
    }
}

/// True when `path` is a directory holding files other than tantivy's lock
/// files (which a run that was killed while creating the index leaves behind,
/// and which a run creating it holds).
fn holds_other_files(path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else {
        return false;
    };
    let locks = [&INDEX_WRITER_LOCK.filepath, &META_LOCK.filepath];
    entries
        .flatten()
        .any(|e| !locks.iter().any(|l| e.file_name() == l.as_os_str()))
}

fn not_empty(path: &Path) -> Error {
    Error::IncompatibleIndex {
        path: path.to_path_buf(),
        reason: "the directory is not empty and holds no newsidx index".into(),
        kind: Incompatibility::NotAnIndex,
    }
}

/// True when another run holds the writer's lock of the index at `path`: the
/// sign of a first run between creating tantivy's files and the marker.
fn being_created(path: &Path) -> bool {
    // Without the lock file nobody holds the lock; do not create it in what
    // may be another program's folder.
    if !path.join(&INDEX_WRITER_LOCK.filepath).exists() {
        return false;
    }
    let Ok(dir) = tantivy::directory::MmapDirectory::open(path) else {
        return false;
    };
    matches!(
        dir.acquire_lock(&INDEX_WRITER_LOCK),
        Err(LockError::LockBusy)
    )
}

/// An index tantivy cannot open: an I/O failure (a permission, a failing
/// disk) as itself, since rebuilding would not help; anything else as a
/// damaged index, `reason` saying what tantivy found.
fn damaged_unless_io(
    e: TantivyError,
    path: &Path,
    reason: impl FnOnce(&TantivyError) -> String,
) -> Error {
    let reason = reason(&e);
    match Error::from_tantivy(e, Some(path)) {
        // tantivy reports JSON it cannot parse as invalid I/O data: damage.
        io @ Error::IndexIo { .. } if io.io_kind() != Some(std::io::ErrorKind::InvalidData) => io,
        _ => Error::IncompatibleIndex {
            path: path.to_path_buf(),
            reason,
            kind: Incompatibility::Damaged,
        },
    }
}

#[cfg(test)]
mod open_tests {
    use super::*;
    use tantivy::directory::MmapDirectory;

    #[test]
    fn an_index_a_first_run_is_still_creating_is_locked_not_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        std::fs::create_dir(&path).unwrap();
        // A first run between tantivy's files and the marker holds the lock.
        let mmap = MmapDirectory::open(&path).unwrap();
        let lock = mmap.acquire_lock(&INDEX_WRITER_LOCK).unwrap();
        let (schema, _) = Fields::build();
        tantivy::Index::create(mmap, schema, settings()).unwrap();
        assert!(matches!(Index::open(&path), Err(Error::IndexLocked { .. })));
        assert!(matches!(
            Index::open_or_create(&path),
            Err(Error::IndexLocked { .. })
        ));
        drop(lock);
        // Left so by a run that was killed: not a newsidx index.
        assert!(matches!(
            Index::open(&path),
            Err(Error::IncompatibleIndex {
                kind: Incompatibility::NotAnIndex,
                ..
            })
        ));
    }

    #[test]
    fn a_new_folder_another_run_is_creating_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        std::fs::create_dir(&path).unwrap();
        let lock = MmapDirectory::open(&path)
            .unwrap()
            .acquire_lock(&INDEX_WRITER_LOCK)
            .unwrap();
        assert!(matches!(
            Index::open_or_create(&path),
            Err(Error::IndexLocked { .. })
        ));
        drop(lock);
        // The lock file left behind does not make the folder foreign.
        let index = Index::open_or_create(&path).unwrap();
        assert_eq!(index.stats().unwrap().articles, 0);
        assert!(Index::open(&path).is_ok());
    }
}
