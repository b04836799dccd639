//! Distinctive content: the names, numbers and title words that tell one story
//! from another written on the same template.
//!
//! Short wire items (dividend notices, earnings tables, money-market reports)
//! share most of their shingles while the company, the amount and the day
//! differ; this module reduces an article to those differing parts, so that
//! `mod.rs` folds two articles only when they agree. It must not look at
//! shingles, and it knows nothing about the index.

use crate::hash::Fnv64;
use crate::ingest::date::month_from_name;

/// At most this many keys are kept (the smallest hashes, as a bottom-k sample,
/// so two long articles are compared on the same part of their key space).
pub(super) const MAX_KEYS: usize = 96;

/// Title words that say nothing about which story it is.
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "is",
    "it",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "corrected",
    "rpt",
    "update",
];

/// The distinctive keys of an article, as sorted, unique hashes: every title
/// word but the commonest, every number, ticker and capitalised word of the
/// text that does not open a sentence, and the title's tickers (`<KNU>`) once
/// more as tickers. The low two bits of a hash say its [`Kind`], so that a
/// correction, which exists to change a figure, can be compared on its words
/// alone, and two different tickers can rule a pair out.
pub(super) fn keys<'a>(title: &str, paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
    let mut out = Vec::new();
    for ticker in title.split('<').skip(1).filter_map(|t| t.split_once('>')) {
        // "<KNU>", "<FICR.O>": one word, its exchange suffix dropped. Longer
        // names in brackets (unlisted companies) are only words.
        let symbol = ticker.0.split('.').next().unwrap_or_default();
        if !symbol.is_empty() && !ticker.0.contains(' ') {
            out.push(tagged(symbol.to_lowercase().as_bytes(), Kind::Ticker));
        }
    }
    for word in tokens(strip_marks(title)) {
        let lower = word.to_lowercase();
        if let Some(k) = number(word, &lower) {
            out.push(k);
        } else if lower.chars().count() > 1 && !STOP.contains(&lower.as_str()) {
            out.push(word_key(&lower));
        }
    }
    for p in paragraphs {
        let mut opens_sentence = true;
        for (word, ends_sentence) in tokens_with_ends(p) {
            let lower = word.to_lowercase();
            if let Some(k) = number(word, &lower) {
                out.push(k);
            } else if !opens_sentence
                && word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().count() > 1
            {
                out.push(word_key(&lower));
            }
            opens_sentence = ends_sentence;
        }
    }
    out.sort_unstable();
    out.dedup();
    out.truncate(MAX_KEYS);
    out
}

/// True when the title marks the story as a correction of an earlier one
/// (Reuters: "CORRECTED - ...", "CORRECTED-..." or "(CORRECTED) - ...").
pub fn is_correction(title: &str) -> bool {
    title
        .trim_start_matches([' ', '('])
        .get(..9)
        .is_some_and(|p| p.eq_ignore_ascii_case("corrected"))
}

/// What a key came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A title word or a name.
    Word = 0,
    /// A number.
    Number = 1,
    /// A ticker of the title.
    Ticker = 2,
}

/// The kind of a key.
pub(super) fn kind(k: u64) -> Kind {
    match k & 3 {
        1 => Kind::Number,
        2 => Kind::Ticker,
        _ => Kind::Word,
    }
}

fn tagged(bytes: &[u8], kind: Kind) -> u64 {
    let mut h = Fnv64::new();
    h.write(bytes);
    (h.finish() & !3) | kind as u64
}

/// The title without a leading correction or repeat mark ("CORRECTED - ",
/// "(CORRECTED)-", "RPT-"), which says how the story was sent, not what it is.
fn strip_marks(title: &str) -> &str {
    let t = title.trim_start_matches([' ', '(']);
    for mark in ["corrected", "rpt"] {
        let rest = t.get(mark.len()..).unwrap_or_default();
        if t.get(..mark.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(mark))
            && !rest.starts_with(char::is_alphanumeric)
        {
            return rest.trim_start_matches([')', ' ', '-']);
        }
    }
    title
}

/// Number words wire copy writes for digits ("Pay May one").
const NUMBER_WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// The key of a number: digits as written, or a number word as its digits.
fn number(word: &str, lower: &str) -> Option<u64> {
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return Some(number_key(word));
    }
    let n = NUMBER_WORDS.iter().position(|w| *w == lower)?;
    Some(number_key(&n.to_string()))
}

/// Month names and their abbreviations key as the month ("August", "Aug"
/// and "AUG." are one month, and so are "Sept" and "September").
fn word_key(lower: &str) -> u64 {
    match month_from_name(lower) {
        Some(m) => tagged(format!("month {m}").as_bytes(), Kind::Word),
        None => tagged(lower.as_bytes(), Kind::Word),
    }
}

/// Numbers compare without their thousands separators ("2,665,000" is
/// "2665000"), and with their decimals and fractions ("17-1/2" is not "17").
fn number_key(word: &str) -> u64 {
    let digits: Vec<u8> = word
        .bytes()
        .filter(|b| *b != b',')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    tagged(&digits, Kind::Number)
}

fn tokens(text: &str) -> impl Iterator<Item = &str> {
    tokens_with_ends(text).map(|(w, _)| w)
}

/// The words of `text` (alphanumeric runs, joined across `.`, `,` and `/`
/// between two alphanumerics and across `-` before a digit, so "1.13",
/// "17-1/2", "U.S." and "<KNU>"'s KNU are one word each, and
/// "CORRECTED-HECLA" two), each with whether a sentence ends after it.
fn tokens_with_ends(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let is_word = |c: char| c.is_alphanumeric();
        let joins = |c: char| matches!(c, '.' | ',' | '/' | '-');
        // Skip to a word's start.
        let rest = text.get(i..)?;
        let start = i + rest.find(is_word)?;
        let mut end = start;
        let mut chars = text[start..].char_indices().peekable();
        while let Some((off, c)) = chars.next() {
            if is_word(c) {
                end = start + off + c.len_utf8();
            } else if joins(c)
                && chars
                    .peek()
                    .is_some_and(|&(_, n)| is_word(n) && (c != '-' || n.is_ascii_digit()))
            {
                continue;
            } else {
                break;
            }
        }
        i = end;
        let after = text[end..].trim_start_matches(['"', '\'', ')']);
        let ends_sentence =
            after.starts_with(['.', '!', '?', ':', ';']) || (end < bytes.len() && after.is_empty());
        Some((&text[start..end], ends_sentence))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).collect()
    }

    #[test]
    fn numbers_names_and_tickers_are_one_word_each() {
        assert_eq!(
            words("Knutson Mortgage Corp <KNU> pays 17-1/2 cts, 2,665,000 U.S. dlrs."),
            [
                "Knutson",
                "Mortgage",
                "Corp",
                "KNU",
                "pays",
                "17-1/2",
                "cts",
                "2,665,000",
                "U.S",
                "dlrs"
            ]
        );
    }

    #[test]
    fn sentence_openers_are_not_names() {
        let title_only = keys("", ["Qtly div 12 cts. Pay April 15."]);
        let expected = {
            let mut k = vec![number_key("12"), word_key("apr"), number_key("15")];
            k.sort_unstable();
            k
        };
        assert_eq!(title_only, expected);
    }

    #[test]
    fn title_words_and_body_names_meet() {
        let a = keys("KNUTSON MORTGAGE <KNU> QTLY DIV", []);
        let b = keys("", ["Shares of Knutson Mortgage rose."]);
        assert!(b.iter().all(|k| a.contains(k)), "{a:?} {b:?}");
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn tickers_drop_their_exchange() {
        let kinds = |t: &str| -> Vec<u64> {
            keys(t, [])
                .into_iter()
                .filter(|k| kind(*k) == Kind::Ticker)
                .collect()
        };
        assert_eq!(
            kinds("FIDELCOR <FICR.O> TO ADD"),
            kinds("FIDELCOR <FICR> TO ADD")
        );
        assert_eq!(
            kinds("<NATIONAL WESTMINSTER BANK USA> 1ST QTR"),
            Vec::<u64>::new()
        );
        assert_eq!(kinds("A <B> AND <C>").len(), 2);
    }

    #[test]
    fn months_and_number_words_key_alike() {
        assert_eq!(
            keys("", ["Pay August three, Record Sept 4."]),
            keys("", ["Pay Aug 3, Record September four."])
        );
        assert_ne!(
            keys("", ["Paid in March."]),
            keys("", ["Paid in Marching."])
        );
    }

    #[test]
    fn corrections_are_known_by_their_title() {
        assert!(is_correction("CORRECTED - GM SEES RISE IN EUROPEAN SALES"));
        assert!(is_correction(
            "CORRECTED-HECLA <HL> TO BUY MINE STAKE FROM BP"
        ));
        assert!(!is_correction("GM SEES RISE IN EUROPEAN SALES"));
        assert!(is_correction(
            "(CORRECTED) - FEDERAL PAPER BOARD CO <FBT> PAYOUT"
        ));
        assert!(!is_correction("Corr"));
        assert_eq!(
            strip_marks("CORRECTED-HECLA <HL> TO BUY"),
            "HECLA <HL> TO BUY"
        );
        assert_eq!(strip_marks("(CORRECTED) - FEDERAL PAPER"), "FEDERAL PAPER");
        assert_eq!(strip_marks("RPT-INSITUFORM"), "INSITUFORM");
        assert_eq!(strip_marks("RPTS RISE"), "RPTS RISE");
        assert!(!is_correction("Ünïcødé títle"));
    }
}
