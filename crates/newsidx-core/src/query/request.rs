//! What a search asks for and what it returns: [`SearchRequest`] with its
//! [`Sort`] and [`Ranking`], and [`SearchResults`] made of [`Hit`]s and their
//! [`HitPassage`]s.
//!
//! This module owns the request's own consistency (a page of at least one hit,
//! a date range that can match) and the reading of filter dates. It must not
//! parse the query text or touch the index: [`Index::search`](crate::Index::search)
//! does that with these types.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ArticleMeta;
use crate::article::{MetaField, ParagraphKind, Precision, Published};
use crate::error::{BadRequest, Error, Result};
use crate::snippet::Span;

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
    /// Queries of two up to this many terms rank first the articles whose body
    /// holds every term (a title match does not count there); longer queries
    /// rank by how many and which terms match.
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

impl Ranking {
    /// The names [`Ranking::set`] and [`Ranking::get`] take: every numeric
    /// ranking parameter, by the name `newsidx eval --set` and `--grid` use.
    /// `stop_words` reads 0 as off and anything else as on.
    pub const PARAMS: &'static [&'static str] = &[
        "title_boost",
        "paragraph_weight",
        "strict_max_terms",
        "candidates",
        "stop_words",
    ];

    /// Sets the parameter `name` (one of [`Ranking::PARAMS`]) to `value`.
    ///
    /// ```
    /// use newsidx_core::Ranking;
    ///
    /// let mut r = Ranking::default();
    /// r.set("title_boost", 1.5).unwrap();
    /// assert_eq!(r.get("title_boost"), Some(1.5));
    /// assert_eq!(
    ///     r.set("title_bost", 1.0).unwrap_err().to_string(),
    ///     "unknown ranking parameter \"title_bost\" (known: title_boost, \
    ///      paragraph_weight, strict_max_terms, candidates, stop_words)"
    /// );
    /// ```
    pub fn set(&mut self, name: &str, value: f64) -> Result<()> {
        let bad = |why: &str| {
            Error::InvalidArgument(format!("ranking parameter {name} = {value}: {why}"))
        };
        if !value.is_finite() {
            return Err(bad("not a finite number"));
        }
        let count = || -> Result<usize> {
            if value < 0.0 || value.fract() != 0.0 || value > 1e9 {
                return Err(bad("expected a whole number of at least 0"));
            }
            Ok(value as usize)
        };
        let weight = || -> Result<f32> {
            if !(0.0..=1e6).contains(&value) {
                return Err(bad("expected a weight from 0 to 1000000"));
            }
            Ok(value as f32)
        };
        match name {
            "title_boost" => self.title_boost = weight()?,
            "paragraph_weight" => self.paragraph_weight = weight()?,
            "strict_max_terms" => self.strict_max_terms = count()?,
            "candidates" => {
                let n = count()?;
                if n == 0 {
                    return Err(bad("expected at least 1"));
                }
                self.candidates = n;
            }
            "stop_words" => self.stop_words = value != 0.0,
            _ => {
                return Err(Error::InvalidArgument(format!(
                    "unknown ranking parameter {name:?} (known: {})",
                    Ranking::PARAMS.join(", ")
                )))
            }
        }
        Ok(())
    }

    /// The value of the parameter `name`, or `None` for a name not in
    /// [`Ranking::PARAMS`].
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "title_boost" => f64::from(self.title_boost),
            "paragraph_weight" => f64::from(self.paragraph_weight),
            "strict_max_terms" => self.strict_max_terms as f64,
            "candidates" => self.candidates as f64,
            "stop_words" => f64::from(u8::from(self.stop_words)),
            _ => return None,
        })
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
    /// Only articles in one of these languages (ISO 639-1 codes as the index
    /// records them: `en`, `fr`, `zh`...; case and spaces are ignored).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Only articles with one of the values given for each field named here
    /// (`(Place, "japan")`, `(Person, "yeutter")`): the values of one field are
    /// alternatives, different fields must all match.
    pub meta: Vec<(MetaField, String)>,
    /// Compute passages and highlights (off for ranking-only use).
    pub passages: bool,
    /// Fold near-duplicates under the best of them.
    pub fold_similar: bool,
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
            languages: Vec::new(),
            meta: Vec::new(),
            passages: true,
            fold_similar: true,
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

    /// Only articles published on or before `date` (the last day of the
    /// period a partial date such as `2019-06` names).
    pub fn until(mut self, date: &str) -> Result<SearchRequest> {
        self.until = Some(parse_last_day(date)?);
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

    /// Adds a language filter (an ISO 639-1 code such as `fr`).
    pub fn language(mut self, code: impl Into<String>) -> SearchRequest {
        self.languages.push(code.into());
        self
    }

    /// Adds a filter on a subject field: only articles whose `field` holds
    /// `value` (its words in order, case and accents ignored), or another
    /// value given for the same field.
    ///
    /// ```
    /// use newsidx_core::{MetaField, SearchRequest};
    ///
    /// let req = SearchRequest::new("oil")
    ///     .with(MetaField::Place, "saudi-arabia")
    ///     .with(MetaField::Place, "kuwait")
    ///     .with(MetaField::Topic, "crude");
    /// assert_eq!(req.meta.len(), 3);
    /// ```
    pub fn with(mut self, field: MetaField, value: impl Into<String>) -> SearchRequest {
        self.meta.push((field, value.into()));
        self
    }

    /// Checks that the request can match at all: a page of at least one hit and
    /// a date range that is not empty.
    pub(crate) fn validate(&self) -> Result<()> {
        if self.limit == 0 {
            return Err(BadRequest::ZeroLimit.into());
        }
        if let (Some(a), Some(b)) = (self.since, self.until) {
            if a > b {
                return Err(BadRequest::SinceAfterUntil { since: a, until: b }.into());
            }
        }
        Ok(())
    }
}

/// Parses a filter date; `2019`, `2019-06` are read as their first day (what
/// `--since` means by them).
///
/// ```
/// use newsidx_core::query::{parse_day, parse_last_day};
///
/// assert_eq!(parse_day("2019-06").unwrap().to_string(), "2019-06-01");
/// assert_eq!(parse_last_day("2019-06").unwrap().to_string(), "2019-06-30");
/// assert_eq!(parse_last_day("2020").unwrap().to_string(), "2020-12-31");
/// assert_eq!(parse_last_day("2019-06-15").unwrap().to_string(), "2019-06-15");
/// ```
pub fn parse_day(s: &str) -> Result<NaiveDate> {
    parse_period(s).map(|p| p.date)
}

/// Parses a filter date as the last day of the period it names: `2019-06` is
/// 30 June 2019, what `--until` means by it.
pub fn parse_last_day(s: &str) -> Result<NaiveDate> {
    parse_period(s).map(|p| p.last_day())
}

fn parse_period(s: &str) -> Result<Published> {
    let t = s.trim();
    let padded = match t.len() {
        4 if t.chars().all(|c| c.is_ascii_digit()) => format!("{t}-01-01"),
        7 if t.as_bytes()[4] == b'-' => format!("{t}-01"),
        _ => t.to_string(),
    };
    let precision = match t.len() {
        4 if t.chars().all(|c| c.is_ascii_digit()) => Some(Precision::Year),
        7 if t.as_bytes()[4] == b'-' => Some(Precision::Month),
        _ => None,
    };
    let p = Published::parse(&padded)
        .ok_or_else(|| Error::InvalidArgument(format!("not a date: {s:?} (use YYYY-MM-DD)")))?;
    Ok(match precision {
        Some(precision) => Published::period(p.date, precision),
        None => p,
    })
}

/// The results of a search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as given.
    pub query: String,
    /// The exact number of articles matching the query and filters, before
    /// folding and paging.
    pub total: u64,
    /// The articles folded under this page's hits (listed in their
    /// [`Hit::similar`]).
    pub folded: u64,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(req: &SearchRequest) -> BadRequest {
        match req.validate() {
            Err(Error::BadRequest(b)) => b,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn a_request_must_be_able_to_match() {
        assert!(SearchRequest::new("huawei").validate().is_ok());
        assert_eq!(
            bad(&SearchRequest::new("huawei").limit(0)),
            BadRequest::ZeroLimit
        );
        // `until("2019-06")` is 30 June: 1 July is after it.
        let req = SearchRequest::new("huawei")
            .since("2019-07-01")
            .and_then(|r| r.until("2019-06"))
            .unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2019, m, d).unwrap();
        assert_eq!(
            bad(&req),
            BadRequest::SinceAfterUntil {
                since: day(7, 1),
                until: day(6, 30)
            }
        );
        assert_eq!(
            Error::from(bad(&req)).to_string(),
            "SearchRequest::since 2019-07-01 is after SearchRequest::until 2019-06-30: \
             no article can match"
        );
        let june = SearchRequest::new("huawei")
            .since("2019-06-30")
            .and_then(|r| r.until("2019-06"))
            .unwrap();
        assert!(june.validate().is_ok());
        // One day is a range.
        let day = SearchRequest::new("huawei")
            .since("2019-06-30")
            .and_then(|r| r.until("2019-06-30"))
            .unwrap();
        assert!(day.validate().is_ok());
    }

    #[test]
    fn every_ranking_parameter_can_be_set_and_read_back() {
        for name in Ranking::PARAMS {
            let mut r = Ranking::default();
            r.set(name, 1.0).unwrap();
            assert_eq!(r.get(name), Some(1.0), "{name}");
        }
        let mut r = Ranking::default();
        let msg = |e: Error| e.to_string();
        assert_eq!(
            msg(r.set("candidates", 0.0).unwrap_err()),
            "ranking parameter candidates = 0: expected at least 1"
        );
        assert_eq!(
            msg(r.set("strict_max_terms", 2.5).unwrap_err()),
            "ranking parameter strict_max_terms = 2.5: expected a whole number of at least 0"
        );
        assert_eq!(
            msg(r.set("title_boost", f64::NAN).unwrap_err()),
            "ranking parameter title_boost = NaN: not a finite number"
        );
        assert_eq!(r, Ranking::default());
    }

    #[test]
    fn filter_days() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_day("2019").unwrap(), d(2019, 1, 1));
        assert_eq!(parse_day(" 2019-06 ").unwrap(), d(2019, 6, 1));
        assert_eq!(parse_day("2019-06-30").unwrap(), d(2019, 6, 30));
        match parse_day("someday") {
            Err(Error::InvalidArgument(msg)) => {
                assert_eq!(msg, "not a date: \"someday\" (use YYYY-MM-DD)")
            }
            other => panic!("expected an invalid argument, got {other:?}"),
        }
    }

    #[test]
    fn the_builder_sets_every_field() {
        let req = SearchRequest::new("tariffs")
            .limit(5)
            .offset(10)
            .sort(Sort::Oldest)
            .author("Lingling Wei")
            .source("WSJ")
            .language("fr");
        assert_eq!((req.limit, req.offset, req.sort), (5, 10, Sort::Oldest));
        assert_eq!(
            (req.authors, req.sources),
            (vec!["Lingling Wei".to_string()], vec!["WSJ".to_string()])
        );
        assert_eq!(req.languages, ["fr"]);
        assert!(req.passages && req.fold_similar);
    }
}
