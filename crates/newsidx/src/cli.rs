//! Command-line arguments (clap derive). Nothing outside this module and
//! `main.rs` sees clap: each subcommand turns its arguments into library options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
The index lives in ./.newsidx unless --index or NEWSIDX_INDEX says otherwise.
Colour: --color, and NO_COLOR is honoured. Pager for query results on a terminal:
NEWSIDX_PAGER, else PAGER, else `less -FRX`; --no-pager turns it off.
Exit codes: 0 found (or all files read), 1 nothing found (or files skipped), 2 error.

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
    #[arg(
        long,
        short = 'i',
        global = true,
        env = "NEWSIDX_INDEX",
        value_name = "DIR"
    )]
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
    /// Search the index: ranked articles with their best passages highlighted.
    #[command(after_help = QUERY_HELP)]
    Query(QueryArgs),
    /// Show what the index holds.
    #[command(after_help = "\
Prints articles, paragraphs, files, the date range (and how many articles have
no date), the size on disk and the sources with the most articles.

Examples:
  newsidx stats
  newsidx --index ~/archive/.newsidx stats --json | jq .articles")]
    Stats(StatsArgs),
    /// Show what newsidx extracts from files, as JSON lines (one article a line).
    #[command(after_help = "\
Prints each article in the shape `index` accepts as .jsonl input.

Examples:
  newsidx parse examples/news/000_aee63b4ea7e1a7d6.txt | jq .title")]
    Parse(ParseArgs),
    /// Measure query latency: p50/p95/p99/max and queries per second.
    #[command(after_help = "\
Runs every query (one per line) through the same search as `newsidx query`,
single-threaded after a warm-up, in two modes: ranking only (top-10 ids) and the
full result (top 10 with passages and highlights). --threads N adds a throughput
run with N threads sharing one reader.

Examples:
  newsidx bench --queries queries.txt
  newsidx bench --queries queries.txt --rounds 50 --threads 2 --json")]
    Bench(BenchArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  newsidx completions bash > ~/.local/share/bash-completion/completions/newsidx\n  newsidx completions zsh > ~/.zfunc/_newsidx\n  newsidx completions fish > ~/.config/fish/completions/newsidx.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  newsidx man | man -l -")]
    Man,
    /// Measure ranking quality on a test collection (MAP, nDCG@10, P@10, ...).
    #[command(after_help = crate::commands::eval::AFTER_HELP)]
    Eval(crate::commands::eval::EvalArgs),
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
    /// Indexer memory budget in MB. The process's heap peaks near this plus about
    /// 270 MB whatever the corpus size (1M articles with 256: 523 MB); mapped index
    /// files come on top and the kernel can drop them.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory: usize,
    /// Indexing threads [default: cores, at most 4].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Skip files larger than this many MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub max_file_size: u64,
    /// Commit at least this often during a long run, in seconds (an interrupted
    /// run keeps everything committed).
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub commit_interval: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

const QUERY_HELP: &str = "\
Query syntax:
  huawei entity list     all words preferred; partial matches still shown, after
  \"entity list\"          an exact phrase
  -zte  /  NOT zte       exclude a word
  huawei OR zte          either
  (huawei OR zte) ban    grouping
  tarif*                 a word prefix
  title:trade            in the title; also author:, source:, tag:, text:
Words are stemmed (tariffs finds tariff), case- and accent-insensitive.
An article without a date never passes --since or --until.

Examples:
  newsidx query \"Huawei entity list\"
  newsidx query ZTE --until 2018-12-31
  newsidx query soybeans --json | jq .article.title
  newsidx query 'title:\"trade talks\"' --sort newest --limit 20";

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query (several arguments are joined with spaces).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only articles by this author (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// Only articles from this source (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Result order.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Number of results.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Skip this many results (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Terminal)]
    pub format: FormatArg,
    /// Shorthand for --format json: one JSON document per result.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Show near-duplicates as separate results instead of folding them.
    #[arg(long)]
    pub no_fold: bool,
    /// Never page the output (it is paged only on a terminal; the pager is
    /// $NEWSIDX_PAGER, else $PAGER, else `less -FRX`).
    #[arg(long)]
    pub no_pager: bool,
}

/// `--sort` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Latest first.
    Newest,
    /// Earliest first.
    Oldest,
}

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For people: colour on a terminal.
    Terminal,
    /// Plain text with **markers** around highlights.
    Plain,
    /// HTML with <mark> around highlights.
    Html,
    /// One JSON document per result (JSON lines).
    Json,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A file with one query per line (blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Measured passes over the query list.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub rounds: usize,
    /// Warm-up passes before measuring.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub warmup: usize,
    /// Threads for a concurrent-throughput run (1: none).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub threads: usize,
    /// Print as JSON.
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
