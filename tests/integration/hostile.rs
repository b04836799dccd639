//! Hostile input: every kind of junk a real archive holds gets one clear line,
//! is skipped (or read as well as it can be), and never stops the run.

use crate::util::Env;

fn write(env: &Env, rel: &str, bytes: &[u8]) {
    let p = env.path(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

#[test]
fn junk_files_each_get_one_line_and_the_rest_is_indexed() {
    let env = Env::with_seeds();
    write(&env, "news/zero.txt", b"");
    write(
        &env,
        "news/elf.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    );
    write(&env, "news/photo.jpg", b"\xff\xd8\xff\xe0");
    write(&env, "news/broken.json", b"{\"title\": \"half");
    write(&env, "news/shape.json", b"42");
    write(
        &env,
        "news/cut.html",
        b"<html><head><title>Cut</title></head><body><p>Only this sur",
    );
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stderr);
    for expected in [
        "newsidx: skipped news/zero.txt: file is empty",
        "newsidx: skipped news/elf.txt: binary file (not text)",
        "newsidx: skipped news/photo.jpg: unsupported file type .jpg",
        "newsidx: skipped news/shape.json: expected an article object or an array of them, found a number",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{}", r.stderr);
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("newsidx: skipped news/broken.json:1: invalid JSON")),
        "{}",
        r.stderr
    );
    // The truncated page still yields its text.
    let (code, hits) = env.json_query(&["surv*"]);
    assert_eq!((code, hits.len()), (0, 1));
    assert!(r.stdout.contains("6 articles"), "{}", r.stdout);
}

#[test]
fn jsonl_bad_lines_are_reported_by_line_and_good_lines_indexed() {
    let env = Env::empty();
    let good = |i: u32| {
        format!("{{\"title\": \"Story {i}\", \"text\": \"Wheat harvest number {i} was large.\"}}\n")
    };
    let mut body = String::new();
    body += &good(1);
    body += "{\"title\": \"broken\n";
    body += &good(2);
    body += "[1, 2]\n";
    body += &good(3);
    write(&env, "feed.jsonl", body.as_bytes());
    let r = env.run(&["index", "feed.jsonl"]);
    assert_eq!(r.code, 1);
    // Items inside a file are listed in the summary (on stderr too with -v).
    for line in [
        "Skipped 0 files and 2 items inside files:",
        "  feed.jsonl:2: invalid JSON: EOF while parsing a string at column 17",
        "  feed.jsonl:4: not an article: a JSON array, expected an object",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in\n{}", r.stdout);
    }
    let v = env.run(&["-v", "index", "--rebuild", "feed.jsonl"]);
    assert!(
        v.stderr
            .contains("newsidx: skipped feed.jsonl:4: not an article"),
        "{}",
        v.stderr
    );
    let (_, hits) = env.json_query(&["wheat", "-n", "10"]);
    assert_eq!(hits.len(), 3);
}

#[test]
fn legacy_encodings_and_line_endings_are_decoded() {
    let env = Env::empty();
    // Windows-1252: curly apostrophe 0x92, e-acute 0xE9, pound 0xA3; CRLF endings.
    write(
        &env,
        "a.txt",
        b"Caf\xe9 prices soar\r\n\r\nThe caf\xe9\x92s owner paid \xa35 for beans.\r\n",
    );
    // UTF-8 with a BOM and lone CR line endings.
    write(
        &env,
        "b.txt",
        b"\xef\xbb\xbfTea prices fall\r\rThe tea market slumped.\r",
    );
    // UTF-8 that went through Windows-1252 once: mojibake.
    write(
        &env,
        "c.txt",
        "Rice exports\n\nThe exporterâ€™s shipments â€” a record.\n".as_bytes(),
    );
    assert_eq!(env.run(&["index", "."]).code, 0);
    let (_, hits) = env.json_query(&["cafe"]);
    assert_eq!(hits[0]["article"]["title"], "Café prices soar");
    assert_eq!(
        hits[0]["passages"][0]["text"],
        "The café’s owner paid £5 for beans."
    );
    let (_, hits) = env.json_query(&["tea"]);
    assert_eq!(hits[0]["article"]["title"], "Tea prices fall");
    let (_, hits) = env.json_query(&["rice"]);
    assert_eq!(
        hits[0]["passages"][0]["text"],
        "The exporter’s shipments — a record."
    );
}

#[test]
fn nonsense_dates_and_enormous_titles_and_authors() {
    let env = Env::empty();
    let long = "Word ".repeat(2000);
    let body = format!(
        "{{\"title\": \"{long}\", \"author\": \"{long}\", \"date\": \"2019-02-30\", \"text\": \"Copper demand rose.\"}}\n\
         {{\"title\": \"Year 20190\", \"date\": \"20190-01-01\", \"text\": \"Zinc demand fell.\"}}\n"
    );
    write(&env, "odd.jsonl", body.as_bytes());
    assert_eq!(env.run(&["index", "odd.jsonl"]).code, 0);
    let (_, hits) = env.json_query(&["copper"]);
    let a = &hits[0]["article"];
    assert!(
        a["title"].as_str().unwrap().len() <= 503,
        "titles are capped"
    );
    assert!(a.get("published").is_none(), "2019-02-30 is no date");
    let (_, hits) = env.json_query(&["zinc"]);
    assert!(
        hits[0]["article"].get("published").is_none(),
        "year 20190 is no date"
    );
    // Undated articles never pass a date filter.
    let (code, _) = env.json_query(&["zinc", "--since", "1000-01-01"]);
    assert_eq!(code, 1);
}

/// Writes `size` bytes of `unit` repeated to `w`, with `middle` once at byte
/// `at` (roughly: the unit it falls in is finished first).
fn write_repeated(w: &mut impl std::io::Write, unit: &str, size: usize, at: usize, middle: &str) {
    let mut written = 0;
    let mut placed = false;
    while written < size {
        if !placed && written >= at {
            w.write_all(middle.as_bytes()).unwrap();
            written += middle.len();
            placed = true;
        }
        w.write_all(unit.as_bytes()).unwrap();
        written += unit.len();
    }
}

#[test]
fn a_50_mb_line_is_indexed_in_pieces_up_to_the_article_limit() {
    let env = Env::empty();
    // One line of 50 MB: a rare word at 8 MB (inside the 16 MB article limit)
    // and another at 40 MB (past it).
    let mut f = std::io::BufWriter::new(std::fs::File::create(env.path("line.txt")).unwrap());
    let unit = "grain shipments continued as expected. ";
    write_repeated(
        &mut f,
        unit,
        40 << 20,
        8 << 20,
        "Then the zeppelin landed. ",
    );
    write_repeated(&mut f, unit, 10 << 20, 0, "A quokka waved. ");
    std::io::Write::write_all(&mut f, b"\n").unwrap();
    drop(f);
    let r = env.run(&["index", "line.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // A cut inside a file is an item, listed in the summary (not a skipped file).
    assert!(!r.stderr.contains("skipped"), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("\n  line.txt: item 1: text cut at 16 MB (the article limit)"),
        "{}",
        r.stdout
    );
    // 16 MB in pieces of at most 8 KB.
    assert!(r.stdout.contains("1 article, 20"), "{}", r.stdout);
    let (_, hits) = env.json_query(&["zeppelin"]);
    assert_eq!(hits.len(), 1);
    let p = &hits[0]["passages"][0];
    assert!(p["text"].as_str().unwrap().len() < 500);
    assert!(p["text"].as_str().unwrap().contains("zeppelin"));
    assert_eq!(env.json_query(&["quokka"]).0, 1);
}

#[test]
fn a_200_mb_article_keeps_its_first_16_mb() {
    let env = Env::empty();
    let mut f = std::io::BufWriter::new(std::fs::File::create(env.path("big.txt")).unwrap());
    std::io::Write::write_all(&mut f, b"Enormous wheat report\n\nBy Jane Doe\n\n").unwrap();
    let para = "Grain shipments continued as the minister said talks would resume.\n\n";
    write_repeated(
        &mut f,
        para,
        100 << 20,
        1 << 20,
        "The zeppelin landed near the silo.\n\n",
    );
    write_repeated(
        &mut f,
        para,
        100 << 20,
        0,
        "A quokka waved from the dock.\n\n",
    );
    drop(f);
    let r = env.run(&["index", "big.txt"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // A cut inside a file is an item, listed in the summary (not a skipped file).
    assert!(!r.stderr.contains("skipped"), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("\n  big.txt: item 1: text cut at 16 MB (the article limit)"),
        "{}",
        r.stdout
    );
    let (_, hits) = env.json_query(&["zeppelin"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["article"]["title"], "Enormous wheat report");
    assert_eq!(hits[0]["article"]["authors"][0], "Jane Doe");
    assert_eq!(
        hits[0]["passages"][0]["text"],
        "The zeppelin landed near the silo."
    );
    assert_eq!(env.json_query(&["quokka"]).0, 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_once_and_skipped() {
    let env = Env::with_seeds();
    std::os::unix::fs::symlink(env.path("news"), env.path("news/loop")).unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("news/loop: symlink loop"), "{}", r.stderr);
    assert!(r.stdout.contains("5 articles"));
}

#[test]
fn hostile_queries_get_a_message_not_a_panic() {
    let env = Env::with_seeds();
    env.index_seeds();
    let many = "word ".repeat(10_000);
    for (q, needle) in [
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("?!.,;", "no searchable words"),
        ("\"unbalanced", "unclosed quote"),
        ("((a)", "unclosed parenthesis"),
        ("a))", "unmatched closing parenthesis"),
        ("nosuchfield:value", "unknown field `nosuchfield:`"),
        (many.as_str(), "at most 1024 are allowed"),
    ] {
        let r = env.run(&["query", q]);
        assert_eq!(r.code, 2, "{q:.40}");
        assert!(r.stderr.contains(needle), "{q:.40}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"));
    }
    // Control characters are spaces; stop words still search. (A megabyte of
    // query text is a library test: it does not fit in a command line.)
    for q in ["soy\u{7}beans tariffs\u{1b}[31m", "the of and"] {
        let r = env.run(&["query", q]);
        assert!(r.code == 0 || r.code == 1, "{q:.40}: {}", r.stderr);
    }
}

/// Issue 15: operators of other engines were searched as words. Each is
/// refused with a caret under the operator, exit 2.
#[test]
fn operators_of_other_engines_get_a_caret_not_a_search() {
    let env = Env::with_seeds();
    env.index_seeds();
    for (q, message, caret) in [
        (
            "opec NEAR output",
            "bad query at column 6: proximity search (NEAR) is not supported yet; \
             use a phrase (\"opec output\") or AND (opec AND output)",
            "       ^",
        ),
        (
            "opec w/5 output",
            "bad query at column 6: proximity search (w/5) is not supported yet; \
             use a phrase (\"opec output\") or AND (opec AND output)",
            "       ^",
        ),
        (
            "\"opec output\"~5",
            "bad query at column 14: phrase proximity (~5) is not supported yet; \
             use the exact phrase (\"opec output\") or AND (opec AND output)",
            "               ^",
        ),
        (
            "opec~1",
            "bad query at column 5: fuzzy matching (~1) is not supported yet; use a prefix \
             (opec*) or list the spellings with OR, or quote the word to search it as text \
             (\"opec~1\")",
            "      ^",
        ),
        (
            "oil^2",
            "bad query at column 4: boosts (^2) are not supported; remove ^2, or quote the \
             word to search it as text (\"oil^2\")",
            "     ^",
        ),
    ] {
        let r = env.run(&["query", q]);
        assert_eq!(r.code, 2, "{q}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("newsidx: {message}\n  {q}\n{caret}\n"),
            "{q}"
        );
    }
    // `+` requires: both words, where without it either would do.
    let (code, hits) = env.json_query(&["+huawei +\"entity list\""]);
    assert_eq!(code, 0);
    let (_, either) = env.json_query(&["huawei \"entity list\""]);
    assert!(hits.len() < either.len(), "{} {}", hits.len(), either.len());
}

#[test]
fn a_corrupted_index_says_how_to_rebuild() {
    let env = Env::with_seeds();
    env.index_seeds();
    std::fs::write(env.path(".newsidx/meta.json"), "{ not json").unwrap();
    let r = env.run(&["query", "soybeans"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("newsidx: .newsidx is not a usable newsidx index (tantivy cannot open it"),
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .contains("rebuild it with `newsidx index --rebuild PATH`"));
    // --rebuild rescues it.
    assert_eq!(env.run(&["index", "--rebuild", "news"]).code, 0);
    assert_eq!(env.run(&["query", "soybeans"]).code, 0);
}

#[test]
fn an_index_of_another_format_says_so_and_how_to_rebuild() {
    let env = Env::with_seeds();
    env.index_seeds();
    let marker = env.path(".newsidx/newsidx.json");
    let text = std::fs::read_to_string(&marker).unwrap();
    let (_, rest) = text.split_once("\"schema_version\": ").unwrap();
    let current: u32 = rest.split(',').next().unwrap().trim().parse().unwrap();
    std::fs::write(
        &marker,
        format!(
            "{{\"schema_version\": {}, \"created_by\": \"newsidx 0.0.9\"}}",
            current - 1
        ),
    )
    .unwrap();
    let r = env.run(&["query", "soybeans"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "it was written by newsidx 0.0.9 with index format {}, this newsidx reads format {current}",
            current - 1
        )),
        "{}",
        r.stderr
    );
    assert!(r
        .stderr
        .contains("rebuild it with `newsidx index --rebuild PATH`"));
    assert!(!r.stderr.contains("panicked"));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_eq!(env.run(&["index", "--rebuild", "news"]).code, 0);
    assert_eq!(env.run(&["query", "soybeans"]).code, 0);
}

#[test]
fn a_foreign_tantivy_index_is_recognized() {
    let env = Env::with_seeds();
    std::fs::create_dir(env.path("other")).unwrap();
    std::fs::write(env.path("other/meta.json"), "{}").unwrap();
    let r = env.run(&["--index", "other", "stats"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("it has no newsidx.json: not a newsidx index"),
        "{}",
        r.stderr
    );
}

/// A file that vanishes between the walk and the read looks, to the reader,
/// like a dangling symlink: the path is listed but cannot be opened.
#[cfg(unix)]
#[test]
fn vanished_and_dangling_files_are_reported_and_skipped() {
    let env = Env::with_seeds();
    std::os::unix::fs::symlink(env.path("news/gone.txt"), env.path("news/dangling.txt")).unwrap();
    let r = env.run(&["index", "news"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("news/dangling.txt: No such file or directory"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("5 articles"), "{}", r.stdout);
}

/// Files and folders the user may not read. Root reads everything, so as root
/// the run happens as `nobody` (uid 65534), for whom mode 000 means no.
#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_reported_and_skipped() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let env = Env::with_seeds();
    write(
        &env,
        "news/locked.txt",
        b"Locked story\n\nNobody may read this.\n",
    );
    write(
        &env,
        "news/private/inner.txt",
        b"Inner story\n\nHidden text.\n",
    );
    let mode = |rel: &str, m: u32| {
        std::fs::set_permissions(env.path(rel), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode("news/locked.txt", 0o000);
    mode("news/private", 0o000);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_newsidx"));
    cmd.args(["index", "news"])
        .current_dir(env.path(""))
        .env_clear();
    if std::fs::metadata(env.path("news")).unwrap().uid() == 0 {
        // nobody must be able to write the index beside news/ and read the seeds.
        mode("", 0o777);
        mode("news", 0o755);
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let mut lines: Vec<&str> = stderr.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "newsidx: skipped news/locked.txt: Permission denied",
            "newsidx: skipped news/private: Permission denied",
        ],
        "{stderr}"
    );
    assert!(stdout.contains("5 articles"), "{stdout}");
    // Put the permissions back so the scratch directory can be removed.
    mode("news/private", 0o755);
}
