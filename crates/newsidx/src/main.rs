//! The `newsidx` binary: parse arguments, run a subcommand, report errors in one
//! line, exit like grep (0 found, 1 nothing found, 2 error).

mod cli;
mod commands;
mod errors;
mod render;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

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
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Index(args) => commands::index::run(&cli.global, args),
        Command::Query(args) => commands::query::run(&cli.global, args),
        Command::Stats(args) => commands::stats::run(&cli.global, args),
        Command::Parse(args) => commands::parse::run(args),
        Command::Bench(args) => commands::bench::run(&cli.global, args),
        Command::Completions { shell } => commands::completions(*shell),
        Command::Man => commands::man(),
        Command::Eval(args) => args
            .config(&cli.global)
            .map_err(commands::CmdError::from)
            .and_then(|config| commands::eval::run(&config)),
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
