//! The page's hits: each folded group of candidates becomes a [`Hit`] with its
//! article's metadata, title highlights and passages.
//!
//! This module owns turning a candidate into a hit; the stored article is read
//! by `index::document::read_meta`. It must not choose
//! passages itself (`snippet::passages` does, from plain text) nor change the
//! order it is given.

use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

use super::candidates::Candidate;
use super::fold::Group;
use super::{Hit, HitPassage};
use crate::error::Result;
use crate::index::document::read_meta;
use crate::index::schema::kind_at;
use crate::index::Index;
use crate::snippet::{choose_passages, Highlighter, Span};

impl Index {
    /// The hit of `group` at `rank` (1-based); `passages` asks for passages and
    /// highlights.
    pub(super) fn hit(
        &self,
        searcher: &Searcher,
        rank: usize,
        cands: &[Candidate],
        group: &Group,
        highlighter: &Highlighter,
        passages: bool,
    ) -> Result<Hit> {
        let c = &cands[group.lead];
        let doc: TantivyDocument = searcher.doc(c.addr)?;
        let article = read_meta(&self.fields, &doc);
        let (title_highlights, passages) = if passages {
            let title = highlighter
                .highlight(&article.title)
                .into_iter()
                .map(Span::from)
                .collect();
            (title, self.passages(&doc, c, highlighter))
        } else {
            (Vec::new(), Vec::new())
        };
        let similar = group
            .similar
            .iter()
            .map(|&j| Ok(read_meta(&self.fields, &searcher.doc(cands[j].addr)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Hit {
            rank,
            score: c.score,
            article,
            title_highlights,
            passages,
            similar,
        })
    }

    /// The passages of a candidate from its stored paragraphs, chosen among
    /// its best-scoring ones.
    fn passages(&self, doc: &TantivyDocument, c: &Candidate, h: &Highlighter) -> Vec<HitPassage> {
        let f = &self.fields;
        let kinds = doc.get_first(f.para_kind).and_then(|v| v.as_str());
        let paragraphs = doc
            .get_all(f.para_text)
            .filter_map(|v| v.as_str())
            .enumerate()
            .map(|(ordinal, text)| (text, kind_at(kinds, ordinal)));
        let ranked: Vec<u32> = c.paras.iter().map(|p| p.paragraph).collect();
        choose_passages(paragraphs, &ranked, h)
            .into_iter()
            .map(|p| HitPassage {
                paragraph: p.paragraph,
                kind: p.kind,
                text: p.passage.text,
                highlights: p.passage.highlights,
            })
            .collect()
    }
}
