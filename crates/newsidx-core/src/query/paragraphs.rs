//! Phase 2 of the ranking: each candidate article's paragraphs, scored from the
//! positions of the query's words in the article's body.
//!
//! Paragraphs are not indexed as documents (not since index format 6): they
//! live inside their article, whose body holds every paragraph's words in turn,
//! and the `para_ends` fast field says where each paragraph's positions end.
//! For a candidate, the scorer reads the positions of the query's terms in the
//! body, counts them per paragraph (a phrase counts where all its words follow
//! each other inside one paragraph), and scores each paragraph with BM25 over
//! the paragraph's own length. The paragraph query is read off the query's
//! [`Plan`]: preferred words are alternatives, required parts (`AND`, groups,
//! the `text:` scope) require, alternatives offer; exclusions and other
//! fields' scopes only concern the article, which phase 1 settled. A prefix
//! stands for the same terms as in phase 1 ([`MAX_EXPANSIONS`] per segment).
//!
//! A word's weight is its inverse document frequency among paragraphs. The
//! index counts only the articles holding a word (a word is indexed once, in the
//! body), so the number of paragraphs holding it is counted exactly at query
//! time: every posting of the word, its positions mapped to paragraphs through
//! `para_ends`. It is a statistic of the index alone, never of the candidates,
//! so a paragraph's score does not depend on the page asked for. Lengths are
//! the paragraphs' own, against the average paragraph.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::postings::TermInfo;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, InvertedIndexReader, Searcher, SegmentReader, Term, TERMINATED};

use super::candidates::{Candidate, Columns, ParagraphScore};
use super::parse::Scope;
use super::plan::{Clause, Plan, Role, MAX_EXPANSIONS};
use crate::error::Result;
use crate::index::Index;

/// BM25's term-frequency saturation, as tantivy's.
const K1: f32 = 1.2;
/// BM25's length normalization, as tantivy's.
const B: f32 = 0.75;
/// The best paragraphs kept per candidate.
pub(super) const KEPT: usize = 3;

/// The paragraph query of a search.
pub(super) struct ParagraphQuery {
    leaves: Vec<Leaf>,
    root: PNode,
}

/// A word or phrase: terms at consecutive positions.
struct Leaf {
    slots: Vec<Slot>,
}

/// One position of a leaf: a term, or every term beginning with `text`.
struct Slot {
    text: String,
    prefix: bool,
}

/// The query's shape.
enum PNode {
    Leaf(usize),
    /// Matches when every `must` child matches and, without `must` children,
    /// when some `should` child does; scores the sum of the matching children.
    Bool {
        must: Vec<PNode>,
        should: Vec<PNode>,
    },
}

impl ParagraphQuery {
    /// The paragraph query of a plan; `None` when no part of it concerns
    /// paragraph text.
    pub(super) fn new(plan: &Plan) -> Option<ParagraphQuery> {
        let mut leaves = Vec::new();
        let root = paragraph_node(plan, plan.root.as_ref()?, &mut leaves)?;
        Some(ParagraphQuery { leaves, root })
    }

    /// Looks up the query's terms in every segment and counts their
    /// paragraph frequencies, once per search: neither depends on the
    /// candidates, and counting reads every posting of each term, so a search
    /// that widens its candidate list must not pay for it again.
    pub(super) fn prepare<'a>(
        &'a self,
        index: &'a Index,
        searcher: &Searcher,
        columns: &Columns,
    ) -> Result<Prepared<'a>> {
        let terms = searcher
            .segment_readers()
            .iter()
            .map(|seg| self.segment_terms(index, seg))
            .collect::<Result<Vec<_>>>()?;
        let stats = Stats::new(self, columns, &terms)?;
        Ok(Prepared {
            query: self,
            terms,
            stats,
        })
    }
}

/// A [`ParagraphQuery`] with its terms looked up and its statistics counted
/// for one searcher: ready to score any candidates of that searcher.
pub(super) struct Prepared<'a> {
    query: &'a ParagraphQuery,
    terms: Vec<SegmentTerms<'a>>,
    stats: Stats,
}

impl Prepared<'_> {
    /// Scores the paragraphs of every candidate and keeps each one's best
    /// [`KEPT`] (best first, ties to the earlier paragraph).
    pub(super) fn score(&self, columns: &Columns, cands: &mut [Candidate]) -> Result<()> {
        let (terms, stats) = (&self.terms, &self.stats);
        let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, c) in cands.iter().enumerate() {
            by_segment.entry(c.addr.segment_ord).or_default().push(i);
        }
        let mut segments: Vec<_> = by_segment.into_iter().collect();
        segments.sort_unstable_by_key(|(ord, _)| *ord);
        // Pass 1: where each candidate's leaves occur.
        let mut found: Vec<Option<Occurrences>> = (0..cands.len()).map(|_| None).collect();
        for (ord, mut idx) in segments {
            let cols = columns(ord)?;
            let ends = &cols.para_ends;
            let mut postings = terms[ord as usize].postings()?;
            idx.sort_by_key(|&i| cands[i].addr.doc_id);
            let mut para_ends: Vec<u32> = Vec::new();
            let mut positions: Vec<Vec<u32>> = Vec::new();
            for i in idx {
                let doc = cands[i].addr.doc_id;
                para_ends.clear();
                para_ends.extend(ends.values_for_doc(doc).map(|e| e as u32));
                if para_ends.is_empty() {
                    continue;
                }
                let mut tfs: Vec<Vec<(u32, u32)>> = Vec::with_capacity(self.query.leaves.len());
                for slots in postings.iter_mut() {
                    positions.resize_with(slots.len(), Vec::new);
                    for (slot, out) in slots.iter_mut().zip(positions.iter_mut()) {
                        slot_positions(slot, doc, out);
                    }
                    tfs.push(per_paragraph(&positions[..slots.len()], &para_ends));
                }
                let mut touched: Vec<u32> = tfs.iter().flatten().map(|&(p, _)| p).collect();
                touched.sort_unstable();
                touched.dedup();
                let lens = touched
                    .into_iter()
                    .map(|p| {
                        let start = if p == 0 { 0 } else { para_ends[p as usize - 1] };
                        (p, (para_ends[p as usize] - start) as f32)
                    })
                    .collect();
                found[i] = Some(Occurrences { tfs, lens });
            }
        }
        // Pass 2: scores.
        for (c, occ) in cands.iter_mut().zip(found) {
            let Some(occ) = occ else { continue };
            for &(p, len) in &occ.lens {
                let norm = K1 * (1.0 - B + B * len / stats.avg_len);
                let leaf_score = |leaf: usize| -> Option<f32> {
                    let list = &occ.tfs[leaf];
                    let at = list.binary_search_by_key(&p, |&(q, _)| q).ok()?;
                    let tf = list[at].1 as f32;
                    Some(stats.weights[leaf] * tf * (K1 + 1.0) / (tf + norm))
                };
                if let Some(score) = eval(&self.query.root, &leaf_score) {
                    c.paras.push(ParagraphScore {
                        score,
                        paragraph: p,
                    });
                }
            }
            c.paras.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then(a.paragraph.cmp(&b.paragraph))
            });
            c.paras.truncate(KEPT);
        }
        Ok(())
    }
}

impl ParagraphQuery {
    /// Looks up the terms of every slot in one segment, once: phase 2 reads
    /// their postings and the weights their document frequencies.
    fn segment_terms<'a>(&self, index: &'a Index, seg: &SegmentReader) -> Result<SegmentTerms<'a>> {
        let body = index.fields.body;
        let inverted = seg.inverted_index(body)?;
        let io_err = |e| index.index_io(e);
        let mut infos = Vec::with_capacity(self.leaves.len());
        for leaf in &self.leaves {
            let mut slots = Vec::with_capacity(leaf.slots.len());
            for slot in &leaf.slots {
                let mut terms = Vec::new();
                if slot.prefix {
                    let mut stream = prefix_range(inverted.terms(), &slot.text).map_err(io_err)?;
                    while terms.len() < MAX_EXPANSIONS && stream.advance() {
                        terms.push(stream.value().clone());
                    }
                } else {
                    let term = Term::from_field_text(body, &slot.text);
                    terms.extend(inverted.get_term_info(&term).map_err(io_err)?);
                }
                slots.push(terms);
            }
            infos.push(slots);
        }
        Ok(SegmentTerms {
            index,
            inverted,
            infos,
        })
    }
}

/// The terms of a query's slots in one segment.
struct SegmentTerms<'a> {
    /// The index they belong to, which names itself in I/O errors.
    index: &'a Index,
    inverted: Arc<InvertedIndexReader>,
    /// Per leaf, per slot: the slot's terms (a prefix's expansions, in term
    /// order).
    infos: Vec<Vec<Vec<TermInfo>>>,
}

impl SegmentTerms<'_> {
    /// Per leaf, per slot: the postings (with positions) of the slot's terms.
    fn postings(&self) -> Result<Vec<Vec<Vec<SegmentPostings>>>> {
        let read = |info: &TermInfo| {
            self.inverted
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)
                .map_err(|e| self.index.index_io(e))
        };
        self.infos
            .iter()
            .map(|slots| {
                slots
                    .iter()
                    .map(|terms| terms.iter().map(read).collect())
                    .collect()
            })
            .collect()
    }
}

/// Where one candidate's leaves occur.
struct Occurrences {
    /// Per leaf: (paragraph, occurrences), by paragraph.
    tfs: Vec<Vec<(u32, u32)>>,
    /// (paragraph, length in positions) of the paragraphs where some leaf
    /// occurs, by paragraph.
    lens: Vec<(u32, f32)>,
}

/// The corpus figures BM25 needs, and each leaf's weight.
struct Stats {
    weights: Vec<f32>,
    avg_len: f32,
}

impl Stats {
    /// A leaf's weight is the sum of its slots' inverse paragraph frequencies;
    /// a slot's paragraph frequency is the number of the index's paragraphs
    /// holding one of its terms (a prefix's expansions add up, as their
    /// article frequencies do in phase 1). `terms` holds every segment's, in
    /// segment order.
    fn new(q: &ParagraphQuery, columns: &Columns, terms: &[SegmentTerms]) -> Result<Stats> {
        let (mut paragraphs, mut tokens) = (0u64, 0u64);
        let mut pf: Vec<Vec<u64>> = q.leaves.iter().map(|l| vec![0; l.slots.len()]).collect();
        for (ord, seg) in terms.iter().enumerate() {
            let cols = columns(ord as u32)?;
            paragraphs += cols.paragraphs();
            tokens += seg.inverted.total_num_tokens();
            for (slots, counts) in seg.infos.iter().zip(pf.iter_mut()) {
                for (infos, n) in slots.iter().zip(counts.iter_mut()) {
                    for info in infos {
                        *n += seg.paragraph_frequency(info, &cols.para_ends)?;
                    }
                }
            }
        }
        let n = paragraphs.max(1) as f32;
        let idf = |df: f32| {
            let df = df.min(n);
            (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
        };
        Ok(Stats {
            weights: pf
                .iter()
                .map(|slots| slots.iter().map(|&d| idf(d as f32)).sum())
                .collect(),
            avg_len: (tokens as f32 / n).max(1.0),
        })
    }
}

impl SegmentTerms<'_> {
    /// The number of this segment's paragraphs holding the term of `info`:
    /// each posting's positions, mapped to paragraphs by `ends`.
    fn paragraph_frequency(&self, info: &TermInfo, ends: &Column<u64>) -> Result<u64> {
        let mut postings = self
            .inverted
            .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)
            .map_err(|e| self.index.index_io(e))?;
        let (mut n, mut positions) = (0u64, Vec::new());
        let mut doc = postings.doc();
        while doc != TERMINATED {
            // One occurrence is one paragraph: most postings need no positions.
            if postings.term_freq() == 1 {
                n += 1;
            } else {
                postings.positions(&mut positions);
                n += distinct_paragraphs(&positions, ends.values_for_doc(doc));
            }
            doc = postings.advance();
        }
        Ok(n)
    }
}

/// How many of the paragraphs ending at `ends` hold one of `positions`
/// (sorted); positions past the last paragraph count nowhere.
fn distinct_paragraphs(positions: &[u32], ends: impl Iterator<Item = u64>) -> u64 {
    let (mut n, mut at) = (0u64, 0usize);
    for end in ends {
        let start = at;
        while at < positions.len() && u64::from(positions[at]) < end {
            at += 1;
        }
        n += u64::from(at > start);
        if at == positions.len() {
            break;
        }
    }
    n
}

/// The terms of a dictionary that begin with `prefix`.
fn prefix_range<'a>(
    dict: &'a tantivy::termdict::TermDictionary,
    prefix: &str,
) -> std::io::Result<tantivy::termdict::TermStreamer<'a>> {
    let lower = prefix.as_bytes();
    let range = dict.range().ge(lower);
    match prefix_upper(lower) {
        Some(upper) => range.lt(upper).into_stream(),
        None => range.into_stream(),
    }
}

/// The smallest byte string greater than every string beginning with `prefix`
/// (`None` when there is none: all bytes 0xFF).
fn prefix_upper(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

/// The positions in `doc` of any of a slot's terms, sorted, into `out`.
fn slot_positions(lists: &mut [SegmentPostings], doc: DocId, out: &mut Vec<u32>) {
    out.clear();
    let mut buf = Vec::new();
    for p in lists.iter_mut() {
        if p.doc() < doc {
            p.seek(doc);
        }
        if p.doc() == doc {
            p.positions(&mut buf);
            out.extend_from_slice(&buf);
        }
    }
    if lists.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
}

/// (paragraph, occurrences) of a leaf whose slots occur at `slots` (sorted
/// positions per slot), for paragraphs ending at `ends`; an occurrence is a
/// run of consecutive positions, one per slot, inside one paragraph.
fn per_paragraph(slots: &[Vec<u32>], ends: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    let Some((first, rest)) = slots.split_first() else {
        return out;
    };
    let span = rest.len() as u32;
    let mut para = 0usize;
    for &pos in first {
        if rest
            .iter()
            .enumerate()
            .any(|(j, s)| s.binary_search(&(pos + 1 + j as u32)).is_err())
        {
            continue;
        }
        while para < ends.len() && ends[para] <= pos {
            para += 1;
        }
        // Past the last paragraph, or running over its end.
        if para == ends.len() || pos + span >= ends[para] {
            continue;
        }
        match out.last_mut() {
            Some((p, n)) if *p == para as u32 => *n += 1,
            _ => out.push((para as u32, 1)),
        }
    }
    out
}

/// The score of a paragraph under `node`, `None` when it does not match.
fn eval(node: &PNode, leaf: &dyn Fn(usize) -> Option<f32>) -> Option<f32> {
    match node {
        PNode::Leaf(i) => leaf(*i),
        PNode::Bool { must, should } => {
            let mut sum = 0.0;
            for m in must {
                sum += eval(m, leaf)?;
            }
            let mut any = !must.is_empty();
            for s in should {
                if let Some(x) = eval(s, leaf) {
                    sum += x;
                    any = true;
                }
            }
            any.then_some(sum)
        }
    }
}

/// The paragraph side of a plan's clause: its leaves in paragraph text (any
/// scope, or `text:`), without exclusions; preferred parts are alternatives,
/// required ones must match.
fn paragraph_node(plan: &Plan, c: &Clause, leaves: &mut Vec<Leaf>) -> Option<PNode> {
    match c {
        Clause::Leaf(i) => {
            let leaf = &plan.leaves[*i];
            if !matches!(leaf.scope, Scope::Any | Scope::Text) {
                return None;
            }
            let last = leaf.terms.len() - 1;
            let slots = leaf
                .terms
                .iter()
                .enumerate()
                .map(|(i, text)| Slot {
                    text: text.clone(),
                    prefix: leaf.prefix && i == last,
                })
                .collect();
            leaves.push(Leaf { slots });
            Some(PNode::Leaf(leaves.len() - 1))
        }
        Clause::Group(parts) => {
            let (mut must, mut should) = (Vec::new(), Vec::new());
            for part in parts {
                let into = match part.role {
                    Role::Excluded => continue,
                    Role::Required => &mut must,
                    Role::Preferred => &mut should,
                };
                into.extend(paragraph_node(plan, &part.clause, leaves));
            }
            if must.is_empty() && should.is_empty() {
                return None;
            }
            Some(PNode::Bool { must, should })
        }
        Clause::Any(alts) => {
            let should: Vec<PNode> = alts
                .iter()
                .filter_map(|a| paragraph_node(plan, a, leaves))
                .collect();
            if should.is_empty() {
                return None;
            }
            Some(PNode::Bool {
                must: Vec::new(),
                should,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_count_per_paragraph() {
        // Paragraphs: [0, 4), [4, 4) (no words), [4, 10).
        let ends = [4, 4, 10];
        assert_eq!(per_paragraph(&[vec![1, 3, 5, 9]], &ends), [(0, 2), (2, 2)]);
        // A position past the last paragraph counts nowhere.
        assert_eq!(per_paragraph(&[vec![12]], &ends), []);
    }

    #[test]
    fn a_phrase_counts_only_inside_one_paragraph() {
        let ends = [4, 10];
        // "a b" at 2-3 (paragraph 0), at 3-4 (across the boundary), at 7-8.
        let slots = [vec![2, 3, 7], vec![3, 4, 8]];
        assert_eq!(per_paragraph(&slots, &ends), [(0, 1), (1, 1)]);
        // Words apart are no phrase.
        assert_eq!(per_paragraph(&[vec![2], vec![4]], &ends), []);
    }

    #[test]
    fn paragraphs_holding_a_word_are_counted_once_each() {
        // Paragraphs: [0, 4), [4, 4) (no words), [4, 10).
        let ends = || [4u64, 4, 10].into_iter();
        assert_eq!(distinct_paragraphs(&[0, 1, 3], ends()), 1);
        assert_eq!(distinct_paragraphs(&[3, 4, 9], ends()), 2);
        assert_eq!(distinct_paragraphs(&[5, 12], ends()), 1);
        assert_eq!(distinct_paragraphs(&[], ends()), 0);
    }

    #[test]
    fn prefix_upper_bounds() {
        assert_eq!(prefix_upper(b"tari").as_deref(), Some(&b"tarj"[..]));
        assert_eq!(prefix_upper(b"a\xff").as_deref(), Some(&b"b"[..]));
        assert_eq!(prefix_upper(b"\xff\xff"), None);
    }

    #[test]
    fn boolean_shape() {
        let scores = [Some(1.0), None, Some(2.0)];
        let leaf = |i: usize| scores[i];
        let should = PNode::Bool {
            must: vec![],
            should: vec![PNode::Leaf(0), PNode::Leaf(1), PNode::Leaf(2)],
        };
        assert_eq!(eval(&should, &leaf), Some(3.0));
        let must = PNode::Bool {
            must: vec![PNode::Leaf(0), PNode::Leaf(1)],
            should: vec![PNode::Leaf(2)],
        };
        assert_eq!(eval(&must, &leaf), None);
        let none = PNode::Bool {
            must: vec![],
            should: vec![PNode::Leaf(1)],
        };
        assert_eq!(eval(&none, &leaf), None);
    }
}
