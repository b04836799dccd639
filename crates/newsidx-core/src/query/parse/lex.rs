//! The query's lexer: user text to lexemes, each with its byte position.
//!
//! This module decides what is syntax and what is a word. Punctuation that is
//! not syntax stays inside its word (analysis drops it later), so pasted prose
//! lexes. An operator of another engine that newsidx does not support is
//! refused here, with its position and what to write instead, rather than
//! searched as words:
//!
//! | typed | refused as | unless |
//! |---|---|---|
//! | `NEAR` | proximity | the query is in all capitals (then it is a word, like `AND`) |
//! | `NEAR/5`, `w/5`, `pre/5`, `/5`, `w/s`, `w/p`, `/s`, `/p` (any case) | proximity | |
//! | `"opec output"~5`, `(…)~5` | proximity | a space before `~` |
//! | `opec~`, `opec~1` | fuzzy matching | the part before `~` has no letter (`5~10`) |
//! | `oil^2`, `"…"^2`, `(…)^2` | a boost | the part before `^` has no letter |
//!
//! `~` or `^` followed by anything but a number stays inside its word
//! (`~/docs`, `a~b`), and a quoted word is always text (`"mc^2"`). The module
//! must not build the syntax tree (`parse.rs` does) or analyze words.

use super::Scope;
use crate::error::QueryError;

/// A unit of the query language.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Lexeme {
    Word(String),
    Prefix(String),
    Phrase(String),
    Field(Scope),
    Open,
    Close,
    Minus,
    /// `+` glued to a term: the term is required.
    Plus,
    Or,
    And,
    Not,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '(' || c == ')' || is_quote(c)
}

/// Splits a query into lexemes; the error names the byte position of the
/// first problem.
pub(super) fn lex(q: &str) -> Result<Vec<(Lexeme, usize)>, QueryError> {
    // A query typed or pasted all in capitals (old wire copy, classic test
    // collections) is prose: its AND, OR, NOT and NEAR are words, not
    // operators.
    let shouting = !q.chars().any(char::is_lowercase) && q.split_whitespace().count() > 3;
    let mut out: Vec<(Lexeme, usize)> = Vec::new();
    let mut it = q.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if c.is_whitespace() || c.is_control() {
            it.next();
            continue;
        }
        if is_quote(c) {
            it.next();
            let start = i + c.len_utf8();
            let mut end = None;
            for (j, d) in it.by_ref() {
                if is_quote(d) {
                    end = Some(j);
                    break;
                }
            }
            let Some(end) = end else {
                return Err(QueryError::new(q, i, "unclosed quote"));
            };
            let text = &q[start..end];
            let after = end + q[end..].chars().next().map_or(0, char::len_utf8);
            check_glued_suffix(q, after, Some(text))?;
            out.push((Lexeme::Phrase(text.to_string()), i));
            continue;
        }
        if c == '(' {
            it.next();
            out.push((Lexeme::Open, i));
            continue;
        }
        if c == ')' {
            it.next();
            check_glued_suffix(q, i + 1, None)?;
            out.push((Lexeme::Close, i));
            continue;
        }
        if c == '-' || c == '+' {
            it.next();
            // A sign counts only when it is glued to what follows: "-huawei".
            let glued = it
                .peek()
                .is_some_and(|&(_, d)| !d.is_whitespace() && d != ')');
            match c {
                '-' if glued => out.push((Lexeme::Minus, i)),
                '+' if glued => out.push((Lexeme::Plus, i)),
                _ => {}
            }
            continue;
        }
        // A word, up to a break; `name:` directly followed by text is a field scope.
        let mut end = q.len();
        let mut field_end = None;
        while let Some(&(j, d)) = it.peek() {
            if is_break(d) {
                end = j;
                break;
            }
            if d == ':' && field_end.is_none() {
                let next = q[j + 1..].chars().next();
                if next.is_some_and(|n| !n.is_whitespace() && n != ')') {
                    field_end = Some(j);
                    it.next();
                    end = j + 1;
                    break;
                }
            }
            it.next();
        }
        if let Some(fe) = field_end {
            let name = &q[i..fe];
            match Scope::from_name(name) {
                Some(scope) => {
                    out.push((Lexeme::Field(scope), i));
                    continue;
                }
                // `http://…` or `10:30` are words, `foo:bar` an unknown field.
                None if name.chars().all(|c| c.is_ascii_alphabetic())
                    && !q[fe + 1..].starts_with("//") =>
                {
                    return Err(QueryError::new(
                        q,
                        i,
                        format!(
                            "unknown field `{name}:` (fields are title:, author:, source:, tag:, text:)"
                        ),
                    ));
                }
                None => {
                    // Not a field: read on to the end of the word.
                    while let Some(&(j, d)) = it.peek() {
                        if is_break(d) {
                            end = j;
                            break;
                        }
                        it.next();
                        end = q.len();
                    }
                }
            }
        }
        let word = &q[i..end];
        if is_proximity(word, shouting) {
            let before = match out.last() {
                Some((Lexeme::Word(w), _)) => Some(w.as_str()),
                _ => None,
            };
            let words: Vec<&str> = before.into_iter().chain(plain_word_at(q, end)).collect();
            return Err(QueryError::new(
                q,
                i,
                format!(
                    "proximity search ({word}) is not supported yet; {}",
                    instead_of_proximity(&words, "a phrase")
                ),
            ));
        }
        check_word_suffix(q, i, word)?;
        let tok = match word {
            "OR" | "AND" | "NOT" if shouting => Lexeme::Word(word.to_string()),
            "OR" | "|" | "||" => Lexeme::Or,
            "AND" | "&&" => Lexeme::And,
            "NOT" => Lexeme::Not,
            w if w.len() > 1 && w.ends_with('*') => {
                Lexeme::Prefix(w.trim_end_matches('*').to_string())
            }
            w => Lexeme::Word(w.to_string()),
        };
        out.push((tok, i));
    }
    Ok(out)
}

/// A proximity operator of another engine: `NEAR` (a word in a query in
/// capitals), and in any case `NEAR/5`, `w/5`, `pre/5`, `/5` and Westlaw's
/// same-sentence and same-paragraph `w/s`, `w/p`, `/s`, `/p`.
fn is_proximity(word: &str, shouting: bool) -> bool {
    if word == "NEAR" {
        return !shouting;
    }
    let Some((name, reach)) = word.split_once('/') else {
        return false;
    };
    let name_ok = ["", "near", "w", "pre"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n));
    let reach_ok = (!reach.is_empty() && reach.bytes().all(|b| b.is_ascii_digit()))
        || (["s", "p"].iter().any(|r| reach.eq_ignore_ascii_case(r)) && name != "pre");
    name_ok && reach_ok
}

/// The word that starts after `at` (past spaces) when it is a plain word
/// (letters and digits, inner `.`, `'`, `-`), to name in a suggestion.
fn plain_word_at(q: &str, at: usize) -> Option<&str> {
    let rest = q[at..].trim_start();
    let word = &rest[..rest.find(is_break).unwrap_or(rest.len())];
    let plain = word.chars().next().is_some_and(char::is_alphanumeric)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '-'))
        && !matches!(word, "OR" | "AND" | "NOT" | "NEAR");
    plain.then_some(word)
}

/// What to write instead of a proximity search of `words`: `phrase` names the
/// kind of phrase (`a phrase`, `the exact phrase`).
fn instead_of_proximity(words: &[&str], phrase: &str) -> String {
    if words.len() < 2 {
        return format!("use {phrase} (\"…\") or AND");
    }
    format!(
        "use {phrase} (\"{}\") or AND ({})",
        words.join(" "),
        words.join(" AND ")
    )
}

/// A number as Lucene writes one after `~` or `^`: `2`, `0.5`.
fn is_number(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && frac.is_none_or(digits) && s.bytes().any(|b| b.is_ascii_digit())
}

/// Refuses a fuzzy (`opec~1`, `opec~`) or boosted (`oil^2`) word; `at` is the
/// word's position.
fn check_word_suffix(q: &str, at: usize, word: &str) -> Result<(), QueryError> {
    let Some(k) = word.rfind(['~', '^']) else {
        return Ok(());
    };
    let (base, op, suffix) = (&word[..k], &word[k..=k], &word[k + 1..]);
    if !base.chars().any(char::is_alphabetic) {
        return Ok(());
    }
    let quote = format!("or quote the word to search it as text (\"{word}\")");
    let message = match op {
        "~" if suffix.is_empty() || is_number(suffix) => format!(
            "fuzzy matching ({op}{suffix}) is not supported yet; use a prefix ({base}*) \
             or list the spellings with OR, {quote}"
        ),
        "^" if is_number(suffix) => {
            format!("boosts (^{suffix}) are not supported; remove ^{suffix}, {quote}")
        }
        _ => return Ok(()),
    };
    Err(QueryError::new(q, at + k, message))
}

/// Refuses proximity (`~5`) or a boost (`^2`) glued to the closing quote of a
/// phrase (`phrase` is its text) or to a closing parenthesis; `at` is where
/// the glued text would begin.
fn check_glued_suffix(q: &str, at: usize, phrase: Option<&str>) -> Result<(), QueryError> {
    let rest = &q[at..];
    let glued = &rest[..rest.find(is_break).unwrap_or(rest.len())];
    let Some(op) = glued.chars().next().filter(|c| matches!(c, '~' | '^')) else {
        return Ok(());
    };
    let suffix = &glued[1..];
    let message = match op {
        '~' if suffix.is_empty() || is_number(suffix) => {
            let words: Vec<&str> = phrase.map_or(Vec::new(), |p| p.split_whitespace().collect());
            let kind = if phrase.is_some() {
                "phrase proximity"
            } else {
                "proximity search"
            };
            format!(
                "{kind} (~{suffix}) is not supported yet; {}",
                instead_of_proximity(&words, "the exact phrase")
            )
        }
        '^' if is_number(suffix) => {
            format!("boosts (^{suffix}) are not supported; remove ^{suffix}")
        }
        _ => return Ok(()),
    };
    Err(QueryError::new(q, at, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> (usize, String) {
        let e = lex(q).unwrap_err();
        (e.position, e.message)
    }

    fn words(q: &str) -> Vec<Lexeme> {
        lex(q).unwrap().into_iter().map(|(l, _)| l).collect()
    }

    const OPEC_OUTPUT: &str = "(\"opec output\") or AND (opec AND output)";

    #[test]
    fn proximity_operators_are_refused_at_the_operator() {
        for (q, at, op) in [
            ("opec NEAR output", 5, "NEAR"),
            ("opec NEAR/3 output", 5, "NEAR/3"),
            ("opec near/3 output", 5, "near/3"),
            ("opec w/5 output", 5, "w/5"),
            ("opec W/5 output", 5, "W/5"),
            ("opec pre/2 output", 5, "pre/2"),
            ("opec /5 output", 5, "/5"),
            ("opec /s output", 5, "/s"),
            ("opec w/p output", 5, "w/p"),
        ] {
            assert_eq!(
                err(q),
                (
                    at,
                    format!(
                        "proximity search ({op}) is not supported yet; use a phrase {OPEC_OUTPUT}"
                    )
                ),
                "{q}"
            );
        }
        // Without two plain words around it, the advice is general.
        assert_eq!(
            err("(opec) NEAR output"),
            (
                7,
                "proximity search (NEAR) is not supported yet; use a phrase (\"…\") or AND".into()
            )
        );
        assert_eq!(
            err("\"opec output\"~5"),
            (
                13,
                format!("phrase proximity (~5) is not supported yet; use the exact phrase {OPEC_OUTPUT}")
            )
        );
        assert_eq!(
            err("(opec output)~5"),
            (
                13,
                "proximity search (~5) is not supported yet; use the exact phrase (\"…\") or AND"
                    .into()
            )
        );
    }

    #[test]
    fn fuzzy_and_boosts_are_refused_at_the_operator() {
        assert_eq!(
            err("price roam~"),
            (
                10,
                "fuzzy matching (~) is not supported yet; use a prefix (roam*) or list the \
                 spellings with OR, or quote the word to search it as text (\"roam~\")"
                    .into()
            )
        );
        assert_eq!(err("opec~1").0, 4);
        assert_eq!(err("roam~0.8").0, 4);
        assert_eq!(
            err("oil^2 prices"),
            (
                3,
                "boosts (^2) are not supported; remove ^2, or quote the word to search it as \
                 text (\"oil^2\")"
                    .into()
            )
        );
        assert_eq!(
            err("\"crude oil\"^2"),
            (11, "boosts (^2) are not supported; remove ^2".into())
        );
        assert_eq!(
            err("(crude oil)^0.5"),
            (11, "boosts (^0.5) are not supported; remove ^0.5".into())
        );
        assert_eq!(err("title:opec~1").0, 10);
    }

    #[test]
    fn prose_keeps_its_words() {
        let w = |s: &str| Lexeme::Word(s.into());
        // Lowercase "near", and NEAR in a query in capitals, are words.
        assert_eq!(
            words("oil near the coast"),
            [w("oil"), w("near"), w("the"), w("coast")]
        );
        assert_eq!(
            words("REFINERIES NEAR THE GULF COAST"),
            ["REFINERIES", "NEAR", "THE", "GULF", "COAST"].map(w)
        );
        // `~` and `^` inside a word, before no number, or after no letter.
        assert_eq!(
            words("costs ~5 dollars, 5~10 people, a~b ~/docs x^y ^2 w/o and/or 1/2"),
            [
                "costs", "~5", "dollars,", "5~10", "people,", "a~b", "~/docs", "x^y", "^2", "w/o",
                "and/or", "1/2"
            ]
            .map(w)
        );
        // A quoted word is text, whatever it holds.
        assert_eq!(
            words("\"opec~1\" \"mc^2\""),
            [
                Lexeme::Phrase("opec~1".into()),
                Lexeme::Phrase("mc^2".into())
            ]
        );
        // A space after the closing quote makes `~5` a word of its own.
        assert_eq!(
            words("\"opec output\" ~5"),
            [Lexeme::Phrase("opec output".into()), w("~5")]
        );
    }

    #[test]
    fn a_glued_plus_is_an_operator_and_a_lone_one_is_nothing() {
        assert_eq!(
            words("+coffee 1 + 1 C++"),
            [
                Lexeme::Plus,
                Lexeme::Word("coffee".into()),
                Lexeme::Word("1".into()),
                Lexeme::Word("1".into()),
                Lexeme::Word("C++".into()),
            ]
        );
    }
}
