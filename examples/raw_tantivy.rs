//! # Plain tantivy on the same text: the yardstick for newsidx's overhead
//!
//! Indexes JSON-lines articles (the shape `newsidx parse` prints and
//! `gen_corpus` writes) with tantivy alone: one document per article, `title`
//! and `body` with tantivy's `en_stem` analyzer, no paragraph documents, no
//! metadata, no near-duplicate sketches. Then it times the queries of a query
//! file, top-10 by BM25, fetching each hit's id, with and without tantivy's
//! own `SnippetGenerator`. It prints one JSON object, which
//! `benches/peers/compare.py` reads.
//!
//! ```text
//! cargo run --release --example raw_tantivy -- --index /tmp/raw.idx \
//!     --queries benches/queries/reuters.txt /tmp/reuters-jsonl
//! ```
//!
//! What the figures include: indexing time is reading the files, parsing the
//! JSON, tokenizing and writing segments, up to the final commit (merges that
//! tantivy runs in the background are waited for). Query time is parsing the
//! query, searching, and reading the stored id (and the stored body, for
//! snippets).

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;
use serde::Deserialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, TantivyDocument};

/// Index JSON-lines articles with plain tantivy and time queries on them.
#[derive(Parser, Debug)]
struct Args {
    /// `.jsonl` files, or folders of them.
    #[arg(required = true)]
    docs: Vec<PathBuf>,
    /// Index folder (emptied first).
    #[arg(long)]
    index: PathBuf,
    /// Query file: one query a line, `#` comments.
    #[arg(long)]
    queries: Option<PathBuf>,
    /// Indexer memory budget in MB, shared by the threads (as `newsidx index --memory`).
    #[arg(long, default_value_t = 256)]
    memory: usize,
    /// Indexing threads [default: cores, at most 4, as newsidx].
    #[arg(long)]
    threads: Option<usize>,
    /// Hits per query.
    #[arg(short, default_value_t = 10)]
    k: usize,
    /// Warm-up passes over the queries.
    #[arg(long, default_value_t = 2)]
    warmup: usize,
    /// Measured passes over the queries.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// Reuse the index in `--index` instead of building it.
    #[arg(long)]
    no_build: bool,
}

/// The part of an article this program reads.
#[derive(Deserialize)]
struct Article {
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    title_derived: bool,
    #[serde(default)]
    paragraphs: Vec<Paragraph>,
}

#[derive(Deserialize)]
struct Paragraph {
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();

    // # Schema: title and body stemmed, body stored for snippets (newsidx stores
    // its paragraph text too, so both pay for a document store).
    let mut schema_b = Schema::builder();
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let id = schema_b.add_text_field("id", STRING | STORED);
    let title = schema_b.add_text_field("title", stemmed.clone().set_stored());
    let body = schema_b.add_text_field("body", stemmed.set_stored());
    let schema = schema_b.build();

    // # Index
    let files = jsonl_files(&args.docs)?;
    let mut report = serde_json::Map::new();
    report.insert("engine".into(), "tantivy".into());
    let index = if args.no_build {
        Index::open_in_dir(&args.index)?
    } else {
        if args.index.exists() {
            std::fs::remove_dir_all(&args.index)?;
        }
        std::fs::create_dir_all(&args.index)?;
        let index = Index::create_in_dir(&args.index, schema.clone())?;
        let threads = args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)));
        let start = Instant::now();
        let mut writer =
            index.writer_with_num_threads::<TantivyDocument>(threads, args.memory * 1024 * 1024)?;
        let (mut articles, mut bytes) = (0u64, 0u64);
        for f in &files {
            bytes += std::fs::metadata(f)?.len();
            let reader = std::io::BufReader::new(std::fs::File::open(f)?);
            for line in reader.lines() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let a: Article = serde_json::from_str(&line)?;
                let mut text = String::new();
                for p in &a.paragraphs {
                    text.push_str(&p.text);
                    text.push('\n');
                }
                let t = if a.title_derived { "" } else { &a.title };
                let key = a.external_id.unwrap_or(a.id);
                writer.add_document(doc!(id => key, title => t, body => text))?;
                articles += 1;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let secs = start.elapsed().as_secs_f64();
        report.insert("articles".into(), articles.into());
        report.insert("input_bytes".into(), bytes.into());
        report.insert("build_s".into(), secs.into());
        report.insert("articles_per_s".into(), (articles as f64 / secs).into());
        report.insert("mb_per_s".into(), (bytes as f64 / 1e6 / secs).into());
        report.insert("threads".into(), threads.into());
        report.insert("memory_mb".into(), args.memory.into());
        index
    };
    report.insert("index_bytes".into(), dir_size(&args.index).into());

    // # Queries
    if let Some(qpath) = &args.queries {
        let queries: Vec<String> = std::fs::read_to_string(qpath)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let parser = QueryParser::for_index(&index, vec![title, body]);
        let mut modes = serde_json::Map::new();
        // `count`: ranking plus an exact count of all matches, as newsidx
        // reports a total; the difference to `ranking` is what the count costs.
        for (name, snippets, count) in [
            ("ranking", false, false),
            ("count", false, true),
            ("snippets", true, false),
        ] {
            let run = |q: &str| -> tantivy::Result<usize> {
                // Lenient: a query tantivy's grammar rejects still runs, as in newsidx.
                let (query, _) = parser.parse_query_lenient(q);
                let top_k = TopDocs::with_limit(args.k).order_by_score();
                let (top, total) = if count {
                    searcher.search(&query, &(top_k, Count))?
                } else {
                    (searcher.search(&query, &top_k)?, 0)
                };
                let gen = if snippets {
                    Some(SnippetGenerator::create(&searcher, &*query, body)?)
                } else {
                    None
                };
                let mut n = total;
                for (_, addr) in top {
                    let d: TantivyDocument = searcher.doc(addr)?;
                    n += d.get_first(id).and_then(|v| v.as_str()).map_or(0, str::len);
                    if let Some(g) = &gen {
                        n += g.snippet_from_doc(&d).fragment().len();
                    }
                }
                Ok(n)
            };
            for _ in 0..args.warmup {
                for q in &queries {
                    run(q)?;
                }
            }
            let mut times = Vec::new();
            for _ in 0..args.rounds.max(1) {
                for q in &queries {
                    let t = Instant::now();
                    std::hint::black_box(run(q)?);
                    times.push(t.elapsed());
                }
            }
            modes.insert(name.into(), percentiles(&mut times));
        }
        report.insert("queries".into(), queries.len().into());
        report.insert("latency".into(), modes.into());
    }
    println!("{}", serde_json::Value::Object(report));
    Ok(())
}

/// p50 and p95 (nearest rank) in microseconds, as `newsidx bench` computes them.
fn percentiles(times: &mut [Duration]) -> serde_json::Value {
    times.sort_unstable();
    let pct = |p: f64| {
        let rank = ((p / 100.0) * times.len() as f64).ceil() as usize;
        times[rank.clamp(1, times.len()) - 1].as_secs_f64() * 1e6
    };
    serde_json::json!({"p50_us": pct(50.0), "p95_us": pct(95.0), "searches": times.len()})
}

fn jsonl_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
                .collect();
            v.sort();
            out.extend(v);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |rd| {
        rd.filter_map(|e| e.ok())
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    })
}
