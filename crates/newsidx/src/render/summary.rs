//! Summaries of `index` and `stats`.

use std::io::{self, Write};
use std::path::Path;

use newsidx_core::{IndexReport, IndexStats};

/// The end-of-run summary of `newsidx index`.
pub fn write_index_report(
    out: &mut dyn Write,
    r: &IndexReport,
    index: &Path,
    verbose: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "Indexed {} into {}",
        plural(r.files_indexed, "file"),
        index.display()
    )?;
    writeln!(
        out,
        "  files:      {} seen, {} new or changed, {} unchanged, {} removed, {} skipped",
        r.files_seen,
        r.files_indexed,
        r.files_unchanged,
        r.files_removed,
        r.files_skipped()
    )?;
    writeln!(
        out,
        "  written:    {}, {}",
        plural(r.articles, "article"),
        plural(r.paragraphs, "paragraph")
    )?;
    let secs = r.elapsed.as_secs_f64();
    writeln!(
        out,
        "  time:       {:.2} s, {:.1} MB/s, {} articles/s",
        secs,
        r.mb_per_sec(),
        rate(r.articles as f64 / secs.max(1e-9))
    )?;
    let items = r.skipped.len() - r.files_skipped();
    if !r.skipped.is_empty() {
        writeln!(
            out,
            "Skipped {} and {} inside files:",
            plural(r.files_skipped(), "file"),
            plural(items, "item")
        )?;
        let shown = if verbose { usize::MAX } else { 20 };
        for s in r.skipped.iter().take(shown) {
            writeln!(out, "  {s}")?;
        }
        if r.skipped.len() > shown {
            writeln!(
                out,
                "  … and {} more (use -v to list all)",
                r.skipped.len() - shown
            )?;
        }
    }
    Ok(())
}

/// `newsidx stats`.
pub fn write_stats(out: &mut dyn Write, s: &IndexStats, index: &Path) -> io::Result<()> {
    writeln!(out, "Index:      {}", index.display())?;
    writeln!(out, "Articles:   {}", s.articles)?;
    writeln!(out, "Paragraphs: {}", s.paragraphs)?;
    writeln!(out, "Files:      {}", s.files)?;
    match (&s.earliest, &s.latest) {
        (Some(a), Some(b)) => writeln!(out, "Dates:      {a} to {b} ({} undated)", s.undated)?,
        _ => writeln!(out, "Dates:      none ({} undated)", s.undated)?,
    }
    writeln!(
        out,
        "Size:       {:.1} MB in {}",
        s.size_bytes as f64 / 1e6,
        plural(s.segments, "segment")
    )?;
    if !s.top_sources.is_empty() {
        writeln!(out, "Top sources:")?;
        for src in &s.top_sources {
            writeln!(out, "  {:>8}  {}", src.articles, src.source)?;
        }
    }
    Ok(())
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A rate with the precision it deserves: `7941`, `12.5`, `0.21`.
fn rate(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}
