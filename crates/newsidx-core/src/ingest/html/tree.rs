//! Walking a parsed page, and what its elements are.
//!
//! This module owns the iterative walk over html5ever's tree (hostile pages
//! nest deeply enough to overflow the stack of a recursive one), the element
//! classes every other part of the html reader asks about (furniture, noise,
//! inline, bylines), and the text under a node. It must not decide what the
//! story is or read metadata.

use std::ops::Deref;

use scraper::node::Element;
use scraper::{ElementRef, Node};

/// A node of the parsed page (ego-tree's `NodeRef`, which scraper does not
/// re-export by name).
pub(super) type NodeRef<'a> = <ElementRef<'a> as Deref>::Target;

/// A step of [`walk`]: entering a node, or leaving it.
pub(super) enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(NodeRef<'a>),
}

/// Visits `root` and its descendants in document order without recursion.
/// Returning false from an `Enter` skips that node's children; every `Enter` is
/// matched by a `Leave`.
pub(super) fn walk<'a>(root: NodeRef<'a>, mut f: impl FnMut(Step<'a>) -> bool) {
    walk_while(root, |step| Some(f(step)));
}

/// [`walk`], stopped at once (no more steps, not even the `Leave`s) when `f`
/// returns `None`: a reader that has what it needs must not pay for the rest
/// of a subtree that may hold the whole page.
pub(super) fn walk_while<'a>(root: NodeRef<'a>, mut f: impl FnMut(Step<'a>) -> Option<bool>) {
    let mut node = root;
    loop {
        let Some(descend) = f(Step::Enter(node)) else {
            return;
        };
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        loop {
            if f(Step::Leave(node)).is_none() {
                return;
            }
            if node == root {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return,
            }
        }
    }
}

/// Elements that never hold article text.
pub(super) fn is_furniture_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "iframe"
            | "svg"
            | "math"
            | "button"
            | "select"
            | "textarea"
            | "object"
            | "embed"
            | "canvas"
            | "dialog"
            | "menu"
    )
}

/// Class and id words that mark page furniture whatever else the element says.
pub(super) const NOISE: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "related",
    "comment",
    "comments",
    "disqus",
    "newsletter",
    "promo",
    "promotion",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "sponsored",
    "advert",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "outbrain",
    "taboola",
    "recommended",
    "recirc",
    "breadcrumb",
    "breadcrumbs",
];

/// Words that mark furniture only when nothing says the element is the story
/// ("story-body has-ads" is the story).
pub(super) const WEAK_NOISE: &[&str] = &[
    "ad", "ads", "banner", "social", "popular", "trending", "sidebar", "widget", "popup", "modal",
];

pub(super) const STORY: &[&str] = &[
    "article", "body", "content", "story", "main", "entry", "post", "text",
];

/// Whether an element is page furniture by what its attributes say.
pub(super) fn is_noise(el: &Element) -> bool {
    if matches!(el.name(), "html" | "body" | "article" | "main")
        || el.attr("itemprop") == Some("articleBody")
    {
        return false;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = el.attr("role") {
        if matches!(
            role,
            "navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "alert"
        ) {
            return true;
        }
    }
    let mut weak = false;
    let mut story = false;
    for value in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        for word in value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let word = word.to_ascii_lowercase();
            if NOISE.contains(&word.as_str()) {
                return true;
            }
            weak |= WEAK_NOISE.contains(&word.as_str());
            story |= STORY.contains(&word.as_str());
        }
    }
    weak && !story
}

/// Elements skipped when collecting article text.
pub(super) fn is_dropped(el: &Element) -> bool {
    is_furniture_tag(el.name()) || el.name() == "header" || is_noise(el)
}

/// Inline elements: their text runs on without a break.
pub(super) fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// The text under `node`, skipping furniture inside it, with block boundaries
/// and `<br>` read as spaces.
pub(super) fn text_of(node: NodeRef<'_>) -> String {
    let mut out = String::new();
    walk(node, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                out.push_str(t);
                true
            }
            Node::Element(el) => {
                if !is_inline(el.name()) {
                    out.push(' ');
                }
                n == node || !is_dropped(el)
            }
            _ => false,
        },
        Step::Leave(n) => {
            if n.value()
                .as_element()
                .is_some_and(|el| !is_inline(el.name()))
            {
                out.push(' ');
            }
            true
        }
    });
    out
}

/// [`text_of`] when it is at most `max` bytes long, else `None`; the walk
/// stops as soon as the text is longer, so asking costs at most `max` bytes
/// of text however large the node.
pub(super) fn text_within(node: NodeRef<'_>, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut over = false;
    walk_while(node, |step| {
        match step {
            Step::Enter(n) => match n.value() {
                // A long text node is not copied only to be found too long.
                Node::Text(t) if out.len() + t.len() > max => over = true,
                Node::Text(t) => out.push_str(t),
                Node::Element(el) => {
                    if !is_inline(el.name()) {
                        out.push(' ');
                    }
                    if n != node && is_dropped(el) {
                        return Some(false);
                    }
                }
                _ => return Some(false),
            },
            Step::Leave(n) => {
                if n.value()
                    .as_element()
                    .is_some_and(|el| !is_inline(el.name()))
                {
                    out.push(' ');
                }
            }
        }
        over |= out.len() > max;
        (!over).then_some(true)
    });
    (!over).then_some(out)
}

/// Whether an element holds a byline: `rel=author`, or `byline` or `author`
/// in its class or itemprop.
pub(super) fn is_byline(el: &Element) -> bool {
    if matches!(el.name(), "meta" | "html" | "body" | "article" | "main") {
        return false;
    }
    let rel_author = el.attr("rel").is_some_and(|r| {
        r.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("author"))
    });
    let itemprop = el
        .attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|w| w == "author" || w == "byline"));
    let class = el.attr("class").is_some_and(|c| {
        c.split(|ch: char| !ch.is_ascii_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("byline") || w.eq_ignore_ascii_case("author"))
    });
    rel_author || itemprop || class
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::*;

    #[test]
    fn walk_enters_and_leaves_in_document_order() {
        let doc = Html::parse_fragment("<div><p>a<b>b</b></p><nav>skipped</nav><p>c</p></div>");
        let mut seen = Vec::new();
        walk(doc.tree.root(), |step| match step {
            Step::Enter(n) => match n.value() {
                Node::Element(el) => {
                    seen.push(format!("<{}>", el.name()));
                    el.name() != "nav"
                }
                Node::Text(t) => {
                    seen.push(t.to_string());
                    false
                }
                _ => true,
            },
            Step::Leave(n) => {
                if let Some(el) = n.value().as_element() {
                    seen.push(format!("</{}>", el.name()));
                }
                true
            }
        });
        assert_eq!(
            seen.concat(),
            "<html><div><p>a<b>b</b></p><nav></nav><p>c</p></div></html>"
        );
    }

    #[test]
    fn furniture_and_story_words() {
        let classes = |html: &str| {
            let doc = Html::parse_fragment(html);
            let mut out = Vec::new();
            walk(doc.tree.root(), |step| {
                if let Step::Enter(n) = step {
                    if let Some(el) = n.value().as_element() {
                        if el.name() == "div" {
                            out.push((is_noise(el), is_byline(el)));
                        }
                    }
                }
                true
            });
            out
        };
        assert_eq!(
            classes(r#"<div class="share-tools"></div>"#),
            [(true, false)]
        );
        assert_eq!(classes(r#"<div class="ad-slot"></div>"#), [(true, false)]);
        assert_eq!(
            classes(r#"<div class="story-body has-ads"></div>"#),
            [(false, false)]
        );
        assert_eq!(classes(r#"<div role="navigation"></div>"#), [(true, false)]);
        assert_eq!(classes(r#"<div class="byline"></div>"#), [(false, true)]);
        assert_eq!(classes(r#"<div itemprop="author"></div>"#), [(false, true)]);
    }

    #[test]
    fn text_skips_furniture_and_breaks_blocks() {
        let doc = Html::parse_fragment(
            "<div>One<em>two</em><p>three</p><aside>no</aside><script>no</script>four</div>",
        );
        let selector = scraper::Selector::parse("div").unwrap();
        let div = doc.select(&selector).next().unwrap();
        let text = crate::ingest::strings::normalize_ws(&text_of(*div));
        assert_eq!(text, "Onetwo three four");
    }
}
