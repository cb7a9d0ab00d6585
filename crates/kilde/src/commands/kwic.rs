//! `kilde kwic TERM`: keyword in context, aligned.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use kilde_query::{Archive, KwicSort};

use crate::exit::{ExitStatus, QueryText};
use crate::output::Ui;
use kilde_serve::wire::KwicResponse;

/// Every occurrence of a word (compound hits too) with its context, aligned.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde kwic rapport
  kilde kwic '\"russiske hackere\"' --width 50 --sort date
  kilde kwic valg --tsv > valg.tsv")]
pub struct Args {
    /// The word, phrase or query whose occurrences to show
    term: String,
    /// Characters of context on each side
    #[arg(long, default_value_t = 40)]
    width: usize,
    /// Lines to show
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Order: left (words before), right (words after) or date
    #[arg(long, default_value = "left", value_parser = parse_sort)]
    sort: KwicSort,
    /// Print JSON on stdout
    #[arg(long, conflicts_with = "tsv")]
    json: bool,
    /// Print tab-separated id, date, left, match, right
    #[arg(long)]
    tsv: bool,
}

fn parse_sort(text: &str) -> Result<KwicSort, String> {
    match text {
        "left" => Ok(KwicSort::Left),
        "right" => Ok(KwicSort::Right),
        "date" => Ok(KwicSort::Date),
        other => Err(format!("`{other}` is not an order; use left, right or date")),
    }
}

/// Widest context asked for, in chars.
const MAX_WIDTH: usize = 500;

/// Runs KWIC and prints the lines.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let archive = Archive::open(index)?;
    let width = args.width.min(MAX_WIDTH);
    let (total, lines) = archive
        .kwic(&args.term, width, args.limit, args.sort)
        .map_err(|e| anyhow::Error::new(e).context(QueryText(args.term.clone())))?;
    let response = KwicResponse::from_lines(total, lines);
    if args.json {
        super::print_json(&response)?;
        return Ok(ExitStatus::Success);
    }
    let lines = response.lines;
    let mut out = std::io::stdout().lock();
    for line in &lines {
        if args.tsv {
            let clean = |s: &str| s.replace('\t', " ");
            let date = line.date.as_deref().unwrap_or("");
            writeln!(
                out,
                "{}\t{date}\t{}\t{}\t{}",
                clean(&line.id),
                clean(&line.left),
                clean(&line.matched),
                clean(&line.right)
            )?;
        } else {
            let matched = if ui.colour_stdout() {
                format!("\u{1b}[1;33m{}\u{1b}[0m", line.matched)
            } else {
                line.matched.clone()
            };
            let left: String = format!("{:>width$}", line.left, width = width);
            writeln!(
                out,
                "{left} {matched} {}  [{} {}]",
                line.right,
                line.id,
                line.date.as_deref().unwrap_or("-")
            )?;
        }
    }
    ui.info(&format!("kilde: {total} occurrences, showing {}", lines.len()));
    Ok(ExitStatus::Success)
}
