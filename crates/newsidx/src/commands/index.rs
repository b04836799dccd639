//! `newsidx index PATH...`

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use newsidx_core::{Index, IndexOptions, Progress};

use super::{index_path, CmdError};
use crate::cli::{ColorChoice, GlobalArgs, IndexArgs};
use crate::render;
use crate::Outcome;

pub fn run(global: &GlobalArgs, args: &IndexArgs) -> Result<Outcome, CmdError> {
    let path = index_path(global);
    let index = Index::open_or_create(&path).or_else(|e| match e {
        // --rebuild also rescues an index of an older format.
        newsidx_core::Error::IncompatibleIndex { .. } if args.rebuild => {
            Index::remove(&path)?;
            Index::open_or_create(&path)
        }
        e => Err(e),
    })?;
    let defaults = IndexOptions::default();
    let options = IndexOptions {
        walk: newsidx_core::ingest::WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
        },
        rebuild: args.rebuild,
        memory_budget: args.memory.max(16) * 1024 * 1024,
        threads: args.threads.unwrap_or(defaults.threads).max(1),
        max_file_size: args.max_file_size.saturating_mul(1024 * 1024),
        commit_interval: std::time::Duration::from_secs(args.commit_interval),
        ..defaults
    };

    let show_bar = !global.quiet
        && global.color != ColorChoice::Never
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut reporter = Reporter::new(show_bar, global.quiet, global.verbose);
    let report = index.index_paths(&args.paths, &options, &mut |p| reporter.event(p))?;
    reporter.finish();

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else if !global.quiet {
        render::summary::write_index_report(&mut out, &report, &path, global.verbose > 0)?;
    }
    Ok(if report.skipped.is_empty() {
        Outcome::Done
    } else {
        Outcome::SomeSkipped
    })
}

/// Shows progress: a bar on a terminal, a line every few seconds otherwise, and
/// each skipped file as a warning on stderr.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
    verbose: u8,
    done: u64,
    total: u64,
    last_line: Instant,
}

impl Reporter {
    fn new(show_bar: bool, quiet: bool, verbose: u8) -> Reporter {
        let bar = show_bar.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Reporter {
            bar,
            quiet,
            verbose,
            done: 0,
            total: 0,
            last_line: Instant::now(),
        }
    }

    fn event(&mut self, p: Progress<'_>) {
        match p {
            Progress::Walked { files, unchanged } => {
                self.total = (files - unchanged) as u64;
                if let Some(bar) = &self.bar {
                    bar.set_length(self.total);
                }
            }
            Progress::Indexed { path, articles, .. } => {
                self.done += 1;
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                }
                if self.verbose >= 2 {
                    self.line(&format!("indexed {} ({articles} articles)", path.display()));
                } else if self.bar.is_none()
                    && !self.quiet
                    && self.last_line.elapsed() >= Duration::from_secs(5)
                {
                    self.last_line = Instant::now();
                    self.line(&format!("indexed {}/{} files", self.done, self.total));
                }
            }
            Progress::Skipped(s) => {
                if s.whole_file {
                    self.done += 1;
                    if let Some(bar) = &self.bar {
                        bar.inc(1);
                    }
                }
                // Whole files always; items inside files only with -v (there can be
                // thousands, and the summary counts them).
                if s.whole_file || self.verbose >= 1 {
                    self.line(&format!("skipped {s}"));
                }
            }
            Progress::Committing => {
                if let Some(bar) = &self.bar {
                    bar.set_message("committing");
                }
            }
            _ => {}
        }
    }

    fn line(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("newsidx: {msg}")),
            None => eprintln!("newsidx: {msg}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
