//! Indexing throughput, in articles/s and MB/s of article text, on generated
//! articles (2,000 a run; `NEWSIDX_BENCH_INDEX_ARTICLES` to change it).
//!
//! - `index_articles/*`: articles built in memory, through `Writer::add_article`
//!   into an index in RAM, up to the commit: the indexer alone.
//! - `index_files/*`: the same articles as JSON-lines files, through
//!   `Index::index_paths` into an index on disk: walk, read, parse and index,
//!   what `newsidx index` does.
//!
//! ```text
//! cargo bench --bench index
//! ```

mod common;

use std::io::Write;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsidx_core::{Index, IndexOptions};

fn bench_index(c: &mut Criterion) {
    let n = common::env_usize("NEWSIDX_BENCH_INDEX_ARTICLES", 2_000);
    let articles = common::articles(n);
    let bytes = common::text_bytes(&articles);
    let opts = IndexOptions::default();

    let files = tempfile::tempdir().expect("temp dir");
    for (i, chunk) in articles.chunks(500).enumerate() {
        let path = files.path().join(format!("gen-{i:04}.jsonl"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
        for a in chunk {
            serde_json::to_writer(&mut f, a).expect("json");
            f.write_all(b"\n").expect("write");
        }
        f.flush().expect("flush");
    }

    for (unit, throughput) in [
        ("articles", Throughput::Elements(n as u64)),
        ("bytes", Throughput::Bytes(bytes)),
    ] {
        let mut group = c.benchmark_group(format!("index_articles/{unit}"));
        group.sample_size(10).throughput(throughput.clone());
        group.bench_function("add_article", |b| {
            b.iter(|| {
                let index = Index::create_in_ram().expect("index");
                let mut w = index.writer_with(&opts).expect("writer");
                for a in &articles {
                    w.add_article(a).expect("add");
                }
                w.commit().expect("commit");
            })
        });
        group.finish();

        let mut group = c.benchmark_group(format!("index_files/{unit}"));
        group.sample_size(10).throughput(throughput);
        group.bench_function("index_paths", |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temp dir"),
                |dir| {
                    let index = Index::open_or_create(dir.path().join("idx")).expect("index");
                    let report = index
                        .index_paths(&[files.path().to_path_buf()], &opts, &mut |_| {})
                        .expect("index");
                    assert_eq!(report.articles, n);
                    dir
                },
                BatchSize::PerIteration,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
