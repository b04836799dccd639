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

/// Issue 14: an alternative or an exclusion that only excludes (`trade (huawei
/// OR -zte)`, `trade -(-zte)`) passed the parser when the query had another
/// term. Phase 1 then searched for the excluded word as if it were wanted,
/// phase 2 ignored it, and the two ways of counting terms disagreed. Such a
/// query is now refused with the position of the part that searches for
/// nothing.
#[test]
fn an_alternative_that_only_excludes_is_refused() {
    let err = |q: &str| match seed_index().search(&SearchRequest::new(q)) {
        Err(newsidx_core::Error::Query(e)) => (e.position, e.message),
        other => panic!("{q}: expected a query error, got {other:?}"),
    };
    let (at, message) = err("trade (huawei OR -zte)");
    assert_eq!(at, 17);
    assert!(message.starts_with("this alternative only excludes terms"));
    let (at, message) = err("trade -(-zte)");
    assert_eq!(at, 6);
    assert!(message.starts_with("nothing to exclude"));
    // An alternative that searches and excludes is fine.
    assert!(!files("trade (huawei OR zte -huawei)").is_empty());
}

/// Issue 14: the all-terms tier searched unscoped words in the body only, and
/// built the query's exclusions the same way, so `huawei zte -apple` (two to
/// four terms) returned an article with "Apple" in its title: the strict tier
/// matched it and the loose tier's exclusion never applied to it.
#[test]
fn an_exclusion_applies_to_the_title_in_the_all_terms_tier() {
    use newsidx_core::{Article, ParagraphKind};
    let index = Index::create_in_ram().unwrap();
    let mut w = index.writer().unwrap();
    let articles = [
        (
            "apple",
            "Apple and the suppliers",
            "Huawei and ZTE buy chips from suppliers.",
        ),
        (
            "plain",
            "The suppliers",
            "ZTE and Huawei sell phones in Europe.",
        ),
    ];
    for (id, title, body) in articles {
        let mut a = Article::new(title);
        a.meta.id = id.into();
        a.push_paragraph(ParagraphKind::Body, body);
        w.add_article(&a).unwrap();
    }
    w.commit().unwrap();
    let ids = |q: &str| -> Vec<String> {
        let results = index.search(&SearchRequest::new(q)).unwrap();
        results.hits.into_iter().map(|h| h.article.id).collect()
    };
    assert_eq!(ids("huawei zte -apple"), ["plain"]);
    assert_eq!(ids("huawei -apple"), ["plain"]);
}

/// Issue 14: a group that only excludes (`huawei (-"entity list" -tariffs)`)
/// lowered to nothing, so its exclusions were silently dropped in every phase
/// and the query meant `huawei`. Its exclusions now apply to the query around
/// it, as if written beside it.
#[test]
fn a_group_of_exclusions_excludes() {
    let sorted = |q: &str| {
        let mut f = files(q);
        f.sort();
        f
    };
    assert_eq!(sorted("huawei -\"entity list\""), ["001", "003", "004"]);
    assert_eq!(sorted("huawei (-\"entity list\")"), ["001", "003", "004"]);
    assert_eq!(
        sorted("huawei (-\"entity list\" -zzzz)"),
        ["001", "003", "004"]
    );
    assert_eq!(
        sorted("huawei (-zzzz (-\"entity list\"))"),
        ["001", "003", "004"]
    );
}
