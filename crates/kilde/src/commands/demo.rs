//! `kilde demo`: ingests the bundled demo archive into a fresh index, shows with real
//! commands on real (fictional) Danish articles what kilde can do, then serves the
//! web UI and the API on it and prints the URL (it opens nothing by itself).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use kilde_ingest::ReadSettings;
use kilde_query::{Archive, KwicSort, SearchRequest, SortOrder};

use crate::exit::ExitStatus;
use crate::output::Ui;
use crate::pipeline::{IngestPlan, ingest};

/// Ingest the bundled demo archive into a fresh index and show what kilde does.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The demo archive folder [default: ./demo, or the one beside the sources]
    #[arg(long, value_name = "DIR")]
    demo_dir: Option<PathBuf>,
    /// Print what the demo found as JSON on stdout instead of the tour (and do not serve)
    #[arg(long)]
    json: bool,
    /// Stop after the tour instead of serving the web UI
    #[arg(long)]
    no_serve: bool,
    /// Where to serve the web UI and the API
    #[arg(long, default_value = "127.0.0.1:7700")]
    addr: std::net::SocketAddr,
}

/// `kilde demo --json`: the ingest summary and what each showcase query found.
#[derive(Debug, serde::Serialize)]
struct DemoReport {
    index: String,
    ingest: kilde_serve::wire::IngestSummary,
    searches: Vec<DemoSearch>,
}

#[derive(Debug, serde::Serialize)]
struct DemoSearch {
    query: &'static str,
    total: usize,
    ids: Vec<String>,
}

/// Sub-folders of `demo/` that hold articles (`bad/` holds broken records on purpose).
const ARTICLE_FOLDERS: [&str; 4] = ["tekst", "jsonl", "komprimeret", "latin1"];

/// Searches that show the Danish analysis at work.
const SHOWCASE: [(&str, &str); 6] = [
    ("rapport", "a compound part finds the compounds (overvågningsrapporter, …)"),
    ("\"russiske hackere\"", "a phrase, as written"),
    ("Koebenhavn", "an ASCII spelling finds København"),
    ("skat AND date:2019-01..2019-12", "boolean with a date range"),
    ("vindmølle* OR Vestas", "prefix and OR"),
    ("source:Ritzau klima", "one source"),
];

/// Runs the demo.
pub fn run(args: Args, index: Option<&Path>, ui: &Ui) -> Result<ExitStatus> {
    let demo_dir = find_demo_dir(args.demo_dir)?;
    let index_dir = index.map_or_else(|| PathBuf::from("kilde-demo-index"), Path::to_path_buf);
    reset_index(&index_dir)?;
    let paths: Vec<PathBuf> = ARTICLE_FOLDERS.iter().map(|f| demo_dir.join(f)).collect();
    let settings = ReadSettings::default();
    let plan = IngestPlan {
        paths: &paths,
        index_dir: &index_dir,
        settings: &settings,
        report: None,
        jobs: 2,
        memory_mb: 64,
        extract: true,
    };
    let summary = ingest(&plan, ui)?;
    let archive = Archive::open(&index_dir)?;
    if args.json {
        let mut searches = Vec::new();
        for (query, _) in SHOWCASE {
            let request = SearchRequest {
                query: query.into(),
                limit: 100,
                expand: true,
                ..Default::default()
            };
            let results = archive.search(&request)?;
            searches.push(DemoSearch {
                query,
                total: results.total,
                ids: results.hits.into_iter().map(|h| h.id).collect(),
            });
        }
        let report =
            DemoReport { index: index_dir.display().to_string(), ingest: summary, searches };
        super::print_json(&report)?;
        return Ok(ExitStatus::Success);
    }
    println!(
        "Ingested {} articles from {} ({} decoded from Latin-1) into {} in {:.2} s.\n",
        summary.added,
        demo_dir.display(),
        summary.latin1_records,
        index_dir.display(),
        summary.seconds
    );
    show_searches(&archive, ui)?;
    show_kwic(&archive)?;
    show_bad_records(&demo_dir, ui)?;
    show_findings(&archive)?;
    println!(
        "Try it yourself:\n  cargo run --release -- --index {} search 'klima*' --sort -date",
        index_dir.display()
    );
    if args.no_serve {
        return Ok(ExitStatus::Success);
    }
    println!("\nThe web UI and the JSON API (Ctrl-C stops):");
    drop(archive);
    super::serve::serve_index(&index_dir, args.addr, false, ui)
}

fn show_searches(archive: &Archive, ui: &Ui) -> Result<()> {
    for (query, what) in SHOWCASE {
        let request = SearchRequest {
            query: query.into(),
            limit: 2,
            sort: SortOrder::Score,
            ..Default::default()
        };
        let results = archive.search(&request)?;
        println!("$ kilde search '{query}'    # {what}: {} hits", results.total);
        for hit in results.hits {
            println!(
                "  {} ({})\n    {}",
                hit.id,
                hit.date.unwrap_or_default(),
                hit.snippet.to_terminal(ui.colour_stdout())
            );
        }
        println!();
    }
    Ok(())
}

/// Who is named most, and what one of them said.
fn show_findings(archive: &Archive) -> Result<()> {
    let top = archive.entities(None, None, 6)?;
    let names: Vec<String> =
        top.entities.iter().map(|e| format!("{} ({}, {})", e.name, e.label, e.articles)).collect();
    println!(
        "$ kilde entities --limit 6    # names merged within each article: {}",
        names.join(", ")
    );
    let request = kilde_query::QuotesRequest { limit: 2, ..Default::default() };
    let quotes = archive.quotes(&request)?;
    println!(
        "$ kilde quotes --limit 2    # who said what, to whom: {} quotes in all",
        quotes.total
    );
    for q in quotes.quotes {
        let speaker = q.quote.speaker.as_deref().unwrap_or("?");
        let channel = q.quote.channel.as_deref().map(|c| format!(" to {c}")).unwrap_or_default();
        println!("  {speaker}{channel}: «{}»", q.quote.content);
    }
    println!();
    Ok(())
}

fn show_kwic(archive: &Archive) -> Result<()> {
    let (total, lines) = archive.kwic("valg", 35, 6, KwicSort::Left)?;
    println!("$ kilde kwic valg    # every form and compound of `valg`: {total} occurrences");
    for line in lines {
        println!("  {:>35} {} {}", line.left, line.matched, line.right);
    }
    println!();
    Ok(())
}

/// Ingests `demo/bad` into a throw-away index to show how bad records are reported.
fn show_bad_records(demo_dir: &Path, ui: &Ui) -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let paths = [demo_dir.join("bad")];
    let settings = ReadSettings::default();
    let plan = IngestPlan {
        paths: &paths,
        index_dir: scratch.path(),
        settings: &settings,
        report: None,
        jobs: 1,
        memory_mb: 32,
        extract: false,
    };
    println!(
        "$ kilde ingest demo/bad    # broken records are reported and skipped, the rest is kept:"
    );
    let summary = ingest(&plan, ui)?;
    println!("  {} added, {} rejected\n", summary.added, summary.rejected);
    Ok(())
}

fn find_demo_dir(given: Option<PathBuf>) -> Result<PathBuf> {
    let beside_sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let candidates = given.into_iter().chain([PathBuf::from("demo"), beside_sources]);
    for candidate in candidates {
        if candidate.join("tekst").is_dir() {
            return Ok(candidate);
        }
    }
    bail!("cannot find the demo archive; run from the kilde repository or pass --demo-dir")
}

/// Empties `dir` for a fresh demo index, refusing folders that are not kilde indexes.
fn reset_index(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let is_index = dir.join(kilde_index::META_FILE).exists();
    let is_empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    if !is_index && !is_empty {
        bail!("{} exists and is not a kilde index; pass another --index", dir.display());
    }
    std::fs::remove_dir_all(dir)
        .with_context(|| format!("removing the old demo index {}", dir.display()))
}
