//! Which reader reads a file: the one place a file's format is decided.
//!
//! This module owns [`Format`], reading it from a file's extension (`gz`
//! looked through), sniffing it from the first bytes of the decoded text, and
//! the rule that settles a disagreement between the two ([`choose`]).
//! `newsidx index`, `newsidx parse` and the eval module all reach a reader
//! through here, so a file cannot be read as one format by one command and as
//! another by the next. It must not read files or parse their contents beyond
//! a sniff.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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
        if super::smart::sniff(head) {
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

/// The format of a file named `path` whose decoded text is `text`: the name's,
/// unless the content is unmistakably another format; the content's when the
/// name says nothing. An extension that names no format, with content that
/// sniffs as none, is an unsupported file; no extension at all is plain text.
pub(crate) fn choose(path: &Path, text: &str) -> Result<Format> {
    let (ext, _) = extension_of(path);
    let by_name = ext.as_deref().and_then(Format::from_extension);
    let sniffed = Format::sniff(text);
    Ok(match (by_name, sniffed) {
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
    })
}

/// The format `path`'s name says, if any (`gz` looked through).
pub(crate) fn by_name(path: &Path) -> Option<Format> {
    extension_of(path)
        .0
        .as_deref()
        .and_then(Format::from_extension)
}

/// Refuses, before a byte is read, a file whose extension says it is certainly
/// not news text (images, archives, binaries, ...).
pub(crate) fn refuse_foreign(path: &Path) -> Result<()> {
    let (ext, gz) = extension_of(path);
    match ext {
        Some(ext) if !gz && is_known_foreign(&ext) => Err(Error::bad_file(
            path,
            format!("unsupported file type .{ext}"),
        )),
        _ => Ok(()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;

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
    fn sniffed_formats() {
        let sniff = Format::sniff;
        assert_eq!(
            sniff("\u{feff} <!DOCTYPE lewis SYSTEM>"),
            Some(Format::Sgml)
        );
        assert_eq!(sniff("<DOC>\n<DOCNO>X</DOCNO>"), Some(Format::Sgml));
        assert_eq!(sniff("<html><body>"), Some(Format::Html));
        assert_eq!(sniff("*TEXT 017 01/04/63 PAGE 020"), Some(Format::Smart));
        assert_eq!(sniff(".I 1\r\n.W\r\n"), Some(Format::Smart));
        assert_eq!(sniff("[{\"title\": \"x\"}]"), Some(Format::Json));
        assert_eq!(sniff("{\"a\": 1}\n{\"a\": 2}\n"), Some(Format::JsonLines));
        assert_eq!(sniff("{\n  \"a\": 1\n}\n"), Some(Format::Json));
        assert_eq!(sniff("---\ntitle: x\n---\n"), Some(Format::Markdown));
        assert_eq!(sniff("Plain prose."), None);
    }

    #[test]
    fn names_and_content_settle_on_one_format() {
        let choose =
            |name: &str, text: &str| choose(Path::new(name), text).map_err(|e| e.to_string());
        // Classic collections have no telling extension: the content decides.
        assert_eq!(
            choose("TIME.ALL", "*TEXT 017 01/04/63 PAGE 020\n"),
            Ok(Format::Smart)
        );
        assert_eq!(choose("cran.all.1400", ".I 1\n.T\n"), Ok(Format::Smart));
        assert_eq!(choose("MED.ALL.gz", ".I 1\n.W\n"), Ok(Format::Smart));
        // A .txt that is SMART is SMART; Markdown-looking text stays text.
        assert_eq!(choose("a.txt", ".I 1\n.W\nx\n"), Ok(Format::Smart));
        assert_eq!(choose("a.txt", "# Heading\n"), Ok(Format::Text));
        assert_eq!(
            choose("a.json", "<html><body>x</body></html>"),
            Ok(Format::Html)
        );
        assert_eq!(choose("README", "Plain prose."), Ok(Format::Text));
        assert_eq!(
            choose("x.dat", "Plain prose."),
            Err("x.dat: unsupported file type .dat".to_string())
        );
        assert_eq!(
            refuse_foreign(Path::new("a.png")).map_err(|e| e.to_string()),
            Err("a.png: unsupported file type .png".to_string())
        );
        assert!(refuse_foreign(Path::new("a.png.gz")).is_ok());
    }
}
