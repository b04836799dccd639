//! Loose date parsing for the spellings news sources use.
//!
//! Every reader hands its date strings here so that `June 30, 2019`,
//! `2019-06-30T08:00:00Z`, `Sun, 30 Jun 2019 08:00:00 GMT`,
//! `Posted May 21, 2018 6:15 p.m. EDT` and Reuters' `26-FEB-1987 15:01:01.79` all
//! become one [`Published`]. Impossible dates (`2019-02-30`, year `20190`) are
//! rejected rather than guessed at.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};

use crate::article::Published;

/// Parses one date string; see the module docs for what is accepted.
pub(crate) fn parse_published(s: &str) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    parse_canonical(s.as_bytes()).or_else(|| parse_general(s))
}

/// The forms [`Published`] displays as (`2019-06-30`, `2019-06-30T08:00:00`,
/// `2019-06-30T08:00:00+02:00`), read without chrono's format machinery: they
/// are what the index stores and reads back for every hit. `None` sends the
/// string to [`parse_general`].
fn parse_canonical(b: &[u8]) -> Option<Published> {
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    if !matches!(b.len(), 10 | 19 | 25) || !sep(4, b'-') || !sep(7, b'-') {
        return None;
    }
    let year = num(0..4)?;
    if year < 1000 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, num(5..7)?, num(8..10)?)?;
    if b.len() == 10 {
        return Some(Published::from_date(date));
    }
    if !sep(10, b'T') || !sep(13, b':') || !sep(16, b':') {
        return None;
    }
    let time = NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    let utc_offset = if b.len() == 25 {
        let sign = match b[19] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let (h, m) = (num(20..22)?, num(23..25)?);
        if !sep(22, b':') || h > 23 || m > 59 {
            return None;
        }
        Some(sign * (h * 3600 + m * 60) as i32)
    } else {
        None
    };
    Some(Published {
        date,
        time: Some(time),
        utc_offset,
    })
}

/// Every other spelling.
fn parse_general(s: &str) -> Option<Published> {
    if let Some(p) = parse_iso(s) {
        return Some(p);
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(Published {
            date: dt.date_naive(),
            time: Some(dt.time()),
            utc_offset: Some(dt.offset().local_minus_utc()),
        });
    }
    parse_loose(s)
}

/// ISO 8601 / RFC 3339 and their common relatives (space instead of `T`, no
/// offset, no seconds).
fn parse_iso(s: &str) -> Option<Published> {
    let b = s.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(Published {
            date: dt.date_naive(),
            time: Some(strip_nanos(dt.time())),
            utc_offset: Some(dt.offset().local_minus_utc()),
        });
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(Published {
                date: dt.date_naive(),
                time: Some(strip_nanos(dt.time())),
                utc_offset: Some(dt.offset().local_minus_utc()),
            });
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Published {
                date: dt.date(),
                time: Some(strip_nanos(dt.time())),
                utc_offset: None,
            });
        }
    }
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|d| (1000..=9999).contains(&d.year()))
            .map(Published::from_date);
    }
    None
}

fn strip_nanos(t: NaiveTime) -> NaiveTime {
    t.with_nanosecond(0).unwrap_or(t)
}

/// Token-by-token parsing of the prose spellings: a year, a month (by name or
/// number), a day, optionally a time with a.m./p.m. and a zone abbreviation.
fn parse_loose(s: &str) -> Option<Published> {
    let mut year: Option<i32> = None;
    let mut month: Option<u32> = None;
    let mut day: Option<u32> = None;
    let mut time: Option<NaiveTime> = None;
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    let mut unknown = 0;

    let lower = s.to_lowercase();
    let cleaned: String = lower
        .chars()
        .map(|c| if c == ',' || c == '|' { ' ' } else { c })
        .collect();
    for raw in cleaned.split_whitespace() {
        let tok = raw.trim_matches(|c: char| c == '(' || c == ')' || c == ';');
        if tok.is_empty() {
            continue;
        }
        if matches!(tok, "a.m." | "am" | "a.m" | "p.m." | "pm" | "p.m") {
            pm = Some(tok.starts_with('p'));
            continue;
        }
        if tok.as_bytes()[0].is_ascii_digit() && tok.contains(':') {
            let (clock, mer) = split_meridiem(tok);
            if mer.is_some() {
                pm = mer;
            }
            time = Some(parse_clock(clock)?);
            continue;
        }
        if let Some(m) = month_from_name(tok.trim_end_matches('.')) {
            if month.is_some() {
                unknown += 1;
            }
            month = Some(m);
            continue;
        }
        if let Some(off) = zone_offset(tok) {
            offset = Some(off);
            continue;
        }
        if tok.chars().all(|c| c.is_ascii_digit()) {
            // An ordinal day "30th" is handled below; plain digits here.
            match tok.len() {
                4 if year.is_none() => year = Some(tok.parse().ok()?),
                1 | 2 if day.is_none() => day = Some(tok.parse().ok()?),
                2 if year.is_none() => year = Some(expand_two_digit_year(tok.parse().ok()?)),
                // A five-digit "year" or a stray number: this is not a date.
                _ => return None,
            }
            continue;
        }
        if let Some(d) = ordinal_day(tok) {
            day = Some(d);
            continue;
        }
        if let Some((y, m, d)) = compound_date(tok) {
            year = Some(y);
            month = Some(m);
            day = Some(d);
            continue;
        }
        if is_filler(tok) {
            continue;
        }
        unknown += 1;
        if unknown > 3 {
            return None;
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    if !(1000..=9999).contains(&date.year()) {
        return None;
    }
    let time = match (time, pm) {
        (Some(t), Some(true)) if t.hour() < 12 => t.with_hour(t.hour() + 12),
        (Some(t), Some(false)) if t.hour() == 12 => t.with_hour(0),
        (t, _) => t,
    };
    Some(Published {
        date,
        time,
        utc_offset: if time.is_some() { offset } else { None },
    })
}

fn split_meridiem(tok: &str) -> (&str, Option<bool>) {
    for (suffix, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(clock) = tok.strip_suffix(suffix) {
            return (clock, Some(pm));
        }
    }
    (tok, None)
}

fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim_end_matches('z');
    let mut parts = s.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(p) => p.split('.').next()?.parse().ok()?,
        None => 0,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// The month a lowercase name or abbreviation names.
pub(crate) fn month_from_name(tok: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if tok.len() < 3 {
        return None;
    }
    // Full names, and abbreviations of three or four letters (`Jun`, `Sept`).
    NAMES
        .iter()
        .position(|name| *name == tok || (tok.len() <= 4 && name.starts_with(tok)))
        .map(|i| i as u32 + 1)
}

/// UTC offsets of the zone names that appear in news datelines.
fn zone_offset(tok: &str) -> Option<i32> {
    let hours = match tok {
        "utc" | "gmt" | "z" | "ut" => 0,
        "edt" => -4,
        "est" | "cdt" => -5,
        "cst" | "mdt" => -6,
        "mst" | "pdt" => -7,
        "pst" => -8,
        "bst" | "cet" => 1,
        "cest" | "eet" => 2,
        "eest" | "msk" => 3,
        "ist" => return Some(5 * 3600 + 1800),
        "hkt" | "sgt" => 8,
        "jst" | "kst" => 9,
        _ => {
            // +0200, -04:00
            let b = tok.as_bytes();
            if (b.len() == 5 || b.len() == 6) && (b[0] == b'+' || b[0] == b'-') {
                let digits: String = tok[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                let h: i32 = digits[..2].parse().ok()?;
                let m: i32 = digits[2..].parse().ok()?;
                let sign = if b[0] == b'-' { -1 } else { 1 };
                return Some(sign * (h * 3600 + m * 60));
            }
            return None;
        }
    };
    Some(hours * 3600)
}

fn ordinal_day(tok: &str) -> Option<u32> {
    let digits = tok
        .strip_suffix("st")
        .or_else(|| tok.strip_suffix("nd"))
        .or_else(|| tok.strip_suffix("rd"))
        .or_else(|| tok.strip_suffix("th"))?;
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `26-feb-1987`, `2019/06/30`, `06/30/2019`, `01/04/63`, `30.06.2019`.
fn compound_date(tok: &str) -> Option<(i32, u32, u32)> {
    let sep = tok.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = tok.split(sep).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let num = |p: &str| -> Option<u32> {
        if p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    if parts[0].len() == 4 {
        return Some((num(parts[0])? as i32, num(parts[1])?, num(parts[2])?));
    }
    let year = match parts[2].len() {
        4 => num(parts[2])? as i32,
        2 => expand_two_digit_year(num(parts[2])? as i32),
        _ => return None,
    };
    if let Some(m) = month_from_name(parts[1]) {
        return Some((year, m, num(parts[0])?));
    }
    let (a, b) = (num(parts[0])?, num(parts[1])?);
    // US order unless the first number cannot be a month.
    if a > 12 {
        Some((year, b, a))
    } else {
        Some((year, a, b))
    }
}

fn expand_two_digit_year(y: i32) -> i32 {
    if y < 50 {
        2000 + y
    } else {
        1900 + y
    }
}

fn is_filler(tok: &str) -> bool {
    matches!(
        tok,
        "posted"
            | "updated"
            | "published"
            | "date"
            | "dated"
            | "on"
            | "at"
            | "of"
            | "the"
            | "last"
            | "first"
            | "modified"
            | "-"
            | "—"
            | "–"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "et"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_read_as_the_general_parser_reads_them() {
        for s in [
            "2019-06-30",
            "1987-02-26T15:01:01",
            "2019-06-30T08:00:00+02:00",
            "2019-06-30T08:00:00-05:30",
            "2019-06-30T23:59:59+00:00",
            "2020-02-29",
            "1000-01-01T00:00:00",
        ] {
            let fast = parse_canonical(s.as_bytes());
            assert!(fast.is_some(), "{s}");
            assert_eq!(fast, parse_general(s), "{s}");
            assert_eq!(fast.map(|p| p.to_string()).as_deref(), Some(s));
        }
        // Not canonical, or not a date: left to the general parser, which rejects
        // the impossible ones.
        for s in [
            "2019-02-30",
            "0999-01-01",
            "2019-06-30T24:00:00",
            "2019-06-30T08:00:00Z",
            "2019-06-30 08:00:00",
            "2019-06-30T08:00:00+24:00",
            "20190-06-30",
            "2019-6-30",
        ] {
            assert_eq!(parse_canonical(s.as_bytes()), None, "{s}");
        }
        assert_eq!(parse_published("2019-02-30"), None);
    }

    fn p(s: &str) -> Option<String> {
        parse_published(s).map(|p| p.to_string())
    }

    #[test]
    fn iso_forms() {
        assert_eq!(p("2019-06-30").as_deref(), Some("2019-06-30"));
        assert_eq!(
            p("2019-06-30T08:05:00Z").as_deref(),
            Some("2019-06-30T08:05:00+00:00")
        );
        assert_eq!(
            p("2019-06-30T08:05:00.123-04:00").as_deref(),
            Some("2019-06-30T08:05:00-04:00")
        );
        assert_eq!(
            p("2019-06-30 08:05:00").as_deref(),
            Some("2019-06-30T08:05:00")
        );
    }

    #[test]
    fn prose_forms() {
        assert_eq!(
            p("Posted May 21, 2018 6:15 p.m. EDT").as_deref(),
            Some("2018-05-21T18:15:00-04:00")
        );
        assert_eq!(p("June 30, 2019").as_deref(), Some("2019-06-30"));
        assert_eq!(p("30 June 2019").as_deref(), Some("2019-06-30"));
        assert_eq!(p("Jun. 30th, 2019").as_deref(), Some("2019-06-30"));
        assert_eq!(
            p("Sun, 30 Jun 2019 08:00:00 GMT").as_deref(),
            Some("2019-06-30T08:00:00+00:00")
        );
        assert_eq!(
            p("26-FEB-1987 15:01:01.79").as_deref(),
            Some("1987-02-26T15:01:01")
        );
        assert_eq!(p("01/04/63").as_deref(), Some("1963-01-04"));
        assert_eq!(p("2019/06/30").as_deref(), Some("2019-06-30"));
    }

    #[test]
    fn nonsense_is_rejected() {
        assert_eq!(p("2019-02-30"), None);
        assert_eq!(p("20190-01-01"), None);
        assert_eq!(p("January 5, 20190"), None);
        assert_eq!(p("Trump met Xi in Osaka"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("99:99 May 1, 2019"), None);
    }
}
