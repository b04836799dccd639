//! File identity and the messages around it (issue 18): a file is its path's
//! exact bytes, made canonical, whatever spelling reached it; index folders,
//! FIFOs and devices are never read as articles; file names never reach a
//! terminal raw; an index that may be read but not written can be searched;
//! two first runs racing on a new index folder tell the truth.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Env, Run};

/// `newsidx ARGS` with stdout and stderr read losslessly enough for checks.
fn run(env: &Env, args: &[&str]) -> Run {
    env.run(args)
}

/// The `index --json` report's counts: (seen, indexed, unchanged, removed, skipped).
fn index_counts(env: &Env, args: &[&str]) -> (u64, u64, u64, u64, usize) {
    let mut all = vec!["index", "--json"];
    all.extend_from_slice(args);
    let r = run(env, &all);
    assert!(r.code == 0 || r.code == 1, "{:?}\n{}", args, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("index --json");
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    (
        n("files_seen"),
        n("files_indexed"),
        n("files_unchanged"),
        n("files_removed"),
        v["skipped"].as_array().expect("skipped").len(),
    )
}

/// `stats --json`: (articles, paragraphs, files).
fn stats(env: &Env, index: &str) -> (u64, u64, u64) {
    let r = run(env, &["--index", index, "stats", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("stats --json");
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    (n("articles"), n("paragraphs"), n("files"))
}

/// The hit lines of `query --json`, byte for byte (the summary, which holds
/// the elapsed time, left out).
fn hit_lines(env: &Env, index: &str, query: &str) -> Vec<String> {
    let r = run(
        env,
        &["--index", index, "query", "--json", "-n", "50", query],
    );
    assert_eq!(r.code, 0, "{query}: {}", r.stderr);
    r.stdout
        .lines()
        .filter(|l| l.starts_with("{\"type\":\"hit\""))
        .map(str::to_string)
        .collect()
}

#[cfg(unix)]
fn write_bytes_name(dir: &Path, name: &[u8], body: &str) {
    use std::os::unix::ffi::OsStrExt;
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), body).unwrap();
}

#[cfg(unix)]
#[test]
fn non_utf8_names_differing_in_invalid_bytes_stay_distinct() {
    let env = Env::empty();
    let dir = env.path("corpus");
    std::fs::create_dir(&dir).unwrap();
    write_bytes_name(
        &dir,
        b"a\xe9.txt",
        "Walrus report\n\nThe walrus swam north.\n",
    );
    write_bytes_name(
        &dir,
        b"a\xe8.txt",
        "Puffin report\n\nThe puffin flew south.\n",
    );
    write_bytes_name(
        &dir,
        b"a\xff.txt",
        "Lemming report\n\nThe lemming ran east.\n",
    );
    let r = run(&env, &["index", "corpus"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("3 seen, 3 new or changed, 0 unchanged, 0 removed, 0 skipped"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("written:    3 articles"), "{}", r.stdout);
    assert_eq!(stats(&env, ".newsidx"), (3, 3, 3));
    let mut ids = Vec::new();
    for word in ["walrus", "puffin", "lemming"] {
        let (code, hits) = env.json_query(&[word]);
        assert_eq!((code, hits.len()), (0, 1), "{word}");
        ids.push(hits[0]["article"]["id"].as_str().unwrap().to_string());
        // The shown name is lossy; the key behind it is not.
        assert_eq!(hits[0]["article"]["path"], "corpus/a\u{fffd}.txt");
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three distinct ids: {ids:?}");
    // Nothing changed: nothing is read again, nothing collapses.
    assert_eq!(index_counts(&env, &["corpus"]), (3, 0, 3, 0, 0));
    assert_eq!(stats(&env, ".newsidx"), (3, 3, 3));
}

/// `parse` and `index --json` wrote half a JSON value and failed ("path
/// contains invalid UTF-8 characters") on such names; shown names are lossy.
#[cfg(unix)]
#[test]
fn json_output_names_non_utf8_files_lossily_instead_of_failing() {
    let env = Env::empty();
    let dir = env.path("corpus");
    std::fs::create_dir(&dir).unwrap();
    write_bytes_name(
        &dir,
        b"a\xe9.txt",
        "Walrus report\n\nThe walrus swam north.\n",
    );
    write_bytes_name(&dir, b"b\xe9.json", "{ not json");
    let out = Command::new(env!("CARGO_BIN_EXE_newsidx"))
        .arg("parse")
        .arg(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"corpus/a\xe9.txt"))
        .current_dir(env.path(""))
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["path"], "corpus/a\u{fffd}.txt");
    assert_eq!(article["title"], "Walrus report");
    let r = run(&env, &["index", "--json", "corpus"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["articles"], 1);
    assert_eq!(report["skipped"][0]["path"], "corpus/b\u{fffd}.json");
}

/// The class rule: any spelling of the corpus gives the same index, byte for
/// byte, and indexing it under every spelling in turn keeps one copy.
#[cfg(unix)]
#[test]
fn every_spelling_of_a_root_gives_byte_identical_results() {
    let env = Env::with_seeds();
    std::os::unix::fs::symlink(env.path("news"), env.path("link")).unwrap();
    let absolute = env.path("news").to_string_lossy().into_owned();
    let spellings: Vec<&str> = vec![
        "news",
        "news/",
        "./news",
        "news/../news",
        "news/../news/",
        "link",
        "link/",
        &absolute,
    ];
    let queries = ["tariffs", "soybeans", "\"entity list\"", "trade OR china"];
    /// Each query's hit lines, and the stats counts.
    type Outcome = (Vec<Vec<String>>, (u64, u64, u64));
    let mut reference: Option<Outcome> = None;
    for (i, spelling) in spellings.iter().enumerate() {
        let index = format!("idx{i}");
        assert_eq!(
            index_counts(&env, &["--index", &index, spelling]),
            (5, 5, 0, 0, 0),
            "{spelling}"
        );
        let got = (
            queries
                .iter()
                .map(|q| hit_lines(&env, &index, q))
                .collect::<Vec<_>>(),
            stats(&env, &index),
        );
        assert_eq!(got.1, (5, 145, 5), "{spelling}");
        assert!(got.0.iter().all(|hits| !hits.is_empty()), "{spelling}");
        match &reference {
            None => reference = Some(got),
            Some(want) => assert!(*want == got, "{spelling} differs from news:\n{got:?}"),
        }
    }
    // One index, every spelling in turn: the first run reads, the rest find
    // the same five files unchanged, and nothing is duplicated or removed.
    assert_eq!(
        index_counts(&env, &["--index", "one", "news"]),
        (5, 5, 0, 0, 0)
    );
    for spelling in &spellings {
        assert_eq!(
            index_counts(&env, &["--index", "one", spelling]),
            (5, 0, 5, 0, 0),
            "{spelling}"
        );
    }
    // Several spellings in one run name one folder: each file once.
    assert_eq!(
        index_counts(&env, &["--index", "many", "news", "news/../news/", "link"]),
        (5, 5, 0, 0, 0)
    );
    assert_eq!(stats(&env, "one"), (5, 145, 5));
    assert_eq!(stats(&env, "many"), (5, 145, 5));
    // The one index answers exactly as the first of the fresh ones.
    let want = &reference.unwrap().0;
    for (q, hits) in queries.iter().zip(want) {
        assert_eq!(&hit_lines(&env, "one", q), hits, "{q}");
    }
}

/// One file under several names in one walk (a symlink beside it, a hard
/// link, a symlinked folder) is read once, under the first name in order.
#[cfg(unix)]
#[test]
fn a_file_reached_twice_in_one_run_is_read_once() {
    let env = Env::with_seeds();
    let news = env.path("news");
    std::os::unix::fs::symlink(
        news.join("000_aee63b4ea7e1a7d6.txt"),
        news.join("zz_alias.txt"),
    )
    .unwrap();
    std::fs::hard_link(
        news.join("001_1b64d89a1122dfa0.txt"),
        news.join("zz_hard.txt"),
    )
    .unwrap();
    std::fs::create_dir(env.path("other")).unwrap();
    std::os::unix::fs::symlink(&news, env.path("other/news_again")).unwrap();
    assert_eq!(index_counts(&env, &["news", "other"]), (5, 5, 0, 0, 0));
    assert_eq!(stats(&env, ".newsidx"), (5, 145, 5));
    assert_eq!(index_counts(&env, &["news", "other"]), (5, 0, 5, 0, 0));
}

#[test]
fn a_root_with_a_trailing_slash_removes_deleted_files() {
    let env = Env::with_seeds();
    assert_eq!(index_counts(&env, &["news/"]), (5, 5, 0, 0, 0));
    std::fs::remove_file(env.path("news/004_eaa9afaed82b8cc6.txt")).unwrap();
    assert_eq!(index_counts(&env, &["news/"]), (4, 0, 4, 1, 0));
    assert_eq!(stats(&env, ".newsidx").0, 4);
    let (_, hits) = env.json_query(&["--no-fold", "tariffs"]);
    assert_eq!(hits.len(), 4);
    assert!(
        hits.iter().all(|h| !h["article"]["path"]
            .as_str()
            .unwrap()
            .contains("004_eaa9afaed82b8cc6")),
        "the deleted file's article is gone: {hits:?}"
    );
}

#[test]
fn an_index_folder_inside_the_corpus_is_never_indexed() {
    let env = Env::with_seeds();
    // `.` holds news/ and, once the run starts, the index idx/ itself.
    assert_eq!(
        index_counts(&env, &["--index", "./idx", "."]),
        (5, 5, 0, 0, 0)
    );
    assert_eq!(
        index_counts(&env, &["--index", "./idx", "."]),
        (5, 0, 5, 0, 0)
    );
    // Another index in the corpus is no corpus either.
    assert_eq!(
        index_counts(&env, &["--index", "news/inner", "news"]),
        (5, 5, 0, 0, 0)
    );
    assert_eq!(stats(&env, "idx"), (5, 145, 5));
    // The index named as a root gives nothing to read.
    assert_eq!(
        index_counts(&env, &["--index", "./idx", "idx"]),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(stats(&env, "idx"), (5, 145, 5));
}

#[test]
fn a_file_dated_before_1970_is_not_read_again_on_every_run() {
    let env = Env::with_seeds();
    let f = std::fs::File::options()
        .write(true)
        .open(env.path("news/003_3a7dd686d809543b.txt"))
        .unwrap();
    f.set_modified(std::time::UNIX_EPOCH - Duration::from_secs(10 * 365 * 86_400))
        .unwrap();
    drop(f);
    assert_eq!(index_counts(&env, &["news"]), (5, 5, 0, 0, 0));
    assert_eq!(index_counts(&env, &["news"]), (5, 0, 5, 0, 0));
    assert_eq!(index_counts(&env, &["news"]), (5, 0, 5, 0, 0));
}

/// Runs `newsidx ARGS` in `env`, failing (not hanging) after `limit`.
fn run_bounded(env: &Env, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsidx"))
        .args(args)
        .current_dir(env.path(""))
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("newsidx {args:?} still ran after {limit:?}: it blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo(1) is needed to make a FIFO for this test");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_given_as_a_path_is_reported_not_opened() {
    let env = Env::with_seeds();
    mkfifo(&env.path("pipe.txt"));
    mkfifo(&env.path("news/pipe.txt"));
    let limit = Duration::from_secs(20);
    let r = run_bounded(&env, &["parse", "pipe.txt"], limit);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "newsidx: skipped pipe.txt: is a FIFO (named pipe), not a regular file\n"
        )
    );
    let r = run_bounded(&env, &["parse", "/dev/null"], limit);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "newsidx: skipped /dev/null: is a character device, not a regular file\n"
        )
    );
    // In a walk, and named as a root: skipped with a message naming it.
    let r = run_bounded(&env, &["index", "news", "pipe.txt"], limit);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut lines: Vec<&str> = r.stderr.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "newsidx: skipped news/pipe.txt: is a FIFO (named pipe), not a regular file",
            "newsidx: skipped pipe.txt: is a FIFO (named pipe), not a regular file",
        ]
    );
    assert!(
        r.stdout
            .contains("5 seen, 5 new or changed, 0 unchanged, 0 removed, 2 skipped"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_in_every_output() {
    let env = Env::with_seeds();
    let evil = "evil\x1b[2J\nname\u{202e}.txt";
    let shown = "news/evil\\x1b[2J\\nname\\u{202e}.txt";
    std::fs::write(
        env.path("news").join(evil),
        "Quokka census\n\nThe quokka census counted many quokkas.\n",
    )
    .unwrap();
    std::fs::write(env.path("news").join("bad\x1b]0;x\x07.json"), "{ not json").unwrap();
    // A raw newline in the name would start a forged line with "name".
    let raw = |s: &str| s.lines().any(|l| l.starts_with("name"));
    // Progress (-vv names every file), warnings and the summary.
    let r = run(&env, &["-vv", "index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for out in [&r.stdout, &r.stderr] {
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
        assert!(!raw(out), "{out:?}");
    }
    assert!(
        r.stderr
            .contains(&format!("newsidx: indexed {shown} (1 articles)")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("newsidx: skipped news/bad\\x1b]0;x\\x07.json:1: invalid JSON"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("  news/bad\\x1b]0;x\\x07.json:1: invalid JSON"),
        "{}",
        r.stdout
    );
    // Every format of the hit.
    for (args, want) in [
        (
            &["--color", "never", "query", "quokka"][..],
            shown.to_string(),
        ),
        (
            &["query", "--format", "plain", "quokka"][..],
            shown.to_string(),
        ),
        (
            &["query", "--format", "html", "quokka"][..],
            format!("<p class=\"path\">{shown}</p>"),
        ),
    ] {
        let r = run(&env, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            !r.stdout.contains('\x1b') && !r.stdout.contains('\u{202e}'),
            "{args:?}: {:?}",
            r.stdout
        );
        assert!(r.stdout.contains(&want), "{args:?}: {:?}", r.stdout);
    }
    // Colour: the only ESCs are newsidx's own colour codes.
    let r = run(&env, &["--color", "always", "query", "quokka"]);
    assert!(r.stdout.contains(shown), "{:?}", r.stdout);
    assert!(
        !r.stdout.contains("\x1b[2J") && !r.stdout.contains('\u{202e}'),
        "{:?}",
        r.stdout
    );
    // JSON: serde escapes control characters; the parsed path is the name.
    let (_, hits) = env.json_query(&["quokka"]);
    assert_eq!(hits[0]["article"]["path"], format!("news/{evil}"));
    let r = run(&env, &["query", "--json", "quokka"]);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
    assert!(r.stdout.contains("evil\\u001b[2J\\nname"), "{:?}", r.stdout);
    // parse's warnings and error messages.
    let r = run(&env, &["parse", "news/bad\x1b]0;x\x07.json"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("newsidx: skipped news/bad\\x1b]0;x\\x07.json:1: invalid JSON"),
        "{:?}",
        r.stderr
    );
    let r = run(&env, &["--index", "no\x1b[2Jwhere", "stats"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "newsidx: no index at no\\x1b[2Jwhere; create one with `newsidx index PATH`\n"
    );
}

/// Makes everything under `path` read-only (folders keep their search bit).
#[cfg(unix)]
fn read_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for e in walkdir_all(path) {
        let m = std::fs::metadata(&e).unwrap();
        let mode = if m.is_dir() { 0o555 } else { 0o444 };
        std::fs::set_permissions(&e, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

fn walkdir_all(path: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![path.to_path_buf()];
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            out.extend(walkdir_all(&e.unwrap().path()));
        }
    }
    out
}

/// A healthy index this user may read but not write (another user's, or on a
/// read-only file system) is searched, and no message calls it damaged.
/// Running as root, whom modes do not stop, the commands run as `nobody`
/// (uid 65534), for whom they do; as anyone else, the modes alone do it.
#[cfg(unix)]
#[test]
fn a_read_only_index_can_be_queried() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let env = Env::with_seeds();
    env.index_seeds();
    let want = hit_lines(&env, ".newsidx", "tariffs");
    let (code, hits) = env.json_query(&["soybeans"]);
    assert_eq!((code, hits.len()), (0, 1));
    read_only(&env.path(".newsidx"));
    let as_root = std::fs::metadata(env.path("")).unwrap().uid() == 0;
    if as_root {
        // nobody must reach the index.
        std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("running as root: the read-only commands run as uid 65534");
    }
    let run_ro = |args: &[&str]| -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsidx"));
        cmd.args(args).current_dir(env.path("")).env_clear();
        if as_root {
            cmd.uid(65534).gid(65534);
        }
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    let r = run_ro(&["query", "--json", "-n", "50", "tariffs"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: Vec<String> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("{\"type\":\"hit\""))
        .map(str::to_string)
        .collect();
    assert_eq!(got, want);
    let r = run_ro(&["stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Articles:   5"), "{}", r.stdout);
    // Writing fails, saying why, and not that the index is damaged.
    let r = run_ro(&["index", "news"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("Permission denied"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("rebuild") && !r.stderr.contains("not a usable"),
        "{}",
        r.stderr
    );
    // Give the scratch folder back.
    for e in walkdir_all(&env.path(".newsidx")) {
        let mode = if e.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&e, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// Two first runs racing to create one index folder: one creates it, the
/// other waits its turn or is told the index is locked, never that the folder
/// is "not a usable newsidx index".
#[test]
fn two_first_runs_racing_on_a_new_index_folder_get_the_lock_message() {
    let env = Env::with_seeds();
    let mut locked = 0;
    for round in 0..12 {
        let index = format!("race{round}");
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_newsidx"))
                .args(["--index", &index, "index", "news"])
                .current_dir(env.path(""))
                .env_clear()
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => assert!(stderr.is_empty(), "{stderr}"),
                Some(2) => {
                    assert_eq!(
                        stderr,
                        format!(
                            "newsidx: the index at {index} is locked by another newsidx run; \
                             wait for it to finish\n"
                        )
                    );
                    locked += 1;
                }
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
        }
        assert_eq!(stats(&env, &index), (5, 145, 5), "round {round}");
    }
    eprintln!("{locked} of 12 races ended with the lock message");
}
