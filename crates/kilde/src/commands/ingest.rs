//! `kilde ingest PATH...`: add articles to the index.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use kilde_ingest::{FieldNames, Format, ReadSettings};
use kilde_model::ArticleDate;

use crate::exit::ExitStatus;
use crate::output::Ui;
use crate::pipeline::{IngestPlan, ingest};
use kilde_serve::wire::IngestSummary;

/// Add articles from files, folders, JSON Lines and .gz/.zst/.tar archives.
///
/// Bad records are reported as `FILE:LINE: reason` on stderr (and in --report) and
/// skipped; everything else is indexed. Re-ingesting the same files adds nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde ingest artikler/
  kilde ingest eksport.jsonl.gz --field text=body --field date=published
  kilde ingest gamle-filer/ --date 1998-05 --source 'Fyens Stiftstidende' --report afvist.jsonl")]
pub struct Args {
    /// Files or folders to read (folders recursively)
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Write rejected records as JSON Lines to FILE
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Threads for reading, extracting and indexing (with extraction, half as many index)
    /// [default: number of cores]
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Indexing memory in MB: more makes fewer, larger segments (faster), less keeps
    /// peak memory down
    #[arg(long, value_name = "MB", default_value_t = crate::pipeline::DEFAULT_MEMORY_MB)]
    memory_mb: usize,
    /// Skip finding entities, quotes and dates (faster; `person:`, `speaker:`,
    /// `mentions:`, `kilde entities` and `kilde quotes` then know nothing of these articles)
    #[arg(long)]
    no_extract: bool,
    /// Print the summary as JSON on stdout
    #[arg(long)]
    json: bool,
}

/// How to read input records: shared by `ingest` and `analyze`.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Input format; auto decides by file name and content
    #[arg(long, default_value = "auto", value_parser = parse_format)]
    format: Format,
    /// Date for articles that have none (YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM[-DD]", value_parser = parse_date)]
    date: Option<ArticleDate>,
    /// Source (outlet) for articles that name none
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Read a JSON field from another key, e.g. text=body (repeatable)
    #[arg(long = "field", value_name = "FIELD=KEY")]
    fields: Vec<String>,
}

impl InputArgs {
    /// The reading settings these flags ask for.
    pub fn settings(&self) -> Result<ReadSettings> {
        let mut fields = FieldNames::default();
        for spec in &self.fields {
            fields.remap(spec).with_context(|| format!("--field {spec}"))?;
        }
        Ok(ReadSettings {
            format: self.format,
            default_date: self.date,
            default_source: self.source.clone(),
            fields,
            ..ReadSettings::default()
        })
    }
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse().map_err(|_| format!("`{text}` is not a format; use auto, text or jsonl"))
}

fn parse_date(text: &str) -> Result<ArticleDate, String> {
    text.parse().map_err(|e: kilde_model::DateError| e.to_string())
}

/// Runs the ingest and prints the summary.
pub fn run(args: Args, index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let settings = args.input.settings()?;
    let jobs =
        args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let plan = IngestPlan {
        paths: &args.paths,
        index_dir: index,
        settings: &settings,
        report: args.report.as_deref(),
        jobs,
        memory_mb: args.memory_mb,
        extract: !args.no_extract,
    };
    let summary = ingest(&plan, ui)?;
    print_summary(&summary, index, ui);
    if args.json {
        super::print_json(&summary)?;
    }
    Ok(if summary.rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success })
}

fn print_summary(summary: &IngestSummary, index: &Path, ui: &Ui) {
    let mut line = format!(
        "kilde: indexed {} new, {} replaced, {} unchanged (skipped), {} rejected from {} files into {} in {:.1} s ({:.1} MB/s)",
        summary.added,
        summary.replaced,
        summary.unchanged,
        summary.rejected,
        summary.files,
        index.display(),
        summary.seconds,
        summary.mb_per_second
    );
    if summary.near_duplicate_groups > 0 {
        line.push_str(&format!(
            "; {} groups of near-duplicate articles (kilde dupes)",
            summary.near_duplicate_groups
        ));
    }
    if summary.latin1_records > 0 {
        line.push_str(&format!(
            "; {} records decoded from Windows-1252/Latin-1",
            summary.latin1_records
        ));
    }
    ui.info(&line);
}
