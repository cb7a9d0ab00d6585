//! `kilde quotes [QUERY]`: who said what, to whom, in the matching articles.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::{Archive, QuotesRequest};

use crate::exit::{ExitStatus, QueryText};
use crate::output::Ui;
use kilde_serve::wire::QuotesResponse;

/// Quotes and reported speech with speaker, channel, article id and date, oldest first.
///
/// With a QUERY, only quotes in the articles it matches, and its words must occur in
/// the quote itself (`kilde quotes pension --speaker Løkke` is what Løkke said about
/// pensions). --speaker and --channel match a name or part of one (`Assange` finds
/// `Julian Assange`), ignoring case and æ/ø/å spellings.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde quotes --speaker Assange
  kilde quotes 'pension AND date:2019' --speaker 'Lars Løkke Rasmussen' --channel DR
  kilde quotes --channel CNN --json")]
pub struct Args {
    /// Only quotes in the articles this query matches, holding its words
    query: Option<String>,
    /// Only quotes by this speaker
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Only quotes made to or published in this medium
    #[arg(long, value_name = "NAME")]
    channel: Option<String>,
    /// Quotes to show
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Quotes to skip
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print JSON on stdout
    #[arg(long)]
    json: bool,
}

/// Largest page one request returns.
const MAX_LIMIT: usize = 10_000;

/// Finds and prints the quotes.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let request = QuotesRequest {
        query: args.query.clone(),
        speaker: args.speaker,
        channel: args.channel,
        limit: args.limit.min(MAX_LIMIT),
        offset: args.offset,
    };
    let list = archive.quotes(&request).map_err(|e| {
        anyhow::Error::new(e).context(QueryText(args.query.clone().unwrap_or_default()))
    })?;
    if args.json {
        super::print_json(&QuotesResponse::from_list(list))?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    for q in &list.quotes {
        let speaker = q.quote.speaker.as_deref().unwrap_or("(unknown speaker)");
        let channel = q.quote.channel.as_deref().map(|c| format!(" to {c}")).unwrap_or_default();
        let date = q.date.as_deref().unwrap_or("");
        writeln!(out, "{date}  {speaker}{channel}  [{}]", q.id)?;
        writeln!(out, "    «{}»\n", q.quote.content)?;
    }
    ui.info(&format!("kilde: {} quotes, showing {}", list.total, list.quotes.len()));
    Ok(ExitStatus::Success)
}
