//! The readers for the classic news test collections: Reuters-21578 `<REUTERS>`
//! files and TREC `<DOC>` files (SGML), and SMART `*TEXT` files such as TIME.ALL.
//!
//! This module owns a small SGML tag scanner, the per-story element tree built
//! from it, and the mapping of each collection's elements onto [`Article`]. SGML
//! here is not XML: `>` appears raw in text, elements are left open, and control
//! characters arrive as numeric entities, so the scanner never fails; it only
//! reports what it sees. Every pass is linear in the input. This module does not
//! normalize whitespace, number paragraphs or derive titles: `finish` does that
//! for every reader.

use super::{clean, Parsed, Problem};
use crate::article::{Article, ParagraphKind, Published};

/// Parses a Reuters-21578 or TREC SGML file, choosing by the first record
/// element (`<REUTERS>` or `<DOC>`) it contains.
pub(crate) fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut kind: Option<Collection> = None;
    let mut open: Option<(u64, Builder)> = None;
    let mut lines = LineCounter::new(text);

    for (at, token) in Tokens::new(text) {
        match token {
            Token::Open { name, attrs } => {
                let record = kind.or_else(|| Collection::from_record(name));
                match record {
                    Some(k) if k.is_record(name) => {
                        kind = Some(k);
                        let line = lines.line_at(at);
                        if let Some((start, _)) = open.take() {
                            parsed.problems.push(Problem::at(
                                start,
                                format!("<{}> not closed before the next one starts", k.record()),
                            ));
                        }
                        open = Some((line, Builder::new(name, attrs)));
                    }
                    _ => {
                        if let Some((_, b)) = &mut open {
                            b.open(name, attrs);
                        }
                    }
                }
            }
            Token::Close { name } => {
                if kind.is_some_and(|k| k.is_record(name)) {
                    if let (Some(k), Some((line, b))) = (kind, open.take()) {
                        let root = b.finish();
                        let result = match k {
                            Collection::Reuters => reuters_article(&root, line),
                            Collection::Trec => trec_article(&root, line),
                        };
                        match result {
                            Ok(article) => parsed.articles.push(article),
                            Err(problem) => parsed.problems.push(problem),
                        }
                    }
                } else if let Some((_, b)) = &mut open {
                    b.close(name);
                }
            }
            Token::Text(s) => {
                if let Some((_, b)) = &mut open {
                    b.text(s);
                }
            }
        }
    }
    match (kind, open) {
        (Some(k), Some((line, _))) => parsed.problems.push(Problem::at(
            line,
            format!(
                "truncated: the last <{}> has no closing </{}> tag",
                k.record(),
                k.record()
            ),
        )),
        (None, _) => parsed.problems.push(Problem {
            line: None,
            reason: "no <REUTERS> or <DOC> elements found".into(),
        }),
        _ => {}
    }
    parsed
}

/// Parses a SMART-format file: documents headed `*TEXT <n> <mm/dd/yy> PAGE <p>`,
/// ending at the next header or at `*STOP`.
///
/// `external_id` is the document's 1-based position in the file, because that
/// is what TIME's relevance judgments cite; the `*TEXT` number and page go into
/// tags (`text:017`, `page:020`). Every text line of TIME.ALL is followed by an
/// empty line, so no paragraph boundaries survive in the file: each document
/// becomes one paragraph rather than paragraphs we would have to invent. The
/// text is upper case and is kept as it is.
pub(crate) fn parse_smart(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current: Option<SmartDoc> = None;
    let mut ordinal = 0u32;
    let mut stray_reported = false;

    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i as u64 + 1;
        let line = raw.trim();
        if line.starts_with("*TEXT") {
            if let Some(doc) = current.take() {
                doc.finish(&mut parsed);
            }
            ordinal += 1;
            current = Some(SmartDoc::from_header(line, line_no, ordinal));
        } else if line == "*STOP" {
            break;
        } else if line.is_empty() {
            continue;
        } else if let Some(doc) = &mut current {
            if !doc.text.is_empty() {
                doc.text.push(' ');
            }
            doc.text.push_str(line);
        } else if !stray_reported {
            stray_reported = true;
            parsed.problems.push(Problem::at(
                line_no,
                "text before the first *TEXT header was skipped",
            ));
        }
    }
    if let Some(doc) = current.take() {
        doc.finish(&mut parsed);
    }
    if ordinal == 0 && parsed.problems.is_empty() {
        parsed.problems.push(Problem {
            line: None,
            reason: "no *TEXT documents found".into(),
        });
    }
    parsed
}

/// One `*TEXT` document while its lines are being collected.
struct SmartDoc {
    line: u64,
    ordinal: u32,
    number: String,
    page: Option<String>,
    published: Option<Published>,
    text: String,
}

impl SmartDoc {
    fn from_header(header: &str, line: u64, ordinal: u32) -> SmartDoc {
        // Split on whitespace: the spacing is irregular, and one header spells its
        // date `08/30 63`.
        let rest = header.get("*TEXT".len()..).unwrap_or_default();
        let tokens: Vec<&str> = rest.split_whitespace().collect();
        let number = tokens.first().copied().unwrap_or_default().to_string();
        let page_at = tokens
            .iter()
            .position(|t| t.eq_ignore_ascii_case("PAGE"))
            .unwrap_or(tokens.len());
        let date_tokens = tokens.get(1..page_at).unwrap_or_default();
        let published = Published::parse(&date_tokens.join("/"));
        SmartDoc {
            line,
            ordinal,
            number,
            page: tokens.get(page_at + 1).map(|p| p.to_string()),
            published,
            text: String::new(),
        }
    }

    fn finish(self, parsed: &mut Parsed) {
        if self.text.is_empty() {
            parsed.problems.push(Problem::at(
                self.line,
                format!(
                    "document {} (*TEXT {}) has no text",
                    self.ordinal, self.number
                ),
            ));
            return;
        }
        let mut a = Article {
            external_id: Some(self.ordinal.to_string()),
            published: self.published,
            source: Some("TIME".into()),
            ..Article::default()
        };
        if !self.number.is_empty() {
            a.tags.push(format!("text:{}", self.number));
        }
        if let Some(page) = self.page {
            a.tags.push(format!("page:{page}"));
        }
        a.push_paragraph(ParagraphKind::Body, self.text);
        parsed.articles.push(a);
    }
}

// ---------------------------------------------------------------------------
// Collections

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Collection {
    Reuters,
    Trec,
}

impl Collection {
    fn from_record(name: &str) -> Option<Collection> {
        if name.eq_ignore_ascii_case("REUTERS") {
            Some(Collection::Reuters)
        } else if name.eq_ignore_ascii_case("DOC") {
            Some(Collection::Trec)
        } else {
            None
        }
    }

    fn record(self) -> &'static str {
        match self {
            Collection::Reuters => "REUTERS",
            Collection::Trec => "DOC",
        }
    }

    fn is_record(self, name: &str) -> bool {
        name.eq_ignore_ascii_case(self.record())
    }
}

/// One Reuters-21578 story.
fn reuters_article(story: &Element, line: u64) -> Result<Article, Problem> {
    let newid = story
        .attr("NEWID")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Problem::at(line, "story without a NEWID attribute"))?;
    let mut a = Article {
        external_id: Some(newid.clone()),
        source: Some("Reuters".into()),
        ..Article::default()
    };
    a.published = story.child("DATE").and_then(|d| reuters_date(&d.text()));
    for list in ["TOPICS", "PLACES"] {
        for d in story
            .child(list)
            .into_iter()
            .flat_map(|l| l.children_named("D"))
        {
            let value = d.text().trim().to_string();
            if !value.is_empty() && !a.tags.contains(&value) {
                a.tags.push(value);
            }
        }
    }

    if let Some(text) = story.child("TEXT") {
        let brief = text
            .attr("TYPE")
            .is_some_and(|t| t.eq_ignore_ascii_case("BRIEF"));
        // The body in document order: loose text (all of an UNPROC story), then
        // what a misparsed DATELINE swallowed, then BODY.
        let mut body = String::new();
        for node in &text.children {
            match node {
                Node::Text(s) if !brief => body.push_str(s),
                Node::Text(_) => {}
                Node::Element(e) => match e.name.as_str() {
                    "TITLE" => a.title = e.text().trim().to_string(),
                    // Upper-case bylines spell the conjunction "AND".
                    "AUTHOR" => {
                        a.authors = clean::split_authors(&e.text().replace(" AND ", " and "))
                    }
                    "DATELINE" => {
                        let raw = e.text();
                        let prose = text
                            .child("BODY")
                            .is_some_and(|b| starts_like_prose(&b.text()));
                        match split_dateline(&raw, prose) {
                            Some((place, rest)) => {
                                a.dateline = Some(place);
                                body.push_str(&rest);
                                if !rest.is_empty() && !ends_with_word_hyphen(&rest) {
                                    body.push(' ');
                                }
                            }
                            // Not a dateline (a table row, a list item): it is text.
                            None if !brief => body.push_str(&raw),
                            None => {}
                        }
                    }
                    "BODY" if !brief => body.push_str(&e.text()),
                    _ => {}
                },
            }
        }
        for p in unwrap_paragraphs(strip_signoff(&body)) {
            a.push_paragraph(ParagraphKind::Body, p);
        }
    }
    if a.title.is_empty() && a.paragraphs.is_empty() {
        return Err(Problem::at(
            line,
            format!("story NEWID={newid} has neither title nor text"),
        ));
    }
    Ok(a)
}

/// `26-FEB-1987 15:01:01.79`, sometimes followed by wire codes or a note; some
/// times are impossible (`105:38:08.35`), so fall back to the date alone.
fn reuters_date(s: &str) -> Option<Published> {
    let mut tokens = s.split_whitespace();
    let date = tokens.next()?;
    let with_time = tokens.next().map(|time| format!("{date} {time}"));
    with_time
        .and_then(|dt| Published::parse(&dt))
        .or_else(|| Published::parse(date))
}

/// Splits a Reuters dateline such as `    WASHINGTON, March 2 - ` into the place
/// and whatever text follows the date (a few datelines swallowed the first words
/// of the story). `None` when the text does not look like a dateline at all (the
/// element also holds table rows and list items); `prose_follows` says whether
/// the body starts like a sentence, which a bare `    TOKYO - ` needs.
fn split_dateline(raw: &str, prose_follows: bool) -> Option<(String, String)> {
    let indent = raw.len() - raw.trim_start().len();
    // `PARIS,March 16 - `: a missing space would hide the date.
    let s = clean::normalize_ws(&raw.replace(',', ", "));
    let (head, rest) = match dash_separator(&s) {
        Some((start, end)) => (s[..start].trim_end(), s[end..].trim_start()),
        None => (s.as_str(), ""),
    };
    let head = strip_suffix_word(head, &["Reuter", "Reuters"]);
    let (place, mut dated) = strip_trailing_date(head);
    let mut rest = rest;
    if !dated {
        // `KANSAS CITY, Mo. - March 13 - `
        if let Some(after) = strip_leading_date(rest) {
            rest = after;
            dated = true;
        }
    }
    let place = place.trim_end_matches([',', ' ', '-']).trim();
    // `    TOKYO - ` with no date: wire datelines are indented; the market reports
    // that misuse the element (` FOB RIVER - `) mostly are not.
    let bare_city = rest.is_empty()
        && indent >= 2
        && prose_follows
        && place.split(' ').count() <= 3
        && !place
            .chars()
            .any(|c| c.is_lowercase() || c.is_ascii_digit());
    let plausible = !place.is_empty()
        && place.len() <= 80
        && (dated || place.contains(',') || bare_city)
        && place.chars().any(char::is_alphabetic);
    plausible.then(|| (place.to_string(), rest.trim().to_string()))
}

/// `s` without a last word from `words` (and the comma before it).
fn strip_suffix_word<'a>(s: &'a str, words: &[&str]) -> &'a str {
    match s.rsplit_once(' ') {
        Some((before, last)) if words.iter().any(|w| last.eq_ignore_ascii_case(w)) => {
            before.trim_end_matches(',')
        }
        _ => s,
    }
}

/// Whether `s` starts like a sentence: a capitalized word in mixed case.
fn starts_like_prose(s: &str) -> bool {
    let mut chars = s.trim_start().chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// The first dash run that separates (`WASHINGTON, March 2 - `, `March 26- `),
/// as opposed to a hyphen inside a word (`WINSTON-SALEM`, `anti- `).
fn dash_separator(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'-' {
            let start = i;
            while i < b.len() && b[i] == b'-' {
                i += 1;
            }
            let before_ok = start == 0 || !b[start - 1].is_ascii_alphabetic();
            let after_ok = i == b.len() || b[i] == b' ';
            if before_ok && after_ok {
                return Some((start, i));
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Strips a trailing `March 2`, `FEb 26`, `Macrh 31` (typos included) or
/// `2 March` from the place part of a dateline.
fn strip_trailing_date(head: &str) -> (&str, bool) {
    let mut words = head.rsplitn(3, ' ');
    let (Some(last), Some(prev)) = (words.next(), words.next()) else {
        return (head, false);
    };
    let rest = words.next().unwrap_or("");
    let last_t = last.trim_end_matches([',', '.']);
    let prev_t = prev.trim_end_matches([',', '.']);
    let month_day = is_day(last_t) && is_month_like(prev_t);
    let day_month = is_month(last_t) && is_day(prev_t);
    if month_day || day_month {
        (rest, true)
    } else if is_month(last_t) && prev.ends_with(',') {
        // `SYDNEY, April - `: the day went missing.
        (head[..head.len() - last.len()].trim_end(), true)
    } else {
        (head, false)
    }
}

/// `March 13 - rest` → `rest`.
fn strip_leading_date(s: &str) -> Option<&str> {
    let mut words = s.splitn(3, ' ');
    let month = words.next()?;
    let day = words.next()?;
    let rest = words.next().unwrap_or("");
    let day = day.trim_end_matches('-');
    if !(is_month_like(month) && is_day(day)) {
        return None;
    }
    Some(rest.trim_start_matches('-').trim_start())
}

/// One or two digits; three for the typo `March 187`.
fn is_day(s: &str) -> bool {
    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A month name or a plausible misspelling of one: the wire copy has `Narch`,
/// `Mach` and `Macrh`.
fn is_month_like(s: &str) -> bool {
    (3..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_month(s: &str) -> bool {
    super::date::month_from_name(&s.to_ascii_lowercase()).is_some()
}

/// Drops the `Reuter` sign-off that ends nearly every story (`Reuter`,
/// `REUTER...`, `said. REUTER`).
fn strip_signoff(body: &str) -> &str {
    let t = body.trim_end();
    let start = t
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = t[start..].trim_end_matches('.');
    if word.eq_ignore_ascii_case("reuter") || word.eq_ignore_ascii_case("reuters") {
        &t[..start]
    } else {
        t
    }
}

/// One TREC `<DOC>`, in any of the collections' styles (AP, WSJ, FT, LA Times,
/// FBIS): the elements differ, the shape does not.
fn trec_article(doc: &Element, line: u64) -> Result<Article, Problem> {
    let docno = doc
        .child("DOCNO")
        .map(|d| clean::normalize_ws(&d.text()))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Problem::at(line, "document without a DOCNO"))?;
    let first_text = |names: &[&str]| -> Option<String> {
        doc.children_elements()
            .filter(|e| names.contains(&e.name.as_str()))
            .map(|e| clean::normalize_ws(&e.text()))
            .find(|t| !t.is_empty())
    };

    let mut a = Article {
        external_id: Some(docno.clone()),
        ..Article::default()
    };
    if let Some(title) = first_text(&["HEADLINE", "HL", "TITLE", "HEAD"]) {
        // FT headlines carry the issue: `FT 14 MAY 91 / Company News: ...`.
        a.title = match title.strip_prefix("FT ").and_then(|t| t.split_once(" / ")) {
            Some((_, rest)) if !rest.is_empty() => rest.to_string(),
            _ => title,
        };
    }
    a.published = first_text(&["DATE", "DD"])
        .and_then(|d| trec_date(&d))
        .or_else(|| date_from_docno(&docno));

    let bylines: Vec<String> = doc
        .children_elements()
        .filter(|e| matches!(e.name.as_str(), "BYLINE" | "AUTHOR"))
        .map(|e| clean::normalize_ws(&e.text()))
        .filter(|t| !t.is_empty())
        .collect();
    // AP adds a second byline, `Associated Press Writer`, that names no one.
    let by = |t: &&String| t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "));
    let named: Vec<&String> = if bylines.iter().any(|t| by(&t)) {
        bylines.iter().filter(by).collect()
    } else {
        bylines.iter().collect()
    };
    for byline in named {
        for author in clean::split_authors(byline) {
            if !a.authors.contains(&author) {
                a.authors.push(author);
            }
        }
    }

    a.dateline = first_text(&["DATELINE", "DL"]).map(|d| trec_dateline(&d));
    a.source = first_text(&["SO", "SOURCE", "PUB"]).or_else(|| source_from_docno(&docno));

    let mut body = String::new();
    for e in doc
        .children_elements()
        .filter(|e| matches!(e.name.as_str(), "LP" | "LEADPARA" | "TEXT"))
    {
        body.push_str("\n\n");
        body.push_str(&e.text());
    }
    if body.trim().is_empty() {
        // Some files put the text straight inside <DOC>.
        for node in &doc.children {
            if let Node::Text(s) = node {
                body.push_str(s);
            }
        }
    }
    for p in unwrap_paragraphs(&body) {
        a.push_paragraph(ParagraphKind::Body, p);
    }
    if a.title.is_empty() && a.paragraphs.is_empty() {
        return Err(Problem::at(
            line,
            format!("document {docno} has neither title nor text"),
        ));
    }
    Ok(a)
}

/// TREC dates: `910514` (FT), `12/03/87` (WSJ), `January 1, 1989, Sunday, Home
/// Edition` (LA Times).
fn trec_date(s: &str) -> Option<Published> {
    let s = s.trim();
    if let Some(p) = Published::parse(s) {
        return Some(p);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        let iso = match s.len() {
            6 => {
                let yy: i32 = s[..2].parse().ok()?;
                let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
                format!("{year}-{}-{}", &s[2..4], &s[4..6])
            }
            8 => format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..8]),
            _ => return None,
        };
        return Published::parse(&iso);
    }
    // Drop the weekday and edition that follow the date.
    let mut parts = s.splitn(3, ',');
    let first = parts.next()?;
    let second = parts.next()?;
    Published::parse(&format!("{first},{second}"))
}

/// AP and WSJ DOCNOs carry the date: `AP880212-0001`, `WSJ870324-0001`.
fn date_from_docno(docno: &str) -> Option<Published> {
    let digits_at = docno.find(|c: char| c.is_ascii_digit())?;
    let prefix = &docno[..digits_at];
    let rest = &docno[digits_at..];
    if !matches!(prefix, "AP" | "WSJ" | "SJMN") || rest.len() < 7 || rest.as_bytes()[6] != b'-' {
        return None;
    }
    trec_date(&rest[..6])
}

fn source_from_docno(docno: &str) -> Option<String> {
    let prefix: String = docno
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let name = match prefix.as_str() {
        "AP" => "Associated Press",
        "WSJ" => "The Wall Street Journal",
        "FT" => "Financial Times",
        "LA" => "Los Angeles Times",
        "SJMN" => "San Jose Mercury News",
        "FBIS" => "FBIS",
        _ => return None,
    };
    Some(name.to_string())
}

/// `BANGKOK, Thailand (AP)` → `BANGKOK, Thailand`.
fn trec_dateline(s: &str) -> String {
    let s = s.trim().trim_end_matches(['-', ' ', ',']);
    if let Some(open) = s.rfind('(') {
        let inner = s[open + 1..].trim_end_matches(')');
        if s.ends_with(')')
            && !inner.is_empty()
            && inner.len() <= 10
            && inner.chars().all(|c| c.is_ascii_uppercase() || c == '-')
        {
            return s[..open].trim_end().to_string();
        }
    }
    s.to_string()
}

// ---------------------------------------------------------------------------
// Paragraphs

/// Unwraps hard-wrapped wire text into paragraphs. A paragraph ends at a blank
/// line, and a line indented deeper than the block's least-indented line starts
/// a new one (Reuters and AP indent the first line of each paragraph). Blocks
/// with lines too long to be hard-wrapped hold one paragraph per line.
fn unwrap_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            flush_block(&block, &mut out);
            block.clear();
        } else {
            block.push(line);
        }
    }
    flush_block(&block, &mut out);
    out
}

fn flush_block(lines: &[&str], out: &mut Vec<String>) {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(min) = lines.iter().map(|l| indent(l)).min() else {
        return;
    };
    let one_per_line = lines.iter().any(|l| l.trim().chars().count() > 100);
    let mut para = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && (one_per_line || indent(line) > min) {
            out.push(std::mem::take(&mut para));
        }
        let line = line.trim();
        if !para.is_empty() && !ends_with_word_hyphen(&para) {
            para.push(' ');
        }
        para.push_str(line);
    }
    if !para.is_empty() {
        out.push(para);
    }
}

/// A line that ends in a hyphen right after a letter broke a compound word
/// (`anti-` / `inflation`): the wire never hyphenates ordinary words, so the
/// lines join without a space.
fn ends_with_word_hyphen(s: &str) -> bool {
    let mut rev = s.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

// ---------------------------------------------------------------------------
// The element tree of one story

/// An element of one story, with entities already decoded in its text.
#[derive(Debug)]
struct Element {
    /// Upper-cased: SGML names are case-insensitive.
    name: String,
    attrs: String,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

impl Element {
    fn children_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children_elements().filter(move |e| e.name == name)
    }

    fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.children_named(name).next()
    }

    /// All text inside, with `<P>` boundaries kept as blank lines.
    fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(s) => out.push_str(s),
                Node::Element(e) if e.name == "P" => {
                    out.push_str("\n\n");
                    e.collect_text(out);
                    out.push_str("\n\n");
                }
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    fn attr(&self, key: &str) -> Option<String> {
        attr_value(&self.attrs, key)
    }
}

/// Builds the tree of one record, forgiving unclosed and stray tags.
struct Builder {
    stack: Vec<Element>,
}

/// Deeper nesting than this is malformed input; its tags are ignored (their text
/// is kept) so a hostile file cannot make the close-tag search slow.
const MAX_DEPTH: usize = 32;

impl Builder {
    fn new(name: &str, attrs: &str) -> Builder {
        Builder {
            stack: vec![Element {
                name: name.to_ascii_uppercase(),
                attrs: attrs.to_string(),
                children: Vec::new(),
            }],
        }
    }

    fn open(&mut self, name: &str, attrs: &str) {
        let name = name.to_ascii_uppercase();
        // `<P>` is routinely left open in TREC files: a new one ends the last.
        if name == "P" && self.stack.len() > 1 && self.stack.last().is_some_and(|e| e.name == "P") {
            self.pop();
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.stack.push(Element {
            name,
            attrs: attrs.to_string(),
            children: Vec::new(),
        });
    }

    fn close(&mut self, name: &str) {
        // Close the nearest open element of that name and anything left open
        // inside it; a close tag with no open element is ignored.
        let Some(i) = self
            .stack
            .iter()
            .rposition(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return;
        };
        if i == 0 {
            return;
        }
        while self.stack.len() > i {
            self.pop();
        }
    }

    fn text(&mut self, raw: &str) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        if let Some(Node::Text(s)) = top.children.last_mut() {
            decode_into(s, raw);
        } else {
            let mut s = String::with_capacity(raw.len());
            decode_into(&mut s, raw);
            top.children.push(Node::Text(s));
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some(e) = self.stack.pop() {
                if let Some(parent) = self.stack.last_mut() {
                    parent.children.push(Node::Element(e));
                }
            }
        }
    }

    fn finish(mut self) -> Element {
        while self.stack.len() > 1 {
            self.pop();
        }
        self.stack.pop().unwrap_or_else(|| Element {
            name: String::new(),
            attrs: String::new(),
            children: Vec::new(),
        })
    }
}

/// The value of attribute `key` in `NAME="v" OTHER=v`, case-insensitively.
fn attr_value(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    match inner.find(q) {
                        Some(end) => (&inner[..end], &inner[end + 1..]),
                        None => (inner, ""),
                    }
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = remaining;
            Some(value)
        } else {
            None
        };
        if name.eq_ignore_ascii_case(key) {
            let mut out = String::new();
            decode_into(&mut out, value.unwrap_or(""));
            return Some(out);
        }
    }
}

// ---------------------------------------------------------------------------
// Entities

/// Appends `raw` with entities decoded and control characters (raw, or spelled
/// `&#3;`) dropped; newlines and tabs stay, as they carry the layout.
fn decode_into(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        push_clean(out, &rest[..amp]);
        let from = &rest[amp..];
        match entity(from) {
            Some((c, len)) => {
                if let Some(c) = c {
                    push_clean_char(out, c);
                }
                rest = &from[len..];
            }
            None => {
                out.push('&');
                rest = &from[1..];
            }
        }
    }
    push_clean(out, rest);
}

fn push_clean(out: &mut String, s: &str) {
    for c in s.chars() {
        push_clean_char(out, c);
    }
}

fn push_clean_char(out: &mut String, c: char) {
    if c == '\n' || c == '\t' || !c.is_control() {
        out.push(c);
    }
}

/// The character an entity at the start of `s` stands for (`None` for a known
/// entity that stands for nothing) and the entity's length; `None` when `s` does
/// not start with an entity, so the `&` is literal.
fn entity(s: &str) -> Option<(Option<char>, usize)> {
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..semi];
    let len = semi + 1;
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = char::from_u32(code)?;
        return Some((Some(c), len));
    }
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "blank" => ' ',
        "hyph" | "ndash" => '-',
        "mdash" => '—',
        "sect" => '§',
        "para" => '¶',
        "cent" => '¢',
        "pound" => '£',
        "yen" => '¥',
        "deg" => '°',
        _ => return None,
    };
    Some((Some(c), len))
}

// ---------------------------------------------------------------------------
// The tag scanner

/// What the scanner sees.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Open { name: &'a str, attrs: &'a str },
    Close { name: &'a str },
    Text(&'a str),
}

/// Splits SGML into tags and text in one forward pass. A `<` starts a tag only
/// when a name (or `/name`) follows and a `>` comes before the next `<`;
/// otherwise it is text. Declarations (`<!DOCTYPE>`), comments and processing
/// instructions are skipped.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Tokens<'a> {
        Tokens { text, pos: 0 }
    }
}

impl<'a> Iterator for Tokens<'a> {
    /// The byte offset where the token starts, and the token.
    type Item = (usize, Token<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        loop {
            let start = self.pos;
            if start >= bytes.len() {
                return None;
            }
            if bytes[start] != b'<' {
                let end = text[start..].find('<').map_or(text.len(), |i| start + i);
                self.pos = end;
                return Some((start, Token::Text(&text[start..end])));
            }
            let after = start + 1;
            if text[after..].starts_with("!--") {
                // Comments may contain `<` and `>`: skip to `-->`.
                self.pos = text[after..]
                    .find("-->")
                    .map_or(bytes.len(), |i| after + i + 3);
                continue;
            }
            // Where this tag would end, unless another `<` comes first (then this
            // one was text).
            let stop = text[after..]
                .find(['<', '>'])
                .map(|i| after + i)
                .filter(|&i| bytes[i] == b'>');
            let Some(gt) = stop else {
                return Some(self.text_until_next_lt(start));
            };
            let inner = &text[after..gt];
            if inner.starts_with(['!', '?']) {
                self.pos = gt + 1;
                continue;
            }
            let (close, body) = match inner.strip_prefix('/') {
                Some(b) => (true, b),
                None => (false, inner),
            };
            let name_end = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
                .unwrap_or(body.len());
            let name = &body[..name_end];
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return Some(self.text_until_next_lt(start));
            }
            self.pos = gt + 1;
            let token = if close {
                Token::Close { name }
            } else {
                let attrs = body[name_end..].trim().trim_end_matches('/').trim_end();
                Token::Open { name, attrs }
            };
            return Some((start, token));
        }
    }
}

impl<'a> Tokens<'a> {
    /// A `<` that starts no tag: it and the text up to the next `<` are text.
    fn text_until_next_lt(&mut self, start: usize) -> (usize, Token<'a>) {
        let text = self.text;
        let end = text[start + 1..]
            .find('<')
            .map_or(text.len(), |i| start + 1 + i);
        self.pos = end;
        (start, Token::Text(&text[start..end]))
    }
}

/// Turns byte offsets into 1-based line numbers; offsets must not decrease, so
/// counting stays linear.
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.bytes.len());
        if end > self.pos {
            self.line += self.bytes[self.pos..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = end;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stories NEWID 2 (with `&lt;`), 30 (`TYPE="BRIEF"`) and 11858 (with an
    /// `<AUTHOR>`), verbatim from reut2-000.sgm and reut2-012.sgm.
    const REUTERS: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;F Y
&#22;&#22;&#1;f0708&#31;reute
d f BC-STANDARD-OIL-&lt;SRD>-TO   02-26 0082</UNKNOWN>
<TEXT>&#2;
<TITLE>STANDARD OIL &lt;SRD> TO FORM FINANCIAL UNIT</TITLE>
<DATELINE>    CLEVELAND, Feb 26 - </DATELINE><BODY>Standard Oil Co and BP North America
Inc said they plan to form a venture to manage the money market
borrowing and investment activities of both companies.
    BP North America is a subsidiary of British Petroleum Co
Plc &lt;BP>, which also owns a 55 pct interest in Standard Oil.
    The venture will be called BP/Standard Financial Trading
and will be operated by Standard Oil under the oversight of a
joint management committee.

 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5573" NEWID="30">
<DATE>26-FEB-1987 15:41:56.54</DATE>
<TOPICS><D>money-supply</D></TOPICS>
<PLACES></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;A
&#22;&#22;&#1;f0835&#31;reute
f f BC-******ASSETS-OF-MONEY   02-26 0012</UNKNOWN>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="86" NEWID="11858">
<DATE> 1-APR-1987 07:51:20.43</DATE>
<TOPICS><D>interest</D></TOPICS>
<PLACES><D>ireland</D></PLACES>
<PEOPLE><D>macsharry</D></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 

&#5;&#5;&#5;RM
&#22;&#22;&#1;f0611&#31;reute
r f BC-LOWER-INTEREST-RATES   04-01 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>LOWER INTEREST RATES SEEN FOLLOWING IRISH BUDGET</TITLE>
<AUTHOR>    By Paul Majendie, Reuters</AUTHOR>
<DATELINE>    DUBLIN, April 1 - </DATELINE><BODY>Financial markets welcomed public
spending cuts announced by Ireland's new minority government in
its budget, saying the move would lead to lower interest rates.
    Finance Minister Ray MacSharry, making cuts across the
board, reduced the Exchequer Borrowing Requirement to 1.85
billion punts, 10.7 pct of GNP, compared with 2.15 billion
punts or 13 pct of GNP last year.
    Allied Irish Banks foreign exchange dealer John Kearney
commented: "I would see interest rates coming down by two to 2.5
pct in the next three months."
 REUTER
&#3;</BODY></TEXT>
</REUTERS>
"#;

    fn texts(a: &Article) -> Vec<&str> {
        a.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn reuters_real_stories() {
        let parsed = parse(REUTERS);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), 3);

        let oil = &parsed.articles[0];
        assert_eq!(oil.external_id.as_deref(), Some("2"));
        assert_eq!(oil.title, "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT");
        assert_eq!(oil.published.unwrap().to_string(), "1987-02-26T15:02:20");
        assert_eq!(oil.dateline.as_deref(), Some("CLEVELAND"));
        assert_eq!(oil.source.as_deref(), Some("Reuters"));
        assert_eq!(oil.tags, ["usa"]);
        assert!(oil.authors.is_empty());
        assert_eq!(
            texts(oil),
            [
                "Standard Oil Co and BP North America Inc said they plan to form a venture \
                 to manage the money market borrowing and investment activities of both \
                 companies.",
                "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which \
                 also owns a 55 pct interest in Standard Oil.",
                "The venture will be called BP/Standard Financial Trading and will be \
                 operated by Standard Oil under the oversight of a joint management \
                 committee.",
            ]
        );

        let brief = &parsed.articles[1];
        assert_eq!(brief.external_id.as_deref(), Some("30"));
        assert_eq!(
            brief.title,
            "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK"
        );
        assert_eq!(brief.published.unwrap().to_string(), "1987-02-26T15:41:56");
        assert_eq!(brief.dateline, None);
        assert_eq!(brief.tags, ["money-supply"]);
        assert!(brief.paragraphs.is_empty(), "{:?}", brief.paragraphs);

        let irish = &parsed.articles[2];
        assert_eq!(irish.external_id.as_deref(), Some("11858"));
        assert_eq!(
            irish.title,
            "LOWER INTEREST RATES SEEN FOLLOWING IRISH BUDGET"
        );
        assert_eq!(irish.published.unwrap().to_string(), "1987-04-01T07:51:20");
        assert_eq!(irish.authors, ["Paul Majendie"]);
        assert_eq!(irish.dateline.as_deref(), Some("DUBLIN"));
        assert_eq!(irish.tags, ["interest", "ireland"]);
        assert_eq!(irish.paragraphs.len(), 3);
        assert_eq!(
            irish.paragraphs[0].text,
            "Financial markets welcomed public spending cuts announced by Ireland's new \
             minority government in its budget, saying the move would lead to lower \
             interest rates."
        );
        assert!(irish.paragraphs[2]
            .text
            .ends_with("in the next three months.\""));
    }

    #[test]
    fn reuters_brief_survives_finish() {
        let parsed =
            super::super::parse_bytes("reut2-000.sgm".as_ref(), REUTERS.as_bytes()).unwrap();
        assert_eq!(parsed.format, Some(super::super::Format::Sgml));
        assert_eq!(parsed.articles.len(), 3);
        let brief = &parsed.articles[1];
        assert!(!brief.title_derived);
        assert!(brief.paragraphs.is_empty());
    }

    #[test]
    fn reuters_truncated_final_story_keeps_the_earlier_ones() {
        // Story 2 whole, then story 3 cut off inside its body.
        let cut = REUTERS.find("<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"5573\"").unwrap();
        let text = format!(
            "{}{}",
            &REUTERS[..cut],
            "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"5546\" NEWID=\"3\">\n\
             <DATE>26-FEB-1987 15:03:27.51</DATE>\n\
             <TEXT>&#2;\n\
             <TITLE>TEXAS COMMERCE BANCSHARES &lt;TCB> FILES PLAN</TITLE>\n\
             <DATELINE>    HOUSTON, Feb 26 - </DATELINE><BODY>Texas Commerce Bancshares Inc's Texas\n\
             Commerce Bank-Houston said it filed an application with the\n"
        );
        let parsed = parse(&text);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].external_id.as_deref(), Some("2"));
        assert_eq!(
            parsed.problems,
            [Problem::at(
                28,
                "truncated: the last <REUTERS> has no closing </REUTERS> tag"
            )]
        );
    }

    #[test]
    fn reuters_problems_carry_the_story_line() {
        let text = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n\
            <REUTERS TOPICS=\"NO\" OLDID=\"1\">\n\
            <TEXT><TITLE>NO NEWID HERE</TITLE></TEXT>\n\
            </REUTERS>\n\
            <REUTERS TOPICS=\"NO\" NEWID=\"12793\">\n\
            <DATE> 3-APR-1987 07:09:06.48</DATE>\n\
            <TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n\
            </REUTERS>\n\
            <REUTERS NEWID=\"7\"><TEXT><TITLE>KEPT</TITLE></TEXT></REUTERS>\n";
        let parsed = parse(text);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].title, "KEPT");
        assert_eq!(
            parsed.problems,
            [
                Problem::at(2, "story without a NEWID attribute"),
                Problem::at(5, "story NEWID=12793 has neither title nor text"),
            ]
        );
    }

    #[test]
    fn reuters_unproc_text_is_the_body() {
        let text = "<REUTERS NEWID=\"99\"><DATE>26-FEB-1987 16:34:34.40</DATE>\n\
            <TEXT TYPE=\"UNPROC\">&#2;\n\
            FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    \
            Two weeks ended Feb 25      daily avgs-mlns\n \
            Net free reserves.............644 vs.....1,337\n\n \
            Reuter\n&#3;\n\n</TEXT>\n</REUTERS>\n";
        let parsed = parse(text);
        let a = &parsed.articles[0];
        assert_eq!(a.title, "");
        assert_eq!(
            texts(a),
            [
                "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26",
                "Two weeks ended Feb 25      daily avgs-mlns",
                "Net free reserves.............644 vs.....1,337",
            ]
        );
    }

    #[test]
    fn reuters_dateline_that_swallowed_the_first_words() {
        // NEWID 47: the DATELINE element holds the start of the first sentence.
        let text = "<REUTERS NEWID=\"47\"><TEXT>\n\
            <TITLE>BRAZIL ANTI-INFLATION PLAN LIMPS TO ANNIVERSARY</TITLE>\n\
            <DATELINE>    RIO DE JANEIRO, Feb 26 - Brazil's \"Cruzado\" anti- </DATELINE><BODY>inflation\n\
            plan, initially hailed at home and abroad as the saviour of the\n\
            economy, is limping towards its first anniversary.\n \
            Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n";
        let a = &parse(text).articles[0];
        assert_eq!(a.dateline.as_deref(), Some("RIO DE JANEIRO"));
        assert_eq!(
            texts(a),
            [
                "Brazil's \"Cruzado\" anti-inflation plan, initially hailed at home and abroad \
              as the saviour of the economy, is limping towards its first anniversary."
            ]
        );
    }

    #[test]
    fn dateline_spellings() {
        let place = |raw: &str, prose: bool| split_dateline(raw, prose).map(|(p, _)| p);
        assert_eq!(
            place("    WASHINGTON, March 2 - ", false).as_deref(),
            Some("WASHINGTON")
        );
        assert_eq!(
            place("    AMSTERDAM, 2 March - ", false).as_deref(),
            Some("AMSTERDAM")
        );
        assert_eq!(
            place("    RENO, Nev., Mach 4 - ", false).as_deref(),
            Some("RENO, Nev.")
        );
        assert_eq!(
            place("    LAKE SUCCESS, N.Y. March 3 - ", false).as_deref(),
            Some("LAKE SUCCESS, N.Y.")
        );
        assert_eq!(
            place("    KANSAS CITY, Mo. - March 13 - ", false).as_deref(),
            Some("KANSAS CITY, Mo.")
        );
        assert_eq!(
            place("    KASSEL, West Germany, March 26- ", false).as_deref(),
            Some("KASSEL, West Germany")
        );
        assert_eq!(
            place("    WINSTON-SALEM, N.C. - ", false).as_deref(),
            Some("WINSTON-SALEM, N.C.")
        );
        assert_eq!(
            place("    PARIS,March 16 - ", false).as_deref(),
            Some("PARIS")
        );
        assert_eq!(place("    TOKYO - ", true).as_deref(), Some("TOKYO"));
        assert_eq!(place(" FOB RIVER - ", true), None);
        assert_eq!(place(" Jun      ---    ---     ---    ", false), None);
        assert_eq!(
            place(
                "H  6.12  -  5.87 2  MTH  6.50  -  6.25 3  MTH  6.62  -  ",
                false
            ),
            None
        );
        assert_eq!(
            split_dateline("    LONDON, March 9 - FIXTURE - ", false),
            Some(("LONDON".to_string(), "FIXTURE -".to_string()))
        );
    }

    /// An AP-style and an FT-style document, laid out as in the TREC disks, and an
    /// LA Times-style one with `<P>` paragraphs.
    const TREC: &str = "<DOC>
<DOCNO> AP880212-0001 </DOCNO>
<FILEID>AP-NR-02-12-88 2344EST</FILEID>
<FIRST>u i AM-Vietnam-Cambodia     02-12 0338</FIRST>
<HEAD>Reports Say Vietnam to Withdraw 20,000 Troops From Cambodia</HEAD>
<BYLINE>By HOLLY FORTUNE</BYLINE>
<BYLINE>Associated Press Writer</BYLINE>
<DATELINE>BANGKOK, Thailand (AP) </DATELINE>
<TEXT>
   Vietnam will withdraw 20,000 troops from Cambodia this year, the
official news agency reported Friday.
   The report gave no timetable &amp; named no units.
</TEXT>
</DOC>
<DOC>
<DOCNO>FT911-3</DOCNO>
<PROFILE>_AN-BEOA7AAIFT</PROFILE>
<DATE>910514
</DATE>
<HEADLINE>
FT  14 MAY 91 / International Company News: Contigas plans DM900m east German project
</HEADLINE>
<BYLINE>
By DAVID GOODHART
</BYLINE>
<DATELINE>
BONN
</DATELINE>
<TEXT>
CONTIGAS, the German gas group 81 per cent owned by the utility Bayernwerk, said yesterday that it intends to invest DM900m in the next four years.

The new network is to be built in the east German state of Thuringia.
</TEXT>
<PUB>The Financial Times
</PUB>
<PAGE>
London Page 24
</PAGE>
</DOC>
<DOC>
<DOCNO> LA010189-0001 </DOCNO>
<DATE>
<P>
January 1, 1989, Sunday, Home Edition
</P>
</DATE>
<HEADLINE>
<P>
A NEW YEAR'S READING LIST
</P>
</HEADLINE>
<TEXT>
<P>
The first paragraph is hard-wrapped
over two lines.
<P>
The second one was never closed.
</TEXT>
</DOC>
";

    #[test]
    fn trec_styles() {
        let parsed = parse(TREC);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), 3);

        let ap = &parsed.articles[0];
        assert_eq!(ap.external_id.as_deref(), Some("AP880212-0001"));
        assert_eq!(
            ap.title,
            "Reports Say Vietnam to Withdraw 20,000 Troops From Cambodia"
        );
        assert_eq!(ap.published.unwrap().to_string(), "1988-02-12");
        assert_eq!(ap.authors, ["HOLLY FORTUNE"]);
        assert_eq!(ap.dateline.as_deref(), Some("BANGKOK, Thailand"));
        assert_eq!(ap.source.as_deref(), Some("Associated Press"));
        assert_eq!(
            texts(ap),
            [
                "Vietnam will withdraw 20,000 troops from Cambodia this year, the official \
                 news agency reported Friday.",
                "The report gave no timetable & named no units.",
            ]
        );

        let ft = &parsed.articles[1];
        assert_eq!(ft.external_id.as_deref(), Some("FT911-3"));
        assert_eq!(
            ft.title,
            "International Company News: Contigas plans DM900m east German project"
        );
        assert_eq!(ft.published.unwrap().to_string(), "1991-05-14");
        assert_eq!(ft.authors, ["DAVID GOODHART"]);
        assert_eq!(ft.dateline.as_deref(), Some("BONN"));
        assert_eq!(ft.source.as_deref(), Some("The Financial Times"));
        assert_eq!(ft.paragraphs.len(), 2);
        assert!(ft.paragraphs[0]
            .text
            .starts_with("CONTIGAS, the German gas group"));

        let la = &parsed.articles[2];
        assert_eq!(la.external_id.as_deref(), Some("LA010189-0001"));
        assert_eq!(la.title, "A NEW YEAR'S READING LIST");
        assert_eq!(la.published.unwrap().to_string(), "1989-01-01");
        assert_eq!(la.source.as_deref(), Some("Los Angeles Times"));
        assert_eq!(
            texts(la),
            [
                "The first paragraph is hard-wrapped over two lines.",
                "The second one was never closed.",
            ]
        );
    }

    #[test]
    fn trec_document_without_docno_is_a_problem() {
        let parsed = parse("<DOC>\n<TEXT>\nSome text.\n</TEXT>\n</DOC>\n<DOC><DOCNO>X-1</DOCNO><TEXT>Kept.</TEXT></DOC>");
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(
            parsed.problems,
            [Problem::at(1, "document without a DOCNO")]
        );
    }

    #[test]
    fn no_records_is_one_problem() {
        let parsed = parse("<html><body>not news</body></html>");
        assert!(parsed.articles.is_empty());
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(
            parsed.problems[0].reason,
            "no <REUTERS> or <DOC> elements found"
        );
    }

    #[test]
    fn never_panics_on_broken_input() {
        let nasty = [
            "",
            "<",
            "&",
            "<<<>>>",
            "<REUTERS",
            "<REUTERS NEWID=",
            "<REUTERS NEWID=\"",
            "<REUTERS NEWID='1'><TEXT><BODY>&#99999999999;&#xD800;&#;&#x;&lt</BODY>",
            "<DOC><DOCNO>é</DOCNO><TEXT>ü<ü>&#x1F600;<P><P><P></TEXT></DOC>",
            "<DOC><DOCNO>1</DOCNO><DATE>99999999</DATE><DATELINE>(</DATELINE></DOC>",
            "</REUTERS></DOC><!-- unterminated",
            "<REUTERS NEWID=\"1\"><TEXT><DATELINE>-- - -- </DATELINE><BODY>-</BODY></TEXT></REUTERS>",
        ];
        for text in nasty {
            let _ = parse(text);
            let _ = parse_smart(text);
        }
        // Every prefix of real stories, cut at every character.
        for text in [REUTERS, TREC] {
            for (i, _) in text.char_indices() {
                let _ = parse(&text[..i]);
            }
        }
    }

    #[test]
    fn pathological_input_stays_linear() {
        // Quadratic scanning would take minutes on these.
        let n = 200_000;
        for unit in [
            "<",
            "<a",
            "&",
            "&#",
            "<!--",
            "<REUTERS NEWID=\"1\"><TEXT>",
            "</x>",
        ] {
            let text = unit.repeat(n);
            let start = std::time::Instant::now();
            let _ = parse(&text);
            assert!(
                start.elapsed().as_secs() < 10,
                "{unit:?} took {:?}",
                start.elapsed()
            );
        }
    }

    #[test]
    fn smart_inline() {
        let text = "*TEXT 017 01/04/63 PAGE 020\n\nTHE ALLIES AFTER NASSAU .\n\nSECOND LINE .\n\n\
                    *TEXT 431 08/30 63 PAGE 026\n\nA TYPO IN THE HEADER .\n\n\
                    *TEXT   557        12/27/63         PAGE 021\n\n\
                    *STOP\n\nIGNORED AFTER STOP\n";
        let parsed = parse_smart(text);
        assert_eq!(parsed.articles.len(), 2);
        let first = &parsed.articles[0];
        assert_eq!(first.external_id.as_deref(), Some("1"));
        assert_eq!(first.tags, ["text:017", "page:020"]);
        assert_eq!(first.published.unwrap().to_string(), "1963-01-04");
        assert_eq!(first.source.as_deref(), Some("TIME"));
        assert_eq!(texts(first), ["THE ALLIES AFTER NASSAU . SECOND LINE ."]);
        let second = &parsed.articles[1];
        assert_eq!(second.external_id.as_deref(), Some("2"));
        assert_eq!(second.published.unwrap().to_string(), "1963-08-30");
        assert_eq!(
            parsed.problems,
            [Problem::at(11, "document 3 (*TEXT 557) has no text")]
        );
    }

    #[test]
    fn smart_time_collection() {
        // The shared corpora sit beside the repository checkout.
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpora/time/TIME.ALL"
        ));
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {} is not present", path.display());
            return;
        };
        let parsed = parse_smart(&text);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), 423);
        let first = &parsed.articles[0];
        assert_eq!(first.external_id.as_deref(), Some("1"));
        assert!(first.tags.contains(&"text:017".to_string()));
        assert_eq!(first.published.unwrap().to_string(), "1963-01-04");
        assert!(first.paragraphs[0]
            .text
            .starts_with("THE ALLIES AFTER NASSAU"));
        let last = &parsed.articles[422];
        assert_eq!(last.external_id.as_deref(), Some("423"));
        assert!(last.paragraphs[0]
            .text
            .ends_with("AS THE SOVIET UNION AND THE U.S ."));
        assert!(parsed.articles.iter().all(|a| a.paragraphs.len() == 1));
        let undated = parsed
            .articles
            .iter()
            .filter(|a| a.published.is_none())
            .count();
        assert_eq!(undated, 0);
    }

    /// The whole Reuters-21578 collection; run with
    /// `NEWSIDX_REUTERS_DIR=/path/to/reuters21578 cargo test --release -- --ignored`.
    #[test]
    #[ignore]
    fn reuters_full_collection() {
        let Ok(dir) = std::env::var("NEWSIDX_REUTERS_DIR") else {
            eprintln!("skipped: NEWSIDX_REUTERS_DIR is not set");
            return;
        };
        let dir = std::path::Path::new(&dir);
        let texts: Vec<String> = (0..22)
            .map(|i| {
                let bytes = std::fs::read(dir.join(format!("reut2-{i:03}.sgm"))).unwrap();
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .collect();
        let start = std::time::Instant::now();
        let (mut articles, mut problems) = (0, Vec::new());
        for text in &texts {
            let parsed = parse(text);
            articles += parsed.articles.len();
            problems.extend(parsed.problems);
        }
        let bytes: usize = texts.iter().map(String::len).sum();
        eprintln!(
            "parsed {bytes} bytes, {articles} stories in {:?}",
            start.elapsed()
        );
        // NEWID 12793 is an empty UNPROC story.
        assert_eq!(articles, 21_577);
        assert_eq!(
            problems,
            [Problem::at(
                25_983,
                "story NEWID=12793 has neither title nor text"
            )]
        );
    }
}
