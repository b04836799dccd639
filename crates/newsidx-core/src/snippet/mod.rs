//! Passages and highlights.
//!
//! This module picks the part of a paragraph worth showing and returns it as text
//! plus highlight ranges. It tokenizes with the same analyzer as the index, so a
//! highlight is exactly a match: `tariffs` lights up for the query `tariff`, and a
//! quoted phrase lights up as one span where its words stand together, not word
//! by word elsewhere. Words are stemmed under each language the query was
//! lowered for (an index's languages), and a word lights up when one of its
//! stems is a query term: `пошлинах` for the query `пошлина` in an index
//! holding Russian. Chinese, Japanese and Korean are matched as the index
//! holds them, by bigrams, so `关税` lights up inside `对美关税战`.
//! It produces no HTML and no ANSI: rendering is the caller's.
//! Which paragraphs a hit shows is chosen in `passages.rs`, from plain text.

use std::collections::HashSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::index::schema::{name_analyzer, stem_analyzer, text_analyzer_for, Stemming};

mod passages;
pub(crate) use passages::choose_passages;

/// Longest passage, in bytes, before it is trimmed to a window.
pub const MAX_PASSAGE_BYTES: usize = 360;

/// What to highlight: the analyzed forms of the query's positive text terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighter {
    /// Single stemmed terms.
    terms: HashSet<String>,
    /// Phrases, as sequences of stemmed terms.
    phrases: Vec<Vec<String>>,
    /// Prefixes of unstemmed, folded words.
    prefixes: Vec<String>,
    /// The first three characters of every stem above: a word whose folded form
    /// starts otherwise cannot stem to any of them in English, so it is never
    /// stemmed (other languages' stemmers do not promise it: with any of them,
    /// every word is stemmed).
    stem_keys: HashSet<String>,
    /// The analyses text is stemmed with; empty means English alone.
    stemmings: Vec<Stemming>,
}

/// A highlighted span: a byte range into the passage text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// A token of a text, with both its stemmed forms (one per language, none
/// when it cannot match a query stem) and unstemmed form.
struct AnalyzedToken {
    stems: Vec<String>,
    folded: String,
    range: Range<usize>,
}

/// Matches found in a text: spans, and which query parts (by key) matched.
pub(crate) struct Matches {
    pub spans: Vec<Range<usize>>,
    pub keys: HashSet<usize>,
}

impl Highlighter {
    /// An empty highlighter (highlights nothing), for English text.
    pub fn new() -> Highlighter {
        Highlighter::default()
    }

    /// An empty highlighter for text stemmed with any of `stemmings`.
    pub(crate) fn with_stemmings(stemmings: &[Stemming]) -> Highlighter {
        let mut stemmings = stemmings.to_vec();
        stemmings.sort_unstable();
        stemmings.dedup();
        Highlighter {
            stemmings: if stemmings == [Stemming::English] {
                Vec::new()
            } else {
                stemmings
            },
            ..Highlighter::default()
        }
    }

    /// The analyses words are stemmed with.
    fn stemmings(&self) -> &[Stemming] {
        if self.stemmings.is_empty() {
            &[Stemming::English]
        } else {
            &self.stemmings
        }
    }

    /// Adds a word; it is analyzed like indexed text (a word that analyzes into
    /// several tokens, like `U.S.-China`, becomes a phrase).
    pub fn add_word(&mut self, word: &str) {
        // A word is a one-word phrase: both analyze to terms, and several terms
        // must stand together.
        self.add_phrase(word);
    }

    /// Adds a phrase (a single-word phrase is a plain term), in each of the
    /// highlighter's languages.
    pub fn add_phrase(&mut self, phrase: &str) {
        for s in self.stemmings().to_vec() {
            self.add_analyzed_phrase(analyze(&mut text_analyzer_for(s), phrase));
        }
    }

    /// Adds a phrase already analyzed like indexed text (the query plan's).
    pub(crate) fn add_analyzed_phrase(&mut self, stems: Vec<String>) {
        self.stem_keys.extend(stems.iter().map(|s| stem_key(s)));
        match stems.len() {
            0 => {}
            1 => {
                self.terms.extend(stems);
            }
            _ if self.phrases.contains(&stems) => {}
            _ => self.phrases.push(stems),
        }
    }

    /// Adds a prefix (`tarif` for `tarif*`).
    pub fn add_prefix(&mut self, prefix: &str) {
        if let Some(p) = analyze(&mut name_analyzer(), prefix).pop() {
            self.add_analyzed_prefix(p);
        }
    }

    /// Adds a prefix already folded like a name (the query plan's).
    pub(crate) fn add_analyzed_prefix(&mut self, prefix: String) {
        self.prefixes.push(prefix);
    }

    /// True when nothing would be highlighted.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty() && self.prefixes.is_empty()
    }

    /// How many distinct things the query asks for (terms, phrases, prefixes).
    pub fn key_count(&self) -> usize {
        self.terms.len() + self.phrases.len() + self.prefixes.len()
    }

    /// Byte ranges of every match in `text`, in order, not overlapping.
    ///
    /// ```
    /// use newsidx_core::snippet::Highlighter;
    ///
    /// let mut h = Highlighter::new();
    /// h.add_word("tariff");
    /// h.add_phrase("entity list");
    /// let text = "Tariffs rose. The list grew. Huawei joined the entity list.";
    /// let spans: Vec<&str> = h.highlight(text).iter().map(|r| &text[r.clone()]).collect();
    /// assert_eq!(spans, ["Tariffs", "entity list"]);
    /// ```
    pub fn highlight(&self, text: &str) -> Vec<Range<usize>> {
        self.matches(text).spans
    }

    pub(crate) fn matches(&self, text: &str) -> Matches {
        let toks = tokens(text, &self.stem_keys, self.stemmings());
        let mut spans = Vec::new();
        let mut keys = HashSet::new();
        let mut terms: Vec<&String> = self.terms.iter().collect();
        terms.sort();
        let n_terms = terms.len();
        let mut i = 0;
        while i < toks.len() {
            // Longest phrase first, so a phrase wins over its own words.
            let mut matched = None;
            for (k, phrase) in self.phrases.iter().enumerate() {
                let n = phrase.len();
                if i + n <= toks.len()
                    && toks[i..i + n]
                        .iter()
                        .zip(phrase)
                        .all(|(t, p)| t.stems.contains(p))
                    && matched.is_none_or(|(len, _)| n > len)
                {
                    matched = Some((n, n_terms + k));
                }
            }
            if let Some((n, key)) = matched {
                spans.push(toks[i].range.start..toks[i + n - 1].range.end);
                keys.insert(key);
                i += n;
                continue;
            }
            let t = &toks[i];
            if let Some(k) = terms.iter().position(|s| t.stems.contains(s)) {
                spans.push(t.range.clone());
                keys.insert(k);
            } else if let Some(k) = self.prefixes.iter().position(|p| t.folded.starts_with(p)) {
                spans.push(t.range.clone());
                keys.insert(n_terms + self.phrases.len() + k);
            }
            i += 1;
        }
        Matches { spans, keys }
    }

    /// The best passage of `text`: the whole text when it is short, else the
    /// window of sentences with the most distinct matches, trimmed at sentence or
    /// word boundaries, with `…` where text was cut.
    ///
    /// ```
    /// use newsidx_core::snippet::Highlighter;
    ///
    /// let mut h = Highlighter::new();
    /// h.add_word("soybeans");
    /// let p = h.passage("China bought 544,000 metric tons of U.S. soybeans.");
    /// assert_eq!(&p.text[p.highlights[0].start..p.highlights[0].end], "soybeans");
    /// ```
    pub fn passage(&self, text: &str) -> Passage {
        let m = self.matches(text);
        if text.len() <= MAX_PASSAGE_BYTES {
            return Passage {
                text: text.to_string(),
                highlights: m.spans.into_iter().map(Span::from).collect(),
                keys: sorted(m.keys),
            };
        }
        let window = best_window(text, &m.spans);
        let mut out = String::new();
        let mut shift: isize = window.start as isize;
        if window.start > 0 {
            out.push_str("… ");
            shift -= "… ".len() as isize;
        }
        out.push_str(&text[window.clone()]);
        if window.end < text.len() {
            out.push_str(" …");
        }
        let highlights: Vec<Span> = m
            .spans
            .iter()
            .filter(|r| r.start >= window.start && r.end <= window.end)
            .map(|r| Span {
                start: (r.start as isize - shift) as usize,
                end: (r.end as isize - shift) as usize,
            })
            .collect();
        // Only what the window shows counts.
        let keys = self.matches(&text[window]).keys;
        Passage {
            text: out,
            highlights,
            keys: sorted(keys),
        }
    }
}

/// A passage with its highlights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// The passage text.
    pub text: String,
    /// Highlighted byte ranges in `text`, in order.
    pub highlights: Vec<Span>,
    /// The query parts (terms, phrases, prefixes, numbered from 0) it matches,
    /// ascending.
    pub keys: Vec<usize>,
}

fn sorted(keys: HashSet<usize>) -> Vec<usize> {
    let mut v: Vec<usize> = keys.into_iter().collect();
    v.sort_unstable();
    v
}

/// The tokens `analyzer` makes of `text`.
pub(crate) fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

thread_local! {
    /// Analyzers built once per thread: building one (the stemmer above all)
    /// costs more than analyzing a paragraph. The stemmers, one per language
    /// met, and the folder.
    static ANALYZERS: std::cell::RefCell<(Vec<(Stemming, TextAnalyzer)>, TextAnalyzer)> =
        std::cell::RefCell::new((Vec::new(), name_analyzer()));
}

/// The first three characters of a word (all of a shorter one).
fn stem_key(s: &str) -> String {
    s.chars().take(3).collect()
}

/// Words whose English stem does not begin like the word itself (Porter2's
/// exception list).
const IRREGULAR: [&str; 4] = ["dying", "lying", "tying", "skies"];

/// The tokens of `text`, stemmed under each of `stemmings`. Stemming is the
/// costly step, and an English stem keeps the word's first three letters (but
/// for `IRREGULAR`), so with English alone only words that start like some
/// query stem in `keys` are stemmed; the others get no stem, which matches
/// nothing.
fn tokens(text: &str, keys: &HashSet<String>, stemmings: &[Stemming]) -> Vec<AnalyzedToken> {
    let english_only = stemmings == [Stemming::English];
    ANALYZERS.with(|cell| {
        let (stemmers, folder) = &mut *cell.borrow_mut();
        for s in stemmings {
            if !stemmers.iter().any(|(have, _)| have == s) {
                stemmers.push((*s, stem_analyzer(*s)));
            }
        }
        let mut out = Vec::new();
        let mut f = folder.token_stream(text);
        while let Some(t) = f.next() {
            let folded = t.text.clone();
            let range = t.offset_from..t.offset_to;
            let wanted = !english_only
                || keys.contains(&stem_key(&folded))
                || IRREGULAR.contains(&folded.as_str());
            let mut stems: Vec<String> = Vec::new();
            if wanted {
                for (s, stemmer) in stemmers.iter_mut() {
                    if !stemmings.contains(s) {
                        continue;
                    }
                    let stem = analyze(stemmer, &folded).pop().unwrap_or_default();
                    if !stems.contains(&stem) {
                        stems.push(stem);
                    }
                }
            }
            out.push(AnalyzedToken {
                stems,
                folded,
                range,
            });
        }
        out
    })
}

/// Sentence ranges of `text` (ends at `.`, `?`, `!` followed by a space, where the
/// word before is not a short abbreviation like `U.S.` or `Mr.`).
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') || i + 1 >= text.len() || bytes[i + 1] != b' ' {
            continue;
        }
        let word = text[start..i].rsplit(' ').next().unwrap_or("");
        let abbrev = word.contains('.')
            || (word.len() <= 3 && word.chars().next().is_some_and(char::is_uppercase));
        if abbrev || i + 1 - start < 20 {
            continue;
        }
        out.push(start..i + 1);
        start = i + 2;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The window of whole sentences holding the most highlights (distinct first),
/// at most `MAX_PASSAGE_BYTES` long; a single long sentence is cut at words
/// around its first highlight.
fn best_window(text: &str, spans: &[Range<usize>]) -> Range<usize> {
    let sents = sentences(text);
    let mut best: Option<(usize, usize, Range<usize>)> = None;
    for i in 0..sents.len() {
        let mut j = i;
        while j + 1 < sents.len() && sents[j + 1].end - sents[i].start <= MAX_PASSAGE_BYTES {
            j += 1;
        }
        let r = sents[i].start..sents[j].end;
        if r.len() > MAX_PASSAGE_BYTES {
            continue;
        }
        let inside: Vec<&str> = spans
            .iter()
            .filter(|s| s.start >= r.start && s.end <= r.end)
            .map(|s| &text[s.clone()])
            .collect();
        let distinct = inside
            .iter()
            .map(|s| s.to_lowercase())
            .collect::<HashSet<_>>()
            .len();
        let score = (distinct, inside.len());
        if best.as_ref().is_none_or(|(d, n, _)| score > (*d, *n)) {
            best = Some((score.0, score.1, r));
        }
    }
    match best {
        Some((d, _, r)) if d > 0 || spans.is_empty() => r,
        _ => word_window(text, spans.first().map_or(0, |s| s.start)),
    }
}

/// About `MAX_PASSAGE_BYTES` of text around `at`, cut at spaces.
fn word_window(text: &str, at: usize) -> Range<usize> {
    let lead = MAX_PASSAGE_BYTES / 4;
    let mut start = at.saturating_sub(lead);
    start = crate::error::floor_char_boundary(text, start);
    if start > 0 {
        start = text[start..at.max(start)]
            .find(' ')
            .map_or(start, |i| start + i + 1);
    }
    let mut end =
        crate::error::floor_char_boundary(text, (start + MAX_PASSAGE_BYTES).min(text.len()));
    if end < text.len() {
        end = text[start..end].rfind(' ').map_or(end, |i| start + i);
    }
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(h: &Highlighter, text: &str) -> String {
        let p = h.passage(text);
        let mut out = String::new();
        let mut last = 0;
        for s in &p.highlights {
            out.push_str(&p.text[last..s.start]);
            out.push_str("**");
            out.push_str(&p.text[s.start..s.end]);
            out.push_str("**");
            last = s.end;
        }
        out.push_str(&p.text[last..]);
        out
    }

    #[test]
    fn stems_and_accents_match() {
        let mut h = Highlighter::new();
        h.add_word("TARIFFS");
        h.add_word("resume");
        assert_eq!(
            marked(&h, "The tariff talks resumed; Résumé tariffs"),
            "The **tariff** talks **resumed**; **Résumé** **tariffs**"
        );
    }

    #[test]
    fn phrase_is_one_span_and_only_where_together() {
        let mut h = Highlighter::new();
        h.add_phrase("entity list");
        assert_eq!(
            marked(
                &h,
                "The list names each entity. Huawei is on the entity list now."
            ),
            "The list names each entity. Huawei is on the **entity list** now."
        );
    }

    #[test]
    fn numbers_highlight_whole() {
        let mut h = Highlighter::new();
        h.add_word("17.5");
        h.add_word("$1.13bn");
        h.add_word("1987");
        h.add_word("½");
        let text = "Output rose 17.5 pct, not 5, to $1.13bn in 1987. About ½.";
        assert_eq!(
            marked(&h, text),
            "Output rose **17.5** pct, not 5, to $**1.13bn** in **1987**. About **½**."
        );
        let mut five = Highlighter::new();
        five.add_word("5");
        assert_eq!(
            marked(&five, text),
            "Output rose 17.5 pct, not **5**, to $1.13bn in 1987. About ½."
        );
    }

    #[test]
    fn prefix() {
        let mut h = Highlighter::new();
        h.add_prefix("Tarif");
        assert_eq!(
            marked(&h, "tariffs and tarifa"),
            "**tariffs** and **tarifa**"
        );
    }

    #[test]
    fn long_text_is_windowed_at_sentences() {
        let mut h = Highlighter::new();
        h.add_word("huawei");
        let filler = "This sentence is about something else entirely and goes on. ".repeat(8);
        let text = format!("{filler}Huawei makes phones and network gear. {filler}");
        let p = h.passage(&text);
        assert!(p.text.len() <= MAX_PASSAGE_BYTES + 10);
        assert!(p.text.starts_with("… "));
        assert!(p.text.ends_with(" …"));
        let s = &p.highlights[0];
        assert_eq!(&p.text[s.start..s.end], "Huawei");
    }

    #[test]
    fn spans_stay_on_char_boundaries_in_cut_text() {
        let mut h = Highlighter::new();
        h.add_word("zte");
        let text = format!("{}ZTE {}", "é ".repeat(150), "ü ".repeat(150));
        let p = h.passage(&text);
        for s in &p.highlights {
            assert!(p.text.is_char_boundary(s.start) && p.text.is_char_boundary(s.end));
            assert_eq!(&p.text[s.start..s.end], "ZTE");
        }
    }

    /// Issue 16: highlights of inflected words in the index's other languages.
    #[test]
    fn inflected_words_light_up_in_their_language() {
        let mut h = Highlighter::with_stemmings(&[Stemming::English, Stemming::Russian]);
        h.add_word("пошлина");
        assert_eq!(
            marked(&h, "Решение о пошлинах вызвало недовольство."),
            "Решение о **пошлинах** вызвало недовольство."
        );
        let mut h = Highlighter::with_stemmings(&[Stemming::French]);
        h.add_phrase("tarif douanier");
        h.add_word("Pékin");
        assert_eq!(
            marked(&h, "Les tarifs douaniers montent; PÉKIN répond."),
            "Les **tarifs douaniers** montent; **PÉKIN** répond."
        );
        // English alone stems only words that can match, as before.
        assert_eq!(
            Highlighter::with_stemmings(&[Stemming::English]),
            Highlighter::new()
        );
    }

    /// Issue 16: CJK words are bigrams, so a word lights up inside a sentence
    /// and a longer one as one span, on character boundaries.
    #[test]
    fn cjk_bigrams_light_up_inside_sentences() {
        let mut h = Highlighter::new();
        h.add_word("关税");
        h.add_word("华为");
        let text = "美国将华为列入实体清单，并对中国商品加征关税。";
        assert_eq!(
            marked(&h, text),
            "美国将**华为**列入实体清单，并对中国商品加征**关税**。"
        );
        let mut h = Highlighter::new();
        h.add_word("加征关税");
        assert_eq!(
            marked(&h, text),
            "美国将华为列入实体清单，并对中国商品**加征关税**。"
        );
        // A long paragraph without spaces is cut on character boundaries.
        let long = format!(
            "{}トランプ大統領{}",
            "日本経済".repeat(60),
            "関税".repeat(60)
        );
        let mut h = Highlighter::new();
        h.add_word("トランプ");
        let p = h.passage(&long);
        assert!(p.text.len() <= MAX_PASSAGE_BYTES + 10, "{}", p.text.len());
        let lit: Vec<&str> = p
            .highlights
            .iter()
            .map(|s| &p.text[s.start..s.end])
            .collect();
        assert_eq!(lit, ["トランプ"]);
    }
}
