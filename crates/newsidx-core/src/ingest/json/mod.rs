//! The JSON and JSON-lines reader.
//!
//! This module owns the shapes a file can take: JSON lines, one article
//! object, an array of them, or an array wrapped under a key like `articles`
//! (feeds, API responses, Elasticsearch hits), and the message that says why a
//! file or line is not one of them. Mapping one object's fields onto
//! [`Article`](crate::Article) is [`fields`]'s job. One bad item (a broken
//! line, an object with no text) becomes a [`Problem`] and the rest of the file
//! is still read. It does not normalize whitespace or derive titles; `finish`
//! does that for every reader.

mod fields;

use serde_json::{Map, Value};

use super::{Parsed, Problem};
use fields::{article_from, Fields};

/// Parses one JSON document (`lines == false`: an article object, an array of
/// them, or an object wrapping such an array under a key like `articles`) or a
/// JSON-lines file (one article object per line).
pub(crate) fn parse(text: &str, lines: bool) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    if lines {
        parse_lines(text)
    } else {
        parse_document(text)
    }
}

fn parse_lines(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let line_no = i as u64 + 1;
        let problem = match lenient_value(line) {
            Ok((value, huge)) => {
                if let Some(note) = huge {
                    parsed.problems.push(Problem::at(line_no, note));
                }
                Ok(value)
            }
            Err(e) => Err(e),
        };
        let problem = match problem {
            Err(e) => format!("invalid JSON: {}", describe_error(&e)),
            Ok(Value::Object(obj)) => match article_from(&obj) {
                Ok(article) => {
                    parsed.articles.push(article);
                    continue;
                }
                Err(reason) => format!("not an article: {reason}"),
            },
            Ok(other) => format!(
                "not an article: {}, expected an object",
                json_kind_of(&other)
            ),
        };
        parsed.problems.push(Problem::at(line_no, problem));
    }
    parsed
}

fn parse_document(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    match lenient_value(text) {
        Ok((value, huge)) => {
            if let Some(note) = huge {
                parsed.problems.push(Problem {
                    line: None,
                    reason: note,
                });
            }
            collect(&value, &mut parsed)
        }
        // A `.json` file that is really JSON lines: read it as such rather than
        // reject it for its second line.
        Err(e) if e.is_syntax() && first_line_is_object(text) => return parse_lines(text),
        Err(e) => parsed.problems.push(Problem {
            line: (e.line() > 0).then_some(e.line() as u64),
            reason: format!("invalid JSON: {}", describe_error(&e)),
        }),
    }
    parsed
}

/// The JSON value of `text`. A number beyond the range of a float
/// (`"id": 1e999999`) is not a reason to lose the article it sits in: it is
/// read as a string of its digits, and the note says so. (serde_json's
/// `arbitrary_precision` would keep such numbers too, but it changes
/// `serde_json::Number` for every crate in the build, tantivy's JSON handling
/// included; this costs a second parse, and only for such rare text.)
fn lenient_value(text: &str) -> Result<(Value, Option<String>), serde_json::Error> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok((v, None)),
        Err(e) if e.to_string().starts_with("number out of range") => {
            let (quoted, huge) = quote_huge_numbers(text);
            let value = serde_json::from_str::<Value>(&quoted).map_err(|_| e)?;
            let note = format!("number out of range ({}) read as text", huge.join(", "));
            Ok((value, Some(note)))
        }
        Err(e) => Err(e),
    }
}

/// `text` with every number outside strings that overflows a float put in
/// quotes; also returns those numbers (the first few).
fn quote_huge_numbers(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len() + 16);
    let mut huge = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '-' || c.is_ascii_digit() {
            let len = rest
                .find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
                .unwrap_or(rest.len());
            let token = &rest[..len];
            if token.parse::<f64>().is_ok_and(|f| f.is_infinite()) {
                out.push('"');
                out.push_str(token);
                out.push('"');
                if huge.len() < 3 {
                    huge.push(token.to_string());
                }
            } else {
                out.push_str(token);
            }
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, huge)
}

fn first_line_is_object(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| matches!(serde_json::from_str::<Value>(l), Ok(Value::Object(_))))
}

/// The articles of a whole JSON document.
fn collect(value: &Value, parsed: &mut Parsed) {
    const EXPECTED: &str = "expected an article object or an array of them";
    match value {
        Value::Array(items) => collect_items(items, parsed),
        Value::Object(obj) => {
            // A wrapper (`{"status": "ok", "articles": [...]}`, a JSON Feed with
            // its own `title`) is not itself an article, unless it has a body.
            if !Fields::new(obj).has_body() {
                if let Some(items) = wrapped_items(obj, 0) {
                    collect_items(items, parsed);
                    return;
                }
            }
            match article_from(obj) {
                Ok(article) => parsed.articles.push(article),
                Err(reason) => parsed.problems.push(Problem {
                    line: None,
                    reason: format!("{EXPECTED}, found an object with {reason}"),
                }),
            }
        }
        other => parsed.problems.push(Problem {
            line: None,
            reason: format!("{EXPECTED}, found {}", kind_of(other)),
        }),
    }
}

fn collect_items(items: &[Value], parsed: &mut Parsed) {
    for (i, item) in items.iter().enumerate() {
        let reason = match item {
            Value::Object(obj) => match article_from(obj) {
                Ok(article) => {
                    parsed.articles.push(article);
                    continue;
                }
                Err(reason) => reason,
            },
            other => format!("{}, expected an object", json_kind_of(other)),
        };
        // Values carry no positions, so the item number stands in for a line.
        parsed.problems.push(Problem {
            line: None,
            reason: format!("item {}: not an article: {reason}", i + 1),
        });
    }
}

/// The array under a wrapper key, looking through nested wrappers such as the
/// Guardian's `{"response": {"results": [...]}}` or Elasticsearch's
/// `{"hits": {"hits": [...]}}`.
fn wrapped_items(obj: &Map<String, Value>, depth: usize) -> Option<&Vec<Value>> {
    const WRAPPERS: &[&str] = &[
        "articles",
        "items",
        "data",
        "results",
        "docs",
        "documents",
        "entries",
        "stories",
        "posts",
        "news",
        "records",
        "hits",
        "response",
    ];
    if depth > 3 {
        return None;
    }
    for (key, value) in obj {
        if !WRAPPERS.iter().any(|w| key.eq_ignore_ascii_case(w)) {
            continue;
        }
        match value {
            Value::Array(items) => return Some(items),
            Value::Object(inner) => {
                if let Some(items) = wrapped_items(inner, depth + 1) {
                    return Some(items);
                }
            }
            _ => {}
        }
    }
    None
}

/// `a number`, `an array`, `null`, ... for messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `a JSON array`, `JSON null`, ... for messages about items.
fn json_kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "JSON null",
        Value::Bool(_) => "a JSON boolean",
        Value::Number(_) => "a JSON number",
        Value::String(_) => "a JSON string",
        Value::Array(_) => "a JSON array",
        Value::Object(_) => "a JSON object",
    }
}

/// serde_json's message with the column but without the line, which the caller
/// reports as the problem's line: `expected value at column 1`.
fn describe_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    if e.column() > 0 {
        format!("{message} at column {}", e.column())
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_bad_lines_are_problems_with_their_line() {
        let text = concat!(
            r#"{"id": 1, "title": "One", "text": "First."}"#,
            "\n",
            r#"{"id": 2, "title": "Two", "text": "#,
            "\n\n",
            r#"{"id": 3, "title": "Three"}"#,
            "\n",
            r#"[{"title": "in an array"}]"#,
            "\n",
            r#"{"views": 10, "likes": 2}"#,
            "\n",
            "not json at all\n",
            r#"{"id": 7, "text": "Seven."}"#,
            "\n",
        );
        let parsed = parse(text, true);
        let ids: Vec<_> = parsed
            .articles
            .iter()
            .map(|a| a.meta.external_id.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(ids, ["1", "3", "7"]);
        assert_eq!(
            parsed.problems,
            [
                Problem::at(2, "invalid JSON: EOF while parsing a value at column 33"),
                Problem::at(5, "not an article: a JSON array, expected an object"),
                Problem::at(
                    6,
                    "not an article: neither title nor text (keys: likes, views)"
                ),
                Problem::at(7, "invalid JSON: expected ident at column 2"),
            ]
        );
    }

    #[test]
    fn an_out_of_range_number_in_an_unrelated_field_keeps_the_article() {
        let text = "{\"id\": 1e999999, \"title\": \"Big \\\" 1e999999\", \"text\": \"Kept.\", \"n\": -2e400}\n";
        let parsed = parse(text, true);
        assert_eq!(parsed.articles.len(), 1, "{:?}", parsed.problems);
        let a = &parsed.articles[0];
        assert_eq!(a.meta.external_id.as_deref(), Some("1e999999"));
        assert_eq!(a.meta.title, "Big \" 1e999999");
        assert_eq!(
            parsed.problems,
            [Problem::at(
                1,
                "number out of range (1e999999, -2e400) read as text"
            )]
        );
        let doc = parse("[{\"title\": \"A\", \"views\": 1e999}]", false);
        assert_eq!(doc.articles.len(), 1);
        assert_eq!(
            doc.problems[0].reason,
            "number out of range (1e999) read as text"
        );
    }

    #[test]
    fn wrong_shape_messages() {
        let reason = |text: &str| {
            let parsed = parse(text, false);
            assert!(parsed.articles.is_empty());
            assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
            parsed.problems[0].clone()
        };
        assert_eq!(
            reason("42").reason,
            "expected an article object or an array of them, found a number"
        );
        assert_eq!(
            reason(r#""just a string""#).reason,
            "expected an article object or an array of them, found a string"
        );
        assert_eq!(
            reason(r#"{"foo": 1, "bar": [1]}"#).reason,
            "expected an article object or an array of them, found an object with neither \
             title nor text (keys: bar, foo)"
        );
        let items = parse(r#"[1, {"title": ""}, {"title": "Kept"}]"#, false);
        assert_eq!(items.articles.len(), 1);
        assert_eq!(
            items.problems,
            [
                Problem {
                    line: None,
                    reason: "item 1: not an article: a JSON number, expected an object".into()
                },
                Problem {
                    line: None,
                    reason: "item 2: not an article: neither title nor text (keys: title)".into()
                },
            ]
        );
        let broken = reason("{\n  \"title\": \"x\",\n  \"text\": ]\n}");
        assert_eq!(broken.line, Some(3));
        assert_eq!(broken.reason, "invalid JSON: expected value at column 11");
    }

    #[test]
    fn wrappers_and_feeds() {
        let newsapi = r#"{"status": "ok", "totalResults": 2, "articles": [
            {"source": {"id": null, "name": "BBC News"}, "title": "A", "content": "Text A."},
            {"source": {"id": null, "name": "Reuters"}, "title": "B", "description": "Text B."}]}"#;
        let parsed = parse(newsapi, false);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), 2);
        assert_eq!(parsed.articles[0].meta.source.as_deref(), Some("BBC News"));

        let guardian =
            r#"{"response": {"status": "ok", "results": [{"id": "g1", "headline": "G"}]}}"#;
        assert_eq!(parse(guardian, false).articles[0].meta.title, "G");

        // A JSON Feed has its own title, but it is a wrapper, not an article.
        let feed = r#"{"version": "1.1", "title": "My feed", "items": [{"id": "1", "content_text": "x", "title": "Item"}]}"#;
        let parsed = parse(feed, false);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].meta.title, "Item");

        let es =
            r#"{"hits": {"hits": [{"_id": "e1", "_source": {"title": "E", "body": "Text."}}]}}"#;
        let a = &parse(es, false).articles[0];
        assert_eq!(
            (a.meta.external_id.as_deref(), a.meta.title.as_str()),
            (Some("e1"), "E")
        );
    }

    #[test]
    fn json_file_holding_json_lines() {
        let text = "{\"title\": \"One\"}\n{\"title\": \"Two\"}\n";
        let parsed = parse(text, false);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), 2);
    }

    #[test]
    fn jsonl_end_to_end_through_finish() {
        let text =
            "{\"id\": \"a\", \"text\": \"China has called President Trump's bluff. More.\"}\n";
        let parsed = super::super::parse_bytes("a.jsonl".as_ref(), text.as_bytes()).unwrap();
        let a = &parsed.articles[0];
        assert_eq!(a.meta.title, "China has called President Trump's bluff");
        assert!(a.meta.title_derived);
        assert_eq!(a.meta.external_id.as_deref(), Some("a"));
    }
}
