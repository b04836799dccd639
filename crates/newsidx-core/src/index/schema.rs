//! The only place that maps article fields to tantivy fields: which exist,
//! how each is indexed, stored or kept as a fast column, and the analyzers.
//! `document.rs` fills them and reads them back; nothing here touches a
//! document or a file.
//!
//! One index holds two kinds of documents, told apart by the `kind` field:
//!
//! | kind | one per | indexed text | stored |
//! |---|---|---|---|
//! | `article` | article | `title`, `body` (all paragraphs, with positions) | metadata, title (`title_text`), each paragraph's text and kind |
//! | `file` | source file | — | path, size and mtime signature |
//!
//! Paragraphs are indexed inside their article: the body holds their words one
//! after another, and the `para_ends` fast field holds where each paragraph
//! ends (the body position after its last word), so that the search finds and
//! scores the paragraphs of a hit from the body's positions (see
//! `query/paragraphs.rs`). Every document carries `file` (the canonical source
//! path), so a changed or vanished file is removed with one term delete.
//!
//! `title` and `body` receive text the writer has already analyzed (see
//! `terms.rs`), each article with the stemmer of its own language
//! ([`Stemming`]), and split it with the terms tokenizer; the raw title and
//! paragraphs are stored apart, in `title_text` and `para_text`. Every
//! language's terms share the two fields: a query word is looked up under
//! the analysis of every language the index holds (`query/plan.rs`).

use crate::article::{MetaField, ParagraphKind};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, TextAnalyzer,
};

use super::stem::CachedStemmer;
pub(crate) use super::stem::Stemming;
use super::terms::WordTokenizer;

/// Bumped whenever the schema or the analyzers change in a way that needs a
/// rebuild (7: numbers keep their decimal point and thousands separators;
/// 8: the sketch field also holds the distinctive keys of `dedup`; 9: each
/// article stemmed in its language, CJK bigrams, Unicode normal form C, the
/// title analyzed by the writer and stored in `title_text`; a month or year
/// date stored as `2019-06` / `2019` and filed under each of its days; people,
/// organizations, places, topics, exchanges and section in their own fields).
pub(crate) const SCHEMA_VERSION: u32 = 9;

/// The analyzer of English article text: words, lowercased, accents folded,
/// English stemming. (The writer analyzes articles itself, each in its
/// language: no field uses it; it stays registered for tantivy's users.)
pub(crate) const TEXT_ANALYZER: &str = "newsidx_en";
/// The analyzer of names (authors, sources, tags): words, lowercased, accents
/// folded, no stemming.
pub(crate) const NAME_ANALYZER: &str = "newsidx_name";
/// The tokenizer of text the writer analyzed already: terms separated by spaces.
pub(crate) const TERMS_ANALYZER: &str = "newsidx_terms";

/// `kind` values.
pub(crate) const KIND_ARTICLE: &str = "article";
pub(crate) const KIND_FILE: &str = "file";

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    pub kind: Field,
    pub article_id: Field,
    pub id_hash: Field,
    pub file: Field,
    pub file_sig: Field,
    pub path: Field,
    pub external_id: Field,
    pub title: Field,
    pub title_text: Field,
    pub title_derived: Field,
    pub body: Field,
    pub para_text: Field,
    pub para_kind: Field,
    pub date: Field,
    pub published: Field,
    pub author: Field,
    pub source: Field,
    pub source_key: Field,
    pub tags: Field,
    pub people: Field,
    pub organizations: Field,
    pub places: Field,
    pub topics: Field,
    pub exchanges: Field,
    pub section: Field,
    /// The names of the [`MetaField`]s an article has values in, for `stats`.
    pub has: Field,
    pub byline: Field,
    pub dateline: Field,
    pub url: Field,
    pub language: Field,
    pub para_ends: Field,
    pub sketch: Field,
}

impl Fields {
    /// Builds the schema and its field handles.
    pub(crate) fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let analyzed = |analyzer: &str, stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let opts = TextOptions::default().set_indexing_options(indexing);
            if stored {
                opts.set_stored()
            } else {
                opts
            }
        };
        let stored_only = TextOptions::default().set_stored();
        let fields = Fields {
            kind: b.add_text_field("kind", STRING | FAST),
            article_id: b.add_text_field("article_id", STRING | STORED),
            // Ties in score break on this, so results do not depend on how
            // documents happen to be spread over segments.
            id_hash: b.add_u64_field("id_hash", FAST),
            file: b.add_text_field("file", STRING | STORED),
            file_sig: b.add_text_field("file_sig", stored_only.clone()),
            path: b.add_text_field("path", stored_only.clone()),
            external_id: b.add_text_field("external_id", stored_only.clone()),
            title: b.add_text_field("title", analyzed(TERMS_ANALYZER, false)),
            title_text: b.add_text_field("title_text", stored_only.clone()),
            title_derived: b.add_bool_field("title_derived", STORED),
            body: b.add_text_field("body", analyzed(TERMS_ANALYZER, false)),
            para_text: b.add_text_field("para_text", stored_only.clone()),
            // One letter per paragraph (see `kind_code`), stored only when some
            // paragraph is not body text.
            para_kind: b.add_text_field("para_kind", stored_only.clone()),
            date: b.add_date_field(
                "date",
                DateOptions::from(INDEXED)
                    .set_fast()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            published: b.add_text_field("published", stored_only.clone()),
            author: b.add_text_field("author", analyzed(NAME_ANALYZER, true)),
            source: b.add_text_field("source", analyzed(NAME_ANALYZER, true)),
            // Read by `stats` only: a fast column, not indexed.
            source_key: b.add_text_field("source_key", TextOptions::from(FAST)),
            tags: b.add_text_field("tags", analyzed(NAME_ANALYZER, true)),
            people: b.add_text_field("people", analyzed(NAME_ANALYZER, true)),
            organizations: b.add_text_field("organizations", analyzed(NAME_ANALYZER, true)),
            places: b.add_text_field("places", analyzed(NAME_ANALYZER, true)),
            topics: b.add_text_field("topics", analyzed(NAME_ANALYZER, true)),
            exchanges: b.add_text_field("exchanges", analyzed(NAME_ANALYZER, true)),
            section: b.add_text_field("section", analyzed(NAME_ANALYZER, true)),
            // Read by `stats` only.
            has: b.add_text_field("has", STRING | FAST),
            byline: b.add_text_field("byline", stored_only.clone()),
            dateline: b.add_text_field("dateline", stored_only.clone()),
            url: b.add_text_field("url", stored_only.clone()),
            language: b.add_text_field("language", STRING | STORED),
            // Per paragraph, in order: the body position where it ends.
            para_ends: b.add_u64_field("para_ends", FAST),
            sketch: b.add_u64_field("sketch", FAST),
        };
        (b.build(), fields)
    }

    /// The field that holds a [`MetaField`].
    pub(crate) fn meta(&self, m: MetaField) -> Field {
        match m {
            MetaField::Person => self.people,
            MetaField::Organization => self.organizations,
            MetaField::Place => self.places,
            MetaField::Topic => self.topics,
            MetaField::Exchange => self.exchanges,
            MetaField::Section => self.section,
            MetaField::Tag => self.tags,
        }
    }

    /// Finds the handles in an existing schema; `Err` names the first missing
    /// field.
    pub(crate) fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let (expected, fields) = Fields::build();
        for (_, entry) in expected.fields() {
            let name = entry.name();
            match schema.get_field(name) {
                Ok(f) if schema.get_field_entry(f) == entry => {}
                Ok(_) => return Err(format!("field `{name}` has another type")),
                Err(_) => return Err(format!("field `{name}` is missing")),
            }
        }
        Ok(fields)
    }
}

/// The letter of a paragraph kind in the stored `para_kind` string.
pub(crate) fn kind_code(kind: ParagraphKind) -> char {
    match kind {
        ParagraphKind::Body => 'b',
        ParagraphKind::Caption => 'c',
        ParagraphKind::Quote => 'q',
        ParagraphKind::Heading => 'h',
    }
}

/// The kind of paragraph `ordinal` in a stored `para_kind` string (`None`:
/// every paragraph is body text).
pub(crate) fn kind_at(codes: Option<&str>, ordinal: usize) -> ParagraphKind {
    match codes.and_then(|c| c.as_bytes().get(ordinal)) {
        Some(b'c') => ParagraphKind::Caption,
        Some(b'q') => ParagraphKind::Quote,
        Some(b'h') => ParagraphKind::Heading,
        _ => ParagraphKind::Body,
    }
}

/// Registers newsidx's analyzers on a tantivy index. Must run on every open:
/// tantivy does not persist custom analyzers.
pub(crate) fn register_analyzers(index: &tantivy::Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
    index.tokenizers().register(NAME_ANALYZER, name_analyzer());
    index.tokenizers().register(
        TERMS_ANALYZER,
        TextAnalyzer::from(super::terms::TermsTokenizer::default()),
    );
}

/// The English article-text analyzer ([`text_analyzer_for`] English).
pub(crate) fn text_analyzer() -> TextAnalyzer {
    text_analyzer_for(Stemming::English)
}

/// The article-text analyzer of one language: [`name_analyzer`]'s words,
/// stemmed. The snippet code tokenizes passages with [`name_analyzer`] and
/// stems the words it needs with [`stem_analyzer`], which is the same thing in
/// two steps, so that highlights match exactly what was indexed.
pub(crate) fn text_analyzer_for(stemming: Stemming) -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer(stemming))
        .build()
}

/// The names analyzer: words ([`WordTokenizer`]), lowercased, accents folded.
pub(crate) fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Stems one word that [`name_analyzer`] produced, whole: the last step of
/// [`text_analyzer`]. (Analyzing the word again would split one that folding
/// changed, such as `½` folded to `1/2`.)
pub(crate) fn stem_analyzer(stemming: Stemming) -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(CachedStemmer(stemming))
        .build()
}
