//! Search: user text and filters become tantivy queries, and the matches become
//! ranked, folded, highlighted hits.
//!
//! A search reads as its phases, each in its own file:
//!
//! - `parse.rs` turns the text into a syntax tree (errors with positions);
//!   `rewrite.rs` drops stop words and possessives; `plan.rs` lowers the tree
//!   once into a plan (words analyzed, fields, prefixes, required,
//!   preferred and excluded parts) that every later step reads.
//! - **Phase 1, articles.** `builder.rs` makes the plan into tantivy queries,
//!   `stats.rs` gives them BM25 statistics of the articles alone, and
//!   `collect.rs` takes the best (block-max WAND) or the newest; `candidates.rs`
//!   runs the tiers: for queries of two to
//!   [`Ranking::strict_max_terms`] terms, the articles whose *body* holds every
//!   term come first (a title match does not count there), and partial matches
//!   only fill up after them.
//! - **Phase 2, paragraphs.** `paragraphs.rs` scores each candidate's own
//!   paragraphs exactly, from the positions of the query's words in the body
//!   (paragraphs are ranges of body positions, not documents), and keeps the
//!   best ones: all query terms together in one paragraph beat the same terms
//!   scattered over an article.
//! - **Phase 3, combination.** `candidates.rs` mixes the two scores
//!   ([`Ranking`]) and orders; `fold.rs` folds near-duplicate articles under the
//!   best of them; `hits.rs` reads the page's articles and asks `snippet` for
//!   their passages.
//!
//! **Every page is a slice of one order.** A score is a function of the query,
//! the filters and the index only: phase 2's statistics are the index's (never
//! the candidates'), and phase 3 re-ranks a fixed window, the first
//! [`Ranking::candidates`] articles of phase 1 (like Elasticsearch's rescore
//! `window_size`); articles past it follow in phase 1's order. So `--limit`
//! and `--offset` choose a slice and change nothing else: pages of 10 at
//! offsets 0, 10, 20 are `-n 30`, and the top 10 is a prefix of the top 100.
//!
//! A prefix (`tarif*`) stands for the same terms in every phase: the first 256
//! indexed terms beginning with it in each segment (`plan.rs`).
//!
//! `request.rs` holds the request and result types, `exclude.rs` a guard for
//! excluded clauses.

mod builder;
mod candidates;
mod collect;
mod exclude;
mod fold;
mod hits;
mod paragraphs;
pub(crate) mod parse;
mod plan;
mod request;
mod rewrite;
mod stats;

pub use crate::article::ArticleMeta;
use crate::error::{Error, QueryError, Result};
use crate::index::schema::KIND_ARTICLE;
use crate::index::Index;
pub use request::{parse_day, Hit, HitPassage, Ranking, SearchRequest, SearchResults, Sort};

impl Index {
    /// Runs a search.
    ///
    /// ```
    /// use newsidx_core::{Article, Index, ParagraphKind, SearchRequest};
    ///
    /// let index = Index::create_in_ram().unwrap();
    /// let mut a = Article::new("Huawei added to entity list");
    /// a.push_paragraph(ParagraphKind::Body, "The Commerce Department put Huawei on the entity list.");
    /// let mut w = index.writer().unwrap();
    /// w.add_article(&a).unwrap();
    /// w.commit().unwrap();
    ///
    /// let results = index.search(&SearchRequest::new("\"entity list\"")).unwrap();
    /// let passage = &results.hits[0].passages[0];
    /// let span = &passage.highlights[0];
    /// assert_eq!(&passage.text[span.start..span.end], "entity list");
    /// ```
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let ast = parse::parse(&req.query)?;
        let ast = if req.ranking.stop_words {
            rewrite::natural_language(ast)
        } else {
            ast
        };
        req.validate()?;
        let searcher = self.reader.searcher();
        let stemmings = builder::index_stemmings(&searcher, &self.fields)?;
        let plan = plan::Plan::lower(&ast, &stemmings);
        let queries = builder::TierQueries::new(&plan, req, &self.fields)
            .ok_or_else(|| no_words(&req.query))?;
        let columns = candidates::segment_columns(self, &searcher);
        let stats = stats::KindStats::new(&searcher, &self.fields, KIND_ARTICLE);
        let loose = queries.loose.weight(stats.scoring(&searcher))?;
        let strict = match &queries.strict {
            Some(q) => Some(q.weight(stats.scoring(&searcher))?),
            None => None,
        };
        let total = collect::count(&searcher, loose.as_ref())?;

        let (cands, groups) = self.ranked(
            &searcher,
            &columns,
            &plan,
            req,
            strict.as_deref(),
            loose.as_ref(),
        )?;

        // The page.
        let highlighter = plan.highlighter();
        let hits = groups
            .iter()
            .enumerate()
            .skip(req.offset)
            .take(req.limit)
            .map(|(i, group)| self.hit(&searcher, i + 1, &cands, group, &highlighter, req.passages))
            .collect::<Result<Vec<Hit>>>()?;
        let folded = hits.iter().map(|h| h.similar.len() as u64).sum();
        Ok(SearchResults {
            query: req.query.clone(),
            total,
            folded,
            hits,
        })
    }
}

impl Index {
    /// Phases 1 to 3: the candidates in their final order and their folded
    /// groups, enough of them for the page.
    ///
    /// Every page is a slice of one order. Phase 1 lists candidates in an
    /// order of their own (a longer list only adds to the end), phase 3
    /// reorders the first [`Ranking::candidates`] of them (a window that does
    /// not depend on the page) and folding walks them in order, folding each
    /// into the first earlier group it duplicates, and lists under a hit the
    /// duplicates among the [`Ranking::candidates`] candidates after it. When
    /// folding leaves too few groups for the page, or the last hit's
    /// look-ahead runs past the list, the list doubles and the phases run again.
    /// A duplicate farther than that after its group's lead is a hit of its own
    /// ([`within_reach`]).
    fn ranked(
        &self,
        searcher: &tantivy::Searcher,
        columns: &candidates::Columns,
        plan: &plan::Plan,
        req: &SearchRequest,
        strict: Option<&dyn tantivy::query::Weight>,
        loose: &dyn tantivy::query::Weight,
    ) -> Result<(Vec<candidates::Candidate>, Vec<fold::Group>)> {
        let window = req.ranking.candidates;
        let want = req.offset + req.limit;
        let mut k = window.max(want.saturating_add(window));
        let pq = paragraphs::ParagraphQuery::new(plan);
        let pq = match &pq {
            Some(q) => Some(q.prepare(self, searcher, columns)?),
            None => None,
        };
        loop {
            // Phase 1: candidate articles.
            let mut cands = candidates::find(searcher, columns, strict, loose, req.sort, k)?;
            let complete = cands.len() < k;
            // Phase 2: each candidate's best paragraphs.
            if let Some(pq) = &pq {
                pq.score(columns, &mut cands)?;
            }
            // Phase 3: combine, order, fold.
            candidates::rank(&mut cands, req.ranking.paragraph_weight, req.sort, window);
            let groups = if req.fold_similar {
                // Every group a representative: a candidate's fate then
                // depends only on the candidates before it.
                let groups = fold::fold(columns, &cands, req.ranking.fold_threshold, cands.len())?;
                within_reach(groups, window)
            } else {
                fold::unfolded(cands.len())
            };
            let enough = groups
                .get(want.saturating_sub(1))
                .is_some_and(|g| g.lead.saturating_add(window) < cands.len());
            if complete || enough {
                return Ok((cands, groups));
            }
            k = k.saturating_mul(2);
        }
    }
}

/// Keeps under each group the duplicates at most `reach` candidates after its
/// lead; one farther away becomes a hit of its own, so that every match is
/// either a hit or listed under one, and a hit's list never depends on how
/// many candidates the page needed.
fn within_reach(groups: Vec<fold::Group>, reach: usize) -> Vec<fold::Group> {
    let mut out = Vec::with_capacity(groups.len());
    for mut g in groups {
        let last = g.lead.saturating_add(reach);
        let far = g.similar.iter().position(|&j| j > last);
        if let Some(at) = far {
            out.extend(g.similar.split_off(at).into_iter().map(|lead| fold::Group {
                lead,
                similar: Vec::new(),
            }));
        }
        out.push(g);
    }
    out.sort_unstable_by_key(|g| g.lead);
    out
}

fn no_words(query: &str) -> Error {
    Error::Query(QueryError::new(
        query,
        0,
        "the query has no searchable words (only punctuation or symbols)",
    ))
}

#[cfg(test)]
mod tests {
    use crate::{Article, Index, IndexOptions, ParagraphKind, SearchRequest};

    #[test]
    fn a_duplicate_out_of_reach_is_a_hit_of_its_own() {
        use super::fold::Group;
        let groups = vec![
            Group {
                lead: 0,
                similar: vec![1, 3, 4],
            },
            Group {
                lead: 2,
                similar: Vec::new(),
            },
        ];
        let leads: Vec<(usize, Vec<usize>)> = super::within_reach(groups, 3)
            .into_iter()
            .map(|g| (g.lead, g.similar))
            .collect();
        assert_eq!(leads, [(0, vec![1, 3]), (2, vec![]), (4, vec![])]);
    }

    #[test]
    fn a_prefix_stands_for_the_same_terms_in_every_phase() {
        // One segment (one thread, one commit) with 257 terms beginning `zz`:
        // the first 256 in term order are zz000..zz255, and zz300 is past them.
        let index = Index::create_in_ram().unwrap();
        let opts = IndexOptions {
            threads: 1,
            ..IndexOptions::default()
        };
        let mut w = index.writer_with(&opts).unwrap();
        let mut add = |id: &str, paragraphs: &[String]| {
            let mut a = Article::new("Codes");
            a.meta.id = id.into();
            for p in paragraphs {
                a.push_paragraph(ParagraphKind::Body, p.as_str());
            }
            w.add_article(&a).unwrap();
        };
        let codes: Vec<String> = (0..256).map(|i| format!("zz{i:03}")).collect();
        add("codes", &[codes.join(" ")]);
        let filler = "and other words about the codes in use ".repeat(8);
        add("both", &["zz300 zz300".into(), format!("zz000 {filler}")]);
        add("past-256", &["zz300".into()]);
        w.commit().unwrap();
        let results = index.search(&SearchRequest::new("zz*")).unwrap();
        let mut ids: Vec<&str> = results.hits.iter().map(|h| h.article.id.as_str()).collect();
        ids.sort_unstable();
        // Phase 1 does not find the article holding only zz300.
        assert_eq!(ids, ["both", "codes"]);
        // Phase 2 does not count zz300 either: the short paragraph holding it
        // twice would beat the long one holding zz000 once.
        let both = results
            .hits
            .iter()
            .find(|h| h.article.id == "both")
            .unwrap();
        assert_eq!(both.passages.len(), 1);
        assert_eq!(both.passages[0].paragraph, 1);
    }
}
