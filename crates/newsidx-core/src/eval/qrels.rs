//! Relevance judgments, and the map from judgment ids to document ids.
//!
//! This module owns reading judgments in the TREC and SMART layouts, the id
//! maps that the classic collections need (TIME lost two documents after
//! judging), and writing judgments back as TREC qrels. It must not score.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use super::{bad, natural_cmp, read_text, Judgments, Layout};
use crate::error::{Error, Result};

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

/// Reads a judgments file (see [`parse_qrels`]).
pub fn read_qrels(path: &Path, layout: Layout, map: IdMap) -> Result<Qrels> {
    parse_qrels(path, &read_text(path)?, layout, map)
}

/// Parses judgments, translating judgment ids with `map`.
///
/// - TREC: `qid iteration docid rel` lines.
/// - SMART: `qid doc doc ...` lines, every listed document relevant (TIME); a
///   line `qid doc 0 0` (CACM, CISI) is one relevant document.
///
/// `Auto` reads TREC when every line has four fields and the second is `0` or
/// `Q0`, SMART otherwise.
pub fn parse_qrels(path: &Path, text: &str, layout: Layout, map: IdMap) -> Result<Qrels> {
    let lines: Vec<(u64, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let layout = match layout {
        Layout::Auto => {
            let trec = !lines.is_empty()
                && lines
                    .iter()
                    .all(|(_, f)| f.len() == 4 && (f[1] == "0" || f[1].eq_ignore_ascii_case("q0")));
            if trec {
                Layout::Trec
            } else {
                Layout::Smart
            }
        }
        l => l,
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
        match layout {
            Layout::Trec => {
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
