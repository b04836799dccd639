//! `newsidx bench --queries FILE`

use std::io::Write;

use newsidx_core::Index;

use super::CmdError;
use crate::config::BenchConfig;
use crate::render;
use crate::Outcome;

pub fn run(config: &BenchConfig) -> Result<Outcome, CmdError> {
    let index = Index::open(&config.index)?;
    let text = newsidx_core::bench::read_queries(&config.queries)?;
    let queries: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let report = newsidx_core::bench::run(&index, &queries, &config.options)?;
    let mut out = std::io::stdout().lock();
    if config.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        return Ok(Outcome::Done);
    }
    render::bench::write_bench_report(&mut out, &report, config.options.rounds)?;
    Ok(Outcome::Done)
}
