//! `newsidx eval`: ranking quality on a test collection.
//!
//! Searches every topic through [`Index::search`] (what `newsidx query` runs,
//! without passages or folding), scores the rankings with
//! [`newsidx_core::eval`], and prints MAP, nDCG@10, P@10, R@100 and MRR. Run
//! files of other engines given with `--runs` are scored by the same code, in the
//! same table.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use newsidx_core::eval::{self, Evaluation, Format, IdMap, Metrics, Qrels, Topic};
use newsidx_core::{Index, IndexOptions, Ranking, SearchRequest};

use super::{index_path, CmdError};
use crate::cli::GlobalArgs;
use crate::Outcome;

pub const AFTER_HELP: &str = "\
Topics are read as TREC (<top> blocks, or qid<TAB>text lines) or SMART (*FIND
blocks, .I/.W fields); judgments as TREC (qid 0 docid rel) or SMART (qid doc doc
...). Metrics follow trec_eval: a run is ordered by score, ties by docid
(descending); means are over every judged topic with a relevant document.

--id-map time translates TIME.REL's ordinal ids (1-370 as they are, 373-425
shifted down by 2: two documents were lost after position 370) to the
positions newsidx gives SMART documents.

Examples:
  T=../shared/corpora/time
  newsidx eval --docs $T/TIME.ALL --topics $T/TIME.QUE --qrels $T/TIME.REL --id-map time
  newsidx eval --docs $T/TIME.ALL --topics $T/TIME.QUE --qrels $T/TIME.REL --id-map time \\
      --run newsidx.run --per-topic
  newsidx eval --qrels $T/TIME.REL --id-map time --runs lucene.run xapian.run
  newsidx eval --docs $T/TIME.ALL --topics $T/TIME.QUE --qrels $T/TIME.REL --id-map time \\
      --title-boost 1 --paragraph-weight 0 --json";

/// `newsidx eval` arguments.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Relevance judgments.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// Topics (queries); needed unless only --runs are scored.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// Documents to index into a fresh in-memory index (files or folders, any
    /// format `newsidx index` reads, or SMART .I/.T/.W files). Without it,
    /// --index (or ./.newsidx) is searched.
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub docs: Vec<PathBuf>,
    /// Also score these TREC run files (other engines) with the same evaluator.
    #[arg(long, num_args = 1.., value_name = "RUN")]
    pub runs: Vec<PathBuf>,
    /// Layout of topics and judgments.
    #[arg(long, default_value = "auto", value_name = "auto|trec|smart")]
    pub format: String,
    /// How judgment ids map to document ids: none, time, or gap:AFTER:MISSING.
    #[arg(long, default_value = "none", value_name = "MAP")]
    pub id_map: String,
    /// Write newsidx's rankings as a TREC run file.
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// The run tag (last column of the run file, row name in the table).
    #[arg(long, default_value = "newsidx", value_name = "TAG")]
    pub tag: String,
    /// Write the translated judgments as TREC qrels (for trec_eval).
    #[arg(long, value_name = "FILE")]
    pub qrels_out: Option<PathBuf>,
    /// Write the topics as qid<TAB>text lines (what peer scripts read).
    #[arg(long, value_name = "FILE")]
    pub topics_out: Option<PathBuf>,
    /// Documents retrieved per topic.
    #[arg(long, short = 'k', default_value_t = 1000, value_name = "N")]
    pub k: usize,
    /// Also print the metrics of every topic.
    #[arg(long)]
    pub per_topic: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Drop these words (one a line, any case) from the topics before searching.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Ranking: weight of a title match relative to a body match.
    #[arg(long, value_name = "X")]
    pub title_boost: Option<f32>,
    /// Ranking: weight of the best paragraph's score (the article's is 1).
    #[arg(long, value_name = "X")]
    pub paragraph_weight: Option<f32>,
    /// Ranking: queries with at most N terms rank articles holding every term first.
    #[arg(long, value_name = "N")]
    pub strict_max_terms: Option<usize>,
    /// Ranking: candidate articles considered before the final ordering.
    #[arg(long, value_name = "N")]
    pub candidates: Option<usize>,
    /// Ranking: keep English stop words and possessives in queries (for ablation).
    #[arg(long)]
    pub no_stop_words: bool,
}

/// One row of the table.
struct Scored {
    name: String,
    eval: Evaluation,
}

pub fn run(global: &GlobalArgs, args: &EvalArgs) -> Result<Outcome, CmdError> {
    let format: Format = args.format.parse()?;
    let id_map: IdMap = args.id_map.parse()?;
    let qrels = eval::read_qrels(&args.qrels, format, id_map)?;
    if qrels.unmapped > 0 && !global.quiet {
        eprintln!(
            "newsidx: {} judgments cite documents the id map marks as lost",
            qrels.unmapped
        );
    }
    if let Some(path) = &args.qrels_out {
        let mut w = create(path)?;
        qrels.write_trec(&mut w)?;
        w.flush()?;
    }
    if args.topics.is_none() && args.runs.is_empty() {
        return Err(invalid(
            "give --topics (to search) or --runs (to score run files)",
        ));
    }

    let mut rows = Vec::new();
    let mut errored = false;
    if let Some(topics_path) = &args.topics {
        let mut topics = eval::read_topics(topics_path, format)?;
        if let Some(path) = &args.topics_out {
            let mut w = create(path)?;
            eval::write_topics(&mut w, &topics)?;
            w.flush()?;
        }
        if let Some(path) = &args.stopwords {
            remove_stopwords(&mut topics, path)?;
        }
        let index = open_index(global, args)?;
        let (ranked, failed) = search_all(&index, &topics, args, global.quiet)?;
        errored |= failed;
        let as_ids: BTreeMap<&str, Vec<&str>> = ranked
            .iter()
            .map(|(q, docs)| (q.as_str(), docs.iter().map(|d| d.0.as_str()).collect()))
            .collect();
        check_ids(&as_ids, &qrels, &args.tag, global.quiet);
        rows.push(Scored {
            name: args.tag.clone(),
            eval: eval::evaluate(&as_ids, &qrels),
        });
        if let Some(path) = &args.run {
            let mut w = create(path)?;
            for t in &topics {
                if let Some(docs) = ranked.get(&t.id) {
                    eval::write_run(&mut w, &t.id, docs, &args.tag)?;
                }
            }
            w.flush()?;
        }
    }
    for path in &args.runs {
        let run = eval::read_run(path)?;
        let name = run.tag.clone().unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        });
        let ranked = run.ranked();
        check_ids(&ranked, &qrels, &name, global.quiet);
        rows.push(Scored {
            name,
            eval: eval::evaluate(&ranked, &qrels),
        });
    }

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        write_json(&mut out, &rows, args.per_topic)?;
    } else {
        write_table(&mut out, &rows, args.per_topic)?;
    }
    out.flush()?;
    Ok(if errored {
        Outcome::SomeSkipped
    } else {
        Outcome::Done
    })
}

fn invalid(msg: &str) -> CmdError {
    CmdError::Lib(newsidx_core::Error::InvalidArgument(msg.into()))
}

fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>, CmdError> {
    std::fs::File::create(path)
        .map(std::io::BufWriter::new)
        .map_err(|e| {
            CmdError::Lib(newsidx_core::Error::Io {
                path: path.to_path_buf(),
                source: e,
            })
        })
}

fn remove_stopwords(topics: &mut [Topic], path: &Path) -> Result<(), CmdError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CmdError::Lib(newsidx_core::Error::Io {
            path: path.to_path_buf(),
            source: e,
        })
    })?;
    let stop: HashSet<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    for t in topics {
        t.text = t
            .text
            .split_whitespace()
            .filter(|w| {
                let bare: String = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                !stop.contains(&bare)
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    Ok(())
}

/// A fresh in-memory index of --docs, or the index on disk.
fn open_index(global: &GlobalArgs, args: &EvalArgs) -> Result<Index, CmdError> {
    if args.docs.is_empty() {
        return Ok(Index::open(index_path(global))?);
    }
    let index = Index::create_in_ram()?;
    let mut plain = Vec::new();
    let mut writer = index.writer()?;
    let mut added = 0usize;
    for path in &args.docs {
        let head = if path.is_file() {
            let mut buf = [0u8; 64];
            let n = std::fs::File::open(path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut buf))
                .unwrap_or(0);
            String::from_utf8_lossy(&buf[..n]).into_owned()
        } else {
            String::new()
        };
        if head.trim_start().starts_with(".I") {
            let text = std::fs::read(path).map_err(|e| {
                CmdError::Lib(newsidx_core::Error::Io {
                    path: path.clone(),
                    source: e,
                })
            })?;
            let text = String::from_utf8_lossy(&text);
            for a in eval::parse_dot_i_docs(path, &text).unwrap_or_default() {
                writer.add_article(&a)?;
                added += 1;
            }
        } else {
            plain.push(path.clone());
        }
    }
    writer.commit()?;
    drop(writer);
    if !plain.is_empty() {
        let report = index.index_paths(&plain, &IndexOptions::default(), &mut |_| {})?;
        added += report.articles;
        if !global.quiet {
            for s in &report.skipped {
                eprintln!("newsidx: skipped {s}");
            }
        }
    }
    index.reload()?;
    if !global.quiet {
        eprintln!("newsidx: indexed {added} documents in memory");
    }
    Ok(index)
}

type Ranked = BTreeMap<String, Vec<(String, f64)>>;

/// Every topic through `Index::search`; a topic that fails is reported and
/// scores 0.
fn search_all(
    index: &Index,
    topics: &[Topic],
    args: &EvalArgs,
    quiet: bool,
) -> Result<(Ranked, bool), CmdError> {
    let mut ranking = Ranking::default();
    if let Some(x) = args.title_boost {
        ranking.title_boost = x;
    }
    if let Some(x) = args.paragraph_weight {
        ranking.paragraph_weight = x;
    }
    if let Some(x) = args.strict_max_terms {
        ranking.strict_max_terms = x;
    }
    if let Some(x) = args.candidates {
        ranking.candidates = x;
    }
    if args.no_stop_words {
        ranking.stop_words = false;
    }
    let mut out = Ranked::new();
    let mut failed = false;
    for t in topics {
        let mut req = SearchRequest::new(t.text.clone()).limit(args.k.max(1));
        req.passages = false;
        req.fold_similar = false;
        req.ranking = ranking.clone();
        match index.search(&req) {
            Ok(results) => {
                let docs = results
                    .hits
                    .into_iter()
                    .map(|h| {
                        let id = h.article.external_id.unwrap_or(h.article.id);
                        (id, f64::from(h.score))
                    })
                    .collect();
                out.insert(t.id.clone(), docs);
            }
            Err(e) => {
                failed = true;
                if !quiet {
                    eprintln!("newsidx: topic {}: {e}", t.id);
                }
            }
        }
    }
    Ok((out, failed))
}

/// Warns when a run shares no document id with the judgments: the usual sign of
/// a missing or wrong --id-map.
fn check_ids<S: AsRef<str>>(
    ranked: &BTreeMap<&str, Vec<S>>,
    qrels: &Qrels,
    name: &str,
    quiet: bool,
) {
    if quiet {
        return;
    }
    let judged: HashSet<&str> = qrels
        .topics
        .values()
        .flat_map(|j| j.keys().map(String::as_str))
        .collect();
    let any = ranked
        .values()
        .flatten()
        .any(|d| judged.contains(d.as_ref()));
    if !any {
        eprintln!("newsidx: {name}: no retrieved document is judged; check --id-map");
    }
}

fn write_table(out: &mut dyn Write, rows: &[Scored], per_topic: bool) -> std::io::Result<()> {
    let width = rows
        .iter()
        .map(|r| r.name.len())
        .chain([6])
        .max()
        .unwrap_or(6);
    let header = |out: &mut dyn Write, first: &str| -> std::io::Result<()> {
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

fn write_json(out: &mut dyn Write, rows: &[Scored], per_topic: bool) -> std::io::Result<()> {
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
