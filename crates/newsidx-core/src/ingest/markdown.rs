//! The markdown reader: one `.md` file becomes one [`Article`].
//!
//! This module owns YAML front matter (title, date, authors, source, url, tags,
//! people, organizations, places, topics, exchanges, section) and turning
//! CommonMark blocks into paragraphs (a block's lines reflowed by
//! `ingest::reflow`: wrapped lines join, one-paragraph lines stay apart). It
//! does not render markdown: inline markup is dropped and only the text a
//! reader would see is kept.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_yaml_ng::Value;

use super::clean::split_dateline;
use super::{clean, reflow, strings, Parsed, Problem};
use crate::article::{Article, MetaField, ParagraphKind, Published};

/// Parses one markdown file.
pub(crate) fn parse(text: &str) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    let mut parsed = Parsed::default();
    let mut article = Article::default();
    let (front, body) = split_front_matter(text);
    if let Some(yaml) = front {
        match serde_yaml_ng::from_str::<Value>(yaml) {
            Ok(Value::Mapping(map)) => apply_front_matter(&mut article, &map),
            // `---` around nothing, or around a comment only.
            Ok(Value::Null) => {}
            Ok(_) => parsed
                .problems
                .push(Problem::at(1, "front matter is not a YAML mapping")),
            Err(e) => parsed.problems.push(Problem::at(
                1,
                format!("front matter is not valid YAML: {e}"),
            )),
        }
    }

    let mut blocks = blocks(body);
    if article.meta.title.is_empty() {
        let heading = |level: Option<HeadingLevel>| {
            blocks
                .iter()
                .position(|b| b.level.is_some() && (level.is_none() || b.level == level))
        };
        if let Some(i) = heading(Some(HeadingLevel::H1)).or_else(|| heading(None)) {
            article.meta.title = blocks.remove(i).text;
        }
    }
    let mut byline_seen = false;
    for block in blocks {
        let text = strings::normalize_ws(&block.text);
        if text.is_empty() || clean::is_boilerplate(&text) {
            continue;
        }
        // A "By ..." line before the story starts is the byline, not text.
        if !byline_seen && block.kind == ParagraphKind::Body && article.paragraphs.is_empty() {
            byline_seen = true;
            if text.starts_with("By ") && text.len() < 200 {
                let names = clean::split_authors(&text);
                if !names.is_empty() {
                    if article.meta.authors.is_empty() {
                        article.meta.authors = names;
                    }
                    continue;
                }
            }
        }
        let kind = if block.kind == ParagraphKind::Body && clean::is_caption(&text) {
            ParagraphKind::Caption
        } else {
            block.kind
        };
        article.push_paragraph(kind, text);
    }
    if let Some(first) = article
        .paragraphs
        .iter_mut()
        .find(|p| p.kind == ParagraphKind::Body)
    {
        if let Some((dateline, rest)) = split_dateline(&first.text) {
            article.meta.dateline = Some(dateline);
            first.text = rest;
        }
    }
    parsed.articles.push(article);
    parsed
}

/// Splits `---\n<yaml>\n---\n<body>` into the YAML and the body. Without a
/// closing `---` (or `...`) line there is no front matter: a lone `---` is a
/// thematic break.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

fn apply_front_matter(article: &mut Article, map: &serde_yaml_ng::Mapping) {
    let get = |keys: &[&str]| {
        map.iter().find_map(|(k, v)| {
            let k = k.as_str()?;
            keys.iter()
                .any(|key| k.eq_ignore_ascii_case(key))
                .then_some(v)
        })
    };
    if let Some(title) = get(&["title", "headline"]).and_then(scalar) {
        article.meta.title = title;
    }
    article.meta.published = get(&["date", "published", "pubDate", "published_at"])
        .and_then(scalar)
        .and_then(|d| Published::parse(&d));
    if let Some(v) = get(&["authors", "author", "byline"]) {
        article.meta.authors = authors(v);
    }
    article.meta.source = get(&["source", "outlet", "publisher"]).and_then(|v| match v {
        // `publisher: {name: ...}`, as in JSON-LD.
        Value::Mapping(m) => m.get("name").and_then(scalar),
        other => scalar(other),
    });
    article.meta.url = get(&["url", "link", "canonical_url", "canonical"]).and_then(scalar);
    if let Some(v) = get(&["dateline"]) {
        article.meta.dateline = scalar(v);
    }
    if let Some(v) = get(&["tags", "keywords"]) {
        let mut tags: Vec<String> = Vec::new();
        let items: Vec<String> = match v {
            Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
            other => scalar(other)
                .map(|s| s.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
        };
        for tag in items {
            let tag = strings::normalize_ws(&tag);
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        article.meta.tags = tags;
    }
    for (field, keys) in [
        (MetaField::Person, &["people", "persons"][..]),
        (
            MetaField::Organization,
            &["organizations", "organisations", "orgs"],
        ),
        (MetaField::Place, &["places", "locations"]),
        (MetaField::Topic, &["topics", "subjects"]),
        (MetaField::Exchange, &["exchanges"]),
        (MetaField::Section, &["section", "category"]),
    ] {
        let items: Vec<String> = match get(keys) {
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
            Some(other) => scalar(other)
                .map(|s| s.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        for item in items {
            field.push(&mut article.meta, &strings::normalize_ws(&item));
        }
    }
}

/// A string, number or boolean as text; `None` for anything else or blank.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(t) => return scalar(&t.value),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// `author: By A and B`, `authors: [A, B]`, or a list of `{name: A}`.
fn authors(v: &Value) -> Vec<String> {
    let one = |v: &Value| match v {
        Value::Mapping(m) => m.get("name").and_then(scalar),
        other => scalar(other),
    };
    match v {
        Value::Sequence(items) => {
            let mut names: Vec<String> = Vec::new();
            for item in items.iter().filter_map(one) {
                // An explicit list is trusted even when a name looks odd.
                let split = clean::split_authors(&item);
                let found = if split.is_empty() {
                    vec![strings::normalize_ws(&item)]
                } else {
                    split
                };
                for name in found {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            names
        }
        other => one(other)
            .map(|s| clean::split_authors(&s))
            .unwrap_or_default(),
    }
}

/// One block of text, before clean-up.
struct Block {
    kind: ParagraphKind,
    /// The heading level, for headings.
    level: Option<HeadingLevel>,
    text: String,
}

/// The text blocks of a CommonMark document: paragraphs, headings, list items,
/// quotes, table rows and code blocks, with inline markup stripped.
fn blocks(body: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut heading: Option<HeadingLevel> = None;
    let mut quotes = 0usize;
    let mut images = 0usize;
    let mut flush = |buf: &mut String, heading: Option<HeadingLevel>, quotes: usize| {
        if buf.trim().is_empty() {
            buf.clear();
            return;
        }
        let kind = if heading.is_some() {
            ParagraphKind::Heading
        } else if quotes > 0 {
            ParagraphKind::Quote
        } else {
            ParagraphKind::Body
        };
        let text = std::mem::take(buf);
        // Line breaks inside a block: a hard-wrapped paragraph joins, lines
        // that each hold a paragraph (no blank lines between them) split, by
        // the rules every plain-text reader shares.
        let pieces = if heading.is_some() {
            vec![text.replace('\n', " ")]
        } else {
            reflow::paragraph_texts(&text)
        };
        for text in pieces {
            blocks.push(Block {
                kind,
                level: heading,
                text,
            });
        }
    };
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Image { .. } => images += 1,
                Tag::Heading { level, .. } => {
                    flush(&mut buf, heading, quotes);
                    heading = Some(level);
                }
                Tag::BlockQuote(_) => {
                    flush(&mut buf, heading, quotes);
                    quotes += 1;
                }
                Tag::Paragraph
                | Tag::Item
                | Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::TableRow
                | Tag::TableHead
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => flush(&mut buf, heading, quotes),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Image => images = images.saturating_sub(1),
                TagEnd::Heading(_) => {
                    flush(&mut buf, heading, quotes);
                    heading = None;
                }
                TagEnd::BlockQuote(_) => {
                    flush(&mut buf, heading, quotes);
                    quotes = quotes.saturating_sub(1);
                }
                TagEnd::TableCell => buf.push(' '),
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => flush(&mut buf, heading, quotes),
                _ => {}
            },
            // Alt text describes a picture; it is not article text.
            Event::Text(_) | Event::Code(_) if images > 0 => {}
            Event::Text(t) | Event::Code(t) => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buf.push('\n'),
            // Raw html, footnote marks and task boxes are not text.
            _ => {}
        }
    }
    flush(&mut buf, heading, quotes);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(md: &str) -> (Article, Vec<Problem>) {
        let mut parsed = parse(md);
        assert_eq!(parsed.articles.len(), 1);
        (parsed.articles.remove(0), parsed.problems)
    }

    fn texts(a: &Article) -> Vec<(ParagraphKind, &str)> {
        a.paragraphs
            .iter()
            .map(|p| (p.kind, p.text.as_str()))
            .collect()
    }

    #[test]
    fn front_matter_with_author_list() {
        let (a, problems) = one(r#"---
title: "Trump eases Huawei ban"
date: 2019-06-29T08:15:00-04:00
authors:
  - Bob Davis
  - name: Lingling Wei
outlet: The Daily Planet
link: https://planet.example/world/huawei
tags: [trade, China, trade]
---

# A heading that is not the title

OSAKA, Japan -- President Trump said U.S. companies could sell equipment to
[Huawei](https://huawei.example), *easing* a **ban** on `sales`.

![Trump and Xi shake hands](xi.jpg)

President Trump and Xi Jinping in Osaka. (Susan Walsh/AP)

## Talks resume

> We are back on track.

- Soybeans
- Chips, including *memory*

Share this article
"#);
        assert!(problems.is_empty(), "{problems:?}");
        // Front matter and the dateline, as one value.
        let m = &a.meta;
        let got = (
            m.title.as_str(),
            m.published.map(|p| p.to_string()),
            m.authors.join("; "),
            (m.source.as_deref(), m.url.as_deref(), m.dateline.as_deref()),
            m.tags.join("; "),
        );
        let front = (
            Some("The Daily Planet"),
            Some("https://planet.example/world/huawei"),
            Some("OSAKA, Japan"),
        );
        let want = (
            "Trump eases Huawei ban",
            Some("2019-06-29T08:15:00-04:00".to_string()),
            "Bob Davis; Lingling Wei".to_string(),
            front,
            "trade; China".to_string(),
        );
        assert_eq!(got, want);
        use ParagraphKind::*;
        assert_eq!(
            texts(&a),
            [
                (Heading, "A heading that is not the title"),
                (
                    Body,
                    "President Trump said U.S. companies could sell equipment to Huawei, easing a ban on sales."
                ),
                (
                    Caption,
                    "President Trump and Xi Jinping in Osaka. (Susan Walsh/AP)"
                ),
                (Heading, "Talks resume"),
                (Quote, "We are back on track."),
                (Body, "Soybeans"),
                (Body, "Chips, including memory"),
            ]
        );
    }

    #[test]
    fn no_front_matter() {
        let (a, problems) = one(
            "Intro line before the title.\n\n# Rates rise\n\nBy Jane Doe and John Smith\n\n\
             WASHINGTON — The Fed raised rates.\n\n### Why\n\nInflation.\n",
        );
        assert!(problems.is_empty());
        assert_eq!(a.meta.title, "Rates rise");
        assert_eq!(a.meta.published, None);
        assert_eq!(a.meta.authors, Vec::<String>::new());
        assert_eq!(a.meta.dateline, None);
        use ParagraphKind::*;
        assert_eq!(
            texts(&a),
            [
                (Body, "Intro line before the title."),
                (Body, "By Jane Doe and John Smith"),
                (Body, "WASHINGTON — The Fed raised rates."),
                (Heading, "Why"),
                (Body, "Inflation."),
            ]
        );

        let (a, _) = one(
            "## Rates rise\n\nBy Jane Doe and John Smith\n\nWASHINGTON — The Fed raised rates.\n\n\
             ### Why\n\n1. Inflation.\n2. Jobs.\n",
        );
        assert_eq!(a.meta.title, "Rates rise");
        assert_eq!(a.meta.authors, ["Jane Doe", "John Smith"]);
        assert_eq!(a.meta.dateline.as_deref(), Some("WASHINGTON"));
        assert_eq!(
            texts(&a),
            [
                (Body, "The Fed raised rates."),
                (Heading, "Why"),
                (Body, "Inflation."),
                (Body, "Jobs."),
            ]
        );
    }

    #[test]
    fn broken_yaml_is_a_problem_and_the_body_still_counts() {
        let (a, problems) = one("---\ntitle: [unclosed\nauthor: Bob\n---\n# Real title\n\nText.\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(1));
        assert!(
            problems[0]
                .reason
                .starts_with("front matter is not valid YAML: "),
            "{}",
            problems[0].reason
        );
        assert_eq!(a.meta.title, "Real title");
        assert!(a.meta.authors.is_empty());
        assert_eq!(texts(&a), [(ParagraphKind::Body, "Text.")]);
    }

    #[test]
    fn front_matter_edge_cases() {
        // A lone `---` is a thematic break, not front matter.
        let (a, problems) = one("---\n\nJust text.\n");
        assert!(problems.is_empty());
        assert_eq!(texts(&a), [(ParagraphKind::Body, "Just text.")]);

        let (a, problems) = one("---\n- a list\n---\nText.\n");
        assert_eq!(
            problems,
            [Problem::at(1, "front matter is not a YAML mapping")]
        );
        assert_eq!(texts(&a), [(ParagraphKind::Body, "Text.")]);

        let (a, _) = one("---\r\nTitle: CRLF\r\nauthor: By Ann Lee and Bo Kim\r\ndate: June 30, 2019\r\n---\r\nText.\r\n");
        assert_eq!(a.meta.title, "CRLF");
        assert_eq!(a.meta.authors, ["Ann Lee", "Bo Kim"]);
        assert_eq!(a.meta.published.unwrap().to_string(), "2019-06-30");
    }
}
