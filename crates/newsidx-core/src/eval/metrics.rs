//! The metrics, as trec_eval computes them: MAP, nDCG@10, P@10, R@100, MRR.
//!
//! This module owns the arithmetic: one ranked list against one topic's
//! judgments, and the means over a collection's judged topics. It must not read
//! files.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{natural_cmp, Judgments, Qrels};

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
