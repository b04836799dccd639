//! Files that are not articles: READMEs, word lists, data files. They are
//! skipped with the reason "not an article" and counted, unless `--all-files`
//! keeps them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{file_of, Env};

fn corpora() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    assert!(
        dir.is_dir(),
        "the shared corpora are missing at {}",
        dir.display()
    );
    dir
}

#[test]
fn the_seeds_readme_is_not_an_article_and_no_longer_a_hit() {
    let env = Env::with_seeds();
    std::fs::copy(
        corpora().join("seeds/README.md"),
        env.path("news/README.md"),
    )
    .unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "6 seen, 5 new or changed, 0 unchanged, 0 removed, 1 skipped \
             (1 not articles: --all-files keeps them)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("news/README.md: not an article: README is documentation"),
        "{}",
        r.stderr
    );
    let (_, hits) = env.json_query(&["Huawei entity list"]);
    let files: Vec<String> = hits.iter().map(file_of).collect();
    assert_eq!(files.len(), 4, "{files:?}");
    assert!(!files.contains(&"README.md".to_string()), "{files:?}");

    // Asked for, it is indexed, and the summary counts no skip.
    let r = env.run(&["index", "news", "--all-files"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("1 new or changed, 5 unchanged, 0 removed, 0 skipped\n"),
        "{}",
        r.stdout
    );
    let (_, hits) = env.json_query(&["Huawei entity list"]);
    assert!(hits.iter().any(|h| file_of(h) == "README.md"));
}

#[test]
fn reuters_word_lists_and_factbook_data_are_not_articles() {
    let env = Env::empty();
    let status = Command::new("tar")
        .arg("xzf")
        .arg(corpora().join("reuters21578/reuters21578.tar.gz"))
        .args([
            "-C",
            env.dir.path().to_str().unwrap(),
            "--wildcards",
            "*.txt",
        ])
        .status()
        .expect("tar runs");
    assert!(status.success());
    let r = env.run(&["index", "reuters21578"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reasons: Vec<&str> = r
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("newsidx: skipped reuters21578/"))
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            "README.txt: not an article: README is documentation",
            "all-exchanges-strings.lc.txt: not an article: 0% of its text is prose (lists, tables or data)",
            "all-orgs-strings.lc.txt: not an article: 0% of its text is prose (lists, tables or data)",
            "all-people-strings.lc.txt: not an article: 0% of its text is prose (lists, tables or data)",
            "all-places-strings.lc.txt: not an article: 0% of its text is prose (lists, tables or data)",
            "all-topics-strings.lc.txt: not an article: 0% of its text is prose (lists, tables or data)",
            "cat-descriptions_120396.txt: not an article: 2400 words in 7 sentences",
            "feldman-cia-worldfactbook-data.txt: not an article: 9% of its text is prose (lists, tables or data)",
        ]
    );
    assert!(
        r.stdout
            .contains("(8 not articles: --all-files keeps them)"),
        "{}",
        r.stdout
    );
    // Nothing was indexed, so `iraq population` finds nothing.
    let (code, hits) = env.json_query(&["iraq population"]);
    assert_eq!((code, hits.len()), (1, 0));
}

#[test]
fn the_bbc_readme_is_skipped_and_every_story_kept() {
    let env = Env::empty();
    let r = env.run(&[
        "index",
        corpora().join("bbc/bbc").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["files_seen"], 2226);
    assert_eq!(report["articles"], 2225);
    assert_eq!(report["files_not_articles"], 1);
    assert_eq!(
        report["skipped"][0]["reason"],
        "not an article: README is documentation"
    );
}

#[test]
fn reuters_people_orgs_places_topics_and_exchanges_are_fields() {
    let env = Env::empty();
    let status = Command::new("tar")
        .arg("xzf")
        .arg(corpora().join("reuters21578/reuters21578.tar.gz"))
        .args([
            "-C",
            env.dir.path().to_str().unwrap(),
            "reuters21578/reut2-016.sgm",
        ])
        .status()
        .expect("tar runs");
    assert!(status.success());
    let r = env.run(&["index", "reuters21578"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // The field scope and the filter find the same stories.
    let (_, scoped) = env.json_query(&["person:yeutter", "-n", "100", "--no-fold"]);
    let (_, filtered) = env.json_query(&["trade", "--person", "yeutter", "-n", "100", "--no-fold"]);
    assert!(!scoped.is_empty());
    for hit in scoped.iter().chain(&filtered) {
        let people = hit["article"]["people"].as_array().unwrap();
        assert!(people.iter().any(|p| p == "yeutter"), "{hit}");
    }
    // Topics and places are apart; tag: searches every subject field.
    let (_, hits) = env.json_query(&["tag:yeutter", "-n", "100", "--no-fold"]);
    assert_eq!(hits.len(), scoped.len());
    let (_, hits) = env.json_query(&[
        "oil",
        "--place",
        "saudi-arabia",
        "--topic",
        "crude",
        "-n",
        "5",
    ]);
    assert!(!hits.is_empty());
    for hit in &hits {
        assert!(hit["article"]["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "saudi-arabia"));
        assert!(hit["article"]["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "crude"));
        assert!(hit["article"].get("tags").is_none(), "{hit}");
    }

    let r = env.run(&["stats"]);
    assert!(r.stdout.contains("Articles with:\n"), "{}", r.stdout);
    for field in ["person", "org", "place", "topic", "exchange"] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.trim_end().ends_with(&format!("  {field}"))),
            "{field} missing from\n{}",
            r.stdout
        );
    }
}

#[test]
fn a_bbc_style_folder_is_the_section() {
    let env = Env::empty();
    for (folder, name, text) in [
        (
            "business",
            "001.txt",
            "Oil prices rise\n\nCrude oil rose two percent on Monday.",
        ),
        (
            "sport",
            "001.txt",
            "Oil wins the cup\n\nThe Oilers won the cup on Monday night.",
        ),
    ] {
        std::fs::create_dir_all(env.path(&format!("news/{folder}"))).unwrap();
        std::fs::write(env.path(&format!("news/{folder}/{name}")), text).unwrap();
    }
    std::fs::write(
        env.path("news/top.txt"),
        "Oil at the top\n\nOil was at the top of the news.",
    )
    .unwrap();
    env.run(&["index", "news"]);
    let (_, hits) = env.json_query(&["oil", "--section", "sport"]);
    let titles: Vec<&str> = hits
        .iter()
        .map(|h| h["article"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Oil wins the cup"]);
    let (_, hits) = env.json_query(&["section:business"]);
    assert_eq!(hits[0]["article"]["section"], "business");
    let (_, hits) = env.json_query(&["title:top"]);
    assert!(hits[0]["article"].get("section").is_none());
}
