//! A test collection's documents, loaded the way `newsidx index` loads them.
//!
//! This module owns putting a collection's documents into a fresh in-memory
//! index for an evaluation run. It must not read any document format itself:
//! every file goes through [`ingest`](crate::ingest)'s one sniffing path and
//! readers (TIME's `*TEXT` blocks and CACM's, CRAN's and MED's `.I` records by
//! the SMART reader, TREC `<DOC>` files by the SGML reader), so an evaluation
//! scores exactly the articles an index of the same files would hold.

use std::path::PathBuf;

use crate::error::Result;
use crate::index::{Index, IndexOptions, IndexReport};

/// Indexes `paths` (files or folders, in any format `newsidx index` reads)
/// into a fresh in-memory index, ready to search.
///
/// The report says how many articles were indexed and what was skipped; a
/// file that cannot be read is skipped and reported, not an error, as in any
/// indexing run.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let docs = dir.path().join("MED.ALL");
/// std::fs::write(&docs, ".I 1\n.W\nfree fatty acids in plasma .\n.I 2\n.W\nglucose levels .\n")
///     .unwrap();
/// let (index, report) = newsidx_core::eval::index_documents(&[docs]).unwrap();
/// assert_eq!(report.articles, 2);
/// let hits = index.search(&newsidx_core::SearchRequest::new("glucose")).unwrap().hits;
/// assert_eq!(hits[0].article.external_id.as_deref(), Some("2"));
/// assert_eq!(hits[0].article.source.as_deref(), Some("MED"));
/// ```
pub fn index_documents(paths: &[PathBuf]) -> Result<(Index, IndexReport)> {
    let index = Index::create_in_ram()?;
    let report = index.index_paths(paths, &IndexOptions::default(), &mut |_| {})?;
    index.reload()?;
    Ok((index, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::ingest::testdata::corpus_path;
    use std::path::Path;

    /// TIME through the one ingest path: the article count and ids that the
    /// TIME figures in the README rest on.
    #[test]
    fn time_collection_in_memory() {
        let path = corpus_path("time/TIME.ALL");
        assert!(
            path.is_file(),
            "this test needs the corpus file {}",
            path.display()
        );
        let (index, report) = index_documents(&[path]).unwrap();
        assert_eq!(report.articles, 423);
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        let hits = index
            .search(&crate::SearchRequest::new("\"THE ALLIES AFTER NASSAU\"").limit(1))
            .unwrap()
            .hits;
        assert_eq!(hits[0].article.external_id.as_deref(), Some("1"));
        assert_eq!(hits[0].article.source.as_deref(), Some("TIME"));
    }

    #[test]
    fn dot_i_docs_through_ingest() {
        let text = ".I 1\n.W\nWhat problems of heat\nconduction?\n.N\n1. author\n\
                    .I 2\n.T\nTitle two\n.W\nbody two\n";
        let docs = ingest::parse_bytes(Path::new("MED.ALL"), text.as_bytes())
            .unwrap()
            .articles;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].meta.title, "What problems of heat conduction?");
        assert!(docs[0].meta.title_derived);
        assert_eq!(docs[1].meta.title, "Title two");
        assert_eq!(docs[1].meta.external_id.as_deref(), Some("2"));
        assert_eq!(docs[1].meta.source.as_deref(), Some("MED"));
        assert_eq!(docs[1].paragraphs[0].text, "body two");
    }
}
