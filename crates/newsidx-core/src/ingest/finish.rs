//! What every reader's output goes through before it is an article.
//!
//! This module owns the finishing pass: paths, whitespace and length caps,
//! the article size limit, splitting enormous paragraphs, quote-heavy
//! paragraphs, datelines left in the text, derived titles, language
//! detection and stable ids. Readers must not do any of this themselves, so
//! every format ends up alike; this module must not know any format.

use std::path::Path;

use super::{byline, clean, strings, Parsed, Problem, MAX_ARTICLE_BYTES, MAX_PARAGRAPH_BYTES};
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
        let names = byline::normalize(&a.meta.authors);
        if names != a.meta.authors && a.meta.byline.is_none() {
            a.meta.byline = Some(a.meta.authors.join(", "));
        }
        a.meta.authors = names;
        for list in [
            &mut a.meta.people,
            &mut a.meta.organizations,
            &mut a.meta.places,
            &mut a.meta.topics,
            &mut a.meta.exchanges,
            &mut a.meta.tags,
        ] {
            for v in list.iter_mut() {
                *v = strings::cap_len(&strings::normalize_ws(v), 200);
            }
            list.retain(|v| !v.is_empty());
            list.truncate(200);
        }
        for opt in [
            &mut a.meta.source,
            &mut a.meta.dateline,
            &mut a.meta.url,
            &mut a.meta.section,
            &mut a.meta.byline,
        ] {
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
        take_dateline(&mut a);
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

/// How many leading body paragraphs may hold a dateline (Reuters' untitled
/// stories put a headline and a `REPEAT` note before it).
const DATELINE_PARAGRAPHS: usize = 3;

/// Finds the dateline that a reader left in the text, with the one recognizer
/// all readers share ([`clean::split_dateline`]): at the start of one of the
/// first body paragraphs, or run into an all-caps headline in an untitled
/// article's first paragraph ([`clean::split_run_in_dateline`]), whose
/// headline then becomes the (derived) title. The dateline leaves the text, so
/// a derived title never contains one.
fn take_dateline(a: &mut Article) {
    if a.meta.dateline.is_some() {
        return;
    }
    let untitled = a.meta.title.is_empty();
    let firsts: Vec<usize> = a
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == ParagraphKind::Body)
        .map(|(i, _)| i)
        .take(DATELINE_PARAGRAPHS)
        .collect();
    for (n, &i) in firsts.iter().enumerate() {
        if let Some((place, rest)) = clean::split_dateline(&a.paragraphs[i].text) {
            a.meta.dateline = Some(place);
            a.paragraphs[i].text = rest;
            return;
        }
        if n == 0 && untitled {
            if let Some((headline, place, rest)) =
                clean::split_run_in_dateline(&a.paragraphs[i].text)
            {
                a.meta.title = headline;
                a.meta.title_derived = true;
                a.meta.dateline = Some(place);
                a.paragraphs[i].text = rest;
                return;
            }
        }
    }
}

/// The article's language (ISO 639-1 where there is one), by `whatlang`'s
/// trigram model of the first 2 kB of body text (the title without body).
///
/// The language decides the article's stemmer, so a guess is kept only when
/// it can be trusted. A script other than Latin names its languages on its
/// own (Cyrillic, Han, kana, Hangul, Greek, Arabic...). Latin-script text is
/// another matter: short or table-like text (an earnings line `Shr 34 cts vs
/// 1.19 dlrs`, a headline in capitals) is guessed nearly at random among
/// dozens of languages, and whatlang called 1,080 of Reuters' English stories
/// French (171 of them "reliably"), 125 Catalan, 117 Danish, 56 Latin...
/// So a Latin-script guess other than English must also be confirmed by the
/// text's function words ([`FUNCTION_WORDS`]): at least three of its own
/// language's (five when whatlang is not sure), and more than of English's. When English's win instead, the
/// article is English; otherwise its language is unknown (and it is analyzed
/// as English, as every article was before).
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
    let code = iso639_1(info.lang());
    if info.script() != whatlang::Script::Latin {
        if !info.is_reliable() && sample.len() > 200 {
            return None;
        }
        return Some(code.to_string());
    }
    let english = function_words(&sample, "en");
    if code == "en" {
        return (info.is_reliable() || sample.len() <= 200 || english >= 3).then(|| code.into());
    }
    let own = function_words(&sample, code);
    if own >= 3 && own > english && (info.is_reliable() || own >= 5) {
        Some(code.to_string())
    } else if english >= 3 && english > own {
        Some("en".to_string())
    } else {
        None
    }
}

/// The commonest function words of the Latin-script languages newsidx stems,
/// by ISO 639-1 code: frequent in any running text of the language, rare in
/// tables, tickers and headlines.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "it", "was", "on", "with", "as",
            "by", "said", "at", "from", "its", "be", "are", "has", "have", "will", "which",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "de", "des", "du", "et", "un", "une", "est", "que", "qui", "dans",
            "pour", "sur", "au", "aux", "pas", "par", "il", "elle", "ont", "sont", "été",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "den", "dem", "des", "ein", "eine", "ist", "nicht", "mit",
            "sich", "auf", "für", "von", "zu", "im", "auch", "wird", "sind", "hat", "werden",
            "einen",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "de", "del", "y", "en", "que", "un", "una", "por", "con",
            "para", "es", "se", "al", "lo", "como", "su", "sus",
        ],
    ),
    (
        "it",
        &[
            "il", "lo", "la", "gli", "le", "di", "del", "della", "e", "che", "un", "una", "per",
            "con", "non", "è", "sono", "da", "nel", "alla",
        ],
    ),
    (
        "pt",
        &[
            "o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "que", "um", "uma", "em",
            "no", "na", "para", "com", "não", "por", "é",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "in", "is", "op", "dat", "die", "niet", "met", "voor",
            "zijn", "er", "te", "aan", "ook",
        ],
    ),
    (
        "sv",
        &[
            "och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har",
            "inte", "om", "ett", "var",
        ],
    ),
    (
        "no",
        &[
            "og", "i", "det", "som", "en", "på", "er", "av", "for", "med", "til", "den", "har",
            "ikke", "om", "et", "var", "å",
        ],
    ),
    (
        "da",
        &[
            "og", "i", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "af",
            "for", "ikke", "der", "var",
        ],
    ),
    (
        "fi",
        &[
            "ja", "on", "ei", "että", "se", "hän", "oli", "ovat", "mutta", "kun", "tai", "myös",
            "joka", "jo",
        ],
    ),
    (
        "hu",
        &[
            "a", "az", "és", "hogy", "nem", "egy", "is", "van", "meg", "de", "már", "csak", "volt",
            "mint",
        ],
    ),
    (
        "ro",
        &[
            "și", "de", "la", "în", "cu", "pe", "că", "nu", "o", "un", "este", "din", "pentru",
            "care", "mai", "sunt",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "ama",
            "olan",
        ],
    ),
];

/// How many words of `text` are function words of language `code` (0 for a
/// language without a list).
fn function_words(text: &str, code: &str) -> usize {
    let Some((_, words)) = FUNCTION_WORDS.iter().find(|(c, _)| *c == code) else {
        return 0;
    };
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 8)
        .filter(|w| {
            let lower = w.to_lowercase();
            words.contains(&lower.as_str())
        })
        .count()
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

    fn language_of(text: &str) -> Option<String> {
        let mut a = Article::new("t");
        a.push_paragraph(ParagraphKind::Body, text);
        detect_language(&a)
    }

    /// Issue 16: the stemmer follows the language, and whatlang called
    /// Reuters' earnings tables French, Catalan, Danish...
    #[test]
    fn a_latin_script_guess_needs_its_function_words() {
        // Reuters 2 and 3: table-like English.
        assert_eq!(
            language_of("Shr loss six cts vs not available Net loss 562,231 vs profit 10,253 Revs 8,871,874 vs 9,549,308"),
            None
        );
        assert_eq!(
            language_of("Qtly div ten cts vs ten cts Pay April 1 Record March 9"),
            None
        );
        assert_eq!(
            language_of(
                "Les États-Unis ont annoncé jeudi une nouvelle hausse des droits de douane sur les \
                 importations d'acier en provenance de Chine, une décision qui risque de raviver la \
                 guerre commerciale."
            )
            .as_deref(),
            Some("fr")
        );
        assert_eq!(
            language_of(
                "Die Europäische Union erhebt ab Juli zusätzliche Zölle auf Elektroautos aus China. \
                 Die Kommission begründete den Schritt mit unfairen Subventionen."
            )
            .as_deref(),
            Some("de")
        );
        // Other scripts name their language on their own, even short.
        assert_eq!(
            language_of("Россия повышает пошлины").as_deref(),
            Some("ru")
        );
        assert_eq!(language_of("美国将华为列入实体清单").as_deref(), Some("zh"));
        assert_eq!(
            language_of("トランプ大統領、日本車への関税を検討").as_deref(),
            Some("ja")
        );
    }
}
