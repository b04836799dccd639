//! `newsidx index` and `newsidx stats`.

use crate::util::Env;

#[test]
fn indexes_the_seeds_and_summarizes() {
    let env = Env::with_seeds();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("5 seen, 5 new or changed, 0 unchanged, 0 removed, 0 skipped"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("5 articles, 145 paragraphs"),
        "{}",
        r.stdout
    );
    assert!(env.path(".newsidx/newsidx.json").exists());
}

#[test]
fn second_run_changes_nothing_and_results_stay_identical() {
    let env = Env::with_seeds();
    env.index_seeds();
    // The hits, without the summary's elapsed time.
    let hits = |env: &Env| env.json_query(&["trade talks"]).1;
    let before = hits(&env);
    let r = env.run(&["index", "news"]);
    assert!(
        r.stdout.contains("5 seen, 0 new or changed, 5 unchanged"),
        "{}",
        r.stdout
    );
    assert_eq!(hits(&env), before);
}

#[test]
fn changed_files_are_replaced_and_gone_files_removed() {
    let env = Env::with_seeds();
    env.index_seeds();
    std::fs::write(
        env.path("news/003_3a7dd686d809543b.txt"),
        "Pandas return to the zoo\n\nThe zoo welcomed two giant pandas on Monday.\n",
    )
    .unwrap();
    std::fs::remove_file(env.path("news/004_eaa9afaed82b8cc6.txt")).unwrap();
    let r = env.run(&["index", "news"]);
    assert!(
        r.stdout
            .contains("4 seen, 1 new or changed, 3 unchanged, 1 removed"),
        "{}",
        r.stdout
    );
    let (_, hits) = env.json_query(&["pandas"]);
    assert_eq!(hits.len(), 1);
    // The old text of 003 and all of 004 are gone.
    let (code, _) = env.json_query(&["\"Politburo Standing Committee\""]);
    assert_eq!(code, 1);
    let (code, _) = env.json_query(&["\"Charm and Threats\""]);
    assert_eq!(code, 1);
    let stats = env.run(&["stats"]);
    assert!(stats.stdout.contains("Articles:   4"), "{}", stats.stdout);
}

#[test]
fn rebuild_starts_over() {
    let env = Env::with_seeds();
    env.index_seeds();
    let r = env.run(&["index", "--rebuild", "news"]);
    assert!(
        r.stdout.contains("5 new or changed, 0 unchanged"),
        "{}",
        r.stdout
    );
    assert!(env.run(&["stats"]).stdout.contains("Articles:   5"));
}

#[test]
fn bad_files_are_reported_and_skipped_and_the_run_goes_on() {
    let env = Env::with_seeds();
    std::fs::write(env.path("news/empty.txt"), "").unwrap();
    std::fs::write(env.path("news/photo.png"), [0x89, b'P', b'N', b'G', 0, 0]).unwrap();
    std::fs::write(
        env.path("news/binary.txt"),
        [0x7f, b'E', b'L', b'F', 0, 1, 2, 3],
    )
    .unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "skipped files make the exit code 1");
    assert!(
        r.stderr.contains("empty.txt: file is empty"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("photo.png: unsupported file type .png"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("binary.txt: binary file (not text)"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("5 articles"), "{}", r.stdout);
}

#[test]
fn stats_describe_the_index() {
    let env = Env::with_seeds();
    env.index_seeds();
    let r = env.run(&["stats", "--json"]);
    let s: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["articles"], 5);
    assert_eq!(s["paragraphs"], 145);
    assert_eq!(s["undated"], 3);
    assert_eq!(s["earliest"], "2018-05-21");
    assert_eq!(s["latest"], "2019-06-30");
}

#[test]
fn missing_index_is_one_clear_error() {
    let env = Env::empty();
    let r = env.run(&["query", "trade"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim(),
        "newsidx: no index at .newsidx; create one with `newsidx index PATH`"
    );
}

#[test]
fn index_location_comes_from_flag_or_environment() {
    let env = Env::with_seeds();
    let r = env.run(&["--index", "elsewhere", "index", "news"]);
    assert_eq!(r.code, 0);
    assert!(env.path("elsewhere/newsidx.json").exists());
    assert!(!env.path(".newsidx").exists());
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
    let env = Env::with_seeds();
    env.index_seeds();
    let index = newsidx_core::Index::open(env.path(".newsidx")).unwrap();
    let _writer = index.writer().unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("is locked by another newsidx run; wait for it to finish"),
        "{}",
        r.stderr
    );
    // Searching is not blocked by the writer.
    assert_eq!(env.run(&["query", "soybeans"]).code, 0);
}

#[test]
fn a_foreign_directory_is_never_taken_over() {
    let env = Env::with_seeds();
    std::fs::create_dir(env.path("notes")).unwrap();
    std::fs::write(env.path("notes/todo.txt"), "buy milk").unwrap();
    let r = env.run(&["--index", "notes", "index", "news"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "not a usable newsidx index (the directory is not empty and holds no newsidx index)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(env.path("notes/todo.txt")).unwrap(),
        "buy milk"
    );
}

/// Writes `n` small distinct articles into `dir`.
fn write_corpus(dir: &std::path::Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let body = format!(
            "Report number {i} on harvest{} and shipping{}\n\n\
             date 2020-01-{:02}\n\n\
             Farmers in district {i} shipped {} tonnes of grain{} this week.\n\n\
             Port officials said capacity{} would rise next season.\n",
            i % 7,
            i % 11,
            i % 28 + 1,
            i * 3,
            i % 13,
            i % 5
        );
        std::fs::write(dir.join(format!("{i:05}.txt")), body).unwrap();
    }
}

/// SIGKILLs `newsidx index` at pseudo-random moments (NEWSIDX_KILLS times, 5 by
/// default; the 50-kill run is `NEWSIDX_KILLS=50 cargo test --release
/// --test integration killed`).
#[test]
fn killed_runs_leave_a_searchable_index_and_the_next_run_completes() {
    let env = Env::with_seeds();
    env.index_seeds();
    write_corpus(&env.path("news/bulk"), 3000);
    let bin = env!("CARGO_BIN_EXE_newsidx");
    let kills: u64 = std::env::var("NEWSIDX_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    // A fixed xorshift sequence: reproducible "random" moments from 10 to 1200 ms.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    // Kills that found the run still going; a run that finished first has the
    // files touched, so the next run has all of them to redo.
    let mut landed = 0;
    let mut touched = 0u64;
    let mut searched_while_running = 0u64;
    for _ in 0..kills {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let delay_ms = 10 + x % 1190;
        // Commit after every batch so kills land between and inside commits.
        let mut child = std::process::Command::new(bin)
            .args(["index", "-q", "-j", "1", "--commit-interval", "0", "news"])
            .current_dir(env.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Halfway, a search while the run writes.
        std::thread::sleep(std::time::Duration::from_millis(delay_ms / 2));
        let running = child.try_wait().unwrap().is_none();
        let (code, hits) = env.json_query(&["soybeans"]);
        assert_eq!((code, hits.len()), (0, 1));
        searched_while_running += u64::from(running);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms - delay_ms / 2));
        if child.try_wait().unwrap().is_none() {
            landed += 1;
        } else {
            touched += 1;
            let when = std::time::SystemTime::now() + std::time::Duration::from_secs(touched);
            for e in std::fs::read_dir(env.path("news/bulk")).unwrap() {
                let f = std::fs::File::options().write(true).open(e.unwrap().path());
                f.unwrap().set_modified(when).unwrap();
            }
        }
        let _ = child.kill();
        // Whatever the last run left behind, this one started and worked without
        // an error until the kill.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("error"), "after {landed} kills: {err}");
        // The index opens and every query works on the last committed state.
        let stats = env.run(&["stats", "--json"]);
        assert_eq!(stats.code, 0, "{}", stats.stderr);
        let (code, hits) = env.json_query(&["soybeans"]);
        assert_eq!((code, hits.len()), (0, 1));
    }
    eprintln!(
        "{landed} of {kills} kills landed while the run was going; \
         {searched_while_running} searches ran during a run"
    );
    assert!(searched_while_running > 0);
    assert!(
        landed * 2 >= kills,
        "only {landed} of {kills} kills hit a running index"
    );
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s: serde_json::Value = serde_json::from_str(&env.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(s["articles"], 3005);

    // The same answers as a clean build: the same articles in the same order.
    // (Not the same scores: the replaced articles' old documents still count in
    // BM25's statistics until a merge purges them, as in Lucene.)
    let clean = Env::with_seeds();
    write_corpus(&clean.path("news/bulk"), 3000);
    clean.index_seeds();
    for q in ["grain3 shipping4", "\"district 42\"", "capacity2 -harvest1"] {
        let ids = |e: &Env| -> Vec<String> {
            let (_, hits) = e.json_query(&["-n", "30", q]);
            hits.iter()
                .map(|h| h["article"]["id"].to_string())
                .collect()
        };
        assert_eq!(ids(&env), ids(&clean), "{q}");
    }
}
