//! `kilde bench-queries` (hidden): times queries the way `../shared/peers` times the
//! peer engines — one process, one thread, warm-up passes, then timed passes over
//! `kind<TAB>query` lines, top 10, no stored fields read — and prints the same JSON keys.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use kilde_query::Archive;
use serde::Serialize;

use crate::exit::ExitStatus;

/// Time queries against an index (for bench/).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// File of `kind<TAB>query` lines (`#` starts a comment)
    queries: PathBuf,
    /// Untimed passes first
    #[arg(long, default_value_t = 3)]
    warmup: usize,
    /// Timed passes
    #[arg(long, default_value_t = 5)]
    passes: usize,
}

#[derive(Debug, Serialize)]
struct Timings {
    peer: &'static str,
    queries: usize,
    errors: usize,
    error_examples: BTreeMap<String, String>,
    warmup_passes: usize,
    timed_passes: usize,
    open_s: f64,
    p50_ms: f64,
    p95_ms: f64,
    mean_ms: f64,
    p50_ms_by_kind: BTreeMap<String, f64>,
    queries_with_hits: usize,
}

/// Runs the passes and prints the timings as JSON on stdout.
pub fn run(args: Args, index: &Path) -> Result<ExitStatus> {
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("reading {}", args.queries.display()))?;
    let queries: Vec<(String, String)> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(k, q)| (k.to_string(), q.to_string())))
        .collect();
    let opened = Instant::now();
    let archive = Archive::open(index)?;
    let open_s = opened.elapsed().as_secs_f64();
    let mut errors = BTreeMap::new();
    let mut hits = BTreeMap::new();
    for _ in 0..args.warmup {
        for (_, query) in &queries {
            match archive.search_top_only(query, 10) {
                Ok(count) => drop(hits.insert(query.clone(), count)),
                Err(error) => drop(errors.insert(query.clone(), error.to_string())),
            }
        }
    }
    let mut all = Vec::new();
    let mut by_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..args.passes {
        for (kind, query) in queries.iter().filter(|(_, q)| !errors.contains_key(q)) {
            let started = Instant::now();
            let _ = archive.search_top_only(query, 10);
            let ms = started.elapsed().as_secs_f64() * 1e3;
            all.push(ms);
            by_kind.entry(kind.clone()).or_default().push(ms);
        }
    }
    let timings = Timings {
        peer: "kilde",
        queries: queries.len(),
        errors: errors.len(),
        error_examples: errors.iter().take(3).map(|(k, v)| (k.clone(), v.clone())).collect(),
        warmup_passes: args.warmup,
        timed_passes: args.passes,
        open_s,
        p50_ms: percentile(&mut all.clone(), 50.0),
        p95_ms: percentile(&mut all.clone(), 95.0),
        mean_ms: all.iter().sum::<f64>() / all.len().max(1) as f64,
        p50_ms_by_kind: by_kind
            .into_iter()
            .map(|(k, mut v)| (k, percentile(&mut v, 50.0)))
            .collect(),
        queries_with_hits: hits.values().filter(|n| **n > 0).count(),
    };
    println!("{}", serde_json::to_string(&timings)?);
    Ok(ExitStatus::Success)
}

/// The nearest-rank percentile, as `peers_lib.pct` computes it.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = (p / 100.0 * (values.len() - 1) as f64).round() as usize;
    values[rank.min(values.len() - 1)]
}
