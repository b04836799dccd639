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
    let argv = crate::cli::with_query_words([&["newsidx"], args].concat());
    let cli = Cli::try_parse_from(argv).expect("clap accepts these");
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
        "--limit takes a whole number of results from 1 to 100000, not \"0\""
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
fn index_defaults_are_the_librarys_and_ranges_hold() {
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
    // The indexer needs 16 MB and one thread: less is refused, not raised.
    let c = index_in(PIPE, &["index", "a", "--memory", "16", "-j", "1"]);
    assert_eq!((c.options.memory_budget, c.options.threads), (16 << 20, 1));
    assert_eq!(
        config_in(PIPE, &["index", "a", "--memory", "1"]).unwrap_err(),
        format!(
            "--memory takes a whole number of MB from 16 to {}, not \"1\"",
            4095 * d.threads.min(8)
        )
    );
    assert_eq!(
        config_in(PIPE, &["index", "a", "-j", "0"]).unwrap_err(),
        "--threads takes a whole number of threads from 1 to 256, not \"0\""
    );
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
    let c = bench(&["--rounds", "1", "--threads", "1", "--warmup", "0", "--json"]);
    assert_eq!(
        (c.options.warmup_rounds, c.options.rounds, c.options.threads),
        (0, 1, 1)
    );
    assert!(c.json);
    // No rounds or no threads is refused, not raised.
    for (flag, what) in [("--rounds", "passes"), ("--threads", "threads")] {
        let max = if flag == "--rounds" { 1_000_000 } else { 256 };
        assert_eq!(
            config_in(PIPE, &["bench", "--queries", "q", flag, "0"]).unwrap_err(),
            format!("{flag} takes a whole number of {what} from 1 to {max}, not \"0\"")
        );
    }
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

/// Every numeric flag of every command, with the command line before it, its
/// refusal up to the value, and which of the probe values it accepts.
const NUMERIC_FLAGS: &[(&[&str], &str, &str, &[&str])] = &[
    (
        &["index", "a", "-j", "2"],
        "--memory",
        "--memory takes a whole number of MB from 16 to 8190",
        &[],
    ),
    (
        &["index", "a", "-j", "4"],
        "--memory",
        "--memory takes a whole number of MB from 16 to 16380",
        &[],
    ),
    (
        &["index", "a", "-j", "1"],
        "--memory",
        "--memory takes a whole number of MB from 16 to 4095",
        &[],
    ),
    (
        &["index", "a"],
        "-j",
        "--threads takes a whole number of threads from 1 to 256",
        &[],
    ),
    (
        &["index", "a"],
        "--threads",
        "--threads takes a whole number of threads from 1 to 256",
        &[],
    ),
    (
        &["index", "a"],
        "--max-file-size",
        "--max-file-size takes a whole number of MB from 1 to 1048576",
        &[],
    ),
    (
        &["index", "a"],
        "--commit-interval",
        "--commit-interval takes a whole number of seconds from 0 to 604800",
        &["0"],
    ),
    (
        &["query", "x"],
        "-n",
        "--limit takes a whole number of results from 1 to 100000",
        &[],
    ),
    (
        &["query", "x"],
        "--limit",
        "--limit takes a whole number of results from 1 to 100000",
        &[],
    ),
    (
        &["query", "x"],
        "--offset",
        "--offset takes a whole number of results from 0 to 1000000",
        &["0"],
    ),
    (
        &["bench", "--queries", "q"],
        "--rounds",
        "--rounds takes a whole number of passes from 1 to 1000000",
        &[],
    ),
    (
        &["bench", "--queries", "q"],
        "--warmup",
        "--warmup takes a whole number of passes from 0 to 1000000",
        &["0"],
    ),
    (
        &["bench", "--queries", "q"],
        "--threads",
        "--threads takes a whole number of threads from 1 to 256",
        &[],
    ),
    (
        &["eval", "--qrels", "q"],
        "-k",
        "-k takes a whole number of documents from 1 to 100000",
        &[],
    ),
    (
        &["eval", "--qrels", "q"],
        "--title-boost",
        "--title-boost takes a weight from 0 to 1000",
        &["0", "2.5"],
    ),
    (
        &["eval", "--qrels", "q"],
        "--paragraph-weight",
        "--paragraph-weight takes a weight from 0 to 1000",
        &["0", "2.5"],
    ),
    (
        &["eval", "--qrels", "q"],
        "--strict-max-terms",
        "--strict-max-terms takes a whole number of terms from 0 to 1024",
        &["0"],
    ),
    (
        &["eval", "--qrels", "q"],
        "--candidates",
        "--candidates takes a whole number of articles from 1 to 1000000",
        &[],
    ),
];

/// Values no numeric flag may take silently: zero, negative, huge, past every
/// integer type, not a number, fractional, exponent, empty, NaN, infinite.
const PROBES: &[&str] = &[
    "0",
    "-1",
    "-5",
    "18446744073709551615",
    "18446744073709551616",
    "17592186044416",
    "1e14",
    "abc",
    "2.5",
    "",
    "NaN",
    "inf",
    " ",
    "5x",
];

/// The cases: `-n 18446744073709551615` panicked, `-n 1e14` aborted
/// on an allocation, `--max-file-size` of 2^44 or more wrapped to 0 bytes and
/// skipped every file, `--memory 100000` got tantivy's per-thread message.
/// Every numeric flag now refuses every value outside its range, in one line
/// that names the flag, its unit and its range.
#[test]
fn every_numeric_flag_refuses_values_outside_its_range() {
    let mut checked = 0;
    for (before, flag, refusal, accepted) in NUMERIC_FLAGS {
        for value in PROBES {
            let args = [*before, &[*flag, *value]].concat();
            let got = config_in(PIPE, &args);
            if accepted.contains(value) {
                assert!(got.is_ok(), "{args:?}: {got:?}");
            } else {
                assert_eq!(
                    got.map(|_| ()).unwrap_err(),
                    format!("{refusal}, not {value:?}"),
                    "{args:?}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, NUMERIC_FLAGS.len() * PROBES.len());
}

/// The edges of each range are accepted and reach the config.
#[test]
fn numeric_flags_accept_the_ends_of_their_ranges() {
    let c = index_in(
        PIPE,
        &[
            "index",
            "a",
            "-j",
            "8",
            "--memory",
            "32760",
            "--max-file-size",
            "1048576",
            "--commit-interval",
            "604800",
        ],
    );
    assert_eq!(c.options.memory_budget, 32760 << 20);
    assert_eq!(c.options.max_file_size, 1 << 40);
    assert_eq!(c.options.commit_interval, Duration::from_secs(604800));
    // More threads than the writer runs do not raise the memory bound.
    assert!(config_in(PIPE, &["index", "a", "-j", "256", "--memory", "32761"]).is_err());
    let r = query(&["-n", "100000", "--offset", "1000000", "x"]).request;
    assert_eq!((r.limit, r.offset), (100_000, 1_000_000));
    let c = eval_config(&[
        "-k",
        "100000",
        "--title-boost",
        "1000",
        "--strict-max-terms",
        "1024",
        "--candidates",
        "1000000",
    ]);
    assert_eq!(
        (
            c.k,
            c.ranking.title_boost,
            c.ranking.strict_max_terms,
            c.ranking.candidates
        ),
        (100_000, 1000.0, 1024, 1_000_000)
    );
}

/// `newsidx query economy -growth` searched nothing: clap read `-growth` as
/// flags. A word starting with `-` that is not one of `query`'s flags is a
/// query word, wherever it stands; real flags still work around the words.
#[test]
fn query_word_starting_with_a_hyphen_after_other_words_is_a_query_word() {
    let q = |args: &[&str]| {
        let r = query(args).request;
        (r.query, r.limit)
    };
    assert_eq!(q(&["economy", "-growth"]), ("economy -growth".into(), 10));
    assert_eq!(
        q(&["economy", "-growth", "-n", "5"]),
        ("economy -growth".into(), 5)
    );
    assert_eq!(
        q(&["economy", "-n", "5", "-growth"]),
        ("economy -growth".into(), 5)
    );
    assert_eq!(q(&["economy", "-n5"]), ("economy".into(), 5));
    assert_eq!(
        q(&["economy", "--limit=5", "-zte"]),
        ("economy -zte".into(), 5)
    );
    assert_eq!(q(&["-zte", "huawei"]), ("-zte huawei".into(), 10));
    // `-i` is --index, but `-inflation` is a word, not `-i nflation`.
    let c = query(&["prices", "-inflation"]);
    assert_eq!(
        (c.request.query.as_str(), c.index.clone()),
        (
            "prices -inflation",
            newsidx_core::index::default_index_path()
        )
    );
    assert_eq!(query(&["prices", "-i", "idx"]).index, PathBuf::from("idx"));
    // Flags without a value run together; after `--` everything is a word.
    let c = query(&["-qv", "trade"]);
    assert_eq!((c.request.query.as_str(), c.quiet), ("trade", true));
    assert_eq!(q(&["--", "-n", "5"]), ("-n 5".into(), 10));
    // A flag's value is taken whatever it looks like: `-n -5` is a bad limit.
    assert_eq!(
        query_error(&["x", "-n", "-5"]),
        "--limit takes a whole number of results from 1 to 100000, not \"-5\""
    );
    // An unknown long flag is left for clap to refuse, not searched.
    let argv = crate::cli::with_query_words(["newsidx", "query", "x", "--lmit", "5"]);
    assert_eq!(
        argv,
        ["newsidx", "query", "--lmit", "--", "x", "5"].map(std::ffi::OsString::from)
    );
    assert!(Cli::try_parse_from(argv).is_err());
    // Other commands are left alone.
    assert_eq!(
        crate::cli::with_query_words(["newsidx", "-i", "query", "index", "-x"]),
        ["newsidx", "-i", "query", "index", "-x"].map(std::ffi::OsString::from)
    );
}
