//! BM25 statistics of the articles alone.
//!
//! The index holds article documents and one document per source file; BM25's
//! document count must be the articles', or a term's weight would depend on
//! how many files were indexed. This module owns that count and hands tantivy
//! scoring built on it. It must not depend on which articles a search happens
//! to consider: statistics are the index's, not the page's.

use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::index::schema::Fields;

/// BM25 statistics of one document kind: the number of documents is the number
/// of articles, not of everything in the index (which holds file documents too).
pub(super) struct KindStats<'a> {
    searcher: &'a Searcher,
    docs: u64,
}

impl<'a> KindStats<'a> {
    pub(super) fn new(searcher: &'a Searcher, f: &Fields, kind: &str) -> KindStats<'a> {
        let docs = searcher
            .doc_freq(&Term::from_field_text(f.kind, kind))
            .unwrap_or(0)
            .max(1);
        KindStats { searcher, docs }
    }

    pub(super) fn scoring<'b>(&'b self, searcher: &'b Searcher) -> EnableScoring<'b> {
        EnableScoring::enabled_from_statistics_provider(self, searcher)
    }
}

impl Bm25StatisticsProvider for KindStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        // Deleted documents still count until segments merge; never report more
        // documents holding a term than there are documents (BM25's idf asserts it).
        Ok(self.searcher.doc_freq(term)?.min(self.docs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::KIND_ARTICLE;
    use crate::{Article, Index, ParagraphKind};

    #[test]
    fn only_articles_count_as_documents() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("a.txt", "Huawei phones\n\nHuawei sells phones."),
            ("b.txt", "Tariffs\n\nTariffs rose."),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let index = Index::create_in_ram().unwrap();
        let opts = crate::IndexOptions::default();
        index
            .index_paths(&[dir.path().to_path_buf()], &opts, &mut |_| {})
            .unwrap();
        let mut w = index.writer().unwrap();
        let mut a = Article::new("Soybeans");
        a.push_paragraph(ParagraphKind::Body, "China bought soybeans.");
        w.add_article(&a).unwrap();
        w.commit().unwrap();
        let searcher = index.reader.searcher();
        // Three articles, and two file documents that must not count.
        assert_eq!(searcher.num_docs(), 5);
        let stats = KindStats::new(&searcher, &index.fields, KIND_ARTICLE);
        assert_eq!(stats.total_num_docs().unwrap(), 3);
        let huawei = Term::from_field_text(index.fields.body, "huawei");
        assert_eq!(stats.doc_freq(&huawei).unwrap(), 1);
    }
}
