//! Near-duplicate detection: which articles are rewrites or syndicated copies of
//! one another.
//!
//! Each article gets a bottom-k sketch of its word 5-shingles at index time (the
//! `k` smallest shingle hashes). Two sketches estimate *containment*, the share of
//! the smaller article's shingles found in the larger one, which is what a rewrite
//! or a trimmed syndicated copy has in common with its original (Broder 1997).
//!
//! Shingles alone fold templated wire items about different companies, amounts
//! or days (two dividend notices share every shingle but the name and the
//! figures). So a sketch also keeps the article's distinctive keys (`keys.rs`:
//! title words, names, tickers, numbers), and two articles are near-duplicates
//! only when the smaller's keys are nearly all in the larger. A correction
//! ("CORRECTED - ...") is compared on its words only: it exists to change a
//! figure. Two dated articles sent more than [`MAX_DAYS_APART`] days apart
//! are other events, however alike their words (a central bank's "left
//! policy unchanged after today's meeting", month after month).
//!
//! ```
//! use newsidx_core::dedup::Sketch;
//!
//! let original = "Trump and Xi agreed to restart trade talks in Osaka on Saturday, \
//!     and the United States will hold off on new tariffs while talks go on.";
//! let copy = "Trump and Xi agreed to restart trade talks in Osaka on Saturday, \
//!     and the United States will hold off on new tariffs while talks go on. Be the first to comment.";
//! let other = "Stocks fell in Tokyo as investors weighed the outlook for exports.";
//! let (a, b, c) = (Sketch::of_text(original), Sketch::of_text(copy), Sketch::of_text(other));
//! assert!(a.containment(&b) > 0.8);
//! assert!(a.is_near_duplicate(&b, 0.5));
//! assert!(a.containment(&c) < 0.1);
//!
//! // The same notice for another company is not a copy.
//! let knutson = Sketch::of_article("KNUTSON MORTGAGE <KNU> QTLY DIV",
//!     ["Qtly div 12 cts vs 12 cts prior. Pay April 15. Record April 1."]);
//! let pulitzer = Sketch::of_article("PULITZER PUBLISHING <PLTZ> QTLY DIV",
//!     ["Qtly div 12 cts vs 12 cts prior. Pay April 15. Record April 1."]);
//! assert_eq!(knutson.containment(&pulitzer), 1.0);
//! assert!(!knutson.is_near_duplicate(&pulitzer, 0.5));
//! ```

mod keys;

pub use keys::is_correction;

use crate::hash::Fnv64;

/// How many hashes a sketch keeps.
pub const SKETCH_SIZE: usize = 128;
/// The smallest size ratio at which two texts can be near-duplicates.
pub const MIN_SIZE_RATIO: f64 = 0.25;
/// The [`Sketch::key_agreement`] two articles need to be one story. Chosen on
/// the tune half of `eval/folding/pairs.tsv` (the best recall at precision ≥
/// 0.99: 0.980 and 0.990 there); its held-out figures are in
/// `eval/folding/README.md`.
pub const MIN_KEY_AGREEMENT: f64 = 0.6;
/// Dated articles further apart than this many days never fold.
pub const MAX_DAYS_APART: u32 = 2;
/// Days are stored from this many days before 1970 (about 1700), so that
/// 0 can mean undated.
const DAY_OFFSET: i64 = 100_000;
/// Words per shingle.
const SHINGLE: usize = 5;

/// A bottom-k sketch of an article's word shingles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sketch {
    /// The smallest shingle hashes, ascending, unique.
    hashes: Vec<u64>,
    /// True when the text had at most `SKETCH_SIZE` shingles, so the sketch holds
    /// all of them.
    complete: bool,
    /// How many distinct shingles the text has.
    shingles: u32,
    /// A 1024-bit signature: bit `h % 1024` of every hash.
    sig: Signature,
    /// The distinctive keys (`keys.rs`), ascending, unique.
    keys: Vec<u64>,
    /// True when the title says the article corrects an earlier one.
    correction: bool,
    /// The day it was published, from [`DAY_OFFSET`] days before 1970; 0 when
    /// undated.
    day: u32,
}

/// Bits of a sketch's hashes, to rule out most non-duplicate pairs without a
/// merge: two sketches cannot share more hashes than the bits both have set,
/// plus the collisions inside either.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Signature {
    bits: [u64; 16],
    /// Hashes whose bit another hash of the same sketch had already set.
    collisions: u32,
}

impl Default for Signature {
    fn default() -> Signature {
        Signature::of(&[])
    }
}

impl Signature {
    fn of(hashes: &[u64]) -> Signature {
        let mut bits = [0u64; 16];
        for h in hashes {
            let b = (h % 1024) as usize;
            bits[b / 64] |= 1 << (b % 64);
        }
        let set: u32 = bits.iter().map(|w| w.count_ones()).sum();
        Signature {
            bits,
            collisions: hashes.len() as u32 - set,
        }
    }

    /// At least as many as the hashes the two sketches share.
    fn shared_bound(&self, other: &Signature) -> usize {
        let both: u32 = self
            .bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| (a & b).count_ones())
            .sum();
        (both + self.collisions.min(other.collisions)) as usize
    }
}

impl Sketch {
    /// Sketches a text.
    pub fn of_text(text: &str) -> Sketch {
        Sketch::of_paragraphs([text])
    }

    /// Sketches an article: shingles of its paragraphs (as
    /// [`Sketch::of_paragraphs`]), keys of its title and paragraphs.
    pub fn of_article<'a>(
        title: &str,
        paragraphs: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Sketch {
        let mut s = Sketch::of_paragraphs(paragraphs.clone());
        s.keys = keys::keys(title, paragraphs);
        s.correction = is_correction(title);
        s
    }

    /// Sketches paragraphs as one text (the same sketch as their [`Sketch::of_text`]
    /// joined by line breaks), without joining them.
    ///
    /// ```
    /// use newsidx_core::dedup::Sketch;
    ///
    /// let paragraphs = ["Tariffs rose on Friday.", "Markets fell sharply in Asia."];
    /// assert_eq!(
    ///     Sketch::of_paragraphs(paragraphs).to_values(),
    ///     Sketch::of_text(&paragraphs.join("\n")).to_values()
    /// );
    /// ```
    pub fn of_paragraphs<'a>(paragraphs: impl IntoIterator<Item = &'a str> + Clone) -> Sketch {
        let keys = keys::keys("", paragraphs.clone());
        // Each word is hashed once (lowercased), and a shingle hashes its words'
        // hashes.
        let mut words = Vec::new();
        for p in paragraphs {
            push_word_hashes(p, &mut words);
        }
        let mut hashes: Vec<u64> = if words.len() < SHINGLE {
            if words.is_empty() {
                Vec::new()
            } else {
                vec![hash_words(&words)]
            }
        } else {
            words.windows(SHINGLE).map(hash_words).collect()
        };
        hashes.sort_unstable();
        hashes.dedup();
        let complete = hashes.len() <= SKETCH_SIZE;
        let shingles = u32::try_from(hashes.len()).unwrap_or(u32::MAX);
        hashes.truncate(SKETCH_SIZE);
        Sketch {
            sig: Signature::of(&hashes),
            hashes,
            complete,
            shingles,
            keys,
            correction: false,
            day: 0,
        }
    }

    /// The same sketch, for an article published at `timestamp` (seconds since
    /// 1970, UTC).
    pub fn published_at(mut self, timestamp: i64) -> Sketch {
        let day = timestamp.div_euclid(86_400) + DAY_OFFSET;
        // Outside 22 bits (about 1700 to 9000): as if undated.
        self.day = u32::try_from(day)
            .ok()
            .filter(|d| *d < 1 << 22)
            .unwrap_or(0);
        self
    }

    /// The sketch as numbers, for storing in a multi-valued `u64` fast field:
    /// a header (the shingle count in bits 0–31, bit 32 set when the sketch is
    /// complete, bit 33 for a correction, the key count in bits 34–41, the day
    /// from bit 42), then the shingle hashes in ascending order, then the keys
    /// in ascending order.
    pub fn to_values(&self) -> Vec<u64> {
        let mut out = Vec::with_capacity(1 + self.hashes.len() + self.keys.len());
        out.push(
            u64::from(self.shingles)
                | (u64::from(self.complete) << 32)
                | (u64::from(self.correction) << 33)
                | ((self.keys.len() as u64) << 34)
                | (u64::from(self.day) << 42),
        );
        out.extend_from_slice(&self.hashes);
        out.extend_from_slice(&self.keys);
        out
    }

    /// The inverse of [`Sketch::to_values`]; anything malformed (no header,
    /// hashes out of order) gives an empty sketch.
    ///
    /// ```
    /// use newsidx_core::dedup::Sketch;
    ///
    /// let s = Sketch::of_text("one two three four five six seven eight nine ten");
    /// assert_eq!(Sketch::from_values(s.to_values()), s);
    /// assert!(Sketch::from_values([]).is_empty());
    /// ```
    pub fn from_values(values: impl IntoIterator<Item = u64>) -> Sketch {
        let mut values = values.into_iter();
        let Some(header) = values.next() else {
            return Sketch::default();
        };
        let mut hashes: Vec<u64> = values.collect();
        let n_keys = ((header >> 34) & 0xff) as usize;
        let Some(split) = hashes.len().checked_sub(n_keys) else {
            return Sketch::default();
        };
        let keys = hashes.split_off(split);
        if !hashes.is_sorted() || !keys.is_sorted() {
            return Sketch::default();
        }
        Sketch {
            sig: Signature::of(&hashes),
            hashes,
            complete: header & (1 << 32) != 0,
            shingles: (header & u64::from(u32::MAX)) as u32,
            keys,
            correction: header & (1 << 33) != 0,
            day: (header >> 42) as u32,
        }
    }

    /// True when the article's title marks it as a correction of an earlier
    /// story.
    pub fn is_correction(&self) -> bool {
        self.correction
    }

    /// True when there is nothing to compare.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The smaller text's size relative to the larger one (in shingles), from 0
    /// to 1.
    pub fn size_ratio(&self, other: &Sketch) -> f64 {
        let (a, b) = (
            self.shingles.min(other.shingles),
            self.shingles.max(other.shingles),
        );
        if b == 0 {
            0.0
        } else {
            f64::from(a) / f64::from(b)
        }
    }

    /// True when one text is a near-duplicate of the other: a rewrite, a trimmed
    /// or syndicated copy. Most of the smaller text's shingles must be in the
    /// larger (`threshold`), the smaller must be at least a quarter of the
    /// larger (a short item quoting one paragraph of a long story is not a copy
    /// of it), and their distinctive keys must agree ([`MIN_KEY_AGREEMENT`]).
    pub fn is_near_duplicate(&self, other: &Sketch, threshold: f64) -> bool {
        self.size_ratio(other) >= MIN_SIZE_RATIO
            && self.days_apart(other).is_none_or(|d| d <= MAX_DAYS_APART)
            && self.containment_at_least(other, threshold)
            && self.key_agreement(other) >= MIN_KEY_AGREEMENT
    }

    /// How many days apart the two were published, when both are dated.
    pub fn days_apart(&self, other: &Sketch) -> Option<u32> {
        (self.day != 0 && other.day != 0).then(|| self.day.abs_diff(other.day))
    }

    /// How well the two articles' distinctive keys agree, from 0 to 1: the
    /// share of the smaller set of names and title words found in the other,
    /// or of the smaller set of numbers, whichever is lower (1 when neither
    /// has keys); 0 when both titles have tickers and none is shared.
    /// Numbers and tickers are left out when either article is a correction.
    pub fn key_agreement(&self, other: &Sketch) -> f64 {
        let either_corrects = self.correction || other.correction;
        // Both key sets are bottom-k samples: compare below the lower cut-off.
        let cut = |s: &Sketch| {
            if s.keys.len() < keys::MAX_KEYS {
                u64::MAX
            } else {
                *s.keys.last().unwrap_or(&u64::MAX)
            }
        };
        let limit = cut(self).min(cut(other));
        let agreement = |kind: keys::Kind| {
            let usable = |s: &Sketch| -> Vec<u64> {
                s.keys
                    .iter()
                    .copied()
                    .take_while(|k| *k <= limit)
                    .filter(|k| keys::kind(*k) == kind)
                    .collect()
            };
            let (a, b) = (usable(self), usable(other));
            let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            if small.is_empty() {
                return 1.0;
            }
            let found = small
                .iter()
                .filter(|k| large.binary_search(k).is_ok())
                .count();
            found as f64 / small.len() as f64
        };
        let words = agreement(keys::Kind::Word);
        if either_corrects {
            return words;
        }
        // Two tickers and none shared: two companies, whatever the words.
        let tickers = |s: &Sketch| s.keys.iter().any(|k| keys::kind(*k) == keys::Kind::Ticker);
        if tickers(self) && tickers(other) && agreement(keys::Kind::Ticker) == 0.0 {
            return 0.0;
        }
        words.min(agreement(keys::Kind::Number))
    }

    /// Estimated share of the smaller text's shingles that the other text also
    /// has, from 0 to 1.
    pub fn containment(&self, other: &Sketch) -> f64 {
        self.shared_ratio(other, 0.0)
    }

    /// `containment(other) >= threshold`, without finishing the count once the
    /// answer is known (most pairs share almost nothing).
    pub fn containment_at_least(&self, other: &Sketch, threshold: f64) -> bool {
        self.shared_ratio(other, threshold) >= threshold
    }

    /// The containment, or any value below `floor` as soon as it is certain to
    /// end below it.
    fn shared_ratio(&self, other: &Sketch, floor: f64) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        // Below both thresholds, each sketch holds every shingle of its text, so
        // membership in the other sketch is membership in the other text.
        let threshold = |s: &Sketch| {
            if s.complete {
                u64::MAX
            } else {
                *s.hashes.last().unwrap_or(&u64::MAX)
            }
        };
        let limit = threshold(self).min(threshold(other));
        let a = &self.hashes[..self.hashes.partition_point(|h| *h <= limit)];
        let b = &other.hashes[..other.hashes.partition_point(|h| *h <= limit)];
        let smaller = a.len().min(b.len());
        if smaller == 0 {
            return 0.0;
        }
        let needed = (floor * smaller as f64).ceil() as usize;
        if self.sig.shared_bound(&other.sig) < needed {
            return 0.0;
        }
        // Both are sorted: count the shared hashes in one merge pass. The steps
        // are branch-free (random hashes make a compare-and-branch mispredict half
        // the time, which made this the largest cost of a query's folding).
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        let mut steps = 0u32;
        while i < a.len() && j < b.len() {
            // Now and then: even if every remaining hash matched, is the floor
            // out of reach?
            if steps.is_multiple_of(16) && shared + (a.len() - i).min(b.len() - j) < needed {
                return 0.0;
            }
            steps += 1;
            let (x, y) = (a[i], b[j]);
            shared += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        shared as f64 / smaller as f64
    }
}

/// Appends the hash of each word of `text` (a run of alphanumeric characters),
/// lowercased, to `out`.
fn push_word_hashes(text: &str, out: &mut Vec<u64>) {
    out.reserve(text.len() / 6);
    if text.is_ascii() {
        // Most news text: a byte at a time, no decoding.
        let mut h = Fnv64::new();
        let mut in_word = false;
        for &b in text.as_bytes() {
            if b.is_ascii_alphanumeric() {
                h.write(&[b.to_ascii_lowercase()]);
                in_word = true;
            } else if in_word {
                out.push(h.finish());
                h = Fnv64::new();
                in_word = false;
            }
        }
        if in_word {
            out.push(h.finish());
        }
        return;
    }
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        let mut h = Fnv64::new();
        h.write(lower.as_bytes());
        out.push(h.finish());
    }
}

/// The hash of a shingle, from its words' hashes: each step mixes fully
/// (splitmix64's finalizer), so the bottom-k sample is uniform and the order of
/// the words counts.
fn hash_words(words: &[u64]) -> u64 {
    words.iter().fold(0x9e37_79b9_7f4a_7c15, |h, &w| mix(h ^ w))
}

/// splitmix64's finalizer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        push_word_hashes(text, &mut out);
        out
    }

    #[test]
    fn a_short_quote_of_a_long_story_is_not_a_copy() {
        let long: String = (0..400).map(|i| format!("word{i} ")).collect();
        let quote: String = (100..140).map(|i| format!("word{i} ")).collect();
        let (l, q) = (Sketch::of_text(&long), Sketch::of_text(&quote));
        assert!(l.containment(&q) > 0.9);
        assert!(!l.is_near_duplicate(&q, 0.5));
        let trimmed: String = (0..250).map(|i| format!("word{i} ")).collect();
        assert!(l.is_near_duplicate(&Sketch::of_text(&trimmed), 0.5));
    }

    #[test]
    fn the_early_exit_agrees_with_the_full_count() {
        // Texts sharing 0..=60 of 60 sentences: containment from 0 to 1.
        let sentence = |i: usize| format!("sentence {i} has five words. ");
        let base: String = (0..60).map(sentence).collect();
        let a = Sketch::of_text(&base);
        for shared in (0..=60).step_by(3) {
            let other: String = (0..60)
                .map(|i| sentence(if i < shared { i } else { 1000 + i }))
                .collect();
            let b = Sketch::of_text(&other);
            let full = a.containment(&b);
            for t in [0.1, 0.3, 0.5, 0.7, 0.9] {
                assert_eq!(
                    a.containment_at_least(&b, t),
                    full >= t,
                    "{shared} shared sentences, containment {full}, threshold {t}"
                );
            }
        }
        assert!(a.containment(&a) == 1.0);
    }

    #[test]
    fn ascii_words_hash_as_any_words_do() {
        let ascii = "Trump and Xi agreed -- in OSAKA, on 29 June 2019 -- to restart talks.";
        // The same text with a non-ASCII character that is not part of a word
        // takes the general path.
        let general = format!("{ascii} \u{2014}");
        assert!(!general.is_ascii());
        assert_eq!(word_hashes(ascii), word_hashes(&general));
        assert_eq!(word_hashes(ascii).len(), 13);
        assert_eq!(word_hashes("Économie ÉCONOMIE"), {
            let h = word_hashes("économie");
            vec![h[0], h[0]]
        });
    }

    #[test]
    fn values_round_trip() {
        let long: String = (0..400).map(|i| format!("word{i} ")).collect();
        for text in ["one two three four five six seven eight nine ten", &long] {
            let s = Sketch::of_text(text);
            assert_eq!(Sketch::from_values(s.to_values()), s);
        }
        assert!(!Sketch::of_text(&long).complete);
        assert!(Sketch::from_values([7, 3, 2]).is_empty());
        let article = Sketch::of_article("CORRECTED - GM <GM> TO IDLE SIX PLANTS", [long.as_str()]);
        assert!(article.is_correction());
        assert_eq!(Sketch::from_values(article.to_values()), article);
        let dated = article.clone().published_at(544_000_000);
        assert_eq!(Sketch::from_values(dated.to_values()), dated);
        assert_eq!(dated.days_apart(&article), None);
        let old = article.clone().published_at(-8_000_000_000);
        assert_eq!(old.days_apart(&dated), Some(98_889));
    }

    #[test]
    fn the_same_words_days_apart_are_other_events() {
        let text = "The Bundesbank left credit policies unchanged after today's \
            regular meeting of its council, a spokesman said.";
        let day = |d: i64| Sketch::of_article("BUNDESBANK", [text]).published_at(d * 86_400);
        assert!(day(6000).is_near_duplicate(&day(6002), 0.5));
        assert!(!day(6000).is_near_duplicate(&day(6003), 0.5));
        assert!(day(6000).is_near_duplicate(&Sketch::of_article("BUNDESBANK", [text]), 0.5));
    }

    #[test]
    fn a_correction_agrees_on_its_words_only() {
        let text = "Federal Paper Board Co said its qtly div is 17-1/4 cts.";
        let fixed = "Federal Paper Board Co said its qtly div is 17-1/2 cts.";
        let original = Sketch::of_article("FEDERAL PAPER <FBT> SETS PAYOUT", [text]);
        let plain = Sketch::of_article("FEDERAL PAPER <FBT> SETS PAYOUT", [fixed]);
        let corrected = Sketch::of_article("CORRECTED - FEDERAL PAPER <FBT> SETS PAYOUT", [fixed]);
        assert_eq!(original.key_agreement(&plain), 0.0);
        assert_eq!(original.key_agreement(&corrected), 1.0);
    }
}
