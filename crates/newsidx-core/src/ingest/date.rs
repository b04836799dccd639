//! Loose date parsing for the spellings news sources use.
//!
//! Every reader hands its date strings here so that `June 30, 2019`,
//! `2019-06-30T08:00:00Z`, `Sun, 30 Jun 2019 08:00:00 GMT`,
//! `Posted May 21, 2018 6:15 p.m. EDT` and Reuters' `26-FEB-1987 15:01:01.79` all
//! become one [`Published`]. Also read: Unix time in seconds or milliseconds
//! (`1561881600`, `1561881600000`); months and years alone (`2019-06`,
//! `June 2019`, `2019`), kept with their [`Precision`]; month names in French,
//! German, Spanish, Italian, Portuguese and Dutch (`30 juin 2019`,
//! `3. März 2019`, `5 de mayo de 2019`); zone abbreviations, including the
//! North American ones that leave daylight time to the date (`5:00PM ET`);
//! and ambiguous numeric dates (`03/04/2019`) one way per file, as the file's
//! unambiguous dates show ([`one_numeric_order`]).
//! Impossible dates (`2019-02-30`, year `20190`) are rejected rather than
//! guessed at.

use std::cell::Cell;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike};

use super::{Parsed, Problem};
use crate::article::{Precision, Published};

/// Parses one date string; see the module docs for what is accepted.
pub(crate) fn parse_published(s: &str) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    parse_canonical(s.as_bytes())
        .or_else(|| parse_partial(s))
        .or_else(|| parse_epoch(s))
        .or_else(|| parse_general(s))
}

/// `2019` and `2019-06`: a year or a month, kept with that precision.
fn parse_partial(s: &str) -> Option<Published> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let year = |y: &str| y.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y));
    match b.len() {
        4 if digits(0..4) => {
            NaiveDate::from_ymd_opt(year(s)?, 1, 1).map(|d| Published::period(d, Precision::Year))
        }
        7 if digits(0..4) && b[4] == b'-' && digits(5..7) => {
            NaiveDate::from_ymd_opt(year(&s[..4])?, s[5..].parse().ok()?, 1)
                .map(|d| Published::period(d, Precision::Month))
        }
        _ => None,
    }
}

/// Unix time as digits: 9 or 10 digits are seconds, 12 or 13 milliseconds
/// (as JSON feeds and databases write them); read as UTC.
fn parse_epoch(s: &str) -> Option<Published> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = match s.len() {
        9 | 10 => n,
        12 | 13 => n / 1000,
        _ => return None,
    };
    let dt = DateTime::from_timestamp(secs, 0)?;
    Some(Published {
        date: dt.date_naive(),
        time: Some(dt.time()),
        utc_offset: Some(0),
        precision: Precision::Day,
    })
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
        precision: Precision::Day,
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
            precision: Precision::Day,
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
            precision: Precision::Day,
        });
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(Published {
                date: dt.date_naive(),
                time: Some(strip_nanos(dt.time())),
                utc_offset: Some(dt.offset().local_minus_utc()),
                precision: Precision::Day,
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
                precision: Precision::Day,
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
    let mut offset: Option<Zone> = None;
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
        // `3.` (German `3. März 2019`) is a day.
        let tok = match tok.strip_suffix('.') {
            Some(d) if !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()) => d,
            _ => tok,
        };
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
    let Some(day) = day else {
        // `June 2019`, `juin 2019`: a month.
        let first = NaiveDate::from_ymd_opt(year?, month?, 1)?;
        return ((1000..=9999).contains(&first.year()) && time.is_none())
            .then(|| Published::period(first, Precision::Month));
    };
    let date = NaiveDate::from_ymd_opt(year?, month?, day)?;
    if !(1000..=9999).contains(&date.year()) {
        return None;
    }
    let time = match (time, pm) {
        (Some(t), Some(true)) if t.hour() < 12 => t.with_hour(t.hour() + 12),
        (Some(t), Some(false)) if t.hour() == 12 => t.with_hour(0),
        (t, _) => t,
    };
    let utc_offset = match (time, offset) {
        (Some(t), Some(zone)) => Some(zone.offset(date, t)),
        _ => None,
    };
    Some(Published {
        date,
        time,
        utc_offset,
        precision: Precision::Day,
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

/// The month a lowercase name or abbreviation names: English (full names and
/// any 3- or 4-letter prefix: `jun`, `sept`), and the full names and usual
/// abbreviations of French, German, Spanish, Italian, Portuguese and Dutch
/// (`juin`, `févr`, `märz`, `mayo`, `maggio`, `março`, `mei`, `okt`).
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
    /// Other languages, month by month: full names, then abbreviations.
    const OTHER: [&[&str]; 12] = [
        &[
            "janvier", "januar", "enero", "gennaio", "janeiro", "januari", "janv", "jänner", "ene",
            "gen",
        ],
        &[
            "février",
            "fevrier",
            "februar",
            "febrero",
            "febbraio",
            "fevereiro",
            "februari",
            "févr",
            "fevr",
            "fév",
            "fev",
        ],
        &[
            "mars", "märz", "maerz", "marzo", "março", "marco", "maart", "mär", "mrz", "mrt",
        ],
        &["avril", "abril", "aprile", "avr", "abr"],
        &["mai", "mayo", "maggio", "maio", "mei", "mag"],
        &["juin", "juni", "junio", "giugno", "junho", "giu"],
        &["juillet", "juli", "julio", "luglio", "julho", "juil", "lug"],
        &["août", "aout", "agosto", "augustus", "ago"],
        &["septembre", "septiembre", "settembre", "setembro", "set"],
        &[
            "octobre", "oktober", "octubre", "ottobre", "outubro", "okt", "ott", "out",
        ],
        &["novembre", "noviembre", "novembro"],
        &[
            "décembre",
            "decembre",
            "dezember",
            "diciembre",
            "dicembre",
            "dezembro",
            "déc",
            "dez",
            "dic",
        ],
    ];
    if tok.chars().count() < 3 {
        return None;
    }
    // Full names, and abbreviations of three or four letters (`Jun`, `Sept`).
    NAMES
        .iter()
        .position(|name| *name == tok || (tok.len() <= 4 && name.starts_with(tok)))
        .or_else(|| OTHER.iter().position(|names| names.contains(&tok)))
        .map(|i| i as u32 + 1)
}

/// A time zone as a date string names it: a fixed offset, or a North American
/// zone written without saying whether daylight time applies (`ET`, `PT`),
/// whose offset depends on the date.
#[derive(Clone, Copy)]
enum Zone {
    Fixed(i32),
    /// Standard-time offset in hours; one hour more under US daylight time.
    UsGeneric(i32),
}

impl Zone {
    fn offset(self, date: NaiveDate, time: NaiveTime) -> i32 {
        match self {
            Zone::Fixed(secs) => secs,
            Zone::UsGeneric(hours) => {
                let dst = us_daylight_time(date, time);
                (hours + i32::from(dst)) * 3600
            }
        }
    }
}

/// Whether US daylight saving time is in force at a local date and time:
/// from the second Sunday in March to the first Sunday in November since 2007,
/// from the first Sunday in April to the last Sunday in October before. The
/// switch is at 2:00 local time.
fn us_daylight_time(date: NaiveDate, time: NaiveTime) -> bool {
    let year = date.year();
    let nth_sunday = |month: u32, n: u8| {
        NaiveDate::from_weekday_of_month_opt(year, month, chrono::Weekday::Sun, n)
    };
    let (start, end) = if year >= 2007 {
        (nth_sunday(3, 2), nth_sunday(11, 1))
    } else {
        let last_october = (1..=5).rev().find_map(|n| nth_sunday(10, n));
        (nth_sunday(4, 1), last_october)
    };
    let (Some(start), Some(end)) = (start, end) else {
        return false;
    };
    let two = NaiveTime::from_hms_opt(2, 0, 0).unwrap_or(NaiveTime::MIN);
    let at = date.and_time(time);
    at >= start.and_time(two) && at < end.and_time(two)
}

/// The zones news datelines name: abbreviations (`GMT`, `EST`, `EDT`, `ET`,
/// `PT`, `CET`, `CEST`, `BST`, `JST`...) and numeric offsets (`+0200`,
/// `-04:00`).
fn zone_offset(tok: &str) -> Option<Zone> {
    let hours = match tok {
        "utc" | "gmt" | "z" | "ut" | "wet" => 0,
        "et" => return Some(Zone::UsGeneric(-5)),
        "ct" => return Some(Zone::UsGeneric(-6)),
        "mt" => return Some(Zone::UsGeneric(-7)),
        "pt" => return Some(Zone::UsGeneric(-8)),
        "edt" => -4,
        "est" | "cdt" => -5,
        "cst" | "mdt" => -6,
        "mst" | "pdt" => -7,
        "pst" | "akdt" => -8,
        "akst" => -9,
        "hst" => -10,
        "bst" | "cet" | "met" | "mez" | "west" | "wat" => 1,
        "cest" | "mesz" | "eet" | "sast" | "cat" => 2,
        "eest" | "msk" | "eat" | "ast" => 3,
        "ist" => return Some(Zone::Fixed(5 * 3600 + 1800)),
        "hkt" | "sgt" | "cst8" | "awst" | "pht" => 8,
        "jst" | "kst" => 9,
        "aest" => 10,
        "aedt" => 11,
        "nzst" => 12,
        "nzdt" => 13,
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
                return Some(Zone::Fixed(sign * (h * 3600 + m * 60)));
            }
            return None;
        }
    };
    Some(Zone::Fixed(hours * 3600))
}

fn ordinal_day(tok: &str) -> Option<u32> {
    let digits = tok
        .strip_suffix("st")
        .or_else(|| tok.strip_suffix("nd"))
        .or_else(|| tok.strip_suffix("rd"))
        .or_else(|| tok.strip_suffix("th"))
        // French `1er`.
        .or_else(|| tok.strip_suffix("er"))?;
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
    // The first number cannot be a month: day first; the second cannot: month
    // first; both can: the file's order (see `one_numeric_order`).
    let day_first = if a > 12 {
        tally(|t| t.day_first += 1);
        true
    } else if b > 12 {
        tally(|t| t.month_first += 1);
        false
    } else if a != b {
        tally(|t| t.ambiguous += 1);
        ORDER.with(Cell::get) == NumericOrder::DayFirst
    } else {
        false
    };
    if day_first {
        Some((year, b, a))
    } else {
        Some((year, a, b))
    }
}

/// How `03/04/2019`, whose numbers could each be the month, is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumericOrder {
    /// 4 March (US order; the default).
    MonthFirst,
    /// 3 April.
    DayFirst,
}

/// The numeric dates seen while reading one file.
#[derive(Clone, Copy, Default)]
struct Tally {
    /// Both numbers 12 or less, and different.
    ambiguous: u32,
    /// The first number over 12 (`13/04/2019`).
    day_first: u32,
    /// The second number over 12 (`04/13/2019`).
    month_first: u32,
}

thread_local! {
    static ORDER: Cell<NumericOrder> = const { Cell::new(NumericOrder::MonthFirst) };
    static TALLY: Cell<Tally> = const {
        Cell::new(Tally { ambiguous: 0, day_first: 0, month_first: 0 })
    };
}

fn tally(f: impl FnOnce(&mut Tally)) {
    TALLY.with(|cell| {
        let mut t = cell.get();
        f(&mut t);
        cell.set(t);
    });
}

/// Runs a reader over one file so that its ambiguous numeric dates
/// (`03/04/2019`) get one reading, chosen from the unambiguous ones in the
/// same file: day first when the file writes `13/04/2019` and never
/// `04/13/2019`, month first (US order) otherwise. When nothing in the file
/// decides, or it holds both orders, the dates are read month first and the
/// file gets a problem saying so. A file with ambiguous dates that turn out
/// day first is read twice.
pub(crate) fn one_numeric_order(read: impl Fn() -> Parsed) -> Parsed {
    let (mut parsed, seen) = read_in(NumericOrder::MonthFirst, &read);
    if seen.ambiguous == 0 {
        return parsed;
    }
    let why = match (seen.day_first > 0, seen.month_first > 0) {
        (true, false) => return read_in(NumericOrder::DayFirst, &read).0,
        (false, true) => return parsed,
        (true, true) => "the file writes dates both day first and month first",
        (false, false) => "no date in the file shows the order",
    };
    parsed.problems.push(Problem {
        line: None,
        reason: format!(
            "{} ambiguous numeric date{} such as 03/04/2019 read month first: {why}",
            seen.ambiguous,
            if seen.ambiguous == 1 { "" } else { "s" }
        ),
    });
    parsed
}

fn read_in(order: NumericOrder, read: &impl Fn() -> Parsed) -> (Parsed, Tally) {
    let before = ORDER.with(|o| o.replace(order));
    let outer = TALLY.with(Cell::take);
    let parsed = read();
    let seen = TALLY.with(|t| t.replace(outer));
    ORDER.with(|o| o.set(before));
    (parsed, seen)
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
            // French, German, Spanish, Italian, Portuguese, Dutch.
            | "le"
            | "de"
            | "del"
            | "den"
            | "der"
            | "um"
            | "uhr"
            | "el"
            | "il"
            | "à"
            | "a"
            | "las"
            | "om"
            | "publié"
            | "veröffentlicht"
            | "publicado"
            | "pubblicato"
            | "lundi"
            | "mardi"
            | "mercredi"
            | "jeudi"
            | "vendredi"
            | "samedi"
            | "dimanche"
            | "montag"
            | "dienstag"
            | "mittwoch"
            | "donnerstag"
            | "freitag"
            | "samstag"
            | "sonntag"
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

    #[test]
    fn partial_dates_keep_their_precision() {
        let june = parse_published("2019-06").unwrap();
        assert_eq!(june.precision, Precision::Month);
        assert_eq!(june.date.to_string(), "2019-06-01");
        assert_eq!(june.to_string(), "2019-06");
        assert_eq!(june.last_day().to_string(), "2019-06-30");
        let year = parse_published("2019").unwrap();
        assert_eq!(year.precision, Precision::Year);
        assert_eq!(year.to_string(), "2019");
        assert_eq!(year.days().count(), 365);
        assert_eq!(p("June 2019").as_deref(), Some("2019-06"));
        assert_eq!(p("juin 2019").as_deref(), Some("2019-06"));
        // What the index stores reads back the same.
        for s in ["2019", "2019-06", "2020-02"] {
            assert_eq!(p(s).as_deref(), Some(s));
        }
        assert_eq!(p("2019-13"), None);
        assert_eq!(p("0999"), None);
        assert_eq!(p("20190"), None);
    }

    #[test]
    fn epoch_seconds_and_milliseconds() {
        assert_eq!(
            p("1561881600").as_deref(),
            Some("2019-06-30T08:00:00+00:00")
        );
        assert_eq!(
            p("1561881600000").as_deref(),
            Some("2019-06-30T08:00:00+00:00")
        );
        assert_eq!(p("12345"), None);
    }

    #[test]
    fn european_month_names() {
        for (s, want) in [
            ("30 juin 2019", "2019-06-30"),
            ("le 1er août 2019", "2019-08-01"),
            ("3. März 2019", "2019-03-03"),
            ("Montag, 3. März 2019", "2019-03-03"),
            ("5 de mayo de 2019", "2019-05-05"),
            ("12 dicembre 2018", "2018-12-12"),
            ("5 de março de 2019", "2019-03-05"),
            ("5 mei 2019", "2019-05-05"),
            ("17 okt. 2019", "2019-10-17"),
        ] {
            assert_eq!(p(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(
            p("3. März 2019 um 10:30 MEZ").as_deref(),
            Some("2019-03-03T10:30:00+01:00")
        );
    }

    #[test]
    fn zone_abbreviations_keep_their_offset() {
        for (s, want) in [
            ("June 30, 2019 5:00PM ET", "2019-06-30T17:00:00-04:00"),
            ("January 30, 2019 5:00PM ET", "2019-01-30T17:00:00-05:00"),
            ("June 30, 2019 5:00 p.m. PT", "2019-06-30T17:00:00-07:00"),
            ("Dec 1, 2019 9:00 PST", "2019-12-01T09:00:00-08:00"),
            ("June 30, 2019 10:00 CEST", "2019-06-30T10:00:00+02:00"),
            ("June 30, 2019 10:00 BST", "2019-06-30T10:00:00+01:00"),
            ("June 30, 2019 10:00 JST", "2019-06-30T10:00:00+09:00"),
            ("June 30, 2019 10:00 UTC", "2019-06-30T10:00:00+00:00"),
            // Before 2007 US daylight time began in April.
            ("March 20, 2005 12:00 ET", "2005-03-20T12:00:00-05:00"),
        ] {
            assert_eq!(p(s).as_deref(), Some(want), "{s}");
        }
    }

    /// What a reader returns for articles dated by `dates`.
    fn read_dates(dates: &[&str]) -> Parsed {
        let articles = dates
            .iter()
            .map(|d| {
                let mut a = crate::article::Article::default();
                a.meta.published = Published::parse(d);
                a
            })
            .collect();
        Parsed {
            articles,
            ..Parsed::default()
        }
    }

    fn read_order(dates: &[&str]) -> (Vec<String>, Vec<String>) {
        let parsed = one_numeric_order(|| read_dates(dates));
        (
            parsed
                .articles
                .iter()
                .map(|a| a.meta.published.unwrap().to_string())
                .collect(),
            parsed.problems.into_iter().map(|p| p.reason).collect(),
        )
    }

    #[test]
    fn ambiguous_numeric_dates_get_one_reading_per_file() {
        // A day-first feed: 03/04 is 3 April, like 13/04 beside it.
        assert_eq!(
            read_order(&["03/04/2019", "13/04/2019"]),
            (vec!["2019-04-03".into(), "2019-04-13".into()], vec![])
        );
        // A month-first feed.
        assert_eq!(
            read_order(&["03/04/2019", "04/13/2019"]),
            (vec!["2019-03-04".into(), "2019-04-13".into()], vec![])
        );
        // Nothing decides: month first, with a warning.
        assert_eq!(
            read_order(&["03/04/2019", "05/06/2019", "07/07/2019"]),
            (
                vec!["2019-03-04".into(), "2019-05-06".into(), "2019-07-07".into()],
                vec!["2 ambiguous numeric dates such as 03/04/2019 read month first: no date in the file shows the order".into()]
            )
        );
        assert_eq!(
            read_order(&["03/04/2019", "13/04/2019", "04/13/2019"]).1,
            ["1 ambiguous numeric date such as 03/04/2019 read month first: the file writes dates both day first and month first"]
        );
        // Outside a file, the default order.
        assert_eq!(p("03/04/2019").as_deref(), Some("2019-03-04"));
    }
}
