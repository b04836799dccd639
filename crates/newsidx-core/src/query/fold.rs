//! Folding: near-duplicate candidates go under the best-ranked of them.
//!
//! This module owns which candidates become hits and which are listed as
//! "similar" under one, from the shingle sketches stored with each article
//! (`dedup.rs` says when two are near-duplicates). It must not reorder the
//! candidates: a group takes the rank of its first member.

use crate::dedup::Sketch;
use crate::error::Result;

use super::candidates::{Candidate, Columns};

/// A hit-to-be: a candidate, and the later candidates folded under it (indices
/// into the candidate list).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Group {
    pub lead: usize,
    pub similar: Vec<usize>,
}

impl Group {
    fn alone(lead: usize) -> Group {
        Group {
            lead,
            similar: Vec::new(),
        }
    }
}

/// Every candidate its own group (no folding).
pub(super) fn unfolded(n: usize) -> Vec<Group> {
    (0..n).map(Group::alone).collect()
}

/// Groups near-duplicates: walks the ranked candidates and folds each into the
/// first earlier representative it is contained in. Once `want` groups exist,
/// later candidates can no longer change the page: the next `want` of them are
/// still checked against the groups (copies score close to their original, so
/// that is where "+N similar" comes from), and the rest are left as they are.
pub(super) fn fold(
    columns: &Columns,
    cands: &[Candidate],
    threshold: f64,
    want: usize,
) -> Result<Vec<Group>> {
    let sketch_of = |c: &Candidate| -> Result<Sketch> {
        let cols = columns(c.addr.segment_ord)?;
        Ok(Sketch::from_values(
            cols.sketch.values_for_doc(c.addr.doc_id),
        ))
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut reps: Vec<Sketch> = Vec::new();
    let mut checked_after_full = 0;
    for (i, c) in cands.iter().enumerate() {
        if groups.len() >= want {
            checked_after_full += 1;
            if checked_after_full > want {
                groups.push(Group::alone(i));
                continue;
            }
        }
        let s = sketch_of(c)?;
        let home = reps
            .iter()
            .position(|r| !s.is_empty() && r.is_near_duplicate(&s, threshold));
        match home {
            Some(g) => groups[g].similar.push(i),
            None if groups.len() < want => {
                groups.push(Group::alone(i));
                reps.push(s);
            }
            None => groups.push(Group::alone(i)),
        }
    }
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, ParagraphKind};
    use crate::index::Index;
    use crate::query::candidates::{address_of, segment_columns, Tier};
    use crate::query::collect::Scored;

    const STORY: &str = "The Commerce Department added Huawei to the entity list on \
        Thursday, barring American companies from selling parts to the Chinese \
        maker of phones and network gear without a license from the government.";
    const OTHER: &str = "Soybean farmers in Iowa watched prices fall for a third \
        week as Chinese buyers stayed away from American grain while the trade \
        talks stalled in Washington and Beijing over the summer months.";

    /// An index of articles with these texts, and candidate `i` for article
    /// `i`, in this order.
    fn candidates(texts: &[&str]) -> (Index, Vec<Candidate>) {
        let index = Index::create_in_ram().unwrap();
        let mut w = index.writer().unwrap();
        for (i, text) in texts.iter().enumerate() {
            // One title for all: titles are part of what must agree.
            let mut a = Article::new("Story");
            a.meta.id = format!("id{i}");
            a.push_paragraph(ParagraphKind::Body, *text);
            w.add_article(&a).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader.searcher();
        let cands = (0..texts.len())
            .map(|i| {
                let found = Scored {
                    score: 1.0,
                    id_hash: 0,
                    addr: address_of(&index, &searcher, &format!("id{i}")),
                };
                Candidate::new(found, Tier::Loose)
            })
            .collect();
        (index, cands)
    }

    #[test]
    fn copies_fold_under_the_first() {
        let (index, cands) = candidates(&[STORY, OTHER, STORY, STORY]);
        let searcher = index.reader.searcher();
        let columns = segment_columns(&index, &searcher);
        let groups = fold(&columns, &cands, 0.5, 10).unwrap();
        assert_eq!(
            groups,
            [
                Group {
                    lead: 0,
                    similar: vec![2, 3]
                },
                Group::alone(1)
            ]
        );
        assert_eq!(
            unfolded(3),
            [Group::alone(0), Group::alone(1), Group::alone(2)]
        );
    }

    #[test]
    fn a_full_page_checks_only_the_next_candidates() {
        // One group fills the page: the next candidate is still checked (a
        // copy folds), the ones after are left alone.
        let (index, cands) = candidates(&[STORY, STORY, OTHER, STORY]);
        let searcher = index.reader.searcher();
        let columns = segment_columns(&index, &searcher);
        let groups = fold(&columns, &cands, 0.5, 1).unwrap();
        assert_eq!(
            groups,
            [
                Group {
                    lead: 0,
                    similar: vec![1]
                },
                Group::alone(2),
                Group::alone(3)
            ]
        );
    }
}
