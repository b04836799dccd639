//! What a page says about itself outside the story text.
//!
//! This module owns `<meta>` tags, `<title>`, the canonical link, JSON-LD
//! article objects, byline elements, and turning them into the article's
//! title, date, authors, site and tags. It must not choose or read the story's
//! paragraphs.

use std::collections::HashSet;

use serde_json::Value;

use super::tree::{
    is_byline, is_furniture_tag, is_noise, text_of, text_within, walk, NodeRef, Step,
};
use crate::article::Published;
use crate::ingest::{clean, strings};

/// What the page says about itself outside the story text.
/// The longest byline, in bytes; a longer "author" element is a bio.
const MAX_BYLINE: usize = 300;

#[derive(Default)]
pub(super) struct Meta {
    /// `<meta>` name/property/itemprop (lowercased) and content, first one wins.
    tags: Vec<(String, String)>,
    /// The `<title>` text.
    pub(super) title: Option<String>,
    /// The `<link rel=canonical>` URL.
    pub(super) canonical: Option<String>,
    /// The page's JSON-LD article object.
    pub(super) ld: LinkedData,
    /// Text of byline elements (`rel=author`, class or itemprop byline/author),
    /// in document order.
    bylines: Vec<String>,
    /// Whether the page has any `<p>` at all.
    pub(super) saw_p: bool,
}

impl Meta {
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    pub(super) fn collect(root: NodeRef<'_>) -> Meta {
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
                    let t = strings::normalize_ws(&text_of(n));
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
                    Some(c) => Some(c)
                        .filter(|c| c.len() <= MAX_BYLINE)
                        .map(str::to_string),
                    None => text_within(n, MAX_BYLINE),
                };
                // A long "author" block is a bio or a whole author page: look
                // inside it for the byline instead (reading no more of it than
                // a byline can hold: bylines nest).
                if let Some(text) = text {
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

/// The fields newsidx uses from a page's JSON-LD article object.
#[derive(Default)]
pub(super) struct LinkedData {
    /// `headline`.
    pub(super) headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    /// The `publisher`'s name.
    pub(super) publisher: Option<String>,
    /// `articleSection` (the first one when it is a list).
    pub(super) section: Option<String>,
    /// `keywords`, a list or a comma-separated string.
    keywords: Vec<String>,
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
            if self.section.is_none() {
                self.section = names(item.get("articleSection")).into_iter().next();
            }
            if self.keywords.is_empty() {
                self.keywords = names(item.get("keywords"))
                    .iter()
                    .flat_map(|k| k.split(','))
                    .map(strings::normalize_ws)
                    .filter(|k| !k.is_empty() && k.len() <= 100)
                    .take(MAX_TAGS)
                    .collect();
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

/// The publication date: the meta tags, JSON-LD, then a `<time>` in the story.
pub(super) fn published(meta: &Meta, content: NodeRef<'_>) -> Option<Published> {
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

/// The most authors an article keeps.
const MAX_AUTHORS: usize = 20;
/// The most tags an article keeps.
const MAX_TAGS: usize = 50;
/// The longest author meta tag read, in bytes: far more than twenty names
/// take, and it keeps the name splitting (which compares each name with the
/// ones before it) short on a hostile page.
const MAX_AUTHOR_TEXT: usize = 4096;

/// The authors: the first of meta tags, JSON-LD and bylines that names any,
/// and then the JSON-LD authors that list leaves out (a page's `author` meta
/// tag often names only the first of several).
pub(super) fn authors(meta: &Meta) -> Vec<String> {
    let split = |a: &str| clean::split_authors(head(a, MAX_AUTHOR_TEXT));
    let from_meta = meta.get("author").map(split);
    let from_og = meta
        .get("article:author")
        .filter(|a| !a.contains("://") && !a.starts_with('/'))
        .map(split);
    let from_ld = Some(
        meta.ld
            .authors
            .iter()
            .flat_map(|a| split(a))
            .take(MAX_AUTHORS)
            .collect::<Vec<_>>(),
    );
    let from_bylines = Some(dedup(
        meta.bylines.iter().flat_map(|b| clean::split_authors(b)),
        MAX_AUTHORS,
    ));
    let ld = from_ld.clone().unwrap_or_default();
    let first = [from_meta, from_og, from_ld, from_bylines]
        .into_iter()
        .flatten()
        .find(|names| !names.is_empty())
        .unwrap_or_default();
    dedup(first.into_iter().chain(ld), MAX_AUTHORS)
}

/// The section: `article:section`, else JSON-LD's `articleSection`.
pub(super) fn section(meta: &Meta) -> Option<String> {
    meta.get("article:section")
        .map(strings::normalize_ws)
        .or_else(|| meta.ld.section.clone())
        .filter(|s| !s.is_empty() && s.len() <= 100)
}

/// The first `max` bytes of `s`, or fewer to end on a character.
fn head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The first `max` distinct items, in order. A set remembers what was kept, so
/// a page repeating one tag or byline a million times costs a million lookups,
/// not a million scans of the list; the input is read only until `max` are
/// kept.
fn dedup(items: impl Iterator<Item = String>, max: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if out.len() == max {
            break;
        }
        if seen.insert(item.clone()) {
            out.push(item);
        }
    }
    out
}

/// Tags from `article:tag`, `news_keywords`, `keywords` and JSON-LD's
/// `keywords`: the first
/// [`MAX_TAGS`] distinct ones.
pub(super) fn keywords(meta: &Meta) -> Vec<String> {
    let tags = meta
        .tags
        .iter()
        .filter(|(k, _)| k == "article:tag" || k == "news_keywords" || k == "keywords")
        .flat_map(|(_, v)| v.split(','))
        .map(strings::normalize_ws)
        .filter(|t| !t.is_empty() && t.len() <= 100)
        .chain(meta.ld.keywords.iter().cloned());
    dedup(tags, MAX_TAGS)
}

/// `Trade talks resume | The Daily Planet` → `Trade talks resume` when the suffix
/// is the site's own name.
pub(super) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = strings::normalize_ws(title);
    let Some(site) = site.map(strings::normalize_ws).filter(|s| !s.is_empty()) else {
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
pub(super) fn first_h1(content: NodeRef<'_>, root: NodeRef<'_>) -> Option<String> {
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
                    let t = strings::normalize_ws(&text_of(n));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::tests::{one, texts};
    use crate::ParagraphKind;

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
        assert_eq!(a.meta.title, "Rates rise again");
        assert_eq!(a.meta.published.unwrap().to_string(), "2020-03-04");
        assert_eq!(a.meta.authors, ["Jane Doe"]);
        assert_eq!(a.meta.url.as_deref(), Some("https://gazette.example/rates"));
        assert_eq!(a.meta.dateline.as_deref(), Some("WASHINGTON"));
        assert_eq!(a.meta.source, None);
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
        assert_eq!(a.meta.title, "Rates rise");
        let a = one("<title>Rates rise | Other Paper</title><p>Rates rose.</p>");
        assert_eq!(a.meta.title, "Rates rise | Other Paper");
    }

    #[test]
    fn linked_data_in_arrays_and_graphs() {
        let mut ld = LinkedData::default();
        ld.absorb(
            r#"[{"@type": "WebPage"}, {"@graph": [{"@type": ["Thing", "ReportageNewsArticle"],
            "headline": " Rates rise ", "author": ["A. Writer", {"name": "B. Writer"}],
            "publisher": {"name": "Gazette"}, "datePublished": "2020-03-04"}]}]"#,
        );
        assert_eq!(ld.headline.as_deref(), Some("Rates rise"));
        assert_eq!(ld.authors, ["A. Writer", "B. Writer"]);
        assert_eq!(ld.publisher.as_deref(), Some("Gazette"));
        assert_eq!(ld.published.as_deref(), Some("2020-03-04"));
        // Broken JSON is ignored, as browsers do.
        ld.absorb("{not json");
        assert_eq!(ld.headline.as_deref(), Some("Rates rise"));
    }
}
