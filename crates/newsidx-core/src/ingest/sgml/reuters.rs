//! Reuters-21578: one `<REUTERS>` story becomes one [`Article`].
//!
//! This module owns the mapping of a story's elements onto article fields:
//! NEWID, the date with its impossible times, TOPICS, PLACES, PEOPLE, ORGS
//! and EXCHANGES each in its own field, the title (the first line of an
//! untitled UNPROC story, cut before a dateline it runs into), `<AUTHOR>`
//! bylines, the many spellings of `<DATELINE>` (typos, table rows and
//! swallowed first words included), BRIEF and UNPROC stories, and the
//! `Reuter` sign-off. It gets the story as an element tree from the SGML
//! reader and must not scan text for tags itself.

use super::tree::{Element, Node};
use super::{ends_with_word_hyphen, unwrap_paragraphs};
use crate::article::{Article, ArticleMeta, MetaField, ParagraphKind, Published};
use crate::ingest::{clean, strings, Problem};

/// One Reuters-21578 story.
pub(super) fn article(story: &Element, line: u64) -> Result<Article, Problem> {
    let newid = story
        .attr("NEWID")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Problem::at(line, "story without a NEWID attribute"))?;
    let mut a = Article {
        meta: ArticleMeta {
            external_id: Some(newid.clone()),
            source: Some("Reuters".into()),
            ..ArticleMeta::default()
        },
        ..Article::default()
    };
    a.meta.published = story.child("DATE").and_then(|d| reuters_date(&d.text()));
    for (list, field) in [
        ("TOPICS", MetaField::Topic),
        ("PLACES", MetaField::Place),
        ("PEOPLE", MetaField::Person),
        ("ORGS", MetaField::Organization),
        ("EXCHANGES", MetaField::Exchange),
    ] {
        for d in story
            .child(list)
            .into_iter()
            .flat_map(|l| l.children_named("D"))
        {
            field.push(&mut a.meta, &d.text());
        }
    }

    if let Some(text) = story.child("TEXT") {
        let brief = text
            .attr("TYPE")
            .is_some_and(|t| t.eq_ignore_ascii_case("BRIEF"));
        // The body in document order: loose text (all of an UNPROC story), then
        // what a misparsed DATELINE swallowed, then BODY.
        let mut body = String::new();
        for node in &text.children {
            match node {
                Node::Text(s) if !brief => body.push_str(s),
                Node::Text(_) => {}
                Node::Element(e) => match e.name.as_str() {
                    "TITLE" => a.meta.title = e.text().trim().to_string(),
                    // Upper-case bylines spell the conjunction "AND".
                    "AUTHOR" => {
                        a.meta.authors = clean::split_authors(&e.text().replace(" AND ", " and "))
                    }
                    "DATELINE" => {
                        let raw = e.text();
                        let prose = text
                            .child("BODY")
                            .is_some_and(|b| starts_like_prose(&b.text()));
                        match split_dateline(&raw, prose) {
                            Some((place, rest)) => {
                                a.meta.dateline = Some(place);
                                body.push_str(&rest);
                                if !rest.is_empty() && !ends_with_word_hyphen(&rest) {
                                    body.push(' ');
                                }
                            }
                            // Not a dateline (a table row, a list item): it is text.
                            None if !brief => body.push_str(&raw),
                            None => {}
                        }
                    }
                    "BODY" if !brief => body.push_str(&e.text()),
                    _ => {}
                },
            }
        }
        let unproc = text
            .attr("TYPE")
            .is_some_and(|t| t.eq_ignore_ascii_case("UNPROC"));
        let mut body = strip_signoff(&body);
        if unproc && a.meta.title.is_empty() {
            body = take_headline(&mut a, body);
        }
        for p in unwrap_paragraphs(body) {
            a.push_paragraph(ParagraphKind::Body, p);
        }
    }
    if a.meta.title.is_empty() && a.paragraphs.is_empty() {
        return Err(Problem::at(
            line,
            format!("story NEWID={newid} has neither title nor text"),
        ));
    }
    Ok(a)
}

/// An UNPROC story has no `<TITLE>`: its first line is the headline, which
/// sometimes runs into the dateline (`OPEC OUTPUT IN MAY SEEN OVER CEILING AT
/// 17 MLN BPD LONDON, June` / `1 - OPEC's May output…`). Sets the title (and
/// the dateline, when there is one) and returns the text after them.
fn take_headline<'a>(a: &mut Article, body: &'a str) -> &'a str {
    let body = body.trim_start();
    let (first, after) = body.split_once('\n').unwrap_or((body, ""));
    if first.trim().is_empty() {
        return body;
    }
    // Newlines as spaces, byte for byte, so offsets in `flat` are offsets in
    // `body`.
    let head = &body[..crate::error::floor_char_boundary(body, 400)];
    let flat: String = head
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if let Some((headline, place, rest)) = clean::split_run_in_dateline(&flat) {
        if headline.len() <= first.len() {
            a.meta.title = headline;
            a.meta.dateline = Some(place);
            return &body[flat.len() - rest.len()..];
        }
    }
    a.meta.title = first.trim().to_string();
    after
}

/// `26-FEB-1987 15:01:01.79`, sometimes followed by wire codes or a note; some
/// times are impossible (`105:38:08.35`), so fall back to the date alone.
fn reuters_date(s: &str) -> Option<Published> {
    let mut tokens = s.split_whitespace();
    let date = tokens.next()?;
    let with_time = tokens.next().map(|time| format!("{date} {time}"));
    with_time
        .and_then(|dt| Published::parse(&dt))
        .or_else(|| Published::parse(date))
}

/// Splits a Reuters dateline such as `    WASHINGTON, March 2 - ` into the place
/// and whatever text follows the date (a few datelines swallowed the first words
/// of the story). `None` when the text does not look like a dateline at all (the
/// element also holds table rows and list items); `prose_follows` says whether
/// the body starts like a sentence, which a bare `    TOKYO - ` needs.
fn split_dateline(raw: &str, prose_follows: bool) -> Option<(String, String)> {
    let indent = raw.len() - raw.trim_start().len();
    // `PARIS,March 16 - `: a missing space would hide the date.
    let s = strings::normalize_ws(&raw.replace(',', ", "));
    let (head, rest) = match dash_separator(&s) {
        Some((start, end)) => (s[..start].trim_end(), s[end..].trim_start()),
        None => (s.as_str(), ""),
    };
    let head = strip_suffix_word(head, &["Reuter", "Reuters"]);
    let (place, mut dated) = strip_trailing_date(head);
    let mut rest = rest;
    if !dated {
        // `KANSAS CITY, Mo. - March 13 - `
        if let Some(after) = strip_leading_date(rest) {
            rest = after;
            dated = true;
        }
    }
    let place = place.trim_end_matches([',', ' ', '-']).trim();
    // `    TOKYO - ` with no date: wire datelines are indented; the market reports
    // that misuse the element (` FOB RIVER - `) mostly are not.
    let bare_city = rest.is_empty()
        && indent >= 2
        && prose_follows
        && place.split(' ').count() <= 3
        && !place
            .chars()
            .any(|c| c.is_lowercase() || c.is_ascii_digit());
    let plausible = !place.is_empty()
        && place.len() <= 80
        && (dated || place.contains(',') || bare_city)
        && place.chars().any(char::is_alphabetic);
    plausible.then(|| (place.to_string(), rest.trim().to_string()))
}

/// `s` without a last word from `words` (and the comma before it).
fn strip_suffix_word<'a>(s: &'a str, words: &[&str]) -> &'a str {
    match s.rsplit_once(' ') {
        Some((before, last)) if words.iter().any(|w| last.eq_ignore_ascii_case(w)) => {
            before.trim_end_matches(',')
        }
        _ => s,
    }
}

/// Whether `s` starts like a sentence: a capitalized word in mixed case.
fn starts_like_prose(s: &str) -> bool {
    let mut chars = s.trim_start().chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// The first dash run that separates (`WASHINGTON, March 2 - `, `March 26- `),
/// as opposed to a hyphen inside a word (`WINSTON-SALEM`, `anti- `).
fn dash_separator(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'-' {
            let start = i;
            while i < b.len() && b[i] == b'-' {
                i += 1;
            }
            let before_ok = start == 0 || !b[start - 1].is_ascii_alphabetic();
            let after_ok = i == b.len() || b[i] == b' ';
            if before_ok && after_ok {
                return Some((start, i));
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Strips a trailing `March 2`, `FEb 26`, `Macrh 31` (typos included) or
/// `2 March` from the place part of a dateline.
fn strip_trailing_date(head: &str) -> (&str, bool) {
    let mut words = head.rsplitn(3, ' ');
    let (Some(last), Some(prev)) = (words.next(), words.next()) else {
        return (head, false);
    };
    let rest = words.next().unwrap_or("");
    let last_t = last.trim_end_matches([',', '.']);
    let prev_t = prev.trim_end_matches([',', '.']);
    let month_day = is_day(last_t) && is_month_like(prev_t);
    let day_month = is_month(last_t) && is_day(prev_t);
    if month_day || day_month {
        (rest, true)
    } else if is_month(last_t) && prev.ends_with(',') {
        // `SYDNEY, April - `: the day went missing.
        (head[..head.len() - last.len()].trim_end(), true)
    } else {
        (head, false)
    }
}

/// `March 13 - rest` → `rest`.
fn strip_leading_date(s: &str) -> Option<&str> {
    let mut words = s.splitn(3, ' ');
    let month = words.next()?;
    let day = words.next()?;
    let rest = words.next().unwrap_or("");
    let day = day.trim_end_matches('-');
    if !(is_month_like(month) && is_day(day)) {
        return None;
    }
    Some(rest.trim_start_matches('-').trim_start())
}

/// One or two digits; three for the typo `March 187`.
fn is_day(s: &str) -> bool {
    (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A month name or a plausible misspelling of one: the wire copy has `Narch`,
/// `Mach` and `Macrh`.
fn is_month_like(s: &str) -> bool {
    (3..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn is_month(s: &str) -> bool {
    crate::ingest::date::month_from_name(&s.to_ascii_lowercase()).is_some()
}

/// Drops the `Reuter` sign-off that ends nearly every story (`Reuter`,
/// `REUTER...`, `said. REUTER`).
fn strip_signoff(body: &str) -> &str {
    let t = body.trim_end();
    let start = t
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = t[start..].trim_end_matches('.');
    if word.eq_ignore_ascii_case("reuter") || word.eq_ignore_ascii_case("reuters") {
        &t[..start]
    } else {
        t
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::parse;
    use super::*;
    use crate::ingest::reflow::tests::{texts as reflow_texts, wrap as wrap_lines};
    use crate::ingest::testdata::texts;

    /// Stories NEWID 2 (with `&lt;`), 30 (`TYPE="BRIEF"`) and 11858 (with an
    /// `<AUTHOR>`), verbatim from reut2-000.sgm and reut2-012.sgm.
    pub(in crate::ingest::sgml) const REUTERS: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TOPICS></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;F Y
&#22;&#22;&#1;f0708&#31;reute
d f BC-STANDARD-OIL-&lt;SRD>-TO   02-26 0082</UNKNOWN>
<TEXT>&#2;
<TITLE>STANDARD OIL &lt;SRD> TO FORM FINANCIAL UNIT</TITLE>
<DATELINE>    CLEVELAND, Feb 26 - </DATELINE><BODY>Standard Oil Co and BP North America
Inc said they plan to form a venture to manage the money market
borrowing and investment activities of both companies.
    BP North America is a subsidiary of British Petroleum Co
Plc &lt;BP>, which also owns a 55 pct interest in Standard Oil.
    The venture will be called BP/Standard Financial Trading
and will be operated by Standard Oil under the oversight of a
joint management committee.

 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5573" NEWID="30">
<DATE>26-FEB-1987 15:41:56.54</DATE>
<TOPICS><D>money-supply</D></TOPICS>
<PLACES></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;A
&#22;&#22;&#1;f0835&#31;reute
f f BC-******ASSETS-OF-MONEY   02-26 0012</UNKNOWN>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="86" NEWID="11858">
<DATE> 1-APR-1987 07:51:20.43</DATE>
<TOPICS><D>interest</D></TOPICS>
<PLACES><D>ireland</D></PLACES>
<PEOPLE><D>macsharry</D></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 

&#5;&#5;&#5;RM
&#22;&#22;&#1;f0611&#31;reute
r f BC-LOWER-INTEREST-RATES   04-01 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>LOWER INTEREST RATES SEEN FOLLOWING IRISH BUDGET</TITLE>
<AUTHOR>    By Paul Majendie, Reuters</AUTHOR>
<DATELINE>    DUBLIN, April 1 - </DATELINE><BODY>Financial markets welcomed public
spending cuts announced by Ireland's new minority government in
its budget, saying the move would lead to lower interest rates.
    Finance Minister Ray MacSharry, making cuts across the
board, reduced the Exchequer Borrowing Requirement to 1.85
billion punts, 10.7 pct of GNP, compared with 2.15 billion
punts or 13 pct of GNP last year.
    Allied Irish Banks foreign exchange dealer John Kearney
commented: "I would see interest rates coming down by two to 2.5
pct in the next three months."
 REUTER
&#3;</BODY></TEXT>
</REUTERS>
"#;

    #[test]
    fn reuters_real_stories() {
        let parsed = parse(REUTERS);
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.articles.len(), 3);

        let oil = &parsed.articles[0];
        assert_eq!(oil.meta.external_id.as_deref(), Some("2"));
        assert_eq!(oil.meta.title, "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT");
        assert_eq!(
            oil.meta.published.unwrap().to_string(),
            "1987-02-26T15:02:20"
        );
        assert_eq!(oil.meta.dateline.as_deref(), Some("CLEVELAND"));
        assert_eq!(oil.meta.source.as_deref(), Some("Reuters"));
        assert_eq!(oil.meta.places, ["usa"]);
        assert!(oil.meta.tags.is_empty());
        assert!(oil.meta.authors.is_empty());
        assert_eq!(
            texts(oil),
            [
                "Standard Oil Co and BP North America Inc said they plan to form a venture \
                 to manage the money market borrowing and investment activities of both \
                 companies.",
                "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which \
                 also owns a 55 pct interest in Standard Oil.",
                "The venture will be called BP/Standard Financial Trading and will be \
                 operated by Standard Oil under the oversight of a joint management \
                 committee.",
            ]
        );

        let brief = &parsed.articles[1];
        assert_eq!(brief.meta.external_id.as_deref(), Some("30"));
        assert_eq!(
            brief.meta.title,
            "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK"
        );
        assert_eq!(
            brief.meta.published.unwrap().to_string(),
            "1987-02-26T15:41:56"
        );
        assert_eq!(brief.meta.dateline, None);
        assert_eq!(brief.meta.topics, ["money-supply"]);
        assert!(brief.paragraphs.is_empty(), "{:?}", brief.paragraphs);

        let irish = &parsed.articles[2];
        assert_eq!(irish.meta.external_id.as_deref(), Some("11858"));
        assert_eq!(
            irish.meta.title,
            "LOWER INTEREST RATES SEEN FOLLOWING IRISH BUDGET"
        );
        assert_eq!(
            irish.meta.published.unwrap().to_string(),
            "1987-04-01T07:51:20"
        );
        assert_eq!(irish.meta.authors, ["Paul Majendie"]);
        assert_eq!(irish.meta.dateline.as_deref(), Some("DUBLIN"));
        assert_eq!(
            (irish.meta.topics.as_slice(), irish.meta.places.as_slice()),
            (
                ["interest".to_string()].as_slice(),
                ["ireland".to_string()].as_slice()
            )
        );
        assert_eq!(irish.paragraphs.len(), 3);
        assert_eq!(
            irish.paragraphs[0].text,
            "Financial markets welcomed public spending cuts announced by Ireland's new \
             minority government in its budget, saying the move would lead to lower \
             interest rates."
        );
        assert!(irish.paragraphs[2]
            .text
            .ends_with("in the next three months.\""));
    }

    #[test]
    fn reuters_brief_survives_finish() {
        let parsed =
            crate::ingest::parse_bytes("reut2-000.sgm".as_ref(), REUTERS.as_bytes()).unwrap();
        assert_eq!(parsed.format, Some(crate::ingest::Format::Sgml));
        assert_eq!(parsed.articles.len(), 3);
        let brief = &parsed.articles[1];
        assert!(!brief.meta.title_derived);
        assert!(brief.paragraphs.is_empty());
    }

    #[test]
    fn reuters_truncated_final_story_keeps_the_earlier_ones() {
        // Story 2 whole, then story 3 cut off inside its body.
        let cut = REUTERS.find("<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"5573\"").unwrap();
        let text = format!(
            "{}{}",
            &REUTERS[..cut],
            "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"5546\" NEWID=\"3\">\n\
             <DATE>26-FEB-1987 15:03:27.51</DATE>\n\
             <TEXT>&#2;\n\
             <TITLE>TEXAS COMMERCE BANCSHARES &lt;TCB> FILES PLAN</TITLE>\n\
             <DATELINE>    HOUSTON, Feb 26 - </DATELINE><BODY>Texas Commerce Bancshares Inc's Texas\n\
             Commerce Bank-Houston said it filed an application with the\n"
        );
        let parsed = parse(&text);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].meta.external_id.as_deref(), Some("2"));
        assert_eq!(
            parsed.problems,
            [Problem::at(
                28,
                "truncated: the last <REUTERS> has no closing </REUTERS> tag"
            )]
        );
    }

    #[test]
    fn reuters_problems_carry_the_story_line() {
        let text = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n\
            <REUTERS TOPICS=\"NO\" OLDID=\"1\">\n\
            <TEXT><TITLE>NO NEWID HERE</TITLE></TEXT>\n\
            </REUTERS>\n\
            <REUTERS TOPICS=\"NO\" NEWID=\"12793\">\n\
            <DATE> 3-APR-1987 07:09:06.48</DATE>\n\
            <TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n\
            </REUTERS>\n\
            <REUTERS NEWID=\"7\"><TEXT><TITLE>KEPT</TITLE></TEXT></REUTERS>\n";
        let parsed = parse(text);
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(parsed.articles[0].meta.title, "KEPT");
        assert_eq!(
            parsed.problems,
            [
                Problem::at(2, "story without a NEWID attribute"),
                Problem::at(5, "story NEWID=12793 has neither title nor text"),
            ]
        );
    }

    #[test]
    fn untitled_unproc_story_takes_its_first_line_as_title() {
        let text = "<REUTERS NEWID=\"99\"><DATE>26-FEB-1987 16:34:34.40</DATE>\n\
            <TEXT TYPE=\"UNPROC\">&#2;\n\
            FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    \
            Two weeks ended Feb 25      daily avgs-mlns\n \
            Net free reserves.............644 vs.....1,337\n\n \
            Reuter\n&#3;\n\n</TEXT>\n</REUTERS>\n";
        let parsed = parse(text);
        let a = &parsed.articles[0];
        assert_eq!(a.meta.title, "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26");
        assert_eq!(a.meta.dateline, None);
        assert_eq!(
            texts(a),
            [
                "Two weeks ended Feb 25      daily avgs-mlns",
                "Net free reserves.............644 vs.....1,337",
            ]
        );
    }

    /// NEWID 17584 (reut2-017.sgm), verbatim: the headline runs into the
    /// dateline, which the wire wrapped over two lines.
    #[test]
    fn derived_title_never_swallows_a_run_in_dateline() {
        let text = "<REUTERS NEWID=\"17584\"><TEXT TYPE=\"UNPROC\">&#2;\n\
            OPEC OUTPUT IN MAY SEEN OVER CEILING AT 17 MLN BPD LONDON, June\n\
            1 - OPEC's May output appears to have risen well above its 15.8\n\
            mln bpd ceiling to 17 mln bpd, and the increase is likely to\n\
            put a short-term lid on spot oil prices, Kleinwort Grieveson\n\
            Securities says.\n    \
            But Kleinwort's latest World Oil Report said re-stocking\n\
            and lower non-OPEC output earlier this year should allow the\n\
            group to produce up to 17 mln bpd in the current third quarter.\n \
            Reuter\n&#3;</TEXT></REUTERS>\n";
        let parsed = parse(text);
        let a = &parsed.articles[0];
        assert_eq!(
            a.meta.title,
            "OPEC OUTPUT IN MAY SEEN OVER CEILING AT 17 MLN BPD"
        );
        assert_eq!(a.meta.dateline.as_deref(), Some("LONDON, June 1"));
        assert_eq!(
            texts(a),
            [
                "OPEC's May output appears to have risen well above its 15.8 mln bpd ceiling to 17 mln bpd, and the increase is likely to put a short-term lid on spot oil prices, Kleinwort Grieveson Securities says.",
                "But Kleinwort's latest World Oil Report said re-stocking and lower non-OPEC output earlier this year should allow the group to produce up to 17 mln bpd in the current third quarter.",
            ]
        );
    }

    #[test]
    fn reuters_dateline_that_swallowed_the_first_words() {
        // NEWID 47: the DATELINE element holds the start of the first sentence.
        let text = "<REUTERS NEWID=\"47\"><TEXT>\n\
            <TITLE>BRAZIL ANTI-INFLATION PLAN LIMPS TO ANNIVERSARY</TITLE>\n\
            <DATELINE>    RIO DE JANEIRO, Feb 26 - Brazil's \"Cruzado\" anti- </DATELINE><BODY>inflation\n\
            plan, initially hailed at home and abroad as the saviour of the\n\
            economy, is limping towards its first anniversary.\n \
            Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n";
        let a = &parse(text).articles[0];
        assert_eq!(a.meta.dateline.as_deref(), Some("RIO DE JANEIRO"));
        assert_eq!(
            texts(a),
            [
                "Brazil's \"Cruzado\" anti-inflation plan, initially hailed at home and abroad \
              as the saviour of the economy, is limping towards its first anniversary."
            ]
        );
    }

    #[test]
    fn dateline_spellings() {
        let place = |raw: &str, prose: bool| split_dateline(raw, prose).map(|(p, _)| p);
        assert_eq!(
            place("    WASHINGTON, March 2 - ", false).as_deref(),
            Some("WASHINGTON")
        );
        assert_eq!(
            place("    AMSTERDAM, 2 March - ", false).as_deref(),
            Some("AMSTERDAM")
        );
        assert_eq!(
            place("    RENO, Nev., Mach 4 - ", false).as_deref(),
            Some("RENO, Nev.")
        );
        assert_eq!(
            place("    LAKE SUCCESS, N.Y. March 3 - ", false).as_deref(),
            Some("LAKE SUCCESS, N.Y.")
        );
        assert_eq!(
            place("    KANSAS CITY, Mo. - March 13 - ", false).as_deref(),
            Some("KANSAS CITY, Mo.")
        );
        assert_eq!(
            place("    KASSEL, West Germany, March 26- ", false).as_deref(),
            Some("KASSEL, West Germany")
        );
        assert_eq!(
            place("    WINSTON-SALEM, N.C. - ", false).as_deref(),
            Some("WINSTON-SALEM, N.C.")
        );
        assert_eq!(
            place("    PARIS,March 16 - ", false).as_deref(),
            Some("PARIS")
        );
        assert_eq!(place("    TOKYO - ", true).as_deref(), Some("TOKYO"));
        assert_eq!(place(" FOB RIVER - ", true), None);
        assert_eq!(place(" Jun      ---    ---     ---    ", false), None);
        assert_eq!(
            place(
                "H  6.12  -  5.87 2  MTH  6.50  -  6.25 3  MTH  6.62  -  ",
                false
            ),
            None
        );
        assert_eq!(
            split_dateline("    LONDON, March 9 - FIXTURE - ", false),
            Some(("LONDON".to_string(), "FIXTURE -".to_string()))
        );
    }

    /// The `.sgm` members of the shared Reuters-21578 tarball, in name order.
    /// The tarball is plain ustar: 512-byte headers, each followed by its
    /// member's bytes padded to 512.
    fn reuters_sgm_files() -> Vec<(String, Vec<u8>)> {
        use std::io::Read;
        let gz = crate::ingest::testdata::corpus_bytes("reuters21578/reuters21578.tar.gz");
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut tar)
            .unwrap();
        let mut files = Vec::new();
        let mut at = 0;
        while at + 512 <= tar.len() && tar[at] != 0 {
            let header = &tar[at..at + 512];
            let field = |from: usize, len: usize| {
                let raw = &header[from..from + len];
                let end = raw.iter().position(|&b| b == 0).unwrap_or(len);
                String::from_utf8_lossy(&raw[..end]).trim().to_string()
            };
            let name = field(0, 100);
            let size = usize::from_str_radix(&field(124, 12), 8).unwrap();
            let body = at + 512;
            if name.ends_with(".sgm") {
                files.push((name, tar[body..body + size].to_vec()));
            }
            at = body + size.div_ceil(512) * 512;
        }
        files.sort();
        files
    }

    /// The whole Reuters-21578 collection, from the shared tarball.
    #[test]
    fn reuters_full_collection() {
        let files = reuters_sgm_files();
        assert_eq!(files.len(), 22);
        let (mut articles, mut problems) = (0, Vec::new());
        for (_, bytes) in &files {
            let parsed = parse(&String::from_utf8_lossy(bytes));
            articles += parsed.articles.len();
            problems.extend(parsed.problems);
        }
        // NEWID 12793 is an empty UNPROC story.
        assert_eq!(articles, 21_577);
        assert_eq!(
            problems,
            [Problem::at(
                25_983,
                "story NEWID=12793 has neither title nor text"
            )]
        );
    }

    #[test]
    fn wrapped_and_one_line_reuters_stories_give_identical_paragraphs() {
        let (_, sgm) = &reuters_sgm_files()[0];
        let parsed = parse(&String::from_utf8_lossy(sgm));
        let mut checked = 0;
        for a in &parsed.articles {
            let paras: Vec<String> = a
                .paragraphs
                .iter()
                .map(|p| crate::ingest::strings::normalize_ws(&p.text))
                .collect();
            // Stories with tables are another layout; prose stories only.
            if paras.len() < 3 || paras.iter().any(|p| !p.ends_with('.') || p.len() < 40) {
                continue;
            }
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            let one_line = refs.join("\n");
            assert_eq!(reflow_texts(&one_line), refs, "{:?}", a.meta.external_id);
            for (width, indent, blank) in [(65, 4, false), (72, 0, true), (60, 2, false)] {
                let wrapped = wrap_lines(&refs, width, indent, blank);
                assert_eq!(
                    reflow_texts(&wrapped),
                    refs,
                    "NEWID {:?} at {width}",
                    a.meta.external_id
                );
            }
            checked += 1;
        }
        assert!(checked > 300, "{checked}");
    }
}
