//! Inputs that once broke newsidx, each with what it broke. Inputs a fuzzer
//! found are kept under `fuzz/regressions/<target>/`, where `fuzz/run.sh` also
//! replays them.

use std::path::PathBuf;
use std::sync::OnceLock;

use newsidx_core::{Index, IndexOptions, SearchRequest};

fn seed_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/news");
        let index = Index::create_in_ram().unwrap();
        index
            .index_paths(&[seeds], &IndexOptions::default(), &mut |_| {})
            .unwrap();
        index
    })
}

fn files(q: &str) -> Vec<String> {
    let mut req = SearchRequest::new(q);
    req.fold_similar = false;
    let results = seed_index().search(&req).unwrap();
    results
        .hits
        .iter()
        .map(|h| {
            let name = h.article.path.file_name().unwrap().to_string_lossy();
            name[..3].to_string()
        })
        .collect()
}

/// The `query` fuzz target: an excluded phrase (`-w.e`, the phrase "w e") that
/// matches no document, or only documents after the first candidate, was asked
/// about a document behind its position, which a debug assertion inside tantivy
/// 0.27 rejects with a panic (tantivy issue #2811).
#[test]
fn an_excluded_phrase_behind_the_first_candidate() {
    let crash = include_bytes!("../../../fuzz/regressions/query/exclude-phrase-ahead");
    let q = std::str::from_utf8(crash).unwrap();
    assert!(q.contains("-w.e"));
    assert_eq!(files(q).len(), 5);
    // The same shape with a phrase that matches: its articles, and only those,
    // are dropped ("entity list" is in 000 and 002); the order is the ranking's.
    let sorted = |q: &str| {
        let mut f = files(q);
        f.sort();
        f
    };
    assert_eq!(sorted("huawei"), ["000", "001", "002", "003", "004"]);
    assert_eq!(sorted("huawei -\"entity list\""), ["001", "003", "004"]);
    assert_eq!(sorted("trade -\"entity list\""), ["001", "003", "004"]);
}
