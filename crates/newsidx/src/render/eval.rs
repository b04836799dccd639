//! The tables and JSON of `newsidx eval`: each run's mean metrics, and each
//! topic's when asked. It only formats [`Evaluation`]s; searching and scoring
//! are the command's and the library's.

use std::io::{self, Write};

use newsidx_core::eval::{Evaluation, Metrics};

/// One row of the table: a run (newsidx's, or another engine's run file) and
/// its scores.
pub struct ScoredRun {
    /// The run's name: its tag, or its file's stem.
    pub name: String,
    /// Its scores against the judgments.
    pub eval: Evaluation,
}

/// The runs as aligned text: with `per_topic`, a table per run first; then one
/// row of means per run, and a line counting topics and naming those a run
/// left unanswered.
pub fn write_table(out: &mut dyn Write, rows: &[ScoredRun], per_topic: bool) -> io::Result<()> {
    let width = rows
        .iter()
        .map(|r| r.name.len())
        .chain([6])
        .max()
        .unwrap_or(6);
    let header = |out: &mut dyn Write, first: &str| -> io::Result<()> {
        write!(out, "{first:<width$}")?;
        for n in Metrics::NAMES {
            write!(out, "  {n:>7}")?;
        }
        writeln!(out)
    };
    if per_topic {
        for r in rows {
            writeln!(out, "# {}", r.name)?;
            header(out, "topic")?;
            for (qid, m) in &r.eval.per_topic {
                write!(out, "{qid:<width$}")?;
                for v in m.values() {
                    write!(out, "  {v:>7.4}")?;
                }
                writeln!(out)?;
            }
            writeln!(out)?;
        }
    }
    header(out, "run")?;
    for r in rows {
        write!(out, "{:<width$}", r.name)?;
        for v in r.eval.mean.values() {
            write!(out, "  {v:>7.4}")?;
        }
        writeln!(out)?;
    }
    if let Some(r) = rows.first() {
        write!(out, "({} topics", r.eval.per_topic.len())?;
        for r in rows.iter().filter(|r| !r.eval.missing.is_empty()) {
            write!(
                out,
                "; {} unanswered by {}: {}",
                r.eval.missing.len(),
                r.name,
                r.eval.missing.join(" ")
            )?;
        }
        writeln!(out, ")")?;
    }
    Ok(())
}

/// The runs as one pretty-printed JSON document: `{"runs": [{"run", "topics",
/// "mean", "missing", "per_topic"?}]}`, metrics keyed by their names.
pub fn write_json(out: &mut dyn Write, rows: &[ScoredRun], per_topic: bool) -> io::Result<()> {
    let metrics = |m: &Metrics| {
        serde_json::Value::Object(
            Metrics::NAMES
                .iter()
                .zip(m.values())
                .map(|(n, v)| (n.to_string(), serde_json::json!(v)))
                .collect(),
        )
    };
    let runs: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut o = serde_json::json!({
                "run": r.name,
                "topics": r.eval.per_topic.len(),
                "mean": metrics(&r.eval.mean),
                "missing": r.eval.missing,
            });
            if per_topic {
                o["per_topic"] = serde_json::Value::Object(
                    r.eval
                        .per_topic
                        .iter()
                        .map(|(q, m)| (q.clone(), metrics(m)))
                        .collect(),
                );
            }
            o
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "runs": runs }))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::printed;

    fn metrics(ap: f64, rr: f64) -> Metrics {
        Metrics {
            ap,
            ndcg10: ap * 0.9,
            p10: 0.1,
            recall100: 1.0,
            rr,
        }
    }

    /// newsidx answers both topics; a peer with a long name misses topic 10.
    fn rows() -> Vec<ScoredRun> {
        let ours = Evaluation {
            mean: metrics(0.75, 0.75),
            per_topic: vec![
                ("2".into(), metrics(1.0, 1.0)),
                ("10".into(), metrics(0.5, 0.5)),
            ],
            missing: Vec::new(),
        };
        let peer = Evaluation {
            mean: metrics(0.25, 0.5),
            per_topic: vec![
                ("2".into(), metrics(0.5, 1.0)),
                ("10".into(), Metrics::default()),
            ],
            missing: vec!["10".into()],
        };
        vec![
            ScoredRun {
                name: "newsidx".into(),
                eval: ours,
            },
            ScoredRun {
                name: "lucene-bm25-long".into(),
                eval: peer,
            },
        ]
    }

    #[test]
    fn table_of_means() {
        insta::assert_snapshot!(printed(|out| write_table(out, &rows(), false)), @r"
        run                   MAP  nDCG@10     P@10    R@100      MRR
        newsidx            0.7500   0.6750   0.1000   1.0000   0.7500
        lucene-bm25-long   0.2500   0.2250   0.1000   1.0000   0.5000
        (2 topics; 1 unanswered by lucene-bm25-long: 10)
        ");
    }

    /// A table per run, then the same table of means as without `per_topic`.
    #[test]
    fn table_per_topic() {
        let means = printed(|out| write_table(out, &rows(), false));
        let all = printed(|out| write_table(out, &rows(), true));
        let per_topic = all.strip_suffix(&means).expect("the means come last");
        insta::assert_snapshot!(per_topic, @r"
        # newsidx
        topic                 MAP  nDCG@10     P@10    R@100      MRR
        2                  1.0000   0.9000   0.1000   1.0000   1.0000
        10                 0.5000   0.4500   0.1000   1.0000   0.5000

        # lucene-bm25-long
        topic                 MAP  nDCG@10     P@10    R@100      MRR
        2                  0.5000   0.4500   0.1000   1.0000   1.0000
        10                 0.0000   0.0000   0.0000   0.0000   0.0000
        ");
    }

    #[test]
    fn no_runs_no_table_rows() {
        insta::assert_snapshot!(printed(|out| write_table(out, &[], false)), @"run         MAP  nDCG@10     P@10    R@100      MRR");
    }

    /// Pinned as written, and parsed back: the metric names are the keys.
    #[test]
    fn json() {
        let out = printed(|out| write_json(out, &rows(), true));
        let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
        assert_eq!(v["runs"][1]["run"], "lucene-bm25-long");
        assert_eq!(v["runs"][1]["missing"], serde_json::json!(["10"]));
        assert_eq!(v["runs"][0]["per_topic"]["10"]["MAP"], 0.5);
        insta::assert_snapshot!(out);
    }
}
