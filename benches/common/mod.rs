//! What the query and index benches share: a corpus they build by themselves.
//!
//! The articles come from the scale-corpus model of `examples/gen_corpus`
//! (included below), learned from the BBC corpus in `../shared/corpora/bbc`
//! and the bundled `examples/news`. A missing BBC corpus stops the bench with
//! its path rather than quietly timing other articles: figures from two
//! corpora do not compare. `NEWSIDX_BENCH_LEARN` (a path, or several separated
//! by `:`) learns from other articles instead: `examples/news` alone on a
//! checkout without the corpora, or an unpacked Reuters-21578.

#![allow(dead_code)] // Each bench uses part of this.

#[path = "../../examples/gen_corpus/model.rs"]
pub mod model;

use std::path::PathBuf;
use std::sync::OnceLock;

use model::{Model, Rng};
use newsidx_core::Article;

/// Seed of every bench corpus: the same articles on every run.
pub const SEED: u64 = 20_240_601;

/// The model, learned once per bench process.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let paths: Vec<PathBuf> = match std::env::var_os("NEWSIDX_BENCH_LEARN") {
            Some(v) => std::env::split_paths(&v).collect(),
            None => vec![
                root.join("../shared/corpora/bbc"),
                root.join("examples/news"),
            ],
        };
        Model::learn_paths(&paths).unwrap_or_else(|e| {
            panic!("{e}\n(NEWSIDX_BENCH_LEARN=examples/news learns from the bundled articles only)")
        })
    })
}

/// `n` articles, the same ones on every run (article `i` is the same in a
/// corpus of any size).
pub fn articles(n: usize) -> Vec<Article> {
    let model = model();
    let per_stream = 1000;
    let mut out = Vec::with_capacity(n);
    let mut stream = 0;
    while out.len() < n {
        let mut rng = Rng::new(SEED, stream);
        for i in 0..per_stream.min(n - out.len()) {
            out.push(model.article(stream * per_stream as u64 + i as u64, &mut rng));
        }
        stream += 1;
    }
    out
}

/// Bytes of article text (titles and paragraphs), for MB/s figures.
pub fn text_bytes(articles: &[Article]) -> u64 {
    articles
        .iter()
        .map(|a| (a.meta.title.len() + a.text_len()) as u64)
        .sum()
}

/// A number from the environment, or a default.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
