//! The html reader: one news web page becomes one [`Article`].
//!
//! This module owns turning a parsed page into article fields: the metadata that
//! pages carry in `<meta>` tags, JSON-LD and bylines, and a readability-style
//! choice of the element that holds the story text. It does not parse HTML
//! itself (html5ever does, through `scraper`) and it must not use regexes on
//! markup. Every walk over the tree is iterative, because hostile pages nest
//! elements deeply enough to overflow the stack of a recursive one.

use std::borrow::Cow;
use std::ops::Deref;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use super::{clean, Parsed};
use crate::article::{Article, ParagraphKind, Published};

/// A node of the parsed page (ego-tree's `NodeRef`, which scraper does not
/// re-export by name).
type NodeRef<'a> = <ElementRef<'a> as Deref>::Target;

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
    article.title = meta
        .get("og:title")
        .or_else(|| meta.get("twitter:title"))
        .map(str::to_string)
        .or_else(|| meta.ld.headline.clone())
        .or_else(|| first_h1(content, root))
        .or_else(|| meta.title.clone())
        .map(|t| strip_site_suffix(&t, site.as_deref()))
        .unwrap_or_default();
    article.published = published(&meta, content);
    article.authors = authors(&meta);
    article.source = site;
    article.url = meta
        .canonical
        .clone()
        .or_else(|| meta.get("og:url").map(str::to_string));
    article.tags = keywords(&meta);

    let mut blocks = content_blocks(content);
    if blocks.is_empty() && !meta.saw_p {
        blocks = fallback_blocks(root, &article.title);
    }
    for (kind, text) in blocks {
        let text = clean::normalize_ws(&text);
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
            article.dateline = Some(dateline);
            first.text = rest;
        }
    }
    Parsed {
        format: None,
        articles: vec![article],
        problems: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Tree walking

enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(NodeRef<'a>),
}

/// Visits `root` and its descendants in document order without recursion.
/// Returning false from an `Enter` skips that node's children; every `Enter` is
/// matched by a `Leave`.
fn walk<'a>(root: NodeRef<'a>, mut f: impl FnMut(Step<'a>) -> bool) {
    let mut node = root;
    loop {
        if f(Step::Enter(node)) {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        loop {
            f(Step::Leave(node));
            if node == root {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return,
            }
        }
    }
}

/// Elements that never hold article text.
fn is_furniture_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "iframe"
            | "svg"
            | "math"
            | "button"
            | "select"
            | "textarea"
            | "object"
            | "embed"
            | "canvas"
            | "dialog"
            | "menu"
    )
}

/// Class and id words that mark page furniture whatever else the element says.
const NOISE: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "related",
    "comment",
    "comments",
    "disqus",
    "newsletter",
    "promo",
    "promotion",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "sponsored",
    "advert",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "outbrain",
    "taboola",
    "recommended",
    "recirc",
    "breadcrumb",
    "breadcrumbs",
];

/// Words that mark furniture only when nothing says the element is the story
/// ("story-body has-ads" is the story).
const WEAK_NOISE: &[&str] = &[
    "ad", "ads", "banner", "social", "popular", "trending", "sidebar", "widget", "popup", "modal",
];

const STORY: &[&str] = &[
    "article", "body", "content", "story", "main", "entry", "post", "text",
];

/// Whether an element is page furniture by what its attributes say.
fn is_noise(el: &Element) -> bool {
    if matches!(el.name(), "html" | "body" | "article" | "main")
        || el.attr("itemprop") == Some("articleBody")
    {
        return false;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = el.attr("role") {
        if matches!(
            role,
            "navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "alert"
        ) {
            return true;
        }
    }
    let mut weak = false;
    let mut story = false;
    for value in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        for word in value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = word.to_ascii_lowercase();
            if NOISE.contains(&word.as_str()) {
                return true;
            }
            weak |= WEAK_NOISE.contains(&word.as_str());
            story |= STORY.contains(&word.as_str());
        }
    }
    weak && !story
}

/// Elements skipped when collecting article text.
fn is_dropped(el: &Element) -> bool {
    is_furniture_tag(el.name()) || el.name() == "header" || is_noise(el)
}

/// Inline elements: their text runs on without a break.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// The text under `node`, skipping furniture inside it, with block boundaries
/// and `<br>` read as spaces.
fn text_of(node: NodeRef<'_>) -> String {
    let mut out = String::new();
    walk(node, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                out.push_str(t);
                true
            }
            Node::Element(el) => {
                if !is_inline(el.name()) {
                    out.push(' ');
                }
                n == node || !is_dropped(el)
            }
            _ => false,
        },
        Step::Leave(n) => {
            if n.value()
                .as_element()
                .is_some_and(|el| !is_inline(el.name()))
            {
                out.push(' ');
            }
            true
        }
    });
    out
}

// ---------------------------------------------------------------------------
// Metadata

/// What the page says about itself outside the story text.
#[derive(Default)]
struct Meta {
    /// `<meta>` name/property/itemprop (lowercased) and content, first one wins.
    tags: Vec<(String, String)>,
    title: Option<String>,
    canonical: Option<String>,
    ld: LinkedData,
    /// Text of byline elements (`rel=author`, class or itemprop byline/author),
    /// in document order.
    bylines: Vec<String>,
    /// Whether the page has any `<p>` at all.
    saw_p: bool,
}

impl Meta {
    fn get(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    fn collect(root: NodeRef<'_>) -> Meta {
        let mut meta = Meta::default();
        walk(root, |step| {
            let Step::Enter(n) = step else {
                return true;
            };
            let Some(el) = n.value().as_element() else {
                // Only the document node itself is worth descending into.
                return n.value().is_document();
            };
            match el.name() {
                "meta" => {
                    let key = el
                        .attr("property")
                        .or_else(|| el.attr("name"))
                        .or_else(|| el.attr("itemprop"));
                    if let (Some(key), Some(content)) = (key, el.attr("content")) {
                        meta.tags
                            .push((key.trim().to_ascii_lowercase(), content.to_string()));
                    }
                }
                "title" if meta.title.is_none() => {
                    let t = clean::normalize_ws(&text_of(n));
                    if !t.is_empty() {
                        meta.title = Some(t);
                    }
                    return false;
                }
                "link" if meta.canonical.is_none() => {
                    let canonical = el.attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        meta.canonical = el
                            .attr("href")
                            .map(str::trim)
                            .filter(|h| !h.is_empty())
                            .map(str::to_string);
                    }
                }
                "script" => {
                    if el
                        .attr("type")
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
                    {
                        meta.ld.absorb(&text_of(n));
                    }
                    return false;
                }
                "p" => meta.saw_p = true,
                _ => {}
            }
            if is_furniture_tag(el.name()) || is_noise(el) {
                return false;
            }
            if is_byline(el) {
                let text = match el.attr("content") {
                    Some(c) => c.to_string(),
                    None => text_of(n),
                };
                // A long "author" block is a bio or a whole author page: look
                // inside it for the byline instead.
                if text.len() <= 300 {
                    meta.bylines.push(text);
                    // The outer byline already holds the names inside it.
                    return false;
                }
            }
            true
        });
        meta
    }
}

fn is_byline(el: &Element) -> bool {
    if matches!(el.name(), "meta" | "html" | "body" | "article" | "main") {
        return false;
    }
    let rel_author = el.attr("rel").is_some_and(|r| {
        r.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("author"))
    });
    let itemprop = el
        .attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|w| w == "author" || w == "byline"));
    let class = el.attr("class").is_some_and(|c| {
        c.split(|ch: char| !ch.is_ascii_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("byline") || w.eq_ignore_ascii_case("author"))
    });
    rel_author || itemprop || class
}

/// The fields newsidx uses from a page's JSON-LD article object.
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
}

impl LinkedData {
    /// Reads one `<script type="application/ld+json">`; broken JSON is ignored,
    /// as browsers do.
    fn absorb(&mut self, json: &str) {
        let Ok(value) = serde_json::from_str::<Value>(json.trim()) else {
            return;
        };
        // Objects may come alone, in an array, or in an `@graph`.
        let mut items: Vec<&Value> = match &value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let graphs: Vec<&Value> = items
            .iter()
            .filter_map(|v| v.get("@graph").and_then(Value::as_array))
            .flatten()
            .collect();
        items.extend(graphs);
        for item in items
            .into_iter()
            .filter(|v| is_article_type(v.get("@type")))
        {
            if self.headline.is_none() {
                self.headline = str_field(item, "headline");
            }
            if self.published.is_none() {
                self.published = str_field(item, "datePublished");
            }
            if self.authors.is_empty() {
                self.authors = names(item.get("author"));
            }
            if self.publisher.is_none() {
                self.publisher = names(item.get("publisher")).into_iter().next();
            }
        }
    }
}

fn is_article_type(t: Option<&Value>) -> bool {
    let is_article = |s: &str| s.ends_with("Article") || s == "BlogPosting" || s == "Report";
    match t {
        Some(Value::String(s)) => is_article(s),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).any(is_article),
        _ => false,
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `"A"`, `{"name": "A"}` or an array of either.
fn names(v: Option<&Value>) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(_) => str_field(v, "name"),
        _ => None,
    };
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(v) => one(v).into_iter().collect(),
        None => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "datepublished",
];

fn published(meta: &Meta, content: NodeRef<'_>) -> Option<Published> {
    DATE_KEYS
        .iter()
        .filter_map(|key| meta.get(key))
        .chain(meta.ld.published.as_deref())
        .find_map(Published::parse)
        .or_else(|| time_in(content))
}

/// The first `<time datetime>` in the story that is a date.
fn time_in(content: NodeRef<'_>) -> Option<Published> {
    let mut found = None;
    walk(content, |step| {
        let Step::Enter(n) = step else {
            return true;
        };
        if found.is_some() {
            return false;
        }
        let Some(el) = n.value().as_element() else {
            // Only the document node itself is worth descending into.
            return n.value().is_document();
        };
        if el.name() == "time" {
            found = el.attr("datetime").and_then(Published::parse);
        }
        !is_furniture_tag(el.name()) && !is_noise(el)
    });
    found
}

fn authors(meta: &Meta) -> Vec<String> {
    let from_meta = meta.get("author").map(clean::split_authors);
    let from_og = meta
        .get("article:author")
        .filter(|a| !a.contains("://") && !a.starts_with('/'))
        .map(clean::split_authors);
    let from_ld = Some(
        meta.ld
            .authors
            .iter()
            .flat_map(|a| clean::split_authors(a))
            .collect::<Vec<_>>(),
    );
    let from_bylines = Some(dedup(
        meta.bylines.iter().flat_map(|b| clean::split_authors(b)),
    ));
    [from_meta, from_og, from_ld, from_bylines]
        .into_iter()
        .flatten()
        .find(|names| !names.is_empty())
        .unwrap_or_default()
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn keywords(meta: &Meta) -> Vec<String> {
    let tags = meta
        .tags
        .iter()
        .filter(|(k, _)| k == "article:tag" || k == "news_keywords" || k == "keywords")
        .flat_map(|(_, v)| v.split(','))
        .map(clean::normalize_ws)
        .filter(|t| !t.is_empty() && t.len() <= 100);
    let mut tags = dedup(tags);
    tags.truncate(50);
    tags
}

/// `Trade talks resume | The Daily Planet` → `Trade talks resume` when the suffix
/// is the site's own name.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = clean::normalize_ws(title);
    let Some(site) = site.map(clean::normalize_ws).filter(|s| !s.is_empty()) else {
        return title;
    };
    for sep in [" - ", " | ", " – ", " — ", " :: ", " · "] {
        if let Some(i) = title.rfind(sep) {
            let (head, suffix) = (&title[..i], &title[i + sep.len()..]);
            if !head.trim().is_empty() && suffix.trim().eq_ignore_ascii_case(&site) {
                return head.trim().to_string();
            }
        }
    }
    title
}

/// The headline element: an `<h1>` in the story, else in the page's `<article>`.
fn first_h1(content: NodeRef<'_>, root: NodeRef<'_>) -> Option<String> {
    let find = |scope: NodeRef<'_>, in_article_only: bool| {
        let mut found = None;
        let mut articles = 0usize;
        walk(scope, |step| match step {
            Step::Enter(n) => {
                let Some(el) = n.value().as_element() else {
                    // Only the document node itself is worth descending into.
                    return n.value().is_document();
                };
                if found.is_some() || is_furniture_tag(el.name()) || is_noise(el) {
                    return false;
                }
                if el.name() == "article" {
                    articles += 1;
                }
                if el.name() == "h1" && (!in_article_only || articles > 0) {
                    let t = clean::normalize_ws(&text_of(n));
                    if !t.is_empty() {
                        found = Some(t);
                    }
                    return false;
                }
                true
            }
            Step::Leave(n) => {
                if n.value()
                    .as_element()
                    .is_some_and(|el| el.name() == "article")
                {
                    articles = articles.saturating_sub(1);
                }
                true
            }
        });
        found
    };
    find(content, false).or_else(|| (content != root).then(|| find(root, true)).flatten())
}

// ---------------------------------------------------------------------------
// Story text

/// The element that holds the story: the `<article>` with the most paragraph
/// text, else `[itemprop=articleBody]`, else the element whose own `<p>` children
/// hold the most text, else the whole page.
fn choose_root(root: NodeRef<'_>) -> NodeRef<'_> {
    struct Frame<'a> {
        node: NodeRef<'a>,
        /// Text in this element's direct `<p>` children.
        direct: usize,
        /// Text in all `<p>` below this element.
        total: usize,
    }
    let mut stack: Vec<Frame<'_>> = Vec::new();
    // Text length of each `<p>` being read (quirks mode can nest them).
    let mut paragraphs: Vec<usize> = Vec::new();
    let mut best_article: Option<(usize, NodeRef<'_>)> = None;
    let mut best_body: Option<(usize, NodeRef<'_>)> = None;
    let mut best_parent: Option<(usize, NodeRef<'_>)> = None;
    walk(root, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                if let Some(len) = paragraphs.last_mut() {
                    *len += t.trim().len();
                }
                false
            }
            Node::Element(el) => {
                let keep = n == root || !is_dropped(el);
                if keep && el.name() == "p" {
                    paragraphs.push(0);
                }
                stack.push(Frame {
                    node: n,
                    direct: 0,
                    total: 0,
                });
                keep
            }
            _ => n == root,
        },
        Step::Leave(n) => {
            let Some(el) = n.value().as_element() else {
                return true;
            };
            let Some(frame) = stack.pop() else {
                return true;
            };
            let mut total = frame.total;
            if el.name() == "p" && (n == root || !is_dropped(el)) {
                let len = paragraphs.pop().unwrap_or(0);
                total += len;
                if let Some(parent) = stack.last_mut() {
                    parent.direct += len;
                }
            }
            if let Some(parent) = stack.last_mut() {
                parent.total += total;
            }
            let better = |best: &Option<(usize, NodeRef<'_>)>, score: usize| {
                score > 0 && best.is_none_or(|(b, _)| score > b)
            };
            if el.name() == "article" && better(&best_article, total) {
                best_article = Some((total, frame.node));
            }
            if el.attr("itemprop") == Some("articleBody") && better(&best_body, total) {
                best_body = Some((total, frame.node));
            }
            if better(&best_parent, frame.direct) {
                best_parent = Some((frame.direct, frame.node));
            }
            true
        }
    });
    let densest = best_parent.map_or(0, |(score, _)| score);
    // An `<article>` that holds less than half the densest block is a teaser card.
    [best_article, best_body]
        .into_iter()
        .flatten()
        .find(|(score, _)| score * 2 >= densest)
        .or(best_parent)
        .map_or(root, |(_, node)| node)
}

/// The story's paragraphs, headings, quotes and captions in document order.
fn content_blocks(content: NodeRef<'_>) -> Vec<(ParagraphKind, String)> {
    let mut blocks = Vec::new();
    let mut quotes = 0usize;
    let kept = |n: NodeRef<'_>, el: &Element| n == content || !is_dropped(el);
    walk(content, |step| match step {
        Step::Enter(n) => {
            let Some(el) = n.value().as_element() else {
                // Only the document node itself is worth descending into.
                return n.value().is_document();
            };
            // The byline is already in `authors`.
            if !kept(n, el) || (n != content && is_byline(el)) {
                return false;
            }
            let kind = match el.name() {
                "p" if quotes > 0 => ParagraphKind::Quote,
                "p" => ParagraphKind::Body,
                "h2" | "h3" => ParagraphKind::Heading,
                "figcaption" => ParagraphKind::Caption,
                "blockquote" if holds_paragraphs(n) => {
                    // A quote made of paragraphs yields one quote per paragraph.
                    quotes += 1;
                    return true;
                }
                "blockquote" => ParagraphKind::Quote,
                _ => return true,
            };
            blocks.push((kind, text_of(n)));
            false
        }
        Step::Leave(n) => {
            if let Some(el) = n.value().as_element() {
                if el.name() == "blockquote" && kept(n, el) && holds_paragraphs(n) {
                    quotes = quotes.saturating_sub(1);
                }
            }
            true
        }
    });
    blocks
}

fn holds_paragraphs(n: NodeRef<'_>) -> bool {
    n.children()
        .any(|c| c.value().as_element().is_some_and(|e| e.name() == "p"))
}

/// For pages without a single `<p>`: the text blocks of `<body>`, split at block
/// elements, minus the headline.
fn fallback_blocks(root: NodeRef<'_>, title: &str) -> Vec<(ParagraphKind, String)> {
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut kind = ParagraphKind::Body;
    let mut in_body = false;
    let mut flush = |buf: &mut String, kind: ParagraphKind| {
        let text = clean::normalize_ws(buf);
        buf.clear();
        if !text.is_empty() && text != title {
            blocks.push((kind, text));
        }
    };
    walk(root, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                if in_body {
                    buf.push_str(t);
                }
                false
            }
            Node::Element(el) => {
                if el.name() == "body" {
                    in_body = true;
                }
                if is_dropped(el) && el.name() != "body" {
                    return false;
                }
                // `<br>` splits too: pages without `<p>` separate paragraphs with it.
                if !is_inline(el.name()) {
                    flush(&mut buf, kind);
                    kind = match el.name() {
                        "h2" | "h3" => ParagraphKind::Heading,
                        "blockquote" => ParagraphKind::Quote,
                        "figcaption" => ParagraphKind::Caption,
                        _ => ParagraphKind::Body,
                    };
                }
                true
            }
            _ => n == root,
        },
        Step::Leave(n) => {
            if n.value()
                .as_element()
                .is_some_and(|el| !is_inline(el.name()))
            {
                flush(&mut buf, kind);
                kind = ParagraphKind::Body;
            }
            true
        }
    });
    flush(&mut buf, kind);
    blocks
}

// ---------------------------------------------------------------------------
// Hostile input

/// Browsers stop nesting at about this depth (Blink uses 512); real pages stay
/// far below it.
const MAX_DEPTH: usize = 512;

/// Flattens elements nested deeper than [`MAX_DEPTH`] by dropping their tags
/// (the text stays).
///
/// html5ever checks element scopes by scanning its stack of open elements, so
/// every start tag costs time proportional to the current depth: 100,000 nested
/// `<div>`s took nine minutes in a debug build. This pass is linear, and for
/// ordinary pages it returns the input untouched. It only counts tags, and its
/// count is an estimate (unclosed elements push it up), which is why the limit
/// is generous.
fn limit_depth(html: &str) -> Cow<'_, str> {
    if scan_depth(html, None) <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    scan_depth(html, Some(&mut out));
    Cow::Owned(out)
}

/// Elements whose end the parser implies, or that cannot nest deeply; counting
/// them would make a page of unclosed `<p>`s look deep.
fn is_uncounted(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is raw text, where `<` does not open a tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

/// Returns the estimated maximum nesting depth. With `out`, copies `html` into it
/// without the tags that open or close elements beyond [`MAX_DEPTH`].
fn scan_depth(html: &str, mut out: Option<&mut String>) -> usize {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    // Everything before `copied` has been copied to `out` or dropped.
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml?>`, a stray `<` in text.
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(b, name_start + name_len);
        i = end;
        let self_closing = end >= 2 && b[end - 2] == b'/';
        let counted = !is_uncounted(&name) && !self_closing;
        let mut drop = false;
        if counted && !closing {
            depth += 1;
            max = max.max(depth);
            drop = depth > MAX_DEPTH;
        } else if counted {
            drop = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
        }
        if drop {
            if let Some(out) = out.as_deref_mut() {
                out.push_str(&html[copied..lt]);
                if !is_inline(&name) {
                    out.push(' ');
                }
                copied = end;
            }
        }
        if !closing && is_raw_text(&name) {
            // Skip to the matching end tag: markup inside a script is not markup.
            let mut j = end;
            i = b.len();
            while let Some(k) = find(b, j, b"</") {
                let candidate = &b[k + 2..];
                if candidate.len() >= name.len()
                    && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                {
                    i = k;
                    break;
                }
                j = k + 2;
            }
        }
    }
    if let Some(out) = out {
        out.push_str(&html[copied..]);
    }
    max
}

/// The index just past the `>` that ends a tag whose attributes start at `i`;
/// quoted attribute values may hold `>`.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                    i = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| i + 1 + p + 1);
                }
            }
            _ => i += 1,
        }
    }
    b.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// A trimmed but real-shaped news page: metadata in three places, a site
    /// header and nav, an ad slot and share bar inside the story, a figure, a
    /// related-stories rail, comments and a footer.
    const PAGE: &str = r#"<!DOCTYPE html>
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

    fn one(html: &str) -> Article {
        let mut parsed = parse(html);
        assert_eq!(parsed.articles.len(), 1);
        parsed.articles.remove(0)
    }

    fn texts(a: &Article) -> Vec<(ParagraphKind, String)> {
        a.paragraphs
            .iter()
            .map(|p| (p.kind, clean::normalize_ws(&p.text)))
            .collect()
    }

    #[test]
    fn news_page() {
        let a = one(PAGE);
        assert_eq!(a.title, "Trump eases Huawei ban, reopens trade talks");
        assert_eq!(
            a.published.unwrap().to_string(),
            "2019-06-29T08:15:00-04:00"
        );
        assert_eq!(a.authors, ["Bob Davis", "Lingling Wei"]);
        assert_eq!(a.source.as_deref(), Some("The Daily Planet"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://planet.example/world/huawei")
        );
        assert_eq!(a.dateline.as_deref(), Some("OSAKA, Japan"));
        assert_eq!(a.tags, ["Trade", "China", "Huawei"]);
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
    fn metadata_fallbacks() {
        // No og:title, JSON-LD or canonical: <h1> in the article, meta date,
        // byline class, og:url.
        let a = one(r#"<html><head><title>Rates rise | Gazette</title>
            <meta name="parsely-pub-date" content="2020-03-04">
            <meta property="og:url" content="https://gazette.example/rates">
            </head><body><article><h1>Rates rise again</h1>
            <p class="byline">By Jane Doe, Staff Writer</p>
            <p>WASHINGTON — The Fed raised rates on Wednesday.</p></article></body></html>"#);
        assert_eq!(a.title, "Rates rise again");
        assert_eq!(a.published.unwrap().to_string(), "2020-03-04");
        assert_eq!(a.authors, ["Jane Doe"]);
        assert_eq!(a.url.as_deref(), Some("https://gazette.example/rates"));
        assert_eq!(a.dateline.as_deref(), Some("WASHINGTON"));
        assert_eq!(a.source, None);
        assert_eq!(
            texts(&a),
            [(
                ParagraphKind::Body,
                "The Fed raised rates on Wednesday.".to_string()
            )]
        );
    }

    #[test]
    fn title_tag_loses_site_suffix() {
        let a = one(r#"<html><head><title>Rates rise | Gazette</title>
            <meta property="og:site_name" content="Gazette"></head>
            <body><div><p>Rates rose.</p></div></body></html>"#);
        assert_eq!(a.title, "Rates rise");
        let a = one("<title>Rates rise | Other Paper</title><p>Rates rose.</p>");
        assert_eq!(a.title, "Rates rise | Other Paper");
    }

    #[test]
    fn densest_block_wins_without_article_element() {
        let a = one(r#"<body><div class="menu-col"><p>Home</p></div>
            <div class="col"><p>First real paragraph of the story, long enough.</p>
            <p>Second real paragraph of the story, also long.</p></div>
            <div><p>Short teaser</p></div></body>"#);
        assert_eq!(
            texts(&a),
            [
                (
                    ParagraphKind::Body,
                    "First real paragraph of the story, long enough.".to_string()
                ),
                (
                    ParagraphKind::Body,
                    "Second real paragraph of the story, also long.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn page_without_paragraphs_falls_back_to_body_blocks() {
        let a = one(r#"<html><body><nav>Home | World</nav><h1>Headline</h1>
            <div>NEW YORK (Reuters) - Stocks fell on Friday.</div>
            <div>Oil rose.<br>Gold slipped.</div><footer>Contact us</footer></body></html>"#);
        assert_eq!(a.title, "Headline");
        assert_eq!(a.dateline.as_deref(), Some("NEW YORK"));
        assert_eq!(
            texts(&a),
            [
                (ParagraphKind::Body, "Stocks fell on Friday.".to_string()),
                (ParagraphKind::Body, "Oil rose.".to_string()),
                (ParagraphKind::Body, "Gold slipped.".to_string()),
            ]
        );
    }

    #[test]
    fn datelines() {
        let split = clean::split_dateline;
        assert_eq!(
            split("OSAKA, Japan -- President Trump said"),
            Some(("OSAKA, Japan".into(), "President Trump said".into()))
        );
        assert_eq!(
            split("WASHINGTON — The Fed"),
            Some(("WASHINGTON".into(), "The Fed".into()))
        );
        assert_eq!(
            split("NEW YORK (Reuters) - Stocks fell"),
            Some(("NEW YORK".into(), "Stocks fell".into()))
        );
        assert_eq!(
            split("BEIJING, June 30 (AP) — China said"),
            Some(("BEIJING, June 30".into(), "China said".into()))
        );
        assert_eq!(split("U.S. officials said -- on Friday -- that"), None);
        assert_eq!(split("I -- I don't know"), None);
        assert_eq!(split("Stocks fell - again"), None);
        assert_eq!(split("NEW YORK - Stocks fell"), None);
        assert_eq!(split("OSAKA -- "), None);
        assert_eq!(split("—"), None);
    }

    #[test]
    fn truncated_html_does_not_panic() {
        let cut = &PAGE[..PAGE.find("Negotiators").unwrap_or(PAGE.len())];
        let a = one(cut);
        assert_eq!(a.title, "Trump eases Huawei ban, reopens trade talks");
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

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let html = format!(
            "<html><body>{}<p>Deep inside the story.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let start = Instant::now();
        let a = one(&html);
        let took = start.elapsed();
        assert_eq!(
            texts(&a),
            [(ParagraphKind::Body, "Deep inside the story.".to_string())]
        );
        // Unguarded, html5ever needs minutes for this (quadratic in depth); the
        // guard is `limit_depth` (tested below), the time only reported.
        eprintln!("100k nested <div>: {took:?}");

        // Unclosed, and mixed with inline elements.
        let html = "<div><span>".repeat(depth) + "<p>Unclosed.";
        assert_eq!(
            texts(&one(&html)),
            [(ParagraphKind::Body, "Unclosed.".to_string())]
        );
    }

    #[test]
    fn ordinary_pages_are_not_rewritten() {
        assert!(matches!(limit_depth(PAGE), Cow::Borrowed(_)));
        let deep = "<div>".repeat(MAX_DEPTH + 10) + "text" + &"</div>".repeat(MAX_DEPTH + 10);
        let flat = limit_depth(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("text"));
        // Tags inside scripts and comments are not counted.
        let script = format!(
            "<script>{}</script><!--{}-->",
            "<div>".repeat(1000),
            "<div>".repeat(1000)
        );
        assert!(matches!(limit_depth(&script), Cow::Borrowed(_)));
    }

    /// Every paragraph is kept. (How long it takes is a benchmark's business, not
    /// a test's: a run on a loaded machine once took 90 s. It used to be
    /// quadratic; a hang would still stop CI.)
    #[test]
    fn a_million_paragraphs() {
        let html = "<p>word".repeat(1_000_000);
        let start = Instant::now();
        let a = one(&html);
        eprintln!("a million <p>: {:?}", start.elapsed());
        assert_eq!(a.paragraphs.len(), 1_000_000);
        assert!(a.paragraphs.iter().all(|p| p.text == "word"));
    }
}
