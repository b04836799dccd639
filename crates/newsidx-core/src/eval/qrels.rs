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
                Ok(n) if n <= after.saturating_add(missing) => None,
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
/// `Auto` reads TREC when the first line has four fields and the second is `0`
/// or `Q0`, SMART otherwise; a later line that does not fit the layout is an
/// error naming the file, the line and what is wrong with it (it was once read
/// silently as SMART, every field a relevant document).
///
/// A TREC relevance must be a whole number (trec_eval reads an integer);
/// with a gap [`IdMap`], a document id must be a position (a number).
pub fn parse_qrels(path: &Path, text: &str, layout: Layout, map: IdMap) -> Result<Qrels> {
    let lines: Vec<(u64, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let layout = match layout {
        Layout::Auto => {
            let trec = lines.first().is_some_and(|(_, f)| {
                f.len() == 4 && (f[1] == "0" || f[1].eq_ignore_ascii_case("q0"))
            });
            if trec {
                Layout::Trec
            } else {
                Layout::Smart
            }
        }
        l => l,
    };
    let mut qrels = Qrels::default();
    let add = |qrels: &mut Qrels, line: u64, qid: &str, doc: &str, rel: i32| {
        if matches!(map, IdMap::Gap { .. }) && doc.parse::<u64>().is_err() {
            return Err(bad(
                path,
                Some(line),
                format!("document id {doc:?} is not a position, which --id-map {map} maps"),
            ));
        }
        match map.map(doc) {
            Some(doc) => {
                qrels
                    .topics
                    .entry(qid.to_string())
                    .or_default()
                    .insert(doc, rel);
            }
            None => qrels.unmapped += 1,
        }
        Ok(())
    };
    for &(line, ref f) in &lines {
        match layout {
            Layout::Trec => {
                if f.len() != 4 {
                    return Err(bad(
                        path,
                        Some(line),
                        format!("expected `qid 0 docid rel`, found {} fields", f.len()),
                    ));
                }
                let rel = relevance(f[3]).ok_or_else(|| {
                    bad(
                        path,
                        Some(line),
                        format!("judgment {:?} is not a whole number", f[3]),
                    )
                })?;
                add(&mut qrels, line, f[0], f[2], rel)?;
            }
            _ => {
                let zeros = f.len() == 4 && f[2..].iter().all(|x| x.parse::<f64>() == Ok(0.0));
                if zeros {
                    add(&mut qrels, line, f[0], f[1], 1)?;
                } else {
                    if f.len() < 2 {
                        // A topic without relevant documents.
                        qrels.topics.entry(f[0].to_string()).or_default();
                    }
                    for doc in &f[1..] {
                        add(&mut qrels, line, f[0], doc, 1)?;
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

/// A TREC relevance grade: a whole number (`1`, `-1`; `2.0` too, as some
/// files write it), never NaN, infinite, fractional or out of range.
fn relevance(field: &str) -> Option<i32> {
    if let Ok(r) = field.parse::<i32>() {
        return Some(r);
    }
    let r = field.parse::<f64>().ok()?;
    (r.fract() == 0.0 && r.abs() <= f64::from(i32::MAX)).then_some(r as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str, layout: Layout, map: IdMap) -> String {
        match parse_qrels(Path::new("q.rel"), text, layout, map) {
            Err(e) => e.to_string(),
            Ok(q) => panic!("accepted: {q:?}"),
        }
    }

    /// A TREC file with one line short of a field was read as SMART, every
    /// field of every line a relevant document; now the line is reported.
    #[test]
    fn a_malformed_judgment_line_is_reported_with_file_line_and_reason() {
        let text = "1 0 d1 1\n\n1 0 d2\n";
        let want = "q.rel:3: expected `qid 0 docid rel`, found 3 fields";
        assert_eq!(error(text, Layout::Auto, IdMap::Identity), want);
        assert_eq!(error(text, Layout::Trec, IdMap::Identity), want);
        for rel in ["x", "0.5", "1e999", "NaN", "inf", "99999999999"] {
            assert_eq!(
                error(
                    &format!("1 0 d1 1\n2 Q0 d2 {rel}\n"),
                    Layout::Auto,
                    IdMap::Identity
                ),
                format!("q.rel:2: judgment {rel:?} is not a whole number")
            );
        }
        assert_eq!(
            error("1 5 7\n2 9 x12\n", Layout::Auto, IdMap::TIME),
            "q.rel:2: document id \"x12\" is not a position, which --id-map time maps"
        );
    }

    /// `--id-map gap:18446744073709551615:1` overflowed `after + missing`.
    #[test]
    fn a_gap_at_the_end_of_the_id_range_does_not_overflow() {
        let map: IdMap = "gap:18446744073709551615:1".parse().expect("a gap map");
        assert_eq!(map.map("7").as_deref(), Some("7"));
        assert_eq!(
            map.map("18446744073709551615").as_deref(),
            Some("18446744073709551615")
        );
    }

    #[test]
    fn whole_number_grades_in_any_spelling_are_read() {
        let q = parse_qrels(
            Path::new("q.rel"),
            "1 0 d1 2\n1 0 d2 -1\n1 0 d3 1.0\n",
            Layout::Auto,
            IdMap::Identity,
        )
        .expect("valid judgments");
        let mut grades: Vec<(&str, i32)> = q.topics["1"]
            .iter()
            .map(|(d, r)| (d.as_str(), *r))
            .collect();
        grades.sort_unstable();
        assert_eq!(grades, [("d1", 2), ("d2", -1), ("d3", 1)]);
    }
}
