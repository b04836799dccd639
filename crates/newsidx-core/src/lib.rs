//! newsidx: full-text search for news archives.
//!
//! newsidx reads news articles in the formats real archives come in (plain text,
//! Markdown, HTML, JSON and JSON lines, Reuters and TREC SGML, SMART collections,
//! gzip-compressed or not), extracts title, date, byline, source, dateline and
//! paragraphs, and indexes each article as one tantivy document that holds its
//! paragraphs (each a range of the body's positions, so that a paragraph is
//! scored on its own without its words being indexed twice). Searches return
//! ranked articles with their best passages and the query's words highlighted.
//!
//! The crate reads as the pipeline it implements: [`ingest`] (files to
//! [`Article`]s) → [`index`] (articles into the index) → [`query`] (ranked search)
//! → [`snippet`] (passages and highlights).
//!
//! # A tour
//!
//! Index a folder, search it, and read a passage's highlights:
//!
//! ```
//! use newsidx_core::{Index, IndexOptions, SearchRequest};
//!
//! # fn main() -> newsidx_core::Result<()> {
//! # let dir = tempfile::tempdir().unwrap();
//! # std::fs::write(dir.path().join("wsj.txt"), " date 2019-06-30 By Bob Davis and Lingling Wei\n\n\
//! #   OSAKA, Japan -- Bolton lobbied to add Huawei to the so-called \"entity list.\"\n").unwrap();
//! # let folder = dir.path().to_path_buf();
//! // An index on disk would be `Index::open_or_create(".newsidx")?`.
//! let index = Index::create_in_ram()?;
//! let report = index.index_paths(&[folder], &IndexOptions::default(), &mut |_| {})?;
//! assert_eq!(report.articles, 1);
//!
//! let results = index.search(&SearchRequest::new("Huawei \"entity list\""))?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.article.authors, ["Bob Davis", "Lingling Wei"]);
//! assert_eq!(hit.article.dateline.as_deref(), Some("OSAKA, Japan"));
//!
//! let passage = &hit.passages[0];
//! let marked: Vec<&str> = passage
//!     .highlights
//!     .iter()
//!     .map(|s| &passage.text[s.start..s.end])
//!     .collect();
//! assert_eq!(marked, ["Huawei", "entity list"]);
//! # Ok(())
//! # }
//! ```
//!
//! Articles you build yourself go in through [`index::Writer::add_article`]; the
//! `examples/` folder of the repository has a program for each use.
#![warn(missing_docs)]

pub mod article;
pub mod bench;
pub mod dedup;
pub mod error;
pub mod eval;
mod hash;
pub mod index;
pub mod ingest;
pub mod query;
pub mod snippet;

pub use article::{Article, ArticleMeta, MetaField, Paragraph, ParagraphKind, Published};
pub use error::{BadRequest, Error, Incompatibility, QueryError, Result};
pub use index::{FieldCount, Index, IndexOptions, IndexReport, IndexStats, Progress, Skipped};
pub use query::{Hit, HitPassage, Ranking, SearchRequest, SearchResults, Sort};
pub use snippet::Span;
