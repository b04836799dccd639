//! The page's hits: each folded group of candidates becomes a [`Hit`] with its
//! article's metadata, title highlights and passages.
//!
//! This module owns reading the stored article of a hit. It must not choose
//! passages itself (`snippet::passages` does, from plain text) nor change the
//! order it is given.

use tantivy::schema::{Field, Value};
use tantivy::{Searcher, TantivyDocument};

use super::candidates::Candidate;
use super::fold::Group;
use super::{ArticleMeta, Hit, HitPassage};
use crate::article::Published;
use crate::error::Result;
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
        let article = self.article_meta(&doc);
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
            .map(|&j| Ok(self.article_meta(&searcher.doc(cands[j].addr)?)))
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

    fn article_meta(&self, doc: &TantivyDocument) -> ArticleMeta {
        let f = &self.fields;
        let text = |field: Field| -> Option<String> {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        ArticleMeta {
            id: text(f.article_id).unwrap_or_default(),
            external_id: text(f.external_id),
            path: text(f.path).unwrap_or_default(),
            title: text(f.title).unwrap_or_default(),
            title_derived: doc
                .get_first(f.title_derived)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            published: text(f.published).and_then(|s| Published::parse(&s)),
            authors: all(f.author),
            source: text(f.source),
            dateline: text(f.dateline),
            url: text(f.url),
            language: text(f.language),
        }
    }
}
