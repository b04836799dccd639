//! What an index holds: counts, date range, size, top sources, languages,
//! subject fields.
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
    /// The paths of the first undated articles (at most 20), sorted, each
    /// once.
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
    /// Articles per language code (`en`, `fr`...), most first; articles
    /// whose language is unknown are not counted.
    pub languages: Vec<LanguageCount>,
    /// How many articles have a value in each subject field, in
    /// [`MetaField::ALL`]'s order, fields no article has left out.
    pub with_fields: Vec<FieldCount>,
}

/// How many articles are in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LanguageCount {
    /// The ISO 639-1 code as recorded.
    pub language: String,
    /// Its articles.
    pub articles: u64,
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
        let mut sources = StrCounts::default();
        let mut fields = StrCounts::default();
        let mut languages = StrCounts::default();
        let mut undated_docs: Vec<tantivy::DocAddress> = Vec::new();
        for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
            let ff = seg.fast_fields();
            let kind = ff.str("kind")?;
            let date = ff.date("date")?;
            let source = ff.str("source_key")?;
            let para_ends = ff.u64("para_ends")?;
            let has = ff.str("has")?;
            let language = ff.str("language")?;
            let mut seg_sources = HashMap::new();
            let mut seg_fields = HashMap::new();
            let mut seg_languages = HashMap::new();
            let Some(kind) = kind else { continue };
            let mut kind_ords = [None; 2];
            for (i, name) in [KIND_ARTICLE, KIND_FILE].iter().enumerate() {
                kind_ords[i] = kind
                    .dictionary()
                    .term_ord(name.as_bytes())
                    .map_err(|e| self.index_io(e))?;
            }
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
                    let firsts = [&source, &language]
                        .map(|col| col.as_ref().and_then(|c| c.term_ords(doc).next()));
                    if let Some(o) = firsts[0] {
                        *seg_sources.entry(o).or_default() += 1;
                    }
                    if let Some(o) = firsts[1] {
                        *seg_languages.entry(o).or_default() += 1;
                    }
                    for o in has.iter().flat_map(|h| h.term_ords(doc)) {
                        *seg_fields.entry(o).or_default() += 1;
                    }
                }
            }
            for (counts, col, seg_counts) in [
                (&mut sources, &source, seg_sources),
                (&mut fields, &has, seg_fields),
                (&mut languages, &language, seg_languages),
            ] {
                if let Some(col) = col {
                    counts
                        .add_segment(col, seg_counts)
                        .map_err(|e| self.index_io(e))?;
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
        stats.top_sources = sources
            .most_first()
            .into_iter()
            .take(10)
            .map(|(source, articles)| SourceCount { source, articles })
            .collect();
        stats.languages = languages
            .most_first()
            .into_iter()
            .map(|(language, articles)| LanguageCount { language, articles })
            .collect();
        stats.with_fields = MetaField::ALL
            .iter()
            .filter_map(|&field| {
                let articles = *fields.0.get(field.name())?;
                Some(FieldCount { field, articles })
            })
            .collect();
        if let Some(path) = self.path() {
            stats.size_bytes = dir_size(path);
        }
        Ok(stats)
    }
}

/// Articles per value of a string column, over segments.
#[derive(Default)]
struct StrCounts(HashMap<String, u64>);

impl StrCounts {
    /// Adds one segment's counts by term ordinal.
    fn add_segment(
        &mut self,
        col: &tantivy::columnar::StrColumn,
        counts: HashMap<u64, u64>,
    ) -> std::io::Result<()> {
        let mut buf = String::new();
        for (ord, n) in counts {
            buf.clear();
            if col.ord_to_str(ord, &mut buf)? {
                *self.0.entry(buf.clone()).or_default() += n;
            }
        }
        Ok(())
    }

    /// The values, most articles first, ties by value.
    fn most_first(self) -> Vec<(String, u64)> {
        let mut all: Vec<(String, u64)> = self.0.into_iter().collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        all
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
