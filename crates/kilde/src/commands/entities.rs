//! `kilde entities [QUERY]`: the people, organisations and places of matching articles.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_model::EntityLabel;
use kilde_query::Archive;

use crate::exit::{ExitStatus, QueryText};
use crate::output::Ui;
use kilde_serve::wire::EntitiesResponse;

/// Top entities (canonical names) with the number of matching articles naming them.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde entities
  kilde entities 'valg AND date:2019' --label PER --limit 20
  kilde entities 'speaker:\"Mette Frederiksen\"' --label ORG --json")]
pub struct Args {
    /// Count only in the articles this query matches (all articles when left out)
    query: Option<String>,
    /// Only this kind: PER, ORG, LOC or MISC
    #[arg(long, value_parser = parse_label)]
    label: Option<EntityLabel>,
    /// Entities to show
    #[arg(long, default_value_t = 25)]
    limit: usize,
    /// Print JSON on stdout
    #[arg(long)]
    json: bool,
}

fn parse_label(text: &str) -> Result<EntityLabel, String> {
    EntityLabel::parse(text)
        .ok_or_else(|| format!("`{text}` is not a label; use PER, ORG, LOC or MISC"))
}

/// Largest list one request returns.
const MAX_LIMIT: usize = 10_000;

/// Counts and prints the entities.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let counts =
        archive.entities(args.query.as_deref(), args.label, args.limit.min(MAX_LIMIT)).map_err(
            |e| anyhow::Error::new(e).context(QueryText(args.query.clone().unwrap_or_default())),
        )?;
    if args.json {
        super::print_json(&EntitiesResponse::from_counts(counts))?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    for entity in &counts.entities {
        writeln!(out, "{:>6}  {:<4} {}", entity.articles, entity.label.as_str(), entity.name)?;
    }
    ui.info(&format!(
        "kilde: {} distinct names, showing {} (articles naming each)",
        counts.total,
        counts.entities.len()
    ));
    Ok(ExitStatus::Success)
}
