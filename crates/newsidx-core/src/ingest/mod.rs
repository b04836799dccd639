//! Files on disk become [`Article`]s.
//!
//! This module owns finding files ([`walk`]), reading them (gzip, text encodings,
//! line endings), choosing a reader by extension or by sniffing the content, and
//! finishing what every reader returns (stable ids, derived titles, language).
//! There is one reader per format, each in its own module; none of them knows
//! tantivy.
//!
//! ```
//! use newsidx_core::ingest;
//!
//! let text = "Trade talks resume\n\ndate 2019-06-30 By Bob Davis\n\nOSAKA, Japan -- Talks resumed.\n";
//! let parsed = ingest::parse_bytes("talks.txt".as_ref(), text.as_bytes()).unwrap();
//! let article = &parsed.articles[0];
//! assert_eq!(article.title, "Trade talks resume");
//! assert_eq!(article.authors, ["Bob Davis"]);
//! assert_eq!(article.dateline.as_deref(), Some("OSAKA, Japan"));
//! assert_eq!(article.paragraphs[0].text, "Talks resumed.");
//! ```

pub(crate) mod clean;
pub(crate) mod date;
mod decode;
mod html;
mod json;
mod markdown;
mod sgml;
pub(crate) mod smart;
mod strings;
#[cfg(test)]
pub(crate) mod testdata;
mod text;
mod walk;

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::article::{Article, ParagraphKind};
use crate::error::{Error, Result};

pub use walk::{walk, WalkOptions};
// `index/writer.rs` still names the hashes through `ingest`; they live in
// `crate::hash` because the index and `dedup` use them too.
pub(crate) use crate::hash::{stable_id, Fnv64};

/// Files larger than this (after decompression) are skipped unless the caller
/// raises the limit: they are almost never single articles.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Paragraph text beyond this many bytes is split into several paragraphs, at
/// sentence or word boundaries.
pub const MAX_PARAGRAPH_BYTES: usize = 8 * 1024;
/// Article text beyond this many bytes is cut (and reported).
pub const MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

/// The file formats newsidx reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Plain text news articles (`.txt`).
    Text,
    /// Markdown with optional YAML front matter (`.md`).
    Markdown,
    /// A news web page (`.html`, `.htm`).
    Html,
    /// One JSON article or an array of them (`.json`).
    Json,
    /// One JSON article per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// SGML news collections: Reuters-21578 `<REUTERS>` and TREC `<DOC>` files.
    Sgml,
    /// The SMART test collections: `*TEXT` blocks (TIME) or `.I` records with
    /// `.T`/`.W` fields (CACM, CRAN, MED, CISI).
    Smart,
}

impl Format {
    /// The format an extension names, if any (`gz` already stripped).
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "sgm" | "sgml" | "trec" => Format::Sgml,
            _ => return None,
        })
    }

    /// Guesses the format from the first bytes of decoded text.
    pub fn sniff(text: &str) -> Option<Format> {
        let head = text.trim_start_matches('\u{feff}').trim_start();
        let lower: String = head
            .chars()
            .take(512)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower.starts_with("<!doctype lewis")
            || lower.starts_with("<reuters")
            || lower.starts_with("<doc>")
            || lower.starts_with("<doc ")
        {
            return Some(Format::Sgml);
        }
        if lower.starts_with("<!doctype html")
            || lower.starts_with("<html")
            || lower.starts_with("<?xml") && lower.contains("<html")
            || (lower.starts_with('<') && (lower.contains("<head") || lower.contains("<body")))
        {
            return Some(Format::Html);
        }
        if smart::sniff(head) {
            return Some(Format::Smart);
        }
        if head.starts_with('[') {
            return Some(Format::Json);
        }
        if head.starts_with('{') {
            // More than one line that opens an object: JSON lines.
            let objects = head
                .lines()
                .take(20)
                .filter(|l| l.trim_start().starts_with('{'))
                .count();
            let one_line = head
                .lines()
                .next()
                .is_some_and(|l| l.trim_end().ends_with('}'));
            return Some(if objects > 1 && one_line {
                Format::JsonLines
            } else {
                Format::Json
            });
        }
        if head.starts_with("---\n") || head.starts_with("# ") {
            return Some(Format::Markdown);
        }
        None
    }

    /// The lowercase name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Sgml => "sgml",
            Format::Smart => "smart",
        }
    }
}

/// What one file yielded: its articles, and the items inside it that could not be
/// read (a broken JSONL line, a story without text).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Parsed {
    /// The format the file was read as.
    pub format: Option<Format>,
    /// The articles, in file order.
    pub articles: Vec<Article>,
    /// Items that were skipped, each with its line and reason.
    pub problems: Vec<Problem>,
}

/// One item inside a file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The 1-based line where the item starts, when known.
    pub line: Option<u64>,
    /// Why it was skipped.
    pub reason: String,
}

impl Problem {
    pub(crate) fn at(line: u64, reason: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            reason: reason.into(),
        }
    }
}

/// Reads one file and returns its articles.
///
/// Errors mean the whole file was skipped: it could not be read, is binary, is of
/// an unsupported type, or holds no article.
pub fn read_file(path: &Path) -> Result<Parsed> {
    read_file_limited(path, DEFAULT_MAX_FILE_SIZE)
}

/// [`read_file`] with a size limit in bytes, applied before and after
/// decompression.
pub fn read_file_limited(path: &Path, max_size: u64) -> Result<Parsed> {
    // Refuse unsupported types before reading a byte of them.
    let (stem_ext, gz) = extension_of(path);
    if !gz && stem_ext.as_deref().is_some_and(is_known_foreign) {
        return Err(Error::bad_file(
            path,
            format!("unsupported file type .{}", stem_ext.unwrap_or_default()),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::bad_file(path, "is a directory"));
    }
    if meta.len() > max_size {
        return Err(Error::bad_file(
            path,
            format!(
                "file is {} MB, over the {} MB limit",
                meta.len() / (1024 * 1024),
                max_size / (1024 * 1024)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    parse_bytes_limited(path, &bytes, max_size)
}

/// Parses the bytes of a file named `path` (the name picks the format; the content
/// is sniffed when the name says nothing or lies).
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Parsed> {
    parse_bytes_limited(path, bytes, DEFAULT_MAX_FILE_SIZE)
}

fn parse_bytes_limited(path: &Path, bytes: &[u8], max_size: u64) -> Result<Parsed> {
    let owned;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        owned = gunzip(path, bytes, max_size)?;
        &owned[..]
    } else {
        bytes
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::bad_file(path, "file is empty"));
    }
    let text = decode::decode(bytes).map_err(|reason| Error::bad_file(path, reason))?;
    let (ext, _) = extension_of(path);
    let by_name = ext.as_deref().and_then(Format::from_extension);
    let sniffed = Format::sniff(&text);
    let format = match (by_name, sniffed) {
        // Content that is unmistakably markup or JSON wins over a lying extension.
        (Some(Format::Text), Some(s)) if s != Format::Markdown => s,
        (Some(Format::Json | Format::JsonLines), Some(s @ (Format::Html | Format::Sgml))) => s,
        (Some(Format::Html), Some(s @ (Format::Sgml | Format::Json | Format::JsonLines))) => s,
        (Some(f), _) => f,
        (None, Some(s)) => s,
        (None, None) => match ext {
            // No extension at all and plain prose: read it as text.
            None => Format::Text,
            Some(ext) => {
                return Err(Error::bad_file(
                    path,
                    format!("unsupported file type .{ext}"),
                ))
            }
        },
    };
    let mut parsed = match format {
        Format::Text => text::parse(&text),
        Format::Markdown => markdown::parse(&text),
        Format::Html => html::parse(&text),
        Format::Json => json::parse(&text, false),
        Format::JsonLines => json::parse(&text, true),
        Format::Sgml => sgml::parse(&text),
        Format::Smart => smart::parse(path, &text),
    };
    parsed.format = Some(format);
    finish(path, &mut parsed);
    if parsed.articles.is_empty() {
        let reason = match parsed.problems.first() {
            Some(p) if parsed.problems.len() == 1 => p.reason.clone(),
            Some(p) => format!(
                "no article could be read ({} problems; first: {})",
                parsed.problems.len(),
                p.reason
            ),
            None => format!("no article text found in this {} file", format.name()),
        };
        let line = parsed.problems.first().and_then(|p| p.line);
        return Err(Error::BadFile {
            path: path.to_path_buf(),
            line,
            reason,
        });
    }
    Ok(parsed)
}

fn gunzip(path: &Path, bytes: &[u8], max_size: u64) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(max_size + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::bad_file(path, format!("broken gzip data: {e}")))?;
    if out.len() as u64 > max_size {
        return Err(Error::bad_file(
            path,
            format!(
                "decompresses to more than the {} MB limit",
                max_size / (1024 * 1024)
            ),
        ));
    }
    Ok(out)
}

/// The extension that names the format (`jsonl` for `a.jsonl.gz`), and whether the
/// file is gzipped by name.
fn extension_of(path: &Path) -> (Option<String>, bool) {
    let ext = path.extension().and_then(|e| e.to_str());
    match ext {
        Some(e) if e.eq_ignore_ascii_case("gz") => {
            let inner = path
                .file_stem()
                .map(Path::new)
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .map(str::to_string);
            (inner, true)
        }
        Some(e) => (Some(e.to_string()), false),
        None => (None, false),
    }
}

/// Extensions of files that are certainly not news text: skipped unread.
fn is_known_foreign(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "svg"
            | "ico"
            | "pdf"
            | "zip"
            | "tar"
            | "tgz"
            | "bz2"
            | "xz"
            | "zst"
            | "7z"
            | "exe"
            | "dll"
            | "so"
            | "dylib"
            | "o"
            | "a"
            | "class"
            | "jar"
            | "mp3"
            | "mp4"
            | "mov"
            | "avi"
            | "wav"
            | "woff"
            | "woff2"
            | "ttf"
            | "otf"
            | "css"
            | "js"
            | "dtd"
            | "db"
            | "sqlite"
            | "lock"
    )
}

/// Normalizes what a reader returned: paths, whitespace, kinds, ordinals, derived
/// titles, language, ids; drops articles with no text at all.
fn finish(path: &Path, parsed: &mut Parsed) {
    let mut kept = Vec::with_capacity(parsed.articles.len());
    for (i, mut a) in std::mem::take(&mut parsed.articles).into_iter().enumerate() {
        a.path = path.to_path_buf();
        a.title = strings::cap_len(&strings::normalize_ws(&a.title), 500);
        a.authors = a
            .authors
            .iter()
            .map(|s| strings::cap_len(&strings::normalize_ws(s), 200))
            .filter(|s| !s.is_empty())
            .take(20)
            .collect();
        for opt in [&mut a.source, &mut a.dateline, &mut a.url] {
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
        if a.title.is_empty() {
            let derived = a
                .body()
                .next()
                .map(|first| clean::derive_title(&first.text));
            match derived {
                Some(title) => {
                    a.title = title;
                    a.title_derived = true;
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
        if a.language.is_none() {
            a.language = detect_language(&a);
        }
        let key = match &a.external_id {
            Some(id) => format!("id:{id}"),
            None => format!("n:{i}"),
        };
        a.id = stable_id(path, &key);
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
        sample = a.title.clone();
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
    fn sniffing_beats_a_lying_extension() {
        let html = b"<!DOCTYPE html><html><head><title>Hi there</title></head><body><p>Some real text here.</p></body></html>";
        let parsed = parse_bytes(Path::new("page.txt"), html).unwrap();
        assert_eq!(parsed.format, Some(Format::Html));
    }

    #[test]
    fn unknown_extension_is_skipped_with_reason() {
        let err = parse_bytes(Path::new("data.csv"), b"a,b,c\n1,2,3\n").unwrap_err();
        assert_eq!(err.to_string(), "data.csv: unsupported file type .csv");
    }

    #[test]
    fn empty_file_is_skipped_with_reason() {
        let err = parse_bytes(Path::new("empty.txt"), b"  \n\n").unwrap_err();
        assert_eq!(err.to_string(), "empty.txt: file is empty");
    }

    #[test]
    fn gzip_is_transparent() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"A headline\n\nA body paragraph about tariffs.\n")
            .unwrap();
        let gz = enc.finish().unwrap();
        let parsed = parse_bytes(Path::new("a.txt.gz"), &gz).unwrap();
        assert_eq!(parsed.articles[0].title, "A headline");
    }
}
