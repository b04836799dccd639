//! Paragraphs as a reader sees them, from plain text however it was laid out.
//!
//! Plain text reaches newsidx in two layouts: one paragraph per line (scrapes,
//! exports), and hard-wrapped at a fixed column with single newlines inside
//! sentences (wire dumps, newsletters, e-mail, Reuters' bodies, `fmt`). This
//! module turns both into the same paragraphs, and is the one place that does
//! so: the text reader, the markdown reader and the SGML readers call it.
//!
//! The rules, in order:
//!
//! - **Wrapping is detected**, per text and then per block of lines between
//!   blank lines. The wrap column `W` is the 90th percentile of the line
//!   widths. Text is hard-wrapped when `W` is at most 100 columns and at least
//!   30% of its *full* lines (at least 70% of `W` wide, followed by another
//!   line) end inside a sentence (not after `.`, `?`, `!`, `:`, a closing
//!   quote or bracket). Text that is not wrapped keeps one paragraph per line,
//!   exactly as before.
//! - In wrapped text a paragraph ends at a **blank line**, before a line
//!   **indented deeper** than the block's least-indented line (the first-line
//!   indent of wire copy), and after a **short line ending a sentence**
//!   (narrower than 70% of `W`, and the next word would have fitted).
//!   `fmt` and greedy wrapping never leave a line that short inside a
//!   paragraph. Joined lines get one space, except after a hyphen that follows
//!   a letter (`anti-` / `inflation`), which joins without one.
//! - **Lists, tables and headings stay apart** in either layout: a line that
//!   starts with a bullet (`-`, `*`, `•`, `1.`, `2)`, `a)`) starts an item
//!   (in wrapped text only after a line ending in `:`, a short line
//!   or another item, since an inline `1) … 2) …` can be wrapped to a line
//!   start), and its hanging-indented continuation lines join it; a table row
//!   (two or more `|`, a tab inside the line, a dot leader `....`, or two or
//!   more gaps of two spaces) is its own paragraph; a short line in headline case with no
//!   closing punctuation that text follows ends its paragraph, and
//!   [`mark_headings`] makes it a [`ParagraphKind::Heading`].
//! - **E-mail quotes** (lines starting with `>`) are taken out of the flow,
//!   unquoted, reflowed by these same rules and given
//!   [`ParagraphKind::Quote`].

use crate::article::ParagraphKind;

/// Lines wider than this are never hard-wrapped text.
const MAX_WRAP: usize = 100;

/// One paragraph of plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Para {
    /// Body, Heading, or Quote for e-mail quoted text.
    pub(crate) kind: ParagraphKind,
    /// The text, lines joined, trimmed.
    pub(crate) text: String,
}

/// The paragraphs of plain text; see the module docs for the rules.
pub(crate) fn paragraphs(text: &str) -> Vec<Para> {
    paragraphs_with(text, true)
}

/// Wire text as the SGML readers need it: the paragraph strings, with no
/// heading rule, since a wire body's first line is short (the dateline took
/// its start) and reads like a headline (`Standard Oil Co and BP North
/// America`).
pub(crate) fn paragraph_texts(text: &str) -> Vec<String> {
    paragraphs_with(text, false)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

fn paragraphs_with(text: &str, headings: bool) -> Vec<Para> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_end_matches(['\r', ' ', '\t', '\u{a0}']))
        .collect();
    let mut out = Vec::new();
    // E-mail quotes are cut out first; what is left flows around them.
    let mut plain: Vec<&str> = Vec::new();
    let mut quoted: Vec<String> = Vec::new();
    for line in &lines {
        match unquote(line) {
            Some(inner) => {
                if !plain.is_empty() {
                    flow(&plain, headings, &mut out);
                    plain.clear();
                }
                quoted.push(inner.to_string());
            }
            None => {
                if !quoted.is_empty() {
                    push_quoted(&quoted, headings, &mut out);
                    quoted.clear();
                }
                plain.push(line);
            }
        }
    }
    flow(&plain, headings, &mut out);
    push_quoted(&quoted, headings, &mut out);
    out
}

/// The text of a `>`-quoted line without its markers, or `None`.
fn unquote(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if !t.starts_with('>') {
        return None;
    }
    let inner = t.trim_start_matches(['>', ' ']);
    Some(inner)
}

fn push_quoted(quoted: &[String], headings: bool, out: &mut Vec<Para>) {
    if quoted.is_empty() {
        return;
    }
    let inner = quoted.join("\n");
    for mut p in paragraphs_with(&inner, headings) {
        p.kind = ParagraphKind::Quote;
        out.push(p);
    }
}

/// Line width in characters, tabs counted as 4.
fn width(line: &str) -> usize {
    line.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn indent(line: &str) -> usize {
    width(line) - width(line.trim_start())
}

/// Whether a line ends a sentence (or a clause that a line break may end).
fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with([
        '.', '?', '!', ':', '"', '”', '’', '\'', ')', ']', '»', '…', '。', '！', '？',
    ])
}

/// The wrap column of a set of lines and whether they are hard-wrapped.
fn wrap_column(lines: &[&str]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && !is_table_row(l))
        .map(|l| width(l))
        .collect();
    if widths.len() < 2 {
        return None;
    }
    widths.sort_unstable();
    let w = widths[((widths.len() - 1) * 9).div_ceil(10)];
    if !(20..=MAX_WRAP).contains(&w) {
        return None;
    }
    let mut full = 0usize;
    let mut mid = 0usize;
    for pair in lines.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.trim().is_empty() || b.trim().is_empty() || is_table_row(a) {
            continue;
        }
        if width(a) * 10 >= w * 7 {
            full += 1;
            if !ends_sentence(a) {
                mid += 1;
            }
        }
    }
    (mid > 0 && mid * 10 >= full * 3).then_some(w)
}

/// Cuts lines into blocks at blank lines and flows each block.
fn flow(lines: &[&str], headings: bool, out: &mut Vec<Para>) {
    let file_wrap = wrap_column(lines);
    let mut start = 0;
    for i in 0..=lines.len() {
        if i == lines.len() || lines[i].trim().is_empty() {
            let block = &lines[start..i];
            if !block.is_empty() {
                let wrap = file_wrap.or_else(|| wrap_column(block));
                flow_block(block, wrap, headings, out);
            }
            start = i + 1;
        }
    }
}

/// One paragraph being built.
struct Building {
    text: String,
    /// The indent of the text of a list item (after its marker): continuation
    /// lines indented at least this far belong to the item.
    hang: Option<usize>,
    /// The last line added, as written.
    last: String,
    /// How many lines it holds.
    lines: usize,
}

fn flow_block(block: &[&str], wrap: Option<usize>, headings: bool, out: &mut Vec<Para>) {
    let mut cur: Option<Building> = None;
    let finish = |cur: &mut Option<Building>, out: &mut Vec<Para>| {
        if let Some(b) = cur.take() {
            out.push(Para {
                kind: ParagraphKind::Body,
                text: b.text,
            });
        }
    };
    let min_indent = block.iter().map(|l| indent(l)).min().unwrap_or(0);
    for (i, &line) in block.iter().enumerate() {
        let t = line.trim();
        let last_line = i + 1 == block.len();
        let table = is_table_row(line);
        let item = list_marker(t);
        let new = match (&cur, wrap) {
            (None, _) => true,
            (Some(_), None) => true,
            (Some(b), Some(w)) => {
                let prev = b.last.as_str();
                let hanging = b.hang.is_some_and(|h| indent(line) >= h);
                // Short: narrow, and the next word would have fitted, so the
                // line was ended on purpose.
                let next_word = t.split_whitespace().next().map_or(0, width);
                let short = width(prev) * 10 < w * 7 && width(prev) + 1 + next_word <= w;
                // `1) … 2) …` or `(TIME, NOV . 22)` inside a sentence can land
                // at a line start, after a `;` too: an item starts a list
                // only after a colon, a short line or another item.
                let list_starts =
                    item.is_some() && (b.hang.is_some() || short || prev.trim_end().ends_with(':'));
                // A subheading between paragraphs: short, not the tail of the
                // block (the last line of a paragraph is often short).
                let heading = headings
                    && !last_line
                    && width(line) * 10 < w * 7
                    && ends_sentence(prev)
                    && is_heading(line);
                table
                    || is_table_row(prev)
                    || list_starts
                    || heading
                    || (indent(line) > min_indent && !hanging)
                    || (short
                        && (ends_sentence(prev) || (headings && b.lines == 1 && is_heading(prev))))
            }
        };
        if new {
            finish(&mut cur, out);
            cur = Some(Building {
                text: t.to_string(),
                hang: item.map(|m| indent(line) + m),
                last: line.to_string(),
                lines: 1,
            });
            if table {
                // A table row never takes continuation lines.
                finish(&mut cur, out);
            }
            continue;
        }
        if let Some(b) = &mut cur {
            if !ends_with_word_hyphen(&b.text) {
                b.text.push(' ');
            }
            b.text.push_str(t);
            b.last = line.to_string();
            b.lines += 1;
        }
    }
    finish(&mut cur, out);
}

/// A line that ends in a hyphen right after a letter broke a compound word
/// (`anti-` / `inflation`): the lines join without a space.
pub(crate) fn ends_with_word_hyphen(s: &str) -> bool {
    let mut rev = s.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// The byte length of a list marker and the space after it (`- `, `* `, `• `,
/// `12. `, `3) `, `b) `), or `None`.
fn list_marker(t: &str) -> Option<usize> {
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    if matches!(first, '-' | '*' | '•' | '·' | '–' | '+') {
        return t[first.len_utf8()..]
            .starts_with(' ')
            .then_some(first.len_utf8() + 1);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let label = if digits > 0 && digits <= 3 {
        digits
    } else if first.is_ascii_lowercase() {
        1
    } else {
        return None;
    };
    let rest = &t[label..];
    let punct_ok = rest.starts_with(") ") || (digits > 0 && rest.starts_with(". "));
    punct_ok.then_some(label + 2)
}

/// A table row: cells separated by `|`, tabs, runs of spaces, or joined by
/// a dot leader (`Net free reserves.......644`).
fn is_table_row(line: &str) -> bool {
    let t = line.trim();
    if t.matches('|').count() >= 2 || t.contains('\t') || t.contains("....") {
        return true;
    }
    t.matches("  ").count() >= 2 && t.split("  ").filter(|c| !c.trim().is_empty()).count() >= 3
}

/// A subheading: a short line in headline case without closing punctuation.
fn is_heading(line: &str) -> bool {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 10 || t.len() > 80 {
        return false;
    }
    if t.ends_with(['.', ',', ';', '?', '!', ':', '"', '”', ')', '-']) || list_marker(t).is_some()
    {
        return false;
    }
    if !t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let capitalized = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        })
        .count();
    capitalized * 10 >= words.len() * 6
}

/// Marks as [`ParagraphKind::Heading`] each body paragraph that looks like a
/// subheading (short, headline case, no closing punctuation) and has text
/// after it. The text and markdown readers call this; the SGML readers do
/// not, since wire tables look like headings.
pub(crate) fn mark_headings(paras: &mut [Para]) {
    let n = paras.len();
    for p in paras.iter_mut().take(n.saturating_sub(1)) {
        if p.kind == ParagraphKind::Body && is_heading(&p.text) {
            p.kind = ParagraphKind::Heading;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn texts(text: &str) -> Vec<String> {
        paragraphs(text).into_iter().map(|p| p.text).collect()
    }

    fn kinds(text: &str) -> Vec<(ParagraphKind, String)> {
        paragraphs(text)
            .into_iter()
            .map(|p| (p.kind, p.text))
            .collect()
    }

    #[test]
    fn unwrapping_follows_blank_lines_and_indents() {
        let text = "    First paragraph, hard-\nwrapped over two lines.\n    Second one,\nindented.\n\nThird after a blank line.\n";
        assert_eq!(
            texts(text),
            [
                "First paragraph, hard-wrapped over two lines.",
                "Second one, indented.",
                "Third after a blank line.",
            ]
        );
        let long = "x".repeat(101);
        assert_eq!(texts(&format!("{long}\nshort\n")), [long.as_str(), "short"]);
    }

    #[test]
    fn list_items_stay_apart_and_keep_hanging_lines() {
        let text = "Officials listed three demands on Tuesday, saying the talks would\nfail without them:\n- an end to tariffs on steel and aluminium imports from\n  the European Union;\n- quotas on cars;\n- a review in 2020.\nThe talks resume next week in Brussels, where negotiators will\nmeet again to discuss the remaining issues before the summit.\n";
        assert_eq!(
            texts(text),
            [
                "Officials listed three demands on Tuesday, saying the talks would fail without them:",
                "- an end to tariffs on steel and aluminium imports from the European Union;",
                "- quotas on cars;",
                "- a review in 2020.",
                "The talks resume next week in Brussels, where negotiators will meet again to discuss the remaining issues before the summit.",
            ]
        );
    }

    #[test]
    fn inline_enumeration_wrapped_to_a_line_start_is_not_a_list() {
        let text = "THIS CENTRAL STATE WOULD BE RESPONSIBLE FOR 1) DEFENSE AND FOREIGN POLICY,\n2) A SOCIALIST ECONOMIC FRAMEWORK, AND 3) UNIFIED EDUCATIONAL AND\nCULTURAL PROGRAMS . BUT WITHIN THE UNION, EACH STATE WOULD HAVE ITS\nOWN PARLIAMENT .\n";
        assert_eq!(
            texts(text),
            ["THIS CENTRAL STATE WOULD BE RESPONSIBLE FOR 1) DEFENSE AND FOREIGN POLICY, 2) A SOCIALIST ECONOMIC FRAMEWORK, AND 3) UNIFIED EDUCATIONAL AND CULTURAL PROGRAMS . BUT WITHIN THE UNION, EACH STATE WOULD HAVE ITS OWN PARLIAMENT ."]
        );
        // TIME 025 through `fmt -w 70`: an item of an inline list after `;`.
        let text = "AGAINST THE U.N . / ; 2) IMMEDIATELY BROKE HIS PROMISE BY THREATENING\n\" A SCORCHED-EARTH POLICY \" IN KOLWEZI (SEE WORLD BUSINESS) ;\n3) WAS CLAPPED UNDER HOUSE ARREST BY INFURIATED U.N . OFFICIALS\n\" TO RESTRAIN HIM FROM FURTHER IRRESPONSIBLE ACTS \" ; AND 4) GOT\nHIS HOUSE ARREST COMMUTED .\n";
        assert_eq!(
            texts(text),
            ["AGAINST THE U.N . / ; 2) IMMEDIATELY BROKE HIS PROMISE BY THREATENING \" A SCORCHED-EARTH POLICY \" IN KOLWEZI (SEE WORLD BUSINESS) ; 3) WAS CLAPPED UNDER HOUSE ARREST BY INFURIATED U.N . OFFICIALS \" TO RESTRAIN HIM FROM FURTHER IRRESPONSIBLE ACTS \" ; AND 4) GOT HIS HOUSE ARREST COMMUTED ."]
        );
    }

    #[test]
    fn table_rows_stay_one_paragraph_each() {
        let text = "Trade between the two countries fell sharply last year, according\nto figures released by the customs office on Monday morning:\nYear    Exports    Imports\n2017    505.5      130.4\n2018    539.7      120.3\nThe figures do not include services, which rose in both years and\nwhich officials expect to keep rising.\n";
        assert_eq!(
            texts(text),
            [
                "Trade between the two countries fell sharply last year, according to figures released by the customs office on Monday morning:",
                "Year    Exports    Imports",
                "2017    505.5      130.4",
                "2018    539.7      120.3",
                "The figures do not include services, which rose in both years and which officials expect to keep rising.",
            ]
        );
        let piped = "| Year | Exports |\n| 2017 | 505.5 |\n";
        assert_eq!(texts(piped), ["| Year | Exports |", "| 2017 | 505.5 |"]);
    }

    #[test]
    fn headings_between_wrapped_paragraphs_stay_apart() {
        let text = "The central bank raised rates again on Wednesday, its third increase\nthis year, and said more may come before the end of the summer.\nWhat Comes Next\nEconomists expect the bank to pause in September, when new figures on\ninflation and wages are due, before deciding on a further rise.\n";
        let mut paras = paragraphs(text);
        mark_headings(&mut paras);
        let got: Vec<(ParagraphKind, &str)> =
            paras.iter().map(|p| (p.kind, p.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (ParagraphKind::Body, "The central bank raised rates again on Wednesday, its third increase this year, and said more may come before the end of the summer."),
                (ParagraphKind::Heading, "What Comes Next"),
                (ParagraphKind::Body, "Economists expect the bank to pause in September, when new figures on inflation and wages are due, before deciding on a further rise."),
            ]
        );
    }

    #[test]
    fn indented_paragraph_starts_split_wire_copy() {
        let text = "    The company said profits rose 12 pct in the first quarter, helped\nby strong demand for its new line of trucks and buses in Europe.\n    It said it expects the trend to continue through the year.\n    Analysts said the results were better than expected.\n";
        assert_eq!(
            texts(text),
            [
                "The company said profits rose 12 pct in the first quarter, helped by strong demand for its new line of trucks and buses in Europe.",
                "It said it expects the trend to continue through the year.",
                "Analysts said the results were better than expected.",
            ]
        );
    }

    #[test]
    fn a_short_line_ending_a_sentence_ends_its_paragraph() {
        let text = "The minister resigned on Friday after weeks of pressure over the\naffair.\nHis deputy will take over until an election is held later this\nyear, the party said in a statement released late on Friday.\n";
        assert_eq!(
            texts(text),
            [
                "The minister resigned on Friday after weeks of pressure over the affair.",
                "His deputy will take over until an election is held later this year, the party said in a statement released late on Friday.",
            ]
        );
    }

    #[test]
    fn email_quotes_are_unquoted_reflowed_and_kept_apart() {
        let text = "Thanks for sending the figures. I have a question about the second\ntable before we publish it.\n\n> The exports figure for 2018 includes re-exports through Hong Kong,\n> which the ministry counts separately in its own statistics.\n>\n> Imports were revised on Monday.\n\nCould you check with the ministry whether that is still the case?\n";
        assert_eq!(
            kinds(text),
            [
                (ParagraphKind::Body, "Thanks for sending the figures. I have a question about the second table before we publish it.".to_string()),
                (ParagraphKind::Quote, "The exports figure for 2018 includes re-exports through Hong Kong, which the ministry counts separately in its own statistics.".to_string()),
                (ParagraphKind::Quote, "Imports were revised on Monday.".to_string()),
                (ParagraphKind::Body, "Could you check with the ministry whether that is still the case?".to_string()),
            ]
        );
    }

    #[test]
    fn text_without_wrapping_is_left_one_paragraph_per_line() {
        let lines = [
            "President Donald Trump’s decision Saturday to relax limits on Chinese telecommunications giant Huawei may revive stalled trade talks with Beijing",
            "but is likely to face pushback in Congress, where lawmakers from both parties have called the company a threat to national security and",
            "Short line.",
            "Another paragraph that is long enough to never be taken for hard-wrapped text, since it runs past one hundred columns.",
        ];
        let text = lines.join("\n");
        assert_eq!(texts(&text), lines);
        // Short one-sentence lines are not wrapped text either.
        assert_eq!(
            texts(
                "Headline here\nFirst paragraph is a sentence.\nSecond one is another sentence.\n"
            ),
            [
                "Headline here",
                "First paragraph is a sentence.",
                "Second one is another sentence."
            ]
        );
    }

    /// Greedy wrapping at `width` columns, with `indent` spaces before each
    /// paragraph's first line (wire style) when asked.
    pub(crate) fn wrap(paragraphs: &[&str], width: usize, indent: usize, blank: bool) -> String {
        let mut out = String::new();
        for p in paragraphs {
            let mut line = " ".repeat(indent);
            for word in p.split_whitespace() {
                if line.trim().is_empty() {
                    line.push_str(word);
                } else if line.chars().count() + 1 + word.chars().count() <= width {
                    line.push(' ');
                    line.push_str(word);
                } else {
                    out.push_str(&line);
                    out.push('\n');
                    line = word.to_string();
                }
            }
            out.push_str(&line);
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        out
    }

    #[test]
    fn wrapped_and_one_line_time_articles_give_identical_paragraphs() {
        let all = crate::ingest::testdata::corpus_text("time/TIME.ALL");
        let (blocks, _) = crate::ingest::smart::star_blocks(&all, "*TEXT");
        assert_eq!(blocks.len(), 423);
        for block in &blocks {
            let one = crate::ingest::strings::normalize_ws(&block.text);
            assert_eq!(texts(&one), [one.as_str()], "{}", block.header);
            // A hyphen wrapped to a line end joins the next word: the source's
            // stray `FLAT- WHINING` (TIME 172) comes back as `FLAT-WHINING`,
            // the same words to the index.
            let one = one.replace("- ", "-");
            for width in [60, 70, 78] {
                let wrapped = wrap(&[one.as_str()], width, 0, false);
                assert!(wrapped.lines().count() > 3, "{}", block.header);
                let got = texts(&wrapped);
                let starts: Vec<&str> = got.iter().map(|p| &p[..p.len().min(40)]).collect();
                assert_eq!(
                    got,
                    [one.as_str()],
                    "{} at {width}: {starts:?}",
                    block.header
                );
            }
        }
    }
}
