//! One JSON object to one [`Article`].
//!
//! This module owns mapping the field names of public news dumps (`headline`,
//! `maintext`, `date_publish`, `byline`, NewsAPI's `{"source": {"name"}}`,
//! MongoDB's `{"_id": {"$oid"}}` ...) onto article fields, case-insensitively,
//! and reading back our own serialized shape unchanged: JSON output and JSONL
//! input are one format. It must not know how objects sit in a file.

use chrono::DateTime;
use serde_json::{Map, Value};

use crate::article::{Article, ArticleMeta, MetaField, ParagraphKind, Published};
use crate::ingest::clean;

const ID_KEYS: &[&str] = &["external_id", "id", "_id", "uuid", "doc_id", "docid"];
const TITLE_KEYS: &[&str] = &["title", "headline", "name"];
const BODY_KEYS: &[&str] = &[
    "paragraphs",
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "maintext",
];
/// Summaries: the body only when there is nothing else.
const SUMMARY_KEYS: &[&str] = &["description", "summary"];
const DATE_KEYS: &[&str] = &[
    "published",
    "date",
    "publish_date",
    "published_at",
    "pubdate",
    "datepublished",
    "publishedat",
    "date_publish",
];
const AUTHOR_KEYS: &[&str] = &["authors", "author", "byline", "creator"];
const SOURCE_KEYS: &[&str] = &[
    "source",
    "outlet",
    "publisher",
    "site_name",
    "source_domain",
];
const URL_KEYS: &[&str] = &["url", "link", "canonical_url"];
const TAG_KEYS: &[&str] = &["tags", "keywords", "categories"];
/// The keys of each subject field but tags, lower-cased.
const META_KEYS: &[(MetaField, &[&str])] = &[
    (MetaField::Person, &["people", "persons"]),
    (
        MetaField::Organization,
        &["organizations", "organisations", "orgs", "companies"],
    ),
    (MetaField::Place, &["places", "locations", "countries"]),
    (MetaField::Topic, &["topics", "subjects"]),
    (MetaField::Exchange, &["exchanges"]),
    (MetaField::Section, &["section", "articlesection", "desk"]),
];
const LANGUAGE_KEYS: &[&str] = &["language", "lang"];

/// The field names of [`Article`]'s own serde shape.
const OWN_FIELDS: &[&str] = &[
    "id",
    "external_id",
    "path",
    "title",
    "title_derived",
    "published",
    "date",
    "published_at",
    "authors",
    "source",
    "dateline",
    "url",
    "language",
    "tags",
    "people",
    "organizations",
    "places",
    "topics",
    "exchanges",
    "section",
    "byline",
    "paragraphs",
];

/// An object's fields by lower-cased name, for case-insensitive lookups.
pub(super) struct Fields<'a> {
    fields: Vec<(String, &'a Value)>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(obj: &'a Map<String, Value>) -> Fields<'a> {
        Fields {
            fields: obj
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        }
    }

    /// The values of the first of `keys` present, in the order of `keys`;
    /// nulls and empty strings count as absent.
    fn all(&self, keys: &'a [&'a str]) -> impl Iterator<Item = &'a Value> + '_ {
        keys.iter().flat_map(move |key| {
            self.fields
                .iter()
                .filter(move |(k, v)| k == key && !is_blank(v))
                .map(|(_, v)| *v)
        })
    }

    fn first(&self, keys: &'a [&'a str]) -> Option<&'a Value> {
        self.all(keys).next()
    }

    pub(super) fn has_body(&self) -> bool {
        self.first(BODY_KEYS).is_some()
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// Maps one JSON object onto an article; the error says why it is not one.
pub(super) fn article_from(obj: &Map<String, Value>) -> Result<Article, String> {
    if let Some(article) = own_shape(obj) {
        return Ok(article);
    }
    // Elasticsearch hits keep the document under `_source`.
    let source_doc = match obj.get("_source") {
        Some(Value::Object(inner)) if !Fields::new(obj).has_body() => Some(inner),
        _ => None,
    };
    let fields = Fields::new(source_doc.unwrap_or(obj));
    let outer = Fields::new(obj);

    let mut a = Article {
        meta: ArticleMeta {
            external_id: fields
                .first(ID_KEYS)
                .or_else(|| outer.first(ID_KEYS))
                .and_then(id_string),
            title: fields
                .all(TITLE_KEYS)
                .find_map(title_string)
                .unwrap_or_default(),
            title_derived: fields
                .first(&["title_derived"])
                .and_then(Value::as_bool)
                .unwrap_or(false),
            published: fields.all(DATE_KEYS).find_map(value_date),
            authors: fields
                .all(AUTHOR_KEYS)
                .map(value_authors)
                .find(|a| !a.is_empty())
                .unwrap_or_default(),
            source: fields.all(SOURCE_KEYS).find_map(name_string),
            dateline: fields.first(&["dateline"]).and_then(plain_string),
            url: fields.all(URL_KEYS).find_map(plain_string),
            language: fields.all(LANGUAGE_KEYS).find_map(plain_string),
            ..ArticleMeta::default()
        },
        ..Article::default()
    };
    for v in fields.all(TAG_KEYS) {
        push_tags(&mut a.meta.tags, v);
    }
    for (field, keys) in META_KEYS {
        for v in fields.all(keys) {
            let mut values = Vec::new();
            push_tags(&mut values, v);
            for value in values {
                field.push(&mut a.meta, &value);
            }
        }
    }
    for v in fields.all(BODY_KEYS) {
        push_body(&mut a, v);
        if !a.paragraphs.is_empty() {
            break;
        }
    }
    if a.paragraphs.is_empty() {
        if let Some(v) = fields.first(SUMMARY_KEYS) {
            push_body(&mut a, v);
        }
    }

    if a.meta.title.trim().is_empty() && a.paragraphs.is_empty() {
        let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
        return Err(if keys.is_empty() {
            "no fields".to_string()
        } else {
            format!(
                "neither title nor text (keys: {}{})",
                keys.join(", "),
                if obj.len() > keys.len() { ", ..." } else { "" }
            )
        });
    }
    Ok(a)
}

/// Our own serialized shape, read back exactly: only objects made of
/// [`Article`]'s own fields that serde accepts.
fn own_shape(obj: &Map<String, Value>) -> Option<Article> {
    if !obj.contains_key("paragraphs") || !obj.keys().all(|k| OWN_FIELDS.contains(&k.as_str())) {
        return None;
    }
    let article: Article = serde_json::from_value(Value::Object(obj.clone())).ok()?;
    (!article.meta.title.is_empty() || !article.paragraphs.is_empty()).then_some(article)
}

fn plain_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Ids may be strings, numbers, or MongoDB's `{"$oid": "..."}`.
fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("$oid").and_then(plain_string),
        other => plain_string(other),
    }
}

/// A title string, or the New York Times API's `{"main": "..."}`.
fn title_string(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o.get("main").and_then(plain_string),
        other => plain_string(other),
    }
}

/// A name string, or `{"name": "..."}` as in NewsAPI's `source`.
fn name_string(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => ["name", "title"]
            .iter()
            .find_map(|k| o.get(*k).and_then(plain_string)),
        other => plain_string(other),
    }
}

/// Dates as strings in any spelling [`Published::parse`] knows, Unix
/// timestamps in seconds or milliseconds, or MongoDB's `{"$date": ...}`. A date
/// that does not parse is left out rather than failing the article.
fn value_date(v: &Value) -> Option<Published> {
    match v {
        Value::String(s) => Published::parse(s),
        Value::Number(n) => {
            let raw = n.as_f64()?;
            // Smaller numbers are years or counts, not timestamps.
            if raw < 1e8 {
                return None;
            }
            let secs = if raw >= 1e11 { raw / 1000.0 } else { raw };
            let dt = DateTime::from_timestamp(secs as i64, 0)?;
            Some(Published {
                date: dt.date_naive(),
                time: Some(dt.time()),
                utc_offset: Some(0),
                precision: crate::article::Precision::Day,
            })
        }
        Value::Object(o) => o.get("$date").and_then(value_date),
        _ => None,
    }
}

/// Authors from a byline string, a list of names, or a list of objects with a
/// `name`.
fn value_authors(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |name: String| {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    };
    match v {
        Value::String(s) => clean::split_authors(s).into_iter().for_each(&mut add),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => clean::split_authors(s).into_iter().for_each(&mut add),
                    // An explicit name field is a name: no need to guess.
                    Value::Object(_) => {
                        if let Some(name) = name_string(item) {
                            add(name);
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Object(_) => {
            if let Some(name) = name_string(v) {
                add(name);
            }
        }
        _ => {}
    }
    out
}

/// Tags from a list of strings or `{"name"}`-like objects, or a comma-separated
/// string.
fn push_tags(tags: &mut Vec<String>, v: &Value) {
    let mut add = |t: &str| {
        let t = t.trim();
        if !t.is_empty() && !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    };
    match v {
        Value::String(s) => s.split([',', ';']).for_each(&mut add),
        Value::Array(items) => {
            for item in items {
                let text = match item {
                    Value::Object(o) => ["name", "label", "term", "value"]
                        .iter()
                        .find_map(|k| o.get(*k).and_then(plain_string)),
                    other => plain_string(other),
                };
                if let Some(t) = text {
                    add(&t);
                }
            }
        }
        _ => {}
    }
}

/// Appends the paragraphs of a body value: a string, a list of strings, or a
/// list of `{"text", "kind"}` objects as we write them.
fn push_body(a: &mut Article, v: &Value) {
    match v {
        Value::String(s) => {
            for p in split_body(s) {
                push_text(a, &p, None);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => {
                        for p in split_body(s) {
                            push_text(a, &p, None);
                        }
                    }
                    Value::Object(o) => {
                        let kind = ["kind", "type"]
                            .iter()
                            .find_map(|k| o.get(*k).and_then(Value::as_str))
                            .map(ParagraphKind::from_name);
                        if let Some(text) = o.get("text").and_then(Value::as_str) {
                            push_text(a, text, kind);
                        }
                    }
                    _ => {}
                }
            }
        }
        Value::Object(o) => {
            if let Some(text) = o.get("text") {
                push_body(a, text);
            }
        }
        _ => {}
    }
}

/// One paragraph: its kind as given, or guessed (captions) with page furniture
/// dropped when the source did not say.
fn push_text(a: &mut Article, text: &str, kind: Option<ParagraphKind>) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let kind = match kind {
        Some(kind) => kind,
        None if clean::is_boilerplate(text) => return,
        None if clean::is_caption(text) => ParagraphKind::Caption,
        None => ParagraphKind::Body,
    };
    a.push_paragraph(kind, text);
}

/// Paragraphs of a body string: blank lines separate them; a text with no blank
/// line has one paragraph per line.
fn split_body(s: &str) -> Vec<String> {
    let s = s.trim();
    let has_blank = s.lines().any(|l| l.trim().is_empty());
    if !has_blank {
        return s.lines().map(|l| l.trim().to_string()).collect();
    }
    let mut out = Vec::new();
    let mut para = String::new();
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !para.is_empty() {
                out.push(std::mem::take(&mut para));
            }
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(line);
        }
    }
    if !para.is_empty() {
        out.push(para);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::article::Paragraph;
    use crate::ingest::testdata::texts;

    #[test]
    fn field_name_variants() {
        let text = r#"[
          {"_id": {"$oid": "5d1a"}, "headline": "Huawei ban eased",
           "maintext": "Trump eased limits.\n\nChina welcomed it.",
           "date_publish": "2019-06-30 08:00:00", "source_domain": "example.com",
           "link": "https://example.com/a", "keywords": "trade, huawei", "LANG": "en"},
          {"UUID": "u-1", "Title": "Talks resume", "Body": ["First para.", "Second para."],
           "pubDate": "Sun, 30 Jun 2019 08:00:00 GMT", "Byline": "By Bob Davis and Lingling Wei",
           "publisher": {"name": "The Wall Street Journal"}, "canonical_url": "https://wsj.example/b",
           "categories": [{"name": "Trade"}, "Asia"], "dateline": "OSAKA, Japan"},
          {"doc_id": 7, "name": "Only a summary", "description": "A short summary.",
           "DatePublished": "June 30, 2019", "outlet": "AP"},
          {"docid": "d9", "text": "The text wins.", "description": "Not this.",
           "publishedAt": "2019-06-30T08:05:00Z", "topics": ["a", "a", "b"]}
        ]"#;
        let parsed = parse(text, false);
        assert_eq!(parsed.problems, []);
        let [a, b, c, d] = &parsed.articles[..] else {
            panic!("{:?}", parsed.articles);
        };

        // The whole metadata, so that a key read into the wrong field shows.
        assert_eq!(
            a.meta,
            ArticleMeta {
                external_id: Some("5d1a".into()),
                title: "Huawei ban eased".into(),
                published: Published::parse("2019-06-30T08:00:00"),
                source: Some("example.com".into()),
                url: Some("https://example.com/a".into()),
                tags: vec!["trade".into(), "huawei".into()],
                language: Some("en".into()),
                ..ArticleMeta::default()
            }
        );
        assert_eq!(texts(a), ["Trump eased limits.", "China welcomed it."]);

        assert_eq!(
            b.meta,
            ArticleMeta {
                external_id: Some("u-1".into()),
                title: "Talks resume".into(),
                published: Published::parse("2019-06-30T08:00:00+00:00"),
                authors: vec!["Bob Davis".into(), "Lingling Wei".into()],
                source: Some("The Wall Street Journal".into()),
                url: Some("https://wsj.example/b".into()),
                tags: vec!["Trade".into(), "Asia".into()],
                dateline: Some("OSAKA, Japan".into()),
                ..ArticleMeta::default()
            }
        );
        assert_eq!(texts(b), ["First para.", "Second para."]);

        assert_eq!(c.meta.external_id.as_deref(), Some("7"));
        assert_eq!(c.meta.title, "Only a summary");
        assert_eq!(texts(c), ["A short summary."]);
        assert_eq!(c.meta.published.unwrap().to_string(), "2019-06-30");
        assert_eq!(c.meta.source.as_deref(), Some("AP"));

        assert_eq!(d.meta.external_id.as_deref(), Some("d9"));
        assert_eq!(texts(d), ["The text wins."]);
        assert_eq!(
            d.meta.published.unwrap().to_string(),
            "2019-06-30T08:05:00+00:00"
        );
        assert_eq!(d.meta.topics, ["a", "b"]);
    }

    #[test]
    fn nested_author_objects() {
        let text = r#"{"title": "T", "text": "Body.",
            "authors": [{"name": "Jane Doe", "url": "https://x/jane"}, {"name": "John Smith"},
                        {"twitter": "@nobody"}, {"name": "Jane Doe"}]}"#;
        let a = &parse(text, false).articles[0];
        assert_eq!(a.meta.authors, ["Jane Doe", "John Smith"]);

        let text = r#"{"title": "T", "text": "Body.", "author": {"name": "Ana de la Cruz"}}"#;
        assert_eq!(
            parse(text, false).articles[0].meta.authors,
            ["Ana de la Cruz"]
        );

        // A byline that names no one falls through to the next author field.
        let text = r#"{"title": "T", "text": "Body.", "author": "staff",
                       "creator": ["By Bob Davis", "Lingling Wei"]}"#;
        assert_eq!(
            parse(text, false).articles[0].meta.authors,
            ["Bob Davis", "Lingling Wei"]
        );
    }

    #[test]
    fn body_paragraphs_captions_and_boilerplate() {
        let text = r#"{"title": "T", "content": "First line.\nSecond line.\nTrump and Xi in 2017. (Andy Wong/AP)\nBe the first to comment"}"#;
        let a = &parse(text, false).articles[0];
        assert_eq!(
            texts(a),
            [
                "First line.",
                "Second line.",
                "Trump and Xi in 2017. (Andy Wong/AP)"
            ]
        );
        assert_eq!(a.paragraphs[2].kind, ParagraphKind::Caption);

        // Blank lines separate paragraphs; single newlines inside them are wraps.
        let text = r#"{"title": "T", "body": "One\nwrapped.\r\n\r\nTwo.\n\n\n"}"#;
        assert_eq!(
            texts(&parse(text, false).articles[0]),
            ["One wrapped.", "Two."]
        );
    }

    #[test]
    fn unparseable_date_is_left_out() {
        let text = r#"{"title": "T", "text": "Body.", "date": "sometime last week"}"#;
        let parsed = parse(text, false);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles[0].meta.published, None);

        let text = r#"{"title": "T", "date": 1561881600}"#;
        assert_eq!(
            parse(text, false).articles[0]
                .meta
                .published
                .unwrap()
                .to_string(),
            "2019-06-30T08:00:00+00:00"
        );
    }

    #[test]
    fn own_shape_round_trips() {
        let mut article = crate::article::full_article();
        article.push_paragraph(ParagraphKind::Quote, "\"We will see,\" he said.");
        let json = serde_json::to_string(&article).unwrap();

        let lines = parse(&format!("{json}\n{json}\n"), true);
        assert_eq!(lines.problems, []);
        assert_eq!(lines.articles, [article.clone(), article.clone()]);
        let doc = parse(&format!("[{json}]"), false);
        assert_eq!(doc.articles, [article.clone()]);

        // The same shape with a foreign field still reads through the loose mapping.
        let mut value: Value = serde_json::from_str(&json).unwrap();
        value["score"] = Value::from(3);
        let loose = &parse(&value.to_string(), true).articles[0];
        assert_eq!(loose.paragraphs, article.paragraphs);
        assert_eq!(loose.meta.published, article.meta.published);
        assert_eq!(loose.meta.external_id, article.meta.external_id);
        assert_eq!(
            loose.paragraphs[1],
            Paragraph {
                ordinal: 1,
                kind: ParagraphKind::Caption,
                text: "Huawei's booth (Andy Wong/AP)".into()
            }
        );
    }

    /// The own shape goes through serde (the flattened [`ArticleMeta`]), so its
    /// date aliases and its defaults must hold there, not only in the loose
    /// mapping.
    #[test]
    fn own_shape_reads_date_aliases_and_missing_fields() {
        for key in ["published", "date", "published_at"] {
            let obj: Value = serde_json::from_str(&format!(
                r#"{{"title": "T", "{key}": "2019-06-30", "paragraphs": [{{"text": "B."}}]}}"#
            ))
            .unwrap();
            let a = own_shape(obj.as_object().unwrap()).expect(key);
            assert_eq!(a.meta.published, Published::parse("2019-06-30"), "{key}");
            assert_eq!(a.meta.title, "T");
            assert!(!a.meta.title_derived);
            assert_eq!(a.meta.tags, Vec::<String>::new());
            assert_eq!(a.paragraphs[0].text, "B.");
        }
    }
}
