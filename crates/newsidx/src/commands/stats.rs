//! `newsidx stats`

use std::io::Write;

use newsidx_core::Index;

use super::{index_path, CmdError};
use crate::cli::{GlobalArgs, StatsArgs};
use crate::render;
use crate::Outcome;

pub fn run(global: &GlobalArgs, args: &StatsArgs) -> Result<Outcome, CmdError> {
    let path = index_path(global);
    let index = Index::open(&path)?;
    let stats = index.stats()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        render::summary::write_stats(&mut out, &stats, &path)?;
    }
    Ok(Outcome::Done)
}
