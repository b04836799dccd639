//! Stemming in the article's language, with a cache of recent stems.
//!
//! [`Stemming`] names the analysis an article's language gets: one of the
//! Snowball stemmers tantivy ships (the same `frostem` crate and version), or
//! none for a language without one (Chinese, Japanese, Polish...). An article
//! whose language is unknown is stemmed as English, as every article was
//! before the index knew languages.
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

/// Shorter words skip the cache: a stemmer returns words of one or two
/// letters at once (English: as they are).
const MIN_CACHED_LEN: usize = 3;

/// How the words of an article in a given language are stemmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Stemming {
    /// Snowball English (also the analysis of an article of unknown language).
    English,
    /// Snowball Arabic.
    Arabic,
    /// Snowball Danish.
    Danish,
    /// Snowball Dutch.
    Dutch,
    /// Snowball Finnish.
    Finnish,
    /// Snowball French.
    French,
    /// Snowball German.
    German,
    /// Snowball Greek.
    Greek,
    /// Snowball Hungarian.
    Hungarian,
    /// Snowball Italian.
    Italian,
    /// Snowball Norwegian.
    Norwegian,
    /// Snowball Portuguese.
    Portuguese,
    /// Snowball Romanian.
    Romanian,
    /// Snowball Russian.
    Russian,
    /// Snowball Spanish.
    Spanish,
    /// Snowball Swedish.
    Swedish,
    /// Snowball Tamil.
    Tamil,
    /// Snowball Turkish.
    Turkish,
    /// No stemmer for the language: words are only folded.
    None,
}

impl Stemming {
    /// The analysis of an article whose language has the ISO 639-1 code
    /// `code` (as `ingest` records it; a region such as `fr-CA` or `pt_BR`
    /// is ignored): its Snowball stemmer, [`Stemming::None`] for a language
    /// without one, English when the language is unknown.
    pub(crate) fn of_language(code: Option<&str>) -> Stemming {
        let Some(code) = code else {
            return Stemming::English;
        };
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "" | "en" => Stemming::English,
            "ar" => Stemming::Arabic,
            "da" => Stemming::Danish,
            "nl" => Stemming::Dutch,
            "fi" => Stemming::Finnish,
            "fr" => Stemming::French,
            "de" => Stemming::German,
            "el" => Stemming::Greek,
            "hu" => Stemming::Hungarian,
            "it" => Stemming::Italian,
            "no" | "nb" | "nn" => Stemming::Norwegian,
            "pt" => Stemming::Portuguese,
            "ro" => Stemming::Romanian,
            "ru" => Stemming::Russian,
            "es" => Stemming::Spanish,
            "sv" => Stemming::Swedish,
            "ta" => Stemming::Tamil,
            "tr" => Stemming::Turkish,
            _ => Stemming::None,
        }
    }

    /// The Snowball algorithm; `None` for [`Stemming::None`].
    fn algorithm(self) -> Option<frostem::Algorithm> {
        use frostem::Algorithm as A;
        Some(match self {
            Stemming::English => A::English,
            Stemming::Arabic => A::Arabic,
            Stemming::Danish => A::Danish,
            Stemming::Dutch => A::Dutch,
            Stemming::Finnish => A::Finnish,
            Stemming::French => A::French,
            Stemming::German => A::German,
            Stemming::Greek => A::Greek,
            Stemming::Hungarian => A::Hungarian,
            Stemming::Italian => A::Italian,
            Stemming::Norwegian => A::Norwegian,
            Stemming::Portuguese => A::Portuguese,
            Stemming::Romanian => A::Romanian,
            Stemming::Russian => A::Russian,
            Stemming::Spanish => A::Spanish,
            Stemming::Swedish => A::Swedish,
            Stemming::Tamil => A::Tamil,
            Stemming::Turkish => A::Turkish,
            Stemming::None => return None,
        })
    }
}

/// A Snowball stemmer as a tantivy [`TokenFilter`], remembering the stems of
/// up to [`CACHE_WORDS`] words per analyzer. [`Stemming::None`] passes words
/// through.
#[derive(Clone, Copy)]
pub(crate) struct CachedStemmer(pub Stemming);

impl Default for CachedStemmer {
    fn default() -> CachedStemmer {
        CachedStemmer(Stemming::English)
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: Cache::new(self.0),
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
    stemming: Stemming,
    stemmer: Option<frostem::Stemmer>,
    stems: FxHashMap<Box<str>, Box<str>>,
}

impl Cache {
    fn new(stemming: Stemming) -> Cache {
        Cache {
            stemming,
            stemmer: stemming.algorithm().map(frostem::Stemmer::new),
            stems: FxHashMap::default(),
        }
    }
}

/// A clone starts with an empty cache: analyzers are cloned per thread and per
/// segment, and copying a full cache would cost more than refilling it.
impl Clone for Cache {
    fn clone(&self) -> Cache {
        Cache::new(self.stemming)
    }
}

impl Cache {
    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        let Some(stemmer) = &self.stemmer else {
            return;
        };
        if word.len() < MIN_CACHED_LEN {
            if let Cow::Owned(s) = stemmer.stem(word) {
                *word = s;
            }
            return;
        }
        if let Some(stem) = self.stems.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem: Box<str> = stemmer.stem(word).into();
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
            .filter(CachedStemmer::default())
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
        let mut cache = Cache::new(Stemming::English);
        for i in 0..CACHE_WORDS + 10 {
            let mut w = format!("running{i}");
            cache.stem(&mut w);
        }
        assert!(cache.stems.len() <= CACHE_WORDS);
        let mut w = "ponies".to_string();
        cache.stem(&mut w);
        assert_eq!(w, "poni");
    }

    /// Every language stems as tantivy's own filter stems it, and inflected
    /// forms meet at one stem.
    #[test]
    fn other_languages_stem_as_tantivy_does() {
        use tantivy::tokenizer::Language as L;
        let cases = [
            (
                Stemming::Russian,
                L::Russian,
                "пошлина пошлинах пошлины пошлину",
            ),
            (
                Stemming::French,
                L::French,
                "tarifs tarif douanières douanier",
            ),
            (
                Stemming::German,
                L::German,
                "Zölle Zoll Zöllen Handelsstreit Handelsstreits",
            ),
            (
                Stemming::Spanish,
                L::Spanish,
                "aranceles arancel exportaciones exportación",
            ),
        ];
        for (ours, theirs, text) in cases {
            let a = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer(ours))
                .build();
            let b = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(theirs))
                .build();
            assert_eq!(tokens(a, text), tokens(b, text), "{ours:?}");
        }
        let ru = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer(Stemming::Russian))
            .build();
        assert_eq!(tokens(ru, "пошлина пошлинах"), ["пошлин", "пошлин"]);
        let none = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedStemmer(Stemming::None))
            .build();
        assert_eq!(tokens(none, "running tarifs"), ["running", "tarifs"]);
    }

    #[test]
    fn languages_map_to_their_stemmers() {
        assert_eq!(Stemming::of_language(None), Stemming::English);
        assert_eq!(Stemming::of_language(Some("en")), Stemming::English);
        assert_eq!(Stemming::of_language(Some("ru")), Stemming::Russian);
        assert_eq!(Stemming::of_language(Some("FR")), Stemming::French);
        assert_eq!(Stemming::of_language(Some("fr-CA")), Stemming::French);
        assert_eq!(Stemming::of_language(Some("pt_BR")), Stemming::Portuguese);
        assert_eq!(Stemming::of_language(Some("en-US")), Stemming::English);
        assert_eq!(Stemming::of_language(Some("zh")), Stemming::None);
        assert_eq!(Stemming::of_language(Some("ja")), Stemming::None);
    }
}
