//! Files on disk become [`Article`]s.
//!
//! This module owns the path from a file to its articles: finding files
//! ([`walk`]), reading them (size limits, gzip here; large files in bounded
//! parts in [`stream`]; text encodings and line endings in `decode`), choosing a reader (`format`: extension or sniffing,
//! the one place a format is decided, which `eval` uses too), one reader per
//! format (`text`, `markdown`, `html/`, `json/`, `sgml/` for Reuters and TREC,
//! `smart` for the SMART test collections), and finishing what every reader
//! returns (`finish`: limits, derived titles, language, stable ids). Shared
//! helpers: `clean` (news judgments: bylines, captions, boilerplate), `strings`
//! (whitespace, lengths), `date`. None of it knows tantivy.
//!
//! ```
//! use newsidx_core::ingest;
//!
//! let text = "Trade talks resume\n\ndate 2019-06-30 By Bob Davis\n\nOSAKA, Japan -- Talks resumed.\n";
//! let parsed = ingest::parse_bytes("talks.txt".as_ref(), text.as_bytes()).unwrap();
//! let article = &parsed.articles[0];
//! assert_eq!(article.meta.title, "Trade talks resume");
//! assert_eq!(article.meta.authors, ["Bob Davis"]);
//! assert_eq!(article.meta.dateline.as_deref(), Some("OSAKA, Japan"));
//! assert_eq!(article.paragraphs[0].text, "Talks resumed.");
//! ```

mod byline;
pub(crate) mod clean;
pub(crate) mod date;
mod decode;
mod finish;
mod format;
mod html;
mod json;
mod markdown;
mod prose;
mod reflow;
mod section;
mod sgml;
pub(crate) mod smart;
pub mod stream;
mod strings;
#[cfg(test)]
pub(crate) mod testdata;
mod text;
mod walk;

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::path::Path;
use std::rc::Rc;

use serde::Serialize;

use crate::article::Article;
use crate::error::{Error, Result};

pub use format::Format;
pub use section::folder_section;
pub(crate) use walk::{canonical_root, working_dir};
pub use walk::{walk, WalkOptions};
// `index/writer.rs` still names the hashes through `ingest`; they live in
// `crate::hash` because the index and `dedup` use them too.

/// Files larger than this (after decompression) are skipped unless the caller
/// raises the limit: they are almost never single articles.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Paragraph text beyond this many bytes is split into several paragraphs, at
/// sentence or word boundaries.
pub const MAX_PARAGRAPH_BYTES: usize = 8 * 1024;
/// Article text beyond this many bytes is cut (and reported).
pub const MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

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
    /// Why the file, a plain text or markdown file, is not an article (a
    /// README, a word list, a data file), when it is not one. The indexer
    /// skips such files unless asked to keep them; see the `prose` module for
    /// the test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_article: Option<String>,
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
/// decompression. A large file is read in bounded parts (see [`stream`]),
/// which this joins into one [`Parsed`].
pub fn read_file_limited(path: &Path, max_size: u64) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    stream::read_parts(path, max_size, stream::Resume::default(), &mut |part| {
        parsed.format = Some(part.format);
        parsed.articles.extend(part.articles);
        parsed.problems.extend(part.problems);
        true
    })?;
    if parsed.articles.is_empty() {
        return Err(no_article(path, &parsed));
    }
    Ok(parsed)
}

/// Parses the bytes of a file named `path` (the name picks the format; the content
/// is sniffed when the name says nothing or lies).
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Parsed> {
    parse_bytes_limited(path, bytes, DEFAULT_MAX_FILE_SIZE)
}

fn parse_bytes_limited(path: &Path, bytes: &[u8], max_size: u64) -> Result<Parsed> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return parse_decompressed(path, bytes);
    }
    let (members, trailing) = Members::new(bytes);
    let mut out = Vec::new();
    std::io::BufReader::new(members)
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
    let mut parsed = parse_decompressed(path, &out)?;
    parsed.problems.extend(trailing.note());
    Ok(parsed)
}

/// Parses a whole file's decompressed bytes. A JSON-lines file is judged line
/// by line: a line of binary data is skipped with a problem, and the rest of
/// the file is still read.
pub(crate) fn parse_decompressed(path: &Path, bytes: &[u8]) -> Result<Parsed> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::bad_file(path, "file is empty"));
    }
    let mut line_problems = Vec::new();
    let scrubbed;
    let bytes = if decode::judged_by_line(path, bytes) {
        let (clean, bad) = decode::blank_binary_lines(bytes);
        line_problems = bad;
        scrubbed = clean;
        &scrubbed[..]
    } else {
        bytes
    };
    let text = decode::decode(bytes).map_err(|reason| Error::bad_file(path, reason))?;
    let format = format::choose(path, &text)?;
    let mut parsed = date::one_numeric_order(|| match format {
        Format::Text => text::parse(&text),
        Format::Markdown => markdown::parse(&text),
        Format::Html => html::parse(&text),
        Format::Json => json::parse(&text, false),
        Format::JsonLines => json::parse(&text, true),
        Format::Sgml => sgml::parse(&text),
        Format::Smart => smart::parse(path, &text),
    });
    parsed.problems.splice(0..0, line_problems);
    parsed.format = Some(format);
    parsed.not_article = prose::not_article(path, &text, format);
    finish::finish(path, &mut parsed);
    if parsed.articles.is_empty() {
        return Err(no_article(path, &parsed));
    }
    Ok(parsed)
}

/// The whole-file error of a file in which no article could be read.
fn no_article(path: &Path, parsed: &Parsed) -> Error {
    let reason = match parsed.problems.first() {
        Some(p) if parsed.problems.len() == 1 => p.reason.clone(),
        Some(p) => format!(
            "no article could be read ({} problems; first: {})",
            parsed.problems.len(),
            p.reason
        ),
        None => format!(
            "no article text found in this {} file",
            parsed.format.map_or("text", Format::name)
        ),
    };
    Error::BadFile {
        path: path.to_path_buf(),
        line: parsed.problems.first().and_then(|p| p.line),
        reason,
    }
}

/// Gzip data as `zcat` reads it: every member in turn, and anything after the
/// last member that is not gzip data (zero padding, garbage) ignored, with a
/// note ([`Trailing::note`]) rather than an error.
pub(crate) struct Members<R: BufRead> {
    decoder: Option<flate2::bufread::GzDecoder<R>>,
    trailing: Trailing,
}

/// What followed the last gzip member, as [`Members`] found it.
#[derive(Clone, Default)]
pub(crate) struct Trailing(Rc<Cell<Option<&'static str>>>);

impl Trailing {
    /// The note about bytes after the gzip data, once the data was read to its end.
    pub(crate) fn note(&self) -> Option<Problem> {
        self.0.get().map(|what| Problem {
            line: None,
            reason: format!("ignored {what} after the end of the gzip data"),
        })
    }
}

impl<R: BufRead> Members<R> {
    /// Reads the gzip members of `inner`; the flag says what followed them.
    pub(crate) fn new(inner: R) -> (Members<R>, Trailing) {
        let trailing = Trailing::default();
        let members = Members {
            decoder: Some(flate2::bufread::GzDecoder::new(inner)),
            trailing: trailing.clone(),
        };
        (members, trailing)
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some(decoder) = &mut self.decoder else {
                return Ok(0);
            };
            let n = decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // A member ended: another may follow, or the end, or bytes that
            // are no gzip data at all.
            let Some(decoder) = self.decoder.take() else {
                return Ok(0);
            };
            let mut inner = decoder.into_inner();
            let next = inner.fill_buf()?;
            if next.is_empty() {
                return Ok(0);
            }
            if next.starts_with(&[0x1f, 0x8b]) {
                self.decoder = Some(flate2::bufread::GzDecoder::new(inner));
                continue;
            }
            let what = if next.iter().all(|&b| b == 0) {
                "zero padding"
            } else {
                "trailing bytes that are not gzip data"
            };
            self.trailing.0.set(Some(what));
            return Ok(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(parsed.articles[0].meta.title, "A headline");
    }
}
