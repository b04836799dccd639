//! `newsidx bench --queries FILE`

use std::io::Write;

use newsidx_core::bench::BenchOptions;
use newsidx_core::Index;

use super::{index_path, CmdError};
use crate::cli::{BenchArgs, GlobalArgs};
use crate::render;
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
        return Ok(Outcome::Done);
    }
    render::bench::write_bench_report(&mut out, &report, opts.rounds)?;
    Ok(Outcome::Done)
}
