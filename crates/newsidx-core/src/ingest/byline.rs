//! Author names as one spelling.
//!
//! Wire copy writes the same reporter as `PATTI DOMM` in one story and
//! `Patti Domm` in the next, adds roles (`Bob Davis, Staff Writer`,
//! `Brad Schade Reuters`) and sometimes names only the agency (`Reuter`).
//! [`normalize`] gives each name one spelling: no leading "By", no role or
//! agency after the name, capitals only at word starts when the source wrote
//! the name all in capitals. The finishing pass keeps what the source wrote
//! in [`ArticleMeta::byline`](crate::ArticleMeta::byline) whenever this
//! changed anything.

/// Words that name a role or an agency, not a person, when they end a name.
const ROLE_WORDS: &[&str] = &[
    "reuter",
    "reuters",
    "ap",
    "afp",
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "special",
    "editor",
    "associated",
    "press",
    "contributor",
];

/// The names in one spelling, in order, without duplicates; names that were
/// only a role or an agency are dropped.
///
/// `["By PATTI DOMM", "Brad Schade Reuters", "Reuter"]` becomes
/// `["Patti Domm", "Brad Schade"]` (the tests below pin each case).
pub(crate) fn normalize(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        if let Some(n) = normalize_one(name) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
                out.push(n);
            }
        }
    }
    out
}

fn normalize_one(name: &str) -> Option<String> {
    let mut s = name.trim();
    for by in ["By ", "BY ", "by "] {
        if let Some(rest) = s.strip_prefix(by) {
            s = rest.trim_start();
        }
    }
    // A role after a comma, a bar or a dash: "Bob Davis, Staff Writer".
    if let Some(i) = s.find([',', '|']).or_else(|| s.find(" - ")) {
        s = s[..i].trim_end();
    }
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| ROLE_WORDS.contains(&w.to_lowercase().trim_matches('.')))
    {
        words.pop();
    }
    // Typos of the agency's name sign some Reuters stories ("Reutersd").
    if words.is_empty() || (words.len() == 1 && words[0].to_lowercase().starts_with("reuter")) {
        return None;
    }
    let joined = words.join(" ");
    let letters = joined.chars().filter(|c| c.is_alphabetic());
    let all_caps = letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase);
    Some(if all_caps {
        title_case(&joined)
    } else {
        joined
    })
}

/// `TED D'AFFLISIO` → `Ted D'Afflisio`: a capital at the start of each word
/// and after an apostrophe or hyphen, small letters elsewhere.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(names: &[&str]) -> Vec<String> {
        normalize(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn reuters_bylines_in_two_casings_become_one() {
        assert_eq!(n(&["PATTI DOMM"]), ["Patti Domm"]);
        assert_eq!(n(&["Patti Domm"]), ["Patti Domm"]);
        assert_eq!(n(&["TED D'AFFLISIO"]), ["Ted D'Afflisio"]);
        assert_eq!(n(&["JEAN-PIERRE DUBOIS"]), ["Jean-Pierre Dubois"]);
    }

    #[test]
    fn roles_agencies_and_by_are_taken_off() {
        assert_eq!(n(&["By Bob Davis, Staff Writer"]), ["Bob Davis"]);
        assert_eq!(n(&["Brad Schade Reuters"]), ["Brad Schade"]);
        assert_eq!(n(&["Lingling Wei | Reuters"]), ["Lingling Wei"]);
        assert_eq!(n(&["Reuter"]), Vec::<String>::new());
        assert_eq!(n(&["Reutersd"]), Vec::<String>::new());
        assert_eq!(n(&["AP"]), Vec::<String>::new());
    }

    #[test]
    fn mixed_case_names_are_kept_as_written_and_duplicates_go() {
        assert_eq!(
            n(&["Ronald McDonald", "RONALD MCDONALD"]),
            ["Ronald McDonald"]
        );
        assert_eq!(n(&["danah boyd"]), ["danah boyd"]);
    }
}
