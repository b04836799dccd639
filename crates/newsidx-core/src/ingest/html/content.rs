//! Which element holds the story, and its paragraphs.
//!
//! This module owns the readability-style choice of the story's root (the
//! `<article>` with the most paragraph text, `articleBody`, or the densest
//! block), the story's paragraphs, headings, quotes and captions in document
//! order, and the fallback for pages without a single `<p>`. It must not read
//! metadata or clean the text it returns: `parse` does that.

use scraper::node::Element;
use scraper::Node;

use super::tree::{is_byline, is_dropped, is_inline, text_of, walk, NodeRef, Step};
use crate::article::ParagraphKind;
use crate::ingest::strings;

/// The element that holds the story: the `<article>` with the most paragraph
/// text, else `[itemprop=articleBody]`, else the element whose own `<p>` children
/// hold the most text, else the whole page.
pub(super) fn choose_root(root: NodeRef<'_>) -> NodeRef<'_> {
    struct Frame<'a> {
        node: NodeRef<'a>,
        /// Text in this element's direct `<p>` children.
        direct: usize,
        /// Text in all `<p>` below this element.
        total: usize,
    }
    let mut stack: Vec<Frame<'_>> = Vec::new();
    // Text length of each `<p>` being read (quirks mode can nest them).
    let mut paragraphs: Vec<usize> = Vec::new();
    let mut best_article: Option<(usize, NodeRef<'_>)> = None;
    let mut best_body: Option<(usize, NodeRef<'_>)> = None;
    let mut best_parent: Option<(usize, NodeRef<'_>)> = None;
    walk(root, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                if let Some(len) = paragraphs.last_mut() {
                    *len += t.trim().len();
                }
                false
            }
            Node::Element(el) => {
                let keep = n == root || !is_dropped(el);
                if keep && el.name() == "p" {
                    paragraphs.push(0);
                }
                stack.push(Frame {
                    node: n,
                    direct: 0,
                    total: 0,
                });
                keep
            }
            _ => n == root,
        },
        Step::Leave(n) => {
            let Some(el) = n.value().as_element() else {
                return true;
            };
            let Some(frame) = stack.pop() else {
                return true;
            };
            let mut total = frame.total;
            if el.name() == "p" && (n == root || !is_dropped(el)) {
                let len = paragraphs.pop().unwrap_or(0);
                total += len;
                if let Some(parent) = stack.last_mut() {
                    parent.direct += len;
                }
            }
            if let Some(parent) = stack.last_mut() {
                parent.total += total;
            }
            let better = |best: &Option<(usize, NodeRef<'_>)>, score: usize| {
                score > 0 && best.is_none_or(|(b, _)| score > b)
            };
            if el.name() == "article" && better(&best_article, total) {
                best_article = Some((total, frame.node));
            }
            if el.attr("itemprop") == Some("articleBody") && better(&best_body, total) {
                best_body = Some((total, frame.node));
            }
            if better(&best_parent, frame.direct) {
                best_parent = Some((frame.direct, frame.node));
            }
            true
        }
    });
    let densest = best_parent.map_or(0, |(score, _)| score);
    // An `<article>` that holds less than half the densest block is a teaser card.
    [best_article, best_body]
        .into_iter()
        .flatten()
        .find(|(score, _)| score * 2 >= densest)
        .or(best_parent)
        .map_or(root, |(_, node)| node)
}

/// The story's paragraphs, headings, quotes and captions in document order.
pub(super) fn content_blocks(content: NodeRef<'_>) -> Vec<(ParagraphKind, String)> {
    let mut blocks = Vec::new();
    let mut quotes = 0usize;
    let kept = |n: NodeRef<'_>, el: &Element| n == content || !is_dropped(el);
    walk(content, |step| match step {
        Step::Enter(n) => {
            let Some(el) = n.value().as_element() else {
                // Only the document node itself is worth descending into.
                return n.value().is_document();
            };
            // The byline is already in `authors`.
            if !kept(n, el) || (n != content && is_byline(el)) {
                return false;
            }
            let kind = match el.name() {
                "p" if quotes > 0 => ParagraphKind::Quote,
                "p" => ParagraphKind::Body,
                "h2" | "h3" => ParagraphKind::Heading,
                "figcaption" => ParagraphKind::Caption,
                "blockquote" if holds_paragraphs(n) => {
                    // A quote made of paragraphs yields one quote per paragraph.
                    quotes += 1;
                    return true;
                }
                "blockquote" => ParagraphKind::Quote,
                _ => return true,
            };
            blocks.push((kind, text_of(n)));
            false
        }
        Step::Leave(n) => {
            if let Some(el) = n.value().as_element() {
                if el.name() == "blockquote" && kept(n, el) && holds_paragraphs(n) {
                    quotes = quotes.saturating_sub(1);
                }
            }
            true
        }
    });
    blocks
}

fn holds_paragraphs(n: NodeRef<'_>) -> bool {
    n.children()
        .any(|c| c.value().as_element().is_some_and(|e| e.name() == "p"))
}

/// For pages without a single `<p>`: the text blocks of `<body>`, split at block
/// elements, minus the headline.
pub(super) fn fallback_blocks(root: NodeRef<'_>, title: &str) -> Vec<(ParagraphKind, String)> {
    let mut blocks = Vec::new();
    let mut buf = String::new();
    let mut kind = ParagraphKind::Body;
    let mut in_body = false;
    let mut flush = |buf: &mut String, kind: ParagraphKind| {
        let text = strings::normalize_ws(buf);
        buf.clear();
        if !text.is_empty() && text != title {
            blocks.push((kind, text));
        }
    };
    walk(root, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                if in_body {
                    buf.push_str(t);
                }
                false
            }
            Node::Element(el) => {
                if el.name() == "body" {
                    in_body = true;
                }
                if is_dropped(el) && el.name() != "body" {
                    return false;
                }
                // `<br>` splits too: pages without `<p>` separate paragraphs with it.
                if !is_inline(el.name()) {
                    flush(&mut buf, kind);
                    kind = match el.name() {
                        "h2" | "h3" => ParagraphKind::Heading,
                        "blockquote" => ParagraphKind::Quote,
                        "figcaption" => ParagraphKind::Caption,
                        _ => ParagraphKind::Body,
                    };
                }
                true
            }
            _ => n == root,
        },
        Step::Leave(n) => {
            if n.value()
                .as_element()
                .is_some_and(|el| !is_inline(el.name()))
            {
                flush(&mut buf, kind);
                kind = ParagraphKind::Body;
            }
            true
        }
    });
    flush(&mut buf, kind);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::tests::{one, texts};

    #[test]
    fn densest_block_wins_without_article_element() {
        let a = one(r#"<body><div class="menu-col"><p>Home</p></div>
            <div class="col"><p>First real paragraph of the story, long enough.</p>
            <p>Second real paragraph of the story, also long.</p></div>
            <div><p>Short teaser</p></div></body>"#);
        assert_eq!(
            texts(&a),
            [
                (
                    ParagraphKind::Body,
                    "First real paragraph of the story, long enough.".to_string()
                ),
                (
                    ParagraphKind::Body,
                    "Second real paragraph of the story, also long.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn page_without_paragraphs_falls_back_to_body_blocks() {
        let a = one(r#"<html><body><nav>Home | World</nav><h1>Headline</h1>
            <div>NEW YORK (Reuters) - Stocks fell on Friday.</div>
            <div>Oil rose.<br>Gold slipped.</div><footer>Contact us</footer></body></html>"#);
        assert_eq!(a.meta.title, "Headline");
        assert_eq!(a.meta.dateline.as_deref(), Some("NEW YORK"));
        assert_eq!(
            texts(&a),
            [
                (ParagraphKind::Body, "Stocks fell on Friday.".to_string()),
                (ParagraphKind::Body, "Oil rose.".to_string()),
                (ParagraphKind::Body, "Gold slipped.".to_string()),
            ]
        );
    }
}
