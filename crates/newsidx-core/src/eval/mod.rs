//! Ranking-quality evaluation: test-collection readers, trec_eval-compatible
//! metrics and TREC run files.
//!
//! This module owns the formats of IR test collections (topics, relevance
//! judgments, run files) and the arithmetic of the metrics. It does not search:
//! the caller turns each topic into a ranked list of document ids (with
//! [`Index::search`](crate::Index::search) or from another engine's run file) and
//! hands the lists to [`evaluate`].
//!
//! The metrics follow trec_eval (and so pytrec_eval and ir-measures):
//!
//! | metric | trec_eval name | per topic |
//! |---|---|---|
//! | MAP | `map` | mean of the precision at each relevant document retrieved, over all relevant documents |
//! | nDCG@10 | `ndcg_cut_10` | DCG of the top 10 (gain = judgment value, discount log2(rank+1)) over the ideal DCG |
//! | P@10 | `P_10` | relevant documents in the top 10, over 10 |
//! | R@100 | `recall_100` | relevant documents in the top 100, over all relevant documents |
//! | MRR | `recip_rank` | 1 / rank of the first relevant document |
//!
//! A judgment of 1 or more is relevant. Like trec_eval, a run is ordered by score
//! (descending), ties broken by document id (descending), whatever its rank
//! column says: write strictly decreasing scores ([`write_run`] does) to have a
//! ranking evaluated as it was produced. Means are taken over every judged topic
//! with at least one relevant document; a topic the run does not answer scores
//! 0 (trec_eval's `-c`).
//!
//! ```
//! use newsidx_core::eval::{evaluate_topic, Judgments};
//!
//! let judged: Judgments = [("d1".to_string(), 1), ("d3".to_string(), 1)].into();
//! let m = evaluate_topic(&["d1", "d2", "d3"], &judged);
//! // Relevant at ranks 1 and 3: AP = (1/1 + 2/3) / 2.
//! assert!((m.ap - 5.0 / 6.0).abs() < 1e-12);
//! assert_eq!(m.rr, 1.0);
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use crate::article::{Article, ParagraphKind};
use crate::error::{Error, Result};

/// The judgments of one topic: document id to judgment value.
pub type Judgments = HashMap<String, i32>;

/// The on-disk layout of topics and judgments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Guess from the contents.
    #[default]
    Auto,
    /// TREC: `<top>` topics (or `qid<TAB>text` lines) and `qid 0 docid rel` qrels.
    Trec,
    /// SMART: `*FIND n` or `.I n`/`.W` topics, and `qid doc doc ...` judgment
    /// lines (or CACM/CISI-style `qid doc 0 0` lines).
    Smart,
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "trec" => Ok(Format::Trec),
            "smart" => Ok(Format::Smart),
            _ => Err(Error::InvalidArgument(format!(
                "unknown collection format {s:?} (use auto, trec or smart)"
            ))),
        }
    }
}

/// One topic (query) of a test collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// The topic id, as the judgments cite it.
    pub id: String,
    /// The query text, whitespace collapsed.
    pub text: String,
}

fn bad(path: &Path, line: Option<u64>, reason: impl Into<String>) -> Error {
    Error::BadFile {
        path: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a topics file (see [`parse_topics`]).
pub fn read_topics(path: &Path, format: Format) -> Result<Vec<Topic>> {
    parse_topics(path, &read_text(path)?, format)
}

/// Parses topics. `path` only names the file in errors.
///
/// - TREC: `<top>` blocks, whose `<num>` (`Number:` stripped) and `<title>` are
///   the id and the query; or, without `<top>`, one `qid<TAB>text` per line.
/// - SMART: `*FIND <n>` headers followed by the text (TIME, NPL), ending at
///   `*STOP`; or `.I <n>` headers with the text in `.T` and `.W` fields (CACM,
///   CISI, MED, CRAN).
pub fn parse_topics(path: &Path, text: &str, format: Format) -> Result<Vec<Topic>> {
    let head = text.trim_start();
    let format = match format {
        Format::Auto if head.starts_with("*FIND") || head.starts_with(".I") => Format::Smart,
        Format::Auto => Format::Trec,
        f => f,
    };
    let topics = match format {
        Format::Smart if head.starts_with(".I") => parse_dot_fields(text, &['T', 'W'])
            .into_iter()
            .map(|(id, _, parts)| Topic {
                id,
                text: collapse(&parts.join(" ")),
            })
            .collect(),
        Format::Smart => parse_find(text),
        _ if text.contains("<top>") => parse_trec_topics(text),
        _ => parse_tsv_topics(path, text)?,
    };
    if topics.is_empty() {
        return Err(bad(path, None, "no topics found"));
    }
    let mut seen = HashSet::new();
    for t in &topics {
        if !seen.insert(&t.id) {
            return Err(bad(path, None, format!("topic {} appears twice", t.id)));
        }
    }
    Ok(topics)
}

fn parse_find(text: &str) -> Vec<Topic> {
    let mut out: Vec<Topic> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("*FIND") {
            out.push(Topic {
                id: rest.trim().to_string(),
                text: String::new(),
            });
        } else if t == "*STOP" {
            break;
        } else if let Some(topic) = out.last_mut() {
            if !t.is_empty() {
                if !topic.text.is_empty() {
                    topic.text.push(' ');
                }
                topic.text.push_str(&collapse(t));
            }
        }
    }
    out
}

/// `.I <id>` blocks; returns (id, 1-based line, the text of the wanted fields).
fn parse_dot_fields(text: &str, wanted: &[char]) -> Vec<(String, u64, Vec<String>)> {
    let mut out: Vec<(String, u64, Vec<String>)> = Vec::new();
    let mut field: Option<char> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(".I") {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                out.push((rest.trim().to_string(), i as u64 + 1, Vec::new()));
                field = None;
                continue;
            }
        }
        let mut chars = line.chars();
        if let (Some('.'), Some(c), None) = (chars.next(), chars.next(), chars.next()) {
            if c.is_ascii_uppercase() {
                field = Some(c);
                if let Some(doc) = out.last_mut() {
                    if wanted.contains(&c) {
                        doc.2.push(String::new());
                    }
                }
                continue;
            }
        }
        if let (Some(f), Some(doc)) = (field, out.last_mut()) {
            if wanted.contains(&f) {
                if let Some(part) = doc.2.last_mut() {
                    part.push_str(line);
                    part.push('\n');
                }
            }
        }
    }
    out
}

fn parse_trec_topics(text: &str) -> Vec<Topic> {
    let mut out = Vec::new();
    for block in text.split("<top>").skip(1) {
        let block = block.split("</top>").next().unwrap_or(block);
        let field = |tag: &str| -> Option<String> {
            let start = block.find(tag)? + tag.len();
            let rest = &block[start..];
            let end = rest.find("\n<").map_or(rest.len(), |e| e + 1);
            let value = rest[..end].split('<').next().unwrap_or("");
            Some(collapse(value))
        };
        let id = field("<num>").map(|n| {
            n.trim_start_matches("Number:")
                .trim_start_matches("number:")
                .trim()
                .to_string()
        });
        let title = field("<title>").map(|t| t.trim_start_matches("Topic:").trim().to_string());
        if let (Some(id), Some(text)) = (id, title) {
            out.push(Topic { id, text });
        }
    }
    out
}

fn parse_tsv_topics(path: &Path, text: &str) -> Result<Vec<Topic>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, q)) = line
            .split_once('\t')
            .or_else(|| line.trim().split_once(' '))
        else {
            return Err(bad(
                path,
                Some(i as u64 + 1),
                "expected `<top>` topics or `qid<TAB>text` lines",
            ));
        };
        out.push(Topic {
            id: id.trim().to_string(),
            text: collapse(q),
        });
    }
    Ok(out)
}

/// Writes topics as `qid<TAB>text` lines, the form peer scripts read.
pub fn write_topics(w: &mut dyn Write, topics: &[Topic]) -> std::io::Result<()> {
    for t in topics {
        writeln!(w, "{}\t{}", t.id, t.text)?;
    }
    Ok(())
}

/// How judgment ids map to the collection's document ids.
///
/// The classic collections cite documents by their ordinal position, and some
/// lost documents after judging: TIME's judgments count 425 documents where
/// TIME.ALL holds 423 (see `shared/corpora/time/README.md`). newsidx gives
/// a SMART document its 1-based position in the file as `external_id`, so judgment
/// ids are translated when the judgments are read, and runs stay in the
/// collection's own ids.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IdMap {
    /// Judgment ids are document ids.
    #[default]
    Identity,
    /// Ordinal positions with `missing` documents lost right after position
    /// `after`: ids up to `after` are kept, ids `after+1 ..= after+missing` cite
    /// lost documents (dropped), later ids shift down by `missing`.
    Gap {
        /// The last position before the gap.
        after: u64,
        /// How many documents were lost there.
        missing: u64,
    },
}

impl IdMap {
    /// TIME: two documents lost after position 370 (judgment ids 371 and 372,
    /// which no judgment cites; ids 378–425 are positions 376–423).
    pub const TIME: IdMap = IdMap::Gap {
        after: 370,
        missing: 2,
    };

    /// The document id a judgment id stands for, or `None` for a lost document.
    pub fn map(&self, judged: &str) -> Option<String> {
        match *self {
            IdMap::Identity => Some(judged.to_string()),
            IdMap::Gap { after, missing } => match judged.trim().parse::<u64>() {
                Ok(n) if n <= after => Some(n.to_string()),
                Ok(n) if n <= after + missing => None,
                Ok(n) => Some((n - missing).to_string()),
                Err(_) => Some(judged.to_string()),
            },
        }
    }
}

impl FromStr for IdMap {
    type Err = Error;

    /// `none`, `time`, or `gap:AFTER:MISSING`.
    fn from_str(s: &str) -> Result<IdMap> {
        let lower = s.to_ascii_lowercase();
        let invalid = || {
            Error::InvalidArgument(format!(
                "unknown id map {s:?} (use none, time or gap:AFTER:MISSING, e.g. gap:370:2)"
            ))
        };
        match lower.as_str() {
            "none" | "identity" => Ok(IdMap::Identity),
            "time" => Ok(IdMap::TIME),
            _ => {
                let rest = lower.strip_prefix("gap:").ok_or_else(invalid)?;
                let (a, m) = rest.split_once(':').ok_or_else(invalid)?;
                Ok(IdMap::Gap {
                    after: a.parse().map_err(|_| invalid())?,
                    missing: m.parse().map_err(|_| invalid())?,
                })
            }
        }
    }
}

impl fmt::Display for IdMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            IdMap::Identity => write!(f, "none"),
            IdMap::TIME => write!(f, "time"),
            IdMap::Gap { after, missing } => write!(f, "gap:{after}:{missing}"),
        }
    }
}

/// Relevance judgments: topic id to its judgments, in document ids of the
/// collection (after the [`IdMap`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Qrels {
    /// Topic id to judgments.
    pub topics: BTreeMap<String, Judgments>,
    /// Judgments dropped because they cite a lost document.
    pub unmapped: usize,
}

impl Qrels {
    /// The topics with at least one relevant document: the ones averaged over.
    pub fn judged_topics(&self) -> impl Iterator<Item = (&String, &Judgments)> {
        self.topics
            .iter()
            .filter(|(_, j)| j.values().any(|&r| r > 0))
    }

    /// Writes the judgments in TREC form (`qid 0 docid rel`), sorted, for
    /// trec_eval and pytrec_eval.
    pub fn write_trec(&self, w: &mut dyn Write) -> std::io::Result<()> {
        for (qid, judged) in &self.topics {
            let mut docs: Vec<(&String, &i32)> = judged.iter().collect();
            docs.sort_by(|a, b| natural_cmp(a.0, b.0));
            for (doc, rel) in docs {
                writeln!(w, "{qid} 0 {doc} {rel}")?;
            }
        }
        Ok(())
    }
}

/// Numbers by value, everything else as text.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Reads a judgments file (see [`parse_qrels`]).
pub fn read_qrels(path: &Path, format: Format, map: IdMap) -> Result<Qrels> {
    parse_qrels(path, &read_text(path)?, format, map)
}

/// Parses judgments, translating judgment ids with `map`.
///
/// - TREC: `qid iteration docid rel` lines.
/// - SMART: `qid doc doc ...` lines, every listed document relevant (TIME); a
///   line `qid doc 0 0` (CACM, CISI) is one relevant document.
///
/// `Auto` reads TREC when every line has four fields and the second is `0` or
/// `Q0`, SMART otherwise.
pub fn parse_qrels(path: &Path, text: &str, format: Format, map: IdMap) -> Result<Qrels> {
    let lines: Vec<(u64, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let format = match format {
        Format::Auto => {
            let trec = !lines.is_empty()
                && lines
                    .iter()
                    .all(|(_, f)| f.len() == 4 && (f[1] == "0" || f[1].eq_ignore_ascii_case("q0")));
            if trec {
                Format::Trec
            } else {
                Format::Smart
            }
        }
        f => f,
    };
    let mut qrels = Qrels::default();
    let add = |qrels: &mut Qrels, qid: &str, doc: &str, rel: i32| match map.map(doc) {
        Some(doc) => {
            qrels
                .topics
                .entry(qid.to_string())
                .or_default()
                .insert(doc, rel);
        }
        None => qrels.unmapped += 1,
    };
    for (line, f) in &lines {
        match format {
            Format::Trec => {
                if f.len() != 4 {
                    return Err(bad(
                        path,
                        Some(*line),
                        format!("expected `qid 0 docid rel`, found {} fields", f.len()),
                    ));
                }
                let rel: i32 = f[3].parse::<f64>().map(|r| r.round() as i32).map_err(|_| {
                    bad(
                        path,
                        Some(*line),
                        format!("judgment {:?} is not a number", f[3]),
                    )
                })?;
                add(&mut qrels, f[0], f[2], rel);
            }
            _ => {
                let zeros = f.len() == 4 && f[2..].iter().all(|x| x.parse::<f64>() == Ok(0.0));
                if zeros {
                    add(&mut qrels, f[0], f[1], 1);
                } else {
                    if f.len() < 2 {
                        // A topic without relevant documents.
                        qrels.topics.entry(f[0].to_string()).or_default();
                    }
                    for doc in &f[1..] {
                        add(&mut qrels, f[0], doc, 1);
                    }
                }
            }
        }
    }
    if qrels.topics.is_empty() {
        return Err(bad(path, None, "no relevance judgments found"));
    }
    Ok(qrels)
}

/// A run: for each topic, documents with scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    /// Topic id to (document id, score) pairs, in file order.
    pub topics: BTreeMap<String, Vec<(String, f64)>>,
    /// The tag of the first line, if any.
    pub tag: Option<String>,
}

impl Run {
    /// Each topic's documents in trec_eval order: score descending, ties by
    /// document id descending; a repeated document keeps its first entry.
    pub fn ranked(&self) -> BTreeMap<&str, Vec<&str>> {
        self.topics
            .iter()
            .map(|(qid, docs)| {
                let mut seen = HashSet::new();
                let mut docs: Vec<&(String, f64)> =
                    docs.iter().filter(|d| seen.insert(&d.0)).collect();
                docs.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
                (
                    qid.as_str(),
                    docs.into_iter().map(|d| d.0.as_str()).collect(),
                )
            })
            .collect()
    }
}

/// Reads a TREC run file (see [`parse_run`]).
pub fn read_run(path: &Path) -> Result<Run> {
    parse_run(path, &read_text(path)?)
}

/// Parses a TREC run: `qid Q0 docid rank score tag` lines.
pub fn parse_run(path: &Path, text: &str) -> Result<Run> {
    let mut run = Run::default();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() {
            continue;
        }
        if f.len() != 6 {
            return Err(bad(
                path,
                Some(i as u64 + 1),
                format!(
                    "expected `qid Q0 docid rank score tag`, found {} fields",
                    f.len()
                ),
            ));
        }
        let score: f64 = f[4].parse().map_err(|_| {
            bad(
                path,
                Some(i as u64 + 1),
                format!("score {:?} is not a number", f[4]),
            )
        })?;
        if run.tag.is_none() {
            run.tag = Some(f[5].to_string());
        }
        run.topics
            .entry(f[0].to_string())
            .or_default()
            .push((f[2].to_string(), score));
    }
    Ok(run)
}

/// Writes one topic's ranking as TREC run lines, best first.
///
/// The score column is made strictly decreasing (each score at most the previous
/// one minus 1e-4) so that evaluators, which order by score, see the ranking as
/// given: newsidx ranks articles holding every term of a short query above
/// partial matches whatever their scores, and tied scores would otherwise be
/// reordered by document id.
pub fn write_run(
    w: &mut dyn Write,
    qid: &str,
    ranking: &[(String, f64)],
    tag: &str,
) -> std::io::Result<()> {
    let mut prev = f64::INFINITY;
    for (i, (doc, score)) in ranking.iter().enumerate() {
        let s = if *score < prev - 1e-4 {
            *score
        } else {
            prev - 1e-4
        };
        prev = s;
        writeln!(w, "{qid} Q0 {doc} {} {s:.6} {tag}", i + 1)?;
    }
    Ok(())
}

/// The metrics of one topic, or their means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Average precision (MAP when averaged).
    pub ap: f64,
    /// nDCG over the top 10.
    pub ndcg10: f64,
    /// Precision over the top 10.
    pub p10: f64,
    /// Recall over the top 100.
    pub recall100: f64,
    /// Reciprocal rank of the first relevant document (MRR when averaged).
    pub rr: f64,
}

impl Metrics {
    /// Metric names, in the order of [`Metrics::values`].
    pub const NAMES: [&'static str; 5] = ["MAP", "nDCG@10", "P@10", "R@100", "MRR"];

    /// The values, in the order of [`Metrics::NAMES`].
    pub fn values(&self) -> [f64; 5] {
        [self.ap, self.ndcg10, self.p10, self.recall100, self.rr]
    }
}

/// The metrics of one ranked list against one topic's judgments.
pub fn evaluate_topic<S: AsRef<str>>(ranked: &[S], judged: &Judgments) -> Metrics {
    let num_rel = judged.values().filter(|&&r| r > 0).count();
    if num_rel == 0 {
        return Metrics::default();
    }
    let mut m = Metrics::default();
    let mut found = 0usize;
    let mut dcg = 0.0;
    for (i, doc) in ranked.iter().enumerate() {
        let rank = i + 1;
        let rel = judged.get(doc.as_ref()).copied().unwrap_or(0);
        if rank <= 10 && rel > 0 {
            dcg += f64::from(rel) / (rank as f64 + 1.0).log2();
        }
        if rel > 0 {
            found += 1;
            m.ap += found as f64 / rank as f64;
            if m.rr == 0.0 {
                m.rr = 1.0 / rank as f64;
            }
            if rank <= 10 {
                m.p10 += 1.0;
            }
            if rank <= 100 {
                m.recall100 += 1.0;
            }
        }
    }
    m.ap /= num_rel as f64;
    m.p10 /= 10.0;
    m.recall100 /= num_rel as f64;
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&r| r > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &r)| f64::from(r) / (i as f64 + 2.0).log2())
        .sum();
    m.ndcg10 = if idcg > 0.0 { dcg / idcg } else { 0.0 };
    m
}

/// The evaluation of one run over a collection's judgments.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evaluation {
    /// The means over [`Evaluation::per_topic`].
    pub mean: Metrics,
    /// Each judged topic with a relevant document, in topic order.
    pub per_topic: Vec<(String, Metrics)>,
    /// Judged topics the run has no documents for (they score 0).
    pub missing: Vec<String>,
}

/// Evaluates ranked lists (topic id to document ids, best first) against
/// judgments. Topics the judgments do not know are ignored.
pub fn evaluate<S: AsRef<str>>(ranked: &BTreeMap<&str, Vec<S>>, qrels: &Qrels) -> Evaluation {
    let mut eval = Evaluation::default();
    let mut topics: Vec<(&String, &Judgments)> = qrels.judged_topics().collect();
    topics.sort_by(|a, b| natural_cmp(a.0, b.0));
    let empty: Vec<S> = Vec::new();
    for (qid, judged) in topics {
        let docs = match ranked.get(qid.as_str()) {
            Some(d) if !d.is_empty() => d,
            _ => {
                eval.missing.push(qid.clone());
                &empty
            }
        };
        eval.per_topic
            .push((qid.clone(), evaluate_topic(docs, judged)));
    }
    let n = eval.per_topic.len().max(1) as f64;
    for (_, m) in &eval.per_topic {
        eval.mean.ap += m.ap / n;
        eval.mean.ndcg10 += m.ndcg10 / n;
        eval.mean.p10 += m.p10 / n;
        eval.mean.recall100 += m.recall100 / n;
        eval.mean.rr += m.rr / n;
    }
    eval
}

/// Reads documents in the SMART `.I`/`.T`/`.W` layout of CACM, CISI, MED and
/// CRAN: `.I <n>` starts a document, `.T` holds its title and `.W` its text;
/// other fields (`.A`, `.B`, `.X`, ...) are ignored. The `.I` number becomes
/// `external_id`. Returns `None` when the text does not start with `.I`.
///
/// (TIME's `*TEXT` layout is read by the ingest module, as `newsidx index` does.)
pub fn parse_dot_i_docs(path: &Path, text: &str) -> Option<Vec<Article>> {
    if !text.trim_start().starts_with(".I") {
        return None;
    }
    let titles = parse_dot_fields(text, &['T']);
    let bodies = parse_dot_fields(text, &['W']);
    Some(
        titles
            .into_iter()
            .zip(bodies)
            .map(|((id, _, t), (_, _, w))| {
                let title = collapse(&t.join(" "));
                let mut a = Article {
                    id: format!("smart:{}:{id}", path.display()),
                    external_id: Some(id),
                    path: path.to_path_buf(),
                    title_derived: title.is_empty(),
                    title,
                    ..Article::default()
                };
                let body = collapse(&w.join(" "));
                if a.title.is_empty() {
                    a.title = body.chars().take(80).collect();
                }
                if !body.is_empty() {
                    a.push_paragraph(ParagraphKind::Body, body);
                }
                a
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests;
