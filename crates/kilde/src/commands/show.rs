//! `kilde show ID`: one stored article.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::Archive;

use crate::exit::ExitStatus;
use crate::output::Ui;
use crate::wire::Article;

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
        let article = Article {
            id: a.id,
            date: a.date,
            source: a.source,
            title: a.title,
            url: a.url,
            text: a.text,
        };
        super::print_json(&article)?;
        return Ok(ExitStatus::Success);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", a.title)?;
    let meta = [Some(a.id.as_str()), a.date.as_deref(), a.source.as_deref(), a.url.as_deref()];
    writeln!(out, "{}\n", meta.into_iter().flatten().collect::<Vec<_>>().join(" · "))?;
    writeln!(out, "{}", a.text)?;
    Ok(ExitStatus::Success)
}
