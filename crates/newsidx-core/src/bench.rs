//! Query latency measurement: what `newsidx bench` reports.
//!
//! Each query runs through [`Index::search`], the same path as `newsidx query`,
//! in two modes: ranking only (top-10 ids, no passages) and the full result a
//! user sees (top 10 with passages and highlights). Latencies are wall-clock per
//! query, single-threaded, after a warm-up; with several threads, throughput is
//! measured on one shared reader.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::index::Index;
use crate::query::SearchRequest;

/// The most of a query file [`read_queries`] reads: far more than any list
/// of queries, and a bound on what a wrong file (`/dev/zero`) can cost.
pub const MAX_QUERY_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a query file (one query a line), refusing one over
/// [`MAX_QUERY_FILE_BYTES`] without reading further.
pub fn read_queries(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_QUERY_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_QUERY_FILE_BYTES {
        return Err(Error::bad_file(
            path,
            format!(
                "a query file is read up to {} MB, and this one is longer; \
                 give a file of one query per line",
                MAX_QUERY_FILE_BYTES >> 20
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|_| Error::bad_file(path, "a query file must be UTF-8 text"))
}

/// What to measure.
#[derive(Clone, Debug)]
pub struct BenchOptions {
    /// Passes over the query list before measuring.
    pub warmup_rounds: usize,
    /// Measured passes over the query list.
    pub rounds: usize,
    /// Threads for the throughput measurement (1: single-threaded only).
    pub threads: usize,
    /// Hits per query.
    pub limit: usize,
}

impl Default for BenchOptions {
    fn default() -> BenchOptions {
        BenchOptions {
            warmup_rounds: 2,
            rounds: 10,
            threads: 1,
            limit: 10,
        }
    }
}

/// Latency figures of one mode, in microseconds.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Latency {
    /// Measured searches.
    pub searches: usize,
    /// Median.
    pub p50_us: f64,
    /// 95th percentile.
    pub p95_us: f64,
    /// 99th percentile.
    pub p99_us: f64,
    /// Slowest.
    pub max_us: f64,
    /// Mean.
    pub mean_us: f64,
    /// Searches per second, single-threaded.
    pub qps: f64,
}

/// Everything `newsidx bench` reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct BenchReport {
    /// Articles in the index.
    pub articles: u64,
    /// Paragraphs in the index.
    pub paragraphs: u64,
    /// Index size on disk in bytes.
    pub index_bytes: u64,
    /// Distinct queries.
    pub queries: usize,
    /// Queries that failed to parse (left out of the figures).
    pub failed_queries: Vec<String>,
    /// Ranking only: top-10 ids.
    pub ranking: Latency,
    /// Top 10 with passages and highlights.
    pub full: Latency,
    /// Threads of the throughput run.
    pub threads: usize,
    /// Full-result searches per second across all threads.
    pub concurrent_qps: f64,
}

/// Measures query latency on `index` for `queries`.
pub fn run(index: &Index, queries: &[String], opts: &BenchOptions) -> Result<BenchReport> {
    let stats = index.stats()?;
    let mut report = BenchReport {
        articles: stats.articles,
        paragraphs: stats.paragraphs,
        index_bytes: stats.size_bytes,
        threads: opts.threads.max(1),
        ..BenchReport::default()
    };
    let mut requests = Vec::new();
    for q in queries {
        let req = SearchRequest::new(q.clone()).limit(opts.limit.max(1));
        match index.search(&req) {
            Ok(_) => requests.push(req),
            Err(Error::Query(_)) => report.failed_queries.push(q.clone()),
            Err(e) => return Err(e),
        }
    }
    if requests.is_empty() {
        return Err(Error::InvalidArgument(
            "no query in the list could be run".into(),
        ));
    }
    report.queries = requests.len();
    let ranking: Vec<SearchRequest> = requests
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.passages = false;
            r
        })
        .collect();
    report.ranking = measure(index, &ranking, opts)?;
    report.full = measure(index, &requests, opts)?;
    if report.threads > 1 {
        report.concurrent_qps = concurrent(index, &requests, opts)?;
    } else {
        report.concurrent_qps = report.full.qps;
    }
    Ok(report)
}

fn measure(index: &Index, reqs: &[SearchRequest], opts: &BenchOptions) -> Result<Latency> {
    for _ in 0..opts.warmup_rounds {
        for r in reqs {
            index.search(r)?;
        }
    }
    let mut times = Vec::with_capacity(reqs.len() * opts.rounds.max(1));
    let start = Instant::now();
    for _ in 0..opts.rounds.max(1) {
        for r in reqs {
            let t = Instant::now();
            std::hint::black_box(index.search(r)?);
            times.push(t.elapsed());
        }
    }
    let total = start.elapsed();
    Ok(summarize(&mut times, total))
}

fn concurrent(index: &Index, reqs: &[SearchRequest], opts: &BenchOptions) -> Result<f64> {
    let rounds = opts.rounds.max(1);
    let start = Instant::now();
    let results: Vec<Result<()>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..opts.threads)
            .map(|t| {
                s.spawn(move || -> Result<()> {
                    for round in 0..rounds {
                        // Each thread starts at another place in the list.
                        for i in 0..reqs.len() {
                            let r = &reqs[(i + t * 7 + round) % reqs.len()];
                            std::hint::black_box(index.search(r)?);
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Internal("bench thread panicked".into())))
            })
            .collect()
    });
    for r in results {
        r?;
    }
    let n = (opts.threads * rounds * reqs.len()) as f64;
    Ok(n / start.elapsed().as_secs_f64().max(1e-9))
}

/// Percentiles (nearest rank) of the measured times.
pub(crate) fn summarize(times: &mut [Duration], total: Duration) -> Latency {
    times.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let pct = |p: f64| -> f64 {
        if times.is_empty() {
            return 0.0;
        }
        let rank = ((p / 100.0) * times.len() as f64).ceil() as usize;
        us(times[rank.clamp(1, times.len()) - 1])
    };
    let sum: Duration = times.iter().sum();
    Latency {
        searches: times.len(),
        p50_us: pct(50.0),
        p95_us: pct(95.0),
        p99_us: pct(99.0),
        max_us: times.last().map_or(0.0, |d| us(*d)),
        mean_us: if times.is_empty() {
            0.0
        } else {
            us(sum) / times.len() as f64
        },
        qps: times.len() as f64 / total.as_secs_f64().max(1e-9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut t: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        let l = summarize(&mut t, Duration::from_millis(10));
        assert_eq!(
            (l.p50_us, l.p95_us, l.p99_us, l.max_us),
            (50.0, 95.0, 99.0, 100.0)
        );
        assert_eq!(l.searches, 100);
        assert!((l.qps - 10_000.0).abs() < 1e-6);
    }
}
