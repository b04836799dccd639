//! The SGML collections reader (being written).

use super::Parsed;

/// Parses a Reuters-21578 or TREC SGML file.
pub(crate) fn parse(_text: &str) -> Parsed {
    Parsed::default()
}

/// Parses a SMART-format file.
pub(crate) fn parse_smart(_text: &str) -> Parsed {
    Parsed::default()
}
