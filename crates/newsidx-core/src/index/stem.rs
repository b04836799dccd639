//! English stemming with a cache of recent stems.
//!
//! News text repeats its words (Zipf): a few thousand distinct words make up most
//! of the tokens, and the same text is tokenized at indexing and again for
//! passages and highlights. Snowball's English stemmer costs a few
//! hundred nanoseconds a word; a hash lookup costs a tenth of that. The stems are
//! exactly tantivy's `Stemmer::new(Language::English)`'s (same algorithm, same
//! crate), so indexes written with either are the same. This module must not
//! change a stem: the index and the highlighter depend on agreeing.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Cached words before the cache is emptied and starts over (a few MB at most).
const CACHE_WORDS: usize = 50_000;

/// Shorter words skip the cache: the English stemmer returns words of one or
/// two letters as they are, at once.
const MIN_CACHED_LEN: usize = 3;

/// The English Snowball stemmer as a tantivy [`TokenFilter`], remembering the
/// stems of up to [`CACHE_WORDS`] words per analyzer.
#[derive(Clone, Default)]
pub(crate) struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: Cache::default(),
        }
    }
}

/// The tokenizer [`CachedStemmer`] wraps another one in.
#[derive(Clone)]
pub(crate) struct CachedStemmerFilter<T> {
    inner: T,
    cache: Cache,
}

struct Cache {
    stemmer: frostem::Stemmer,
    stems: FxHashMap<Box<str>, Box<str>>,
}

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            stems: FxHashMap::default(),
        }
    }
}

/// A clone starts with an empty cache: analyzers are cloned per thread and per
/// segment, and copying a full cache would cost more than refilling it.
impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::default()
    }
}

impl Cache {
    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        if word.len() < MIN_CACHED_LEN {
            if let Cow::Owned(s) = self.stemmer.stem(word) {
                *word = s;
            }
            return;
        }
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem: Box<str> = self.stemmer.stem(word).into();
        if self.stems.len() >= CACHE_WORDS {
            self.stems.clear();
        }
        self.stems.insert(word.as_str().into(), stem.clone());
        word.clear();
        word.push_str(&stem);
    }
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub(crate) struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut Cache,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.cache.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer,
    };

    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    /// The cache changes nothing: every word of the seed articles stems as
    /// tantivy's own filter stems it, the first time (miss) and again (hit).
    #[test]
    fn stems_exactly_as_tantivy_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/news");
        let mut text = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        let text = format!("{text} {text} a is running runs ran caresses ponies");
        let ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(CachedStemmer)
            .build();
        let theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(tantivy::tokenizer::Language::English))
            .build();
        let (ours, theirs) = (tokens(ours, &text), tokens(theirs, &text));
        assert!(ours.len() > 5_000, "{}", ours.len());
        assert_eq!(ours, theirs);
        assert!(ours.contains(&"poni".to_string()));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let mut cache = Cache::default();
        for i in 0..CACHE_WORDS + 10 {
            let mut w = format!("running{i}");
            cache.stem(&mut w);
        }
        assert!(cache.stems.len() <= CACHE_WORDS);
        let mut w = "ponies".to_string();
        cache.stem(&mut w);
        assert_eq!(w, "poni");
    }
}
