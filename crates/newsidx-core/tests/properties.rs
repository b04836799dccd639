//! Invariants over arbitrary input (proptest): no query panics, every highlight
//! span lies inside its passage on char boundaries, passages never move the
//! ranking, every article shown is counted, and indexing is deterministic.

use std::path::PathBuf;
use std::sync::OnceLock;

use newsidx_core::snippet::Highlighter;
use newsidx_core::{Error, Index, IndexOptions, SearchRequest};
use proptest::prelude::*;

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/news")
}

fn seed_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = Index::create_in_ram().unwrap();
        index
            .index_paths(&[seeds()], &IndexOptions::default(), &mut |_| {})
            .unwrap();
        index
    })
}

/// Query-ish strings: words from the seeds mixed with every syntax character.
fn query_strategy() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("huawei".to_string()),
        Just("entity".to_string()),
        Just("list".to_string()),
        Just("tariffs".to_string()),
        Just("U.S.-China".to_string()),
        Just("\"".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("-".to_string()),
        Just("OR".to_string()),
        Just("AND".to_string()),
        Just("NOT".to_string()),
        Just("*".to_string()),
        Just("title:".to_string()),
        Just("author:".to_string()),
        Just("foo:".to_string()),
        Just(" ".to_string()),
        "\\PC{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(atoms, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_query_gives_results_or_a_query_error(q in query_strategy()) {
        match seed_index().search(&SearchRequest::new(q.clone())) {
            Ok(results) => {
                for hit in &results.hits {
                    for p in &hit.passages {
                        for s in &p.highlights {
                            prop_assert!(s.start < s.end && s.end <= p.text.len());
                            prop_assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
                        }
                    }
                }
            }
            Err(Error::Query(e)) => {
                prop_assert!(e.position <= q.len());
                prop_assert!(!e.message.is_empty());
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    /// Passages are read after ranking and cannot move it; and every article
    /// shown (a hit or one folded under it) is among those counted, because
    /// the all-terms tier matches only what the loose tier matches.
    #[test]
    fn ranking_is_independent_of_passages_and_within_the_count(q in query_strategy()) {
        let mut req = SearchRequest::new(q).limit(20);
        let Ok(with) = seed_index().search(&req) else { return Ok(()) };
        req.passages = false;
        let without = seed_index().search(&req).unwrap();
        let ranked = |r: &newsidx_core::SearchResults| -> Vec<(String, u32)> {
            r.hits.iter().map(|h| (h.article.id.clone(), h.score.to_bits())).collect()
        };
        prop_assert_eq!(ranked(&with), ranked(&without));
        prop_assert!(without.hits.iter().all(|h| h.passages.is_empty() && h.title_highlights.is_empty()));
        let shown: usize = with.hits.iter().map(|h| 1 + h.similar.len()).sum();
        prop_assert!(shown as u64 <= with.total, "{} shown, {} counted", shown, with.total);
        prop_assert_eq!(with.folded, shown as u64 - with.hits.len() as u64);
    }

    #[test]
    fn spans_lie_inside_passages_on_char_boundaries(
        words in prop::collection::vec("[a-zA-Zéü’]{1,9}", 1..400),
        pick in prop::collection::vec(0usize..400, 1..4),
        phrase in any::<bool>(),
    ) {
        let text = words.join(" ");
        let mut h = Highlighter::new();
        let chosen: Vec<&str> = pick.iter().map(|&i| words[i % words.len()].as_str()).collect();
        if phrase {
            h.add_phrase(&chosen.join(" "));
        } else {
            for w in &chosen {
                h.add_word(w);
            }
        }
        let p = h.passage(&text);
        let mut last = 0;
        for s in &p.highlights {
            prop_assert!(s.start >= last && s.start < s.end && s.end <= p.text.len());
            prop_assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
            last = s.end;
        }
    }
}

#[test]
fn a_megabyte_query_is_answered_or_refused_without_panic() {
    let q = "tariff ".repeat(150_000);
    match seed_index().search(&SearchRequest::new(q)) {
        Err(Error::Query(e)) => assert!(e.message.contains("at most 1024")),
        other => panic!("expected a query error, got {other:?}"),
    }
    let q = "x".repeat(1 << 20);
    let r = seed_index().search(&SearchRequest::new(q));
    assert!(matches!(r, Ok(ref res) if res.hits.is_empty()) || matches!(r, Err(Error::Query(_))));
}

#[test]
fn indexing_the_same_corpus_twice_gives_the_same_results() {
    let build = || {
        let index = Index::create_in_ram().unwrap();
        index
            .index_paths(&[seeds()], &IndexOptions::default(), &mut |_| {})
            .unwrap();
        index
    };
    let (a, b) = (build(), build());
    for q in [
        "huawei",
        "trade talks",
        "\"entity list\"",
        "tariff* -zte",
        "xi OR trump",
    ] {
        let ra = a.search(&SearchRequest::new(q).limit(20)).unwrap();
        let rb = b.search(&SearchRequest::new(q).limit(20)).unwrap();
        assert_eq!(ra, rb, "{q}");
    }
}

#[test]
fn public_types_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Index>();
    shared::<newsidx_core::SearchResults>();
    shared::<newsidx_core::Article>();
    shared::<newsidx_core::IndexReport>();
    shared::<Error>();
    // One index, many searching threads.
    let index = seed_index();
    std::thread::scope(|s| {
        for q in ["huawei", "tariffs", "\"entity list\"", "zte"] {
            s.spawn(move || {
                assert!(!index
                    .search(&SearchRequest::new(q))
                    .unwrap()
                    .hits
                    .is_empty())
            });
        }
    });
}
