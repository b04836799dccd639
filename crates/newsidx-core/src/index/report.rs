//! What an indexing run takes and gives back: its options, the progress
//! events it reports as it goes, and its final report with every skipped file.
//!
//! These are plain data; the run itself is in `writer.rs`. Nothing here
//! touches tantivy or the file system.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::ingest::{self, Problem, WalkOptions};

/// Options of an indexing run.
#[derive(Clone, Debug)]
pub struct IndexOptions {
    /// Which files the walk reads.
    pub walk: WalkOptions,
    /// Drop everything in the index first (in the same commit as the new
    /// documents, so an interrupted rebuild leaves the old index intact).
    pub rebuild: bool,
    /// The indexer's memory budget in bytes, shared by its threads (at least 15 MB
    /// a thread). Parsing adds a bounded amount on top (see `batch_files`).
    pub memory_budget: usize,
    /// Indexing threads (tokenizing and writing segments).
    pub threads: usize,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// How often to commit during a long run (also inside a large file; a
    /// run also commits after reading as many bytes as `memory_budget`).
    pub commit_interval: Duration,
    /// No longer used: files are read in bounded parts, committed as they
    /// come, not in batches of files. Kept so that callers still build.
    pub batch_files: usize,
    /// Index plain text and markdown files that are not articles (a README, a
    /// word list, a data file) too; by default they are skipped with the
    /// reason "not an article".
    pub keep_non_articles: bool,
    /// When set (by a signal handler, say), the run stops reading, commits
    /// what it finished (files partly read are recorded so that the next run
    /// goes on from where this one stopped) and returns a report with
    /// [`IndexReport::interrupted`] set.
    pub stop: Option<Arc<AtomicBool>>,
}

impl IndexOptions {
    /// True once a stop was requested.
    pub fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }
}

impl Default for IndexOptions {
    fn default() -> IndexOptions {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        IndexOptions {
            walk: WalkOptions::default(),
            rebuild: false,
            memory_budget: 256 * 1024 * 1024,
            threads: cores.min(4),
            max_file_size: ingest::DEFAULT_MAX_FILE_SIZE,
            commit_interval: Duration::from_secs(10),
            batch_files: 64,
            stop: None,
            keep_non_articles: false,
        }
    }
}

/// What an indexing run reports as it goes, for progress bars and logs.
#[derive(Debug)]
#[non_exhaustive]
pub enum Progress<'a> {
    /// The walk is done: this many files will be looked at.
    Walked {
        /// Files found.
        files: usize,
        /// Of those, unchanged since the last run.
        unchanged: usize,
    },
    /// A file was indexed.
    Indexed {
        /// The file.
        path: &'a Path,
        /// Its size in bytes.
        bytes: u64,
        /// Articles it held.
        articles: usize,
    },
    /// A file, or an item in it, was skipped.
    Skipped(&'a Skipped),
    /// A commit is being written.
    Committing,
}

/// A file or an item inside one that was not indexed, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file (in JSON lossily, where its name is not UTF-8).
    #[serde(serialize_with = "crate::article::serialize_path_lossy")]
    pub path: PathBuf,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// Why.
    pub reason: String,
    /// True when the whole file was skipped, false for one item inside it.
    pub whole_file: bool,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The outcome of an indexing run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IndexReport {
    /// Files found by the walk.
    pub files_seen: usize,
    /// Files (re)indexed in this run.
    pub files_indexed: usize,
    /// Files left alone because they had not changed.
    pub files_unchanged: usize,
    /// Files whose articles were removed because the file is gone.
    pub files_removed: usize,
    /// Articles written in this run.
    pub articles: usize,
    /// Paragraphs written in this run.
    pub paragraphs: usize,
    /// Bytes of the files read in this run.
    pub bytes: u64,
    /// What was skipped, and why.
    pub skipped: Vec<Skipped>,
    /// Of the files skipped, those skipped because they are not articles.
    pub files_not_articles: usize,
    /// Wall time of the run.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
    /// True when a stop request ended the run early: what it read was
    /// committed, and the next run goes on from there.
    pub interrupted: bool,
    /// Files the run read only part of before it was stopped (their parts are
    /// kept; the next run reads the rest).
    pub files_partial: usize,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl IndexReport {
    /// Files skipped whole.
    pub fn files_skipped(&self) -> usize {
        self.skipped.iter().filter(|s| s.whole_file).count()
    }

    /// Megabytes read per second.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A file the run could not read, or could not walk into, as a skipped file.
pub(super) fn skipped_from_error(e: Error) -> Skipped {
    match e {
        Error::BadFile { path, line, reason } => Skipped {
            path,
            line,
            reason,
            whole_file: true,
        },
        Error::NotArticle { path, reason } => Skipped {
            path,
            line: None,
            reason,
            whole_file: true,
        },
        Error::Io { path, source } => Skipped {
            path,
            line: None,
            reason: crate::error::io_reason(&source),
            whole_file: true,
        },
        other => Skipped {
            path: PathBuf::new(),
            line: None,
            reason: other.to_string(),
            whole_file: true,
        },
    }
}

/// An item inside a file that its reader skipped.
pub(super) fn skipped_item(path: &Path, p: Problem) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        line: p.line,
        reason: p.reason,
        whole_file: false,
    }
}
