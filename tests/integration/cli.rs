//! Command-line manners: help, version, completions, man page, exit codes, pipes.

use crate::util::Env;

#[test]
fn version_and_help() {
    let env = Env::empty();
    let r = env.run(&["--version"]);
    assert_eq!(
        r.stdout.trim(),
        format!("newsidx {}", env!("CARGO_PKG_VERSION"))
    );
    for sub in [
        "index",
        "query",
        "stats",
        "parse",
        "eval",
        "bench",
        "completions",
        "man",
    ] {
        let r = env.run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub}");
        assert!(r.stdout.contains("Usage: newsidx"), "{sub}: {}", r.stdout);
        assert!(r.stdout.contains("Example"), "{sub} --help has examples");
    }
    let r = env.run(&["query", "--help"]);
    assert!(r
        .stdout
        .contains("An article without a date never passes --since or --until."));
    let r = env.run(&["--help"]);
    assert!(r.stdout.contains("NEWSIDX_INDEX"));
}

#[test]
fn completions_for_every_shell() {
    let env = Env::empty();
    for (shell, marker) in [
        ("bash", "_newsidx()"),
        ("zsh", "#compdef newsidx"),
        ("fish", "complete -c newsidx"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = env.run(&["completions", shell]);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains(marker), "{shell}");
        assert!(r.stdout.contains("query"), "{shell}");
    }
}

#[test]
fn man_page() {
    let r = Env::empty().run(&["man"]);
    assert!(r.stdout.contains(".TH newsidx 1"));
    assert!(r.stdout.contains("query"));
}

#[test]
fn exit_codes_like_grep() {
    let env = Env::with_seeds();
    env.index_seeds();
    assert_eq!(env.run(&["query", "soybeans"]).code, 0);
    assert_eq!(env.run(&["query", "zeppelin"]).code, 1);
    assert_eq!(env.run(&["query", "(soybeans"]).code, 2);
    assert_eq!(
        env.run(&["query", "soybeans", "--since", "not-a-date"])
            .code,
        2
    );
    assert_eq!(env.run(&["bogus-subcommand"]).code, 2);
}

/// Flags are checked before the index is opened: each one that cannot be
/// used is named on one line, exit 2, nothing on stdout, even with no index.
#[test]
fn unusable_query_flags_are_named_before_the_index_is_opened() {
    let env = Env::empty();
    for (flags, message) in [
        (
            &["--since", "not-a-date"][..],
            "--since: not a date: \"not-a-date\" (use YYYY-MM-DD)",
        ),
        (
            &["--since", "2019", "--until", "2019-02-30"][..],
            "--until: not a date: \"2019-02-30\" (use YYYY-MM-DD)",
        ),
        (
            &["--limit", "0"][..],
            "--limit takes a whole number of results from 1 to 100000, not \"0\"",
        ),
        (
            &["--since", "2019-06-30", "--until", "2019-06-01"][..],
            "--since 2019-06-30 is after --until 2019-06-01: no article can match",
        ),
    ] {
        let r = env.run(&[&["query", "soybeans"], flags].concat());
        assert_eq!(r.code, 2, "{flags:?}");
        assert_eq!(r.stdout, "", "{flags:?}");
        assert_eq!(r.stderr, format!("newsidx: {message}\n"), "{flags:?}");
    }
    assert!(!env.path(".newsidx").exists(), "no index was created");
}

/// A run that skipped some of its inputs exits 1, like one that found nothing,
/// after doing the rest.
#[test]
fn skipped_inputs_exit_1() {
    let env = Env::with_seeds();
    std::fs::write(env.path("news/broken.json"), "{ not json").unwrap();
    let r = env.run(&["parse", "news/missing.txt", "news/broken.json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
    assert!(r.stderr.lines().all(|l| l.starts_with("newsidx: skipped ")));
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(env.run(&["query", "soybeans"]).code, 0);
}

#[test]
fn piped_output_is_plain_and_logs_go_to_stderr() {
    let env = Env::with_seeds();
    env.index_seeds();
    let r = env.run(&["query", "zeppelin"]);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "newsidx: no articles match \"zeppelin\"\n");
    // JSON closes with its summary even when nothing matched.
    let r = env.run(&["query", "--json", "zeppelin"]);
    let summary: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (&summary["type"], &summary["total"]),
        (&"summary".into(), &0.into())
    );
    assert_eq!(r.stderr, "");
    let r = env.run(&["-q", "index", "news"]);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""));
}

/// Regression: a highlight inside the bold title ended with a full reset, so
/// the rest of the title was no longer bold. Every highlight in a title line
/// must reopen the bold when title text follows it.
#[test]
fn bug_color_title_lost_its_bold_after_a_highlight() {
    let env = Env::with_seeds();
    env.index_seeds();
    let r = env.run(&["--color", "always", "query", "--no-pager", "xi jinping"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let titles: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("\x1b[1m") && l.contains(". "))
        .collect();
    let highlighted: Vec<&&str> = titles.iter().filter(|t| t.contains("\x1b[1;31m")).collect();
    assert!(!highlighted.is_empty(), "{:?}", r.stdout);
    for title in highlighted {
        let inner = title
            .strip_suffix("\x1b[0m")
            .expect("the title closes its bold");
        for (i, _) in inner.match_indices("\x1b[0m") {
            let rest = &inner[i + 4..];
            assert!(
                rest.is_empty() || rest.starts_with("\x1b[1m"),
                "bold not reopened in {title:?}"
            );
        }
    }
}
