//! The JSON and JSON-lines reader (being written).

use super::Parsed;

/// Parses one JSON document (`lines == false`) or a JSON-lines file.
pub(crate) fn parse(_text: &str, _lines: bool) -> Parsed {
    Parsed::default()
}
