//! What every reader's output goes through before it is an article.
//!
//! This module owns the finishing pass: paths, whitespace and length caps,
//! the article size limit, splitting enormous paragraphs, quote-heavy
//! paragraphs, derived titles, language detection and stable ids. Readers must
//! not do any of this themselves, so every format ends up alike; this module
//! must not know any format.

use std::path::Path;

use super::{clean, strings, Parsed, Problem, MAX_ARTICLE_BYTES, MAX_PARAGRAPH_BYTES};
use crate::article::{Article, ParagraphKind};
use crate::hash::stable_id;

/// Normalizes what a reader returned: paths, whitespace, kinds, ordinals, derived
/// titles, language, ids; drops articles with no text at all.
pub(super) fn finish(path: &Path, parsed: &mut Parsed) {
    finish_from(path, parsed, 0)
}

/// [`finish`] for a part of a file whose first article is the file's item
/// `first` (0-based), so that ids and item numbers are those of a whole read.
pub(super) fn finish_from(path: &Path, parsed: &mut Parsed, first: usize) {
    let mut kept = Vec::with_capacity(parsed.articles.len());
    for (i, mut a) in std::mem::take(&mut parsed.articles).into_iter().enumerate() {
        let i = first + i;
        a.meta.path = path.to_path_buf();
        a.meta.title = strings::cap_len(&strings::normalize_ws(&a.meta.title), 500);
        a.meta.authors = a
            .meta
            .authors
            .iter()
            .map(|s| strings::cap_len(&strings::normalize_ws(s), 200))
            .filter(|s| !s.is_empty())
            .take(20)
            .collect();
        for opt in [&mut a.meta.source, &mut a.meta.dateline, &mut a.meta.url] {
            if let Some(s) = opt {
                *s = strings::cap_len(&strings::normalize_ws(s), 500);
            }
            if opt.as_deref().is_some_and(str::is_empty) {
                *opt = None;
            }
        }
        let mut paragraphs = Vec::with_capacity(a.paragraphs.len());
        let mut total = 0usize;
        for p in std::mem::take(&mut a.paragraphs) {
            let mut text = strings::normalize_ws(&p.text);
            if text.is_empty() {
                continue;
            }
            // Past the limit the article keeps what fits, up to a word end: a
            // file that is one 50 MB line still yields its first 16 MB.
            let cut = total + text.len() > MAX_ARTICLE_BYTES;
            if cut {
                let end = crate::error::floor_char_boundary(&text, MAX_ARTICLE_BYTES - total);
                let end = text[..end].rfind(' ').unwrap_or(end);
                text.truncate(end);
            }
            total += text.len();
            // A "paragraph" of megabytes (one enormous line) is split into pieces
            // a passage can show.
            for piece in strings::split_long(&text, MAX_PARAGRAPH_BYTES) {
                paragraphs.push(crate::article::Paragraph {
                    ordinal: 0,
                    kind: p.kind,
                    text: piece.to_string(),
                });
            }
            if cut {
                parsed.problems.push(Problem {
                    line: None,
                    reason: format!(
                        "item {}: text cut at {} MB (the article limit)",
                        i + 1,
                        MAX_ARTICLE_BYTES >> 20
                    ),
                });
                break;
            }
        }
        for (ordinal, p) in paragraphs.iter_mut().enumerate() {
            p.ordinal = ordinal as u32;
            if p.kind == ParagraphKind::Body && clean::is_quote_heavy(&p.text) {
                p.kind = ParagraphKind::Quote;
            }
        }
        a.paragraphs = paragraphs;
        if a.meta.title.is_empty() {
            let derived = a
                .body()
                .next()
                .map(|first| clean::derive_title(&first.text));
            match derived {
                Some(title) => {
                    a.meta.title = title;
                    a.meta.title_derived = true;
                }
                None => {
                    parsed.problems.push(Problem {
                        line: None,
                        reason: format!("item {} has neither title nor text", i + 1),
                    });
                    continue;
                }
            }
        }
        a.meta.correction = crate::dedup::is_correction(&a.meta.title);
        if a.meta.language.is_none() {
            a.meta.language = detect_language(&a);
        }
        let key = match &a.meta.external_id {
            Some(id) => format!("id:{id}"),
            None => format!("n:{i}"),
        };
        a.meta.id = stable_id(path, &key);
        kept.push(a);
    }
    parsed.articles = kept;
}

fn detect_language(a: &Article) -> Option<String> {
    let mut sample = String::new();
    for p in a.body() {
        if sample.len() > 2000 {
            break;
        }
        sample.push_str(&p.text);
        sample.push(' ');
    }
    if sample.is_empty() {
        sample = a.meta.title.clone();
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.len() > 200 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Ara => "ar",
        Tur => "tr",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Ukr => "uk",
        Hin => "hi",
        Ell => "el",
        Heb => "he",
        Ces => "cs",
        Hun => "hu",
        Ron => "ro",
        Vie => "vi",
        Ind => "id",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finishing_an_untitled_article() {
        let mut a = Article::default();
        a.meta.authors = vec!["  Bob   Davis ".into(), " ".into()];
        a.meta.source = Some("  ".into());
        a.meta.external_id = Some("7".into());
        a.push_paragraph(
            ParagraphKind::Body,
            "  The Fed raised rates on Wednesday.  It said more may come.",
        );
        a.push_paragraph(ParagraphKind::Body, " \n ");
        a.push_paragraph(
            ParagraphKind::Body,
            "\"We are watching prices very closely and will act when needed,\" the chairman said.",
        );
        let mut parsed = Parsed {
            articles: vec![a, Article::default()],
            ..Parsed::default()
        };
        finish(Path::new("x/fed.txt"), &mut parsed);
        assert_eq!(parsed.articles.len(), 1);
        let a = &parsed.articles[0];
        assert_eq!(a.meta.title, "The Fed raised rates on Wednesday");
        assert!(a.meta.title_derived);
        assert_eq!(a.meta.authors, ["Bob Davis"]);
        assert_eq!(a.meta.source, None);
        assert_eq!(a.meta.language.as_deref(), Some("en"));
        assert_eq!(a.meta.id, stable_id(Path::new("x/fed.txt"), "id:7"));
        let kinds: Vec<(u32, ParagraphKind)> =
            a.paragraphs.iter().map(|p| (p.ordinal, p.kind)).collect();
        assert_eq!(kinds, [(0, ParagraphKind::Body), (1, ParagraphKind::Quote)]);
        assert_eq!(
            parsed.problems,
            [Problem {
                line: None,
                reason: "item 2 has neither title nor text".into()
            }]
        );
    }
}
