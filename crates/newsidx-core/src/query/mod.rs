//! Search: user text and filters become tantivy queries, and the matches become
//! ranked, folded, highlighted hits.
//!
//! Ranking runs in three phases over the index's article documents (each holds
//! its paragraphs, see `index/schema.rs`):
//!
//! 1. **Articles.** BM25 over title (boosted) and body picks candidate articles
//!    with block-max WAND. For short queries, articles holding every term are
//!    found first (a conjunction), and partial matches only fill up after them.
//! 2. **Paragraphs.** For each candidate, the paragraph query scores its own
//!    paragraphs exactly, from the positions of the query's words in the body
//!    (`paragraphs.rs`), and keeps the best ones: all query terms together in
//!    one paragraph beat the same terms scattered over an article.
//! 3. **Combination.** The final score mixes the two ([`Ranking`]); near-duplicate
//!    articles fold under the best of them; the page gets its passages.
//!
//! BM25 statistics count articles only (the index also holds one document per
//! source file).

mod exclude;
mod paragraphs;
pub(crate) mod parse;

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};
use std::ops::Bound;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, BoostQuery, EnableScoring, Occur, PhrasePrefixQuery,
    PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

pub use crate::article::ArticleMeta;
use crate::article::{ParagraphKind, Published};
use crate::dedup::Sketch;
use crate::error::{Error, QueryError, Result};
use crate::index::columns::SegmentColumns;
use crate::index::schema::{kind_at, name_analyzer, text_analyzer, Fields, KIND_ARTICLE};
use crate::index::Index;
use crate::snippet::{analyze, Highlighter, Span, MAX_PASSAGE_BYTES};
use parse::{Node, Scope};

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest publication date first; undated articles last.
    Newest,
    /// Earliest publication date first; undated articles last.
    Oldest,
}

/// The ranking parameters. The defaults are the ones measured best on the TIME
/// test collection (see the README's "Ranking quality" section).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// Weight of a title match relative to a body match.
    pub title_boost: f32,
    /// Weight of the best paragraph's score in the final score; the article's
    /// own score has weight 1.
    pub paragraph_weight: f32,
    /// Queries with at most this many terms rank articles holding every term
    /// first; longer queries rank by how many and which terms match.
    pub strict_max_terms: usize,
    /// Containment of shingles above which two articles are near-duplicates.
    pub fold_threshold: f64,
    /// Candidate articles considered before the final ordering.
    pub candidates: usize,
    /// Drop English stop words from queries that have other words, and read a
    /// possessive `'s` as the bare word (natural-language queries).
    pub stop_words: bool,
}

impl Default for Ranking {
    fn default() -> Ranking {
        Ranking {
            title_boost: 0.5,
            paragraph_weight: 3.0,
            strict_max_terms: 4,
            fold_threshold: 0.5,
            candidates: 50,
            stop_words: true,
        }
    }
}

/// A search: the query text, filters, order and page.
///
/// ```
/// use newsidx_core::{SearchRequest, Sort};
///
/// let req = SearchRequest::new("huawei \"entity list\"")
///     .since("2019-01-01")
///     .unwrap()
///     .sort(Sort::Newest)
///     .limit(5);
/// assert_eq!(req.limit, 5);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The query text (see the README's query syntax).
    pub query: String,
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits first (for paging).
    pub offset: usize,
    /// The order.
    pub sort: Sort,
    /// Only articles published on or after this day.
    pub since: Option<NaiveDate>,
    /// Only articles published on or before this day.
    pub until: Option<NaiveDate>,
    /// Only articles by one of these authors (words of the name, in order).
    pub authors: Vec<String>,
    /// Only articles from one of these sources.
    pub sources: Vec<String>,
    /// Compute passages and highlights (off for ranking-only use).
    pub passages: bool,
    /// Fold near-duplicates under the best of them.
    pub fold_similar: bool,
    /// Count every matching article ([`SearchResults::total`]).
    pub count_total: bool,
    /// Ranking parameters.
    pub ranking: Ranking,
}

impl SearchRequest {
    /// A request for `query` with the defaults: 10 hits by relevance, passages on,
    /// near-duplicates folded.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            since: None,
            until: None,
            authors: Vec::new(),
            sources: Vec::new(),
            passages: true,
            fold_similar: true,
            count_total: false,
            ranking: Ranking::default(),
        }
    }

    /// Sets the number of hits.
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }

    /// Sets the number of hits to skip.
    pub fn offset(mut self, offset: usize) -> SearchRequest {
        self.offset = offset;
        self
    }

    /// Sets the order.
    pub fn sort(mut self, sort: Sort) -> SearchRequest {
        self.sort = sort;
        self
    }

    /// Only articles published on or after `date` (`YYYY-MM-DD` or any spelling
    /// [`Published::parse`] reads).
    pub fn since(mut self, date: &str) -> Result<SearchRequest> {
        self.since = Some(parse_day(date)?);
        Ok(self)
    }

    /// Only articles published on or before `date`.
    pub fn until(mut self, date: &str) -> Result<SearchRequest> {
        self.until = Some(parse_day(date)?);
        Ok(self)
    }

    /// Adds an author filter.
    pub fn author(mut self, name: impl Into<String>) -> SearchRequest {
        self.authors.push(name.into());
        self
    }

    /// Adds a source filter.
    pub fn source(mut self, name: impl Into<String>) -> SearchRequest {
        self.sources.push(name.into());
        self
    }
}

/// Parses a filter date; `2019`, `2019-06` are read as the first day.
pub fn parse_day(s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    let padded = match t.len() {
        4 if t.chars().all(|c| c.is_ascii_digit()) => format!("{t}-01-01"),
        7 if t.as_bytes()[4] == b'-' => format!("{t}-01"),
        _ => t.to_string(),
    };
    Published::parse(&padded)
        .map(|p| p.date)
        .ok_or_else(|| Error::InvalidArgument(format!("not a date: {s:?} (use YYYY-MM-DD)")))
}

/// The results of a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// Articles matching the query and filters (before folding and paging), when
    /// [`SearchRequest::count_total`] asked for it. Counting visits every match,
    /// so it is off by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The hits of the requested page.
    pub hits: Vec<Hit>,
}

/// One article in the results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// 1-based rank in the whole result list.
    pub rank: usize,
    /// The ranking score (higher is better; comparable within one search only).
    pub score: f32,
    /// The article.
    pub article: ArticleMeta,
    /// Highlighted byte ranges in `article.title`.
    pub title_highlights: Vec<Span>,
    /// The best passages, best first.
    pub passages: Vec<HitPassage>,
    /// Near-duplicates folded under this hit.
    pub similar: Vec<ArticleMeta>,
}

/// A passage of a hit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitPassage {
    /// The paragraph's ordinal in its article.
    pub paragraph: u32,
    /// The paragraph's kind.
    pub kind: ParagraphKind,
    /// The passage text (a paragraph, or a window of one with `…` where cut).
    pub text: String,
    /// Highlighted byte ranges in `text`.
    pub highlights: Vec<Span>,
}

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
            natural_language(ast)
        } else {
            ast
        };
        if req.limit == 0 {
            return Err(Error::InvalidArgument("--limit must be at least 1".into()));
        }
        if let (Some(a), Some(b)) = (req.since, req.until) {
            if a > b {
                return Err(Error::InvalidArgument(format!(
                    "--since {a} is after --until {b}: no article can match"
                )));
            }
        }
        let searcher = self.reader.searcher();
        let columns = |ord: u32| -> Result<Arc<SegmentColumns>> {
            let segs = searcher.segment_readers();
            self.columns.get(&segs[ord as usize], segs.len(), |id| {
                segs.iter().any(|s| s.segment_id() == *id)
            })
        };
        let f = &self.fields;
        let mut b = Builder {
            f,
            text: text_analyzer(),
            name: name_analyzer(),
            title_boost: req.ranking.title_boost,
            body_only: false,
        };
        let loose = b.build(&ast, true).ok_or_else(|| no_words(&req.query))?;
        let positives = count_positive(&ast);
        // The all-terms tier asks for every term in the body: a pure conjunction
        // of term queries, which tantivy prunes with block-max WAND (a
        // conjunction of title-or-body unions cannot be pruned, and was the
        // largest cost at a million articles).
        let strict = if positives > 1 && positives <= req.ranking.strict_max_terms {
            b.body_only = true;
            let q = b.build(&ast, false);
            b.body_only = false;
            q
        } else {
            None
        };
        let para_query = paragraphs::ParagraphQuery::new(&ast, &mut b.text, &mut b.name);
        let filters = b.filters(req);

        let article_stats = KindStats::new(&searcher, f, KIND_ARTICLE);
        let with_filters = |q: Box<dyn Query>| -> Box<dyn Query> {
            if filters.is_empty() {
                return q;
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, q)];
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        let loose_w = with_filters(loose).weight(article_stats.scoring(&searcher))?;
        let strict_w = match strict {
            Some(q) => Some(with_filters(q).weight(article_stats.scoring(&searcher))?),
            None => None,
        };

        let want = req.offset + req.limit;
        let k = req.ranking.candidates.max(want * 3);
        let total = if req.count_total {
            Some(count(&searcher, loose_w.as_ref())?)
        } else {
            None
        };

        // Phase 1: candidate articles.
        let mut cands: Vec<Candidate> = Vec::new();
        let mut seen = HashSet::new();
        let tiers: Vec<(&dyn Weight, u8)> = match &strict_w {
            Some(s) => vec![(s.as_ref(), 1), (loose_w.as_ref(), 0)],
            None => vec![(loose_w.as_ref(), 0)],
        };
        for (weight, tier) in tiers {
            if cands.len() >= k {
                break;
            }
            let found = match req.sort {
                Sort::Relevance => top_by_score(&searcher, &columns, weight, k)?,
                Sort::Newest | Sort::Oldest => top_by_date(&searcher, weight, k, req.sort)?,
            };
            for Scored(score, id_hash, addr) in found {
                if seen.insert(addr) {
                    cands.push(Candidate::new(addr, id_hash, score, tier));
                }
            }
            // Under date order, the conjunction alone decides when it matches.
            if req.sort != Sort::Relevance && !cands.is_empty() {
                break;
            }
        }

        // Phase 2: each candidate's best paragraphs.
        if let Some(pq) = para_query {
            pq.score(&searcher, &columns, f.body, &mut cands)?;
        }

        // Phase 3: combine, order, fold.
        let w = req.ranking.paragraph_weight;
        for c in &mut cands {
            c.score = c.article_score + w * c.paras.first().map_or(0.0, |p| p.0);
        }
        if req.sort == Sort::Relevance {
            cands.sort_by(|a, b| {
                b.tier
                    .cmp(&a.tier)
                    .then(b.score.total_cmp(&a.score))
                    .then(a.id_hash.cmp(&b.id_hash))
            });
        }
        let groups = if req.fold_similar {
            fold(&columns, &cands, req.ranking.fold_threshold, want)?
        } else {
            (0..cands.len()).map(|i| (i, Vec::new())).collect()
        };

        let highlighter = highlighter_for(&ast);
        let mut hits = Vec::new();
        for (rank, (i, similar)) in groups
            .into_iter()
            .enumerate()
            .skip(req.offset)
            .take(req.limit)
        {
            let c = &cands[i];
            let doc: TantivyDocument = searcher.doc(c.addr)?;
            let article = self.article_meta(&doc);
            let passages = if req.passages {
                self.passages(&doc, c, &highlighter)
            } else {
                Vec::new()
            };
            let title_highlights = if req.passages {
                highlighter
                    .highlight(&article.title)
                    .into_iter()
                    .map(Span::from)
                    .collect()
            } else {
                Vec::new()
            };
            let similar = similar
                .iter()
                .map(|&j| Ok(self.article_meta(&searcher.doc(cands[j].addr)?)))
                .collect::<Result<Vec<_>>>()?;
            hits.push(Hit {
                rank: rank + 1,
                score: c.score,
                article,
                title_highlights,
                passages,
                similar,
            });
        }
        Ok(SearchResults {
            query: req.query.clone(),
            total,
            hits,
        })
    }

    fn article_meta(&self, doc: &TantivyDocument) -> ArticleMeta {
        crate::index::document::read_meta(&self.fields, doc)
    }

    /// The passages of one hit: among its best-scoring paragraphs, the one with
    /// the most distinct query matches (ties to BM25), plus a second when it
    /// adds matches the first lacks. Without paragraph matches, the lede.
    fn passages(&self, doc: &TantivyDocument, c: &Candidate, h: &Highlighter) -> Vec<HitPassage> {
        let f = &self.fields;
        let mut options = Vec::new();
        // The lede, without paragraph matches.
        let wanted: Vec<u32> = if c.paras.is_empty() {
            vec![0]
        } else {
            c.paras.iter().map(|p| p.1).collect()
        };
        let kinds = doc.get_first(f.para_kind).and_then(|v| v.as_str());
        let texts = doc.get_all(f.para_text).filter_map(|v| v.as_str());
        for (ordinal, text) in texts.enumerate() {
            if let Some(i) = wanted.iter().position(|&w| w as usize == ordinal) {
                let p = h.passage(text);
                options.push((i, ordinal as u32, kind_at(kinds, ordinal), p));
                if options.len() == wanted.len() {
                    break;
                }
            }
        }
        // Most distinct matches first; among equals, the better BM25 (listed first).
        options.sort_by(|a, b| b.3.keys.len().cmp(&a.3.keys.len()).then(a.0.cmp(&b.0)));
        let mut out: Vec<HitPassage> = Vec::new();
        let mut covered: HashSet<usize> = HashSet::new();
        for (_, ordinal, kind, p) in options {
            // A second passage only when the first is short and this one shows
            // query parts the first does not.
            let adds = p.keys.iter().any(|k| !covered.contains(k));
            let room = out.len() == 1 && out[0].text.len() + p.text.len() <= 2 * MAX_PASSAGE_BYTES;
            if out.is_empty() || (room && adds) {
                covered.extend(p.keys.iter().copied());
                out.push(HitPassage {
                    paragraph: ordinal,
                    kind,
                    text: p.text,
                    highlights: p.highlights,
                });
            }
        }
        out
    }
}

/// English stop words (the NLTK list): function words that match nearly every
/// article and only add noise to a natural-language query's ranking.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Strips a possessive `'s` from words, and drops stop words from the top-level
/// adjacency when other words remain (a query of stop words alone is kept).
fn natural_language(ast: Node) -> Node {
    fn strip_possessive(n: Node) -> Node {
        match n {
            Node::Word { text, scope } => {
                let cut = ["'s", "'S", "\u{2019}s", "\u{2019}S"]
                    .iter()
                    .find(|p| text.ends_with(*p) && text.len() > p.len())
                    .map(|p| text.len() - p.len());
                Node::Word {
                    text: cut.map_or(text.clone(), |c| text[..c].to_string()),
                    scope,
                }
            }
            Node::And { children, strict } => Node::And {
                children: children.into_iter().map(strip_possessive).collect(),
                strict,
            },
            Node::Or(children) => Node::Or(children.into_iter().map(strip_possessive).collect()),
            other => other,
        }
    }
    let is_stop = |n: &Node| match n {
        Node::Word { text, scope } if scope.is_text() => {
            let bare: String = text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            STOP_WORDS.contains(&bare.as_str())
        }
        _ => false,
    };
    match strip_possessive(ast) {
        Node::And {
            children,
            strict: false,
        } if children
            .iter()
            .any(|c| count_positive(c) > 0 && !is_stop(c)) =>
        {
            let kept: Vec<Node> = children.into_iter().filter(|c| !is_stop(c)).collect();
            if kept.len() == 1 {
                kept.into_iter().next().unwrap_or(Node::Or(Vec::new()))
            } else {
                Node::And {
                    children: kept,
                    strict: false,
                }
            }
        }
        other => other,
    }
}

fn no_words(query: &str) -> Error {
    Error::Query(QueryError::new(
        query,
        0,
        "the query has no searchable words (only punctuation or symbols)",
    ))
}

fn count_positive(n: &Node) -> usize {
    match n {
        Node::Word { .. } | Node::Phrase { .. } | Node::Prefix { .. } => 1,
        Node::Not(_) => 0,
        Node::And { children, .. } => children.iter().map(count_positive).sum(),
        // Alternatives count as one requirement.
        Node::Or(_) => 1,
    }
}

fn highlighter_for(ast: &Node) -> Highlighter {
    fn walk(n: &Node, h: &mut Highlighter) {
        match n {
            Node::Word { text, scope } if scope.is_text() => h.add_word(text),
            Node::Phrase { text, scope } if scope.is_text() => h.add_phrase(text),
            Node::Prefix { text, scope } if scope.is_text() => h.add_prefix(text),
            Node::And { children, .. } | Node::Or(children) => {
                children.iter().for_each(|c| walk(c, h))
            }
            _ => {}
        }
    }
    let mut h = Highlighter::new();
    walk(ast, &mut h);
    h
}

/// Turns the syntax tree into tantivy queries.
struct Builder<'a> {
    f: &'a Fields,
    text: TextAnalyzer,
    name: TextAnalyzer,
    title_boost: f32,
    /// Unscoped words match the body only (the all-terms tier).
    body_only: bool,
}

impl Builder<'_> {
    /// `soft`: the top-level adjacency's terms are alternatives (scored by how many
    /// match) rather than all required.
    fn build(&mut self, n: &Node, soft: bool) -> Option<Box<dyn Query>> {
        match n {
            Node::Word { text, scope } | Node::Phrase { text, scope } => {
                self.leaf(text, *scope, false)
            }
            Node::Prefix { text, scope } => self.leaf(text, *scope, true),
            Node::Not(inner) => self.build(inner, false),
            Node::And { children, strict } => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let occur = if soft && !strict {
                    Occur::Should
                } else {
                    Occur::Must
                };
                for c in children {
                    if let Node::Not(inner) = c {
                        if let Some(q) = self.build(inner, false) {
                            clauses.push((Occur::MustNot, Box::new(exclude::Excluded(q))));
                        }
                        continue;
                    }
                    // A field scope is a deliberate restriction: always required.
                    let scoped = matches!(c,
                        Node::Word { scope, .. } | Node::Phrase { scope, .. } | Node::Prefix { scope, .. }
                        if *scope != Scope::Any);
                    let occur = if scoped { Occur::Must } else { occur };
                    match c {
                        Node::Word { text, scope } | Node::Phrase { text, scope }
                            if occur == Occur::Should =>
                        {
                            if let Some(alts) = self.leaf_alternatives(text, *scope, false) {
                                clauses.extend(alts.into_iter().map(|q| (Occur::Should, q)));
                            }
                        }
                        _ => {
                            if let Some(q) = self.build(c, false) {
                                clauses.push((occur, q));
                            }
                        }
                    }
                }
                if !clauses.iter().any(|(o, _)| *o != Occur::MustNot) {
                    return None;
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Node::Or(children) => {
                let clauses: Vec<(Occur, Box<dyn Query>)> = children
                    .iter()
                    .filter_map(|c| self.build(c, false))
                    .map(|q| (Occur::Should, q))
                    .collect();
                if clauses.is_empty() {
                    return None;
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
        }
    }

    fn leaf(&mut self, text: &str, scope: Scope, prefix: bool) -> Option<Box<dyn Query>> {
        let mut alts = self.leaf_alternatives(text, scope, prefix)?;
        if alts.len() == 1 {
            return alts.pop();
        }
        Some(Box::new(BooleanQuery::new(
            alts.into_iter().map(|q| (Occur::Should, q)).collect(),
        )))
    }

    /// The alternatives a leaf matches by (one query per field it searches).
    /// Kept apart so an adjacency of plain words becomes one flat union of term
    /// queries, which tantivy prunes with block-max WAND.
    fn leaf_alternatives(
        &mut self,
        text: &str,
        scope: Scope,
        prefix: bool,
    ) -> Option<Vec<Box<dyn Query>>> {
        let f = self.f;
        let fields: Vec<(Field, f32)> = match scope {
            Scope::Any if self.body_only => vec![(f.body, 1.0)],
            Scope::Any => vec![(f.body, 1.0), (f.title, self.title_boost)],
            Scope::Text => vec![(f.body, 1.0)],
            Scope::Title => vec![(f.title, 1.0)],
            Scope::Author => vec![(f.author, 1.0)],
            Scope::Source => vec![(f.source, 1.0)],
            Scope::Tag => vec![(f.tags, 1.0)],
        };
        let names = matches!(scope, Scope::Author | Scope::Source | Scope::Tag);
        let mut tokens = if names {
            analyze(&mut self.name, text)
        } else {
            analyze(&mut self.text, text)
        };
        if prefix {
            // The last word is matched as a prefix of indexed terms, unstemmed.
            let raw = analyze(&mut self.name, text);
            if let (Some(last), Some(slot)) = (raw.last(), tokens.last_mut()) {
                *slot = last.clone();
            }
        }
        if tokens.is_empty() {
            return None;
        }
        let mut alts: Vec<Box<dyn Query>> = Vec::new();
        for (field, boost) in fields {
            let q: Box<dyn Query> = match (tokens.len(), prefix) {
                (1, _) => word_query(field, &tokens[0], prefix)?,
                (_, false) => Box::new(PhraseQuery::new(
                    tokens
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                )),
                (_, true) => Box::new(PhrasePrefixQuery::new(
                    tokens
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                )),
            };
            let q: Box<dyn Query> = if (boost - 1.0).abs() > f32::EPSILON {
                Box::new(BoostQuery::new(q, boost))
            } else {
                q
            };
            alts.push(q);
        }
        Some(alts)
    }

    /// Required clauses: dates, authors, sources.
    fn filters(&mut self, req: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.f;
        // No `kind:article` clause: title, body, dates, authors, sources and tags
        // exist only on article documents, and a required clause would keep
        // tantivy from pruning the union of terms.
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if req.since.is_some() || req.until.is_some() {
            let day = |d: NaiveDate| {
                let ts = d
                    .and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp());
                Term::from_field_date_for_search(f.date, crate::index::tantivy_date(ts))
            };
            let lower = req
                .since
                .map_or(Bound::Unbounded, |d| Bound::Included(day(d)));
            let upper = req
                .until
                .and_then(|d| d.succ_opt())
                .map_or(Bound::Unbounded, |d| Bound::Excluded(day(d)));
            out.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        for (names, field) in [(&req.authors, f.author), (&req.sources, f.source)] {
            let alts: Vec<(Occur, Box<dyn Query>)> = names
                .iter()
                .filter_map(|n| {
                    let toks = analyze(&mut self.name, n);
                    let q: Box<dyn Query> = match toks.len() {
                        0 => return None,
                        1 => Box::new(TermQuery::new(
                            Term::from_field_text(field, &toks[0]),
                            IndexRecordOption::Basic,
                        )),
                        _ => Box::new(PhraseQuery::new(
                            toks.iter()
                                .map(|t| Term::from_field_text(field, t))
                                .collect(),
                        )),
                    };
                    Some((Occur::Should, q))
                })
                .collect();
            if !alts.is_empty() {
                out.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
            }
        }
        out
    }
}

/// One analyzed word in `field`: the term, or with `prefix` every term that
/// begins with it.
fn word_query(field: Field, word: &str, prefix: bool) -> Option<Box<dyn Query>> {
    Some(if prefix {
        Box::new(RegexQuery::from_pattern(&format!("{}.*", regex_escape(word)), field).ok()?)
    } else {
        Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ))
    })
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// BM25 statistics of one document kind: the number of documents is the number
/// of articles, not of everything in the index (which holds file documents too).
struct KindStats<'a> {
    searcher: &'a Searcher,
    docs: u64,
}

impl<'a> KindStats<'a> {
    fn new(searcher: &'a Searcher, f: &Fields, kind: &str) -> KindStats<'a> {
        let docs = searcher
            .doc_freq(&Term::from_field_text(f.kind, kind))
            .unwrap_or(0)
            .max(1);
        KindStats { searcher, docs }
    }

    fn scoring<'b>(&'b self, searcher: &'b Searcher) -> EnableScoring<'b> {
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

/// A candidate article.
struct Candidate {
    addr: DocAddress,
    id_hash: u64,
    tier: u8,
    article_score: f32,
    score: f32,
    /// Best paragraphs: (score, paragraph), best first, at most 3.
    paras: Vec<(f32, u32)>,
}

impl Candidate {
    fn new(addr: DocAddress, id_hash: u64, score: f32, tier: u8) -> Candidate {
        Candidate {
            addr,
            id_hash,
            tier,
            article_score: score,
            score,
            paras: Vec::new(),
        }
    }
}

/// The cached fast columns of a segment of the search's searcher, by ordinal.
type Columns<'a> = dyn Fn(u32) -> Result<Arc<SegmentColumns>> + 'a;

/// A scored document: (score, id hash, address). "Greater" is better: higher
/// score, then lower id hash, so equal scores order the same way whatever the
/// segment layout.
#[derive(PartialEq)]
struct Scored(f32, u64, DocAddress);

impl Eq for Scored {}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
            .then_with(|| other.2.cmp(&self.2))
    }
}

fn count(searcher: &Searcher, weight: &dyn Weight) -> Result<u64> {
    let mut n = 0u64;
    for seg in searcher.segment_readers() {
        n += u64::from(weight.count(seg)?);
    }
    Ok(n)
}

/// The `k` best-scoring live documents, best first, with block-max WAND pruning.
fn top_by_score(
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
                heap.peek().map_or(f32::MIN, |r| r.0 .0.next_down())
            } else {
                f32::MIN
            }
        };
        let mut threshold = floor(&heap);
        weight.for_each_pruning(threshold, seg, &mut |doc, score| {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                return threshold;
            }
            let hash = hashes.first(doc).unwrap_or(0);
            heap.push(std::cmp::Reverse(Scored(
                score,
                hash,
                DocAddress::new(ord as u32, doc),
            )));
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

/// The `k` newest (or oldest) live matching documents; undated ones last.
fn top_by_date(
    searcher: &Searcher,
    weight: &dyn Weight,
    k: usize,
    sort: Sort,
) -> Result<Vec<Scored>> {
    let mut all: Vec<(i64, u64, DocAddress)> = Vec::new();
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
                all.push((
                    key,
                    hashes.first(doc).unwrap_or(0),
                    DocAddress::new(ord as u32, doc),
                ));
            }
        })?;
    }
    all.sort_unstable();
    all.truncate(k);
    Ok(all.into_iter().map(|(_, h, a)| Scored(0.0, h, a)).collect())
}

/// Groups near-duplicates: walks the ranked candidates and folds each into the
/// first earlier representative it is contained in. Once `want` groups exist,
/// later candidates can no longer change the page: the next `want` of them are
/// still checked against the groups (copies score close to their original, so
/// that is where "+N similar" comes from), and the rest are left as they are.
fn fold(
    columns: &Columns,
    cands: &[Candidate],
    threshold: f64,
    want: usize,
) -> Result<Vec<(usize, Vec<usize>)>> {
    let sketch_of = |c: &Candidate| -> Result<Sketch> {
        let cols = columns(c.addr.segment_ord)?;
        Ok(Sketch::from_values(
            cols.sketch.values_for_doc(c.addr.doc_id),
        ))
    };
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut reps: Vec<Sketch> = Vec::new();
    let mut checked_after_full = 0;
    for (i, c) in cands.iter().enumerate() {
        if groups.len() >= want {
            checked_after_full += 1;
            if checked_after_full > want {
                groups.push((i, Vec::new()));
                continue;
            }
        }
        let s = sketch_of(c)?;
        let home = reps
            .iter()
            .position(|r| !s.is_empty() && r.is_near_duplicate(&s, threshold));
        match home {
            Some(g) => groups[g].1.push(i),
            None if groups.len() < want => {
                groups.push((i, Vec::new()));
                reps.push(s);
            }
            None => groups.push((i, Vec::new())),
        }
    }
    Ok(groups)
}
