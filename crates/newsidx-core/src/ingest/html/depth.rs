//! A linear guard against markup that makes html5ever slow: pages nested
//! deeper than any browser nests them, tags with thousands of attributes, and
//! `<html>`/`<body>` tags repeated to pile attributes onto one element.
//!
//! This module owns estimating a page's nesting depth by counting tags,
//! counting each tag's attributes, and rewriting the markup past those limits
//! before html5ever sees it. It works on the raw text in one pass and must not
//! change an ordinary page by a byte.

use std::borrow::Cow;

use super::tree::is_inline;

/// Browsers stop nesting at about this depth (Blink uses 512); real pages stay
/// far below it.
pub(super) const MAX_DEPTH: usize = 512;

/// The most attributes a tag keeps; later ones are dropped. html5ever checks
/// each new attribute against the tag's earlier ones (a linear scan), so one
/// tag with 300,000 attributes took minutes. Real tags carry a few dozen at
/// most (newsidx reads a handful).
pub(super) const MAX_ATTRIBUTES: usize = 256;

/// The most formatting elements (`<b>`, `<a>`, `<font>`, ...) left open at
/// once; later ones lose their tags. The parser re-opens every open formatting
/// element in each new paragraph and compares each new one with all of them,
/// so `<p><b id=N>x` repeated cost n × open elements: 2,000 of them took 4 s
/// (release), and with 32 open, 20,000 still took 2.6 s. Real pages leave a
/// few open, and newsidx reads text, not formatting: dropping the tags loses
/// none of it.
pub(super) const MAX_FORMATTING: usize = 8;

/// Rewrites markup that would make html5ever take more than linear time:
///
/// - elements nested deeper than [`MAX_DEPTH`] lose their tags (the text
///   stays). html5ever checks element scopes by scanning its stack of open
///   elements, so every start tag costs time proportional to the current
///   depth: 100,000 nested `<div>`s took nine minutes in a debug build. The
///   depth is an estimate from counting tags (unclosed elements push it up),
///   which is why the limit is generous.
/// - formatting elements left open past [`MAX_FORMATTING`] lose their tags.
/// - a tag's attributes past [`MAX_ATTRIBUTES`] are dropped.
/// - an `<html>` or `<body>` start tag after the first of its name is
///   dropped: the parser only adds its attributes to the first element, with a
///   sorted insert each, so 100,000 of them with fresh attributes are
///   quadratic; newsidx reads no attribute of either.
///
/// For ordinary pages it returns the input untouched.
pub(super) fn limit_markup(html: &str) -> Cow<'_, str> {
    if !scan(html, None) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    scan(html, Some(&mut out));
    Cow::Owned(out)
}

/// Elements whose end the parser implies, or that cannot nest deeply; counting
/// them would make a page of unclosed `<p>`s look deep.
fn is_uncounted(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

/// The elements the parser keeps in its list of active formatting elements,
/// but `<a>`: a new `<a>` closes the one before it, so they never pile up.
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements whose content is raw text, where `<` does not open a tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

/// Whether `html` has markup past the limits of [`limit_markup`]. With `out`,
/// copies `html` into it without that markup.
fn scan(html: &str, mut out: Option<&mut String>) -> bool {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut formatting = 0usize;
    let mut changed = false;
    let (mut seen_html, mut seen_body) = (false, false);
    // Everything before `copied` has been copied to `out` or dropped.
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml?>`, a stray `<` in text.
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let Tag { end, cut } = scan_tag(b, name_start + name_len);
        i = end;
        let self_closing = end >= 2 && b[end - 2] == b'/';
        let counted = !is_uncounted(&name) && !self_closing;
        let mut drop = false;
        if counted && !closing {
            depth += 1;
            drop = depth > MAX_DEPTH;
        } else if counted {
            drop = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
        }
        if is_formatting(&name) && !self_closing {
            if !closing {
                formatting += 1;
                drop |= formatting > MAX_FORMATTING;
            } else {
                drop |= formatting > MAX_FORMATTING;
                formatting = formatting.saturating_sub(1);
            }
        }
        if !closing && name == "html" {
            drop |= seen_html;
            seen_html = true;
        }
        if !closing && name == "body" {
            drop |= seen_body;
            seen_body = true;
        }
        changed |= drop || cut.is_some();
        if let Some(out) = out.as_deref_mut() {
            if drop {
                out.push_str(&html[copied..lt]);
                if !is_inline(&name) {
                    out.push(' ');
                }
                copied = end;
            } else if let Some(cut) = cut {
                out.push_str(&html[copied..cut]);
                out.push_str(if self_closing { "/>" } else { ">" });
                copied = end;
            }
        }
        if !closing && is_raw_text(&name) {
            // Skip to the matching end tag: markup inside a script is not markup.
            let mut j = end;
            i = b.len();
            while let Some(k) = find(b, j, b"</") {
                let candidate = &b[k + 2..];
                if candidate.len() >= name.len()
                    && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                {
                    i = k;
                    break;
                }
                j = k + 2;
            }
        }
    }
    if let Some(out) = out {
        out.push_str(&html[copied..]);
    }
    changed
}

/// Where a tag ends, and where its attributes past [`MAX_ATTRIBUTES`] begin.
struct Tag {
    /// The index just past the `>` (or the end of the text).
    end: usize,
    /// Where attribute number `MAX_ATTRIBUTES + 1` starts, when there is one.
    cut: Option<usize>,
}

/// Reads the attributes of a tag whose name ends at `i`, the way the HTML
/// tokenizer splits them (names end at space, `/`, `=` or `>`; values are
/// quoted, and may then hold `>`, or run to a space or `>`).
fn scan_tag(b: &[u8], mut i: usize) -> Tag {
    let skip_space = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut count = 0usize;
    let mut cut = None;
    loop {
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            i += 1;
        }
        match b.get(i) {
            None => return Tag { end: b.len(), cut },
            Some(b'>') => return Tag { end: i + 1, cut },
            Some(_) => {}
        }
        count += 1;
        if count == MAX_ATTRIBUTES + 1 {
            cut = Some(i);
        }
        // The name; its first character may be `=`.
        i += 1;
        while b
            .get(i)
            .is_some_and(|c| !matches!(c, b'>' | b'/' | b'=') && !c.is_ascii_whitespace())
        {
            i += 1;
        }
        let eq = skip_space(i);
        if b.get(eq) != Some(&b'=') {
            i = eq;
            continue;
        }
        i = skip_space(eq + 1);
        match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                i = memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p + 1);
            }
            _ => {
                while b
                    .get(i)
                    .is_some_and(|c| *c != b'>' && !c.is_ascii_whitespace())
                {
                    i += 1;
                }
            }
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::tests::{one, texts, PAGE};
    use crate::ParagraphKind;

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 100_000;
        let html = format!(
            "<html><body>{}<p>Deep inside the story.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let start = std::time::Instant::now();
        let a = one(&html);
        let took = start.elapsed();
        assert_eq!(
            texts(&a),
            [(ParagraphKind::Body, "Deep inside the story.".to_string())]
        );
        // Unguarded, html5ever needs minutes for this (quadratic in depth); the
        // guard is `limit_markup` (tested below), the time only reported.
        eprintln!("100k nested <div>: {took:?}");

        // Unclosed, and mixed with inline elements.
        let html = "<div><span>".repeat(depth) + "<p>Unclosed.";
        assert_eq!(
            texts(&one(&html)),
            [(ParagraphKind::Body, "Unclosed.".to_string())]
        );
    }

    #[test]
    fn ordinary_pages_are_not_rewritten() {
        assert!(matches!(limit_markup(PAGE), Cow::Borrowed(_)));
        let deep = "<div>".repeat(MAX_DEPTH + 10) + "text" + &"</div>".repeat(MAX_DEPTH + 10);
        let flat = limit_markup(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("text"));
        // Tags inside scripts and comments are not counted.
        let script = format!(
            "<script>{}</script><!--{}-->",
            "<div>".repeat(1000),
            "<div>".repeat(1000)
        );
        assert!(matches!(limit_markup(&script), Cow::Borrowed(_)));
    }
}
