//! The SGML tag scanner, entity decoding and line numbers.
//!
//! This module owns cutting SGML text into open tags, close tags and text in
//! one forward pass, decoding entities (named and numeric) with control
//! characters dropped, and turning byte offsets into line numbers. It knows no
//! element names: what a tag means is the business of the tree and the
//! collections. It must never fail or go back over its input.

/// Appends `raw` with entities decoded and control characters (raw, or spelled
/// `&#3;`) dropped; newlines and tabs stay, as they carry the layout.
pub(super) fn decode_into(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        push_clean(out, &rest[..amp]);
        let from = &rest[amp..];
        match entity(from) {
            Some((c, len)) => {
                if let Some(c) = c {
                    push_clean_char(out, c);
                }
                rest = &from[len..];
            }
            None => {
                out.push('&');
                rest = &from[1..];
            }
        }
    }
    push_clean(out, rest);
}

fn push_clean(out: &mut String, s: &str) {
    for c in s.chars() {
        push_clean_char(out, c);
    }
}

fn push_clean_char(out: &mut String, c: char) {
    if c == '\n' || c == '\t' || !c.is_control() {
        out.push(c);
    }
}

/// The character an entity at the start of `s` stands for (`None` for a known
/// entity that stands for nothing) and the entity's length; `None` when `s` does
/// not start with an entity, so the `&` is literal.
fn entity(s: &str) -> Option<(Option<char>, usize)> {
    let semi = s.bytes().take(12).position(|b| b == b';')?;
    let name = &s[1..semi];
    let len = semi + 1;
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = char::from_u32(code)?;
        return Some((Some(c), len));
    }
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "blank" => ' ',
        "hyph" | "ndash" => '-',
        "mdash" => '—',
        "sect" => '§',
        "para" => '¶',
        "cent" => '¢',
        "pound" => '£',
        "yen" => '¥',
        "deg" => '°',
        _ => return None,
    };
    Some((Some(c), len))
}

// ---------------------------------------------------------------------------
// The tag scanner

/// What the scanner sees.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// `<NAME attrs>`; the attributes unparsed.
    Open { name: &'a str, attrs: &'a str },
    /// `</NAME>`.
    Close { name: &'a str },
    /// Text between tags, entities not yet decoded.
    Text(&'a str),
}

/// Splits SGML into tags and text in one forward pass. A `<` starts a tag only
/// when a name (or `/name`) follows and a `>` comes before the next `<`;
/// otherwise it is text. Declarations (`<!DOCTYPE>`), comments and processing
/// instructions are skipped.
pub(super) struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Tokens<'a> {
        Tokens { text, pos: 0 }
    }
}

impl<'a> Iterator for Tokens<'a> {
    /// The byte offset where the token starts, and the token.
    type Item = (usize, Token<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        loop {
            let start = self.pos;
            if start >= bytes.len() {
                return None;
            }
            if bytes[start] != b'<' {
                let end = text[start..].find('<').map_or(text.len(), |i| start + i);
                self.pos = end;
                return Some((start, Token::Text(&text[start..end])));
            }
            let after = start + 1;
            if text[after..].starts_with("!--") {
                // Comments may contain `<` and `>`: skip to `-->`.
                self.pos = text[after..]
                    .find("-->")
                    .map_or(bytes.len(), |i| after + i + 3);
                continue;
            }
            // Where this tag would end, unless another `<` comes first (then this
            // one was text).
            let stop = text[after..]
                .find(['<', '>'])
                .map(|i| after + i)
                .filter(|&i| bytes[i] == b'>');
            let Some(gt) = stop else {
                return Some(self.text_until_next_lt(start));
            };
            let inner = &text[after..gt];
            if inner.starts_with(['!', '?']) {
                self.pos = gt + 1;
                continue;
            }
            let (close, body) = match inner.strip_prefix('/') {
                Some(b) => (true, b),
                None => (false, inner),
            };
            let name_end = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
                .unwrap_or(body.len());
            let name = &body[..name_end];
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return Some(self.text_until_next_lt(start));
            }
            self.pos = gt + 1;
            let token = if close {
                Token::Close { name }
            } else {
                let attrs = body[name_end..].trim().trim_end_matches('/').trim_end();
                Token::Open { name, attrs }
            };
            return Some((start, token));
        }
    }
}

impl<'a> Tokens<'a> {
    /// A `<` that starts no tag: it and the text up to the next `<` are text.
    fn text_until_next_lt(&mut self, start: usize) -> (usize, Token<'a>) {
        let text = self.text;
        let end = text[start + 1..]
            .find('<')
            .map_or(text.len(), |i| start + 1 + i);
        self.pos = end;
        (start, Token::Text(&text[start..end]))
    }
}

/// Turns byte offsets into 1-based line numbers; offsets must not decrease, so
/// counting stays linear.
pub(super) struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    pub(super) fn line_at(&mut self, offset: usize) -> u64 {
        let end = offset.min(self.bytes.len());
        if end > self.pos {
            self.line += self.bytes[self.pos..end]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.pos = end;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_text() {
        let tokens: Vec<(usize, Token<'_>)> =
            Tokens::new("<!DOCTYPE x><A B=\"1\">x > y<br/></A><!-- <C> -->a < b<3").collect();
        assert_eq!(
            tokens,
            [
                (
                    12,
                    Token::Open {
                        name: "A",
                        attrs: "B=\"1\""
                    }
                ),
                (21, Token::Text("x > y")),
                (
                    26,
                    Token::Open {
                        name: "br",
                        attrs: ""
                    }
                ),
                (31, Token::Close { name: "A" }),
                (47, Token::Text("a ")),
                (49, Token::Text("< b")),
                (52, Token::Text("<3")),
            ]
        );
    }

    #[test]
    fn entities_and_control_characters() {
        let mut out = String::new();
        decode_into(
            &mut out,
            "&#2;AT&amp;T &lt;T> &#x41;&#3; &bogus; & &mdash;\tend\n",
        );
        assert_eq!(out, "AT&T <T> A &bogus; & —\tend\n");
    }

    #[test]
    fn line_numbers() {
        let mut lines = LineCounter::new("a\nb\n\nc");
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(5), 4);
        assert_eq!(lines.line_at(99), 4);
    }
}
