//! The element tree of one SGML record.
//!
//! This module owns building a story's elements from the scanner's tokens,
//! forgiving what real collections do (unclosed `<P>`, stray close tags, deep
//! nesting), and reading it back: children by name, text with `<P>` boundaries
//! kept, attributes. It must not know any collection's element names beyond
//! `<P>`.

use super::scan::decode_into;

/// An element of one story, with entities already decoded in its text.
#[derive(Debug)]
pub(super) struct Element {
    /// Upper-cased: SGML names are case-insensitive.
    pub(super) name: String,
    /// The attributes as written; read with [`Element::attr`].
    attrs: String,
    /// Text and elements in document order.
    pub(super) children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug)]
pub(super) enum Node {
    Text(String),
    Element(Element),
}

impl Element {
    pub(super) fn children_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub(super) fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children_elements().filter(move |e| e.name == name)
    }

    pub(super) fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.children_named(name).next()
    }

    /// All text inside, with `<P>` boundaries kept as blank lines.
    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(s) => out.push_str(s),
                Node::Element(e) if e.name == "P" => {
                    out.push_str("\n\n");
                    e.collect_text(out);
                    out.push_str("\n\n");
                }
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    pub(super) fn attr(&self, key: &str) -> Option<String> {
        attr_value(&self.attrs, key)
    }
}

/// Builds the tree of one record, forgiving unclosed and stray tags.
pub(super) struct TreeBuilder {
    stack: Vec<Element>,
}

/// Deeper nesting than this is malformed input; its tags are ignored (their text
/// is kept) so a hostile file cannot make the close-tag search slow.
const MAX_DEPTH: usize = 32;

impl TreeBuilder {
    pub(super) fn new(name: &str, attrs: &str) -> TreeBuilder {
        TreeBuilder {
            stack: vec![Element {
                name: name.to_ascii_uppercase(),
                attrs: attrs.to_string(),
                children: Vec::new(),
            }],
        }
    }

    pub(super) fn open(&mut self, name: &str, attrs: &str) {
        let name = name.to_ascii_uppercase();
        // `<P>` is routinely left open in TREC files: a new one ends the last.
        if name == "P" && self.stack.len() > 1 && self.stack.last().is_some_and(|e| e.name == "P") {
            self.pop();
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.stack.push(Element {
            name,
            attrs: attrs.to_string(),
            children: Vec::new(),
        });
    }

    pub(super) fn close(&mut self, name: &str) {
        // Close the nearest open element of that name and anything left open
        // inside it; a close tag with no open element is ignored.
        let Some(i) = self
            .stack
            .iter()
            .rposition(|e| e.name.eq_ignore_ascii_case(name))
        else {
            return;
        };
        if i == 0 {
            return;
        }
        while self.stack.len() > i {
            self.pop();
        }
    }

    pub(super) fn text(&mut self, raw: &str) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        if let Some(Node::Text(s)) = top.children.last_mut() {
            decode_into(s, raw);
        } else {
            let mut s = String::with_capacity(raw.len());
            decode_into(&mut s, raw);
            top.children.push(Node::Text(s));
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some(e) = self.stack.pop() {
                if let Some(parent) = self.stack.last_mut() {
                    parent.children.push(Node::Element(e));
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> Element {
        while self.stack.len() > 1 {
            self.pop();
        }
        self.stack.pop().unwrap_or_else(|| Element {
            name: String::new(),
            attrs: String::new(),
            children: Vec::new(),
        })
    }
}

/// The value of attribute `key` in `NAME="v" OTHER=v`, case-insensitively.
fn attr_value(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    match inner.find(q) {
                        Some(end) => (&inner[..end], &inner[end + 1..]),
                        None => (inner, ""),
                    }
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = remaining;
            Some(value)
        } else {
            None
        };
        if name.eq_ignore_ascii_case(key) {
            let mut out = String::new();
            decode_into(&mut out, value.unwrap_or(""));
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(record: &str, inner: &[(&str, &str)]) -> Element {
        let mut b = TreeBuilder::new(record, "NEWID=\"7\" Kind='x' flag");
        for (op, arg) in inner {
            match *op {
                "open" => b.open(arg, ""),
                "close" => b.close(arg),
                _ => b.text(arg),
            }
        }
        b.finish()
    }

    #[test]
    fn unclosed_paragraphs_and_stray_close_tags() {
        let doc = build(
            "doc",
            &[
                ("open", "TEXT"),
                ("open", "P"),
                ("text", "one &amp; "),
                ("open", "p"),
                ("text", "two"),
                ("close", "BODY"),
                ("close", "TEXT"),
                ("text", "after"),
            ],
        );
        assert_eq!(doc.name, "DOC");
        let text = doc.child("TEXT").map(Element::text);
        assert_eq!(text.as_deref(), Some("\n\none & \n\n\n\ntwo\n\n"));
        assert_eq!(doc.children_named("P").count(), 0);
        assert_eq!(doc.text(), "\n\none & \n\n\n\ntwo\n\nafter");
    }

    #[test]
    fn attributes() {
        let doc = build("REUTERS", &[]);
        assert_eq!(doc.attr("newid").as_deref(), Some("7"));
        assert_eq!(doc.attr("KIND").as_deref(), Some("x"));
        assert_eq!(doc.attr("flag").as_deref(), Some(""));
        assert_eq!(doc.attr("missing"), None);
        assert_eq!(
            attr_value("A=\"unterminated", "a").as_deref(),
            Some("unterminated")
        );
    }

    #[test]
    fn nesting_is_capped() {
        let opens: Vec<(&str, &str)> = (0..MAX_DEPTH * 2).map(|_| ("open", "X")).collect();
        let mut depth = 0;
        let root = build("DOC", &opens);
        let mut e = &root;
        while let Some(child) = e.children_elements().next() {
            depth += 1;
            e = child;
        }
        assert_eq!(depth, MAX_DEPTH - 1);
    }
}
