//! The incremental policy: which files a run reads again, which it skips, and
//! which files' articles it removes.
//!
//! Every indexed file is recorded in the index under its key with a signature
//! (size and modification time). The key is the exact bytes of the file's
//! absolute path as the walk spells it (the root made canonical, see
//! `ingest::walk`), `%`-escaped where they are not UTF-8, so that two names
//! differing only in invalid bytes stay two keys and any spelling of a root
//! (`news`, `news/`, `./news`, a symlink to it) yields the same keys. A run compares each
//! file the walk finds with the record: the same signature means the file is
//! skipped, anything else (a new file, another size or mtime, metadata that
//! cannot be read) means it is read again and its old articles replaced. A file
//! recorded under one of the run's roots that the walk did not find is gone,
//! and its articles are removed, unless the walk failed on a folder above it
//! (an unreadable folder is not a deleted one).
//!
//! This module decides; it must not read articles, build documents or write
//! to the index (that is `writer.rs`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::document::read_file_sig;
use super::schema::KIND_FILE;
use super::Index;
use crate::error::Result;

/// What a run does with a file the walk found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Decision {
    /// Unchanged since it was recorded: skip it.
    Unchanged,
    /// New or changed: read it, replacing its articles, and record it under
    /// `key` with `sig`.
    Read {
        /// The file's key.
        key: String,
        /// Its signature now; `None` when its metadata could not be read.
        sig: Option<String>,
    },
}

/// The files the index recorded before this run, and what the run has found.
#[derive(Debug)]
pub(super) struct Ledger {
    /// Key → signature, as recorded by earlier runs.
    known: HashMap<String, String>,
    /// Keys the walk found in this run.
    seen: HashSet<String>,
    /// Keys of paths the walk could not read (a folder, or a file).
    walk_failed: HashSet<String>,
    /// The canonical working directory, which relative walked paths are under.
    base: Option<PathBuf>,
}

impl Default for Ledger {
    /// An empty ledger (for a rebuild).
    fn default() -> Ledger {
        Ledger::new(HashMap::new())
    }
}

impl Ledger {
    /// A ledger over the records of earlier runs (empty for a rebuild).
    pub(super) fn new(known: HashMap<String, String>) -> Ledger {
        Ledger {
            known,
            seen: HashSet::new(),
            walk_failed: HashSet::new(),
            base: crate::ingest::working_dir(),
        }
    }

    /// Decides about a file the walk found on disk.
    pub(super) fn found(&mut self, path: &Path) -> Decision {
        self.decide(self.key(path), file_signature(path))
    }

    /// The key of a path as the walk spells it.
    fn key(&self, path: &Path) -> String {
        match (&self.base, path.is_relative()) {
            (Some(base), true) => file_key(&base.join(path)),
            _ => file_key(path),
        }
    }

    /// Decides about the file recorded under `key` whose signature is now `sig`.
    pub(super) fn decide(&mut self, key: String, sig: Option<String>) -> Decision {
        self.seen.insert(key.clone());
        if sig.is_some() && self.known.get(&key) == sig.as_ref() {
            Decision::Unchanged
        } else {
            Decision::Read { key, sig }
        }
    }

    /// Notes a path the walk could not read: nothing under it counts as gone.
    pub(super) fn walk_failed(&mut self, path: &Path) {
        let key = self.key(path);
        self.walk_failed.insert(key);
    }

    /// The keys of recorded files under `roots` that this run did not find,
    /// whose articles must go.
    ///
    /// A root counts in its canonical spelling, which is the one the walk
    /// gives, and in the spelling it was typed in (made absolute): keys that
    /// an older newsidx recorded under a symlinked or otherwise non-canonical
    /// spelling of the root were found again under their canonical key, and
    /// the old ones must go rather than stay as duplicates.
    pub(super) fn vanished(&self, roots: &[PathBuf]) -> Vec<&str> {
        let roots: Vec<String> = roots
            .iter()
            .flat_map(|p| {
                let typed = std::path::absolute(p).unwrap_or_else(|_| p.clone());
                [
                    self.key(&crate::ingest::canonical_root(p)),
                    file_key(&typed),
                ]
            })
            .collect();
        self.known
            .keys()
            .filter(|key| {
                roots.iter().any(|r| is_under(key, r))
                    && !self.seen.contains(*key)
                    && !self.walk_failed.iter().any(|w| is_under(key, w))
            })
            .map(String::as_str)
            .collect()
    }
}

impl Index {
    /// The recorded signature of every indexed file, by key.
    pub(super) fn file_signatures(&self) -> Result<HashMap<String, String>> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(f.kind, KIND_FILE),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&query, &DocSetCollector)?;
        let mut out = HashMap::with_capacity(docs.len());
        for addr in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some((file, sig)) = read_file_sig(f, &doc) {
                out.insert(file, sig);
            }
        }
        Ok(out)
    }
}

/// The key a file is recorded under: the exact bytes of its absolute path, so
/// that runs from other working directories recognize it, written losslessly
/// (see [`encode_path`]).
pub(super) fn file_key(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    encode_path(&abs)
}

/// A path's exact bytes as a string, losslessly: UTF-8 stays as it is, `%`
/// becomes `%25`, and each byte that is not part of valid UTF-8 becomes `%XX`
/// (`a\xe9.txt` → `a%E9.txt`). Two different paths never share an encoding,
/// and a folder's encoding is a prefix of its files' (the separator is ASCII).
/// A path without `%` and in UTF-8, almost every path, is its own encoding.
pub(super) fn encode_path(path: &Path) -> String {
    let bytes = crate::hash::path_bytes(path);
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// True when `key` is `root` or a path inside it (`/r/ab` is not inside `/r/a`).
fn is_under(key: &str, root: &str) -> bool {
    let sep = std::path::MAIN_SEPARATOR;
    let root = match root.trim_end_matches(sep) {
        // The file system's root: every absolute key is under it.
        "" if !root.is_empty() => return key.starts_with(sep),
        trimmed => trimmed,
    };
    key == root
        || key
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with(sep))
}

/// Size and modification time: a change in either means the file must be read
/// again. The time is in nanoseconds since 1970, negative before it (such
/// files exist: archives restored with their original dates, or a clock at 0).
fn file_signature(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?;
    let nanos: i128 = match mtime.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).ok()?,
        Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
    };
    Some(format!("{}:{}", meta.len(), nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn ledger(known: &[(&str, &str)]) -> Ledger {
        Ledger::new(
            known
                .iter()
                .map(|(k, s)| (k.to_string(), s.to_string()))
                .collect(),
        )
    }

    fn read(key: &str, sig: &str) -> Decision {
        Decision::Read {
            key: key.into(),
            sig: Some(sig.into()),
        }
    }

    #[test]
    fn a_file_with_its_recorded_signature_is_skipped() {
        let mut l = ledger(&[("/r/a.txt", "10:5")]);
        assert_eq!(
            l.decide("/r/a.txt".into(), Some("10:5".into())),
            Decision::Unchanged
        );
    }

    #[test]
    fn another_size_or_mtime_or_a_new_file_is_read() {
        let mut l = ledger(&[("/r/a.txt", "10:5")]);
        assert_eq!(
            l.decide("/r/a.txt".into(), Some("11:5".into())),
            read("/r/a.txt", "11:5")
        );
        assert_eq!(
            l.decide("/r/a.txt".into(), Some("10:6".into())),
            read("/r/a.txt", "10:6")
        );
        assert_eq!(
            l.decide("/r/new.txt".into(), Some("1:1".into())),
            read("/r/new.txt", "1:1")
        );
    }

    #[test]
    fn a_file_without_readable_metadata_is_always_read() {
        // An unreadable signature is recorded as "", which must not match it.
        let mut l = ledger(&[("/r/a.txt", "")]);
        assert_eq!(
            l.decide("/r/a.txt".into(), None),
            Decision::Read {
                key: "/r/a.txt".into(),
                sig: None
            }
        );
    }

    #[test]
    fn recorded_files_the_walk_missed_under_the_roots_vanish() {
        let mut l = ledger(&[
            ("/r/a.txt", "1:1"),
            ("/r/b.txt", "1:1"),
            ("/other/c.txt", "1:1"),
        ]);
        l.decide("/r/a.txt".into(), Some("1:1".into()));
        // Only under the run's roots: /other was not walked.
        assert_eq!(l.vanished(&[PathBuf::from("/r")]), ["/r/b.txt"]);
        // A root naming the file itself counts too.
        assert_eq!(
            l.vanished(&[PathBuf::from("/other/c.txt")]),
            ["/other/c.txt"]
        );
    }

    #[test]
    fn nothing_under_a_folder_the_walk_could_not_read_vanishes() {
        let mut l = ledger(&[("/r/sub/a.txt", "1:1"), ("/r/b.txt", "1:1")]);
        l.walk_failed(Path::new("/r/sub"));
        assert_eq!(l.vanished(&[PathBuf::from("/r")]), ["/r/b.txt"]);
    }

    #[test]
    fn a_sibling_with_a_longer_name_is_not_under_a_root() {
        assert!(is_under("/r/a/x.txt", "/r/a"));
        assert!(is_under("/r/a", "/r/a"));
        assert!(!is_under("/r/ab/x.txt", "/r/a"));
        let l = ledger(&[("/r/ab/x.txt", "1:1")]);
        assert!(l.vanished(&[PathBuf::from("/r/a")]).is_empty());
    }

    #[test]
    fn the_signature_follows_size_and_mtime() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "twelve bytes").unwrap();
        let at = |secs| {
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(UNIX_EPOCH + Duration::from_secs(secs))
                .unwrap();
        };
        at(1_000);
        assert_eq!(file_signature(&path).as_deref(), Some("12:1000000000000"));
        at(2_000);
        assert_eq!(file_signature(&path).as_deref(), Some("12:2000000000000"));
        assert_eq!(file_signature(&dir.path().join("missing")), None);
        assert_eq!(file_key(&path), path.to_string_lossy());
    }

    #[test]
    fn a_file_dated_before_1970_has_a_signature() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "twelve bytes").unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(UNIX_EPOCH - Duration::from_secs(1_000))
            .unwrap();
        assert_eq!(file_signature(&path).as_deref(), Some("12:-1000000000000"));
    }

    #[cfg(unix)]
    #[test]
    fn keys_keep_every_byte_of_the_path() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let key = |b: &[u8]| encode_path(Path::new(OsStr::from_bytes(b)));
        assert_eq!(key(b"/r/a\xe9.txt"), "/r/a%E9.txt");
        assert_eq!(key(b"/r/a\xe8.txt"), "/r/a%E8.txt");
        // A literal `%E9` in a name is not the byte 0xE9.
        assert_eq!(key(b"/r/a%E9.txt"), "/r/a%25E9.txt");
        assert_eq!(key("/r/Zürich.txt".as_bytes()), "/r/Zürich.txt");
        // A folder's key is a prefix of its files' keys, whatever the bytes.
        assert!(is_under(&key(b"/r/\xff/a.txt"), &key(b"/r/\xff")));
    }

    #[test]
    fn a_root_with_a_trailing_separator_or_the_file_system_root_holds_its_files() {
        assert!(is_under("/r/a/x.txt", "/r/a/"));
        assert!(is_under("/r/a/x.txt", "/"));
        assert!(!is_under("/r/ab/x.txt", "/r/a/"));
    }
}
