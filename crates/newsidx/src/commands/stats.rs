//! `newsidx stats`

use std::io::Write;

use newsidx_core::Index;

use super::CmdError;
use crate::config::StatsConfig;
use crate::render;
use crate::Outcome;

pub fn run(config: &StatsConfig) -> Result<Outcome, CmdError> {
    let index = Index::open(&config.index)?;
    let stats = index.stats()?;
    let mut out = std::io::stdout().lock();
    if config.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        render::summary::write_stats(&mut out, &stats, &config.index)?;
    }
    Ok(Outcome::Done)
}
