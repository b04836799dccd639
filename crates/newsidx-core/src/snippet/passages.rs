//! Passage choice: which of an article's paragraphs a hit shows.
//!
//! This module owns the choice among the paragraphs the ranking liked best:
//! the one showing the most distinct query matches first, then a second one
//! only when it shows matches the first does not and both fit in two
//! passages' room. It works on plain text (paragraph texts and kinds, ranked
//! ordinals, a [`Highlighter`]) and must not know the index or tantivy.

use std::collections::HashSet;

use super::{Highlighter, Passage, MAX_PASSAGE_BYTES};
use crate::article::ParagraphKind;

/// A passage of one of an article's paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParagraphPassage {
    /// The paragraph's ordinal in its article.
    pub paragraph: u32,
    /// The paragraph's kind.
    pub kind: ParagraphKind,
    /// The passage and its highlights.
    pub passage: Passage,
}

/// A paragraph on offer, with its place in the ranking.
struct Offer {
    rank: usize,
    paragraph: u32,
    kind: ParagraphKind,
    passage: Passage,
}

/// The passages of a hit, best first, from its `paragraphs` (text and kind, in
/// article order) and the ordinals of its best-scoring ones (`ranked`, best
/// first): among the ranked, the one with the most distinct query matches
/// (ties to the better ranked), plus a second when it adds matches the first
/// lacks and the two together are at most two passages long. With no ranked
/// paragraph (no paragraph matched), the lede.
pub(crate) fn choose_passages<'a>(
    paragraphs: impl IntoIterator<Item = (&'a str, ParagraphKind)>,
    ranked: &[u32],
    h: &Highlighter,
) -> Vec<ParagraphPassage> {
    let wanted: &[u32] = if ranked.is_empty() { &[0] } else { ranked };
    let mut offers = Vec::new();
    for (ordinal, (text, kind)) in paragraphs.into_iter().enumerate() {
        if let Some(rank) = wanted.iter().position(|&w| w as usize == ordinal) {
            offers.push(Offer {
                rank,
                paragraph: ordinal as u32,
                kind,
                passage: h.passage(text),
            });
            if offers.len() == wanted.len() {
                break;
            }
        }
    }
    offers.sort_by(|a, b| {
        b.passage
            .keys
            .len()
            .cmp(&a.passage.keys.len())
            .then(a.rank.cmp(&b.rank))
    });
    let mut out: Vec<ParagraphPassage> = Vec::new();
    let mut covered: HashSet<usize> = HashSet::new();
    for o in offers {
        let adds = o.passage.keys.iter().any(|k| !covered.contains(k));
        let room = out.len() == 1
            && out[0].passage.text.len() + o.passage.text.len() <= 2 * MAX_PASSAGE_BYTES;
        if out.is_empty() || (room && adds) {
            covered.extend(o.passage.keys.iter().copied());
            out.push(ParagraphPassage {
                paragraph: o.paragraph,
                kind: o.kind,
                passage: o.passage,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARAGRAPHS: [&str; 4] = [
        "Trade talks resumed in Osaka.",
        "Huawei was added to the entity list.",
        "Huawei denied the charges again.",
        "Tariffs on soybeans hurt Huawei's suppliers.",
    ];

    fn choose(ranked: &[u32], words: &[&str]) -> Vec<(u32, String)> {
        let mut h = Highlighter::new();
        words.iter().for_each(|w| h.add_word(w));
        let kinds = [
            ParagraphKind::Heading,
            ParagraphKind::Body,
            ParagraphKind::Quote,
            ParagraphKind::Body,
        ];
        let paragraphs = PARAGRAPHS.iter().copied().zip(kinds);
        choose_passages(paragraphs, ranked, &h)
            .into_iter()
            .map(|p| (p.paragraph, p.passage.text))
            .collect()
    }

    #[test]
    fn most_matches_first_and_a_second_only_when_it_adds_some() {
        // Paragraph 3 matches two query words, 2 and 1 one each: 3 leads; 1
        // and 2 add nothing new ("huawei" is covered).
        assert_eq!(
            choose(&[2, 1, 3], &["huawei", "tariffs"]),
            [(3, PARAGRAPHS[3].to_string())]
        );
        // More matches lead even when ranked lower; equal matches go by rank,
        // and the second shows because it adds "talks".
        assert_eq!(
            choose(&[2, 1], &["huawei", "list"]),
            [(1, PARAGRAPHS[1].to_string())]
        );
        assert_eq!(
            choose(&[2, 0], &["huawei", "talks"]),
            [
                (2, PARAGRAPHS[2].to_string()),
                (0, PARAGRAPHS[0].to_string())
            ]
        );
    }

    #[test]
    fn without_ranked_paragraphs_the_lede() {
        let chosen = choose(&[], &["zte"]);
        assert_eq!(chosen, [(0, PARAGRAPHS[0].to_string())]);
        let mut h = Highlighter::new();
        h.add_word("talks");
        let lede = choose_passages([("Talks resumed.", ParagraphKind::Heading)], &[], &h);
        assert_eq!(lede[0].kind, ParagraphKind::Heading);
        assert_eq!(lede[0].passage.keys, [0]);
        // An article without paragraphs has no passage.
        assert_eq!(choose_passages([], &[], &h), []);
    }

    #[test]
    fn no_second_passage_without_room() {
        // Two long paragraphs, each cut to a full window around its match.
        let filler = "word ".repeat(100);
        let first = format!("{filler}Huawei {filler}");
        let second = format!("{filler}tariffs {filler}");
        let mut h = Highlighter::new();
        h.add_word("huawei");
        h.add_word("tariffs");
        let paragraphs = [
            (first.as_str(), ParagraphKind::Body),
            (second.as_str(), ParagraphKind::Body),
        ];
        let chosen = choose_passages(paragraphs, &[0, 1], &h);
        let lens: Vec<(u32, usize)> = chosen
            .iter()
            .map(|p| (p.paragraph, p.passage.text.len()))
            .collect();
        assert_eq!(lens, [(0, 364)]);
        // Short paragraphs with the same matches both show.
        let short = [
            ("Huawei.", ParagraphKind::Body),
            ("Tariffs.", ParagraphKind::Body),
        ];
        assert_eq!(choose_passages(short, &[0, 1], &h).len(), 2);
    }
}
