//! Topics (queries) of a test collection: TREC `<top>` blocks or
//! `qid<TAB>text` lines, SMART `*FIND` blocks or `.I` queries.
//!
//! This module owns reading and writing topic files. The SMART layouts are cut
//! into blocks and records by `ingest::smart`, the same splitter that reads
//! SMART documents, so queries and documents cannot disagree about the layout.
//! It must not read documents.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{bad, collapse, read_text, Layout};
use crate::error::Result;
use crate::ingest::smart;

/// One topic (query) of a test collection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// The topic id, as the judgments cite it.
    pub id: String,
    /// The query text, whitespace collapsed.
    pub text: String,
}

/// Reads a topics file (see [`parse_topics`]).
pub fn read_topics(path: &Path, layout: Layout) -> Result<Vec<Topic>> {
    parse_topics(path, &read_text(path)?, layout)
}

/// Parses topics. `path` only names the file in errors.
///
/// - TREC: `<top>` blocks, whose `<num>` (`Number:` stripped) and `<title>` are
///   the id and the query; or, without `<top>`, one `qid<TAB>text` per line.
/// - SMART: `*FIND <n>` headers followed by the text (TIME, NPL), ending at
///   `*STOP`; or `.I <n>` headers with the text in `.T` and `.W` fields (CACM,
///   CISI, MED, CRAN).
pub fn parse_topics(path: &Path, text: &str, layout: Layout) -> Result<Vec<Topic>> {
    let head = text.trim_start();
    let layout = match layout {
        Layout::Auto if head.starts_with("*FIND") || head.starts_with(".I") => Layout::Smart,
        Layout::Auto => Layout::Trec,
        l => l,
    };
    let topics = match layout {
        Layout::Smart if head.starts_with(".I") => smart::records(text)
            .into_iter()
            .map(|r| Topic {
                text: collapse(&r.text_of(&['T', 'W'])),
                id: r.id,
            })
            .collect(),
        Layout::Smart => smart::star_blocks(text, "*FIND")
            .0
            .into_iter()
            .map(|b| Topic {
                id: b.header,
                text: collapse(&b.text),
            })
            .collect(),
        _ if text.contains("<top>") => parse_trec_topics(text),
        _ => parse_tsv_topics(path, text)?,
    };
    if topics.is_empty() {
        return Err(bad(path, None, "no topics found"));
    }
    let mut seen = HashSet::new();
    for t in &topics {
        if !seen.insert(&t.id) {
            return Err(bad(path, None, format!("topic {} appears twice", t.id)));
        }
    }
    Ok(topics)
}

fn parse_trec_topics(text: &str) -> Vec<Topic> {
    let mut out = Vec::new();
    for block in text.split("<top>").skip(1) {
        let block = block.split("</top>").next().unwrap_or(block);
        let field = |tag: &str| -> Option<String> {
            let start = block.find(tag)? + tag.len();
            let rest = &block[start..];
            let end = rest.find("\n<").map_or(rest.len(), |e| e + 1);
            let value = rest[..end].split('<').next().unwrap_or("");
            Some(collapse(value))
        };
        let id = field("<num>").map(|n| {
            n.trim_start_matches("Number:")
                .trim_start_matches("number:")
                .trim()
                .to_string()
        });
        let title = field("<title>").map(|t| t.trim_start_matches("Topic:").trim().to_string());
        if let (Some(id), Some(text)) = (id, title) {
            out.push(Topic { id, text });
        }
    }
    out
}

fn parse_tsv_topics(path: &Path, text: &str) -> Result<Vec<Topic>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, q)) = line
            .split_once('\t')
            .or_else(|| line.trim().split_once(' '))
        else {
            return Err(bad(
                path,
                Some(i as u64 + 1),
                "expected `<top>` topics or `qid<TAB>text` lines",
            ));
        };
        out.push(Topic {
            id: id.trim().to_string(),
            text: collapse(q),
        });
    }
    Ok(out)
}

/// Writes topics as `qid<TAB>text` lines, the form peer scripts read.
pub fn write_topics(w: &mut dyn Write, topics: &[Topic]) -> std::io::Result<()> {
    for t in topics {
        writeln!(w, "{}\t{}", t.id, t.text)?;
    }
    Ok(())
}
