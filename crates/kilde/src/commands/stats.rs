//! `kilde stats`: what the archive holds.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::Archive;

use crate::exit::ExitStatus;
use crate::output::Ui;
use kilde_serve::wire::Stats;

/// Articles, date span, sources and index size.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON on stdout
    #[arg(long)]
    json: bool,
}

/// Prints the statistics.
pub fn run(args: Args, index: &Path, _ui: &Ui) -> Result<ExitStatus> {
    let stats = Archive::open(index)?.stats()?;
    let wire = Stats::from_stats(stats);
    if args.json {
        super::print_json(&wire)?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "articles:   {}", wire.articles)?;
    if let Some(span) = &wire.date_span {
        writeln!(out, "dates:      {} .. {}", span.from, span.to)?;
    }
    writeln!(out, "index size: {:.1} MB ({})", wire.index_bytes as f64 / 1e6, index.display())?;
    writeln!(out, "sources:    {}", wire.sources.len())?;
    for source in &wire.sources {
        writeln!(out, "  {:>7}  {}", source.articles, source.source)?;
    }
    Ok(ExitStatus::Success)
}
