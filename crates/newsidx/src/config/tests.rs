//! The conversions from flags to configs: defaults, every flag reaching its
//! field, and the exact message of each flag that cannot be used.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use newsidx_core::bench::BenchOptions;
use newsidx_core::eval::{IdMap, Layout};
use newsidx_core::{IndexOptions, Ranking, SearchRequest, Sort};

use super::*;

/// Not a terminal, NO_COLOR unset: how tests and pipes run.
const PIPE: Terminal = Terminal {
    stdout: false,
    stderr: false,
    no_color: false,
};

/// Both streams on a terminal, NO_COLOR unset.
const TTY: Terminal = Terminal {
    stdout: true,
    stderr: true,
    no_color: false,
};

/// The config of `newsidx ARGS`, or the message of its error.
fn config_in(term: Terminal, args: &[&str]) -> std::result::Result<Config, String> {
    let cli = Cli::try_parse_from([&["newsidx"], args].concat()).expect("clap accepts these");
    Config::from_cli(&cli, term).map_err(|e| e.to_string())
}

fn query_in(term: Terminal, args: &[&str]) -> QueryConfig {
    match config_in(term, &[&["query"], args].concat()) {
        Ok(Config::Query(c)) => c,
        other => panic!("not a query config: {other:?}"),
    }
}

fn query(args: &[&str]) -> QueryConfig {
    query_in(PIPE, args)
}

/// The message of a query command line that cannot run.
fn query_error(args: &[&str]) -> String {
    match config_in(PIPE, &[&["query"], args].concat()) {
        Err(message) => message,
        Ok(c) => panic!("accepted: {c:?}"),
    }
}

#[test]
fn query_defaults_are_the_library_request() {
    let c = query(&["huawei", "entity", "list"]);
    assert_eq!(c.request, SearchRequest::new("huawei entity list"));
    assert_eq!(c.index, newsidx_core::index::default_index_path());
    assert_eq!((c.style, c.page, c.quiet), (Style::Text, false, false));
}

#[test]
fn query_flags_reach_the_request() {
    let c = query(&[
        "-n",
        "3",
        "--offset",
        "6",
        "--sort",
        "oldest",
        "--since",
        "2019",
        "--until",
        "2019-06-30",
        "--author",
        "Jane Doe",
        "--author",
        "Li Wei",
        "--source",
        "Reuters",
        "--no-fold",
        "trade",
    ]);
    let r = &c.request;
    assert_eq!((r.query.as_str(), r.limit, r.offset), ("trade", 3, 6));
    assert_eq!(r.sort, Sort::Oldest);
    // A year alone is its first day.
    assert_eq!(r.since, Some(parse_day("2019-01-01").expect("a date")));
    assert_eq!(r.until, Some(parse_day("2019-06-30").expect("a date")));
    assert_eq!(r.authors, ["Jane Doe", "Li Wei"]);
    assert_eq!(r.sources, ["Reuters"]);
    assert!(!r.fold_similar);
    assert_eq!(query(&["--sort", "newest", "x"]).request.sort, Sort::Newest);
    assert_eq!(
        query(&[
            "-i",
            "idx",
            "--since",
            "2019-06-30",
            "--until",
            "2019-06-30",
            "x"
        ])
        .index,
        PathBuf::from("idx")
    );
}

#[test]
fn query_bad_date_names_its_flag_and_value() {
    assert_eq!(
        query_error(&["--since", "not-a-date", "x"]),
        "--since: not a date: \"not-a-date\" (use YYYY-MM-DD)"
    );
    assert_eq!(
        query_error(&["--since", "2019-01-01", "--until", "2019-13-01", "x"]),
        "--until: not a date: \"2019-13-01\" (use YYYY-MM-DD)"
    );
}

#[test]
fn query_limit_0_is_refused() {
    assert_eq!(
        query_error(&["--limit", "0", "x"]),
        "--limit must be at least 1"
    );
}

#[test]
fn query_since_after_until_is_refused() {
    assert_eq!(
        query_error(&["--since", "2019-06-30", "--until", "2019-06-01", "x"]),
        "--since 2019-06-30 is after --until 2019-06-01: no article can match"
    );
}

/// Colour follows --color, then the terminal and NO_COLOR; machines' formats
/// never page, and nothing pages into a pipe.
#[test]
fn query_style_and_paging() {
    let no_color = Terminal {
        no_color: true,
        ..TTY
    };
    let cases: [(Terminal, &[&str], Style, bool); 12] = [
        (PIPE, &[], Style::Text, false),
        (TTY, &[], Style::Color, true),
        (no_color, &[], Style::Text, true),
        (PIPE, &["--color", "always"], Style::Color, false),
        (no_color, &["--color", "always"], Style::Color, true),
        (TTY, &["--color", "never"], Style::Text, true),
        (TTY, &["--no-pager"], Style::Color, false),
        (TTY, &["--format", "plain"], Style::Markers, true),
        (TTY, &["--format", "html"], Style::Html, true),
        (TTY, &["--format", "json"], Style::Json, false),
        (TTY, &["--json"], Style::Json, false),
        (PIPE, &["--format", "terminal"], Style::Text, false),
    ];
    for (term, flags, style, page) in cases {
        // --color is global, so it may follow the subcommand.
        let args = [&["query"], flags, &["x"]].concat();
        let c = match config_in(term, &args) {
            Ok(Config::Query(c)) => c,
            other => panic!("{args:?}: {other:?}"),
        };
        assert_eq!((c.style, c.page), (style, page), "{term:?} {args:?}");
    }
}

fn index_in(term: Terminal, args: &[&str]) -> IndexConfig {
    match config_in(term, args) {
        Ok(Config::Index(c)) => c,
        other => panic!("not an index config: {other:?}"),
    }
}

#[test]
fn index_flags_reach_the_options() {
    let c = index_in(
        PIPE,
        &[
            "-i",
            "idx",
            "-v",
            "index",
            "a",
            "b",
            "--rebuild",
            "--hidden",
            "--no-ignore",
            "--memory",
            "64",
            "-j",
            "3",
            "--max-file-size",
            "2",
            "--commit-interval",
            "5",
            "--json",
        ],
    );
    assert_eq!(c.index, PathBuf::from("idx"));
    assert_eq!(c.paths, [PathBuf::from("a"), PathBuf::from("b")]);
    let o = &c.options;
    assert!(o.rebuild && o.walk.hidden && o.walk.no_ignore);
    assert_eq!(o.memory_budget, 64 << 20);
    assert_eq!(o.threads, 3);
    assert_eq!(o.max_file_size, 2 << 20);
    assert_eq!(o.commit_interval, Duration::from_secs(5));
    assert_eq!(o.batch_files, IndexOptions::default().batch_files);
    assert!(c.json);
    assert_eq!((c.quiet, c.verbose), (false, 1));
}

#[test]
fn index_defaults_are_the_librarys_and_floors_hold() {
    let c = index_in(PIPE, &["index", "a"]);
    let d = IndexOptions::default();
    let o = &c.options;
    assert!(!o.rebuild && !o.walk.hidden && !o.walk.no_ignore);
    assert_eq!(
        (
            o.memory_budget,
            o.threads,
            o.max_file_size,
            o.commit_interval
        ),
        (
            d.memory_budget,
            d.threads,
            d.max_file_size,
            d.commit_interval
        )
    );
    // The indexer needs 16 MB and one thread, whatever was asked.
    let c = index_in(PIPE, &["index", "a", "--memory", "1", "-j", "0"]);
    assert_eq!((c.options.memory_budget, c.options.threads), (16 << 20, 1));
}

/// The bar draws on stderr: only there on a terminal, never with -q,
/// --color never or NO_COLOR, and --color always does not force it.
#[test]
fn index_progress_bar() {
    let no_color = Terminal {
        no_color: true,
        ..TTY
    };
    assert!(index_in(TTY, &["index", "a"]).progress_bar);
    assert!(index_in(TTY, &["--color", "always", "index", "a"]).progress_bar);
    assert!(!index_in(PIPE, &["--color", "always", "index", "a"]).progress_bar);
    assert!(!index_in(TTY, &["-q", "index", "a"]).progress_bar);
    assert!(!index_in(TTY, &["--color", "never", "index", "a"]).progress_bar);
    assert!(!index_in(no_color, &["--color", "always", "index", "a"]).progress_bar);
}

#[test]
fn bench_runs_at_least_one_round_on_one_thread() {
    let bench =
        |args: &[&str]| match config_in(PIPE, &[&["bench", "--queries", "q.txt"], args].concat()) {
            Ok(Config::Bench(c)) => c,
            other => panic!("not a bench config: {other:?}"),
        };
    let c = bench(&[]);
    let d = BenchOptions::default();
    assert_eq!(c.queries, PathBuf::from("q.txt"));
    assert_eq!(
        (
            c.options.warmup_rounds,
            c.options.rounds,
            c.options.threads,
            c.options.limit
        ),
        (d.warmup_rounds, d.rounds, 1, 10)
    );
    let c = bench(&["--rounds", "0", "--threads", "0", "--warmup", "0", "--json"]);
    assert_eq!(
        (c.options.warmup_rounds, c.options.rounds, c.options.threads),
        (0, 1, 1)
    );
    assert!(c.json);
}

#[test]
fn stats_and_parse_take_their_flags() {
    match config_in(PIPE, &["-i", "idx", "stats", "--json"]) {
        Ok(Config::Stats(c)) => assert_eq!((c.index, c.json), (PathBuf::from("idx"), true)),
        other => panic!("{other:?}"),
    }
    match config_in(PIPE, &["parse", "a.txt", "b.json"]) {
        Ok(Config::Parse(c)) => {
            assert_eq!(c.files, [PathBuf::from("a.txt"), PathBuf::from("b.json")])
        }
        other => panic!("{other:?}"),
    }
}

fn eval_config(args: &[&str]) -> EvalConfig {
    match config_in(PIPE, &[&["eval", "--qrels", "q.rel"], args].concat()) {
        Ok(Config::Eval(c)) => c,
        other => panic!("not an eval config: {other:?}"),
    }
}

/// `newsidx eval` without ranking flags ranks exactly as the library does.
#[test]
fn eval_defaults_are_the_library_ranking() {
    let c = eval_config(&["-i", "idx"]);
    assert_eq!(c.ranking, Ranking::default());
    assert_eq!((c.format, c.id_map), (Layout::Auto, IdMap::Identity));
    assert_eq!(c.index, PathBuf::from("idx"));
    assert_eq!((c.k, c.tag.as_str()), (1000, "newsidx"));
}

#[test]
fn eval_flags_reach_the_config() {
    let c = eval_config(&[
        "--format",
        "smart",
        "--id-map",
        "gap:370:2",
        "--title-boost",
        "1",
        "--paragraph-weight",
        "0",
        "--strict-max-terms",
        "2",
        "--candidates",
        "7",
        "--no-stop-words",
    ]);
    let want = Ranking {
        title_boost: 1.0,
        paragraph_weight: 0.0,
        strict_max_terms: 2,
        candidates: 7,
        stop_words: false,
        ..Ranking::default()
    };
    assert_eq!(c.ranking, want);
    assert_eq!(c.format, Layout::Smart);
    assert_eq!(
        c.id_map,
        IdMap::Gap {
            after: 370,
            missing: 2
        }
    );
}

#[test]
fn eval_rejects_unknown_values() {
    let err =
        config_in(PIPE, &["eval", "--qrels", "q", "--id-map", "x"]).expect_err("x is no id map");
    // The message names the offending value.
    assert!(err.contains("\"x\""), "{err}");
}
