//! `newsidx query QUERY`

use std::time::Instant;

use newsidx_core::Index;

use super::CmdError;
use crate::config::QueryConfig;
use crate::render::hits::{write_hits, Style};
use crate::Outcome;

pub fn run(config: &QueryConfig) -> Result<Outcome, CmdError> {
    let index = Index::open(&config.index)?;
    let started = Instant::now();
    let results = index.search(&config.request)?;
    let mut rendered = Vec::new();
    write_hits(&mut rendered, &results, config.style, started.elapsed())?;
    crate::render::pager::show(&rendered, config.page)?;
    if results.hits.is_empty() && !config.quiet && config.style != Style::Json {
        eprintln!("newsidx: no articles match {:?}", config.request.query);
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Done
    })
}
