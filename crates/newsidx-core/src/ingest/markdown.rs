//! The markdown reader (being written).

use super::Parsed;

/// Parses one markdown file.
pub(crate) fn parse(_text: &str) -> Parsed {
    Parsed::default()
}
