//! One file per subcommand; each `run` returns `anyhow::Result<ExitStatus>`.

pub mod analyze;
pub mod bench;
pub mod demo;
pub mod dupes;
pub mod entities;
pub mod eval;
pub mod ingest;
pub mod kwic;
pub mod network;
pub mod quotes;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod timeline;
pub mod train;

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

/// Writes `value` as one JSON document on stdout.
pub fn print_json(value: &impl Serialize) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value)?;
    writeln!(stdout)?;
    Ok(())
}
