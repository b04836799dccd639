//! `newsidx eval`: ranking quality on a test collection.
//!
//! The glue between the library and the table: reads the judgments and topics
//! with [`newsidx_core::eval`], searches every topic through [`Index::search`]
//! (what `newsidx query` runs, without passages or folding), scores the
//! rankings and those of other engines' run files (`--runs`) with the same
//! evaluator, and hands the rows to [`render::eval`]. It parses no flags (the
//! [`EvalConfig`] comes from `config.rs`), formats no table, and reads documents
//! only through the library.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;

use newsidx_core::eval::{self, Qrels, Topic};
use newsidx_core::{Index, SearchRequest};

use super::CmdError;
use crate::config::EvalConfig;
use crate::render::{self, eval::ScoredRun};
use crate::Outcome;

/// `newsidx eval`
pub fn run(config: &EvalConfig) -> Result<Outcome, CmdError> {
    let quiet = config.quiet;
    let qrels = eval::read_qrels(&config.qrels, config.format, config.id_map)?;
    if qrels.unmapped > 0 && !quiet {
        eprintln!(
            "newsidx: {} judgments cite documents the id map marks as lost",
            qrels.unmapped
        );
    }
    if let Some(path) = &config.qrels_out {
        let mut w = create(path)?;
        qrels.write_trec(&mut w)?;
        w.flush()?;
    }
    if config.topics.is_none() && config.runs.is_empty() {
        return Err(invalid(
            "give --topics (to search) or --runs (to score run files)",
        ));
    }

    let mut rows = Vec::new();
    let mut errored = false;
    if let Some(topics_path) = &config.topics {
        let mut topics = eval::read_topics(topics_path, config.format)?;
        if let Some(path) = &config.topics_out {
            let mut w = create(path)?;
            eval::write_topics(&mut w, &topics)?;
            w.flush()?;
        }
        if let Some(path) = &config.stopwords {
            remove_stopwords(&mut topics, path)?;
        }
        let index = open_index(config)?;
        let (ranked, failed) = search_all(&index, &topics, config)?;
        errored |= failed;
        let as_ids: BTreeMap<&str, Vec<&str>> = ranked
            .iter()
            .map(|(q, docs)| (q.as_str(), docs.iter().map(|d| d.0.as_str()).collect()))
            .collect();
        check_ids(&as_ids, &qrels, &config.tag, quiet);
        rows.push(ScoredRun {
            name: config.tag.clone(),
            eval: eval::evaluate(&as_ids, &qrels),
        });
        if let Some(path) = &config.run_out {
            let mut w = create(path)?;
            for t in &topics {
                if let Some(docs) = ranked.get(&t.id) {
                    eval::write_run(&mut w, &t.id, docs, &config.tag)?;
                }
            }
            w.flush()?;
        }
    }
    for path in &config.runs {
        let run = eval::read_run(path)?;
        let name = run.tag.clone().unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        });
        let ranked = run.ranked();
        check_ids(&ranked, &qrels, &name, quiet);
        rows.push(ScoredRun {
            name,
            eval: eval::evaluate(&ranked, &qrels),
        });
    }

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if config.json {
        render::eval::write_json(&mut out, &rows, config.per_topic)?;
    } else {
        render::eval::write_table(&mut out, &rows, config.per_topic)?;
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

fn io_error(path: &Path, source: std::io::Error) -> CmdError {
    CmdError::Lib(newsidx_core::Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>, CmdError> {
    std::fs::File::create(path)
        .map(std::io::BufWriter::new)
        .map_err(|e| io_error(path, e))
}

fn remove_stopwords(topics: &mut [Topic], path: &Path) -> Result<(), CmdError> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
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

/// A fresh in-memory index of the config's documents (read by the library's
/// one ingest path, SMART `.I` collections included), or the index on disk.
fn open_index(config: &EvalConfig) -> Result<Index, CmdError> {
    if config.docs.is_empty() {
        return Ok(Index::open(&config.index)?);
    }
    let (index, report) = eval::index_documents(&config.docs)?;
    if !config.quiet {
        for s in &report.skipped {
            eprintln!("newsidx: skipped {s}");
        }
        eprintln!("newsidx: indexed {} documents in memory", report.articles);
    }
    Ok(index)
}

type Ranked = BTreeMap<String, Vec<(String, f64)>>;

/// Every topic through `Index::search`; a topic that fails is reported and
/// scores 0.
fn search_all(
    index: &Index,
    topics: &[Topic],
    config: &EvalConfig,
) -> Result<(Ranked, bool), CmdError> {
    let mut out = Ranked::new();
    let mut failed = false;
    for t in topics {
        let mut req = SearchRequest::new(t.text.clone()).limit(config.k.max(1));
        req.passages = false;
        req.fold_similar = false;
        req.ranking = config.ranking.clone();
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
                if !config.quiet {
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
        eprintln!("newsidx: no document that run {name:?} retrieved is judged; check --id-map");
    }
}
