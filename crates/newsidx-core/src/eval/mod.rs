//! Ranking-quality evaluation: test-collection readers, trec_eval-compatible
//! metrics and TREC run files.
//!
//! This module owns the formats of IR test collections' topics, relevance
//! judgments and run files (`topics.rs`, `qrels.rs`, `run.rs`), the arithmetic
//! of the metrics (`metrics.rs`), and loading a collection's documents into a fresh
//! in-memory index ([`index_documents`]). It reads no document format itself:
//! documents go through [`ingest`](crate::ingest), the one reader and format
//! sniffer that `newsidx index` uses too (the SMART layouts in `ingest::smart`,
//! TREC in `ingest::sgml::trec`). It does not search: the caller turns each
//! topic into a ranked list of document ids (with
//! [`Index::search`](crate::Index::search) or from another engine's run file)
//! and hands the lists to [`evaluate`].
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

mod documents;
mod metrics;
mod qrels;
mod run;
mod topics;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};

pub use documents::index_documents;
pub use metrics::{evaluate, evaluate_topic, Evaluation, Metrics};
pub use qrels::{parse_qrels, read_qrels, IdMap, Qrels};
pub use run::{parse_run, read_run, write_run, Run};
pub use topics::{parse_topics, read_topics, write_topics, Topic};

/// The judgments of one topic: document id to judgment value.
pub type Judgments = HashMap<String, i32>;

/// The on-disk layout of topics and judgments (documents are sniffed by
/// [`ingest`](crate::ingest), whatever this says).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// Guess from the contents.
    #[default]
    Auto,
    /// TREC: `<top>` topics (or `qid<TAB>text` lines) and `qid 0 docid rel` qrels.
    Trec,
    /// SMART: `*FIND n` or `.I n`/`.W` topics, and `qid doc doc ...` judgment
    /// lines (or CACM/CISI-style `qid doc 0 0` lines).
    Smart,
}

impl FromStr for Layout {
    type Err = Error;

    fn from_str(s: &str) -> Result<Layout> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Layout::Auto),
            "trec" => Ok(Layout::Trec),
            "smart" => Ok(Layout::Smart),
            _ => Err(Error::InvalidArgument(format!(
                "unknown collection format {s:?} (use auto, trec or smart)"
            ))),
        }
    }
}

pub(crate) fn bad(path: &Path, line: Option<u64>, reason: impl Into<String>) -> Error {
    Error::BadFile {
        path: path.to_path_buf(),
        line,
        reason: reason.into(),
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numbers by value, everything else as text.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests;
