//! `newsidx query QUERY`

use std::io::IsTerminal;

use newsidx_core::{Index, SearchRequest, Sort};

use super::{index_path, CmdError};
use crate::cli::{ColorChoice, FormatArg, GlobalArgs, QueryArgs, SortArg};
use crate::render::hits::{write_hits, Style};
use crate::Outcome;

pub fn run(global: &GlobalArgs, args: &QueryArgs) -> Result<Outcome, CmdError> {
    let index = Index::open(index_path(global))?;
    let mut req = SearchRequest::new(args.query.join(" "))
        .limit(args.limit)
        .offset(args.offset)
        .sort(match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
        });
    if let Some(d) = &args.since {
        req = req.since(d)?;
    }
    if let Some(d) = &args.until {
        req = req.until(d)?;
    }
    req.authors = args.author.clone();
    req.sources = args.source.clone();
    req.fold_similar = !args.no_fold;
    let format = if args.json {
        FormatArg::Json
    } else {
        args.format
    };
    // People get "N of M"; machines get one document per hit and no count.
    req.count_total = matches!(format, FormatArg::Terminal | FormatArg::Plain);
    let results = index.search(&req)?;
    let stdout = std::io::stdout();
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let style = match format {
        FormatArg::Terminal if color => Style::Color,
        FormatArg::Terminal => Style::Text,
        FormatArg::Plain => Style::Markers,
        FormatArg::Html => Style::Html,
        FormatArg::Json => Style::Json,
    };
    let page = !args.no_pager && style != Style::Json && stdout.is_terminal();
    let mut rendered = Vec::new();
    write_hits(&mut rendered, &results, style)?;
    crate::render::pager::show(&rendered, page)?;
    if results.hits.is_empty() && !global.quiet && style != Style::Json {
        eprintln!("newsidx: no articles match {:?}", req.query);
    }
    Ok(if results.hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Done
    })
}
