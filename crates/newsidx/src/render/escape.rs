//! Making text from outside safe to print: the one place that escapes
//! control characters, for every printer and message.
//!
//! A file name may hold any byte but `/` and NUL: an ESC that would recolour
//! or clear the terminal, a newline that would forge a second line of output,
//! a right-to-left override that would reorder what follows. Whatever prints
//! a path (hits in every style, summaries, progress and warnings on stderr)
//! passes it through [`control`] or [`path`]; HTML then escapes markup on
//! top, and JSON escapes control characters itself (serde writes `\u001b`).

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// `s` with every control character written out visibly: `\n`, `\r`, `\t`,
/// `\x1b` for ESC and other C0 controls and DEL, `\u{85}` for C1 controls and
/// the bidirectional overrides and isolates. Text without them is returned as
/// it is.
pub fn control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path for display: lossy where it is not UTF-8 (the index keeps the exact
/// bytes; only what is shown is lossy), control characters escaped.
pub fn path(p: &Path) -> String {
    control(&p.to_string_lossy()).into_owned()
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_written_out() {
        assert_eq!(control("plain.txt"), "plain.txt");
        assert!(matches!(control("plain.txt"), Cow::Borrowed(_)));
        assert_eq!(
            control("a\x1b[31mred\nb\tc\rd\x7f"),
            "a\\x1b[31mred\\nb\\tc\\rd\\x7f"
        );
        assert_eq!(control("x\u{85}y\u{202e}z"), "x\\u{85}y\\u{202e}z");
        assert_eq!(control("Zürich 北京"), "Zürich 北京");
    }
}
