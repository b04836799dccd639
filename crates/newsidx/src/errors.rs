//! The CLI's words for a failed command: one line on stderr, in terms of its
//! flags and subcommands.
//!
//! The library's messages name library calls and options
//! (`SearchRequest::limit`, `Index::remove`); this module turns the variants
//! that carry what went wrong into the flags a user of `newsidx` types, and
//! adds the caret under a bad query. It decides no exit code and must not
//! change what an error means, only how it is said.

use std::io::Write;

use newsidx_core::error::BadRequest;
use newsidx_core::Error;

use crate::commands::CmdError;
use crate::render::escape;

/// Writes a failed command's error to `out`: `newsidx: ` and the message,
/// then, for a bad query, the query with a caret under the problem.
pub fn report(e: &CmdError, out: &mut impl Write) -> std::io::Result<()> {
    match e {
        CmdError::Lib(lib) => {
            // Messages name paths, which may hold any control character.
            writeln!(out, "newsidx: {}", escape::control(&describe(lib)))?;
            if let Error::Query(q) = lib {
                for line in q.caret().lines() {
                    writeln!(out, "  {line}")?;
                }
            }
            Ok(())
        }
        CmdError::Io(io) => writeln!(out, "newsidx: {}", escape::control(&io.to_string())),
    }
}

/// A library error in the CLI's words.
pub fn describe(e: &Error) -> String {
    match e {
        Error::IndexNotFound { path } => format!(
            "no index at {}; create one with `newsidx index PATH`",
            path.display()
        ),
        Error::IncompatibleIndex { path, reason, kind } if kind.needs_rebuild() => format!(
            "{} is not a usable newsidx index ({reason}); rebuild it with `newsidx index --rebuild PATH`",
            path.display()
        ),
        // Another program's folder: --rebuild would refuse to delete it.
        Error::IncompatibleIndex { path, reason, .. } => format!(
            "{} is not a usable newsidx index ({reason}); newsidx neither uses nor deletes \
             another program's folder: give another one with --index",
            path.display()
        ),
        Error::BadRequest(BadRequest::ZeroLimit) => "--limit must be at least 1".to_string(),
        Error::BadRequest(BadRequest::SinceAfterUntil { since, until }) => {
            format!("--since {since} is after --until {until}: no article can match")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use newsidx_core::error::Incompatibility;
    use newsidx_core::{QueryError, SearchRequest};

    fn printed(e: impl Into<CmdError>) -> String {
        let mut out = Vec::new();
        report(&e.into(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_missing_index_says_which_command_creates_one() {
        let e = Error::IndexNotFound {
            path: PathBuf::from(".newsidx"),
        };
        assert_eq!(
            printed(e),
            "newsidx: no index at .newsidx; create one with `newsidx index PATH`\n"
        );
    }

    #[test]
    fn another_programs_folder_is_not_advised_to_be_rebuilt() {
        let e = Error::IncompatibleIndex {
            path: PathBuf::from("idx"),
            reason: "it has no newsidx.json: not a newsidx index".into(),
            kind: Incompatibility::NotAnIndex,
        };
        assert_eq!(
            printed(e),
            "newsidx: idx is not a usable newsidx index (it has no newsidx.json: not a newsidx \
             index); newsidx neither uses nor deletes another program's folder: give another \
             one with --index\n"
        );
    }

    #[test]
    fn an_unusable_index_says_which_flag_rebuilds_it() {
        for kind in [
            Incompatibility::Damaged,
            Incompatibility::OtherFormat {
                found: 5,
                supported: 6,
            },
        ] {
            let e = Error::IncompatibleIndex {
                path: PathBuf::from(".newsidx"),
                reason: "newsidx.json is damaged".into(),
                kind,
            };
            assert_eq!(
                printed(e),
                "newsidx: .newsidx is not a usable newsidx index (newsidx.json is damaged); \
                 rebuild it with `newsidx index --rebuild PATH`\n"
            );
        }
    }

    #[test]
    fn request_options_are_named_by_their_flags() {
        assert_eq!(
            printed(Error::from(BadRequest::ZeroLimit)),
            "newsidx: --limit must be at least 1\n"
        );
        // The CLI has no date type of its own: take the library's.
        let day = |d: &str| SearchRequest::new("").since(d).unwrap().since.unwrap();
        let e = BadRequest::SinceAfterUntil {
            since: day("2019-06-30"),
            until: day("2019-06-01"),
        };
        assert_eq!(
            printed(Error::from(e)),
            "newsidx: --since 2019-06-30 is after --until 2019-06-01: no article can match\n"
        );
    }

    #[test]
    fn a_bad_query_gets_a_caret_under_the_problem() {
        let e = Error::Query(QueryError::new("\"entity list", 0, "unclosed quote"));
        assert_eq!(
            printed(e),
            "newsidx: bad query at column 1: unclosed quote\n  \"entity list\n  ^\n"
        );
    }

    #[test]
    fn other_errors_keep_the_librarys_message() {
        let e = Error::IndexLocked {
            path: PathBuf::from(".newsidx"),
        };
        assert_eq!(
            printed(e),
            "newsidx: the index at .newsidx is locked by another newsidx run; wait for it to finish\n"
        );
        let io = std::io::Error::other("disk on fire");
        assert_eq!(printed(CmdError::Io(io)), "newsidx: disk on fire\n");
    }
}
