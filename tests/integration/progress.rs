//! Work survives interruption, a bad part of a file costs only that part,
//! memory stays under the stated bound, and a full disk says so (issue 18).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Env;

/// `newsidx ARGS` started in `env`'s directory, not waited for.
fn spawn(env: &Env, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsidx"))
        .args(args)
        .current_dir(env.dir.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Articles the index holds, from `newsidx stats --json` (0 when there is no
/// index yet).
fn articles(env: &Env) -> u64 {
    let r = env.run(&["stats", "--json"]);
    if r.code != 0 {
        assert!(r.stderr.contains("no index"), "{}", r.stderr);
        return 0;
    }
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["articles"].as_u64().unwrap()
}

/// Writes `files` JSON-lines files of `per_file` articles each under
/// `corpus/`, every article with its own id and its own word (`wfFnN`).
fn jsonl_corpus(env: &Env, files: usize, per_file: usize) -> u64 {
    std::fs::create_dir(env.path("corpus")).unwrap();
    for f in 0..files {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(env.path(&format!("corpus/f{f}.jsonl"))).unwrap(),
        );
        for n in 0..per_file {
            writeln!(
                out,
                r#"{{"id": "f{f}-{n}", "title": "Tariff report {n}", "text": "Word w{f}x{n} appears once. Officials said exports of soybeans fell in week {n} as tariffs rose."}}"#
            )
            .unwrap();
        }
    }
    (files * per_file) as u64
}

/// Sends `signal` (a name for kill(1): INT, TERM) to a child.
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} failed");
}

#[test]
fn sigkill_with_commit_interval_1_makes_progress_on_every_kill_and_finishes_exactly() {
    let env = Env::empty();
    let total = jsonl_corpus(&env, 2, 3_000);
    // A part (64 KB, some 430 of these articles) must be read and committed
    // in each life: a debug build on a busy machine (150 articles/s with four
    // builds beside it) needs longer than a release build.
    let life = Duration::from_millis(if cfg!(debug_assertions) { 10_000 } else { 1500 });
    let mut counts = vec![0u64];
    let mut finished = false;
    for _ in 0..60 {
        let mut child = spawn(
            &env,
            &["index", "corpus", "--commit-interval", "1", "-j", "2"],
        );
        let started = Instant::now();
        while started.elapsed() < life {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if finished {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            break;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let now = articles(&env);
        let before = *counts.last().unwrap();
        assert!(
            now > before,
            "a SIGKILL {} ms into a run made no progress: {before} then {now} articles (so far {counts:?})",
            life.as_millis()
        );
        counts.push(now);
    }
    assert!(
        finished,
        "60 runs of {} ms did not finish: {counts:?}",
        life.as_millis()
    );
    eprintln!(
        "SIGKILL every {} ms: {} kills, articles after each: {counts:?}",
        life.as_millis(),
        counts.len() - 1
    );
    // Exactly every article, once.
    assert_eq!(articles(&env), total);
    for (f, n) in [(0, 0), (1, 1_500), (1, 2_999)] {
        let (_, hits) = env.json_query(&[&format!("w{f}x{n}")]);
        assert_eq!(hits.len(), 1, "w{f}x{n}");
    }
    // Nothing is left to do.
    let again = env.run(&["index", "corpus"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("2 unchanged"), "{}", again.stdout);
    assert_eq!(articles(&env), total);
}

#[test]
fn sigint_commits_the_finished_work_and_says_what_was_kept() {
    let env = Env::empty();
    let total = jsonl_corpus(&env, 2, 6_000);
    let child = spawn(&env, &["index", "corpus", "-j", "2"]);
    std::thread::sleep(Duration::from_millis(2500));
    signal(&child, "INT");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let kept = articles(&env);
    assert!(kept > 0 && kept < total, "kept {kept} of {total}; {stderr}");
    let note = format!("newsidx: interrupted: kept {kept} articles from ");
    assert!(stderr.contains(&note), "expected {note:?} in:\n{stderr}");
    assert!(stderr.contains("; run again to continue\n"), "{stderr}");
    // The next run goes on, and ends with every article once.
    let r = env.run(&["index", "corpus"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(articles(&env), total);
}

#[test]
fn a_nul_byte_on_line_2_of_a_jsonl_file_costs_only_that_line() {
    let env = Env::empty();
    std::fs::create_dir(env.path("news")).unwrap();
    let mut text = String::new();
    for n in 0..1000 {
        let nul = if n == 1 { "\0" } else { "" };
        text.push_str(&format!(
            "{{\"id\": \"{n}\", \"title\": \"Story {n}{nul}\", \"text\": \"Exports fell.\"}}\n"
        ));
    }
    std::fs::write(env.path("news/feed.jsonl"), &text).unwrap();
    // A true binary file is still skipped whole, whatever its name.
    std::fs::write(
        env.path("news/fake.jsonl"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("feed.jsonl:2: binary data (byte 0x00 at column 30), line skipped"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("fake.jsonl: binary file (not text)"),
        "{}",
        r.stdout
    );
    assert_eq!(articles(&env), 999);
}

#[test]
fn a_large_jsonl_file_with_nul_bytes_loses_only_those_lines() {
    // Large enough to be streamed in parts: the lines are judged in every part.
    let env = Env::empty();
    std::fs::create_dir(env.path("news")).unwrap();
    let mut text = String::new();
    for n in 0..2_000 {
        let nul = if n == 1 || n == 1_500 { "\0" } else { "" };
        text.push_str(&format!(
            "{{\"id\": \"{n}\", \"title\": \"Story {n}{nul}\", \"text\": \"Exports fell.\"}}\n"
        ));
    }
    assert!(text.len() > 64 << 10);
    std::fs::write(env.path("news/feed.jsonl"), &text).unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("feed.jsonl:2: binary data"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("feed.jsonl:1501: binary data"),
        "{}",
        r.stdout
    );
    assert_eq!(articles(&env), 1_998);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn gzip_followed_by_zero_padding_or_garbage_is_read_as_zcat_reads_it() {
    let env = Env::empty();
    std::fs::create_dir(env.path("news")).unwrap();
    let story = |w: &str| format!("Tariffs {w}\n\nThe ministry said tariffs on {w} rose again.\n");
    let mut padded = gzip(story("padded").as_bytes());
    padded.extend_from_slice(&[0; 4096]);
    std::fs::write(env.path("news/padded.txt.gz"), padded).unwrap();
    let mut garbage = gzip(story("garbage").as_bytes());
    garbage.extend_from_slice(b"this is not gzip");
    std::fs::write(env.path("news/garbage.txt.gz"), garbage).unwrap();
    // Two members, as `cat a.gz b.gz` makes.
    let mut two = gzip(story("first").as_bytes());
    two.extend(gzip(b"More on the first story.\n"));
    std::fs::write(env.path("news/two.txt.gz"), two).unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("padded.txt.gz: ignored zero padding after the end of the gzip data"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "garbage.txt.gz: ignored trailing bytes that are not gzip data after the end of the gzip data"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(articles(&env), 3);
    for word in ["padded", "garbage", "first"] {
        assert_eq!(env.json_query(&[word]).1.len(), 1, "{word}");
    }
}

#[test]
fn an_out_of_range_number_in_an_unrelated_json_field_keeps_the_article() {
    let env = Env::empty();
    std::fs::create_dir(env.path("news")).unwrap();
    std::fs::write(
        env.path("news/a.json"),
        r#"{"id": 1e999999, "title": "Soybean exports", "text": "China bought soybeans."}"#,
    )
    .unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("a.json: number out of range (1e999999) read as text"),
        "{}",
        r.stdout
    );
    assert_eq!(articles(&env), 1);
}

#[test]
fn bench_queries_from_dev_zero_stops_with_a_clear_error() {
    let env = Env::with_seeds();
    env.index_seeds();
    let r = env.run(&["bench", "--queries", "/dev/zero"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "newsidx: /dev/zero: a query file is read up to 16 MB, and this one is longer; \
         give a file of one query per line\n"
    );
}

/// The peak resident memory (VmHWM) of a child, polled from /proc until it
/// exits; also its exit code.
fn peak_rss(mut child: Child) -> (u64, Option<i32>, String) {
    let status_path = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb * 1024);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut stdout = String::new();
            if let Some(mut out) = child.stdout.take() {
                std::io::Read::read_to_string(&mut out, &mut stdout).unwrap();
            }
            return (peak, status.code(), stdout);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The bound the README states: `--memory` plus this much.
const STATED_OVERHEAD: u64 = newsidx_core::ingest::stream::WORKING_MEMORY_BYTES;

#[test]
fn peak_memory_of_a_huge_text_and_gzip_bombs_stays_under_the_stated_bound() {
    let env = Env::empty();
    std::fs::create_dir(env.path("big")).unwrap();
    let para = "Tariffs rose again this week, the ministry said in a long statement on trade.\n\n";
    let mut f = std::io::BufWriter::new(std::fs::File::create(env.path("big/huge.txt")).unwrap());
    for _ in 0..(100 << 20) / para.len() {
        f.write_all(para.as_bytes()).unwrap();
    }
    drop(f);
    std::fs::create_dir(env.path("bombs")).unwrap();
    // Each bomb: 300 gzip members of 1 MB of zeros, 300 MB inflated from
    // some 300 KB (compressed once: a debug build compresses slowly).
    let member = gzip(&vec![0u8; 1 << 20]);
    let bomb = member.repeat(300);
    for i in 0..8 {
        std::fs::write(env.path(&format!("bombs/bomb{i}.txt.gz")), &bomb).unwrap();
    }
    let memory_mb = 64u64;
    let bound = (memory_mb << 20) + STATED_OVERHEAD;
    for (what, threads, path) in [
        ("a 100 MB text", "1", "big"),
        ("8 gzip bombs", "4", "bombs"),
    ] {
        let idx = format!("idx-{path}");
        let child = spawn(
            &env,
            &[
                "--index", &idx, "index", path, "--memory", "64", "-j", threads,
            ],
        );
        let (peak, code, stdout) = peak_rss(child);
        eprintln!(
            "{what}, --memory 64 -j {threads}: peak RSS {} MB (bound {} MB)",
            peak >> 20,
            bound >> 20
        );
        assert!(
            code == Some(0) || code == Some(1),
            "{what}: exit {code:?}\n{stdout}"
        );
        assert!(peak > 0, "{what}: no VmHWM read");
        assert!(
            peak < bound,
            "{what}: peak RSS {} MB over the bound {} MB",
            peak >> 20,
            bound >> 20
        );
    }
}

/// A 512 KB tmpfs, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=512k", "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_says_no_space_left_on_device_with_the_path() {
    let env = Env::empty();
    let Some(_disk) = SmallDisk::mount(&env.path("small")) else {
        eprintln!(
            "SKIPPED a_full_disk_says_no_space_left_on_device_with_the_path: \
             cannot mount a 512 KB tmpfs here (not root, or no mount permission); \
             the error mapping is not tested by this run"
        );
        return;
    };
    jsonl_corpus(&env, 1, 6_000);
    let r = env.run(&["--index", "small/idx", "index", "corpus"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
    assert!(r.stderr.contains("small/idx"), "{}", r.stderr);
    assert!(!r.stderr.contains("killed"), "{}", r.stderr);
}
