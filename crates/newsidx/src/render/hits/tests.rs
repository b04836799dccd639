//! Snapshots of every output style of [`write_hits`], on results built by hand
//! so that each case (highlights at the edges, multibyte text, a derived title,
//! folded near-duplicates, an empty page, the footer) is there on purpose.

use newsidx_core::{ArticleMeta, Hit, HitPassage, ParagraphKind, Published, SearchResults, Span};

use super::{mark, write_hits, Style};

/// The byte spans of `words` in `text`, each found after the previous one.
fn spans(text: &str, words: &[&str]) -> Vec<Span> {
    let mut from = 0;
    words
        .iter()
        .map(|w| {
            let start = from + text[from..].find(w).expect("the word is in the text");
            from = start + w.len();
            Span { start, end: from }
        })
        .collect()
}

fn passage(paragraph: u32, text: &str, words: &[&str]) -> HitPassage {
    HitPassage {
        paragraph,
        kind: ParagraphKind::Body,
        text: text.to_string(),
        highlights: spans(text, words),
    }
}

fn meta(id: &str, path: &str, title: &str) -> ArticleMeta {
    ArticleMeta {
        id: id.to_string(),
        path: path.into(),
        title: title.to_string(),
        ..ArticleMeta::default()
    }
}

/// A full article: highlights at both ends of the title, every metadata field,
/// two passages (multibyte text, highlights at both ends, characters HTML must
/// escape) and two folded near-duplicates.
fn huawei() -> Hit {
    let title = "Huawei added to the entity list";
    let mut article = meta("a1", "news/huawei.html", title);
    article.published = Published::parse("2019-05-16");
    article.authors = vec!["Bob Davis".into(), "Kate O'Keeffe".into()];
    article.source = Some("WSJ".into());
    article.dateline = Some("WASHINGTON".into());
    article.tags = vec!["usa".into(), "trade".into()];
    let first = "Huawei’s suppliers in Zürich and Shenzhen — all of them — face the entity list";
    let second = "Officials said \"Huawei & its 68 affiliates\" <need> licences…";
    Hit {
        rank: 1,
        score: 12.3456,
        article,
        title_highlights: spans(title, &["Huawei", "entity list"]),
        passages: vec![
            passage(0, first, &["Huawei", "Zürich", "entity list"]),
            passage(3, second, &["Huawei"]),
        ],
        similar: vec![
            meta("a2", "news/huawei-copy.html", "Huawei added to entity list"),
            meta("a3", "wire/huawei.txt", "U.S. adds Huawei to entity list"),
        ],
    }
}

/// An article whose title was derived from its text, without date, author or
/// source, with a title highlight in the middle.
fn soybeans() -> Hit {
    let title = "Soybean exports to China fell by a third in the…";
    let mut article = meta("b1", "news/soybeans.txt", title);
    article.title_derived = true;
    let text = "Soybean exports to China fell by a third in the year to June, farmers said.";
    Hit {
        rank: 2,
        score: 3.5,
        article,
        title_highlights: spans(title, &["China"]),
        passages: vec![passage(0, text, &["China", "farmers"])],
        similar: Vec::new(),
    }
}

fn results() -> SearchResults {
    SearchResults {
        query: "huawei china".into(),
        total: 42,
        folded: 2,
        hits: vec![huawei(), soybeans()],
    }
}

fn render(results: &SearchResults, style: Style) -> String {
    let elapsed = std::time::Duration::from_micros(1_500);
    crate::render::printed(|out| write_hits(out, results, style, elapsed))
}

/// ANSI escapes shown as `␛[…m`, so a colour snapshot reads as text and still
/// pins every code.
fn visible(s: &str) -> String {
    s.replace('\x1b', "␛")
}

#[test]
fn color() {
    insta::assert_snapshot!(visible(&render(&results(), Style::Color)));
}

#[test]
fn text() {
    insta::assert_snapshot!(render(&results(), Style::Text));
}

#[test]
fn markers() {
    insta::assert_snapshot!(render(&results(), Style::Markers));
}

#[test]
fn html() {
    insta::assert_snapshot!(render(&results(), Style::Html));
}

/// JSON lines in ripgrep's shape: pinned as written, each hit message parses
/// back into the hit, and the summary closes with the counts.
#[test]
fn json() {
    let results = results();
    let out = render(&results, Style::Json);
    let mut messages: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one message"))
        .collect();
    let summary = messages.pop().unwrap();
    let back: Vec<Hit> = messages
        .into_iter()
        .map(|mut m| {
            let tag = m.as_object_mut().unwrap().remove("type");
            assert_eq!(tag, Some(serde_json::json!("hit")));
            serde_json::from_value(m).unwrap()
        })
        .collect();
    assert_eq!(back, results.hits);
    assert_eq!(
        summary,
        serde_json::json!({
            "type": "summary",
            "query": "huawei china",
            "total": 42,
            "folded": 2,
            "hits": 2,
            "first": 1,
            "last": 2,
            "elapsed_ms": 1.5,
        })
    );
    insta::assert_snapshot!(out);
}

/// Regression: a highlight inside the bold title closed with a full reset, so
/// the rest of the title after it was no longer bold.
#[test]
fn bug_title_highlight_reset_the_bold_of_the_rest_of_the_title() {
    let mut hit = soybeans();
    hit.passages.clear();
    let results = SearchResults {
        query: "china".into(),
        total: 1,
        folded: 0,
        hits: vec![hit],
    };
    let out = visible(&render(&results, Style::Color));
    let title = out.lines().next().unwrap_or_default();
    insta::assert_snapshot!(title, @"␛[1m2. Soybean exports to ␛[1;31mChina␛[0m␛[1m fell by a third in the…␛[0m");
}

#[test]
fn empty_results_print_nothing_but_the_html_list_or_the_json_summary() {
    let empty = SearchResults {
        query: "zeppelin".into(),
        total: 0,
        folded: 0,
        hits: Vec::new(),
    };
    for style in [Style::Color, Style::Text, Style::Markers] {
        assert_eq!(render(&empty, style), "", "{style:?}");
    }
    insta::assert_snapshot!(render(&empty, Style::Html), @r#"
    <ol class="newsidx-results">
    </ol>
    "#);
    let json: serde_json::Value = serde_json::from_str(&render(&empty, Style::Json)).unwrap();
    assert_eq!(
        (&json["type"], &json["total"], &json["hits"]),
        (&"summary".into(), &0.into(), &0.into())
    );
}

/// The footer counts the page against the exact total and says how many
/// near-duplicates were folded under the page's hits.
#[test]
fn footer() {
    let footer = |results: &SearchResults, style| {
        render(results, style)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    let mut page = results();
    insta::assert_snapshot!(footer(&page, Style::Markers), @"1–2 of 42 matching articles, 2 near-duplicates folded");
    insta::assert_snapshot!(visible(&footer(&page, Style::Color)), @"␛[2m1–2 of 42 matching articles, 2 near-duplicates folded␛[0m");
    page.folded = 1;
    insta::assert_snapshot!(footer(&page, Style::Text), @"1–2 of 42 matching articles, 1 near-duplicate folded");
    page.hits.remove(0);
    page.folded = 0;
    insta::assert_snapshot!(footer(&page, Style::Text), @"2–2 of 42 matching articles");
}

#[test]
fn mark_at_both_ends_of_multibyte_text() {
    let text = "Zürich’s bankers — and Zürich";
    let spans = spans(text, &["Zürich", "Zürich"]);
    insta::assert_snapshot!(mark(text, &spans, Style::Markers), @"**Zürich**’s bankers — and **Zürich**");
    insta::assert_snapshot!(mark(text, &spans, Style::Html), @"<mark>Zürich</mark>’s bankers — and <mark>Zürich</mark>");
    insta::assert_snapshot!(visible(&mark(text, &spans, Style::Color)), @"␛[1;31mZürich␛[0m’s bankers — and ␛[1;31mZürich␛[0m");
    assert_eq!(mark(text, &spans, Style::Text), text);
}

/// Spans that are out of range or cut a character are skipped, never a panic.
#[test]
fn mark_skips_bad_spans() {
    let text = "Zürich";
    let bad = [Span { start: 2, end: 3 }, Span { start: 4, end: 99 }];
    assert_eq!(mark(text, &bad, Style::Markers), "Zürich");
}
