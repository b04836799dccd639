//! newsidx: full-text search for news archives.
#![warn(missing_docs)]

pub mod article;
pub mod dedup;
pub mod error;
pub mod index;
pub mod ingest;
pub mod query;
pub mod snippet;

pub use article::{Article, Paragraph, ParagraphKind, Published};
pub use error::{Error, QueryError, Result};
pub use index::{Index, IndexOptions, IndexReport, IndexStats, Progress, Skipped};
pub use query::{ArticleMeta, Hit, HitPassage, Ranking, SearchRequest, SearchResults, Sort};
pub use snippet::Span;
