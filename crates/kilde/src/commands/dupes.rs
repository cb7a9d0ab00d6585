//! `kilde dupes`: the groups of near-duplicate articles found at ingest.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::Archive;

use crate::exit::ExitStatus;
use crate::output::Ui;
use kilde_serve::wire::DupesResponse;

/// Groups of near-duplicate articles: the same story reprinted with a new first
/// paragraph, cuts or small edits. Ingest recomputes them for the whole archive (MinHash
/// over word shingles, see docs/quality.md); each group lists its members earliest first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde dupes
  kilde dupes --min-size 3
  kilde dupes --json")]
pub struct Args {
    /// Only groups with at least this many articles
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..))]
    min_size: u64,
    /// Print JSON on stdout
    #[arg(long)]
    json: bool,
}

/// Prints the groups, largest first.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let min_size = usize::try_from(args.min_size).unwrap_or(usize::MAX);
    let groups = archive.dupes(min_size)?;
    if args.json {
        super::print_json(&DupesResponse::from_groups(groups))?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    let mut articles = 0;
    for group in &groups {
        articles += group.size;
        let date = group.first_date.as_deref().unwrap_or("-");
        writeln!(out, "{:>4}  {date:<10}  {}", group.size, group.ids.join("  "))?;
    }
    ui.info(&format!(
        "kilde: {} groups of {min_size} or more near-duplicate articles ({articles} articles)",
        groups.len()
    ));
    Ok(ExitStatus::Success)
}
