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
        for d in story.child(list).into_iter().flat_map(|l| l.children_named("D")) {
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
                    "AUTHOR" => a.authors = clean::split_authors(&e.text().replace(" AND ", " and ")),
                    "DATELINE" => {
                        let raw = e.text();
                        let prose = text.child("BODY").is_some_and(|b| starts_like_prose(&b.text()));
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
        && !place.chars().any(|c| c.is_lowercase() || c.is_ascii_digit());
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
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = s.to_ascii_lowercase();
    lower.len() >= 3
        && MONTHS
            .iter()
            .any(|m| *m == lower || (lower.len() <= 4 && m.starts_with(lower.as_str())))
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

    #[test]
    #[ignore]
    fn zz_explore_reuters() {
        let dir = std::path::Path::new("/tmp/reuters/reuters21578");
        let mut texts = Vec::new();
        for i in 0..22 {
            let bytes = std::fs::read(dir.join(format!("reut2-{i:03}.sgm"))).unwrap();
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        let t = std::time::Instant::now();
        let mut all = Vec::new();
        let mut problems = Vec::new();
        for text in &texts {
            let p = parse(text);
            all.extend(p.articles);
            problems.extend(p.problems);
        }
        eprintln!("parsed {} stories in {:?}; problems {:?}", all.len(), t.elapsed(), problems);
        let mut no_dl = 0;
        let mut no_par = 0;
        let mut no_title = 0;
        let mut no_date = 0;
        for a in &all {
            if a.dateline.is_none() { no_dl += 1; }
            if a.paragraphs.is_empty() { no_par += 1; }
            if a.title.is_empty() { no_title += 1; }
            if a.published.is_none() { no_date += 1; eprintln!("NODATE {:?}", a.external_id); }
        }
        eprintln!("no dateline {no_dl} no paragraphs {no_par} no title {no_title} no date {no_date}");
        let mut dls: std::collections::BTreeMap<String, usize> = Default::default();
        for a in &all { if let Some(d) = &a.dateline { *dls.entry(d.clone()).or_default() += 1; } }
        for (d, n) in &dls { if *n <= 1 { eprintln!("DL {d:?}"); } }
        for a in &all { if a.dateline.is_none() && !a.title.is_empty() && !a.paragraphs.is_empty() { eprintln!("NODL {:?} {:.100}", a.external_id, a.paragraphs[0].text); } }
        for a in all.iter().filter(|a| a.authors.len() != 0).take(0) { eprintln!("{:?}", a.authors); }
        if let Ok(id) = std::env::var("SHOW") {
            for a in all.iter().filter(|a| a.external_id.as_deref() == Some(id.as_str())) { eprintln!("{a:#?}"); }
        }
    }
}
