//! The lowering: a parsed query becomes one [`Plan`] that every phase reads.
//!
//! The plan holds each word, phrase and prefix analyzed once (as the field it
//! searches was indexed: stemmed text, or folded names), with its field scope
//! and prefix flag, and the query's shape: which parts are required, which are
//! preferred (the words of a top-level adjacency, which rank by how many
//! match), which are alternatives and which are excluded. Phase 1's tantivy
//! queries (`builder.rs`, loose and strict tier alike), phase 2's paragraph
//! query (`paragraphs.rs`) and the highlighter all read this one plan, so the
//! phases cannot drift apart. This module owns that shape and the count of
//! terms the strict tier reads; it must not build tantivy queries or touch the
//! index.
//!
//! Each article is stemmed in its own language, and all languages share the
//! title and body fields, so a text word is analyzed once per language the
//! index holds ([`Stemming`]): when the analyses disagree (`пошлина` is
//! `пошлина` in English and `пошлин` in Russian) the word lowers to the
//! alternatives of its distinct forms, one leaf each, and matches an article
//! in any of them. An index of English articles alone lowers every word
//! exactly as before languages were known.
//!
//! A prefix (`tarif*`) stands for the first [`MAX_EXPANSIONS`] indexed terms
//! that begin with it, in term order, in each segment, in every phase: it
//! bounds the work one short prefix can cause (`a*`), as tantivy's phrase
//! prefix query does. Only the prefix's last word is a prefix (`U.S.-Chin*`
//! is the phrase `u s` followed by any term beginning `chin`), matched
//! unstemmed.

use tantivy::tokenizer::TextAnalyzer;

use super::parse::{positive_terms, Node, Scope};
use crate::index::schema::{name_analyzer, text_analyzer_for, Stemming};
use crate::snippet::{analyze, Highlighter};

/// The most terms a prefix stands for in one segment (the first ones in term
/// order), in every phase.
pub(crate) const MAX_EXPANSIONS: usize = 256;

/// A query lowered once for every phase.
#[derive(Debug, PartialEq)]
pub(crate) struct Plan {
    /// The analyzed words, phrases and prefixes; clauses refer to them by
    /// index, in query order.
    pub leaves: Vec<Leaf>,
    /// The query's shape; `None` when no part of it has a searchable word.
    pub root: Option<Clause>,
    /// The terms the query searches for ([`positive_terms`]).
    pub positives: usize,
    /// The analyses words were lowered under, English first.
    pub stemmings: Vec<Stemming>,
}

/// A word, phrase or prefix: terms at consecutive positions in one scope.
#[derive(Debug, PartialEq)]
pub(crate) struct Leaf {
    /// Where the terms must match.
    pub scope: Scope,
    /// The analyzed terms, never empty: stemmed text for text scopes, folded
    /// names for author, source and tag.
    pub terms: Vec<String>,
    /// The last term is a prefix of indexed terms (folded, unstemmed).
    pub prefix: bool,
}

/// The shape of a query.
#[derive(Debug, PartialEq)]
pub(crate) enum Clause {
    /// A leaf, by index into [`Plan::leaves`].
    Leaf(usize),
    /// An adjacency: parts that are required, preferred or excluded. Some part
    /// is not excluded.
    Group(Vec<Part>),
    /// Alternatives: at least one must match.
    Any(Vec<Clause>),
}

/// A part of a [`Clause::Group`].
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    /// How the part counts.
    pub role: Role,
    /// The part itself.
    pub clause: Clause,
}

/// How a part of an adjacency counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Must match: parts joined by `AND`, parts of a group in parentheses,
    /// parts marked `+`, and any part with a field scope (a deliberate
    /// restriction).
    Required,
    /// Ranks by how many match: the unscoped parts of a top-level adjacency
    /// without `AND`. The strict tier requires them all.
    Preferred,
    /// Must not match (`-word`, `NOT word`); it concerns the article only, so
    /// phase 2 and the highlighter skip it.
    Excluded,
}

impl Plan {
    /// Lowers a parsed (and rewritten) query for an index holding articles
    /// stemmed with `stemmings` (English is always among them: it is the
    /// analysis of articles of unknown language).
    pub(crate) fn lower(ast: &Node, stemmings: &[Stemming]) -> Plan {
        let mut all = vec![Stemming::English];
        all.extend(
            stemmings
                .iter()
                .copied()
                .filter(|s| *s != Stemming::English),
        );
        all.sort_unstable();
        all.dedup();
        let mut lowering = Lowering {
            text: all.iter().map(|s| text_analyzer_for(*s)).collect(),
            name: name_analyzer(),
            leaves: Vec::new(),
        };
        let root = lowering.clause(ast, true);
        Plan {
            leaves: lowering.leaves,
            root,
            positives: positive_terms(ast),
            stemmings: all,
        }
    }

    /// The highlighter of the plan: its text leaves that are not excluded
    /// (title and body scopes; names are not highlighted). Of a prefix leaf
    /// only the prefix is highlighted.
    pub(crate) fn highlighter(&self) -> Highlighter {
        fn walk(plan: &Plan, c: &Clause, h: &mut Highlighter) {
            match c {
                Clause::Leaf(i) => {
                    let leaf = &plan.leaves[*i];
                    if !leaf.scope.is_text() {
                        return;
                    }
                    match (leaf.prefix, leaf.terms.last()) {
                        (true, Some(last)) => h.add_analyzed_prefix(last.clone()),
                        _ => h.add_analyzed_phrase(leaf.terms.clone()),
                    }
                }
                Clause::Group(parts) => parts
                    .iter()
                    .filter(|p| p.role != Role::Excluded)
                    .for_each(|p| walk(plan, &p.clause, h)),
                Clause::Any(alts) => alts.iter().for_each(|a| walk(plan, a, h)),
            }
        }
        let mut h = Highlighter::with_stemmings(&self.stemmings);
        if let Some(root) = &self.root {
            walk(self, root, &mut h);
        }
        h
    }
}

/// The children of an adjacency, with the exclusions of a child group that
/// only excludes (`huawei (-zte -apple)`) standing in for that group: they
/// exclude from the adjacency around it, as if written beside it.
fn flatten_exclusions<'n>(children: &'n [Node], out: &mut Vec<&'n Node>) {
    for c in children {
        match c {
            Node::And { children, .. } if positive_terms(c) == 0 => {
                flatten_exclusions(children, out)
            }
            _ => out.push(c),
        }
    }
}

/// The analyzers and the leaves found so far.
struct Lowering {
    /// One text analyzer per language of the index, English first.
    text: Vec<TextAnalyzer>,
    name: TextAnalyzer,
    leaves: Vec<Leaf>,
}

impl Lowering {
    /// `top`: the node is the whole query, whose adjacency's unscoped parts are
    /// preferred rather than required. `None` when nothing in the node is
    /// searchable: words that analyze to nothing (`???`), and a group or
    /// alternatives made only of those (with whatever the group excludes).
    fn clause(&mut self, n: &Node, top: bool) -> Option<Clause> {
        match n {
            Node::Word { text, scope } | Node::Phrase { text, scope } => {
                self.leaf(text, *scope, false)
            }
            Node::Prefix { text, scope } => self.leaf(text, *scope, true),
            // The parser puts an exclusion only in an adjacency, which lowers it.
            Node::Not(_) => None,
            // Required matters only as a part of an adjacency, which reads it.
            Node::Required(inner) => self.clause(inner, false),
            Node::And { children, strict } => {
                let mut parts = Vec::new();
                let mut flat = Vec::new();
                flatten_exclusions(children, &mut flat);
                for c in flat {
                    if let Node::Not(inner) = c {
                        if let Some(clause) = self.clause(inner, false) {
                            parts.push(Part {
                                role: Role::Excluded,
                                clause,
                            });
                        }
                        continue;
                    }
                    let scoped = matches!(c,
                        Node::Word { scope, .. } | Node::Phrase { scope, .. } | Node::Prefix { scope, .. }
                        if *scope != Scope::Any);
                    let plus = matches!(c, Node::Required(_));
                    let role = if top && !strict && !scoped && !plus {
                        Role::Preferred
                    } else {
                        Role::Required
                    };
                    if let Some(clause) = self.clause(c, false) {
                        parts.push(Part { role, clause });
                    }
                }
                if parts.iter().all(|p| p.role == Role::Excluded) {
                    return None;
                }
                Some(Clause::Group(parts))
            }
            Node::Or(children) => {
                let alts: Vec<Clause> = children
                    .iter()
                    .filter_map(|c| self.clause(c, false))
                    .collect();
                (!alts.is_empty()).then_some(Clause::Any(alts))
            }
        }
    }

    /// A word, phrase or prefix: one leaf, or the alternatives of its distinct
    /// analyses when the index's languages analyze it differently.
    fn leaf(&mut self, text: &str, scope: Scope, prefix: bool) -> Option<Clause> {
        let names = matches!(
            scope,
            Scope::Author | Scope::Source | Scope::Tag | Scope::Meta(_)
        );
        let mut forms: Vec<Vec<String>> = Vec::new();
        if names {
            forms.push(analyze(&mut self.name, text));
        } else {
            // The last word of a prefix is matched as a prefix of indexed
            // terms, unstemmed.
            let last = if prefix {
                analyze(&mut self.name, text).pop()
            } else {
                None
            };
            for analyzer in &mut self.text {
                let mut terms = analyze(analyzer, text);
                if let (Some(last), Some(slot)) = (&last, terms.last_mut()) {
                    slot.clone_from(last);
                }
                if !forms.contains(&terms) {
                    forms.push(terms);
                }
            }
        }
        forms.retain(|f| !f.is_empty());
        let mut alts: Vec<Clause> = forms
            .into_iter()
            .map(|terms| {
                self.leaves.push(Leaf {
                    scope,
                    terms,
                    prefix,
                });
                Clause::Leaf(self.leaves.len() - 1)
            })
            .collect();
        match alts.len() {
            0 => None,
            1 => alts.pop(),
            _ => Some(Clause::Any(alts)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse::parse;

    fn plan(q: &str) -> Plan {
        Plan::lower(&parse(q).unwrap(), &[])
    }

    fn leaf(scope: Scope, terms: &[&str], prefix: bool) -> Leaf {
        Leaf {
            scope,
            terms: terms.iter().map(|t| t.to_string()).collect(),
            prefix,
        }
    }

    fn part(role: Role, i: usize) -> Part {
        Part {
            role,
            clause: Clause::Leaf(i),
        }
    }

    #[test]
    fn a_top_level_adjacency_prefers_its_words_and_requires_its_fields() {
        let p = plan("Tariffs \"entity list\" -zte title:trade U.S.-Chin*");
        assert_eq!(
            p.leaves,
            [
                leaf(Scope::Any, &["tariff"], false),
                leaf(Scope::Any, &["entiti", "list"], false),
                leaf(Scope::Any, &["zte"], false),
                leaf(Scope::Title, &["trade"], false),
                leaf(Scope::Any, &["u", "s", "chin"], true),
            ]
        );
        assert_eq!(
            p.root,
            Some(Clause::Group(vec![
                part(Role::Preferred, 0),
                part(Role::Preferred, 1),
                part(Role::Excluded, 2),
                part(Role::Required, 3),
                part(Role::Preferred, 4),
            ]))
        );
        assert_eq!(p.positives, 4);
    }

    #[test]
    fn and_groups_and_names_require() {
        let p = plan("huawei AND zte");
        assert_eq!(
            p.root,
            Some(Clause::Group(vec![
                part(Role::Required, 0),
                part(Role::Required, 1)
            ]))
        );
        // A group in parentheses requires its words; names are folded, not stemmed.
        let p = plan("talks (author:\"Lingling Wei\" tariffs)");
        assert_eq!(
            p.leaves[1..],
            [
                leaf(Scope::Author, &["lingling", "wei"], false),
                leaf(Scope::Any, &["tariff"], false),
            ]
        );
        assert_eq!(
            p.root,
            Some(Clause::Group(vec![
                part(Role::Preferred, 0),
                Part {
                    role: Role::Preferred,
                    clause: Clause::Group(vec![part(Role::Required, 1), part(Role::Required, 2)])
                },
            ]))
        );
    }

    #[test]
    fn plus_requires_like_and() {
        let p = plan("+coffee +quota talks");
        assert_eq!(
            p.root,
            Some(Clause::Group(vec![
                part(Role::Required, 0),
                part(Role::Required, 1),
                part(Role::Preferred, 2),
            ]))
        );
        assert_eq!(p.positives, 3);
        // Alone, or as an alternative, `+` changes nothing.
        assert_eq!(plan("+coffee").root, Some(Clause::Leaf(0)));
        assert_eq!(
            plan("+coffee OR tea").root,
            Some(Clause::Any(vec![Clause::Leaf(0), Clause::Leaf(1)]))
        );
    }

    #[test]
    fn alternatives_count_as_one_term() {
        let p = plan("(huawei OR zte) tariffs -china");
        assert_eq!(
            p.root,
            Some(Clause::Group(vec![
                Part {
                    role: Role::Preferred,
                    clause: Clause::Any(vec![Clause::Leaf(0), Clause::Leaf(1)])
                },
                part(Role::Preferred, 2),
                part(Role::Excluded, 3),
            ]))
        );
        assert_eq!(p.positives, 2);
        assert_eq!(plan("huawei OR zte").positives, 1);
        assert_eq!(plan("huawei zte AND trade").positives, 3);
        assert_eq!(plan("huawei -(zte -trade)").positives, 1);
    }

    #[test]
    fn a_group_of_exclusions_excludes_beside_it() {
        let p = plan("huawei (-zte -(apple OR pear))");
        assert_eq!(
            p.root,
            Some(Clause::Group(vec![
                part(Role::Preferred, 0),
                part(Role::Excluded, 1),
                Part {
                    role: Role::Excluded,
                    clause: Clause::Any(vec![Clause::Leaf(2), Clause::Leaf(3)])
                },
            ]))
        );
        assert_eq!(p.positives, 1);
    }

    #[test]
    fn words_without_letters_lower_to_nothing() {
        let p = plan("?? -- ...");
        assert_eq!((p.leaves.len(), p.root), (0, None));
        // An unsearchable alternative drops out; the others stay.
        let p = plan("huawei OR ???");
        assert_eq!(p.root, Some(Clause::Any(vec![Clause::Leaf(0)])));
    }

    #[test]
    fn the_highlighter_sees_text_leaves_that_are_not_excluded() {
        let h = plan("Tariffs -zte author:wei title:trade soyb* \"entity list\"").highlighter();
        let mut expected = Highlighter::with_stemmings(&[Stemming::English]);
        expected.add_word("tariffs");
        expected.add_word("trade");
        expected.add_prefix("soyb");
        expected.add_phrase("entity list");
        assert_eq!(h, expected);
        let text = "ZTE and Wei: tariffs, trade, soybeans, the entity list.";
        let lit: Vec<&str> = h.highlight(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(lit, ["tariffs", "trade", "soybeans", "entity list"]);
    }

    /// Issue 16: `пошлина` did not find `пошлинах`: every word was stemmed
    /// as English only.
    #[test]
    fn a_word_lowers_to_its_forms_in_every_language_of_the_index() {
        let ru = Plan::lower(&parse("пошлина").unwrap(), &[Stemming::Russian]);
        assert_eq!(
            ru.leaves,
            [
                leaf(Scope::Any, &["пошлина"], false),
                leaf(Scope::Any, &["пошлин"], false)
            ]
        );
        assert_eq!(
            ru.root,
            Some(Clause::Any(vec![Clause::Leaf(0), Clause::Leaf(1)]))
        );
        assert_eq!(ru.positives, 1);
        // Forms that agree are one leaf; a phrase is a phrase in each language.
        let fr = Plan::lower(
            &parse("huawei \"droits douaniers\"").unwrap(),
            &[Stemming::French, Stemming::English],
        );
        assert_eq!(
            fr.leaves,
            [
                leaf(Scope::Any, &["huawei"], false),
                leaf(Scope::Any, &["droit", "douanier"], false),
                leaf(Scope::Any, &["droit", "douani"], false),
            ]
        );
        // An English index lowers as before: one leaf per word.
        assert_eq!(
            plan("tariffs").leaves,
            [leaf(Scope::Any, &["tariff"], false)]
        );
        assert_eq!(plan("tariffs").root, Some(Clause::Leaf(0)));
    }
}
