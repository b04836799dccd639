//! The `newsidx` binary: parse arguments, run a subcommand, report errors in one
//! line, exit like grep (0 found, 1 nothing found, 2 error).

mod cli;
mod commands;
mod config;
mod errors;
mod render;

use std::process::ExitCode;

use clap::Parser;

use cli::Cli;
use config::{Config, Terminal};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a command's run amounts to, for the exit code (errors are the `Err`
/// side, exit 2).
pub enum Outcome {
    /// Everything asked for was found or done: exit 0.
    Done,
    /// The search ran and nothing matched: exit 1, as grep does.
    NothingFound,
    /// The run went on past inputs it could not use (files or items skipped
    /// while indexing or parsing, topics that failed in `eval`), which it
    /// reported: exit 1, so scripts notice.
    SomeSkipped,
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(cli::with_query_words(std::env::args_os()));
    // Every flag is parsed and checked here, before any command runs.
    let result = match Config::from_cli(&cli, Terminal::detect()) {
        Ok(Config::Index(config)) => commands::index::run(&config),
        Ok(Config::Query(config)) => commands::query::run(&config),
        Ok(Config::Stats(config)) => commands::stats::run(&config),
        Ok(Config::Parse(config)) => commands::parse::run(&config),
        Ok(Config::Bench(config)) => commands::bench::run(&config),
        Ok(Config::Eval(config)) => commands::eval::run(&config),
        Ok(Config::Completions(shell)) => cli::completions(shell),
        Ok(Config::Man) => cli::man(),
        Err(e) => Err(commands::CmdError::from(e)),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound | Outcome::SomeSkipped) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Nothing is left to tell the user when stderr itself fails.
            let _ = errors::report(&e, &mut std::io::stderr().lock());
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &commands::CmdError) -> bool {
    matches!(e, commands::CmdError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
