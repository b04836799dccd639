//! Command-line arguments (clap derive). Nothing outside this module and
//! `main.rs` sees clap: each subcommand turns its arguments into library options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
The index lives in ./.newsidx unless --index or NEWSIDX_INDEX says otherwise.

Examples:
  newsidx index examples/news
  newsidx query \"Huawei entity list\"
  newsidx stats";

/// Full-text search for news archives.
#[derive(Debug, Parser)]
#[command(name = "newsidx", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The index directory [default: ./.newsidx]
    #[arg(long, short = 'i', global = true, env = "NEWSIDX_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// When to use colours and progress bars.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print less: no progress, no summary (errors still go to stderr).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Print more: every skipped item; twice for every file.
    #[arg(long, short = 'v', global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files and folders of news articles (incremental).
    #[command(after_help = "\
Reads .txt, .md, .html, .json, .jsonl/.ndjson, Reuters and TREC .sgm files and
SMART collections, gzip-compressed or not. Files unchanged since the last run are
skipped; files that are gone are removed from the index.

Examples:
  newsidx index examples/news
  newsidx index --rebuild ~/archive/2019 ~/archive/2020")]
    Index(IndexArgs),
    /// Show what the index holds.
    Stats(StatsArgs),
    /// Show what newsidx extracts from files, as JSON lines (one article a line).
    #[command(after_help = "\
Prints each article in the shape `index` accepts as .jsonl input.

Examples:
  newsidx parse examples/news/000_aee63b4ea7e1a7d6.txt | jq .title")]
    Parse(ParseArgs),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Files to parse.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Start over: drop everything in the index first.
    #[arg(long)]
    pub rebuild: bool,
    /// Also read hidden files and folders.
    #[arg(long)]
    pub hidden: bool,
    /// Also read files excluded by .gitignore and .ignore.
    #[arg(long)]
    pub no_ignore: bool,
    /// Indexer memory budget in MB (bounds peak memory).
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory: usize,
    /// Indexing threads [default: cores, at most 4].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Skip files larger than this many MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub max_file_size: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
