//! The natural-language rewrite: a query typed as a sentence loses its English
//! stop words and possessives before it is lowered.
//!
//! This module owns the stop list and that rewrite of the syntax tree. A
//! possessive `'s` is cut from every word (not from phrases, prefixes or
//! excluded words); a stop word is dropped only as a plain word (not a phrase,
//! a prefix or a name) of the top-level adjacency of a query without `AND`,
//! and only when a word to search for remains. It must not analyze words or
//! build queries: the lowering (`plan.rs`) does that.

use super::parse::{positive_terms, Node};

/// English stop words (the NLTK list): function words that match nearly every
/// article and only add noise to a natural-language query's ranking.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "s",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Strips a possessive `'s` from words, and drops stop words from the top-level
/// adjacency when other words remain (a query of stop words alone is kept).
pub(super) fn natural_language(ast: Node) -> Node {
    fn strip_possessive(n: Node) -> Node {
        match n {
            Node::Word { text, scope } => {
                let cut = ["'s", "'S", "\u{2019}s", "\u{2019}S"]
                    .iter()
                    .find(|p| text.ends_with(*p) && text.len() > p.len())
                    .map(|p| text.len() - p.len());
                Node::Word {
                    text: cut.map_or(text.clone(), |c| text[..c].to_string()),
                    scope,
                }
            }
            Node::And { children, strict } => Node::And {
                children: children.into_iter().map(strip_possessive).collect(),
                strict,
            },
            Node::Or(children) => Node::Or(children.into_iter().map(strip_possessive).collect()),
            Node::Required(n) => Node::Required(Box::new(strip_possessive(*n))),
            other => other,
        }
    }
    let is_stop = |n: &Node| match n {
        Node::Word { text, scope } if scope.is_text() => {
            let bare: String = text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            STOP_WORDS.contains(&bare.as_str())
        }
        _ => false,
    };
    match strip_possessive(ast) {
        Node::And {
            children,
            strict: false,
        } if children
            .iter()
            .any(|c| positive_terms(c) > 0 && !is_stop(c)) =>
        {
            let kept: Vec<Node> = children.into_iter().filter(|c| !is_stop(c)).collect();
            if kept.len() == 1 {
                kept.into_iter().next().unwrap_or(Node::Or(Vec::new()))
            } else {
                Node::And {
                    children: kept,
                    strict: false,
                }
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse::{parse, Scope};

    fn rewrite(q: &str) -> Node {
        natural_language(parse(q).unwrap())
    }

    fn w(t: &str) -> Node {
        Node::Word {
            text: t.into(),
            scope: Scope::Any,
        }
    }

    fn and(children: Vec<Node>) -> Node {
        Node::And {
            children,
            strict: false,
        }
    }

    #[test]
    fn stop_words_go_when_other_words_remain() {
        assert_eq!(
            rewrite("What did Trump say about Huawei?"),
            and(vec![w("Trump"), w("say"), w("Huawei?")])
        );
        assert_eq!(rewrite("the trade war"), and(vec![w("trade"), w("war")]));
        // One word left is the query itself.
        assert_eq!(rewrite("the tariffs"), w("tariffs"));
        // Stop words alone stay: there would be nothing left to search for.
        assert_eq!(
            rewrite("to be or not"),
            and(["to", "be", "or", "not"].map(w).to_vec())
        );
        // So does a stop word beside exclusions only.
        assert_eq!(
            rewrite("the -huawei"),
            and(vec![w("the"), Node::Not(Box::new(w("huawei")))])
        );
    }

    #[test]
    fn possessives_are_cut_and_syntax_is_kept() {
        assert_eq!(
            rewrite("Huawei's phones"),
            and(vec![w("Huawei"), w("phones")])
        );
        assert_eq!(rewrite("China\u{2019}s"), w("China"));
        // A required word loses its possessive too.
        assert_eq!(
            rewrite("+Trump's tariffs"),
            and(vec![Node::Required(Box::new(w("Trump"))), w("tariffs")])
        );
        // An explicit AND, a phrase and a group keep their stop words.
        assert_eq!(
            rewrite("the AND war"),
            Node::And {
                children: vec![w("the"), w("war")],
                strict: true
            }
        );
        assert_eq!(
            rewrite("\"the list\" of"),
            Node::Phrase {
                text: "the list".into(),
                scope: Scope::Any
            }
        );
        assert_eq!(
            rewrite("trade (the war)"),
            and(vec![w("trade"), and(vec![w("the"), w("war")])])
        );
    }
}
