//! Writing articles into the index: the [`Writer`], and the batched,
//! committed run of [`Index::index_paths`].
//!
//! A run walks the paths, asks the incremental policy (`incremental.rs`) which
//! files to read, and has worker threads read them in bounded parts
//! (`ingest::stream`) and build their documents (`document.rs`). One thread,
//! the committer, adds the documents in order, removes the articles of files
//! that are gone, and commits by time (`commit_interval`) and by volume (as
//! much input as the memory budget), between parts, not only between files.
//!
//! A commit that falls inside a file records it as partly indexed: its record
//! carries `partial:OFFSET:ITEMS:LINES:SIGNATURE` instead of its signature, so
//! the next run, finding the file unchanged, goes on from the offset instead of
//! reading it again; a changed file is read again from the start. So an
//! interrupted run (SIGKILL, a stop request) keeps every part it committed, and
//! the next run neither redoes nor duplicates them. This module must not decide
//! the mapping of article fields (that is `document.rs` and `schema.rs`) nor
//! which files changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::document::{article_document, file_document};
use super::incremental::{Decision, Ledger};
use super::report::{skipped_from_error, skipped_item};
use super::schema::KIND_FILE;
use super::{Index, IndexOptions, IndexReport, Progress};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::ingest::stream::{self, Resume};
use crate::ingest::Problem;

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
        let id = if article.meta.id.is_empty() {
            crate::hash::stable_id(&article.meta.path, &article.meta.title)
        } else {
            article.meta.id.clone()
        };
        self.inner
            .delete_term(Term::from_field_text(f.article_id, &id));
        let file = article.meta.path.to_string_lossy();
        self.add_article_docs(article, &id, &file)
    }

    /// Adds one article's document, recorded under source file `file`.
    fn add_article_docs(&mut self, a: &Article, id: &str, file: &str) -> Result<()> {
        let doc = article_document(&self.index.fields, a, id, file);
        self.add_doc(doc)
    }

    /// Adds a document. When tantivy's indexing thread died (a full disk while
    /// writing a segment), tantivy only says "an index writer was killed"; the
    /// real cause comes back from joining its threads, which preparing a
    /// commit does, so that is what the error reports.
    fn add_doc(&mut self, doc: TantivyDocument) -> Result<()> {
        match self.inner.add_document(doc) {
            Ok(_) => Ok(()),
            Err(killed @ TantivyError::ErrorInThread(_)) => {
                let e = match self.inner.prepare_commit() {
                    Err(cause) => self.index.tantivy_error(cause),
                    Ok(_) => self.index.tantivy_error(killed),
                };
                Err(storage_error(e, self.index.path()))
            }
            Err(e) => Err(storage_error(
                self.index.tantivy_error(e),
                self.index.path(),
            )),
        }
    }

    /// Records that source file `key` was indexed with signature `sig`,
    /// replacing its earlier record (but not its articles).
    fn record_file(&mut self, path: &Path, key: &str, sig: Option<&str>) -> Result<()> {
        let f = &self.index.fields;
        let record: Vec<(Occur, Box<dyn Query>)> = vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, KIND_FILE),
                    IndexRecordOption::Basic,
                )),
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.file, key),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        self.inner
            .delete_query(Box::new(BooleanQuery::new(record)))
            .map_err(|e| self.index.tantivy_error(e))?;
        let doc = file_document(f, path, key, sig);
        self.add_doc(doc)
    }

    /// Removes every article read from `file` (as it was recorded at indexing).
    pub fn remove_file(&self, file: &str) {
        self.inner
            .delete_term(Term::from_field_text(self.index.fields.file, file));
    }

    /// Makes everything added so far durable and visible to new searches.
    ///
    /// A full disk or a missing permission fails here as [`Error::IndexIo`],
    /// and the index keeps its last commit.
    pub fn commit(&mut self) -> Result<()> {
        self.inner
            .commit()
            .map_err(|e| storage_error(self.index.tantivy_error(e), self.index.path()))?;
        self.index.reload()
    }
}

/// tantivy reports some write failures of its own threads as internal errors
/// holding only the I/O error's text; a full disk among them is the index's
/// I/O error, named as such, with the index directory.
fn storage_error(e: Error, dir: Option<&Path>) -> Error {
    match e {
        Error::Internal(msg) if msg.contains("(os error 28)") => Error::IndexIo {
            path: dir.map(Path::to_path_buf).unwrap_or_default(),
            source: std::sync::Arc::new(std::io::Error::from_raw_os_error(28)),
        },
        other => other,
    }
}

/// The start of a partly indexed file's recorded signature.
const PARTIAL: &str = "partial:";

/// The record of a file indexed up to `at`, whose signature is `sig`.
fn partial_sig(at: &Resume, sig: &str) -> String {
    format!("{PARTIAL}{}:{sig}", at.encode())
}

/// Where a partly indexed file's record says to go on, and the file's
/// signature then; `None` for the record of a whole file.
fn parse_partial(recorded: &str) -> Option<(Resume, &str)> {
    let rest = recorded.strip_prefix(PARTIAL)?;
    let mut it = rest.splitn(4, ':');
    let (offset, items, lines, sig) = (it.next()?, it.next()?, it.next()?, it.next()?);
    Some((Resume::decode(&format!("{offset}:{items}:{lines}"))?, sig))
}

/// A file this run reads.
struct Job {
    path: PathBuf,
    key: String,
    sig: Option<String>,
    /// Where an interrupted run stopped in it, when it did and the file is
    /// unchanged since.
    from: Option<Resume>,
}

/// What a worker hands the committer.
enum Msg {
    /// The documents of one part of file `job`.
    Part {
        job: usize,
        docs: Vec<TantivyDocument>,
        articles: usize,
        paragraphs: usize,
        problems: Vec<Problem>,
        next: Resume,
        bytes: u64,
    },
    /// File `job` is done: `Ok(true)` read to its end, `Ok(false)` stopped
    /// early by a stop request, `Err` skipped whole before any part.
    Done { job: usize, result: Result<bool> },
}

/// A file the committer has had parts of, not yet its end.
#[derive(Default)]
struct InFlight {
    next: Resume,
    articles: usize,
}

impl Index {
    /// Indexes the files under `paths` (files or folders), incrementally: files
    /// unchanged since the last run are skipped, changed files replaced, files that
    /// are gone removed, files an interrupted run left partly indexed finished.
    /// `progress` hears about every file.
    ///
    /// A run commits every [`IndexOptions::commit_interval`] and after as much
    /// input as the memory budget, also in the middle of a large file, and
    /// stops early, committing what it finished, when
    /// [`IndexOptions::stop`] is set ([`IndexReport::interrupted`]).
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
        let mut partial: HashMap<String, (Resume, String)> = HashMap::new();
        let mut ledger = if options.rebuild {
            writer.inner.delete_all_documents()?;
            Ledger::default()
        } else {
            let known = self.file_signatures()?;
            for (key, sig) in &known {
                if let Some((at, base)) = parse_partial(sig) {
                    partial.insert(key.clone(), (at, base.to_string()));
                }
            }
            Ledger::new(known)
        };

        // Walk, and decide what needs reading.
        let mut jobs = Vec::new();
        for entry in crate::ingest::walk(paths, &options.walk) {
            match entry {
                Ok(path) => {
                    report.files_seen += 1;
                    match ledger.found(&path) {
                        Decision::Unchanged => report.files_unchanged += 1,
                        Decision::Read { key, sig } => {
                            let from = match (partial.get(&key), &sig) {
                                (Some((at, base)), Some(sig)) if base == sig => Some(*at),
                                _ => None,
                            };
                            jobs.push(Job {
                                path,
                                key,
                                sig,
                                from,
                            });
                        }
                    }
                }
                Err(e) => {
                    if let Error::Io { path, .. } = &e {
                        ledger.walk_failed(path);
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

        let threads = options.threads.max(1).min(jobs.len().max(1));
        let next_job = AtomicUsize::new(0);
        let (tx, rx) = mpsc::sync_channel::<Msg>(threads);
        let (in_flight, done) = std::thread::scope(|scope| {
            for _ in 0..threads {
                let tx = tx.clone();
                let (jobs, next_job, fields) = (&jobs, &next_job, &self.fields);
                scope.spawn(move || read_jobs(paths, jobs, next_job, fields, options, &tx));
            }
            drop(tx);
            self.commit_parts(
                &mut writer,
                &jobs,
                rx,
                options,
                start,
                &mut report,
                progress,
            )
        })?;

        // A stop that came after the last file was read interrupted nothing.
        report.interrupted = options.stopped() && done < jobs.len();
        report.files_partial = in_flight.len();
        if report.interrupted && options.rebuild {
            // An interrupted rebuild keeps the old index whole: nothing of it
            // is committed.
            report.elapsed = start.elapsed();
            return Ok(report);
        }
        mark_partial(&mut writer, &jobs, &in_flight)?;
        for key in ledger.vanished(paths) {
            writer.remove_file(key);
            report.files_removed += 1;
        }
        progress(Progress::Committing);
        writer.commit()?;
        report.elapsed = start.elapsed();
        Ok(report)
    }

    /// The committer: adds the parts the workers send, in order, records
    /// finished files, and commits when it is time. Returns the files left
    /// unfinished by a stop request, and how many files it saw to their end
    /// (indexed or skipped).
    // The run's pieces the committer needs; a struct for them would only be
    // taken apart again here.
    #[allow(clippy::too_many_arguments)]
    fn commit_parts(
        &self,
        writer: &mut Writer<'_>,
        jobs: &[Job],
        rx: mpsc::Receiver<Msg>,
        options: &IndexOptions,
        start: Instant,
        report: &mut IndexReport,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<(HashMap<usize, InFlight>, usize)> {
        let mut in_flight: HashMap<usize, InFlight> = HashMap::new();
        let mut done = 0;
        // The first interval counts from the run's start, walk included: a run
        // killed one interval after it began has committed something.
        let mut last_commit = start;
        let mut since_commit = 0u64;
        // "At least every interval" means a commit *done* within it: start
        // one early by what the last one took (a first guess: a quarter).
        let mut commit_cost = options.commit_interval / 4;
        for msg in rx {
            match msg {
                Msg::Part {
                    job,
                    docs,
                    articles,
                    paragraphs,
                    problems,
                    next,
                    bytes,
                } => {
                    let j = &jobs[job];
                    let state = in_flight.entry(job).or_insert_with(|| {
                        // A file read from its start replaces what it held;
                        // one resumed keeps the parts an earlier run committed.
                        if j.from.is_none() {
                            writer.remove_file(&j.key);
                        }
                        InFlight::default()
                    });
                    for doc in docs {
                        writer.add_doc(doc)?;
                    }
                    state.next = next;
                    state.articles += articles;
                    report.articles += articles;
                    report.paragraphs += paragraphs;
                    report.bytes += bytes;
                    since_commit += bytes;
                    for p in problems {
                        let skipped = skipped_item(&j.path, p);
                        progress(Progress::Skipped(&skipped));
                        report.skipped.push(skipped);
                    }
                }
                Msg::Done { job, result } => {
                    let j = &jobs[job];
                    done += usize::from(!matches!(result, Ok(false)));
                    match result {
                        Ok(true) => {
                            let articles = in_flight.remove(&job).map_or(0, |s| s.articles);
                            writer.record_file(&j.path, &j.key, j.sig.as_deref())?;
                            report.files_indexed += 1;
                            progress(Progress::Indexed {
                                path: &j.path,
                                bytes: std::fs::metadata(&j.path).map_or(0, |m| m.len()),
                                articles,
                            });
                        }
                        Ok(false) => {}
                        Err(e) => {
                            in_flight.remove(&job);
                            if matches!(e, Error::NotArticle { .. }) {
                                // Judged an article before (or kept with
                                // `keep_non_articles`): its old documents go.
                                writer.remove_file(&j.key);
                                report.files_not_articles += 1;
                            }
                            let skipped = skipped_from_error(e);
                            progress(Progress::Skipped(&skipped));
                            report.skipped.push(skipped);
                        }
                    }
                }
            }
            // A rebuild commits once, at the end: its first commit would drop the
            // old index, and an interrupted rebuild must leave the old one intact.
            let due = last_commit.elapsed() + commit_cost >= options.commit_interval
                || since_commit >= options.memory_budget as u64;
            if !options.rebuild && due {
                let began = Instant::now();
                mark_partial(writer, jobs, &in_flight)?;
                progress(Progress::Committing);
                writer.commit()?;
                last_commit = Instant::now();
                commit_cost = (last_commit - began).min(options.commit_interval / 2);
                since_commit = 0;
            }
        }
        Ok((in_flight, done))
    }
}

/// Records each file a commit holds only part of as partly indexed, with
/// where to go on. A file whose parts carry no position (one read whole) gets
/// no record: the next run reads it again, replacing what this one added.
fn mark_partial(
    writer: &mut Writer<'_>,
    jobs: &[Job],
    in_flight: &HashMap<usize, InFlight>,
) -> Result<()> {
    for (&job, state) in in_flight {
        let j = &jobs[job];
        if let (Some(sig), true) = (&j.sig, state.next.offset > 0) {
            writer.record_file(&j.path, &j.key, Some(&partial_sig(&state.next, sig)))?;
        }
    }
    Ok(())
}

/// A worker: takes the next file, reads it part by part, and sends each
/// part's documents to the committer, until no file is left, a stop is
/// requested, or the committer has gone.
fn read_jobs(
    paths: &[PathBuf],
    jobs: &[Job],
    next_job: &AtomicUsize,
    fields: &super::schema::Fields,
    options: &IndexOptions,
    tx: &mpsc::SyncSender<Msg>,
) {
    loop {
        if options.stopped() {
            return;
        }
        let job = next_job.fetch_add(1, Ordering::Relaxed);
        let Some(j) = jobs.get(job) else {
            return;
        };
        let mut gone = false;
        let mut read_to_end = false;
        let mut not_article = None;
        let section = crate::ingest::folder_section(paths, &j.path);
        let result = stream::read_parts(
            &j.path,
            options.max_file_size,
            j.from.unwrap_or_default(),
            &mut |mut part| {
                if let Some(reason) = part
                    .not_article
                    .take()
                    .filter(|_| !options.keep_non_articles)
                {
                    not_article = Some(reason);
                    return false;
                }
                for a in &mut part.articles {
                    if a.meta.section.is_none() {
                        a.meta.section.clone_from(&section);
                    }
                }
                let docs = part
                    .articles
                    .iter()
                    .map(|a| article_document(fields, a, &a.meta.id, &j.key))
                    .collect();
                let msg = Msg::Part {
                    job,
                    docs,
                    articles: part.articles.len(),
                    paragraphs: part.articles.iter().map(|a| a.paragraphs.len()).sum(),
                    problems: part.problems,
                    next: part.next,
                    bytes: part.bytes,
                };
                read_to_end = part.last;
                if tx.send(msg).is_err() {
                    gone = true;
                    return false;
                }
                !options.stopped()
            },
        );
        if gone {
            return;
        }
        let result = match (result, not_article) {
            (Ok(()), Some(reason)) => Err(Error::NotArticle {
                path: j.path.clone(),
                reason,
            }),
            (result, _) => result.map(|()| read_to_end),
        };
        if tx.send(Msg::Done { job, result }).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_tantivy_calls_internal_says_no_space_left_on_device() {
        let e = storage_error(
            Error::Internal("Internal error: 'No space left on device (os error 28)'".into()),
            Some(Path::new("/mnt/small/idx")),
        );
        assert_eq!(e.io_kind(), Some(std::io::ErrorKind::StorageFull));
        assert_eq!(e.to_string(), "/mnt/small/idx: No space left on device");
        let other = storage_error(Error::Internal("something else".into()), None);
        assert!(matches!(other, Error::Internal(_)));
    }

    #[test]
    fn a_partial_record_says_where_to_go_on() {
        let at = Resume {
            offset: 1_048_600,
            items: 5_000,
            lines: 5_001,
        };
        let recorded = partial_sig(&at, "250000000:1700000000123456789");
        assert_eq!(
            recorded,
            "partial:1048600:5000:5001:250000000:1700000000123456789"
        );
        assert_eq!(
            parse_partial(&recorded),
            Some((at, "250000000:1700000000123456789"))
        );
        assert_eq!(parse_partial("250000000:1700000000123456789"), None);
        assert_eq!(parse_partial("partial:x:1:2:3"), None);
    }
}
