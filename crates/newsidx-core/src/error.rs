//! The one error type of the library.
//!
//! User-fixable errors (a bad query, an unreadable or malformed file, a locked or
//! incompatible index) carry what the user needs to fix them: the path, the line,
//! the position in the query. Everything else is [`Error::Internal`].

use std::fmt;
use std::path::PathBuf;

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
    /// The query text could not be parsed.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// Another process is writing to the index.
    #[error("the index at {} is locked by another newsidx run; wait for it to finish", path.display())]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// There is no index at the path.
    #[error("no index at {}; create one with `newsidx index PATH`", path.display())]
    IndexNotFound {
        /// The index directory.
        path: PathBuf,
    },
    /// The directory holds something that is not a newsidx index of this version.
    #[error("{} is not a usable newsidx index ({reason}); rebuild it with `newsidx index --rebuild PATH`", path.display())]
    IncompatibleIndex {
        /// The index directory.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A bad argument to a library call (a limit of zero, an unknown sort order).
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

impl Error {
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

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Error {
        Error::Internal(e.to_string())
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
