//! The plain config of every subcommand, built from the clap structs of
//! `cli.rs` right after parsing (fd's `cli.rs` → `config.rs`, ripgrep's low
//! args → high args). Flags are parsed, checked and combined here once: dates
//! through the library's [`parse_day`], `--sort` and `--format` mapped to the
//! library's [`Sort`] and the printers' [`Style`], the index path resolved, the
//! query's [`SearchRequest`] assembled. A flag that cannot be used is an error
//! in the CLI's words, before any index is opened. `commands/` receives only
//! these types and never sees clap. This module reads no file and opens no
//! index; the only things it asks the process are whether stdout and stderr
//! are terminals and whether NO_COLOR is set ([`Terminal::detect`]).

use std::io::IsTerminal;
use std::path::PathBuf;

use newsidx_core::bench::BenchOptions;
use newsidx_core::eval::{IdMap, Layout};
use newsidx_core::ingest::WalkOptions;
use newsidx_core::query::parse_day;
use newsidx_core::{Error, IndexOptions, MetaField, Ranking, Result, SearchRequest, Sort};

use crate::cli::{
    BenchArgs, Cli, ColorChoice, Command, EvalArgs, FormatArg, GlobalArgs, IndexArgs, ParseArgs,
    QueryArgs, SortArg, StatsArgs,
};
use crate::render::hits::Style;

/// One run of `newsidx`: the subcommand and everything it needs.
#[derive(Debug)]
pub enum Config {
    /// `newsidx index`
    Index(IndexConfig),
    /// `newsidx query`
    Query(QueryConfig),
    /// `newsidx stats`
    Stats(StatsConfig),
    /// `newsidx parse`
    Parse(ParseConfig),
    /// `newsidx bench`
    Bench(BenchConfig),
    /// `newsidx eval`
    Eval(EvalConfig),
    /// `newsidx completions SHELL`: printed from the clap definitions.
    Completions(clap_complete::Shell),
    /// `newsidx man`: printed from the clap definitions.
    Man,
}

impl Config {
    /// The config of the parsed command line, in the surroundings `term`
    /// describes.
    pub fn from_cli(cli: &Cli, term: Terminal) -> Result<Config> {
        let global = &cli.global;
        Ok(match &cli.command {
            Command::Index(args) => Config::Index(args.config(global, term)),
            Command::Query(args) => Config::Query(args.config(global, term)?),
            Command::Stats(args) => Config::Stats(args.config(global)),
            Command::Parse(args) => Config::Parse(args.config()),
            Command::Bench(args) => Config::Bench(args.config(global)),
            Command::Eval(args) => Config::Eval(args.config(global)?),
            Command::Completions { shell } => Config::Completions(*shell),
            Command::Man => Config::Man,
        })
    }
}

/// What decides colour, progress bars and paging: read once, so that the
/// conversions below are plain functions of their input.
#[derive(Clone, Copy, Debug, Default)]
pub struct Terminal {
    /// Standard output is a terminal.
    pub stdout: bool,
    /// Standard error is a terminal.
    pub stderr: bool,
    /// NO_COLOR is set to something (an empty value does not count).
    pub no_color: bool,
}

impl Terminal {
    /// This process's surroundings.
    pub fn detect() -> Terminal {
        Terminal {
            stdout: std::io::stdout().is_terminal(),
            stderr: std::io::stderr().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

impl GlobalArgs {
    /// The index directory the user asked for.
    fn index_path(&self) -> PathBuf {
        self.index
            .clone()
            .unwrap_or_else(newsidx_core::index::default_index_path)
    }
}

/// What `newsidx index` does.
#[derive(Debug)]
pub struct IndexConfig {
    /// The index directory, created when missing.
    pub index: PathBuf,
    /// Files and folders to index.
    pub paths: Vec<PathBuf>,
    /// The library's options; `options.rebuild` also allows replacing an
    /// index of an older format.
    pub options: IndexOptions,
    /// Print the summary as JSON.
    pub json: bool,
    /// Show a progress bar (else a line every few seconds).
    pub progress_bar: bool,
    /// No progress, summary or hints.
    pub quiet: bool,
    /// 1: every skipped item; 2: every file too.
    pub verbose: u8,
}

impl IndexArgs {
    /// The command's plain config: the sizes in bytes, the budget and the
    /// threads raised to what the indexer needs.
    fn config(&self, global: &GlobalArgs, term: Terminal) -> IndexConfig {
        let defaults = IndexOptions::default();
        let options = IndexOptions {
            walk: WalkOptions {
                hidden: self.hidden,
                no_ignore: self.no_ignore,
            },
            rebuild: self.rebuild,
            memory_budget: self.memory.max(16).saturating_mul(1024 * 1024),
            threads: self.threads.unwrap_or(defaults.threads).max(1),
            max_file_size: self.max_file_size.saturating_mul(1024 * 1024),
            commit_interval: std::time::Duration::from_secs(self.commit_interval),
            keep_non_articles: self.all_files,
            ..defaults
        };
        IndexConfig {
            index: global.index_path(),
            paths: self.paths.clone(),
            options,
            json: self.json,
            // The bar draws on stderr; --color always does not force it.
            progress_bar: !global.quiet
                && global.color != ColorChoice::Never
                && term.stderr
                && !term.no_color,
            quiet: global.quiet,
            verbose: global.verbose,
        }
    }
}

/// What `newsidx query` does.
#[derive(Debug)]
pub struct QueryConfig {
    /// The index to search.
    pub index: PathBuf,
    /// The search, filters and page included.
    pub request: SearchRequest,
    /// How the hits are printed.
    pub style: Style,
    /// Show the output through the pager.
    pub page: bool,
    /// No "no articles match" hint.
    pub quiet: bool,
}

impl QueryArgs {
    /// The command's plain config: the dates parsed and checked, the request
    /// assembled, the output style and paging decided.
    fn config(&self, global: &GlobalArgs, term: Terminal) -> Result<QueryConfig> {
        let mut request = SearchRequest::new(self.query.join(" "))
            .limit(self.limit)
            .offset(self.offset)
            .sort(match self.sort {
                SortArg::Relevance => Sort::Relevance,
                SortArg::Newest => Sort::Newest,
                SortArg::Oldest => Sort::Oldest,
            });
        // The library's reason, said of the flag: with both dates given, the
        // value alone may not tell which one is wrong.
        let day = |flag: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(|v| parse_day(v).map_err(|e| invalid(format!("{flag}: {e}"))))
                .transpose()
        };
        request.since = day("--since", &self.since)?;
        request.until = day("--until", &self.until)?;
        if request.limit == 0 {
            return Err(invalid("--limit must be at least 1".into()));
        }
        if let (Some(since), Some(until)) = (request.since, request.until) {
            if since > until {
                return Err(invalid(format!(
                    "--since {since} is after --until {until}: no article can match"
                )));
            }
        }
        request.authors = self.author.clone();
        request.sources = self.source.clone();
        request.languages = self.lang.clone();
        for (field, values) in [
            (MetaField::Person, &self.person),
            (MetaField::Organization, &self.org),
            (MetaField::Place, &self.place),
            (MetaField::Topic, &self.topic),
            (MetaField::Exchange, &self.exchange),
            (MetaField::Section, &self.section),
            (MetaField::Tag, &self.tag),
        ] {
            request
                .meta
                .extend(values.iter().map(|v| (field, v.clone())));
        }
        request.fold_similar = !self.no_fold;
        let format = if self.json {
            FormatArg::Json
        } else {
            self.format
        };
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => term.stdout && !term.no_color,
        };
        let style = match format {
            FormatArg::Terminal if color => Style::Color,
            FormatArg::Terminal => Style::Text,
            FormatArg::Plain => Style::Markers,
            FormatArg::Html => Style::Html,
            FormatArg::Json => Style::Json,
        };
        Ok(QueryConfig {
            index: global.index_path(),
            request,
            style,
            page: !self.no_pager && style != Style::Json && term.stdout,
            quiet: global.quiet,
        })
    }
}

/// A flag the CLI cannot use, said in the CLI's words.
fn invalid(message: String) -> Error {
    Error::InvalidArgument(message)
}

/// What `newsidx stats` does.
#[derive(Debug)]
pub struct StatsConfig {
    /// The index to describe.
    pub index: PathBuf,
    /// Print as JSON.
    pub json: bool,
}

impl StatsArgs {
    fn config(&self, global: &GlobalArgs) -> StatsConfig {
        StatsConfig {
            index: global.index_path(),
            json: self.json,
        }
    }
}

/// What `newsidx parse` does.
#[derive(Debug)]
pub struct ParseConfig {
    /// Files to parse.
    pub files: Vec<PathBuf>,
}

impl ParseArgs {
    fn config(&self) -> ParseConfig {
        ParseConfig {
            files: self.files.clone(),
        }
    }
}

/// What `newsidx bench` does.
#[derive(Debug)]
pub struct BenchConfig {
    /// The index to search.
    pub index: PathBuf,
    /// The file with one query per line.
    pub queries: PathBuf,
    /// The library's options: at least one round and one thread, 10 hits.
    pub options: BenchOptions,
    /// Print as JSON.
    pub json: bool,
}

impl BenchArgs {
    fn config(&self, global: &GlobalArgs) -> BenchConfig {
        BenchConfig {
            index: global.index_path(),
            queries: self.queries.clone(),
            options: BenchOptions {
                warmup_rounds: self.warmup,
                rounds: self.rounds.max(1),
                threads: self.threads.max(1),
                // What `newsidx query` shows by default.
                limit: 10,
            },
            json: self.json,
        }
    }
}

/// What `newsidx eval` does, with the flags already parsed.
#[derive(Debug)]
pub struct EvalConfig {
    /// Relevance judgments.
    pub qrels: PathBuf,
    /// Topics to search; `None` when only run files are scored.
    pub topics: Option<PathBuf>,
    /// Documents for a fresh in-memory index; empty to search [`Self::index`].
    pub docs: Vec<PathBuf>,
    /// The index on disk, searched when there are no `docs`.
    pub index: PathBuf,
    /// Other engines' TREC run files, scored in the same table.
    pub runs: Vec<PathBuf>,
    /// Layout of topics and judgments.
    pub format: Layout,
    /// How judgment ids map to document ids.
    pub id_map: IdMap,
    /// Where to write newsidx's rankings as a TREC run file.
    pub run_out: Option<PathBuf>,
    /// The run tag (run file's last column, the table's row name).
    pub tag: String,
    /// Where to write the translated judgments as TREC qrels.
    pub qrels_out: Option<PathBuf>,
    /// Where to write the topics as `qid<TAB>text` lines.
    pub topics_out: Option<PathBuf>,
    /// Documents retrieved per topic.
    pub k: usize,
    /// Also print every topic's metrics.
    pub per_topic: bool,
    /// Print JSON instead of the table.
    pub json: bool,
    /// Words to drop from the topics before searching.
    pub stopwords: Option<PathBuf>,
    /// The ranking parameters of every search.
    pub ranking: Ranking,
    /// No warnings or progress on stderr.
    pub quiet: bool,
}

impl EvalArgs {
    /// The command's plain config: the layout and id map parsed, the ranking
    /// flags gathered into one [`Ranking`], the index path resolved.
    fn config(&self, global: &GlobalArgs) -> Result<EvalConfig> {
        let format: Layout = self.format.parse()?;
        let id_map: IdMap = self.id_map.parse()?;
        Ok(EvalConfig {
            qrels: self.qrels.clone(),
            topics: self.topics.clone(),
            docs: self.docs.clone(),
            index: global.index_path(),
            runs: self.runs.clone(),
            format,
            id_map,
            run_out: self.run.clone(),
            tag: self.tag.clone(),
            qrels_out: self.qrels_out.clone(),
            topics_out: self.topics_out.clone(),
            k: self.k,
            per_topic: self.per_topic,
            json: self.json,
            stopwords: self.stopwords.clone(),
            ranking: Ranking {
                title_boost: self.title_boost,
                paragraph_weight: self.paragraph_weight,
                strict_max_terms: self.strict_max_terms,
                candidates: self.candidates,
                stop_words: !self.no_stop_words,
                ..Ranking::default()
            },
            quiet: global.quiet,
        })
    }
}

#[cfg(test)]
mod tests;
