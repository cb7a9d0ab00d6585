//! `kilde show ID`: one stored article.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::Archive;

use crate::exit::ExitStatus;
use crate::output::Ui;
use kilde_serve::wire::Article;

/// Print one stored article.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article id, as search prints it
    id: String,
    /// Print JSON on stdout
    #[arg(long)]
    json: bool,
}

/// Prints the article.
pub fn run(args: Args, index: &Path, _ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let a = archive.show(&args.id)?;
    if args.json {
        super::print_json(&Article::from_stored(a))?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", a.title)?;
    let meta = [Some(a.id.as_str()), a.date.as_deref(), a.source.as_deref(), a.url.as_deref()];
    writeln!(out, "{}\n", meta.into_iter().flatten().collect::<Vec<_>>().join(" · "))?;
    writeln!(out, "{}", a.text)?;
    if let Some(findings) = &a.findings {
        print_findings(&mut out, findings)?;
    }
    Ok(ExitStatus::Success)
}

/// Entities, quotes and dates under the text, one short line each.
fn print_findings(out: &mut impl Write, findings: &kilde_model::Findings) -> Result<()> {
    let entities = findings.distinct_entities();
    if !entities.is_empty() {
        let names: Vec<String> =
            entities.iter().map(|(name, label)| format!("{name} ({label})")).collect();
        writeln!(out, "\nNames: {}", names.join(", "))?;
    }
    for quote in &findings.quotes {
        let speaker = quote.speaker.as_deref().unwrap_or("?");
        let channel = quote.channel.as_deref().map(|c| format!(" to {c}")).unwrap_or_default();
        writeln!(out, "Quote: {speaker}{channel}: «{}»", quote.content)?;
    }
    let dates: Vec<String> = findings
        .timex
        .iter()
        .map(|t| format!("{} = {}", t.text, t.value.as_deref().unwrap_or("?")))
        .collect();
    if !dates.is_empty() {
        writeln!(out, "Dates: {}", dates.join("; "))?;
    }
    Ok(())
}
