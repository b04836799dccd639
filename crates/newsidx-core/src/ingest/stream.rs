//! Reading a file in bounded parts, so that neither memory nor lost work grows
//! with the file.
//!
//! A file of up to [`PART_BYTES`] is read whole and parsed as one part. A
//! larger one is streamed (gzip inflated as it is read, never whole):
//!
//! - formats of many records (JSON lines, Reuters and TREC SGML, SMART) are cut
//!   at record boundaries into parts of about [`PART_BYTES`], each parsed on
//!   its own; each [`Part`] says where the next one starts ([`Resume`]), so
//!   that a run interrupted between parts can go on from there;
//! - single-document formats (text, Markdown, HTML, one JSON document) are read
//!   up to [`MAX_DOCUMENT_BYTES`] and the rest is not read, with a problem
//!   saying so: the article limit ([`MAX_ARTICLE_BYTES`])
//!   would cut such text anyway.
//!
//! Parts bigger than [`PART_BYTES`] (a single document, one enormous record)
//! are read and handed on one at a time across the whole process, so the
//! content in flight stays under `threads × PART_BYTES + MAX_DOCUMENT_BYTES`
//! whatever the inputs. It must not know tantivy: the writer decides what a
//! part becomes.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Mutex;

use super::{decode, finish, format, Format, Parsed, Problem, MAX_ARTICLE_BYTES};
use crate::article::Article;
use crate::error::{Error, Result};

/// The size of a part: files up to this size are read whole, larger ones are
/// cut into parts of about this size.
pub const PART_BYTES: usize = 64 << 10;

/// The most of a single-document file (text, Markdown, HTML, one JSON
/// document) that is read, and the longest record of a many-record file: the
/// article limit and a part more, so that plain text is still cut (and
/// reported) by the article limit itself, at the same word as before.
pub const MAX_DOCUMENT_BYTES: usize = MAX_ARTICLE_BYTES + PART_BYTES;

/// What an indexing run may use beyond its `--memory` budget (tantivy's
/// indexing buffers): the content and parsed articles in flight, the
/// documents queued for tantivy (up to one 16 MB article per indexing thread),
/// tantivy's floor of 15 MB a thread, the program and its caches. The peak
/// resident memory of `newsidx index --memory M` stays under `M` plus this, for
/// any input (checked by a test that measures a child process). Measured
/// worst cases (release build, `--memory 16`): eight 100 MB HTML pages with
/// `-j 8`, 520 MB; eight 250 MB texts with `-j 8`, 404 MB.
pub const WORKING_MEMORY_BYTES: u64 = 768 << 20;

/// Held while a part bigger than [`PART_BYTES`] is read, parsed and handed on,
/// so that only one such part is in memory at a time in the whole process.
static LARGE_PART: Mutex<()> = Mutex::new(());

/// Where reading a file starts: at its beginning, or where an interrupted run
/// stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resume {
    /// Offset, in the file's (decompressed) bytes, of the first record not yet
    /// read.
    pub offset: u64,
    /// Items the reader had seen before that offset (so that ids and item
    /// numbers go on as in a whole read).
    pub items: u64,
    /// Lines before that offset (so that line numbers go on).
    pub lines: u64,
}

impl Resume {
    /// The position as it is recorded in a partly indexed file's record:
    /// `offset:items:lines`.
    pub fn encode(&self) -> String {
        format!("{}:{}:{}", self.offset, self.items, self.lines)
    }

    /// Reads [`Resume::encode`]'s text back; `None` when it is not one.
    pub fn decode(text: &str) -> Option<Resume> {
        let mut it = text.split(':').map(str::parse::<u64>);
        let r = Resume {
            offset: it.next()?.ok()?,
            items: it.next()?.ok()?,
            lines: it.next()?.ok()?,
        };
        it.next().is_none().then_some(r)
    }
}

/// One part of a file: its articles, its problems, and where the next part
/// starts.
#[derive(Debug)]
pub struct Part {
    /// The format the file is read as.
    pub format: Format,
    /// The articles of this part, finished (ids, titles, limits).
    pub articles: Vec<Article>,
    /// Items of this part that could not be read, and notes about the file
    /// (trailing bytes after gzip data, text not read).
    pub problems: Vec<Problem>,
    /// Where a later run resumes when this is the last part it kept.
    pub next: Resume,
    /// Bytes of the file this part covers (decompressed).
    pub bytes: u64,
    /// True for the file's last part: with it, the file was read to its end.
    pub last: bool,
    /// Why the file (plain text or Markdown, read whole) is not an article,
    /// when it is not one (see [`Parsed::not_article`]).
    pub not_article: Option<String>,
}

/// Reads the file at `path` part by part from `from`, handing each part to
/// `sink`, which returns `false` to stop reading.
///
/// An error means the whole file was skipped, and comes before any part; a
/// failure after the first part is the last part's problem instead, and the
/// parts before it stand.
pub fn read_parts(
    path: &Path,
    max_size: u64,
    from: Resume,
    sink: &mut dyn FnMut(Part) -> bool,
) -> Result<()> {
    format::refuse_foreign(path)?;
    // Look before opening: opening a FIFO waits for a writer, maybe forever.
    let kind = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .file_type();
    if kind.is_dir() {
        return Err(Error::bad_file(path, "is a directory"));
    }
    if !kind.is_file() {
        return Err(super::walk::not_regular(path, &kind));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
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
    let mut raw = BufReader::with_capacity(64 * 1024, file);
    let gzipped = raw
        .fill_buf()
        .map_err(|e| Error::io(path, e))?
        .starts_with(&[0x1f, 0x8b]);
    let mut trailing = None;
    let mut input: Box<dyn BufRead> = if gzipped {
        let (members, flag) = super::Members::new(raw);
        trailing = Some(flag);
        Box::new(BufReader::with_capacity(64 * 1024, members))
    } else {
        Box::new(raw)
    };

    // The head: the whole file when it is small.
    let mut head = Vec::new();
    (&mut input)
        .take(PART_BYTES as u64 + 1)
        .read_to_end(&mut head)
        .map_err(|e| read_error(path, gzipped, e))?;
    if head.len() <= PART_BYTES {
        let mut parsed = super::parse_decompressed(path, &head)?;
        parsed
            .problems
            .extend(trailing.as_ref().and_then(super::Trailing::note));
        sink(Part {
            format: parsed.format.unwrap_or(Format::Text),
            articles: parsed.articles,
            problems: parsed.problems,
            next: Resume::default(),
            bytes: head.len() as u64,
            last: true,
            not_article: parsed.not_article,
        });
        return Ok(());
    }

    // A large file: the head decides the format.
    let sniff_len = head.len().min(64 * 1024);
    let head_text = decode::decode_lossy_head(&head[..sniff_len]);
    let format = format::choose(path, &head_text)?;
    let by_lines = decode::judged_by_line(path, &head);
    if !by_lines && decode::looks_binary(&head[..sniff_len]) {
        return Err(Error::bad_file(path, "binary file (not text)"));
    }
    let mut reader = Chained {
        head: std::io::Cursor::new(head),
        rest: input,
        trailing,
    };
    match format {
        Format::JsonLines | Format::Sgml | Format::Smart
            if !decode::is_utf16(reader.head.get_ref()) =>
        {
            stream_records(path, format, max_size, from, &mut reader, sink)
        }
        _ => read_document(path, format, &mut reader, sink),
    }
}

/// A large single-document file: its first [`MAX_DOCUMENT_BYTES`], one part.
fn read_document(
    path: &Path,
    format: Format,
    reader: &mut Chained,
    sink: &mut dyn FnMut(Part) -> bool,
) -> Result<()> {
    let _one_at_a_time = LARGE_PART.lock().unwrap_or_else(|e| e.into_inner());
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let mut cut = None;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        // End at a line, or at least at a whole character, so that the text
        // decodes as what it is.
        let mut end = MAX_DOCUMENT_BYTES;
        match bytes[..end].iter().rposition(|&b| b == b'\n') {
            Some(nl) if end - nl < PART_BYTES => end = nl + 1,
            _ => {
                while end > 0 && bytes[end] & 0xc0 == 0x80 {
                    end -= 1;
                }
            }
        }
        if format == Format::Json {
            // Half a JSON document is no JSON at all.
            return Err(Error::bad_file(
                path,
                format!(
                    "a JSON document of more than {} MB is not read; \
                     give large collections as JSON lines (one article a line, .jsonl)",
                    MAX_DOCUMENT_BYTES >> 20
                ),
            ));
        }
        bytes.truncate(end);
        cut = Some(end);
    }
    let mut parsed = super::parse_decompressed(path, &bytes)?;
    let already_cut = parsed
        .problems
        .iter()
        .any(|p| p.reason.contains("text cut at"));
    if cut.is_some() && !already_cut {
        // The same words as when the article limit cuts the text itself.
        parsed.problems.push(Problem {
            line: None,
            reason: format!(
                "item 1: text cut at {} MB (the article limit)",
                MAX_ARTICLE_BYTES >> 20
            ),
        });
    }
    let len = bytes.len() as u64;
    drop(bytes);
    sink(Part {
        format: parsed.format.unwrap_or(Format::Text),
        articles: parsed.articles,
        problems: parsed.problems,
        next: Resume::default(),
        bytes: len,
        last: true,
        not_article: parsed.not_article,
    });
    Ok(())
}

/// A large file of many records, cut at record boundaries into parts.
fn stream_records(
    path: &Path,
    format: Format,
    max_size: u64,
    from: Resume,
    reader: &mut Chained,
    sink: &mut dyn FnMut(Part) -> bool,
) -> Result<()> {
    let mut at = Resume::default();
    if from.offset > 0 {
        let skipped = std::io::copy(&mut reader.take(from.offset), &mut std::io::sink())
            .map_err(|e| Error::io(path, e))?;
        if skipped < from.offset {
            // Shorter than where the last run stopped: nothing more to read.
            sink(Part {
                format,
                articles: Vec::new(),
                problems: Vec::new(),
                next: from,
                bytes: 0,
                last: true,
                not_article: None,
            });
            return Ok(());
        }
        at = from;
    }
    let mut chunk = Vec::with_capacity(PART_BYTES + 64 * 1024);
    let mut notes = Vec::new();
    loop {
        chunk.clear();
        let start = at;
        let mut ended = false;
        loop {
            let before = chunk.len();
            let read = match read_line_capped(reader, &mut chunk, MAX_DOCUMENT_BYTES) {
                Ok(r) => r,
                Err(e) => {
                    notes.push(Problem {
                        line: Some(at.lines + 1),
                        reason: format!("reading stopped here: {}", crate::error::io_reason(&e)),
                    });
                    ended = true;
                    break;
                }
            };
            if read.consumed == 0 {
                ended = true;
                break;
            }
            at.offset += read.consumed as u64;
            at.lines += 1;
            if read.overflow {
                chunk.truncate(before);
                chunk.push(b'\n');
                notes.push(Problem::at(
                    at.lines,
                    format!(
                        "a line of more than {} MB, skipped",
                        MAX_DOCUMENT_BYTES >> 20
                    ),
                ));
            }
            if at.offset > max_size {
                notes.push(Problem {
                    line: Some(at.lines),
                    reason: format!(
                        "reading stopped: the file decompresses to more than the {} MB limit",
                        max_size >> 20
                    ),
                });
                ended = true;
                break;
            }
            if chunk.len() >= PART_BYTES && at_boundary(format, &chunk[before..], reader)
                || chunk.len() >= MAX_DOCUMENT_BYTES
            {
                break;
            }
        }
        if ended {
            notes.extend(reader.trailing_note());
        }
        let _one_at_a_time = (chunk.len() > PART_BYTES)
            .then(|| LARGE_PART.lock().unwrap_or_else(|e| e.into_inner()));
        let (mut parsed, items) = parse_part(path, format, &chunk, start);
        at.items += items;
        parsed.problems.append(&mut notes);
        let keep_going = sink(Part {
            format,
            articles: parsed.articles,
            problems: parsed.problems,
            next: at,
            bytes: at.offset - start.offset,
            last: ended,
            not_article: None,
        });
        if ended || !keep_going {
            return Ok(());
        }
    }
}

/// Whether a part may end after `line`: after any JSON line, after an SGML
/// record's end tag, before a SMART record.
fn at_boundary(format: Format, line: &[u8], reader: &mut Chained) -> bool {
    match format {
        Format::Sgml => {
            let lower = line.to_ascii_lowercase();
            memfind(&lower, b"</reuters>") || memfind(&lower, b"</doc>")
        }
        Format::Smart => match reader.fill_buf() {
            Ok(next) => next.starts_with(b".I ") || next.starts_with(b"*TEXT"),
            Err(_) => true,
        },
        _ => true,
    }
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Parses one part of a many-record file that starts at `start`; also returns
/// how many items the reader saw in it.
fn parse_part(path: &Path, format: Format, bytes: &[u8], start: Resume) -> (Parsed, u64) {
    let mut problems = Vec::new();
    let scrubbed;
    let bytes = if format == Format::JsonLines {
        let (clean, bad) = decode::blank_binary_lines(bytes);
        problems = bad;
        scrubbed = clean;
        &scrubbed[..]
    } else {
        bytes
    };
    // SMART documents are numbered by their position in the whole file.
    let smart_units = std::cell::Cell::new(None);
    let mut parsed = match decode::decode(bytes) {
        // Ambiguous numeric dates are read one way per part.
        Ok(text) => super::date::one_numeric_order(|| match format {
            Format::JsonLines => super::json::parse(&text, true),
            Format::Sgml => super::sgml::parse(&text),
            _ => {
                let (parsed, units) = super::smart::parse_from(path, &text, start.items as usize);
                smart_units.set(Some(units));
                parsed
            }
        }),
        Err(reason) => Parsed {
            problems: vec![Problem::at(1, reason)],
            ..Parsed::default()
        },
    };
    // A part that shows no date order says nothing about the file (another
    // part may show it): only the whole file's reader makes that note.
    parsed
        .problems
        .retain(|p| !p.reason.ends_with("no date in the file shows the order"));
    parsed.problems.splice(0..0, problems);
    for p in &mut parsed.problems {
        if let Some(line) = &mut p.line {
            *line += start.lines;
        }
    }
    let items = smart_units.get().unwrap_or(parsed.articles.len()) as u64;
    parsed.format = Some(format);
    finish::finish_from(path, &mut parsed, start.items as usize);
    (parsed, items)
}

/// What [`read_line_capped`] did.
struct LineRead {
    /// Bytes taken from the reader, the newline included.
    consumed: usize,
    /// True when the line was longer than the cap: what was appended is not
    /// the whole line.
    overflow: bool,
}

/// Appends one line (with its `\n`) to `out`, keeping at most `cap` bytes of
/// it in memory; a longer line is still consumed to its end.
fn read_line_capped(
    r: &mut dyn BufRead,
    out: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<LineRead> {
    let mut consumed = 0;
    let mut kept = 0;
    let mut overflow = false;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if !overflow {
            if kept + take > cap {
                overflow = true;
            } else {
                out.extend_from_slice(&buf[..take]);
                kept += take;
            }
        }
        r.consume(take);
        consumed += take;
        if done {
            break;
        }
    }
    Ok(LineRead { consumed, overflow })
}

/// The head already read, then the rest of the input.
struct Chained {
    head: std::io::Cursor<Vec<u8>>,
    rest: Box<dyn BufRead>,
    /// Set by the gzip reader when bytes that are not gzip data follow it.
    trailing: Option<super::Trailing>,
}

impl Chained {
    /// For gzip input, a note when bytes that are not gzip data follow it.
    fn trailing_note(&mut self) -> Option<Problem> {
        self.trailing.as_ref().and_then(super::Trailing::note)
    }
}

impl Read for Chained {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if (self.head.position() as usize) < self.head.get_ref().len() {
            self.head.read(buf)
        } else {
            self.rest.read(buf)
        }
    }
}

impl BufRead for Chained {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if (self.head.position() as usize) < self.head.get_ref().len() {
            self.head.fill_buf()
        } else {
            self.rest.fill_buf()
        }
    }

    fn consume(&mut self, amt: usize) {
        if (self.head.position() as usize) < self.head.get_ref().len() {
            self.head.consume(amt)
        } else {
            self.rest.consume(amt)
        }
    }
}

fn read_error(path: &Path, gzipped: bool, e: std::io::Error) -> Error {
    if gzipped {
        Error::bad_file(path, format!("broken gzip data: {e}"))
    } else {
        Error::io(path, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(path: &Path, from: Resume) -> Vec<Part> {
        let mut out = Vec::new();
        read_parts(path, u64::MAX, from, &mut |p| {
            out.push(p);
            true
        })
        .unwrap();
        out
    }

    fn jsonl(n: usize) -> String {
        (0..n)
            .map(|i| format!("{{\"title\": \"Story {i}\", \"text\": \"Tariffs rose again in week {i}, said the ministry.\"}}\n"))
            .collect()
    }

    #[test]
    fn a_large_jsonl_file_comes_in_parts_that_resume_where_they_stop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        std::fs::write(&path, jsonl(20_000)).unwrap();
        let all = parts(&path, Resume::default());
        assert!(all.len() >= 2, "{} parts", all.len());
        let ids: Vec<String> = all
            .iter()
            .flat_map(|p| p.articles.iter().map(|a| a.meta.id.clone()))
            .collect();
        assert_eq!(ids.len(), 20_000);
        // The same ids as one whole read.
        let whole = super::super::parse_bytes(&path, &std::fs::read(&path).unwrap()).unwrap();
        let whole_ids: Vec<String> = whole.articles.iter().map(|a| a.meta.id.clone()).collect();
        assert_eq!(ids, whole_ids);
        // Resuming after the first part gives the rest, and only the rest.
        let rest = parts(&path, all[0].next);
        let rest_ids: Vec<String> = rest
            .iter()
            .flat_map(|p| p.articles.iter().map(|a| a.meta.id.clone()))
            .collect();
        assert_eq!(rest_ids, ids[all[0].articles.len()..]);
        assert_eq!(Resume::decode(&all[0].next.encode()), Some(all[0].next));
    }

    #[test]
    fn a_huge_single_text_is_read_up_to_the_document_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let para = "Tariffs rose again this week, the ministry said in a statement.\n\n";
        std::fs::write(
            &path,
            para.repeat((MAX_DOCUMENT_BYTES + PART_BYTES * 2) / para.len()),
        )
        .unwrap();
        let all = parts(&path, Resume::default());
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].articles.len(), 1);
        // Cut by the article limit, as when the whole file was read.
        assert_eq!(
            all[0].problems,
            [Problem {
                line: None,
                reason: "item 1: text cut at 16 MB (the article limit)".into()
            }]
        );
    }
}
