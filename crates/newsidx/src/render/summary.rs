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
        super::escape::path(index)
    )?;
    write!(
        out,
        "  files:      {} seen, {} new or changed, {} unchanged, {} removed, {} skipped",
        r.files_seen,
        r.files_indexed,
        r.files_unchanged,
        r.files_removed,
        r.files_skipped()
    )?;
    if r.files_not_articles > 0 {
        write!(
            out,
            " ({} not articles: --all-files keeps them)",
            r.files_not_articles
        )?;
    }
    writeln!(out)?;
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
            writeln!(out, "  {}", super::escape::control(&s.to_string()))?;
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

/// The line an interrupted `newsidx index` ends with, on stderr: what the
/// index kept, and that running again goes on from there.
pub fn interrupted_note(r: &IndexReport, rebuild: bool) -> String {
    if rebuild {
        return "interrupted: the rebuild was abandoned and the index is as it was; \
                run again to rebuild"
            .to_string();
    }
    let files = r.files_indexed + r.files_partial;
    let partly = if r.files_partial > 0 {
        format!(" ({} partly)", r.files_partial)
    } else {
        String::new()
    };
    format!(
        "interrupted: kept {} from {}{partly}; run again to continue",
        plural(r.articles, "article"),
        plural(files, "file"),
    )
}

/// `newsidx stats`.
pub fn write_stats(out: &mut dyn Write, s: &IndexStats, index: &Path) -> io::Result<()> {
    writeln!(out, "Index:      {}", super::escape::path(index))?;
    writeln!(out, "Articles:   {}", s.articles)?;
    writeln!(out, "Paragraphs: {}", s.paragraphs)?;
    writeln!(out, "Files:      {}", s.files)?;
    match (&s.earliest, &s.latest) {
        (Some(a), Some(b)) => writeln!(out, "Dates:      {a} to {b} ({} undated)", s.undated)?,
        _ => writeln!(out, "Dates:      none ({} undated)", s.undated)?,
    }
    if !s.undated_paths.is_empty() {
        writeln!(out, "Undated:    {}", s.undated_paths.join(", "))?;
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
            writeln!(
                out,
                "  {:>8}  {}",
                src.articles,
                super::escape::control(&src.source)
            )?;
        }
    }
    if !s.languages.is_empty() {
        writeln!(out, "Languages:")?;
        for l in &s.languages {
            writeln!(out, "  {:>8}  {}", l.articles, l.language)?;
        }
    }
    if !s.with_fields.is_empty() {
        writeln!(out, "Articles with:")?;
        for f in &s.with_fields {
            writeln!(out, "  {:>8}  {}", f.articles, f.field.name())?;
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use newsidx_core::index::SourceCount;
    use newsidx_core::{
        FieldCount, IndexReport, IndexStats, LanguageCount, MetaField, Published, Skipped,
    };

    use super::*;
    use crate::render::printed;

    fn skipped(path: &str, line: Option<u64>, reason: &str, whole_file: bool) -> Skipped {
        Skipped {
            path: PathBuf::from(path),
            line,
            reason: reason.into(),
            whole_file,
        }
    }

    fn report(skipped: Vec<Skipped>) -> IndexReport {
        IndexReport {
            files_seen: 12,
            files_indexed: 9,
            files_unchanged: 2,
            files_removed: 1,
            articles: 1,
            paragraphs: 240,
            bytes: 3_500_000,
            skipped,
            files_not_articles: 0,
            elapsed: Duration::from_millis(1250),
            interrupted: false,
            files_partial: 0,
        }
    }

    fn index_report(r: &IndexReport, verbose: bool) -> String {
        printed(|out| write_index_report(out, r, Path::new("/tmp/x/.newsidx"), verbose))
    }

    #[test]
    fn index_report_without_problems() {
        insta::assert_snapshot!(index_report(&report(Vec::new()), false), @r"
        Indexed 9 files into /tmp/x/.newsidx
          files:      12 seen, 9 new or changed, 2 unchanged, 1 removed, 0 skipped
          written:    1 article, 240 paragraphs
          time:       1.25 s, 2.8 MB/s, 0.80 articles/s
        ");
    }

    /// Whole files and items inside files are counted apart; the list stops at
    /// 20 unless verbose.
    #[test]
    fn index_report_lists_what_was_skipped() {
        let mut problems = vec![
            skipped("news/broken.json", None, "not JSON", true),
            skipped("news/feed.jsonl", Some(7), "no title or text", false),
        ];
        for i in 0..20 {
            problems.push(skipped("news/feed.jsonl", Some(10 + i), "empty", false));
        }
        let r = report(problems);
        insta::assert_snapshot!(index_report(&r, false), @r"
        Indexed 9 files into /tmp/x/.newsidx
          files:      12 seen, 9 new or changed, 2 unchanged, 1 removed, 1 skipped
          written:    1 article, 240 paragraphs
          time:       1.25 s, 2.8 MB/s, 0.80 articles/s
        Skipped 1 file and 21 items inside files:
          news/broken.json: not JSON
          news/feed.jsonl:7: no title or text
          news/feed.jsonl:10: empty
          news/feed.jsonl:11: empty
          news/feed.jsonl:12: empty
          news/feed.jsonl:13: empty
          news/feed.jsonl:14: empty
          news/feed.jsonl:15: empty
          news/feed.jsonl:16: empty
          news/feed.jsonl:17: empty
          news/feed.jsonl:18: empty
          news/feed.jsonl:19: empty
          news/feed.jsonl:20: empty
          news/feed.jsonl:21: empty
          news/feed.jsonl:22: empty
          news/feed.jsonl:23: empty
          news/feed.jsonl:24: empty
          news/feed.jsonl:25: empty
          news/feed.jsonl:26: empty
          news/feed.jsonl:27: empty
          … and 2 more (use -v to list all)
        ");
        let all = index_report(&r, true);
        assert!(all.contains("news/feed.jsonl:29: empty"));
        assert!(!all.contains("more (use -v"));
    }

    #[test]
    fn an_interrupted_run_says_what_it_kept() {
        let mut r = report(Vec::new());
        r.interrupted = true;
        r.articles = 2177;
        r.files_partial = 1;
        assert_eq!(
            interrupted_note(&r, false),
            "interrupted: kept 2177 articles from 10 files (1 partly); run again to continue"
        );
        assert_eq!(
            interrupted_note(&r, true),
            "interrupted: the rebuild was abandoned and the index is as it was; run again to rebuild"
        );
    }

    #[test]
    fn rates_keep_the_precision_they_deserve() {
        assert_eq!(
            [rate(7941.4), rate(12.54), rate(0.214)],
            ["7941", "12.5", "0.21"]
        );
        assert_eq!(plural(1, "file"), "1 file");
        assert_eq!(plural(0, "file"), "0 files");
    }

    fn stats(s: &IndexStats) -> String {
        printed(|out| write_stats(out, s, Path::new(".newsidx")))
    }

    #[test]
    fn stats_with_dates_and_sources() {
        let s = IndexStats {
            articles: 5,
            paragraphs: 145,
            files: 5,
            undated: 1,
            undated_paths: vec![],
            earliest: Published::parse("2018-04-16"),
            latest: Published::parse("2019-06-30"),
            size_bytes: 1_234_567,
            segments: 1,
            top_sources: vec![
                SourceCount {
                    source: "The Wall Street Journal".into(),
                    articles: 3,
                },
                SourceCount {
                    source: "AP".into(),
                    articles: 12345,
                },
            ],
            languages: vec![LanguageCount {
                language: "en".into(),
                articles: 4,
            }],
            with_fields: vec![
                FieldCount {
                    field: MetaField::Person,
                    articles: 2,
                },
                FieldCount {
                    field: MetaField::Section,
                    articles: 5,
                },
            ],
        };
        insta::assert_snapshot!(stats(&s), @r"
        Index:      .newsidx
        Articles:   5
        Paragraphs: 145
        Files:      5
        Dates:      2018-04-16 to 2019-06-30 (1 undated)
        Size:       1.2 MB in 1 segment
        Top sources:
                 3  The Wall Street Journal
             12345  AP
        Languages:
                 4  en
        Articles with:
                 2  person
                 5  section
        ");
    }

    #[test]
    fn stats_of_an_empty_index() {
        insta::assert_snapshot!(stats(&IndexStats::default()), @r"
        Index:      .newsidx
        Articles:   0
        Paragraphs: 0
        Files:      0
        Dates:      none (0 undated)
        Size:       0.0 MB in 0 segments
        ");
    }
}
