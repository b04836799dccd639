//! A linear guard against pages nested deeper than any browser nests them.
//!
//! This module owns estimating a page's nesting depth by counting tags, and
//! flattening elements beyond the limit before html5ever sees them. It works on
//! the raw text and must not change an ordinary page by a byte.

use std::borrow::Cow;

use super::tree::is_inline;

/// Browsers stop nesting at about this depth (Blink uses 512); real pages stay
/// far below it.
pub(super) const MAX_DEPTH: usize = 512;

/// Flattens elements nested deeper than [`MAX_DEPTH`] by dropping their tags
/// (the text stays).
///
/// html5ever checks element scopes by scanning its stack of open elements, so
/// every start tag costs time proportional to the current depth: 100,000 nested
/// `<div>`s took nine minutes in a debug build. This pass is linear, and for
/// ordinary pages it returns the input untouched. It only counts tags, and its
/// count is an estimate (unclosed elements push it up), which is why the limit
/// is generous.
pub(super) fn limit_depth(html: &str) -> Cow<'_, str> {
    if scan_depth(html, None) <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    scan_depth(html, Some(&mut out));
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

/// Returns the estimated maximum nesting depth. With `out`, copies `html` into it
/// without the tags that open or close elements beyond [`MAX_DEPTH`].
fn scan_depth(html: &str, mut out: Option<&mut String>) -> usize {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
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
        let end = tag_end(b, name_start + name_len);
        i = end;
        let self_closing = end >= 2 && b[end - 2] == b'/';
        let counted = !is_uncounted(&name) && !self_closing;
        let mut drop = false;
        if counted && !closing {
            depth += 1;
            max = max.max(depth);
            drop = depth > MAX_DEPTH;
        } else if counted {
            drop = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
        }
        if drop {
            if let Some(out) = out.as_deref_mut() {
                out.push_str(&html[copied..lt]);
                if !is_inline(&name) {
                    out.push(' ');
                }
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
    max
}

/// The index just past the `>` that ends a tag whose attributes start at `i`;
/// quoted attribute values may hold `>`.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if let Some(&q @ (b'"' | b'\'')) = b.get(i) {
                    i = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| i + 1 + p + 1);
                }
            }
            _ => i += 1,
        }
    }
    b.len()
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
        // guard is `limit_depth` (tested below), the time only reported.
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
        assert!(matches!(limit_depth(PAGE), Cow::Borrowed(_)));
        let deep = "<div>".repeat(MAX_DEPTH + 10) + "text" + &"</div>".repeat(MAX_DEPTH + 10);
        let flat = limit_depth(&deep);
        assert_eq!(flat.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_DEPTH);
        assert!(flat.contains("text"));
        // Tags inside scripts and comments are not counted.
        let script = format!(
            "<script>{}</script><!--{}-->",
            "<div>".repeat(1000),
            "<div>".repeat(1000)
        );
        assert!(matches!(limit_depth(&script), Cow::Borrowed(_)));
    }
}
