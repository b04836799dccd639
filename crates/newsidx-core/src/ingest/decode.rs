//! Bytes to clean text: BOMs, UTF-16, Windows-1252 / Latin-1 fallback, mojibake
//! repair and line-ending normalization.

use std::borrow::Cow;

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
fn looks_binary(bytes: &[u8]) -> bool {
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
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\0\0\0").unwrap_err(),
            "binary file (not text)"
        );
    }
}
