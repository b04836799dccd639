//! `newsidx index PATH...`

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use newsidx_core::{Index, Progress};

use super::CmdError;
use crate::config::IndexConfig;
use crate::render;
use crate::Outcome;

pub fn run(config: &IndexConfig) -> Result<Outcome, CmdError> {
    let path = &config.index;
    let index = Index::open_or_create(path).or_else(|e| match e {
        // --rebuild also rescues an index of an older format.
        newsidx_core::Error::IncompatibleIndex { .. } if config.options.rebuild => {
            Index::remove(path)?;
            Index::open_or_create(path)
        }
        e => Err(e),
    })?;

    // SIGINT or SIGTERM asks the run to stop: it commits what it finished and
    // says what it kept. A second one ends the process at once (exit 130).
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Without a handler the signal ends the run as before, losing only
        // what was not committed yet: not a reason to refuse to index.
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop));
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    let mut options = config.options.clone();
    options.stop = Some(stop);

    let mut reporter = Reporter::new(config.progress_bar, config.quiet, config.verbose);
    let report = index.index_paths(&config.paths, &options, &mut |p| reporter.event(p))?;
    reporter.finish();
    if report.interrupted {
        reporter.line(&render::summary::interrupted_note(&report, options.rebuild));
    }

    let mut out = std::io::stdout().lock();
    if config.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else if !config.quiet {
        render::summary::write_index_report(&mut out, &report, path, config.verbose > 0)?;
    }
    // A file skipped for not being an article is the run doing its job, not
    // a failure to read it; an interrupted run did not finish its job.
    Ok(
        if report.skipped.len() == report.files_not_articles && !report.interrupted {
            Outcome::Done
        } else {
            Outcome::SomeSkipped
        },
    )
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
        // Messages name files, whose names may hold any control character.
        let msg = render::escape::control(msg);
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
