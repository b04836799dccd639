//! Article text analyzed once at indexing.
//!
//! The writer analyzes an article's paragraphs (splitting, folding, stemming)
//! itself, with [`push_terms`], appending their terms to one space-separated
//! string that the `body` field indexes with [`TermsTokenizer`], which only
//! splits at spaces. Doing the analysis here is what tells the writer where each
//! paragraph's positions end in the body (the `para_ends` the search scores
//! paragraphs with).
//!
//! The terms and their positions are exactly the ones the text analyzer gives the
//! raw text: a word the analyzer drops (one of 40 bytes or more) leaves a gap in
//! the positions, and the string keeps the gap as an extra space, so phrases
//! match as they would on the raw text.
//!
//! [`WordTokenizer`], which every analyzer of the index (and so the query
//! lowering and the highlighter) starts with, also lives here: it decides
//! what a word is. This module only analyzes; it must not build documents
//! (that is `document.rs`).

use std::cell::RefCell;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::schema::text_analyzer_for;
use super::stem::Stemming;

thread_local! {
    /// One analyzer per language per thread: its stem cache warms up over the
    /// run.
    static ANALYZERS: RefCell<Vec<(Stemming, TextAnalyzer)>> = const { RefCell::new(Vec::new()) };
}

/// Appends the analyzed terms of `text` (analyzed with `stemming`, the
/// article's language's) to `out`, separated by spaces (one more
/// space for each position the analyzer skipped), and returns how many
/// positions they take (the last term's position plus one; 0 without terms).
/// When `out` already holds terms, a space separates the two runs, so that a
/// string built paragraph by paragraph carries the positions of the paragraphs
/// analyzed as one text (but for a dropped word at a paragraph's very end, whose
/// gap is lost: it only matters to a phrase that spans the two paragraphs), and
/// each paragraph's positions start where the previous one's end.
/// `"Tariffs rose"` appends `"tariff rose"` and returns 2.
pub(crate) fn push_terms(text: &str, stemming: Stemming, out: &mut String) -> usize {
    ANALYZERS.with(|cell| {
        let mut analyzers = cell.borrow_mut();
        let at = match analyzers.iter().position(|(s, _)| *s == stemming) {
            Some(at) => at,
            None => {
                analyzers.push((stemming, text_analyzer_for(stemming)));
                analyzers.len() - 1
            }
        };
        let analyzer = &mut analyzers[at].1;
        let mut stream = analyzer.token_stream(text);
        let mut next_position = 0;
        while let Some(token) = stream.next() {
            if !out.is_empty() {
                out.push(' ');
            }
            for _ in next_position..token.position {
                out.push(' ');
            }
            out.push_str(&token.text);
            next_position = token.position + 1;
        }
        next_position
    })
}

/// Splits text into words: runs of letters and digits, as tantivy's
/// `SimpleTokenizer` does, except that a number keeps its decimal point and
/// thousands separators. `17.5`, `544,000`, `1,000.50` and `$1.13bn` (as
/// `1.13bn`) are one word each, so `5` does not match inside `17.5` nor `544`
/// inside `544,000`. A `.` joins a digit to a digit; a `,` joins a digit to
/// exactly three digits (`1,2,3` and `5,6` stay apart), so punctuation that
/// ends a sentence or a clause (`in 1987.`, `rose 5, then`) never does.
/// Hyphens and slashes still split (`7-1/2`, `4/15/87`): such a query word is
/// matched as the phrase of its parts, which highlights as one span.
///
/// A combining mark continues its word, and a word's text is put in Unicode
/// normal form C, so a decomposed `Zu\u{308}rich` is the word `Zürich` (whose
/// folding is `zurich`); its offsets stay those of the text as given. Any
/// other character that is neither a letter nor a digit (a NUL, a control
/// character) separates words.
///
/// Chinese, Japanese and Korean are written without spaces: a run of Han,
/// kana or Hangul characters is cut into overlapping bigrams at consecutive
/// positions, as Lucene's `CJKAnalyzer` does (`关税战` is `关税`, `税战`), and a
/// lone character is a word of its own. A word of two characters, such as
/// `华为` or `関税`, is so found inside any sentence, and a longer one as the
/// phrase of its bigrams. Such a run ends where another script begins
/// (`华为Mate` is `华为`, `Mate`).
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub(crate) struct WordStream<'a> {
    text: &'a str,
    at: usize,
    /// Inside a CJK run: where its next bigram starts, and where the run ends.
    cjk: Option<(usize, usize)>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            cjk: None,
            token: &mut self.token,
        }
    }
}

impl WordStream<'_> {
    /// Makes the token the text at `start..end` (in normal form C).
    fn emit(&mut self, start: usize, end: usize) {
        self.token.offset_from = start;
        self.token.offset_to = end;
        let word = &self.text[start..end];
        if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
            self.token.text.push_str(word);
        } else {
            self.token.text.extend(word.nfc());
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        if let Some((start, run_end)) = self.cjk.take() {
            let second = char_end(self.text, start);
            if second < run_end {
                self.cjk = Some((second, run_end));
                self.emit(start, char_end(self.text, second));
                return true;
            }
            self.at = run_end;
        }
        let rest = &self.text[self.at..];
        let Some((start, first)) = rest
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| (self.at + i, c))
        else {
            self.at = self.text.len();
            return false;
        };
        if is_cjk(first) {
            let run_end = self.text[start..]
                .char_indices()
                .find(|(_, c)| !is_cjk(*c))
                .map_or(self.text.len(), |(i, _)| start + i);
            let second = start + first.len_utf8();
            if second < run_end {
                self.cjk = Some((second, run_end));
                self.emit(start, char_end(self.text, second));
            } else {
                self.emit(start, run_end);
                self.at = run_end;
            }
            return true;
        }
        let end = word_end(self.text, start);
        self.emit(start, end);
        self.at = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The end of the character starting at `at`.
fn char_end(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// A character of a script written without spaces between words: Han
/// ideographs, hiragana, katakana, Hangul.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF // Hangul Jamo
        | 0x3005 // 々, the ideographic iteration mark
        | 0x3040..=0x309F // Hiragana
        | 0x30A0..=0x30FF // Katakana (with ー)
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK unified ideographs, extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // halfwidth katakana
        | 0x20000..=0x3134F // CJK unified ideographs, extensions B to G
    )
}

/// Where the word that starts at `start` ends (see [`WordTokenizer`]).
fn word_end(text: &str, start: usize) -> usize {
    let mut after_digit = false;
    for (i, c) in text[start..].char_indices() {
        if is_cjk(c) {
            return start + i;
        }
        if c.is_alphanumeric() {
            after_digit = c.is_numeric();
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        // `.` and `,` are one byte: what follows starts right after.
        let next = &text[start + i + c.len_utf8()..];
        let digits = next.chars().take_while(|d| d.is_numeric()).count();
        let joins = match c {
            '.' => digits > 0,
            ',' => digits == 3,
            _ => false,
        };
        if !(after_digit && joins) {
            return start + i;
        }
        after_digit = false;
    }
    text.len()
}

/// Splits a string of [`push_terms`] at spaces: each run of non-spaces is a
/// term, and each space beyond the first between two terms skips a position.
#[derive(Clone, Default)]
pub(crate) struct TermsTokenizer {
    token: Token,
}

/// The token stream of [`TermsTokenizer`].
pub(crate) struct TermsStream<'a> {
    text: &'a str,
    at: usize,
    /// Whether a term was read: the ones after it have a separating space.
    started: bool,
    /// The position the next term takes when no space beyond the separator
    /// precedes it.
    next_position: usize,
    token: &'a mut Token,
}

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = TermsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermsStream<'a> {
        self.token.reset();
        TermsStream {
            text,
            at: 0,
            started: false,
            next_position: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for TermsStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let gap_start = self.at;
        let Some(start) = bytes[gap_start..]
            .iter()
            .position(|&b| b != b' ')
            .map(|i| gap_start + i)
        else {
            self.at = bytes.len();
            return false;
        };
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |i| start + i);
        let skipped = (start - gap_start).saturating_sub(usize::from(self.started));
        self.started = true;
        let position = self.next_position + skipped;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = position;
        self.next_position = position + 1;
        self.at = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::text_analyzer;

    /// (term, position) pairs an analyzer gives `text`.
    fn positions(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn terms_and_positions_are_the_analyzers() {
        let long = "x".repeat(41);
        let texts = [
            "President Trump met Xi in Osaka; tariffs rose 25%.",
            "Économie: les prix montent",
            &format!("{long} starts with a dropped word"),
            &format!("a dropped word {long} {long} in the middle"),
            &format!("ends with one {long}"),
            "",
            "... — !!",
            "one",
        ];
        let mut full = text_analyzer();
        let mut terms = TextAnalyzer::from(TermsTokenizer::default());
        for text in texts {
            let mut s = String::new();
            let n = push_terms(text, Stemming::English, &mut s);
            let want = positions(&mut full, text);
            assert_eq!(n, want.last().map_or(0, |w| w.1 + 1), "{text:?}");
            assert_eq!(positions(&mut terms, &s), want, "{text:?} as {s:?}");
        }
    }

    #[test]
    fn paragraphs_pushed_in_turn_read_as_one_text() {
        let long = "y".repeat(50);
        let paragraphs = [
            "Soybean exports rose.".to_string(),
            "... ".to_string(),
            format!("{long} China bought 544,000 tons"),
            "of U.S. soybeans".to_string(),
        ];
        let mut s = String::new();
        let mut ends = Vec::new();
        for p in &paragraphs {
            let before = ends.last().copied().unwrap_or(0);
            ends.push(before + push_terms(p, Stemming::English, &mut s));
        }
        // The dropped word opening the third paragraph keeps its position;
        // 544,000 is one word.
        assert_eq!(ends, [3, 3, 8, 12]);
        let joined = paragraphs.join("\n");
        let mut terms = TextAnalyzer::from(TermsTokenizer::default());
        let got = positions(&mut terms, &s);
        assert_eq!(got, positions(&mut text_analyzer(), &joined));
        assert!(s.starts_with("soybean export rose "), "{s}");
        // Every term lies in its own paragraph's range.
        let china = got.iter().find(|t| t.0 == "china").unwrap().1;
        assert!((3..8).contains(&china));
        let of = got.iter().find(|t| t.0 == "of").unwrap().1;
        assert_eq!(of, 8);
    }

    /// Each word [`WordTokenizer`] finds, with its byte range's text.
    fn words(text: &str) -> Vec<&str> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            // The token is its text in normal form C.
            let nfc: String = text[t.offset_from..t.offset_to].nfc().collect();
            assert_eq!(t.text, nfc);
            out.push(&text[t.offset_from..t.offset_to]);
        }
        out
    }

    #[test]
    fn numbers_keep_their_point_and_separators() {
        assert_eq!(
            words("Output rose 17.5 pct to 544,000 tonnes, $1.13bn, or 1,000,000.50 dlrs"),
            [
                "Output",
                "rose",
                "17.5",
                "pct",
                "to",
                "544,000",
                "tonnes",
                "1.13bn",
                "or",
                "1,000,000.50",
                "dlrs"
            ]
        );
        // Sentence and clause punctuation stays out of the number.
        assert_eq!(
            words("in 1987. It rose 5, then 6,7 and 1,2345 (U.S. 3.)"),
            [
                "in", "1987", "It", "rose", "5", "then", "6", "7", "and", "1", "2345", "U", "S",
                "3"
            ]
        );
        // Hyphens and slashes split; letters never join on a point.
        assert_eq!(
            words("7-1/2 pct on 4/15/87, e.g. v.2 -0.5"),
            ["7", "1", "2", "pct", "on", "4", "15", "87", "e", "g", "v", "2", "0.5"]
        );
        assert_eq!(words("١٢.٥ and 12,٣٤٥"), ["١٢.٥", "and", "12,٣٤٥"]);
        assert_eq!(words(""), Vec::<&str>::new());
        assert_eq!(words("..., 5."), ["5"]);
    }

    #[test]
    fn positions_count_words() {
        let mut full = text_analyzer();
        assert_eq!(
            positions(&mut full, "17.5 pct, 544,000 tonnes"),
            [
                ("17.5".to_string(), 0),
                ("pct".to_string(), 1),
                ("544,000".to_string(), 2),
                ("tonn".to_string(), 3)
            ]
        );
    }

    #[test]
    fn cjk_runs_become_overlapping_bigrams() {
        assert_eq!(
            words("美国商务部将华为列入实体清单"),
            [
                "美国", "国商", "商务", "务部", "部将", "将华", "华为", "为列", "列入", "入实",
                "实体", "体清", "清单"
            ]
        );
        // A lone character is a word; another script ends the run.
        assert_eq!(
            words("税 华为Mate30 手机"),
            ["税", "华为", "Mate30", "手机"]
        );
        assert_eq!(
            words("トランプ大統領は関税を"),
            [
                "トラ", "ラン", "ンプ", "プ大", "大統", "統領", "領は", "は関", "関税", "税を"
            ]
        );
        // Bigrams take consecutive positions, so a longer word is a phrase.
        let mut full = text_analyzer();
        let got = positions(&mut full, "对美关税战。");
        assert_eq!(
            got,
            [
                ("对美".to_string(), 0),
                ("美关".to_string(), 1),
                ("关税".to_string(), 2),
                ("税战".to_string(), 3)
            ]
        );
    }

    /// Issue 16: a CJK run of 14 or more characters (42 bytes) was one word,
    /// dropped as too long, so nothing in it could be found.
    #[test]
    fn long_cjk_runs_are_not_dropped() {
        let text = "中国商务部周四表示将对美国进口商品加征关税以回应华盛顿的措施";
        let mut full = text_analyzer();
        let got = positions(&mut full, text);
        assert_eq!(got.len(), text.chars().count() - 1);
        assert!(got.iter().any(|t| t.0 == "关税"));
    }

    /// Issue 18: a decomposed `u` + combining diaeresis split the word in two.
    #[test]
    fn decomposed_accents_are_composed_and_folded() {
        assert_eq!(words("Zu\u{308}rich bank"), ["Zu\u{308}rich", "bank"]);
        let mut full = text_analyzer();
        for text in ["Zu\u{308}rich", "Zürich", "ZURICH", "zurich"] {
            assert_eq!(
                positions(&mut full, text),
                [("zurich".to_string(), 0)],
                "{text:?}"
            );
        }
    }

    /// Issue 18: NUL inside text separates words.
    #[test]
    fn nul_separates_words() {
        assert_eq!(words("trade\0war\u{1}talks"), ["trade", "war", "talks"]);
    }

    #[test]
    fn each_language_stems_its_own_words() {
        let mut s = String::new();
        assert_eq!(
            push_terms("Пошлинах на сталь", Stemming::Russian, &mut s),
            3
        );
        assert_eq!(s, "пошлин на стал");
        let mut s = String::new();
        push_terms("Les tarifs douaniers", Stemming::French, &mut s);
        assert_eq!(s, "le tarif douani");
        let mut s = String::new();
        push_terms("华为 tariffs", Stemming::None, &mut s);
        assert_eq!(s, "华为 tariffs");
    }

    proptest::proptest! {
        /// Over mixed scripts, combining marks, controls and numbers: every
        /// word lies on character boundaries, in order, is its text in
        /// normal form C, and the index's terms and positions are the
        /// analyzer's.
        #[test]
        fn words_lie_on_char_boundaries_in_any_script(
            text in "[a-zA-Zé\u{308}\u{301}华为関税トランプ한국 .,。、0-9\u{0}\u{1}-]{0,40}"
        ) {
            let mut tokenizer = WordTokenizer::default();
            let mut stream = tokenizer.token_stream(&text);
            let mut last: Option<usize> = None;
            while let Some(t) = stream.next() {
                proptest::prop_assert!(text.is_char_boundary(t.offset_from));
                proptest::prop_assert!(text.is_char_boundary(t.offset_to));
                proptest::prop_assert!(t.offset_from < t.offset_to);
                // Each word (each bigram too) starts after the one before.
                proptest::prop_assert!(last.is_none_or(|l| t.offset_from > l));
                last = Some(t.offset_from);
                let nfc: String = text[t.offset_from..t.offset_to].nfc().collect();
                proptest::prop_assert_eq!(&t.text, &nfc);
            }
            let mut s = String::new();
            let n = push_terms(&text, Stemming::English, &mut s);
            let want = positions(&mut text_analyzer(), &text);
            proptest::prop_assert_eq!(n, want.last().map_or(0, |w| w.1 + 1));
            let mut terms = TextAnalyzer::from(TermsTokenizer::default());
            proptest::prop_assert_eq!(positions(&mut terms, &s), want);
        }
    }
}
