//! Articles and source files as tantivy documents, and stored documents back
//! as metadata.
//!
//! This module owns both directions of the mapping, so that what the writer
//! stores and what a hit reads back cannot drift apart: [`article_document`]
//! and [`file_document`] build documents, [`read_meta`] and [`read_file_sig`]
//! read them. It uses the field handles of `schema.rs` (which decides each
//! field's type and analyzer) and the analysis of `terms.rs`; it must not
//! decide which files to index (that is `incremental.rs`) nor add or commit
//! documents (that is `writer.rs`).

use std::path::Path;

use tantivy::schema::{Field, Value};
use tantivy::TantivyDocument;

use super::schema::{kind_code, Fields, Stemming, KIND_ARTICLE, KIND_FILE};
use super::terms::push_terms;
use crate::article::{Article, ArticleMeta, MetaField, ParagraphKind, Published};
use crate::dedup::Sketch;

/// The document of one article: its metadata, its paragraphs' stored text and
/// kinds, their analyzed terms in the body with where each paragraph ends, and
/// its near-duplicate sketch. The title and the paragraphs are analyzed with
/// the stemmer of the article's language ([`Stemming::of_language`]).
///
/// `id` is the article's id (the writer supplies one when the article has
/// none) and `file` the key of the source file it came from, by which a changed
/// or vanished file's articles are deleted.
pub(crate) fn article_document(f: &Fields, a: &Article, id: &str, file: &str) -> TantivyDocument {
    let m = &a.meta;
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, KIND_ARTICLE);
    doc.add_text(f.article_id, id);
    doc.add_text(f.file, file);
    doc.add_u64(f.id_hash, id_hash(id));
    if let Some(p) = &m.published {
        doc.add_date(f.date, tantivy_date(p.timestamp()));
        // A month or a year is filed under every day of it after its first,
        // so a date range matches it when the periods overlap; sorting and
        // `stats` read the first value, the period's start.
        for day in p.days().skip(1) {
            if let Some(t) = day.and_hms_opt(0, 0, 0) {
                doc.add_date(f.date, tantivy_date(t.and_utc().timestamp()));
            }
        }
    }
    for author in &m.authors {
        doc.add_text(f.author, author);
    }
    if let Some(s) = &m.source {
        doc.add_text(f.source, s);
    }
    for field in MetaField::ALL {
        let values = field.values(m);
        if !values.is_empty() {
            doc.add_text(f.has, field.name());
        }
        for v in values {
            doc.add_text(f.meta(field), v);
        }
    }
    doc.add_text(f.path, m.path.to_string_lossy());
    if let Some(x) = &m.external_id {
        doc.add_text(f.external_id, x);
    }
    let stemming = Stemming::of_language(m.language.as_deref());
    let mut title = String::with_capacity(m.title.len());
    push_terms(&m.title, stemming, &mut title);
    doc.add_text(f.title, title);
    doc.add_text(f.title_text, &m.title);
    doc.add_bool(f.title_derived, m.title_derived);
    let paragraphs = a.paragraphs.iter().map(|p| p.text.as_str());
    let mut sketch = Sketch::of_article(&m.title, paragraphs);
    if let Some(p) = &m.published {
        sketch = sketch.published_at(p.timestamp());
    }
    for v in sketch.to_values() {
        doc.add_u64(f.sketch, v);
    }
    if let Some(p) = &m.published {
        doc.add_text(f.published, p.to_string());
    }
    if let Some(s) = &m.source {
        doc.add_text(f.source_key, s);
    }
    for (field, value) in [
        (f.byline, &m.byline),
        (f.dateline, &m.dateline),
        (f.url, &m.url),
        (f.language, &m.language),
    ] {
        if let Some(v) = value {
            doc.add_text(field, v);
        }
    }
    // Each paragraph is analyzed once, into the body; where its positions end
    // is what the search scores paragraphs by.
    let mut body = String::with_capacity(a.text_len() + a.paragraphs.len());
    let mut end = 0u64;
    for p in &a.paragraphs {
        end += push_terms(&p.text, stemming, &mut body) as u64;
        doc.add_u64(f.para_ends, end);
        doc.add_text(f.para_text, &p.text);
    }
    // Most articles are body text only; storing no kinds then saves a field.
    if a.paragraphs.iter().any(|p| p.kind != ParagraphKind::Body) {
        let codes: String = a.paragraphs.iter().map(|p| kind_code(p.kind)).collect();
        doc.add_text(f.para_kind, codes);
    }
    doc.add_text(f.body, body);
    doc
}

/// The document recording that source file `key` (found at `path`) was
/// indexed with signature `sig` (empty when its metadata could not be read,
/// so that the next run reads it again).
pub(crate) fn file_document(
    f: &Fields,
    path: &Path,
    key: &str,
    sig: Option<&str>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.kind, KIND_FILE);
    doc.add_text(f.file, key);
    doc.add_text(f.path, path.to_string_lossy());
    doc.add_text(f.file_sig, sig.unwrap_or(""));
    doc
}

/// The metadata of a stored article document. A field the document lacks
/// reads as empty (or `false`, or `None`), never as an error: documents of
/// this index format always have the required ones.
pub(crate) fn read_meta(f: &Fields, doc: &TantivyDocument) -> ArticleMeta {
    let text = |field: Field| -> Option<String> {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let all = |field: Field| -> Vec<String> {
        doc.get_all(field)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let title = text(f.title_text).unwrap_or_default();
    ArticleMeta {
        id: text(f.article_id).unwrap_or_default(),
        external_id: text(f.external_id),
        path: text(f.path).unwrap_or_default().into(),
        correction: crate::dedup::is_correction(&title),
        title,
        title_derived: doc
            .get_first(f.title_derived)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        published: text(f.published).and_then(|s| Published::parse(&s)),
        authors: all(f.author),
        source: text(f.source),
        dateline: text(f.dateline),
        url: text(f.url),
        language: text(f.language),
        tags: all(f.tags),
        people: all(f.people),
        organizations: all(f.organizations),
        places: all(f.places),
        topics: all(f.topics),
        exchanges: all(f.exchanges),
        section: text(f.section),
        byline: text(f.byline),
    }
}

/// The file key and signature a stored file document records; `None` when it
/// lacks either.
pub(crate) fn read_file_sig(f: &Fields, doc: &TantivyDocument) -> Option<(String, String)> {
    let file = doc.get_first(f.file).and_then(|v| v.as_str())?;
    let sig = doc.get_first(f.file_sig).and_then(|v| v.as_str())?;
    Some((file.to_string(), sig.to_string()))
}

/// A tantivy date from Unix seconds. tantivy stores nanoseconds in an i64, so
/// instants before 1678 or after 2261 are clamped to its range rather than
/// overflowing.
pub(crate) fn tantivy_date(secs: i64) -> tantivy::DateTime {
    const LIMIT: i64 = i64::MAX / 1_000_000_000;
    tantivy::DateTime::from_timestamp_secs(secs.clamp(-LIMIT, LIMIT))
}

/// A stable 64-bit hash of an article id: the tie-breaker of equal scores.
pub(crate) fn id_hash(id: &str) -> u64 {
    let mut h = crate::hash::Fnv64::new();
    h.write(id.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::full_article;
    use std::path::PathBuf;

    fn fields() -> Fields {
        Fields::build().1
    }

    #[test]
    fn an_article_with_every_field_reads_back_as_its_metadata() {
        let f = fields();
        let a = full_article();
        let doc = article_document(&f, &a, &a.meta.id, "/abs/news/wsj.txt");
        let meta = read_meta(&f, &doc);
        // What was stored is what comes back: the article's own metadata.
        assert_eq!(meta, a.meta);
        assert_eq!(
            meta,
            ArticleMeta {
                id: "wsj-0630".into(),
                external_id: Some("NEWID=17".into()),
                path: "news/wsj.txt".into(),
                title: "Huawei added to entity list".into(),
                title_derived: true,
                published: a.meta.published,
                authors: vec!["Bob Davis".into(), "Lingling Wei".into()],
                source: Some("The Wall Street Journal".into()),
                dateline: Some("OSAKA, Japan".into()),
                url: Some("https://www.wsj.com/articles/huawei".into()),
                language: Some("en".into()),
                tags: vec!["trade".into()],
                people: vec!["Xi Jinping".into()],
                organizations: vec!["Huawei".into()],
                places: vec!["china".into(), "usa".into()],
                topics: vec!["trade".into()],
                exchanges: vec!["nyse".into()],
                section: Some("business".into()),
                byline: Some("By BOB DAVIS and Lingling Wei".into()),
                correction: false,
            }
        );
        assert_eq!(
            meta.published.map(|p| p.to_string()).as_deref(),
            Some("2018-05-21T18:15:00-04:00")
        );
    }

    #[test]
    fn missing_optional_fields_read_back_as_none() {
        let f = fields();
        let mut a = Article::new("Soybean exports rise");
        a.meta.path = PathBuf::from("a.txt");
        a.push_paragraph(ParagraphKind::Body, "China bought soybeans.");
        let meta = read_meta(&f, &article_document(&f, &a, "id-1", "/a.txt"));
        assert_eq!(
            meta,
            ArticleMeta {
                id: "id-1".into(),
                path: "a.txt".into(),
                title: "Soybean exports rise".into(),
                ..ArticleMeta::default()
            }
        );
    }

    /// Issue 15: a Reuters correction folds under the story it corrects, and
    /// the hit must say which of the two is the correction.
    #[test]
    fn a_correction_reads_back_marked() {
        let f = fields();
        for (title, correction) in [
            ("CORRECTED - KNUTSON MORTGAGE <KNU> QTLY DIV", true),
            ("(CORRECTED) - U.K. MONEY MARKET GIVEN 550 MLN STG", true),
            ("KNUTSON MORTGAGE <KNU> QTLY DIV", false),
        ] {
            let meta = read_meta(&f, &article_document(&f, &Article::new(title), "x", "/x"));
            assert_eq!(meta.correction, correction, "{title}");
        }
    }

    #[test]
    fn the_derived_title_flag_survives_both_ways() {
        let f = fields();
        for derived in [false, true] {
            let mut a = Article::new("t");
            a.meta.title_derived = derived;
            let meta = read_meta(&f, &article_document(&f, &a, "x", "/x"));
            assert_eq!(meta.title_derived, derived);
        }
        // A document without the flag at all reads as a real title.
        assert!(!read_meta(&f, &TantivyDocument::default()).title_derived);
    }

    #[test]
    fn paragraphs_are_stored_with_their_kinds_and_body_ends() {
        let f = fields();
        let a = full_article();
        let doc = article_document(&f, &a, &a.meta.id, "/abs/news/wsj.txt");
        let texts: Vec<&str> = doc
            .get_all(f.para_text)
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "The Commerce Department acted.",
                "Huawei's booth (Andy Wong/AP)"
            ]
        );
        let ends: Vec<u64> = doc
            .get_all(f.para_ends)
            .filter_map(|v| v.as_u64())
            .collect();
        // "the commerc depart act" then "huawei s booth andi wong ap".
        assert_eq!(ends, [4, 10]);
        assert_eq!(
            doc.get_first(f.para_kind).and_then(|v| v.as_str()),
            Some("bc")
        );
        assert_eq!(
            doc.get_first(f.file).and_then(|v| v.as_str()),
            Some("/abs/news/wsj.txt")
        );
        assert_eq!(
            doc.get_first(f.id_hash).and_then(|v| v.as_u64()),
            Some(id_hash("wsj-0630"))
        );
    }

    #[test]
    fn body_only_articles_store_no_paragraph_kinds() {
        let f = fields();
        let mut a = Article::new("t");
        a.push_paragraph(ParagraphKind::Body, "one");
        let doc = article_document(&f, &a, "x", "/x");
        assert!(doc.get_first(f.para_kind).is_none());
    }

    #[test]
    fn a_file_document_reads_back_as_its_key_and_signature() {
        let f = fields();
        let doc = file_document(
            &f,
            Path::new("news/a.txt"),
            "/abs/news/a.txt",
            Some("12:34"),
        );
        assert_eq!(
            read_file_sig(&f, &doc),
            Some(("/abs/news/a.txt".to_string(), "12:34".to_string()))
        );
        let unsigned = file_document(&f, Path::new("a"), "/a", None);
        assert_eq!(
            read_file_sig(&f, &unsigned),
            Some(("/a".into(), String::new()))
        );
    }

    #[test]
    fn dates_outside_tantivys_range_are_clamped() {
        let far = tantivy_date(i64::MAX).into_timestamp_secs();
        assert_eq!(far, i64::MAX / 1_000_000_000);
        assert_eq!(tantivy_date(0).into_timestamp_secs(), 0);
    }

    /// Issue 16: every article was stemmed as English.
    #[test]
    fn an_article_is_stemmed_in_its_language() {
        use tantivy::tokenizer::{TextAnalyzer, TokenStream};
        let f = fields();
        let mut a = Article::new("Россия повышает пошлины");
        a.meta.language = Some("ru".into());
        a.push_paragraph(ParagraphKind::Body, "Решение о пошлинах");
        let doc = article_document(&f, &a, "x", "/x");
        let terms = |field| {
            let text = doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
            let mut t = TextAnalyzer::from(super::super::terms::TermsTokenizer::default());
            let mut stream = t.token_stream(text);
            let mut out = Vec::new();
            while let Some(tok) = stream.next() {
                out.push(tok.text.clone());
            }
            out
        };
        assert_eq!(terms(f.title), ["росс", "повыша", "пошлин"]);
        assert_eq!(terms(f.body), ["решен", "о", "пошлин"]);
        // The title reads back as written.
        assert_eq!(read_meta(&f, &doc).title, "Россия повышает пошлины");
    }
}
