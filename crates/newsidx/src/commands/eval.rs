//! `newsidx eval` (being written).

use clap::Args;

use super::CmdError;
use crate::cli::GlobalArgs;
use crate::Outcome;

pub const AFTER_HELP: &str = "";

#[derive(Debug, Args)]
pub struct EvalArgs {}

pub fn run(_global: &GlobalArgs, _args: &EvalArgs) -> Result<Outcome, CmdError> {
    Ok(Outcome::Success)
}
