//! Generic string helpers for the readers: whitespace, and lengths in bytes.
//!
//! This module owns collapsing whitespace (fast for ASCII, which most news
//! is), splitting text too long for one paragraph, and capping a field's
//! length, all at char boundaries. It knows nothing about news: judgments about
//! text (captions, bylines, boilerplate) belong in `clean`.

/// Collapses every run of whitespace (including non-breaking spaces) to one space
/// and trims the ends. A control character (NUL included) separates words like
/// a space (issue 18: `trade\0war` is two words); a byte-order mark is dropped.
pub(crate) fn normalize_ws(s: &str) -> String {
    if s.is_ascii() {
        normalize_ascii_ws(s)
    } else {
        normalize_any_ws(s)
    }
}

/// [`normalize_ws`] of ASCII text, a run of plain bytes at a time (most news
/// text is ASCII, and this runs on every paragraph).
fn normalize_ascii_ws(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\t'..=b'\r' | b' ' => {
                pending_space = !out.is_empty();
                i += 1;
            }
            // A control character (NUL, DEL...) separates words like a space.
            c if c < 0x20 || c == 0x7f => {
                pending_space = !out.is_empty();
                i += 1;
            }
            _ => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                let start = i;
                while i < b.len() && b[i] > b' ' && b[i] != 0x7f {
                    i += 1;
                }
                out.push_str(&s[start..i]);
            }
        }
    }
    out
}

fn normalize_any_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        // A control character (NUL, DEL...) separates words like a space.
        if c.is_whitespace() || c == '\u{a0}' || c.is_control() {
            pending_space = !out.is_empty();
        } else if c == '\u{feff}' {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Splits text longer than `max` bytes into pieces of at most `max` bytes,
/// preferring sentence ends, then spaces, then any char boundary.
pub(crate) fn split_long(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let window = &rest[..crate::error::floor_char_boundary(rest, max)];
        let cut = window
            .rfind(". ")
            .filter(|&i| i > max / 2)
            .map(|i| i + 1)
            .or_else(|| window.rfind(' ').filter(|&i| i > max / 2))
            .unwrap_or(window.len());
        let cut = if cut == 0 {
            rest.chars().next().map_or(rest.len(), char::len_utf8)
        } else {
            cut
        };
        out.push(rest[..cut].trim());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Truncates to at most `max` bytes at a char boundary, adding an ellipsis when
/// something was cut.
pub(crate) fn cap_len(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = crate::error::floor_char_boundary(s, max);
    if let Some(space) = s[..end].rfind(' ') {
        if space > max / 2 {
            end = space;
        }
    }
    format!("{}…", s[..end].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_whitespace_normalizes_as_any_text_does() {
        let samples = [
            "  Trump  and\tXi\r\n\r\nmet. ",
            "\u{1}\u{1f}ctrl\u{7f} chars\u{b}\u{c}gone",
            "",
            "   ",
            "one",
            " a \u{0} b ",
        ];
        for s in samples {
            assert_eq!(normalize_ascii_ws(s), normalize_any_ws(s), "{s:?}");
        }
        // Every short string over an alphabet of the interesting bytes.
        let alphabet = [
            b' ', b'\t', b'\n', 0x0b, b'\r', 0x1c, 0x00, 0x7f, b'a', b'.',
        ];
        for n in 0..10_000u32 {
            let mut x = n;
            let mut s = String::new();
            for _ in 0..5 {
                s.push(char::from(alphabet[(x % 10) as usize]));
                x /= 10;
            }
            assert_eq!(normalize_ascii_ws(&s), normalize_any_ws(&s), "{s:?}");
        }
    }

    /// Issue 18: a NUL inside text joined the words around it.
    #[test]
    fn nul_and_other_controls_separate_words() {
        assert_eq!(
            normalize_ws("trade\0war\u{7f}talks\u{1}"),
            "trade war talks"
        );
        assert_eq!(normalize_ws("Zürich\0bank\u{feff}s"), "Zürich banks");
    }

    #[test]
    fn long_text_splits_at_sentences_then_words() {
        let text = "Alpha beta gamma. ".repeat(1000);
        let pieces = split_long(text.trim(), 1000);
        assert!(pieces.iter().all(|p| p.len() <= 1000 && p.ends_with('.')));
        assert_eq!(pieces.concat().len() + pieces.len() - 1, text.trim().len());
        let one_word = "é".repeat(3000);
        let pieces = split_long(&one_word, 1001);
        assert!(pieces.iter().all(|p| p.len() <= 1001));
        assert_eq!(pieces.concat(), one_word);
    }

    #[test]
    fn whitespace() {
        assert_eq!(normalize_ws("  a\u{a0} b\t\nc \u{1} "), "a b c");
    }

    #[test]
    fn capped_lengths() {
        assert_eq!(cap_len("short", 10), "short");
        assert_eq!(
            cap_len("trade talks resume in Osaka", 20),
            "trade talks resume…"
        );
        assert_eq!(cap_len("ééééé", 5), "éé…");
    }
}
