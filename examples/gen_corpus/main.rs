//! # A scale corpus of realistic news articles, to any size
//!
//! Learns vocabulary, word sequences, lengths, dates, datelines and tags from
//! real news articles (read with newsidx's own readers), then writes as many new
//! articles as asked, as JSON lines in the shape `newsidx parse` prints and
//! `newsidx index` reads. The output depends only on the seed articles and
//! `--seed`: the same command writes the same bytes.
//!
//! ```text
//! tar xzf ../shared/corpora/reuters21578/reuters21578.tar.gz -C /tmp/reuters
//! cargo run --release --example gen_corpus -- --articles 1000000 --out /tmp/gen1m \
//!     --learn /tmp/reuters/reuters21578 --learn ../shared/corpora/bbc
//! newsidx -i /tmp/gen1m.idx index --memory 512 /tmp/gen1m
//! ```
//!
//! `model.rs` describes what is modelled; the benches in `benches/` use the same
//! model to build their corpora.

mod model;

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use clap::Parser;
use model::{Model, Rng};

/// Writes a deterministic corpus of synthetic news articles as JSON lines.
#[derive(Parser, Debug)]
struct Args {
    /// Articles to write.
    #[arg(long, default_value_t = 100_000)]
    articles: u64,
    /// Output folder (created); files are `gen-000000.jsonl`, ...
    #[arg(long)]
    out: PathBuf,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Articles per file.
    #[arg(long, default_value_t = 1000)]
    per_file: u64,
    /// Files or folders of real articles to learn from (repeatable)
    /// [default: ../shared/corpora/bbc and examples/news].
    #[arg(long)]
    learn: Vec<PathBuf>,
    /// Writer threads [default: all cores].
    #[arg(long)]
    threads: Option<usize>,
    /// Print the synthetic names of these ranks (0 is the most frequent) and
    /// exit: rare and common terms for query files.
    #[arg(long, value_delimiter = ',')]
    names: Vec<u64>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    if !args.names.is_empty() {
        for r in &args.names {
            println!("{r}\t{}", Model::name(*r));
        }
        return Ok(());
    }

    // # Learn
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let learn = if args.learn.is_empty() {
        vec![
            root.join("../shared/corpora/bbc"),
            root.join("examples/news"),
        ]
    } else {
        args.learn.clone()
    };
    let start = Instant::now();
    let model = Model::learn_paths(&learn)?;
    eprintln!(
        "learned from {} articles ({} distinct words) in {:.1} s",
        model.seed_articles,
        model.vocabulary(),
        start.elapsed().as_secs_f64()
    );

    // # Write
    // Each file has its own random stream, so files can be written in any
    // order, on any number of threads, and come out the same.
    std::fs::create_dir_all(&args.out)?;
    let per_file = args.per_file.max(1);
    let files = args.articles.div_ceil(per_file) as usize;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let next_file = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|s| -> Result<(), std::io::Error> {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| -> Result<(), std::io::Error> {
                    loop {
                        let i = next_file.fetch_add(1, Ordering::Relaxed);
                        if i >= files {
                            return Ok(());
                        }
                        let first = i as u64 * per_file;
                        let last = (first + per_file).min(args.articles);
                        let path = args.out.join(format!("gen-{i:06}.jsonl"));
                        let mut out = BufWriter::new(std::fs::File::create(&path)?);
                        let mut rng = Rng::new(args.seed, i as u64);
                        let mut line = Vec::with_capacity(1 << 16);
                        for n in first..last {
                            let mut a = model.article(n, &mut rng);
                            // The reader sets the path and id from the file.
                            a.meta.id = String::new();
                            line.clear();
                            serde_json::to_writer(&mut line, &a)?;
                            line.push(b'\n');
                            out.write_all(&line)?;
                            bytes.fetch_add(line.len() as u64, Ordering::Relaxed);
                        }
                        out.flush()?;
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().expect("writer thread panicked")?;
        }
        Ok(())
    })?;
    let secs = start.elapsed().as_secs_f64();
    let bytes = bytes.into_inner();
    eprintln!(
        "wrote {} articles in {files} files to {}: {:.1} MB in {secs:.1} s ({:.0} MB/s)",
        args.articles,
        args.out.display(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(())
}
