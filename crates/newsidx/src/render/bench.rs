//! The latency table of `newsidx bench`. It only formats a
//! [`BenchReport`]; measuring is the library's.

use std::io::{self, Write};

use newsidx_core::bench::{BenchReport, Latency};

/// The report as a table: corpus line, left-out queries, one row per mode and
/// the throughput line when several threads ran.
pub fn write_bench_report(
    out: &mut dyn Write,
    report: &BenchReport,
    rounds: usize,
) -> io::Result<()> {
    writeln!(
        out,
        "corpus: {} articles, {} paragraphs, index {:.1} MB; {} queries × {} rounds",
        report.articles,
        report.paragraphs,
        report.index_bytes as f64 / 1e6,
        report.queries,
        rounds
    )?;
    for q in &report.failed_queries {
        writeln!(out, "left out (bad query): {q}")?;
    }
    writeln!(
        out,
        "{:<28} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "mode", "p50 µs", "p95 µs", "p99 µs", "max µs", "q/s"
    )?;
    let row = |out: &mut dyn Write, name: &str, l: &Latency| {
        writeln!(
            out,
            "{:<28} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>9.0}",
            name, l.p50_us, l.p95_us, l.p99_us, l.max_us, l.qps
        )
    };
    row(out, "ranking only (top-10 ids)", &report.ranking)?;
    row(out, "full (passages, highlights)", &report.full)?;
    if report.threads > 1 {
        writeln!(
            out,
            "throughput with {} threads, one reader: {:.0} q/s",
            report.threads, report.concurrent_qps
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latency(p50_us: f64, qps: f64) -> Latency {
        Latency {
            searches: 100,
            p50_us,
            p95_us: p50_us * 2.0,
            p99_us: p50_us * 3.0,
            max_us: p50_us * 10.0,
            mean_us: p50_us * 1.2,
            qps,
        }
    }

    fn table(report: &BenchReport, rounds: usize) -> String {
        crate::render::printed(|out| write_bench_report(out, report, rounds))
    }

    #[test]
    fn single_threaded() {
        let report = BenchReport {
            articles: 21_577,
            paragraphs: 98_000,
            index_bytes: 37_400_000,
            queries: 78,
            failed_queries: Vec::new(),
            ranking: latency(329.4, 2800.0),
            full: latency(467.6, 1900.0),
            threads: 1,
            concurrent_qps: 0.0,
        };
        insta::assert_snapshot!(table(&report, 10), @r"
        corpus: 21577 articles, 98000 paragraphs, index 37.4 MB; 78 queries × 10 rounds
        mode                            p50 µs    p95 µs    p99 µs    max µs       q/s
        ranking only (top-10 ids)          329       659       988      3294      2800
        full (passages, highlights)        468       935      1403      4676      1900
        ");
    }

    #[test]
    fn bad_queries_and_threads() {
        let report = BenchReport {
            queries: 3,
            failed_queries: vec!["(unclosed".into()],
            ranking: latency(10.0, 90000.0),
            full: latency(20.0, 45000.0),
            threads: 2,
            concurrent_qps: 80000.4,
            ..BenchReport::default()
        };
        insta::assert_snapshot!(table(&report, 1), @r"
        corpus: 0 articles, 0 paragraphs, index 0.0 MB; 3 queries × 1 rounds
        left out (bad query): (unclosed
        mode                            p50 µs    p95 µs    p99 µs    max µs       q/s
        ranking only (top-10 ids)           10        20        30       100     90000
        full (passages, highlights)         20        40        60       200     45000
        throughput with 2 threads, one reader: 80000 q/s
        ");
    }
}
