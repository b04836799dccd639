//! Hostile page shapes: one construct repeated until a reader that is not
//! linear in the page's size would take minutes. Each test parses its shape at
//! such a size and checks what is kept; it asserts no time (a quadratic reader
//! simply would not finish), and a linear one takes well under two seconds in
//! a debug build. The times at `n` and `4n`, before and after the fixes, come
//! from `cargo bench --bench html -- --scaling`.

use super::depth::{MAX_ATTRIBUTES, MAX_FORMATTING};
use super::tests::{one, texts};
use crate::article::ParagraphKind;

fn body(text: &str) -> (ParagraphKind, String) {
    (ParagraphKind::Body, text.to_string())
}

/// 30,000 `<meta property="article:tag">`: deduplicating by a scan of the
/// kept tags took 6.4 s at 40k (release) and never finished at 200k. The
/// first 50 distinct tags are kept.
#[test]
fn repeated_article_tag_meta_tags_are_read_in_linear_time() {
    let n = 30_000;
    let html: String = (0..n)
        .map(|i| {
            format!(
                "<meta property=\"article:tag\" content=\"tag{}\">",
                i % (n / 2)
            )
        })
        .collect::<String>()
        + "<p>The story.";
    let a = one(&html);
    let want: Vec<String> = (0..50).map(|i| format!("tag{i}")).collect();
    assert_eq!(a.meta.tags, want);
    assert_eq!(texts(&a), [body("The story.")]);
}

/// One element with 300,000 attributes: html5ever compares each attribute
/// with every earlier one. Attributes past [`MAX_ATTRIBUTES`] are dropped, so
/// a `class` that comes after them no longer marks the block as an ad, and
/// one among the first still does.
#[test]
fn an_element_with_300k_attributes_keeps_its_first_ones() {
    let n = 300_000;
    let attrs: String = (0..n).map(|i| format!(" a{i}=x")).collect();
    let late =
        format!("<div{attrs} class=\"ad-slot\"><p>Kept: the ad class came too late.</p></div>");
    assert_eq!(
        texts(&one(&late)),
        [body("Kept: the ad class came too late.")]
    );
    let early = format!(
        "<div class=\"ad-slot\"{attrs}><p>An advertisement.</p></div><p>The story itself.</p>"
    );
    assert_eq!(texts(&one(&early)), [body("The story itself.")]);
    // The boundary: the last attribute kept, and the first one dropped.
    let filler: String = (1..MAX_ATTRIBUTES).map(|i| format!(" a{i}")).collect();
    let kept = format!("<div{filler} class=\"ad-slot\"><p>Ad.</p></div><p>Story.</p>");
    assert_eq!(texts(&one(&kept)), [body("Story.")]);
    let dropped = format!("<div{filler} a0 class=\"ad-slot\"><p>Kept.</p></div>");
    assert_eq!(texts(&one(&dropped)), [body("Kept.")]);
}

/// 100,000 `<html>` and `<body>` tags, each with a new attribute: the parser
/// adds each to the first element with a sorted insert. Repeats are dropped.
#[test]
fn repeated_html_and_body_tags_with_fresh_attributes_parse_in_linear_time() {
    let n = 100_000;
    let html: String = (0..n)
        .map(|i| format!("<html a{i}=x><body b{i}=x>"))
        .collect::<String>()
        + "<p>The story.";
    assert_eq!(texts(&one(&html)), [body("The story.")]);
}

/// `<p><b id=N>x` repeated: every paragraph re-opened every formatting element
/// left open before it (2,000 took 4 s in release, a tree of n² elements). Past
/// [`MAX_FORMATTING`] open ones, formatting tags are dropped and their text
/// stays.
#[test]
fn formatting_elements_left_open_in_every_paragraph_parse_in_linear_time() {
    let n = 4_000;
    let html: String = (0..n)
        .map(|i| format!("<p><b id=\"{i}\">word{i}"))
        .collect();
    let a = one(&html);
    let want: Vec<_> = (0..n).map(|i| body(&format!("word{i}"))).collect();
    assert_eq!(texts(&a), want);
    assert!(MAX_FORMATTING < n);
}

/// 25,000 byline elements naming 25,000 different writers: bylines were
/// deduplicated by scanning the kept list. The first 20 are kept.
#[test]
fn many_byline_elements_are_read_in_linear_time() {
    let n = 25_000;
    let html: String = (0..n)
        .map(|i| format!("<span class=\"author\">Writer W{i}</span>"))
        .collect::<String>()
        + "<p>The story.";
    let a = one(&html);
    let want: Vec<String> = (0..20).map(|i| format!("Writer W{i}")).collect();
    assert_eq!(a.meta.authors, want);
    assert_eq!(texts(&a), [body("The story.")]);
}

/// An author meta tag naming 100,000 writers: splitting compared each name
/// with the ones before it. Only its first 4 KB is read.
#[test]
fn an_author_meta_tag_with_100k_names_is_read_in_linear_time() {
    let names: Vec<String> = (0..100_000).map(|i| format!("Writer W{i}")).collect();
    let html = format!(
        "<meta name=\"author\" content=\"{}\"><p>The story.",
        names.join(", ")
    );
    let a = one(&html);
    assert_eq!(a.meta.authors, names[..20]);
}

/// Author blocks nested 400 deep around a megabyte of text: each level read
/// the whole text to find it too long for a byline. Reading stops past the
/// longest byline, and the byline inside is found.
#[test]
fn nested_author_blocks_around_long_text_are_read_in_linear_time() {
    let depth = 400;
    let html = "<div class=\"author\">".repeat(depth)
        + &"A long biography of the writer. ".repeat(30_000)
        + "<span class=\"byline\">By Jane Doe</span>"
        + &"</div>".repeat(depth)
        + "<p>The story.";
    let a = one(&html);
    assert_eq!(a.meta.authors, ["Jane Doe"]);
}

/// 20,000 JSON-LD blocks: each is read once; the first article's fields win.
#[test]
fn many_json_ld_blocks_are_read_in_linear_time() {
    let html: String = (0..20_000)
        .map(|i| {
            format!(
                "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
                 \"headline\":\"Headline {i}\",\"author\":{{\"name\":\"Writer W{i}\"}}}}</script>"
            )
        })
        .collect::<String>()
        + "<p>The story.";
    let a = one(&html);
    assert_eq!(a.meta.title, "Headline 0");
    assert_eq!(a.meta.authors, ["Writer W0"]);
}

/// 10,000 sibling blocks sharing the story's id and classes: each is scored
/// once, and the densest wins.
#[test]
fn many_siblings_with_repeated_ids_and_classes_are_read_in_linear_time() {
    let html = "<div id=\"story\" class=\"story-body content\"><span>x</span></div>".repeat(10_000)
        + "<div class=\"story-body\"><p>The story, long enough to be the densest block.</p></div>";
    assert_eq!(
        texts(&one(&html)),
        [body("The story, long enough to be the densest block.")]
    );
}

/// A class attribute of 600 kB, and a paragraph of one word of 256 kB: each
/// is read a fixed number of times.
#[test]
fn huge_attribute_values_and_words_are_read_in_linear_time() {
    let html = format!(
        "<div class=\"{}story\"><p>The story.</p></div>",
        "ab ".repeat(200_000)
    );
    assert_eq!(texts(&one(&html)), [body("The story.")]);
    let word = "x".repeat(1 << 18);
    let a = one(&format!("<p>{word}"));
    assert_eq!(a.paragraphs.len(), 1);
}

/// Ordinary pages are not rewritten by the limits, whatever they hold.
#[test]
fn the_limits_leave_ordinary_pages_alone() {
    use super::depth::limit_markup;
    use std::borrow::Cow;
    for page in [
        super::tests::PAGE,
        "<html lang=en><body class=x><p><b>bold <i>both</i></b> <a href=/>link</a>",
        "<div a b c d e f g h i j k l m n o p>x</div>",
    ] {
        assert!(matches!(limit_markup(page), Cow::Borrowed(_)), "{page}");
    }
    let twice = "<html a=1><body b=1><p>x<html c=2><body d=2>";
    assert_eq!(limit_markup(twice), "<html a=1><body b=1><p>x  ");
}
