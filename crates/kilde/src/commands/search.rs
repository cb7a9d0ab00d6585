//! `kilde search QUERY`: ranked hits with highlighted snippets.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::{Archive, SearchRequest, SortOrder};

use crate::exit::{ExitStatus, QueryText};
use crate::output::Ui;
use kilde_serve::wire::SearchResponse;

/// Search the archive.
///
/// Query syntax: words (Danish stemming and compounds: `rapport` finds
/// `overvågningsrapporter`), "phrases" (as written), =exact, prefix*, AND / OR / NOT,
/// +word / -word, (groups), source:NAME, title:word, date:2019-01..2019-06,
/// person:"Julian Assange", org:CNN, place:London, speaker:Assange, channel:DR,
/// mentions:2016-06 (articles whose text speaks of that month).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde search rapport
  kilde search '\"russiske hackere\" OR cyberangreb' --sort -date
  kilde search 'skat AND date:2019-01..2019-06 -moms' --json
  kilde search klimalov --expand              every reprint as its own hit")]
pub struct Args {
    /// The query
    query: String,
    /// Hits to show
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Order: score, date (oldest first) or -date (newest first)
    #[arg(long, default_value = "score", allow_hyphen_values = true, value_parser = parse_sort)]
    sort: SortOrder,
    /// Only articles from this date on (YYYY, YYYY-MM, YYYY-MM-DD)
    #[arg(long)]
    from: Option<String>,
    /// Only articles up to this date
    #[arg(long)]
    to: Option<String>,
    /// Show every near-duplicate as its own hit (by default a reprint group is one hit
    /// with "+N similar")
    #[arg(long)]
    expand: bool,
    /// Print JSON on stdout
    #[arg(long)]
    json: bool,
}

fn parse_sort(text: &str) -> Result<SortOrder, String> {
    match text {
        "score" => Ok(SortOrder::Score),
        "date" => Ok(SortOrder::DateAscending),
        "-date" => Ok(SortOrder::DateDescending),
        other => Err(format!("`{other}` is not an order; use score, date or -date")),
    }
}

/// Largest page a search returns.
const MAX_LIMIT: usize = 10_000;

/// Runs the search and prints hits.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let request = SearchRequest {
        query: args.query.clone(),
        limit: args.limit.min(MAX_LIMIT),
        offset: args.offset,
        sort: args.sort,
        from: args.from,
        to: args.to,
        expand: args.expand,
    };
    let results = archive
        .search(&request)
        .map_err(|e| anyhow::Error::new(e).context(QueryText(args.query.clone())))?;
    if args.json {
        super::print_json(&SearchResponse::from_results(results))?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    for hit in &results.hits {
        let meta = [hit.date.as_deref(), hit.source.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        let similar = match hit.similar {
            0 => String::new(),
            n => format!("  +{n} similar"),
        };
        writeln!(out, "{}  {}  ({meta}){similar}", hit.id, hit.title)?;
        writeln!(out, "    {}\n", hit.snippet.to_terminal(ui.colour_stdout()))?;
    }
    ui.info(&format!(
        "kilde: {} hits, showing {} ({} ms)",
        results.total,
        results.hits.len(),
        results.took_ms
    ));
    Ok(ExitStatus::Success)
}
