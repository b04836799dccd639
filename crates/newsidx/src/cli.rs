//! Command-line arguments (clap derive): every flag, its help and its default,
//! defined once here; completions and the man page are printed from the same
//! definitions. Nothing outside this module, `config.rs` and `main.rs` uses
//! clap: right after parsing, `config.rs` turns these structs into each
//! command's plain config (flags parsed, checked and combined), the way fd
//! turns its options into a `Config`, and `commands/` reads only that. This
//! module checks no value beyond what clap does; that is `config.rs`'s job.

use std::ffi::OsString;
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

// Parsed once per run: the size of the largest variant (every numeric flag is
// kept as its text for config.rs to check) costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
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
    /// Indexer memory budget in MB (16 to 4095 per indexing thread). The
    /// process's heap peaks near this plus about 350 MB whatever the corpus size
    /// (1M articles with 256: 612 MB); mapped index files come on top and the
    /// kernel can drop them.
    #[arg(long, default_value_t = (IndexOptions::default().memory_budget >> 20).to_string(), value_name = "MB", allow_negative_numbers = true)]
    pub memory: String,
    /// Indexing threads, 1 to 256 [default: cores, at most 4].
    #[arg(long, short = 'j', value_name = "N", allow_negative_numbers = true)]
    pub threads: Option<String>,
    /// Skip files larger than this many MB (1 to 1048576).
    #[arg(long, default_value_t = (IndexOptions::default().max_file_size >> 20).to_string(), value_name = "MB", allow_negative_numbers = true)]
    pub max_file_size: String,
    /// Commit at least this often during a long run, in seconds (0 to 604800;
    /// an interrupted run keeps everything committed).
    #[arg(long, default_value_t = IndexOptions::default().commit_interval.as_secs().to_string(), value_name = "SECS", allow_negative_numbers = true)]
    pub commit_interval: String,
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
A word starting with - is a query word (an exclusion) unless it is one of the
flags below (-n, -n5, --limit=5, -q): `newsidx query economy -growth -n 5`.
After -- every argument is a query word.
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
    /// The query (several arguments are joined with spaces). An argument
    /// starting with `-` that is not one of these flags is a query word:
    /// `newsidx query economy -growth -n 5`.
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
    /// Number of results (1 to 100000).
    #[arg(
        long,
        short = 'n',
        default_value = "10",
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub limit: String,
    /// Skip this many results, for paging (0 to 1000000).
    #[arg(
        long,
        default_value = "0",
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub offset: String,
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
    /// Measured passes over the query list (1 to 1000000).
    #[arg(long, default_value_t = BenchOptions::default().rounds.to_string(), value_name = "N", allow_negative_numbers = true)]
    pub rounds: String,
    /// Warm-up passes before measuring (0 to 1000000).
    #[arg(long, default_value_t = BenchOptions::default().warmup_rounds.to_string(), value_name = "N", allow_negative_numbers = true)]
    pub warmup: String,
    /// Threads for a concurrent-throughput run (1 to 256; 1: none).
    #[arg(
        long,
        default_value = "1",
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub threads: String,
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
    /// Documents retrieved per topic (1 to 100000).
    #[arg(
        long,
        short = 'k',
        default_value = "1000",
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub k: String,
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
    /// Ranking: weight of a title match relative to a body match (0 to 1000).
    #[arg(long, value_name = "X", default_value_t = Ranking::default().title_boost.to_string(), allow_negative_numbers = true)]
    pub title_boost: String,
    /// Ranking: weight of the best paragraph's score, the article's being 1
    /// (0 to 1000).
    #[arg(long, value_name = "X", default_value_t = Ranking::default().paragraph_weight.to_string(), allow_negative_numbers = true)]
    pub paragraph_weight: String,
    /// Ranking: queries of 2 to N terms rank articles whose body holds every
    /// term first (0 to 1024).
    #[arg(long, value_name = "N", default_value_t = Ranking::default().strict_max_terms.to_string(), allow_negative_numbers = true)]
    pub strict_max_terms: String,
    /// Ranking: candidate articles considered before the final ordering (1 to
    /// 1000000).
    #[arg(long, value_name = "N", default_value_t = Ranking::default().candidates.to_string(), allow_negative_numbers = true)]
    pub candidates: String,
    /// Ranking: keep English stop words and possessives in queries (for ablation).
    #[arg(long)]
    pub no_stop_words: bool,
}

/// The command line `newsidx` parses: `args` with the words of a `query` moved
/// after a `--`, so that clap reads every word starting with `-` that is not
/// one of `query`'s flags as part of the query.
///
/// The rule, for every argument after `query` (before a `--` of the user's
/// own): an argument is a flag when it starts with `--` (`--limit`,
/// `--limit=5`; an unknown one is left for clap to refuse), is exactly one
/// of the command's short flags (`-n`), short
/// flags that take no value run together (`-qv`), or a short flag with its
/// value attached when that value does not start with a letter (`-n5`); a
/// flag that takes a value takes the next argument whatever it is (`-n -5`
/// is refused as a limit, not searched). Every other argument is a query word,
/// so `newsidx query economy -growth -n 5` searches `economy -growth` (-growth
/// excludes the word) and shows five results, and `-inflation` is an exclusion,
/// never `-i nflation`. Other commands' arguments are left as they are.
pub fn with_query_words<I, T>(args: I) -> Vec<OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = Cli::command();
    cmd.build();
    // Find the subcommand: the first argument that is neither a global flag
    // nor a global flag's value.
    let mut at = 1;
    while let Some(arg) = args.get(at) {
        let text = arg.to_string_lossy();
        if !text.starts_with('-') || text == "-" || text == "--" {
            break;
        }
        at += if flag_takes_value(&cmd, &text) == Some(true) {
            2
        } else {
            1
        };
    }
    if args.get(at).is_none_or(|a| a != "query") {
        return args;
    }
    let Some(query) = cmd.find_subcommand("query") else {
        return args;
    };
    let (mut flags, mut words) = (Vec::new(), Vec::new());
    let mut rest = args[at + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            words.extend(rest.by_ref().cloned());
            break;
        }
        match flag_takes_value(query, &text) {
            Some(takes_value) => {
                flags.push(arg.clone());
                if takes_value {
                    flags.extend(rest.next().cloned());
                }
            }
            None => words.push(arg.clone()),
        }
    }
    let mut out = args[..=at].to_vec();
    out.extend(flags);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// Whether `text` is a flag of `cmd` (see [`with_query_words`]) and, if so,
/// whether the next argument is its value.
fn flag_takes_value(cmd: &clap::Command, text: &str) -> Option<bool> {
    let takes_value = |a: &clap::Arg| a.get_action().takes_values();
    if let Some(long) = text.strip_prefix("--") {
        let (name, attached) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        // An unknown long flag stays a flag, for clap to report: `--lmit 5`
        // is a typo, not two query words.
        let arg = cmd.get_arguments().find(|a| {
            a.get_long_and_visible_aliases()
                .is_some_and(|names| names.contains(&name))
        });
        return Some(arg.is_some_and(|arg| takes_value(arg) && !attached));
    }
    let mut chars = text.strip_prefix('-')?.chars();
    let short = |c: char| {
        cmd.get_arguments().find(|a| {
            a.get_short_and_visible_aliases()
                .is_some_and(|names| names.contains(&c))
        })
    };
    let first = short(chars.next()?)?;
    let attached = chars.as_str();
    if takes_value(first) {
        // `-n5`, `-i./idx`; `-inflation` is a word.
        return match attached.chars().next() {
            None => Some(true),
            Some(c) if !c.is_alphabetic() => Some(false),
            Some(_) => None,
        };
    }
    // `-qv`: every letter a flag without a value.
    attached
        .chars()
        .all(|c| short(c).is_some_and(|a| !takes_value(a)))
        .then_some(false)
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
