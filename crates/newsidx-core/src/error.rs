//! The one error type of the library.
//!
//! User-fixable errors (a bad query, an unreadable or malformed file, a locked or
//! incompatible index, a failing disk, a search request that cannot run) carry
//! what the user needs to fix them: the path, the line, the position in the
//! query, the option. Everything else is [`Error::Internal`].
//!
//! Messages speak of the library (`SearchRequest::limit`, `Index::remove`),
//! never of a program's flags: a program maps the structured variants to its
//! own words (the `newsidx` CLI does in its `errors.rs`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

/// `Result` with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in newsidx.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read.
    #[error("{}: {}", path.display(), io_reason(source))]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file was read but holds no article newsidx can use.
    #[error("{}{}: {reason}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line, when the problem is on one line.
        line: Option<u64>,
        /// Why it was skipped.
        reason: String,
    },
    /// A plain text or markdown file is not an article (a README, a word
    /// list, a data file); the indexer skips it unless asked to keep such
    /// files.
    #[error("{}: {reason}", path.display())]
    NotArticle {
        /// The file.
        path: PathBuf,
        /// Why it is not an article, starting "not an article: ".
        reason: String,
    },
    /// The query text could not be parsed.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// The index's own files could not be read or written: the disk is full, a
    /// permission is missing, the device failed. `source.kind()` tells which
    /// ([`io::ErrorKind::StorageFull`], [`io::ErrorKind::PermissionDenied`], …).
    ///
    /// ```
    /// use std::io::ErrorKind;
    /// use newsidx_core::{Error, Index};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// let index = Index::open_or_create(dir.path().join("idx")).unwrap();
    /// // Something occupies the writer's lock file's name.
    /// std::fs::create_dir(dir.path().join("idx/.tantivy-writer.lock")).unwrap();
    /// match index.writer().err() {
    ///     Some(Error::IndexIo { path, source }) => {
    ///         assert!(path.ends_with("idx/.tantivy-writer.lock"));
    ///         assert_eq!(source.kind(), ErrorKind::IsADirectory);
    ///     }
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    #[error("{}: {}", index_path_display(path), io_reason(source))]
    IndexIo {
        /// The index file that failed, or the index directory when tantivy
        /// does not say which file (empty when neither is known).
        path: PathBuf,
        /// The operating system's reason.
        source: Arc<io::Error>,
    },
    /// Another process is writing to the index.
    #[error("the index at {} is locked by another newsidx run; wait for it to finish", path.display())]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// There is no index at the path.
    #[error("no index at {}; create one with `Index::open_or_create`", path.display())]
    IndexNotFound {
        /// The index directory.
        path: PathBuf,
    },
    /// The directory holds something that is not a newsidx index of this version.
    #[error("{} is not a usable newsidx index ({reason}); {}", path.display(), kind.remedy())]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// What is wrong with it, in a sentence.
        reason: String,
        /// What is wrong with it, for a program to decide what to do.
        kind: Incompatibility,
    },
    /// A search request whose options cannot be run.
    #[error("{0}")]
    BadRequest(#[from] BadRequest),
    /// A bad argument to a library call (an unknown format name, an empty
    /// query list).
    #[error("{0}")]
    InvalidArgument(String),
    /// A failure inside tantivy or newsidx that the user cannot fix.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The operating system's reason without Rust's ` (os error 13)` suffix:
/// `Permission denied`, which is what a person at a terminal wants to read.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}

/// An index path for a message; tantivy does not always say which.
fn index_path_display(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        "the index".to_string()
    } else {
        path.display().to_string()
    }
}

/// Why an index cannot be used, which decides how to recover.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Incompatibility {
    /// The directory holds something other than a newsidx index (another
    /// program's files). newsidx never takes it over nor deletes it.
    NotAnIndex,
    /// A newsidx index in another index format.
    OtherFormat {
        /// The format the index was written in.
        found: u32,
        /// The format this newsidx reads.
        supported: u32,
    },
    /// A newsidx index that cannot be read: a damaged marker or tantivy
    /// files, a field missing.
    Damaged,
}

impl Incompatibility {
    /// True when deleting the index ([`Index::remove`](crate::Index::remove))
    /// and indexing the files again is the way out.
    pub fn needs_rebuild(&self) -> bool {
        !matches!(self, Incompatibility::NotAnIndex)
    }

    /// The way out, in a clause.
    fn remedy(&self) -> &'static str {
        if self.needs_rebuild() {
            "remove it with `Index::remove` and index the files again"
        } else {
            "use another directory"
        }
    }
}

/// Why a [`SearchRequest`](crate::SearchRequest) cannot be run: which option,
/// and what is wrong with it.
///
/// ```
/// use chrono::NaiveDate;
/// use newsidx_core::error::BadRequest;
///
/// let day = |d| NaiveDate::from_ymd_opt(2019, 6, d).unwrap();
/// let e = BadRequest::SinceAfterUntil { since: day(30), until: day(1) };
/// assert_eq!(
///     e.to_string(),
///     "SearchRequest::since 2019-06-30 is after SearchRequest::until 2019-06-01: no article can match"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BadRequest {
    /// [`SearchRequest::limit`](crate::SearchRequest::limit) is 0.
    #[error("SearchRequest::limit must be at least 1")]
    ZeroLimit,
    /// [`SearchRequest::since`](crate::SearchRequest::since) is after
    /// [`SearchRequest::until`](crate::SearchRequest::until).
    #[error(
        "SearchRequest::since {since} is after SearchRequest::until {until}: no article can match"
    )]
    SinceAfterUntil {
        /// The first day asked for.
        since: NaiveDate,
        /// The last day asked for.
        until: NaiveDate,
    },
}

impl Error {
    /// The I/O error kind behind this error, when an operating system call
    /// failed: a source file ([`Error::Io`]) or the index's own files
    /// ([`Error::IndexIo`]).
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match self {
            Error::Io { source, .. } => Some(source.kind()),
            Error::IndexIo { source, .. } => Some(source.kind()),
            _ => None,
        }
    }

    /// A tantivy error, its I/O cause kept as [`Error::IndexIo`] with the file
    /// it names (resolved against `dir`, the index directory, when known), or
    /// `dir` itself when tantivy names none. Anything else is internal.
    pub(crate) fn from_tantivy(e: TantivyError, dir: Option<&Path>) -> Error {
        let at = |file: &Path| dir.map_or_else(|| file.to_path_buf(), |d| d.join(file));
        let dir = || dir.map(Path::to_path_buf).unwrap_or_default();
        let (path, source) = match e {
            TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            | TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
                (at(&filepath), io_error)
            }
            TantivyError::OpenDirectoryError(OpenDirectoryError::IoError {
                io_error,
                directory_path,
            }) => (directory_path, io_error),
            TantivyError::IoError(io_error)
            | TantivyError::LockFailure(LockError::IoError(io_error), _) => (dir(), io_error),
            other => return Error::Internal(other.to_string()),
        };
        Error::IndexIo { path, source }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn bad_file(path: impl Into<PathBuf>, reason: impl Into<String>) -> Error {
        Error::BadFile {
            path: path.into(),
            line: None,
            reason: reason.into(),
        }
    }
}

/// An I/O cause becomes [`Error::IndexIo`], anything else
/// [`Error::Internal`]. This conversion does not know the index directory;
/// inside `index/`, `Error::from_tantivy` with the directory names it.
impl From<TantivyError> for Error {
    fn from(e: TantivyError) -> Error {
        Error::from_tantivy(e, None)
    }
}

/// A query that could not be parsed, with the byte position of the problem.
///
/// ```
/// use newsidx_core::QueryError;
///
/// let e = QueryError::new("\"entity list", 0, "unclosed quote");
/// assert_eq!(e.to_string(), "bad query at column 1: unclosed quote");
/// assert_eq!(e.caret(), "\"entity list\n^");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QueryError {
    /// The query as given.
    pub query: String,
    /// Byte offset of the problem in [`QueryError::query`].
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

impl QueryError {
    /// A query error at a byte position.
    pub fn new(query: &str, position: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            query: query.to_string(),
            position: position.min(query.len()),
            message: message.into(),
        }
    }

    /// 1-based column (in characters) of the problem.
    pub fn column(&self) -> usize {
        let pos = floor_char_boundary(&self.query, self.position);
        self.query[..pos].chars().count() + 1
    }

    /// The query with a caret under the problem, for a terminal.
    pub fn caret(&self) -> String {
        let line: String = self
            .query
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("{line}\n{}^", " ".repeat(self.column() - 1))
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad query at column {}: {}", self.column(), self.message)
    }
}

impl std::error::Error for QueryError {}

/// The largest char boundary at or below `i`.
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(kind: io::ErrorKind) -> Arc<io::Error> {
        Arc::new(io::Error::from(kind))
    }

    /// The path and kind of an [`Error::IndexIo`], and its message.
    fn index_io(e: Error) -> (PathBuf, io::ErrorKind, String) {
        let message = e.to_string();
        match e {
            Error::IndexIo { path, source } => (path, source.kind(), message),
            other => panic!("not IndexIo: {other:?}"),
        }
    }

    #[test]
    fn a_full_disk_at_commit_names_the_index_directory() {
        // ENOSPC, as a write on a full Linux disk fails.
        let e = TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(28)));
        let (path, kind, message) = index_io(Error::from_tantivy(e, Some(Path::new("/x/idx"))));
        assert_eq!(path, Path::new("/x/idx"));
        assert_eq!(kind, io::ErrorKind::StorageFull);
        assert_eq!(message, "/x/idx: No space left on device");
    }

    #[test]
    fn a_file_tantivy_cannot_write_is_named_inside_the_index() {
        let e = TantivyError::OpenWriteError(OpenWriteError::wrap_io_error(
            io::Error::from_raw_os_error(13),
            PathBuf::from("abc.idx"),
        ));
        let (path, kind, message) = index_io(Error::from_tantivy(e, Some(Path::new("/x/idx"))));
        assert_eq!(path, Path::new("/x/idx/abc.idx"));
        assert_eq!(kind, io::ErrorKind::PermissionDenied);
        assert_eq!(message, "/x/idx/abc.idx: Permission denied");
    }

    #[test]
    fn a_file_tantivy_cannot_read_keeps_its_absolute_path() {
        let e = TantivyError::OpenReadError(OpenReadError::wrap_io_error(
            io::Error::from(io::ErrorKind::PermissionDenied),
            PathBuf::from("/x/idx/meta.json"),
        ));
        let (path, kind, _) = index_io(Error::from_tantivy(e, Some(Path::new("/x/idx"))));
        assert_eq!(path, Path::new("/x/idx/meta.json"));
        assert_eq!(kind, io::ErrorKind::PermissionDenied);
    }

    #[test]
    fn without_a_directory_the_message_says_the_index() {
        let e = TantivyError::LockFailure(
            LockError::IoError(os(io::ErrorKind::PermissionDenied)),
            None,
        );
        let (path, _, message) = index_io(Error::from(e));
        assert_eq!(path, PathBuf::new());
        assert_eq!(message, "the index: permission denied");
    }

    #[test]
    fn tantivy_errors_without_an_io_cause_stay_internal() {
        let e = Error::from(TantivyError::InvalidArgument("bad".into()));
        assert!(
            matches!(&e, Error::Internal(m) if m.contains("bad")),
            "{e:?}"
        );
        assert_eq!(e.io_kind(), None);
    }

    #[test]
    fn io_kind_covers_source_files_and_index_files() {
        let source = Error::io("a.txt", io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(source.io_kind(), Some(io::ErrorKind::PermissionDenied));
        let index = Error::from(TantivyError::IoError(os(io::ErrorKind::StorageFull)));
        assert_eq!(index.io_kind(), Some(io::ErrorKind::StorageFull));
    }

    #[test]
    fn library_messages_name_library_calls_not_flags() {
        let e = Error::IncompatibleIndex {
            path: PathBuf::from("idx"),
            reason: "newsidx.json is damaged".into(),
            kind: Incompatibility::Damaged,
        };
        assert_eq!(
            e.to_string(),
            "idx is not a usable newsidx index (newsidx.json is damaged); \
             remove it with `Index::remove` and index the files again"
        );
        let e = Error::IncompatibleIndex {
            path: PathBuf::from("notes"),
            reason: "the directory is not empty and holds no newsidx index".into(),
            kind: Incompatibility::NotAnIndex,
        };
        assert!(e.to_string().ends_with("; use another directory"), "{e}");
        let e = Error::IndexNotFound {
            path: PathBuf::from("idx"),
        };
        assert_eq!(
            e.to_string(),
            "no index at idx; create one with `Index::open_or_create`"
        );
        assert_eq!(
            Error::from(BadRequest::ZeroLimit).to_string(),
            "SearchRequest::limit must be at least 1"
        );
    }
}
