//! `newsidx query` on the seeds: the acceptance checks of the search issue.

use crate::util::{file_of, highlighted, Env};

/// `newsidx query --json ARGS`: the exit code and the hit messages (the
/// closing summary left out).
fn json_hits(env: &Env, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let (hits, _) = messages(env, args);
    let code = if hits.is_empty() { 1 } else { 0 };
    (code, hits)
}

const WSJ: &str = "000_aee63b4ea7e1a7d6.txt";
const REWRITE: &str = "001_1b64d89a1122dfa0.txt";
const G20: &str = "002_1a335bc8bdded650.txt";
const NYT: &str = "003_3a7dd686d809543b.txt";

#[test]
fn huawei_entity_list_ranks_the_wsj_article_first_with_the_entity_list_passage() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (code, hits) = json_hits(&env, &["Huawei entity list"]);
    assert_eq!(code, 0);
    assert_eq!(file_of(&hits[0]), WSJ);
    let a = &hits[0]["article"];
    assert_eq!(a["published"], "2019-06-30");
    assert_eq!(
        a["authors"],
        serde_json::json!(["Bob Davis", "Lingling Wei"])
    );
    let text = hits[0]["passages"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("to add Huawei to the so-called \"entity list,\""),
        "{text}"
    );
    assert_eq!(
        highlighted(&hits[0], 0),
        ["Huawei", "entity", "list", "Huawei"]
    );
}

#[test]
fn the_rewrite_is_folded_under_its_original() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (_, hits) = json_hits(&env, &["Huawei entity list"]);
    let files: Vec<String> = hits.iter().map(file_of).collect();
    assert!(!files.contains(&REWRITE.to_string()), "{files:?}");
    let similar = hits[0]["similar"].as_array().unwrap();
    assert_eq!(similar.len(), 1);
    assert!(similar[0]["path"].as_str().unwrap().ends_with(REWRITE));
    let plain = env.run(&["query", "Huawei entity list"]).stdout;
    assert!(
        plain.contains("+1 similar: U.S.-China Trade Talks Back On, But Obstacles Remain"),
        "{plain}"
    );

    let (_, unfolded) = json_hits(&env, &["--no-fold", "Huawei entity list"]);
    assert!(unfolded.iter().any(|h| file_of(h) == REWRITE));
}

#[test]
fn a_quoted_phrase_is_highlighted_as_the_phrase() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (_, hits) = json_hits(&env, &["\"entity list\""]);
    let mut files: Vec<String> = hits.iter().map(file_of).collect();
    files.sort();
    assert_eq!(files, [WSJ, G20]);
    for hit in &hits {
        assert_eq!(highlighted(hit, 0), ["entity list"]);
    }
    let (code, hits) = json_hits(&env, &["\"list entity\""]);
    assert_eq!((code, hits.len()), (1, 0));
}

#[test]
fn soybeans_json_has_the_tonnage_and_a_correct_span() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (_, hits) = json_hits(&env, &["soybeans"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(file_of(&hits[0]), WSJ);
    let text = hits[0]["passages"][0]["text"].as_str().unwrap();
    assert!(text.contains("544,000 metric tons of U.S. soybeans"));
    assert_eq!(highlighted(&hits[0], 0), ["soybeans"]);
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn zte_and_the_date_filter() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (_, hits) = json_hits(&env, &["ZTE"]);
    let mut files: Vec<String> = hits.iter().map(file_of).collect();
    files.sort();
    assert_eq!(files, [G20, NYT]);
    let (_, hits) = json_hits(&env, &["ZTE", "--until", "2018-12-31"]);
    let files: Vec<String> = hits.iter().map(file_of).collect();
    assert_eq!(files, [NYT]);
    assert_eq!(hits[0]["article"]["published"], "2018-05-21T18:15:00-04:00");
    // An undated article never passes a date filter, whatever the range.
    let (code, _) = json_hits(
        &env,
        &["ZTE", "--since", "1900-01-01", "--until", "2018-05-20"],
    );
    assert_eq!(code, 1);
}

#[test]
fn stemming_case_and_prefixes() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (_, tariffs) = json_hits(&env, &["TARIFF"]);
    assert_eq!(tariffs.len(), 4);
    let (_, prefix) = json_hits(&env, &["soyb*"]);
    assert_eq!(highlighted(&prefix[0], 0), ["soybeans"]);
}

#[test]
fn exclusion_or_and_fields() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (_, hits) = json_hits(&env, &["ZTE -propaganda"]);
    let files: Vec<String> = hits.iter().map(file_of).collect();
    assert_eq!(files, [G20]);
    let (_, hits) = json_hits(&env, &["soybeans OR Mnuchin"]);
    let mut files: Vec<String> = hits.iter().map(file_of).collect();
    files.sort();
    assert_eq!(files, [WSJ, G20, NYT]);
    let (_, hits) = json_hits(&env, &["title:charm"]);
    assert_eq!(hits.iter().map(file_of).collect::<Vec<_>>(), [NYT]);
    let (_, hits) = json_hits(&env, &["author:davis huawei"]);
    assert_eq!(hits.iter().map(file_of).collect::<Vec<_>>(), [WSJ]);
    let (_, hits) = json_hits(&env, &["--author", "Lingling Wei", "tariffs"]);
    assert_eq!(hits.iter().map(file_of).collect::<Vec<_>>(), [WSJ]);
}

#[test]
fn bad_queries_say_what_and_where() {
    let env = Env::with_seeds();
    env.index_seeds();
    let r = env.run(&["query", "\"entity list"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "newsidx: bad query at column 1: unclosed quote\n  \"entity list\n  ^\n"
    );
    let r = env.run(&["query", "huawei (zte"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("newsidx: bad query at column 8: unclosed parenthesis"),
        "{}",
        r.stderr
    );
    let r = env.run(&["query", "?!"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no searchable words"), "{}", r.stderr);
}

#[test]
fn formats_mark_highlights() {
    let env = Env::with_seeds();
    env.index_seeds();
    let plain = env.run(&["query", "--format", "plain", "soybeans"]).stdout;
    assert!(
        plain.contains("metric tons of U.S. **soybeans** before"),
        "{plain}"
    );
    let html = env.run(&["query", "--format", "html", "soybeans"]).stdout;
    assert!(
        html.contains("of U.S. <mark>soybeans</mark> before"),
        "{html}"
    );
    // No colour codes when piped, even in terminal format.
    let term = env.run(&["query", "soybeans"]).stdout;
    assert!(!term.contains('\x1b'));
    let colored = env.run(&["--color", "always", "query", "soybeans"]).stdout;
    assert!(colored.contains("\x1b[1;31msoybeans\x1b[0m"));
}

/// The JSON shape is a contract: each line of `--json` must equal its snapshot
/// (scores within float noise). Regenerate a snapshot only for a deliberate,
/// documented change of the shape or the ranking.
#[test]
fn json_shape_matches_the_snapshots() {
    let env = Env::with_seeds();
    env.index_seeds();
    for (args, file) in [
        (&["soybeans"][..], "query-soybeans.json"),
        (
            &["\"entity list\"", "-n", "1"][..],
            "query-entity-list.json",
        ),
    ] {
        let (_, mut hits) = json_hits(&env, args);
        assert_eq!(hits.len(), 1);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/integration/snapshots")
            .join(file);
        let mut want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let got_score = hits[0]["score"].take().as_f64().unwrap();
        let want_score = want["score"].take().as_f64().unwrap();
        assert!(
            (got_score - want_score).abs() < 1e-4,
            "{file}: score {got_score} vs {want_score}"
        );
        assert_eq!(hits[0], want, "{file}");
    }
}

#[test]
fn people_see_how_many_articles_match() {
    let env = Env::with_seeds();
    env.index_seeds();
    let out = env.run(&["query", "tariffs"]).stdout;
    assert!(
        out.ends_with("1–4 of 5 matching articles, 1 near-duplicate folded\n"),
        "{out}"
    );
    let out = env
        .run(&["query", "-n", "1", "--no-fold", "tariffs"])
        .stdout;
    assert!(out.ends_with("1–1 of 5 matching articles\n"), "{out}");
}

// Real collections, indexed once per test run and shared by the tests below.

/// A directory of the shared corpora (`../shared/corpora` beside the checkout);
/// a test needing one fails when it is missing rather than passing quietly.
fn corpus(rel: &str) -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora")
        .join(rel);
    assert!(p.exists(), "this test needs {}", p.display());
    p
}

/// An index of the BBC collection's business and politics sections.
fn bbc() -> &'static Env {
    static BBC: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
    BBC.get_or_init(|| {
        let env = Env::empty();
        for section in ["business", "politics", "tech"] {
            let dir = corpus("bbc/bbc").join(section);
            let r = env.run(&["index", dir.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
        env
    })
}

/// An index of Reuters-21578's files 003 (March 1987) and 013 to 015
/// (April 1987), unpacked from the shared tarball.
fn reuters() -> &'static Env {
    static REUTERS: std::sync::OnceLock<Env> = std::sync::OnceLock::new();
    REUTERS.get_or_init(|| {
        let env = Env::empty();
        let tarball = corpus("reuters21578/reuters21578.tar.gz");
        let files = ["003", "013", "014", "015"].map(|n| format!("reuters21578/reut2-{n}.sgm"));
        let status = std::process::Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(env.dir.path())
            .args(&files)
            .status()
            .unwrap();
        assert!(status.success(), "tar xzf {}", tarball.display());
        let r = env.run(&["index", "reuters21578"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        env
    })
}

/// A result list: (article id, score) in order.
type Ranked = Vec<(String, f64)>;

/// The hits of a `--json` run.
fn ranked(env: &Env, args: &[&str]) -> Ranked {
    let (hits, _) = messages(env, args);
    hits.iter()
        .map(|h| {
            let id = h["article"]["id"].as_str().unwrap().to_string();
            (id, h["score"].as_f64().unwrap())
        })
        .collect()
}

/// Pages of 10 at offsets 0, 10 and 20, concatenated, and `-n 30`.
fn pages_and_big_page(env: &Env, args: &[&str]) -> (Ranked, Ranked) {
    let mut pages = Vec::new();
    for offset in ["0", "10", "20"] {
        let mut a = args.to_vec();
        a.extend(["-n", "10", "--offset", offset]);
        pages.extend(ranked(env, &a));
    }
    let mut a = args.to_vec();
    a.extend(["-n", "30"]);
    (pages, ranked(env, &a))
}

#[test]
fn paging_mobile_phone_sales_shows_each_article_once() {
    let (pages, big) = pages_and_big_page(bbc(), &["mobile phone sales"]);
    assert_eq!(big.len(), 30);
    assert_eq!(pages, big);
}

#[test]
fn paging_bank_of_japan_intervention_shows_each_article_once() {
    let (pages, big) = pages_and_big_page(reuters(), &["bank of japan intervention"]);
    assert_eq!(big.len(), 30);
    assert_eq!(pages, big);
}

#[test]
fn blair_brown_rift_scores_the_same_under_n_10_and_n_100() {
    let top10 = ranked(bbc(), &["-n", "10", "blair brown rift"]);
    let top100 = ranked(bbc(), &["-n", "100", "blair brown rift"]);
    assert_eq!(top10.len(), 10);
    assert_eq!(top100[..10], top10[..]);
}

#[test]
fn newest_first_keeps_conoco_whose_oil_prices_are_only_in_the_title() {
    let env = reuters();
    let every = ["--no-fold", "-n", "1000", "oil AND prices"];
    let (newest, _) = messages(env, &[&["--sort", "newest"][..], &every].concat());
    let relevance = ranked(env, &every);
    let mut a: Vec<&str> = newest
        .iter()
        .map(|h| h["article"]["id"].as_str().unwrap())
        .collect();
    let mut b: Vec<&str> = relevance.iter().map(|h| h.0.as_str()).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
    let title = |h: &serde_json::Value| h["article"]["title"].as_str().unwrap_or("").to_string();
    assert!(newest
        .iter()
        .any(|h| title(h).starts_with("CONOCO RAISES CRUDE OIL PRICES UP TO ONE DLR")));
    // Newest first, undated last.
    let dates: Vec<Option<&str>> = newest
        .iter()
        .map(|h| h["article"]["published"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| match (w[0], w[1]) {
        (Some(x), Some(y)) => x >= y,
        (None, Some(_)) => false,
        _ => true,
    }));
}

#[test]
fn newest_first_coffee_quota_in_april_pages_through_every_match() {
    let env = reuters();
    let filter = ["--since", "1987-04-01", "--until", "1987-04-30"];
    let with = |extra: &[&str]| {
        let mut a = filter.to_vec();
        a.extend_from_slice(extra);
        a.push("coffee quota");
        ranked(env, &a)
    };
    let relevance = with(&["-n", "500"]);
    let newest = with(&["--sort", "newest", "-n", "500"]);
    assert!(relevance.len() > 20, "{}", relevance.len());
    assert_eq!(newest.len(), relevance.len());
    let mut paged = with(&["--sort", "newest", "-n", "20"]);
    paged.extend(with(&["--sort", "newest", "-n", "20", "--offset", "20"]));
    assert_eq!(paged[..], newest[..paged.len()]);
    assert_eq!(paged.len(), 40.min(newest.len()));
}

/// The `--json` messages of a run, parsed: the hits, then the summary.
fn messages(env: &Env, args: &[&str]) -> (Vec<serde_json::Value>, serde_json::Value) {
    let mut all = vec!["query", "--json"];
    all.extend_from_slice(args);
    let r = env.run(&all);
    let found = if r.stdout.contains("\"type\":\"hit\"") {
        0
    } else {
        1
    };
    assert_eq!(r.code, found, "{}", r.stderr);
    let mut m: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let summary = m.pop().expect("a summary closes the output");
    assert_eq!(summary["type"], "summary", "{}", r.stdout);
    assert!(m.iter().all(|h| h["type"] == "hit"), "{}", r.stdout);
    (m, summary)
}

#[test]
fn json_closes_with_a_summary_of_the_true_total_and_the_folded() {
    let env = Env::with_seeds();
    env.index_seeds();
    let (hits, summary) = messages(&env, &["tariffs"]);
    assert_eq!(hits.len(), 4);
    assert_eq!(
        (&summary["query"], &summary["total"], &summary["folded"]),
        (&"tariffs".into(), &5.into(), &1.into())
    );
    assert_eq!(
        (&summary["hits"], &summary["first"], &summary["last"]),
        (&4.into(), &1.into(), &4.into())
    );
    assert!(summary["elapsed_ms"].as_f64().is_some_and(|ms| ms >= 0.0));
    // Nothing found still closes with a summary, and exits 1.
    let r = env.run(&["query", "--json", "zeppelin"]);
    assert_eq!(r.code, 1);
    let summary: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(
        (&summary["type"], &summary["total"]),
        (&"summary".into(), &0.into())
    );
}

#[test]
fn the_total_is_every_article_paged_to_the_end_coffee_quota() {
    let env = reuters();
    for sort in ["relevance", "newest", "oldest"] {
        let (hits, summary) = messages(
            env,
            &["--sort", sort, "--no-fold", "-n", "1000", "coffee quota"],
        );
        assert_eq!(summary["total"], hits.len(), "{sort}");
        assert_eq!(summary["folded"], 0, "{sort}");
        let (hits, summary) = messages(env, &["--sort", sort, "-n", "1000", "coffee quota"]);
        let folded = summary["folded"].as_u64().unwrap() as usize;
        assert!(folded > 0, "{sort}");
        assert_eq!(summary["total"], hits.len() + folded, "{sort}");
    }
}
