//! Phase 1's collectors: the best live articles of a tantivy weight by score
//! or by date, and the count of its matches.
//!
//! This module owns the order of equal results: ties in score break on the
//! article's id hash, and equal dates too, so the order never depends on how
//! the index happens to be split into segments. It must not build queries or
//! know the phases: it turns one weight into a ranked list.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use tantivy::query::Weight;
use tantivy::{DocAddress, Searcher};

use super::candidates::Columns;
use super::Sort;
use crate::error::Result;

/// A matching article. "Greater" is better: higher score, then lower id hash,
/// so equal scores order the same way whatever the segment layout.
#[derive(Debug, PartialEq)]
pub(super) struct Scored {
    /// The score (0 under date order).
    pub score: f32,
    /// The article's id hash, the tie-breaker.
    pub id_hash: u64,
    /// Where it is.
    pub addr: DocAddress,
}

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.id_hash.cmp(&self.id_hash))
            .then_with(|| other.addr.cmp(&self.addr))
    }
}

/// The number of live documents `weight` matches.
pub(super) fn count(searcher: &Searcher, weight: &dyn Weight) -> Result<u64> {
    let mut n = 0u64;
    for seg in searcher.segment_readers() {
        n += u64::from(weight.count(seg)?);
    }
    Ok(n)
}

/// The `k` best-scoring live documents, best first, with block-max WAND pruning.
pub(super) fn top_by_score(
    searcher: &Searcher,
    columns: &Columns,
    weight: &dyn Weight,
    k: usize,
) -> Result<Vec<Scored>> {
    let mut heap: BinaryHeap<std::cmp::Reverse<Scored>> = BinaryHeap::with_capacity(k + 1);
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        let cols = columns(ord as u32)?;
        let hashes = &cols.id_hash;
        // Pruning skips scores at or below the threshold; a document tying the
        // current k-th may still win on its id hash, so aim just below it.
        let floor = |heap: &BinaryHeap<std::cmp::Reverse<Scored>>| {
            if heap.len() >= k {
                heap.peek()
                    .map_or(f32::MIN, |worst| worst.0.score.next_down())
            } else {
                f32::MIN
            }
        };
        let mut threshold = floor(&heap);
        weight.for_each_pruning(threshold, seg, &mut |doc, score| {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                return threshold;
            }
            heap.push(std::cmp::Reverse(Scored {
                score,
                id_hash: hashes.first(doc).unwrap_or(0),
                addr: DocAddress::new(ord as u32, doc),
            }));
            if heap.len() > k {
                heap.pop();
            }
            threshold = floor(&heap);
            threshold
        })?;
    }
    let mut out: Vec<Scored> = heap.into_iter().map(|r| r.0).collect();
    out.sort_by(|a, b| b.cmp(a));
    Ok(out)
}

/// A matching article under date order: its sort key (the date's seconds,
/// negated for newest first; `i64::MAX` when undated, so undated come last),
/// then the id hash and address for ties. Ordered field by field.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Dated {
    key: i64,
    id_hash: u64,
    addr: DocAddress,
}

/// The `k` newest (or oldest) live matching documents; undated ones last.
pub(super) fn top_by_date(
    searcher: &Searcher,
    weight: &dyn Weight,
    k: usize,
    sort: Sort,
) -> Result<Vec<Scored>> {
    let mut all: Vec<Dated> = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let dates = seg.fast_fields().date("date")?;
        let hashes = seg.fast_fields().u64("id_hash")?;
        let alive = seg.alive_bitset();
        weight.for_each_no_score(seg, &mut |docs| {
            for &doc in docs {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let ts = dates.first(doc).map(|d| d.into_timestamp_secs());
                let key = match (ts, sort) {
                    (Some(t), Sort::Newest) => -t,
                    (Some(t), _) => t,
                    (None, _) => i64::MAX,
                };
                all.push(Dated {
                    key,
                    id_hash: hashes.first(doc).unwrap_or(0),
                    addr: DocAddress::new(ord as u32, doc),
                });
            }
        })?;
    }
    all.sort_unstable();
    all.truncate(k);
    Ok(all
        .into_iter()
        .map(|d| Scored {
            score: 0.0,
            id_hash: d.id_hash,
            addr: d.addr,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, ParagraphKind, Published};
    use crate::index::schema::KIND_ARTICLE;
    use crate::index::Index;
    use crate::query::candidates::segment_columns;
    use crate::query::stats::KindStats;
    use tantivy::query::{Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Value};
    use tantivy::{TantivyDocument, Term};

    /// An index of articles with these ids, texts and dates, in one segment.
    fn index(articles: &[(&str, &str, Option<&str>)]) -> Index {
        let index = Index::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        for (id, text, date) in articles {
            let mut a = Article::new("Trade news");
            a.meta.id = id.to_string();
            a.meta.published = date.and_then(Published::parse);
            a.push_paragraph(ParagraphKind::Body, *text);
            w.add_article(&a).unwrap();
        }
        w.commit().unwrap();
        index
    }

    fn body_weight(index: &Index, searcher: &Searcher, word: &str) -> Box<dyn Weight> {
        let stats = KindStats::new(searcher, &index.fields, KIND_ARTICLE);
        TermQuery::new(
            Term::from_field_text(index.fields.body, word),
            IndexRecordOption::WithFreqs,
        )
        .weight(stats.scoring(searcher))
        .unwrap()
    }

    fn ids(index: &Index, searcher: &Searcher, found: &[Scored]) -> Vec<String> {
        found
            .iter()
            .map(|s| {
                let doc: TantivyDocument = searcher.doc(s.addr).unwrap();
                let id = doc.get_first(index.fields.article_id).unwrap();
                id.as_str().unwrap().to_string()
            })
            .collect()
    }

    #[test]
    fn equal_scores_order_by_id_hash() {
        let same = "Huawei sells phones in Europe.";
        // By id hash: a < c < b; "a" comes last so that it must beat a tie
        // with the k-th best on its hash.
        let index = index(&[
            ("b", same, None),
            ("c", same, None),
            ("a", same, None),
            ("d", "Huawei, Huawei and Huawei again.", None),
            ("e", "Nothing to see here.", None),
        ]);
        let searcher = index.reader.searcher();
        let columns = segment_columns(&index, &searcher);
        let weight = body_weight(&index, &searcher, "huawei");
        let all = top_by_score(&searcher, &columns, weight.as_ref(), 10).unwrap();
        assert_eq!(ids(&index, &searcher, &all), ["d", "a", "c", "b"]);
        assert!(all[1].id_hash < all[2].id_hash && all[2].id_hash < all[3].id_hash);
        assert_eq!(all[1].score, all[3].score);
        // A tie with the k-th still wins on its id hash, whatever the doc order.
        let top = top_by_score(&searcher, &columns, weight.as_ref(), 2).unwrap();
        assert_eq!(ids(&index, &searcher, &top), ["d", "a"]);
        assert_eq!(count(&searcher, weight.as_ref()).unwrap(), 4);
    }

    #[test]
    fn date_order_puts_undated_last() {
        let index = index(&[
            ("old", "Huawei in 2018.", Some("2018-05-01")),
            ("undated-a", "Huawei, some day.", None),
            ("new", "Huawei in 2019.", Some("2019-06-30")),
            ("undated-b", "Huawei, another day.", None),
            ("other", "Tariffs in 2020.", Some("2020-01-01")),
        ]);
        let searcher = index.reader.searcher();
        let weight = body_weight(&index, &searcher, "huawei");
        let newest = top_by_date(&searcher, weight.as_ref(), 10, Sort::Newest).unwrap();
        assert_eq!(
            ids(&index, &searcher, &newest),
            ["new", "old", "undated-a", "undated-b"]
        );
        let oldest = top_by_date(&searcher, weight.as_ref(), 3, Sort::Oldest).unwrap();
        assert_eq!(ids(&index, &searcher, &oldest), ["old", "new", "undated-a"]);
        assert!(newest.iter().all(|s| s.score == 0.0));
    }

    #[test]
    fn greater_is_better() {
        let at = |doc| DocAddress::new(0, doc);
        let s = |score, id_hash, doc| Scored {
            score,
            id_hash,
            addr: at(doc),
        };
        assert!(s(2.0, 9, 0) > s(1.0, 1, 0));
        assert!(s(1.0, 1, 5) > s(1.0, 9, 0));
        assert!(s(1.0, 1, 0) > s(1.0, 1, 5));
    }
}
