//! Invariants over arbitrary input (proptest): no query panics, every highlight
//! span lies inside its passage on char boundaries, passages never move the
//! ranking, every article shown is counted, and indexing is deterministic;
//! over real news (Reuters and BBC), pages are slices of one order, the total
//! counts every match and date orders hold.

use std::path::PathBuf;
use std::sync::OnceLock;

use newsidx_core::snippet::Highlighter;
use newsidx_core::{Error, Index, IndexOptions, SearchRequest, Sort};
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
        Just("NEAR".to_string()),
        Just("w/5".to_string()),
        Just("~2".to_string()),
        Just("^2".to_string()),
        Just("+".to_string()),
        Just("17.5".to_string()),
        Just("544,000".to_string()),
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

// Paging and ordering over real news: Reuters-21578's reut2-003.sgm (a
// thousand dated wire items, March 1987) and the BBC's business section
// (undated), in one index.

fn corpora() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    assert!(
        p.exists(),
        "these tests need the shared corpora at {}",
        p.display()
    );
    p
}

fn news_index() -> &'static Index {
    static INDEX: OnceLock<(Index, tempfile::TempDir)> = OnceLock::new();
    let (index, _) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let tarball = corpora().join("reuters21578/reuters21578.tar.gz");
        let status = std::process::Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(dir.path())
            .arg("reuters21578/reut2-003.sgm")
            .status()
            .unwrap();
        assert!(status.success(), "tar xzf {}", tarball.display());
        let index = Index::create_in_ram().unwrap();
        let paths = [
            dir.path().join("reuters21578"),
            corpora().join("bbc/bbc/business"),
        ];
        index
            .index_paths(&paths, &IndexOptions::default(), &mut |_| {})
            .unwrap();
        (index, dir)
    });
    index
}

/// Well-formed queries of every kind over words both collections use.
fn news_query() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "oil", "prices", "bank", "japan", "sales", "growth", "market", "company", "shares",
        "profit", "dollar", "trade", "rate", "said", "economy", "crude", "stake", "exports",
    ]);
    let prefix = prop::sample::select(vec!["pri*", "bank*", "econ*", "trad*", "sha*"]);
    let term = prop_oneof![
        4 => word.clone().prop_map(String::from),
        1 => prefix.prop_map(String::from),
        1 => word.clone().prop_map(|w| format!("title:{w}")),
        1 => (word.clone(), word.clone()).prop_map(|(a, b)| format!("\"{a} {b}\"")),
    ];
    let joined = (term.clone(), term.clone(), 0..4usize).prop_map(|(a, b, how)| match how {
        0 => a,
        1 => format!("{a} {b}"),
        2 => format!("{a} OR {b}"),
        _ => format!("{a} -{b}"),
    });
    (joined, prop::option::of(term)).prop_map(|(q, more)| match more {
        Some(t) => format!("{q} AND {t}"),
        None => q,
    })
}

/// A request as generated: query, order, folding, a date filter or not.
fn news_request() -> impl Strategy<Value = SearchRequest> {
    let sort = prop::sample::select(vec![Sort::Relevance, Sort::Newest, Sort::Oldest]);
    (news_query(), sort, any::<bool>(), 0..3usize).prop_map(|(q, sort, fold, filter)| {
        let mut req = SearchRequest::new(q).sort(sort);
        req.fold_similar = fold;
        req.passages = false;
        match filter {
            1 => req.since("1987-03-09").unwrap(),
            2 => req.until("1987-03-10").unwrap(),
            _ => req,
        }
    })
}

/// What a hit shows, to compare pages: id, score, the ids folded under it.
fn shown(results: &newsidx_core::SearchResults) -> Vec<(String, u32, Vec<String>)> {
    results
        .hits
        .iter()
        .map(|h| {
            let similar = h.similar.iter().map(|s| s.id.clone()).collect();
            (h.article.id.clone(), h.score.to_bits(), similar)
        })
        .collect()
}

fn page(req: &SearchRequest, offset: usize, limit: usize) -> newsidx_core::SearchResults {
    news_index()
        .search(&req.clone().offset(offset).limit(limit))
        .unwrap()
}

/// A publication date as the index orders it (seconds; offsets applied).
fn instant(p: &newsidx_core::Published) -> i64 {
    let t = p
        .date
        .and_time(p.time.unwrap_or_default())
        .and_utc()
        .timestamp();
    t - i64::from(p.utc_offset.unwrap_or(0))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Pages of 10 at offsets 0, 10, 20 are `-n 30`; the top 10 is a prefix of
    /// the top 100; paged to the end, the hits and the folded are the total;
    /// under a date order dates never go backwards and undated come last.
    #[test]
    fn pages_are_slices_of_one_order_and_count_every_match(req in news_request()) {
        let big = page(&req, 0, 30);
        let mut pages = shown(&page(&req, 0, 10));
        pages.extend(shown(&page(&req, 10, 10)));
        pages.extend(shown(&page(&req, 20, 10)));
        prop_assert_eq!(&pages, &shown(&big));
        let top100 = shown(&page(&req, 0, 100));
        let top10 = shown(&page(&req, 0, 10));
        prop_assert_eq!(&top100[..top10.len()], &top10[..]);
        let all = page(&req, 0, 5000);
        prop_assert_eq!(all.total, all.hits.len() as u64 + all.folded);
        prop_assert_eq!(big.total, all.total);
        if req.sort != Sort::Relevance {
            let keys: Vec<Option<i64>> = all
                .hits
                .iter()
                .map(|h| h.article.published.as_ref().map(instant))
                .collect();
            let ordered = keys.windows(2).all(|w| match (w[0], w[1]) {
                (Some(a), Some(b)) if req.sort == Sort::Newest => a >= b,
                (Some(a), Some(b)) => a <= b,
                (None, Some(_)) => false,
                _ => true,
            });
            prop_assert!(ordered, "{:?}", keys);
        }
    }
}
