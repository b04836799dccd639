//! Phase 1's tantivy queries, built from the [`Plan`]: the loose tier, the
//! strict (all-terms) tier, and the request's filters.
//!
//! This module owns how a plan maps onto tantivy's query types and article
//! fields: which fields a scope searches, the title boost, how preferred words
//! become one flat union that block-max WAND can prune, the date, author,
//! source and language filters, and which languages the index holds (the
//! plan lowers words for each of them). It must not analyze query words (the plan did) nor
//! score or collect anything.

use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::exclude::Excluded;
use super::parse::Scope;
use super::plan::{Clause, Part, Plan, Role, MAX_EXPANSIONS};
use super::SearchRequest;
use crate::article::MetaField;
use crate::index::schema::{name_analyzer, Fields, Stemming};
use crate::snippet::analyze;

/// The queries of phase 1's two tiers, filters included.
pub(super) struct TierQueries {
    /// Articles matching any preferred word, ranked by BM25.
    pub loose: Box<dyn Query>,
    /// Articles whose body holds every preferred word: only for queries of two
    /// up to [`Ranking::strict_max_terms`](super::Ranking::strict_max_terms)
    /// terms.
    pub strict: Option<Box<dyn Query>>,
}

impl TierQueries {
    /// The tiers of a plan; `None` when the plan has nothing searchable.
    pub(super) fn new(plan: &Plan, req: &SearchRequest, f: &Fields) -> Option<TierQueries> {
        let root = plan.root.as_ref()?;
        let builder = |strict| Builder {
            f,
            plan,
            title_boost: req.ranking.title_boost,
            strict,
        };
        let loose = builder(false).clause(root);
        // The all-terms tier asks for every term in the body: a pure conjunction
        // of term queries, which tantivy prunes with block-max WAND (a
        // conjunction of title-or-body unions cannot be pruned, and was the
        // largest cost at a million articles).
        let strict = (plan.positives > 1 && plan.positives <= req.ranking.strict_max_terms)
            .then(|| builder(true).clause(root));
        let filters = filters(req, f);
        let with_filters = |q: Box<dyn Query>| -> Box<dyn Query> {
            if filters.is_empty() {
                return q;
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, q)];
            clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(clauses))
        };
        Some(TierQueries {
            loose: with_filters(loose),
            strict: strict.map(with_filters),
        })
    }
}

/// Turns a plan into one tier's tantivy query.
#[derive(Clone, Copy)]
struct Builder<'a> {
    f: &'a Fields,
    plan: &'a Plan,
    title_boost: f32,
    /// The strict tier: preferred parts are required, and unscoped words match
    /// the body only. Exclusions are the loose tier's in both tiers: an
    /// excluded word in the title excludes too.
    strict: bool,
}

impl Builder<'_> {
    fn clause(&self, c: &Clause) -> Box<dyn Query> {
        match c {
            Clause::Leaf(i) => self.leaf(*i),
            Clause::Group(parts) => self.group(parts),
            Clause::Any(alts) => Box::new(BooleanQuery::new(
                alts.iter()
                    .map(|a| (Occur::Should, self.clause(a)))
                    .collect(),
            )),
        }
    }

    fn group(&self, parts: &[Part]) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in parts {
            match (part.role, &part.clause) {
                (Role::Excluded, c) => {
                    let loose = Builder {
                        strict: false,
                        ..*self
                    };
                    clauses.push((Occur::MustNot, Box::new(Excluded(loose.clause(c)))));
                }
                (Role::Required, c) => clauses.push((Occur::Must, self.clause(c))),
                (Role::Preferred, c) if self.strict => clauses.push((Occur::Must, self.clause(c))),
                // A preferred word joins the group's union field by field, so
                // the top level stays one flat union of term queries.
                (Role::Preferred, Clause::Leaf(i)) if !self.plan.leaves[*i].prefix => {
                    clauses.extend(
                        self.alternatives(*i)
                            .into_iter()
                            .map(|q| (Occur::Should, q)),
                    );
                }
                (Role::Preferred, c) => clauses.push((Occur::Should, self.clause(c))),
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn leaf(&self, i: usize) -> Box<dyn Query> {
        let mut alts = self.alternatives(i);
        if alts.len() == 1 {
            if let Some(q) = alts.pop() {
                return q;
            }
        }
        Box::new(BooleanQuery::new(
            alts.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    }

    /// The alternatives a leaf matches by: one query per field its scope
    /// searches.
    fn alternatives(&self, i: usize) -> Vec<Box<dyn Query>> {
        let f = self.f;
        let leaf = &self.plan.leaves[i];
        let fields: Vec<(Field, f32)> = match leaf.scope {
            Scope::Any if self.strict => vec![(f.body, 1.0)],
            Scope::Any => vec![(f.body, 1.0), (f.title, self.title_boost)],
            Scope::Text => vec![(f.body, 1.0)],
            Scope::Title => vec![(f.title, 1.0)],
            Scope::Author => vec![(f.author, 1.0)],
            Scope::Source => vec![(f.source, 1.0)],
            Scope::Tag => MetaField::ALL.iter().map(|&m| (f.meta(m), 1.0)).collect(),
            Scope::Meta(m) => vec![(f.meta(m), 1.0)],
        };
        fields
            .into_iter()
            .map(|(field, boost)| {
                let terms: Vec<Term> = leaf
                    .terms
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect();
                let q = terms_query(terms, leaf.prefix);
                if (boost - 1.0).abs() > f32::EPSILON {
                    Box::new(BoostQuery::new(q, boost))
                } else {
                    q
                }
            })
            .collect()
    }
}

/// Terms at consecutive positions (one term: a term query), the last one a
/// prefix with `prefix`. A prefix alone scores as a constant, as tantivy's
/// term-range queries do.
fn terms_query(mut terms: Vec<Term>, prefix: bool) -> Box<dyn Query> {
    if prefix {
        let mut q = PhrasePrefixQuery::new(terms);
        q.set_max_expansions(MAX_EXPANSIONS as u32);
        return Box::new(q);
    }
    if terms.len() == 1 {
        if let Some(term) = terms.pop() {
            return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
        }
    }
    Box::new(PhraseQuery::new(terms))
}

/// The analyses of the languages the index's articles are in, from the terms
/// of the `language` field (a handful per segment). English is among them
/// when no article records a language, and always in the plan.
pub(super) fn index_stemmings(searcher: &Searcher, f: &Fields) -> crate::Result<Vec<Stemming>> {
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(f.language)?;
        let mut terms = inverted
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        while terms.advance() {
            let code = String::from_utf8_lossy(terms.key());
            let s = Stemming::of_language(Some(&code));
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Required clauses: dates, authors, sources, languages, subject fields.
fn filters(req: &SearchRequest, f: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
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
    let mut name = name_analyzer();
    let mut groups: Vec<(Vec<&String>, Field)> = vec![
        (req.authors.iter().collect(), f.author),
        (req.sources.iter().collect(), f.source),
    ];
    for m in MetaField::ALL {
        let values: Vec<&String> = req
            .meta
            .iter()
            .filter(|(field, _)| *field == m)
            .map(|(_, v)| v)
            .collect();
        if !values.is_empty() {
            groups.push((values, f.meta(m)));
        }
    }
    for (names, field) in groups {
        let alts: Vec<(Occur, Box<dyn Query>)> = names
            .into_iter()
            .filter_map(|n| {
                let toks = analyze(&mut name, n);
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
    // The language field holds the code as given: `fr`, `zh`.
    let langs: Vec<(Occur, Box<dyn Query>)> = req
        .languages
        .iter()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(f.language, &l),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    if !langs.is_empty() {
        out.push((Occur::Must, Box::new(BooleanQuery::new(langs))));
    }
    out
}
