//! The plain-text reader: the messy real case.
//!
//! Plain-text news comes as it was scraped or typed. The conventions this reader
//! knows come from the seed articles and the BBC corpus:
//!
//! - a first line that is a headline (short, followed by a blank line);
//! - header lines: `date 2019-06-30 By Bob Davis and Lingling Wei`,
//!   `Posted May 21, 2018 6:15 p.m. EDT`, `By Jane Doe`, a bare date;
//! - a dateline opening the first paragraph: `OSAKA, Japan -- President …`;
//! - photo captions ending in a credit, `… (Andy Wong/AP)`, kept apart from the body;
//! - comment-form boilerplate at the end (`Be the first to comment`, `Leave a
//!   Reply`), dropped;
//! - paragraphs as `ingest::reflow` finds them: hard-wrapped text reflowed, one
//!   paragraph per line otherwise, lists, tables, headings and `>` quotes kept
//!   apart.

use super::clean::split_dateline;
use super::clean::{is_boilerplate, is_caption, split_authors};
use super::{reflow, Parsed};
use crate::article::{Article, ParagraphKind, Published};

/// How many leading paragraphs may hold a title or header lines.
const HEADER_BLOCKS: usize = 4;

/// Parses one plain-text article.
pub(crate) fn parse(text: &str) -> Parsed {
    let mut paras = reflow::paragraphs(text);
    reflow::mark_headings(&mut paras);
    let mut article = Article::default();
    let mut body_start = 0;

    // Title and header lines: only at the top, before the first body
    // paragraph. Judged on the text alone, so a wrapped and a one-line copy of
    // the same article read alike.
    for (i, para) in paras.iter().enumerate().take(HEADER_BLOCKS) {
        if para.kind == ParagraphKind::Quote {
            break;
        }
        let line = para.text.as_str();
        if apply_header(line, &mut article) {
            body_start = i + 1;
            continue;
        }
        if i == 0 && looks_like_title(line) {
            article.meta.title = line.to_string();
            body_start = 1;
            continue;
        }
        break;
    }

    let mut first_body = true;
    for para in paras.into_iter().skip(body_start) {
        let kind = para.kind;
        let para = para.text;
        if is_boilerplate(&para) {
            continue;
        }
        if kind != ParagraphKind::Body {
            article.push_paragraph(kind, para);
            continue;
        }
        if is_caption(&para) {
            article.push_paragraph(ParagraphKind::Caption, para);
            continue;
        }
        // A byline on its own line right under the headline.
        if first_body && article.meta.authors.is_empty() && para.starts_with("By ") {
            let authors = split_authors(&para);
            if !authors.is_empty() && para.len() < 120 {
                article.meta.authors = authors;
                continue;
            }
        }
        let mut para = para;
        if first_body {
            if let Some((dateline, rest)) = split_dateline(&para) {
                article.meta.dateline = Some(dateline);
                para = rest;
            }
            first_body = false;
        }
        article.push_paragraph(ParagraphKind::Body, para);
    }
    Parsed {
        articles: vec![article],
        ..Parsed::default()
    }
}

/// Reads a header line into the article; false when the line is not one.
fn apply_header(line: &str, article: &mut Article) -> bool {
    let lower = line.to_ascii_lowercase();
    // `date 2019-06-30 By Bob Davis and Lingling Wei`
    if let Some(rest) = lower.strip_prefix("date ") {
        let rest_orig = &line[line.len() - rest.len()..];
        let (date_part, byline) = match rest_orig.find(" By ").or_else(|| rest_orig.find(" by ")) {
            Some(i) => (&rest_orig[..i], Some(&rest_orig[i + 1..])),
            None => (rest_orig, None),
        };
        if let Some(p) = Published::parse(date_part) {
            article.meta.published = Some(p);
            if let Some(b) = byline {
                article.meta.authors = split_authors(b);
            }
            return true;
        }
        return false;
    }
    if ["posted ", "updated ", "published "]
        .iter()
        .any(|p| lower.starts_with(p))
        || line.len() <= 60
    {
        if let Some(p) = Published::parse(line) {
            if article.meta.published.is_none() {
                article.meta.published = Some(p);
            }
            return true;
        }
    }
    if line.starts_with("By ") && line.len() < 120 {
        let authors = split_authors(line);
        if !authors.is_empty() {
            article.meta.authors = authors;
            return true;
        }
    }
    false
}

/// A headline: short, not a caption, and either without a closing period or in
/// headline case (`Trump’s Charm and Threats Aren’t Working on China. Here’s Why.`).
fn looks_like_title(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if line.len() > 200 || words.len() > 25 || is_caption(line) || is_boilerplate(line) {
        return false;
    }
    let capitalized = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
        .count();
    !line.ends_with('.') || capitalized * 10 >= words.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Article {
        parse(text).articles.remove(0)
    }

    #[test]
    fn header_line_with_date_and_byline() {
        let a = one(" date 2019-06-30 By Bob Davis and Lingling Wei\n\nOSAKA, Japan -- President Trump met Xi.\n\nMore text here.\n");
        assert_eq!(a.meta.title, "");
        assert_eq!(a.meta.published.unwrap().to_string(), "2019-06-30");
        assert_eq!(a.meta.authors, ["Bob Davis", "Lingling Wei"]);
        assert_eq!(a.meta.dateline.as_deref(), Some("OSAKA, Japan"));
        assert_eq!(a.paragraphs[0].text, "President Trump met Xi.");
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn title_then_posted_line() {
        let a = one("Trump’s Charm and Threats Aren’t Working on China. Here’s Why.\n\nPosted May 21, 2018 6:15 p.m. EDT\n\nChina has called President Donald Trump’s bluff.\n");
        assert_eq!(
            a.meta.title,
            "Trump’s Charm and Threats Aren’t Working on China. Here’s Why."
        );
        assert_eq!(
            a.meta.published.unwrap().to_string(),
            "2018-05-21T18:15:00-04:00"
        );
        assert_eq!(a.paragraphs.len(), 1);
    }

    #[test]
    fn first_sentence_is_not_a_title() {
        let a = one("President Donald Trump’s decision Saturday to relax limits on Chinese telecommunications giant Huawei may revive stalled trade talks with Beijing.\n\nMore.\n");
        assert_eq!(a.meta.title, "");
        assert_eq!(a.paragraphs.len(), 2);
    }

    #[test]
    fn captions_are_kept_apart_and_boilerplate_dropped() {
        let a = one("Trump meets Xi in Beijing in November 2017. (Andy Wong/AP)\n\nThe leaders will meet this week.\n\nBe the first to comment\n\nLeave a Reply\n\nYour email address will not be published.");
        let kinds: Vec<_> = a.paragraphs.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [ParagraphKind::Caption, ParagraphKind::Body]);
    }

    #[test]
    fn hard_wrapped_lines_are_joined_but_line_paragraphs_are_not() {
        let a = one("Headline here\n\nThis paragraph was wrapped at a fixed\ncolumn by some old wire system and\ncontinues here.\n");
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(
            a.paragraphs[0].text,
            "This paragraph was wrapped at a fixed column by some old wire system and continues here."
        );
        let b =
            one("Headline here\nFirst paragraph is a sentence.\nSecond one is another sentence.\n");
        assert_eq!(b.paragraphs.len(), 2);
    }

    /// The bundled seed articles, through the whole pipeline (reader + finish).
    mod seeds {
        use crate::article::{Article, ParagraphKind};
        use crate::ingest::parse_bytes;

        fn seed(name: &str, text: &str) -> Article {
            let mut parsed = parse_bytes(name.as_ref(), text.as_bytes()).unwrap();
            assert_eq!(parsed.articles.len(), 1);
            assert!(parsed.problems.is_empty());
            parsed.articles.remove(0)
        }

        fn count(a: &Article, kind: ParagraphKind) -> usize {
            a.paragraphs.iter().filter(|p| p.kind == kind).count()
        }

        fn all_text(a: &Article) -> String {
            a.paragraphs
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        }

        #[test]
        fn wsj_000_header_line_dateline_derived_title() {
            let a = seed(
                "000.txt",
                include_str!("../../../../examples/news/000_aee63b4ea7e1a7d6.txt"),
            );
            assert!(a.meta.title_derived);
            assert_eq!(
                a.meta.title,
                "President Trump and Chinese President Xi Jinping managed to get troubled talks back on track this…"
            );
            assert_eq!(a.meta.published.unwrap().to_string(), "2019-06-30");
            assert_eq!(a.meta.authors, ["Bob Davis", "Lingling Wei"]);
            assert_eq!(a.meta.dateline.as_deref(), Some("OSAKA, Japan"));
            assert_eq!(a.meta.language.as_deref(), Some("en"));
            assert_eq!(a.paragraphs.len(), 26);
            assert_eq!(count(&a, ParagraphKind::Caption), 0);
            assert!(a.paragraphs[0]
                .text
                .starts_with("President Trump and Chinese President Xi"));
            assert!(!all_text(&a).contains("date 2019-06-30"));
        }

        #[test]
        fn rewrite_001_title_and_boilerplate_gone() {
            let a = seed(
                "001.txt",
                include_str!("../../../../examples/news/001_1b64d89a1122dfa0.txt"),
            );
            assert!(!a.meta.title_derived);
            assert_eq!(
                a.meta.title,
                "U.S.-China Trade Talks Back On, But Obstacles Remain"
            );
            assert_eq!(a.meta.published, None);
            assert!(a.meta.authors.is_empty());
            assert_eq!(a.paragraphs.len(), 8);
            let text = all_text(&a);
            for junk in [
                "Be the first to comment",
                "Leave a Reply",
                "will not be published",
            ] {
                assert!(!text.contains(junk), "{junk}");
            }
        }

        #[test]
        fn g20_002_no_title_no_date() {
            let a = seed(
                "002.txt",
                include_str!("../../../../examples/news/002_1a335bc8bdded650.txt"),
            );
            assert!(a.meta.title_derived);
            assert!(a
                .meta
                .title
                .starts_with("President Donald Trump’s decision Saturday to relax limits"));
            assert_eq!(a.meta.published, None);
            assert_eq!(a.paragraphs.len(), 38);
            assert_eq!(count(&a, ParagraphKind::Caption), 0);
        }

        #[test]
        fn nyt_003_title_and_posted_line() {
            let a = seed(
                "003.txt",
                include_str!("../../../../examples/news/003_3a7dd686d809543b.txt"),
            );
            assert_eq!(
                a.meta.title,
                "Trump’s Charm and Threats Aren’t Working on China. Here’s Why."
            );
            assert!(!a.meta.title_derived);
            assert_eq!(
                a.meta.published.unwrap().to_string(),
                "2018-05-21T18:15:00-04:00"
            );
            assert_eq!(a.paragraphs.len(), 28);
            assert_eq!(
                a.paragraphs[0].text,
                "China has called President Donald Trump’s bluff."
            );
        }

        #[test]
        fn wapo_004_captions_kept_apart() {
            let a = seed(
                "004.txt",
                include_str!("../../../../examples/news/004_eaa9afaed82b8cc6.txt"),
            );
            assert_eq!(a.paragraphs.len(), 45);
            let captions: Vec<&str> = a
                .paragraphs
                .iter()
                .filter(|p| p.kind == ParagraphKind::Caption)
                .map(|p| p.text.as_str())
                .collect();
            assert_eq!(captions.len(), 2);
            assert!(captions[0].ends_with("(Andy Wong/AP)"));
            assert!(captions[1].ends_with("(Nicolas Asfouri/AFP/Getty Images)"));
            // The display title comes from the body, not from the caption.
            assert!(a.meta.title.starts_with(
                "President Trump and Chinese President Xi Jinping will meet this week"
            ));
        }
    }
}
