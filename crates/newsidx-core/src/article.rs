//! The plain, serde-able article model that every reader produces and the index
//! consumes.
//!
//! This module owns [`Article`], its metadata [`ArticleMeta`] (also what a search
//! hit carries), [`Paragraph`], [`ParagraphKind`] and [`Published`] with its
//! [`Precision`]. It knows
//! nothing about file formats or tantivy: JSON output and JSONL input share this
//! one shape, and how the index stores it is `index/document.rs`'s business.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One news article, as extracted from a file: its metadata and its text.
///
/// The metadata is an [`ArticleMeta`], the same type a search hit carries, so
/// that what a reader extracts and what the index gives back are one set of
/// fields. In JSON the metadata's fields stand beside `paragraphs` in one
/// object (serde's `flatten`), so the shape is the flat one newsidx has always
/// written and read.
///
/// ```
/// use newsidx_core::{Article, Paragraph, ParagraphKind, Published};
///
/// let mut article = Article::new("Huawei ban eased");
/// article.meta.published = Published::parse("2019-06-30");
/// article.meta.authors = vec!["Bob Davis".into()];
/// article.push_paragraph(ParagraphKind::Body, "Trump eased limits on Huawei.");
/// assert_eq!(article.paragraphs[0].ordinal, 0);
/// assert_eq!(article.meta.published.unwrap().to_string(), "2019-06-30");
///
/// // The JSON shape is the JSONL input shape: one flat object.
/// let json = serde_json::to_value(&article).unwrap();
/// assert_eq!(json["title"], "Huawei ban eased");
/// assert_eq!(json["paragraphs"][0]["text"], "Trump eased limits on Huawei.");
/// let back: Article = serde_json::from_value(json).unwrap();
/// assert_eq!(back, article);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Article {
    /// Everything about the article but its text.
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// The paragraphs, in reading order.
    pub paragraphs: Vec<Paragraph>,
}

/// An article's metadata: everything but its text.
///
/// Readers fill it in as part of an [`Article`]; the index stores it and gives
/// it back as a hit's [`article`](crate::Hit::article) (and its folded
/// [`similar`](crate::Hit::similar) articles). Every field is optional in JSON
/// input; `published` also reads from `date` or `published_at`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleMeta {
    /// A stable id: the same file at the same path always yields the same id.
    pub id: String,
    /// The id the source itself gives the article (Reuters `NEWID`, TREC `DOCNO`,
    /// a JSON `id`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The file the article was read from. Written to JSON lossily where the
    /// name is not UTF-8 (serde would refuse it and cut the output short).
    #[serde(serialize_with = "serialize_path_lossy")]
    pub path: PathBuf,
    /// The headline, or a derived display title (see
    /// [`ArticleMeta::title_derived`]).
    pub title: String,
    /// True when the file had no title and [`ArticleMeta::title`] was derived
    /// from the text (its first sentence).
    pub title_derived: bool,
    /// Publication date, and time when the source gives one.
    #[serde(
        alias = "date",
        alias = "published_at",
        skip_serializing_if = "Option::is_none"
    )]
    pub published: Option<Published>,
    /// Authors in byline order, without the leading "By".
    pub authors: Vec<String>,
    /// The outlet or publisher, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The dateline, for example `OSAKA, Japan`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// The canonical url, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// ISO 639-1 language code (`en`), detected from the text when the source does
    /// not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Keywords and subject tags the source assigns that no more specific
    /// field below takes (HTML `keywords`, JSON `tags`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// People the source names as the story's subjects (Reuters `<PEOPLE>`,
    /// JSON or front matter `people`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// Organizations the source names (Reuters `<ORGS>`, `organizations`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    /// Places the story is about (Reuters `<PLACES>`, `places`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// Subject codes or topics (Reuters `<TOPICS>`, `topics`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Stock exchanges the story concerns (Reuters `<EXCHANGES>`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<String>,
    /// The section or desk (`business`, `sport`): from the source, or else the
    /// folder the file sits in below the folder that was indexed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The byline as the source wrote it, when [`ArticleMeta::authors`]
    /// normalized it (case, a leading "By", roles such as "Staff Writer").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// True when the title marks the article as a correction of an earlier
    /// story (Reuters' "CORRECTED - ..."); such an article folds under the
    /// story it corrects, and this flag tells the two apart. Readers set it
    /// from the title; the index recomputes it when reading an article back.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub correction: bool,
}

/// A path as a JSON string, bytes that are not UTF-8 replaced by `�`: shown
/// names may be lossy (the index keys files by their exact bytes).
pub(crate) fn serialize_path_lossy<S: serde::Serializer>(
    path: &std::path::Path,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

impl Article {
    /// An article with this title and nothing else.
    pub fn new(title: impl Into<String>) -> Article {
        Article {
            meta: ArticleMeta {
                title: title.into(),
                ..ArticleMeta::default()
            },
            paragraphs: Vec::new(),
        }
    }

    /// Appends a paragraph, numbering it after the last one.
    pub fn push_paragraph(&mut self, kind: ParagraphKind, text: impl Into<String>) {
        let ordinal = self.paragraphs.len() as u32;
        self.paragraphs.push(Paragraph {
            ordinal,
            kind,
            text: text.into(),
        });
    }

    /// The body paragraphs only (no captions, no headings).
    pub fn body(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs
            .iter()
            .filter(|p| p.kind != ParagraphKind::Caption)
    }

    /// Total bytes of paragraph text.
    pub fn text_len(&self) -> usize {
        self.paragraphs.iter().map(|p| p.text.len()).sum()
    }
}

/// One paragraph of an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Position in the article, from 0.
    #[serde(default)]
    pub ordinal: u32,
    /// What kind of text this is.
    #[serde(default)]
    pub kind: ParagraphKind,
    /// The text, with whitespace normalized to single spaces.
    pub text: String,
}

/// What kind of text a paragraph holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// Running article text.
    #[default]
    Body,
    /// A photo caption, usually ending in a credit such as `(Andy Wong/AP)`.
    Caption,
    /// A paragraph that is mostly a direct quotation.
    Quote,
    /// A subheading inside the article.
    Heading,
}

impl ParagraphKind {
    /// The lowercase name used in JSON and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Body => "body",
            ParagraphKind::Caption => "caption",
            ParagraphKind::Quote => "quote",
            ParagraphKind::Heading => "heading",
        }
    }

    /// The inverse of [`ParagraphKind::as_str`]; unknown names are `Body`.
    pub fn from_name(name: &str) -> ParagraphKind {
        match name {
            "caption" => ParagraphKind::Caption,
            "quote" => ParagraphKind::Quote,
            "heading" => ParagraphKind::Heading,
            _ => ParagraphKind::Body,
        }
    }
}

/// A publication date, with the time of day and UTC offset when the source gives
/// them.
///
/// It serializes as ISO 8601 (`2019-06-30`, `2018-05-21T18:15:00-04:00`) and
/// deserializes from any spelling [`Published::parse`] accepts.
///
/// ```
/// use newsidx_core::Published;
///
/// let p = Published::parse("Posted May 21, 2018 6:15 p.m. EDT").unwrap();
/// assert_eq!(p.to_string(), "2018-05-21T18:15:00-04:00");
/// assert_eq!(Published::parse("26-FEB-1987 15:01:01.79").unwrap().to_string(),
///            "1987-02-26T15:01:01");
/// assert!(Published::parse("2019-02-30").is_none());
/// ```
///
/// A source may give only a month or a year (`2019-06`, `June 2019`, `2019`):
/// the date is then the period's first day and [`Published::precision`] says
/// which period it names. Such a date displays as the period (`2019-06`,
/// `2019`) and matches a `since`/`until` range when any day of the period
/// falls inside the range (see [`Published::days`]).
///
/// ```
/// use newsidx_core::article::Precision;
/// use newsidx_core::Published;
///
/// let june = Published::parse("2019-06").unwrap();
/// assert_eq!(june.precision, Precision::Month);
/// assert_eq!(june.to_string(), "2019-06");
/// assert_eq!(june.last_day().to_string(), "2019-06-30");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Published {
    /// The calendar date: the first day of the period for a month or year.
    pub date: NaiveDate,
    /// The local time of day, when given.
    pub time: Option<NaiveTime>,
    /// The offset from UTC in seconds, when given.
    pub utc_offset: Option<i32>,
    /// Whether the source named a day, a month or a year.
    pub precision: Precision,
}

/// How much of a date a source gave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Precision {
    /// A calendar day (with or without a time).
    #[default]
    Day,
    /// A month: `2019-06`, `June 2019`.
    Month,
    /// A year: `2019`.
    Year,
}

impl Published {
    /// A date with no time.
    pub fn from_date(date: NaiveDate) -> Published {
        Published {
            date,
            time: None,
            utc_offset: None,
            precision: Precision::Day,
        }
    }

    /// The month or year that starts on `date`, with that precision.
    pub fn period(date: NaiveDate, precision: Precision) -> Published {
        Published {
            precision,
            ..Published::from_date(date)
        }
    }

    /// The last day of the period the date names (the date itself at day
    /// precision).
    pub fn last_day(&self) -> NaiveDate {
        let next = match self.precision {
            Precision::Day => return self.date,
            Precision::Month => self.date.checked_add_months(chrono::Months::new(1)),
            Precision::Year => self.date.checked_add_months(chrono::Months::new(12)),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(self.date)
    }

    /// Every day of the period the date names, first to last: one day at day
    /// precision, up to 366 for a year. The index files a partial date under
    /// each of them, so a date range matches it when the periods overlap.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last_day();
        self.date.iter_days().take_while(move |d| *d <= last)
    }

    /// Parses a date as news sources spell them; `None` for anything that is not a
    /// real calendar date between the years 1000 and 9999.
    pub fn parse(s: &str) -> Option<Published> {
        crate::ingest::date::parse_published(s)
    }

    /// Seconds since the Unix epoch, reading a missing time as midnight and a
    /// missing offset as UTC. This is what date filters and sorting compare.
    pub fn timestamp(&self) -> i64 {
        let time = self.time.unwrap_or(NaiveTime::MIN);
        let naive = self.date.and_time(time);
        match self.utc_offset.and_then(FixedOffset::east_opt) {
            Some(off) => match off.from_local_datetime(&naive).single() {
                Some(dt) => dt.timestamp(),
                None => Utc.from_utc_datetime(&naive).timestamp(),
            },
            None => Utc.from_utc_datetime(&naive).timestamp(),
        }
    }

    /// The instant as a UTC date-time (see [`Published::timestamp`]).
    pub fn to_utc(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.timestamp(), 0).unwrap_or_default()
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Year => return write!(f, "{}", self.date.format("%Y")),
            Precision::Month => return write!(f, "{}", self.date.format("%Y-%m")),
            Precision::Day => {}
        }
        write!(f, "{}", self.date.format("%Y-%m-%d"))?;
        if let Some(t) = self.time {
            write!(f, "T{}", t.format("%H:%M:%S"))?;
            if let Some(off) = self.utc_offset {
                let sign = if off < 0 { '-' } else { '+' };
                let off = off.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", off / 3600, (off % 3600) / 60)?;
            }
        }
        Ok(())
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Published, D::Error> {
        let s = String::deserialize(d)?;
        Published::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

/// The metadata fields that hold a list of names or labels: each is its own
/// index field, query scope (`person:putin`) and filter
/// ([`SearchRequest::with`](crate::SearchRequest::with)).
///
/// ```
/// use newsidx_core::{ArticleMeta, MetaField};
///
/// let mut meta = ArticleMeta::default();
/// meta.places = vec!["usa".into(), "japan".into()];
/// assert_eq!(MetaField::Place.values(&meta), ["usa", "japan"]);
/// assert_eq!(MetaField::parse("org"), Some(MetaField::Organization));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetaField {
    /// [`ArticleMeta::people`].
    Person,
    /// [`ArticleMeta::organizations`].
    Organization,
    /// [`ArticleMeta::places`].
    Place,
    /// [`ArticleMeta::topics`].
    Topic,
    /// [`ArticleMeta::exchanges`].
    Exchange,
    /// [`ArticleMeta::section`].
    Section,
    /// [`ArticleMeta::tags`].
    Tag,
}

impl MetaField {
    /// Every field, in the order `stats` lists them.
    pub const ALL: [MetaField; 7] = [
        MetaField::Person,
        MetaField::Organization,
        MetaField::Place,
        MetaField::Topic,
        MetaField::Exchange,
        MetaField::Section,
        MetaField::Tag,
    ];

    /// The field's name as a query scope and in messages: `person`, `org`,
    /// `place`, `topic`, `exchange`, `section`, `tag`.
    pub fn name(self) -> &'static str {
        match self {
            MetaField::Person => "person",
            MetaField::Organization => "org",
            MetaField::Place => "place",
            MetaField::Topic => "topic",
            MetaField::Exchange => "exchange",
            MetaField::Section => "section",
            MetaField::Tag => "tag",
        }
    }

    /// The field a name (singular, plural or long form) means.
    pub fn parse(name: &str) -> Option<MetaField> {
        Some(match name.to_ascii_lowercase().as_str() {
            "person" | "people" => MetaField::Person,
            "org" | "orgs" | "organization" | "organizations" => MetaField::Organization,
            "place" | "places" => MetaField::Place,
            "topic" | "topics" => MetaField::Topic,
            "exchange" | "exchanges" => MetaField::Exchange,
            "section" => MetaField::Section,
            "tag" | "tags" => MetaField::Tag,
            _ => return None,
        })
    }

    /// The values `meta` holds in this field.
    pub fn values(self, meta: &ArticleMeta) -> Vec<&str> {
        let list = match self {
            MetaField::Person => &meta.people,
            MetaField::Organization => &meta.organizations,
            MetaField::Place => &meta.places,
            MetaField::Topic => &meta.topics,
            MetaField::Exchange => &meta.exchanges,
            MetaField::Tag => &meta.tags,
            MetaField::Section => return meta.section.as_deref().into_iter().collect(),
        };
        list.iter().map(String::as_str).collect()
    }

    /// Adds `value` to this field of `meta` unless it is empty or already
    /// there (the section keeps its first value).
    pub fn push(self, meta: &mut ArticleMeta, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let list = match self {
            MetaField::Person => &mut meta.people,
            MetaField::Organization => &mut meta.organizations,
            MetaField::Place => &mut meta.places,
            MetaField::Topic => &mut meta.topics,
            MetaField::Exchange => &mut meta.exchanges,
            MetaField::Tag => &mut meta.tags,
            MetaField::Section => {
                meta.section.get_or_insert_with(|| value.to_string());
                return;
            }
        };
        if !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }
}

/// An article with every field set, for the tests of each mapping of it (JSON
/// here, index documents in `index/document.rs`, the JSON reader's own shape).
#[cfg(test)]
pub(crate) fn full_article() -> Article {
    let mut a = Article::new("Huawei added to entity list");
    a.meta.id = "wsj-0630".into();
    a.meta.external_id = Some("NEWID=17".into());
    a.meta.path = PathBuf::from("news/wsj.txt");
    a.meta.title_derived = true;
    a.meta.published = Published::parse("2018-05-21T18:15:00-04:00");
    a.meta.authors = vec!["Bob Davis".into(), "Lingling Wei".into()];
    a.meta.source = Some("The Wall Street Journal".into());
    a.meta.dateline = Some("OSAKA, Japan".into());
    a.meta.url = Some("https://www.wsj.com/articles/huawei".into());
    a.meta.language = Some("en".into());
    a.meta.tags = vec!["trade".into()];
    a.meta.people = vec!["Xi Jinping".into()];
    a.meta.organizations = vec!["Huawei".into()];
    a.meta.places = vec!["china".into(), "usa".into()];
    a.meta.topics = vec!["trade".into()];
    a.meta.exchanges = vec!["nyse".into()];
    a.meta.section = Some("business".into());
    a.meta.byline = Some("By BOB DAVIS and Lingling Wei".into());
    a.push_paragraph(ParagraphKind::Body, "The Commerce Department acted.");
    a.push_paragraph(ParagraphKind::Caption, "Huawei's booth (Andy Wong/AP)");
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_article_serializes_as_one_flat_object() {
        let value = serde_json::to_value(full_article()).unwrap();
        assert_eq!(
            value,
            json!({
                "id": "wsj-0630",
                "external_id": "NEWID=17",
                "path": "news/wsj.txt",
                "title": "Huawei added to entity list",
                "title_derived": true,
                "published": "2018-05-21T18:15:00-04:00",
                "authors": ["Bob Davis", "Lingling Wei"],
                "source": "The Wall Street Journal",
                "dateline": "OSAKA, Japan",
                "url": "https://www.wsj.com/articles/huawei",
                "language": "en",
                "tags": ["trade"],
                "people": ["Xi Jinping"],
                "organizations": ["Huawei"],
                "places": ["china", "usa"],
                "topics": ["trade"],
                "exchanges": ["nyse"],
                "section": "business",
                "byline": "By BOB DAVIS and Lingling Wei",
                "paragraphs": [
                    {"ordinal": 0, "kind": "body", "text": "The Commerce Department acted."},
                    {"ordinal": 1, "kind": "caption", "text": "Huawei's booth (Andy Wong/AP)"},
                ],
            })
        );
    }

    #[test]
    fn an_article_round_trips_through_json() {
        let a = full_article();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Article>(&json).unwrap(), a);

        let bare = Article::new("t");
        let json = serde_json::to_string(&bare).unwrap();
        assert_eq!(serde_json::from_str::<Article>(&json).unwrap(), bare);
    }

    #[test]
    fn absent_options_and_empty_tags_are_left_out_but_title_derived_is_not() {
        let value = serde_json::to_value(Article::new("t")).unwrap();
        assert_eq!(
            value,
            json!({
                "id": "",
                "path": "",
                "title": "t",
                "title_derived": false,
                "authors": [],
                "paragraphs": [],
            })
        );
        // Hits carry the same metadata, so their JSON has the same keys.
        let meta = serde_json::to_value(ArticleMeta::default()).unwrap();
        assert_eq!(
            meta,
            json!({"id": "", "path": "", "title": "", "title_derived": false, "authors": []})
        );
    }

    #[test]
    fn every_field_is_optional_in_input() {
        assert_eq!(
            serde_json::from_str::<Article>("{}").unwrap(),
            Article::default()
        );
        let a: Article = serde_json::from_str(r#"{"paragraphs": [{"text": "Body."}]}"#).unwrap();
        assert_eq!(a.meta, ArticleMeta::default());
        assert_eq!(
            a.paragraphs,
            [Paragraph {
                ordinal: 0,
                kind: ParagraphKind::Body,
                text: "Body.".into()
            }]
        );
        assert_eq!(
            serde_json::from_str::<ArticleMeta>("{}").unwrap(),
            ArticleMeta::default()
        );
    }

    #[test]
    fn published_reads_from_its_aliases() {
        for key in ["published", "date", "published_at"] {
            let text = format!(r#"{{"title": "T", "{key}": "June 30, 2019", "paragraphs": []}}"#);
            let a: Article = serde_json::from_str(&text).unwrap();
            assert_eq!(
                a.meta.published.map(|p| p.to_string()).as_deref(),
                Some("2019-06-30"),
                "{key}"
            );
            assert_eq!(a.meta.title, "T");
        }
    }

    #[test]
    fn a_bad_field_is_an_error_not_a_default() {
        let err = serde_json::from_str::<Article>(r#"{"published": "sometime"}"#);
        assert!(err.unwrap_err().to_string().contains("not a date"));
        assert!(serde_json::from_str::<Article>(r#"{"authors": "Bob"}"#).is_err());
    }
}
