//! TREC: one `<DOC>` of the TREC disks becomes one [`Article`].
//!
//! This module owns the mapping of a document's elements onto article fields
//! in every style the disks use (AP, WSJ, FT, LA Times, FBIS): the DOCNO, the
//! headline under its several names, dates in three spellings or read from the
//! DOCNO, bylines without AP's `Associated Press Writer`, datelines without the
//! agency, the source, and `<TEXT>`/`<LP>` paragraphs. It gets the document as
//! an element tree from the SGML reader and must not scan text for tags itself.

use super::tree::{Element, Node};
use super::unwrap_paragraphs;
use crate::article::{Article, ArticleMeta, ParagraphKind, Published};
use crate::ingest::{clean, strings, Problem};

/// One TREC `<DOC>`, in any of the collections' styles (AP, WSJ, FT, LA Times,
/// FBIS): the elements differ, the shape does not.
pub(super) fn article(doc: &Element, line: u64) -> Result<Article, Problem> {
    let docno = doc
        .child("DOCNO")
        .map(|d| strings::normalize_ws(&d.text()))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Problem::at(line, "document without a DOCNO"))?;
    let first_text = |names: &[&str]| -> Option<String> {
        doc.children_elements()
            .filter(|e| names.contains(&e.name.as_str()))
            .map(|e| strings::normalize_ws(&e.text()))
            .find(|t| !t.is_empty())
    };

    let mut a = Article {
        meta: ArticleMeta {
            external_id: Some(docno.clone()),
            ..ArticleMeta::default()
        },
        ..Article::default()
    };
    if let Some(title) = first_text(&["HEADLINE", "HL", "TITLE", "HEAD"]) {
        // FT headlines carry the issue: `FT 14 MAY 91 / Company News: ...`.
        a.meta.title = match title.strip_prefix("FT ").and_then(|t| t.split_once(" / ")) {
            Some((_, rest)) if !rest.is_empty() => rest.to_string(),
            _ => title,
        };
    }
    a.meta.published = first_text(&["DATE", "DD"])
        .and_then(|d| trec_date(&d))
        .or_else(|| date_from_docno(&docno));

    let bylines: Vec<String> = doc
        .children_elements()
        .filter(|e| matches!(e.name.as_str(), "BYLINE" | "AUTHOR"))
        .map(|e| strings::normalize_ws(&e.text()))
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
            if !a.meta.authors.contains(&author) {
                a.meta.authors.push(author);
            }
        }
    }

    a.meta.dateline = first_text(&["DATELINE", "DL"]).map(|d| trec_dateline(&d));
    a.meta.source = first_text(&["SO", "SOURCE", "PUB"]).or_else(|| source_from_docno(&docno));

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
    if a.meta.title.is_empty() && a.paragraphs.is_empty() {
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

#[cfg(test)]
pub(super) mod tests {
    use super::super::parse;
    use super::*;
    use crate::ingest::testdata::texts;

    /// An AP-style and an FT-style document, laid out as in the TREC disks, and an
    /// LA Times-style one with `<P>` paragraphs.
    pub(in crate::ingest::sgml) const TREC: &str = "<DOC>
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
        assert_eq!(ap.meta.external_id.as_deref(), Some("AP880212-0001"));
        assert_eq!(
            ap.meta.title,
            "Reports Say Vietnam to Withdraw 20,000 Troops From Cambodia"
        );
        assert_eq!(ap.meta.published.unwrap().to_string(), "1988-02-12");
        assert_eq!(ap.meta.authors, ["HOLLY FORTUNE"]);
        assert_eq!(ap.meta.dateline.as_deref(), Some("BANGKOK, Thailand"));
        assert_eq!(ap.meta.source.as_deref(), Some("Associated Press"));
        assert_eq!(
            texts(ap),
            [
                "Vietnam will withdraw 20,000 troops from Cambodia this year, the official \
                 news agency reported Friday.",
                "The report gave no timetable & named no units.",
            ]
        );

        let ft = &parsed.articles[1];
        assert_eq!(ft.meta.external_id.as_deref(), Some("FT911-3"));
        assert_eq!(
            ft.meta.title,
            "International Company News: Contigas plans DM900m east German project"
        );
        assert_eq!(ft.meta.published.unwrap().to_string(), "1991-05-14");
        assert_eq!(ft.meta.authors, ["DAVID GOODHART"]);
        assert_eq!(ft.meta.dateline.as_deref(), Some("BONN"));
        assert_eq!(ft.meta.source.as_deref(), Some("The Financial Times"));
        assert_eq!(ft.paragraphs.len(), 2);
        assert!(ft.paragraphs[0]
            .text
            .starts_with("CONTIGAS, the German gas group"));

        let la = &parsed.articles[2];
        assert_eq!(la.meta.external_id.as_deref(), Some("LA010189-0001"));
        assert_eq!(la.meta.title, "A NEW YEAR'S READING LIST");
        assert_eq!(la.meta.published.unwrap().to_string(), "1989-01-01");
        assert_eq!(la.meta.source.as_deref(), Some("Los Angeles Times"));
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
    fn dates_and_datelines() {
        assert_eq!(
            trec_date("910514").map(|d| d.to_string()).as_deref(),
            Some("1991-05-14")
        );
        assert_eq!(
            trec_date("19910514").map(|d| d.to_string()).as_deref(),
            Some("1991-05-14")
        );
        assert_eq!(trec_date("1234567"), None);
        assert_eq!(
            date_from_docno("WSJ870324-0001")
                .map(|d| d.to_string())
                .as_deref(),
            Some("1987-03-24")
        );
        assert_eq!(date_from_docno("FT911-3"), None);
        assert_eq!(trec_dateline("MOSCOW (TASS) -"), "MOSCOW");
        assert_eq!(
            trec_dateline("NEW YORK (Long Name Agency)"),
            "NEW YORK (Long Name Agency)"
        );
    }
}
