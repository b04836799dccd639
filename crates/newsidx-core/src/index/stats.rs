//! What an index holds: counts, date range, size, top sources.
//!
//! Everything is read from fast columns and the directory's size, so a
//! summary of a million articles stays quick; only the paths of the first few
//! undated articles come from stored documents. This module only reads; it
//! must not change the index.

use std::collections::HashMap;

use super::schema::{KIND_ARTICLE, KIND_FILE};
use super::Index;
use crate::article::{MetaField, Published};
use crate::error::Result;
use serde::Serialize;

/// A summary of an index.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndexStats {
    /// Articles.
    pub articles: u64,
    /// Paragraphs.
    pub paragraphs: u64,
    /// Source files indexed.
    pub files: u64,
    /// Articles without a publication date.
    pub undated: u64,
    /// The paths of the first undated articles (at most
    /// [`UNDATED_LISTED`]), sorted, each once.
    pub undated_paths: Vec<String>,
    /// The earliest publication date.
    pub earliest: Option<Published>,
    /// The latest publication date.
    pub latest: Option<Published>,
    /// Bytes on disk (0 for an in-memory index).
    pub size_bytes: u64,
    /// tantivy segments.
    pub segments: usize,
    /// The sources with the most articles, most first.
    pub top_sources: Vec<SourceCount>,
    /// How many articles have a value in each subject field, in
    /// [`MetaField::ALL`]'s order, fields no article has left out.
    pub with_fields: Vec<FieldCount>,
}

/// How many articles have a value in one subject field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldCount {
    /// The field.
    pub field: MetaField,
    /// Articles with at least one value in it.
    pub articles: u64,
}

/// How many articles come from one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    /// The source as recorded.
    pub source: String,
    /// Its articles.
    pub articles: u64,
}

/// How many undated articles' paths [`IndexStats::undated_paths`] lists.
pub const UNDATED_LISTED: usize = 20;

impl Index {
    /// Summarizes what the index holds.
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.reader.searcher();
        // doc_freq would count deleted documents until segments merge: count the
        // alive ones.
        let mut stats = IndexStats {
            segments: searcher.segment_readers().len(),
            ..IndexStats::default()
        };
        let mut min_ts = i64::MAX;
        let mut max_ts = i64::MIN;
        let mut sources: HashMap<String, u64> = HashMap::new();
        let mut fields: HashMap<String, u64> = HashMap::new();
        let mut undated_docs: Vec<tantivy::DocAddress> = Vec::new();
        for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
            let ff = seg.fast_fields();
            let kind = ff.str("kind")?;
            let date = ff.date("date")?;
            let source = ff.str("source_key")?;
            let para_ends = ff.u64("para_ends")?;
            let has = ff.str("has")?;
            let mut has_counts: HashMap<u64, u64> = HashMap::new();
            let Some(kind) = kind else { continue };
            let mut kind_ords = [None; 2];
            for (i, name) in [KIND_ARTICLE, KIND_FILE].iter().enumerate() {
                kind_ords[i] = kind
                    .dictionary()
                    .term_ord(name.as_bytes())
                    .map_err(|e| self.index_io(e))?;
            }
            let mut buf = String::new();
            let mut source_counts: HashMap<u64, u64> = HashMap::new();
            for doc in seg.doc_ids_alive() {
                let Some(ord) = kind.term_ords(doc).next() else {
                    continue;
                };
                if Some(ord) == kind_ords[1] {
                    stats.files += 1;
                } else if Some(ord) == kind_ords[0] {
                    stats.articles += 1;
                    stats.paragraphs += para_ends.values_for_doc(doc).count() as u64;
                    match date.first(doc) {
                        Some(d) => {
                            let ts = d.into_timestamp_secs();
                            min_ts = min_ts.min(ts);
                            max_ts = max_ts.max(ts);
                        }
                        None => {
                            stats.undated += 1;
                            if undated_docs.len() < UNDATED_LISTED {
                                undated_docs.push(tantivy::DocAddress::new(seg_ord as u32, doc));
                            }
                        }
                    }
                    if let Some(src) = &source {
                        if let Some(o) = src.term_ords(doc).next() {
                            *source_counts.entry(o).or_default() += 1;
                        }
                    }
                    for o in has.iter().flat_map(|h| h.term_ords(doc)) {
                        *has_counts.entry(o).or_default() += 1;
                    }
                }
            }
            if let Some(h) = &has {
                for (o, n) in has_counts {
                    buf.clear();
                    if h.ord_to_str(o, &mut buf).map_err(|e| self.index_io(e))? {
                        *fields.entry(buf.clone()).or_default() += n;
                    }
                }
            }
            if let Some(src) = &source {
                for (o, n) in source_counts {
                    buf.clear();
                    if src.ord_to_str(o, &mut buf).map_err(|e| self.index_io(e))? {
                        *sources.entry(buf.clone()).or_default() += n;
                    }
                }
            }
        }
        for addr in undated_docs {
            let doc: tantivy::TantivyDocument = searcher.doc(addr)?;
            if let Some(path) = doc.get_first(self.fields.path).and_then(|v| {
                use tantivy::schema::Value;
                v.as_str().map(str::to_string)
            }) {
                stats.undated_paths.push(path);
            }
        }
        stats.undated_paths.sort();
        stats.undated_paths.dedup();
        let to_published = |ts: i64| {
            chrono::DateTime::from_timestamp(ts, 0).map(|d| Published::from_date(d.date_naive()))
        };
        if min_ts <= max_ts {
            stats.earliest = to_published(min_ts);
            stats.latest = to_published(max_ts);
        }
        let mut top: Vec<SourceCount> = sources
            .into_iter()
            .map(|(source, articles)| SourceCount { source, articles })
            .collect();
        top.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.source.cmp(&b.source)));
        top.truncate(10);
        stats.top_sources = top;
        stats.with_fields = MetaField::ALL
            .iter()
            .filter_map(|&field| {
                let articles = *fields.get(field.name())?;
                Some(FieldCount { field, articles })
            })
            .collect();
        if let Some(path) = self.path() {
            stats.size_bytes = dir_size(path);
        }
        Ok(stats)
    }
}

fn dir_size(path: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
