//! `newsidx parse FILE...`

use std::io::Write;

use super::CmdError;
use crate::config::ParseConfig;
use crate::render::escape;
use crate::Outcome;

pub fn run(config: &ParseConfig) -> Result<Outcome, CmdError> {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for file in &config.files {
        match newsidx_core::ingest::read_file(file) {
            Ok(parsed) => {
                for a in &parsed.articles {
                    serde_json::to_writer(&mut out, a)?;
                    writeln!(out)?;
                }
                for p in &parsed.problems {
                    let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
                    eprintln!(
                        "newsidx: skipped {}{line}: {}",
                        escape::path(file),
                        escape::control(&p.reason)
                    );
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("newsidx: skipped {}", escape::control(&e.to_string()));
            }
        }
    }
    Ok(if failed {
        Outcome::SomeSkipped
    } else {
        Outcome::Done
    })
}
