//! Writing articles into the index: documents, batching, commits, incremental
//! updates.
//!
//! A run of [`Index::index_paths`] walks the paths, skips files whose size and
//! modification time are unchanged since the last run, parses the rest in
//! parallel, replaces their documents, and removes the articles of files that
//! are gone. It commits every few seconds, and every commit holds whole files
//! only, so an interrupted run leaves the last committed state searchable and
//! the next run finishes the work.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::schema::{kind_code, KIND_ARTICLE, KIND_FILE};
use super::terms::push_terms;
use super::Index;
use crate::article::{Article, ParagraphKind};
use crate::dedup::Sketch;
use crate::error::{Error, Result};
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
    /// How often to commit during a long run.
    pub commit_interval: Duration,
    /// Files parsed in one parallel batch.
    pub batch_files: usize,
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
    /// The file.
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
    /// Wall time of the run.
    #[serde(serialize_with = "secs")]
    pub elapsed: Duration,
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

/// Adds articles to an index. Documents become visible to searches at
/// [`Writer::commit`]; dropping a writer without committing discards them.
pub struct Writer<'a> {
    index: &'a Index,
    inner: IndexWriter,
}

impl<'a> Writer<'a> {
    pub(super) fn new(index: &'a Index, inner: IndexWriter) -> Writer<'a> {
        Writer { index, inner }
    }

    /// Adds an article (its paragraphs in it), replacing any article with the same id.
    /// An article without an id gets one from its path and title.
    pub fn add_article(&mut self, article: &Article) -> Result<()> {
        let f = &self.index.fields;
        let id = if article.id.is_empty() {
            ingest::stable_id(&article.path, &article.title)
        } else {
            article.id.clone()
        };
        self.inner
            .delete_term(Term::from_field_text(f.article_id, &id));
        let file = article.path.to_string_lossy();
        self.add_article_docs(article, &id, &file)
    }

    fn add_article_docs(&self, a: &Article, id: &str, file: &str) -> Result<()> {
        let f = &self.index.fields;
        let date = a.published.map(|p| tantivy_date(p.timestamp()));
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, KIND_ARTICLE);
        doc.add_text(f.article_id, id);
        doc.add_text(f.file, file);
        doc.add_u64(f.id_hash, id_hash(id));
        if let Some(d) = date {
            doc.add_date(f.date, d);
        }
        for author in &a.authors {
            doc.add_text(f.author, author);
        }
        if let Some(s) = &a.source {
            doc.add_text(f.source, s);
        }
        for t in &a.tags {
            doc.add_text(f.tags, t);
        }
        doc.add_text(f.path, a.path.to_string_lossy());
        if let Some(x) = &a.external_id {
            doc.add_text(f.external_id, x);
        }
        doc.add_text(f.title, &a.title);
        doc.add_bool(f.title_derived, a.title_derived);
        for v in Sketch::of_paragraphs(a.paragraphs.iter().map(|p| p.text.as_str())).to_values() {
            doc.add_u64(f.sketch, v);
        }
        if let Some(p) = &a.published {
            doc.add_text(f.published, p.to_string());
        }
        if let Some(s) = &a.source {
            doc.add_text(f.source_key, s);
        }
        for (field, value) in [
            (f.dateline, &a.dateline),
            (f.url, &a.url),
            (f.language, &a.language),
        ] {
            if let Some(v) = value {
                doc.add_text(field, v);
            }
        }
        // Each paragraph is analyzed once, into the body; where its positions end
        // is what the search scores paragraphs by.
        let mut body = String::with_capacity(a.text_len() + a.paragraphs.len());
        let mut end = 0u64;
        for p in &a.paragraphs {
            end += push_terms(&p.text, &mut body) as u64;
            doc.add_u64(f.para_ends, end);
            doc.add_text(f.para_text, &p.text);
        }
        if a.paragraphs.iter().any(|p| p.kind != ParagraphKind::Body) {
            let codes: String = a.paragraphs.iter().map(|p| kind_code(p.kind)).collect();
            doc.add_text(f.para_kind, codes);
        }
        doc.add_text(f.body, body);
        self.inner.add_document(doc)?;
        Ok(())
    }

    /// Removes every article read from `file` (as it was recorded at indexing).
    pub fn remove_file(&self, file: &str) {
        self.inner
            .delete_term(Term::from_field_text(self.index.fields.file, file));
    }

    /// Makes everything added so far durable and visible to new searches.
    pub fn commit(&mut self) -> Result<()> {
        self.inner.commit()?;
        self.index.reload()
    }
}

impl Index {
    /// Indexes the files under `paths` (files or folders), incrementally: files
    /// unchanged since the last run are skipped, changed files replaced, files that
    /// are gone removed. `progress` hears about every file.
    ///
    /// ```
    /// use newsidx_core::{Index, IndexOptions};
    ///
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::write(dir.path().join("a.txt"), "Tariffs rise\n\nThe U.S. raised tariffs.\n").unwrap();
    /// let index = Index::create_in_ram().unwrap();
    /// let report = index
    ///     .index_paths(&[dir.path().to_path_buf()], &IndexOptions::default(), &mut |_| {})
    ///     .unwrap();
    /// assert_eq!((report.files_indexed, report.articles, report.paragraphs), (1, 1, 1));
    /// // Nothing changed: nothing to do.
    /// let again = index
    ///     .index_paths(&[dir.path().to_path_buf()], &IndexOptions::default(), &mut |_| {})
    ///     .unwrap();
    /// assert_eq!((again.files_indexed, again.files_unchanged), (0, 1));
    /// ```
    pub fn index_paths(
        &self,
        paths: &[PathBuf],
        options: &IndexOptions,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<IndexReport> {
        let start = Instant::now();
        let mut report = IndexReport::default();
        let mut writer = self.writer_with(options)?;
        let mut known = if options.rebuild {
            writer.inner.delete_all_documents()?;
            HashMap::new()
        } else {
            self.file_signatures()?
        };

        // Walk, and decide what needs reading.
        let mut todo = Vec::new();
        let mut seen = HashSet::new();
        let mut walk_failed = HashSet::new();
        for entry in ingest::walk(paths, &options.walk) {
            match entry {
                Ok(path) => {
                    report.files_seen += 1;
                    let key = file_key(&path);
                    let sig = file_signature(&path);
                    seen.insert(key.clone());
                    if sig.is_some() && known.get(&key) == sig.as_ref() {
                        report.files_unchanged += 1;
                    } else {
                        todo.push((path, key, sig));
                    }
                }
                Err(e) => {
                    if let Error::Io { path, .. } = &e {
                        walk_failed.insert(file_key(path));
                    }
                    let skipped = skipped_from_error(e);
                    progress(Progress::Skipped(&skipped));
                    report.skipped.push(skipped);
                }
            }
        }
        progress(Progress::Walked {
            files: report.files_seen,
            unchanged: report.files_unchanged,
        });

        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads.max(1))
            .build()
            .map_err(|e| Error::Internal(e.to_string()))?;
        let mut last_commit = Instant::now();
        for batch in todo.chunks(options.batch_files.max(1)) {
            // Parsing and document building run on all threads, each file in one
            // task (its delete before its adds); tantivy's writer takes documents
            // from any thread.
            let writer_ref = &writer;
            let outcomes: Vec<Result<Result<FileOutcome>>> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|(path, key, sig)| -> Result<Result<FileOutcome>> {
                        let parsed = match ingest::read_file_limited(path, options.max_file_size) {
                            Ok(p) => p,
                            Err(e) => return Ok(Err(e)),
                        };
                        writer_ref.remove_file(key);
                        let mut paragraphs = 0;
                        for a in &parsed.articles {
                            writer_ref.add_article_docs(a, &a.id, key)?;
                            paragraphs += a.paragraphs.len();
                        }
                        writer_ref.add_file_doc(path, key, sig.as_deref())?;
                        Ok(Ok(FileOutcome {
                            articles: parsed.articles.len(),
                            paragraphs,
                            problems: parsed.problems,
                        }))
                    })
                    .collect()
            });
            for ((path, key, sig), outcome) in batch.iter().zip(outcomes) {
                match outcome? {
                    Ok(done) => {
                        report.articles += done.articles;
                        report.paragraphs += done.paragraphs;
                        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
                        report.bytes += bytes;
                        report.files_indexed += 1;
                        known.insert(key.clone(), sig.clone().unwrap_or_default());
                        for p in done.problems {
                            let skipped = skipped_item(path, p);
                            progress(Progress::Skipped(&skipped));
                            report.skipped.push(skipped);
                        }
                        progress(Progress::Indexed {
                            path,
                            bytes,
                            articles: done.articles,
                        });
                    }
                    Err(e) => {
                        let skipped = skipped_from_error(e);
                        progress(Progress::Skipped(&skipped));
                        report.skipped.push(skipped);
                    }
                }
            }
            // A rebuild commits once, at the end: its first commit would drop the
            // old index, and an interrupted rebuild must leave the old one intact.
            if !options.rebuild && last_commit.elapsed() >= options.commit_interval {
                progress(Progress::Committing);
                writer.commit()?;
                last_commit = Instant::now();
            }
        }

        // Files that were indexed under these roots and are gone now.
        let roots: Vec<String> = paths.iter().map(|p| file_key(p)).collect();
        for key in known.keys() {
            let under_root = roots.iter().any(|r| is_under(key, r));
            if under_root && !seen.contains(key) && !walk_failed.iter().any(|w| is_under(key, w)) {
                writer.remove_file(key);
                report.files_removed += 1;
            }
        }
        progress(Progress::Committing);
        writer.commit()?;
        report.elapsed = start.elapsed();
        Ok(report)
    }

    /// The recorded signature of every indexed file.
    fn file_signatures(&self) -> Result<HashMap<String, String>> {
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
            let file = doc.get_first(f.file).and_then(|v| v.as_str());
            let sig = doc.get_first(f.file_sig).and_then(|v| v.as_str());
            if let (Some(file), Some(sig)) = (file, sig) {
                out.insert(file.to_string(), sig.to_string());
            }
        }
        Ok(out)
    }
}

impl Writer<'_> {
    fn add_file_doc(&self, path: &Path, key: &str, sig: Option<&str>) -> Result<()> {
        let f = &self.index.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, KIND_FILE);
        doc.add_text(f.file, key);
        doc.add_text(f.path, path.to_string_lossy());
        doc.add_text(f.file_sig, sig.unwrap_or(""));
        self.inner.add_document(doc)?;
        Ok(())
    }
}

/// A tantivy date from Unix seconds. tantivy stores nanoseconds in an i64, so
/// instants before 1678 or after 2261 are clamped to its range rather than
/// overflowing.
pub(crate) fn tantivy_date(secs: i64) -> tantivy::DateTime {
    const LIMIT: i64 = i64::MAX / 1_000_000_000;
    tantivy::DateTime::from_timestamp_secs(secs.clamp(-LIMIT, LIMIT))
}

/// A stable 64-bit hash of an article id: the tie-breaker of equal scores.
pub(crate) fn id_hash(id: &str) -> u64 {
    let mut h = ingest::Fnv64::new();
    h.write(id.as_bytes());
    h.finish()
}

/// What indexing one file amounted to.
struct FileOutcome {
    articles: usize,
    paragraphs: usize,
    problems: Vec<Problem>,
}

/// The key a file is recorded under: its absolute path, so that runs from other
/// working directories recognize it.
fn file_key(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

fn is_under(key: &str, root: &str) -> bool {
    key == root
        || key
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
}

/// Size and modification time: a change in either means the file must be read
/// again.
fn file_signature(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{}:{}", meta.len(), mtime.as_nanos()))
}

fn skipped_from_error(e: Error) -> Skipped {
    match e {
        Error::BadFile { path, line, reason } => Skipped {
            path,
            line,
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

fn skipped_item(path: &Path, p: Problem) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        line: p.line,
        reason: p.reason,
        whole_file: false,
    }
}
