//! Test helpers for the readers: the shared corpora, and paragraph texts.
//!
//! This module owns finding the shared test corpora (`../shared/corpora`
//! beside the checkout) and failing loudly, with the path, when one is
//! missing: a test that needs a corpus must never pass without it. It is
//! compiled for tests only and must not be used by library code.

use std::path::PathBuf;

use crate::article::Article;

/// The path of `relative` under the shared corpora.
pub(crate) fn corpus_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora")
        .join(relative)
}

/// The bytes of a corpus file; panics naming the path when it is missing.
pub(crate) fn corpus_bytes(relative: &str) -> Vec<u8> {
    let path = corpus_path(relative);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => panic!(
            "this test needs the corpus file {} ({e}); the shared corpora must sit \
             beside the checkout as ../shared/corpora",
            path.display()
        ),
    }
}

/// A corpus file as text (lossy, as the classic collections are ASCII).
pub(crate) fn corpus_text(relative: &str) -> String {
    String::from_utf8_lossy(&corpus_bytes(relative)).into_owned()
}

/// The text of each paragraph of `a`.
pub(crate) fn texts(a: &Article) -> Vec<&str> {
    a.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "shared/corpora/no-such-collection/X.ALL")]
    fn a_missing_corpus_fails_naming_the_path() {
        corpus_bytes("no-such-collection/X.ALL");
    }
}
