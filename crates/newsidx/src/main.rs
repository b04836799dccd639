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

/// What a command's run amounts to, for the exit code.
pub enum Outcome {
    /// Something was found or done.
    Success,
    /// Nothing matched (or, for `index`, some files were skipped).
    Nothing,
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
        Command::Eval(args) => commands::eval::run(&cli.global, args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing) => ExitCode::from(1),
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
