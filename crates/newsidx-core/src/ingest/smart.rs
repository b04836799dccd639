//! The SMART reader: the classic IR test collections, in their two layouts.
//!
//! - `*TEXT` blocks (TIME): a document starts at a header
//!   `*TEXT <n> <mm/dd/yy> PAGE <p>` and runs to the next header or `*STOP`.
//! - `.I` records with dot fields (CACM, CRAN, MED, CISI): `.I <n>` starts a
//!   record, a line `.X` (one upper-case letter) starts its field `X`, and the
//!   field's text follows on the lines after it.
//!
//! This module owns both layouts for documents and for queries (the eval
//! module reads `*FIND` topics and `.I` queries with [`star_blocks`] and
//! [`records`]), the mapping of documents onto [`Article`], and naming the
//! collection a file belongs to. SMART is not SGML: nothing here scans tags.
//! Like every reader it must not normalize whitespace, number paragraphs or
//! derive titles: `ingest::finish` does that.

use std::path::Path;

use super::{Parsed, Problem};
use crate::article::{Article, ArticleMeta, ParagraphKind, Published};

/// Whether decoded text (leading whitespace and BOM already gone) starts like a
/// SMART file: a `*TEXT ` header or a `.I <n>` record.
pub(crate) fn sniff(head: &str) -> bool {
    let first = head.lines().next().unwrap_or_default();
    first
        .get(..6)
        .is_some_and(|h| h.eq_ignore_ascii_case("*text "))
        || record_id(first).is_some()
}

/// Parses a SMART file of either layout. The collection, taken from the file's
/// name (see [`collection_name`]), becomes each article's `source`.
pub(crate) fn parse(path: &Path, text: &str) -> Parsed {
    parse_from(path, text, 0).0
}

/// [`parse`] of a part of a file, after `before` documents or records of it:
/// a `*TEXT` document's position (its `external_id`) counts them. Also gives
/// how many documents or records the part holds, readable or not, which is
/// what the next part's `before` adds up.
pub(crate) fn parse_from(path: &Path, text: &str, before: usize) -> (Parsed, usize) {
    let source = collection_name(path);
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .lines()
        .next();
    if first.is_some_and(|l| record_id(l).is_some()) {
        parse_records(text, source)
    } else {
        parse_text_blocks(text, source, before)
    }
}

/// The collection a SMART file belongs to: its file name up to the first dot,
/// upper-cased. The classic distributions name their files after the
/// collection (`TIME.ALL`, `cacm.all`, `cran.all.1400`, `MED.ALL`), and nothing
/// inside TIME or MED names it.
pub(crate) fn collection_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let stem = name.split('.').next().unwrap_or_default().trim();
    (!stem.is_empty()).then(|| stem.to_uppercase())
}

// ---------------------------------------------------------------------------
// `*TEXT` and `*FIND` blocks

/// One block of a `*TEXT` (documents) or `*FIND` (queries) file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct StarBlock {
    /// The header line after the marker (`017 01/04/63 PAGE 020`), trimmed.
    pub(crate) header: String,
    /// The 1-based line of the header.
    pub(crate) line: u64,
    /// The block's non-empty lines, trimmed, joined by a space.
    pub(crate) text: String,
}

/// The blocks of a file whose blocks start at lines beginning with `marker`
/// (`*TEXT`, `*FIND`), up to `*STOP`; and the line of the first text that
/// stands before any header, if any.
pub(crate) fn star_blocks(text: &str, marker: &str) -> (Vec<StarBlock>, Option<u64>) {
    let mut blocks: Vec<StarBlock> = Vec::new();
    let mut stray = None;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i as u64 + 1;
        let line = raw.trim();
        if let Some(rest) = line.strip_prefix(marker) {
            blocks.push(StarBlock {
                header: rest.trim().to_string(),
                line: line_no,
                text: String::new(),
            });
        } else if line == "*STOP" {
            break;
        } else if line.is_empty() {
            continue;
        } else if let Some(block) = blocks.last_mut() {
            if !block.text.is_empty() {
                block.text.push(' ');
            }
            block.text.push_str(line);
        } else if stray.is_none() {
            stray = Some(line_no);
        }
    }
    (blocks, stray)
}

/// Reads `*TEXT` documents (TIME).
///
/// `external_id` is the document's 1-based position in the file, because that
/// is what TIME's relevance judgments cite; the `*TEXT` number and page go into
/// tags (`text:017`, `page:020`). Every text line of TIME.ALL is followed by an
/// empty line, so no paragraph boundaries survive in the file: each document
/// becomes one paragraph rather than paragraphs we would have to invent. The
/// text is upper case and is kept as it is.
fn parse_text_blocks(text: &str, source: Option<String>, before: usize) -> (Parsed, usize) {
    let mut parsed = Parsed::default();
    let (blocks, stray) = star_blocks(text, "*TEXT");
    if let Some(line) = stray {
        parsed.problems.push(Problem::at(
            line,
            "text before the first *TEXT header was skipped",
        ));
    }
    if blocks.is_empty() && parsed.problems.is_empty() {
        parsed.problems.push(Problem {
            line: None,
            reason: "no *TEXT documents found".into(),
        });
    }
    let count = blocks.len();
    for (i, block) in blocks.into_iter().enumerate() {
        let ordinal = before + i + 1;
        // Split on whitespace: the spacing is irregular, and one header spells
        // its date `08/30 63`.
        let tokens: Vec<&str> = block.header.split_whitespace().collect();
        let number = tokens.first().copied().unwrap_or_default();
        if block.text.is_empty() {
            parsed.problems.push(Problem::at(
                block.line,
                format!("document {ordinal} (*TEXT {number}) has no text"),
            ));
            continue;
        }
        let page_at = tokens
            .iter()
            .position(|t| t.eq_ignore_ascii_case("PAGE"))
            .unwrap_or(tokens.len());
        let date_tokens = tokens.get(1..page_at).unwrap_or_default();
        let mut a = Article {
            meta: ArticleMeta {
                external_id: Some(ordinal.to_string()),
                published: Published::parse(&date_tokens.join("/")),
                source: source.clone(),
                ..ArticleMeta::default()
            },
            ..Article::default()
        };
        if !number.is_empty() {
            a.meta.tags.push(format!("text:{number}"));
        }
        if let Some(page) = tokens.get(page_at + 1) {
            a.meta.tags.push(format!("page:{page}"));
        }
        a.push_paragraph(ParagraphKind::Body, block.text);
        parsed.articles.push(a);
    }
    (parsed, count)
}

// ---------------------------------------------------------------------------
// `.I` records

/// One `.I` record: a document or a query.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// The id after `.I`, as written (`001` stays `001`).
    pub(crate) id: String,
    /// The 1-based line of the `.I` line.
    pub(crate) line: u64,
    /// The fields in file order: the letter, and the lines that follow it.
    pub(crate) fields: Vec<(char, String)>,
}

impl Record {
    /// The text of the fields named by `letters`, in file order, lines joined
    /// by a space (whitespace inside lines kept).
    pub(crate) fn text_of(&self, letters: &[char]) -> String {
        let mut out = String::new();
        for (_, text) in self.fields.iter().filter(|(f, _)| letters.contains(f)) {
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(line);
            }
        }
        out
    }
}

/// The id of a `.I <id>` line, or `None` when `line` is not one.
fn record_id(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(".I")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

/// The field letter of a line `.X`, or `None`.
fn field_marker(line: &str) -> Option<char> {
    let mut chars = line.trim_end().chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some('.'), Some(c), None) if c.is_ascii_uppercase() => Some(c),
        _ => None,
    }
}

/// Splits a `.I` file into records. Text before the first `.I` is ignored.
///
/// A field marker that repeats one the record already had is damage, not a
/// field: CRAN's record 240 has stray `.A` and `.B` lines inside its abstract,
/// and records 576 and 578 a second `.W`. Such a line is dropped and the
/// current field runs on, so the abstract stays whole and CACM's many fields
/// (each once per record) are unaffected.
pub(crate) fn records(text: &str) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(id) = record_id(line) {
            out.push(Record {
                id: id.to_string(),
                line: i as u64 + 1,
                fields: Vec::new(),
            });
            continue;
        }
        let Some(record) = out.last_mut() else {
            continue;
        };
        if let Some(letter) = field_marker(line) {
            if !record.fields.iter().any(|(f, _)| *f == letter) {
                record.fields.push((letter, String::new()));
            }
            continue;
        }
        if let Some((_, text)) = record.fields.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

/// Reads `.I` documents (CACM, CRAN, MED, CISI): `.T` is the title, `.W` the
/// text (one paragraph, as in the `*TEXT` layout), `.A` one author a line; the
/// `.I` number is `external_id`, which is what these collections' judgments
/// cite. Other fields (`.B`, `.N`, `.X`, `.K`, `.C`) are not article text.
fn parse_records(text: &str, source: Option<String>) -> (Parsed, usize) {
    let mut parsed = Parsed::default();
    let mut count = 0;
    for record in records(text) {
        count += 1;
        let title = record.text_of(&['T']);
        let body = record.text_of(&['W']);
        if title.is_empty() && body.is_empty() {
            parsed.problems.push(Problem::at(
                record.line,
                format!("record .I {} has neither title nor text", record.id),
            ));
            continue;
        }
        let authors = record
            .fields
            .iter()
            .filter(|(f, _)| *f == 'A')
            .flat_map(|(_, text)| text.lines().map(str::trim).filter(|l| !l.is_empty()))
            .map(str::to_string)
            .collect();
        let mut a = Article {
            meta: ArticleMeta {
                external_id: Some(record.id),
                title,
                authors,
                source: source.clone(),
                ..ArticleMeta::default()
            },
            ..Article::default()
        };
        if !body.is_empty() {
            a.push_paragraph(ParagraphKind::Body, body);
        }
        parsed.articles.push(a);
    }
    if parsed.articles.is_empty() && parsed.problems.is_empty() {
        parsed.problems.push(Problem {
            line: None,
            reason: "no .I records found".into(),
        });
    }
    (parsed, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::testdata::{corpus_text, texts};

    fn parse_as(name: &str, text: &str) -> Parsed {
        parse(Path::new(name), text)
    }

    /// What `grep -c PATTERN` would say: lines that start with `prefix`.
    fn count_lines(text: &str, prefix: &str) -> usize {
        text.lines().filter(|l| l.starts_with(prefix)).count()
    }

    #[test]
    fn collection_names() {
        let name = |p: &str| collection_name(Path::new(p));
        assert_eq!(name("../corpora/time/TIME.ALL").as_deref(), Some("TIME"));
        assert_eq!(name("cacm/cacm.all").as_deref(), Some("CACM"));
        assert_eq!(name("cran.all.1400").as_deref(), Some("CRAN"));
        assert_eq!(name("MED.ALL.gz").as_deref(), Some("MED"));
        assert_eq!(name(".hidden"), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn sniffing() {
        assert!(sniff("*TEXT 017 01/04/63 PAGE 020\n"));
        assert!(sniff(".I 1\n.W\ntext\n"));
        assert!(sniff(".I\t7\r\n"));
        assert!(!sniff(".Index of things\n"));
        assert!(!sniff("*TEXTBOOK\n"));
        assert!(!sniff("Plain prose.\n"));
    }

    #[test]
    fn text_blocks_inline() {
        let text = "*TEXT 017 01/04/63 PAGE 020\n\nTHE ALLIES AFTER NASSAU .\n\nSECOND LINE .\n\n\
                    *TEXT 431 08/30 63 PAGE 026\n\nA TYPO IN THE HEADER .\n\n\
                    *TEXT   557        12/27/63         PAGE 021\n\n\
                    *STOP\n\nIGNORED AFTER STOP\n";
        let parsed = parse_as("TIME.ALL", text);
        assert_eq!(parsed.articles.len(), 2);
        let first = &parsed.articles[0];
        assert_eq!(first.meta.external_id.as_deref(), Some("1"));
        assert_eq!(first.meta.tags, ["text:017", "page:020"]);
        assert_eq!(first.meta.published.unwrap().to_string(), "1963-01-04");
        assert_eq!(first.meta.source.as_deref(), Some("TIME"));
        assert_eq!(texts(first), ["THE ALLIES AFTER NASSAU . SECOND LINE ."]);
        let second = &parsed.articles[1];
        assert_eq!(second.meta.external_id.as_deref(), Some("2"));
        assert_eq!(second.meta.published.unwrap().to_string(), "1963-08-30");
        assert_eq!(
            parsed.problems,
            [Problem::at(11, "document 3 (*TEXT 557) has no text")]
        );
    }

    /// Regression (issue 14): every SMART file was tagged `source: "TIME"`.
    #[test]
    fn source_names_the_collection_read() {
        let text = "*TEXT 001 01/04/63 PAGE 001\n\nA LINE .\n";
        let source = |name: &str| parse_as(name, text).articles[0].meta.source.clone();
        assert_eq!(source("TIME.ALL").as_deref(), Some("TIME"));
        assert_eq!(source("NPL.ALL").as_deref(), Some("NPL"));
        let records = ".I 1\n.W\nsome text .\n";
        let source = |name: &str| parse_as(name, records).articles[0].meta.source.clone();
        assert_eq!(source("MED.ALL").as_deref(), Some("MED"));
        assert_eq!(source("cran.all.1400").as_deref(), Some("CRAN"));
    }

    #[test]
    fn stray_text_and_empty_files() {
        let parsed = parse_as("X.ALL", "a preface\n*TEXT 1 01/01/63 PAGE 1\nTEXT .\n");
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(
            parsed.problems,
            [Problem::at(
                1,
                "text before the first *TEXT header was skipped"
            )]
        );
        let parsed = parse_as("X.ALL", "*STOP\n");
        assert_eq!(parsed.problems[0].reason, "no *TEXT documents found");
    }

    #[test]
    fn records_inline() {
        let text = ".I 1\r\n.T\r\nA title\r\n on two lines\r\n.A\r\nPerlis, A. J.\r\n\
                    Samelson,K.\r\n.W\r\nThe text.\r\n.X\r\n1\t5\t1\r\n.I 2\r\n.W\r\nOnly text.\r\n\
                    .I 3\r\n.T\r\n\r\n.W\r\n\r\n.I 4\r\n.T\r\nOnly a title\r\n";
        let parsed = parse_as("cacm.all", text);
        assert_eq!(
            parsed.problems,
            [Problem::at(15, "record .I 3 has neither title nor text")]
        );
        let a: Vec<_> = parsed.articles.iter().collect();
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].meta.external_id.as_deref(), Some("1"));
        assert_eq!(a[0].meta.title, "A title on two lines");
        assert_eq!(a[0].meta.authors, ["Perlis, A. J.", "Samelson,K."]);
        assert_eq!(a[0].meta.source.as_deref(), Some("CACM"));
        assert_eq!(texts(a[0]), ["The text."]);
        assert_eq!(a[1].meta.title, "");
        assert_eq!(texts(a[1]), ["Only text."]);
        assert_eq!(a[2].meta.title, "Only a title");
        assert!(a[2].paragraphs.is_empty());
        // Text before the first `.I` belongs to no record.
        assert_eq!(records("preface\n.T\nx\n.I 9\n").len(), 1);
        assert_eq!(
            parse_as("x.all", ".I 1\n").problems,
            [Problem::at(1, "record .I 1 has neither title nor text")]
        );
    }

    /// Regression (issue 14): CRAN record 240's stray `.A`/`.B` lines moved the
    /// rest of its abstract into other fields.
    #[test]
    fn repeated_field_markers_are_damage() {
        let text = ".I 240\n.T\ntitle .\n.A\ndean r. chapman\n.B\nnaca tn 3792\n.W\n\
                    first part .\n.A\napplication to turbulent separations\n.B\nunity .\n\
                    .W\nafter a second w .\n";
        let records = records(text);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].text_of(&['A']), "dean r. chapman");
        assert_eq!(
            records[0].text_of(&['W']),
            "first part . application to turbulent separations unity . after a second w ."
        );
        assert_eq!(
            records[0].text_of(&['T', 'W']).split(' ').next(),
            Some("title")
        );
    }

    #[test]
    fn find_blocks() {
        let text = "*FIND      1\n\n KENNEDY ADMINISTRATION\n\nON DIEM .\n\n*FIND 2\n\n*STOP\n";
        let (blocks, stray) = star_blocks(text, "*FIND");
        assert_eq!(stray, None);
        assert_eq!(
            blocks,
            [
                StarBlock {
                    header: "1".into(),
                    line: 1,
                    text: "KENNEDY ADMINISTRATION ON DIEM .".into()
                },
                StarBlock {
                    header: "2".into(),
                    line: 7,
                    text: String::new()
                },
            ]
        );
    }

    #[test]
    fn time_collection() {
        let text = corpus_text("time/TIME.ALL");
        let parsed = parse_as("TIME.ALL", &text);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), count_lines(&text, "*TEXT "));
        assert_eq!(parsed.articles.len(), 423);
        let first = &parsed.articles[0];
        assert_eq!(first.meta.external_id.as_deref(), Some("1"));
        assert_eq!(first.meta.source.as_deref(), Some("TIME"));
        assert_eq!(first.meta.tags, ["text:017", "page:020"]);
        assert_eq!(first.meta.published.unwrap().to_string(), "1963-01-04");
        assert!(first.paragraphs[0]
            .text
            .starts_with("THE ALLIES AFTER NASSAU"));
        let last = &parsed.articles[422];
        assert_eq!(last.meta.external_id.as_deref(), Some("423"));
        assert!(last.paragraphs[0]
            .text
            .ends_with("AS THE SOVIET UNION AND THE U.S ."));
        assert!(parsed.articles.iter().all(|a| a.paragraphs.len() == 1));
        assert!(parsed.articles.iter().all(|a| a.meta.published.is_some()));
    }

    #[test]
    fn cacm_collection() {
        let text = corpus_text("cacm/cacm.all");
        let parsed = parse_as("cacm.all", &text);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), count_lines(&text, ".I "));
        assert_eq!(parsed.articles.len(), 3204);
        // Every record has a title; 1,587 have an abstract (README).
        let with_text = parsed.articles.iter().filter(|a| !a.paragraphs.is_empty());
        assert_eq!(with_text.count(), count_lines(&text, ".W"));
        let first = &parsed.articles[0];
        assert_eq!(first.meta.external_id.as_deref(), Some("1"));
        assert_eq!(first.meta.source.as_deref(), Some("CACM"));
        assert_eq!(
            first.meta.title,
            "Preliminary Report-International Algebraic Language"
        );
        assert_eq!(first.meta.authors, ["Perlis, A. J.", "Samelson,K."]);
        assert!(first.paragraphs.is_empty());
        let last = &parsed.articles[3203];
        assert_eq!(last.meta.external_id.as_deref(), Some("3204"));
    }

    #[test]
    fn cran_collection() {
        let text = corpus_text("cran/cran.all.1400");
        let parsed = parse_as("cran.all.1400", &text);
        // Records 471 and 995 are empty (README): every field blank.
        assert_eq!(count_lines(&text, ".I "), 1400);
        assert_eq!(parsed.articles.len(), count_lines(&text, ".I ") - 2);
        let line_of = |id: &str| {
            text.lines()
                .position(|l| l == format!(".I {id}"))
                .map_or(0, |i| i as u64 + 1)
        };
        assert_eq!(
            parsed.problems,
            [
                Problem::at(line_of("471"), "record .I 471 has neither title nor text"),
                Problem::at(line_of("995"), "record .I 995 has neither title nor text"),
            ]
        );
        let first = &parsed.articles[0];
        assert_eq!(first.meta.source.as_deref(), Some("CRAN"));
        assert_eq!(
            first.meta.title,
            "experimental investigation of the aerodynamics of a wing in a slipstream ."
        );
        assert_eq!(first.meta.authors, ["brenckman,m."]);
        assert!(first.paragraphs[0]
            .text
            .starts_with("experimental investigation of the aerodynamics of a wing in a slipstream . an experimental study"));
        // Record 240 keeps its whole abstract despite the stray `.A` and `.B`.
        let r240 = parsed
            .articles
            .iter()
            .find(|a| a.meta.external_id.as_deref() == Some("240"))
            .map(texts);
        let r240 = r240.unwrap_or_default().concat();
        assert!(r240.contains("application to turbulent separations is made"));
        assert!(r240.ends_with("heat transfer in a laminar separated flow ."));
    }

    #[test]
    fn med_collection() {
        // CRLF line endings, no titles.
        let text = corpus_text("med/MED.ALL");
        let parsed = parse_as("MED.ALL", &text);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), count_lines(&text, ".I "));
        assert_eq!(parsed.articles.len(), 1033);
        let first = &parsed.articles[0];
        assert_eq!(first.meta.external_id.as_deref(), Some("1"));
        assert_eq!(first.meta.source.as_deref(), Some("MED"));
        assert_eq!(first.meta.title, "");
        assert!(first.paragraphs[0].text.starts_with(
            "correlation between maternal and fetal plasma levels of glucose and free fatty acids . correlation"
        ));
        assert!(parsed.articles[1032].paragraphs[0]
            .text
            .ends_with("longterm prospective medicosocial studies."));
        assert!(parsed.articles.iter().all(|a| a.text_len() > 0));
    }
}
