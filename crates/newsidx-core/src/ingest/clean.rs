//! News clean-up shared by every reader: bylines, datelines, captions,
//! boilerplate, quotes, derived titles.
//!
//! This module owns the judgments about news text that every format needs (is
//! this a caption, a comment form, a byline?). Generic string work
//! (whitespace, lengths) is in `strings`; this module must not grow any.

use super::strings::{cap_len, normalize_ws};

/// Splits a byline into author names: `By Bob Davis and Lingling Wei` →
/// `["Bob Davis", "Lingling Wei"]`. Returns nothing for text that does not look
/// like names.
pub(crate) fn split_authors(byline: &str) -> Vec<String> {
    let mut s = normalize_ws(byline);
    for prefix in ["By ", "by ", "BY ", "Written by ", "Author: ", "Authors: "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
            break;
        }
    }
    // "Bob Davis | The Wall Street Journal", "Jane Doe, Staff Writer": keep the names.
    if let Some(i) = s.find('|') {
        s.truncate(i);
    }
    let mut authors = Vec::new();
    for part in s.split([',', ';', '&']) {
        for name in part.split(" and ") {
            let name = name.trim().trim_end_matches('.').trim();
            if looks_like_name(name) && !authors.iter().any(|a| a == name) {
                authors.push(cap_len(name, 200));
            }
        }
    }
    authors.truncate(20);
    authors
}

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || is_particle(w))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "staff writer" | "staff" | "reuters" | "associated press" | "ap" | "afp"
        )
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "van" | "von" | "der" | "da" | "del" | "la" | "le" | "bin" | "al"
    )
}

/// Splits a leading dateline off a paragraph: `OSAKA, Japan -- President Trump…`
/// becomes `("OSAKA, Japan", "President Trump…")`. This is the one dateline
/// recognizer every reader uses (directly, or through `ingest::finish` for
/// readers that do not look). The forms:
///
/// - `OSAKA, Japan -- `, `WASHINGTON — `, `PARIS – `: a place, then a dash;
/// - `WASHINGTON (AP) — `, `NEW YORK, March 3 (Reuters) - `: an agency credit
///   before the dash, which is dropped;
/// - `LONDON, June 1 - `: a date before a spaced hyphen, which is kept.
///
/// The place must start with an ALL-CAPS name. A bare spaced hyphen after a
/// place with neither a date nor a credit (`NEW YORK - Stocks fell`) is too
/// common in prose to count.
pub(crate) fn split_dateline(p: &str) -> Option<(String, String)> {
    let (place, rest) = dateline_head(p)?;
    let place = place.trim_end();
    if !looks_like_place(place) {
        return None;
    }
    Some((place.to_string(), rest.to_string()))
}

/// A dateline that an all-caps headline runs into, as in Reuters' untitled
/// stories: `OPEC OUTPUT IN MAY SEEN OVER CEILING AT 17 MLN BPD LONDON, June 1 -
/// OPEC's May output…` becomes the headline `OPEC OUTPUT IN MAY SEEN OVER
/// CEILING AT 17 MLN BPD`, the dateline `LONDON, June 1` and the rest. Only a
/// dated or credited dateline counts here, and the place is the last
/// upper-case word (with a city prefix such as `NEW`, `SAN`, `HONG`).
pub(crate) fn split_run_in_dateline(p: &str) -> Option<(String, String, String)> {
    let (before, rest) = dateline_head(p)?;
    let (lead, tail) = match before.find(',') {
        Some(i) => (&before[..i], &before[i..]),
        None => (before, ""),
    };
    let trimmed_tail = tail.trim_end();
    let dated = ends_with_date(trimmed_tail) || ends_with_date(lead);
    let credited = p[before.len()..].trim_start().starts_with('(');
    if !(dated || credited) {
        return None;
    }
    let words: Vec<&str> = lead.split_whitespace().collect();
    if words.len() < 2
        || !words
            .iter()
            .all(|w| !w.chars().any(char::is_lowercase) && w.chars().any(|c| c.is_alphanumeric()))
    {
        return None;
    }
    let mut start = words.len() - 1;
    while start > 1 && is_city_prefix(words[start - 1]) {
        start -= 1;
    }
    let headline = words[..start].join(" ");
    let place = format!("{}{}", words[start..].join(" "), trimmed_tail);
    if !looks_like_place(&place) || headline.len() < 3 {
        return None;
    }
    Some((headline, place, rest.to_string()))
}

/// The place part before a dateline's dash (credit dropped) and the text
/// after it; `None` when the head of `p` has no dateline-like dash.
fn dateline_head(p: &str) -> Option<(&str, &str)> {
    // Datelines are short; looking further only invites false hits. A run-in
    // headline needs a little more room.
    let head = &p[..crate::error::floor_char_boundary(p, 250)];
    let (start, end, spaced_hyphen) = ["--", "—", "–", " - "]
        .iter()
        .filter_map(|sep| head.find(sep).map(|i| (i, i + sep.len(), *sep == " - ")))
        .min_by_key(|&(i, _, _)| i)?;
    let mut place = p[..start].trim_end();
    let mut credited = false;
    if let Some(before) = place.strip_suffix(')') {
        let open = before.rfind('(')?;
        let agency = &before[open + 1..];
        if agency.is_empty()
            || agency.len() > 30
            || !agency.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        place = before[..open].trim_end();
        credited = true;
    }
    // A bare hyphen is too common in prose: it needs a credit or a date.
    if spaced_hyphen && !credited && !ends_with_date(place) {
        return None;
    }
    let rest = p[end..].trim_start();
    if rest.is_empty() || place.is_empty() {
        return None;
    }
    Some((place, rest))
}

/// Whether `s` ends in a day and month: `June 1`, `Feb 26`, `1 June`.
fn ends_with_date(s: &str) -> bool {
    let mut words = s
        .trim_end_matches([',', ' '])
        .rsplit([' ', ','])
        .filter(|w| !w.is_empty());
    let (Some(last), Some(prev)) = (words.next(), words.next()) else {
        return false;
    };
    let is_day = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let is_month =
        |w: &str| super::date::month_from_name(&w.trim_end_matches('.').to_lowercase()).is_some();
    (is_day(last) && is_month(prev)) || (is_month(last) && is_day(prev))
}

/// Words that start multi-word city names in datelines.
fn is_city_prefix(w: &str) -> bool {
    matches!(
        w,
        "NEW"
            | "SAN"
            | "LOS"
            | "LAS"
            | "ST."
            | "SAINT"
            | "HONG"
            | "KUALA"
            | "BUENOS"
            | "RIO"
            | "DE"
            | "SAO"
            | "TEL"
            | "ABU"
            | "EL"
            | "LA"
            | "PORT"
            | "SANTA"
            | "FORT"
            | "SALT"
            | "KANSAS"
            | "OKLAHOMA"
            | "JERSEY"
            | "MEXICO"
            | "PANAMA"
            | "WEST"
            | "EAST"
            | "NORTH"
            | "SOUTH"
            | "BATON"
            | "LITTLE"
            | "GRAND"
            | "BAD"
            | "THE"
    )
}

/// `OSAKA, Japan`, `WASHINGTON`, `NEW YORK, June 30`: an upper-case first part,
/// then at most a few short capitalized parts.
fn looks_like_place(place: &str) -> bool {
    if place.len() > 80 || place.split_whitespace().count() > 10 {
        return false;
    }
    let mut parts = place.split(',');
    let name = parts.next().unwrap_or("").trim();
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let name_ok = letters >= 2
        && name.chars().next().is_some_and(char::is_uppercase)
        && name
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | '&'));
    name_ok
        && parts.all(|part| {
            let part = part.trim();
            part.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && part.split_whitespace().count() <= 4
        })
}

/// A photo caption: a short paragraph ending in a parenthesized credit such as
/// `(Andy Wong/AP)` or `(Nicolas Asfouri/AFP/Getty Images)`.
pub(crate) fn is_caption(p: &str) -> bool {
    let p = p.trim_end();
    if !p.ends_with(')') || p.len() > 600 {
        return false;
    }
    let Some(open) = p.rfind('(') else {
        return false;
    };
    let credit = &p[open + 1..p.len() - 1];
    let lower = credit.to_ascii_lowercase();
    let agency = [
        "/ap",
        "/afp",
        "getty",
        "reuters",
        "/epa",
        "bloomberg",
        "photo",
        "for the washington post",
        "for the new york times",
        "/the washington post",
        "/the new york times",
        "/xinhua",
        "/file",
        "/pool",
        "shutterstock",
        "/bloomberg",
        "/ansa",
    ];
    credit.len() <= 120
        && credit.contains('/')
        && !credit.contains("://")
        && (agency.iter().any(|a| lower.contains(a)) || credit_is_names(credit))
}

/// `Andy Wong/AP`-like: capitalized words separated by slashes.
fn credit_is_names(credit: &str) -> bool {
    credit.split('/').all(|part| {
        let part = part.trim();
        !part.is_empty()
            && part.split_whitespace().count() <= 5
            && part
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
    })
}

/// Comment forms, share widgets and other page furniture that is not article
/// text.
pub(crate) fn is_boilerplate(p: &str) -> bool {
    let lower = p.trim().to_lowercase();
    let lower = lower.trim_end_matches(['.', '!', ':']);
    const EXACT: &[&str] = &[
        "be the first to comment",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "your email address will not be published",
        "required fields are marked *",
        "comments",
        "share this article",
        "share this",
        "share on facebook",
        "share on twitter",
        "click to share on twitter (opens in new window)",
        "click to share on facebook (opens in new window)",
        "related",
        "related articles",
        "read more",
        "advertisement",
        "sign up for our newsletter",
        "subscribe",
        "cancel reply",
        "you must be logged in to post a comment",
        "print",
        "email",
    ];
    if EXACT.contains(&lower) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "your email address will not be published",
        "save my name, email, and website",
        "copyright ©",
        "© copyright",
        "all rights reserved",
        "this article was originally published",
        "sign up for ",
        "click here to ",
        "follow us on ",
    ];
    lower.len() < 300 && PREFIXES.iter().any(|pre| lower.starts_with(pre))
}

/// A paragraph that is mostly a direct quotation.
pub(crate) fn is_quote_heavy(p: &str) -> bool {
    let mut inside = false;
    let mut quoted = 0usize;
    let mut total = 0usize;
    for c in p.chars() {
        match c {
            '“' => inside = true,
            '”' => inside = false,
            '"' => inside = !inside,
            _ => {
                total += 1;
                if inside {
                    quoted += 1;
                }
            }
        }
    }
    total > 40 && quoted * 10 >= total * 6
}

/// A display title for an article without one: its first sentence, cut at a word
/// boundary to a readable length.
pub(crate) fn derive_title(first_paragraph: &str) -> String {
    let p = first_paragraph.trim();
    // The first sentence end that is not an abbreviation like "U.S." or "Mr.".
    let mut end = p.len();
    for (i, c) in p.char_indices() {
        if matches!(c, '.' | '?' | '!') && i > 20 {
            let next = p[i + c.len_utf8()..].chars().next();
            let prev_word = p[..i].rsplit(' ').next().unwrap_or("");
            let abbrev = prev_word.len() <= 3
                && prev_word.chars().next().is_some_and(char::is_uppercase)
                || prev_word.contains('.');
            if next.is_none_or(|n| n == ' ') && !abbrev {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    let sentence = p[..end].trim_end_matches('.');
    cap_len(sentence, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors() {
        assert_eq!(
            split_authors("By Bob Davis and Lingling Wei"),
            vec!["Bob Davis", "Lingling Wei"]
        );
        assert_eq!(
            split_authors("Jane Doe, John Smith & Ana de la Cruz"),
            vec!["Jane Doe", "John Smith", "Ana de la Cruz"]
        );
        assert!(split_authors("the staff of the paper who wrote it").is_empty());
    }

    #[test]
    fn captions() {
        assert!(is_caption(
            "President Trump meets with Chinese President Xi Jinping at a summit in Beijing in November 2017. (Andy Wong/AP)"
        ));
        assert!(is_caption(
            "Trump and Xi in November 2017. (Nicolas Asfouri/AFP/Getty Images)"
        ));
        assert!(!is_caption(
            "Sen. Marco Rubio (R., Fla.) warned via Twitter that any concession on Huawei (the company)"
        ));
    }

    #[test]
    fn boilerplate() {
        assert!(is_boilerplate("Be the first to comment"));
        assert!(is_boilerplate(
            "Your email address will not be published. Required fields are marked *"
        ));
        assert!(!is_boilerplate(
            "China has called President Donald Trump’s bluff."
        ));
    }

    #[test]
    fn derived_titles() {
        assert_eq!(
            derive_title("China has called President Donald Trump’s bluff. Then more."),
            "China has called President Donald Trump’s bluff"
        );
        assert_eq!(
            derive_title("The U.S. and China met in Osaka on Saturday. More text."),
            "The U.S. and China met in Osaka on Saturday"
        );
    }

    #[test]
    fn run_in_datelines_after_an_all_caps_headline() {
        assert_eq!(
            split_run_in_dateline(
                "OPEC OUTPUT IN MAY SEEN OVER CEILING AT 17 MLN BPD LONDON, June 1 - OPEC's May output appears"
            ),
            Some((
                "OPEC OUTPUT IN MAY SEEN OVER CEILING AT 17 MLN BPD".into(),
                "LONDON, June 1".into(),
                "OPEC's May output appears".into()
            ))
        );
        assert_eq!(
            split_run_in_dateline("FED SEEN STEADY NEW YORK, March 3 (Reuters) - The Fed"),
            Some((
                "FED SEEN STEADY".into(),
                "NEW YORK, March 3".into(),
                "The Fed".into()
            ))
        );
        // Not run in: a dateline at the start, or an undated hyphen.
        assert_eq!(split_run_in_dateline("LONDON, June 1 - OPEC said"), None);
        assert_eq!(
            split_run_in_dateline("OIL PRICES FALL LONDON - OPEC said"),
            None
        );
        assert_eq!(
            split_run_in_dateline("The talks, June 1 - broke down"),
            None
        );
    }

    #[test]
    fn datelines_in_first_paragraphs() {
        let split = split_dateline;
        assert_eq!(
            split("OSAKA, Japan -- President Trump said"),
            Some(("OSAKA, Japan".into(), "President Trump said".into()))
        );
        assert_eq!(
            split("WASHINGTON — The Fed"),
            Some(("WASHINGTON".into(), "The Fed".into()))
        );
        assert_eq!(
            split("NEW YORK (Reuters) - Stocks fell"),
            Some(("NEW YORK".into(), "Stocks fell".into()))
        );
        assert_eq!(
            split("BEIJING, June 30 (AP) — China said"),
            Some(("BEIJING, June 30".into(), "China said".into()))
        );
        assert_eq!(split("U.S. officials said -- on Friday -- that"), None);
        assert_eq!(split("I -- I don't know"), None);
        assert_eq!(split("Stocks fell - again"), None);
        assert_eq!(split("NEW YORK - Stocks fell"), None);
        assert_eq!(
            split("LONDON, June 1 - OPEC's May output rose"),
            Some(("LONDON, June 1".into(), "OPEC's May output rose".into()))
        );
        assert_eq!(
            split("NEW YORK, March 3 (Reuters) - Stocks fell"),
            Some(("NEW YORK, March 3".into(), "Stocks fell".into()))
        );
        assert_eq!(
            split("WASHINGTON (AP) — The Senate voted"),
            Some(("WASHINGTON".into(), "The Senate voted".into()))
        );
        assert_eq!(split("OSAKA -- "), None);
        assert_eq!(split("—"), None);
    }
}
