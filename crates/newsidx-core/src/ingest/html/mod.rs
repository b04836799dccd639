//! The html reader: one news web page becomes one [`Article`].
//!
//! This module owns turning a parsed page into article fields, in four rooms:
//! [`depth`] guards html5ever against absurdly deep pages, [`tree`] walks the
//! parsed page and says what its elements are, [`meta`] reads what the page
//! says about itself (`<meta>`, JSON-LD, bylines), and [`content`] chooses the
//! element that holds the story and reads its paragraphs. `parse` puts them
//! together and cleans the paragraphs. It does not parse HTML itself (html5ever
//! does, through `scraper`) and it must not use regexes on markup. Every walk
//! over the tree is iterative, because hostile pages nest elements deeply
//! enough to overflow the stack of a recursive one.

mod content;
mod depth;
mod meta;
mod tree;

use scraper::Html;

use super::{clean, strings, Parsed};
use crate::article::{Article, ParagraphKind};
use content::{choose_root, content_blocks, fallback_blocks};
use depth::limit_depth;
use meta::{authors, first_h1, keywords, published, strip_site_suffix, Meta};

/// Parses one html file.
pub(crate) fn parse(text: &str) -> Parsed {
    let html = limit_depth(text);
    let doc = Html::parse_document(&html);
    let root = doc.tree.root();
    let meta = Meta::collect(root);
    let content = choose_root(root);

    let mut article = Article::default();
    let mut site = meta.get("og:site_name").map(str::to_string);
    if site.is_none() {
        site = meta.ld.publisher.clone();
    }
    article.meta.title = meta
        .get("og:title")
        .or_else(|| meta.get("twitter:title"))
        .map(str::to_string)
        .or_else(|| meta.ld.headline.clone())
        .or_else(|| first_h1(content, root))
        .or_else(|| meta.title.clone())
        .map(|t| strip_site_suffix(&t, site.as_deref()))
        .unwrap_or_default();
    article.meta.published = published(&meta, content);
    article.meta.authors = authors(&meta);
    article.meta.source = site;
    article.meta.url = meta
        .canonical
        .clone()
        .or_else(|| meta.get("og:url").map(str::to_string));
    article.meta.tags = keywords(&meta);

    let mut blocks = content_blocks(content);
    if blocks.is_empty() && !meta.saw_p {
        blocks = fallback_blocks(root, &article.meta.title);
    }
    for (kind, text) in blocks {
        let text = strings::normalize_ws(&text);
        if text.is_empty() || clean::is_boilerplate(&text) {
            continue;
        }
        let kind = if kind == ParagraphKind::Body && clean::is_caption(&text) {
            ParagraphKind::Caption
        } else {
            kind
        };
        article.push_paragraph(kind, text);
    }
    if let Some(first) = article
        .paragraphs
        .iter_mut()
        .find(|p| p.kind == ParagraphKind::Body)
    {
        if let Some((dateline, rest)) = clean::split_dateline(&first.text) {
            article.meta.dateline = Some(dateline);
            first.text = rest;
        }
    }
    Parsed {
        format: None,
        articles: vec![article],
        ..Parsed::default()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A trimmed but real-shaped news page: metadata in three places, a site
    /// header and nav, an ad slot and share bar inside the story, a figure, a
    /// related-stories rail, comments and a footer.
    pub(super) const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Trump eases Huawei ban at G-20 - The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta property="og:title" content="Trump eases Huawei ban, reopens trade talks - The Daily Planet">
<meta property="og:url" content="https://planet.example/world/huawei?utm=x">
<meta property="article:author" content="https://planet.example/staff/bob-davis">
<meta name="keywords" content="Trade, China, Huawei">
<link rel="canonical" href="https://planet.example/world/huawei">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The Daily Planet"},
  {"@type": "NewsArticle",
   "headline": "Trump eases Huawei ban",
   "datePublished": "2019-06-29T08:15:00-04:00",
   "author": [{"@type": "Person", "name": "Bob Davis"}, {"@type": "Person", "name": "Lingling Wei"}],
   "publisher": {"@type": "Organization", "name": "The Daily Planet"}}
]}
</script>
<script>var ads = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head>
<body>
<header class="site-header"><a href="/">The Daily Planet</a>
  <nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li></ul></nav>
</header>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>
<main>
<article class="story">
  <header>
    <h1>Trump eases Huawei ban</h1>
    <div class="byline">By <a rel="author" href="/staff/bob">Bob Davis</a> and
      <a rel="author" href="/staff/ling">Lingling Wei</a></div>
    <time datetime="2019-06-29T08:15:00-04:00">June 29, 2019</time>
  </header>
  <div class="share-tools"><p>Share on Facebook</p><button>Tweet</button></div>
  <figure>
    <img src="xi.jpg" alt="Trump and Xi">
    <figcaption>President Trump and Chinese President Xi Jinping in Osaka on Saturday.
      (Susan Walsh/AP)</figcaption>
  </figure>
  <div itemprop="articleBody" class="story-body has-ads">
    <p>OSAKA, Japan -- President Trump said U.S. companies could sell
       equipment to <a href="/huawei">Huawei</a>, easing a ban.</p>
    <div class="ad-slot"><p>Advertisement</p><p>Buy our sponsor's widgets today.</p></div>
    <p>The move came after a meeting with <em>Chinese leader</em> Xi Jinping.</p>
    <h2>Talks resume</h2>
    <p>Negotiators will meet again next month, officials said.</p>
    <blockquote><p>We are back on track.</p></blockquote>
    <p>Read more</p>
    <aside class="related-stories"><h3>Related</h3><p>Markets rally on trade hopes.</p></aside>
  </div>
</article>
<section id="comments" class="comments-area">
  <h3>3 Comments</h3><p>Great article! Best regards, a reader.</p>
  <p>Leave a Reply</p>
</section>
</main>
<footer><p>Copyright © 2019 The Daily Planet. All rights reserved.</p></footer>
</body>
</html>
"#;

    pub(super) fn one(html: &str) -> Article {
        let mut parsed = parse(html);
        assert_eq!(parsed.articles.len(), 1);
        parsed.articles.remove(0)
    }

    pub(super) fn texts(a: &Article) -> Vec<(ParagraphKind, String)> {
        a.paragraphs
            .iter()
            .map(|p| (p.kind, strings::normalize_ws(&p.text)))
            .collect()
    }

    #[test]
    fn news_page() {
        let a = one(PAGE);
        assert_eq!(a.meta.title, "Trump eases Huawei ban, reopens trade talks");
        assert_eq!(
            a.meta.published.unwrap().to_string(),
            "2019-06-29T08:15:00-04:00"
        );
        assert_eq!(a.meta.authors, ["Bob Davis", "Lingling Wei"]);
        assert_eq!(a.meta.source.as_deref(), Some("The Daily Planet"));
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://planet.example/world/huawei")
        );
        assert_eq!(a.meta.dateline.as_deref(), Some("OSAKA, Japan"));
        assert_eq!(a.meta.tags, ["Trade", "China", "Huawei"]);
        use ParagraphKind::*;
        let expected = [
            (
                Caption,
                "President Trump and Chinese President Xi Jinping in Osaka on Saturday. (Susan Walsh/AP)",
            ),
            (
                Body,
                "President Trump said U.S. companies could sell equipment to Huawei, easing a ban.",
            ),
            (
                Body,
                "The move came after a meeting with Chinese leader Xi Jinping.",
            ),
            (Heading, "Talks resume"),
            (
                Body,
                "Negotiators will meet again next month, officials said.",
            ),
            (Quote, "We are back on track."),
        ];
        let expected: Vec<_> = expected.iter().map(|(k, t)| (*k, t.to_string())).collect();
        assert_eq!(texts(&a), expected);
        let all = format!("{a:?}");
        for furniture in [
            "Business",
            "cookies",
            "Share on Facebook",
            "Tweet",
            "sponsor",
            "Markets rally",
            "Great article",
            "Copyright",
            "not text",
        ] {
            assert!(!all.contains(furniture), "{furniture:?} leaked");
        }
    }

    #[test]
    fn truncated_html_does_not_panic() {
        let cut = &PAGE[..PAGE.find("Negotiators").unwrap_or(PAGE.len())];
        let a = one(cut);
        assert_eq!(a.meta.title, "Trump eases Huawei ban, reopens trade talks");
        assert_eq!(a.paragraphs.len(), 4);
        for junk in [
            "<",
            "<html",
            "<p",
            "<p>x",
            "<!--",
            "<script>",
            "<div class=\"",
            "<a href='x",
            "</p></div></body>",
            "<svg><p>inside svg",
            "<table><p><table><tr><td><p>quirks",
            "\u{feff}<meta property=og:title content>",
        ] {
            let _ = parse(junk);
        }
    }

    /// Every paragraph is kept. (How long it takes is a benchmark's business, not
    /// a test's: a run on a loaded machine once took 90 s. It used to be
    /// quadratic; a hang would still stop CI.)
    #[test]
    fn a_million_paragraphs() {
        let html = "<p>word".repeat(1_000_000);
        let start = std::time::Instant::now();
        let a = one(&html);
        eprintln!("a million <p>: {:?}", start.elapsed());
        assert_eq!(a.paragraphs.len(), 1_000_000);
        assert!(a.paragraphs.iter().all(|p| p.text == "word"));
    }
}
