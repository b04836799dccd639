//! One module per subcommand: the glue that turns its arguments (or, for
//! `eval`, the config `cli.rs` built) into library options, calls the library,
//! hands the result to `render`, and says what the run amounts to as an
//! [`Outcome`](crate::Outcome). Nothing here parses flags, and results, tables
//! and summaries are formatted in `render` (only JSON dumps and one-line
//! messages are written here).

pub mod bench;
pub mod eval;
pub mod index;
pub mod parse;
pub mod query;
pub mod stats;

use std::path::PathBuf;

use crate::cli::GlobalArgs;

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

/// The index directory the user asked for.
pub fn index_path(global: &GlobalArgs) -> PathBuf {
    global
        .index
        .clone()
        .unwrap_or_else(newsidx_core::index::default_index_path)
}

/// `newsidx completions SHELL`
pub fn completions(shell: clap_complete::Shell) -> Result<crate::Outcome, CmdError> {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    clap_complete::generate(shell, &mut cmd, "newsidx", &mut std::io::stdout().lock());
    Ok(crate::Outcome::Done)
}

/// `newsidx man`
pub fn man() -> Result<crate::Outcome, CmdError> {
    use clap::CommandFactory;
    let cmd = crate::cli::Cli::command();
    clap_mangen::Man::new(cmd).render(&mut std::io::stdout().lock())?;
    Ok(crate::Outcome::Done)
}
