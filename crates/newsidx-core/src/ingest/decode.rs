//! Bytes to clean text: BOMs, UTF-16, Windows-1252 / Latin-1 fallback, mojibake
//! repair and line-ending normalization.

use std::borrow::Cow;
use std::path::Path;

use super::Problem;

/// Decodes a file's bytes to text with `\n` line endings, or says why it is not
/// text.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, String> {
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        String::from_utf8_lossy(rest)
    } else if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        let (enc, _) = encoding_rs::Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_16LE, 2));
        let (text, _, _) = enc.decode(bytes);
        text
    } else {
        if looks_binary(bytes) {
            return Err("binary file (not text)".to_string());
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            // Not UTF-8: news text of that age is Windows-1252 (a superset of
            // Latin-1 for printable text).
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    };
    if looks_binary(text.as_bytes()) {
        return Err("binary file (not text)".to_string());
    }
    let text = repair_mojibake(&text).unwrap_or_else(|| text.into_owned());
    Ok(normalize_newlines(text))
}

/// NUL bytes or a high share of control characters in the first 8 KiB.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    // Reuters SGML carries a few control characters per story; binaries many.
    head.len() >= 64 && controls * 10 > head.len()
}

/// The first bytes of a large file as text, for choosing its format only.
pub(crate) fn decode_lossy_head(bytes: &[u8]) -> String {
    match decode(bytes) {
        Ok(text) => text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// True for UTF-16 text (by its byte order mark), which cannot be cut at `\n`
/// bytes.
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff")
}

/// True when the file named `path` is JSON lines by its name and its content
/// opens like it: then binary data is judged line by line
/// ([`blank_binary_lines`]), so that one bad line costs only that line. A
/// binary file that merely carries a `.jsonl` name does not open with `{` and
/// is still judged whole.
pub(crate) fn judged_by_line(path: &Path, bytes: &[u8]) -> bool {
    let opens_like_json = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        == Some(&b'{');
    super::format::by_name(path) == Some(super::Format::JsonLines) && opens_like_json
}

/// Blanks (keeping its `\n`, so line numbers stay) every line that holds a
/// control character JSON never allows raw (NUL and the like), and says which
/// line and byte, for a JSON-lines file.
pub(crate) fn blank_binary_lines(bytes: &[u8]) -> (Cow<'_, [u8]>, Vec<Problem>) {
    let is_bad = |b: &u8| *b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t');
    if !bytes.iter().any(is_bad) {
        return (Cow::Borrowed(bytes), Vec::new());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut problems = Vec::new();
    for (i, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        match line.iter().position(is_bad) {
            Some(col) => {
                problems.push(Problem::at(
                    i as u64 + 1,
                    format!(
                        "binary data (byte 0x{:02x} at column {}), line skipped",
                        line[col],
                        col + 1
                    ),
                ));
                if line.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
            None => out.extend_from_slice(line),
        }
    }
    (Cow::Owned(out), problems)
}

/// UTF-8 text that was once decoded as Windows-1252 and saved again shows `â€™`
/// for `’` and `Ã©` for `é`. When the text is full of such pairs and re-encoding
/// it as Windows-1252 gives valid UTF-8, that is the text that was meant.
fn repair_mojibake(text: &str) -> Option<String> {
    let marks = text.matches("â€").count() + text.matches('Ã').count();
    if marks < 2 {
        return None;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    if unmappable {
        return None;
    }
    String::from_utf8(bytes.into_owned()).ok()
}

fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_pound_sign() {
        assert_eq!(decode(b"cost \xa35m\r\n").unwrap(), "cost £5m\n");
    }

    #[test]
    fn bom_and_lone_cr() {
        assert_eq!(decode(b"\xef\xbb\xbfa\rb").unwrap(), "a\nb");
    }

    #[test]
    fn mojibake_is_repaired() {
        let broken = "Trumpâ€™s move â€” and Xiâ€™s";
        assert_eq!(
            decode(broken.as_bytes()).unwrap(),
            "Trump’s move — and Xi’s"
        );
    }

    #[test]
    fn a_nul_byte_in_a_jsonl_line_costs_only_that_line() {
        let text = b"{\"title\": \"One\"}\n{\"title\": \"T\0wo\"}\n{\"title\": \"Three\"}\n";
        let (clean, problems) = blank_binary_lines(text);
        assert_eq!(
            &clean[..],
            b"{\"title\": \"One\"}\n\n{\"title\": \"Three\"}\n"
        );
        assert_eq!(
            problems,
            [Problem::at(
                2,
                "binary data (byte 0x00 at column 13), line skipped"
            )]
        );
        assert!(judged_by_line(Path::new("a.jsonl"), text));
        // A binary file with a .jsonl name is judged whole, as binary.
        assert!(!judged_by_line(
            Path::new("a.jsonl"),
            b"\x7fELF\x02\x01\0\0"
        ));
        assert!(!judged_by_line(Path::new("a.txt"), text));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\0\0\0").unwrap_err(),
            "binary file (not text)"
        );
    }
}
