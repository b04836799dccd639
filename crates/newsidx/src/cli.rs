//! Command-line arguments (clap derive): every flag, its help and its default,
//! defined once here; completions and the man page are printed from the same
//! definitions. Nothing outside this module, `config.rs` and `main.rs` uses
//! clap: right after parsing, `config.rs` turns these structs into each
//! command's plain config (flags parsed, checked and combined), the way fd
//! turns its options into a `Config`, and `commands/` reads only that. This
//! module checks no value beyond what clap does; that is `config.rs`'s job.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use newsidx_core::bench::BenchOptions;
use newsidx_core::{IndexOptions, Ranking};

use crate::commands::CmdError;
use crate::Outcome;

const AFTER_HELP: &str = "\
The index lives in ./.newsidx unless --index or NEWSIDX_INDEX says otherwise.
Colour: --color, and NO_COLOR is honoured. Pager for query results on a terminal:
NEWSIDX_PAGER, else PAGER, else `less -FRX`; --no-pager turns it off.
Exit codes: 0 found or done, 1 nothing found or some input skipped, 2 error.

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
    /// Print less: no progress, summary or hints (errors, and the files `index`
    /// and `parse` skip, are still reported on stderr).
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
    #[command(after_help = query_help())]
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
    #[command(after_help = EVAL_HELP)]
    Eval(EvalArgs),
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
    /// Also index text and markdown files that are not articles: READMEs,
    /// licences, word lists, tables and data files, which are skipped by
    /// default with the reason "not an article".
    #[arg(long)]
    pub all_files: bool,
    /// Indexer memory budget in MB (at least 16). The process's heap peaks near
    /// this plus about 350 MB whatever the corpus size (1M articles with 256:
    /// 612 MB); mapped index files come on top and the kernel can drop them.
    #[arg(long, default_value_t = IndexOptions::default().memory_budget >> 20, value_name = "MB")]
    pub memory: usize,
    /// Indexing threads [default: cores, at most 4].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Skip files larger than this many MB.
    #[arg(long, default_value_t = IndexOptions::default().max_file_size >> 20, value_name = "MB")]
    pub max_file_size: u64,
    /// Commit at least this often during a long run, in seconds (an interrupted
    /// run keeps everything committed).
    #[arg(long, default_value_t = IndexOptions::default().commit_interval.as_secs(), value_name = "SECS")]
    pub commit_interval: u64,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The query syntax, with the strict tier's bound from [`Ranking::default`].
fn query_help() -> String {
    format!(
        "\
Query syntax:
  huawei entity list     any of the words; with 2 to {} of them, articles whose
                         text (not title) holds them all come first
  \"entity list\"          an exact phrase
  -zte  /  NOT zte       exclude a word
  huawei OR zte          either
  (huawei OR zte) ban    grouping
  tarif*                 a word prefix
  title:trade            in the title; also author:, source:, text:, and the
                         subject fields person:, org:, place:, topic:,
                         exchange:, section:, or tag: for any of them
Words are stemmed (tariffs finds tariff), case- and accent-insensitive.
An article without a date never passes --since or --until.

Examples:
  newsidx query \"Huawei entity list\"
  newsidx query ZTE --until 2018-12-31
  newsidx query soybeans --json | jq 'select(.type==\"hit\") | .article.title'
  newsidx query 'title:\"trade talks\"' --sort newest --limit 20",
        Ranking::default().strict_max_terms
    )
}

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
    /// Only articles in this language, an ISO 639-1 code such as fr, de, ru, zh, ja (repeatable; any of them).
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,
    /// Only articles about this person (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only articles about this organization (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,
    /// Only articles about this place (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub place: Vec<String>,
    /// Only articles with this topic (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub topic: Vec<String>,
    /// Only articles about this stock exchange (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub exchange: Vec<String>,
    /// Only articles in this section (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub section: Vec<String>,
    /// Only articles with this tag or keyword (repeatable; any of them).
    #[arg(long, value_name = "NAME")]
    pub tag: Vec<String>,
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
    /// Shorthand for --format json: JSON lines, a "hit" message per result, then a "summary" with the total.
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
    /// JSON lines: a "hit" message per result, then one "summary" (total, folded, elapsed).
    Json,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A file with one query per line (blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Measured passes over the query list.
    #[arg(long, default_value_t = BenchOptions::default().rounds, value_name = "N")]
    pub rounds: usize,
    /// Warm-up passes before measuring.
    #[arg(long, default_value_t = BenchOptions::default().warmup_rounds, value_name = "N")]
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

const EVAL_HELP: &str = "\
Topics are read as TREC (<top> blocks, or qid<TAB>text lines) or SMART (*FIND
blocks, .I/.W fields); judgments as TREC (qid 0 docid rel) or SMART (qid doc doc
...). Metrics follow trec_eval: a run is ordered by score, ties by docid
(descending); means are over every judged topic with a relevant document.

--id-map time translates TIME.REL's ordinal ids (1-370 as they are, 373-425
shifted down by 2: two documents were lost after position 370) to the
positions newsidx gives SMART documents.

Examples:
  T=../shared/corpora/time
  newsidx eval --docs $T/TIME.ALL --topics $T/TIME.QUE --qrels $T/TIME.REL --id-map time
  newsidx eval --docs $T/TIME.ALL --topics $T/TIME.QUE --qrels $T/TIME.REL --id-map time \\
      --run newsidx.run --per-topic
  newsidx eval --qrels $T/TIME.REL --id-map time --runs lucene.run xapian.run
  newsidx eval --docs $T/TIME.ALL --topics $T/TIME.QUE --qrels $T/TIME.REL --id-map time \\
      --title-boost 1 --paragraph-weight 0 --json";

/// `newsidx eval` arguments. The ranking defaults are the library's
/// ([`Ranking::default`]), so `--help` shows the values searches use.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Relevance judgments.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// Topics (queries); needed unless only --runs are scored.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// Documents to index into a fresh in-memory index (files or folders, any
    /// format `newsidx index` reads, or SMART .I/.T/.W files). Without it,
    /// --index (or ./.newsidx) is searched.
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub docs: Vec<PathBuf>,
    /// Also score these TREC run files (other engines) with the same evaluator.
    #[arg(long, num_args = 1.., value_name = "RUN")]
    pub runs: Vec<PathBuf>,
    /// Layout of topics and judgments.
    #[arg(long, default_value = "auto", value_name = "auto|trec|smart")]
    pub format: String,
    /// How judgment ids map to document ids: none, time, or gap:AFTER:MISSING.
    #[arg(long, default_value = "none", value_name = "MAP")]
    pub id_map: String,
    /// Write newsidx's rankings as a TREC run file.
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// The run tag (last column of the run file, row name in the table).
    #[arg(long, default_value = "newsidx", value_name = "TAG")]
    pub tag: String,
    /// Write the translated judgments as TREC qrels (for trec_eval).
    #[arg(long, value_name = "FILE")]
    pub qrels_out: Option<PathBuf>,
    /// Write the topics as qid<TAB>text lines (what peer scripts read).
    #[arg(long, value_name = "FILE")]
    pub topics_out: Option<PathBuf>,
    /// Documents retrieved per topic.
    #[arg(long, short = 'k', default_value_t = 1000, value_name = "N")]
    pub k: usize,
    /// Also print the metrics of every topic.
    #[arg(long)]
    pub per_topic: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Drop these words (whitespace-separated, any case) from the topics before
    /// searching.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Ranking: weight of a title match relative to a body match.
    #[arg(long, value_name = "X", default_value_t = Ranking::default().title_boost)]
    pub title_boost: f32,
    /// Ranking: weight of the best paragraph's score (the article's is 1).
    #[arg(long, value_name = "X", default_value_t = Ranking::default().paragraph_weight)]
    pub paragraph_weight: f32,
    /// Ranking: queries of 2 to N terms rank articles whose body holds every
    /// term first.
    #[arg(long, value_name = "N", default_value_t = Ranking::default().strict_max_terms)]
    pub strict_max_terms: usize,
    /// Ranking: candidate articles considered before the final ordering (at
    /// least 3 × -k).
    #[arg(long, value_name = "N", default_value_t = Ranking::default().candidates)]
    pub candidates: usize,
    /// Ranking: keep English stop words and possessives in queries (for ablation).
    #[arg(long)]
    pub no_stop_words: bool,
}

/// `newsidx completions SHELL`: the script for `shell`, from these definitions.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome, CmdError> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "newsidx", &mut std::io::stdout().lock());
    Ok(Outcome::Done)
}

/// `newsidx man`: the man page (roff), from these definitions.
pub fn man() -> Result<Outcome, CmdError> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout().lock())?;
    Ok(Outcome::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
