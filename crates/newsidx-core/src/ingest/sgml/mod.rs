//! The readers for the SGML news collections: Reuters-21578 `<REUTERS>` files
//! and TREC `<DOC>` files.
//!
//! This module owns the choice between the two collections (by the first
//! record element a file holds), the loop that cuts a file into records and
//! hands each record's element tree to its collection's mapping
//! ([`reuters`], [`trec`]), and the unwrapping of hard-wrapped wire text that
//! both collections need (by the rules all plain-text readers share, in
//! `ingest::reflow`). The tag scanner and entities are in [`scan`], the
//! forgiving element tree in [`tree`]. SGML here is not XML: `>` appears raw in
//! text, elements are left open, and control characters arrive as numeric
//! entities, so nothing here fails; it only reports what it sees. Every pass is
//! linear in the input. This module must not normalize whitespace, number
//! paragraphs or derive titles: `ingest::finish` does that for every reader.
//! SMART files are not SGML and have their own reader (`ingest::smart`).

mod reuters;
mod scan;
mod trec;
mod tree;

use super::{Parsed, Problem};
use scan::{LineCounter, Token, Tokens};
use tree::TreeBuilder;

/// Parses a Reuters-21578 or TREC SGML file, choosing by the first record
/// element (`<REUTERS>` or `<DOC>`) it contains.
pub(crate) fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut kind: Option<Collection> = None;
    let mut open: Option<(u64, TreeBuilder)> = None;
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
                        open = Some((line, TreeBuilder::new(name, attrs)));
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
                            Collection::Reuters => reuters::article(&root, line),
                            Collection::Trec => trec::article(&root, line),
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

/// Which collection a file holds, known from its first record element.
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

// ---------------------------------------------------------------------------
// Paragraphs

/// Unwraps hard-wrapped wire text into paragraphs, by the rules every plain
/// text reader shares (`ingest::reflow`): blank lines, deeper first-line
/// indents and short lines ending a sentence end a paragraph; tables and list
/// items stay apart; lines too long to be wrapped are one paragraph each.
pub(super) fn unwrap_paragraphs(text: &str) -> Vec<String> {
    super::reflow::paragraph_texts(text)
}

pub(super) use super::reflow::ends_with_word_hyphen;

#[cfg(test)]
mod tests {
    use super::*;

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
        }
        // Every prefix of real stories, cut at every character.
        for text in [reuters::tests::REUTERS, trec::tests::TREC] {
            for (i, _) in text.char_indices() {
                let _ = parse(&text[..i]);
            }
        }
    }

    /// Input built to make a careless scanner quadratic: it must still read as
    /// no story at all, or as one truncated story. (How long it takes is a
    /// benchmark's business; a quadratic pass would take minutes and stop CI.)
    #[test]
    fn pathological_input() {
        let n = 200_000;
        for (unit, problem) in [
            ("<", "no <REUTERS> or <DOC> elements found"),
            ("<a", "no <REUTERS> or <DOC> elements found"),
            ("&", "no <REUTERS> or <DOC> elements found"),
            ("&#", "no <REUTERS> or <DOC> elements found"),
            ("<!--", "no <REUTERS> or <DOC> elements found"),
            ("</x>", "no <REUTERS> or <DOC> elements found"),
        ] {
            let parsed = parse(&unit.repeat(n));
            assert!(parsed.articles.is_empty(), "{unit:?}");
            assert_eq!(parsed.problems.len(), 1, "{unit:?}");
            assert_eq!(parsed.problems[0].reason, problem, "{unit:?}");
        }
        // Every story lacks a NEWID and is left open by the next one.
        let parsed = parse(&"<REUTERS NEWID=\"1\"><TEXT>".repeat(n));
        assert!(parsed.articles.is_empty());
        assert_eq!(parsed.problems.len(), n);
    }
}
