//! The ingest pipeline, the one place that calls the stages in order:
//! discover files → read records (in parallel, per file) → extract entities, quotes and
//! dates and sign them for near-duplicates (in parallel, per batch of records) → write the
//! index in batches → group near-duplicates over the whole archive.
//!
//! Reading and extraction run on a rayon pool and hand records over a bounded channel
//! to the one writer, whose own threads (half as many while extracting, see
//! [`indexing_threads`]) do the Danish analysis; the channel's bound
//! keeps memory flat however large the pile. Records of one file are extracted in
//! batches of [`EXTRACT_BATCH`] so a single large JSON Lines file still uses every core. Commits happen every [`COMMIT_EVERY_BYTES`] of input, so
//! a killed ingest loses at most that much work and a rerun completes it (unchanged
//! articles are skipped by their content hash).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use kilde_extract::Signature;
use kilde_index::{AddOutcome, ArchiveIndex, Derived};
use kilde_ingest::{InputFile, ReadSettings, Record, RecordError, TextEncoding};
use kilde_model::Findings;
use rayon::prelude::*;

use crate::output::Ui;
use kilde_serve::wire::{IngestSummary, RejectedRecord};

/// Input bytes between two commits: every commit ends the segments being built, so
/// committing often makes many small segments that cost time to write and merge.
pub const COMMIT_EVERY_BYTES: u64 = 1024 * 1024 * 1024;
/// Default indexing memory in MB, shared by the writer's threads; with it peak memory
/// stays under 1 GB at every corpus size (see docs/benchmarks.md).
pub const DEFAULT_MEMORY_MB: usize = 256;
/// Records in flight between readers and the writer.
const CHANNEL_RECORDS: usize = 1024;
/// Records of one file extracted and signed together, in parallel (also with
/// `--no-extract`: signing alone costs enough to need more than the reading thread).
pub const EXTRACT_BATCH: usize = 64;

/// A record read and, unless extraction is off, analysed.
struct Extracted {
    record: Record,
    findings: Option<Findings>,
    /// MinHash signature of the body: computed even with `--no-extract`, because
    /// near-duplicate grouping is cheap and part of every ingest.
    signature: Option<Signature>,
}

/// What one ingest run is told to do.
pub struct IngestPlan<'a> {
    /// Files and folders to read.
    pub paths: &'a [PathBuf],
    /// The index folder.
    pub index_dir: &'a Path,
    /// How to read records.
    pub settings: &'a ReadSettings,
    /// Where to write rejected records as JSON Lines.
    pub report: Option<&'a Path>,
    /// Threads for reading and extracting, and for indexing (half of them when extracting).
    pub jobs: usize,
    /// Indexing memory in MB, shared by the indexing threads.
    pub memory_mb: usize,
    /// Whether to find entities, quotes and dates and store them.
    pub extract: bool,
}

/// Runs the ingest; `Err` only for fatal problems (nothing committed half-way).
pub fn ingest(plan: &IngestPlan<'_>, ui: &Ui) -> Result<IngestSummary> {
    let started = Instant::now();
    let files = kilde_ingest::discover(plan.paths).context("finding the input files")?;
    let total_bytes: u64 = files.iter().map(|f| f.size_bytes).sum();
    let file_count = files.len() as u64;
    let index = ArchiveIndex::create_or_open(plan.index_dir, Default::default())
        .with_context(|| format!("opening index {}", plan.index_dir.display()))?;
    let mut writer = index
        .writer(plan.memory_mb.max(16) * 1024 * 1024, indexing_threads(plan.jobs, plan.extract))
        .context("starting the index writer")?;
    let mut report = open_report(plan.report)?;
    let (sender, receiver) = sync_channel::<Result<Extracted, RecordError>>(CHANNEL_RECORDS);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(plan.jobs.max(1)).build()?;
    let settings = plan.settings.clone();
    let extract = plan.extract;
    let reader = std::thread::spawn(move || {
        pool.install(|| {
            files.par_iter().for_each_with(sender, |sender, file: &InputFile| {
                read_and_extract(file, &settings, extract, sender);
            })
        });
    });
    let mut summary = IngestSummary::default();
    let progress = Progress::new(ui, total_bytes);
    let outcome = write_records(receiver, &mut writer, &mut summary, &mut report, &progress, ui);
    let _ = reader.join();
    outcome?;
    writer.finish().context("committing the index")?;
    progress.finish();
    let grouping = kilde_index::regroup(&index).context("grouping near-duplicate articles")?;
    summary.near_duplicate_groups = grouping.groups;
    summary.grouping_seconds = grouping.millis as f64 / 1000.0;
    if let Some(report) = report.as_mut() {
        report.flush().context("writing the report")?;
    }
    summary.files = file_count;
    summary.seconds = started.elapsed().as_secs_f64();
    summary.mb_per_second = summary.bytes as f64 / 1e6 / summary.seconds.max(1e-9);
    Ok(summary)
}

/// Threads of the index writer: all of `jobs` without extraction, where indexing is
/// most of the work; with extraction half of them (at least one), because extraction
/// then takes ~60 % of the CPU, and fewer indexing threads write fewer, larger segments
/// and compete less with it for the processor's caches. Measured with two cores (one
/// indexing thread against two): 100 MB 10.2 s against 10.4–10.7 s, 1 GB 97.3 s
/// against 99.6 s, 5 % less CPU, peak memory 567 MiB against 543 MiB.
fn indexing_threads(jobs: usize, extract: bool) -> usize {
    if extract { (jobs / 2).max(1) } else { jobs.max(1) }
}

/// Reads one file, extracts its records in parallel batches and sends them in order;
/// stops early when the writer has gone.
fn read_and_extract(
    file: &InputFile,
    settings: &ReadSettings,
    extract: bool,
    sender: &SyncSender<Result<Extracted, RecordError>>,
) {
    let mut records = kilde_ingest::read_file(file, settings);
    loop {
        let batch: Vec<Result<Record, RecordError>> =
            records.by_ref().take(EXTRACT_BATCH).collect();
        if batch.is_empty() {
            return;
        }
        let extracted: Vec<Result<Extracted, RecordError>> = batch
            .into_par_iter()
            .map(|record| {
                record.map(|record| {
                    let findings = extract
                        .then(|| kilde_extract::extract(&record.article.text, record.article.date));
                    let signature = kilde_extract::signature(&record.article.text);
                    Extracted { record, findings, signature }
                })
            })
            .collect();
        for item in extracted {
            if sender.send(item).is_err() {
                return;
            }
        }
    }
}

fn write_records(
    receiver: Receiver<Result<Extracted, RecordError>>,
    writer: &mut kilde_index::ArchiveWriter,
    summary: &mut IngestSummary,
    report: &mut Option<BufWriter<File>>,
    progress: &Progress,
    ui: &Ui,
) -> Result<()> {
    let mut bytes_since_commit = 0;
    for record in receiver {
        match record {
            Ok(Extracted { record, findings, signature }) => {
                let derived =
                    Derived { findings: findings.as_ref(), signature: signature.as_ref() };
                let outcome = writer
                    .add_derived(&record.article, &derived)
                    .context("adding an article to the index")?;
                match outcome {
                    AddOutcome::Added => summary.added += 1,
                    AddOutcome::Replaced => summary.replaced += 1,
                    AddOutcome::Unchanged => summary.unchanged += 1,
                }
                if record.encoding == TextEncoding::Windows1252 {
                    summary.latin1_records += 1;
                }
                summary.bytes += record.bytes;
                bytes_since_commit += record.bytes;
                progress.advance(record.bytes, summary);
            }
            Err(error) => {
                summary.rejected += 1;
                progress.println(ui, &error.to_string());
                write_rejection(report, &error)?;
            }
        }
        if bytes_since_commit >= COMMIT_EVERY_BYTES {
            writer.commit().context("committing a batch")?;
            bytes_since_commit = 0;
        }
    }
    Ok(())
}

fn open_report(path: Option<&Path>) -> Result<Option<BufWriter<File>>> {
    path.map(|p| {
        File::create(p)
            .map(BufWriter::new)
            .with_context(|| format!("creating report {}", p.display()))
    })
    .transpose()
}

fn write_rejection(report: &mut Option<BufWriter<File>>, error: &RecordError) -> Result<()> {
    let Some(report) = report.as_mut() else { return Ok(()) };
    let location = error.location();
    let line = RejectedRecord {
        path: location.path.display().to_string(),
        line: location.line,
        reason: error.reason(),
    };
    serde_json::to_writer(&mut *report, &line)?;
    report.write_all(b"\n").context("writing the report")?;
    Ok(())
}

/// A progress bar on a terminal; a plain line every few seconds otherwise.
struct Progress {
    bar: indicatif::ProgressBar,
    is_plain: bool,
    is_quiet: bool,
    last_line: std::cell::Cell<Instant>,
}

/// Seconds between plain progress lines when stderr is not a terminal.
const PLAIN_PROGRESS_EVERY: Duration = Duration::from_secs(10);

impl Progress {
    fn new(ui: &Ui, total_bytes: u64) -> Progress {
        Progress {
            bar: ui.progress_bar(total_bytes),
            is_plain: !ui.has_progress(),
            is_quiet: ui.is_quiet(),
            last_line: std::cell::Cell::new(Instant::now()),
        }
    }

    fn advance(&self, bytes: u64, summary: &IngestSummary) {
        self.bar.inc(bytes);
        let articles = summary.added + summary.replaced + summary.unchanged;
        if articles.is_multiple_of(256) {
            self.bar.set_message(format!("{articles} articles"));
        }
        if self.is_plain && !self.is_quiet && self.last_line.get().elapsed() >= PLAIN_PROGRESS_EVERY
        {
            self.last_line.set(Instant::now());
            eprintln!("kilde: {articles} articles, {:.1} MB read", summary.bytes as f64 / 1e6);
        }
    }

    /// Prints a line without tearing the bar.
    fn println(&self, ui: &Ui, line: &str) {
        if self.is_plain {
            ui.note(line);
        } else {
            self.bar.suspend(|| ui.note(line));
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::indexing_threads;

    #[test]
    fn extraction_leaves_half_the_threads_to_indexing() {
        let with_extraction: Vec<usize> = [1, 2, 3, 8].map(|j| indexing_threads(j, true)).into();
        assert_eq!(with_extraction, [1, 1, 1, 4]);
        let without: Vec<usize> = [0, 1, 2, 8].map(|j| indexing_threads(j, false)).into();
        assert_eq!(without, [1, 1, 2, 8]);
    }
}
