//! The `kilde` binary: clap commands over the stage crates, exit codes, progress and
//! logging. Only this crate knows about terminals, the environment and `anyhow`.

mod commands;
mod exit;
mod output;
mod pipeline;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: ingest allocates many small, short-lived
/// buffers on several threads at once (tokens, quote candidates, postings), where glibc's
/// malloc spent ~10 % of the extraction CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// kilde — search and question a pile of Danish news articles.
///
/// Exit codes: 0 success (also a search without hits), 1 fatal error (index not
/// readable or writable; nothing committed half-way), 2 usage error or bad query,
/// 3 ingest finished but rejected some records.
#[derive(Debug, Parser)]
#[command(name = "kilde", version, after_help = EXAMPLES)]
struct Cli {
    /// Index folder [default: ./kilde-index]
    #[arg(long, global = true, env = "KILDE_INDEX", value_name = "DIR")]
    index: Option<PathBuf>,
    /// Print only data and errors
    #[arg(short, long, global = true)]
    quiet: bool,
    /// More log output (-v info, -vv debug); RUST_LOG overrides
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Never draw progress bars
    #[arg(long, global = true)]
    no_progress: bool,
    /// When to colour output: auto, always, never (NO_COLOR is respected)
    #[arg(long, global = true, default_value = "auto", value_name = "WHEN")]
    color: output::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  kilde demo                                  ingest the bundled demo archive and show it
  kilde ingest artikler/ eksport.jsonl.gz     add a folder and a JSON Lines export
  kilde search 'rapport AND date:2019'        ranked hits with snippets
  kilde kwic overvågning --width 40           keyword in context
  kilde show fyens/2019-07-havn.txt           one stored article
  kilde entities klima --label PER            who appears in articles on a topic
  kilde quotes --speaker Assange              what someone said, to whom
  kilde dupes --min-size 3                    reprints of one story, grouped
  kilde analyze artikel.txt                   entities, quotes, dates as JSON Lines";

#[derive(Debug, Subcommand)]
enum Command {
    /// Add articles from files, folders, JSON Lines, .gz/.zst/.tar archives
    Ingest(commands::ingest::Args),
    /// Search the archive: Danish words, "phrases", AND/OR/NOT, date ranges
    Search(commands::search::Args),
    /// Every occurrence of a word in context, aligned
    Kwic(commands::kwic::Args),
    /// Print one stored article
    Show(commands::show::Args),
    /// Articles, date span, sources and index size
    Stats(commands::stats::Args),
    /// Top people, organisations and places of the articles a query matches
    Entities(commands::entities::Args),
    /// Who said what, to whom: quotes by speaker and channel
    Quotes(commands::quotes::Args),
    /// Articles per month matching each query, side by side
    Timeline(commands::timeline::Args),
    /// Who appears with whom: entity co-occurrence as JSON, GEXF or GraphML
    Network(commands::network::Args),
    /// Groups of near-duplicate articles (reprints of one story), found at ingest
    Dupes(commands::dupes::Args),
    /// Find entities, quotes and dates in articles; JSON Lines on stdout (no index)
    Analyze(commands::analyze::Args),
    /// Measure kilde's quality on a gold list
    Eval(commands::eval::Args),
    /// Rebuild a shipped model from the shared data (`kilde train ner`)
    Train(commands::train::Args),
    /// Serve the web UI and the JSON API
    Serve(commands::serve::Args),
    /// Ingest the bundled demo archive into a fresh index and show what kilde does
    Demo(commands::demo::Args),
    /// Time queries the way the peer engines are timed (used by bench/)
    #[command(hide = true)]
    BenchQueries(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    output::init_logging(cli.verbose, cli.quiet);
    let ui = output::Ui::new(cli.quiet, cli.no_progress || cli.verbose > 0, cli.color);
    let index = cli.index.clone().unwrap_or_else(|| PathBuf::from("kilde-index"));
    let result = match cli.command {
        Command::Ingest(args) => commands::ingest::run(args, &index, &ui),
        Command::Search(args) => commands::search::run(args, &index, &ui),
        Command::Kwic(args) => commands::kwic::run(args, &index, &ui),
        Command::Show(args) => commands::show::run(args, &index, &ui),
        Command::Stats(args) => commands::stats::run(args, &index, &ui),
        Command::Entities(args) => commands::entities::run(args, &index, &ui),
        Command::Quotes(args) => commands::quotes::run(args, &index, &ui),
        Command::Timeline(args) => commands::timeline::run(args, &index, &ui),
        Command::Network(args) => commands::network::run(args, &index, &ui),
        Command::Dupes(args) => commands::dupes::run(args, &index, &ui),
        Command::Analyze(args) => commands::analyze::run(args, &index, &ui),
        Command::Eval(args) => commands::eval::run(args, &ui),
        Command::Train(args) => commands::train::run(args, &ui),
        Command::Serve(args) => commands::serve::run(args, &index, &ui),
        Command::Demo(args) => commands::demo::run(args, cli.index.as_deref(), &ui),
        Command::BenchQueries(args) => commands::bench::run(args, &index),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => exit::report_error(&error, &ui).into(),
    }
}
