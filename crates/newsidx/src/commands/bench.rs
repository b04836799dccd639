//! `newsidx bench --queries FILE`

use std::io::Write;

use newsidx_core::bench::{BenchOptions, Latency};
use newsidx_core::Index;

use super::{index_path, CmdError};
use crate::cli::{BenchArgs, GlobalArgs};
use crate::Outcome;

pub fn run(global: &GlobalArgs, args: &BenchArgs) -> Result<Outcome, CmdError> {
    let index = Index::open(index_path(global))?;
    let text = std::fs::read_to_string(&args.queries).map_err(|e| newsidx_core::Error::Io {
        path: args.queries.clone(),
        source: e,
    })?;
    let queries: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let opts = BenchOptions {
        warmup_rounds: args.warmup,
        rounds: args.rounds.max(1),
        threads: args.threads.max(1),
        limit: 10,
    };
    let report = newsidx_core::bench::run(&index, &queries, &opts)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }
    writeln!(
        out,
        "corpus: {} articles, {} paragraphs, index {:.1} MB; {} queries × {} rounds",
        report.articles,
        report.paragraphs,
        report.index_bytes as f64 / 1e6,
        report.queries,
        opts.rounds
    )?;
    for q in &report.failed_queries {
        writeln!(out, "left out (bad query): {q}")?;
    }
    writeln!(
        out,
        "{:<28} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "mode", "p50 µs", "p95 µs", "p99 µs", "max µs", "q/s"
    )?;
    let row = |out: &mut dyn Write, name: &str, l: &Latency| {
        writeln!(
            out,
            "{:<28} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>9.0}",
            name, l.p50_us, l.p95_us, l.p99_us, l.max_us, l.qps
        )
    };
    row(&mut out, "ranking only (top-10 ids)", &report.ranking)?;
    row(&mut out, "full (passages, highlights)", &report.full)?;
    if report.threads > 1 {
        writeln!(
            out,
            "throughput with {} threads, one reader: {:.0} q/s",
            report.threads, report.concurrent_qps
        )?;
    }
    Ok(Outcome::Success)
}
