//! Writing articles into the index: the [`Writer`], and the batched,
//! committed run of [`Index::index_paths`].
//!
//! A run walks the paths, asks the incremental policy (`incremental.rs`) which
//! files to read, parses those in parallel batches, replaces their documents
//! (built by `document.rs`), and removes the articles of files that are gone.
//! It commits every few seconds, and every commit holds whole files only, so an
//! interrupted run leaves the last committed state searchable and the next run
//! finishes the work. This module must not decide the mapping of article
//! fields (that is `document.rs` and `schema.rs`) nor which files changed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use tantivy::{IndexWriter, Term};

use super::document::{article_document, file_document};
use super::incremental::{Decision, Ledger};
use super::report::{skipped_from_error, skipped_item};
use super::{Index, IndexOptions, IndexReport, Progress};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::ingest::{self, Problem};

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
    fn add_article_docs(&self, a: &Article, id: &str, file: &str) -> Result<()> {
        let doc = article_document(&self.index.fields, a, id, file);
        self.inner.add_document(doc)?;
        Ok(())
    }

    /// Records that source file `key` was indexed with signature `sig`.
    fn add_file_doc(&self, path: &Path, key: &str, sig: Option<&str>) -> Result<()> {
        let doc = file_document(&self.index.fields, path, key, sig);
        self.inner.add_document(doc)?;
        Ok(())
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
            .map_err(|e| self.index.tantivy_error(e))?;
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
        let mut ledger = if options.rebuild {
            writer.inner.delete_all_documents()?;
            Ledger::default()
        } else {
            Ledger::new(self.file_signatures()?)
        };

        // Walk, and decide what needs reading.
        let mut todo = Vec::new();
        for entry in ingest::walk(paths, &options.walk) {
            match entry {
                Ok(path) => {
                    report.files_seen += 1;
                    match ledger.found(&path) {
                        Decision::Unchanged => report.files_unchanged += 1,
                        Decision::Read { key, sig } => todo.push((path, key, sig)),
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
                        let mut parsed =
                            match ingest::read_file_limited(path, options.max_file_size) {
                                Ok(p) => p,
                                Err(e) => return Ok(Err(e)),
                            };
                        if let Some(reason) =
                            parsed.not_article.filter(|_| !options.keep_non_articles)
                        {
                            // Judged an article before (or kept with
                            // `keep_non_articles`): its old documents go.
                            writer_ref.remove_file(key);
                            return Ok(Err(Error::NotArticle {
                                path: path.clone(),
                                reason,
                            }));
                        }
                        let section = ingest::folder_section(paths, path);
                        for a in &mut parsed.articles {
                            if a.meta.section.is_none() {
                                a.meta.section.clone_from(&section);
                            }
                        }
                        writer_ref.remove_file(key);
                        let mut paragraphs = 0;
                        for a in &parsed.articles {
                            writer_ref.add_article_docs(a, &a.meta.id, key)?;
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
            for ((path, _, _), outcome) in batch.iter().zip(outcomes) {
                match outcome? {
                    Ok(done) => {
                        report.articles += done.articles;
                        report.paragraphs += done.paragraphs;
                        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
                        report.bytes += bytes;
                        report.files_indexed += 1;
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
                        if matches!(e, Error::NotArticle { .. }) {
                            report.files_not_articles += 1;
                        }
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

        for key in ledger.vanished(paths) {
            writer.remove_file(key);
            report.files_removed += 1;
        }
        progress(Progress::Committing);
        writer.commit()?;
        report.elapsed = start.elapsed();
        Ok(report)
    }
}

/// What indexing one file amounted to.
struct FileOutcome {
    articles: usize,
    paragraphs: usize,
    problems: Vec<Problem>,
}
