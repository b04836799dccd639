//! Arguments and messages (issue 18): no number on the command line panics or
//! wraps, a query word may start with `-`, and messages say what happened.

use crate::util::{file_of, Env};

/// Runs `newsidx ARGS` in a fresh directory and expects a usage error: exit 2
/// and exactly `newsidx: MESSAGE` on stderr, nothing on stdout.
fn refused(env: &Env, args: &[&str], message: &str) {
    let r = env.run(args);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (2, "", format!("newsidx: {message}\n").as_str()),
        "{args:?}"
    );
}

#[test]
fn limit_of_u64_max_is_refused_without_a_panic() {
    let env = Env::with_seeds();
    env.index_seeds();
    refused(
        &env,
        &["query", "-n", "18446744073709551615", "trade"],
        "--limit takes a whole number of results from 1 to 100000, not \"18446744073709551615\"",
    );
}

#[test]
fn limit_1e14_is_refused_without_an_allocation_abort() {
    let env = Env::with_seeds();
    env.index_seeds();
    refused(
        &env,
        &["query", "trade", "-n", "1e14"],
        "--limit takes a whole number of results from 1 to 100000, not \"1e14\"",
    );
    refused(
        &env,
        &["query", "trade", "-n", "100000000000000"],
        "--limit takes a whole number of results from 1 to 100000, not \"100000000000000\"",
    );
}

/// 2^44 MB in bytes is 2^64: it wrapped, and every file was skipped as empty.
#[test]
fn max_file_size_of_2_pow_44_mb_is_refused_not_wrapped() {
    let env = Env::with_seeds();
    refused(
        &env,
        &["index", "news", "--max-file-size", "17592186044416"],
        "--max-file-size takes a whole number of MB from 1 to 1048576, not \"17592186044416\"",
    );
    // The largest accepted value indexes every file.
    let r = env.run(&["index", "news", "--max-file-size", "1048576", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary: serde_json::Value = serde_json::from_str(r.stdout.trim()).expect("JSON");
    assert_eq!(summary["articles"], 5, "{summary}");
}

/// `--memory 100000` reached tantivy, whose message named its per-thread
/// byte limit instead of the flag.
#[test]
fn memory_past_the_per_thread_limit_names_the_flag_and_its_range() {
    let env = Env::with_seeds();
    refused(
        &env,
        &["index", "news", "--memory", "100000", "-j", "2"],
        "--memory takes a whole number of MB from 16 to 8190, not \"100000\"",
    );
}

/// Every numeric flag of every command, through the real binary: a usage
/// error naming the flag, its unit and range, exit 2, never a panic.
#[test]
fn every_numeric_flag_refuses_bad_numbers_in_one_line() {
    let env = Env::empty();
    let flags: &[(&[&str], &str, &str)] = &[
        (
            &["index", "a", "-j", "1"],
            "--memory",
            "--memory takes a whole number of MB from 16 to 4095",
        ),
        (
            &["index", "a"],
            "-j",
            "--threads takes a whole number of threads from 1 to 256",
        ),
        (
            &["index", "a"],
            "--max-file-size",
            "--max-file-size takes a whole number of MB from 1 to 1048576",
        ),
        (
            &["index", "a"],
            "--commit-interval",
            "--commit-interval takes a whole number of seconds from 0 to 604800",
        ),
        (
            &["query", "x"],
            "-n",
            "--limit takes a whole number of results from 1 to 100000",
        ),
        (
            &["query", "x"],
            "--offset",
            "--offset takes a whole number of results from 0 to 1000000",
        ),
        (
            &["bench", "--queries", "q"],
            "--rounds",
            "--rounds takes a whole number of passes from 1 to 1000000",
        ),
        (
            &["bench", "--queries", "q"],
            "--warmup",
            "--warmup takes a whole number of passes from 0 to 1000000",
        ),
        (
            &["bench", "--queries", "q"],
            "--threads",
            "--threads takes a whole number of threads from 1 to 256",
        ),
        (
            &["eval", "--qrels", "q"],
            "-k",
            "-k takes a whole number of documents from 1 to 100000",
        ),
        (
            &["eval", "--qrels", "q"],
            "--title-boost",
            "--title-boost takes a weight from 0 to 1000",
        ),
        (
            &["eval", "--qrels", "q"],
            "--paragraph-weight",
            "--paragraph-weight takes a weight from 0 to 1000",
        ),
        (
            &["eval", "--qrels", "q"],
            "--strict-max-terms",
            "--strict-max-terms takes a whole number of terms from 0 to 1024",
        ),
        (
            &["eval", "--qrels", "q"],
            "--candidates",
            "--candidates takes a whole number of articles from 1 to 1000000",
        ),
    ];
    for (before, flag, refusal) in flags {
        for value in ["-1", "18446744073709551616", "abc", "NaN", "1e300"] {
            let args = [*before, &[*flag, value]].concat();
            refused(&env, &args, &format!("{refusal}, not {value:?}"));
        }
    }
}

/// `newsidx query economy -growth` got clap's "unexpected argument". A word
/// starting with `-` is a query word (here an exclusion), and real flags
/// still work after the words.
#[test]
fn query_word_starting_with_a_hyphen_after_other_words_excludes_it() {
    let env = Env::with_seeds();
    env.index_seeds();
    let files = |args: &[&str]| {
        let (code, hits) = env.json_query(args);
        assert_eq!(code, 0);
        let mut files: Vec<String> = hits.iter().map(file_of).collect();
        files.sort();
        files
    };
    let all = files(&["--no-fold", "huawei"]);
    assert_eq!(all.len(), 5);
    // 000's "OSAKA, Japan --" is its dateline, not its text: only 004 says
    // Osaka in its text.
    let without_osaka = [
        "000_aee63b4ea7e1a7d6.txt",
        "001_1b64d89a1122dfa0.txt",
        "002_1a335bc8bdded650.txt",
        "003_3a7dd686d809543b.txt",
    ];
    assert_eq!(files(&["--no-fold", "huawei", "-osaka"]), without_osaka);
    assert_eq!(
        files(&["huawei", "-osaka", "--no-fold", "-n", "5"]),
        without_osaka
    );
    assert_eq!(
        files(&["huawei", "-osaka", "--no-fold", "-n", "2"]).len(),
        2
    );
}

/// Queries whose words are all 40 bytes or longer were told they held "only
/// punctuation or symbols".
#[test]
fn over_long_word_query_says_its_words_are_too_long() {
    let env = Env::with_seeds();
    env.index_seeds();
    let long = "antidisestablishmentarianismantidisestablishment";
    let r = env.run(&["query", long]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "newsidx: bad query at column 1: the query has no searchable words: words of 40 \
             bytes or more are not indexed, and `antidisestablish…` has 48 bytes\n  {long}\n  ^\n"
        )
    );
}

/// A Chinese-only query was called punctuation: whatever the analyzer makes
/// of it, the message never says so.
#[test]
fn cjk_only_query_is_not_called_punctuation() {
    let env = Env::with_seeds();
    env.index_seeds();
    for q in ["经济", "中华人民共和国国务院新闻办公室", "東京 経済"] {
        let r = env.run(&["query", q]);
        assert!(r.code == 1 || r.code == 2, "{q}: {}", r.stderr);
        assert!(!r.stderr.contains("punctuation"), "{q}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{q}: {}", r.stderr);
    }
}

/// The eval warning for a run whose documents are not judged read
/// `newsidx: newsidx: ...` (the run's tag is newsidx).
#[test]
fn eval_messages_have_one_newsidx_prefix() {
    let env = Env::with_seeds();
    std::fs::write(env.path("t.txt"), "1\thuawei\n2\t???\n").unwrap();
    std::fs::write(env.path("q.rel"), "1 0 nowhere 1\n2 0 nowhere 1\n").unwrap();
    let r = env.run(&[
        "eval", "--docs", "news", "--topics", "t.txt", "--qrels", "q.rel",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "newsidx: indexed 5 documents in memory\n\
         newsidx: topic 2: bad query at column 1: the query has no searchable words (only \
         punctuation or symbols)\n\
         newsidx: no document that run \"newsidx\" retrieved is judged; check --id-map\n"
    );
}

/// A TREC judgments file with a short line was read as SMART without a word.
#[test]
fn malformed_judgment_line_is_reported_with_file_and_line() {
    let env = Env::with_seeds();
    std::fs::write(env.path("t.txt"), "1\thuawei\n").unwrap();
    std::fs::write(env.path("q.rel"), "1 0 d1 1\n1 0 d2\n").unwrap();
    refused(
        &env,
        &[
            "eval", "--docs", "news", "--topics", "t.txt", "--qrels", "q.rel",
        ],
        "q.rel:2: expected `qid 0 docid rel`, found 3 fields",
    );
    std::fs::write(env.path("q.rel"), "1 0 d1 1\n1 0 d2 maybe\n").unwrap();
    refused(
        &env,
        &[
            "eval", "--docs", "news", "--topics", "t.txt", "--qrels", "q.rel",
        ],
        "q.rel:2: judgment \"maybe\" is not a whole number",
    );
}
