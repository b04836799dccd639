//! The readers on files in the layouts real archives use: hard-wrapped and
//! one-line text, datelines, derived titles; through `newsidx parse`, `index`
//! and `query`.

use crate::util::{file_of, Env};

/// Three wire stories, one string per paragraph.
const STORIES: [&[&str]; 3] = [
    &[
        "OPEC OUTPUT SEEN OVER CEILING",
        "LONDON, June 1 - OPEC's May output appears to have risen well above its 15.8 mln bpd ceiling to 17 mln bpd, and the increase is likely to put a short-term lid on spot oil prices, Kleinwort Grieveson Securities says.",
        "But Kleinwort's latest World Oil Report said re-stocking and lower non-OPEC output earlier this year should allow the group to produce up to 17 mln bpd in the current third quarter.",
        "\"On the supply/demand front, the market continues to enjoy a degree of stability rarely seen in recent years,\" it said.",
    ],
    &[
        "Financial markets welcomed public spending cuts announced by Ireland's new minority government in its budget, saying the move would lead to lower interest rates.",
        "Finance Minister Ray MacSharry, making cuts across the board, reduced the Exchequer Borrowing Requirement to 1.85 billion punts, 10.7 pct of GNP, compared with 2.15 billion punts or 13 pct of GNP last year.",
        "Dealers said the budget was well received and interest rates could fall by one percentage point within weeks.",
    ],
    &[
        "Standard Oil Co and BP North America Inc said they plan to form a venture to manage the money market borrowing and investment activities of both companies.",
        "BP North America is a subsidiary of British Petroleum Co Plc, which also owns a 55 pct interest in Standard Oil.",
        "The venture will be called BP/Standard Financial Trading and will be operated by Standard Oil under the oversight of a joint management committee.",
    ],
];

/// Greedy wrapping at `width` columns, as `fmt` and old wire systems do.
fn wrap(paragraph: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Writes every story into `dir` twice: wrapped at 70 columns with blank
/// lines between paragraphs (`wrapped/`), and one paragraph per line with no
/// blank lines (`oneline/`).
fn write_both(env: &Env, ext: &str) {
    for dir in ["wrapped", "oneline"] {
        std::fs::create_dir_all(env.path(dir)).unwrap();
    }
    for (i, story) in STORIES.iter().enumerate() {
        let wrapped: Vec<String> = story.iter().map(|p| wrap(p, 70)).collect();
        std::fs::write(env.path(&format!("wrapped/{i}.{ext}")), wrapped.join("\n")).unwrap();
        std::fs::write(
            env.path(&format!("oneline/{i}.{ext}")),
            story.join("\n") + "\n",
        )
        .unwrap();
    }
}

/// What `newsidx parse` reads from one file: title, dateline and paragraphs.
fn parsed(env: &Env, file: &str) -> (String, Option<String>, Vec<(String, String)>) {
    let r = env.run(&["parse", file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a: serde_json::Value = serde_json::from_str(r.stdout.lines().next().unwrap()).unwrap();
    let paragraphs = a["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (
        a["title"].as_str().unwrap().to_string(),
        a["dateline"].as_str().map(str::to_string),
        paragraphs,
    )
}

#[test]
fn hard_wrapped_text_files_give_the_paragraphs_of_one_line_files() {
    let env = Env::empty();
    write_both(&env, "txt");
    for i in 0..STORIES.len() {
        let one = parsed(&env, &format!("oneline/{i}.txt"));
        let wrapped = parsed(&env, &format!("wrapped/{i}.txt"));
        assert_eq!(wrapped, one, "story {i}");
    }
    // And what they are, exactly.
    let (title, dateline, paragraphs) = parsed(&env, "wrapped/0.txt");
    assert_eq!(title, "OPEC OUTPUT SEEN OVER CEILING");
    assert_eq!(dateline.as_deref(), Some("LONDON, June 1"));
    let texts: Vec<&str> = paragraphs.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "OPEC's May output appears to have risen well above its 15.8 mln bpd ceiling to 17 mln bpd, and the increase is likely to put a short-term lid on spot oil prices, Kleinwort Grieveson Securities says.",
            STORIES[0][2],
            STORIES[0][3],
        ]
    );
}

#[test]
fn hard_wrapped_markdown_gives_the_paragraphs_of_one_line_markdown() {
    let env = Env::empty();
    write_both(&env, "md");
    for i in 0..STORIES.len() {
        let one = parsed(&env, &format!("oneline/{i}.md"));
        let wrapped = parsed(&env, &format!("wrapped/{i}.md"));
        assert_eq!(wrapped, one, "story {i}");
    }
    let (_, _, paragraphs) = parsed(&env, "oneline/2.md");
    assert_eq!(paragraphs.len(), 3);
}

#[test]
fn hard_wrapped_and_one_line_folders_rank_identically() {
    let env = Env::empty();
    write_both(&env, "txt");
    for dir in ["wrapped", "oneline"] {
        let r = env.run(&["index", "-i", &format!("idx-{dir}"), dir]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    for query in [
        "oil output",
        "interest rates budget",
        "Standard Oil venture",
    ] {
        let ranking = |dir: &str| -> Vec<(String, String)> {
            let (_, hits) = env.json_query(&["-i", &format!("idx-{dir}"), "--no-fold", query]);
            // Scores to 4 decimals: indexing one folder twice already moves
            // them in the 7th digit (threads lay segments out differently).
            hits.iter()
                .map(|h| (file_of(h), format!("{:.4}", h["score"].as_f64().unwrap())))
                .collect()
        };
        let one = ranking("oneline");
        assert!(!one.is_empty(), "{query}");
        assert_eq!(ranking("wrapped"), one, "{query}");
    }
}

#[test]
fn untitled_json_article_gets_its_dateline_out_of_the_derived_title() {
    let env = Env::empty();
    std::fs::write(
        env.path("wire.json"),
        r#"{"body": "WASHINGTON (AP) — The Senate voted on Tuesday to keep the government open. More votes follow."}"#,
    )
    .unwrap();
    let (title, dateline, paragraphs) = parsed(&env, "wire.json");
    assert_eq!(
        title,
        "The Senate voted on Tuesday to keep the government open"
    );
    assert_eq!(dateline.as_deref(), Some("WASHINGTON"));
    assert_eq!(
        paragraphs[0].1,
        "The Senate voted on Tuesday to keep the government open. More votes follow."
    );
}

/// One JSONL feed with dates of every precision, and an undated item in its
/// own file.
fn dated_feed() -> Env {
    let env = Env::empty();
    std::fs::create_dir(env.path("feed")).unwrap();
    let items = [
        ("year", r#""2019""#),
        ("month", r#""2019-06""#),
        ("day", r#""2019-06-20""#),
        ("french", r#""30 juin 2019""#),
        ("epoch", "1561881600"),
        ("german", r#""3. März 2019""#),
    ];
    let lines: Vec<String> = items
        .iter()
        .map(|(id, date)| {
            format!(
                r#"{{"id": "{id}", "title": "Tariff story {id}", "body": "Tariffs on steel rose again, officials said.", "published": {date}}}"#
            )
        })
        .collect();
    std::fs::write(env.path("feed/items.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(
        env.path("feed/undated.txt"),
        "Tariff story undated\n\nTariffs on steel rose again, officials said.\n",
    )
    .unwrap();
    let r = env.run(&["index", "feed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    env
}

fn titles(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--no-fold", "-n", "20"];
    all.extend_from_slice(args);
    let (_, hits) = env.json_query(&all);
    hits.iter()
        .map(|h| h["article"]["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn partial_dates_keep_their_precision_and_match_overlapping_ranges() {
    let env = dated_feed();
    let r = env.run(&["parse", "feed/items.jsonl"]);
    let published: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let a: serde_json::Value = serde_json::from_str(l).unwrap();
            a["published"].as_str().unwrap_or("-").to_string()
        })
        .collect();
    assert_eq!(
        published,
        [
            "2019",
            "2019-06",
            "2019-06-20",
            "2019-06-30",
            "2019-06-30T08:00:00+00:00",
            "2019-03-03"
        ]
    );
    // June 2019 and the year 2019 overlap 15-25 June; the days outside it do
    // not match.
    let mut got = titles(
        &env,
        &["--since", "2019-06-15", "--until", "2019-06-25", "tariffs"],
    );
    got.sort();
    assert_eq!(
        got,
        [
            "Tariff story day",
            "Tariff story month",
            "Tariff story year"
        ]
    );
    // Only the year reaches into the autumn.
    assert_eq!(
        titles(&env, &["--since", "2019-10-01", "tariffs"]),
        ["Tariff story year"]
    );
    assert!(titles(&env, &["--until", "2018-12-31", "tariffs"]).is_empty());
    // Sorted by date, a period counts from its first day; undated last.
    assert_eq!(
        titles(&env, &["--sort", "oldest", "tariffs"]),
        [
            "Tariff story year",
            "Tariff story german",
            "Tariff story month",
            "Tariff story day",
            "Tariff story french",
            "Tariff story epoch",
            "Tariff story undated"
        ]
    );
}

#[test]
fn stats_counts_and_lists_undated_articles() {
    let env = dated_feed();
    let r = env.run(&["stats", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stats: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(stats["undated"], 1);
    assert_eq!(
        stats["undated_paths"],
        serde_json::json!(["feed/undated.txt"])
    );
    assert_eq!(stats["earliest"], "2019-01-01");
    let r = env.run(&["stats"]);
    assert!(
        r.stdout.contains("\nUndated:    feed/undated.txt\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_day_first_feed_reads_its_ambiguous_dates_day_first() {
    let env = Env::empty();
    std::fs::write(
        env.path("feed.jsonl"),
        concat!(
            r#"{"title": "A", "body": "Tariffs rose.", "published": "03/04/2019"}"#,
            "\n",
            r#"{"title": "B", "body": "Tariffs fell.", "published": "13/04/2019"}"#,
            "\n",
        ),
    )
    .unwrap();
    let r = env.run(&["parse", "feed.jsonl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dates: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let a: serde_json::Value = serde_json::from_str(l).unwrap();
            a["published"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(dates, ["2019-04-03", "2019-04-13"]);
}
