//! The query language: user text to a syntax tree, with errors that point at the
//! problem.
//!
//! ```text
//! query   := or
//! or      := and ( "OR" and )*
//! and     := unary ( ["AND"] unary )*      without AND: preferred at the top, required in a group
//! unary   := ("-" | "NOT") atom | "+" atom | atom
//! atom    := [field ":"] ( word | word"*" | "\"phrase\"" | "(" query ")" )
//! field   := title | author | source | tag | text
//! ```
//!
//! Punctuation that is not syntax is part of a word and disappears in analysis,
//! so a pasted sentence (`What did Trump say about Huawei?`) is a valid query;
//! an operator of another engine that newsidx does not support (`NEAR`, `w/5`,
//! `"…"~5`, `opec~1`, `oil^2`) is refused with its position, never searched as
//! words (`lex.rs`). `+word` requires the word, as `AND` or a field does.
//! The query, each alternative of an `OR` and what follows `-`/`NOT` must each
//! search for something ([`positive_terms`]): `a OR -b` is refused.
//!
//! This module owns the syntax and its errors; it must not analyze words
//! (the lowering, `plan.rs`, does).

mod lex;

use crate::article::MetaField;
use crate::error::QueryError;
use lex::{lex, Lexeme};

/// Longest query accepted, in terms.
pub(crate) const MAX_TERMS: usize = 1024;
/// Deepest nesting of parentheses accepted.
const MAX_DEPTH: usize = 32;

/// Where a term must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    /// Title or text (the default).
    Any,
    /// The title only.
    Title,
    /// Paragraph text only.
    Text,
    /// An author's name.
    Author,
    /// The source.
    Source,
    /// Any of the subject fields: tags, people, organizations, places,
    /// topics, exchanges, section.
    Tag,
    /// One subject field (`person:`, `org:`, `place:`, `topic:`,
    /// `exchange:`, `section:`).
    Meta(MetaField),
}

impl Scope {
    fn from_name(name: &str) -> Option<Scope> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" | "headline" => Scope::Title,
            "text" | "body" => Scope::Text,
            "author" | "by" | "byline" => Scope::Author,
            "source" | "outlet" => Scope::Source,
            "tag" | "tags" => Scope::Tag,
            other => Scope::Meta(MetaField::parse(other)?),
        })
    }

    /// True for scopes that match article text (and so are highlighted).
    pub(crate) fn is_text(self) -> bool {
        matches!(self, Scope::Any | Scope::Title | Scope::Text)
    }
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// A word (which analysis may split into several tokens, then matched as a
    /// phrase).
    Word { text: String, scope: Scope },
    /// A quoted phrase.
    Phrase { text: String, scope: Scope },
    /// A word prefix: `tarif*`.
    Prefix { text: String, scope: Scope },
    /// Excluded: `-word`, `NOT word`.
    Not(Box<Node>),
    /// Required: `+word`, in an adjacency that would otherwise only prefer it.
    Required(Box<Node>),
    /// Adjacent terms; `strict` when joined by an explicit `AND`.
    And { children: Vec<Node>, strict: bool },
    /// Alternatives.
    Or(Vec<Node>),
}

/// Parses a query; the error names the byte position of the problem.
pub(crate) fn parse(query: &str) -> Result<Node, QueryError> {
    let lexemes = lex(query)?;
    if lexemes.is_empty() {
        return Err(QueryError::new(query, 0, "the query is empty"));
    }
    let terms = lexemes
        .iter()
        .filter(|(t, _)| matches!(t, Lexeme::Word(_) | Lexeme::Prefix(_) | Lexeme::Phrase(_)))
        .count();
    if terms > MAX_TERMS {
        return Err(QueryError::new(
            query,
            lexemes[MAX_TERMS].1,
            format!("the query has {terms} terms; at most {MAX_TERMS} are allowed"),
        ));
    }
    let mut p = Parser {
        query,
        lexemes,
        pos: 0,
        depth: 0,
        nothing_sought: None,
    };
    let node = p.or()?;
    if let Some((_, at)) = p.lexemes.get(p.pos) {
        // Only a stray ")" can stop the top-level loop early.
        return Err(QueryError::new(query, *at, "unmatched closing parenthesis"));
    }
    if positive_terms(&node) == 0 {
        return Err(QueryError::new(
            query,
            0,
            "the query only excludes terms; add a term to search for",
        ));
    }
    if let Some(e) = p.nothing_sought {
        return Err(e);
    }
    Ok(node)
}

/// How many terms a query searches for: a word, phrase or prefix counts one,
/// an exclusion none, an adjacency the sum of its parts, and alternatives one
/// requirement when every alternative searches for something (none
/// otherwise: `a OR -b` has nothing it must find). The parser refuses a query
/// whose count is 0, and no alternative or exclusion inside a query may count
/// 0 either; the strict tier and the stop-word rewrite read the same count.
pub(crate) fn positive_terms(n: &Node) -> usize {
    match n {
        Node::Word { .. } | Node::Phrase { .. } | Node::Prefix { .. } => 1,
        Node::Not(_) => 0,
        Node::Required(n) => positive_terms(n),
        Node::And { children, .. } => children.iter().map(positive_terms).sum(),
        Node::Or(children) => usize::from(children.iter().all(|c| positive_terms(c) > 0)),
    }
}

struct Parser<'q> {
    query: &'q str,
    lexemes: Vec<(Lexeme, usize)>,
    pos: usize,
    depth: usize,
    /// The first alternative or exclusion inside the query that searches for
    /// nothing (`x (a OR -b)`, `x -(-a)`): reported once the whole query is
    /// known to search for something, so that a query that only excludes
    /// keeps its own message.
    nothing_sought: Option<QueryError>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Lexeme> {
        self.lexemes.get(self.pos).map(|(t, _)| t)
    }

    fn at(&self) -> usize {
        self.lexemes
            .get(self.pos)
            .map_or(self.query.len(), |(_, a)| *a)
    }

    fn err(&self, at: usize, msg: impl Into<String>) -> QueryError {
        QueryError::new(self.query, at, msg)
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut starts = vec![self.at()];
        let mut alts = vec![self.and()?];
        while self.peek() == Some(&Lexeme::Or) {
            let at = self.at();
            self.pos += 1;
            if matches!(self.peek(), None | Some(Lexeme::Close | Lexeme::Or)) {
                return Err(self.err(at, "OR needs a term after it"));
            }
            starts.push(self.at());
            alts.push(self.and()?);
        }
        if alts.len() == 1 {
            return Ok(alts.remove(0));
        }
        if let Some(i) = alts.iter().position(|a| positive_terms(a) == 0) {
            self.nothing_sought(
                starts[i],
                "this alternative only excludes terms; each side of OR needs a term to search for",
            );
        }
        Ok(Node::Or(alts))
    }

    fn nothing_sought(&mut self, at: usize, msg: &str) {
        if self.nothing_sought.is_none() {
            self.nothing_sought = Some(self.err(at, msg));
        }
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut children = Vec::new();
        let mut strict = false;
        loop {
            match self.peek() {
                None | Some(Lexeme::Close) | Some(Lexeme::Or) => break,
                Some(Lexeme::And) => {
                    let at = self.at();
                    self.pos += 1;
                    if children.is_empty()
                        || matches!(
                            self.peek(),
                            None | Some(Lexeme::Close | Lexeme::Or | Lexeme::And)
                        )
                    {
                        return Err(self.err(at, "AND needs a term on both sides"));
                    }
                    strict = true;
                }
                _ => children.push(self.unary()?),
            }
        }
        if children.is_empty() {
            let at = self.at();
            return Err(match self.peek() {
                Some(Lexeme::Or) => self.err(at, "OR needs a term before it"),
                Some(Lexeme::Close) => self.err(at, "empty parentheses or unmatched `)`"),
                _ => self.err(at, "expected a term"),
            });
        }
        Ok(if children.len() == 1 {
            children.remove(0)
        } else {
            Node::And { children, strict }
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if matches!(self.peek(), Some(Lexeme::Minus | Lexeme::Not)) {
            let at = self.at();
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Lexeme::Close | Lexeme::Or | Lexeme::And)
            ) {
                return Err(self.err(at, "nothing to exclude after `-`/NOT"));
            }
            let excluded = self.atom(Scope::Any)?;
            if positive_terms(&excluded) == 0 {
                self.nothing_sought(
                    at,
                    "nothing to exclude: what follows `-`/NOT only excludes terms",
                );
            }
            return Ok(Node::Not(Box::new(excluded)));
        }
        if self.peek() == Some(&Lexeme::Plus) {
            let at = self.at();
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(
                    Lexeme::Close
                        | Lexeme::Or
                        | Lexeme::And
                        | Lexeme::Minus
                        | Lexeme::Not
                        | Lexeme::Plus
                )
            ) {
                return Err(self.err(at, "`+` (required) needs a term after it"));
            }
            return Ok(Node::Required(Box::new(self.atom(Scope::Any)?)));
        }
        self.atom(Scope::Any)
    }

    fn atom(&mut self, scope: Scope) -> Result<Node, QueryError> {
        let at = self.at();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.err(at, "expected a term"));
        };
        self.pos += 1;
        match tok {
            Lexeme::Word(text) => Ok(Node::Word { text, scope }),
            Lexeme::Prefix(text) => Ok(Node::Prefix { text, scope }),
            Lexeme::Phrase(text) => Ok(Node::Phrase { text, scope }),
            Lexeme::Field(s) => {
                if scope != Scope::Any {
                    return Err(self.err(at, "a field inside a field"));
                }
                if matches!(
                    self.peek(),
                    None | Some(Lexeme::Close | Lexeme::Or | Lexeme::And)
                ) {
                    return Err(self.err(at, "the field needs a term after the colon"));
                }
                self.atom(s)
            }
            Lexeme::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.err(at, "parentheses nested too deeply"));
                }
                let inner = self.or()?;
                self.depth -= 1;
                if self.peek() != Some(&Lexeme::Close) {
                    return Err(self.err(at, "unclosed parenthesis"));
                }
                self.pos += 1;
                Ok(rescope(inner, scope))
            }
            Lexeme::Minus | Lexeme::Not => Err(self.err(at, "nothing to exclude after `-`/NOT")),
            Lexeme::Plus => Err(self.err(
                at,
                "`+` goes before the term or its field (`+trade`, `+title:trade`)",
            )),
            Lexeme::Close => Err(self.err(at, "unmatched closing parenthesis")),
            Lexeme::Or => Err(self.err(at, "OR needs a term before it")),
            Lexeme::And => Err(self.err(at, "AND needs a term on both sides")),
        }
    }
}

/// Applies a field scope to every term of a group: `title:(trade war)`.
fn rescope(node: Node, scope: Scope) -> Node {
    if scope == Scope::Any {
        return node;
    }
    match node {
        Node::Word { text, .. } => Node::Word { text, scope },
        Node::Phrase { text, .. } => Node::Phrase { text, scope },
        Node::Prefix { text, .. } => Node::Prefix { text, scope },
        Node::Not(n) => Node::Not(Box::new(rescope(*n, scope))),
        Node::Required(n) => Node::Required(Box::new(rescope(*n, scope))),
        Node::And { children, strict } => Node::And {
            children: children.into_iter().map(|c| rescope(c, scope)).collect(),
            strict,
        },
        Node::Or(children) => Node::Or(children.into_iter().map(|c| rescope(c, scope)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(t: &str) -> Node {
        Node::Word {
            text: t.into(),
            scope: Scope::Any,
        }
    }

    fn err(q: &str) -> (usize, String) {
        let e = parse(q).unwrap_err();
        (e.position, e.message)
    }

    #[test]
    fn words_phrases_fields() {
        assert_eq!(
            parse("huawei \"entity list\" -zte title:trade").unwrap(),
            Node::And {
                children: vec![
                    w("huawei"),
                    Node::Phrase {
                        text: "entity list".into(),
                        scope: Scope::Any
                    },
                    Node::Not(Box::new(w("zte"))),
                    Node::Word {
                        text: "trade".into(),
                        scope: Scope::Title
                    },
                ],
                strict: false
            }
        );
        assert_eq!(
            parse("(huawei OR zte) tarif*").unwrap(),
            Node::And {
                children: vec![
                    Node::Or(vec![w("huawei"), w("zte")]),
                    Node::Prefix {
                        text: "tarif".into(),
                        scope: Scope::Any
                    }
                ],
                strict: false
            }
        );
    }

    #[test]
    fn capitals_are_prose() {
        assert_eq!(
            parse("RELATIONS BETWEEN INDIA AND PAKISTAN").unwrap(),
            Node::And {
                children: ["RELATIONS", "BETWEEN", "INDIA", "AND", "PAKISTAN"]
                    .map(w)
                    .to_vec(),
                strict: false
            }
        );
        assert_eq!(
            parse("HUAWEI OR ZTE").unwrap(),
            Node::Or(vec![w("HUAWEI"), w("ZTE")])
        );
    }

    #[test]
    fn sentences_parse() {
        assert!(parse("What did Trump say about Huawei? (And why -- really?)").is_ok());
        assert!(parse("U.S.-China talks: 10:30 a.m. http://example.com/a").is_ok());
        assert!(parse("Note: tariffs").is_ok());
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(err("\"entity list"), (0, "unclosed quote".into()));
        assert_eq!(err("huawei \"entity"), (7, "unclosed quote".into()));
        assert_eq!(err("(huawei zte"), (0, "unclosed parenthesis".into()));
        assert_eq!(
            err("huawei) zte"),
            (6, "unmatched closing parenthesis".into())
        );
        assert_eq!(err("huawei OR"), (7, "OR needs a term after it".into()));
        assert_eq!(
            err("-huawei"),
            (
                0,
                "the query only excludes terms; add a term to search for".into()
            )
        );
        assert_eq!(err("   "), (0, "the query is empty".into()));
        assert!(err("foo:bar").1.starts_with("unknown field `foo:`"));
        assert_eq!(err(&"(".repeat(100)).1, "parentheses nested too deeply");
        assert!(err(&"a ".repeat(2000)).1.contains("at most 1024"));
    }

    #[test]
    fn plus_requires() {
        let req = |n: Node| Node::Required(Box::new(n));
        assert_eq!(
            parse("+coffee +quota talks").unwrap(),
            Node::And {
                children: vec![req(w("coffee")), req(w("quota")), w("talks")],
                strict: false
            }
        );
        assert_eq!(
            parse("+title:trade").unwrap(),
            req(Node::Word {
                text: "trade".into(),
                scope: Scope::Title
            })
        );
        assert_eq!(
            parse("+\"entity list\"").unwrap(),
            req(Node::Phrase {
                text: "entity list".into(),
                scope: Scope::Any
            })
        );
        assert_eq!(positive_terms(&parse("+coffee +quota").unwrap()), 2);
        let needs = "`+` (required) needs a term after it";
        assert_eq!(err("coffee +-quota"), (7, needs.into()));
        assert_eq!(err("coffee +OR quota"), (7, needs.into()));
        let misplaced = "`+` goes before the term or its field (`+trade`, `+title:trade`)";
        assert_eq!(err("coffee title:+trade"), (13, misplaced.into()));
        assert_eq!(err("coffee -+trade"), (8, misplaced.into()));
    }

    #[test]
    fn positive_terms_count_what_the_query_searches_for() {
        let count = |q: &str| positive_terms(&parse(q).unwrap());
        assert_eq!(count("huawei"), 1);
        assert_eq!(count("huawei \"entity list\" tarif*"), 3);
        assert_eq!(count("huawei AND zte -apple"), 2);
        // Alternatives are one requirement, whatever they hold.
        assert_eq!(count("huawei OR zte"), 1);
        assert_eq!(count("(huawei zte OR trade war) tariffs"), 2);
        assert_eq!(count("huawei -(zte OR apple)"), 1);
        let not = Node::Not(Box::new(w("zte")));
        assert_eq!(positive_terms(&not), 0);
        assert_eq!(positive_terms(&Node::Or(vec![w("a"), not.clone()])), 0);
        assert_eq!(
            positive_terms(&Node::And {
                children: vec![w("a"), Node::Or(vec![w("b"), not])],
                strict: false
            }),
            1
        );
    }

    #[test]
    fn every_alternative_and_exclusion_must_search_for_something() {
        // At the top, the query only excludes.
        let only = "the query only excludes terms; add a term to search for";
        assert_eq!(err("huawei OR -zte"), (0, only.into()));
        assert_eq!(err("-(-zte)"), (0, only.into()));
        // Inside a query that searches, the offending part is named.
        assert_eq!(
            err("trade (huawei OR -zte)"),
            (
                17,
                "this alternative only excludes terms; each side of OR needs a term to search for"
                    .into()
            )
        );
        assert_eq!(
            err("trade -(-zte)"),
            (
                6,
                "nothing to exclude: what follows `-`/NOT only excludes terms".into()
            )
        );
        assert!(parse("trade -(zte -huawei)").is_ok());
        assert!(parse("trade (huawei OR zte -apple)").is_ok());
    }
}
