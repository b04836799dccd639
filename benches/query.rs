//! Query latency per kind of query, on a generated corpus the size of
//! Reuters-21578 (20,000 articles; `NEWSIDX_BENCH_ARTICLES` to change it).
//!
//! Each kind runs in three modes: `ranking` (top-10 ids and metadata, no
//! passages), `full` (top 10 with passages and highlights: what
//! `newsidx query` shows) and `full_unfolded` (`full` without near-duplicate
//! folding, to show what folding costs). The index is on disk in a temporary folder, built
//! once per run.
//!
//! With `NEWSIDX_BENCH_INDEX=DIR` the benches run on that index instead (built
//! by `newsidx index`), and with `NEWSIDX_BENCH_QUERIES=FILE` (one query a
//! line) a `query_file` group times the whole list per iteration in each mode,
//! plus `full_30_candidates` (phase 1 keeps 30 candidate articles instead of
//! the default 50 of `Ranking::default()`), to weigh what candidates and
//! folding cost on a real query set.
//!
//! ```text
//! cargo bench --bench query
//! NEWSIDX_BENCH_ARTICLES=100000 cargo bench --bench query -- 'full/'
//! NEWSIDX_BENCH_INDEX=target/bench/reuters/newsidx.idx \
//!     NEWSIDX_BENCH_QUERIES=benches/queries/reuters.txt cargo bench --bench query -- query_file
//! ```

mod common;

use std::hint::black_box;

use common::model::Model;
use criterion::{criterion_group, criterion_main, Criterion};
use newsidx_core::{Index, IndexOptions, SearchRequest, Sort};

fn requests() -> Vec<(&'static str, SearchRequest)> {
    // Synthetic names have a known frequency rank: rank 3 is in a few percent
    // of the articles, rank 200 000 in a handful at most.
    let common_name = Model::name(3);
    let rare_name = Model::name(200_000);
    vec![
        ("single_common", SearchRequest::new("government")),
        ("single_rare", SearchRequest::new(rare_name.clone())),
        ("terms_3", SearchRequest::new("interest rates growth")),
        (
            "terms_6",
            SearchRequest::new("oil prices rise as economy slows down"),
        ),
        ("phrase", SearchRequest::new("\"interest rates\"")),
        (
            "phrase_and_term",
            SearchRequest::new("\"prime minister\" election"),
        ),
        (
            "filtered_by_date",
            SearchRequest::new("government")
                .since("2000-01-01")
                .and_then(|r| r.until("2004-12-31"))
                .expect("valid dates"),
        ),
        (
            "sorted_by_date",
            SearchRequest::new("government").sort(Sort::Newest),
        ),
        (
            "rare_and_common",
            SearchRequest::new(format!("{rare_name} government")),
        ),
        ("common_name", SearchRequest::new(common_name)),
    ]
}

fn bench_queries(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = match std::env::var_os("NEWSIDX_BENCH_INDEX") {
        Some(path) => Index::open(path).expect("NEWSIDX_BENCH_INDEX is not an index"),
        None => generated_index(dir.path()),
    };
    if let Some(path) = std::env::var_os("NEWSIDX_BENCH_QUERIES") {
        bench_query_file(
            c,
            &index,
            &std::fs::read_to_string(path).expect("query file"),
        );
    }
    let reqs = requests();
    // `full_unfolded` is `full` without near-duplicate folding: the difference
    // is what folding costs.
    for (mode, passages, fold) in [
        ("ranking", false, true),
        ("full", true, true),
        ("full_unfolded", true, false),
    ] {
        let mut group = c.benchmark_group(mode);
        for (name, req) in &reqs {
            let mut req = req.clone().limit(10);
            req.passages = passages;
            req.fold_similar = fold;
            assert!(index.search(&req).is_ok(), "{name} fails");
            group.bench_function(*name, |b| {
                b.iter(|| black_box(index.search(&req).expect("search")))
            });
        }
        group.finish();
    }
}

/// A change to a request: one variant of the `query_file` group.
type Tweak = fn(&mut SearchRequest);

/// The whole query list per iteration, in each mode.
fn bench_query_file(c: &mut Criterion, index: &Index, text: &str) {
    let queries: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut group = c.benchmark_group("query_file");
    group.throughput(criterion::Throughput::Elements(queries.len() as u64));
    let variants: [(&str, Tweak); 4] = [
        ("ranking", |r| r.passages = false),
        ("full", |_| {}),
        ("full_unfolded", |r| r.fold_similar = false),
        ("full_30_candidates", |r| r.ranking.candidates = 30),
    ];
    for (name, tweak) in variants {
        let reqs: Vec<SearchRequest> = queries
            .iter()
            .map(|q| {
                let mut r = SearchRequest::new(*q).limit(10);
                tweak(&mut r);
                r
            })
            .filter(|r| index.search(r).is_ok())
            .collect();
        group.bench_function(name, |b| {
            b.iter(|| {
                for r in &reqs {
                    black_box(index.search(r).expect("search"));
                }
            })
        });
    }
    group.finish();
}

/// A generated corpus the size of Reuters-21578, indexed on disk in `dir`.
fn generated_index(dir: &std::path::Path) -> Index {
    let n = common::env_usize("NEWSIDX_BENCH_ARTICLES", 20_000);
    let index = Index::open_or_create(dir.join("idx")).expect("index");
    {
        let mut w = index.writer_with(&IndexOptions::default()).expect("writer");
        for a in common::articles(n) {
            w.add_article(&a).expect("add");
        }
        w.commit().expect("commit");
    }
    index
}

criterion_group!(benches, bench_queries);
criterion_main!(benches);
