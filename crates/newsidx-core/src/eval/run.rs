//! TREC run files: what an engine retrieved for each topic, with scores.
//!
//! This module owns reading run files (ordered as trec_eval orders them) and
//! writing them so that the order survives. It must not score.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;

use super::{bad, read_text};
use crate::error::Result;

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
