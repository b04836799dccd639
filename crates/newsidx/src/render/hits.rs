//! Search results for people (colour, plain text or `**markers**`), for HTML and
//! for machines (JSON lines), written into any `io::Write`. It draws the
//! library's highlight spans and never changes what was found: ranking,
//! passages and highlights come from `newsidx_core` as they are. Snapshot tests
//! of every style are in `hits/tests.rs`.

use std::io::{self, Write};
use std::time::Duration;

use newsidx_core::{Hit, SearchResults, Span};
use serde::Serialize;

/// How highlights and metadata are rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// ANSI colour and bold.
    Color,
    /// No colour, no markers.
    Text,
    /// `**markers**` around highlights.
    Markers,
    /// An HTML fragment with `<mark>`.
    Html,
    /// JSON lines in ripgrep's shape: a `{"type":"hit", …}` message per hit,
    /// then one `{"type":"summary", …}`.
    Json,
}

/// A `--json` message: the type tag beside the payload's own fields.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Message<'a> {
    /// One result, with the fields of [`Hit`].
    Hit(&'a Hit),
    /// The closing message.
    Summary(Summary<'a>),
}

/// The last `--json` message: what the page was cut from.
#[derive(Serialize)]
struct Summary<'a> {
    query: &'a str,
    /// The exact number of matching articles, before folding and paging.
    total: u64,
    /// Articles folded under this page's hits.
    folded: u64,
    /// The hits printed.
    hits: usize,
    /// The rank of the first hit printed, 0 when none.
    first: usize,
    /// The rank of the last hit printed, 0 when none.
    last: usize,
    /// Wall-clock time of the search, in milliseconds.
    elapsed_ms: f64,
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const HILITE: &str = "\x1b[1;31m";
const PATH: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

/// Writes all hits in a style, then the footer (or JSON summary); `elapsed` is
/// the time the search took.
pub fn write_hits(
    out: &mut dyn Write,
    results: &SearchResults,
    style: Style,
    elapsed: Duration,
) -> io::Result<()> {
    let (first, last) = match (results.hits.first(), results.hits.last()) {
        (Some(f), Some(l)) => (f.rank, l.rank),
        _ => (0, 0),
    };
    if style == Style::Json {
        for hit in &results.hits {
            serde_json::to_writer(&mut *out, &Message::Hit(hit))?;
            writeln!(out)?;
        }
        let summary = Summary {
            query: &results.query,
            total: results.total,
            folded: results.folded,
            hits: results.hits.len(),
            first,
            last,
            elapsed_ms: (elapsed.as_secs_f64() * 1e6).round() / 1e3,
        };
        serde_json::to_writer(&mut *out, &Message::Summary(summary))?;
        return writeln!(out);
    }
    if style == Style::Html {
        writeln!(out, "<ol class=\"newsidx-results\">")?;
    }
    for hit in &results.hits {
        match style {
            Style::Html => write_html(out, hit)?,
            _ => write_text(out, hit, style)?,
        }
    }
    if style == Style::Html {
        writeln!(out, "</ol>")?;
    }
    if !results.hits.is_empty() {
        // HTML gets the count as an element of its own, not loose text.
        let (dim, reset) = match style {
            Style::Color => (DIM, RESET),
            Style::Html => ("<p class=\"newsidx-count\">", "</p>"),
            _ => ("", ""),
        };
        let folded = match results.folded {
            0 => String::new(),
            1 => ", 1 near-duplicate folded".to_string(),
            n => format!(", {n} near-duplicates folded"),
        };
        let total = results.total;
        writeln!(
            out,
            "{dim}{first}–{last} of {total} matching articles{folded}{reset}"
        )?;
    }
    Ok(())
}

fn write_text(out: &mut dyn Write, hit: &Hit, style: Style) -> io::Result<()> {
    let a = &hit.article;
    let color = style == Style::Color;
    let (bold, dim, path_c, reset) = if color {
        (BOLD, DIM, PATH, RESET)
    } else {
        ("", "", "", "")
    };
    let title = mark_within(&a.title, &hit.title_highlights, style, bold);
    writeln!(out, "{bold}{}. {title}{reset}", hit.rank)?;
    let mut meta = Vec::new();
    if let Some(p) = &a.published {
        meta.push(p.to_string());
    }
    if !a.authors.is_empty() {
        meta.push(a.authors.join(", "));
    }
    if let Some(s) = &a.source {
        meta.push(s.clone());
    }
    if let Some(d) = &a.dateline {
        meta.push(d.clone());
    }
    meta.push(format!("score {:.2}", hit.score));
    writeln!(out, "   {dim}{}{reset}", meta.join(" · "))?;
    writeln!(out, "   {path_c}{}{reset}", super::escape::path(&a.path))?;
    for p in &hit.passages {
        writeln!(out, "   {}", mark(&p.text, &p.highlights, style))?;
    }
    if !hit.similar.is_empty() {
        writeln!(
            out,
            "   {dim}+{} similar: {}{reset}",
            hit.similar.len(),
            hit.similar
                .iter()
                .map(|s| format!("{} ({})", s.title, super::escape::path(&s.path)))
                .collect::<Vec<_>>()
                .join("; ")
        )?;
    }
    writeln!(out)
}

fn write_html(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let a = &hit.article;
    writeln!(out, "<li class=\"hit\" data-id=\"{}\">", escape(&a.id))?;
    writeln!(
        out,
        "  <h3>{}</h3>",
        mark(&a.title, &hit.title_highlights, Style::Html)
    )?;
    let mut meta = Vec::new();
    if let Some(p) = &a.published {
        meta.push(format!("<time datetime=\"{p}\">{p}</time>"));
    }
    if !a.authors.is_empty() {
        meta.push(escape(&a.authors.join(", ")));
    }
    if let Some(s) = &a.source {
        meta.push(escape(s));
    }
    writeln!(out, "  <p class=\"meta\">{}</p>", meta.join(" · "))?;
    writeln!(
        out,
        "  <p class=\"path\">{}</p>",
        escape(&super::escape::path(&a.path))
    )?;
    for p in &hit.passages {
        writeln!(
            out,
            "  <p class=\"passage\">{}</p>",
            mark(&p.text, &p.highlights, Style::Html)
        )?;
    }
    if !hit.similar.is_empty() {
        writeln!(
            out,
            "  <p class=\"similar\">+{} similar</p>",
            hit.similar.len()
        )?;
    }
    writeln!(out, "</li>")
}

/// The text with its highlights marked in the style.
pub fn mark(text: &str, spans: &[Span], style: Style) -> String {
    mark_within(text, spans, style, "")
}

/// [`mark`] for text printed inside another ANSI style (`around`, such as the
/// bold of a title): a highlight ends with a full reset, so `around` is opened
/// again after each one, or the rest of the text would lose it.
fn mark_within(text: &str, spans: &[Span], style: Style, around: &str) -> String {
    let (open, close) = match style {
        Style::Color => (HILITE, RESET),
        Style::Markers => ("**", "**"),
        Style::Html => ("<mark>", "</mark>"),
        Style::Text | Style::Json => ("", ""),
    };
    let reopen = if style == Style::Color { around } else { "" };
    let piece = |s: &str| {
        if style == Style::Html {
            escape(s)
        } else {
            s.to_string()
        }
    };
    let mut out = String::with_capacity(text.len() + spans.len() * 8);
    let mut last = 0;
    for s in spans {
        // Spans come from the library and are valid, but never trust offsets
        // enough to panic on them.
        let (Some(before), Some(inner)) = (text.get(last..s.start), text.get(s.start..s.end))
        else {
            continue;
        };
        out.push_str(&piece(before));
        out.push_str(open);
        out.push_str(&piece(inner));
        out.push_str(close);
        if s.end < text.len() {
            out.push_str(reopen);
        }
        last = s.end;
    }
    out.push_str(&piece(text.get(last..).unwrap_or("")));
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
