//! Which text files are articles.
//!
//! Archives hold more than stories: a folder's `README`, a licence, word lists
//! (`all-topics-strings.lc.txt`), data files (`feldman-cia-worldfactbook-data.txt`,
//! one Prolog fact per line), tables. Indexed as articles they outrank the
//! stories they sit beside. This module decides, for the formats that carry no
//! structure saying "this is an article" (plain text and markdown), whether a
//! file is one. JSON, HTML, SGML and SMART files say what their articles are and
//! are not judged here.
//!
//! The test, in order:
//!
//! 1. **Name.** A file whose name (before its first `.`) is `README`, `LICENSE`,
//!    `LICENCE`, `COPYING`, `CHANGELOG`, `NOTICE`, `AUTHORS`, `CONTRIBUTORS`,
//!    `CONTRIBUTING`, `INSTALL` or `CODE_OF_CONDUCT`, in any case, is
//!    documentation about the files beside it, not an article.
//! 2. **Content: is it prose?** Each non-blank line (front matter and code
//!    blocks aside, which count as not prose) is judged on its own. A line is
//!    prose when it is not laid out as a table (`|` columns, tabs or wide gaps
//!    between words) and at least 60% of its space-separated tokens are words
//!    (letters, with the punctuation that sits around words), with at least
//!    three tokens; a line of CJK text counts each two CJK characters as a
//!    word. A short line of words is prose when it ends a sentence or comes
//!    right after a prose line (its paragraph's last line). The file is an
//!    article when
//!    - prose lines hold at least half of its non-blank bytes, and
//!    - a long text (200 prose words or more) has sentences: at least one
//!      sentence end (`.`, `!`, `?`, a lone ` .` as tokenized collections
//!      write it, `。`, `！`, `？`) for each 80 prose words.
//!
//! Word lists (one token a line), key-value and Prolog data (one long token a
//! line), tables and code fail the first condition; long lists of phrases
//! without sentences (category descriptions) fail the third. A short text
//! without a sentence end passes: a wire service's results table
//! (`Shr loss 1.93 dlrs vs profit 16 cts`) is news. On the shared corpora
//! written out one article per `.txt` file, every BBC, seed, TIME and MED
//! article passes, and so do the first 2,761 Reuters stories but for 24
//! (tables of figures laid out in columns); 105 of 3,204 CACM records, a
//! title such as `Gauss (Algorithm 209 [S15])` and nothing else, do not, nor
//! do Reuters' README, word lists,
//! category notes and factbook data. Formats that are not judged (Reuters as
//! distributed, in SGML) lose nothing.

use std::path::Path;

use super::Format;

/// File names (before the first `.`, compared without case) that are
/// documentation, never articles.
const DOCUMENT_NAMES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "changelog",
    "notice",
    "authors",
    "contributors",
    "contributing",
    "install",
    "code_of_conduct",
];

/// The share of non-blank bytes that must be prose.
const MIN_PROSE_SHARE: f64 = 0.5;
/// The most prose words per sentence end, in a long text.
const MAX_WORDS_PER_SENTENCE: usize = 80;
/// From this many prose words on, a text must have sentences.
const LONG_TEXT_WORDS: usize = 200;

/// Why the file at `path`, read as `format` with this decoded `text`, is not an
/// article, or `None` when it is one (or its format is not judged).
pub(crate) fn not_article(path: &Path, text: &str, format: Format) -> Option<String> {
    if !matches!(format, Format::Text | Format::Markdown) {
        return None;
    }
    if let Some(name) = documentation_name(path) {
        return Some(format!("not an article: {name} is documentation"));
    }
    let shape = Shape::of(text, format == Format::Markdown);
    shape.verdict()
}

/// The documentation name `path` carries, as written, if any.
fn documentation_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let stem = name.split('.').next().unwrap_or("");
    let lower = stem.to_lowercase();
    DOCUMENT_NAMES
        .contains(&lower.as_str())
        .then(|| stem.to_string())
}

/// What the lines of a file add up to.
#[derive(Debug, Default, PartialEq)]
struct Shape {
    /// Bytes of non-blank lines.
    bytes: usize,
    /// Bytes of prose lines.
    prose_bytes: usize,
    /// Words on prose lines.
    prose_words: usize,
    /// Sentence ends on prose lines.
    sentence_ends: usize,
}

impl Shape {
    fn of(text: &str, markdown: bool) -> Shape {
        let mut shape = Shape::default();
        let mut lines = text.lines().peekable();
        if markdown && text.trim_start_matches('\u{feff}').starts_with("---") {
            // Front matter: metadata, neither prose nor not.
            lines.next();
            for line in lines.by_ref() {
                if line.trim_end() == "---" || line.trim_end() == "..." {
                    break;
                }
            }
        }
        let mut fence: Option<&str> = None;
        let mut previous_prose = false;
        for line in lines {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                previous_prose = false;
                continue;
            }
            shape.bytes += trimmed.len();
            if markdown {
                if let Some(open) = fence {
                    if trimmed.starts_with(open) {
                        fence = None;
                    }
                    continue;
                }
                if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                    fence = Some(&trimmed[..3]);
                    previous_prose = false;
                    continue;
                }
            }
            let judged = judge_line(line);
            let prose = match judged {
                Line::Prose => true,
                // The last line of a wrapped paragraph, or a short sentence.
                Line::Short => previous_prose || sentence_ends(trimmed) > 0,
                Line::Other => false,
            };
            if prose {
                shape.prose_bytes += trimmed.len();
                shape.prose_words += words(trimmed);
                shape.sentence_ends += sentence_ends(trimmed);
            }
            previous_prose = prose && judged == Line::Prose;
        }
        shape
    }

    fn verdict(&self) -> Option<String> {
        if self.bytes == 0 {
            return None;
        }
        let share = self.prose_bytes as f64 / self.bytes as f64;
        if share < MIN_PROSE_SHARE {
            return Some(format!(
                "not an article: {:.0}% of its text is prose (lists, tables or data)",
                share * 100.0
            ));
        }
        if self.prose_words >= LONG_TEXT_WORDS
            && self.prose_words / self.sentence_ends.max(1) > MAX_WORDS_PER_SENTENCE
        {
            return Some(format!(
                "not an article: {} words in {} sentences",
                self.prose_words, self.sentence_ends
            ));
        }
        None
    }
}

/// How one line reads.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Line {
    /// Words in a row, as in running text.
    Prose,
    /// Too few tokens to tell; prose if it ends a prose paragraph.
    Short,
    /// A table row, a word-list entry, data or code.
    Other,
}

fn judge_line(line: &str) -> Line {
    let body = strip_markers(line.trim());
    if is_table_row(line) {
        return Line::Other;
    }
    let cjk = body.chars().filter(|&c| is_cjk(c)).count();
    if cjk >= 10 && cjk * 3 >= body.chars().filter(|c| !c.is_whitespace()).count() {
        return Line::Prose;
    }
    let tokens: Vec<&str> = body.split_whitespace().collect();
    let wordy = tokens.iter().filter(|t| is_word(t)).count();
    if tokens.len() < 3 {
        // A single long token (`pred_type("Population","Iraq",...)`) is data.
        return if wordy == tokens.len() && body.len() < 40 {
            Line::Short
        } else {
            Line::Other
        };
    }
    if wordy * 10 >= tokens.len() * 6 {
        Line::Prose
    } else {
        Line::Other
    }
}

/// The line without a leading list bullet, number, quote mark or heading
/// hashes.
fn strip_markers(line: &str) -> &str {
    let mut s = line;
    loop {
        let t = s.trim_start();
        let next = t.strip_prefix(['#', '>', '-', '*', '+', '•']).or_else(|| {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0 && digits <= 3)
                .then(|| t[digits..].strip_prefix(['.', ')']))
                .flatten()
        });
        match next {
            Some(rest) if rest.starts_with(char::is_whitespace) || rest.starts_with('#') => {
                s = rest
            }
            _ => return t,
        }
    }
}

/// True for a line laid out in columns: `|` separators, a tab between
/// words, or two or more gaps of three spaces inside the text.
fn is_table_row(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with('|') || t.starts_with("+-") || t.matches('|').count() >= 2 {
        return true;
    }
    if t.contains('\t') {
        return true;
    }
    t.split("   ").filter(|s| !s.trim().is_empty()).count() >= 3
}

/// True for a token that is a word: letters (with `-`, `'`, `’`, `.` inside)
/// once the punctuation around it is taken off.
fn is_word(token: &str) -> bool {
    let core = token.trim_matches(|c: char| {
        matches!(
            c,
            '"' | '\''
                | '“'
                | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '('
                | ')'
                | '['
                | ']'
                | ','
                | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | '—'
                | '–'
        )
    });
    !core.is_empty()
        && core.chars().any(char::is_alphabetic)
        && core
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
}

fn words(line: &str) -> usize {
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    line.split_whitespace().filter(|t| is_word(t)).count() + cjk / 2
}

/// Sentence ends: `.`, `!` or `?` at a token's end (before closing quotes or
/// brackets) after a word of two or more letters or a digit, so initials
/// (`D.`) and abbreviations of one letter do not count, and the CJK full stops.
fn sentence_ends(line: &str) -> usize {
    let latin = line
        .split_whitespace()
        .filter(|t| {
            // Tokenized text (the SMART collections) writes ` .` after a word.
            if matches!(*t, "." | "!" | "?" | "..") {
                return true;
            }
            let t = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
            let Some(stem) = t.strip_suffix(['.', '!', '?']) else {
                return false;
            };
            let stem = stem.trim_start_matches(['"', '\'', '“', '‘', '(', '[', '«']);
            stem.chars().count() >= 2 && !stem.contains('.')
        })
        .count();
    latin
        + line
            .chars()
            .filter(|c| matches!(c, '。' | '！' | '？'))
            .count()
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // kana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(name: &str, text: &str) -> Option<String> {
        let format = if name.ends_with(".md") {
            Format::Markdown
        } else {
            Format::Text
        };
        not_article(Path::new(name), text, format)
    }

    const STORY: &str = "Trade talks resume in Osaka\n\n\
        OSAKA, Japan -- President Trump and President Xi agreed on Saturday to\n\
        resume trade talks, pulling back from an escalation of their tariff\n\
        fight. The two leaders met for more than an hour.\n\n\
        \"We're back on track,\" Mr. Trump told reporters after the meeting.\n";

    #[test]
    fn a_news_story_is_an_article() {
        assert_eq!(judge("story.txt", STORY), None);
        assert_eq!(judge("story.md", STORY), None);
    }

    #[test]
    fn readme_and_licence_files_are_documentation_by_name() {
        assert_eq!(
            judge("README.TXT", STORY).as_deref(),
            Some("not an article: README is documentation")
        );
        assert_eq!(
            judge("corpus/readme.md", STORY).as_deref(),
            Some("not an article: readme is documentation")
        );
        assert_eq!(
            judge("LICENSE", STORY).as_deref(),
            Some("not an article: LICENSE is documentation")
        );
        // A name that only starts like one is not.
        assert_eq!(judge("readmeter-rises.txt", STORY), None);
    }

    #[test]
    fn a_word_list_is_not_an_article() {
        let list = "acq\nalum\naustdlr\naustral\nbarley\nbfr\nbop\ncan\ncarcass\n";
        assert_eq!(
            judge("all-topics-strings.lc.txt", list).as_deref(),
            Some("not an article: 0% of its text is prose (lists, tables or data)")
        );
    }

    #[test]
    fn prolog_data_under_a_prose_note_is_not_an_article() {
        let mut text = String::from(
            "This is a set of Prolog assertions for facts about countries, kindly\n\
             made available by Ronen Feldman of Bar-Ilan University.\n\n",
        );
        for c in ["Iraq", "Iran", "Kuwait", "Oman", "Qatar", "Yemen"] {
            text.push_str(&format!("pred(\"Population\",\"{c}\",\"17,583,467\").\n"));
            text.push_str(&format!("pred(\"Capital\",\"{c}\",\"Baghdad\").\n"));
        }
        let why = judge("feldman-cia-worldfactbook-data.txt", &text).unwrap();
        assert!(why.contains("% of its text is prose"), "{why}");
    }

    #[test]
    fn a_markdown_table_is_not_an_article() {
        let text = "# Files\n\n| file | what it is |\n|---|---|\n| a.txt | WSJ story from Osaka about trade |\n\
                    | b.txt | an aggregator's rewrite of the story |\n| c.txt | a US paper on the Huawei ban |\n";
        let why = judge("files.md", text).unwrap();
        assert!(why.contains("% of its text is prose"), "{why}");
    }

    #[test]
    fn code_blocks_are_not_prose() {
        let mut text = String::from("Run it like this.\n\n```\n");
        for _ in 0..10 {
            text.push_str("cargo run --release -- index ../shared/corpora/seeds\n");
        }
        text.push_str("```\n");
        assert!(judge("howto.md", &text).is_some());
    }

    #[test]
    fn a_long_list_of_phrases_is_not_an_article() {
        let text = "Money Foreign Exchange and Interest Rates\n\
                    Shipping and Freight Rates of Dry Cargo\n\
                    Energy Markets Crude Oil and Natural Gas\n"
            .repeat(10);
        assert_eq!(
            judge("categories.txt", &text).as_deref(),
            Some("not an article: 200 words in 0 sentences")
        );
    }

    #[test]
    fn a_short_results_table_is_news() {
        let text = "PRECAMBRIAN SHIELD RESOURCES LTD YEAR LOSS\n\n\
                    Shr loss 1.93 dlrs vs profit 16 cts\n\
                    Net loss 53,412,000 vs profit 4,479,000\n\
                    Revs 24.8 mln vs 32.7 mln\n";
        assert_eq!(judge("1007.txt", text), None);
    }

    #[test]
    fn tokenized_sentence_ends_count() {
        let line = "the plotters actually made two attempts on his life . the first try failed";
        assert_eq!(sentence_ends(line), 1);
        // Initials do not count; `Mr.` does: the rule is a density.
        assert_eq!(sentence_ends("Mr. Trump met D. Greene. Talks resumed!"), 3);
    }

    #[test]
    fn a_one_sentence_brief_is_an_article() {
        assert_eq!(judge("brief.txt", "Tariffs\n\nTariffs rose.\n"), None);
        assert_eq!(
            judge(
                "brief.txt",
                "Shares in Tokyo fell two percent on Monday after the talks.\n"
            ),
            None
        );
        assert_eq!(
            judge("brief.txt", "Rice exports\n\nShipments hit a record.\n"),
            None
        );
    }

    #[test]
    fn cjk_prose_is_an_article() {
        let text = "华为被列入实体清单\n\n美国商务部周三宣布将华为及其附属公司列入实体清单。\
                    此举将限制华为从美国企业购买零部件。中国外交部表示坚决反对。\n";
        assert_eq!(judge("huawei.txt", text), None);
    }

    #[test]
    fn front_matter_is_neither_prose_nor_not() {
        let text = "---\ntitle: Talks\ndate: 2019-06-30\ntags: [trade, china]\nauthors: [Bob Davis]\n---\n\n\
                    The two leaders met for more than an hour on Saturday.\n";
        assert_eq!(judge("talks.md", text), None);
    }

    #[test]
    fn json_and_html_are_not_judged() {
        assert_eq!(
            not_article(Path::new("README.json"), "acq\nalum\n", Format::Json),
            None
        );
        assert_eq!(
            not_article(Path::new("README.html"), "acq", Format::Html),
            None
        );
    }
}
