//! Candidate articles: phase 1 finds them, phase 2 scores their paragraphs,
//! phase 3 combines the two scores and orders them.
//!
//! This module owns the [`Candidate`] the phases pass along, the tier order
//! (articles of the strict tier before the loose tier's) and the final score
//! ([`Ranking::paragraph_weight`](super::Ranking::paragraph_weight)). It must
//! not build queries (`builder.rs`) nor read paragraphs (`paragraphs.rs`).

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::query::Weight;
use tantivy::{DocAddress, Searcher};

use super::collect::{top_by_date, top_by_score, Scored};
use super::Sort;
use crate::error::Result;
use crate::index::columns::SegmentColumns;
use crate::index::Index;

/// The cached fast columns of a segment of the search's searcher, by ordinal.
pub(super) type Columns<'a> = dyn Fn(u32) -> Result<Arc<SegmentColumns>> + 'a;

/// The columns of `searcher`'s segments, from the index's cache.
pub(super) fn segment_columns<'a>(
    index: &'a Index,
    searcher: &'a Searcher,
) -> impl Fn(u32) -> Result<Arc<SegmentColumns>> + 'a {
    move |ord: u32| {
        let segs = searcher.segment_readers();
        index.columns.get(&segs[ord as usize], segs.len(), |id| {
            segs.iter().any(|s| s.segment_id() == *id)
        })
    }
}

/// Which of phase 1's queries found an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Tier {
    /// Any term, anywhere.
    Loose,
    /// Every term in the body; ranks above the loose tier.
    Strict,
}

/// A candidate article.
#[derive(Debug)]
pub(super) struct Candidate {
    pub addr: DocAddress,
    pub id_hash: u64,
    pub tier: Tier,
    /// Phase 1's score (0 under date order).
    pub article_score: f32,
    /// The final score, once phase 3 has combined the two.
    pub score: f32,
    /// Phase 2's best paragraphs, best first, at most
    /// [`KEPT`](super::paragraphs::KEPT).
    pub paras: Vec<ParagraphScore>,
}

/// A paragraph of a candidate and its phase 2 score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ParagraphScore {
    pub score: f32,
    /// The paragraph's ordinal in its article.
    pub paragraph: u32,
}

impl Candidate {
    pub(super) fn new(found: Scored, tier: Tier) -> Candidate {
        Candidate {
            addr: found.addr,
            id_hash: found.id_hash,
            tier,
            article_score: found.score,
            score: found.score,
            paras: Vec::new(),
        }
    }
}

/// Phase 1: up to `k` candidates, the strict tier's first (when there is
/// one), then the loose tier's filling up; fewer only when fewer match.
///
/// The list for `k` is a prefix of the list for any larger `k` (each tier's
/// collector orders totally, and the loose tier only adds articles the strict
/// one did not have), which is what lets a page be a slice of one order.
/// Under date order only the loose tier runs: every match, title-only ones
/// included, in date order.
pub(super) fn find(
    searcher: &Searcher,
    columns: &Columns,
    strict: Option<&dyn Weight>,
    loose: &dyn Weight,
    sort: Sort,
    k: usize,
) -> Result<Vec<Candidate>> {
    let mut cands: Vec<Candidate> = Vec::new();
    let mut seen = HashSet::new();
    let strict = strict.filter(|_| sort == Sort::Relevance);
    let tiers = strict
        .map(|s| (s, Tier::Strict))
        .into_iter()
        .chain([(loose, Tier::Loose)]);
    for (weight, tier) in tiers {
        if cands.len() >= k {
            break;
        }
        let found = match sort {
            Sort::Relevance => top_by_score(searcher, columns, weight, k)?,
            Sort::Newest | Sort::Oldest => top_by_date(searcher, weight, k, sort)?,
        };
        for s in found {
            if seen.insert(s.addr) {
                cands.push(Candidate::new(s, tier));
            }
        }
    }
    cands.truncate(k);
    Ok(cands)
}

/// Phase 3: each candidate's final score is its article score plus
/// `paragraph_weight` times its best paragraph's. By relevance, the first
/// `window` candidates of phase 1 (a rescoring window, like Elasticsearch's
/// rescore `window_size`) order by tier, then final score, then id hash; the
/// candidates past the window keep phase 1's order after them. The window
/// never depends on the page, so neither does the order. Under date order
/// phase 1's order stands.
pub(super) fn rank(cands: &mut [Candidate], paragraph_weight: f32, sort: Sort, window: usize) {
    for c in cands.iter_mut() {
        c.score = c.article_score + paragraph_weight * c.paras.first().map_or(0.0, |p| p.score);
    }
    if sort == Sort::Relevance {
        let window = window.min(cands.len());
        cands[..window].sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(b.score.total_cmp(&a.score))
                .then(a.id_hash.cmp(&b.id_hash))
        });
    }
}

/// The address of the article with `id` (tests build candidates from it:
/// indexing threads decide which segment an article lands in).
#[cfg(test)]
pub(super) fn address_of(index: &Index, searcher: &Searcher, id: &str) -> DocAddress {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::TermQuery;
    let term = tantivy::Term::from_field_text(index.fields.article_id, id);
    let q = TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
    let found: Vec<DocAddress> = searcher
        .search(&q, &DocSetCollector)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(found.len(), 1, "one article {id}");
    found[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(doc: u32, id_hash: u64, tier: Tier, article: f32, best_para: Option<f32>) -> Candidate {
        let mut c = Candidate::new(
            Scored {
                score: article,
                id_hash,
                addr: DocAddress::new(0, doc),
            },
            tier,
        );
        c.paras.extend(best_para.map(|score| ParagraphScore {
            score,
            paragraph: 0,
        }));
        c
    }

    #[test]
    fn the_strict_tier_ranks_first_then_score_then_id_hash() {
        let mut cands = vec![
            cand(0, 5, Tier::Loose, 9.0, Some(1.0)),
            cand(1, 7, Tier::Strict, 1.0, None),
            cand(2, 3, Tier::Loose, 2.0, Some(1.0)),
            cand(3, 1, Tier::Loose, 5.0, None),
        ];
        rank(&mut cands, 3.0, Sort::Relevance, 10);
        let order: Vec<(u32, f32)> = cands.iter().map(|c| (c.addr.doc_id, c.score)).collect();
        assert_eq!(order, [(1, 1.0), (0, 12.0), (3, 5.0), (2, 5.0)]);
    }

    #[test]
    fn candidates_past_the_window_keep_phase_one_order() {
        let mut cands = vec![
            cand(0, 5, Tier::Loose, 4.0, None),
            cand(1, 7, Tier::Loose, 3.0, Some(1.0)),
            cand(2, 3, Tier::Loose, 2.0, Some(9.0)),
            cand(3, 1, Tier::Loose, 1.0, Some(9.0)),
        ];
        rank(&mut cands, 3.0, Sort::Relevance, 2);
        let order: Vec<(u32, f32)> = cands.iter().map(|c| (c.addr.doc_id, c.score)).collect();
        assert_eq!(order, [(1, 6.0), (0, 4.0), (2, 29.0), (3, 28.0)]);
    }

    #[test]
    fn date_order_keeps_phase_one_order() {
        let mut cands = vec![
            cand(0, 5, Tier::Loose, 0.0, Some(1.0)),
            cand(1, 7, Tier::Strict, 0.0, Some(2.0)),
        ];
        rank(&mut cands, 3.0, Sort::Newest, 10);
        let order: Vec<(u32, f32)> = cands.iter().map(|c| (c.addr.doc_id, c.score)).collect();
        assert_eq!(order, [(0, 3.0), (1, 6.0)]);
    }
}
