//! One module per subcommand: the glue that takes the command's plain config
//! (built by `config.rs` right after parsing), calls the library, hands the
//! result to `render`, and says what the run amounts to as an
//! [`Outcome`](crate::Outcome). Nothing here sees clap or parses a flag, and
//! results, tables and summaries are formatted in `render` (only JSON dumps and
//! one-line messages are written here).

pub mod bench;
pub mod eval;
pub mod index;
pub mod parse;
pub mod query;
pub mod stats;

/// Why a command failed: a library error or an output error.
#[derive(Debug)]
pub enum CmdError {
    /// From the library.
    Lib(newsidx_core::Error),
    /// Writing output.
    Io(std::io::Error),
}

impl std::fmt::Display for CmdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CmdError::Lib(e) => write!(f, "{e}"),
            CmdError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<newsidx_core::Error> for CmdError {
    fn from(e: newsidx_core::Error) -> CmdError {
        CmdError::Lib(e)
    }
}

impl From<std::io::Error> for CmdError {
    fn from(e: std::io::Error) -> CmdError {
        CmdError::Io(e)
    }
}

impl From<serde_json::Error> for CmdError {
    fn from(e: serde_json::Error) -> CmdError {
        CmdError::Io(e.into())
    }
}
