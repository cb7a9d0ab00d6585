//! `kilde analyze [FILE...|-]`: the extraction stage as a streaming filter.
//!
//! Reads articles in any format ingest reads, writes one JSON object per article to
//! stdout in input order: text, entities, quotes and dates with char offsets. Memory
//! stays flat: records are read one batch at a time, extracted in parallel, written
//! in order and dropped, so it can run as a step in a pipeline (or a Spark job's pipe).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use kilde_ingest::{Record, RecordError};
use rayon::prelude::*;

use super::ingest::InputArgs;
use crate::exit::ExitStatus;
use crate::output::Ui;
use kilde_serve::wire::AnalyzedArticle;

/// Records extracted together, in parallel; also the most held in memory.
const BATCH: usize = 128;

/// Find entities, quotes and dates in articles; one JSON object per article on stdout.
///
/// Reads the same formats as ingest; with no FILE, or `-`, reads standard input.
/// Bad records are reported on stderr as `FILE:LINE: reason` and skipped (exit 3).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kilde analyze artikel.txt
  zcat eksport.jsonl.gz | kilde analyze --format jsonl > fund.jsonl
  kilde analyze artikler/ --date 2019-07 | jq '.quotes[] | [.speaker, .content]'")]
pub struct Args {
    /// Files or folders to read; `-` or nothing reads standard input
    #[arg(value_name = "FILE")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

/// Runs the analysis and streams the records.
pub fn run(args: Args, _index: &Path, ui: &Ui) -> Result<ExitStatus> {
    let settings = args.input.settings()?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut rejected = 0usize;
    let reads_stdin = args.paths.is_empty() || args.paths.iter().any(|p| p.as_os_str() == "-");
    let files: Vec<PathBuf> = args.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    if reads_stdin {
        let records = kilde_ingest::read_stream(std::io::stdin(), "stdin", &settings);
        rejected += stream(records, &mut out, ui)?;
    }
    if !files.is_empty() {
        for file in kilde_ingest::discover(&files).context("finding the input files")? {
            rejected += stream(kilde_ingest::read_file(&file, &settings), &mut out, ui)?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(if rejected > 0 { ExitStatus::Partial } else { ExitStatus::Success })
}

/// Extracts and prints every record of one input; returns how many were rejected.
fn stream(
    mut records: impl Iterator<Item = Result<Record, RecordError>>,
    out: &mut impl Write,
    ui: &Ui,
) -> Result<usize> {
    let mut rejected = 0;
    loop {
        let batch: Vec<Result<Record, RecordError>> = records.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            return Ok(rejected);
        }
        let analysed: Vec<Result<AnalyzedArticle, RecordError>> =
            batch.into_par_iter().map(|record| record.map(analyse)).collect();
        for item in analysed {
            match item {
                Ok(article) => {
                    serde_json::to_writer(&mut *out, &article).context("writing to stdout")?;
                    out.write_all(b"\n").context("writing to stdout")?;
                }
                Err(error) => {
                    rejected += 1;
                    ui.note(&error.to_string());
                }
            }
        }
    }
}

fn analyse(record: Record) -> AnalyzedArticle {
    let article = record.article;
    let findings = kilde_extract::extract(&article.text, article.date);
    AnalyzedArticle {
        id: article.id.0,
        date: article.date.map(|d| d.to_string()),
        text: article.text,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_input_order_and_char_offsets() {
        let settings = kilde_ingest::ReadSettings::default();
        let mut lines = String::new();
        for i in 0..(BATCH + 5) {
            lines.push_str(&format!(
                "{{\"id\": \"a{i}\", \"date\": \"2019-07\", \"text\": \"Ærø Kommune mødtes i april i år.\"}}\n"
            ));
        }
        let records = kilde_ingest::read_stream(lines.as_bytes(), "test.jsonl", &settings);
        let mut out = Vec::new();
        let ui = Ui::new(true, true, crate::output::ColorChoice::Never);
        assert_eq!(stream(records, &mut out, &ui).ok(), Some(0));
        let text = String::from_utf8(out).unwrap_or_default();
        let values: Vec<serde_json::Value> =
            text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        assert_eq!(values.len(), BATCH + 5);
        for (i, value) in values.iter().enumerate() {
            assert_eq!(value["id"], format!("a{i}"));
        }
        let first = &values[0];
        let timex = &first["timex"][0];
        assert_eq!(timex["value"], "2019-04");
        let chars: Vec<char> = first["text"].as_str().unwrap_or_default().chars().collect();
        let (start, end) = (timex["start"].as_u64(), timex["end"].as_u64());
        let span: String = chars
            .get(start.unwrap_or(0) as usize..end.unwrap_or(0) as usize)
            .unwrap_or_default()
            .iter()
            .collect();
        assert_eq!(span, "i april i år");
    }
}
